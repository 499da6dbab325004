"""Page models for the templates, and the Jinja environment that renders them.

The domain (sources, facts, matches) becomes plain dataclasses that templates
only display: all counting, numbering, formatting and linking happens here,
nothing in ``templates/`` computes what the domain should have. No MkDocs.
"""

from __future__ import annotations

import csv
import io
import functools
import json
import re
import urllib.parse
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2
from markdown_it import MarkdownIt
from markupsafe import Markup, escape

from . import charts, invisible, values
from .facts import Citation, Fact, Page
from .project import Project
from .sources import Paragraph, Source
from .verify import Match, parse_date

# Claims are inline Markdown written by editors: no raw HTML, no images.
_INLINE_MD = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False}).disable("image")

FACTS_JSON_VERSION = 1


def claim_html(markdown: str) -> Markup:
    """Return an editor's inline-Markdown claim as safe HTML (raw HTML is shown as text)."""
    html = _INLINE_MD.renderInline(markdown)
    # External links in claims open the original without leaking the reader.
    html = html.replace('<a href="http', '<a rel="noopener noreferrer" href="http')
    return Markup(html)


@dataclass(frozen=True)
class Urls:
    """How the site writes its addresses: MkDocs' ``use_directory_urls`` and ``site_url``."""

    directory_urls: bool = True
    #: the published address with a trailing slash, or None
    site_url: str | None = None

    def page(self, name: str) -> str:
        """Return the site path of the page made from ``name``.md ('' or 'index' is the home page).

        >>> Urls().page("sources/reuters"), Urls(False).page("sources/reuters")
        ('sources/reuters/', 'sources/reuters.html')
        >>> Urls().page("sources/index"), Urls(False).page("")
        ('sources/', 'index.html')
        """
        name = "" if name == "index" else name
        if self.directory_urls:
            if not name:
                return ""
            return name.removesuffix("index") if name.endswith("/index") else f"{name}/"
        return f"{name or 'index'}.html" if not name.endswith("/") else f"{name}index.html"

    def absolute(self, path: str) -> str:
        """Return ``path`` (relative to the site root) as a full address when site_url is set."""
        return urllib.parse.urljoin(self.site_url, path) if self.site_url else path

    @classmethod
    def for_config(cls, config: Any) -> Urls:
        """Return the URL style of a loaded MkDocs config."""
        site_url = config.get("site_url") or None
        if site_url and not site_url.endswith("/"):
            site_url += "/"
        return cls(bool(config.get("use_directory_urls", True)), site_url)


#: MkDocs' defaults: directory URLs, no site_url.
DEFAULT_URLS = Urls()


def page_path(project: Project, page: Page, urls: Urls = DEFAULT_URLS) -> str:
    """Return the site path of an explainer page ('' for the home page, else 'id/' or 'id.html')."""
    return urls.page("" if is_home(project, page) else page.id)


def is_home(project: Project, page: Page) -> bool:
    """Return True when the page is shown at the site root (a one-page site)."""
    return len(project.pages) == 1


def source_path(source_id: str, urls: Urls = DEFAULT_URLS) -> str:
    """Return the site path of a source page ('sources/id/' or 'sources/id.html')."""
    return urls.page(f"sources/{source_id}")


#: How each kind of stored original is published beside its source page. A saved web page is published as
#: text: served as HTML from this site it would run the page's own scripts (trackers, ads) under the site's
#: address, outside its Content-Security-Policy; as text its bytes are the archive's, hash and all.
STORED_COPY_NAMES = {"html": "original.html.txt", "pdf": "original.pdf"}


def stored_copy_path(source: Source) -> str | None:
    """Return the site path of a source's stored original (a saved page or a PDF), None for text sources."""
    name = STORED_COPY_NAMES.get(source.kind)
    # A file beside the source page's folder, whatever use_directory_urls makes of the page's own address.
    return f"sources/{source.id}/{name}" if name else None


def _absolute_or_none(urls: Urls, path: str | None) -> str | None:
    return urls.absolute(path) if path is not None else None


