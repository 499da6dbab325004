"""A changed source's reviewed version (in git history, or a copy beside the file) and its warning.

Kept apart from check/drift.py (re-anchoring, which needs the text matchers) so that a warm `check` can look up
where each changed source's reviewed version is, and word the source's warning, without importing them.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..diagnostics import Code, Diagnostic
from ..model.drift import PASSING, status_counts

if TYPE_CHECKING:
    from ..model.sources import Paragraph

#: How far back git history is searched for the reviewed version of a file.
GIT_HISTORY_LIMIT = 200


def _git(cwd: Path, *args: str) -> bytes | None:
    import subprocess  # on use: only a changed source asks git for its reviewed version

    try:
        out = subprocess.run(["git", "-C", str(cwd), *args], capture_output=True, timeout=20, check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    return out.stdout if out.returncode == 0 else None


class Seen:
    """What one run has already found out about the files, so that several changed sources look once.

    Kept for one run only: the files may change between runs.
    """

    def __init__(self, hashes: dict[str, str] | None = None) -> None:
        #: a regular file's path -> the sha256 (hex) of the bytes read from it in this run
        self.hashes: dict[str, str] = hashes if hashes is not None else {}
        #: a folder -> its git top level (None: not in a work tree)
        self.tops: dict[Path, bytes | None] = {}
        #: (a folder, a suffix) -> its files with that suffix (any case), sorted (None: it cannot be listed)
        self.files: dict[tuple[Path, str], list[tuple[str, Path]] | None] = {}

    def files_in(self, folder: Path, suffix: str) -> list[tuple[str, Path]] | None:
        """Return the files (``is_file``) in ``folder`` with ``suffix`` (lower case), sorted, each with its path
        as text; None when the folder cannot be listed."""
        if (folder, suffix) not in self.files:
            try:
                found = sorted(p for p in folder.iterdir() if p.suffix.lower() == suffix and p.is_file())
                self.files[folder, suffix] = [(str(p), p) for p in found]
            except OSError:
                self.files[folder, suffix] = None
        return self.files[folder, suffix]


def _stored_beside(path: Path, sha256: str, seen: Seen) -> tuple[bytes, str] | None:
    """Return the bytes and name of a file beside ``path`` (same suffix) whose hash is ``sha256``.

    ``sources refresh`` stores a new copy of a page beside the reviewed one,
    which stays in seeds/ as it was: that copy is the reviewed version.
    """
    files = seen.files_in(path.parent, path.suffix.lower())
    if files is None:
        return None
    own = str(path)
    for name, sibling in files:
        if name == own:
            continue
        digest = seen.hashes.get(name)
        if digest is not None and digest != sha256:
            continue
        try:
            data = sibling.read_bytes()
        except OSError:
            continue
        if hashlib.sha256(data).hexdigest() == sha256:
            return data, f"the earlier copy {sibling.parent.name}/{sibling.name}"
    return None


def reviewed_version(path: Path, sha256: str, seen: Seen | None = None) -> tuple[bytes, str] | None:
    """Return the bytes of ``path`` whose hash is ``sha256`` and where they were found, from git or beside it.

    Looks in the git index, then in the commits that changed the file
    (newest first), then among the files beside it (an earlier copy kept by
    ``sources refresh``). None when no stored version has that hash. ``seen``: what this run found already.
    """
    seen = seen if seen is not None else Seen()
    folder = path.parent
    if folder not in seen.tops:
        seen.tops[folder] = _git(folder, "rev-parse", "--show-toplevel")
    top = seen.tops[folder]
    if top is None:
        return _stored_beside(path, sha256, seen)
    toplevel = Path(top.decode("utf-8").strip()).resolve()
    try:
        rel = path.resolve().relative_to(toplevel).as_posix()
    except ValueError:
        return _stored_beside(path, sha256, seen)
    specs = [(f":{rel}", "the git index")]
    revs = _git(toplevel, "rev-list", f"--max-count={GIT_HISTORY_LIMIT}", "HEAD", "--", rel) or b""
    specs += [(f"{rev}:{rel}", f"commit {rev[:10]}") for rev in revs.decode("ascii", "replace").split()]
    for spec, where in specs:
        blob = _git(toplevel, "cat-file", "blob", spec)
        if blob is not None and hashlib.sha256(blob).hexdigest() == sha256:
            return blob, where
    return _stored_beside(path, sha256, seen)


def reviewed_paragraphs(path: Path, file: str, sha256: str,
                        seen: Seen | None = None) -> tuple[list[Paragraph] | None, str | None]:
    """Return the paragraphs of the reviewed version (hash ``sha256``) of the stored file ``path`` and where it was.

    ``file`` is the source's ``file:`` (relative to the project); (None, None) when no readable version is found.
    """
    found = reviewed_version(path, sha256, seen)
    if found is None:
        return None, None
    from ..load.formats import ExtractError  # on use: the readers of stored files, for a reviewed version found
    from ..load.split import paragraphs_of

    blob, where = found
    try:
        # The reviewed version goes through the same extractor as the new one (a saved page, a PDF).
        return paragraphs_of(blob, path.suffix, _project_root(path, file)), where
    except (UnicodeDecodeError, ExtractError):
        return None, None


def _project_root(path: Path, file: str) -> Path | None:
    """Return the project folder of a source (the cache's home): the folder ``file`` is relative to."""
    depth = len(Path(file).parts)
    root = path
    for _ in range(depth):
        root = root.parent
    return root


def changed_source_warning(at: tuple[str, int, int], source_id: str, file: str, reviewed_from: str | None,
                           citations: list[dict[str, Any]]) -> Diagnostic:
    """Return the warning at a changed source's ``sha256`` (``at``), from its citations' ``Reanchored.as_dict``."""
    counts = status_counts([c["status"] for c in citations])
    notes = [f"reviewed version: {reviewed_from}" if reviewed_from else
             "reviewed version: not found in git history, so a moved paragraph cannot be told from an unchanged one"]
    if citations:
        notes.append("citations: " + ", ".join(f"{n} {status}" for status, n in counts.items()))
        notes.extend(f"{c['path']}:{c['line']}:{c['column']}: {c['status']}: {c['fact']}" for c in citations)
    else:
        notes.append("no fact cites it")
    failing = sum(n for status, n in counts.items() if status not in PASSING)
    if failing:
        hint = (f"fix the {failing} changed or lost citation{'s' if failing > 1 else ''} (errors below), then run "
                f"'site-builder sources accept {source_id}' to record the new version")
    else:
        hint = (f"every quoted passage is still there: run 'site-builder sources accept {source_id}' to record "
                "the new version")
    return Diagnostic(*at, f"source '{source_id}' changed since it was reviewed: {file} no longer matches "
                      "its recorded sha256", hint, "warning", Code.SOURCE_CHANGED, tuple(notes))


__all__ = ["GIT_HISTORY_LIMIT", "Seen", "changed_source_warning", "reviewed_paragraphs", "reviewed_version"]
