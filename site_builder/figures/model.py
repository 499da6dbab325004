"""What a figure in an article is: a Mention, of one Kind."""

from __future__ import annotations

import enum
from dataclasses import dataclass

from .dates import FactDate, PartialDate
from .numbers import plain_number
from .units import UNITS

__all__ = ["ClockTime", "Kind", "Mention", "plain_number"]


class Kind(enum.Enum):
    """What a figure measures; figures of different kinds never back each other."""

    LENGTH = "length"
    AREA = "area"
    MONEY = "money"
    COUNT = "count"
    PERCENT = "percentage"
    PERCENTAGE_POINTS = "percentage points"
    YEAR = "year"
    DECADE = "decade"
    DATE = "date"
    TIME = "time"
    ORDINAL = "ordinal"
    #: a number that is part of a name: "Luna-25", "Svobodny 18", "5G", a 40-digit serial
    IDENTIFIER = "identifier"
    PHONE = "phone number"
    URL = "web address"
    #: "billions of dollars", "tens of thousands": no exact number
    VAGUE = "vague quantity"
    #: digits that cannot be read as one figure: "1,5", "15¹ km", a number split by a soft hyphen
    UNCLEAR = "unreadable number"

    @property
    def is_token(self) -> bool:
        """Return True for kinds that back only the same characters (names, phone numbers, addresses)."""
        return self in _TOKEN_KINDS

    @property
    def is_quantity(self) -> bool:
        """Return True for kinds with a number and a unit that can back a fact's ``value``."""
        return self in _QUANTITY_KINDS


_TOKEN_KINDS = frozenset({Kind.IDENTIFIER, Kind.PHONE, Kind.URL, Kind.UNCLEAR})
_QUANTITY_KINDS = frozenset({Kind.LENGTH, Kind.AREA, Kind.MONEY, Kind.COUNT, Kind.PERCENT, Kind.PERCENTAGE_POINTS})

_KIND_OF_DIMENSION = {"length": Kind.LENGTH, "area": Kind.AREA, "percent": Kind.PERCENT,
                      "percentage points": Kind.PERCENTAGE_POINTS}


def kind_of_unit(unit: str | None) -> Kind:
    """Return the kind of figure measured in ``unit`` (a canonical code): km -> LENGTH, USD -> MONEY, None -> COUNT."""
    if unit is None:
        return Kind.COUNT
    return _KIND_OF_DIMENSION.get(UNITS[unit].dimension, Kind.MONEY)


@dataclass(frozen=True)
class ClockTime:
    """A time of day as written: 24-hour ``hour``, ``minute`` and the zone named, if any ("ET", "GMT")."""

    hour: int
    minute: int
    zone: str | None = None

    def words(self) -> str:
        """Return the time for an editor: "05:27 GMT"."""
        return f"{self.hour:02d}:{self.minute:02d}" + (f" {self.zone}" if self.zone else "")


@dataclass(frozen=True)
class Mention:
    """One figure as an article writes it: a number, quantity, date, time, ordinal, or a number in a name.

    ``text`` is ``source[start:end]``. ``low``/``high`` bound what the
    wording can mean, in ``unit``: the rounding of a stated figure (930 ->
    925..935), or the whole range for a worded amount ("billions" ->
    2e9..1e12, "nearly a dozen" -> 9..12). Both are None for a date that is
    not a bare year and for token kinds. ``value`` is the figure as stated
    (None when the wording gives only a range); ``qualifier`` is the hedge
    or vague word written with it ("about", "nearly", "billions").
    ``bound`` is "below" or "above" when the wording puts the figure on one
    side of ``value`` ("nearly", "more than"): such a figure backs no exact
    number. ``date`` is the date meant (a year, or a date resolved against
    the source's publication date); ``partial`` is what a date without a
    year says, and ``needs_year`` is True when it could not be resolved.
    ``scope`` is the span a quote must cover for the figure to be quoted
    whole: wider than start..end when a range shares its unit ("between 4.3
    and 5.2 billion dollars": the low end's scope runs to "dollars").
    """

    text: str
    start: int
    end: int
    low: float | None
    high: float | None
    unit: str | None
    date: FactDate | None = None
    value: float | None = None
    qualifier: str | None = None
    kind: Kind = Kind.COUNT
    bound: str | None = None
    partial: PartialDate | None = None
    time: ClockTime | None = None
    scope: tuple[int, int] | None = None
    range_end: str | None = None

    @property
    def needs_year(self) -> bool:
        """Return True for a date written without a year that no publication date resolved."""
        return self.partial is not None and self.date is None

    @property
    def span(self) -> tuple[int, int]:
        """Return the span a quote must cover to quote this figure whole (its unit and hedge included)."""
        return self.scope or (self.start, self.end)

    @property
    def exact(self) -> bool:
        """Return True when the wording states ``value`` itself (at its precision), not a side of it or a vague range."""
        return self.value is not None and self.bound is None and self.kind is not Kind.VAGUE

    @property
    def precision(self) -> float | None:
        """Return how far the written figure may be from the truth by rounding alone (930 -> 5), in ``unit``."""
        if not self.exact or self.low is None or self.high is None:
            return None
        return (self.high - self.low) / 2

    def describe(self) -> str:
        """Return the mention for an editor's diagnostic: "1,500 km", "930 mi", "13 September 2023", "billions of USD"."""
        if self.date is not None:
            return self.date.words()
        if self.partial is not None:
            return self.partial.words()
        if self.time is not None:
            return self.time.words()
        if self.kind.is_token:
            return self.text
        if self.kind is Kind.ORDINAL and self.value is not None:
            return f"{plain_number(self.value)}{_ordinal_suffix(int(self.value))}"
        if self.value is None:
            words = self.qualifier or f"{plain_number(self.low or 0)}–{plain_number(self.high or 0)}"
            return f"{words} of {self.unit}" if self.unit else words
        amount = _amount_short(self.value, self.unit)
        return f"{self.qualifier} {amount}" if self.qualifier else amount


def _ordinal_suffix(n: int) -> str:
    if 10 <= n % 100 <= 20:
        return "th"
    return {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")


def _amount_short(value: float, unit: str | None) -> str:
    from .format import amount

    return amount(value, unit, short=True)
