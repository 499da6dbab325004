"""The editors' coverage report: what the facts use of the sources, and what they leave out.

``site-builder report`` prints it (text or JSON) and the built site has it as
an editors' page (``editors/``), kept out of the readers' navigation and marked
``noindex``. It lists facts per page and per source, the facts only one source
backs, the article paragraphs no fact cites, and the numbers and dates the
articles state that no fact quotes or uses (candidate facts), each with its
paragraph. Computed from a verified project; no MkDocs.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable
from dataclasses import asdict, astuple, dataclass, field
from pathlib import Path
from typing import Any

import jinja2

from ..figures import FactDate, FigureIndex, Kind, find_mentions
from ..load import cache, memos
from .edit_links import fact_line
from ..model.facts import Page
from ..model.verification import Match
from ..model.project import Project
from ..model.sources import Source
from .fragments import REPORT_ROWS, Rows
from .parts import Parts
from .urls import DEFAULT_URLS, Urls, page_path, source_path

#: The report page's address in the built site.
REPORT_URI = "editors/index.md"
REPORT_TEMPLATE = "factsheet/report.html"


@dataclass(frozen=True)
class PageRow:
    """One explainer page: how many facts and citations it has."""

    id: str
    title: str
    file: str
    facts: int
    citations: int
    sources: int


@dataclass(frozen=True)
class SourceRow:
    """One source: how many facts cite it and how much of it they cite."""

    id: str
    name: str
    file: str
    facts: int
    citations: int
    paragraphs: int
    cited_paragraphs: int


@dataclass(frozen=True)
class SingleSourceFact:
    """A fact that only one source backs."""

    id: str
    page: str
    file: str
    line: int
    source: str
    claim: str


def _where(file: str, line: int, page: int | None) -> str:
    """Return where a row's paragraph is: 'file:line', or for a PDF 'file, p. N' (as Source.where words it)."""
    return f"{file}, p. {page}" if page is not None else f"{file}:{line}"


@dataclass(frozen=True)
class ParagraphRow:
    """An article paragraph that no fact cites."""

    source: str
    anchor: str
    file: str
    line: int
    text: str
    page: int | None = None  # for a PDF, the page the paragraph starts on

    @property
    def where(self) -> str:
        """Return 'file:line', or for a PDF 'file, p. N'."""
        return _where(self.file, self.line, self.page)


@dataclass(frozen=True)
class Candidate:
    """A number or date an article states that no fact quotes or uses."""

    source: str
    anchor: str
    file: str
    line: int
    kind: str  # "number" or "date"
    mention: str  # as the article writes it
    reads: str  # as a figure: "1,500 km", "13 September 2023"
    text: str  # the whole paragraph
    page: int | None = None  # for a PDF, the page the paragraph starts on

    @property
    def where(self) -> str:
        """Return 'file:line', or for a PDF 'file, p. N'."""
        return _where(self.file, self.line, self.page)


@dataclass(frozen=True)
class ReviewRow:
    """A quote that hedges ("possibly", "reportedly") where its fact's claim does not: for an editor to review."""

    fact: str
    page: str
    file: str
    line: int
    citation: int
    source: str
    word: str
    quote: str
    claim: str


@dataclass
class Report:
    """The coverage report of a verified project."""

    pages: list[PageRow] = field(default_factory=list)
    sources: list[SourceRow] = field(default_factory=list)
    single_source: list[SingleSourceFact] = field(default_factory=list)
    uncited: list[ParagraphRow] = field(default_factory=list)
    candidates: list[Candidate] = field(default_factory=list)
    #: per fact, which words of which quote back each figure, name and quoted phrase (explain.explain_fact)
    support: list[dict[str, Any]] = field(default_factory=list)
    review: list[ReviewRow] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        """Return the report as the ``report --format json`` document."""
        return {
            "pages": [asdict(r) for r in self.pages],
            "sources": [asdict(r) for r in self.sources],
            "single_source_facts": [asdict(r) for r in self.single_source],
            "uncited_paragraphs": [asdict(r) for r in self.uncited],
            "candidate_facts": [asdict(r) for r in self.candidates],
            "claim_support": self.support,
            "for_review": [asdict(r) for r in self.review],
        }


