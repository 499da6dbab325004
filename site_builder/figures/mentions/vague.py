"""Rule: vague quantities: "billions of dollars", "tens of thousands", "hundreds", "dozens". They back no exact
number, only the same words."""

from __future__ import annotations

import re

from ..model import Kind, Mention
from ..units import canonical_unit
from .scan import Scan, words
from .state import CURRENCY_PREFIX, WS, State

# "billions" runs from two of the unit to the next named scale up.
_SCALES: dict[str, tuple[float, float]] = {
    "dozens": (12.0, 144.0), "hundreds": (1e2, 1e3), "thousands": (1e3, 1e6), "millions": (1e6, 1e9),
    "billions": (1e9, 1e12), "trillions": (1e12, 1e15),
}
_PLURAL = re.compile(
    rf"(?<![\w$£€])(?P<cur>US\$|\$|£|€)?\b(?:(?P<mult>tens|hundreds){WS}of{WS})?"
    rf"(?P<scale>{'|'.join(_SCALES)})\b"
    rf"(?:{WS}of{WS}(?P<unit>US{WS}dollars|dollars|euros|roubles|rubles|pounds))?",
    re.IGNORECASE,
)

# A worded range starts at its currency sign, "tens"/"hundreds" or its scale word (found folded: it ignores case).
# Every one has its scale word ("millions"), which most texts lack.
_SCAN = Scan(_PLURAL, words("us$", "$", "£", "€", "tens", *_SCALES), fold=True, literals=tuple(_SCALES))


def rule(state: State) -> None:
    """Add a VAGUE mention for each worded range."""
    text = state.text
    for match in state.scan(_SCAN):
        scale, top = _SCALES[match["scale"].lower()]
        if match["mult"]:
            step = 10.0 if match["mult"].lower() == "tens" else 100.0
            low, high = 2 * step * scale, 10 * step * scale
        else:
            low, high = 2 * scale, top
        unit = None
        if match["cur"]:
            unit = CURRENCY_PREFIX[match["cur"]]
        elif match["unit"]:
            word = match["unit"].lower()
            # Here, after "millions of", pounds can only be money.
            unit = "GBP" if word == "pounds" else canonical_unit(word)
        end = match.end() if match["unit"] or match["cur"] else match.end("scale")
        if not state.free(match.start(), end):
            continue
        qualifier = " ".join(text[match.start("mult") if match["mult"] else match.start("scale"):
                                  match.end("scale")].lower().split())
        state.add(Mention(text[match.start():end], match.start(), end, low, high, unit, None, None, qualifier,
                          kind=Kind.VAGUE))
