"""Reading history from real git repositories: dates from commits only, and no history where git cannot tell it."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from site_builder.history import read_history
from site_builder.history.git import environment

FACT = """facts:
  - id: f
    claim: It opened in {year}.
    value: {year}
{extra}    citations:
      - source: s
        quote: opened in {year}
"""


def git(root: Path, *args: str, date: str = "2026-01-01T10:00:00+00:00") -> str:
    env = {**os.environ, "GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date, "GIT_CONFIG_NOSYSTEM": "1",
           "GIT_CONFIG_GLOBAL": os.devnull}
    done = subprocess.run(["git", "-C", str(root), "-c", "user.name=Ed", "-c", "user.email=ed@example.invalid",
                           "-c", "commit.gpgsign=false", *args], check=True, capture_output=True, text=True,
                          timeout=60, env=env)
    return done.stdout


def commit(root: Path, rel: str, text: str, date: str, message: str) -> None:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, "utf-8")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", message, date=date)


def three_commits(root: Path, rel: str = "facts/page.yaml") -> Path:
    """Return the facts file of a repository whose three commits add a fact, change its value, mark a correction."""
    root.mkdir(parents=True, exist_ok=True)
    git(root, "init", "-q", "-b", "main")
    commit(root, rel, FACT.format(year=2016, extra=""), "2026-01-05T09:00:00+01:00", "add")
    commit(root, rel, FACT.format(year=2017, extra=""), "2026-02-10T23:30:00-05:00", "change")
    commit(root, rel, FACT.format(year=2017, extra="    correction: An earlier version said 2016.\n"),
           "2026-03-15T12:00:00+00:00", "correct")
    return root / rel


def entries(folder: Path, path: Path, correction: str | None = "An earlier version said 2016.") -> list[tuple[str, ...]]:
    history = read_history(folder, [("page", path, {"f": correction})])
    assert history.notes == ()
    return [(e.date, e.kind, e.field or "", e.old or "", e.new or "") for e in history.page("page").of("f")]


EXPECTED = [("2026-01-05", "added", "", "", ""),
            # the committer's own date: 23:30 in New York on 10 February is that day, not 11 February in UTC
            ("2026-02-10", "updated", "claim", "It opened in 2016.", "It opened in 2017."),
            ("2026-02-10", "updated", "value", "2016", "2017"),
            ("2026-02-10", "updated", "citations", "", ""),
            ("2026-03-15", "corrected", "correction", "", "An earlier version said 2016.")]


def test_three_commits(tmp_path: Path) -> None:
    path = three_commits(tmp_path)
    assert entries(path.parent, path) == EXPECTED
    page = read_history(path.parent, [("page", path, {"f": "An earlier version said 2016."})]).page("page")
    assert page.published is not None and page.published.time == "2026-01-05T09:00:00+01:00"
    assert page.updated is not None and page.updated.date == "2026-03-15"
    assert page.corrections["f"].date == "2026-03-15"


def test_the_working_copy_is_the_current_state(tmp_path: Path) -> None:
    """Uncommitted changes make no entry; an uncommitted correction text is undated."""
    path = three_commits(tmp_path)
    path.write_text(FACT.format(year=2018, extra="    correction: It said 2016 and 2017.\n"), "utf-8")
    history = read_history(path.parent, [("page", path, {"f": "It said 2016 and 2017."})]).page("page")
    assert [(e.date, e.kind, e.field) for e in history.of("f")] == [(d, k, f or None) for d, k, f, *_ in EXPECTED]
    assert "f" not in history.corrections


def test_user_configuration_and_environment_change_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A user's git config (log.follow, quoted paths, a pager, replace refs) and GIT_DIR pointing elsewhere."""
    repo = tmp_path / "repo"
    repo.mkdir()
    path = three_commits(repo, "faits/été.yaml")  # a non-ASCII path, which core.quotepath would quote
    home = tmp_path / "home"
    home.mkdir()
    (home / ".gitconfig").write_text("[log]\n\tfollow = true\n\tdate = relative\n[core]\n\tquotepath = true\n"
                                     "\tpager = false\n[color]\n\tui = always\n", "utf-8")
    other = tmp_path / "other"
    other.mkdir()
    git(other, "init", "-q")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.delenv("GIT_CONFIG_GLOBAL", raising=False)
    monkeypatch.setenv("GIT_DIR", str(other / ".git"))
    monkeypatch.setenv("GIT_PAGER", "false")
    assert entries(path.parent, path) == EXPECTED
    env = environment()
    assert "GIT_DIR" not in env and env["GIT_CONFIG_NOSYSTEM"] == "1" and env["GIT_PAGER"] == "cat"


def test_merges_are_dated_by_the_merge_on_the_first_parent_line(tmp_path: Path) -> None:
    path = three_commits(tmp_path)
    git(tmp_path, "checkout", "-q", "-b", "fix")
    commit(tmp_path, "facts/page.yaml", FACT.format(year=2019, extra=""), "2026-04-01T08:00:00+00:00", "on a branch")
    git(tmp_path, "checkout", "-q", "main")
    commit(tmp_path, "other.txt", "x", "2026-04-02T08:00:00+00:00", "elsewhere")
    git(tmp_path, "merge", "-q", "--no-ff", "-m", "merge", "fix", date="2026-04-03T08:00:00+00:00")
    got = entries(path.parent, path, None)
    # The branch's commit (1 April) reaches main with the merge (3 April); it also drops the correction notice.
    assert got[-4:] == [("2026-04-03", "updated", "claim", "It opened in 2017.", "It opened in 2019."),
                        ("2026-04-03", "updated", "value", "2017", "2019"), ("2026-04-03", "updated", "citations", "", ""),
                        ("2026-04-03", "updated", "correction", "An earlier version said 2016.", "")]


@pytest.mark.parametrize("case,note", [
    ("no git", "git is not installed"),
    ("not a repository", "facts/ is not in a git repository"),
    ("no commits", "the repository has no commits yet"),
    ("shallow clone", "the repository is a shallow clone"),
])
def test_no_history(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, case: str, note: str) -> None:
    """Where git cannot tell the history there is none, and a note says why; nothing raises."""
    path = tmp_path / "project" / "facts" / "page.yaml"
    if case == "shallow clone":
        origin = tmp_path / "origin"
        origin.mkdir()
        three_commits(origin)
        subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{origin}", str(tmp_path / "project")],
                       check=True, capture_output=True, timeout=60)
    else:
        path.parent.mkdir(parents=True)
        path.write_text(FACT.format(year=2016, extra=""), "utf-8")
        if case == "no commits":
            git(tmp_path / "project", "init", "-q")
        if case == "no git":
            bare = tmp_path / "bin"
            bare.mkdir()
            monkeypatch.setenv("PATH", str(bare))
        if case == "not a repository":
            monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))  # the temp folder may sit in a repository
    history = read_history(path.parent, [("page", path, {"f": None})])
    assert history.page("page").of("f") == () and history.page("page").published is None
    assert len(history.notes) == 1 and note in history.notes[0], history.notes


def test_a_file_outside_the_repository_has_no_history(tmp_path: Path) -> None:
    path = three_commits(tmp_path / "repo")
    outside = tmp_path / "elsewhere.yaml"
    shutil.copy(path, outside)
    history = read_history(path.parent, [("page", outside, {"f": None})])
    assert history.notes == () and history.page("page").of("f") == ()
