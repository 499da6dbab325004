"""Figures written for readers: "1,500 km (930 miles)", "$115 million", "12%"."""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal

from .numbers import decimal_of, half_step, plain_number
from .units import UNITS, counterpart, resolve_unit

__all__ = ["amount", "format_number", "format_quantity", "plain_number"]

_SCALE_WORDS: tuple[tuple[float, str], ...] = ((1e12, "trillion"), (1e9, "billion"), (1e6, "million"))


def format_number(value: float) -> str:
    """Return a number for readers, big round ones with a scale word: 115e6 -> "115 million"."""
    for scale, word in _SCALE_WORDS:
        if abs(value) >= scale:
            mantissa = value / scale
            # Only round figures read better as words; 1,234,567 stays digits.
            if math.isclose(round(mantissa, 3), mantissa, rel_tol=1e-12):
                return f"{plain_number(round(mantissa, 3))} {word}"
            break
    return plain_number(value)


def amount(value: float, code: str | None, *, short: bool) -> str:
    """Return a value with its unit: "$115 million", "930 miles" (or "930 mi" when ``short``), "12%"."""
    number = format_number(value)
    if code is None:
        return number
    unit = UNITS[code]
    if code == "%":
        return f"{number}%"
    if unit.symbol is not None:
        return f"{'-' if value < 0 else ''}{unit.symbol}{format_number(abs(value))}"
    if short:
        return f"{number} {code}"
    return f"{number} {unit.singular if value == 1 else unit.plural}"


def _round_to_step(value: float, half: Decimal) -> float:
    """Return ``value`` rounded to the finest decimal place no finer than the rounding ``half`` of the figure
    it came from, keeping at least two significant digits (56.39 at +-0.15 -> 56; 1.609 at +-0.8 -> 1.6)."""
    if value == 0 or half <= 0:
        return value
    twice = (half * 2).normalize()
    place = twice.adjusted() + (0 if twice == Decimal(10) ** twice.adjusted() else 1)
    exact = decimal_of(value)
    place = min(place, exact.adjusted() - 1)
    rounded = exact.scaleb(-place).quantize(Decimal(1), rounding=ROUND_HALF_UP).scaleb(place)
    return float(rounded)


def format_quantity(value: float, unit: str | None, *, precision: float | None = None) -> str:
    """Return a figure as readers see it: "1,500 km (930 miles)", "$115 million", "12".

    A length or area also shows its counterpart in the other system, at the
    precision of the figure it came from: ``precision`` is how far that
    figure may be from the truth by rounding alone, in ``unit`` (the
    backing mention's ``precision``); without it, the value's own last
    non-zero digit (1,500 -> 50). So 185 ft reads "185 ft (56 m)", not
    56.4 m, and 1,500 km reads "930 miles"; a conversion always keeps two
    significant digits (1 mile is 1.6 km).
    """
    code = resolve_unit(unit)
    main = amount(value, code, short=False)
    other = counterpart(code) if code is not None else None
    if code is None or other is None:
        return main
    ratio = UNITS[code].factor / UNITS[other].factor
    converted = value * ratio
    half = Decimal(repr(precision)) if precision else half_step(decimal_of(value))
    rounded = _round_to_step(converted, half * Decimal(repr(ratio)))
    return f"{main} ({amount(rounded, other, short=False)})"
