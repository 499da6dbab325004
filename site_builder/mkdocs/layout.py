"""The project layout a validated mkdocs.yml describes, and what to tell editors about it."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

from ..model.project import Layout
from ..render.ids import page_ids

_LEGACY_MARK = Path("factsheet") / "explainer.html"


def plugin_layout(config: Any, plugin: Any) -> Layout:
    """Return the project layout a validated config describes (plugin options, theme custom_dir)."""
    root = Path(config.config_file_path).resolve().parent
    templates = plugin.config.templates_dir
    if templates is None and config.theme.custom_dir:
        templates = config.theme.custom_dir  # absolute: MkDocs resolved it against mkdocs.yml
    layout = Layout(root, plugin.config.facts_dir, plugin.config.seeds_dir, templates)
    ids = page_ids(layout.template_dirs)
    return dataclasses.replace(layout, page_ids=ids.fixed, numbered_ids=ids.numbered)


def notes_for(config: Any, layout: Layout) -> list[str]:
    """Return what to tell the editor about this configuration that fails nothing (a copied theme)."""
    notes = []
    own = layout.templates
    if config.theme.name is None and own is not None and (own / _LEGACY_MARK).is_file():
        shown = layout.shown(own)
        notes.append(
            f"this project uses a copy of the theme in {shown}/ (theme: name: null), made by an older "
            f"'site-builder init': it keeps building, but theme updates do not reach it. To move: set "
            f"'theme: {{name: factsheet, custom_dir: {shown}}}' in mkdocs.yml and delete from {shown}/ every "
            f"file you did not change (all of it, if you changed nothing); see the README, 'Moving off a copied theme'")
    return notes
