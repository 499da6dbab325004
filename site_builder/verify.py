"""Verification: every quote in its source, every figure in its quotes.

Pure functions over domain objects: no files, no MkDocs, no HTML. The result
is the list of diagnostics plus, for each citation that verified, where its
words are (paragraph anchor and character spans) so pages can link and
highlight them.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from . import quotes, values
from .diagnostics import Diagnostic
from .facts import Citation, Fact, Page
from .sources import Source


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
    return tuple(quotes.find_spans(quote, text)) if quote.strip() else ()


CitationKey = tuple[str, int]  # (fact id, index of the citation in the fact)

#: Element ids the page templates use themselves (templates/main.html, factsheet/explainer.html,
#: factsheet/_charts.html; plus 'note-<n>' and '<section id>-h'). A fact, section or comparison with
#: one of them would make a second element with that id, and links to it would land on the wrong one.
RESERVED_IDS = frozenset({"main", "answer-h", "facts-h", "figures-h", "notes-h", "pictures-h",
                          "distance-title", "timeline-title"})
_NOTE_ID = re.compile(r"note-[0-9]+")


def page_id_diagnostics(page: Page) -> list[Diagnostic]:
    """Return diagnostics for ids on one page that would give two elements the same HTML id."""
    out: list[Diagnostic] = []
    owners: dict[str, tuple[str, int]] = {}  # HTML id -> (what has it, line)
    entries: list[tuple[str, str, tuple[str | int, ...]]] = []
    for k, section in enumerate(page.sections):
        entries.append(("section", section.id, ("sections", k, "id")))
    entries += [("fact", f.id, f.at + ("id",)) for f in page.facts]
    entries += [("comparison", c.id, c.at + ("id",)) for c in getattr(page, "comparisons", [])]
    for kind, ident, at in entries:
        line = page.doc.at(at)[0]
        if ident in RESERVED_IDS or _NOTE_ID.fullmatch(ident):
            out.append(page.doc.diag(at, f"id '{ident}' is reserved: the page itself uses it", f"rename the {kind}",
                                     code="reserved-id"))
            continue
        for html_id in (ident, f"{ident}-h") if kind == "section" else (ident,):
            if html_id in owners:
                what, first = owners[html_id]
                if kind == "fact" and what.startswith("fact "):
                    break  # two facts with one id: reported below, site-wide
                if kind == "section" and what.startswith("section") and html_id == ident:
                    msg = f"duplicate section id '{ident}' (first defined at line {first})"
                else:
                    msg = (f"id '{ident}' is already used by {what} (line {first}): facts, sections and comparisons "
                           "on a page share one set of ids (they are its link anchors)")
                out.append(page.doc.diag(at, msg, f"rename the {kind}", code="duplicate-id"))
                break
        else:
            owners[ident] = (f"{kind} '{ident}'", line)
            if kind == "section":
                owners[f"{ident}-h"] = (f"the heading of section '{ident}'", line)
    return out


@dataclass
class Verification:
    """The outcome of verifying a site's facts against its sources."""

    diagnostics: list[Diagnostic]
    matches: dict[CitationKey, Match]


def _short(text: str, limit: int = 90) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def parse_date(raw: object) -> values.FactDate:
    """Return a fact's `date` (an integer year or a YYYY[-MM[-DD]] string) as a FactDate."""
    if isinstance(raw, int) and not isinstance(raw, bool):
        return values.FactDate(raw)
    parsed = values.parse_fact_value(raw)
    if not isinstance(parsed, values.FactDate):
        raise ValueError(f"must be written YYYY, YYYY-MM or YYYY-MM-DD, not {raw!r}")
    return parsed


