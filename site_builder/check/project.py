"""A project loaded and verified: its files read, every quote and figure checked, changed sources re-anchored."""

from __future__ import annotations

from ..diagnostics import Code, Diagnostic, bounded
from ..load import cache
from ..load.project import read_project
from ..model.project import Layout, Project
from ..model.verification import Verification
from . import verdicts
from .drift import changed_sources, source_diagnostics
from .markers import check_claims


def load_project(layout: Layout, *, diagnostics_only: bool = False) -> Project:
    """Return the project at ``layout`` loaded and verified, with every diagnostic.

    One way through: the files are read (load/), the changed sources found, the pages checked against the
    sources (the verifier re-anchors the citations of changed sources itself), and the Project made once.
    What did not change since an earlier run is read from the cache in .cache/ (check/verdicts.py); with
    ``diagnostics_only`` (what `check` needs) that includes the diagnostics of unchanged pages, and the
    project's matches and checks then cover only the pages verified in this run.
    """
    with cache.session(layout.root):
        return _load_project(layout, diagnostics_only)


def _load_project(layout: Layout, diagnostics_only: bool) -> Project:
    files = read_project(layout)
    if files is None:
        return Project(layout, diagnostics=[_no_facts_folder(layout)])
    diags = list(files.diagnostics)
    for page in files.pages:
        diags.extend(check_claims(page))
    changed = changed_sources(files.sources)
    verification: Verification | None = None
    if files.sources or files.pages:
        verification = verdicts.verify(files.sources, files.pages, files.sources_doc, changed,
                                       layout.page_ids, layout.numbered_ids, reuse=diagnostics_only)
        diags.extend(verification.diagnostics)
    drift = verification.drift if verification is not None else []
    diags.extend(source_diagnostics(files.sources, files.sources_doc, drift))
    return Project(layout, files.sources, files.pages, bounded(diags),
                   verification.matches if verification is not None else {}, files.sources_doc, drift,
                   verification.checks if verification is not None else {},
                   verification.page_supports if verification is not None else {})


def _no_facts_folder(layout: Layout) -> Diagnostic:
    facts_dir = layout.facts
    return Diagnostic(layout.shown(facts_dir), 1, 1, f"facts folder '{layout.facts_dir}/' not found",
                      "run 'site-builder init DIR' to start a project, or pass -C DIR", code=Code.MISSING)
