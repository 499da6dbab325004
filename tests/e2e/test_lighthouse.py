"""Lighthouse gives the explainer page 100 in accessibility, best practices and SEO, and passes every page-level
performance audit (the performance score itself is timings, measured by scripts/measure_page.py).

Runs the project's pinned npm `lighthouse` (package.json / package-lock.json, installed by `npm ci`; `.ci/run`
does it) against a real build served on 127.0.0.1, driving the system Chromium, with no network. Without
node_modules/lighthouse the test is skipped with the reason, except under CI=true, where it fails.
"""

from __future__ import annotations

import importlib.util
import json
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

#: Performance audits that the page alone decides, whatever the machine's load or the test server's headers.
PAGE_AUDITS = ("cumulative-layout-shift", "total-byte-weight", "dom-size", "unsized-images", "font-display",
               "unminified-css", "unminified-javascript", "unused-javascript", "legacy-javascript",
               "duplicated-javascript", "third-parties-insight", "viewport", "uses-passive-event-listeners",
               "no-document-write", "bf-cache", "offscreen-images", "uses-optimized-images")


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
    assert result["version"] == measure_page.lighthouse_version()
    misses = "\n".join(f"  {k} ({v['score']}): {v['title']} {v['value']}" for k, v in result["failed_audits"].items())
    deterministic = {k: v for k, v in result["scores"].items() if k != "performance"}
    assert deterministic == {k: 100 for k in measure_page.LIGHTHOUSE_CATEGORIES if k != "performance"}, \
        f"{result['scores']}; audits not passed:\n{misses}"
    if result["scores"]["performance"] == 100:
        return
    # The performance score is made of timings (Lighthouse simulates a slow phone from the trace it observed),
    # which a busy shared machine pushes under 100 whatever the page is; the README's 100 is measured by
    # scripts/measure_page.py on an idle machine. What the page itself decides is held here: layout shift, and
    # the page-level performance audits (layout shift, byte weight, DOM size, unsized images, ...).
    audits = json.loads(Path(result["report"]).read_text("utf-8"))["audits"]
    missing = [aid for aid in PAGE_AUDITS if aid not in audits]
    assert not missing, f"Lighthouse {result['version']} has no audits {missing}: update PAGE_AUDITS"
    failing = {aid: audits[aid].get("title") for aid in PAGE_AUDITS
               if audits[aid].get("score") is not None and audits[aid]["score"] < 1}
    assert not failing, f"performance {result['scores']['performance']}: page-level audits failed: {failing}"
