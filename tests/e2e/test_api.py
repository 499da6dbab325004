"""The Python API for newsroom scripts: load, check and build, exactly as the command line does them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import site_builder
from site_builder.api import BuildError, ConfigInvalid
from support import copy_project


def test_load_check_and_build_a_clean_project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1694563200")
    root = copy_project(tmp_path / "p")
    project = site_builder.load(root)
    assert isinstance(project, site_builder.Project) and project.ok and len(project.pages) == 1
    assert site_builder.check(root) == []
    out = site_builder.build(root, "public")
    assert out == (root / "public").resolve()
    facts = json.loads((out / "facts.json").read_text("utf-8"))
    assert len(facts["facts"]) == sum(len(p.facts) for p in project.pages)


def test_check_returns_located_diagnostics_and_build_raises(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "p")
    page = root / "facts" / "vostochny.yaml"
    page.write_text(page.read_text("utf-8").replace("value: 1500\n", "value: 2500\n", 1), "utf-8")
    found = site_builder.check(root)
    assert found and all(isinstance(d, site_builder.Diagnostic) for d in found)
    assert any(d.severity == "error" and d.path == "facts/vostochny.yaml" and "2500" in d.message for d in found)
    with pytest.raises(BuildError):
        site_builder.build(root, "public")
    assert not (root / "public").exists()


def test_a_broken_mkdocs_yml_is_a_diagnostic_for_check_and_an_exception_for_load(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "p")
    (root / "mkdocs.yml").write_text("site_name: x\ndocs_dir: docs\nplugins:\n  - factsheet:\n      seeds_dir: 5\n",
                                     "utf-8")
    [d] = site_builder.check(root)
    assert (d.path, d.line, d.column, d.severity) == ("mkdocs.yml", 5, 18, "error")
    with pytest.raises(ConfigInvalid) as exc:
        site_builder.load(root)
    assert exc.value.diagnostics == [d]


def test_version_is_the_package_metadata_version() -> None:
    from importlib.metadata import version

    assert site_builder.__version__ == version("site-builder")
