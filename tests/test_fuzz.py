"""Issue 13, fuzzing: generated facts files and command lines never crash, they pass or get a located error.

Beside the hand-written corpus (tests/hostile/cases.py): hypothesis mutates the corpus' base page and
sources file (characters inserted, lines cut or repeated, values swapped for odd text and numbers) and
invents command lines, and runs them through the real loader and the real CLI entry point
(``site_builder.cli.main``, in this process so a few hundred inputs run in seconds). Derandomized, with a
fixed number of examples: CI runs the same inputs every time, and a failure replays.

Every outcome must be exit 0, or exit 1/2 with each error line located (``path:line:column: error:``) or
a usage line, and never an internal error.
"""

from __future__ import annotations

import contextlib
import io
import re
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hostile.cases import BASE_PAGE, BASE_SOURCES, PAGE, SOURCES
from site_builder import cli
from site_builder.cli.commands import EXIT_BROKEN_PIPE
from site_builder.model.project import Layout
from site_builder.check.project import load_project
from support import copy_project

LOADER_EXAMPLES = 150
CLI_EXAMPLES = 120
FUZZ = settings(derandomize=True, database=None, deadline=None, max_examples=LOADER_EXAMPLES,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture,
                                       HealthCheck.data_too_large])
LOCATED = re.compile(r"^.+:\d+:\d+: (error|warning): ")

#: Text that tends to break things: YAML syntax, numbers at the edges, invisible and control characters.
ODD = st.sampled_from([
    "", " ", "-", "- ", ":", ": ", "{", "}", "[", "]", "&a", "*a", "!!python/object", "|", ">", "#", "'", '"', "\\",
    "\t", "\n", "\r", "\x00", "\x1b", "\u202e", "\u200b", "\u200d", "\ufeff", "\u2028", "é", "Ω", "٣", "１",
    "0", "-0", "1e308", "1e999", ".nan", ".inf", "9" * 30, "0x1F", "1,500", "1 500", "2016-02-30", "2016", "yes",
    "null", "~", "true", "<script>", "{{ x }}", "[[1]](sources/x/)", "x;=1+2", "../../etc/passwd", "seeds/",
])
TEXT = st.one_of(ODD, st.text(max_size=12), st.integers(-10**20, 10**20).map(str))


@st.composite
def mutated(draw: st.DrawFn, base: str) -> str:
    """Return ``base`` with a few random edits: insertions, deletions, repeated or swapped lines."""
    lines = base.splitlines(keepends=True)
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["insert", "delete", "repeat", "value", "indent"]))
        i = draw(st.integers(0, len(lines) - 1)) if lines else 0
        if not lines:
            lines = [draw(TEXT) + "\n"]
        elif kind == "insert":
            line = lines[i]
            at = draw(st.integers(0, len(line)))
            lines[i] = line[:at] + draw(TEXT) + line[at:]
        elif kind == "delete" and len(lines) > 1:
            del lines[i]
        elif kind == "repeat":
            lines.insert(i, lines[i])
        elif kind == "value" and ": " in lines[i]:
            key = lines[i].split(": ", 1)[0]
            lines[i] = f"{key}: {draw(TEXT)}\n"
        elif kind == "indent":
            lines[i] = " " * draw(st.integers(0, 5)) + lines[i].lstrip(" ")
    return "".join(lines)


@pytest.fixture(scope="module")
def base_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = copy_project(tmp_path_factory.mktemp("fuzz"))
    (root / PAGE).write_text(BASE_PAGE, "utf-8")
    (root / SOURCES).write_text(BASE_SOURCES, "utf-8")
    return root


def _fresh(base: Path, tmp: Path) -> Path:
    root = tmp / "p"
    if root.exists():
        shutil.rmtree(root)
    shutil.copytree(base, root, symlinks=True)
    return root


@FUZZ
@given(page=mutated(BASE_PAGE), sources=st.one_of(st.just(BASE_SOURCES), mutated(BASE_SOURCES)))
def test_facts_loader_never_crashes(base_project: Path, tmp_path_factory: pytest.TempPathFactory,
                                    page: str, sources: str) -> None:
    root = _fresh(base_project, tmp_path_factory.mktemp("case", numbered=True))
    (root / PAGE).write_bytes(page.encode("utf-8", "surrogatepass"))
    (root / SOURCES).write_bytes(sources.encode("utf-8", "surrogatepass"))
    project = load_project(Layout(root))
    n_lines = {PAGE: page.count("\n") + 2, SOURCES: sources.count("\n") + 2}
    for d in project.diagnostics:
        assert d.line >= 1 and d.column >= 1, d
        if d.path in n_lines:
            assert d.line <= n_lines[d.path], (d, n_lines[d.path])
        assert "\n" not in d.format().splitlines()[0]


def _run(argv: list[str]) -> tuple[int, str]:
    err = io.StringIO()
    out = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(out):
        try:
            code = cli.main(argv)
        except SystemExit as exc:  # argparse's own usage errors
            code = exc.code if isinstance(exc.code, int) else 2
    return code, err.getvalue()


COMMANDS = st.sampled_from([
    ["check"], ["check", "--format", "json"], ["report"], ["report", "--format", "json"], ["sources", "list"],
    ["find"], ["find", "--value"], ["find", "--unit"], ["find", "--source"], ["find", "--limit"], ["schema"],
    ["sources", "accept"], ["add-source"], ["add-source", "--name"], ["add-source", "--id"], ["build", "--out"],
])


@settings(FUZZ, max_examples=CLI_EXAMPLES)
@given(command=COMMANDS, extra=st.lists(TEXT, max_size=3), page=st.one_of(st.just(BASE_PAGE), mutated(BASE_PAGE)))
def test_cli_never_crashes(base_project: Path, tmp_path_factory: pytest.TempPathFactory, command: list[str],
                           extra: list[str], page: str) -> None:
    if command == ["build", "--out"] and not extra:
        extra = ["out"]
    if command[0] == "build" and (not extra or not extra[0].strip() or "\x00" in "".join(extra)):
        extra = ["out"]
    extra = [e for e in extra if "\x00" not in e]  # the OS cannot pass a NUL in an argument
    tmp = tmp_path_factory.mktemp("cli", numbered=True)
    root = _fresh(base_project, tmp)
    (root / PAGE).write_bytes(page.encode("utf-8", "surrogatepass"))
    argv = ["-C", str(root), *command, *extra]
    if command[0] == "build" and extra:
        # --out stays inside the case's folder (the fuzzer may still aim it at inputs: refused).
        argv = ["-C", str(root), "build", "--out", "site-" + re.sub(r"[/\\\x00]", "_", extra[0])[:40]]
    code, err = _run(argv)
    assert code in (0, 1, 2, EXIT_BROKEN_PIPE), (argv, code, err[-2000:])
    assert "internal error" not in err and "Traceback" not in err, (argv, err[-3000:])
    for line in err.splitlines():
        if " error: " in line or line.startswith("error:"):
            assert (LOCATED.match(line) or line.startswith(("site-builder: error:", "error: refusing", "build FAILED")
                                                          ) or line.startswith("site-builder ")), (argv, line)
