"""Lighthouse gives the explainer page 100 in performance, accessibility, best practices and SEO.

Runs the project's pinned npm `lighthouse` (package.json / package-lock.json, installed by `npm ci`; `.ci/run`
does it) against a real build served on 127.0.0.1, driving the system Chromium, with no network. Without
node_modules/lighthouse the test is skipped with the reason, except under CI=true, where it fails.
"""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path

import pytest

from support import REPO, copy_project, run_cli

pytestmark = pytest.mark.browser


def _measure_module():
    spec = importlib.util.spec_from_file_location("measure_page", REPO / "scripts" / "measure_page.py")
    module = importlib.util.module_from_spec(spec)
    assert spec.loader is not None
    spec.loader.exec_module(module)
    return module


measure_page = _measure_module()


def test_lighthouse_scores_are_100_on_the_explainer(tmp_path: Path, serve_directory, chromium_executable: str):
    if measure_page.lighthouse_command() is None:
        reason = "npm lighthouse is not installed (run `npm ci` in the project root; needs node and npm)"
        if os.environ.get("CI", "").strip().lower() in {"true", "1", "yes"}:
            pytest.fail(f"CI=true but {reason}; .ci/run installs it", pytrace=False)
        pytest.skip(reason)
    root = copy_project(tmp_path / "project")
    build = run_cli("-C", str(root), "build", "--out", "out")
    assert build.returncode == 0, build.stderr
    base = serve_directory(root / "out")

    result = measure_page.run_lighthouse(base, tmp_path / "lighthouse.json", chromium_executable)
    assert "scores" in result, result
    if {k for k, v in result["scores"].items() if v != 100} == {"performance"}:
        # Performance alone rests on timings (Lighthouse simulates a slow phone from what it observed), which a
        # busy machine can push just under 100: measure once more. The other three categories are deterministic.
        first = result["scores"]
        result = measure_page.run_lighthouse(base, tmp_path / "lighthouse-2.json", chromium_executable)
        assert "scores" in result, result
        result["failed_audits"]["(first run)"] = {"score": first, "title": "scores of the first run", "value": ""}

    assert result["version"] == measure_page.lighthouse_version()
    misses = "\n".join(f"  {k} ({v['score']}): {v['title']} {v['value']}" for k, v in result["failed_audits"].items())
    assert result["scores"] == {k: 100 for k in measure_page.LIGHTHOUSE_CATEGORIES}, \
        f"{result['scores']}; audits not passed:\n{misses}"
