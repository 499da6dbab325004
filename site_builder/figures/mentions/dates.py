"""Rule: dates with a year: "Sep 13, 2023", "13 September 2023", "the 12th of April 1961", "August 2023", ISO."""

from __future__ import annotations

import re

from ..dates import MONTH_NAMES, FactDate
from ..model import Kind, Mention
from .scan import RUN_START, Scan, words
from .state import WS, State

MONTHS: dict[str, int] = {name.lower(): i for i, name in enumerate(MONTH_NAMES, 1)}
MONTHS.update({"jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9,
               "oct": 10, "nov": 11, "dec": 12})
# Capitalised only: "may" and "march" are ordinary words too.
MON = "(?P<mon>" + "|".join(sorted((m.capitalize() for m in MONTHS), key=len, reverse=True)) + r")\b\.?"
DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>\d{4})(?![\w])"

PATTERNS: tuple[re.Pattern[str], ...] = (
    re.compile(r"(?<![\w-])(?P<year>\d{4})-(?P<mon>\d{2})-(?P<day>\d{2})(?![\w-])"),
    re.compile(rf"\b{MON}{WS}{DAY},?{WS}{_YEAR}"),
    re.compile(rf"(?<![\w.,]){DAY}{WS}(?:of{WS})?{MON},?{WS}{_YEAR}"),
    re.compile(rf"\b{MON},?{WS}{_YEAR}"),
)

#: Where a capitalised month name is written (the start of every MON).
MONTH_WORD = words(*(m.capitalize() for m in MONTHS))
_SCANS = (
    # (An ISO date has "-" and two digits and "-" again: few texts do.)
    Scan(PATTERNS[0], re.compile(r"\d(?<!\d\d)\d{3}-"), needs=re.compile(r"-\d\d-\d"), digit=True),
    Scan(PATTERNS[1], MONTH_WORD, digit=True),
    Scan(PATTERNS[2], RUN_START, needs=MONTH_WORD, digit=True),
    Scan(PATTERNS[3], MONTH_WORD, digit=True),
)


def month_number(name: str) -> int:
    """Return the month a written month name or number means: "Sept" -> 9, "09" -> 9."""
    return int(name) if name.isdigit() else MONTHS[name.lower().rstrip(".")]


def rule(state: State) -> None:
    """Add a DATE mention for each date written with its year, most precise form first."""
    for scan in _SCANS:
        for match in state.scan(scan):
            start, end = match.span()
            if not state.free(start, end):
                continue
            groups = match.groupdict()
            day = int(groups["day"]) if groups.get("day") else None
            try:
                date = FactDate(int(groups["year"]), month_number(groups["mon"]), day)
            except ValueError:
                continue  # "February 30, 2023" is not a date; its numbers are read as numbers
            state.add(Mention(match.group(), start, end, None, None, None, date, kind=Kind.DATE))
