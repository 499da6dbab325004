"""Real sources, as editors have them: a saved news page, a URL, a PDF report; and what goes wrong with each.

Every input is made by the test (``realsources``): a news page with all the furniture of a real one, PDFs
drawn with fpdf2, a real HTTP server on 127.0.0.1. Everything runs through the real CLI or the real loaders:
``add-source`` stores the bytes unchanged and fills in the page's metadata; the article text is exactly the
article's; a fact citing it checks and builds; a PDF citation shows its page; bad input is one line and a hint,
with nothing written.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import pytest
import yaml

import realsources as rs
from site_builder.editor.fetch import USER_AGENT, fetch, FetchError
from site_builder.load.document import ExtractError
from site_builder.load.html import extract_html
from site_builder.load.pdf import extract_pdf
from site_builder.load.split import paragraphs_of
from support import run_cli

MKDOCS_YML = """site_name: Bridge desk
docs_dir: docs
theme:
  name: factsheet
  locale: en
plugins:
  - factsheet
"""


def new_project(root: Path) -> Path:
    """Return ``root`` holding a project that has no source yet: 'sources: []', as an editor starts a topic."""

    (root / "facts").mkdir(parents=True)
    (root / "docs").mkdir()
    (root / "seeds").mkdir()
    (root / "mkdocs.yml").write_text(MKDOCS_YML, "utf-8")
    (root / "facts" / "sources.yaml").write_text("# the bridge story\nsources: []\n", "utf-8")
    return root


def snapshot(root: Path) -> dict[str, bytes]:
    """Return every file under facts/ and seeds/ with its bytes (to show nothing was written)."""
    return {p.relative_to(root).as_posix(): p.read_bytes() for d in ("facts", "seeds") for p in (root / d).rglob("*")
            if p.is_file()}


def entries(root: Path) -> list[dict]:
    return yaml.safe_load((root / "facts" / "sources.yaml").read_text("utf-8"))["sources"]


def page_file(facts: list[tuple[str, str, str, str]]) -> str:
    """Return a facts file: one fact per (id, claim, source, quote)."""
    out = "page:\n  title: The harbour bridge\n  question: When does the bridge reopen?\n" \
          f"  answer: [{facts[0][0]}]\nfacts:\n"
    for fid, claim, source, quote in facts:
        out += (f"  - id: {fid}\n    claim: {json.dumps(claim)}\n    citations:\n      - source: {source}\n"
                f"        quote: {json.dumps(quote, ensure_ascii=False)}\n")
    return out


# ------------------------------------------------------------------------------------------ the news page


def test_news_page_gives_exactly_the_article_blocks() -> None:
    found = extract_html(rs.news_page())
    assert [(b.kind, b.text) for b in found.blocks] == rs.ARTICLE
    # Each block points at its line in the saved file (so file:line in messages opens the right place).
    lines = rs.news_page().decode("utf-8").split("\n")
    for block in found.blocks:
        assert block.text.split()[0].strip("“") in lines[block.line_start - 1], block


def test_news_page_metadata_is_what_the_page_states() -> None:
    meta = extract_html(rs.news_page()).metadata
    assert {k: getattr(meta, k) for k in rs.METADATA} == rs.METADATA
    assert meta.found["title"] == "JSON-LD headline" and meta.found["publisher"] == "JSON-LD publisher"


@pytest.mark.parametrize("html, expected", [
    # Without JSON-LD: OpenGraph and <meta>, the canonical link, <html lang>.
    (b'<html lang="fr_FR"><head><meta property="og:title" content="Le pont rouvre">'
     b'<meta property="og:site_name" content="Le Courrier"><meta name="author" content="Jeanne Roy">'
     b'<meta property="article:published_time" content="2024-03-02T08:00:00Z">'
     b'<link rel="canonical" href="https://courrier.example/pont"></head><body><p>x</p></body></html>',
     {"title": "Le pont rouvre", "publisher": "Le Courrier", "byline": "Jeanne Roy", "published": "2024-03-02",
      "url": "https://courrier.example/pont", "language": "fr-FR"}),
    # A page stating nothing gets nothing guessed (no date from the text, no publisher from the host).
    (b"<html><head></head><body><p>Published on 2 March 2024 by Herald staff.</p></body></html>",
     {"title": None, "publisher": None, "byline": None, "published": None, "url": None, "language": None}),
    # JSON-LD in an @graph, two authors, a profile URL as article:author is not a name.
    (b'<html><head><meta property="article:author" content="https://x.example/ana">'
     b'<script type="application/ld+json">{"@graph": [{"@type": "WebSite", "name": "Site"}, {"@type": '
     b'["NewsArticle"], "headline": "Two", "author": [{"name": "Ana Ruiz"}, {"name": "Ben Cole"}], '
     b'"datePublished": "2024-03"}]}</script></head><body></body></html>',
     {"title": "Two", "byline": "Ana Ruiz and Ben Cole", "published": "2024-03", "publisher": None}),
    # "Save page as…" notes where the page came from: the address when the page names none.
    (b"<!-- saved from url=(0031)https://herald.example/story -->\n<html><head><title>T</title></head></html>",
     {"url": "https://herald.example/story", "title": "T"}),
])
def test_page_metadata_cases(html: bytes, expected: dict[str, str | None]) -> None:
    from site_builder.load.html import _parse, decode, metadata

    meta = metadata(_parse(decode(html)), html)
    assert {k: getattr(meta, k) for k in expected} == expected


def test_add_source_saved_page_find_cite_build(tmp_path: Path) -> None:
    root = new_project(tmp_path / "desk")
    saved = tmp_path / "Downloads" / "bridge-reopens.html"
    saved.parent.mkdir()
    saved.write_bytes(rs.news_page())
    result = run_cli("-C", str(root), "add-source", str(saved), "--id", "herald", "--added", "2026-12-01")
    assert result.returncode == 0, result.stderr
    assert (root / "seeds" / "bridge-reopens.html").read_bytes() == rs.news_page()  # byte for byte
    [entry] = entries(root)
    assert entry == {"id": "herald", "file": "seeds/bridge-reopens.html", **rs.METADATA,
                     "published": __import__("datetime").date(2024, 3, 2),
                     "sha256": hashlib.sha256(rs.news_page()).hexdigest(), "added": __import__("datetime").date(2026, 12, 1)}
    assert "(10 paragraphs)" in result.stderr
    assert "byline: Ana Ruiz  (JSON-LD author; --byline)" in result.stderr
    assert (root / "facts" / "sources.yaml").read_text("utf-8").startswith("# the bridge story\nsources:\n  - id: herald\n")

    # The furniture is not quotable: find finds none of it, not even approximately.
    for furniture in rs.FURNITURE:
        got = run_cli("-C", str(root), "find", furniture, "--format", "json")
        hits = [h for h in json.loads(got.stdout)["hits"] if h["kind"] != "fuzzy"]
        assert hits == [], furniture
    found = run_cli("-C", str(root), "find", "first vehicles across")
    assert found.returncode == 0
    assert "herald, paragraph council-leader-maria-oduya-said-" in found.stdout
    line = next(n for n, text in enumerate(rs.news_page().decode("utf-8").split("\n"), 1)
                if "first vehicles across" in text)
    assert f"seeds/bridge-reopens.html:{line}\n" in found.stdout  # the line of the <p> in the saved page

    (root / "facts" / "bridge.yaml").write_text(page_file([
        ("reopens", "The bridge reopens on Saturday.", "herald", "will reopen to traffic on Saturday"),
        ("caption", "The bridge carried 40,000 vehicles a day.", "herald", "carried 40,000 vehicles a day"),
        ("promise", "The council leader said the promise was kept.", "herald", "we have kept that promise"),
    ]), "utf-8")
    built = run_cli("-C", str(root), "build", "--out", "out")
    assert built.returncode == 0, built.stderr
    source_page = (root / "out" / "sources" / "herald" / "index.html").read_text("utf-8")
    assert "<mark>will reopen to traffic on Saturday</mark>" in source_page
    assert '<p class="caption"><span class="caption-label">Caption:</span> The harbour bridge, photographed' in source_page
    assert "<blockquote><p>“We promised the city its bridge back, and <mark>we have kept that promise</mark>" in source_page
    # The live page with a text fragment per quote, and the stored copy (as text: its scripts never run here).
    assert 'href="https://herald.example/news/bridge-reopens#:~:text=will%20reopen%20to%20traffic%20on%20Saturday"' in source_page
    assert '<a class="stored" href="../../sources/herald/original.html.txt" type="text/plain">' in source_page
    assert (root / "out" / "sources" / "herald" / "original.html.txt").read_bytes() == rs.news_page()
    for furniture in ("Most read", "ADVERTISEMENT", "Share on X", "gtag"):
        assert furniture not in source_page
    data = json.loads((root / "out" / "facts.json").read_text("utf-8"))
    assert data["sources"][0]["kind"] == "html"
    assert data["sources"][0]["stored_url"] == "sources/herald/original.html.txt"


@pytest.mark.parametrize("name, data, words", [
    ("paywall.html", rs.PAYWALL, "the page has no article text (only: \"Subscribe to continue reading."),
    ("app.html", rs.APP_SHELL, "the page has no article text"),
    ("empty.html", b"", "the page is empty or not HTML"),
    ("scan.pdf", None, "the PDF has no text layer (2 pages of images, e.g. a scan)"),
    ("locked.pdf", None, "the PDF is encrypted with a password"),
    ("cut.pdf", None, "the file is not a readable PDF (damaged or cut short)"),
    ("notes.docx", b"PK\x03\x04", "must be a saved web page (.html, .htm), a PDF (.pdf), a text file"),
])
def test_bad_input_is_one_line_and_a_hint_and_nothing_written(tmp_path: Path, name: str, data: bytes | None,
                                                               words: str) -> None:
    made = {"scan.pdf": rs.scanned_pdf, "locked.pdf": lambda: rs.report_pdf(encrypt=True),
            "cut.pdf": lambda: rs.report_pdf()[:900]}
    root = new_project(tmp_path / "desk")
    bad = tmp_path / name
    bad.write_bytes(data if data is not None else made[name]())
    before = snapshot(root)
    result = run_cli("-C", str(root), "add-source", str(bad), "--id", "bad")
    assert result.returncode in (1, 2), result.stderr
    assert "Traceback" not in result.stderr
    first, *rest = result.stderr.strip().split("\n")
    assert words in first, result.stderr
    assert first.startswith((f"{bad}:1:1: error: ", "site-builder: error: ")), first
    if result.returncode == 1:
        assert len(rest) == 1 and rest[0].startswith("    hint: "), result.stderr
    hints = {"paywall.html": "save the page after it loads, or give the text file",
             "app.html": "save the page after it loads, or give the text file",
             "scan.pdf": "run OCR on it first"}
    if name in hints:
        assert hints[name] in rest[0]
    assert snapshot(root) == before


@pytest.mark.parametrize("flags, expected", [
    ([], {"title": rs.METADATA["title"], "publisher": "The Herald", "language": "en-GB"}),
    (["--title", "Bridge reopens", "--publisher", "Herald", "--language", "en", "--published", "2024-03-03"],
     {"title": "Bridge reopens", "publisher": "Herald", "language": "en",
      "published": __import__("datetime").date(2024, 3, 3)}),
])
def test_flags_override_what_the_page_states(tmp_path: Path, flags: list[str], expected: dict) -> None:
    root = new_project(tmp_path / "desk")
    saved = tmp_path / "bridge.html"
    saved.write_bytes(rs.news_page())
    result = run_cli("-C", str(root), "add-source", str(saved), "--id", "herald", *flags)
    assert result.returncode == 0, result.stderr
    [entry] = entries(root)
    assert {k: entry.get(k) for k in expected} == expected
    for key in expected:
        assert (f"  {key}: " in result.stderr.split("from the page itself")[-1]) == (f"--{key}" not in flags)


def test_check_and_build_never_load_the_fetcher(tmp_path: Path) -> None:
    """Only add-source URL and sources refresh go out: check and build read the stored copy."""
    import subprocess
    import sys

    root = new_project(tmp_path / "desk")
    (root / "seeds" / "bridge.html").write_bytes(rs.news_page())
    (root / "facts" / "sources.yaml").write_text("sources:\n  - id: herald\n    file: seeds/bridge.html\n", "utf-8")
    (root / "facts" / "bridge.yaml").write_text(page_file([FACTS[0]]), "utf-8")
    code = ("import sys; from site_builder.cli import main\n"
            f"for args in (['-C', {str(root)!r}, 'check'], ['-C', {str(root)!r}, 'build', '--out', 'out']):\n"
            "    assert main(args) == 0\n"
            "assert 'site_builder.editor.fetch' not in sys.modules, 'the fetcher was loaded'\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300,
                            env={**__import__("os").environ, "SOURCE_DATE_EPOCH": "1700000000"})
    assert result.returncode == 0, result.stderr


def test_check_reports_a_stored_page_that_lost_its_text(tmp_path: Path) -> None:
    root = new_project(tmp_path / "desk")
    (root / "seeds" / "wall.html").write_bytes(rs.PAYWALL)
    (root / "facts" / "sources.yaml").write_text("sources:\n  - id: wall\n    file: seeds/wall.html\n", "utf-8")
    (root / "facts" / "bridge.yaml").write_text(page_file([("f", "c", "wall", "Subscribe")]), "utf-8")
    result = run_cli("-C", str(root), "check")
    assert result.returncode == 1
    assert "seeds/wall.html:1:1: error: the page has no article text" in result.stderr
    assert "hint: save the page after it loads, or give the text file" in result.stderr


# ------------------------------------------------------------------------------------------ PDF


def test_pdf_paragraphs_keep_their_pages_without_headers_footers_or_hyphens() -> None:
    found = extract_pdf(rs.report_pdf())
    assert [(b.page, b.text) for b in found.blocks] == rs.REPORT
    text = " ".join(b.text for b in found.blocks)
    assert rs.REPORT_HEADER not in text and "Page 2 of 3" not in text and "reo-" not in text
    assert (found.metadata.title, found.metadata.byline, found.metadata.published) == (
        "Harbour bridge inspection report", "Harbour Authority", None)  # a file's creation date is no publication date


def test_pdf_citation_shows_its_page_and_links_to_it(tmp_path: Path) -> None:
    root = new_project(tmp_path / "desk")
    pdf = tmp_path / "inspection-report.pdf"
    pdf.write_bytes(rs.report_pdf())
    added = run_cli("-C", str(root), "add-source", str(pdf), "--id", "report", "--publisher", "Harbour Authority")
    assert added.returncode == 0, added.stderr
    assert (root / "seeds" / "inspection-report.pdf").read_bytes() == pdf.read_bytes()
    found = run_cli("-C", str(root), "find", "reopens to cyclists")
    assert "report, paragraph the-repair-cost-48-million-" in found.stdout
    assert "seeds/inspection-report.pdf, p. 2" in found.stdout
    [hit] = json.loads(run_cli("-C", str(root), "find", "reopens to cyclists", "--format", "json").stdout)["hits"]
    assert (hit["file"], hit["page"]) == ("seeds/inspection-report.pdf", 2)
    (root / "facts" / "bridge.yaml").write_text(page_file([
        ("cost", "The repair cost £48 million.", "report", "The repair cost 48 million pounds"),
        ("path", "The path reopens to cyclists in May 2024.", "report", "May 2024, when the path reopens to cyclists"),
    ]), "utf-8")
    built = run_cli("-C", str(root), "build", "--out", "out")
    assert built.returncode == 0, built.stderr
    home = (root / "out" / "index.html").read_text("utf-8")
    assert re.search(r'<a class="src" href="sources/report/#the-repair-cost-48-million-[0-9a-f]{6}">'
                     r'Harbour Authority, p\. 2</a> \(<a class="pdf" href="sources/report/original\.pdf#page=2">'
                     r"PDF, p\. 2</a>\)", home), home
    assert (root / "out" / "sources" / "report" / "original.pdf").read_bytes() == pdf.read_bytes()
    source_page = (root / "out" / "sources" / "report" / "index.html").read_text("utf-8")
    assert '<a href="../../sources/report/original.pdf#page=2">p. 2</a>' in source_page
    data = json.loads((root / "out" / "facts.json").read_text("utf-8"))
    citation = data["facts"][0]["citations"][0]
    assert (citation["page"], citation["page_url"]) == (2, "sources/report/original.pdf#page=2")
    # The coverage report places a PDF's paragraphs by page too.
    report = run_cli("-C", str(root), "report")
    assert report.returncode == 0
    assert re.search(r"^  seeds/inspection-report\.pdf, p\. 3: report, paragraph tolls-will-not-return-", report.stdout, re.M)
    uncited = json.loads(run_cli("-C", str(root), "report", "--format", "json").stdout)["uncited_paragraphs"]
    assert [(p["page"], p["text"]) for p in uncited] == [(1, "Summary"), (1, rs.REPORT[1][1]), (2, rs.REPORT[3][1]),
                                                         (3, rs.REPORT[4][1])]


# ------------------------------------------------------------------------------------------ URLs


@pytest.fixture
def site():
    with rs.Site() as s:
        yield s


def test_add_source_from_a_url(tmp_path: Path, site: rs.Site) -> None:
    site.routes["/news/bridge-reopens"] = rs.Route(body=rs.news_page())
    site.routes["/b"] = rs.Route(301, headers={"Location": "/news/bridge-reopens"})
    root = new_project(tmp_path / "desk")
    result = run_cli("-C", str(root), "add-source", site.url("/b"), "--id", "herald")
    assert result.returncode == 0, result.stderr
    stored = root / "seeds" / "127-0-0-1-news-bridge-reopens.html"
    assert stored.read_bytes() == rs.news_page()
    assert f"fetched {site.url('/news/bridge-reopens')} and stored it as seeds/{stored.name}" in result.stderr
    [entry] = entries(root)
    assert entry["url"] == rs.METADATA["url"]  # the canonical address the page states
    assert site.user_agents == [USER_AGENT, USER_AGENT] and USER_AGENT.startswith("site-builder/")
    assert run_cli("-C", str(root), "find", "first vehicles across").returncode == 0


def _loop(site: rs.Site) -> None:
    site.routes["/loop1"] = rs.Route(302, headers={"Location": "/loop2"})
    site.routes["/loop2"] = rs.Route(302, headers={"Location": "/loop1"})


def _chain(site: rs.Site) -> None:
    for n in range(8):
        site.routes[f"/hop{n}"] = rs.Route(302, headers={"Location": f"/hop{n + 1}"})


@pytest.mark.parametrize("path, setup, options, words", [
    ("/missing", None, {}, "the server answered 404 Not Found"),
    ("/gone", lambda s: s.routes.update({"/gone": rs.Route(500, b"oops")}), {}, "the server answered 500"),
    ("/data.json", lambda s: s.routes.update({"/data.json": rs.Route(body=b"{}", content_type="application/json")}),
     {}, "the server sent application/json, not a web page or a PDF"),
    ("/loop1", _loop, {}, "redirect loop"),
    ("/hop0", _chain, {}, "more than 5 redirects"),
    ("/to-file", lambda s: s.routes.update({"/to-file": rs.Route(302, headers={"Location": "file:///etc/passwd"})}),
     {}, "redirects to 'file:///etc/passwd', which is not an http(s) address"),
    ("/slow", lambda s: s.routes.update({"/slow": rs.Route(body=rs.news_page(), delay=3)}), {"timeout": 0.5},
     "no answer within 0.5 s (timeout)"),
    ("/big", lambda s: s.routes.update({"/big": rs.Route(body=b"<p>" + b"x" * 5000 + b"</p>")}), {"max_bytes": 1000},
     "the page is 5,007 bytes, over the 1,000-byte limit"),
    ("/fake.pdf", lambda s: s.routes.update({"/fake.pdf": rs.Route(body=b"<html>", content_type="application/pdf")}),
     {}, "the server said PDF but sent something else"),
])
def test_fetch_errors(site: rs.Site, path: str, setup, options: dict, words: str) -> None:
    if setup:
        setup(site)
    with pytest.raises(FetchError) as caught:
        fetch(site.url(path), **options)
    assert words in caught.value.message
    assert caught.value.hint


def test_fetch_caps_a_body_without_a_length(site: rs.Site) -> None:
    # A server that claims a small Content-Length may still be cut off by it; one that claims none is capped as
    # it streams: a body that lies about its length (claims less than it sends) is read only as far as the cap.
    site.routes["/stream"] = rs.Route(body=b"<p>" + b"y" * 50_000 + b"</p>", length=None)
    with pytest.raises(FetchError) as caught:
        fetch(site.url("/stream"), max_bytes=10_000)
    assert "over the 10,000-byte limit" in caught.value.message


@pytest.mark.parametrize("address, words", [
    ("file:///etc/passwd", "'file:///etc/passwd' is a file: address; only http:// and https:// addresses are fetched"),
    ("javascript:alert(1)", "is a javascript: address"),
    ("ftp://example.org/a.html", "is a ftp: address"),
    ("data:text/html,<p>x</p>", "is a data: address"),
])
def test_other_schemes_are_refused_before_any_request(tmp_path: Path, address: str, words: str) -> None:
    root = new_project(tmp_path / "desk")
    before = snapshot(root)
    result = run_cli("-C", str(root), "add-source", address, "--id", "x")
    assert result.returncode == 2, result.stderr
    assert words in result.stderr.split("\n")[0]
    assert snapshot(root) == before


def test_cli_url_errors_write_nothing(tmp_path: Path, site: rs.Site) -> None:
    site.routes["/wall"] = rs.Route(body=rs.PAYWALL)
    root = new_project(tmp_path / "desk")
    before = snapshot(root)
    for path, words in (("/missing", "error: the server answered 404 Not Found"),
                        ("/wall", "error: the page has no article text")):
        result = run_cli("-C", str(root), "add-source", site.url(path), "--id", "x")
        assert result.returncode == 1 and words in result.stderr.split("\n")[0], result.stderr
        assert result.stderr.split("\n")[1].startswith("    hint: ")
    assert snapshot(root) == before


# ------------------------------------------------------------------------------------------ drift, refresh


def _git(root: Path, *args: str) -> None:
    import subprocess

    subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True,
                   env={"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "t",
                        "GIT_COMMITTER_EMAIL": "t@example.org", "HOME": str(root), "PATH": "/usr/bin:/bin"})


FACTS = [
    ("reopens", "The bridge reopens on Saturday.", "herald", "will reopen to traffic on Saturday"),
    ("cables", "All 212 cables were replaced.", "herald", "Engineers replaced all 212 of the bridge's steel cables"),
    ("tolls", "Tolls will not return.", "herald", "Tolls will not return"),
]


def test_drift_of_a_changed_stored_page(tmp_path: Path) -> None:
    root = new_project(tmp_path / "desk")
    saved = tmp_path / "bridge.html"
    saved.write_bytes(rs.news_page())
    assert run_cli("-C", str(root), "add-source", str(saved), "--id", "herald").returncode == 0
    (root / "facts" / "bridge.yaml").write_text(page_file(FACTS), "utf-8")
    _git(root, "init", "-q")
    _git(root, "add", "-A")
    _git(root, "commit", "-qm", "reviewed")
    # The publisher corrects one paragraph: the cable count.
    old = rs.ARTICLE[1][1]
    (root / "seeds" / "bridge.html").write_bytes(rs.news_page({old: old.replace("all 212", "all 211")}))
    result = run_cli("-C", str(root), "check", "--format", "json")
    assert result.returncode == 1
    [drift] = json.loads(result.stdout)["drift"]
    assert drift["reviewed_from"] in ("the git index", "commit " + drift["reviewed_from"][7:])
    assert {c["fact"]: c["status"] for c in drift["citations"]} == {"reopens": "unchanged", "cables": "changed",
                                                                     "tolls": "unchanged"}
    changed = next(c for c in drift["citations"] if c["fact"] == "cables")
    assert changed["closest"]["passage"] == "Engineers replaced all 211 of the bridge's steel cables"
    text = run_cli("-C", str(root), "check").stderr
    assert "error: quote changed in changed source 'herald'" in text
    assert "hint: the quote has '212' where the source has '211'" in text
    line = next(n for n, t in enumerate(rs.news_page().decode("utf-8").split("\n"), 1) if "all 212" in t)
    assert re.search(rf"now \(\d+% similar\), seeds/bridge\.html:{line}, paragraph 'engineers-replaced-all-211-of-", text)
    # The editor quotes the corrected words and accepts the new version: the check passes again.
    (root / "facts" / "bridge.yaml").write_text(page_file([FACTS[0], (
        "cables", "All 211 cables were replaced.", "herald", "Engineers replaced all 211 of the bridge's steel cables"),
        FACTS[2]]), "utf-8")
    accepted = run_cli("-C", str(root), "sources", "accept", "herald")
    assert accepted.returncode == 0, accepted.stderr
    assert run_cli("-C", str(root), "check").returncode == 0


def test_sources_refresh_stores_the_new_copy_beside_the_old_and_runs_drift(tmp_path: Path, site: rs.Site) -> None:
    # The page names its own address as canonical, which is what add-source records and refresh fetches.
    site.routes["/story"] = rs.Route(body=rs.news_page(canonical=site.url("/story")))
    root = new_project(tmp_path / "desk")
    assert run_cli("-C", str(root), "add-source", site.url("/story"), "--id", "herald",
                   "--name", "bridge.html").returncode == 0
    (root / "facts" / "bridge.yaml").write_text(page_file(FACTS), "utf-8")
    unchanged = run_cli("-C", str(root), "sources", "refresh", "herald")
    assert unchanged.returncode == 0 and "is unchanged" in unchanged.stderr, unchanged.stderr
    before = snapshot(root)
    assert len(before) == 3

    tolls = rs.ARTICLE[9][1]
    site.routes["/story"] = rs.Route(body=rs.news_page({tolls: "Tolls may return in 2026, the council said."},
                                                       canonical=site.url("/story")))
    result = run_cli("-C", str(root), "sources", "refresh", "herald")
    assert result.returncode == 0, result.stderr
    new = [p for p in snapshot(root) if p not in before]
    assert len(new) == 1 and re.fullmatch(r"seeds/bridge\.\d{4}-\d{2}-\d{2}\.html", new[0])
    assert (root / "seeds" / "bridge.html").read_bytes() == rs.news_page(canonical=site.url("/story"))  # as it was
    assert entries(root)[0]["file"] == new[0]
    assert "its citations: 2 unchanged, 1 lost" in result.stderr or "1 changed" in result.stderr, result.stderr
    check = run_cli("-C", str(root), "check", "--format", "json")
    [drift] = json.loads(check.stdout)["drift"]
    assert drift["reviewed_from"] == "the earlier copy seeds/bridge.html"
    statuses = {c["fact"]: c["status"] for c in drift["citations"]}
    assert statuses["reopens"] == statuses["cables"] == "unchanged" and statuses["tolls"] in ("changed", "lost")

    # Without a url there is nothing to fetch again.
    (root / "facts" / "sources.yaml").write_text(
        (root / "facts" / "sources.yaml").read_text("utf-8").replace(f"    url: {site.url('/story')}\n", ""), "utf-8")
    no_url = run_cli("-C", str(root), "sources", "refresh", "herald")
    assert no_url.returncode == 2 and "has no url to fetch again" in no_url.stderr


# ------------------------------------------------------------------------------------------ cache, builds


def test_extraction_is_cached_by_hash_and_a_damaged_entry_is_ignored(tmp_path: Path) -> None:
    data = rs.news_page()
    first = paragraphs_of(data, ".html", tmp_path)
    [entry] = list((tmp_path / ".cache").rglob("*.json"))
    assert hashlib.sha256(data).hexdigest() in entry.name
    assert paragraphs_of(data, ".html", tmp_path) == first  # from the cache
    entry.write_text("{not json", "utf-8")
    assert paragraphs_of(data, ".html", tmp_path) == first  # damaged: extracted again, and rewritten
    assert json.loads(entry.read_text("utf-8"))["sha256"] == hashlib.sha256(data).hexdigest()
    # A cache entry is only ever used for the bytes it was made from.
    other = rs.news_page({rs.ARTICLE[9][1]: "Tolls will return in 2030."})
    assert [p.text for p in paragraphs_of(other, ".html", tmp_path)][-1] == "Tolls will return in 2030."


def test_builds_with_pages_and_pdfs_are_byte_identical(tmp_path: Path) -> None:
    root = new_project(tmp_path / "desk")
    (root / "seeds" / "bridge.html").write_bytes(rs.news_page())
    (root / "seeds" / "report.pdf").write_bytes(rs.report_pdf())
    (root / "facts" / "sources.yaml").write_text(
        "sources:\n  - id: herald\n    file: seeds/bridge.html\n  - id: report\n    file: seeds/report.pdf\n", "utf-8")
    (root / "facts" / "bridge.yaml").write_text(page_file([
        FACTS[0], ("cost", "The repair cost £48 million.", "report", "The repair cost 48 million pounds")]), "utf-8")
    trees = []
    for n in (1, 2):
        if n == 2:
            import shutil

            shutil.rmtree(root / ".cache")  # one build extracts, the other too: same bytes either way
        result = run_cli("-C", str(root), "build", "--out", f"out{n}")
        assert result.returncode == 0, result.stderr
        out = root / f"out{n}"
        trees.append({p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*") if p.is_file()})
    assert trees[0] == trees[1]
    assert "sources/report/original.pdf" in trees[0]


def test_exclude_still_works_on_an_extracted_page(tmp_path: Path) -> None:
    root = new_project(tmp_path / "desk")
    (root / "seeds" / "bridge.html").write_bytes(rs.news_page())
    (root / "facts" / "sources.yaml").write_text(
        "sources:\n  - id: herald\n    file: seeds/bridge.html\n    exclude:\n      - text: Traffic returns\n"
        "        reason: a subheading\n", "utf-8")
    (root / "facts" / "bridge.yaml").write_text(page_file([("h", "c", "herald", "Traffic returns")]), "utf-8")
    result = run_cli("-C", str(root), "check")
    assert result.returncode == 1
    assert "excluded as not article text (a subheading)" in result.stderr


# ------------------------------------------------------------------------------------------ in the browser


@pytest.mark.browser
def test_citations_of_a_saved_page_land_on_the_highlighted_words(page, context, tmp_path: Path,
                                                                  serve_directory) -> None:
    from test_reader_browser import Watch, assert_lands_on_quote, footnote, markers, norm, open_page

    root = new_project(tmp_path / "desk")
    saved = tmp_path / "bridge-reopens.html"
    saved.write_bytes(rs.news_page())
    assert run_cli("-C", str(root), "add-source", str(saved), "--id", "herald").returncode == 0
    (root / "facts" / "bridge.yaml").write_text(page_file([
        ("reopens", "The bridge reopens on Saturday.", "herald", "will reopen to traffic on Saturday"),
        ("caption", "The bridge carried 40,000 vehicles a day.", "herald", "carried 40,000 vehicles a day"),
        ("promise", "The council leader said the promise was kept.", "herald", "we have kept that promise"),
        ("walkway", "The cycle lane is widened.", "herald", "a widened cycle lane"),
    ]), "utf-8")
    built = run_cli("-C", str(root), "build", "--out", "out")
    assert built.returncode == 0, built.stderr
    site = serve_directory(root / "out")
    watch = Watch(context)
    open_page(page, site)
    found = markers(page)
    assert len(found) == 4
    quotes = [norm(footnote(page, m["note"])["quote"]) for m in found]
    for i, (m, quote) in enumerate(zip(found, quotes)):
        open_page(page, site)
        with page.expect_navigation():
            page.locator("a.cite").nth(i).click()
        assert_lands_on_quote(page, m["href"], quote, f"marker {m['text']}")
    # The stored copy is served as text: the saved page's scripts and trackers never run on the site.
    response = page.goto(site + "sources/herald/original.html.txt")
    assert response is not None and response.ok
    assert response.headers["content-type"].startswith("text/plain")
    watch.assert_clean()
