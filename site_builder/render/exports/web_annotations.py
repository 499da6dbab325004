"""``annotations.jsonld``: one W3C Web Annotation per citation.

Each annotation says: this passage of the source (the target) is what backs this claim (the body). The
target is the original article's address (the source's ``url``), or, for a source without one, its page on
this site. Two selectors identify the passage, both on the source's article text (:mod:`.article`):

- ``TextQuoteSelector``: ``exact`` is the quoted passage as the source writes it (its own characters, which
  may differ from the editor's quote in what the checker forgives: spacing, quote and dash styles), with up
  to :data:`CONTEXT_CHARS` characters of the article text before (``prefix``) and after (``suffix``) it;
- ``TextPositionSelector``: ``start`` and ``end`` (exclusive) in code points of that article text.

The file is an ``AnnotationPage`` whose ``items`` are the annotations; each also carries the ``@context``,
so one can be copied out on its own. Addresses are absolute when mkdocs.yml sets ``site_url``; otherwise
they are relative to the site root (JSON-LD resolves them against the file's own address).
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable
from typing import Any

from ...model.facts import Page
from ...model.project import Project
from ...model.sources import Source
from ..markup import _plain
from ..parts import Parts, dumps_with_list, encode_items
from ..urls import Urls, page_path, source_path
from .article import ArticleText, article_text

FILE = "annotations.jsonld"
CONTEXT = "http://www.w3.org/ns/anno.jsonld"
#: How much neighbouring text the quote selector carries on each side (what annotation clients use).
CONTEXT_CHARS = 32


def _target(source: Source, urls: Urls, text: str, start: int, end: int) -> dict[str, Any]:
    quote: dict[str, Any] = {"type": "TextQuoteSelector", "exact": text[start:end]}
    prefix, suffix = text[max(0, start - CONTEXT_CHARS):start], text[end:end + CONTEXT_CHARS]
    if prefix:
        quote["prefix"] = prefix
    if suffix:
        quote["suffix"] = suffix
    position = {"type": "TextPositionSelector", "start": start, "end": end}
    return {"type": "SpecificResource", "source": source.url or urls.absolute(source_path(source.id, urls)),
            "selector": [quote, position]}


def _page_items(project: Project, page: Page, urls: Urls, by_id: dict[str, Source],
                texts: Callable[[str], ArticleText]) -> list[dict[str, Any]]:
    """Return the annotations of one page's verified citations, in fact and citation order."""
    items = []
    # The home page's path is '' and "#id" alone would point into this file: "./" is the site root.
    fact_page = page_path(project, page, urls) or "./"
    for fact in page.facts:
        for j, _ in enumerate(fact.citations):
            match = project.matches[(fact.id, j)]
            spans = match.spans
            article = texts(match.source)
            if not spans or match.anchor not in article.starts:
                raise RuntimeError(f"citation {j + 1} of fact '{fact.id}' has no verified passage to annotate")
            offset = article.starts[match.anchor]
            start, end = offset + spans[0][0], offset + spans[0][1]
            items.append({
                "@context": CONTEXT,
                "id": urls.absolute(f"{FILE}#{fact.id}-citation-{j + 1}"),
                "type": "Annotation",
                "motivation": "describing",
                "body": [
                    {"type": "TextualBody", "purpose": "describing", "format": "text/plain",
                     "value": _plain(fact.claim)},
                    {"type": "SpecificResource", "purpose": "linking",
                     "source": urls.absolute(f"{fact_page}#{fact.id}")},
                ],
                "target": _target(by_id[match.source], urls, article.text, start, end),
            })
    return items


def _texts(project: Project) -> Callable[[str], ArticleText]:
    """Return source id -> its article text, each made once, when first asked for."""
    by_id = {s.id: s for s in project.sources}
    return functools.cache(lambda sid: article_text(by_id[sid]))


def _head(urls: Urls) -> dict[str, Any]:
    return {"@context": CONTEXT, "id": urls.absolute(FILE), "type": "AnnotationPage", "startIndex": 0, "items": []}


def annotations_document(project: Project, urls: Urls) -> dict[str, Any]:
    """Return the AnnotationPage of every verified citation, in page, fact and citation order."""
    by_id = {s.id: s for s in project.sources}
    texts = _texts(project)
    return {**_head(urls), "items": [item for page in project.pages
                                     for item in _page_items(project, page, urls, by_id, texts)]}


def annotations_jsonld(project: Project, urls: Urls, parts: Parts | None = None) -> str:
    """Return annotations.jsonld text: stable key order and formatting, so builds are byte-identical.

    With ``parts`` (a serve rebuilding), each page's encoded annotations are taken from the last build when the
    page's inputs did not change.
    """
    if parts is None:
        return json.dumps(annotations_document(project, urls), ensure_ascii=False, indent=2) + "\n"
    by_id = {s.id: s for s in project.sources}
    texts = _texts(project)

    def encoded(page: Page) -> str:
        return encode_items(_page_items(project, page, urls, by_id, texts))

    return dumps_with_list(_head(urls), "items", [
        parts.part((FILE, page.id), parts.page_key(page), functools.partial(encoded, page))
        for page in project.pages]) + "\n"
