"""Page models for the templates: what each explainer and source page shows, counted, numbered and linked.

The domain (sources, facts, matches) becomes plain dataclasses that templates
only display: all counting, numbering, formatting and linking happens here,
nothing in ``templates/`` computes what the domain should have. No MkDocs.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from markupsafe import Markup

from .. import figures
from ..model.facts import Citation, Fact, Page
from ..model.project import Project
from ..model.sources import Source
from ..model.verification import Match
from ..history.model import NO_HISTORY, History
from . import charts
from .history import HistoryView, UpdateView, history_view, page_dates, update_views
from .ids import UNPLACED_SECTION
from .markup import _marked, _plain, claim_html, text_fragment_url
from .urls import DEFAULT_URLS, Urls, page_href, page_path, source_path, stored_copy_path


@dataclass(frozen=True)
class CitationView:
    """A numbered citation as a reader sees it."""

    number: int
    source_id: str
    source_name: str
    published: figures.FactDate | None
    quote: str
    anchor: str
    href: str  # site path of the paragraph, e.g. sources/reuters/#anchor
    line: int
    page: int | None = None  # a PDF's page ("p. 12")
    page_href: str | None = None  # the stored PDF at that page, e.g. sources/report/original.pdf#page=12


@dataclass(frozen=True)
class FactView:
    """A fact ready to display: its claim, figure and numbered citations."""

    id: str
    claim: Markup
    label: str | None
    value_text: str | None
    date: figures.FactDate | None
    citations: tuple[CitationView, ...]
    sources: tuple[str, ...]  # distinct source names whose quotes back the fact (its figures, if it has any)
    short: str | None = None
    #: the short text for the key-figures box: the value, the date, the short text, else the claim
    figure: Markup | str | None = None
    #: source names cited only for context: their quotes state none of the fact's figures, so they do not count
    context: tuple[str, ...] = ()
    #: the fact's dated changes, oldest first (empty without git history): render/history.py
    history: tuple[HistoryView, ...] = ()
    #: the editor's correction notice, and the date of the commit that introduced it (None: not committed yet)
    correction: str | None = None
    correction_date: str | None = None
    correction_date_text: str | None = None
    #: when the claim was true ("as of September 2023")
    as_of: figures.FactDate | None = None
    as_of_text: str | None = None


@dataclass(frozen=True)
class ComparisonView:
    """Versions of one thing on which the sources differ, shown side by side."""

    id: str
    title: str
    note: Markup | None
    versions: tuple[FactView, ...]


@dataclass(frozen=True)
class SectionBlock:
    """A section: its facts, then the comparisons placed in it."""

    id: str | None
    title: str | None
    facts: tuple[FactView, ...]
    comparisons: tuple[ComparisonView, ...]


@dataclass(frozen=True)
class FootnoteView:
    """One entry of the page's list of sources: a citation and the claims that use it."""

    citation: CitationView
    fact_ids: tuple[str, ...]
    #: (fact id, claim as plain text) for the back-links' labels, in the same order as ``fact_ids``
    claims: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class ExplainerView:
    """Everything the explainer template shows."""

    id: str
    title: str
    question: str | None
    description: str | None
    answer: tuple[FactView, ...]
    key_figures: tuple[FactView, ...]
    sections: tuple[SectionBlock, ...]
    footnotes: tuple[FootnoteView, ...]
    sources: tuple[Source, ...]
    timeline: charts.Timeline | None
    distances: charts.DistanceDiagram | None
    #: "Published …, updated …" (ISO dates, full times, words) and the "Updates and corrections" list
    published: str | None = None
    updated: str | None = None
    published_time: str | None = None
    modified_time: str | None = None
    published_text: str | None = None
    updated_text: str | None = None
    updates: tuple[UpdateView, ...] = ()


@dataclass(frozen=True)
class ParagraphView:
    """A source paragraph with cited words marked and links back to the claims."""

    anchor: str
    html: Markup
    line_start: int
    kind: str
    cited_by: tuple[tuple[str, str, str], ...]  # (fact id, claim as plain text, href to the claim)
    original: str | None = None  # link to the quote in the original article (text fragment)
    page: int | None = None  # a PDF's page
    page_href: str | None = None  # the stored PDF at that page


@dataclass(frozen=True)
class SourceView:
    """Everything the source template shows."""

    source: Source
    published: figures.FactDate | None
    paragraphs: tuple[ParagraphView, ...]
    cited_count: int
    stored_href: str | None = None  # the stored original (saved page as text, or the PDF)


@functools.lru_cache(maxsize=8192)
def _paragraph_mentions(text: str) -> tuple[figures.Mention, ...]:
    """Return the figures of a cited paragraph's text, read once per process (a page, its cards and its share
    images all print the same facts' values)."""
    return tuple(figures.find_mentions(text))


