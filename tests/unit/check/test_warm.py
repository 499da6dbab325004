"""The pieces a warm `check` puts together give what the verifier gives when it verifies everything at once.

* a fact id on two pages, worked out from each page's fact ids and places, is what the verifier reports;
* a page verified against only the sources it cites gets the verifier's findings against every source, unless
  a finding is one that looks beyond them (then check/warm.py verifies it against every source);
* mkdocs.yml's remembered validation gives the layout and notes MkDocs' own validation gives.
"""

from __future__ import annotations

import dataclasses
import os
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from support import copy_project, own_cache_key

from site_builder.check import warm
from site_builder.check.verifier import Verifier
from site_builder.load import cache
from site_builder.load.project import read_project
from site_builder.mkdocs.config import load_site_config
from site_builder.mkdocs.settings import settings
from site_builder.model.facts import Page


@pytest.fixture(autouse=True)
def own_key(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    with own_cache_key(tmp_path / "user-cache", monkeypatch):
        yield


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return copy_project(tmp_path / "project")


def _files(root: Path):  # type: ignore[no-untyped-def]
    layout = load_site_config(root / "mkdocs.yml").layout
    files = read_project(layout)
    assert files is not None and files.pages
    return layout, files


def _renamed(page: Page, page_id: str) -> Page:
    return dataclasses.replace(page, id=page_id, doc=dataclasses.replace(page.doc, path=f"facts/{page_id}.yaml"))


def _as_verdicts(pages: list[Page]) -> list[dict[str, object]]:
    return [{"path": p.path, "facts": warm.fact_places(p)} for p in pages]


def _duplicates(found: list) -> list:  # type: ignore[type-arg]
    return sorted(d for d in found if warm._is_duplicate_fact(d))


@pytest.mark.parametrize("how", ["two pages", "three pages", "one fact twice on the second page"])
def test_fact_ids_on_two_pages_are_reported_as_the_verifier_reports_them(project: Path, how: str) -> None:
    layout, files = _files(project)
    page = files.pages[0]
    pages = [page, _renamed(page, "copy")]
    if how == "three pages":
        pages.append(_renamed(page, "third"))
    if how == "one fact twice on the second page":
        second = pages[1]
        pages[1] = dataclasses.replace(second, facts=[*second.facts, second.facts[0]])
    verifier = Verifier(files.sources, layout.page_ids, layout.numbered_ids)
    expected = _duplicates(verifier.verify(pages).diagnostics)
    assert expected  # the case has duplicates
    own = [d for p in pages for d in verifier.verify([p]).diagnostics if warm._is_duplicate_fact(d)]
    assert _duplicates(warm.duplicate_fact_ids(_as_verdicts(pages))) == expected
    assert len(own) < len(expected) or how == "one fact twice on the second page"


QUOTES = [
    ("as written", None),
    ("a quote no source has", ("possibly at Russia’s most modern", "possibly at Russia’s least modern")),
    ("a quote another source has", ("", "a modern cosmodrome he had built in the remote forests of eastern Russia")),
    ("an unknown source", ("source: reuters", "source: reuter")),
]


@pytest.mark.parametrize("edit", [e for _, e in QUOTES], ids=[n for n, _ in QUOTES])
def test_a_page_verified_against_its_cited_sources_only(project: Path, edit: tuple[str, str] | None) -> None:
    if edit is not None and edit[0]:
        path = project / "facts" / "vostochny.yaml"
        path.write_text(path.read_text("utf-8").replace(*edit, 1), "utf-8")
    layout, files = _files(project)
    page = files.pages[0]
    # Only the facts citing 'reuters': the page's cited sources are then one of the two.
    only = dataclasses.replace(page, facts=[f for f in page.facts
                                            if all(c.source.startswith("reuter") for c in f.citations)])
    if edit is not None and not edit[0]:  # the first fact quotes words only the other source has
        first = only.facts[0]
        cites = (dataclasses.replace(first.citations[0], quote=edit[1]), *first.citations[1:])
        only.facts[0] = dataclasses.replace(first, citations=cites)
    full = Verifier(files.sources, layout.page_ids, layout.numbered_ids).verify([only]).diagnostics
    cited = [s for s in files.sources if s.id in {c.source for f in only.facts for c in f.citations}]
    assert len(cited) < len(files.sources)
    subset = Verifier(cited, layout.page_ids, layout.numbered_ids).verify([only]).diagnostics
    if not any(d.code in warm.NEEDS_EVERY_SOURCE for d in subset):
        assert subset == full
    else:
        assert edit is not None  # only these edits make a finding that looks beyond the cited sources
    if edit is not None and edit[1].startswith("a modern"):
        assert subset != full  # the "these exact words are in source ..." hint: why such pages are verified again
    # What the warm check does instead: a verifier of every source remembers each failed quote's sources, and one
    # of the cited sources, told every id and those, says what the verifier of every source says.
    every, few = warm._verifiers()
    known = [s.id for s in files.sources]
    with cache.session(project) as store:
        assert store is not None
        hints = store.memo("quote-sources", lambda v: v, lambda v: v)
        told = few(cited, layout, known, hints, "state")
        first = told.verify([only]).diagnostics
        failed = any(d.code == "quote-not-found" for d in first)
        assert told.missed == failed  # nothing remembered yet
        assert every(files.sources, layout, hints, "state").verify([only]).diagnostics == full
        told = few(cited, layout, known, hints, "state")
        assert told.verify([only]).diagnostics == full
        assert not told.missed
        other = few(cited, layout, known, hints, "another state")  # what was remembered is of those sources only
        other.verify([only])
        assert other.missed == failed


def test_the_remembered_settings_are_mkdocs_own(project: Path) -> None:
    site = load_site_config(project / "mkdocs.yml")
    with cache.session(project):
        first = settings(project / "mkdocs.yml")  # validated by MkDocs, remembered
    cache._CACHES.clear()
    with cache.session(project):
        second = settings(project / "mkdocs.yml")  # from the memo
    assert first.layout == second.layout == site.layout
    assert first.notes == second.notes == site.notes
    (project / "docs").rename(project / "docs-gone")  # a folder the validation looked at is gone: a miss
    cache._CACHES.clear()
    from site_builder.mkdocs.config import ConfigInvalid

    with pytest.raises(ConfigInvalid), cache.session(project):
        settings(project / "mkdocs.yml")


_open = os.open


def _state(layout, digests, known):  # type: ignore[no-untyped-def]
    from site_builder.check import warm_state

    raw = (layout.facts / "sources.yaml").read_bytes()
    files = warm_state.entry_files(__import__("yaml").safe_load(raw))
    return warm_state.sources_state(layout, raw, files, known, digests)


def _same_size_rewrite(path: Path) -> None:
    """Change one byte of ``path`` and give it back its modification time: only its change time tells."""
    st = path.stat()
    data = bytearray(path.read_bytes())
    data[0] = ord("X") if data[0] != ord("X") else ord("Y")
    path.write_bytes(bytes(data))
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))


