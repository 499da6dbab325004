"""Units a fact's value can be measured in, and the names articles write them with."""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["UNITS", "Unit", "canonical_unit", "counterpart", "resolve_unit", "to_km"]


@dataclass(frozen=True)
class Unit:
    """A unit a fact's value can be measured in.

    ``factor`` converts to the SI base of ``dimension`` (metres, square
    metres); currencies are each their own dimension with factor 1 because
    exchange rates are not facts an article states. ``singular``/``plural``
    are the reader-facing names; ``symbol`` is the prefix currencies are
    written with ("$115 million"), when they have one readers know, or the
    suffix a percentage is written with ("12%").
    """

    code: str
    dimension: str
    factor: float
    singular: str
    plural: str
    symbol: str | None = None


UNITS: dict[str, Unit] = {
    u.code: u
    for u in (
        Unit("km", "length", 1000.0, "km", "km"),
        Unit("mi", "length", 1609.344, "mile", "miles"),
        Unit("m", "length", 1.0, "m", "m"),
        Unit("ft", "length", 0.3048, "ft", "ft"),
        Unit("km2", "area", 1e6, "km²", "km²"),
        Unit("mi2", "area", 1609.344**2, "square mile", "square miles"),
        Unit("USD", "USD", 1.0, "dollar", "dollars", "$"),
        Unit("GBP", "GBP", 1.0, "pound", "pounds", "£"),
        Unit("EUR", "EUR", 1.0, "euro", "euros", "€"),
        Unit("RUB", "RUB", 1.0, "rouble", "roubles"),
        # A share and a change of share are different claims: "rose 2 percentage points" is not "rose 2%".
        Unit("%", "percent", 1.0, "%", "%", "%"),
        Unit("pp", "percentage points", 1.0, "percentage point", "percentage points"),
    )
}

CURRENCIES = frozenset(code for code, u in UNITS.items() if u.dimension == code)

# Readers of a British/US-mixed press expect the other system alongside.
_COUNTERPART: dict[str, str] = {"km": "mi", "mi": "km", "m": "ft", "ft": "m", "km2": "mi2", "mi2": "km2"}

# Keys are normalised by _unit_key: lower case, no spaces or dots.
_UNIT_NAMES: dict[str, str] = {}
for _code, _names in {
    "km": ["km", "kms", "kilometre", "kilometres", "kilometer", "kilometers"],
    "mi": ["mi", "mile", "miles"],
    "m": ["m", "metre", "metres", "meter", "meters"],
    "ft": ["ft", "foot", "feet"],
    "km2": ["km2", "km²", "sqkm", "squarekm", "squarekilometre", "squarekilometres", "squarekilometer",
            "squarekilometers"],
    "mi2": ["mi2", "mi²", "sqmi", "sqmile", "sqmiles", "squaremi", "squaremile", "squaremiles"],
    "USD": ["usd", "$", "us$", "dollar", "dollars", "usdollar", "usdollars"],
    "GBP": ["gbp", "£", "sterling", "poundsterling", "poundssterling"],
    "EUR": ["eur", "€", "euro", "euros"],
    "RUB": ["rub", "₽", "rouble", "roubles", "ruble", "rubles"],
    "%": ["%", "percent", "percents", "per cent", "pc"],
    "pp": ["pp", "percentagepoint", "percentagepoints"],
}.items():
    for _name in _names:
        _UNIT_NAMES[re.sub(r"[\s.]+", "", _name).lower()] = _code


_SPACES_AND_DOTS = re.compile(r"[\s.]+")


def _unit_key(name: str) -> str:
    return _SPACES_AND_DOTS.sub("", name).lower()


def canonical_unit(name: str) -> str | None:
    """Return the canonical unit code for a unit as written ("kilometres" -> "km"), or None if unknown.

    Bare "pounds" is deliberately unknown: it could be weight as well as sterling.
    """
    return _UNIT_NAMES.get(_unit_key(name))


def resolve_unit(unit: str | None) -> str | None:
    """Return the canonical code for a caller's unit; raise ValueError if it names no known unit."""
    if unit is None or unit in UNITS:
        return unit
    code = canonical_unit(unit)
    if code is None:
        raise ValueError(f"unknown unit {unit!r}: use one of {', '.join(UNITS)}")
    return code


def counterpart(code: str) -> str | None:
    """Return the unit of the other measuring system readers expect alongside ``code`` (km -> mi), or None."""
    return _COUNTERPART.get(code)


def to_km(value: float, unit: str | None) -> float | None:
    """Return a length in kilometres, or None when the unit is not a length."""
    code = canonical_unit(unit) if unit else None
    if code is None or UNITS[code].dimension != UNITS["km"].dimension:
        return None
    return value * UNITS[code].factor / UNITS["km"].factor
