"""The Python API for newsroom scripts: load, check and build a project exactly as the command line does.

>>> import site_builder
>>> project = site_builder.load("desk")          # doctest: +SKIP
>>> [d.format() for d in site_builder.check("desk")]  # doctest: +SKIP
>>> site_builder.build("desk", "public")         # doctest: +SKIP

mkdocs.yml is read through MkDocs' own validation (see mkdocs/config.py), so a script, ``check`` and
``build`` accept and reject the same files. ``check`` takes what did not change from the project's cache
(check/warm.py, mkdocs/settings.py): the same result, without importing MkDocs or loading unchanged pages.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from typing import TYPE_CHECKING, Any

from .diagnostics import Diagnostic, SiteBuilderError

if TYPE_CHECKING:
    from .check.warm import Checked
    from .mkdocs.config import ConfigInvalid
    from .model.project import Project

__all__ = ["BuildError", "CheckResult", "ConfigInvalid", "build", "check", "check_project", "load"]


class BuildError(SiteBuilderError):
    """The build failed; the messages went to stderr and the previous site is untouched."""

    def __init__(self, exit_code: int) -> None:
        super().__init__(f"site-builder build failed (exit {exit_code}); see the messages above")
        self.exit_code = exit_code


@dataclass(frozen=True)
class CheckResult:
    """What ``check`` found: every diagnostic (mkdocs.yml's or the content's), the counts, and the notes."""

    diagnostics: list[Diagnostic]
    #: the loaded project when this run loaded it whole; None when mkdocs.yml cannot be used, and when the
    #: verdicts of unchanged pages came from the cache (``checked`` has the counts and the drift either way)
    project: Project | None
    notes: tuple[str, ...] = field(default=())
    #: the counts of the summary line and each changed source's drift; None when mkdocs.yml cannot be used
    checked: Checked | None = None

    def passed(self, *, strict: bool = False) -> bool:
        """Return True when nothing fails: no error (and, when ``strict``, no warning either)."""
        return not any(d.severity == "error" or strict for d in self.diagnostics)


def __getattr__(name: str) -> Any:
    if name == "ConfigInvalid":  # imported on use: the warm check does not need the MkDocs side
        from .mkdocs.config import ConfigInvalid

        return ConfigInvalid
    raise AttributeError(name)


def config_file(root: Path) -> Path:
    """Return the project's mkdocs.yml (or mkdocs.yaml); FileNotFoundError when there is none."""
    for name in ("mkdocs.yml", "mkdocs.yaml"):
        if (root / name).is_file():
            return root / name
    raise FileNotFoundError(f"no mkdocs.yml in {root}: not a fact-sheet project")


def check_project(root: str | os.PathLike[str], config: Path | None = None) -> CheckResult:
    """Return the result of checking the project at ``root`` (its mkdocs.yml, then every fact)."""
    from .check.warm import check_layout
    from .load import cache
    from .mkdocs.settings import settings

    root = Path(root).resolve()
    try:
        with cache.session(root):
            site = settings(config or config_file(root))
    except SiteBuilderError as exc:
        from .mkdocs.config import ConfigInvalid  # already imported: it raised (a warm check never does)

        if not isinstance(exc, ConfigInvalid):
            raise
        return CheckResult(sorted(exc.diagnostics), None)
    checked = check_layout(site.layout)
    return CheckResult(checked.diagnostics, checked.project, site.notes, checked)


def load(root: str | os.PathLike[str]) -> Project:
    """Return the project at ``root`` loaded and verified (``project.ok``, ``project.diagnostics``).

    Raises :class:`ConfigInvalid` when mkdocs.yml cannot be used.
    """
    from .check.project import load_project
    from .mkdocs.config import load_site_config

    root = Path(root).resolve()
    return load_project(load_site_config(config_file(root)).layout)


def check(root: str | os.PathLike[str], *, strict: bool = False) -> list[Diagnostic]:
    """Return every problem ``site-builder check`` reports for the project at ``root`` ([] when clean).

    Errors have ``severity == "error"``; with ``strict`` nothing passes while this list is non-empty.
    """
    del strict  # the list is the same; strict only changes what counts as failing (CheckResult.passed)
    return check_project(root).diagnostics


def build(root: str | os.PathLike[str], out: str | os.PathLike[str] | None = None, *,
          strict: bool = False) -> Path:
    """Build the site of the project at ``root`` into ``out`` (default: site_dir) and return the output folder.

    Verifies first; on any error raises :class:`BuildError` and leaves the previous site untouched.
    Progress and problems are printed to stderr, as by ``site-builder build``.
    """
    from .mkdocs.build import build_site

    root = Path(root).resolve()
    cfg = config_file(root)
    code = build_site(root, cfg, Path(out) if out is not None else None, strict=strict)
    if code != 0:
        raise BuildError(code)
    if out is not None:
        return (root / out).resolve()
    from .mkdocs.config import load_site_config

    return Path(load_site_config(cfg).config.site_dir).resolve()
