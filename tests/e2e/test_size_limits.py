"""Size limits on the editors' YAML files: a page file, and sources.yaml, whose limit grows with the articles stored.

End-to-end: each case writes a desk of 5,000 stored articles and runs a full check of it (about 10 s CPU and
much file-system time in all), so it runs with `make test`, not in the fast loop.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from site_builder.api import check
from site_builder.load.yamlfile import MAX_BYTES, SOURCES_BYTES_PER_ARTICLE

from support import REPO


def _project(tmp_path: Path, extra_articles: int) -> Path:
    """Return a copy of the shipped project with ``extra_articles`` more (unregistered) files under seeds/."""
    root = tmp_path / "p"
    root.mkdir()
    for name in ("facts", "seeds", "templates", "docs"):
        shutil.copytree(REPO / name, root / name)
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    stored = root / "seeds" / "stored"
    stored.mkdir()
    for k in range(extra_articles):
        (stored / f"{k:05d}.txt").write_text(f"Article {k}.\n", "utf-8")
    return root


def _pad(path: Path, size: int) -> None:
    """Make the file ``size`` bytes long with a trailing YAML comment (its data unchanged)."""
    text = path.read_bytes().rstrip(b"\n") + b"\n# "
    path.write_bytes(text + b"x" * (size - len(text) - 1) + b"\n")
    assert path.stat().st_size == size


def _page_file(root: Path) -> Path:
    return min(p for p in (root / "facts").glob("*.yaml") if p.name != "sources.yaml")


SHIPPED = len([p for p in (REPO / "seeds").rglob("*") if p.is_file()])


@pytest.mark.parametrize("which,articles,size,refused", [
    # a desk of 5,000 stored articles writes a 2.8 MB sources.yaml: above the page files' limit, accepted
    ("sources", 5_000, 2_800_000, False),
    ("sources", 5_000, MAX_BYTES + SOURCES_BYTES_PER_ARTICLE * (5_000 + SHIPPED), False),
    ("sources", 5_000, MAX_BYTES + SOURCES_BYTES_PER_ARTICLE * (5_000 + SHIPPED) + 1, True),
    # the same file in a project of two articles is a runaway (or hostile) file
    ("sources", 0, 2_800_000, True),
    ("page", 5_000, MAX_BYTES, False),
    ("page", 5_000, MAX_BYTES + 1, True),  # a page file's limit does not grow
])
def test_size_limits(tmp_path: Path, which: str, articles: int, size: int, refused: bool) -> None:
    root = _project(tmp_path, articles)
    path = root / "facts" / "sources.yaml" if which == "sources" else _page_file(root)
    _pad(path, size)
    found = [d for d in check(root) if d.severity == "error"]
    limit = MAX_BYTES + SOURCES_BYTES_PER_ARTICLE * (articles + SHIPPED) if which == "sources" else MAX_BYTES
    shown = f"facts/{path.name}"
    if refused:  # one located error for the file (what the pages cite is then unknown: they fail too)
        assert [(d.path, d.line, d.column, d.message, d.hint) for d in found if d.path == shown] == [
            (shown, 1, 1, f"file is {size:,} bytes; the limit is {limit:,}", "split it into smaller files")]
    else:
        assert found == []
