"""Issue 5: every hostile or broken input in tests/hostile/cases.py gets its clean outcome from the real CLI.

Each case runs in a fresh copy of the project whose output folder already holds a previous complete
site. ``check`` and then ``build`` run as real subprocesses under a 1 GiB address-space limit; their
wall time and peak memory are recorded (printed at the end of the run, and kept in pytest's cache
under ``hostile/report``).
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from collections.abc import Iterator

import pytest

from hostile.cases import BASE_PAGE, BASE_SOURCES, CASES, PAGE, SOURCES, Big, Case, Fifo, Folder, Symlink
from sitecheck import csv_formula_cells, executable_content, parse_html, visible_text
from support import copy_project

MEMORY_LIMIT = 1024 * 1024 * 1024  # RLIMIT_AS for each CLI run
CHECK_SECONDS = 10.0  # generous: the target is < 2 s; real timings are reported
BUILD_SECONDS = 20.0
LOCATED = re.compile(r"^.+:\d+:\d+: (error|warning): ")


@dataclass
class Run:
    code: int
    out: str
    err: str
    seconds: float
    max_rss_mb: float


#: Runs the CLI with the memory limit set by the child itself before it imports anything (a preexec_fn
#: would do the same, but is unsafe once the test process has threads, as the browser tests leave).
LAUNCHER = ("import resource, runpy, sys; "
            f"resource.setrlimit(resource.RLIMIT_AS, ({MEMORY_LIMIT}, {MEMORY_LIMIT})); "
            "sys.argv[0] = 'site_builder'; runpy.run_module('site_builder', run_name='__main__', alter_sys=True)")


def run_limited(args: list[str], cwd: Path, timeout: float = 60) -> Run:
    """Run `python -m site_builder ARGS` with the memory limit; return its outcome, time and peak memory."""
    env = dict(os.environ, SOURCE_DATE_EPOCH="1694563200", PYTHONDONTWRITEBYTECODE="1")
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen([sys.executable, "-c", LAUNCHER, *args], cwd=cwd, env=env, stdout=out,
                                stderr=err, stdin=subprocess.DEVNULL)
        killer = threading.Timer(timeout, lambda: proc.send_signal(signal.SIGKILL))
        killer.start()
        try:
            _, status, usage = os.wait4(proc.pid, 0)
        finally:
            killer.cancel()
        seconds = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        return Run(proc.returncode, out.read().decode("utf-8", "replace"), err.read().decode("utf-8", "replace"),
                   seconds, usage.ru_maxrss / 1024)


def tree(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


def write(root: Path, rel: str, content: object) -> None:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.is_symlink() or path.is_file():
        path.unlink()
    if content is None:
        return
    if isinstance(content, str):
        path.write_bytes(content.encode("utf-8"))
    elif isinstance(content, bytes):
        path.write_bytes(content)
    elif isinstance(content, Symlink):
        os.symlink(content.target, path)
    elif isinstance(content, Fifo):
        os.mkfifo(path)
    elif isinstance(content, Folder):
        path.mkdir()
    elif isinstance(content, Big):
        with path.open("wb") as f:
            f.write(content.head)
            written = len(content.head)
            block = content.fill * max(1, (1 << 20) // len(content.fill))
            while written < content.size:
                f.write(block[: content.size - written])
                written += min(len(block), content.size - written)
    else:  # pragma: no cover
        raise TypeError(content)


@pytest.fixture(scope="module")
def previous_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A complete site built from the base inputs: every case starts with it in its output folder."""
    root = copy_project(tmp_path_factory.mktemp("previous"))
    write(root, PAGE, BASE_PAGE)
    write(root, SOURCES, BASE_SOURCES)
    run = run_limited(["-C", str(root), "build", "--out", "out"], root)
    assert run.code == 0, run.err
    return root / "out"


REPORT: list[dict[str, object]] = []


@pytest.fixture(scope="module", autouse=True)
def _report(request: pytest.FixtureRequest) -> Iterator[None]:
    yield
    if REPORT:
        cache = getattr(request.config, "cache", None)  # absent under -p no:cacheprovider
        if cache is not None:
            cache.set("hostile/report", REPORT)
        request.config.hostile_report = list(REPORT)  # printed by conftest.py's terminal summary


def _params() -> list[object]:
    out = []
    for case in CASES:
        marks = [pytest.mark.xfail(strict=True, reason=case.pending)] if case.pending else []
        out.append(pytest.param(case, id=case.id, marks=marks))
    return out


