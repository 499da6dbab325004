"""1-based line:column to a character index (load/yaml_positions.py), against the walk over the lines it replaced."""

from __future__ import annotations

import random

import pytest

from site_builder.load.yaml_positions import _index_of, _position


def _walked(text: str, line: int, column: int) -> int:
    pos = 0
    for _ in range(line - 1):
        nl = text.find("\n", pos)
        if nl < 0:
            return len(text)
        pos = nl + 1
    return pos + column - 1


TEXTS = ["", "a", "\n", "a\n", "\n\n", "ab\ncd", "ab\ncd\n", "- claim: x\n  quote: \"y\"\n\n# end", "é\n😀\r\nz"]


@pytest.mark.parametrize("text", TEXTS)
def test_each_line_and_column_is_where_the_walk_finds_it(text: str) -> None:
    for line in range(text.count("\n") + 4):
        for column in range(1, 5):
            assert _index_of(text, line, column) == _walked(text, line, column), (text, line, column)


def test_random_texts_and_round_trips() -> None:
    rng = random.Random(7)
    for _ in range(200):
        text = "".join(rng.choice("ab \n\n:é") for _ in range(rng.randrange(0, 60)))
        for index in range(len(text) + 1):
            line, column = _position(text, index)
            assert _index_of(text, line, column) == index == _walked(text, line, column)
