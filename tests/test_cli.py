"""The site-builder command line: exit codes, streams, help, init."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
import yaml

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


def test_schema_command_prints_the_shipped_schema() -> None:
    result = run_cli("schema")
    assert json.loads(result.stdout) == json.loads((REPO / "site_builder/schemas/facts.schema.json").read_text("utf-8"))


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
