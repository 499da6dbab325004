"""The desk's search records: one per fact, what the offline search finds and where each result lands.

Each record is a fact: its claim, label, figure and quotes, with the explainer it is on; its address is the
fact's anchor on that page (``vostochny/#came-into-service``), relative to the site root, so results land on
the fact. :mod:`site_builder.mkdocs.search_index` writes the records into the built site as a Pagefind index.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..model.project import Project
from .markup import _plain
from .urls import Urls, page_path
from .views import value_text

#: What the Content-Security-Policy adds to script-src on the page with the search box (Pagefind's WebAssembly).
SEARCH_CSP_EXTRA = "'wasm-unsafe-eval'"


@dataclass(frozen=True)
class SearchRecord:
    """One searchable fact."""

    #: the fact's address relative to the site root: page path + '#' + fact id
    url: str
    #: the claim as plain text (the result's title)
    title: str
    #: the explainer's title (shown under the result)
    page: str
    #: what the search matches: the claim, label, figure and the quotes
    content: str


def search_records(project: Project, urls: Urls) -> tuple[SearchRecord, ...]:
    """Return a record for every fact of every page, in page and fact order."""
    records = []
    for page in project.pages:
        path = page_path(project, page, urls) or "./"
        for fact in page.facts:
            claim = _plain(fact.claim)
            figure = value_text(fact)
            parts = [claim, fact.label or "", figure or "", *(c.quote for c in fact.citations)]
            records.append(SearchRecord(f"{path}#{fact.id}", claim, page.title,
                                        "\n".join(p for p in parts if p)))
    return tuple(records)
