"""Rules for citations: each quote found in its source (or why not), and what the quoted words state."""

from __future__ import annotations

import inspect
import itertools
import re
from dataclasses import dataclass, field
from typing import Any, cast

from .. import figures
from ..diagnostics import Code, Diagnostic
from ..figures import FactDate, Mention
from ..load import memos
from ..model.facts import Citation, Fact, Page
from ..model.sources import Paragraph, Source
from ..model.support import Evidence
from ..model.verification import Match
from ..text import suggest
from ..text.closest import closest
from ..text.differences import explain_difference, mark_differences
from ..text.index import QuoteIndex
from ..text.normalise import find_spans, normalise_text
from . import claims


#: Quotes of one word that mean nothing on their own: any paragraph has them.
COMMON_WORDS = frozenset("""a about after all also an and any are as at be because been but by can could did do
does for from had has have he her here him his how i if in into is it its just like may me more most my no not
now of on one only or other our out over said says she so some such than that the their them then there these
they this those to too under up us very was we were what when where which while who will with would yes you
your""".split())
_TOKENS = re.compile(r"\w+")


def too_short(quote: str) -> bool:
    """Return True for a quote that is one common word (or one letter): words any paragraph has back nothing."""
    words = _TOKENS.findall(normalise_text(quote))
    if not words:
        return not any(ch.isalnum() for ch in quote)
    return len(words) == 1 and (words[0].lower() in COMMON_WORDS or (len(words[0]) == 1 and words[0].isalpha()))

_PUBLISHED_KW = "published" in inspect.signature(figures.find_mentions).parameters


def paragraph_mentions(text: str, published: figures.FactDate | None) -> list[figures.Mention]:
    """Return every figure a paragraph states, read once from the stored text (dates resolved against ``published``)."""
    if _PUBLISHED_KW:
        return memos.mentions(text, published,
                              lambda: figures.find_mentions(text, published=published))
    return memos.mentions(text, None, lambda: figures.find_mentions(text))


def _short(text: str, limit: int = 90) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"




@dataclass
class _Shared:
    """What verifiers of the same sources share: the paragraphs' index, and the figures read from them."""

    sources: list[Source]
    index: QuoteIndex
    #: the index's keys of each source's paragraphs
    keys_by_source: dict[str, list[tuple[str, str]]]
    #: the index's ids of each source's paragraphs, worked out once (each citation looks among them)
    among: dict[str, Any]
    #: the figures of each paragraph read, by (source id, anchor)
    mentions: dict[tuple[str, str], list[Mention]] = field(default_factory=dict)


#: The last verifier's, for the next verifier of the very same source objects (a `serve` rebuilding, whose
#: unchanged sources are the objects loaded before: load/sources.py): sources are never changed once loaded,
#: so neither are the paragraphs indexed nor the figures read from them.
_LAST: list[_Shared] = []


def _shared(sources: list[Source]) -> _Shared:
    """Return the index and figures of the paragraphs of ``sources``: the last verifier's, when they are its."""
    if _LAST and len(_LAST[0].sources) == len(sources) and all(
            a is b for a, b in zip(_LAST[0].sources, sources, strict=True)):
        return _LAST[0]
    index = QuoteIndex(((s.id, p.anchor), p.text, p.normal) for s in sources for p in s.paragraphs)
    keys_by_source = {s.id: [(s.id, p.anchor) for p in s.paragraphs] for s in sources}
    found = _Shared(list(sources), index, keys_by_source,
                    {sid: index.among(keys) for sid, keys in keys_by_source.items()})
    _LAST[:] = [found]
    return found


