"""The domain: frozen dataclasses for sources, paragraphs, pages, facts, citations and what verification found.

Takes nothing and computes nothing: every stage above passes these along (files -> model -> verification ->
page views -> HTML).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .drift import PASSING, Reanchored, SourceDrift, Status
    from .facts import Citation, Comparison, Fact, Page, Section
    from .project import Layout, Project
    from .sources import Paragraph, Source
    from .support import Backing, Evidence, Support
    from .verification import CitationKey, FactCheck, Match, Verification

#: Where each name lives: imported on first use, so a module that needs one of them (the warm `check` needs
#: Layout) does not import the figures and text stages the others pull in.
_HOME = {
    "PASSING": "drift", "Reanchored": "drift", "SourceDrift": "drift", "Status": "drift",
    "Citation": "facts", "Comparison": "facts", "Fact": "facts", "Page": "facts", "Section": "facts",
    "Layout": "project", "Project": "project", "Paragraph": "sources", "Source": "sources",
    "Backing": "support", "Evidence": "support", "Support": "support",
    "CitationKey": "verification", "FactCheck": "verification", "Match": "verification",
    "Verification": "verification",
}


def __getattr__(name: str) -> Any:
    home = _HOME.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(f"{__name__}.{home}"), name)


__all__ = [
    "PASSING", "Backing", "Citation", "CitationKey", "Comparison", "Evidence", "Fact", "FactCheck", "Layout",
    "Match", "Page", "Paragraph", "Project", "Reanchored", "Section", "Source", "SourceDrift", "Status", "Support",
    "Verification",
]
