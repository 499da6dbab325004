"""The editors' coverage report: on the command line (text, JSON) and as a noindex page of the built site."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from mini import make_project
from support import copy_project, run_cli

FACTS = """page:
  title: Report test
facts:
  - id: service
    claim: It came into service in 2016.
    date: 2016
    citations:
      - source: reuters
        quote: The cosmodrome, which came into service in 2016
      - source: pet-project
        quote: The Vostochny cosmodrome came into service in 2016
  - id: distance
    claim: It is about 1,500 km from Vladivostok.
    value: 1500
    unit: km
    citations:
      - source: reuters
        quote: about 1 500km from the port of Vladivostok
  - id: base-shut
    claim: The missile base shut in 1993.
    date: 1993
    citations:
      - source: pet-project
        quote: That base shut down in 1993.
"""


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_project(tmp_path_factory.mktemp("report") / "p", FACTS, templates=True)


def test_report_json(project: Path) -> None:
    result = run_cli("-C", str(project), "report", "--format", "json")
    assert result.returncode == 0, result.stderr
    doc = json.loads(result.stdout)
    assert doc["pages"] == [{"id": "page", "title": "Report test", "file": "facts/page.yaml", "facts": 3,
                             "citations": 4, "sources": 2}]
    assert [(s["id"], s["facts"], s["citations"], s["cited_paragraphs"], s["paragraphs"]) for s in doc["sources"]] == [
        ("reuters", 2, 2, 1, 14), ("pet-project", 2, 2, 2, 13)]
    assert [(f["id"], f["source"], f["line"]) for f in doc["single_source_facts"]] == [
        ("distance", "reuters", 12), ("base-shut", "pet-project", 19)]
    uncited = {(p["source"], p["line"]) for p in doc["uncited_paragraphs"]}
    assert ("reuters", 17) not in uncited and ("reuters", 29) in uncited and len(uncited) == 13 + 11
    candidates = {(c["source"], c["line"], c["mention"]): c for c in doc["candidate_facts"]}
    # used: quoted by a citation, or a fact's value/date stated elsewhere
    assert ("reuters", 17, "1 500km") not in candidates and ("reuters", 17, "2016") not in candidates
    assert ("reuters", 21, "1993") not in candidates  # base-shut's date, though the fact quotes the other source
    assert ("pet-project", 2, "930 miles") not in candidates  # 1,500 km in miles: the distance fact states it
    missed = candidates[("reuters", 19, "1991")]
    assert (missed["kind"], missed["reads"], missed["anchor"]) == (
        "date", "1991", "putin-ordered-the-construction-of-313cb3")
    assert missed["text"].startswith("Putin ordered the construction")
    assert candidates[("reuters", 25, "September 13, 2023")]["reads"] == "13 September 2023"
    assert candidates[("pet-project", 3, "nearly a dozen")]["kind"] == "number"


def test_report_text(project: Path) -> None:
    result = run_cli("-C", str(project), "report")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[:3] == ["Facts per page", "  facts/page.yaml: 3 facts, 4 citations, 2 sources (Report test)", ""]
    assert "  reuters (seeds/000_de560b054ebc41c7.txt): 2 facts, 2 citations; 1 of 14 paragraphs cited" in lines
    assert "Facts backed by only one source (2)" in lines
    assert "  facts/page.yaml:12: distance (reuters): It is about 1,500 km from Vladivostok." in lines
    assert any(ln.startswith("  seeds/000_de560b054ebc41c7.txt:19: reuters, paragraph putin-ordered-the-construction-of-"
                            "313cb3: \"1991\" (date, 1991): Putin ordered") for ln in lines)


def test_report_refuses_a_project_with_errors(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", FACTS.replace("value: 1500", "value: 1600"))
    result = run_cli("-C", str(root), "report")
    assert result.returncode == 1 and result.stdout == ""
    assert "value 1600 km is not supported" in result.stderr
    assert result.stderr.rstrip().endswith("fix these first (the report counts verified citations)")


def test_editors_page_is_built_noindex_and_unlinked(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "p")
    with open(root / "mkdocs.yml", "a", encoding="utf-8") as f:
        f.write("site_url: https://example.org/explainer/\n")
    result = run_cli("-C", str(root), "build", "--out", "out")
    assert result.returncode == 0, result.stderr
    site = root / "out"
    page = (site / "editors" / "index.html").read_text("utf-8")
    assert '<meta name="robots" content="noindex">' in page
    assert "<h1>Coverage report</h1>" in page and "Facts backed by only one source" in page
    assert 'rel="canonical"' not in page
    assert "editors/" not in (site / "sitemap.xml").read_text("utf-8")
    for other in site.rglob("*.html"):
        if other.parent.name != "editors":
            assert "editors/" not in other.read_text("utf-8"), f"{other} links to the editors' page"
    # Same numbers as the command line.
    report = json.loads(run_cli("-C", str(root), "report", "--format", "json").stdout)
    assert f"<td>{report['pages'][0]['facts']}</td>" in page


def test_editors_page_escapes_article_text(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", FACTS, templates=True, record=False)
    seed = root / "seeds" / "001_795f075d3b236597.txt"
    seed.write_text(seed.read_text("utf-8") + "\n<script>alert(1)</script> cost 7 roubles.", "utf-8")
    result = run_cli("-C", str(root), "build", "--out", "out")
    assert result.returncode == 0, result.stderr
    assert "warning: source 'pet-project' has no recorded sha256" in result.stderr  # warnings do not stop a build
    page = (root / "out" / "editors" / "index.html").read_text("utf-8")
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; cost 7 roubles." in page
