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
from enum import StrEnum
from typing import Any, Literal
from collections.abc import Iterable

Severity = Literal["error", "warning"]


class Code(StrEnum):
    """What kind of problem a diagnostic reports: its ``code`` in ``check --format json``, stable for tools.

    Each member's value is the code as written out; ``CODE_DOCS`` says what each one means.
    """

    AMBIGUOUS_QUOTE = "ambiguous-quote"
    BAD_VALUE = "bad-value"
    CITATION_CHANGED = "citation-changed"
    CITATION_LOST = "citation-lost"
    CITATION_MOVED = "citation-moved"
    CLAIM_NOT_SUPPORTED = "claim-not-supported"
    COMPARISON = "comparison"
    CONFIG = "config"
    CONTENT = "content"
    DUPLICATE_ID = "duplicate-id"
    DUPLICATE_SOURCE = "duplicate-source"
    EMPTY = "empty"
    EMPTY_QUOTE = "empty-quote"
    ENCODING = "encoding"
    EXCLUDED_QUOTE = "excluded-quote"
    INVISIBLE = "invisible"
    IO = "io"
    MARKER_LOOKALIKE = "marker-lookalike"
    MISSING = "missing"
    MORE_ERRORS = "more-errors"
    NAME_NOT_QUOTED = "name-not-quoted"
    PAGE_NAME = "page-name"
    QUOTE_CUTS_FIGURE = "quote-cuts-figure"
    QUOTE_CUTS_WORD = "quote-cuts-word"
    QUOTE_NOT_FOUND = "quote-not-found"
    QUOTED_WORDS_NOT_FOUND = "quoted-words-not-found"
    RESERVED_ID = "reserved-id"
    SCHEMA = "schema"
    SHORT_QUOTE = "short-quote"
    SOURCE_CHANGED = "source-changed"
    SOURCE_EMPTY = "source-empty"
    SOURCE_MISSING = "source-missing"
    SOURCE_PATH = "source-path"
    SOURCE_UNREADABLE = "source-unreadable"
    SOURCE_UNRECORDED = "source-unrecorded"
    SOURCES_DIFFER = "sources-differ"
    STALE_EXCLUSION = "stale-exclusion"
    STRUCK_QUOTE = "struck-quote"
    TOO_LARGE = "too-large"
    UNIT_WITHOUT_VALUE = "unit-without-value"
    UNKNOWN_FACT = "unknown-fact"
    UNKNOWN_PARAGRAPH = "unknown-paragraph"
    UNKNOWN_SECTION = "unknown-section"
    UNKNOWN_SOURCE = "unknown-source"
    VALUE_NOT_SUPPORTED = "value-not-supported"
    WRONG_PARAGRAPH = "wrong-paragraph"
    YAML = "yaml"


#: What each code means (tests/unit/diagnostics/test_codes.py fails on a code without a line here).
CODE_DOCS: dict[Code, str] = {
    Code.AMBIGUOUS_QUOTE: "a quote found in more than one paragraph of its source, with no 'paragraph:' to say which",
    Code.BAD_VALUE: "a fact's value or date that cannot be read (not a number, not YYYY[-MM[-DD]]), or a source's published date",
    Code.CITATION_CHANGED: "a quote in a changed source whose words are gone, a close passage left: review it (error)",
    Code.CITATION_LOST: "a quote in a changed source with nothing close left (error)",
    Code.CITATION_MOVED: "a quote in a changed source whose words moved to another paragraph (warning)",
    Code.CLAIM_NOT_SUPPORTED: "a figure in a claim (or short, label, place, page text) that no verified quote states",
    Code.COMPARISON: "a comparison that does not name two different facts",
    Code.CONFIG: "mkdocs.yml refused by MkDocs' own validation, or without the factsheet plugin",
    Code.CONTENT: "a problem in a facts file with no more specific code",
    Code.DUPLICATE_ID: "two facts, sections or comparisons with one id (on a page, or two facts across the site)",
    Code.DUPLICATE_SOURCE: "two sources with one id in sources.yaml",
    Code.EMPTY: "an empty facts or sources file",
    Code.EMPTY_QUOTE: "a citation whose quote is empty",
    Code.ENCODING: "a file that is not UTF-8 text",
    Code.EXCLUDED_QUOTE: "a quote found only in text the source excludes as not article text",
    Code.INVISIBLE: "an invisible format character (bidi override, zero-width space, ...) in what an editor wrote",
    Code.IO: "a file that cannot be read: a broken symbolic link, one leading outside the project, not a regular file",
    Code.MARKER_LOOKALIKE: "a claim showing what readers would take for a citation marker ('[1]')",
    Code.MISSING: "a facts folder, sources.yaml or page file that is not there",
    Code.MORE_ERRORS: "stands for the errors of one file not shown one by one (its count says how many)",
    Code.NAME_NOT_QUOTED: "a number that is part of a name in a claim ('Luna-25') that no quote states",
    Code.PAGE_NAME: "a page file name that cannot be a page address",
    Code.QUOTE_CUTS_FIGURE: "a quote that starts or ends inside a figure of its paragraph",
    Code.QUOTE_CUTS_WORD: "a quote that starts or ends inside a word of its paragraph",
    Code.QUOTE_NOT_FOUND: "a quote that is not in its source (the closest passage and what differs are shown)",
    Code.QUOTED_WORDS_NOT_FOUND: "a phrase a claim puts in quotation marks that no quote states",
    Code.RESERVED_ID: "a fact, section or comparison id that the page itself uses",
    Code.SCHEMA: "a facts or sources file that does not follow its JSON Schema (a missing, unknown or mistyped key)",
    Code.SHORT_QUOTE: "a quote of one common word (or one letter): words any paragraph has back nothing",
    Code.SOURCE_CHANGED: "a source whose file no longer matches its recorded sha256 (warning; its citations are re-anchored)",
    Code.SOURCE_EMPTY: "a source file with no article text (an image-only PDF, a page without an article)",
    Code.SOURCE_MISSING: "a source whose file is not in seeds/",
    Code.SOURCE_PATH: "a source file path outside seeds/, absolute, or naming a folder",
    Code.SOURCE_UNREADABLE: "a saved page or PDF that cannot be read",
    Code.SOURCE_UNRECORDED: "a source with no recorded sha256, so a later change would go unnoticed (warning)",
    Code.SOURCES_DIFFER: "a fact whose citations state different figures of one kind",
    Code.STALE_EXCLUSION: "an exclusion in sources.yaml that matches no text of its source",
    Code.STRUCK_QUOTE: "a quote taking in words the source strikes through",
    Code.TOO_LARGE: "a file larger than the size limit",
    Code.UNIT_WITHOUT_VALUE: "a fact with a unit but no value",
    Code.UNKNOWN_FACT: "an answer or comparison naming a fact that is not on the page",
    Code.UNKNOWN_PARAGRAPH: "a citation's 'paragraph:' that is not an anchor of its source",
    Code.UNKNOWN_SECTION: "a fact or comparison naming a section the page does not declare",
    Code.UNKNOWN_SOURCE: "a citation naming a source sources.yaml does not register",
    Code.VALUE_NOT_SUPPORTED: "a fact's value or date that no verified quote states",
    Code.WRONG_PARAGRAPH: "a quote that is in its source, but not in the paragraph its 'paragraph:' names",
    Code.YAML: "a file that is not plain YAML (syntax, duplicate keys, anchors, tags, tabs)",
}


