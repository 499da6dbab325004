"""Rule: ordinals written in words: "first", "second", "twenty-first" (in digits, "20th", see digits)."""

from __future__ import annotations

import re

from ..model import Kind, Mention
from .scan import Scan, words
from .state import State

_ORDINALS = ["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth",
             "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth", "seventeenth",
             "eighteenth", "nineteenth"]
_TENS = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
_TENS_ORD = {t[:-1] + "ieth": 20 + 10 * i for i, t in enumerate(_TENS)}
VALUES = {w: i for i, w in enumerate(_ORDINALS, 1)} | _TENS_ORD | {"hundredth": 100, "thousandth": 1000}
_PATTERN = re.compile(
    rf"\b(?:(?P<tens>{'|'.join(_TENS)})-(?P<ones>{'|'.join(_ORDINALS[:9])})|(?P<w>{'|'.join(VALUES)}))\b",
    re.IGNORECASE,
)
_SCAN = Scan(_PATTERN, words(*_TENS, *VALUES), fold=True)
_TENS_VALUE = {t: 20 + 10 * i for i, t in enumerate(_TENS)}


def rule(state: State) -> None:
    """Add an ORDINAL mention for each ordinal word ("third" in "a third" is a fraction, read by words first)."""
    for match in state.scan(_SCAN):
        start, end = match.span()
        if not state.free(start, end):
            continue
        if match["w"]:
            value = VALUES[match["w"].lower()]
        else:
            value = _TENS_VALUE[match["tens"].lower()] + VALUES[match["ones"].lower()]
        state.add(Mention(match.group(), start, end, None, None, None, value=float(value), kind=Kind.ORDINAL))
