"""Diagnostics: what went wrong, where, and how to fix it.

Every content problem the generator finds becomes one ``Diagnostic``. They are
collected (never raised one by one) so an editor sees all errors in one run,
printed as ``path:line:column: error: message`` with an optional hint below.
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Literal
from collections.abc import Iterable

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
    #: How many problems this line stands for: more than 1 for a summary of those not shown one by one.
    count: int = 1

    def format(self) -> str:
        """Return the diagnostic as compiler-style text, hint and notes indented below."""
        text = f"{one_line(self.path)}:{self.line}:{self.column}: {self.severity}: {one_line(self.message)}"
        for note in self.notes:
            text += f"\n    {note}"
        if self.hint:
            text += f"\n    hint: {self.hint}"
        return text

    def as_dict(self) -> dict[str, object]:
        """Return the diagnostic as a JSON-ready mapping."""
        data = asdict(self)
        data["notes"] = list(self.notes)
        if self.count == 1:
            del data["count"]
        return data


_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u00ad\u061c\u200b\u200e\u200f\u202a-\u202e"
                          "\u2060-\u2064\u2066-\u206f\ufeff]")


def one_line(text: str) -> str:
    """Return ``text`` with line breaks, control and bidi characters escaped (a file named 'evil\\n.yaml')."""
    if not _UNPRINTABLE.search(text):
        return text
    named = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
    return _UNPRINTABLE.sub(lambda m: named.get(m.group(), f"\\u{ord(m.group()):04x}"), text)


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
    """Return a one-line count such as ``2 errors, 1 warning`` (summarised problems counted one by one)."""
    n_err = sum(d.count for d in errors(diagnostics))
    n_warn = sum(d.count for d in diagnostics) - n_err
    parts = [f"{n_err} error{'s' if n_err != 1 else ''}"]
    if n_warn:
        parts.append(f"{n_warn} warning{'s' if n_warn != 1 else ''}")
    return ", ".join(parts)


#: At most this many errors are shown per file; the rest are counted in one line (bounded output and memory).
MAX_ERRORS_PER_FILE = 50
#: A warning of one kind repeated more often than this is shown this many times, then summarised.
MAX_SAME_WARNING = 3
#: What fixes every warning of a kind at once, named when they are summarised.
FIX_ALL = {"source-unrecorded": "run 'site-builder sources accept --all' to record every source's current hash"}


def more_errors(first_hidden: Diagnostic, hidden: int, *, at_least: bool = False) -> Diagnostic:
    """Return the one line that stands for ``hidden`` errors of a file not shown, at the first of them."""
    many = f"{'at least ' if at_least else ''}{hidden:,}"
    return Diagnostic(first_hidden.path, first_hidden.line, first_hidden.column,
                      f"{many} more error{'s' if hidden != 1 or at_least else ''} in this file not shown "
                      f"(the first {MAX_ERRORS_PER_FILE} are); fix those and check again",
                      code="more-errors", count=hidden)


def _file_order(d: Diagnostic) -> tuple[object, ...]:
    # A file's summary line ("N more errors ...") comes after the errors it follows.
    return (d.path, d.code == "more-errors", d.line, d.column, d.message)


def bounded(diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    """Return the diagnostics with at most MAX_ERRORS_PER_FILE errors per file and repeated warnings summarised.

    Each cut is replaced by one line carrying the count, so totals (``summary``) stay exact.
    """
    out: list[Diagnostic] = []
    errors_in: dict[str, list[Diagnostic]] = {}
    warnings_of: dict[str, list[Diagnostic]] = {}
    for d in sorted(diagnostics):
        if d.severity == "error":
            errors_in.setdefault(d.path, []).append(d)
        else:
            warnings_of.setdefault(d.code, []).append(d)
    for found in errors_in.values():
        shown = [d for d in found if d.code != "more-errors"]
        if len(shown) <= MAX_ERRORS_PER_FILE:
            out.extend(found)  # a summary the schema check made stays as it is
            continue
        already = sum(d.count for d in found if d.code == "more-errors")
        out.extend(shown[:MAX_ERRORS_PER_FILE])
        hidden = shown[MAX_ERRORS_PER_FILE:]
        n_hidden = len(hidden) + already
        if n_hidden:
            first = hidden[0] if hidden else next(d for d in found if d.code == "more-errors")
            out.append(more_errors(first, n_hidden))
    for code, found in warnings_of.items():
        if len(found) <= MAX_SAME_WARNING:
            out.extend(found)
            continue
        out.extend(found[:MAX_SAME_WARNING])
        rest = found[MAX_SAME_WARNING:]
        first = rest[0]
        out.append(Diagnostic(first.path, first.line, first.column,
                              f"{len(rest):,} more warning{'s' if len(rest) != 1 else ''} like the ones above "
                              f"({code}) not shown one by one",
                              FIX_ALL.get(code, first.hint), "warning", code, count=len(rest)))
    return sorted(out, key=_file_order)


def format_all(diagnostics: Iterable[Diagnostic]) -> str:
    """Return every diagnostic formatted, one block each, in file order."""
    return "\n".join(d.format() for d in sorted(diagnostics, key=_file_order))


def to_json(diagnostics: list[Diagnostic]) -> str:
    """Return the diagnostics as the ``check --format json`` document."""
    ordered = sorted(diagnostics, key=_file_order)
    doc = {
        "ok": not errors(ordered),
        "errors": sum(d.count for d in errors(ordered)),
        "warnings": sum(d.count for d in ordered) - sum(d.count for d in errors(ordered)),
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
