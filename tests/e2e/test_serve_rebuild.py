"""The live preview re-renders only what an edit reaches, and still serves exactly what a cold build writes.

Two halves. In-process, MkDocs' own dirty serve build runs twice on a generated three-page project with one
claim edited between them: the edited explainer, its fact's card, the source pages the fact cites and the
site-wide files are written again; the other explainers, cards and source pages are not touched. Then the real
`site-builder serve` on 127.0.0.1 goes through a sequence of edits (a claim, a fact added, removed, an article
changed, a source renamed, an error and its fix, a template), and after each one every file of a cold
`site-builder build` of the same files is fetched from the server and compared byte for byte (the live-reload
script MkDocs injects and the build's Content-Security-Policy, which serve leaves out, set aside); a file of an
earlier build that the cold build no longer has must be gone (404).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from .test_serve import _free_port, _stop

REPO = Path(__file__).resolve().parents[2]
GENERATOR = REPO / "benchmarks" / "make_corpus.py"
EPOCH = "1700000000"
WAIT_S = 60.0

_LIVERELOAD = re.compile(rb"<script>\nvar livereload = function.*?</script>(?=</body>)", re.DOTALL)
_CSP = re.compile(rb'<meta http-equiv="Content-Security-Policy" content="[^"]*">\n')


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Return a generated project of three explainers (6 sources, 90 facts), the same for every test."""
    out = tmp_path_factory.mktemp("corpus") / "project"
    made = subprocess.run([sys.executable, str(GENERATOR), "--sources", "6", "--facts", "90", "--pages", "3",
                           "--seed", "7", "--out", str(out)], capture_output=True, text=True, timeout=300,
                          env={**os.environ, "SOURCE_DATE_EPOCH": EPOCH}, check=False)
    assert made.returncode == 0, made.stderr
    return out


def _project(corpus: Path, dest: Path, site_url: str) -> Path:
    shutil.copytree(corpus, dest)
    config = dest / "mkdocs.yml"
    config.write_text(f"site_url: {site_url}\n" + config.read_text("utf-8"), "utf-8")
    return dest


def _page_file(root: Path, n: int = 1) -> Path:
    return root / "facts" / f"page-{n:03d}.yaml"


def _edit_claim(path: Path, word: str) -> None:
    text = path.read_text("utf-8")
    # A lowercase word without a digit: a claim may add it (a number no quote states would be an error).
    edited = re.sub(r"(?m)^(\s*)claim: ", rf"\1claim: {word} ", text, count=1)
    assert edited != text
    path.write_text(edited, "utf-8")


def _fact_blocks(text: str) -> list[re.Match[str]]:
    return list(re.compile(r"(?m)^- id: (\S+)\n(?:  .*\n)+").finditer(text, text.index("\nfacts:\n")))


def _mtimes(site: Path) -> dict[str, int]:
    """Return each file's modification time, but the search index's (named by their content)."""
    return {p.relative_to(site).as_posix(): p.stat().st_mtime_ns for p in site.rglob("*")
            if p.is_file() and not p.relative_to(site).as_posix().startswith("pagefind/")}


