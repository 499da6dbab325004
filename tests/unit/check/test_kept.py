"""A build's verdict of each fact, kept in the cache (check/kept.py), reads back as verifying makes it.

Field by field, the fields equality skips among them (a support's mention, a match's paragraph text), on the
shipped project as it is and with edits that make a fact fail in each way; a verdict whose paragraph the
sources no longer hold is verified again; a build that reads every verdict back verifies nothing again and
gives the verification a fresh verifier gives.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from support import copy_project, own_cache_key, replace_in

from site_builder.check import verdicts
from site_builder.check.kept import NotKept, decode_verdict, encode_verdict
from site_builder.check.project import load_project
from site_builder.check.verifier import Verifier
from site_builder.load import cache
from site_builder.load.digest import Digester
from site_builder.model.project import Layout

FACTS = "facts/vostochny.yaml"

EDITS: list[tuple[str, Callable[[Path], None]]] = [
    ("unchanged", lambda root: None),
    ("value not stated", replace_in(FACTS, "value: 1500", "value: 1600")),
    ("quote not found", replace_in(FACTS, "a modern cosmodrome he had built", "a modern spaceport he had built")),
    ("claim states another figure", replace_in(FACTS, "It lies in the Amur region", "It lies 210 km into the Amur region")),
]


@pytest.fixture(autouse=True)
def isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    verdicts._LIVE.clear()
    with own_cache_key(tmp_path / "user-cache", monkeypatch):
        yield
    verdicts._LIVE.clear()


def _every_field(value: Any) -> Any:
    """Return ``value`` as nested tuples of every field, those equality skips too (not a check's key)."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return (type(value).__name__,) + tuple(
            (f.name, _every_field(getattr(value, f.name))) for f in dataclasses.fields(value) if f.name != "key")
    if isinstance(value, (tuple, list)):
        return (type(value).__name__,) + tuple(_every_field(v) for v in value)
    if isinstance(value, dict):
        return ("dict",) + tuple((k, _every_field(v)) for k, v in value.items())
    return value


def _verdicts(root: Path) -> tuple[Verifier, list[tuple[Any, Any]]]:
    project = load_project(Layout(root))
    verifier = Verifier(project.sources, Layout(root).page_ids, Layout(root).numbered_ids)
    out = []
    for page in project.pages:
        sections = {s.id for s in page.sections}
        out += [(fact, verifier.verify_fact(page, fact, sections)) for fact in page.facts]
    return verifier, out


@pytest.mark.parametrize("edit", [e for _, e in EDITS], ids=[n for n, _ in EDITS])
def test_a_verdict_reads_back_field_by_field(tmp_path: Path, edit: Callable[[Path], None]) -> None:
    root = copy_project(tmp_path / "p")
    edit(root)
    verifier, found = _verdicts(root)
    assert found
    for fact, verdict in found:
        raw = cache.loads(cache.dumps(encode_verdict(verdict, verifier.sources)))
        back = decode_verdict(raw, verifier.sources)
        assert _every_field(back) == _every_field(verdict), fact.id
        assert back == verdict
    if EDITS[0][1] is not edit:  # the edit made some fact fail: its diagnostics were written and read back
        assert any(v.diagnostics for _, v in found)


def test_a_verdict_whose_paragraph_is_gone_is_not_read_back(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "p")
    verifier, found = _verdicts(root)
    verdict = next(v for _, v in found if v.matches)
    raw = encode_verdict(verdict, verifier.sources)
    match = next(iter(verdict.matches.values()))
    source = verifier.sources[match.source]
    gone = {**verifier.sources, match.source: dataclasses.replace(
        source, paragraphs=[p for p in source.paragraphs if p.anchor != match.anchor])}
    assert match.anchor not in gone[match.source].by_anchor
    with pytest.raises(KeyError):
        decode_verdict(raw, gone)
    with pytest.raises(KeyError):
        encode_verdict(verdict, gone)
    other = dataclasses.replace(match, text=match.text + " and more")
    with pytest.raises(NotKept):
        encode_verdict(dataclasses.replace(verdict, matches={0: other}), verifier.sources)


def _count_verified(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Return the list that gets the id of each fact verified from now on (until ``monkeypatch.undo()``)."""
    made: list[str] = []
    verify_fact = Verifier.verify_fact

    def counted(self: Verifier, page: Any, fact: Any, sections: set[str]) -> Any:
        made.append(fact.id)
        return verify_fact(self, page, fact, sections)

    monkeypatch.setattr(Verifier, "verify_fact", counted)
    return made


@pytest.mark.parametrize("edit", [e for _, e in EDITS], ids=[n for n, _ in EDITS])
def test_a_build_reading_every_verdict_back_verifies_nothing_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                   edit: Callable[[Path], None]) -> None:
    root = copy_project(tmp_path / "p")
    edit(root)
    layout = Layout(root)
    load_project(layout)  # keeps every verdict
    verdicts._LIVE.clear()  # as a new process: nothing in memory
    made = _count_verified(monkeypatch)
    again = load_project(layout)
    monkeypatch.undo()
    assert made == []
    fresh = Verifier(again.sources, layout.page_ids, layout.numbered_ids).verify(again.pages)
    assert again.matches == fresh.matches
    assert again.checks == fresh.checks
    assert again.page_supports == fresh.page_supports
    assert sorted(d for d in again.diagnostics if d in fresh.diagnostics) == sorted(fresh.diagnostics)
    # each check carries its digest, the one walking it gives
    digester = Digester()
    assert all(c.key == digester.own_digest(c) for c in again.checks.values())


def test_an_edited_fact_is_verified_again_and_the_others_are_not(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = copy_project(tmp_path / "p")
    layout = Layout(root)
    before = load_project(layout)
    verdicts._LIVE.clear()
    replace_in(FACTS, "value: 1500", "value: 1600")(root)
    replace_in(FACTS, "It lies in the Amur region", "It lies 210 km into the Amur region")(root)
    made = _count_verified(monkeypatch)
    after = load_project(layout)
    monkeypatch.undo()
    changed = [f.id for p in after.pages for f in p.facts if f.value == 1600 or "210 km" in f.claim]
    assert len(changed) == 2 and made == changed
    assert not after.ok and before.ok
    # A check's digest stands for it in a build's digests: different for a check that differs, the same for one
    # equal to what it was (the edited fact's own check too: its value is not in its texts).
    digester = Digester()
    assert any(check != before.checks[fid] for fid, check in after.checks.items())
    for fid, check in after.checks.items():
        assert (digester.digest(check) == digester.digest(before.checks[fid])) is (check == before.checks[fid])


def test_a_check_with_a_key_is_digested_as_its_key() -> None:
    from support import shipped_project

    # as a check verified without the cache is (the shipped project's were kept, and carry their key)
    check = dataclasses.replace(next(c for c in shipped_project().checks.values() if c.supports), key=None)
    digester = Digester()
    whole = digester.digest(check)
    keyed = dataclasses.replace(check, key="a")
    assert digester.digest(keyed) == digester.digest(dataclasses.replace(check, key="a", supports=()))
    assert digester.digest(keyed) != digester.digest(dataclasses.replace(check, key="b"))
    assert digester.digest(keyed) != whole
    assert digester.digest(dataclasses.replace(check, supports=())) != whole
    # read back with its digest kept, or made without the cache: digested alike (a build compares the two)
    assert digester.digest(dataclasses.replace(check, key=digester.own_digest(check))) == whole