def _figures(project: Project) -> list[tuple[float | FactDate, str | None]]:
    """Return every fact's value and date, parsed, with the value's unit."""
    out: list[tuple[float | FactDate, str | None]] = []
    for page in project.pages:
        for fact in page.facts:
            for key, unit in (("value_figure", fact.unit), ("date_figure", None)):
                try:
                    parsed = getattr(fact, key)
                except (ValueError, OverflowError):
                    continue
                if parsed is not None:
                    out.append((parsed, unit))
    return out


_CANDIDATE_KINDS = frozenset({Kind.LENGTH, Kind.AREA, Kind.MONEY, Kind.COUNT,
                              Kind.PERCENT, Kind.PERCENTAGE_POINTS, Kind.YEAR,
                              Kind.DATE, Kind.VAGUE})


def _published_date(source: Any) -> FactDate | None:
    """Return a source's publication date (it resolves dates written without a year), or None."""
    return source.published_date  # type: ignore[no-any-return]


class Reuse(Parts):
    """What a serve's next report may take from the last one: each page's explanations, each source's rows.

    ``page_key`` and ``source_key`` give what a page's and a source's part is made from; the plugin sets them.
    """

    def __init__(self) -> None:
        super().__init__()
        self.source_key: Callable[[Source], Any] = lambda source: None
        self._figures: tuple[Any, ...] | None = None
        self._figures_version = 0
        #: the report page's rows as the last build rendered them (render/fragments.py)
        self.rows = Rows(REPORT_ROWS)
        #: True to look rows up in the project's cache too (a `build`, which has no last render)
        self.keeps_rows = False

    def figures_version(self, figures: tuple[Any, ...]) -> int:
        """Return a number that changes when the facts' figures (what a candidate is tested against) do."""
        if figures != self._figures:
            self._figures, self._figures_version = figures, self._figures_version + 1
        return self._figures_version


def build_report(project: Project, reuse: Reuse | None = None) -> Report:
    """Return the coverage report of ``project`` (citations that did not verify count as not citing).

    With ``reuse`` (a serve rebuilding), a page's or a source's part whose inputs did not change is taken from
    the last report.
    """
    # What an earlier build (or check) of this project worked out is in its cache: where each quote is in its
    # paragraph, the figures of every paragraph, and (kept by a build, mkdocs/carry.py) each page's explanations.
    with cache.session(project.layout.root):
        return _build_report(project, reuse or Reuse())


def _build_report(project: Project, reuse: Reuse) -> Report:
    report = Report()
    cited_facts: dict[str, set[str]] = {}
    citations: dict[str, int] = {}
    spans: dict[tuple[str, str], list[tuple[int, int]]] = {}
    for page in project.pages:
        page_sources: set[str] = set()
        n_cites = 0
        for fact in page.facts:
            backing: set[str] = set()
            check = project.checks.get(fact.id)
            for j, _cite in enumerate(fact.citations):
                match = project.matches.get((fact.id, j))
                if match is None:
                    continue
                n_cites += 1
                if check is None or check.roles[j] == "backs":  # context citations do not count as backing
                    backing.add(match.source)
                cited_facts.setdefault(match.source, set()).add(fact.id)
                citations[match.source] = citations.get(match.source, 0) + 1
                spans.setdefault((match.source, match.anchor), []).extend(_spans_of(match))
            page_sources |= backing
            if len(backing) == 1:
                report.single_source.append(SingleSourceFact(fact.id, page.id, page.path, fact_line(page, fact),
                                                             next(iter(backing)), fact.claim))
        report.pages.append(PageRow(page.id, page.title, page.path, len(page.facts), n_cites, len(page_sources)))
    for page in project.pages:
        support, review = reuse.part(("page", page.id), reuse.page_key(page),
                                     functools.partial(_explained, project, page))
        report.support += support
        report.review += review
    known = _figures(project)
    figures_version = reuse.figures_version(tuple(known))
    figures = FigureIndex(known)
    figures_text = repr(known)  # numbers, FactDates and units: the same text in every process
    by_source: dict[str, list[tuple[str, tuple[tuple[int, int], ...]]]] = {}
    for (sid, anchor), quoted_spans in spans.items():
        by_source.setdefault(sid, []).append((anchor, tuple(quoted_spans)))
    for source in project.sources:
        quoted = tuple(sorted(by_source.get(source.id, ())))
        counts = (len(cited_facts.get(source.id, ())), citations.get(source.id, 0))
        key = reuse.source_key(source)
        row, uncited, candidates = reuse.part(
            ("source", source.id), key and (key, quoted, counts, figures_version),
            functools.partial(_remembered_candidates, source, spans, figures, counts, quoted, figures_text))
        report.sources.append(row)
        report.uncited += uncited
        report.candidates += candidates
    return report


