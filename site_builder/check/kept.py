"""A build's verdict of each fact, kept whole in the cache: its matches, evidence and check, not only diagnostics.

A `check` needs only each fact's diagnostics (check/warm.py keeps those). A `build` renders every fact's
citations and highlights, so it needs the whole verdict (check/verifier.py's FactVerdict): which paragraph
each quote is in, the figures each quote covers, and what backs each figure, name and quoted phrase of the
reader's text. :class:`Keeping` is the verifier a build uses inside a cache session: a fact whose key
(warm_state.fact_keys: the sources' state, the page's own fields, the fact's data and text) memo
``fact-builds`` holds takes its verdict from there, and every other verdict it makes is put there.

A verdict is written as plain data. A paragraph's text is not written: it is the text of the paragraph its
source holds under that anchor (the key covers every source's bytes), and it is read back from there; a
verdict that does not read back whole (a source without that anchor, a malformed entry) is verified again.
A verdict read back equals the one verifying makes, field by field, the fields equality skips among them
(tests/unit/check/test_kept.py checks it on real corpora).

Each check made here carries its digest (``FactCheck.key``: load/digest.py's, worked out once, when the
verdict is made, and kept with it), which stands for it where a build compares a file's inputs with the last
build's: a build reading the verdict back does not walk the whole check again (its quotes' paragraphs, its
figures) for every fact, and an edit elsewhere (another source) that leaves the check as it was leaves its
digest as it was.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from ..diagnostics import decode_diagnostics, encode_diagnostics
from ..load import cache
from ..load.digest import Digester, Unencodable
from ..model.facts import Fact, Page
from ..model.sources import Source
from ..model.support import Backing, Evidence, Support
from ..model.verification import FactCheck, Match
from .verifier import FactVerdict, Verifier
from .warm_state import fact_keys

MEMO = "fact-builds"


class NotKept(Exception):
    """A verdict that cannot be written so it reads back whole (a paragraph its source does not hold)."""


def _text(sources: dict[str, Source], source: str, anchor: str) -> str:
    return sources[source].by_anchor[anchor].text


def _encode_evidence(e: Evidence, sources: dict[str, Source]) -> list[Any]:
    from ..load.memos import encode_mention

    if _text(sources, e.source, e.anchor) != e.paragraph:
        raise NotKept(e.anchor)
    return [e.fact, e.citation, e.source, e.anchor, e.quote, [list(s) for s in e.spans],
            [encode_mention(m) for m in e.mentions]]


def _decode_evidence(raw: Any, sources: dict[str, Source]) -> Evidence:
    from ..load.memos import decode_mention

    fact, citation, source, anchor, quote, spans, mentions = raw
    if not (isinstance(fact, str) and isinstance(citation, int) and isinstance(source, str)
            and isinstance(anchor, str) and isinstance(quote, str)):
        raise TypeError("malformed evidence")
    return Evidence(fact, citation, source, anchor, quote, _text(sources, source, anchor),
                    tuple((int(a), int(b)) for a, b in spans), tuple(decode_mention(m) for m in mentions))


def _encode_support(s: Support) -> list[Any]:
    from ..load.memos import encode_mention

    return [s.field, s.kind, s.text, s.start, s.end, s.reads,
            [[b.fact, b.citation, b.source, b.anchor, b.words] for b in s.backing], list(s.stated), s.measure,
            None if s.mention is None else encode_mention(s.mention), s.differs_at]


def _decode_support(raw: Any) -> Support:
    from ..load.memos import decode_mention

    name, kind, text, start, end, reads, backing, stated, measure, mention, differs_at = raw
    if not (isinstance(name, str) and isinstance(kind, str) and isinstance(text, str) and isinstance(start, int)
            and isinstance(end, int) and isinstance(reads, str) and isinstance(measure, str)
            and all(isinstance(w, str) for w in stated) and (differs_at is None or isinstance(differs_at, int))):
        raise TypeError("malformed support")
    found = []
    for fact, citation, source, anchor, words in backing:
        if not (isinstance(fact, str) and isinstance(citation, int) and isinstance(source, str)
                and isinstance(anchor, str) and isinstance(words, str)):
            raise TypeError("malformed backing")
        found.append(Backing(fact, citation, source, anchor, words))
    return Support(name, kind, text, start, end, reads, tuple(found), tuple(stated), measure,
                   None if mention is None else decode_mention(mention), differs_at)


def encode_verdict(verdict: FactVerdict, sources: dict[str, Source]) -> list[Any]:
    """Return ``verdict`` as plain data; raise NotKept when it would not read back whole."""
    evidence = [_encode_evidence(e, sources) for e in verdict.evidence]
    matches = []
    for j, m in sorted(verdict.matches.items()):
        if _text(sources, m.source, m.anchor) != m.text:
            raise NotKept(m.anchor)
        matches.append([j, m.source, m.anchor, m.quote])
    check = verdict.check
    encoded_check = None
    if check is not None:
        own = None if check.evidence == verdict.evidence else [_encode_evidence(e, sources) for e in check.evidence]
        encoded_check = [check.fact, [_encode_support(s) for s in check.supports], list(check.roles),
                         [list(h) for h in check.hedges], own, check.key]
    return [encode_diagnostics(verdict.diagnostics), evidence, matches, encoded_check]


def decode_verdict(raw: Any, sources: dict[str, Source]) -> FactVerdict:
    """Return the verdict :func:`encode_verdict` wrote; raise on anything else.

    KeyError: a paragraph its sources do not hold; TypeError, ValueError: a malformed entry.
    """
    diagnostics, evidence_raw, matches_raw, check_raw = raw
    evidence = tuple(_decode_evidence(e, sources) for e in evidence_raw)
    matches: dict[int, Match] = {}
    for j, source, anchor, quote in matches_raw:
        if not (isinstance(j, int) and isinstance(source, str) and isinstance(anchor, str) and isinstance(quote, str)):
            raise TypeError("malformed match")
        matches[j] = Match(source, anchor, quote, _text(sources, source, anchor))
    check = None
    if check_raw is not None:
        fact, supports, roles, hedges, own, key = check_raw
        if not (isinstance(fact, str) and all(isinstance(r, str) for r in roles)
                and (key is None or isinstance(key, str))):
            raise TypeError("malformed check")
        check = FactCheck(fact, tuple(_decode_support(s) for s in supports), tuple(roles),
                          tuple((str(w), int(j)) for w, j in hedges),
                          evidence if own is None else tuple(_decode_evidence(e, sources) for e in own), key=key)
    return FactVerdict(decode_diagnostics(diagnostics), evidence, matches, check)


def _plain(raw: Any) -> Any:
    if not (isinstance(raw, list) and len(raw) == 4):
        raise TypeError("malformed verdict")
    return raw


class Keeping(Verifier):
    """A verifier that takes each fact's verdict from memo ``fact-builds`` where it can, and keeps what it makes.

    ``base``: what every fact's key is made from besides the fact's own page (the sources' state, the ids the
    templates write: check/verdicts.py).
    """

    def __init__(self, sources: list[Source], page_ids: frozenset[str], numbered_ids: tuple[str, ...],
                 store: cache.Cache, base: str) -> None:
        super().__init__(sources, page_ids, numbered_ids)
        self.memo = store.memo(MEMO, lambda v: v, _plain)
        self.base = cache.digest(base, "\0build")
        self._keys: dict[int, str] = {}  # by id() of each fact of the pages being verified
        self.digester = Digester()

    def verify(self, pages: list[Page], changed: Any = ()) -> Any:
        self._keys = {id(f): k for page in pages for f, k in zip(page.facts, fact_keys(self.base, page), strict=True)}
        try:
            return super().verify(pages, changed)
        finally:
            self._keys = {}

    def verify_fact(self, page: Page, fact: Fact, section_ids: set[str]) -> FactVerdict:
        key = self._keys.get(id(fact))
        if key is None:
            return super().verify_fact(page, fact, section_ids)
        raw = self.memo.get(key)
        if raw is not None:
            try:
                return decode_verdict(raw, self.sources)
            except (KeyError, TypeError, ValueError, IndexError, AttributeError):
                pass  # verified again, and written again below
        verdict = super().verify_fact(page, fact, section_ids)
        if verdict.check is not None:
            try:
                digest: str | None = self.digester.own_digest(verdict.check)
            except (Unencodable, RecursionError):  # walked each time, then (and no build takes a file made from it over)
                digest = None
            verdict = dataclasses.replace(verdict, check=dataclasses.replace(verdict.check, key=digest))
        try:
            self.memo.put(key, encode_verdict(verdict, self.sources))
        except NotKept:
            pass
        return verdict


__all__ = ["Keeping", "NotKept", "decode_verdict", "encode_verdict"]
