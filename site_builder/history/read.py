"""The history of each facts file, from its commits: when each fact was added, changed and corrected.

Each committed version of a page's file is read with the project's own YAML loader and its facts are matched
across versions by id. Only commits count, never the clock: the same commits give the same history.

The working copy is the current state: it is what the page shows. Changes not yet committed have no date and
make no entry (they are not published yet); a ``correction:`` text that differs from the committed one is shown
undated. A fact that leaves the file and comes back starts a new history; a renamed file starts a new history.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any

from ..load.yamlfile import YamlError, loads
from .git import GitUnavailable, Repository, repository
from .model import TRACKED_FIELDS, Commit, History, HistoryEntry, Kind, PageHistory

#: A facts file larger than this in some commit is not read in that commit (the loader's own limit is 50 MB,
#: but a history holds many versions).
MAX_VERSION_BYTES = 10_000_000


@dataclass(frozen=True)
class FactState:
    """The tracked fields of one fact in one version of its file, as text (None where the field is absent)."""

    claim: str | None
    value: str | None
    date: str | None
    as_of: str | None
    citations: tuple[tuple[str, str], ...]
    correction: str | None

    def get(self, name: str) -> str | None:
        """Return a tracked field as the history shows it (citations: None, they are compared as a whole)."""
        value: str | None = None if name == "citations" else getattr(self, name)
        return value


def _scalar(raw: object) -> str | None:
    """Return a YAML scalar as text, the same for the same value (2016 and 2016.0 alike)."""
    if raw is None or isinstance(raw, (dict, list)):
        return None
    if isinstance(raw, bool):
        return "true" if raw else "false"
    if isinstance(raw, float) and raw.is_integer() and abs(raw) < 1e15:
        return str(int(raw))
    return str(raw)


def fact_state(raw: Mapping[str, Any]) -> FactState:
    """Return the tracked fields of one fact entry of a facts file (an old version may hold anything)."""
    value = _scalar(raw.get("value"))
    unit = raw.get("unit")
    if value is not None and isinstance(unit, str) and unit:
        value = f"{value} {unit}"
    cites: list[tuple[str, str]] = []
    for c in raw.get("citations") or ():
        if isinstance(c, dict):
            cites.append((str(c.get("source", "")), str(c.get("quote", ""))))
    claim = raw.get("claim")
    correction = raw.get("correction")
    return FactState(claim if isinstance(claim, str) else None, value, _scalar(raw.get("date")),
                     _scalar(raw.get("as_of")), tuple(cites),
                     correction if isinstance(correction, str) and correction.strip() else None)


def version_facts(data: bytes, shown: str) -> dict[str, FactState] | None:
    """Return the facts of one version of a facts file by id (first of a duplicate id), or None when unreadable."""
    if len(data) > MAX_VERSION_BYTES:
        return None
    try:
        doc = loads(data.decode("utf-8"), shown)
    except (UnicodeDecodeError, YamlError):
        return None
    facts = doc.data.get("facts") if isinstance(doc.data, dict) else None
    if not isinstance(facts, list):
        return None
    out: dict[str, FactState] = {}
    for raw in facts:
        if isinstance(raw, dict) and isinstance(raw.get("id"), str) and raw["id"] not in out:
            out[raw["id"]] = fact_state(raw)
    return out


def derive(page_id: str, versions: Sequence[tuple[Commit, dict[str, FactState] | None]],
           current: Mapping[str, str | None] | None = None) -> PageHistory:
    """Return a page's history from its file's versions, oldest first (None: unreadable in that commit).

    ``current`` maps the working copy's fact ids to their ``correction:`` text: only those facts get a
    history, and a correction is dated only when the working copy's text is the committed one.
    """
    entries: dict[str, list[HistoryEntry]] = {}
    corrected_at: dict[str, HistoryEntry] = {}
    before: dict[str, FactState] = {}
    published: Commit | None = None
    updated: Commit | None = None
    for commit, facts in versions:
        if facts is None:
            continue  # this version did not load: the next one is compared with the last that did
        if facts and published is None:
            published = commit
        for fid in [f for f in before if f not in facts]:
            entries.pop(fid, None)  # it left the file; if it comes back, its history starts again
            corrected_at.pop(fid, None)
        for fid, now in facts.items():
            old = before.get(fid)
            found = _changes(commit, old, now)
            if found:
                entries.setdefault(fid, []).extend(found)
                if now.correction is not None and (old is None or old.correction != now.correction):
                    corrected_at[fid] = found[-1]
                elif now.correction is None:
                    corrected_at.pop(fid, None)
                if commit != published:
                    updated = commit
        before = facts
    keep = list(before) if current is None else [f for f in before if f in current]
    facts_out = {fid: tuple(entries[fid]) for fid in keep if fid in entries}
    corrections: dict[str, HistoryEntry] = {}
    for fid in keep:
        entry = corrected_at.get(fid)
        text = before[fid].correction
        if entry is not None and (current is None or current.get(fid) == text):
            corrections[fid] = entry
    if current is not None and updated is not None:
        # The stamp counts changes to facts still on the page, not to facts removed since.
        latest = [e.commit for es in facts_out.values() for e in es if e.commit != published]
        place = {c.sha: k for k, (c, _) in enumerate(versions)}
        updated = max(latest, key=lambda c: place[c.sha]) if latest else None
    return PageHistory(page_id, published, updated, MappingProxyType(facts_out), MappingProxyType(corrections),
                       tuple(c for c, _ in versions))


def _changes(commit: Commit, old: FactState | None, now: FactState) -> list[HistoryEntry]:
    """Return the entries for one fact between two versions: added, or each tracked field that changed."""
    if old is None:
        return [HistoryEntry(commit, "added", correction=now.correction)]
    corrects = now.correction is not None and now.correction != old.correction
    kind: Kind = "corrected" if corrects else "updated"
    out = []
    for name in TRACKED_FIELDS:
        if name == "correction":
            continue
        if (old.citations != now.citations) if name == "citations" else (old.get(name) != now.get(name)):
            out.append(HistoryEntry(commit, kind, name, old.get(name), now.get(name),
                                    now.correction if corrects else None))
    if old.correction != now.correction and (not out or not corrects):
        # The correction marked on its own (or withdrawn): an entry of its own.
        out.append(HistoryEntry(commit, "corrected" if corrects else "updated", "correction", old.correction,
                                now.correction, now.correction if corrects else None))
    return out


def page_history(repo: Repository, page_id: str, path: Path,
                 current: Mapping[str, str | None] | None = None) -> PageHistory:
    """Return the history of one page's facts file in ``repo`` (empty when the file is outside it)."""
    try:
        rel = path.resolve().relative_to(repo.top.resolve()).as_posix()
    except (OSError, RuntimeError, ValueError):
        return PageHistory(page_id)
    if "\n" in rel:
        return PageHistory(page_id)
    commits = repo.commits(rel)
    blobs = repo.blobs([f"{c.sha}:{rel}" for c in commits])
    versions = [(c, {} if blob is None else version_facts(blob, rel)) for c, blob in zip(commits, blobs, strict=True)]
    return derive(page_id, versions, current)


def read_history(folder: Path, pages: Sequence[tuple[str, Path, Mapping[str, str | None]]]) -> History:
    """Return the history of each page file, by page id; with no usable git, an empty history and the reason.

    ``pages`` are (page id, facts file, the working copy's fact ids with their correction text).
    """
    try:
        repo = repository(folder)
    except GitUnavailable as exc:
        note = f"no history of the facts files: {exc}; pages show no publication dates, and corrections no date"
        return History(notes=(note,))
    out: dict[str, PageHistory] = {}
    try:
        for page_id, path, current in pages:
            out[page_id] = page_history(repo, page_id, path, current)
    except (GitUnavailable, ValueError) as exc:
        return History(notes=(f"no history of the facts files: git failed ({exc})",))
    return History(MappingProxyType(out))
