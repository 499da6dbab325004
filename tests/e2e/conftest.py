"""Everything under tests/e2e is end-to-end: real MkDocs builds, real processes, the browser, the wheel.

Each test here gets the ``e2e`` marker, so ``-m "not e2e"`` leaves them out and ``-m e2e`` runs only them;
``make test-fast`` runs tests/unit alone.
"""

from __future__ import annotations

from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if HERE in Path(item.path).resolve().parents:
            item.add_marker(pytest.mark.e2e)
