"""The built site's standard exports: linked from every page, valid for the public validators, same bytes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from sitecheck import broken_links, html_files, parse_html
from support import copy_project, run_cli

pytestmark = pytest.mark.e2e

SITE_URL = "https://desk.example.org/vostochny/"
EXPORTS = ("annotations.jsonld", "sources.csl.json", "datapackage.json", "schemas/facts-json.schema.json")


@pytest.fixture(scope="module")
def builds(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """Return two sites built from two copies of the shipped project with site_url set."""
    sites = []
    for name in ("one", "two"):
        root = copy_project(tmp_path_factory.mktemp(name))
        config = root / "mkdocs.yml"
        config.write_text(config.read_text("utf-8") + f"site_url: {SITE_URL}\n", "utf-8")
        result = run_cli("build", cwd=root)
        assert result.returncode == 0, result.stderr
        sites.append(root / "site")
    return sites[0], sites[1]


def test_frictionless_validates_the_data_package(builds: tuple[Path, Path]) -> None:
    site = builds[0]
    frictionless = Path(sys.executable).with_name("frictionless")
    result = subprocess.run([str(frictionless), "validate", "--json", "datapackage.json"], cwd=site,
                            capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    report = json.loads(result.stdout)
    assert report["valid"] is True
    assert report["tasks"][0]["stats"]["rows"] == 51


def test_every_page_links_the_exports_and_they_resolve(builds: tuple[Path, Path]) -> None:
    site = builds[0]
    # (404.html's links are absolute paths under site_url's own path, for any depth it is served at.)
    assert [b for b in broken_links(site) if not b.startswith("404.html:")] == []
    cards = site / "facts"
    for page in html_files(site):
        # Fact cards are made to be embedded: their compact shell has no footer (they link their explainer).
        if page.name == "404.html" or page.is_relative_to(cards):
            continue
        hrefs = {value.rsplit("/", 1)[-1] for tag, attr, value in parse_html(page).urls if tag == "a"}
        assert {"datapackage.json", "annotations.jsonld", "sources.csl.json"} <= hrefs, page


def test_annotations_anchor_on_the_published_article_text(builds: tuple[Path, Path]) -> None:
    site = builds[0]
    page = json.loads((site / "annotations.jsonld").read_text("utf-8"))
    facts = json.loads((site / "facts.json").read_text("utf-8"))
    by_url = {s["url"] or s["page_url"]: s["id"] for s in facts["sources"]}
    assert page["id"] == f"{SITE_URL}annotations.jsonld"
    for item in page["items"]:
        source_id = by_url[item["target"]["source"]]
        text = (site / "sources" / f"{source_id}.txt").read_text("utf-8")
        quote, position = item["target"]["selector"]
        assert text[position["start"]:position["end"]] == quote["exact"]
        assert text[:position["start"]].endswith(quote.get("prefix", ""))
        assert text[position["end"]:].startswith(quote.get("suffix", ""))
        assert item["body"][1]["source"].startswith(SITE_URL)


def test_facts_json_names_its_schema(builds: tuple[Path, Path]) -> None:
    facts = json.loads((builds[0] / "facts.json").read_text("utf-8"))
    assert facts["$schema"] == f"{SITE_URL}schemas/facts-json.schema.json"
    published = json.loads((builds[0] / "schemas" / "facts-json.schema.json").read_text("utf-8"))
    assert published["$id"] == "urn:site-builder:schema:facts-json:1"


def test_two_builds_give_the_same_exports(builds: tuple[Path, Path]) -> None:
    one, two = builds
    names = list(EXPORTS) + [str(p.relative_to(one)) for p in sorted(one.glob("sources/*.txt"))]
    assert len(names) == len(EXPORTS) + 2
    for name in names:
        assert (one / name).read_bytes() == (two / name).read_bytes(), name


def test_facts_json_is_ours_and_an_editors_own_export_wins(tmp_path: Path) -> None:
    plain = copy_project(tmp_path / "plain")
    assert run_cli("build", cwd=plain).returncode == 0
    root = copy_project(tmp_path / "own")
    (root / "docs" / "facts.json").write_text('{"editor": "stale copy"}\n', "utf-8")
    (root / "docs" / "annotations.jsonld").write_text('{"editor": "own annotations"}\n', "utf-8")
    result = run_cli("build", cwd=root)
    assert result.returncode == 0, result.stderr
    site, ours = root / "site", plain / "site"
    assert (site / "facts.json").read_bytes() == (ours / "facts.json").read_bytes()
    assert json.loads((site / "annotations.jsonld").read_text("utf-8")) == {"editor": "own annotations"}
    for name in ("facts.csv", "sources.csl.json", "datapackage.json"):
        assert (site / name).read_bytes() == (ours / name).read_bytes(), name
