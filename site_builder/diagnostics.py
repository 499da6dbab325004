"""Diagnostics: what went wrong, where, and how to fix it.

Every content problem the generator finds becomes one ``Diagnostic``. They are
collected (never raised one by one) so an editor sees all errors in one run,
printed as ``path:line:column: error: message`` with an optional hint below.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Iterable, Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True, order=True)
class Diagnostic:
    """One problem in an editor's file, located by 1-based line and column."""

    path: str
    line: int
    column: int
    message: str
    hint: str | None = None
    severity: Severity = "error"
    code: str = "content"
    #: Further explanation lines (e.g. the source passage with differences marked).
    notes: tuple[str, ...] = field(default=())

    def format(self) -> str:
        """Return the diagnostic as compiler-style text, hint and notes indented below."""
        text = f"{self.path}:{self.line}:{self.column}: {self.severity}: {self.message}"
        for note in self.notes:
            text += f"\n    {note}"
        if self.hint:
            text += f"\n    hint: {self.hint}"
        return text

    def as_dict(self) -> dict[str, object]:
        """Return the diagnostic as a JSON-ready mapping."""
        data = asdict(self)
        data["notes"] = list(self.notes)
        return data


class ContentError(Exception):
    """Raised at a boundary (CLI, plugin) when content diagnostics stop the work."""

    def __init__(self, diagnostics: Iterable[Diagnostic]) -> None:
        self.diagnostics = sorted(diagnostics)
        super().__init__(format_all(self.diagnostics))


def display_path(path: Path | str, root: Path | None) -> str:
    """Return ``path`` relative to ``root`` when it lies inside it, else as given."""
    p = Path(path)
    if root is not None:
        try:
            return p.resolve().relative_to(root.resolve()).as_posix()
        except ValueError:
            pass
    return p.as_posix()


def errors(diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    """Return only the diagnostics that fail a check."""
    return [d for d in diagnostics if d.severity == "error"]


def summary(diagnostics: list[Diagnostic]) -> str:
    """Return a one-line count such as ``2 errors, 1 warning``."""
    n_err = len(errors(diagnostics))
    n_warn = len(diagnostics) - n_err
    parts = [f"{n_err} error{'s' if n_err != 1 else ''}"]
    if n_warn:
        parts.append(f"{n_warn} warning{'s' if n_warn != 1 else ''}")
    return ", ".join(parts)


def format_all(diagnostics: Iterable[Diagnostic]) -> str:
    """Return every diagnostic formatted, one block each, in file order."""
    return "\n".join(d.format() for d in sorted(diagnostics))


def to_json(diagnostics: list[Diagnostic]) -> str:
    """Return the diagnostics as the ``check --format json`` document."""
    ordered = sorted(diagnostics)
    doc = {
        "ok": not errors(ordered),
        "errors": len(errors(ordered)),
        "warnings": len(ordered) - len(errors(ordered)),
        "diagnostics": [d.as_dict() for d in ordered],
    }
    return json.dumps(doc, ensure_ascii=False, indent=2)


def _gh_escape(text: str, *, prop: bool = False) -> str:
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return text.replace(":", "%3A").replace(",", "%2C") if prop else text


def to_github(diagnostics: Iterable[Diagnostic], *, strict: bool = False) -> str:
    """Return the diagnostics as GitHub Actions workflow commands (``::error file=…,line=…,col=…::message``).

    GitHub shows each as an annotation on the file and line in the pull request. Warnings are ``::warning``
    (``::error`` under ``strict``, since they fail the run); hints and notes follow the message.
    """
    lines = []
    for d in sorted(diagnostics):
        level = "error" if d.severity == "error" or strict else "warning"
        body = d.message + "".join(f"\n{note}" for note in d.notes) + (f"\nhint: {d.hint}" if d.hint else "")
        props = f"file={_gh_escape(d.path, prop=True)},line={d.line},col={d.column}"
        lines.append(f"::{level} {props}::{_gh_escape(body)}")
    return "\n".join(lines)
