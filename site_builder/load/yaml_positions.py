"""Where things are in a YAML file's text: 1-based line:column to offset and back, and offsets inside scalars."""

from __future__ import annotations

import functools
import re

_NEWLINE = re.compile("\n")


@functools.lru_cache(maxsize=8)
def _line_starts(text: str) -> list[int]:
    """Return the index where each line of ``text`` starts (a text's hash is computed once, then kept by it)."""
    return [0, *(m.end() for m in _NEWLINE.finditer(text))]


def _index_of(text: str, line: int, column: int) -> int:
    """Return the character index of 1-based ``line``:``column`` in ``text`` (its end past the last line).

    The report looks up a position for each figure of each claim (tens of thousands in a large facts file):
    each is one look-up in the file's line starts, not a walk over the lines before it.
    """
    if line <= 1:
        return column - 1
    starts = _line_starts(text)
    if line > len(starts):
        return len(text)
    return starts[line - 1] + column - 1


def _walk(text: str, index: int, value: str, offset: int) -> int | None:
    """Return the index in ``text`` of character ``offset`` of the scalar ``value`` whose node starts at ``index``.

    Runs of whitespace are matched run for run (folding turns a line break and the next line's
    indentation into one space); every other character must be the file's next one, after the
    opening quote or block indicator, a doubled single quote, or a backslash escape.
    """
    i = index
    style = text[i] if i < len(text) else ""
    if style in "|>":
        nl = text.find("\n", i)  # the block scalar's text starts on the next line
        if nl < 0:
            return None
        i = nl + 1
        while i < len(text) and text[i] == " ":
            i += 1
    elif style in "'\"":
        i += 1
    k = 0
    while k < len(value):
        ch = value[k]
        if ch.isspace() and i < len(text) and text[i].isspace():
            k2 = k
            while k2 < len(value) and value[k2].isspace():
                k2 += 1
            i2 = i
            while i2 < len(text) and text[i2].isspace():
                i2 += 1
            if k <= offset < k2:
                return min(i + (offset - k), i2 - 1)
            i, k = i2, k2
            continue
        if style == "'" and ch == "'" and text.startswith("''", i):
            step = 2
        elif i < len(text) and text[i] == ch:
            step = 1
        elif style == '"' and text.startswith("\\", i):
            nxt = _skip_escape(text, i)
            if nxt < 0:
                return None
            step = nxt - i
        else:
            return None
        if k == offset:
            return i
        i += step
        k += 1
    return None


_ESCAPE_LENGTH = {"x": 4, "u": 6, "U": 10}


def _skip_escape(text: str, i: int) -> int:
    """Return the index after the double-quoted escape at ``i`` (a backslash), or -1."""
    if i + 1 >= len(text):
        return -1
    if text[i + 1] == "\n":  # an escaped line break joins the lines
        j = i + 2
        while j < len(text) and text[j] in " \t":
            j += 1
        return j
    return i + _ESCAPE_LENGTH.get(text[i + 1], 2)


def _position(text: str, index: int) -> tuple[int, int]:
    """Return the 1-based (line, column) of character ``index`` of ``text``, counting lines as editors do."""
    line = text.count("\n", 0, index) + 1
    return line, index - (text.rfind("\n", 0, index) + 1) + 1