def _spans_of(match: Match) -> tuple[tuple[int, int], ...]:
    """Return ``match.spans``, from the cache when a check or build of this project worked them out."""
    return memos.spans(match.quote, match.text, lambda: match.spans)


def _explained(project: Project, page: Page) -> tuple[list[dict[str, Any]], list[ReviewRow]]:
    """Return the explanations of a page's facts that have items, and its quotes that hedge."""
    from ..check.explain import explain

    support, review = [], []
    for fact in page.facts:
        data = explain(project, page, fact)
        if data is not None and data["items"]:
            support.append(data)
        check = project.checks.get(fact.id)
        for word, j in (check.hedges if check else ()):
            cite = fact.citations[j]
            review.append(ReviewRow(fact.id, page.id, page.path, page.doc.at(cite.at + ("quote",))[0],
                                    j + 1, cite.source, word, cite.quote, fact.claim))
    return support, review


_SourceRows = tuple[SourceRow, list[ParagraphRow], list[Candidate]]


def _remembered_candidates(source: Source, spans: dict[tuple[str, str], list[tuple[int, int]]],
                           figures: FigureIndex, counts: tuple[int, int], quoted: tuple[Any, ...],
                           figures_text: str) -> _SourceRows:
    """Return :func:`_candidates`, kept in the project's cache under a hash of everything it reads.

    A build after a claim's edit finds every figure of a thousand articles again otherwise (a second at L).
    """
    parts = [source.id, source.name, source.file, repr(_published_date(source)), repr(quoted), repr(counts),
             figures_text]
    for p in source.article:
        parts += [p.anchor, p.text, f"{p.line_start} {p.page}"]
    return cache.memoised("report-source", cache.digest(*parts),
                          functools.partial(_candidates, source, spans, figures, counts),
                          _encode_rows, _decode_rows)


def _encode_rows(rows: _SourceRows) -> Any:
    row, uncited, candidates = rows
    return (astuple(row), [astuple(p) for p in uncited], [astuple(c) for c in candidates])


def _decode_rows(data: Any) -> _SourceRows:
    row, uncited, candidates = data
    return SourceRow(*row), [ParagraphRow(*p) for p in uncited], [Candidate(*c) for c in candidates]


def _candidates(source: Source, spans: dict[tuple[str, str], list[tuple[int, int]]], figures: FigureIndex,
                counts: tuple[int, int]) -> tuple[SourceRow, list[ParagraphRow], list[Candidate]]:
    """Return a source's row, its paragraphs no fact cites and the figures they state that no fact uses."""
    article = source.article
    cited = [p for p in article if (source.id, p.anchor) in spans]
    row = SourceRow(source.id, source.name, source.file, counts[0], counts[1], len(article), len(cited))
    uncited: list[ParagraphRow] = []
    candidates: list[Candidate] = []
    for p in article:
        quoted = spans.get((source.id, p.anchor), [])
        if not quoted:
            uncited.append(ParagraphRow(source.id, p.anchor, source.file, p.line_start, p.text, p.page))
        published = _published_date(source)
        read = functools.partial(find_mentions, p.text, published=published)
        for m in memos.mentions(p.text, published, read):
            if m.kind not in _CANDIDATE_KINDS:
                continue  # names, phone numbers, times and ordinals are not what a fact's value or date states
            if any(m.start < e and s < m.end for s, e in quoted):
                continue  # a citation quotes it
            if figures.supported(m):
                continue  # a fact states it (quoting it elsewhere)
            line = p.line_start + p.text.count("\n", 0, m.start)
            kind = "date" if m.date is not None else "number"
            candidates.append(Candidate(source.id, p.anchor, source.file, line, kind, m.text, m.describe(), p.text,
                                        p.page))
    return row, uncited, candidates


