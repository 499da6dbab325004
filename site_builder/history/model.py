"""What the history of the facts files says: per fact, dated entries; per page, when it was published and updated."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, Literal

#: What happened to a fact in one commit.
Kind = Literal["added", "updated", "corrected"]

#: The fields of a fact whose changes are recorded, in the order their entries are listed within one commit.
TRACKED_FIELDS: tuple[str, ...] = ("claim", "value", "date", "as_of", "citations", "correction")


@dataclass(frozen=True)
class Commit:
    """One commit that changed a facts file: its id and its committer date (ISO 8601, the committer's offset)."""

    sha: str
    #: e.g. "2026-11-21T07:52:51+00:00": when the change entered the history the site is built from
    time: str

    @property
    def date(self) -> str:
        """Return the commit's calendar date, YYYY-MM-DD, as the committer's clock showed it."""
        return self.time[:10]


@dataclass(frozen=True)
class HistoryEntry:
    """One dated change of one fact: added, a field updated, or a correction marked."""

    commit: Commit
    kind: Kind
    #: None for "added"; else one of TRACKED_FIELDS
    field: str | None = None
    #: the field's value before and after, as the YAML wrote it ("1500 km", "2016", the claim); None for citations
    old: str | None = None
    new: str | None = None
    #: the fact's correction text when this commit introduced or changed it
    correction: str | None = None

    @property
    def date(self) -> str:
        """Return the entry's date, YYYY-MM-DD."""
        return self.commit.date

    def as_dict(self) -> dict[str, Any]:
        """Return the entry as facts.json writes it (keys in a fixed order)."""
        return {"date": self.date, "time": self.commit.time, "kind": self.kind, "field": self.field,
                "old": self.old, "new": self.new, "correction": self.correction, "commit": self.commit.sha}


_EMPTY: Mapping[str, Any] = MappingProxyType({})


@dataclass(frozen=True)
class PageHistory:
    """The history of one page's facts file, as far as its commits tell it."""

    page: str
    #: the first commit in which the file had facts (None: no history)
    published: Commit | None = None
    #: the latest later commit that added a current fact or changed one's claim, value, date, as_of,
    #: citations or correction (None: nothing changed after publication)
    updated: Commit | None = None
    #: fact id -> its entries, oldest first (only facts of the committed file; uncommitted changes have none)
    facts: Mapping[str, tuple[HistoryEntry, ...]] = field(default_factory=lambda: _EMPTY)
    #: fact id -> the entry of the commit that introduced the fact's current correction text
    corrections: Mapping[str, HistoryEntry] = field(default_factory=lambda: _EMPTY)
    #: the commits that changed the file, oldest first
    commits: tuple[Commit, ...] = ()

    def of(self, fact_id: str) -> tuple[HistoryEntry, ...]:
        """Return the entries of one fact, oldest first (empty when it has no committed history)."""
        return self.facts.get(fact_id, ())

    def updates(self) -> tuple[tuple[str, HistoryEntry], ...]:
        """Return (fact id, entry) for every change after publication, newest first: the "Updates and corrections" list.

        The additions of the first commit are the publication itself, not updates.
        """
        out = [(fid, e) for fid, entries in self.facts.items() for e in entries
               if self.published is None or e.commit != self.published]
        # Newest first by the commit's place in the history (two commits can share a second); within a commit,
        # the facts' order in the file, then the fields' order.
        place = {c.sha: k for k, c in enumerate(self.commits)}
        order = {fid: k for k, fid in enumerate(self.facts)}
        out.sort(key=lambda item: (-place.get(item[1].commit.sha, 0), order[item[0]], _field_order(item[1].field)))
        return tuple(out)


def _field_order(name: str | None) -> int:
    return -1 if name is None else TRACKED_FIELDS.index(name)


@dataclass(frozen=True)
class History:
    """The history of every page of a project, with the notes that say why some has none."""

    pages: Mapping[str, PageHistory] = field(default_factory=lambda: MappingProxyType({}))
    #: why there is no history where there is none (no git, not a repository, a shallow clone)
    notes: tuple[str, ...] = ()

    def page(self, page_id: str) -> PageHistory:
        """Return one page's history (an empty one when there is none)."""
        return self.pages.get(page_id) or PageHistory(page_id)


#: A project without history: no git, or not read (``check`` does not read it).
NO_HISTORY = History()
