"""A project loaded and verified: its files read, every quote and figure checked, changed sources re-anchored."""

from __future__ import annotations

from ..diagnostics import Diagnostic, bounded
from ..load import cache
from ..load.facts import SOURCES_FILE, load_page
from ..load.project import PAGE_ID, RESERVED_PAGE_IDS, _load_doc
from ..load.sources import load_sources
from ..model.project import Layout, Project
from ..model.verification import Verification
from . import verdicts
from .drift import review as review_drift
from .markers import check_claims


def load_project(layout: Layout, *, diagnostics_only: bool = False) -> Project:
    """Return the project at ``layout`` loaded and verified, with every diagnostic.

    With ``diagnostics_only`` (what `check` needs), pages whose inputs did not change since an earlier run
    take that run's diagnostics from the cache, and the project's matches and checks cover only the pages
    verified now (see check/verdicts.py).
    """
    with cache.session(layout.root):  # what did not change since the last run is read from .cache/
        return _load_project(layout, diagnostics_only)


def _load_project(layout: Layout, diagnostics_only: bool) -> Project:
    project = Project(layout)
    diags = project.diagnostics
    facts_dir = layout.facts
    if not facts_dir.is_dir():
        diags.append(Diagnostic(layout.shown(facts_dir), 1, 1, f"facts folder '{layout.facts_dir}/' not found",
                                "run 'site-builder init DIR' to start a project, or pass -C DIR", code="missing"))
        return project
    sources_path = facts_dir / SOURCES_FILE
    if not sources_path.exists() and not sources_path.is_symlink():
        diags.append(Diagnostic(layout.shown(sources_path), 1, 1, f"{SOURCES_FILE} not found",
                                "register the articles you cite in it (see the README)", code="missing"))
    else:
        doc = _load_doc(sources_path, layout, "sources", diags)
        if doc is not None:
            project.sources_doc = doc
            project.sources, found = load_sources(doc, layout.root, layout.seeds)
            diags.extend(found)
    page_files = sorted(p for p in facts_dir.iterdir()
                        if p.suffix in (".yaml", ".yml") and p.name != SOURCES_FILE and not p.name.startswith("."))
    if not page_files:
        diags.append(Diagnostic(layout.shown(facts_dir), 1, 1, "no page files in facts/",
                                "add facts/<page>.yaml (see the README)", code="missing"))
    for path in page_files:
        page_id = path.stem
        if not PAGE_ID.match(page_id) or page_id in RESERVED_PAGE_IDS:
            diags.append(Diagnostic(layout.shown(path), 1, 1,
                                    f"page file name '{path.name}' is not usable as a page address",
                                    "name it with lowercase letters, digits and hyphens (not "
                                    + ", ".join(sorted(RESERVED_PAGE_IDS)) + ")", code="page-name"))
            continue
        invalid: dict[str, set[int]] = {}
        doc = _load_doc(path, layout, "facts", diags, invalid)
        if doc is not None:
            page = load_page(page_id, doc, skip=invalid)
            diags.extend(check_claims(page))
            project.pages.append(page)
    project.pages.sort(key=lambda p: (p.order, p.id))
    if project.sources or project.pages:
        result: Verification = verdicts.verify(project.sources, project.pages,
                                               project.sources_doc.text if project.sources_doc else "",
                                               reuse=diagnostics_only)
        diags.extend(result.diagnostics)
        project.matches = result.matches
        project.checks = result.checks
        project.page_supports = result.page_supports
    project.drift = review_drift(project, diags)
    project.diagnostics = bounded(diags)
    return project
