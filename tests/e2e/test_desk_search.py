"""A three-page desk: the home page lists every explainer, and the offline search finds a fact on another page
and lands on it, in Chromium, with nothing requested off the site and the CSP still blocking inline script."""

from __future__ import annotations

import os
import re
import subprocess
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect
from sitecheck import broken_links, parse_html
from support import REPO, copy_project, run_cli

pytestmark = pytest.mark.e2e

DESK = REPO / "tests" / "fixtures" / "desk"
#: (page id, the question the home page shows, facts, sources)
EXPLAINERS = [
    ("baikonur", "Why did Putin order a new cosmodrome?", 1, 2),
    ("svobodny", "What was there before the Vostochny Cosmodrome?", 1, 1),
    ("vostochny", "What is the space launch facility where Kim and Putin are meeting?", 31, 2),
]


def _desk(root: Path) -> Path:
    copy_project(root)
    for name in ("svobodny.yaml", "baikonur.yaml"):
        shutil.copy(DESK / name, root / "facts" / name)
    return root


@pytest.fixture(scope="module")
def desk_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = _desk(tmp_path_factory.mktemp("desk"))
    result = run_cli("build", cwd=root)
    assert result.returncode == 0, result.stderr
    return root / "site"


def _csp(html: str) -> str:
    match = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">', html)
    assert match, "no CSP"
    return match.group(1)


def test_the_home_page_lists_every_explainer_with_its_counts(desk_site: Path) -> None:
    html = (desk_site / "index.html").read_text("utf-8")
    items = re.findall(r'<li><a href="([^"]+)">([^<]+)</a>\n<span class="desk-meta">([^<]+)</span></li>', html)
    def counts(facts: int, sources: int) -> str:
        return f"{facts} fact{'s' if facts != 1 else ''} · {sources} source{'s' if sources != 1 else ''}"
    assert items == [(f"{pid}/", question, counts(facts, sources)) for pid, question, facts, sources in EXPLAINERS]
    assert broken_links(desk_site) == []


def test_only_the_page_with_search_allows_webassembly(desk_site: Path) -> None:
    home = _csp((desk_site / "index.html").read_text("utf-8"))
    assert "script-src 'self' 'wasm-unsafe-eval';" in home
    assert "unsafe-inline" not in home and "'unsafe-eval'" not in home
    for page in ("vostochny/index.html", "svobodny/index.html", "sources/index.html", "404.html"):
        assert "wasm" not in _csp((desk_site / page).read_text("utf-8")), page
        assert "search.js" not in (desk_site / page).read_text("utf-8")


def test_the_index_is_byte_identical_from_build_to_build(desk_site: Path, tmp_path: Path) -> None:
    root = _desk(tmp_path / "again")
    result = run_cli("build", cwd=root)
    assert result.returncode == 0, result.stderr
    ours, again = desk_site / "pagefind", root / "site" / "pagefind"
    # Only into the site: nothing beside it, nor in the folder the build ran from (Pagefind's Python wrapper
    # wrote a second index into the working directory).
    assert sorted(p.name for p in root.iterdir()) == sorted(p.name for p in desk_site.parent.iterdir())
    assert not (root / "pagefind").exists()
    names = sorted(str(p.relative_to(ours)) for p in ours.rglob("*") if p.is_file())
    assert names == sorted(str(p.relative_to(again)) for p in again.rglob("*") if p.is_file())
    assert {"pagefind.js", "pagefind-entry.json"} <= set(names) and not any("-ui" in n for n in names)
    for name in names:
        assert (ours / name).read_bytes() == (again / name).read_bytes(), name


def test_a_one_page_site_has_no_search(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "one")
    assert run_cli("build", cwd=root).returncode == 0
    assert not (root / "site" / "pagefind").exists()
    assert "search" not in parse_html(root / "site" / "index.html").ids


# ------------------------------------------------------------------------------------------- in Chromium


