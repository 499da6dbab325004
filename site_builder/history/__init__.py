"""History: the git history of the facts files -> per fact, when it was added, updated and corrected.

A load-side stage: it reads files and git, and gives back plain data (no HTML). See ``read.py`` for the rules
(commits only, the working copy as the current state) and ``git.py`` for how git is run.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from .model import NO_HISTORY, TRACKED_FIELDS, Commit, History, HistoryEntry, Kind, PageHistory
from .read import read_history

if TYPE_CHECKING:
    from ..model.project import Project

__all__ = ["NO_HISTORY", "TRACKED_FIELDS", "Commit", "History", "HistoryEntry", "Kind", "PageHistory",
           "project_history", "read_history"]


def project_history(project: Project) -> History:
    """Return the history of every page of a loaded project (empty, with a note, where git cannot tell it)."""
    root: Path = project.layout.root
    pages = [(page.id, root / page.path, {f.id: f.correction for f in page.facts}) for page in project.pages]
    if not pages:
        return NO_HISTORY
    return read_history(project.layout.facts, pages)