class CitationRules:
    """Finds each citation's quote in its source, and what the quoted words state, indexing every paragraph once."""

    def __init__(self, sources: list[Source]) -> None:
        self.sources = {s.id: s for s in sources}
        #: the project's source ids, for an unknown source's hint (a verifier of some sources is told them all)
        self.known_ids: list[str] = list(self.sources)
        shared = _shared(sources)
        self.index, self.keys_by_source, self._among, self._mentions = (
            shared.index, shared.keys_by_source, shared.among, shared.mentions)
        #: the figures of each claim, label and page text read (see claims.support_of), by text
        self._text_mentions: dict[str, list[Mention]] = {}
        self._published: dict[str, FactDate | None] = {s.id: s.published_date for s in sources}

    def mentions(self, source: Source, paragraph: Paragraph) -> list[Mention]:
        """Return the figures of one paragraph, parsed once per verifier."""
        key = (source.id, paragraph.anchor)
        found = self._mentions.get(key)
        if found is None:
            found = self._mentions[key] = paragraph_mentions(paragraph.text, self._published.get(source.id))
        return found

    def verify_citation(self, page: Page, cite: Citation) -> tuple[Match | None, list[Diagnostic]]:
        """Return where a citation's quote is in its source, or the diagnostics saying why not."""
        doc = page.doc
        source = self.sources.get(cite.source)
        if source is None:
            known = (f"known sources: {', '.join(sorted(self.known_ids))}" if self.known_ids
                     else "register it in facts/sources.yaml")
            return None, [doc.diag(cite.at + ("source",), f"unknown source '{cite.source}'",
                                   suggest.hint(cite.source, self.known_ids, known), code=Code.UNKNOWN_SOURCE)]
        if not cite.quote.strip():
            return None, [doc.diag(cite.at + ("quote",), "quote is empty", "paste the source's own words", code=Code.EMPTY_QUOTE)]
        if cite.paragraph is not None and cite.paragraph not in source.by_anchor:
            hint = suggest.hint(cite.paragraph, [p.anchor for p in source.paragraphs],
                                "run 'site-builder find' to see paragraph anchors")
            return None, [doc.diag(cite.at + ("paragraph",), f"source '{source.id}' has no paragraph '{cite.paragraph}'",
                                   hint, code=Code.UNKNOWN_PARAGRAPH)]
        # The index's keys are (source id, paragraph anchor), as built in __init__.
        found = cast("list[tuple[str, str]]", self.index.find(cite.quote, among=self._among[source.id]))
        article = [k for k in found if not source.by_anchor[k[1]].excluded]
        if not found:
            return None, [self._not_found(page, cite, source)]
        if not article:
            p = source.by_anchor[found[0][1]]
            return None, [doc.diag(cite.at + ("quote",),
                                   f"quote is found only in text of '{source.id}' excluded as not article text ({p.exclude_reason}), line {p.line_start}",
                                   "quote the article itself", code=Code.EXCLUDED_QUOTE)]
        if cite.paragraph is not None:
            if (source.id, cite.paragraph) not in article:
                where = ", ".join(f"'{k[1]}' (line {source.by_anchor[k[1]].line_start})" for k in article)
                return None, [doc.diag(cite.at + ("paragraph",),
                                       f"quote is not in paragraph '{cite.paragraph}' of '{source.id}'; it is in {where}",
                                       f"set paragraph: {article[0][1]}" if len(article) == 1 else None,
                                       code=Code.WRONG_PARAGRAPH)]
            anchor = cite.paragraph
        elif len(article) > 1:
            where = ", ".join(f"'{k[1]}' (line {source.by_anchor[k[1]].line_start})" for k in article)
            return None, [doc.diag(cite.at + ("quote",),
                                   f"quote occurs in {len(article)} paragraphs of '{source.id}': {where}",
                                   f"add 'paragraph: {article[0][1]}' (or another of them) to say which one",
                                   code=Code.AMBIGUOUS_QUOTE)]
        else:
            anchor = article[0][1]
        if too_short(cite.quote):
            return None, [doc.diag(cite.at + ("quote",), f"quote \"{_short(cite.quote)}\" is too short to back a claim",
                                   "quote the words that state the claim (a phrase of the source, not a single "
                                   "common word that any paragraph has)", code=Code.SHORT_QUOTE)]
        return Match(source.id, anchor, cite.quote, source.by_anchor[anchor].text), []

    def _not_found(self, page: Page, cite: Citation, source: Source) -> Diagnostic:
        notes: list[str] = []
        hint = None
        elsewhere = [o for o in self.sources_with(cite.quote) if o != source.id]
        close = closest(cite.quote, [((source.id, p.anchor), p.text) for p in source.article])
        if close is not None:
            p = source.by_anchor[cast("tuple[str, str]", close.key)[1]]
            notes.append(f"closest passage ({close.score:.0f}% similar), {source.where(p)}, paragraph '{p.anchor}':")
            notes.append(f"  {_short(mark_differences(cite.quote, close.passage), 200)}")
            hint = explain_difference(cite.quote, close.passage)
        split_hint = self._split_hint(cite.quote, source)
        if split_hint:
            hint = split_hint
        if elsewhere:
            hint = (hint + "; " if hint else "") + f"these exact words are in source {', '.join(repr(o) for o in elsewhere)}"
        if hint is None:
            hint = "copy the words exactly from the article ('site-builder find \"some words\"' searches the sources)"
        return page.doc.diag(cite.at + ("quote",), f"quote not found in source '{source.id}': \"{_short(cite.quote)}\"",
                             hint, code=Code.QUOTE_NOT_FOUND, notes=tuple(notes))

    def sources_with(self, quote: str) -> list[str]:
        """Return the ids of the sources with a paragraph holding ``quote``, sorted (a not-found quote's hint)."""
        return sorted({k[0] for k in cast("list[tuple[str, str]]", self.index.find(quote))})

    def _split_hint(self, quote: str, source: Source) -> str | None:
        """Return the hint for a quote that joins two paragraphs or skips words with an ellipsis, else None."""
        parts = [p for p in re.split(r"\s*(?:…|\.\.\.)\s*", quote) if p.strip()]
        if len(parts) > 1 and all(self.index.find(p, among=self._among[source.id]) for p in parts):
            return ("a quote is the source's words without a gap: quote each contiguous part as its own citation "
                    "(the ellipsis '…' stands for words the quote leaves out)")
        needle = normalise_text(quote)
        article = source.article
        for a, b in itertools.pairwise(article):
            joined = normalise_text(a.text + " " + b.text)
            if needle in joined and needle not in normalise_text(a.text) and needle not in normalise_text(b.text):
                return (f"the quote runs across two paragraphs ('{a.anchor}', line {a.line_start}, and '{b.anchor}', "
                        f"line {b.line_start}): split it into one citation per paragraph")
        return None

    def _spans(self, match: Match) -> tuple[tuple[int, int], ...]:
        """Return ``match.spans``, worked out from the normalised paragraph the index holds (not normalised again)."""
        if not match.quote.strip():
            return ()
        normal = self.index.normalised((match.source, match.anchor), match.text)
        return tuple(find_spans(match.quote, match.text, normal))

    def evidence(self, page: Page, fact: Fact, j: int, cite: Citation,
                 match: Match) -> tuple[Evidence | None, list[Diagnostic]]:
        """Return what a verified quote states (the paragraph's figures it covers whole), or why it may not be used.

        A quote that starts or ends inside a word or a figure, or takes in struck-through words, is refused:
        "500km" cut out of "1 500km" states a figure the source does not.
        """
        source = self.sources[match.source]
        paragraph = source.by_anchor[match.anchor]
        text = paragraph.text
        spans = memos.spans(match.quote, text, lambda: self._spans(match))
        mentions = self.mentions(source, paragraph)
        at = cite.at + ("quote",)
        doc = page.doc
        clean: list[tuple[int, int, list[Mention]]] = []  # each clean span, with the mentions it covers whole
        problem: Diagnostic | None = None
        lead = len(cite.quote) - len(cite.quote.lstrip())
        last = len(cite.quote.rstrip()) - 1
        for start, end in spans:
            covered, cut = claims.mentions_in_span(mentions, start, end)
            first_word, last_word = claims.cut_at_edges(text, start, end)
            struck = [(a, b) for a, b in paragraph.struck if a < end and start < b]
            if cut:
                m = cut[0]
                edge = "starts" if m.start < start else "ends"
                problem = doc.diag(at, f"quote {edge} inside the figure \"{m.text}\" of source '{source.id}'",
                                   f"a quote must take in the whole figure, as the source writes it: \"{text[min(m.start, start):max(m.end, end)] if edge == 'starts' else text[start:max(m.end, end)]}\"",
                                   code=Code.QUOTE_CUTS_FIGURE, offset=lead if edge == "starts" else last)
            elif first_word or last_word:
                word = first_word or last_word
                edge = "starts" if first_word else "ends"
                problem = doc.diag(at, f"quote {edge} inside the word \"{word}\" of source '{source.id}'",
                                   "a quote must start and end with whole words", code=Code.QUOTE_CUTS_WORD,
                                   offset=lead if edge == "starts" else last)
            elif struck:
                a, b = struck[0]
                problem = doc.diag(at, f"quote takes in words that source '{source.id}' strikes through: \"{_short(text[a:b], 60)}\"",
                                   "struck-through text is what the source withdrew, not what it says: quote the words "
                                   "it states", code=Code.STRUCK_QUOTE, offset=lead)
            else:
                clean.append((start, end, covered))
        if not clean:
            return None, [problem] if problem else []
        covered_all: list[Mention] = []
        for _start, _end, covered in clean:
            for m in covered:
                if m not in covered_all:
                    covered_all.append(m)
        return Evidence(fact.id, j, source.id, match.anchor, cite.quote, text, tuple((a, b) for a, b, _ in clean),
                        tuple(covered_all)), []
