"""Ids on a page: facts, sections and comparisons share one set of link anchors, apart from the page's own."""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence

from ..diagnostics import Diagnostic
from ..model.facts import Page


def page_id_diagnostics(page: Page, reserved: Collection[str] = frozenset(),
                        numbered: Sequence[str] = ()) -> list[Diagnostic]:
    """Return diagnostics for ids on one page that would give two elements the same HTML id.

    ``reserved`` and ``numbered`` (prefixes followed by a number, as 'note-' in 'note-3') are the ids the page
    writes itself: its templates' business, passed in as data (``Layout.page_ids``).
    """
    numbered_id = re.compile("(?:" + "|".join(re.escape(p) for p in numbered) + r")[0-9]+") if numbered else None
    out: list[Diagnostic] = []
    owners: dict[str, tuple[str, int]] = {}  # HTML id -> (what has it, line)
    entries: list[tuple[str, str, tuple[str | int, ...]]] = []
    for k, section in enumerate(page.sections):
        entries.append(("section", section.id, ("sections", k, "id")))
    entries += [("fact", f.id, f.at + ("id",)) for f in page.facts]
    entries += [("comparison", c.id, c.at + ("id",)) for c in getattr(page, "comparisons", [])]
    for kind, ident, at in entries:
        line = page.doc.at(at)[0]
        if ident in reserved or (numbered_id is not None and numbered_id.fullmatch(ident)):
            out.append(page.doc.diag(at, f"id '{ident}' is reserved: the page itself uses it", f"rename the {kind}",
                                     code="reserved-id"))
            continue
        for html_id in (ident, f"{ident}-h") if kind == "section" else (ident,):
            if html_id in owners:
                what, first = owners[html_id]
                if kind == "fact" and what.startswith("fact "):
                    break  # two facts with one id: reported below, site-wide
                if kind == "section" and what.startswith("section") and html_id == ident:
                    msg = f"duplicate section id '{ident}' (first defined at line {first})"
                else:
                    msg = (f"id '{ident}' is already used by {what} (line {first}): facts, sections and comparisons "
                           "on a page share one set of ids (they are its link anchors)")
                out.append(page.doc.diag(at, msg, f"rename the {kind}", code="duplicate-id"))
                break
        else:
            owners[ident] = (f"{kind} '{ident}'", line)
            if kind == "section":
                owners[f"{ident}-h"] = (f"the heading of section '{ident}'", line)
    return out
