"""Ids, urls and language tags: the commands check them with the schema's own patterns (one rule each)."""

from __future__ import annotations

import re

import pytest
from jsonschema import Draft202012Validator

from site_builder.editor.register import LANGUAGE, SOURCE_ID, URL
from site_builder.load.project import PAGE_ID
from site_builder.load.schema import schema

CASES = [
    (PAGE_ID, ("facts", "$defs", "id"), ["vostochny", "a-1", "404"], ["", "-a", "A", "a_b", "a b", "a\n", "é"]),
    (SOURCE_ID, ("sources", "$defs", "id"), ["reuters", "bbc-2023"], ["Reuters", "a/b", "x\n"]),
    (URL, ("sources", "$defs", "source", "properties", "url"),
     ["https://example.org/a?b=c", "http://x"], ["ftp://x", "https://a b", "https://x\n", "javascript:alert(1)"]),
    (LANGUAGE, ("sources", "$defs", "source", "properties", "language"), ["en", "pt-BR", "zh-Hant"],
     ["EN", "e", "en_US", "en\n"]),
]


@pytest.mark.parametrize("compiled,path,good,bad", CASES)
def test_the_commands_and_the_schema_agree(compiled: re.Pattern[str], path: tuple[str, ...], good: list[str],
                                           bad: list[str]) -> None:
    name, *keys = path
    node = schema(name)
    for key in keys:
        node = node[key]
    validator = Draft202012Validator({"type": "string", "pattern": node["pattern"]})
    for text in good + bad:
        assert bool(compiled.match(text)) == validator.is_valid(text) == (text in good), text
