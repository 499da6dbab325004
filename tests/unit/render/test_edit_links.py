"""Edit links: each fact's exact line in its facts file, on the newsroom's code host."""

from __future__ import annotations

from pathlib import Path

import pytest

from site_builder.render.edit_links import edit_url, fact_edit_urls, fact_edit_urls_for_config, fact_line
from site_builder.model.project import Layout
from site_builder.check.project import load_project

from support import REPO, copy_project

GH = "https://github.com/newsroom/vostochny"

CASES = [
    # (repo_url, edit_uri, path, line, docs_dir, expected)
    (GH, "edit/main/docs/", "facts/vostochny.yaml", 12, "docs", f"{GH}/edit/main/facts/vostochny.yaml#L12"),
    (GH + "/", "edit/main/docs/", "facts/vostochny.yaml", 12, "docs", f"{GH}/edit/main/facts/vostochny.yaml#L12"),
    (GH, "blob/main/docs/", "facts/vostochny.yaml", 3, "docs", f"{GH}/blob/main/facts/vostochny.yaml#L3"),
    (GH, "edit/main/docs", "facts/vostochny.yaml", 12, "docs", f"{GH}/edit/main/facts/vostochny.yaml#L12"),
    (GH, "edit/master/docs/", "facts/a.yaml", None, "docs", f"{GH}/edit/master/facts/a.yaml"),
    # the project in a subfolder of the repository
    (GH, "edit/main/desk/docs/", "facts/a.yaml", 7, "docs", f"{GH}/edit/main/desk/facts/a.yaml#L7"),
    # docs somewhere else
    (GH, "edit/main/site-docs/pages/", "facts/a.yaml", 7, "site-docs/pages", f"{GH}/edit/main/facts/a.yaml#L7"),
    # a full address as edit_uri, no repo_url needed
    (None, "https://gitlab.example.org/desk/site/-/edit/main/docs/", "facts/a.yaml", 9, "docs",
     "https://gitlab.example.org/desk/site/-/edit/main/facts/a.yaml#L9"),
    ("https://gitlab.com/desk/site", "-/blob/main/docs/", "facts/a.yaml", 9, "docs",
     "https://gitlab.com/desk/site/-/blob/main/facts/a.yaml#L9"),
    ("https://bitbucket.org/desk/site", "src/default/docs/", "facts/a.yaml", 9, "docs",
     "https://bitbucket.org/desk/site/src/default/facts/a.yaml#lines-9"),
    # not configured, or not usable
    (GH, "", "facts/a.yaml", 1, "docs", None),
    (GH, None, "facts/a.yaml", 1, "docs", None),
    (None, "edit/main/docs/", "facts/a.yaml", 1, "docs", None),
    (GH, "?path=/docs/", "facts/a.yaml", 1, "docs", None),
    ("javascript:alert(1)//", "edit/main/docs/", "facts/a.yaml", 1, "docs", None),
]


@pytest.mark.parametrize("repo_url,edit_uri,path,line,docs_dir,expected", CASES)
def test_edit_url(repo_url: str | None, edit_uri: str | None, path: str, line: int | None, docs_dir: str,
                  expected: str | None) -> None:
    assert edit_url(repo_url, edit_uri, path, line, docs_dir=docs_dir) == expected


def test_fact_line_points_at_each_facts_id_line() -> None:
    project = load_project(Layout(REPO))
    text = (REPO / "facts" / "vostochny.yaml").read_text("utf-8").splitlines()
    assert sum(len(p.facts) for p in project.pages) > 0
    for page in project.pages:
        assert page.path == "facts/vostochny.yaml"
        for fact in page.facts:
            assert text[fact_line(page, fact) - 1].strip() == f"- id: {fact.id}"


def test_fact_edit_urls_from_mkdocs_config(tmp_path: Path) -> None:
    from mkdocs.config import load_config

    root = copy_project(tmp_path / "p")
    with open(root / "mkdocs.yml", "a", encoding="utf-8") as f:
        f.write(f"repo_url: {GH}\nedit_uri: edit/main/docs/\n")
    config = load_config(str(root / "mkdocs.yml"))
    project = load_project(Layout(root))
    urls = fact_edit_urls_for_config(project, config)
    first = project.pages[0].facts[0]
    assert urls[first.id] == f"{GH}/edit/main/facts/vostochny.yaml#L{fact_line(project.pages[0], first)}"
    assert fact_edit_urls(project, GH, "") == {}
    # MkDocs fills in edit/master/docs/ for GitHub when edit_uri is not set.
    (root / "mkdocs.yml").write_text((root / "mkdocs.yml").read_text("utf-8").replace("edit_uri: edit/main/docs/\n", ""),
                                     "utf-8")
    default = fact_edit_urls_for_config(project, load_config(str(root / "mkdocs.yml")))
    assert default[first.id].startswith(f"{GH}/edit/master/facts/vostochny.yaml#L")
