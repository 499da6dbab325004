"""Decimal arithmetic on written figures: their precision, and how they round."""

from __future__ import annotations

import functools
from decimal import Decimal

__all__ = ["MAX_DIGITS", "decimal_of", "half_step", "plain_number", "rounds_to"]

#: Beyond this many digits, a run of digits is a serial or an identifier, never a figure an article states
#: (a float holds 15 exactly); it also keeps Decimal and float conversions from ever overflowing.
MAX_DIGITS = 15


def decimal_of(value: float) -> Decimal:
    """Return a float as the shortest Decimal that prints as it (0.1 -> Decimal("0.1"))."""
    return Decimal(repr(float(value)))


@functools.lru_cache(maxsize=4096)
def half_step(number: Decimal) -> Decimal:
    """Return half the place of a number's last non-zero digit: 930 -> 5, 1500 -> 50, 2.5 -> 0.05, 0 -> 0.5.

    Kept for the numbers read last (a check reads about 16,000 figures, most of them a few hundred values):
    the step depends on the value alone (``normalize`` writes equal numbers alike), so numbers that compare
    equal ("930", "930.0") share an entry rightly.
    """
    if number == 0:
        return Decimal("0.5")
    exponent = number.normalize().as_tuple().exponent
    assert isinstance(exponent, int)  # only NaN/infinity have a str exponent
    return Decimal(5) * Decimal(10) ** (exponent - 1)


def figure_step(number: Decimal) -> Decimal:
    """Return the rounding a written figure implies when converted: its last non-zero digit, but
    at least two significant digits (so "1,000 feet" is 950..1,050 ft and "2 miles" 1.95..2.05)."""
    if number == 0:
        return Decimal("0.5")
    half = half_step(number)
    two = Decimal(5) * Decimal(10) ** (number.copy_abs().adjusted() - 2)
    return min(half, two)


def rounds_to(value: Decimal, figure: Decimal, half: Decimal) -> bool:
    """Return True when ``value`` rounds to ``figure`` at a precision of +-``half`` (half-up at the edge)."""
    return figure - half <= value < figure + half or value == figure + half


def plain_number(value: float) -> str:
    """Return a number with comma thousands and no float noise: 1500.0 -> "1,500", 2.5 -> "2.5"."""
    if value == int(value) and abs(value) < 1e21:
        return f"{int(value):,}"
    return format(Decimal(repr(value)), ",f")