def test_a_dirty_serve_build_rewrites_only_what_a_claim_edit_reaches(corpus: Path, tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    root = _project(corpus, tmp_path / "p", "http://127.0.0.1:8000/")
    site = tmp_path / "site"

    def serve_build(startup: bool = False) -> None:
        config = load_config(config_file=str(root / "mkdocs.yml"), site_dir=str(site))
        if startup:
            config.plugins.on_startup(command="serve", dirty=True)
        build(config, serve_url=config.site_url, dirty=True)
        config.plugins["factsheet"].later.wait()  # the site-wide files, written after the pages

    serve_build(startup=True)
    before = _mtimes(site)
    page = _page_file(root)
    text = page.read_text("utf-8")
    first = _fact_blocks(text)[0]
    fact_id = first.group(1)
    cited = set(re.findall(r"source: (\S+)", first.group(0)))
    time.sleep(0.01)
    _edit_claim(page, "reportedly")
    serve_build()
    after = _mtimes(site)
    assert set(after) == set(before)
    rewritten = {path for path in after if after[path] != before[path]}
    assert "page-001/index.html" in rewritten
    assert f"facts/{fact_id}/index.html" in rewritten
    assert f"assets/share/facts/{fact_id}.png" in rewritten
    assert {f"sources/{sid}/index.html" for sid in cited} <= rewritten
    assert {"index.html", "facts.json", "facts.csv", "annotations.jsonld", "editors/index.html"} <= rewritten
    # What the edit does not reach is left as it was: the other explainers, every other card, other sources.
    kept = set(after) - rewritten
    assert {"page-002/index.html", "page-003/index.html"} <= kept
    other_cards = {p for p in after if p.startswith("facts/") and p.endswith("/index.html")} - {
        f"facts/{fact_id}/index.html"}
    assert other_cards and other_cards <= kept
    other_sources = {p for p in after if re.fullmatch(r"sources/[^/]+/index\.html", p)} - {
        f"sources/{sid}/index.html" for sid in cited}
    assert other_sources <= kept
    assert len(rewritten) < len(after) // 4, sorted(rewritten)


def test_a_content_error_sets_the_site_aside_and_its_fix_brings_it_back(corpus: Path, tmp_path: Path,
                                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    root = _project(corpus, tmp_path / "p", "http://127.0.0.1:8000/")
    site = tmp_path / "site"
    site.mkdir()
    config = load_config(config_file=str(root / "mkdocs.yml"), site_dir=str(site))
    config.plugins.on_startup(command="serve", dirty=True)

    def serve_build() -> None:
        config = load_config(config_file=str(root / "mkdocs.yml"), site_dir=str(site))
        build(config, serve_url=config.site_url, dirty=True)
        config.plugins["factsheet"].later.wait()

    serve_build()
    before = _mtimes(site)
    page = _page_file(root)
    good = page.read_text("utf-8")
    page.write_text(re.sub(r"(?m)^(\s*)claim: ", r"\1claim: 98765 ", good, count=1), "utf-8")
    serve_build()
    assert "Content errors" in (site / "index.html").read_text("utf-8")
    assert not (site / "page-002").exists()
    assert len(list(tmp_path.glob("site-kept-*"))) == 1
    page.write_text(good, "utf-8")
    serve_build()
    after = _mtimes(site)
    assert set(after) == set(before)
    # Back as it was: only what the fix reaches (nothing but the site-wide files) was written again.
    assert after["page-002/index.html"] == before["page-002/index.html"]
    assert after["page-001/index.html"] == before["page-001/index.html"]
    assert not list(tmp_path.glob("site-kept-*"))
    page.write_text(re.sub(r"(?m)^(\s*)claim: ", r"\1claim: 98765 ", good, count=1), "utf-8")
    serve_build()
    config.plugins.on_shutdown()
    assert not list(tmp_path.glob("site-kept-*")), "the server's end deletes the site set aside"


def test_a_build_that_starts_before_the_last_ones_site_wide_files_are_written_makes_them(
        corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A save right after another: the new build stops the writing of the last one's site-wide files, and the
    folder still ends as a cold build writes it, though the second build changed nothing itself."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    from site_builder.mkdocs import later

    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    root = _project(corpus, tmp_path / "p", "http://127.0.0.1:8000/")
    site = tmp_path / "site"
    config = load_config(config_file=str(root / "mkdocs.yml"), site_dir=str(site))
    config.plugins.on_startup(command="serve", dirty=True)

    def serve_build() -> Any:
        config = load_config(config_file=str(root / "mkdocs.yml"), site_dir=str(site))
        build(config, serve_url=config.site_url, dirty=True)
        return config.plugins["factsheet"]

    serve_build().later.wait()
    # The writing of the site-wide files is slow this time: the first takes until the next build has started.
    write, gate, written = later._write, threading.Event(), []

    def slow_write(path: Path, content: str | bytes) -> None:
        if not written:
            assert gate.wait(WAIT_S)
        written.append(path)
        write(path, content)

    monkeypatch.setattr(later, "_write", slow_write)
    _edit_claim(_page_file(root), "reportedly")
    plugin = serve_build()
    assert plugin.later.holds("facts.json"), "facts.json is written after the pages"
    threading.Timer(0.5, gate.set).start()
    serve_build().later.wait()  # nothing changed since the edit
    assert len(written) >= 1 and gate.is_set()
    cold = tmp_path / "cold"
    done = subprocess.run([sys.executable, "-m", "site_builder", "-C", str(root), "build", "--out", str(cold)],
                          capture_output=True, text=True, timeout=300, check=False,
                          env={**os.environ, "SOURCE_DATE_EPOCH": EPOCH})
    assert done.returncode == 0, done.stderr
    expected, served = _site_files(cold), _site_files(site)
    assert set(served) - {p for p in served if p.startswith("pagefind/")} == {
        p for p in expected if not p.startswith("pagefind/")}
    for path, want in expected.items():
        if path.startswith("pagefind/"):
            continue
        assert served[path] == (_CSP.sub(b"", want) if path.endswith(".html") else want), path


def _get(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()


def _site_files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*"))
            if p.is_file() and p.name != ".site-builder-site"}


def test_serve_after_each_edit_serves_what_a_cold_build_writes(corpus: Path, tmp_path: Path) -> None:
    port = _free_port()
    base = f"http://127.0.0.1:{port}/"
    root = _project(corpus, tmp_path / "p", base)
    env = dict(os.environ, SOURCE_DATE_EPOCH=EPOCH, PYTHONUNBUFFERED="1")
    log = tmp_path / "serve.log"
    with open(log, "wb") as out:
        proc = subprocess.Popen([sys.executable, "-m", "site_builder", "-C", str(root), "serve", "-a",
                                 f"127.0.0.1:{port}"], stdout=out, stderr=subprocess.STDOUT, env=env,
                                start_new_session=True)
    seen: set[str] = set()

    def wait_for(path: str, ok: Callable[[bytes], bool]) -> None:
        deadline = time.monotonic() + WAIT_S
        while time.monotonic() < deadline:
            try:
                status, body = _get(base + path)
            except OSError:
                status, body = 0, b""
            if status == 200 and ok(body):
                return
            time.sleep(0.05)
        pytest.fail(f"{path} not as expected within {WAIT_S:.0f} s\n{log.read_text('utf-8', 'replace')[-3000:]}")

    def same_as_cold_build(step: str) -> None:
        site = tmp_path / f"cold-{step}"
        built = subprocess.run([sys.executable, "-m", "site_builder", "-C", str(root), "build", "--out", str(site)],
                               capture_output=True, text=True, env=env, timeout=300, check=False)
        if built.returncode != 0:  # a content error: the preview shows the error page alone
            assert "Content errors" in _get(base)[1].decode("utf-8", "replace")
            expected: dict[str, bytes] | None = None
        else:
            expected = _site_files(site)
        served = set()
        for path, written in (expected or {}).items():
            status, body = _get(base + path)
            assert status == 200, (step, path)
            want = written
            if path.endswith(".html"):
                body, want = _LIVERELOAD.sub(b"", body), _CSP.sub(b"", written)
            assert body == want, (step, path)
            served.add(path)
        # With a content error the preview has the error page, the theme's files and docs/ pages, nothing made
        # from the facts.
        generated = ("page-", "facts/", "sources/", "facts.", "editors/", "assets/share/", "annotations.")
        gone = seen - served if expected is not None else {p for p in seen if p.startswith(generated)}
        for path in sorted(gone):
            assert _get(base + path)[0] == 404, (step, path)
        seen.update(served)

    try:
        wait_for("", lambda body: b"All explainers" in body or b"explainers" in body)
        same_as_cold_build("first")
        page = _page_file(root)

        _edit_claim(page, "reportedly")
        wait_for("page-001/", lambda body: b"reportedly" in body)
        same_as_cold_build("claim")

        text = page.read_text("utf-8")
        block = _fact_blocks(text)[-1]
        copy = block.group(0).replace(f"- id: {block.group(1)}\n", f"- id: {block.group(1)}-again\n", 1)
        page.write_text(text[:block.end()] + copy + text[block.end():], "utf-8")
        wait_for(f"facts/{block.group(1)}-again/", lambda body: True)
        same_as_cold_build("fact-added")

        page.write_text(text, "utf-8")
        wait_for("facts.json", lambda body: f"{block.group(1)}-again".encode() not in body)
        same_as_cold_build("fact-removed")

        seed = sorted((root / "seeds").iterdir())[0]
        article = seed.read_text("utf-8").rstrip("\n")
        # A paragraph more, in the article's own layout (blank lines between paragraphs, or one a line).
        gap = "\n\n" if "\n\n" in article else "\n"
        seed.write_text(f"{article}{gap}A closing paragraph the editors added later.\n", "utf-8")
        wait_for("editors/", lambda body: b"A closing paragraph the editors added later." in body)
        same_as_cold_build("article-changed")

        sources = root / "facts" / "sources.yaml"
        renamed = re.sub(r"(?m)^  label: (['\"]?)", r"  label: \1Renamed ", sources.read_text("utf-8"), count=1)
        sources.write_text(renamed, "utf-8")
        wait_for("sources/", lambda body: b"Renamed " in body)
        same_as_cold_build("source-renamed")

        good = page.read_text("utf-8")
        page.write_text(re.sub(r"(?m)^(\s*)claim: ", r"\1claim: 98765 ", good, count=1), "utf-8")
        wait_for("", lambda body: b"Content errors" in body)
        same_as_cold_build("error")

        page.write_text(good, "utf-8")
        wait_for("", lambda body: b"Content errors" not in body)
        same_as_cold_build("fixed")

        footer = root / "templates" / "partials" / "footer.html"
        footer.write_text(footer.read_text("utf-8").replace("Every claim", "Each claim", 1), "utf-8")
        wait_for("page-002/", lambda body: b"Each claim" in body)
        same_as_cold_build("template")
    finally:
        _stop(proc)
