"""Rule: dates without a year ("Sept. 12", "12 September") and weekdays ("early on Tuesday", "last Friday"),
resolved against the source's publication date."""

from __future__ import annotations

import re

from ..dates import WEEKDAY_NAMES, FactDate, PartialDate
from ..model import Kind, Mention
from .dates import DAY, MON, MONTH_WORD, month_number
from .scan import RUN_START, Scan, words
from .state import WS, State

_WEEKDAY = "(?P<wd>" + "|".join(WEEKDAY_NAMES) + r"|(?:Mon|Tue|Tues|Wed|Thu|Thur|Thurs|Fri|Sat|Sun)\.?)"
_WEEKDAYS = {name.lower()[:3]: i for i, name in enumerate(WEEKDAY_NAMES)}
_REL = r"(?:(?P<rel>last|next|this|on)\s+)?"
PATTERNS: tuple[re.Pattern[str], ...] = (
    # Tuesday, Sept. 12 / Tuesday 12 September
    re.compile(rf"\b{_REL}{_WEEKDAY},?{WS}{MON}{WS}{DAY}\b(?!,?{WS}\d)"),
    re.compile(rf"\b{_REL}{_WEEKDAY},?{WS}{DAY}{WS}(?:of{WS})?{MON}(?!,?{WS}\d)"),
    re.compile(rf"\b{MON}{WS}{DAY}\b(?!,?{WS}\d|[.,]\d|:)"),
    re.compile(rf"(?<![\w.,]){DAY}{WS}(?:of{WS})?{MON}(?!,?{WS}\d)"),
    re.compile(rf"\b{_REL}(?P<wd2>{'|'.join(WEEKDAY_NAMES)})\b"),
)

# A weekday form starts at "last", "next", "this", "on" or the weekday, and needs a weekday (every name and
# abbreviation starts with one of these); the others start at a month name or a day's digits.
_WEEKDAY_WORD = words("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_REL_OR_WEEKDAY = words("last", "next", "this", "on", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_SCANS = (
    Scan(PATTERNS[0], _REL_OR_WEEKDAY, needs=_WEEKDAY_WORD, digit=True),
    Scan(PATTERNS[1], _REL_OR_WEEKDAY, needs=_WEEKDAY_WORD, digit=True),
    Scan(PATTERNS[2], MONTH_WORD, digit=True),
    Scan(PATTERNS[3], RUN_START, needs=MONTH_WORD, digit=True),
    Scan(PATTERNS[4], _REL_OR_WEEKDAY, needs=_WEEKDAY_WORD),
)


def rule(state: State) -> None:
    """Add a DATE mention for each date written without a year, with ``date`` set when ``published`` resolves it."""
    for scan in _SCANS:
        for match in state.scan(scan):
            groups = match.groupdict()
            start, end = match.span()
            rel = (groups.get("rel") or "").lower()
            if rel in ("on", "this"):
                start = match.start("wd" if groups.get("wd") else "wd2")
            if not state.free(start, end):
                continue
            weekday_name = groups.get("wd") or groups.get("wd2")
            weekday = _WEEKDAYS[weekday_name.lower()[:3]] if weekday_name else None
            month = month_number(groups["mon"]) if groups.get("mon") else None
            day = int(groups["day"]) if groups.get("day") else None
            if day is not None and month is not None:
                try:
                    FactDate(2024, month, day)  # a leap year: any real day-of-month passes
                except ValueError:
                    continue
            partial = PartialDate(month, day, weekday, rel if rel in ("last", "next") else None)
            date = partial.resolve(state.published)
            state.add(Mention(state.text[start:end], start, end, None, None, None, date, kind=Kind.DATE,
                              partial=partial))
