"""Everything under tests/e2e is end-to-end: real MkDocs builds, real processes, the browser, the wheel.

Each test here gets the ``e2e`` marker, so ``-m "not e2e"`` leaves them out and ``-m e2e`` runs only them;
``make test-fast`` runs tests/unit alone.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from browsing import Watch
from support import copy_project, run_cli

HERE = Path(__file__).resolve().parent


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if HERE in Path(item.path).resolve().parents:
            item.add_marker(pytest.mark.e2e)


@pytest.fixture
def watch(context: Any) -> Iterator[Watch]:
    """A Watch on the test's browser context: the test fails if a request left 127.0.0.1 or the page logged an error."""
    w = Watch(context)
    yield w
    w.assert_clean()


@pytest.fixture(scope="session")
def shipped_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shipped project built once per test process with the real CLI (the browser tests only read it)."""
    root = copy_project(tmp_path_factory.mktemp("shipped-build"))
    result = run_cli("-C", str(root), "build", "--out", "out")
    assert result.returncode == 0, result.stderr
    return root / "out"
