"""Rule: digits split by a soft hyphen, a zero-width character, or followed by superscript digits that are
not a power of ten, cannot be read as one figure ("1\u00ad500", "15¹ km"): they are unreadable, not two numbers."""

from __future__ import annotations

import re

from ..model import Kind
from .scan import RUN_START, Scan
from .state import State, token

_INVISIBLE = "\u00ad\u200b\u200c\u200d\u2060\ufeff"
# Possessive and anchored at a number's first digit, so a long run of digits is read once.
_SPLIT = re.compile(rf"(?<![\d.,{_INVISIBLE}])\d++(?:[.,]\d++)*+(?:[{_INVISIBLE}]++\d++(?:[.,]\d++)*+)++")
# "15¹" (a footnote or a typo for 151) is not 151, and not 15 either; "10⁶" is a power (read as a number later).
_SUPERSCRIPT = re.compile(r"(?<![\w.,])(?!10[⁰¹²³⁴⁵⁶⁷⁸⁹])\d++(?:[.,]\d++)*+[⁰¹²³⁴⁵⁶⁷⁸⁹]+")

# Both start a run of digits, and need an invisible character or a superscript digit: most texts have neither.
_SCANS = (Scan(_SPLIT, RUN_START, digit=True, literals=tuple(_INVISIBLE)),
          Scan(_SUPERSCRIPT, RUN_START, needs=re.compile("[⁰¹²³⁴⁵⁶⁷⁸⁹]"), digit=True))


def rule(state: State) -> None:
    """Add an UNCLEAR mention for each number that invisible characters or superscripts split."""
    for scan in _SCANS:
        for match in state.scan(scan):
            start, end = match.span()
            if state.free(start, end):
                state.add(token(state, Kind.UNCLEAR, start, end))
