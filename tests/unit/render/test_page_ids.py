"""The ids an explainer page uses itself come from its templates; a fact, section or comparison cannot take one."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import site_builder
from site_builder.scaffold.init import init_project

#: Every id the page writes that is not a fact's, a section's or a comparison's (the templates' own, the views'
#: own section for comparisons no section holds, a numbered footnote).
PAGE_OWN_IDS = ["main", "figures-h", "pictures-h", "notes-h", "distance-title", "timeline-title", "facts-h",
                "differences", "differences-h", "note-3"]


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("ids") / "desk"
    init_project(root)
    return root


@pytest.mark.parametrize("ident", PAGE_OWN_IDS)
def test_a_fact_cannot_take_an_id_the_page_uses(project: Path, ident: str, tmp_path: Path) -> None:
    page = project / "facts" / "bridge.yaml"
    text = page.read_text("utf-8")
    try:
        page.write_text(text.replace("  - id: length\n", f"  - id: {ident}\n"), "utf-8")
        line = text.splitlines().index("  - id: length") + 1
        found = [(d.path, d.line, d.code, d.message) for d in site_builder.check(project)]
    finally:
        page.write_text(text, "utf-8")
    assert found == [("facts/bridge.yaml", line, "reserved-id",
                      f"id '{ident}' is reserved: the page itself uses it")]


def test_the_theme_s_page_ids() -> None:
    from site_builder.render.ids import PageIds, page_ids
    from site_builder.theme import THEME_DIR

    assert page_ids((THEME_DIR,)) == PageIds(frozenset(PAGE_OWN_IDS) - {"note-3"}, ("note-",))


def test_every_id_a_built_page_writes_is_a_fact_s_or_the_page_s_own(project: Path, tmp_path: Path) -> None:
    # The tie between the check and the pages: whatever the templates write, the check knows it.
    loaded = site_builder.load(project)
    site_builder.build(project, tmp_path / "site")
    html = (tmp_path / "site" / "index.html").read_text("utf-8")
    written = set(re.findall(r'\bid="([^"]+)"', html))
    owned = {f.id for p in loaded.pages for f in p.facts} | {c.id for p in loaded.pages for c in p.comparisons}
    owned |= {x for p in loaded.pages for s in p.sections for x in (s.id, f"{s.id}-h")}
    own = written - owned
    layout = loaded.layout
    assert own and all(i in layout.page_ids or any(re.fullmatch(re.escape(n) + "[0-9]+", i) for n in
                                                   layout.numbered_ids) for i in own), sorted(own)
