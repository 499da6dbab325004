"""The static-site engine underneath: MkDocs 1.6, or ProperDocs 1.6 (its maintained drop-in fork).

Nothing else in site_builder imports ``mkdocs`` directly, so the plugin and the command line work with
either package installed and without the other. The engine is, in order: the one already running (the
plugin is imported by ``mkdocs build`` or ``properdocs build``); the one named by $SITE_BUILDER_ENGINE;
MkDocs when it is installed; ProperDocs.
"""

from __future__ import annotations

import importlib
import importlib.util
import os
import sys
from types import ModuleType

ENGINES = ("mkdocs", "properdocs")
ENV_VAR = "SITE_BUILDER_ENGINE"


def _installed(name: str) -> bool:
    try:
        return importlib.util.find_spec(name) is not None
    except (ImportError, ValueError):
        return False


def _pick() -> str:
    # ProperDocs aliases sys.modules['mkdocs'] to itself when it runs, so look for it first.
    for name in ("properdocs", "mkdocs"):
        if sys.modules.get(name) is not None:
            return name
    wanted = os.environ.get(ENV_VAR, "").strip().lower()
    if wanted in ENGINES and _installed(wanted):
        return wanted
    for name in ENGINES:
        if _installed(name):
            return name
    raise ImportError("site-builder needs MkDocs 1.6 or ProperDocs 1.6: pip install 'mkdocs>=1.6,<2' "
                      "(or 'properdocs>=1.6,<1.7')")


#: "mkdocs" or "properdocs"
NAME = _pick()


def module(name: str) -> ModuleType:
    """Return the engine's submodule ``name`` (e.g. 'config.defaults'), imported."""
    return importlib.import_module(f"{NAME}.{name}")


def version() -> str:
    """Return the engine's name and version, e.g. 'mkdocs 1.6.1'."""
    return f"{NAME} {getattr(importlib.import_module(NAME), '__version__', '?')}"
