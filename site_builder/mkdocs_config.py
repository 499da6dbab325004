"""Reading mkdocs.yml the way MkDocs does, for commands that do not build."""

from __future__ import annotations

from pathlib import Path
from typing import Any

PLUGIN_NAME = "factsheet"


def plugin_options(config_file: Path) -> dict[str, Any]:
    """Return the factsheet plugin's options from mkdocs.yml ({} when it sets none)."""
    from mkdocs.utils import yaml_load

    with open(config_file, "rb") as f:
        data = yaml_load(f) or {}
    plugins = data.get("plugins") or []
    if isinstance(plugins, dict):
        plugins = [{k: v} for k, v in plugins.items()]
    for entry in plugins:
        if entry == PLUGIN_NAME:
            return {}
        if isinstance(entry, dict) and PLUGIN_NAME in entry:
            return dict(entry[PLUGIN_NAME] or {})
    return {}
