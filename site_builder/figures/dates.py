"""Dates: the editor's ``date:`` field, and the dates articles write without a year."""

from __future__ import annotations

import calendar
import datetime
import math
import re
from dataclasses import dataclass

__all__ = ["MONTH_NAMES", "WEEKDAY_NAMES", "FactDate", "PartialDate", "parse_fact_value"]

MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
               "October", "November", "December")
WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


@dataclass(frozen=True)
class FactDate:
    """A date known to the year, the month or the day."""

    year: int
    month: int | None = None
    day: int | None = None

    def __post_init__(self) -> None:
        if not datetime.MINYEAR <= self.year <= datetime.MAXYEAR:
            raise ValueError(f"year {self.year} is out of range")
        if self.month is None:
            if self.day is not None:
                raise ValueError("a date with a day needs a month too")
            return
        if not 1 <= self.month <= 12:
            raise ValueError(f"month {self.month} is not between 1 and 12")
        if self.day is not None:
            last = calendar.monthrange(self.year, self.month)[1]
            if not 1 <= self.day <= last:
                raise ValueError(f"{MONTH_NAMES[self.month - 1]} {self.year} has no day {self.day} "
                                 f"(it has {last} days)")

    def iso(self) -> str:
        """Return the date as ISO 8601 at its own precision: "2016", "2023-08", "2023-08-08"."""
        out = f"{self.year:04d}"
        if self.month is not None:
            out += f"-{self.month:02d}"
            if self.day is not None:
                out += f"-{self.day:02d}"
        return out

    def words(self) -> str:
        """Return the date as readers read it: "2016", "August 2023", "8 August 2023"."""
        if self.month is None:
            return str(self.year)
        month = MONTH_NAMES[self.month - 1]
        if self.day is None:
            return f"{month} {self.year}"
        return f"{self.day} {month} {self.year}"

    def within(self, other: FactDate) -> bool:
        """Return True when this date agrees with ``other`` at ``other``'s precision (2023-09-13 is within 2023-09)."""
        if self.year != other.year:
            return False
        if other.month is None:
            return True
        if self.month != other.month:
            return False
        return other.day is None or self.day == other.day

    def weekday(self) -> int | None:
        """Return the day of the week (Monday is 0) of a date known to the day, else None."""
        if self.month is None or self.day is None:
            return None
        return datetime.date(self.year, self.month, self.day).weekday()


@dataclass(frozen=True)
class PartialDate:
    """A date an article writes without its year: "Sept. 12" (month and day) or "Tuesday" (weekday).

    ``relative`` is "last" or "next" when the article says so ("last Friday").
    """

    month: int | None = None
    day: int | None = None
    weekday: int | None = None
    relative: str | None = None

    def words(self) -> str:
        """Return the date as written for readers: "12 September", "Tuesday"."""
        parts = []
        if self.weekday is not None:
            parts.append(((self.relative + " ") if self.relative else "") + WEEKDAY_NAMES[self.weekday])
        if self.month is not None:
            parts.append(f"{self.day} {MONTH_NAMES[self.month - 1]}" if self.day else MONTH_NAMES[self.month - 1])
        return " ".join(parts)

    def resolve(self, published: FactDate | None) -> FactDate | None:
        """Return the full date this means in an article published on ``published``, or None if it cannot be told.

        A month and day take the year that puts them nearest the publication
        date (a December date in a January article is last year's); a weekday
        is the nearest such day to it, within three days either way, unless
        the article says "last" or "next".
        """
        if published is None or published.month is None or published.day is None:
            return None
        pub = datetime.date(published.year, published.month, published.day)
        if self.month is not None and self.day is not None:
            best: datetime.date | None = None
            for year in (pub.year - 1, pub.year, pub.year + 1):
                try:
                    candidate = datetime.date(year, self.month, self.day)
                except ValueError:
                    continue  # 29 February outside a leap year
                if best is None or abs(candidate - pub) < abs(best - pub):
                    best = candidate
            if best is None or (self.weekday is not None and best.weekday() != self.weekday):
                return None
            return FactDate(best.year, best.month, best.day)
        if self.weekday is not None:
            delta = (self.weekday - pub.weekday()) % 7
            if self.relative == "last":
                delta = delta - 7 if delta else -7
            elif self.relative == "next":
                delta = delta or 7
            elif delta > 3:
                delta -= 7
            day = pub + datetime.timedelta(days=delta)
            return FactDate(day.year, day.month, day.day)
        return None


_ISO_DATE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")
_FORMAT_HELP = "expected a number or a date written YYYY, YYYY-MM or YYYY-MM-DD"


def parse_fact_value(raw: object) -> float | FactDate:
    """Return an editor's ``value:``/``date:`` field as a number or a FactDate; raise ValueError saying how to fix it.

    Numbers stay numbers even when they look like years: whether 2016 is a
    year or a count is for the caller to decide. An integer too large for a
    float is a ValueError too, never an OverflowError.
    """
    # bool is an int subclass, and YAML turns a bare yes/no/true into one.
    if isinstance(raw, bool):
        raise ValueError(f"{_FORMAT_HELP}, got {str(raw).lower()} (a yes/no value)")
    if isinstance(raw, (int, float)):
        try:
            number = float(raw)
        except OverflowError:
            raise ValueError("the number is too large to be a figure an article states") from None
        if not math.isfinite(number):
            raise ValueError(f"{_FORMAT_HELP}, got {raw!r}")
        return number
    # datetime is a date subclass; a timestamp still names a day.
    if isinstance(raw, datetime.date):
        return FactDate(raw.year, raw.month, raw.day)
    if isinstance(raw, str):
        text = raw.strip()
        match = _ISO_DATE.fullmatch(text)
        if match is None:
            raise ValueError(f"{_FORMAT_HELP}, got {_shown(raw)}")
        year, month, day = (int(g) if g is not None else None for g in match.groups())
        assert year is not None
        try:
            return FactDate(year, month, day)
        except ValueError as exc:
            raise ValueError(f"{text!r} is not a real date: {exc}") from None
    raise ValueError(f"{_FORMAT_HELP}, got {_shown(raw)}")


def _shown(raw: object) -> str:
    """Return an editor's value for a message, cut short (a 400-digit number is not echoed whole)."""
    try:
        text = repr(raw)
    except ValueError:  # an integer too long to print
        return f"a {type(raw).__name__} too long to show"
    return text if len(text) <= 60 else text[:59] + "…"


def parse_date(raw: object) -> FactDate:
    """Return a fact's `date` (an integer year or a YYYY[-MM[-DD]] string) as a FactDate."""
    if isinstance(raw, int) and not isinstance(raw, bool):
        return FactDate(raw)
    parsed = parse_fact_value(raw)
    if not isinstance(parsed, FactDate):
        raise ValueError(f"must be written YYYY, YYYY-MM or YYYY-MM-DD, not {raw!r}")
    return parsed
