"""A page rendered again with the rows the last render made from the same data: what a `serve` needs of a big page.

The editors' report at a large desk has tens of thousands of rows (a fact's support, an uncited paragraph, a
figure no fact uses) and is made again after every edit, though an edit changes a handful of them. Its template
writes each row as a scoped block named ``*_row`` whose output depends on nothing but the row's variable, the
page's ``base`` and the two path tables (``page_paths``, ``source_paths``). :class:`Rows` renders the template with
each row block replaced by a look-up: a row equal to one the last render wrote (same template, base and paths)
gives the same text without being rendered; the others are rendered by the block itself. The page is the same
text :meth:`jinja2.Template.render` gives (a test compares them).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import Any

import jinja2

#: The report's row blocks and the name of the variable each row is in (theme/factsheet/report.html).
REPORT_ROWS = {"page_row": "r", "source_row": "r", "single_row": "f", "review_row": "r", "support_row": "f",
               "uncited_row": "p", "candidate_row": "c"}


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

    def render(self, template: jinja2.Template, values: dict[str, Any], setting: tuple[Any, ...]) -> str:
        """Return ``template.render(values)``, taking each row equal to one of the last render's from it.

        ``setting`` is what every row reads besides its own data (the template itself, base, the path tables):
        when it differs from the last render's, no row is taken.
        """
        last = self._rows if setting == self._setting else {}
        now: dict[tuple[str, Any], str] = {}
        context = template.new_context(values)
        for name, variable in self.blocks.items():
            block = template.blocks.get(name)
            if block is not None:
                context.blocks[name] = [self._cached(name, variable, block, last, now)]
        try:
            text = template.environment.concat(template.root_render_func(context))
        except Exception:
            self._setting, self._rows = None, {}
            template.environment.handle_exception()  # raises, as render() does
            raise  # pragma: no cover - handle_exception always raises
        self._setting, self._rows = setting, now
        return str(text)

    @staticmethod
    def _cached(name: str, variable: str, block: Callable[[Any], Iterator[str]], last: dict[tuple[str, Any], str],
                now: dict[tuple[str, Any], str]) -> Callable[[Any], Iterator[str]]:
        def render_row(context: Any) -> Iterator[str]:
            row = _key(context.get(variable))
            if row is None:
                yield from block(context)
                return
            key = (name, row)
            text = now.get(key)
            if text is None:
                text = last.get(key)
                if text is None:
                    text = "".join(block(context))
                now[key] = text
            yield text

        return render_row
