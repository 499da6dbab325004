"""check returns a value: one outcome per citation (its match, its diagnostics), the drift settled inside it."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from site_builder.check.drift import changed_sources
from site_builder.check.project import load_project
from site_builder.check.verifier import Verifier
from site_builder.load.project import read_project
from site_builder.model.project import Layout
from site_builder.model.verification import CitationKey, Verification
from site_builder.scaffold.init import init_project

LENGTH_QUOTE = "The bridge spans 120 metres across the river"


@pytest.fixture()
def root(tmp_path: Path) -> Path:
    root = tmp_path / "desk"
    init_project(root)
    return root


def verify(root: Path) -> Verification:
    files = read_project(Layout(root))
    assert files is not None
    return Verifier(files.sources).verify(files.pages, changed_sources(files.sources))


def test_one_outcome_per_citation(root: Path) -> None:
    result = verify(root)
    files = read_project(Layout(root))
    assert files is not None
    keys = [CitationKey(p.id, f.id, j) for p in files.pages for f in p.facts for j in range(len(f.citations))]
    assert list(result.outcomes) == keys
    assert all(o.match is not None and o.diagnostics == () and o.reanchored is None for o in result.outcomes.values())
    assert result.matches == {(k.fact, k.index): o.match for k, o in result.outcomes.items()}
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.diagnostics = []  # type: ignore[misc]


def test_a_changed_source_is_settled_by_the_verifier(root: Path) -> None:
    # The article changed after review and the quote's words are gone, a close passage left: the verifier's
    # outcome for that citation is the re-anchoring's error, not its own "quote not found" next to it.
    seed = root / "seeds" / "example.md"
    seed.write_text(seed.read_text("utf-8").replace("spans 120 metres across", "spans 120 metres over"), "utf-8")
    result = verify(root)
    outcome = result.outcomes[CitationKey("bridge", "length", 0)]
    assert outcome.match is None
    assert [(d.code, d.severity) for d in outcome.diagnostics] == [("citation-changed", "error")]
    assert outcome.reanchored is not None and outcome.reanchored.status == "changed"
    assert [d.source.id for d in result.drift] == ["example-news"]
    assert not any(d.code == "quote-not-found" for d in result.diagnostics)
    others = [o for k, o in result.outcomes.items() if k.fact != "length"]
    assert others and all(o.match is not None and o.reanchored is not None for o in others)


def test_the_project_holds_what_check_returned(root: Path) -> None:
    project = load_project(Layout(root))
    result = verify(root)
    assert project.matches == result.matches and project.checks == result.checks
    assert project.diagnostics == result.diagnostics == []
