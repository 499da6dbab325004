"""Facts: the explainer pages editors write, one YAML file each."""

from __future__ import annotations

from dataclasses import dataclass, field

from .yamlfile import YamlDoc

#: The facts file that registers sources; every other facts/*.yaml is a page.
SOURCES_FILE = "sources.yaml"


@dataclass(frozen=True)
class Citation:
    """A fact's pointer into a source: the source id and its own words."""

    source: str
    quote: str
    paragraph: str | None
    #: data path of this citation inside its page file, for diagnostics
    at: tuple[str | int, ...]


@dataclass(frozen=True)
class Fact:
    """One claim on an explainer page, with the quotes that back it."""

    id: str
    page: str
    claim: str
    citations: tuple[Citation, ...]
    value: float | int | str | None = None
    unit: str | None = None
    date: str | None = None
    label: str | None = None
    section: str | None = None
    place: str | None = None
    short: str | None = None
    at: tuple[str | int, ...] = ()
    #: when the claim was true (a count so far): YYYY, YYYY-MM or YYYY-MM-DD, verified like ``date``
    as_of: str | int | None = None
    #: the editor's correction notice, shown next to the claim (dated from the history)
    correction: str | None = None


@dataclass(frozen=True)
class Comparison:
    """Sources that differ: facts stating each version, shown side by side."""

    id: str
    title: str
    versions: tuple[str, ...]
    note: str | None = None
    section: str | None = None
    at: tuple[str | int, ...] = ()


@dataclass(frozen=True)
class Section:
    """A heading that groups facts on a page."""

    id: str
    title: str


@dataclass
class Page:
    """An explainer page: its title, the reader's question, and its facts."""

    id: str
    doc: YamlDoc
    title: str
    facts: list[Fact]
    question: str | None = None
    description: str | None = None
    answer: list[str] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    order: int = 0
    comparisons: list[Comparison] = field(default_factory=list)
    #: ids of facts left out because of schema errors (reported already): references to them are not errors too
    skipped: frozenset[str] = frozenset()

    @property
    def path(self) -> str:
        """Return the page file's path as shown in diagnostics."""
        return self.doc.path


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
