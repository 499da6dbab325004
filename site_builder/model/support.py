"""What backs a reader's text: each verified quote's evidence, and each figure, name or quoted phrase it backs."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..figures.model import Mention


@dataclass(frozen=True)
class Evidence:
    """What one verified citation's quote states: the paragraph's own figures that its words cover whole."""

    fact: str
    citation: int  # index of the citation in its fact
    source: str
    anchor: str
    quote: str
    paragraph: str = field(repr=False)
    spans: tuple[tuple[int, int], ...] = ()
    mentions: tuple[Mention, ...] = ()

    @property
    def words(self) -> str:
        """Return the source's own words the quote covers (its first occurrence)."""
        if not self.spans:
            return self.quote
        start, end = self.spans[0]
        return self.paragraph[start:end]


@dataclass(frozen=True)
class Backing:
    """Source words that back one figure, name or quoted phrase: which citation, which of its words."""

    fact: str
    citation: int
    source: str
    anchor: str
    words: str  # the source's own words, e.g. "1 500km" or the whole quoted phrase


@dataclass(frozen=True)
class Support:
    """One figure, name or quoted phrase of a reader-visible text, and the source words that back it."""

    field: str  # "claim", "short", "label", "place", "description", "title", "note", ...
    kind: str  # "figure", "name" or "quoted"
    text: str  # as the reader's text writes it
    start: int  # offsets in that text
    end: int
    reads: str  # how it is read: "1,500 km", "13 September 2023", "“Eastern Cosmodrome”"
    backing: tuple[Backing, ...]
    #: for an unbacked item, what the quotes do state of that kind (for the hint)
    stated: tuple[str, ...] = ()
    #: for a figure, what it measures (figure_kind), so citations can be compared kind by kind
    measure: str = ""
    #: for a figure, the mention itself
    mention: Mention | None = field(default=None, repr=False, compare=False)
    #: for an unbacked quoted phrase, the offset (in the text) of the first word no quote continues with
    differs_at: int | None = None

    @property
    def ok(self) -> bool:
        """Return True when at least one quote backs it."""
        return bool(self.backing)
