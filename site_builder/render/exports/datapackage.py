"""``datapackage.json``: a Frictionless (tabular) Data Package describing ``facts.csv``.

The Table Schema names every column of facts.csv in order, with its type, what it holds and its
constraints; ``(fact_id, citation)`` is the primary key (one row per citation). The CSV's dialect is
stated exactly as :func:`site_builder.render.facts_csv` writes it: every cell quoted, ``\\n`` line ends.
"""

from __future__ import annotations

import hashlib
import json
import re
from typing import Any

from ...load.schema import schema
from ..data import FACTS_CSV_COLUMNS
from ..urls import Urls

FILE = "datapackage.json"
CSV_FILE = "facts.csv"

_NOTE_GUARD = ("; a cell that would start a spreadsheet formula (=, +, -, @) starts with an apostrophe, "
               "which spreadsheets show as text")


def _fields(urls: Urls) -> list[dict[str, Any]]:
    facts = schema("facts")["$defs"]
    ids = {"required": True, "pattern": "[a-z0-9][a-z0-9-]*"}
    url_format = "uri" if urls.site_url else "default"
    fields: dict[str, dict[str, Any]] = {
        "fact_id": {"type": "string", "description": "The fact's id, unique across the site; also its anchor on "
                    "its page", "constraints": ids},
        "page": {"type": "string", "description": "The id of the explainer page the fact is on (its facts file's "
                 "name)", "constraints": ids},
        "claim": {"type": "string", "description": "The claim as readers read it, in inline Markdown"
                  + _NOTE_GUARD, "constraints": {"required": True}},
        "value": {"type": "string", "description": "The figure the claim states: a number, or a date written "
                  "YYYY, YYYY-MM or YYYY-MM-DD; empty when the fact has none" + _NOTE_GUARD},
        "unit": {"type": "string", "description": "What the value measures; empty when it is a plain number or "
                 "a date", "constraints": {"enum": list(facts["fact"]["properties"]["unit"]["enum"])}},
        "date": {"type": "string", "description": "When it happened: YYYY, YYYY-MM or YYYY-MM-DD; empty when "
                 "the fact has no date", "constraints": {"pattern": "[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?"}},
        "source": {"type": "string", "description": "The id of the source this citation quotes (see "
                   "sources.csl.json and facts.json)", "constraints": ids},
        "quote": {"type": "string", "description": "The source's words the citation quotes, as the editor wrote "
                  "them" + _NOTE_GUARD, "constraints": {"required": True}},
        "paragraph": {"type": "string", "description": "The anchor of the source paragraph that holds the quote",
                      "constraints": ids},
        "url": {"type": "string", "format": url_format, "description": "The address of that paragraph on the "
                "source's page" + ("" if urls.site_url else ", relative to the site root"),
                "constraints": {"required": True}},
        "citation": {"type": "integer", "description": "The citation's number within its fact (1, 2, …)",
                     "constraints": {"required": True, "minimum": 1}},
    }
    if list(fields) != list(FACTS_CSV_COLUMNS):
        raise RuntimeError("datapackage.json's fields do not match the columns of facts.csv")
    return [{"name": name, **spec} for name, spec in fields.items()]


def _package_name(site_name: str) -> str:
    name = re.sub(r"[^a-z0-9._-]+", "-", site_name.lower()).strip("-._")
    return name or "facts"


def datapackage_document(facts_csv: str, urls: Urls, site_name: str) -> dict[str, Any]:
    """Return the Data Package descriptor of the text ``facts_csv`` (its path relative: the package sits beside it).

    Its size and sha256 are stated, so a validator also proves the CSV is the one described.
    """
    data = facts_csv.encode("utf-8")
    package: dict[str, Any] = {
        "profile": "tabular-data-package",
        "name": _package_name(site_name),
        "title": site_name,
        "description": "Every verified citation of every fact on the site: one row per citation, with the "
                       "claim, its figure and the source's words it quotes.",
    }
    if urls.site_url:
        package["homepage"] = urls.site_url
    package["resources"] = [{
        "name": "facts",
        "path": CSV_FILE,
        "profile": "tabular-data-resource",
        "title": "Facts and their citations",
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "bytes": len(data),
        "hash": f"sha256:{hashlib.sha256(data).hexdigest()}",
        "dialect": {"delimiter": ",", "quoteChar": "\"", "doubleQuote": True, "lineTerminator": "\n",
                    "header": True},
        "schema": {"fields": _fields(urls), "missingValues": [""], "primaryKey": ["fact_id", "citation"]},
    }]
    return package


def datapackage_json(facts_csv: str, urls: Urls, site_name: str) -> str:
    """Return datapackage.json text: stable key order and formatting, so builds are byte-identical."""
    return json.dumps(datapackage_document(facts_csv, urls, site_name), ensure_ascii=False, indent=2) + "\n"