class Watch:
    """Every request and console error of one browser context; requests off 127.0.0.1 are aborted."""

    def __init__(self, context: Any) -> None:
        self.offsite: list[str] = []
        self.errors: list[str] = []
        context.route("**/*", self._route)
        context.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        context.on("weberror", lambda e: self.errors.append(f"page error: {e.error}"))

    def _route(self, route: Any) -> None:
        parts = urlsplit(route.request.url)
        if parts.scheme in ("data", "about", "blob") or parts.hostname == "127.0.0.1":
            route.continue_()
        else:
            self.offsite.append(route.request.url)
            route.abort()


@pytest.fixture
def watch(context: Any) -> Iterator[Watch]:
    w = Watch(context)
    yield w
    assert w.offsite == [], w.offsite
    assert w.errors == [], w.errors


@pytest.mark.browser
def test_search_finds_a_fact_on_another_page_and_lands_on_it(page: Any, watch: Watch, desk_site: Path,
                                                             serve_directory: Any) -> None:
    base = serve_directory(desk_site)
    page.goto(base)
    expect(page.locator("#search-q")).to_be_enabled()
    page.fill("#search-q", "missile base")
    page.press("#search-q", "Enter")
    page.wait_for_selector("#search-results li a")
    results = page.eval_on_selector_all("#search-results li a", "els => els.map(a => [a.href, a.textContent])")
    assert [f"{base}svobodny/#svobodny-shut-down",
            "Svobodny 18, a Soviet intercontinental ballistic missile base near Vostochny, shut down in 1993."] in results
    assert all(href.startswith(base) and "#" in href for href, _ in results)  # each a fact's anchor on the site
    n = len(results)
    assert page.text_content("#search-status") == f"{n} fact{' matches' if n == 1 else 's match'} \u201cmissile base\u201d"
    assert page.url == f"{base}?q=missile+base"  # a results view that can be linked
    page.click('#search-results a[href$="svobodny/#svobodny-shut-down"]')
    page.wait_for_url(f"{base}svobodny/#svobodny-shut-down")
    assert page.evaluate("document.querySelector(':target').id") == "svobodny-shut-down"


@pytest.mark.browser
def test_a_results_view_loads_from_its_address_and_finds_quotes_words(page: Any, watch: Watch, desk_site: Path,
                                                                      serve_directory: Any) -> None:
    base = serve_directory(desk_site)
    page.goto(f"{base}?q=Kazakhstan")
    page.wait_for_selector("#search-results li a")
    hrefs = page.eval_on_selector_all("#search-results li a", "els => els.map(a => a.href)")
    assert f"{base}baikonur/#reliance-on-baikonur" in hrefs
    assert page.input_value("#search-q") == "Kazakhstan"
    page.goto(f"{base}?q=zzzzqqq")
    # (a locator, not wait_for_function: the page's policy refuses the string Playwright would evaluate)
    expect(page.locator("#search-status")).to_have_text("No fact matches \u201czzzzqqq\u201d")
    assert page.locator("#search-results li").count() == 0


@pytest.mark.browser
def test_the_home_pages_policy_still_blocks_inline_script(page: Any, desk_site: Path, serve_directory: Any) -> None:
    base = serve_directory(desk_site)
    violations: list[str] = []
    page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
    page.goto(base)
    page.evaluate("""() => { const s = document.createElement('script'); s.textContent = 'window.__ran = 1';
                             document.body.appendChild(s); }""")
    # (the page's own policy applies: Playwright does not bypass a CSP unless told to)
    assert page.evaluate("window.__ran === undefined")
    assert any("inline" in v for v in violations), violations


@pytest.mark.browser
def test_without_javascript_the_search_box_says_so_and_the_list_remains(browser: Any, desk_site: Path,
                                                                        serve_directory: Any) -> None:
    base = serve_directory(desk_site)
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(base)
        assert page.locator("#search-q").is_disabled() and page.locator("#search-form button").is_disabled()
        assert page.text_content("#search-status") == ("Search works with JavaScript on; every explainer is "
                                                       "listed below.")
        assert page.locator(".desk-list li a").count() == 3
    finally:
        context.close()


