"""Reading a repository's history with the ``git`` command: the commits that changed a file, and its old versions.

Every call runs ``git`` as a subprocess with a fixed environment and fixed options, so what the machine's or
the user's configuration says (a pager, colours, ``log.follow``, replace refs, text conversion filters, quoted
path names, another language) cannot change what is read: the same commits give the same history on every
machine. Only reads: nothing here writes to a repository or takes its lock.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from .model import Commit

#: Seconds one git command may take before the history is given up (a huge or broken repository).
TIMEOUT = 60

#: Options before the command: no pager, path names as they are, no signatures, no colour.
_OPTIONS = ("--no-pager", "-c", "core.quotepath=off", "-c", "log.showSignature=false", "-c", "color.ui=never",
            "-c", "i18n.logOutputEncoding=UTF-8", "--literal-pathspecs", "--no-replace-objects")

#: Variables git reads that would point it at another repository, index or object store than the one asked.
_REPOSITORY_VARIABLES = ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_OBJECT_DIRECTORY",
                         "GIT_ALTERNATE_OBJECT_DIRECTORIES", "GIT_COMMON_DIR", "GIT_NAMESPACE", "GIT_CEILING_DIRECTORIES",
                         "GIT_DISCOVERY_ACROSS_FILESYSTEM", "GIT_CONFIG", "GIT_CONFIG_PARAMETERS", "GIT_CONFIG_COUNT",
                         "GIT_GRAFT_FILE", "GIT_SHALLOW_FILE", "GIT_REPLACE_REF_BASE", "GIT_EXTERNAL_DIFF",
                         "GIT_DIFF_OPTS", "GIT_PAGER", "GIT_TRACE", "GIT_TRACE2", "GIT_TRACE2_EVENT", "GIT_TRACE2_PERF",
                         "GIT_TRACE_PERFORMANCE", "GIT_TRACE_SETUP", "GIT_FLUSH", "GIT_LITERAL_PATHSPECS",
                         "GIT_GLOB_PATHSPECS", "GIT_NOGLOB_PATHSPECS", "GIT_ICASE_PATHSPECS")


def environment(base: dict[str, str] | None = None) -> dict[str, str]:
    """Return the environment git runs in: the caller's, without repository overrides, plus fixed settings.

    The user's global configuration is kept (it holds ``safe.directory`` for repositories checked out by another
    user, as in CI containers); the system one is not read, and every setting that shapes the output is given
    on the command line.
    """
    env = {k: v for k, v in (os.environ if base is None else base).items() if k not in _REPOSITORY_VARIABLES}
    env.update({
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_PAGER": "cat",
        "PAGER": "cat",
        "GIT_TERMINAL_PROMPT": "0",  # never ask for a password
        "GIT_OPTIONAL_LOCKS": "0",  # a read never refreshes (writes) the index
        "GIT_NO_REPLACE_OBJECTS": "1",
        "GIT_LITERAL_PATHSPECS": "1",
        "LC_ALL": "C",
        "LANGUAGE": "C",
    })
    return env


class GitUnavailable(Exception):
    """Git cannot tell the history here: the message says why, for a note to the editor."""


@dataclass(frozen=True)
class Repository:
    """A git work tree with a commit checked out: its top folder."""

    top: Path
    git: str

    def run(self, *args: str, stdin: bytes | None = None) -> bytes:
        """Return the output of one git command in this repository; raise GitUnavailable when it fails."""
        return _run(self.git, self.top, args, stdin)

    def commits(self, path: str) -> tuple[Commit, ...]:
        """Return the commits that changed ``path`` (relative to the top), oldest first, on the first-parent line.

        First parent: the history of the branch being built, where a merged change is dated by its merge.
        Renames are not followed: a page is its file name (its address), so a renamed file starts a new history.
        """
        # --no-textconv/--no-ext-diff: no filter configured for the file can run (none is needed: no diff is shown).
        out = self.run("log", "--first-parent", "--no-follow", "--no-textconv", "--no-ext-diff", "--no-show-signature",
                       "--format=%H %cI", "--", path)
        commits = []
        for line in out.decode("ascii", "replace").splitlines():
            sha, _, time = line.partition(" ")
            if sha and time:
                commits.append(Commit(sha, time))
        return tuple(reversed(commits))

    def blobs(self, specs: Sequence[str]) -> list[bytes | None]:
        """Return the contents of ``rev:path`` specs, in order; None where the file is absent in that commit."""
        if not specs:
            return []
        data = self.run("cat-file", "--batch", stdin=("\n".join(specs) + "\n").encode("utf-8"))
        out: list[bytes | None] = []
        pos = 0
        for _ in specs:
            end = data.index(b"\n", pos)
            header = data[pos:end].split(b" ")
            pos = end + 1
            if len(header) == 3 and header[1] == b"blob":
                size = int(header[2])
                out.append(data[pos:pos + size])
                pos += size + 1  # the content is followed by a newline
            else:  # "<spec> missing": the file was deleted in that commit (or is not a file)
                if len(header) == 3:  # a tree or a link object: its content follows all the same
                    pos += int(header[2]) + 1
                out.append(None)
        return out


def _run(git: str, cwd: Path, args: Iterable[str], stdin: bytes | None = None) -> bytes:
    try:
        done = subprocess.run([git, *_OPTIONS, *args], cwd=cwd, input=stdin, capture_output=True,
                              env=environment(), timeout=TIMEOUT, check=False)
    except subprocess.TimeoutExpired:
        raise GitUnavailable(f"git took more than {TIMEOUT} s to answer") from None
    except OSError as exc:
        raise GitUnavailable(f"git could not be run ({exc.strerror or exc})") from None
    if done.returncode != 0:
        lines = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise GitUnavailable(lines[0].removeprefix("fatal: ") if lines else f"git exited with {done.returncode}")
    return done.stdout


def repository(folder: Path) -> Repository:
    """Return the repository holding ``folder``; raise GitUnavailable saying why its history cannot be read.

    No git, a folder outside any repository, a repository without commits, and a shallow clone (whose oldest
    commit would look as if it added every fact) all have no history.
    """
    git = shutil.which("git")
    if git is None:
        raise GitUnavailable("git is not installed")
    try:
        out = _run(git, folder, ("rev-parse", "--show-toplevel", "--is-shallow-repository"))
    except GitUnavailable as exc:
        if "not a git repository" in str(exc):
            raise GitUnavailable(f"{folder.name}/ is not in a git repository") from None
        raise
    lines = out.decode("utf-8", "surrogateescape").splitlines()
    if len(lines) != 2:
        raise GitUnavailable("git did not name the repository's top folder")
    top, shallow = lines
    if shallow.strip() == "true":
        raise GitUnavailable("the repository is a shallow clone, so the first commits are missing "
                             "(fetch the full history: 'git fetch --unshallow', or fetch-depth: 0 in actions/checkout)")
    repo = Repository(Path(top), git)
    try:
        repo.run("rev-parse", "--verify", "--quiet", "HEAD^{commit}")
    except GitUnavailable:
        raise GitUnavailable("the repository has no commits yet") from None
    return repo
