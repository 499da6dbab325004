"""What the home page of a desk (a site of more than one explainer) lists: each explainer's question, counts and
(with history) its last update."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from ..history.model import History
from ..model.facts import Page
from ..model.project import Project
from .history import page_dates
from .urls import Urls, page_path


@dataclass(frozen=True)
class DeskEntry:
    """One explainer as the home page lists it."""

    page_id: str
    title: str
    #: the reader's question, else None (the home page then shows the title)
    question: str | None
    #: site path of the explainer ('vostochny/' or 'vostochny.html')
    path: str
    facts: int
    #: distinct sources the page's verified citations quote
    sources: int
    #: ISO date of the page's last update (from its history), None without one
    updated: str | None = None
    #: the same date in readers' words ("21 November 2026")
    updated_text: str | None = None


def _sources_cited(project: Project, page: Page) -> int:
    return len({project.matches[(f.id, j)].source for f in page.facts for j in range(len(f.citations))
                if (f.id, j) in project.matches})


def desk_entries(project: Project, urls: Urls,
                 updated: Mapping[str, tuple[str, str | None]] | None = None) -> tuple[DeskEntry, ...]:
    """Return every explainer of the project in page order, as the home page lists them.

    ``updated`` maps a page id to its last update (ISO date, readers' words), from the page's history; a page
    without one shows no date.
    """
    dates = updated or {}
    return tuple(DeskEntry(page.id, page.title, page.question, page_path(project, page, urls), len(page.facts),
                           _sources_cited(project, page), *dates.get(page.id, (None, None)))
                 for page in project.pages)


def desk_dates(project: Project, history: History) -> dict[str, tuple[str, str | None]]:
    """Return page id -> (ISO date, readers' words) of each explainer's last change, as ``history`` gives it."""
    out: dict[str, tuple[str, str | None]] = {}
    for page in project.pages:
        dates = page_dates(history.page(page.id))
        if dates.updated:
            out[page.id] = (dates.updated, dates.updated_text)
        elif dates.published:  # never changed since it was published: that is its last update
            out[page.id] = (dates.published, dates.published_text)
    return out
