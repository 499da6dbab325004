"""What verification found: where each verified citation's words are, and what backs each fact."""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from typing import ClassVar

from ..diagnostics import Diagnostic
from ..text.normalise import find_spans
from .drift import Reanchored, SourceDrift
from .support import Evidence, Support


@dataclass(frozen=True)
class Match:
    """Where a verified citation's words are: the source paragraph, and the quote found in its text."""

    source: str
    anchor: str
    quote: str = field(default="", repr=False)
    #: the paragraph's text, so the spans can be worked out when a page needs them (not during `check`)
    text: str = field(default="", repr=False, compare=False)

    @property
    def spans(self) -> tuple[tuple[int, int], ...]:
        """Return the (start, end) offsets of the quote in the paragraph's original text."""
        return _spans(self.quote, self.text)


@functools.lru_cache(maxsize=65536)
def _spans(quote: str, text: str) -> tuple[tuple[int, int], ...]:
    return tuple(find_spans(quote, text)) if quote.strip() else ()


#: (fact id, index of the citation in the fact): how pages look a citation's match up
MatchKey = tuple[str, int]


@dataclass(frozen=True, order=True)
class CitationKey:
    """Which citation: its page, its fact and its place among the fact's citations."""

    page: str
    fact: str
    index: int


@dataclass(frozen=True)
class CitationOutcome:
    """What checking one citation gave: where its words are (None when not found), and what is wrong with it."""

    match: Match | None
    diagnostics: tuple[Diagnostic, ...] = ()
    #: for a citation of a changed source: where it stands in the new text
    reanchored: Reanchored | None = None


@dataclass(frozen=True)
class FactCheck:
    """What backs one fact's reader-visible text: each figure, name and quoted phrase, and each citation's part."""

    fact: str
    supports: tuple[Support, ...]
    #: per citation index: "backs" (states the fact's figures, or the fact has none), "context" (states no
    #: figure of the fact's kinds), "differs" (states another figure), "unverified" (the quote failed)
    roles: tuple[str, ...]
    #: (hedge word, citation index) for quotes that hedge where the claim does not: for review, not errors
    hedges: tuple[tuple[str, int], ...] = ()
    evidence: tuple[Evidence, ...] = field(default=(), repr=False)
    #: the check's own digest (load/digest.py's, of its other fields), when a build kept it in the cache
    #: (check/kept.py): it stands for the check where a build digests its inputs
    key: str | None = field(default=None, repr=False, compare=False)

    #: the field whose value, when set, a build's digest takes for the whole check (load/digest.py)
    DIGEST_AS: ClassVar[str] = "key"


@dataclass(frozen=True)
class Verification:
    """The outcome of verifying a site's facts against its sources: every diagnostic, one outcome per citation."""

    diagnostics: list[Diagnostic]
    outcomes: dict[CitationKey, CitationOutcome]
    #: fact id -> what backs its claim, short, label and place, and the part each citation plays
    checks: dict[str, FactCheck] = field(default_factory=dict)
    #: page id -> the figures, names and quoted phrases of the page's own texts (description, titles, notes)
    page_supports: dict[str, tuple[Support, ...]] = field(default_factory=dict)
    #: sources whose file changed since its hash was recorded, each citation re-anchored in the new text
    drift: list[SourceDrift] = field(default_factory=list)

    @property
    def matches(self) -> dict[MatchKey, Match]:
        """Return where each verified citation's words are, by (fact id, citation index)."""
        return {(key.fact, key.index): o.match for key, o in self.outcomes.items() if o.match is not None}