def test_corpus_is_big_enough_and_covers_issue_5() -> None:
    assert len(CASES) >= 60
    covered = " ".join(c.covers for c in CASES)
    for item in ("malformed YAML", "tabs", "unclosed quote", "wrong types", "missing required keys", "unknown keys",
                 "duplicate mapping keys", "duplicate fact ids across files", "object-constructing tags",
                 "alias/anchor bombs", "50 MB", "byte-order mark", "Latin-1", "UTF-16", "invalid UTF-8", "empty files",
                 "an empty quote", "whitespace-only quote", "spanning two paragraphs", "../../etc/passwd",
                 "absolute path", "symlink leading outside", "ids with spaces", "ids with slashes", "ids with HTML",
                 "path separators", "control characters", "extremely long lines", "javascript:", "data:",
                 "raw HTML", "images in a claim", "script in a claim"):
        assert item in covered, f"no case covers {item!r}"


def test_corpus_covers_issue_13() -> None:
    """Issue 13's content cases are in the corpus; its file-system, concurrency and stream cases are in
    tests/test_faults.py, and its generated inputs in tests/test_fuzz.py."""
    covered = " ".join(c.covers for c in CASES)
    for item in ("bidi control characters (Trojan Source) in a claim", "bidi control characters in a quote",
                 "YAML escape", "invisible format characters in a label", "bidi control characters in source text",
                 "bidi control characters in source metadata", "the joiners real text needs", "ids ending in a newline",
                 "file ending in a newline", "url ending in a newline", "page file names ending in a newline",
                 "citation-marker look-alike", "CSV formula after a ';'", "200-character URL"):
        assert item in covered, f"no case covers {item!r}"


@pytest.mark.parametrize("case", _params())
def test_hostile_input(case: Case, previous_site: Path, tmp_path: Path) -> None:
    root = copy_project(tmp_path / "p")
    write(root, PAGE, BASE_PAGE)
    write(root, SOURCES, BASE_SOURCES)
    for rel, content in case.files.items():
        write(root, rel, content)
    out = root / "out"
    shutil.copytree(previous_site, out, symlinks=True)
    (out / "previous-build.txt").write_text("only the previous site has this file", "utf-8")
    before = tree(out)

    check = run_limited(["-C", str(root), "check"], tmp_path)
    build = run_limited(["-C", str(root), "build", "--out", "out"], tmp_path)
    REPORT.append({"case": case.id, "expect": case.expect, "pending": bool(case.pending),
                   "check_code": check.code, "build_code": build.code,
                   "check_s": round(check.seconds, 3), "build_s": round(build.seconds, 3),
                   "check_mb": round(check.max_rss_mb, 1), "build_mb": round(build.max_rss_mb, 1)})

    for run in (check, build):
        assert "Traceback" not in run.err + run.out, run.err[-3000:]
        assert run.code in (0, 1), f"exit {run.code} (killed?): {run.err[-2000:]}"
        for line in run.err.splitlines():
            if "error:" in line and not line.startswith(("check FAILED", "build FAILED")):
                assert LOCATED.match(line), f"unlocated message: {line!r}"
    assert check.seconds < CHECK_SECONDS, f"check took {check.seconds:.1f} s"
    assert build.seconds < BUILD_SECONDS, f"build took {build.seconds:.1f} s"
    for name in case.never:
        assert not (tmp_path / name).exists() and not (root / name).exists(), f"{name} was created: a payload ran"
    assert [p.name for p in root.iterdir() if p.name.startswith(".out")] == [], "scratch folder left behind"

    if case.expect == "error":
        assert (check.code, build.code) == (1, 1), check.err[-2000:]
        assert case.at is not None
        prefix = case.at + (": error: " if case.at.count(":") == 2 else ":")
        lines = [ln for ln in check.err.splitlines() if ln.startswith(prefix)]
        assert lines, f"no diagnostic at {case.at}; got:\n{check.err[-3000:]}"
        assert any(all(w in ln for w in case.words) for ln in lines), f"expected words {case.words} in {lines}"
        assert any(ln.startswith(prefix) for ln in build.err.splitlines()), build.err[-2000:]
        assert tree(out) == before, "a failed build changed the output folder"
        return

    assert check.code == 0, check.err[-3000:]
    assert build.code == 0, build.err[-3000:]
    after = tree(out)
    assert "previous-build.txt" not in after, "the new site did not replace the previous one"
    assert "index.html" in after and "sources/index.html" in after and "facts.json" in after
    page = parse_html(out / case.page)
    text = visible_text(page)
    for payload in case.shown:
        assert " ".join(payload.split()) in text, f"{payload!r} is not shown as text on {case.page}"
    assert executable_content(out) == []
    assert csv_formula_cells(out / "facts.csv") == []


def test_report_timings(request: pytest.FixtureRequest) -> None:
    """Runs last in this module: sanity of the recorded figures (the summary prints them)."""
    if not REPORT:
        pytest.skip("no case ran (deselected)")
    assert max(r["check_mb"] for r in REPORT) < MEMORY_LIMIT / 2**20
