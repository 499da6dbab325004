"""A PDF report: its text layer through pypdf, paragraph by paragraph, each paragraph with its page.

pypdf gives the text of each page line by line, with where each piece is
drawn. Lines are grouped into paragraphs by the vertical gaps between them;
running headers and footers (a line in the top or bottom margin that repeats
on other pages, digits aside) and page numbers are dropped; a word broken
with a hyphen at a line end is joined; a paragraph that runs on to the next
page is kept whole, on the page where it starts. A PDF without a text layer
(a scan) is refused with a hint to run OCR; an encrypted or broken file too.
"""

from __future__ import annotations

import io
import itertools
import logging
import re
import statistics
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import pypdf
from pypdf.errors import DependencyError, PdfReadError, PyPdfError

from ..diagnostics import Code
from .document import Block, Extracted, ExtractError, Metadata

#: The top and bottom share of a page where running headers, footers and page numbers sit.
MARGIN_SHARE = 0.1
#: A gap this many times the page's usual line spacing starts a new paragraph.
PARAGRAPH_GAP = 1.4
_PAGE_NUMBER = re.compile(r"^\s*(?:page\s+)?[-–—]?\s*(?:\d+|[ivxlc]+)\s*[-–—]?(?:\s*(?:of|/)\s*\d+)?\s*$", re.I)
_HYPHENATED = re.compile(r"[^\W\d_]-$")
_SENTENCE_END = re.compile(r"[.!?:;\"”’)\]]$")


@dataclass
class _Line:
    text: str
    y: float
    size: float


def _page_lines(page: pypdf.PageObject) -> list[_Line]:
    """Return the page's text lines (pypdf's own spacing) with their height on the page and font size."""
    lines: list[_Line] = []
    current: list[str] = []
    where: list[tuple[float, float] | None] = [None]

    def visit(text: str, cm: list[float], tm: list[float], font: object, size: float) -> None:
        pieces = text.split("\n")
        for k, piece in enumerate(pieces):
            if k:
                _close()
            if piece:
                current.append(piece)
                if where[0] is None and piece.strip():
                    y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
                    scale = abs(cm[3]) or 1.0
                    where[0] = (y, float(size or 0) * scale)

    def _close() -> None:
        text = " ".join("".join(current).split())
        if text and where[0] is not None:
            lines.append(_Line(text, where[0][0], where[0][1]))
        current.clear()
        where[0] = None

    page.extract_text(visitor_text=visit)
    _close()
    return lines


def _shape(text: str) -> str:
    return re.sub(r"\d+", "#", text.casefold())


def _furniture(pages: list[list[_Line]], heights: list[float]) -> set[tuple[int, int]]:
    """Return (page, line) of running headers, footers and page numbers."""
    in_margin: dict[tuple[int, int], str] = {}
    for n, (lines, height) in enumerate(zip(pages, heights, strict=True)):
        for k, line in enumerate(lines):
            if line.y >= height * (1 - MARGIN_SHARE) or line.y <= height * MARGIN_SHARE:
                in_margin[(n, k)] = _shape(line.text)
    counts: dict[str, set[int]] = {}
    for (n, _k), shape in in_margin.items():
        counts.setdefault(shape, set()).add(n)
    drop = set()
    for (n, k), shape in in_margin.items():
        if len(counts[shape]) > 1 or _PAGE_NUMBER.match(pages[n][k].text):
            drop.add((n, k))
    return drop


def _join(lines: list[str]) -> str:
    """Return the lines of one paragraph as one line, words broken with a hyphen at a line end rejoined."""
    out = ""
    for line in lines:
        if out and _HYPHENATED.search(out) and line[:1].islower():
            out = out[:-1] + line
        else:
            out = f"{out} {line}" if out else line
    return out