def page_href(source: Source, page: int | None) -> str | None:
    """Return the site path of a PDF source's stored copy at one page (#page=N), None for other sources."""
    stored = stored_copy_path(source)
    if source.kind != "pdf" or stored is None or page is None:
        return None
    return f"{stored}#page={page}"


@dataclass(frozen=True)
class CitationView:
    """A numbered citation as a reader sees it."""

    number: int
    source_id: str
    source_name: str
    published: values.FactDate | None
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
    date: values.FactDate | None
    citations: tuple[CitationView, ...]
    sources: tuple[str, ...]  # distinct source names whose quotes back the fact (its figures, if it has any)
    short: str | None = None
    #: the short text for the key-figures box: the value, the date, the short text, else the claim
    figure: Markup | str | None = None
    #: source names cited only for context: their quotes state none of the fact's figures, so they do not count
    context: tuple[str, ...] = ()


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
    published: values.FactDate | None
    paragraphs: tuple[ParagraphView, ...]
    cited_count: int
    stored_href: str | None = None  # the stored original (saved page as text, or the PDF)


def _published(source: Source) -> values.FactDate | None:
    return parse_date(source.published) if source.published else None


def _source_precision(value: float, unit: str | None, matches: list[Match]) -> float | None:
    """Return the rounding of the source figure that backs ``value`` (in ``unit``), or None if none is found.

    The conversion readers see is printed at that precision: "185 ft" backs 185 and shows as 56 m, not 56.4 m.
    """
    code = values.resolve_unit(unit)
    for match in matches:
        for start, end in match.spans:
            mention = values.span_supports(values.find_mentions(match.text), start, end, value, code)
            if mention is not None and mention.precision is not None and mention.unit and code:
                return mention.precision * values.UNITS[mention.unit].factor / values.UNITS[code].factor
    return None


def value_text(fact: Fact, matches: list[Match] | None = None) -> str | None:
    """Return a fact's value as readers expect it: '1,500 km (930 miles)', '13 September 2023'.

    With the fact's verified ``matches``, a conversion is printed at the precision of the source figure.
    """
    if fact.value is None:
        return None
    parsed = values.parse_fact_value(fact.value)
    if isinstance(parsed, values.FactDate):
        return parsed.words()
    precision = _source_precision(parsed, fact.unit, matches) if matches else None
    return values.format_quantity(parsed, fact.unit, precision=precision)


def explainer_view(project: Project, page: Page, urls: Urls = DEFAULT_URLS) -> ExplainerView:
    """Return the view of one explainer page, citations numbered in reading order."""
    numbers: dict[tuple[str, str, str], int] = {}
    footnote_facts: dict[int, list[str]] = {}
    footnote_cites: dict[int, CitationView] = {}
    by_id = {s.id: s for s in project.sources}
    views: dict[str, FactView] = {}

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
            cv = CitationView(n, source.id, source.name, _published(source), cite.quote, match.anchor,
                              f"{source_path(source.id, urls)}#{match.anchor}", paragraph.line_start, paragraph.page,
                              page_href(source, paragraph.page))
            footnote_cites.setdefault(n, cv)
            ids = footnote_facts.setdefault(n, [])
            if fact.id not in ids:
                ids.append(fact.id)
            cites.append(cv)
        check = project.checks.get(fact.id)
        roles = check.roles if check is not None else ("backs",) * len(cites)
        names = tuple(dict.fromkeys(c.source_name for c, role in zip(cites, roles) if role == "backs"))
        context = tuple(n for n in dict.fromkeys(c.source_name for c, role in zip(cites, roles) if role == "context")
                        if n not in names)
        if not names:  # nothing to agree on was found (an unchecked project): every citation counts as before
            names, context = tuple(dict.fromkeys(c.source_name for c in cites)), ()
        date = parse_date(fact.date) if fact.date is not None else None
        vt = value_text(fact, [project.matches[(fact.id, j)] for j in range(len(fact.citations))])
        figure = vt or (date.words() if date is not None else None) or fact.short or claim_html(fact.claim)
        fv = FactView(fact.id, claim_html(fact.claim), fact.label, vt, date, tuple(cites), names, fact.short, figure,
                      context)
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
        blocks.append(SectionBlock("differences", "Where the sources differ", (), unplaced))
    plain = {f.id: _plain(f.claim) for f in page.facts}
    footnotes = tuple(FootnoteView(footnote_cites[n], tuple(footnote_facts[n]),
                                   tuple((fid, plain[fid]) for fid in footnote_facts[n]))
                      for n in sorted(footnote_cites))
    used = {fn.citation.source_id for fn in footnotes}
    sources = tuple(s for s in project.sources if s.id in used)
    dated = [(f.id, views[f.id].date, f.short or _plain(f.claim), f"#{f.id}")
             for f in page.facts if f.id in views and views[f.id].date is not None]
    places = [(f.place, _number(f.value), f.unit, f.short or _plain(f.claim), f"#{f.id}")
              for f in page.facts if f.place and f.id in views]
    origin = page.title.removeprefix("The ")
    return ExplainerView(page.id, page.title, page.question, page.description, answer, key_figures,
                         tuple(blocks), footnotes, sources, charts.timeline(dated),
                         charts.distance_diagram(origin, places))


