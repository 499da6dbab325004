"""Figures written the ways the press writes them: distances, money, dates."""

from __future__ import annotations

import random

from .rules import claims, values
from .words import MON_ABBR, MONTHS


def spaced(n: int) -> str:
    """1500 -> '1 500' (thousands grouped with a space)."""
    return f"{n:,}".replace(",", " ")


def claim_miles(km: int) -> int:
    """Return the miles a claim gives for ``km``: to the ten where the claim rules accept it, else to the mile.

    Across units the source's figure, converted, must round to the claim's at the claim's precision: 1,500 km
    (932 miles) backs "930 miles", but 150 km (93.2 miles) does not back "90 miles".
    """
    source = values.find_mentions(f"{km:,} km")[0]
    exact = km / 1.609344
    for miles in (int(round(exact, -1)), round(exact)):
        if miles and claims.backs(source, values.find_mentions(f"{miles:,} miles")[0]):
            return miles
    raise AssertionError(f"no claim in miles is backed by {km:,} km")


def distance_text(rng: random.Random, km: int, style: int) -> tuple[str, dict]:
    """Return (text, figure) for a distance in one of the press's styles."""
    miles = int(round(km / 1.609344, -1)) or 10
    if style == 0:
        return f"{spaced(km)}km", {"value": km, "unit": "km"}
    if style == 1:
        return f"{km:,} km", {"value": km, "unit": "km"}
    if style == 2:
        fig = rng.choice([{"value": km, "unit": "km"}, {"value": miles, "unit": "mi"}])
        return f"{miles:,} miles ({km:,}km)", fig
    return f"{km:,} kilometres", {"value": km, "unit": "km"}


def money_text(rng: random.Random, style: int) -> tuple[str, dict]:
    m = rng.randrange(12, 990)
    if style == 0:
        return f"${m}m", {"value": m * 1_000_000, "unit": "USD"}
    if style == 1:
        return f"{m} million roubles", {"value": m * 1_000_000, "unit": "RUB"}
    if style == 2:
        tenths = rng.randrange(12, 95)
        return f"${tenths // 10}.{tenths % 10}bn", {"value": tenths * 100_000_000, "unit": "USD"}
    if style == 3:
        return f"£{m}m", {"value": m * 1_000_000, "unit": "GBP"}
    return f"{m} million", {"value": m * 1_000_000}


def date_text(rng: random.Random, style: int) -> tuple[str, dict, str]:
    """Return (text, figure, words for a claim) for a date."""
    y, mo, d = rng.randrange(2012, 2025), rng.randrange(1, 13), rng.randrange(1, 29)
    if style == 0:
        return f"{MON_ABBR[mo - 1]} {d}, {y}", {"date": f"{y}-{mo:02d}-{d:02d}"}, f"{d} {MONTHS[mo - 1]} {y}"
    if style == 1:
        return f"{d} {MONTHS[mo - 1]} {y}", {"date": f"{y}-{mo:02d}-{d:02d}"}, f"{d} {MONTHS[mo - 1]} {y}"
    if style == 2:
        return f"{MONTHS[mo - 1]} {d}, {y}", {"date": f"{y}-{mo:02d}-{d:02d}"}, f"{d} {MONTHS[mo - 1]} {y}"
    return f"{MONTHS[mo - 1]} {y}", {"date": f"{y}-{mo:02d}"}, f"{MONTHS[mo - 1]} {y}"


# --------------------------------------------------------------------------- sentences
