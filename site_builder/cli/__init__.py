"""The command line: takes argv, gives an exit code (``main``) and the parser whose help texts document it."""

from __future__ import annotations

from .main import main
from .parser import parser

__all__ = ["main", "parser"]
