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

import inspect

from . import claims, quotes, values
from .claims import Evidence, Support
from .diagnostics import Diagnostic
from .facts import Citation, Fact, Page
from .load import memos
from .sources import Paragraph, Source


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


#: Quotes of one word that mean nothing on their own: any paragraph has them.
COMMON_WORDS = frozenset("""a about after all also an and any are as at be because been but by can could did do
does for from had has have he her here him his how i if in into is it its just like may me more most my no not
now of on one only or other our out over said says she so some such than that the their them then there these
they this those to too under up us very was we were what when where which while who will with would yes you
your""".split())
_TOKENS = re.compile(r"\w+")


def too_short(quote: str) -> bool:
    """Return True for a quote that is one common word (or one letter): words any paragraph has back nothing."""
    words = _TOKENS.findall(quotes.normalise_text(quote))
    if not words:
        return not any(ch.isalnum() for ch in quote)
    return len(words) == 1 and (words[0].lower() in COMMON_WORDS or (len(words[0]) == 1 and words[0].isalpha()))

_PUBLISHED_KW = "published" in inspect.signature(values.find_mentions).parameters


def paragraph_mentions(text: str, published: values.FactDate | None) -> list[values.Mention]:
    """Return every figure a paragraph states, read once from the stored text (dates resolved against ``published``)."""
    if _PUBLISHED_KW:
        return memos.mentions(text, published,
                              lambda: values.find_mentions(text, published=published))  # type: ignore[call-arg]
    return memos.mentions(text, None, lambda: values.find_mentions(text))