@dataclass(frozen=True, order=True)
class Diagnostic:
    """One problem in an editor's file, located by 1-based line and column."""

    path: str
    line: int
    column: int
    message: str
    hint: str | None = None
    severity: Severity = "error"
    code: str = Code.CONTENT
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


class SiteBuilderError(Exception):
    """The one base of every error site-builder raises: each is caught where it is raised for, and becomes one
    located line (a Diagnostic, or 'site-builder: error: ...'), never a traceback."""


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
FIX_ALL: dict[str, str] = {Code.SOURCE_UNRECORDED: "run 'site-builder sources accept --all' to record every source's current hash"}


def more_errors(first_hidden: Diagnostic, hidden: int, *, at_least: bool = False) -> Diagnostic:
    """Return the one line that stands for ``hidden`` errors of a file not shown, at the first of them."""
    many = f"{'at least ' if at_least else ''}{hidden:,}"
    return Diagnostic(first_hidden.path, first_hidden.line, first_hidden.column,
                      f"{many} more error{'s' if hidden != 1 or at_least else ''} in this file not shown "
                      f"(the first {MAX_ERRORS_PER_FILE} are); fix those and check again",
                      code=Code.MORE_ERRORS, count=hidden)


def _file_order(d: Diagnostic) -> tuple[object, ...]:
    # A file's summary line ("N more errors ...") comes after the errors it follows.
    return (d.path, d.code == Code.MORE_ERRORS, d.line, d.column, d.message)


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
        shown = [d for d in found if d.code != Code.MORE_ERRORS]
        if len(shown) <= MAX_ERRORS_PER_FILE:
            out.extend(found)  # a summary the schema check made stays as it is
            continue
        already = sum(d.count for d in found if d.code == Code.MORE_ERRORS)
        out.extend(shown[:MAX_ERRORS_PER_FILE])
        hidden = shown[MAX_ERRORS_PER_FILE:]
        n_hidden = len(hidden) + already
        if n_hidden:
            first = hidden[0] if hidden else next(d for d in found if d.code == Code.MORE_ERRORS)
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


def encode_diagnostics(found: list[Diagnostic]) -> list[Any]:
    """Return diagnostics as plain data (each code its plain string)."""
    return [[d.path, d.line, d.column, d.message, d.hint, d.severity, str(d.code), list(d.notes), d.count]
            for d in found]


def decode_diagnostics(raw: Any) -> list[Diagnostic]:
    """Return the diagnostics :func:`encode_diagnostics` wrote; raise TypeError on anything else."""
    if not isinstance(raw, list):
        raise TypeError("malformed diagnostics")
    out = []
    for path, line, column, message, hint, severity, code, notes, count in raw:
        if not (isinstance(path, str) and isinstance(line, int) and isinstance(column, int)
                and isinstance(message, str) and (hint is None or isinstance(hint, str))
                and severity in ("error", "warning") and isinstance(code, str) and isinstance(notes, list)
                and all(isinstance(n, str) for n in notes) and isinstance(count, int)):
            raise TypeError("malformed diagnostic")
        out.append(Diagnostic(path, line, column, message, hint, severity, code, tuple(notes), count))
    return out
