"""The HTML ids an explainer page uses itself, read from its templates: a fact, section or comparison may not take one.

Facts, sections and comparisons are the page's link anchors (``id="{{ f.id }}"``); the page shell, the body and
the charts write ids of their own (``id="main"``, ``id="notes-h"``, ``id="note-{{ n }}"``). Those are collected here
from the templates the page is rendered with, so the check cannot fall behind a template change.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

#: The templates an explainer page is made of (its shell, the shell's partials, the body and its macros).
EXPLAINER_TEMPLATES = ("main.html", "partials/*.html", "factsheet/explainer.html", "factsheet/_*.html")
#: The section the views make for comparisons that no section holds (its heading gets "-h", as every section's).
UNPLACED_SECTION = "differences"

_LITERAL = re.compile(r"""\bid="([A-Za-z][\w-]*)\"""")
#: ``id="{{ section.id or 'facts' }}-h"``: the fallback is an id of the page's own.
_DEFAULTED = re.compile(r"""\bid="\{\{[^}]*\bor\s+'([A-Za-z][\w-]*)'\s*\}\}([\w-]*)\"""")
#: ``id="note-{{ fn.citation.number }}"``: a prefix followed by a number.
_NUMBERED = re.compile(r"""\bid="([A-Za-z][\w-]*-)\{\{[^}]*\bnumber\s*\}\}\"""")


@dataclass(frozen=True)
class PageIds:
    """The ids a page writes itself: fixed ones, and prefixes followed by a number."""

    fixed: frozenset[str]
    numbered: tuple[str, ...]


def _templates(template_dirs: Sequence[Path]) -> list[Path]:
    """Return the explainer's template files as Jinja finds them: for each name, the first folder that has it."""
    chosen: dict[str, Path] = {}
    for folder in template_dirs:
        for pattern in EXPLAINER_TEMPLATES:
            for path in sorted(folder.glob(pattern)):
                chosen.setdefault(path.relative_to(folder).as_posix(), path)
    return [chosen[name] for name in sorted(chosen)]


def page_ids(template_dirs: Sequence[Path]) -> PageIds:
    """Return the ids an explainer page writes itself, from its templates (overrides first) and its views."""
    fixed = {UNPLACED_SECTION, f"{UNPLACED_SECTION}-h"}
    numbered: set[str] = set()
    for path in _templates(template_dirs):
        text = path.read_text("utf-8")
        fixed.update(_LITERAL.findall(text))
        fixed.update(a + b for a, b in _DEFAULTED.findall(text))
        numbered.update(_NUMBERED.findall(text))
    return PageIds(frozenset(fixed), tuple(sorted(numbered)))
