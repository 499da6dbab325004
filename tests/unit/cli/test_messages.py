"""Messages pinned word for word: golden fixtures in tests/fixtures/messages/, one parametrized test.

A fixture is a text file of sections, each opened by a line starting with ``>>> `` (which no YAML file
or message here starts with):

* ``>>> facts/page.yaml`` (any path): a file of the project, written over a small project that has the
  shipped articles (tests/mini.py);
* ``>>> $ site-builder ARGS``: a command run on it, followed by ``>>> exit N`` and the expected
  ``>>> stdout`` and ``>>> stderr`` (an absent stream must be empty).

Lines before the first section describe the fixture. To add a message, add a file; to change one, edit
the expected text in the same commit as the code.
"""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from mini import make_project
from support import REPO, run_cli

FIXTURES = REPO / "tests" / "fixtures" / "messages"


@dataclass
class Command:
    args: list[str]
    exit: int | None = None
    stdout: str = ""
    stderr: str = ""


@dataclass
class Fixture:
    files: dict[str, str] = field(default_factory=dict)
    commands: list[Command] = field(default_factory=list)


def parse(text: str) -> Fixture:
    """Return the files and commands of a fixture file."""
    fixture = Fixture()
    name: str | None = None
    body: list[str] = []

    def close() -> None:
        if name is None:
            return
        content = "".join(body)
        if name in ("stdout", "stderr"):
            setattr(fixture.commands[-1], name, content)
        elif not name.startswith(("$", "exit ")):
            fixture.files[name] = content

    for line in text.splitlines(keepends=True):
        if line.startswith(">>> "):
            close()
            name, body = line[4:].rstrip("\n"), []
            if name.startswith("$ site-builder"):
                fixture.commands.append(Command(shlex.split(name)[2:]))
            elif name.startswith("exit "):
                fixture.commands[-1].exit = int(name.split()[1])
        else:
            body.append(line)
    close()
    return fixture


def _fixtures() -> list[Path]:
    return sorted(FIXTURES.glob("*.txt"))


@pytest.mark.parametrize("path", _fixtures(), ids=lambda p: p.stem)
def test_messages_word_for_word(path: Path, tmp_path: Path) -> None:
    fixture = parse(path.read_text("utf-8"))
    assert fixture.commands, f"{path.name}: no '>>> $ site-builder' section"
    root = make_project(tmp_path / "p", fixture.files.get("facts/page.yaml", ""))
    for rel, content in fixture.files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(content, "utf-8")
    for command in fixture.commands:
        result = run_cli("-C", str(root), *command.args)
        assert (result.stderr, result.stdout) == (command.stderr, command.stdout), command.args
        assert result.returncode == command.exit, command.args


DIAGNOSTIC = re.compile(r"^facts/page\.yaml:(\d+):(\d+): error: ", re.M)
#: (message kind, words of its diagnostic, the key whose value it must point at)
KINDS = [
    ("typo", "Vladivostock", "quote"), ("missing word", "the name means “Eastern", "quote"),
    ("look-alike letter", "U+0421", "quote"), ("different number", "'1 600'", "quote"),
    ("verbatim in another source", "these exact words are in source 'pet-project'", "quote"),
    ("value: the numbers the quotes state", "the quotes state: 1,500 km, 930 mi", "value"),
    ("value: no number in the quotes", "the quotes contain no number or date", "date"),
    ("date: the dates the quotes state", "the quotes state: 13 September 2023", "date"),
]


@pytest.mark.parametrize("kind,needle,key", KINDS, ids=[k[0] for k in KINDS])
def test_each_kind_is_located_at_its_key(kind: str, needle: str, key: str) -> None:
    fixture = parse((FIXTURES / "quotes-and-values.txt").read_text("utf-8"))
    stderr = fixture.commands[0].stderr
    blocks = re.split(r"(?m)^(?=facts/page\.yaml:)", stderr)
    [(line, col)] = [(int(m[1]), int(m[2])) for b in blocks if needle in b for m in [DIAGNOSTIC.match(b)] if m]
    text_line = fixture.files["facts/page.yaml"].splitlines()[line - 1]
    assert text_line[: col - 1].strip() == f"{key}:", (kind, text_line)


def test_fixture_parser_reads_sections() -> None:
    fixture = parse("about\n>>> facts/a.yaml\na: 1\n>>> $ site-builder check --strict\n>>> exit 1\n>>> stderr\n"
                    "x: error: y\n")
    assert fixture.files == {"facts/a.yaml": "a: 1\n"}
    assert fixture.commands == [Command(["check", "--strict"], 1, "", "x: error: y\n")]
