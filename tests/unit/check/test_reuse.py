"""Reusing earlier verifications (a warm `check`, a `serve` rebuilding) gives exactly a fresh verification.

Each case edits the shipped project, loads it twice in one process (the second load reuses what the first
verified), and compares diagnostics, matches, checks and page supports with the verifier run on its own.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from support import copy_project, own_cache_key

from site_builder.check import verdicts
from site_builder.check.project import load_project
from site_builder.check.verifier import Verifier
from site_builder.model.project import Layout

FACTS = "facts/vostochny.yaml"


def _edit(old: str, new: str) -> Callable[[Path], None]:
    def edit(root: Path) -> None:
        path = root / FACTS
        text = path.read_text("utf-8")
        assert old in text
        path.write_text(text.replace(old, new, 1), "utf-8")
    return edit


EDITS: list[tuple[str, Callable[[Path], None]]] = [
    ("unchanged", lambda root: None),
    ("value not stated", _edit("value: 1500", "value: 1600")),
    ("quote not found", _edit("a modern cosmodrome he had built", "a modern spaceport he had built")),
    ("claim edited", _edit("It lies in the Amur region", "It lies in the Amur region,")),
]


@pytest.fixture(autouse=True)
def isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    verdicts._LIVE.clear()
    with own_cache_key(tmp_path / "user-cache", monkeypatch):
        yield


@pytest.mark.parametrize("diagnostics_only", [False, True], ids=["build", "check"])
@pytest.mark.parametrize("edit", [e for _, e in EDITS], ids=[n for n, _ in EDITS])
def test_a_reused_verification_is_a_fresh_one(tmp_path: Path, edit: Callable[[Path], None],
                                              diagnostics_only: bool) -> None:
    root = copy_project(tmp_path / "p")
    layout = Layout(root)
    load_project(layout, diagnostics_only=diagnostics_only)  # fills the cache and the live state
    edit(root)
    first = load_project(layout, diagnostics_only=diagnostics_only)
    again = load_project(layout, diagnostics_only=diagnostics_only)  # everything reused now
    fresh = Verifier(again.sources, layout.page_ids, layout.numbered_ids).verify(again.pages)
    for project in (first, again):
        assert sorted(d for d in project.diagnostics if d.code != "source-unrecorded") == sorted(
            d for d in _bounded(fresh.diagnostics, project))
        if not diagnostics_only:
            assert project.matches == fresh.matches
            assert project.checks == fresh.checks
            assert project.page_supports == fresh.page_supports


def _bounded(found: list, project) -> list:  # type: ignore[no-untyped-def]
    """Return the verifier's diagnostics plus the loading ones the project reports besides (schema, markers)."""
    extra = [d for d in project.diagnostics if d not in found and d.code != "source-unrecorded"]
    return found + extra
