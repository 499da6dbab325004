"""Shared helpers for tests: copies of the real project, running the real CLI."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PROJECT_PARTS = ("mkdocs.yml", "facts", "seeds", "templates", "docs")


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


def run_cli(*args: str, cwd: Path | None = None, env: dict[str, str] | None = None,
            timeout: float = 300) -> subprocess.CompletedProcess[str]:
    """Return the finished `python -m site_builder ARGS` process (real subprocess, captured output)."""
    full_env = dict(os.environ)
    full_env.setdefault("SOURCE_DATE_EPOCH", "1694563200")
    if env:
        full_env.update(env)
    return subprocess.run([sys.executable, "-m", "site_builder", *args], cwd=cwd or REPO, env=full_env,
                          capture_output=True, text=True, timeout=timeout, check=False)


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
