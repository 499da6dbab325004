"""Figures: the numbers, quantities, dates and times of facts and of the articles they quote.

``units`` (what a value is measured in), ``dates`` (FactDate, dates without
a year), ``model`` (Mention and its Kind), ``mentions`` (one reading rule per
module), ``support`` (what backs what) and ``format`` (figures for readers).
Pure functions, standard library only.
"""

from __future__ import annotations

from .dates import FactDate, PartialDate, parse_date, parse_fact_value
from .format import format_quantity
from .mentions import find_mentions
from .model import ClockTime, Kind, Mention
from .support import FigureIndex, backs, mention_supports, mentions_in_span, span_supports, supports
from .units import UNITS, Unit, canonical_unit, resolve_unit, to_km

__all__ = [
    "UNITS", "ClockTime", "FactDate", "FigureIndex", "Kind", "Mention", "PartialDate", "Unit", "backs",
    "canonical_unit", "find_mentions", "format_quantity", "mention_supports", "mentions_in_span",
    "parse_date", "parse_fact_value", "resolve_unit", "span_supports", "supports", "to_km",
]
