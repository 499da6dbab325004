"""Issue 5: every hostile or broken input in tests/hostile/cases.py gets its clean outcome from the real CLI.

Each case runs once, as a real process under a 1 GiB address-space limit, in a fresh copy of the project:
an input that must be refused goes through ``check`` (exit 1, one located error, nothing written); an input
that must build safely goes through ``build`` over a previous complete site (exit 0, the site replaced,
payloads shown as text). ``build`` runs the same verification before it writes anything, so one more test
runs ``build`` on a sample of the refused inputs (one per file the errors point at, and every file-system
oddity) and checks that it fails with the same error and leaves the previous site byte-identical.

The processes are forked from one server that has loaded site-builder already (tests/forked_cli.py): each
is still its own process with its own limit, exit status and peak memory. Wall times and peak memory are
recorded, printed at the end of the run and kept in pytest's cache under ``hostile/report`` (conftest.py).
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from forked_cli import ForkedCli, Run
from hostile.cases import BASE_PAGE, BASE_SOURCES, CASES, PAGE, SOURCES, Big, Case, Fifo, Folder, Symlink
from sitecheck import csv_formula_cells, executable_content, parse_html, visible_text
from support import copy_project

MEMORY_LIMIT = 1024 * 1024 * 1024  # RLIMIT_AS for each CLI run
CHECK_SECONDS = 10.0  # CPU seconds, generous: the target is < 2 s; real timings are reported
BUILD_SECONDS = 20.0
LOCATED = re.compile(r"^.+:\d+:\d+: (error|warning): ")


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


def listing(root: Path) -> dict[str, tuple[int, int, int]]:
    """Return (mode, size, mtime) of every entry under ``root`` but the cache, links not followed (FIFOs and 50 MB
    files are not read)."""
    out = {}
    for dirpath, dirnames, filenames in os.walk(root):
        if dirpath == str(root) and ".cache" in dirnames:
            dirnames.remove(".cache")  # the commands' cache: git-ignored, safe to delete, not the editor's files
        for name in dirnames + filenames:
            st = os.lstat(os.path.join(dirpath, name))
            out[os.path.relpath(os.path.join(dirpath, name), root)] = (st.st_mode, st.st_size, st.st_mtime_ns)
    return out


@pytest.fixture(scope="module")
def cli(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ForkedCli]:
    """The fork server, warmed by a `check` of the base project (previous_site warms it for builds)."""
    server = ForkedCli(tmp_path_factory.mktemp("runs"),
                       env={"SOURCE_DATE_EPOCH": "1694563200", "PYTHONDONTWRITEBYTECODE": "1"})
    base = copy_project(tmp_path_factory.mktemp("base"))
    write(base, PAGE, BASE_PAGE)
    write(base, SOURCES, BASE_SOURCES)
    assert server.warm(["-C", str(base), "check"], base) == 0
    yield server
    server.close()


@pytest.fixture(scope="module")
def previous_site(cli: ForkedCli, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A complete site built from the base inputs: every build starts with it in its output folder.

    Built in the fork server itself, which so loads everything a build needs once for all the cases."""
    root = copy_project(tmp_path_factory.mktemp("previous"))
    write(root, PAGE, BASE_PAGE)
    write(root, SOURCES, BASE_SOURCES)
    assert cli.warm(["-C", str(root), "build", "--out", "out"], root) == 0
    assert (root / "out" / "index.html").is_file()
    return root / "out"


def _params(cases: list[Case]) -> list[object]:
    out = []
    for case in cases:
        marks = [pytest.mark.xfail(strict=True, reason=case.pending)] if case.pending else []
        out.append(pytest.param(case, id=case.id, marks=marks))
    return out


def _case_project(case: Case, tmp_path: Path) -> Path:
    root = copy_project(tmp_path / "p")
    write(root, PAGE, BASE_PAGE)
    write(root, SOURCES, BASE_SOURCES)
    for rel, content in case.files.items():
        write(root, rel, content)
    return root


