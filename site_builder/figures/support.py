"""Whether a figure as a source writes it backs a fact's value, or a figure a claim writes.

The rules, for every caller:

* kinds never mix: a year is not a length, an area is not a length, a count
  ("100m people", "about 1,500") is not a distance, a percentage point is not
  a percentage;
* in one unit, the figure must be the value itself, at the precision
  written ("948 ft" does not back 950);
* across units of one dimension, the conversion must round to the written
  figure at that figure's precision, taking at least two significant digits
  (930 mi and 1,500 km back each other; "1.6-mile" does not back 3 km, "2
  miles" not 4 km, "1,000 feet" not 160 m);
* a vague quantity ("billions", "tens of thousands") and a figure the
  wording puts on one side of the truth ("nearly a dozen", "more than 1,000")
  back no exact number, only the same words;
* names, phone numbers and web addresses back only themselves.
"""

from __future__ import annotations

import bisect
import math
from decimal import Decimal
from collections.abc import Iterable, Sequence

from .dates import FactDate
from .mentions import find_mentions
from .mentions.times import ZONE_OFFSETS
from .model import ClockTime, Kind, Mention, kind_of_unit
from .numbers import decimal_of, figure_step, rounds_to
from .units import UNITS, resolve_unit

__all__ = ["FigureIndex", "backs", "mention_supports", "mentions_in_span", "span_supports", "supports"]


def _same_number(a: float, b: float) -> bool:
    # Stated figures are computed in Decimal, so equal figures are equal
    # floats; the tolerance only forgives a last-bit difference and still
    # tells 999,999,999,999 from a trillion.
    return math.isclose(a, b, rel_tol=1e-14, abs_tol=0.0)


def _converts(figure: float, figure_unit: str, value: float, value_unit: str) -> bool:
    """Return True when a figure in one unit and a value in another of the same dimension agree within rounding.

    Either the value converted rounds to the figure at the figure's precision,
    or the figure converted rounds to the value at the value's precision (185
    ft is 56 m; 56 m is 184 ft, so only the second holds), each precision at
    least two significant digits.
    """
    ratio = Decimal(repr(UNITS[figure_unit].factor)) / Decimal(repr(UNITS[value_unit].factor))
    f, v = decimal_of(figure), decimal_of(value)
    if (f < 0) != (v < 0):
        return False
    return rounds_to(v / ratio, f, figure_step(f)) or rounds_to(f * ratio, v, figure_step(v))


def _quantity_backs(mention: Mention, value: float, unit: str | None) -> bool:
    """Return True when one exact quantity mention backs ``value`` in ``unit`` (a canonical code or None)."""
    if mention.kind is not kind_of_unit(unit) or not mention.exact or mention.value is None:
        return False
    if mention.unit == unit:
        return _same_number(mention.value, value)
    if mention.unit is None or unit is None or UNITS[mention.unit].dimension != UNITS[unit].dimension:
        return False
    return _converts(mention.value, mention.unit, value, unit)


def _supports_number(mention: Mention, value: float, unit: str | None) -> bool:
    """Return True when one mention supports a numeric fact in ``unit``."""
    if mention.kind is Kind.YEAR:
        # A number that reads like a year is for the caller to call a year; it is never a quantity with a unit.
        return unit is None and mention.value is not None and _same_number(mention.value, value)
    return _quantity_backs(mention, value, unit)