def _source_precision(value: float, unit: str | None, matches: list[Match]) -> float | None:
    """Return the rounding of the source figure that backs ``value`` (in ``unit``), or None if none is found.

    The conversion readers see is printed at that precision: "185 ft" backs 185 and shows as 56 m, not 56.4 m.
    """
    code = figures.resolve_unit(unit)
    for match in matches:
        for start, end in match.spans:
            mention = figures.span_supports(_paragraph_mentions(match.text), start, end, value, code)
            if mention is not None and mention.precision is not None and mention.unit and code:
                return mention.precision * figures.UNITS[mention.unit].factor / figures.UNITS[code].factor
    return None


def value_text(fact: Fact, matches: list[Match] | None = None) -> str | None:
    """Return a fact's value as readers expect it: '1,500 km (930 miles)', '13 September 2023'.

    With the fact's verified ``matches``, a conversion is printed at the precision of the source figure.
    """
    parsed = fact.value_figure
    if parsed is None:
        return None
    if isinstance(parsed, figures.FactDate):
        return parsed.words()
    precision = _source_precision(parsed, fact.unit, matches) if matches else None
    return figures.format_quantity(parsed, fact.unit, precision=precision)


def explainer_view(project: Project, page: Page, urls: Urls = DEFAULT_URLS,
                   history: History = NO_HISTORY) -> ExplainerView:
    """Return the view of one explainer page, citations numbered in reading order, dated by ``history``."""
    numbers: dict[tuple[str, str, str], int] = {}
    footnote_facts: dict[int, list[str]] = {}
    footnote_cites: dict[int, CitationView] = {}
    views: dict[str, FactView] = {}
    page_history = history.page(page.id)
    by_id, positions = _source_index(project)

    def view(fact: Fact) -> FactView:
        if fact.id in views:
            return views[fact.id]
        cites = []
        for j, cite in enumerate(fact.citations):
            match = project.matches[(fact.id, j)]
            source = by_id[match.source]
            key = (match.source, match.anchor, cite.quote)
            n = numbers.setdefault(key, len(numbers) + 1)
            paragraph = source.by_anchor[match.anchor]
            cv = CitationView(n, source.id, source.name, source.published_date, cite.quote, match.anchor,
                              f"{source_path(source.id, urls)}#{match.anchor}", paragraph.line_start, paragraph.page,
                              page_href(source, paragraph.page))
            footnote_cites.setdefault(n, cv)
            ids = footnote_facts.setdefault(n, [])
            if fact.id not in ids:
                ids.append(fact.id)
            cites.append(cv)
        check = project.checks.get(fact.id)
        roles = check.roles if check is not None else ("backs",) * len(cites)
        names = tuple(dict.fromkeys(c.source_name for c, role in zip(cites, roles, strict=True) if role == "backs"))
        context = tuple(n for n in dict.fromkeys(c.source_name for c, role in zip(cites, roles, strict=True) if role == "context")
                        if n not in names)
        if not names:  # nothing to agree on was found (an unchecked project): every citation counts as before
            names, context = tuple(dict.fromkeys(c.source_name for c in cites)), ()
        date = fact.date_figure
        vt = value_text(fact, [project.matches[(fact.id, j)] for j in range(len(fact.citations))])
        figure = vt or (date.words() if date is not None else None) or fact.short or claim_html(fact.claim)
        as_of = fact.as_of_figure
        corrected = page_history.corrections.get(fact.id)
        fv = FactView(fact.id, claim_html(fact.claim), fact.label, vt, date, tuple(cites), names, fact.short, figure,
                      context, tuple(history_view(e, _plain) for e in page_history.of(fact.id)), fact.correction,
                      corrected.date if corrected else None,
                      history_view(corrected, _plain).date_text if corrected else None,
                      as_of, as_of.words() if as_of else None)
        views[fact.id] = fv
        return fv

    facts_by_id = {f.id: f for f in page.facts}
    answer = tuple(view(facts_by_id[i]) for i in page.answer)
    key_figures = tuple(view(f) for f in page.facts if f.label)
    compared = {fid for c in page.comparisons for fid in c.versions}
    listed = [f for f in page.facts if f.id not in page.answer and f.id not in compared]
    comparisons = {c.id: ComparisonView(c.id, c.title, claim_html(c.note) if c.note else None,
                                        tuple(view(facts_by_id[v]) for v in c.versions))
                   for c in page.comparisons}
    blocks: list[SectionBlock] = []
    loose = tuple(view(f) for f in listed if not f.section)
    if loose:
        blocks.append(SectionBlock(None, None, loose, ()))
    for section in page.sections:
        facts = tuple(view(f) for f in listed if f.section == section.id)
        comps = tuple(comparisons[c.id] for c in page.comparisons if c.section == section.id)
        if facts or comps:
            blocks.append(SectionBlock(section.id, section.title, facts, comps))
    unplaced = tuple(comparisons[c.id] for c in page.comparisons if not c.section)
    if unplaced:
        blocks.append(SectionBlock(UNPLACED_SECTION, "Where the sources differ", (), unplaced))
    plain = {f.id: _plain(f.claim) for f in page.facts}
    footnotes = tuple(FootnoteView(footnote_cites[n], tuple(footnote_facts[n]),
                                   tuple((fid, plain[fid]) for fid in footnote_facts[n]))
                      for n in sorted(footnote_cites))
    used = {fn.citation.source_id for fn in footnotes}
    # In the project's order, without a pass over every source: a fact card is a page of one fact.
    sources = tuple(project.sources[k] for k in sorted(k for sid in used for k in positions.get(sid, ())))
    dated = [(f.id, date, f.short or _plain(f.claim), f"#{f.id}")
             for f in page.facts if f.id in views for date in [views[f.id].date] if date is not None]
    places = [(f.place, _number(f.value), f.unit, f.short or _plain(f.claim), f"#{f.id}")
              for f in page.facts if f.place and f.id in views]
    origin = page.title.removeprefix("The ")
    stamp = page_dates(page_history)
    return ExplainerView(page.id, page.title, page.question, page.description, answer, key_figures,
                         tuple(blocks), footnotes, sources, charts.timeline(dated),
                         charts.distance_diagram(origin, places), stamp.published, stamp.updated,
                         stamp.published_time, stamp.modified_time, stamp.published_text, stamp.updated_text,
                         update_views(page_history, plain, _plain))


