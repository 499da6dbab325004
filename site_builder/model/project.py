"""A fact-sheet project: where its parts are (Layout), and everything loaded from it, verified (Project)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ..diagnostics import Diagnostic, display_path, errors

if TYPE_CHECKING:  # only annotations: a Layout alone (all the warm `check` needs) imports none of them
    from ..load.yamlfile import YamlDoc
    from .drift import SourceDrift
    from .facts import Page
    from .sources import Source
    from .support import Support
    from .verification import FactCheck, Match


@dataclass(frozen=True)
class Layout:
    """Where a project keeps its parts, relative to its root."""

    root: Path
    facts_dir: str = "facts"
    seeds_dir: str = "seeds"
    #: the project's template overrides (mkdocs.yml's theme.custom_dir), or None for the theme alone
    templates_dir: str | None = "templates"
    #: the ids an explainer page writes itself (read from its templates by render/ids.py): no fact may take one
    page_ids: frozenset[str] = frozenset()
    #: id prefixes the page writes followed by a number ("note-" of "note-3")
    numbered_ids: tuple[str, ...] = ()

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
        from ..theme import THEME_DIR

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
    #: sources whose file changed since its hash was recorded, with each citation re-anchored (check/drift.py)
    drift: list[SourceDrift] = field(default_factory=list)
    #: fact id -> what backs its claim, and the part each citation plays (model.verification.FactCheck)
    checks: dict[str, FactCheck] = field(default_factory=dict)
    #: page id -> what backs the page's own texts (description, titles, notes)
    page_supports: dict[str, tuple[Support, ...]] = field(default_factory=dict)

    #: (the diagnostics list, its length, ok) when :attr:`ok` last looked: asked for each of a build's files
    _ok: tuple[list[Diagnostic], int, bool] | None = field(default=None, init=False, repr=False, compare=False)

    @property
    def ok(self) -> bool:
        """Return True when no diagnostic is an error."""
        seen = self._ok
        if seen is None or seen[0] is not self.diagnostics or seen[1] != len(self.diagnostics):
            seen = self._ok = (self.diagnostics, len(self.diagnostics), not errors(self.diagnostics))
        return seen[2]

    def source(self, source_id: str) -> Source:
        """Return the source with this id."""
        return next(s for s in self.sources if s.id == source_id)
