"""The YAML composers: PyYAML's, refusing anchors, aliases and deep nesting as it reads, and libyaml's for plain files."""

from __future__ import annotations

import yaml

#: Facts files need about five levels; more is a mistake (or an attack on the parser's recursion).
MAX_DEPTH = 32


class _Refused(Exception):
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

    def compose_node(self, parent: yaml.Node | None, index: object) -> yaml.Node:
        event = self.peek_event()
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
#: Shallow enough for libyaml's recursive composer, with room to spare.
_FAST_MAX_DEPTH = 16
_FAST_MAX_INDENT = 64


def _looks_plain(text: str) -> bool:
    """Return True when ``text`` has no anchors, aliases or deep nesting (so libyaml may compose it)."""
    if "&" in text or "*" in text:
        return False
    depth = 0
    for ch in text:
        if ch in "[{":
            depth += 1
            if depth > _FAST_MAX_DEPTH:
                return False
        elif ch in "]}":
            depth = max(0, depth - 1)
    for line in text.split("\n"):
        stripped = line.lstrip(" -")
        if len(line) - len(stripped) > _FAST_MAX_INDENT:
            return False
    return True


def _compose_fast(text: str) -> yaml.Node | None:
    """Return the document's node graph composed by libyaml, or None to take the careful pure-Python path.

    libyaml is about ten times faster but recurses without limit and words errors differently, so it is
    used only for plain, shallow, valid files; anything else (and any error) goes through _PlainLoader,
    which gives the located messages.
    """
    if _CLoader is None or not _looks_plain(text):
        return None
    loader = _CLoader(text)
    try:
        if not loader.check_node():
            return None
        node = loader.get_node()
        if node is None or loader.check_node():
            return None
        return node
    except yaml.YAMLError:
        return None
    finally:
        loader.dispose()