class Verifier:
    """Checks pages against sources, indexing every paragraph once."""

    def __init__(self, sources: list[Source]) -> None:
        self.sources = {s.id: s for s in sources}
        self.index = quotes.QuoteIndex(
            ((s.id, p.anchor), p.text) for s in sources for p in s.paragraphs
        )
        self.keys_by_source = {s.id: [(s.id, p.anchor) for p in s.paragraphs] for s in sources}
        self._mentions: dict[tuple[str, str], list[values.Mention]] = {}
        self._published: dict[str, values.FactDate | None] = {}
        for s in sources:
            try:
                self._published[s.id] = parse_date(s.published) if s.published else None
            except ValueError:
                self._published[s.id] = None

    def mentions(self, source: Source, paragraph: Paragraph) -> list[values.Mention]:
        """Return the figures of one paragraph, parsed once per verifier."""
        key = (source.id, paragraph.anchor)
        found = self._mentions.get(key)
        if found is None:
            found = self._mentions[key] = paragraph_mentions(paragraph.text, self._published.get(source.id))
        return found

    def verify(self, pages: list[Page]) -> Verification:
        """Return diagnostics and citation matches for all pages."""
        diags: list[Diagnostic] = []
        matches: dict[CitationKey, Match] = {}
        checks: dict[str, FactCheck] = {}
        page_supports: dict[str, tuple[Support, ...]] = {}
        first_seen: dict[str, tuple[Page, Fact]] = {}
        for page in pages:
            diags.extend(page_id_diagnostics(page))
            fact_ids = {f.id for f in page.facts}
            section_ids = {s.id for s in page.sections}
            for k, fid in enumerate(page.answer):
                if fid in page.skipped:
                    continue
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
                    if fid not in fact_ids and fid not in page.skipped:
                        diags.append(page.doc.diag(comp.at + ("versions", k),
                                                   f"comparison '{comp.id}' names fact '{fid}', which is not on this page",
                                                   "each version is a fact (with its own citations) on this page",
                                                   code="unknown-fact"))
                if len(set(comp.versions)) < 2:
                    diags.append(page.doc.diag(comp.at + ("versions",), f"comparison '{comp.id}' needs two different facts",
                                               code="comparison"))
            page_evidence: list[Evidence] = []
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
                evidence: list[Evidence] = []
                failed = False
                for j, cite in enumerate(fact.citations):
                    match, cdiags = self.verify_citation(page, cite)
                    ev = None
                    if match:
                        ev, more = self.evidence(page, fact, j, cite, match)
                        cdiags = cdiags + more
                    diags.extend(cdiags)
                    if match and ev is not None:
                        matches[(fact.id, j)] = match
                        evidence.append(ev)
                    else:
                        failed = True
                fdiags = self.verify_value(page, fact, evidence, failed)
                check, more = self.verify_claim(page, fact, evidence, failed)
                fdiags += more
                diags.extend(fdiags)
                checks[fact.id] = check
                # Quotes that verified state what they state, whatever else is wrong with their fact.
                page_evidence.extend(evidence)
            supports, more = self.verify_page_text(page, page_evidence)
            diags.extend(more)
            page_supports[page.id] = supports
        return Verification(diags, matches, checks, page_supports)

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
        if too_short(cite.quote):
            return None, [doc.diag(cite.at + ("quote",), f"quote \"{_short(cite.quote)}\" is too short to back a claim",
                                   "quote the words that state the claim (a phrase of the source, not a single "
                                   "common word that any paragraph has)", code="short-quote")]
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
        split_hint = self._split_hint(cite.quote, source)
        if split_hint:
            hint = split_hint
        if elsewhere:
            other = sorted({k[0] for k in elsewhere})
            hint = (hint + "; " if hint else "") + f"these exact words are in source {', '.join(repr(o) for o in other)}"
        if hint is None:
            hint = "copy the words exactly from the article ('site-builder find \"some words\"' searches the sources)"
        return page.doc.diag(cite.at + ("quote",), f"quote not found in source '{source.id}': \"{_short(cite.quote)}\"",
                             hint, code="quote-not-found", notes=tuple(notes))

    def _split_hint(self, quote: str, source: Source) -> str | None:
        """Return the hint for a quote that joins two paragraphs or skips words with an ellipsis, else None."""
        parts = [p for p in re.split(r"\s*(?:…|\.\.\.)\s*", quote) if p.strip()]
        keys = self.keys_by_source[source.id]
        if len(parts) > 1 and all(self.index.find(p, keys) for p in parts):
            return ("a quote is the source's words without a gap: quote each contiguous part as its own citation "
                    "(the ellipsis '…' stands for words the quote leaves out)")
        needle = quotes.normalise_text(quote)
        article = source.article
        for a, b in zip(article, article[1:]):
            joined = quotes.normalise_text(a.text + " " + b.text)
            if needle in joined and needle not in quotes.normalise_text(a.text) and needle not in quotes.normalise_text(b.text):
                return (f"the quote runs across two paragraphs ('{a.anchor}', line {a.line_start}, and '{b.anchor}', "
                        f"line {b.line_start}): split it into one citation per paragraph")
        return None

    def evidence(self, page: Page, fact: Fact, j: int, cite: Citation,
                 match: Match) -> tuple[Evidence | None, list[Diagnostic]]:
        """Return what a verified quote states (the paragraph's figures it covers whole), or why it may not be used.

        A quote that starts or ends inside a word or a figure, or takes in struck-through words, is refused:
        "500km" cut out of "1 500km" states a figure the source does not.
        """
        source = self.sources[match.source]
        paragraph = source.by_anchor[match.anchor]
        text = paragraph.text
        spans = memos.spans(match.quote, text, lambda: match.spans)
        mentions = self.mentions(source, paragraph)
        at = cite.at + ("quote",)
        doc = page.doc
        clean: list[tuple[int, int]] = []
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
                                   code="quote-cuts-figure", offset=lead if edge == "starts" else last)
            elif first_word or last_word:
                word = first_word or last_word
                edge = "starts" if first_word else "ends"
                problem = doc.diag(at, f"quote {edge} inside the word \"{word}\" of source '{source.id}'",
                                   "a quote must start and end with whole words", code="quote-cuts-word",
                                   offset=lead if edge == "starts" else last)
            elif struck:
                a, b = struck[0]
                problem = doc.diag(at, f"quote takes in words that source '{source.id}' strikes through: \"{_short(text[a:b], 60)}\"",
                                   "struck-through text is what the source withdrew, not what it says: quote the words "
                                   "it states", code="struck-quote", offset=lead)
            else:
                clean.append((start, end))
        if not clean:
            return None, [problem] if problem else []
        covered_all: list[values.Mention] = []
        for start, end in clean:
            for m in claims.mentions_in_span(mentions, start, end)[0]:
                if m not in covered_all:
                    covered_all.append(m)
        return Evidence(fact.id, j, source.id, match.anchor, cite.quote, text, tuple(clean), tuple(covered_all)), []

    def verify_value(self, page: Page, fact: Fact, evidence: list[Evidence] | None = None,
                     failed: bool = False) -> list[Diagnostic]:
        """Return diagnostics for a fact's value and date not supported by the figures its quotes cover."""
        out = []
        doc = page.doc
        if evidence is None:  # called on its own: read every citation again
            evidence = []
            for j, cite in enumerate(fact.citations):
                match, problems = self.verify_citation(page, cite)
                if match is not None:
                    ev, more = self.evidence(page, fact, j, cite, match)
                    if ev is not None:
                        evidence.append(ev)
                    else:
                        failed = True
                else:
                    failed = True
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
            if failed:
                continue  # a quote that failed is reported already; what it would state is unknown
            if any(values.mention_supports(m, parsed, unit) for ev in evidence for m in ev.mentions):
                continue
            stated = []
            for ev in evidence:
                for m in ev.mentions:
                    d = m.describe()
                    if not m.kind.is_token and d not in stated:  # names and addresses are no figure's value
                        stated.append(d)
            shown = f"{raw} {unit}" if unit else str(raw)
            hint = (f"the quotes state: {', '.join(stated)}" if stated
                    else "the quotes contain no number or date: quote the words that state it")
            yearless = [(ev, m) for ev in evidence for m in ev.mentions if m.needs_year]
            if key == "date" and yearless:
                ev, m = yearless[0]
                hint = (f"the quote's \"{m.text}\" gives no year, and source '{ev.source}' has no 'published' date "
                        f"to read it against: add 'published:' to its entry in sources.yaml")
            out.append(doc.diag(fact.at + (key,), f"{key} {shown} is not supported by any of the fact's quotes", hint,
                                code="value-not-supported"))
        return out

    def verify_claim(self, page: Page, fact: Fact, evidence: list[Evidence],
                     failed: bool) -> tuple[FactCheck, list[Diagnostic]]:
        """Return what backs the fact's claim, short, label and place, and diagnostics for what nothing backs.

        Each citation must then state the fact's figures or none of their kinds: one that states another
        figure is an error (the sources differ), one that states none is context, not agreement.
        """
        doc = page.doc
        supports: list[Support] = []
        diags: list[Diagnostic] = []
        for name in ("claim", "short", "label", "place"):
            text = getattr(fact, name)
            if not isinstance(text, str) or not text.strip():
                continue
            found = claims.support_of(name, text, evidence)
            supports.extend(found)
            if failed:
                continue
            for sup in found:
                if not sup.ok:
                    diags.append(_unsupported(doc, fact.at + (name,), sup, "the fact's quotes", "the quotes"))
        roles = ["unverified"] * len(fact.citations)
        # The figures each citation must agree with, by kind: the value, the date, the claim's own figures.
        wanted: dict[str, list[tuple[str, object]]] = {}
        for key, raw, unit in (("value", fact.value, fact.unit), ("date", fact.date, None)):
            if raw is None:
                continue
            try:
                parsed = parse_date(raw) if key == "date" else values.parse_fact_value(raw)
                mention = claims.value_mention(parsed, unit)
            except (ValueError, OverflowError):
                continue
            wanted.setdefault(claims.figure_kind(mention), []).append(("value", (parsed, unit)))
        for sup in supports:
            if (sup.kind == "figure" and sup.field in ("claim", "short") and sup.mention is not None
                    and claims.compared(sup.mention)):
                wanted.setdefault(sup.measure, []).append(("figure", sup.mention))
        agree: dict[str, set[int]] = {}  # kind -> citations stating an agreeing figure of that kind
        differ: dict[str, list[tuple[Evidence, list[values.Mention]]]] = {}
        for ev in evidence:
            role = "backs" if not wanted else "context"
            for kind, figures in wanted.items():
                same = [m for m in ev.mentions if claims.compared(m) and claims.figure_kind(m) == kind]
                if not same:
                    continue
                if any(_agrees(m, how, fig) for m in same for how, fig in figures):
                    agree.setdefault(kind, set()).add(ev.citation)
                    if role != "differs":
                        role = "backs"
                else:
                    differ.setdefault(kind, []).append((ev, same))
                    role = "differs"
            roles[ev.citation] = role
        for kind, cases in differ.items():
            if failed or not agree.get(kind):
                continue  # no citation states the fact's figure: that is the error reported above, not a difference
            ours = ", ".join(dict.fromkeys(_shown(how, fig) for how, fig in wanted[kind]))
            for ev, same in cases:
                theirs = ", ".join(dict.fromkeys(m.describe() for m in same))
                cite = fact.citations[ev.citation]
                diags.append(doc.diag(
                    cite.at + ("quote",),
                    f"this citation of '{ev.source}' states {theirs}, where the fact states {ours}",
                    "the sources differ: split the fact in two (one fact per version, each citing the source that "
                    "states it) and declare a comparison of the two under 'comparisons:'", code="sources-differ",
                    offset=len(cite.quote) - len(cite.quote.lstrip())))
        found_hedges = tuple((word, ev.citation) for word, ev in claims.hedges(fact.claim, evidence))
        return FactCheck(fact.id, tuple(supports), tuple(roles), found_hedges, tuple(evidence)), diags

    def verify_page_text(self, page: Page, evidence: list[Evidence]) -> tuple[tuple[Support, ...], list[Diagnostic]]:
        """Return what backs the page's own texts (title, question, description, section and comparison titles, notes).

        They may state only what a verified fact on the same page states.
        """
        fields: list[tuple[tuple[str | int, ...], str, str | None]] = [
            (("page", "title"), "title", page.title), (("page", "question"), "question", page.question),
            (("page", "description"), "description", page.description)]
        fields += [(("sections", k, "title"), "section title", sec.title) for k, sec in enumerate(page.sections)]
        for comp in page.comparisons:
            fields.append((comp.at + ("title",), "comparison title", comp.title))
            fields.append((comp.at + ("note",), "comparison note", comp.note))
        out: list[Support] = []
        diags: list[Diagnostic] = []
        for at, name, text in fields:
            if not isinstance(text, str) or not text.strip():
                continue
            found = claims.support_of(name, text, evidence)
            out.extend(found)
            for sup in found:
                if not sup.ok:
                    diags.append(_unsupported(page.doc, at, sup, "the quotes on this page",
                                              "the page's quotes"))
        return tuple(out), diags