@pytest.mark.browser
def test_with_javascript_the_box_is_enabled_in_place_and_nothing_moves(page: Any, watch: Watch, desk_site: Path,
                                                                        serve_directory: Any) -> None:
    base = serve_directory(desk_site)
    page.goto(base)
    expect(page.locator("#search-q")).to_be_enabled()
    assert page.text_content("#search-status") == ""
    shift = page.evaluate("""() => new Promise(done => {
        let total = 0;
        new PerformanceObserver(list => { for (const e of list.getEntries()) total += e.value; })
            .observe({type: 'layout-shift', buffered: true});
        setTimeout(() => done(total), 500);
    })""")
    assert shift == 0


@pytest.mark.browser
def test_axe_finds_nothing_on_the_home_page_and_a_results_view(page: Any, watch: Watch, desk_site: Path,
                                                               serve_directory: Any) -> None:
    from axe_playwright_python.sync_playwright import Axe

    base = serve_directory(desk_site)
    axe = Axe()
    problems = []
    for url, ready in ((base, "#search-q"), (f"{base}?q=cosmodrome", "#search-results li a")):
        page.goto(url)
        page.wait_for_selector(ready)
        result = axe.run(page)
        problems += [f"{url}: {v['id']}: {v['help']}" for v in result.response["violations"]]
    assert problems == []


def test_a_search_index_that_cannot_be_written_fails_the_build_and_keeps_the_old_site(tmp_path: Path) -> None:
    root = _desk(tmp_path / "desk")
    assert run_cli("build", cwd=root).returncode == 0
    before = {p: p.read_bytes() for p in (root / "site").rglob("*") if p.is_file()}
    (root / "facts" / "svobodny.yaml").write_text(
        (root / "facts" / "svobodny.yaml").read_text("utf-8").replace("The old missile base", "The old base"), "utf-8")
    # Pagefind's own setting for where its binary is: a path with nothing there.
    result = run_cli("build", cwd=root, env={"PAGEFIND_BINARY_PATH": str(tmp_path / "no-such-pagefind")})
    assert result.returncode == 1, result.stderr
    lines = result.stderr.strip().splitlines()
    assert lines[0] == ("error: the search index could not be written: Pagefind did not run: no such file or folder "
                        f"({tmp_path / 'no-such-pagefind'}) [ENOENT]"), lines
    assert lines[-1].startswith("build FAILED: ") and lines[-1].endswith("; the site was not changed"), lines
    assert "Traceback" not in result.stderr
    after = {p: p.read_bytes() for p in (root / "site").rglob("*") if p.is_file()}
    assert after == before  # the previous site, byte for byte
    assert not [p for p in root.iterdir() if p.name.startswith(".site.build-")]


def _commit(root: Path, message: str, when: str) -> None:
    env = {**os.environ, "GIT_AUTHOR_NAME": "Ed", "GIT_AUTHOR_EMAIL": "ed@news.example", "GIT_COMMITTER_NAME": "Ed",
           "GIT_COMMITTER_EMAIL": "ed@news.example", "GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when}
    for args in (["add", "-A"], ["commit", "-q", "-m", message]):
        subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True, env=env, timeout=60)


def test_the_home_page_dates_each_explainers_last_change(tmp_path: Path) -> None:
    """In a git repository the list says when each explainer last changed: its latest update, else its publication."""
    root = _desk(tmp_path / "desk")
    svobodny = root / "facts" / "svobodny.yaml"
    kept = svobodny.read_text("utf-8")
    svobodny.unlink()
    subprocess.run(["git", "init", "-q", str(root)], check=True, capture_output=True, timeout=60)
    _commit(root, "two explainers", "2026-03-02T09:00:00+00:00")
    svobodny.write_text(kept, "utf-8")
    _commit(root, "a third", "2026-03-09T09:00:00+00:00")
    result = run_cli("build", cwd=root, env={"SOURCE_DATE_EPOCH": ""})
    assert result.returncode == 0, result.stderr
    html = (root / "site" / "index.html").read_text("utf-8")
    dates = dict(re.findall(r'<li><a href="([^"]+)/">[^<]+</a>\n<span class="desk-meta">[^<]*updated '
                            r'<time datetime="([0-9-]+)">', html))
    assert dates == {"baikonur": "2026-03-02", "svobodny": "2026-03-09", "vostochny": "2026-03-02"}
    assert "updated <time datetime=\"2026-03-09\">9 March 2026</time>" in html
