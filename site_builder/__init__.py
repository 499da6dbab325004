"""Static fact-sheet site generator: verified, source-linked explainers built with MkDocs.

The Python API (typed; see the README, "Python API"):

- ``site_builder.load(root) -> Project``: the project loaded and verified;
- ``site_builder.check(root) -> list[Diagnostic]``: every problem ``site-builder check`` reports;
- ``site_builder.build(root, out)``: the site built as ``site-builder build`` builds it.
"""

from __future__ import annotations

import sys
import types

# No imports beyond sys here (not even typing): this module runs before the command line can catch a Ctrl-C,
# so it must be over in a moment (tests/e2e/test_faults.py interrupts the program at every moment of its start).
TYPE_CHECKING = False

if TYPE_CHECKING:
    from typing import Any

    from .api import BuildError, build, check, load
    from .diagnostics import Diagnostic
    from .model.project import Project
    from .version import __version__

__all__ = ["BuildError", "Diagnostic", "Project", "__version__", "build", "check", "load"]

_LAZY = {"load": "api", "check": "api", "build": "api", "BuildError": "api", "Diagnostic": "diagnostics",
         "Project": "model.project", "__version__": "version"}


def __getattr__(name: str) -> Any:
    # Imported on first use, so `site-builder --version` and the plugin stay quick to start.
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(f".{_LAZY[name]}", __name__), name)
    raise AttributeError(f"module 'site_builder' has no attribute {name!r}")


class _Package(types.ModuleType):
    """The package module, whose ``load`` and ``check`` are the API functions, not the stage packages
    ``site_builder/load/`` and ``site_builder/check/`` that share their names."""

    @property
    def load(self) -> Any:
        from .api import load

        return load

    @load.setter
    def load(self, value: Any) -> None:
        # Importing the subpackage site_builder.load binds it here; its modules are found through sys.modules.
        pass

    @property
    def check(self) -> Any:
        from .api import check

        return check

    @check.setter
    def check(self, value: Any) -> None:
        # Importing the subpackage site_builder.check binds it here; its modules are found through sys.modules.
        pass


sys.modules[__name__].__class__ = _Package
