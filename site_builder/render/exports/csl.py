"""``sources.csl.json``: the sources as CSL-JSON, the citation data Zotero, Pandoc and citeproc read.

Only what sources.yaml records (what the article itself supports) goes in: the byline as one literal name
(never split into given and family names the article did not write), the publisher as the container title,
the publication date at its own precision, and the date the source was added as the date it was accessed.
"""

from __future__ import annotations

import json
from typing import Any

from ...figures.dates import parse_date
from ...model.project import Project
from ...model.sources import Source

FILE = "sources.csl.json"


def _date_parts(raw: object) -> dict[str, list[list[int]]]:
    date = parse_date(raw)
    parts = [date.year] + [p for p in (date.month, date.day) if p is not None]
    return {"date-parts": [parts]}


def csl_type(source: Source) -> str:
    """Return the CSL item type: a news article when a publisher is named, else a web page or a document."""
    if source.kind != "pdf" and source.publisher:
        return "article-newspaper"
    if source.kind != "pdf" and source.url:
        return "webpage"
    return "document"


def csl_item(source: Source) -> dict[str, Any]:
    """Return one source as a CSL-JSON item (its id is the source's id)."""
    item: dict[str, Any] = {"id": source.id, "type": csl_type(source), "title": source.title or source.name}
    if source.byline:
        item["author"] = [{"literal": source.byline}]
    if source.publisher:
        item["container-title"] = source.publisher
    if source.published:
        item["issued"] = _date_parts(source.published)
    if source.added:
        item["accessed"] = _date_parts(source.added)
    if source.url:
        item["URL"] = source.url
    item["language"] = source.language
    return item


def sources_csl_json(project: Project) -> str:
    """Return sources.csl.json text: every registered source, in the order of sources.yaml."""
    items = [csl_item(s) for s in project.sources]
    return json.dumps(items, ensure_ascii=False, indent=2) + "\n"
