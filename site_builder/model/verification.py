"""What verification found: where each verified citation's words are, and what backs each fact."""

from __future__ import annotations

import functools
from dataclasses import dataclass, field

from ..diagnostics import Diagnostic
from ..text.normalise import find_spans
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


CitationKey = tuple[str, int]  # (fact id, index of the citation in the fact)


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


@dataclass
class Verification:
    """The outcome of verifying a site's facts against its sources."""

    diagnostics: list[Diagnostic]
    matches: dict[CitationKey, Match]
    #: fact id -> what backs its claim, short, label and place, and the part each citation plays
    checks: dict[str, FactCheck] = field(default_factory=dict)
    #: page id -> the figures, names and quoted phrases of the page's own texts (description, titles, notes)
    page_supports: dict[str, tuple[Support, ...]] = field(default_factory=dict)
