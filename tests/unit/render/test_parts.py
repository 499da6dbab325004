"""A JSON file put together from each page's encoded part is the same bytes json.dumps writes of the whole."""

from __future__ import annotations

import json
from typing import Any

import pytest

from site_builder.render.parts import Parts, dumps_with_list, encode_items

ITEM = {"id": "a", "claim": "Ünïcode “quotes” and \"escapes\"\nnewline", "citations": [{"n": 1}, {"n": [2, {}]}],
        "empty": [], "none": None}

CASES: list[tuple[str, list[list[Any]]]] = [
    ("no parts", []),
    ("only empty parts", [[], []]),
    ("one item", [[ITEM]]),
    ("parts with an empty one between", [[ITEM, {"x": 1}], [], [{"y": [1, 2]}]]),
    ("scalars", [[1, "two"], [None, True]]),
]


@pytest.mark.parametrize(("name", "pages"), CASES, ids=[c[0] for c in CASES])
def test_dumps_with_list_equals_json_dumps(name: str, pages: list[list[Any]]) -> None:
    head = {"$schema": "s", "facts": [], "sources": [{"id": "s1"}]}
    whole = {**head, "facts": [item for page in pages for item in page]}
    assert dumps_with_list(head, "facts", [encode_items(page) for page in pages]) == json.dumps(
        whole, ensure_ascii=False, indent=2)


def test_a_part_is_kept_while_its_key_is_equal() -> None:
    parts, made = Parts(), []

    def make(value: str) -> str:
        made.append(value)
        return value

    assert parts.part(("f", "p"), ("k", 1), lambda: make("one")) == "one"
    assert parts.part(("f", "p"), ("k", 1), lambda: make("two")) == "one"
    assert parts.part(("f", "p"), ("k", 2), lambda: make("three")) == "three"
    assert parts.part(("f", "p"), None, lambda: make("four")) == "four"
    assert parts.part(("f", "p"), ("k", 2), lambda: make("five")) == "three"
    assert made == ["one", "three", "four"]
