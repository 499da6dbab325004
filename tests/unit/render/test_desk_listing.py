"""The desk's home page list: each explainer with its question, counts of facts and cited sources, and date."""

from __future__ import annotations

import shutil

import pytest
from support import REPO, copy_project

from site_builder.check.project import load_project
from site_builder.model.project import Layout, Project
from site_builder.render.desk import DeskEntry, desk_entries
from site_builder.render.env import Renderer
from site_builder.render.search import search_records
from site_builder.render.urls import Urls

DESK = REPO / "tests" / "fixtures" / "desk"


@pytest.fixture(scope="module")
def desk(tmp_path_factory: pytest.TempPathFactory) -> Project:
    root = copy_project(tmp_path_factory.mktemp("desk"))
    for name in ("svobodny.yaml", "baikonur.yaml"):
        shutil.copy(DESK / name, root / "facts" / name)
    project = load_project(Layout(root))
    assert project.ok, [d.format() for d in project.diagnostics]
    return project


@pytest.mark.parametrize("urls,updated,expected", [
    (Urls(), None, [
        DeskEntry("baikonur", "Why Russia built a new cosmodrome", "Why did Putin order a new cosmodrome?",
                  "baikonur/", 1, 2),
        DeskEntry("svobodny", "The old missile base", "What was there before the Vostochny Cosmodrome?",
                  "svobodny/", 1, 1),
        DeskEntry("vostochny", "The Vostochny Cosmodrome",
                  "What is the space launch facility where Kim and Putin are meeting?", "vostochny/", 31, 2)]),
    (Urls(False), {"svobodny": ("2026-11-21", "21 November 2026")}, [
        DeskEntry("baikonur", "Why Russia built a new cosmodrome", "Why did Putin order a new cosmodrome?",
                  "baikonur.html", 1, 2),
        DeskEntry("svobodny", "The old missile base", "What was there before the Vostochny Cosmodrome?",
                  "svobodny.html", 1, 1, "2026-11-21", "21 November 2026"),
        DeskEntry("vostochny", "The Vostochny Cosmodrome",
                  "What is the space launch facility where Kim and Putin are meeting?", "vostochny.html", 31, 2)]),
])
def test_every_explainer_is_listed_with_its_counts(desk: Project, urls: Urls,
                                                   updated: dict[str, tuple[str, str]] | None,
                                                   expected: list[DeskEntry]) -> None:
    assert list(desk_entries(desk, urls, updated)) == expected


def test_the_home_page_shows_the_list_the_date_and_the_search_box(desk: Project) -> None:
    renderer = Renderer(desk, [REPO / "site_builder" / "theme"], Urls())
    html = renderer.home("", desk_entries(desk, Urls(), {"svobodny": ("2026-11-21", "21 November 2026")}),
                         search=True)
    assert ('<li><a href="svobodny/">What was there before the Vostochny Cosmodrome?</a>\n<span class="desk-meta">1 fact'
            ' · 1 source · updated <time datetime="2026-11-21">21 November 2026</time></span></li>') in html
    assert '<input type="search" id="search-q" name="q" autocomplete="off" spellcheck="false" disabled>' in html
    assert "search-q" not in renderer.home("", desk_entries(desk, Urls()), search=False)


def test_search_records_are_the_facts_with_their_anchors(desk: Project) -> None:
    records = search_records(desk, Urls())
    assert len(records) == sum(len(p.facts) for p in desk.pages) == 33
    svobodny = next(r for r in records if r.url == "svobodny/#svobodny-shut-down")
    assert svobodny.title.startswith("Svobodny 18, a Soviet intercontinental ballistic missile base")
    assert svobodny.page == "The old missile base"
    assert "That base shut down in 1993" in svobodny.content  # the quote is searchable too
    assert {r.url.split("#")[0] for r in search_records(desk, Urls(False))} == {
        "baikonur.html", "svobodny.html", "vostochny.html"}
