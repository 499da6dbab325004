"""Text: takes quotes and paragraphs as strings, gives normalised text with offsets, matches, the closest passage
and what differs."""

from __future__ import annotations

from .closest import Closest, closest
from .differences import explain_difference, mark_differences
from .index import QuoteIndex
from .normalise import Normalised, find_spans, normalise, normalise_text

__all__ = [
    "Closest",
    "Normalised",
    "QuoteIndex",
    "closest",
    "explain_difference",
    "find_spans",
    "mark_differences",
    "normalise",
    "normalise_text",
]
