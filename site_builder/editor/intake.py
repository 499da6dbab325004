"""What ``add-source`` takes in: a saved web page, a PDF, a text or Markdown file, or a URL fetched once.

Each becomes an :class:`Original`: the bytes to store in seeds/ unchanged,
the suffix that says how to read them, how many paragraphs of article text
they hold (read exactly as ``check`` will read them), and what the page states
about itself. Nothing is written here; a problem is an :class:`IntakeError`
with one line and a hint.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..diagnostics import Diagnostic
from ..load.document import ExtractError, Metadata
from ..load.formats import EXTRACTED, SUFFIXES, extract
from ..load.sources import MAX_ORIGINAL_BYTES
from ..load.split import assign_anchors
from .fetch import FetchError, check_url, fetch, file_name_for


class IntakeError(Exception):
    """The input cannot become a source; ``exit_code`` 2 for a usage mistake, 1 for its content."""

    def __init__(self, message: str, exit_code: int = 1) -> None:
        super().__init__(message)
        self.exit_code = exit_code


@dataclass(frozen=True)
class Original:
    """A source as taken in, before anything is written."""

    data: bytes
    suffix: str  # .txt, .md, .html, .htm or .pdf: how it is read
    name: str  # file name to store it under in seeds/
    shown: str  # how messages name it: the path or the address
    paragraphs: int
    metadata: Metadata
    fetched_from: str | None = None  # the address it came from, after redirects


def looks_like_url(arg: str) -> bool:
    """Return True when an add-source argument is an address (scheme:…) rather than a file path."""
    head = arg.split("/", 1)[0]
    return ":" in head and not Path(arg).exists() and len(head.split(":", 1)[0]) > 1


def read_original(data: bytes, suffix: str, shown: str, cache_root: Path | None = None) -> tuple[int, Metadata]:
    """Return how many paragraphs a saved page or PDF holds, and its metadata; raise IntakeError when none."""
    if len(data) > MAX_ORIGINAL_BYTES:
        raise IntakeError(Diagnostic(shown, 1, 1, f"file is {len(data):,} bytes; a source may have at most "
                                     f"{MAX_ORIGINAL_BYTES:,}", "give the article's text file instead",
                                     code="too-large").format())
    try:
        found = extract(data, suffix, cache_root)
    except ExtractError as exc:
        raise IntakeError(Diagnostic(shown, 1, 1, exc.message, exc.hint, code=exc.code).format()) from None
    paragraphs = assign_anchors([(b.text, b.line_start, b.line_end, b.kind, (), b.page) for b in found.blocks])
    return len(paragraphs), found.metadata


def from_file(file: Path, cache_root: Path | None = None) -> Original:
    """Return a saved web page or PDF taken in from a file (text and Markdown are read by add-source itself)."""
    suffix = file.suffix.lower()
    if suffix not in EXTRACTED:
        raise IntakeError(f"'{file}' must be a saved web page (.html, .htm), a PDF, or a text file "
                          f"({', '.join(SUFFIXES)})", 2)
    try:
        data = file.read_bytes()
    except OSError as exc:
        raise IntakeError(f"cannot read '{file}': {exc.strerror or exc}", 1) from None
    count, meta = read_original(data, suffix, str(file), cache_root)
    return Original(data, suffix, file.name, str(file), count, meta)


def from_url(url: str, cache_root: Path | None = None, **fetch_options: float | int) -> Original:
    """Return the article at ``url``, fetched once (an HTML page or a PDF); raise IntakeError when it is not one."""
    try:
        check_url(url)
    except FetchError as exc:
        raise IntakeError(f"{exc.message}\n    hint: {exc.hint}", 2) from None
    try:
        got = fetch(url, **fetch_options)  # type: ignore[arg-type]
    except FetchError as exc:
        raise IntakeError(f"{url}: error: {exc.message}\n    hint: {exc.hint}", 1) from None
    count, meta = read_original(got.data, got.suffix, got.final_url, cache_root)
    return Original(got.data, got.suffix, file_name_for(got.final_url, got.suffix), got.final_url, count, meta,
                    got.final_url)


__all__ = ["IntakeError", "Original", "from_file", "from_url", "looks_like_url", "read_original"]
