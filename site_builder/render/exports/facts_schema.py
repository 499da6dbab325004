"""The JSON Schema of facts.json, as the site publishes it (``schemas/facts-json.schema.json``)."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

from ..data import FACTS_JSON_SCHEMA

FILE = FACTS_JSON_SCHEMA
#: The schema's stable "$id" (a new major version of facts.json gets a new one).
SCHEMA_ID = "urn:site-builder:schema:facts-json:1"


@cache
def schema_text() -> str:
    """Return the shipped JSON Schema of facts.json as text, byte for byte."""
    return resources.files("site_builder").joinpath("schemas/facts-json.schema.json").read_text("utf-8")


def schema() -> dict[str, Any]:
    """Return the JSON Schema of facts.json as a dict."""
    loaded: dict[str, Any] = json.loads(schema_text())
    return loaded
