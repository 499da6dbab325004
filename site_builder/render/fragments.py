"""A page rendered again with the rows the last render made from the same data: what a `serve` needs of a big page.

The editors' report at a large desk has tens of thousands of rows (a fact's support, an uncited paragraph, a
figure no fact uses) and is made again after every edit, though an edit changes a handful of them. Its template
writes each row as a scoped block named ``*_row`` whose output depends on nothing but the row's variable, the
page's ``base`` and the two path tables (``page_paths``, ``source_paths``). :class:`Rows` renders the template with
each row block replaced by a look-up: a row equal to one the last render wrote (same template, base and paths)
gives the same text without being rendered; the others are rendered by the block itself. The page is the same
text :meth:`jinja2.Template.render` gives (a test compares them). A row object given again is known by itself,
without working out its key: rows must not be changed once rendered (the report's are kept parts, never changed).

A `build` starts with no last render: given the digest of the setting (``keep``, see :meth:`Rows.render`) and
inside a cache session, each row is also looked up in memo ``report-rows`` by a hash of the setting, the block
and the row's data (its JSON text, or the exact repr of its fields when they are all strings, numbers or
None), and each row rendered is put there.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable, Iterator
from typing import Any

import jinja2

from ..load import cache

#: The report's row blocks and the name of the variable each row is in (theme/factsheet/report.html).
REPORT_ROWS = {"page_row": "r", "source_row": "r", "single_row": "f", "review_row": "r", "support_row": "f",
               "uncited_row": "p", "candidate_row": "c"}


_PLAIN = (str, int, float, bool, type(None))


def _stable(row: Any) -> str | None:
    """Return text that is the same for equal rows in every process (None when there is none)."""
    if isinstance(row, tuple) and len(row) == 2 and row[0] == "json":
        return f"json\0{row[1]}"
    if dataclasses.is_dataclass(row) and not isinstance(row, type):
        values = tuple(getattr(row, f.name) for f in dataclasses.fields(row))
        if all(type(v) in _PLAIN for v in values):  # repr() of these is exact
            kind = type(row)
            return f"{kind.__module__}.{kind.__qualname__}\0{values!r}"
    return None


def _key(row: Any) -> Any:
    """Return a hashable stand-in for ``row``, equal for equal rows (None when there is none)."""
    if isinstance(row, (dict, list)):
        try:  # plain JSON data (a fact's support): its JSON text, which orders keys as the data does
            return ("json", json.dumps(row, ensure_ascii=False))
        except (TypeError, ValueError):
            return None
    try:
        hash(row)
    except TypeError:
        return None
    return row


class Rows:
    """The row blocks one template rendered last time, by the data they were rendered from."""

    def __init__(self, blocks: dict[str, str]) -> None:
        self.blocks = blocks
        self._setting: tuple[Any, ...] | None = None
        self._rows: dict[tuple[str, Any], str] = {}
        #: the same by the row object itself (kept alive here, so its id is not reused): a row the caller kept
        #: from its last build (the report's kept parts) is found without working out its key
        self._objects: dict[tuple[str, int], tuple[Any, str]] = {}

    def forget(self) -> None:
        """Forget the last render's rows: the next render takes none from it."""
        self._setting, self._rows, self._objects = None, {}, {}

    def render(self, template: jinja2.Template, values: dict[str, Any], setting: tuple[Any, ...],
               keep: str | None = None) -> str:
        """Return ``template.render(values)``, taking each row equal to one of the last render's from it.

        ``setting`` is what every row reads besides its own data (the template itself, base, the path tables):
        when it differs from the last render's, no row is taken. ``keep``: a digest of the setting, the same in
        every process (the template's text among it), to look rows up in the cache too.
        """
        same = setting == self._setting
        last, last_objects = (self._rows, self._objects) if same else ({}, {})
        now: dict[tuple[str, Any], str] = {}
        now_objects: dict[tuple[str, int], tuple[Any, str]] = {}
        store = cache.current() if keep is not None else None
        kept = (store.memo("report-rows", _text, _text), keep) if store is not None and keep is not None else None
        context = template.new_context(values)
        for name, variable in self.blocks.items():
            block = template.blocks.get(name)
            if block is not None:
                context.blocks[name] = [self._cached(name, variable, block, (last, last_objects),
                                                     (now, now_objects), kept)]
        try:
            text = template.environment.concat(template.root_render_func(context))
        except Exception:
            self.forget()
            template.environment.handle_exception()  # raises, as render() does
            raise  # pragma: no cover - handle_exception always raises
        self._setting, self._rows, self._objects = setting, now, now_objects
        return str(text)

    @staticmethod
    def _cached(name: str, variable: str, block: Callable[[Any], Iterator[str]],
                last: tuple[dict[tuple[str, Any], str], dict[tuple[str, int], tuple[Any, str]]],
                now: tuple[dict[tuple[str, Any], str], dict[tuple[str, int], tuple[Any, str]]],
                store: tuple[cache.Memo[str], str] | None = None) -> Callable[[Any], Iterator[str]]:
        last_rows, last_objects = last
        now_rows, now_objects = now

        def render_row(context: Any) -> Iterator[str]:
            value = context.get(variable)
            by_object = (name, id(value))
            kept = last_objects.get(by_object) or now_objects.get(by_object)
            if kept is not None and kept[0] is value:
                now_objects[by_object] = kept
                yield kept[1]
                return
            row = _key(value)
            if row is None:
                yield from block(context)
                return
            key = (name, row)
            text = now_rows.get(key)
            if text is None:
                text = last_rows.get(key)
                if text is None:
                    text = _rendered(name, row, store, lambda: "".join(block(context)))
                now_rows[key] = text
            now_objects[by_object] = (value, text)
            yield text

        return render_row


def _rendered(name: str, row: Any, kept: tuple[cache.Memo[str], str] | None, render: Callable[[], str]) -> str:
    """Return ``render()``, or the text memo ``report-rows`` keeps for this row in this setting."""
    stable = _stable(row) if kept is not None else None
    if kept is None or stable is None:
        return render()
    memo, setting = kept
    key = cache.digest(setting, name, stable)
    text = memo.get(key)
    if text is None:
        text = render()
        memo.put(key, text)
    return text


def _text(value: Any) -> str:
    if not isinstance(value, str):
        raise TypeError("a row is its rendered text")
    return value
