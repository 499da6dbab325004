"""End to end: the real project built by the real CLI and MkDocs, checked from the output files."""

from __future__ import annotations

import hashlib
import json
from html.parser import HTMLParser
from pathlib import Path

import pytest

from site_builder.text.normalise import normalise_text

from support import REPO, copy_project, location_of, run_cli, shipped_counts

N_FACTS, N_CITATIONS = shipped_counts()
LINE, COL = location_of((REPO / "facts" / "vostochny.yaml").read_text("utf-8"))


class _Elements(HTMLParser):
    """Collects the text inside each element that has an id."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str | None] = []
        self.text: dict[str, list[str]] = {}
        self.marks: list[str] = []
        self._in_mark = 0
        self.void = {"br", "img", "meta", "link", "input", "hr", "wbr", "source"}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.void:
            return
        ident = dict(attrs).get("id")
        self.stack.append(ident)
        if ident:
            self.text.setdefault(ident, [])
        if tag == "mark":
            self._in_mark += 1
            self.marks.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag in self.void:
            return
        if self.stack:
            self.stack.pop()
        if tag == "mark":
            self._in_mark -= 1

    def handle_data(self, data: str) -> None:
        for ident in self.stack:
            if ident:
                self.text[ident].append(data)
        if self._in_mark:
            self.marks[-1] += data


def parse(path: Path) -> _Elements:
    p = _Elements()
    p.feed(path.read_text("utf-8"))
    return p


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = copy_project(tmp_path_factory.mktemp("proj"))
    result = run_cli("-C", str(root), "build", "--out", "out")
    assert result.returncode == 0, result.stderr
    assert f"built 1 page(s), {N_FACTS} facts, 2 sources" in result.stderr
    return root / "out"


def test_every_citation_url_lands_on_an_element_containing_the_quote(built: Path) -> None:
    data = json.loads((built / "facts.json").read_text("utf-8"))
    assert len(data["facts"]) == N_FACTS and {s["id"] for s in data["sources"]} == {"reuters", "pet-project"}
    checked = 0
    pages: dict[Path, _Elements] = {}
    for fact in data["facts"]:
        assert set(fact) >= {"id", "page", "claim", "value", "unit", "date", "citations"}
        for c in fact["citations"]:
            assert set(c) >= {"source", "quote", "paragraph", "url"}
            path_part, anchor = c["url"].split("#")
            assert anchor == c["paragraph"]
            page = built / path_part / "index.html"
            elements = pages.setdefault(page, parse(page))
            assert anchor in elements.text, f"{c['url']}: no element with that id"
            assert normalise_text(c["quote"]) in normalise_text(" ".join(elements.text[anchor])), c["url"]
            checked += 1
    assert checked == N_CITATIONS


def test_cited_words_are_highlighted_on_source_pages(built: Path) -> None:
    page = parse(built / "sources" / "reuters" / "index.html")
    marks = [normalise_text(m) for m in page.marks]
    assert normalise_text("about 1 500km from the port of Vladivostok") in marks
    # Excluded lines are not shown as the article.
    html = (built / "sources" / "reuters" / "index.html").read_text("utf-8")
    assert ">Share<" not in html and "Published Sep 13, 2023" not in html


def test_every_claim_links_to_its_source_paragraphs(built: Path) -> None:
    html = (built / "index.html").read_text("utf-8")
    data = json.loads((built / "facts.json").read_text("utf-8"))
    for fact in data["facts"]:
        assert f'id="{fact["id"]}"' in html
        for c in fact["citations"]:
            assert f'href="{c["url"]}"' in html


def test_answer_first_and_no_external_resources(built: Path) -> None:
    import re
    html = (built / "index.html").read_text("utf-8")
    assert html.index("What is the space launch facility") < html.index("Key figures")
    assert "1,500 km (930 miles)" in html
    # Nothing is loaded from another host: every src and every <link href> is site-relative.
    for page in built.rglob("*.html"):
        text = page.read_text("utf-8")
        for url in re.findall(r'\ssrc="([^"]*)"', text) + re.findall(r'<link[^>]*\shref="([^"]*)"', text):
            assert not re.match(r"^(https?:)?//", url), (page, url)
    for css in built.rglob("*.css"):
        assert "url(" not in css.read_text("utf-8") and "@import" not in css.read_text("utf-8")


def _tree(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


def test_two_builds_are_byte_identical(built: Path, tmp_path: Path) -> None:
    root = copy_project(tmp_path / "again")
    assert run_cli("-C", str(root), "build", "--out", "second").returncode == 0
    assert _tree(built) == _tree(root / "second")


def test_failed_build_leaves_previous_site_untouched(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "p")
    assert run_cli("-C", str(root), "build").returncode == 0
    before = _tree(root / "site")
    facts = root / "facts" / "vostochny.yaml"
    facts.write_text(facts.read_text("utf-8").replace("value: 1500", "value: 1600"), "utf-8")
    result = run_cli("-C", str(root), "build")
    assert result.returncode == 1
    assert f"facts/vostochny.yaml:{LINE}:{COL}: error: value 1600 km is not supported" in result.stderr
    assert "Traceback" not in result.stderr
    assert _tree(root / "site") == before
    assert [p.name for p in root.iterdir() if p.name.startswith(".site")] == []


def test_plain_mkdocs_build_strict_works_from_project_root(tmp_path: Path) -> None:
    import subprocess
    import sys
    root = copy_project(tmp_path / "p")
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q"], cwd=root,
                            capture_output=True, text=True, timeout=300, check=False)
    assert result.returncode == 0, result.stderr
    assert (root / "site" / "facts.json").is_file()
    assert (root / "site" / "sources" / "pet-project" / "index.html").is_file()


def test_plain_mkdocs_build_fails_on_bad_fact_before_touching_site(tmp_path: Path) -> None:
    import subprocess
    import sys
    root = copy_project(tmp_path / "p")
    (root / "site").mkdir()
    (root / "site" / "keep.html").write_text("previous", "utf-8")
    facts = root / "facts" / "vostochny.yaml"
    facts.write_text(facts.read_text("utf-8").replace("value: 1500", "value: 1600"), "utf-8")
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict"], cwd=root,
                            capture_output=True, text=True, timeout=300, check=False)
    assert result.returncode != 0
    assert f"facts/vostochny.yaml:{LINE}:{COL}: error: value 1600 km" in result.stderr
    assert (root / "site" / "keep.html").read_text("utf-8") == "previous"


def _git(root: Path, *args: str) -> None:
    import subprocess
    env = {"GIT_AUTHOR_DATE": "2023-09-13T09:30:00+00:00", "GIT_COMMITTER_DATE": "2023-09-13T09:30:00+00:00",
           "HOME": str(root), "GIT_CONFIG_NOSYSTEM": "1", "PATH": __import__("os").environ.get("PATH", "")}
    subprocess.run(["git", "-C", str(root), "-c", "user.name=Editor", "-c", "user.email=editor@example.org",
                    "-c", "init.defaultBranch=main", *args], env=env, check=True, capture_output=True, timeout=60)


def _build_without_epoch(root: Path, out: str) -> None:
    import os
    import subprocess
    import sys
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    result = subprocess.run([sys.executable, "-m", "site_builder", "-C", str(root), "build", "--out", out], env=env,
                            capture_output=True, text=True, timeout=300, check=False)
    assert result.returncode == 0, result.stderr


def test_builds_without_source_date_epoch_take_the_date_from_the_last_commit(tmp_path: Path) -> None:
    """No SOURCE_DATE_EPOCH: two builds (two clones, two output folders, files touched in between) are identical."""
    import gzip
    import os
    import shutil
    import subprocess
    import time

    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    first = copy_project(tmp_path / "first")
    (first / ".gitignore").write_text("out-*/\n", "utf-8")
    with (first / "mkdocs.yml").open("a", encoding="utf-8") as f:
        f.write("site_url: https://news.example.org/vostochny/\n")  # so the sitemap lists pages with dates
    _git(first, "init", "-q")
    _git(first, "add", "-A")
    _git(first, "commit", "-q", "-m", "facts")
    second = tmp_path / "elsewhere" / "second"
    subprocess.run(["git", "clone", "-q", str(first), str(second)], check=True, capture_output=True, timeout=60)

    _build_without_epoch(first, "out-a")
    time.sleep(1.1)  # a build that read the clock or file times would now differ
    for p in (second / "facts").iterdir():
        os.utime(p)
    _build_without_epoch(second, "out-b")

    a, b = first / "out-a", second / "out-b"
    assert _tree(a) == _tree(b)
    assert (a / "sitemap.xml.gz").read_bytes() == (b / "sitemap.xml.gz").read_bytes()
    sitemap = gzip.decompress((a / "sitemap.xml.gz").read_bytes()).decode("utf-8")
    assert sitemap == (a / "sitemap.xml").read_text("utf-8")
    assert "<lastmod>2023-09-13</lastmod>" in sitemap
    # gzip's own header carries a time too: the commit's day (MkDocs writes midnight), not the clock's.
    assert 1694563200 <= int.from_bytes((a / "sitemap.xml.gz").read_bytes()[4:8], "little") <= 1694597400


def test_edit_links_point_at_each_facts_line_when_configured(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "p")
    config = root / "mkdocs.yml"
    config.write_text(config.read_text("utf-8") + "repo_url: https://github.com/newsroom/facts\nedit_uri: edit/main/docs/\n",
                      "utf-8")
    assert run_cli("-C", str(root), "build", "--out", "out").returncode == 0
    html = (root / "out" / "index.html").read_text("utf-8")
    facts_text = (root / "facts" / "vostochny.yaml").read_text("utf-8")
    line = facts_text.splitlines().index("  - id: why-built") + 1
    assert f'href="https://github.com/newsroom/facts/edit/main/facts/vostochny.yaml#L{line}"' in html


def test_no_edit_links_without_repo_settings(built: Path) -> None:
    assert "Edit this fact" not in (built / "index.html").read_text("utf-8")
