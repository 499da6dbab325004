"""The site-builder command line: exit codes, streams, help, init."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
import yaml
from jsonschema import Draft202012Validator

from support import REPO, copy_project, location_of, run_cli, shipped_counts

LOCATED = re.compile(r"^[^\s:]+:\d+:\d+: error: ", re.M)


def test_check_on_shipped_project_is_clean() -> None:
    result = run_cli("check")
    assert result.returncode == 0, result.stderr
    n_facts, n_cites = shipped_counts()
    assert f"check ok: 1 page(s), {n_facts} facts, {n_cites} citations, 2 sources; 0 errors" in result.stderr
    assert result.stdout == ""


def test_check_json_goes_to_stdout(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "p")
    facts = root / "facts" / "vostochny.yaml"
    facts.write_text(facts.read_text("utf-8").replace("value: 1500", "value: 1600"), "utf-8")
    result = run_cli("-C", str(root), "check", "--format", "json")
    assert result.returncode == 1
    doc = json.loads(result.stdout)
    assert doc["ok"] is False and doc["errors"] == 1
    d = doc["diagnostics"][0]
    assert (d["path"], d["line"], d["column"], d["code"]) == ("facts/vostochny.yaml", *location_of(facts.read_text("utf-8"), "value: 1600"), "value-not-supported")


def test_check_writes_nothing_but_its_cache(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "p")
    before = sorted(p.relative_to(root) for p in root.rglob("*"))
    env = {"XDG_CACHE_HOME": str(tmp_path / "user-cache")}
    assert run_cli("-C", str(root), "check", env=env).returncode == 0
    after = sorted(p.relative_to(root) for p in root.rglob("*"))
    assert [p for p in after if p.parts[0] != ".cache"] == before  # .cache/ is git-ignored, safe to delete
    assert (root / ".cache" / "site-builder" / "memo").is_dir()
    shutil.rmtree(root / ".cache")
    assert run_cli("-C", str(root), "check", env={**env, "SITE_BUILDER_CACHE": "off"}).returncode == 0
    assert sorted(p.relative_to(root) for p in root.rglob("*")) == before


@pytest.mark.parametrize("args,code,words", [
    (("frobnicate",), 2, "invalid choice"),
    ((), 2, "required"),
    (("check", "--format", "xml"), 2, "invalid choice"),
    (("-C", "/nonexistent/dir", "check"), 2, "does not exist"),
    (("-C", "/tmp", "check"), 2, "no mkdocs.yml"),
])
def test_usage_errors_exit_2(args: tuple[str, ...], code: int, words: str) -> None:
    result = run_cli(*args)
    assert result.returncode == code
    assert words in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("command", ["build", "check", "serve", "init", "schema"])
def test_every_command_has_help(command: str) -> None:
    result = run_cli(command, "--help")
    assert result.returncode == 0
    assert "-C DIR, --root DIR" in result.stdout


def test_top_level_help_lists_commands_and_exit_codes() -> None:
    out = run_cli("--help").stdout
    for word in ("build", "check", "serve", "init", "Exit codes: 0 success, 1 content errors"):
        assert word in out


def test_schema_command_prints_a_schema_that_accepts_good_facts_and_rejects_bad_ones() -> None:
    """What an editor's tooling does with `site-builder schema`: validate facts files against it."""
    result = run_cli("schema")
    assert result.returncode == 0 and result.stderr == ""
    printed = json.loads(result.stdout)
    Draft202012Validator.check_schema(printed)
    validator = Draft202012Validator(printed)
    # As editors' YAML tooling reads it (YAML 1.2: a date is text), not as PyYAML's datetime.date.
    shipped = json.loads(json.dumps(yaml.safe_load((REPO / "facts" / "vostochny.yaml").read_text("utf-8")),
                                    default=str))
    assert list(validator.iter_errors(shipped)) == []
    no_claim = {"page": {"title": "T"}, "facts": [{"id": "f", "citations": [{"source": "s", "quote": "q"}]}]}
    assert [e.message for e in validator.iter_errors(no_claim)] == ["'claim' is a required property"]


def test_init_refuses_a_non_empty_folder(tmp_path: Path) -> None:
    (tmp_path / "x").mkdir()
    (tmp_path / "x" / "keep.txt").write_text("mine", "utf-8")
    result = run_cli("init", str(tmp_path / "x"))
    assert result.returncode == 2 and "not empty" in result.stderr
    assert (tmp_path / "x" / "keep.txt").read_text("utf-8") == "mine"


def test_content_error_has_no_traceback(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "p")
    (root / "facts" / "vostochny.yaml").write_text("page:\n\ttitle: x\n", "utf-8")
    result = run_cli("-C", str(root), "build")
    assert result.returncode == 1
    assert LOCATED.search(result.stderr) and "Traceback" not in result.stderr
