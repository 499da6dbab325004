"""The YAML composers: PyYAML's, refusing anchors, aliases and deep nesting as it reads, and libyaml's for plain files."""

from __future__ import annotations

import re

import yaml

from ..diagnostics import SiteBuilderError

#: Facts files need about five levels; more is a mistake (or an attack on the parser's recursion).
MAX_DEPTH = 32


class _Refused(SiteBuilderError):
    """Raised by the loader at the first anchor, alias or over-deep nesting (before anything expands)."""

    def __init__(self, mark: yaml.Mark, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.mark, self.message, self.hint = mark, message, hint


class _PlainLoader(yaml.SafeLoader):
    """SafeLoader's composer, refusing anchors and aliases where they are written, and deep nesting.

    Refusing while composing (not after) means an alias bomb never expands and a deeply nested
    document never exhausts the stack: the composer recurses once per level.
    """

    depth = 0

    def compose_node(self, parent: yaml.Node | None, index: int) -> yaml.Node | None:
        event = self.peek_event()  # type: ignore[no-untyped-call]  # PyYAML's stubs leave it untyped
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None) is not None:
            raise _Refused(event.start_mark, "anchors and aliases ('&name' / '*name') are not allowed in facts files",
                           "write the value out in full")
        if self.depth >= MAX_DEPTH:
            raise _Refused(event.start_mark, f"nested too deeply (more than {MAX_DEPTH} levels of lists and mappings)",
                           "facts files need only a few levels; check the brackets and indentation")
        self.depth += 1
        try:
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


_CLoader = getattr(yaml, "CSafeLoader", None)
#: How deep the fast path goes: files nested deeper, in brackets or by indentation, take the careful path.
_FAST_MAX_DEPTH = 16
_FAST_MAX_INDENT = 64

_BRACKETS = re.compile(r"[\[\]{}]")
#: A line starting with more than _FAST_MAX_INDENT spaces and dashes (block sequence indicators).
_DEEP_INDENT = re.compile(rf"^[ -]{{{_FAST_MAX_INDENT + 1}}}", re.MULTILINE)


def _looks_plain(text: str) -> bool:
    """Return True when ``text`` has no anchors, aliases or deep nesting (so libyaml may read it)."""
    if "&" in text or "*" in text:
        return False
    if "[" in text or "{" in text:
        depth = 0
        for m in _BRACKETS.finditer(text):
            if m.group() in "[{":
                depth += 1
                if depth > _FAST_MAX_DEPTH:
                    return False
            else:
                depth = max(0, depth - 1)
    return _DEEP_INDENT.search(text) is None
