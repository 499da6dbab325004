"""The explainer pages editors write: a page, its facts, sections and comparisons, and each fact's citations."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # a page keeps its parsed file, for the positions its diagnostics point at
    from ..figures.dates import FactDate
    from ..load.yamlfile import YamlDoc


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

    # Parsed once, where first needed: the check reports a value that does not parse (ValueError, or
    # OverflowError for an integer too large for a float); the views read the same parse.

    @cached_property
    def value_figure(self) -> float | FactDate | None:
        """Return ``value`` parsed (a number, or a date written as one), None without a value."""
        from ..figures.dates import parse_fact_value  # not on import: a warm check reads no figures

        return None if self.value is None else parse_fact_value(self.value)

    @cached_property
    def date_figure(self) -> FactDate | None:
        """Return ``date`` parsed, None without a date."""
        from ..figures.dates import parse_date

        return None if self.date is None else parse_date(self.date)

    @cached_property
    def as_of_figure(self) -> FactDate | None:
        """Return ``as_of`` parsed, None without one."""
        from ..figures.dates import parse_date

        return None if self.as_of is None else parse_date(self.as_of)


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
