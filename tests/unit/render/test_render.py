"""Page models and data files: escaping, numbering, charts, machine-readable outputs."""

from __future__ import annotations

import csv
import functools
import io
import json

import pytest

from site_builder.render import charts
from site_builder.model.project import Layout, Project
from site_builder.check.project import load_project
from site_builder.render.data import _script_safe_json, facts_csv, jsonld
from site_builder.render.markup import claim_html, text_fragment_url
from site_builder.render.views import explainer_view, source_view
from site_builder.figures import FactDate

from support import REPO

@functools.cache
def _project() -> Project:
    """Return the shipped project, loaded and verified on first use (not when the module is imported)."""
    return load_project(Layout(REPO))


@pytest.mark.parametrize("markdown,html", [
    ("Plain *emphasis* and **strong**", "Plain <em>emphasis</em> and <strong>strong</strong>"),
    ("<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"),
    ('<img src=x onerror="alert(1)">', "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;"),
    # Images are off: no request leaves the site; the picture's link stays a link.
    ("![pic](http://evil.example/x.png)", '!<a rel="noopener noreferrer" href="http://evil.example/x.png">pic</a>'),
    ("[click](javascript:alert(1))", "[click](javascript:alert(1))"),
    ("[ok](https://example.org/a)", '<a rel="noopener noreferrer" href="https://example.org/a">ok</a>'),
])
def test_claims_render_inline_markdown_without_raw_html(markdown: str, html: str) -> None:
    assert str(claim_html(markdown)) == html


def test_citations_are_numbered_in_reading_order_and_reused() -> None:
    view = explainer_view(_project(), _project().pages[0])
    numbers = [c.number for f in view.answer for c in f.citations]
    assert numbers == list(range(1, len(numbers) + 1))
    # The same words from the same paragraph keep one number wherever they are cited.
    seen: dict[tuple[str, str, str], int] = {}
    for fn in view.footnotes:
        key = (fn.citation.source_id, fn.citation.anchor, fn.citation.quote)
        assert key not in seen
        seen[key] = fn.citation.number
    assert [fn.citation.number for fn in view.footnotes] == list(range(1, len(view.footnotes) + 1))


def test_agreement_and_difference_are_visible() -> None:
    view = explainer_view(_project(), _project().pages[0])
    facts = {f.id: f for block in view.sections for f in block.facts}
    assert len(facts["why-built"].sources) == 2
    comparisons = {c.id: c for block in view.sections for c in block.comparisons}
    svobodny = comparisons["svobodny-distance"]
    assert [v.id for v in svobodny.versions] == ["svobodny-18-kilometres", "svobodny-18-miles"]
    assert {v.sources[0] for v in svobodny.versions} == {"Reuters", "Report: Putin's “pet project” cosmodrome"}


def test_key_figures_show_units_and_dates_as_readers_expect() -> None:
    figures = {f.label: str(f.figure) for f in explainer_view(_project(), _project().pages[0]).key_figures}
    assert figures["Distance from Vladivostok"] == "1,500 km (930 miles)"
    assert figures["In service since"] == "2016"
    assert set(figures) >= {"Name", "Location", "Cost", "Launches so far"}


def test_timeline_is_in_date_order_with_text_alternative() -> None:
    t = explainer_view(_project(), _project().pages[0]).timeline
    assert t is not None
    dates = [e.date for e in t.events]
    assert dates[0] == FactDate(1957) and dates[-1] == FactDate(2023, 9, 13)
    assert [e.y for e in t.events] == sorted(e.y for e in t.events)
    assert "1957" in t.summary and "13 September 2023" in t.summary
    assert t.events[-1].when == ("13 Sep", "2023")


def test_distance_diagram_is_to_scale() -> None:
    d = explainer_view(_project(), _project().pages[0]).distances
    assert d is not None
    vlad = next(m for m in d.marks if m.place == "Vladivostok")
    zero, top = d.ticks[0], d.ticks[-1]
    assert zero[1] == "0 km" and top[1] == "1,500 km" and vlad.x == top[0]
    assert {m.place for m in d.nearby} == {"Svobodny 18", "Chinese border"}
    assert "not to scale" in d.scale_text


@pytest.mark.parametrize("items,expected_top", [
    ([("A", 1500.0, "km", "a", "#a")], "1,500 km"),
    ([("A", 930.0, "mi", "a", "#a")], "1,500 km"),
    ([("A", 12.0, "km", "a", "#a"), ("B", 3.0, "km", "b", "#b")], "15 km"),
])
def test_distance_scale_ticks(items, expected_top: str) -> None:
    d = charts.distance_diagram("X", items)
    assert d is not None and d.ticks[-1][1] == expected_top
    assert all(30 <= m.x <= 330 for m in d.marks)


def test_no_diagram_without_a_measured_distance() -> None:
    assert charts.distance_diagram("X", [("A", None, None, "near", "#a")]) is None


def test_json_ld_cannot_break_out_of_its_script() -> None:
    text = str(_script_safe_json({"a": "</script><script>alert(1)</script>", "b": "<!--", "c": "\u2028"}))
    assert "<" not in text and ">" not in text and "\u2028" not in text
    assert json.loads(text) == {"a": "</script><script>alert(1)</script>", "b": "<!--", "c": "\u2028"}


def test_json_ld_is_an_article_citing_its_sources() -> None:
    data = json.loads(str(jsonld(_project(), _project().pages[0])))
    assert data["@type"] == "Article" and data["headline"] == "The Vostochny Cosmodrome"
    names = {c["name"] for c in data["citation"]}
    assert "What is the space launch facility where Kim and Putin are meeting?" in names
    reuters = next(c for c in data["citation"] if c.get("publisher"))
    assert reuters["author"]["name"] == "Guy Faulconbridge" and reuters["datePublished"] == "2023-09-13"


def test_csv_has_a_row_per_citation_and_guards_formulas() -> None:
    rows = list(csv.reader(io.StringIO(facts_csv(_project()))))
    assert rows[0][:3] == ["fact_id", "page", "claim"]
    assert len(rows) - 1 == len(_project().matches)
    for row in rows[1:]:
        assert not any(cell[:1] in "=+-@" for cell in row if cell), row


def test_source_view_marks_cited_words_and_links_back() -> None:
    view = source_view(_project(), _project().source("reuters"))
    para = next(p for p in view.paragraphs if "1 500km" in p.html)
    assert "<mark>about 1 500km from the port of Vladivostok</mark>" in str(para.html)
    assert 'href="#distance-vladivostok"' in str(para.html)
    assert all(p.html != "Share" for p in view.paragraphs)
    assert view.cited_count == sum(1 for p in view.paragraphs if p.cited_by)


def test_text_fragment_links_encode_the_quote() -> None:
    url = text_fragment_url("https://example.org/story#top", "about 1 500km, from the port – of X")
    assert url == "https://example.org/story#:~:text=about%201%20500km%2C%20from%20the%20port%20%E2%80%93%20of%20X"