def _number(raw: object) -> float | None:
    return float(raw) if isinstance(raw, (int, float)) and not isinstance(raw, bool) else None


def _script_safe_json(data: object) -> Markup:
    """Return JSON that cannot end its <script> element or open a comment, whatever the strings hold."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, indent=None, separators=(",", ":"))
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    text = text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    return Markup(text)


def jsonld(project: Project, page: Page, *, author: str | None = None, publisher: str | None = None,
           published: str | None = None, modified: str | None = None) -> Markup:
    """Return schema.org JSON-LD for an explainer: an Article citing the sources its facts quote.

    ``author`` (mkdocs.yml's site_author), ``publisher`` (the plugin's option) and the publication dates (from the
    page's history) are left out when not known.
    """
    used = {project.matches[(f.id, j)].source for f in page.facts for j in range(len(f.citations))
            if (f.id, j) in project.matches}
    sources = [s for s in project.sources if s.id in used]
    citations = []
    for s in sources:
        work: dict[str, Any] = {"@type": "NewsArticle", "name": s.title or s.name}
        if s.publisher:
            work["publisher"] = {"@type": "Organization", "name": s.publisher}
        if s.byline:
            work["author"] = {"@type": "Person", "name": s.byline}
        if s.published:
            work["datePublished"] = str(s.published)
        if s.url:
            work["url"] = s.url
        citations.append(work)
    data: dict[str, Any] = {"@context": "https://schema.org", "@type": "Article", "headline": page.title,
                            "citation": citations}
    if page.description or page.question:
        data["description"] = page.description or page.question
    if page.question:
        data["about"] = page.question
    if author:
        data["author"] = {"@type": "Person", "name": author}
    if publisher:
        data["publisher"] = {"@type": "Organization", "name": publisher}
    if published:
        data["datePublished"] = published
    if modified:
        data["dateModified"] = modified
    return _script_safe_json(data)


def _marked(paragraph: Paragraph, spans: list[tuple[int, int, str, str]]) -> Markup:
    """Return the paragraph as HTML: cited spans in <mark>, each followed by links back to its claims.

    ``spans`` holds (start, end, the claim as plain text, href to the claim); overlapping spans merge into one mark.
    """
    merged: list[list[Any]] = []
    for start, end, fact_id, href in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
            if (fact_id, href) not in merged[-1][2]:
                merged[-1][2].append((fact_id, href))
        else:
            merged.append([start, end, [(fact_id, href)]])
    out, pos = [], 0
    text = paragraph.text
    for start, end, claims in merged:
        out.append(invisible.shown(text[pos:start]))  # a bidi override in an article shows as [U+202E]
        out.append(Markup("<mark>") + invisible.shown(text[start:end]) + Markup("</mark>"))
        links = Markup("").join(
            Markup('<a class="backref" href="{}" aria-label="Back to the claim: {}">↩</a>').format(href, label)
            for label, href in claims)
        out.append(Markup('<span class="backrefs">') + links + Markup("</span>"))
        pos = end
    out.append(invisible.shown(text[pos:]))
    html = Markup("").join(out)
    # Keep the article's own line breaks inside a paragraph.
    return Markup(html.replace("\n", Markup("<br>\n")))


def text_fragment_url(url: str, quote: str) -> str:
    """Return ``url`` with a text fragment (#:~:text=) that highlights ``quote`` in the original."""
    words = " ".join(quote.split())
    encoded = urllib.parse.quote(words, safe="").replace("-", "%2D")
    base = url.split("#", 1)[0]
    return f"{base}#:~:text={encoded}"


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
    return SourceView(source, _published(source), paragraphs, sum(1 for p in paragraphs if p.cited_by),
                      f"{base}{stored}" if stored else None)


@dataclass(frozen=True)
class SourceSummary:
    """A line of the list of sources."""

    source: Source
    published: values.FactDate | None
    cited_count: int
    #: site path of the source page
    href: str = ""


@functools.lru_cache(maxsize=65536)
def _plain(markdown: str) -> str:
    """Return an inline-Markdown claim as plain text (for titles and tooltips)."""
    tokens = _INLINE_MD.parseInline(markdown)
    return "".join(child.content for tok in tokens for child in (tok.children or []) if child.type in ("text", "code_inline"))


def facts_document(project: Project, urls: Urls = DEFAULT_URLS) -> dict[str, Any]:
    """Return the facts.json contract: every fact with its verified citations, and the sources.

    Addresses are full URLs when mkdocs.yml sets ``site_url``, else paths relative to the site root.
    """
    by_id = {s.id: s for s in project.sources}
    facts = []
    for page in project.pages:
        for fact in page.facts:
            citations = []
            check = project.checks.get(fact.id)
            for j, cite in enumerate(fact.citations):
                match = project.matches[(fact.id, j)]
                source = by_id[match.source]
                paragraph = source.by_anchor[match.anchor]
                citations.append({
                    "source": match.source, "quote": cite.quote, "paragraph": match.anchor,
                    "url": urls.absolute(f"{source_path(match.source, urls)}#{match.anchor}"),
                    # "backs": states the fact's figures (or the fact has none); "context": states none of them
                    "role": check.roles[j] if check is not None else "backs",
                    "page": paragraph.page, "page_url": _absolute_or_none(urls, page_href(source, paragraph.page)),
                })
            facts.append({
                "id": fact.id, "page": page.id, "page_url": urls.absolute(page_path(project, page, urls)), "claim": fact.claim,
                "value": fact.value, "unit": fact.unit, "date": fact.date, "label": fact.label,
                "citations": citations,
            })
    sources = []
    for s in project.sources:
        sources.append({
            "id": s.id, "name": s.name, "title": s.title, "publisher": s.publisher, "byline": s.byline,
            "published": s.published, "url": s.url, "language": s.language, "sha256": s.sha256,
            "page_url": urls.absolute(source_path(s.id, urls)), "paragraphs": len(s.article),
            "kind": s.kind, "stored_url": _absolute_or_none(urls, stored_copy_path(s)),
        })
    return {"version": FACTS_JSON_VERSION, "facts": facts, "sources": sources}


def facts_json(project: Project, urls: Urls = DEFAULT_URLS) -> str:
    """Return facts.json text: stable key order and formatting, so builds are byte-identical."""
    return json.dumps(facts_document(project, urls), ensure_ascii=False, indent=2) + "\n"


#: A spreadsheet runs a cell (or, read with another separator, a piece of one) that starts with these.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
#: A formula start right after a separator a spreadsheet might split on (comma, semicolon, tab, pipe).
_FORMULA_AFTER_SEPARATOR = re.compile(r"(?<=[,;\t|])([ \u00a0]*)(?=[=+\-@])(?![+-]\d[\d.,]*\s*(?:[,;\t|]|$))")


def _csv_cell(value: object) -> str:
    text = "" if value is None else str(value)
    # CSV injection: a cell starting a formula gets a leading apostrophe, which spreadsheets show as text.
    # A spreadsheet set to another separator (';' in most of Europe) splits the cell, so every piece that
    # would start a formula is guarded the same way (plain signed numbers such as '-3' are left alone).
    text = _FORMULA_AFTER_SEPARATOR.sub(r"\1'", text)
    if text[:1] in _FORMULA_START:
        text = "'" + text
    return text


def facts_csv(project: Project, urls: Urls = DEFAULT_URLS) -> str:
    """Return facts.csv: one row per citation, every cell quoted and formula-safe."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n", quoting=csv.QUOTE_ALL)
    writer.writerow(["fact_id", "page", "claim", "value", "unit", "date", "source", "quote", "paragraph", "url"])
    doc = facts_document(project, urls)
    for fact in doc["facts"]:
        for c in fact["citations"]:
            writer.writerow([_csv_cell(v) for v in (fact["id"], fact["page"], fact["claim"], fact["value"], fact["unit"],
                                                    fact["date"], c["source"], c["quote"], c["paragraph"], c["url"])])
    return buf.getvalue()


def environment(template_dirs: Path | Sequence[Path]) -> jinja2.Environment:
    """Return the Jinja environment for page bodies: autoescaping, strict about undefined names.

    ``template_dirs`` are searched in order: a project's overrides first, then the factsheet theme. This is
    the plugin's own environment; the theme's page shell (MkDocs' environment) is never changed.
    """
    dirs = [template_dirs] if isinstance(template_dirs, Path) else list(template_dirs)
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader([str(d) for d in dirs]),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    return env


@dataclass
class Renderer:
    """Renders page bodies: the project's template overrides, then the factsheet theme's templates."""

    project: Project
    template_dirs: Path | Sequence[Path]
    urls: Urls = DEFAULT_URLS
    env: jinja2.Environment = field(init=False)

    _citing: dict[str, list[CitingEntry]] | None = field(init=False, default=None)

    def __post_init__(self) -> None:
        self.env = environment(self.template_dirs)

    @property
    def citing(self) -> dict[str, list[CitingEntry]]:
        """Return the project's citations by source, computed once per renderer."""
        if self._citing is None:
            self._citing = citations_by_source(self.project)
        return self._citing

    def explainer(self, page: Page, base: str, edit_urls: dict[str, str] | None = None,
                  card_urls: dict[str, str] | None = None) -> str:
        """Return the HTML body of an explainer page; ``base`` is the relative path to the site root.

        ``edit_urls`` maps fact ids to the address where editors change them (shown as "edit" links), ``card_urls``
        to the site path of each fact's card page.
        """
        view = explainer_view(self.project, page, self.urls)
        return self.env.get_template("factsheet/explainer.html").render(view=view, base=base,
                                                                          edit_urls=edit_urls or {},
                                                                          card_urls=card_urls or {})

    def source(self, source: Source, base: str) -> str:
        """Return the HTML body of a source page."""
        view = source_view(self.project, source, base, self.citing.get(source.id, []), self.urls)
        return self.env.get_template("factsheet/source.html").render(view=view, base=base, project=self.project)

    def sources_index(self, base: str) -> str:
        """Return the HTML body of the list of sources."""
        citing = self.citing
        views = [SourceSummary(s, _published(s), len({m.anchor for _, _, _, m in citing.get(s.id, [])
                                                      if not s.by_anchor[m.anchor].excluded}),
                               source_path(s.id, self.urls))
                 for s in self.project.sources]
        return self.env.get_template("factsheet/sources_index.html").render(views=views, base=base)

    def home(self, base: str) -> str:
        """Return the HTML body of the home page of a multi-page site."""
        pages = [(p, page_path(self.project, p, self.urls)) for p in self.project.pages]
        return self.env.get_template("factsheet/home.html").render(pages=pages, base=base)

    def errors(self, diagnostics: list[Any]) -> str:
        """Return the HTML body of the preview's error page."""
        return self.env.get_template("factsheet/errors.html").render(diagnostics=diagnostics)

