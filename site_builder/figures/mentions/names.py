"""Rule: numbers that belong to a name ("Luna-25", "Soyuz-2.1b", "Svobodny 18", "Vostok 1", "MiG-29", "A380",
"version 2.5.1") are identifiers: a claim must repeat them as the same token, and they back no figure."""

from __future__ import annotations

import re

from ..model import Kind
from .scan import Scan
from .state import SP, State, token

# A capitalised word right before a number makes it a name, unless the word is one that ordinarily
# introduces figures ("In 2016", "About 40").
_NAMED = re.compile(
    rf"(?<![\w’'.$£€])(?P<w>[A-Z][A-Za-z]*)(?P<sep>-|{SP})(?P<n>\d+(?:[.,]\d+)*[A-Za-z]*(?:-\d+[A-Za-z]*)*)(?![\w²]|[.,]\d)"
)
_NOT_NAMES = frozenset(
    """a about above after again all almost also an and another any approximately around as at be before below
    between both but by circa close costing cost costs down during each either estimated every exactly fewer
    for from had has have he her his i if in is it its just last less more my nearly next nor of on only or our
    over per plus posted published roughly she since so some still than that the their then there these they
    this those through till to top total under until up updated was we were when while with within you your
    us usd gbp eur rub page pages chapter no nos number figure table""".split()
)
# Letters glued before digits: "A380", "G7", "COVID-19", "B-52"; not units ("km2") or money codes.
_GLUED = re.compile(r"(?<![\w$£€.])(?P<w>[A-Za-z]+)-?\d+(?:[.,]\d+)*[A-Za-z\d]*(?:-\d+[A-Za-z\d]*)*(?![\w²])")
_UNIT_LIKE = frozenset({"km", "mi", "sqkm", "sqmi", "us", "usd", "gbp", "eur", "rub", "pp"})
# Dotted numbers with three or more parts: versions and section numbers, never one figure.
_VERSION = re.compile(r"(?<![\w.,])\d+(?:\.\d+){2,}(?![\w.]|\.\d)")

# A version starts a run of digits with two more dotted parts; a name at a capital letter with a number after
# it; a glued name needs a digit right after an ASCII letter (or a letter and a hyphen), which few texts have.
_VERSION_SCAN = Scan(_VERSION, re.compile(r"\d(?<!\d\d)\d*\.\d+\.\d"), needs=re.compile(r"\.\d+\.\d"), digit=True)
# (The look-behind keeps the start pattern from reading a long run of capitals once per letter.)
_NAMED_SCAN = Scan(_NAMED, re.compile(rf"[A-Z](?<![\w’'.$£€].)[A-Za-z]*(?:-|{SP})\d"), digit=True)
_GLUED_SCAN = Scan(_GLUED, needs=re.compile(r"\d(?:(?<=[A-Za-z]\d)|(?<=[A-Za-z]-\d))"), digit=True)


def rule(state: State) -> None:
    """Add an IDENTIFIER mention for each number that is part of a name."""
    for match in state.scan(_VERSION_SCAN):
        if state.free(*match.span()):
            state.add(token(state, Kind.IDENTIFIER, *match.span()))
    for match in state.scan(_NAMED_SCAN):
        word = match["w"]
        if match["sep"] != "-" and word.lower() in _NOT_NAMES:
            continue
        if match["sep"] == "-" and word.lower() in ("us",):
            continue
        start, end = match.span()
        if state.free(start, end):
            state.add(token(state, Kind.IDENTIFIER, start, end))
    for match in state.scan(_GLUED_SCAN):
        if match["w"].lower() in _UNIT_LIKE:
            continue
        start, end = match.span()
        if state.free(start, end):
            state.add(token(state, Kind.IDENTIFIER, start, end))
