"""The site's data files: facts.json (the contract), facts.csv (formula-safe) and each page's JSON-LD."""

from __future__ import annotations

import csv
import functools
import io
import json
import re
from typing import Any

from markupsafe import Markup

from ..history.model import NO_HISTORY, History
from ..model.facts import Page
from ..model.project import Project
from ..model.sources import Source
from .parts import Parts, dumps_with_list, encode_items
from .urls import DEFAULT_URLS, Urls, _absolute_or_none, page_href, page_path, source_path, stored_copy_path


FACTS_JSON_VERSION = 1
#: Where the site publishes the JSON Schema of facts.json (named by its "$schema").
FACTS_JSON_SCHEMA = "schemas/facts-json.schema.json"
#: The columns of facts.csv, in order (datapackage.json describes each).
FACTS_CSV_COLUMNS = ("fact_id", "page", "claim", "value", "unit", "date", "source", "quote", "paragraph", "url",
                     "citation")


def _script_safe_json(data: object) -> Markup:
    """Return JSON that cannot end its <script> element or open a comment, whatever the strings hold."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, indent=None, separators=(",", ":"))
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    text = text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    return Markup(text)  # noqa: S704 -- safe: json.dumps output with <, > and & escaped above


def jsonld(project: Project, page: Page, *, author: str | None = None, publisher: str | None = None,
           published: str | None = None, modified: str | None = None) -> Markup:
    """Return schema.org JSON-LD for an explainer: an Article citing the sources its facts quote.

    ``author`` (mkdocs.yml's site_author), ``publisher`` (the plugin's option) and the publication dates (from the
    page's history) are left out when not known.
    """
    used = {project.matches[(f.id, j)].source for f in page.facts for j in range(len(f.citations))
            if (f.id, j) in project.matches}
    sources = [s for s in project.sources if s.id in used]
    citations = []
    for s in sources:
        work: dict[str, Any] = {"@type": "NewsArticle", "name": s.title or s.name}
        if s.publisher:
            work["publisher"] = {"@type": "Organization", "name": s.publisher}
        if s.byline:
            work["author"] = {"@type": "Person", "name": s.byline}
        if s.published:
            work["datePublished"] = str(s.published)
        if s.url:
            work["url"] = s.url
        citations.append(work)
    data: dict[str, Any] = {"@context": "https://schema.org", "@type": "Article", "headline": page.title,
                            "citation": citations}
    if page.description or page.question:
        data["description"] = page.description or page.question
    if page.question:
        data["about"] = page.question
    if author:
        data["author"] = {"@type": "Person", "name": author}
    if publisher:
        data["publisher"] = {"@type": "Organization", "name": publisher}
    if published:
        data["datePublished"] = published
    if modified:
        data["dateModified"] = modified
    return _script_safe_json(data)


def _page_facts(project: Project, page: Page, urls: Urls, history: History,
                by_id: dict[str, Source]) -> list[dict[str, Any]]:
    """Return the facts.json entries of one page's facts."""
    facts = []
    for fact in page.facts:
        citations = []
        check = project.checks.get(fact.id)
        for j, cite in enumerate(fact.citations):
            match = project.matches[(fact.id, j)]
            source = by_id[match.source]
            paragraph = source.by_anchor[match.anchor]
            citations.append({
                "source": match.source, "quote": cite.quote, "paragraph": match.anchor,
                "url": urls.absolute(f"{source_path(match.source, urls)}#{match.anchor}"),
                # "backs": states the fact's figures (or the fact has none); "context": states none of them
                "role": check.roles[j] if check is not None else "backs",
                "page": paragraph.page, "page_url": _absolute_or_none(urls, page_href(source, paragraph.page)),
            })
        facts.append({
            "id": fact.id, "page": page.id, "page_url": urls.absolute(page_path(project, page, urls)), "claim": fact.claim,
            "value": fact.value, "unit": fact.unit, "date": fact.date, "label": fact.label,
            "citations": citations, "as_of": fact.as_of, "correction": fact.correction,
            "history": [e.as_dict() for e in history.page(page.id).of(fact.id)],
        })
    return facts


def _document(project: Project, urls: Urls, facts: list[dict[str, Any]]) -> dict[str, Any]:
    sources = []
    for s in project.sources:
        sources.append({
            "id": s.id, "name": s.name, "title": s.title, "publisher": s.publisher, "byline": s.byline,
            "published": s.published, "url": s.url, "language": s.language, "sha256": s.sha256,
            "page_url": urls.absolute(source_path(s.id, urls)), "paragraphs": len(s.article),
            "kind": s.kind, "stored_url": _absolute_or_none(urls, stored_copy_path(s)),
        })
    return {"$schema": urls.absolute(FACTS_JSON_SCHEMA), "version": FACTS_JSON_VERSION, "facts": facts,
            "sources": sources}


def facts_document(project: Project, urls: Urls = DEFAULT_URLS, history: History = NO_HISTORY) -> dict[str, Any]:
    """Return the facts.json contract: every fact with its verified citations and its history, and the sources.

    Addresses are full URLs when mkdocs.yml sets ``site_url``, else paths relative to the site root.
    """
    by_id = {s.id: s for s in project.sources}
    facts = [entry for page in project.pages for entry in _page_facts(project, page, urls, history, by_id)]
    return _document(project, urls, facts)


def facts_json(project: Project, urls: Urls = DEFAULT_URLS, history: History = NO_HISTORY,
               parts: Parts | None = None) -> str:
    """Return facts.json text: stable key order and formatting, so builds are byte-identical.

    With ``parts`` (a serve rebuilding), each page's encoded facts are taken from the last build when the page's
    inputs did not change.
    """
    if parts is None:
        return json.dumps(facts_document(project, urls, history), ensure_ascii=False, indent=2) + "\n"
    by_id = {s.id: s for s in project.sources}

    def encoded(page: Page) -> str:
        return encode_items(_page_facts(project, page, urls, history, by_id))

    texts = [parts.part(("facts.json", page.id), parts.page_key(page), functools.partial(encoded, page))
             for page in project.pages]
    return dumps_with_list(_document(project, urls, []), "facts", texts) + "\n"


#: A spreadsheet runs a cell (or, read with another separator, a piece of one) that starts with these.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
#: A formula start right after a separator a spreadsheet might split on (comma, semicolon, tab, pipe).
_FORMULA_AFTER_SEPARATOR = re.compile(r"(?<=[,;\t|])([ \u00a0]*)(?=[=+\-@])(?![+-]\d[\d.,]*\s*(?:[,;\t|]|$))")


def _csv_cell(value: object) -> str:
    text = "" if value is None else str(value)
    # CSV injection: a cell starting a formula gets a leading apostrophe, which spreadsheets show as text.
    # A spreadsheet set to another separator (';' in most of Europe) splits the cell, so every piece that
    # would start a formula is guarded the same way (plain signed numbers such as '-3' are left alone).
    text = _FORMULA_AFTER_SEPARATOR.sub(r"\1'", text)
    if text[:1] in _FORMULA_START:
        text = "'" + text
    return text


def facts_csv(project: Project, urls: Urls = DEFAULT_URLS, parts: Parts | None = None) -> str:
    """Return facts.csv: one row per citation, every cell quoted and formula-safe (``parts``: as facts_json)."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n", quoting=csv.QUOTE_ALL)
    writer.writerow(FACTS_CSV_COLUMNS)
    by_id = {s.id: s for s in project.sources}

    def rows(page: Page) -> str:
        return _page_rows(_page_facts(project, page, urls, NO_HISTORY, by_id))

    for page in project.pages:
        buf.write(rows(page) if parts is None else
                  parts.part(("facts.csv", page.id), parts.page_key(page), functools.partial(rows, page)))
    return buf.getvalue()


def _page_rows(facts: list[dict[str, Any]]) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n", quoting=csv.QUOTE_ALL)
    for fact in facts:
        for n, c in enumerate(fact["citations"], start=1):
            writer.writerow([_csv_cell(v) for v in (fact["id"], fact["page"], fact["claim"], fact["value"], fact["unit"],
                                                    fact["date"], c["source"], c["quote"], c["paragraph"], c["url"], n)])
    return buf.getvalue()
