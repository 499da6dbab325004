"""Whole commands that build a site, moved out of the unit tests of their stage (they run MkDocs)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import yaml

from support import REPO, run_cli

LOCATED = re.compile(r"^[^\s:]+:\d+:\d+: error: ", re.M)


def test_check_build_and_report_survive_huge_numbers(tmp_path: Path) -> None:
    from mini import make_project

    huge = "9" * 400
    seed = tmp_path / "p"
    facts = f"""page:
  title: Huge numbers
  question: What if a figure is absurdly long?
facts:
  - id: big-value
    claim: A figure of {huge} km.
    value: {huge}
    unit: km
    citations:
      - source: reuters
        quote: about 1 500km from the port of Vladivostok
  - id: big-date
    claim: It came into service in 2016.
    date: {huge}
    citations:
      - source: reuters
        quote: The cosmodrome, which came into service in 2016
"""
    root = make_project(seed, facts, record=False)
    (root / "seeds" / "000_de560b054ebc41c7.txt").chmod(0o644)
    with open(root / "seeds" / "000_de560b054ebc41c7.txt", "a", encoding="utf-8") as fh:
        fh.write(f"\n\nA serial of {'7' * 1_000_000} digits, and {huge} more, then 10⁹⁹⁹⁹ dollars.\n")
    check = run_cli("check", "--format", "json", cwd=root)
    assert "Traceback" not in check.stderr, check.stderr
    assert check.returncode == 1 and json.loads(check.stdout)["diagnostics"], check.stdout[:2000]
    report = run_cli("report", "--format", "json", cwd=root)
    assert "Traceback" not in report.stderr, report.stderr
    find = run_cli("find", "--value", huge, cwd=root)
    assert "Traceback" not in find.stderr and find.returncode == 2, find.stderr
    build = run_cli("build", cwd=root)
    assert "Traceback" not in build.stderr, build.stderr


def test_init_project_builds_and_catches_tampering(tmp_path: Path) -> None:
    target = tmp_path / "desk"
    result = run_cli("init", str(target))
    assert result.returncode == 0, result.stderr
    for part in ("mkdocs.yml", "facts/sources.yaml", "seeds", "schemas/facts.schema.json", "requirements.txt",
                 ".gitignore", ".pre-commit-config.yaml", ".github/workflows/check.yml",
                 ".github/workflows/publish.yml", "README.md"):
        assert (target / part).exists(), part
    # The theme comes with the package (theme: factsheet), never as a copy.
    assert not (target / "templates").exists()
    assert yaml.safe_load((target / "mkdocs.yml").read_text("utf-8"))["theme"]["name"] == "factsheet"
    assert run_cli("-C", str(target), "check").returncode == 0
    build = run_cli("-C", str(target), "build")
    assert build.returncode == 0, build.stderr
    assert (target / "site" / "facts.json").is_file()
    # A different article and different facts: tampering is caught the same way.
    facts = target / "facts" / "bridge.yaml"
    facts.write_text(facts.read_text("utf-8").replace("value: 120\n", "value: 125\n"), "utf-8")
    result = run_cli("-C", str(target), "check")
    assert result.returncode == 1
    assert LOCATED.search(result.stderr), result.stderr
    assert "value 125 m is not supported" in result.stderr


def test_a_build_links_a_moved_quote_to_its_new_paragraph(tmp_path: Path) -> None:
    """The warning of a moved quote does not stop the build, which links the quote where it now is."""
    from unit.check.test_drift import PARAGRAPH_29, _drifted

    from site_builder.load.split import anchor_for

    root = _drifted(tmp_path, [("several corruption scandals", "corruption scandals")])
    (root / "templates").symlink_to(REPO / "templates")
    build = run_cli("-C", str(root), "build", "--out", "out")
    assert build.returncode == 0, build.stderr
    assert "warning: quote moved in changed source 'reuters'" in build.stderr
    data = json.loads((root / "out" / "facts.json").read_text("utf-8"))
    cost = next(f for f in data["facts"] if f["id"] == "cost")
    assert cost["citations"][0]["paragraph"] == anchor_for(PARAGRAPH_29.replace("several corruption", "corruption"))