def _paragraphs(lines: list[_Line]) -> list[tuple[str, list[str], float]]:
    """Return (kind, lines, font size) of the page's paragraphs, split where the gap between lines is wide."""
    if not lines:
        return []
    # Lines inside a paragraph are the closest together; sub- and superscripts (closer still) aside.
    gaps = [a.y - b.y for a, b in itertools.pairwise(lines)
            if a.y - b.y > 0.5 * max(a.size, 1.0) and abs(a.size - b.size) < 0.5]
    usual = min(gaps) if gaps else 0.0
    body = statistics.median([line.size for line in lines])
    out: list[tuple[str, list[str], float]] = []
    prev: _Line | None = None
    for line in lines:
        gap = prev.y - line.y if prev is not None else 0.0
        new = (prev is None or abs(line.size - prev.size) >= 0.5 or gap <= 0
               or (usual and gap > usual * PARAGRAPH_GAP))
        if new:
            kind = "heading" if line.size > body + 1 and len(line.text) < 120 else "paragraph"
            out.append((kind, [line.text], line.size))
        else:
            out[-1][1].append(line.text)
        prev = line
    return out


def _info(reader: pypdf.PdfReader) -> Metadata:
    """Return the title and author the PDF's document information states."""
    try:
        info: Mapping[str, Any] = reader.metadata or {}
    except (PyPdfError, ValueError, TypeError, KeyError):
        return Metadata()
    values: dict[str, str] = {}
    found: dict[str, str] = {}
    for key, name, limit in (("title", "/Title", 300), ("byline", "/Author", 200)):
        raw = info.get(name)
        text = " ".join(str(raw).split()) if isinstance(raw, str) else ""
        if text and len(text) <= limit:
            values[key], found[key] = text, f"the PDF's {name[1:]}"
    return Metadata(**values, found=found)


def extract_pdf(data: bytes) -> Extracted:
    """Return the paragraphs of a PDF's text layer, each with its page; raise ExtractError when there are none."""
    logging.getLogger("pypdf").setLevel(logging.ERROR)  # its warnings about odd files are not the editor's concern
    try:
        reader = pypdf.PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            try:
                opened = bool(reader.decrypt(""))
            except (PyPdfError, NotImplementedError, DependencyError):  # AES without a crypto library: refused too
                opened = False
            if not opened:
                raise ExtractError("the PDF is encrypted with a password",
                                   "open it, print it to a new PDF without a password, and add that",
                                   Code.SOURCE_UNREADABLE)
        pages = [_page_lines(p) for p in reader.pages]
        heights = [float(p.mediabox.height) for p in reader.pages]
    except ExtractError:
        raise
    except (PdfReadError, PyPdfError, ValueError, TypeError, KeyError, AttributeError, IndexError,
            RecursionError, OSError, ZeroDivisionError, AssertionError):
        raise ExtractError("the file is not a readable PDF (damaged or cut short)",
                           "download it again, or give the text file", Code.SOURCE_UNREADABLE) from None
    if not any(pages):
        raise ExtractError(f"the PDF has no text layer ({len(pages)} page{'s' if len(pages) != 1 else ''} of "
                           "images, e.g. a scan)",
                           "run OCR on it first (e.g. 'ocrmypdf in.pdf out.pdf') and add the result, or give the "
                           "text file", Code.SOURCE_EMPTY)
    drop = _furniture(pages, heights)
    blocks: list[Block] = []
    for n, lines in enumerate(pages):
        kept = [line for k, line in enumerate(lines) if (n, k) not in drop]
        for j, (kind, texts, _size) in enumerate(_paragraphs(kept)):
            text = _join(texts)
            prev = blocks[-1] if blocks else None
            if (j == 0 and prev is not None and prev.kind == "paragraph" and kind == "paragraph"
                    and prev.page == n and not _SENTENCE_END.search(prev.text) and text[:1].islower()):
                # The paragraph runs on from the previous page: one paragraph, on the page where it starts.
                joined = _join([prev.text, text])
                blocks[-1] = Block(joined, prev.line_start, n + 1, prev.kind, prev.page)
                continue
            blocks.append(Block(text, n + 1, n + 1, kind, n + 1))
    if not blocks:
        raise ExtractError("the PDF has no text besides page headers, footers and numbers",
                           "give the text file instead", Code.SOURCE_EMPTY)
    return Extracted(tuple(blocks), _info(reader))
