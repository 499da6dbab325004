"""The editor's workflow is documented and the docs stay true: every command in the README and in --help, the
pre-commit hook as documented."""

from __future__ import annotations

import argparse
import re
import tomllib

import pytest
import yaml

from site_builder.cli.parser import parser

from support import REPO, run_cli

README = (REPO / "README.md").read_text("utf-8")


def _commands() -> list[str]:
    """Return every command and subcommand the parser knows, e.g. 'check', 'sources accept'."""
    out = []

    def walk(p: argparse.ArgumentParser, prefix: str) -> None:
        for action in p._actions:
            if isinstance(action, argparse._SubParsersAction):
                for name, sub in action.choices.items():
                    nested = any(isinstance(a, argparse._SubParsersAction) for a in sub._actions)
                    if nested:
                        walk(sub, f"{prefix}{name} ")
                    else:
                        out.append(f"{prefix}{name}")
    walk(parser(), "")
    return out


def test_commands_are_what_the_readme_lists() -> None:
    commands = _commands()
    assert {"find", "report", "add-source", "sources accept", "sources list", "sources refresh"} <= set(commands)
    table = README.split("## The command line", 1)[1].split("## Editor's guide", 1)[0]
    listed = set(re.findall(r"^\| `site-builder ([a-z-]+(?: (?:accept|list|refresh))?)", table, re.M))
    assert listed == set(commands)


@pytest.mark.parametrize("command", ["find", "report", "explain", "add-source", "sources", "sources accept", "sources refresh",
                                     "sources list"])
def test_new_commands_have_full_help(command: str) -> None:
    result = run_cli(*command.split(), "--help")
    assert result.returncode == 0
    assert "-C DIR, --root DIR" in result.stdout
    description = result.stdout.split("\n\n")[1]
    assert len(description) > 120, description  # a real description, not just the usage line


@pytest.mark.parametrize("section", ["### Find a quote", "### Add a fact", "### Add a source", "### Read an error",
                                     "### Handle a changed source", "### The coverage report",
                                     "### Check before every commit (pre-commit)", "### Edit links",
                                     "### What is checked", "### Why a claim passed"])
def test_editors_guide_sections(section: str) -> None:
    assert section in README.split("## Editor's guide", 1)[1]


def test_pre_commit_hook_runs_check_on_facts_and_seeds() -> None:
    [hook] = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text("utf-8"))
    assert hook["id"] == "site-builder-check"
    assert (hook["entry"], hook["language"], hook["pass_filenames"]) == ("site-builder check", "python", False)
    files = re.compile(hook["files"])
    assert files.search("facts/vostochny.yaml") and files.search("seeds/000_de560b054ebc41c7.txt")
    assert not files.search("templates/main.html") and not files.search("docs/facts/x.yaml")
    # The entry is a console script this package installs, so language: python can run it.
    scripts = tomllib.loads((REPO / "pyproject.toml").read_text("utf-8"))["project"]["scripts"]
    assert hook["entry"].split()[0] in scripts
    assert "id: site-builder-check" in README and ".pre-commit-hooks.yaml" in README


def test_pre_commit_entry_checks_the_project_it_runs_in(tmp_path) -> None:
    """pre-commit runs the entry from the repository root with no file names: exactly `site-builder check`."""
    from mini import make_project

    facts = "page:\n  title: T\nfacts:\n  - id: f\n    claim: c\n    citations:\n      - source: reuters\n" \
            "        quote: came into service in 2016\n"
    root = make_project(tmp_path / "newsroom", facts)
    result = run_cli("check", cwd=root)
    assert result.returncode == 0, result.stderr
    (root / "facts" / "page.yaml").write_text(facts.replace("in 2016", "in 2017"), "utf-8")
    failed = run_cli("check", cwd=root)
    assert failed.returncode == 1
    assert failed.stderr.startswith("facts/page.yaml:8:16: error: quote not found in source 'reuters': "
                                    "\"came into service in 2017\"\n")
