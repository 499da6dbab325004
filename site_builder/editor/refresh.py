"""``site-builder sources refresh ID``: fetch a URL source again and see whether the article changed.

The new copy is stored beside the old one (which stays in seeds/ as it was,
the version the facts were checked against), ``file:`` in sources.yaml is
pointed at the new copy and ``sha256`` left as it was, so drift
(:mod:`site_builder.check.drift`) re-anchors every citation in the new text, with the
old copy as the reviewed version. The editor reviews, then runs
``sources accept ID``. When the page has not changed nothing is written.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..model.drift import SourceDrift
from ..load.facts import SOURCES_FILE
from ..load.yamlfile import sources_limit
from ..load.formats import kind_of
from ..model.project import Layout
from ..text import suggest
from ..check.project import load_project
from .register import RegisterError, _copy_new, _sources_doc
from .yaml_roundtrip import EditError, edit_yaml, set_scalar_lines, write_yaml
from . import intake


@dataclass(frozen=True)
class Refreshed:
    """What ``sources refresh`` found: the new copy (None when unchanged) and the drift of the citations."""

    id: str
    url: str
    old_file: str
    new_file: str | None
    sha256: str
    drift: SourceDrift | None


def _new_name(old: Path, suffix: str, today: dt.date) -> Path:
    stem = old.stem
    candidate = old.with_name(f"{stem}.{today.isoformat()}{suffix}")
    n = 2
    while candidate.exists():
        candidate = old.with_name(f"{stem}.{today.isoformat()}-{n}{suffix}")
        n += 1
    return candidate


def refresh_source(layout: Layout, source_id: str, *, today: dt.date | None = None,
                   **fetch_options: float | int) -> Refreshed:
    """Fetch source ``source_id``'s url again; store a changed page beside the old one and return its drift.

    Raises RegisterError (nothing written) when the source is unknown, has
    no url, cannot be fetched, or sources.yaml cannot be edited.
    """
    doc = _sources_doc(layout)
    entries = doc.data["sources"]
    index = next((k for k, e in enumerate(entries) if e["id"] == source_id), None)
    if index is None:
        registered = [e["id"] for e in entries]
        raise RegisterError(f"unknown source '{source_id}'; " + (suggest.hint(source_id, registered) or
                                                                 f"registered sources: {', '.join(registered) or 'none'}"))
    entry = entries[index]
    url = entry.get("url")
    if not url:
        raise RegisterError(f"source '{source_id}' has no url to fetch again; only a source added from (or "
                            "given) a web address can be refreshed", 2)
    old_path = layout.root / entry["file"]
    if not old_path.is_file():
        raise RegisterError(f"{entry['file']} (source '{source_id}') does not exist; run 'site-builder check'", 1)
    old_sha = hashlib.sha256(old_path.read_bytes()).hexdigest()
    try:
        fetched = intake.from_url(url, layout.root, **fetch_options)
    except intake.IntakeError as exc:
        raise RegisterError(str(exc), exc.exit_code) from None
    new_sha = hashlib.sha256(fetched.data).hexdigest()
    if new_sha == old_sha:
        return Refreshed(source_id, url, entry["file"], None, new_sha, None)
    same_kind = kind_of(old_path.suffix) == kind_of(fetched.suffix)
    new_path = _new_name(old_path, old_path.suffix if same_kind else fetched.suffix, today or dt.date.today())
    new_rel = str(Path(entry["file"]).with_name(new_path.name).as_posix())
    sources_path = layout.facts / SOURCES_FILE
    at = ("sources", index)
    updates: dict[Any, Any] = {at + ("file",): new_rel}
    if entry.get("sha256") is None:
        # Drift compares with the recorded hash: the copy the facts were written against is the old one.
        updates[at + ("sha256",)] = old_sha

    def change(root: Any) -> None:
        for path, value in updates.items():
            root["sources"][index][path[-1]] = value

    try:
        new_text = edit_yaml(sources_path, doc.path, change,
                             replaced=tuple(p for p in updates if p in doc.values),
                             fallback=lambda text, before: set_scalar_lines(text, before, updates),
                             max_bytes=sources_limit(layout.seeds))
    except EditError as exc:
        raise RegisterError(str(exc), 1) from None
    try:
        _copy_new(fetched.data, new_path)
    except FileExistsError:
        raise RegisterError(f"{new_rel} already exists; not overwriting it") from None
    try:
        write_yaml(sources_path, new_text)
    except BaseException:
        new_path.unlink(missing_ok=True)
        raise
    project = load_project(layout)
    drift = next((d for d in project.drift if d.source.id == source_id), None)
    return Refreshed(source_id, url, entry["file"], new_rel, new_sha, drift)


__all__ = ["Refreshed", "refresh_source"]
