"""Figures and dates: kept as a name for the ``site_builder.figures`` package, which now holds the engine.

Import from ``site_builder.figures`` in new code.
"""

from __future__ import annotations

from .figures import (UNITS, ClockTime, FactDate, FigureIndex, Kind, Mention, PartialDate, Unit, backs,
                      canonical_unit, find_mentions, format_quantity, mention_supports, mentions_in_span,
                      parse_fact_value, resolve_unit, span_supports, supports, to_km)

__all__ = [
    "UNITS", "ClockTime", "FactDate", "FigureIndex", "Kind", "Mention", "PartialDate", "Unit", "backs",
    "canonical_unit", "find_mentions", "format_quantity", "mention_supports", "mentions_in_span",
    "parse_fact_value", "resolve_unit", "span_supports", "supports", "to_km",
]
