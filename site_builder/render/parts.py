"""Parts of a site-wide output (facts.json, the editors' report) kept from the last build while their inputs hold.

A `serve` rebuilding after an edit makes facts.json, facts.csv, annotations.jsonld and the report again, but
each page's part of them only when that page's inputs changed (:class:`Parts`); the JSON files are then put
together from each page's encoded text (:func:`dumps_with_list`), the same bytes ``json.dumps`` writes.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from ..model.facts import Page

T = TypeVar("T")

#: Stands for the list in the document, while the rest of it is encoded.
_MARK = "\u0000site-builder-parts\u0000"


class Parts:
    """Values made for named slots, each kept with what it was made from (compared by equality).

    ``page_key`` gives what a page's parts are made from (None: make them again); the plugin sets it for each
    build.
    """

    def __init__(self) -> None:
        self.page_key: Callable[[Page], Any] = lambda page: None
        self._parts: dict[tuple[str, str], tuple[Any, Any]] = {}

    def part(self, slot: tuple[str, str], key: Any, make: Callable[[], T]) -> T:
        """Return the value in ``slot`` made from ``key``: the last one when its key was equal, else ``make()``.

        A ``key`` of None is never equal: the value is made and not kept.
        """
        if key is not None:
            before = self._parts.get(slot)
            if before is not None and before[0] == key:
                return before[1]  # type: ignore[no-any-return]
        value = make()
        if key is not None:
            self._parts[slot] = (key, value)
        return value


def encode_items(items: Iterable[Any]) -> str:
    """Return ``items`` as the lines :func:`dumps_with_list` joins: each as ``json.dumps`` indents it at depth 2."""
    return ",\n".join("    " + json.dumps(item, ensure_ascii=False, indent=2).replace("\n", "\n    ")
                      for item in items)


def dumps_with_list(doc: dict[str, Any], key: str, encoded: Iterable[str]) -> str:
    """Return ``json.dumps(doc, ensure_ascii=False, indent=2)`` with ``doc[key]`` the list of encoded items.

    ``encoded`` are texts of :func:`encode_items`, one per part (empty parts are left out).
    """
    items = ",\n".join(text for text in encoded if text)
    text = json.dumps({**doc, key: _MARK}, ensure_ascii=False, indent=2)
    mark = json.dumps(_MARK)
    assert text.count(mark) == 1
    return text.replace(mark, f"[\n{items}\n  ]" if items else "[]")