def _run(cli: ForkedCli, case: Case, command: str, root: Path, cwd: Path, request: pytest.FixtureRequest) -> Run:
    args = ["-C", str(root), command] + (["--out", "out"] if command == "build" else [])
    run = cli.run(args, cwd, limit=MEMORY_LIMIT, timeout=60)
    # Carried to the terminal summary in conftest.py (and from xdist workers to the controller).
    request.node.user_properties.append(("hostile", {"case": case.id, "expect": case.expect, "pending": bool(case.pending), "command": command,
                   "code": run.code, "seconds": round(run.seconds, 3), "cpu_seconds": round(run.cpu_seconds, 3),
                                          "mb": round(run.max_rss_mb, 1)}))
    assert "Traceback" not in run.err + run.out, run.err[-3000:]
    assert run.code in (0, 1), f"exit {run.code} (killed?): {run.err[-2000:]}"
    for line in run.err.splitlines():
        if "error:" in line and not line.startswith(("check FAILED", "build FAILED")):
            assert LOCATED.match(line), f"unlocated message: {line!r}"
    limit = CHECK_SECONDS if command == "check" else BUILD_SECONDS
    # CPU time, not wall time: a machine shared with other work must not fail a case (a run that hangs
    # is ended by the server's alarm after 60 s; one that loops burns CPU and fails here).
    assert run.cpu_seconds < limit, f"{command} used {run.cpu_seconds:.1f} s of CPU"
    for name in case.never:
        assert not (cwd / name).exists() and not (root / name).exists(), f"{name} was created: a payload ran"
    assert [p.name for p in root.iterdir() if p.name.startswith(".out")] == [], "scratch folder left behind"
    return run


def _located_error(case: Case, err: str) -> str:
    """Return the first line of ``err`` at ``case.at`` holding every word the case expects."""
    assert case.at is not None
    prefix = case.at + (": error: " if case.at.count(":") == 2 else ":")
    lines = [ln for ln in err.splitlines() if ln.startswith(prefix)]
    assert lines, f"no diagnostic at {case.at}; got:\n{err[-3000:]}"
    matching = [ln for ln in lines if all(w in ln for w in case.words)]
    assert matching, f"expected words {case.words} in {lines}"
    return matching[0]


ERROR_CASES = [c for c in CASES if c.expect == "error"]
SAFE_CASES = [c for c in CASES if c.expect == "safe"]


def _build_sample() -> list[Case]:
    """Return the refused inputs that `build` also runs: the first for each file the errors point at, and
    every case whose files are not plain text or bytes (links, FIFOs, folders, 50 MB files, a missing file)."""
    seen: set[str] = set()
    out = []
    for case in ERROR_CASES:
        assert case.at is not None
        where = case.at.split(":")[0]
        odd = any(not isinstance(v, (str, bytes)) for v in case.files.values())
        if where not in seen or odd:
            seen.add(where)
            out.append(case)
    return out


@pytest.mark.parametrize("case", _params(ERROR_CASES))
def test_refused_input(case: Case, cli: ForkedCli, tmp_path: Path, request: pytest.FixtureRequest) -> None:
    root = _case_project(case, tmp_path)
    before = listing(root)
    check = _run(cli, case, "check", root, tmp_path, request)
    assert check.code == 1, check.err[-2000:]
    _located_error(case, check.err)
    assert listing(root) == before, "check changed the project"


@pytest.mark.parametrize("case", _params(_build_sample()))
def test_build_refuses_what_check_refuses(case: Case, cli: ForkedCli, previous_site: Path, tmp_path: Path,
                                         request: pytest.FixtureRequest) -> None:
    root = _case_project(case, tmp_path)
    out = root / "out"
    shutil.copytree(previous_site, out, symlinks=True)
    (out / "previous-build.txt").write_text("only the previous site has this file", "utf-8")
    before = tree(out)
    build = _run(cli, case, "build", root, tmp_path, request)
    assert build.code == 1, build.err[-2000:]
    _located_error(case, build.err)
    assert tree(out) == before, "a failed build changed the output folder"


@pytest.mark.parametrize("case", _params(SAFE_CASES))
def test_safe_input_builds(case: Case, cli: ForkedCli, previous_site: Path, tmp_path: Path,
                           request: pytest.FixtureRequest) -> None:
    root = _case_project(case, tmp_path)
    out = root / "out"
    shutil.copytree(previous_site, out, symlinks=True)
    (out / "previous-build.txt").write_text("only the previous site has this file", "utf-8")
    build = _run(cli, case, "build", root, tmp_path, request)
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

