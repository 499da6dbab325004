"""The shipped explainer's dates come from this repository's own history, the same from any full clone."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.e2e

REPO = Path(__file__).resolve().parents[2]


def _git(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["git", "-C", str(REPO), *args], capture_output=True, text=True, timeout=60, check=False)


def _build(root: Path, out: Path) -> str:
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    # -C, not cwd: a clone holds a site_builder/ folder, which `python -m` would import instead of the tested code.
    done = subprocess.run([sys.executable, "-m", "site_builder", "-C", str(root), "build", "--out", str(out)],
                          cwd=out.parent, env=env, capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stderr
    return done.stderr


def test_two_clones_build_the_same_dated_explainer(tmp_path: Path) -> None:
    """Clone this repository twice, build both: the same bytes, and the dates git gives for facts/vostochny.yaml."""
    if _git("rev-parse", "--is-shallow-repository").stdout.strip() != "false":
        # A tarball, or CI's shallow checkout: the shipped page then has no dates (and says why).
        stderr = _build(REPO, tmp_path / "site")
        assert "note: no history of the facts files" in stderr
        assert 'class="dateline"' not in (tmp_path / "site" / "index.html").read_text("utf-8")
        return
    pages = []
    for name in ("one", "two"):
        clone = tmp_path / name
        subprocess.run(["git", "clone", "-q", "--no-local", f"file://{REPO}", str(clone)], check=True,
                       capture_output=True, timeout=300)
        stderr = _build(clone, tmp_path / f"site-{name}")
        assert "note: no history" not in stderr, stderr
        pages.append((tmp_path / f"site-{name}" / "index.html").read_bytes())
        assert (tmp_path / "site-one" / "facts.json").read_bytes() == (tmp_path / f"site-{name}" / "facts.json").read_bytes()
    assert pages[0] == pages[1]
    log = _git("log", "--first-parent", "--format=%cI", "HEAD", "--", "facts/vostochny.yaml").stdout.split()
    first = log[-1][:10]
    html = pages[0].decode("utf-8")
    stamp = re.search(r'<p class="dateline">Published <time datetime="([0-9-]+)">', html)
    assert stamp is not None and stamp.group(1) == first
