"""The domain: frozen dataclasses for sources, paragraphs, pages, facts, citations and what verification found.

Takes nothing and computes nothing: every stage above passes these along (files -> model -> verification ->
page views -> HTML).
"""

from __future__ import annotations

from .drift import PASSING, Reanchored, SourceDrift, Status
from .facts import Citation, Comparison, Fact, Page, Section
from .project import Layout, Project
from .sources import Paragraph, Source
from .support import Backing, Evidence, Support
from .verification import CitationKey, FactCheck, Match, Verification

__all__ = [
    "PASSING", "Backing", "Citation", "CitationKey", "Comparison", "Evidence", "Fact", "FactCheck", "Layout",
    "Match", "Page", "Paragraph", "Project", "Reanchored", "Section", "Source", "SourceDrift", "Status", "Support",
    "Verification",
]
