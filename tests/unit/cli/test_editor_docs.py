"""The editor's workflow is documented and the docs stay true: every command in the README and in --help, the
pre-commit hook as documented."""

from __future__ import annotations

import argparse
import functools
import re
import shlex
import tomllib

import pytest
import yaml

from site_builder.cli.parser import parser

from support import REPO, run_cli



@functools.cache
def readme() -> str:
    """Return the README (read when a test first asks, not when this module is imported)."""
    return (REPO / "README.md").read_text("utf-8")


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
    table = readme().split("## The command line", 1)[1].split("## Editor's guide", 1)[0]
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


def _guide_sessions() -> list[tuple[str, list[str]]]:
    """Return (command line, shown output lines) of every ```-block in the editor's guide that starts with
    `$ site-builder`."""
    guide = readme().split("## Editor's guide", 1)[1].split("\n## ", 1)[0]
    out = []
    for block in re.findall(r"^```[a-z]*\n(.*?)^```", guide, re.M | re.S):
        lines = block.rstrip("\n").split("\n")
        if lines[0].startswith("$ site-builder "):
            out.append((lines[0][2:], lines[1:]))
    return out


def _shows(shown: list[str], actual: list[str]) -> bool:
    """Return True when the guide's lines are the output's: in order, a line `…` skipping any lines, a line
    ending in ` …` standing for the lines that start with the rest."""
    pos = 0
    skipping = False
    for want in shown:
        if want.strip() == "…":
            skipping = True
            continue

        def same(line: str, want: str = want) -> bool:
            return line.startswith(want[:-2]) if want.endswith(" …") else line == want

        if skipping:
            hits = [k for k in range(pos, len(actual)) if same(actual[k])]
            if not hits:
                return False
            pos = hits[0]
        elif pos >= len(actual) or not same(actual[pos]):
            return False
        pos += 1
        skipping = False
    return True


def test_the_editors_guide_shows_what_the_commands_print() -> None:
    """Every session the guide shows (`$ site-builder explain ...`, `find ...`) is run on the shipped project:
    its lines are what the command prints today."""
    sessions = _guide_sessions()
    assert len(sessions) >= 2, "the guide's example sessions were not found"
    for command, shown in sessions:
        result = run_cli(*shlex.split(command)[1:])
        assert result.returncode == 0, (command, result.stderr)
        actual = (result.stdout + result.stderr).split("\n")
        assert _shows(shown, actual), f"README shows for `{command}`:\n" + "\n".join(shown) + \
            "\n\nbut it prints:\n" + "\n".join(actual[:40])


@pytest.mark.parametrize("shown,actual,ok", [
    (["a", "b"], ["a", "b", "c"], True), (["a", "c"], ["a", "b", "c"], False), (["a", "…", "c"], ["a", "b", "c"], True),
    (["a b …"], ["a b c d"], True), (["a x …"], ["a b c d"], False), (["a", "…", "z"], ["a", "b"], False),
])
def test_guide_sessions_are_compared_line_by_line(shown: list[str], actual: list[str], ok: bool) -> None:
    assert _shows(shown, actual) is ok


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
    assert "id: site-builder-check" in readme() and ".pre-commit-hooks.yaml" in readme()


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
