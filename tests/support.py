"""Shared helpers for tests: copies of the real project, running the real CLI (in this process or a new one)."""

from __future__ import annotations

import contextlib
import functools
import io
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterator

    import pytest

    from site_builder.model.project import Project

REPO = Path(__file__).resolve().parent.parent
PROJECT_PARTS = ("mkdocs.yml", "facts", "seeds", "templates", "docs")


@functools.cache
def shipped_project() -> Project:
    """Return the shipped Vostochny project (the repository's facts and seeds), loaded once per test process.

    Loaded when a test first asks, not when its module is imported (collection stays cheap, and a worker that
    runs none of those tests never loads it). Tests only read it: a ``Project`` is not changed after loading.
    """
    from site_builder.check.project import load_project
    from site_builder.model.project import Layout

    project = load_project(Layout(REPO))
    assert project.ok, [d.format() for d in project.diagnostics]
    return project


def replace_in(rel: str, old: str, new: str) -> Callable[[Path], None]:
    """Return an edit of a project: the first ``old`` in the file ``rel`` becomes ``new`` (it must be there)."""
    def edit(root: Path) -> None:
        path = root / rel
        text = path.read_text("utf-8")
        assert old in text, (rel, old)
        path.write_text(text.replace(old, new, 1), "utf-8")
    return edit


def append_to(rel: str, extra: str) -> Callable[[Path], None]:
    """Return an edit of a project: ``extra`` added at the end of the file ``rel``."""
    def edit(root: Path) -> None:
        with open(root / rel, "a", encoding="utf-8") as f:
            f.write(extra)
    return edit


def copy_project(dest: Path) -> Path:
    """Return ``dest`` holding a copy of the shipped Vostochny project (inputs only)."""
    dest.mkdir(parents=True, exist_ok=True)
    for part in PROJECT_PARTS:
        src = REPO / part
        if src.is_dir():
            shutil.copytree(src, dest / part)
        else:
            shutil.copy2(src, dest / part)
    return dest


#: Environment variables read once per process (at import or start-up): a run that sets them must be a real
#: process (run_process), or it would silently test the settings of this one.
PROCESS_ONLY_ENV = frozenset({"SITE_BUILDER_ENGINE", "LC_ALL", "LANG", "PYTHONIOENCODING", "PYTHONUTF8"})


def run_cli(*args: str | os.PathLike[str], cwd: Path | None = None,
            env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Return the outcome of `site-builder ARGS` run in this process: its exit code and captured output.

    The command line's own ``main`` (as MkDocs tests its CLI), in ``cwd`` (default: the repository) with
    ``env`` over the environment; both are restored afterwards. Exit codes are those the program returns,
    including argparse's 2 for usage errors. Tests of the process itself (signals, the entry point, start-up
    encodings) use run_process.
    """
    from site_builder.cli.main import main

    if env and PROCESS_ONLY_ENV & env.keys():
        raise ValueError(f"{sorted(PROCESS_ONLY_ENV & env.keys())} only take effect in a new process: use run_process")
    argv = [os.fspath(a) for a in args]
    out, err = io.StringIO(), io.StringIO()
    saved_env, saved_cwd = dict(os.environ), os.getcwd()
    os.environ.setdefault("SOURCE_DATE_EPOCH", "1694563200")
    os.environ.update(env or {})
    os.chdir(cwd or REPO)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                code = main(argv)
            except SystemExit as exc:  # argparse: --help, --version, usage errors
                code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    finally:
        os.chdir(saved_cwd)
        os.environ.clear()
        os.environ.update(saved_env)
    return subprocess.CompletedProcess(["site-builder", *argv], code, out.getvalue(), err.getvalue())


def run_process(*args: str | os.PathLike[str], cwd: Path | None = None, env: dict[str, str] | None = None,
                timeout: float = 300) -> subprocess.CompletedProcess[str]:
    """Return the finished `python -m site_builder ARGS` process (real subprocess, captured output)."""
    full_env = dict(os.environ)
    full_env.setdefault("SOURCE_DATE_EPOCH", "1694563200")
    if env:
        full_env.update(env)
    return subprocess.run([sys.executable, "-m", "site_builder", *map(os.fspath, args)], cwd=cwd or REPO,
                          env=full_env, capture_output=True, text=True, timeout=timeout, check=False)


def shipped_counts() -> tuple[int, int]:
    """Return (facts, citations) in the shipped facts/vostochny.yaml, read independently with PyYAML."""
    import yaml

    data = yaml.safe_load((REPO / "facts" / "vostochny.yaml").read_text("utf-8"))
    return len(data["facts"]), sum(len(f["citations"]) for f in data["facts"])


def location_of(text: str, needle: str = "value: 1500") -> tuple[int, int]:
    """Return the 1-based (line, column) of the value after ``key:`` in the first line containing ``needle``."""
    for n, line in enumerate(text.splitlines(), 1):
        if needle in line:
            return n, line.index(needle) + needle.index(":") + 3
    raise AssertionError(f"{needle!r} not found")


def hypothesis_examples(full: int) -> int:
    """Return how many examples a property test that asks for ``full`` runs under the loaded profile.

    The full count under the default profile; under ``--hypothesis-profile=fast`` (``make test-fast``) the same
    share of it as that profile takes of hypothesis' default 100 (tests/conftest.py registers both). Read when
    the test module is imported, after pytest has loaded the profile.
    """
    from hypothesis import settings

    return min(full, max(10, round(full * settings.default.max_examples / 100)))


@contextlib.contextmanager
def own_cache_key(home: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Give the block a cache signing key of its own, under ``home``: no test reads another's cache or key."""
    from site_builder.load import cache

    monkeypatch.setenv("XDG_CACHE_HOME", str(home))
    monkeypatch.delenv("SITE_BUILDER_CACHE", raising=False)
    cache.secret_key.cache_clear()
    cache._CACHES.clear()
    try:
        yield
    finally:
        cache.secret_key.cache_clear()
        cache._CACHES.clear()
