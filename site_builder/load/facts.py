"""Facts files read: one explainer page from each schema-valid facts/<page>.yaml."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..model.facts import Citation, Comparison, Fact, Page, Section

if TYPE_CHECKING:
    from .yamlfile import YamlDoc

#: The facts file that registers sources; every other facts/*.yaml is a page.
SOURCES_FILE = "sources.yaml"


def load_page(page_id: str, doc: YamlDoc, skip: dict[str, set[int]] | None = None) -> Page:
    """Return the Page described by a schema-valid facts document.

    ``skip`` names the entries ("facts", "comparisons": indices) that failed the schema: they are left
    out, and the others keep their own indices, so every diagnostic still points at the right line.
    """
    data = doc.data
    meta = data["page"]
    skip = skip or {}
    facts = []
    skipped = set()
    for i, raw in enumerate(data["facts"]):
        if i in skip.get("facts", ()):
            if isinstance(raw, dict) and isinstance(raw.get("id"), str):
                skipped.add(raw["id"])
            continue
        cites = tuple(
            Citation(c["source"], c["quote"], c.get("paragraph"), ("facts", i, "citations", j))
            for j, c in enumerate(raw["citations"])
        )
        facts.append(Fact(
            id=raw["id"], page=page_id, claim=raw["claim"], citations=cites,
            value=raw.get("value"), unit=raw.get("unit"), date=raw.get("date"),
            label=raw.get("label"), section=raw.get("section"), place=raw.get("place"), short=raw.get("short"),
            at=("facts", i), as_of=raw.get("as_of"), correction=raw.get("correction"),
        ))
    return Page(
        id=page_id, doc=doc, title=meta["title"], facts=facts,
        question=meta.get("question"), description=meta.get("description"),
        answer=list(meta.get("answer", [])),
        sections=[Section(s["id"], s["title"]) for s in data.get("sections", [])],
        order=int(meta.get("order", 0)),
        comparisons=[Comparison(c["id"], c["title"], tuple(c["versions"]), c.get("note"), c.get("section"),
                                ("comparisons", k))
                     for k, c in enumerate(data.get("comparisons", [])) if k not in skip.get("comparisons", ())],
        skipped=frozenset(skipped),
    )
