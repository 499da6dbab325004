"""The articles: a registered source and its anchored paragraphs."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..figures.dates import FactDate


@dataclass(frozen=True)
class Paragraph:
    """One paragraph of an article, as stored, with where it sits in the file."""

    anchor: str
    text: str
    line_start: int
    line_end: int
    kind: str = "paragraph"  # or "heading", and for saved pages "quote", "list-item", "caption"
    excluded: bool = False
    exclude_reason: str | None = None
    #: (start, end) offsets of struck-through text (Markdown ``~~x~~``, ``<del>``/``<s>``): the source retracts
    #: those words, so they cannot be quoted as what it says
    struck: tuple[tuple[int, int], ...] = ()
    page: int | None = None  # the PDF page the paragraph starts on
    #: ``normalise_text(text)``, where the paragraph was split from its article (its anchor hashes it): kept for
    #: the quote index, which would otherwise normalise every paragraph again once a large desk's paragraphs no
    #: longer fit normalise_text's own cache (at XL, 100,000 paragraphs). None when not known (read from the cache).
    normal: str | None = field(default=None, compare=False, repr=False)


@dataclass
class Source:
    """A registered article: its metadata from sources.yaml and its paragraphs."""

    id: str
    file: str  # as written in sources.yaml, relative to the project root
    path: Path
    paragraphs: list[Paragraph]
    sha256: str
    title: str | None = None
    label: str | None = None
    publisher: str | None = None
    byline: str | None = None
    published: str | None = None
    url: str | None = None
    language: str = "en"
    recorded_sha256: str | None = None
    added: str | None = None
    #: what the stored file is: text, markdown, html (a saved web page) or pdf
    kind: str = "text"
    #: where the entry is in sources.yaml, for diagnostics
    entry_index: int = 0
    by_anchor: dict[str, Paragraph] = field(default_factory=dict, repr=False)

    @cached_property
    def published_date(self) -> FactDate | None:
        """Return ``published`` parsed once; None without one or when it is no date (loading reports that)."""
        from ..figures.dates import parse_date  # not on import: a warm check reads no figures

        try:
            return parse_date(self.published) if self.published else None
        except ValueError:
            return None

    def __post_init__(self) -> None:
        self.by_anchor = {p.anchor: p for p in self.paragraphs}

    @property
    def name(self) -> str:
        """Return the short name readers see: label, else publisher, else title, else id."""
        return self.label or self.publisher or self.title or self.id

    @property
    def article(self) -> list[Paragraph]:
        """Return the paragraphs that are article text (exclusions removed)."""
        return [p for p in self.paragraphs if not p.excluded]

    def where(self, paragraph: Paragraph, line: int | None = None) -> str:
        """Return where a paragraph is, as messages show it: 'seeds/a.html:45', or 'seeds/r.pdf, p. 2'."""
        if paragraph.page is not None:
            return f"{self.file}, p. {paragraph.page}"
        return f"{self.file}:{line if line is not None else paragraph.line_start}"