def _agrees(mention: values.Mention, how: str, figure: object) -> bool:
    if how == "value":
        parsed, unit = figure  # type: ignore[misc]
        return values.mention_supports(mention, parsed, unit)
    return claims.backs(mention, figure)  # type: ignore[arg-type]


def _shown(how: str, figure: object) -> str:
    if how == "value":
        parsed, unit = figure  # type: ignore[misc]
        return claims.value_mention(parsed, unit).describe()
    return figure.describe()  # type: ignore[attr-defined]


def _unsupported(doc, at: tuple[str | int, ...], sup: Support, backers: str, stating: str) -> Diagnostic:
    """Return the error for one figure, name or quoted phrase of a reader's text that nothing backs."""
    where = sup.field
    if sup.kind == "figure":
        message = f"{where} states {sup.reads}, which none of {backers} backs"
        hint = (f"{stating} state: {', '.join(sup.stated)}" if sup.stated
                else f"{stating} state no {'date' if sup.measure == 'date' else 'figure of this kind'}: "
                     "correct the text, or quote the words that state it")
        code = "claim-not-supported"
    elif sup.kind == "name":
        message = f"{where} has '{sup.text}', which is in none of {backers}"
        token = sup.mention.kind.value if sup.mention is not None else "number in a name"
        if token == "identifier":
            token = "number in a name"
        hint = (f"{stating} have: {', '.join(sup.stated)}" if sup.stated
                else f"a {token} must be in a quote exactly as written")
        code = "name-not-quoted"
    else:
        message = f"{where} puts “{sup.text}” in quotation marks, but none of {backers} has these words"
        hint = (f"the closest words in {stating}: “{sup.stated[0]}”; words in quotation marks must be the source's own"
                if sup.stated else "words in quotation marks must be the source's own: quote them, or drop the marks")
        code = "quoted-words-not-found"
    return doc.diag(at, message, hint, code=code, offset=sup.start if sup.differs_at is None else sup.differs_at)