class Verifier:
    """Checks pages against sources, indexing every paragraph once."""

    def __init__(self, sources: list[Source]) -> None:
        self.sources = {s.id: s for s in sources}
        self.index = quotes.QuoteIndex(
            ((s.id, p.anchor), p.text) for s in sources for p in s.paragraphs
        )
        self.keys_by_source = {s.id: [(s.id, p.anchor) for p in s.paragraphs] for s in sources}

    def verify(self, pages: list[Page]) -> Verification:
        """Return diagnostics and citation matches for all pages."""
        diags: list[Diagnostic] = []
        matches: dict[CitationKey, Match] = {}
        first_seen: dict[str, tuple[Page, Fact]] = {}
        for page in pages:
            diags.extend(page_id_diagnostics(page))
            fact_ids = {f.id for f in page.facts}
            section_ids = {s.id for s in page.sections}
            for k, fid in enumerate(page.answer):
                if fid not in fact_ids:
                    diags.append(page.doc.diag(("page", "answer", k), f"answer names fact '{fid}', which is not on this page",
                                               code="unknown-fact"))
                elif fid in page.answer[:k]:  # it would be shown twice, as two elements with one id
                    diags.append(page.doc.diag(("page", "answer", k), f"answer names fact '{fid}' twice",
                                               code="duplicate-id"))
            for comp in page.comparisons:
                if comp.section and comp.section not in section_ids:
                    diags.append(page.doc.diag(comp.at + ("section",), f"unknown section '{comp.section}'",
                                               code="unknown-section"))
                for k, fid in enumerate(comp.versions):
                    if fid not in fact_ids:
                        diags.append(page.doc.diag(comp.at + ("versions", k),
                                                   f"comparison '{comp.id}' names fact '{fid}', which is not on this page",
                                                   "each version is a fact (with its own citations) on this page",
                                                   code="unknown-fact"))
                if len(set(comp.versions)) < 2:
                    diags.append(page.doc.diag(comp.at + ("versions",), f"comparison '{comp.id}' needs two different facts",
                                               code="comparison"))
            for fact in page.facts:
                if fact.id in first_seen:
                    other_page, other = first_seen[fact.id]
                    line = other_page.doc.at(other.at + ("id",))[0]
                    diags.append(page.doc.diag(fact.at + ("id",), f"duplicate fact id '{fact.id}' (also used at {other_page.path}:{line})",
                                               "fact ids must be unique across the site: rename one", code="duplicate-id"))
                else:
                    first_seen[fact.id] = (page, fact)
                if fact.section and fact.section not in section_ids:
                    hint = f"sections on this page: {', '.join(sorted(section_ids))}" if section_ids else "declare it under 'sections:'"
                    diags.append(page.doc.diag(fact.at + ("section",), f"unknown section '{fact.section}'", hint,
                                               code="unknown-section"))
                for j, cite in enumerate(fact.citations):
                    match, cdiags = self.verify_citation(page, cite)
                    diags.extend(cdiags)
                    if match:
                        matches[(fact.id, j)] = match
                diags.extend(self.verify_value(page, fact))
        return Verification(diags, matches)

    def verify_citation(self, page: Page, cite: Citation) -> tuple[Match | None, list[Diagnostic]]:
        """Return where a citation's quote is in its source, or the diagnostics saying why not."""
        doc = page.doc
        source = self.sources.get(cite.source)
        if source is None:
            close = [s for s in self.sources if s.startswith(cite.source[:3])]
            hint = f"known sources: {', '.join(sorted(self.sources))}" if self.sources else "register it in facts/sources.yaml"
            return None, [doc.diag(cite.at + ("source",), f"unknown source '{cite.source}'",
                                   f"did you mean '{close[0]}'?" if close else hint, code="unknown-source")]
        if not cite.quote.strip():
            return None, [doc.diag(cite.at + ("quote",), "quote is empty", "paste the source's own words", code="empty-quote")]
        keys = self.keys_by_source[source.id]
        if cite.paragraph is not None and cite.paragraph not in source.by_anchor:
            close = quotes.closest(cite.paragraph, [(p.anchor, p.anchor) for p in source.paragraphs], min_score=50)
            hint = f"did you mean '{close.key}'?" if close else "run 'site-builder find' to see paragraph anchors"
            return None, [doc.diag(cite.at + ("paragraph",), f"source '{source.id}' has no paragraph '{cite.paragraph}'",
                                   hint, code="unknown-paragraph")]
        found = self.index.find(cite.quote, keys)
        article = [k for k in found if not source.by_anchor[k[1]].excluded]
        if not found:
            return None, [self._not_found(page, cite, source)]
        if not article:
            p = source.by_anchor[found[0][1]]
            return None, [doc.diag(cite.at + ("quote",),
                                   f"quote is found only in text of '{source.id}' excluded as not article text ({p.exclude_reason}), line {p.line_start}",
                                   "quote the article itself", code="excluded-quote")]
        if cite.paragraph is not None:
            if (source.id, cite.paragraph) not in article:
                where = ", ".join(f"'{k[1]}' (line {source.by_anchor[k[1]].line_start})" for k in article)
                return None, [doc.diag(cite.at + ("paragraph",),
                                       f"quote is not in paragraph '{cite.paragraph}' of '{source.id}'; it is in {where}",
                                       f"set paragraph: {article[0][1]}" if len(article) == 1 else None,
                                       code="wrong-paragraph")]
            anchor = cite.paragraph
        elif len(article) > 1:
            where = ", ".join(f"'{k[1]}' (line {source.by_anchor[k[1]].line_start})" for k in article)
            return None, [doc.diag(cite.at + ("quote",),
                                   f"quote occurs in {len(article)} paragraphs of '{source.id}': {where}",
                                   f"add 'paragraph: {article[0][1]}' (or another of them) to say which one",
                                   code="ambiguous-quote")]
        else:
            anchor = article[0][1]
        return Match(source.id, anchor, cite.quote, source.by_anchor[anchor].text), []

    def _not_found(self, page: Page, cite: Citation, source: Source) -> Diagnostic:
        notes: list[str] = []
        hint = None
        elsewhere = [k for k in self.index.find(cite.quote) if k[0] != source.id]
        close = quotes.closest(cite.quote, [((source.id, p.anchor), p.text) for p in source.article])
        if close is not None:
            p = source.by_anchor[close.key[1]]
            notes.append(f"closest passage ({close.score:.0f}% similar), {source.where(p)}, paragraph '{p.anchor}':")
            notes.append(f"  {_short(quotes.mark_differences(cite.quote, close.passage), 200)}")
            hint = quotes.explain_difference(cite.quote, close.passage)
        if elsewhere:
            other = sorted({k[0] for k in elsewhere})
            hint = (hint + "; " if hint else "") + f"these exact words are in source {', '.join(repr(o) for o in other)}"
        if hint is None:
            hint = "copy the words exactly from the article ('site-builder find \"some words\"' searches the sources)"
        return page.doc.diag(cite.at + ("quote",), f"quote not found in source '{source.id}': \"{_short(cite.quote)}\"",
                             hint, code="quote-not-found", notes=tuple(notes))

    def verify_value(self, page: Page, fact: Fact) -> list[Diagnostic]:
        """Return diagnostics for a fact's value and date not supported by its quotes."""
        out = []
        doc = page.doc
        texts = [c.quote for c in fact.citations if c.quote.strip()]
        if fact.unit is not None and fact.value is None:
            out.append(doc.diag(fact.at + ("unit",), "'unit' is set but 'value' is missing", "add the value, or remove the unit",
                                code="unit-without-value"))
        for key, raw, unit in (("value", fact.value, fact.unit), ("date", fact.date, None)):
            if raw is None:
                continue
            try:
                parsed = parse_date(raw) if key == "date" else values.parse_fact_value(raw)
            except OverflowError:  # an integer too large for a float: no article states it
                out.append(doc.diag(fact.at + (key,), f"'{key}' is too large to be a figure an article states",
                                    code="bad-value"))
                continue
            except ValueError as exc:
                out.append(doc.diag(fact.at + (key,), f"'{key}': {exc}", code="bad-value"))
                continue
            if any(values.supports(parsed, unit, t) for t in texts):
                continue
            stated = []
            for t in texts:
                for m in values.find_mentions(t):
                    d = m.describe()
                    if d not in stated:
                        stated.append(d)
            shown = f"{raw} {unit}" if unit else str(raw)
            hint = (f"the quotes state: {', '.join(stated)}" if stated
                    else "the quotes contain no number or date: quote the words that state it")
            out.append(doc.diag(fact.at + (key,), f"{key} {shown} is not supported by any of the fact's quotes", hint,
                                code="value-not-supported"))
        return out