def test_a_source_is_hashed_once_and_again_after_any_write(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from site_builder.check import warm_state

    layout, _ = _files(project)
    monkeypatch.setattr(cache, "RACY_SECONDS", -60.0)  # every file counts as settled
    digests = cache.Memo(project / ".cache", "source-digests", lambda v: v, warm_state.decode_digest)
    cold_known: dict[str, str] = {}
    cold = _state(layout, None, cold_known)
    first: dict[str, str] = {}
    assert _state(layout, digests, first) == cold and first == cold_known
    read = []
    monkeypatch.setattr(os, "open", lambda *a, **k: read.append(a[0]) or _open(*a, **k))
    again: dict[str, str] = {}
    assert _state(layout, digests, again) == cold and again == cold_known
    assert read == []  # nothing was read: every stat was the remembered one
    time.sleep(0.05)  # past one tick of the file system's clock
    seed = next(layout.seeds.iterdir())
    _same_size_rewrite(seed)
    warm_after = _state(layout, digests, {})
    assert read == [str(seed.resolve())]  # only the rewritten file was read again
    assert warm_after == _state(layout, None, {}) != cold


def test_a_source_changed_just_now_is_never_taken_on_its_stat(project: Path) -> None:
    from site_builder.check import warm_state

    layout, _ = _files(project)
    digests = cache.Memo(project / ".cache", "source-digests", lambda v: v, warm_state.decode_digest)
    seed = next(layout.seeds.iterdir())
    _same_size_rewrite(seed)  # changed now: inside RACY_SECONDS
    before = _state(layout, digests, {})
    real = str(seed.resolve())
    assert digests.get(warm_state.stat_key(real, os.stat(real))) is None  # not remembered: it may change again
    _same_size_rewrite(seed)  # perhaps inside the same tick: the same stat, other bytes
    assert _state(layout, digests, {}) == _state(layout, None, {}) != before


def test_a_warm_check_of_an_edited_page_reads_its_sources_from_the_cache(project: Path,
                                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    # The sources a page cites come back from the cache's pack, every one of them: no article is read again.
    from site_builder.load import project as project_module

    layout = load_site_config(project / "mkdocs.yml").layout
    cold = warm.check_layout(layout)
    page = next(p for p in sorted((project / "facts").glob("*.yaml")) if p.name != "sources.yaml")
    text = page.read_text(encoding="utf-8")
    page.write_text(text.replace("claim: ", "claim: Again, ", 1), encoding="utf-8")
    found: list[int] = []
    original = warm._Sources.cited

    def cited(self: warm._Sources, ids: list[str]) -> object:
        got = original(self, ids)
        found.append(-1 if got is None else len(got))
        return got

    def no_reading(*args: object, **kwargs: object) -> object:
        raise AssertionError("every article read again")

    monkeypatch.setattr(warm._Sources, "cited", cited)
    monkeypatch.setattr(project_module, "read_sources", no_reading)
    cache._CACHES.clear()  # a new process
    again = warm.check_layout(layout)
    assert found and all(n > 0 for n in found)
    assert (again.sources, again.ok, again.diagnostics) == (cold.sources, cold.ok, cold.diagnostics)
