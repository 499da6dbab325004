"""The tokens quotes and passages are compared by (numbers, words, single characters), and their diff."""

from __future__ import annotations

import difflib
import re
import unicodedata


# Diff tokens: a number (digit groups joined by one separator, so "1 500"
# and "1,600" are one token each), a run of letters, or one other
# non-space character. Combining marks are glued on afterwards.
_DIFF_TOKEN = re.compile(r"\d+(?:[ ,.]\d+)*|[^\W\d_]+|\S")


def _diff_tokens(text: str) -> list[tuple[int, int]]:
    """Return (start, end) of each diff token of normalised ``text``."""
    spans: list[tuple[int, int]] = []
    for m in _DIFF_TOKEN.finditer(text):
        s, e = m.span()
        if spans and spans[-1][1] == s and all(unicodedata.category(c).startswith("M") for c in text[s:e]):
            spans[-1] = (spans[-1][0], e)  # a mark belongs to its base letter
        else:
            spans.append((s, e))
    return spans


Opcode = tuple[str, int, int, int, int]


def _token_opcodes(a: str, a_tokens: list[tuple[int, int]], b: str, b_tokens: list[tuple[int, int]]) -> list[Opcode]:
    """Return difflib opcodes between the token sequences of ``a`` and ``b``."""
    matcher = difflib.SequenceMatcher(
        None, [a[s:e] for s, e in a_tokens], [b[s:e] for s, e in b_tokens], autojunk=False
    )
    return [(tag, i1, i2, j1, j2) for tag, i1, i2, j1, j2 in matcher.get_opcodes()]
