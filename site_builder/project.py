"""A fact-sheet project on disk: load sources and pages, verify, collect every diagnostic."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from . import schema, verdicts
from .diagnostics import Diagnostic, bounded, display_path, errors
from .drift import SourceDrift, review as review_drift
from .facts import SOURCES_FILE, Page, load_page
from .load import memos
from .markers import check_claims
from .sources import Source, load_sources
from .verify import FactCheck, Match, Verification
from .claims import Support
from .yamlfile import YamlDoc, YamlError, load

PAGE_ID = re.compile(r"^[a-z0-9][a-z0-9-]*\Z")  # \Z: "$" would let a trailing newline through
#: Page ids that would collide with the site's own folders and files.
RESERVED_PAGE_IDS = {"sources", "assets", "editors", "facts", "index", "search", "404"}


@dataclass(frozen=True)
class Layout:
    """Where a project keeps its parts, relative to its root."""

    root: Path
    facts_dir: str = "facts"
    seeds_dir: str = "seeds"
    #: the project's template overrides (mkdocs.yml's theme.custom_dir), or None for the theme alone
    templates_dir: str | None = "templates"

    @property
    def facts(self) -> Path:
        return self.root / self.facts_dir

    @property
    def seeds(self) -> Path:
        return self.root / self.seeds_dir

    @property
    def templates(self) -> Path | None:
        return None if self.templates_dir is None else self.root / self.templates_dir

    @property
    def template_dirs(self) -> tuple[Path, ...]:
        """Return where page templates are looked up: the project's overrides (when present), then the theme."""
        from .theme import THEME_DIR

        own = self.templates
        return ((own,) if own is not None and own.is_dir() else ()) + (THEME_DIR,)

    def shown(self, path: Path) -> str:
        """Return ``path`` as diagnostics show it (relative to the root)."""
        return display_path(path, self.root)


@dataclass
class Project:
    """Everything loaded from a project, verified, with all problems found."""

    layout: Layout
    sources: list[Source] = field(default_factory=list)
    pages: list[Page] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    matches: dict[tuple[str, int], Match] = field(default_factory=dict)
    sources_doc: YamlDoc | None = None
    #: sources whose file changed since its hash was recorded, with each citation re-anchored (drift.py)
    drift: list[SourceDrift] = field(default_factory=list)
    #: fact id -> what backs its claim, and the part each citation plays (verify.FactCheck)
    checks: dict[str, FactCheck] = field(default_factory=dict)
    #: page id -> what backs the page's own texts (description, titles, notes)
    page_supports: dict[str, tuple[Support, ...]] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        """Return True when no diagnostic is an error."""
        return not errors(self.diagnostics)

    def source(self, source_id: str) -> Source:
        """Return the source with this id."""
        return next(s for s in self.sources if s.id == source_id)


def _load_doc(path: Path, layout: Layout, kind: str, diags: list[Diagnostic],
              invalid: dict[str, set[int]] | None = None) -> YamlDoc | None:
    try:
        shown = path.absolute().relative_to(layout.root.absolute()).as_posix()  # the link's name, not its target's
    except ValueError:
        shown = layout.shown(path)
    try:
        real = path.resolve(strict=True)
    except (OSError, RuntimeError):
        diags.append(Diagnostic(shown, 1, 1, "cannot read file: a broken or looping symbolic link", code="io"))
        return None
    if layout.root.resolve() not in real.parents:
        diags.append(Diagnostic(shown, 1, 1, "file is a symbolic link leading outside the project; it is not read",
                                "copy the file into the project instead", code="io"))
        return None
    if not real.is_file():  # a folder, a named pipe (reading it would wait forever), a device
        diags.append(Diagnostic(shown, 1, 1, "not a regular file", code="io"))
        return None
    try:
        doc = load(path, shown)
    except YamlError as exc:
        diags.append(exc.diagnostic)
        return None
    found = memos.schema_valid(doc.text, kind, lambda: schema.validate(doc, kind))
    diags.extend(found)
    if found and kind == "facts":
        # A schema error inside one fact (or comparison) leaves the others valid: load them, so their
        # own errors show in the same run; the broken entries are left out.
        bad = schema.invalid_entries(doc, kind, ("facts", "comparisons"))
        if bad is not None and invalid is not None:
            invalid.update(bad)
            return doc
    return None if found else doc


def load_project(layout: Layout, *, diagnostics_only: bool = False) -> Project:
    """Return the project at ``layout`` loaded and verified, with every diagnostic.

    With ``diagnostics_only`` (what `check` needs), pages whose inputs did not change since an earlier run
    take that run's diagnostics from the cache, and the project's matches and checks cover only the pages
    verified now (see verdicts.py).
    """
    from .load import cache

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