def _check_number(value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise TypeError(f"expected a number or FactDate, got {value!r}")
    return float(value)


def supports(value: float | FactDate, unit: str | None, text: str, *,
             published: FactDate | None = None) -> Mention | None:
    """Return the first mention in ``text`` that supports the fact's value, or None if none does.

    A date must agree at the fact's precision: FactDate(2023, 9) is supported
    by "September 2023" or "Sep 13, 2023", not by "2023"; a date written
    without a year counts only when ``published`` resolves it. Numbers follow
    the rules of this module.
    """
    if isinstance(value, FactDate):
        for mention in find_mentions(text, published=published):
            if mention.date is not None and mention.date.within(value):
                return mention
        return None
    number = _check_number(value)
    code = resolve_unit(unit)
    for mention in find_mentions(text, published=published):
        if _supports_number(mention, number, code):
            return mention
    return None


def mention_supports(mention: Mention, value: float | FactDate, unit: str | None) -> bool:
    """Return True when one already-found mention supports the fact's value (supports() without re-reading)."""
    if isinstance(value, FactDate):
        return mention.date is not None and mention.date.within(value)
    return _supports_number(mention, _check_number(value), resolve_unit(unit))


def mentions_in_span(mentions: Sequence[Mention], start: int, end: int) -> tuple[list[Mention], list[Mention]]:
    """Return (covered, cut): the mentions wholly inside start..end, and those the span only partly covers.

    A mention counts with its unit, hedge and range (``Mention.span``): a
    quote "500km from the port" cut out of "1 500km", "in 201" or "3
    September 2023" out of "13 September 2023" cuts the mention, and the
    caller should refuse it.
    """
    covered, cut = [], []
    for m in mentions:
        a, b = m.span
        if start <= a and b <= end:
            covered.append(m)
        elif a < end and start < b:
            cut.append(m)
    return covered, cut


def span_supports(mentions: Sequence[Mention], start: int, end: int, value: float | FactDate,
                  unit: str | None) -> Mention | None:
    """Return the mention wholly inside start..end that supports the fact's value, or None."""
    covered, _cut = mentions_in_span(mentions, start, end)
    for m in covered:
        if mention_supports(m, value, unit):
            return m
    return None


def _token_key(text: str) -> str:
    return "".join(text.split()).replace("\u2011", "-").replace("–", "-").lower()


def _utc_minutes(time: ClockTime) -> set[float]:
    offsets = ZONE_OFFSETS.get(time.zone or "", ())
    return {(time.hour * 60 + time.minute - off * 60) % 1440 for off in offsets}


def _time_backs(source: ClockTime, claim: ClockTime) -> bool:
    if claim.zone is None or claim.zone == source.zone:
        return (source.hour, source.minute) == (claim.hour, claim.minute)
    if source.zone is None:
        return False  # the claim adds a zone the source does not give
    if len(ZONE_OFFSETS.get(source.zone, ())) != 1 or len(ZONE_OFFSETS.get(claim.zone, ())) != 1:
        return False  # "ET" is EST or EDT by season: only a stated conversion ("(0527 GMT)") backs another zone
    return _utc_minutes(source) == _utc_minutes(claim)


def _date_backs(source: Mention, claim: Mention) -> bool:
    if claim.date is not None:
        if source.date is None:
            return False
        if not source.date.within(claim.date):
            return False
        weekday = claim.partial.weekday if claim.partial else None
        return weekday is None or source.date.weekday() == weekday
    if claim.partial is None:
        return False
    part = claim.partial
    if source.date is not None:
        d = source.date
        if part.month is not None and (d.month != part.month or d.day != part.day):
            return False
        return part.weekday is None or d.weekday() == part.weekday
    if source.partial is None:
        return False
    sp = source.partial
    if part.month is not None and (sp.month, sp.day) != (part.month, part.day):
        return False
    return part.weekday is None or sp.weekday == part.weekday


def backs(source: Mention, claim: Mention) -> bool:
    """Return True when a figure as a source writes it backs a figure as a claim writes it.

    Kinds must match. Quantities follow the module's rules (a claim's "930
    miles" is backed by the source's "1,500km"); a claim may repeat a hedge
    or bound ("nearly a dozen" by "nearly a dozen" or "almost 12") but a
    bounded or vague source backs no exact claim. Dates agree at the
    claim's precision (a claim's "2016" is backed by "May 2016"; a claim's
    "September 13" by "Sep 13, 2023"); times agree on the clock, or in UTC
    when both name a zone ("1:27 a.m. ET" and "0527 GMT"); years, decades
    and ordinals must be equal; names, phone numbers, web addresses and
    unreadable numbers only by the same characters.
    """
    if claim.kind is Kind.YEAR and source.date is not None and claim.value is not None:
        return source.date.year == claim.value  # "in 2016" is backed by "May 2016"
    if source.kind is not claim.kind:
        return False
    kind = claim.kind
    if kind.is_token:
        return _token_key(source.text) == _token_key(claim.text)
    if kind is Kind.DATE:
        return _date_backs(source, claim)
    if kind is Kind.TIME:
        return source.time is not None and claim.time is not None and _time_backs(source.time, claim.time)
    if kind in (Kind.YEAR, Kind.DECADE, Kind.ORDINAL):
        return source.value is not None and claim.value is not None and _same_number(source.value, claim.value)
    if kind is Kind.VAGUE:
        return source.qualifier == claim.qualifier and (claim.unit is None or claim.unit == source.unit)
    if claim.value is None:
        return False
    if claim.bound is not None:
        # "nearly 12" and "nearly a dozen", "almost twelve": the same figure on the same side.
        if source.bound != claim.bound or source.value is None:
            return False
        loose = Mention(source.text, source.start, source.end, source.low, source.high, source.unit,
                        value=source.value, kind=source.kind)
        return _quantity_backs(loose, claim.value, claim.unit)
    return _quantity_backs(source, claim.value, claim.unit)


class FigureIndex:
    """Many facts' values and dates, indexed so a mention finds the ones it may support without a full scan."""

    def __init__(self, figures: Iterable[tuple[float | FactDate, str | None]]) -> None:
        self.by_year: dict[int, list[FactDate]] = {}
        raw: list[tuple[float, int]] = []
        si: list[tuple[float, int]] = []
        self.numbers: list[tuple[float, str | None]] = []
        for value, unit in figures:
            if isinstance(value, FactDate):
                self.by_year.setdefault(value.year, []).append(value)
                continue
            k = len(self.numbers)
            code = resolve_unit(unit)
            self.numbers.append((float(value), code))
            raw.append((float(value), k))
            if code is not None:
                si.append((float(value) * UNITS[code].factor, k))
        raw.sort()
        si.sort()
        self._raw, self._raw_keys = raw, [v for v, _ in raw]
        self._si, self._si_keys = si, [v for v, _ in si]

    @staticmethod
    def _window(keys: list[float], rows: list[tuple[float, int]], low: float, high: float,
                widen: bool) -> list[int]:
        # In its own unit (or none) a value must lie in the stated range itself; across units, rounding of
        # both figures widens it, so that window is generous: the exact test comes after either way.
        lo, hi = min(low, high), max(low, high)
        if widen:
            lo, hi = (lo / 2 - 1 if lo > 0 else lo * 2 - 1), (hi * 2 + 1 if hi > 0 else hi / 2 + 1)
        else:
            slack = 1e-9 * max(abs(lo), abs(hi), 1.0)
            lo, hi = lo - slack, hi + slack
        a = bisect.bisect_left(keys, lo)
        b = bisect.bisect_right(keys, hi)
        return [k for _, k in rows[a:b]]

    def supported(self, mention: Mention) -> bool:
        """Return True when any indexed value or date is supported by ``mention``."""
        if mention.date is not None and any(mention.date.within(d) for d in self.by_year.get(mention.date.year, ())):
            return True
        if mention.low is None or mention.high is None:
            return False
        candidates = set(self._window(self._raw_keys, self._raw, mention.low, mention.high, widen=False))
        if mention.unit is not None:
            f = UNITS[mention.unit].factor
            candidates.update(self._window(self._si_keys, self._si, mention.low * f, mention.high * f, widen=True))
        return any(_supports_number(mention, *self.numbers[k]) for k in sorted(candidates))
