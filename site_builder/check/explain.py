"""Why a claim passed: for each figure, name and quoted phrase, the words of the quotes that back it.

``site-builder explain`` prints it, ``--format json`` gives it as data, and the editors' page shows the
same table. Built from what verification already worked out (verify.FactCheck), never recomputed
differently, so what it shows is what `check` accepted.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..figures import mention_supports
from ..model.support import Support
from ..model.facts import Fact, Page
from ..model.project import Project

#: What each citation role means, in words for editors.
ROLE_WORDS = {
    "backs": "backs the claim",
    "context": "context: states none of the fact's figures, so it does not count as agreement",
    "differs": "states a different figure",
    "unverified": "not verified (see the check's error)",
}


@dataclass(frozen=True)
class Row:
    """One line of the table: a figure, name or quoted phrase, where it is, and what backs it."""

    field: str
    kind: str
    text: str
    reads: str
    line: int
    column: int
    ok: bool
    backing: tuple[dict[str, Any], ...]


def _rows(page: Page, at: tuple[str | int, ...] | None, supports: tuple[Support, ...],
          numbers: dict[tuple[str, int], int], paths: dict[str, tuple[str | int, ...]]) -> list[Row]:
    out = []
    for sup in supports:
        where = paths.get(sup.field) if at is None else at + (sup.field,)
        line, col = page.doc.position_in(where, sup.start) if where is not None else (0, 0)
        backing = tuple({"citation": numbers.get((b.fact, b.citation), b.citation + 1), "fact": b.fact,
                         "source": b.source, "paragraph": b.anchor, "words": b.words} for b in sup.backing)
        out.append(Row(sup.field, sup.kind, sup.text, sup.reads, line, col, sup.ok, backing))
    return out


def _value_rows(project: Project, page: Page, fact: Fact) -> list[dict[str, Any]]:
    check = project.checks.get(fact.id)
    if check is None:
        return []
    out = []
    for key, raw, unit in (("value", fact.value, fact.unit), ("date", fact.date, None)):
        try:
            parsed = fact.date_figure if key == "date" else fact.value_figure
        except (ValueError, OverflowError):
            continue
        if parsed is None:
            continue
        backing = []
        for ev in check.evidence:
            for m in ev.mentions:
                if mention_supports(m, parsed, unit):
                    backing.append({"citation": ev.citation + 1, "fact": fact.id, "source": ev.source,
                                    "paragraph": ev.anchor, "words": m.text})
                    break
        line, col = page.doc.at(fact.at + (key,))
        shown = f"{raw} {unit}" if unit else str(raw)
        out.append({"field": key, "kind": "figure", "text": shown, "reads": shown, "line": line, "column": col,
                    "ok": bool(backing), "backing": backing})
    return out


def explain_fact(project: Project, fact_id: str) -> dict[str, Any] | None:
    """Return the explanation of one fact as JSON-ready data, or None when no fact has this id."""
    for page in project.pages:
        for fact in page.facts:
            if fact.id == fact_id:
                return explain(project, page, fact)
    return None


def explain(project: Project, page: Page, fact: Fact) -> dict[str, Any]:
    """Return the explanation of ``fact`` (on ``page``) as JSON-ready data."""
    check = project.checks.get(fact.id)
    numbers = {(fact.id, j): j + 1 for j in range(len(fact.citations))}
    rows = _rows(page, fact.at, check.supports if check else (), numbers, {})
    line, col = page.doc.at(fact.at + ("id",))
    roles = check.roles if check else ("unverified",) * len(fact.citations)
    citations = []
    for j, cite in enumerate(fact.citations):
        match = project.matches.get((fact.id, j))
        citations.append({"citation": j + 1, "source": cite.source, "paragraph": match.anchor if match else None,
                          "quote": cite.quote, "role": roles[j], "line": page.doc.at(cite.at + ("quote",))[0]})
    hedges = [{"citation": j + 1, "word": word, "source": fact.citations[j].source}
              for word, j in (check.hedges if check else ())]
    return {
        "fact": fact.id, "page": page.id, "path": page.path, "line": line, "column": col, "claim": fact.claim,
        "items": [row.__dict__ | {"backing": list(row.backing)} for row in rows] + _value_rows(project, page, fact),
        "citations": citations, "hedges": hedges,
        "ok": all(r.ok for r in rows) and all(c["role"] != "differs" for c in citations),
    }


def explain_page(project: Project, page: Page) -> dict[str, Any]:
    """Return the explanation of a page's own texts (title, question, description, section and comparison titles)."""
    paths: dict[str, tuple[str | int, ...]] = {"title": ("page", "title"), "question": ("page", "question"),
                                              "description": ("page", "description")}
    numbers: dict[tuple[str, int], int] = {}
    for f in page.facts:
        for j in range(len(f.citations)):
            numbers[(f.id, j)] = j + 1
    items = []
    for sup in project.page_supports.get(page.id, ()):
        where = paths.get(sup.field)
        if where is None:
            where = _page_text_path(page, sup)
        line, col = page.doc.position_in(where, sup.start) if where else (0, 0)
        items.append({"field": sup.field, "kind": sup.kind, "text": sup.text, "reads": sup.reads, "line": line,
                      "column": col, "ok": sup.ok,
                      "backing": [{"citation": numbers.get((b.fact, b.citation), b.citation + 1), "fact": b.fact,
                                   "source": b.source, "paragraph": b.anchor, "words": b.words}
                                  for b in sup.backing]})
    return {"page": page.id, "path": page.path, "items": items, "ok": all(i["ok"] for i in items)}


def _page_text_path(page: Page, sup: Support) -> tuple[str | int, ...] | None:
    """Return the data path of the section or comparison text a page-level support was found in."""
    if sup.field == "section title":
        for k, sec in enumerate(page.sections):
            if sec.title[sup.start:sup.end] == sup.text:
                return ("sections", k, "title")
    key = "title" if sup.field == "comparison title" else "note"
    for comp in page.comparisons:
        text = comp.title if key == "title" else comp.note
        if text and text[sup.start:sup.end] == sup.text:
            return comp.at + (key,)
    return None


def format_explanation(data: dict[str, Any]) -> str:
    """Return one fact's (or page's) explanation as text for the terminal."""
    lines = []
    if "fact" in data:
        lines.append(f"{data['fact']} ({data['path']}:{data['line']}:{data['column']}): {' '.join(data['claim'].split())}")
    else:
        lines.append(f"page {data['page']} ({data['path']}): its title, question, description, section and "
                     "comparison titles")
    if not data["items"]:
        lines.append("  no figures, names with numbers or quoted words: the quotes back it as a whole")
    for item in data["items"]:
        what = {"figure": "figure", "name": "name", "quoted": "quoted words"}[item["kind"]]
        lines.append(f"  {item['field']} {what} {item['reads']!s} at {item['line']}:{item['column']}: "
                     + ("backed by" if item["ok"] else "NOT BACKED by any quote"))
        for b in item["backing"]:
            owner = "" if b["fact"] == data.get("fact") else f"fact {b['fact']}, "
            lines.append(f"      [{b['citation']}] {owner}{b['source']}, paragraph {b['paragraph']}: \"{b['words']}\"")
    for c in data.get("citations", []):
        lines.append(f"  citation [{c['citation']}] {c['source']} (line {c['line']}): {ROLE_WORDS[c['role']]}")
    for h in data.get("hedges", []):
        lines.append(f"  warning (for review): quote [{h['citation']}] of {h['source']} says \"{h['word']}\"; "
                     "the claim does not hedge")
    return "\n".join(lines)