def _short(text: str, limit: int = 120) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def format_text(report: Report) -> str:
    """Return the report for people, one section per question."""
    out = ["Facts per page"]
    out += [f"  {r.file}: {r.facts} facts, {r.citations} citations, {r.sources} sources ({r.title})"
            for r in report.pages] or ["  (no pages)"]
    out += ["", "Facts per source"]
    out += [f"  {r.id} ({r.file}): {r.facts} facts, {r.citations} citations; "
            f"{r.cited_paragraphs} of {r.paragraphs} paragraphs cited" for r in report.sources] or ["  (no sources)"]
    out += ["", f"Facts backed by only one source ({len(report.single_source)})"]
    out += [f"  {f.file}:{f.line}: {f.id} ({f.source}): {_short(f.claim, 90)}" for f in report.single_source] \
        or ["  (none: every fact has two or more sources)"]
    out += ["", f"Paragraphs no fact cites ({len(report.uncited)})"]
    out += [f"  {p.where}: {p.source}, paragraph {p.anchor}: {_short(p.text)}" for p in report.uncited] \
        or ["  (none)"]
    out += ["", f"For review: quotes that hedge where the claim does not ({len(report.review)})"]
    out += [f"  {r.file}:{r.line}: {r.fact}, citation [{r.citation}] of {r.source} says \"{r.word}\": "
            f"{_short(r.claim, 90)}" for r in report.review] or ["  (none)"]
    out += ["", f"Numbers and dates in the sources that no fact uses ({len(report.candidates)})"]
    out += [f"  {c.where}: {c.source}, paragraph {c.anchor}: \"{c.mention}\" ({c.kind}, {c.reads}): "
            f"{_short(c.text)}" for c in report.candidates] or ["  (none)"]
    return "\n".join(out)


def to_json(report: Report) -> str:
    """Return the report as JSON text."""
    return json.dumps(report.as_dict(), ensure_ascii=False, indent=2)


def render_page(project: Project, env: jinja2.Environment, base: str, urls: Urls = DEFAULT_URLS,
                reuse: Reuse | None = None) -> str:
    """Return the HTML body of the editors' report page; ``base`` is the relative path to the site root."""
    report = build_report(project, reuse)
    pages = {p.id: page_path(project, p, urls) for p in project.pages}
    sources = {s.id: source_path(s.id, urls) for s in project.sources}
    template = env.get_template(REPORT_TEMPLATE)
    values = {"report": report, "base": base, "page_paths": pages, "source_paths": sources}
    if reuse is None or not _own_template(template):
        return template.render(values)
    setting = (template, base, pages, sources)
    if not reuse.keeps_rows:
        return reuse.rows.render(template, values, setting)
    assert template.filename is not None  # _own_template
    # The same in every process: the template's own text (the tool's fingerprint covers its code, not its
    # templates), base and the path tables.
    keep = cache.digest(Path(template.filename).read_bytes(), base, json.dumps(pages, sort_keys=True),
                        json.dumps(sources, sort_keys=True))
    with cache.session(project.layout.root):
        body = reuse.rows.render(template, values, setting, keep)
    # A build renders the report once: the rows it rendered (and the report they hold alive) are in the cache.
    reuse.rows.forget()
    return body


def _own_template(template: jinja2.Template) -> bool:
    """Return True when ``template`` is the package's report.html (whose rows read only their own data)."""
    own = Path(__file__).resolve().parent.parent / "theme" / REPORT_TEMPLATE
    return template.filename is not None and Path(template.filename).resolve() == own
