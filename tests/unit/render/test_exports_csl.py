"""sources.csl.json: valid CSL-JSON (the official schema) holding only what sources.yaml records."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft7Validator
from support import REPO, shipped_project

from site_builder.model.sources import Source
from site_builder.render.exports import csl

CSL_SCHEMA = json.loads((REPO / "tests" / "fixtures" / "csl-schema" / "csl-data.json").read_text("utf-8"))
VALIDATOR = Draft7Validator(CSL_SCHEMA, format_checker=Draft7Validator.FORMAT_CHECKER)


def _source(**fields: Any) -> Source:
    return Source("herald", "seeds/h.html", Path("seeds/h.html"), [], "0" * 64, **fields)


def test_the_shipped_sources_are_valid_csl_json() -> None:
    items = json.loads(csl.sources_csl_json(shipped_project()))
    assert [e.message for e in VALIDATOR.iter_errors(items)] == []
    assert [i["id"] for i in items] == [s.id for s in shipped_project().sources]
    assert items[0] == {"id": "reuters", "type": "article-newspaper",
                        "title": "What is the space launch facility where Kim and Putin are meeting?",
                        "author": [{"literal": "Guy Faulconbridge"}], "container-title": "Reuters",
                        "issued": {"date-parts": [[2023, 9, 13]]}, "accessed": {"date-parts": [[2026, 11, 21]]},
                        "language": "en"}


@pytest.mark.parametrize("fields,expected", [
    ({"title": "Bridge reopens", "publisher": "The Herald", "published": "2024-03", "url": "https://h.example/b",
      "language": "en-GB", "added": "2024-03-02", "kind": "html"},
     {"id": "herald", "type": "article-newspaper", "title": "Bridge reopens", "container-title": "The Herald",
      "issued": {"date-parts": [[2024, 3]]}, "accessed": {"date-parts": [[2024, 3, 2]]}, "URL": "https://h.example/b",
      "language": "en-GB"}),
    ({"title": "A page", "url": "https://h.example/p", "published": 2019, "kind": "html"},
     {"id": "herald", "type": "webpage", "title": "A page", "issued": {"date-parts": [[2019]]},
      "URL": "https://h.example/p", "language": "en"}),
    ({"title": "Inspection report", "publisher": "City council", "byline": "A. Engineer", "kind": "pdf"},
     {"id": "herald", "type": "document", "title": "Inspection report", "author": [{"literal": "A. Engineer"}],
      "container-title": "City council", "language": "en"}),
    ({"label": "Short name"}, {"id": "herald", "type": "document", "title": "Short name", "language": "en"}),
])
def test_each_item_says_only_what_the_source_records(fields: dict[str, Any], expected: dict[str, Any]) -> None:
    item = csl.csl_item(_source(**fields))
    assert item == expected
    assert VALIDATOR.is_valid([item])


@pytest.mark.parametrize("broken", [
    {"id": "x", "type": "newspaper-story"},
    {"id": "x", "type": "webpage", "author": "Guy Faulconbridge"},
    {"type": "webpage"},
])
def test_the_schema_refuses_what_is_not_csl(broken: dict[str, Any]) -> None:
    assert not VALIDATOR.is_valid([broken])