#: The last project indexed by :func:`_source_index`, its sources list (length included) and the index.
_INDEXED: list[tuple[Project, list[Source], int, dict[str, Source], dict[str, tuple[int, ...]]]] = []


def _source_index(project: Project) -> tuple[dict[str, Source], dict[str, tuple[int, ...]]]:
    """Return the project's sources by id (the last of an id wins) and each id's places in ``project.sources``.

    Computed once per project, not once per page: a build asks for every explainer and every fact card.
    """
    if _INDEXED:
        known, sources, count, by_id, positions = _INDEXED[0]
        if known is project and sources is project.sources and count == len(sources):
            return by_id, positions
    by_id = {s.id: s for s in project.sources}
    places: dict[str, list[int]] = {}
    for k, s in enumerate(project.sources):
        places.setdefault(s.id, []).append(k)
    positions = {sid: tuple(ks) for sid, ks in places.items()}
    _INDEXED[:] = [(project, project.sources, len(project.sources), by_id, positions)]
    return by_id, positions


def _number(raw: object) -> float | None:
    return float(raw) if isinstance(raw, (int, float)) and not isinstance(raw, bool) else None


CitingEntry = tuple[Page, Fact, Citation, Match]


def citations_by_source(project: Project) -> dict[str, list[CitingEntry]]:
    """Return every verified citation grouped by the source it quotes (one pass over the project)."""
    out: dict[str, list[CitingEntry]] = {}
    for page in project.pages:
        for fact in page.facts:
            for j, cite in enumerate(fact.citations):
                match = project.matches.get((fact.id, j))
                if match is not None:
                    out.setdefault(match.source, []).append((page, fact, cite, match))
    return out


def source_view(project: Project, source: Source, base: str = "",
                citing: list[CitingEntry] | None = None, urls: Urls = DEFAULT_URLS) -> SourceView:
    """Return the view of one source page: article paragraphs with cited words marked.

    ``citing`` is this source's entry of :func:`citations_by_source` (computed when not given).
    """
    if citing is None:
        citing = citations_by_source(project).get(source.id, [])
    spans: dict[str, list[tuple[int, int, str, str]]] = {}
    cited_by: dict[str, list[tuple[str, str, str]]] = {}
    originals: dict[str, str] = {}
    for page, fact, cite, match in citing:
        href = f"{base}{page_path(project, page, urls)}#{fact.id}"
        claim = _plain(fact.claim)
        spans.setdefault(match.anchor, []).extend((a, b, claim, href) for a, b in match.spans)
        entry = (fact.id, claim, href)
        if entry not in cited_by.setdefault(match.anchor, []):
            cited_by[match.anchor].append(entry)
        if source.url and match.anchor not in originals:
            originals[match.anchor] = text_fragment_url(source.url, cite.quote)
    stored = stored_copy_path(source)
    paragraphs = tuple(
        ParagraphView(p.anchor, _marked(p, spans.get(p.anchor, [])), p.line_start, p.kind,
                      tuple(cited_by.get(p.anchor, [])), originals.get(p.anchor), p.page,
                      f"{base}{page_href(source, p.page)}" if page_href(source, p.page) else None)
        for p in source.article
    )
    return SourceView(source, source.published_date, paragraphs, sum(1 for p in paragraphs if p.cited_by),
                      f"{base}{stored}" if stored else None)


@dataclass(frozen=True)
class SourceSummary:
    """A line of the list of sources."""

    source: Source
    published: figures.FactDate | None
    cited_count: int
    #: site path of the source page
    href: str = ""


