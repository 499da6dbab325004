"""Articles split into anchored paragraphs (text, Markdown, and the blocks of saved pages and PDFs).

A paragraph's anchor id is derived from its own words (a readable slug of its
first words plus a short hash of its whole normalised text), never from its
position, so inserting, removing or editing *other* paragraphs never moves a
link. Identical paragraphs (000 repeats a photo caption) get ``-2``, ``-3``...
"""

from __future__ import annotations

import functools
import hashlib
import itertools
import re
import unicodedata
from pathlib import Path
from typing import TYPE_CHECKING, Any
from collections.abc import Sequence

from ..model.sources import Paragraph
from ..text.normalise import normalise_text
from .formats import EXTRACTED, extract

if TYPE_CHECKING:
    from markdown_it import MarkdownIt


SLUG_WORDS = 5
SLUG_CHARS = 40


_SLUG_WORD = re.compile(r"[a-z0-9]+")


def slugify(text: str, words: int = SLUG_WORDS, max_chars: int = SLUG_CHARS) -> str:
    """Return a lowercase ASCII slug of the first ``words`` words of ``text``."""
    return _slug(normalise_text(text), words, max_chars)


def _slug(normal: str, words: int, max_chars: int) -> str:
    """Return the slug of an already normalised text (see :func:`slugify`)."""
    # Apostrophes join words ("Korea's" -> "koreas"), in any quote style.
    text = normal.replace("'", "")
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    # Only the first words are wanted: stop reading there (a paragraph has hundreds).
    parts = ([m.group() for m in itertools.islice(_SLUG_WORD.finditer(ascii_text), words)] if words >= 0
             else _SLUG_WORD.findall(ascii_text)[:words])
    slug = "-".join(parts)[:max_chars].strip("-")
    return slug


def anchor_for(text: str) -> str:
    """Return the base anchor id of a paragraph: slug of its first words + hash of all of it."""
    return _anchor(normalise_text(text))


def _anchor(normal: str) -> str:
    """Return the base anchor id of a paragraph whose normalised text is ``normal`` (see :func:`anchor_for`)."""
    digest = hashlib.sha1(normal.encode("utf-8")).hexdigest()[:6]
    slug = _slug(normal, SLUG_WORDS, SLUG_CHARS)
    return f"{slug}-{digest}" if slug else f"p-{digest}"


def assign_anchors(blocks: Sequence[tuple[Any, ...]]) -> list[Paragraph]:
    """Return paragraphs for (text, line_start, line_end, kind[, struck spans[, page]]) blocks, with unique anchors."""
    seen: dict[str, int] = {}
    out = []
    for text, start, end, kind, *rest in blocks:
        normal = normalise_text(text)
        base = _anchor(normal)
        n = seen.get(base, 0) + 1
        seen[base] = n
        struck = tuple(rest[0]) if rest else ()
        page = rest[1] if len(rest) > 1 else None
        out.append(Paragraph(base if n == 1 else f"{base}-{n}", text, start, end, kind, struck=struck, page=page,
                             normal=normal))
    return out


def split_text(text: str) -> list[tuple[str, int, int, str]]:
    """Return (text, first line, last line, kind) blocks of a plain-text article.

    Blank lines separate paragraphs; a file without any blank line between
    text lines is one paragraph per line (as 001 is stored).
    """
    # Lines are what editors count: only LF (CRLF, CR) ends one, not U+2028, U+0085 or form feeds.
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    has_blank = any(not line.strip() for line in lines[:-1]) and any(line.strip() for line in lines)
    blocks: list[tuple[str, int, int, str]] = []
    if not has_blank:
        return [(line.strip(), i, i, "paragraph") for i, line in enumerate(lines, 1) if line.strip()]
    cur: list[str] = []
    start = 0
    for i, line in enumerate(lines, 1):
        if line.strip():
            if not cur:
                start = i
            cur.append(line.strip())
        elif cur:
            blocks.append(("\n".join(cur), start, i - 1, "paragraph"))
            cur = []
    if cur:
        blocks.append(("\n".join(cur), start, len(lines), "paragraph"))
    return blocks


@functools.cache
def _markdown() -> MarkdownIt:
    """Return the CommonMark parser (with strikethrough), made on first need: most articles are plain text."""
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark").enable("strikethrough")


#: HTML elements that strike text through: what they hold is retracted, not stated.
_STRIKE_OPEN = re.compile(r"<(del|s|strike)(?:\s[^>]*)?>", re.IGNORECASE)
_STRIKE_CLOSE = re.compile(r"</(del|s|strike)\s*>", re.IGNORECASE)

Block = tuple[str, int, int, str, tuple[tuple[int, int], ...]]


def split_markdown(text: str) -> list[Block]:
    """Return (plain text, first line, last line, kind, struck-through spans) blocks of a Markdown article.

    The text keeps ``~~`` as written (anchors hash it), and the spans say which of its characters are
    struck through, by ``~~x~~`` or an HTML ``<del>``, ``<s>`` or ``<strike>`` element.
    """
    blocks: list[Block] = []
    tokens = _markdown().parse(text)
    for i, tok in enumerate(tokens):
        if tok.type != "inline" or i == 0:
            continue
        opener = tokens[i - 1]
        if opener.type not in ("paragraph_open", "heading_open") or not opener.map:
            continue
        plain: list[str] = []
        size = 0
        struck: list[tuple[int, int]] = []
        depth, began = 0, 0
        for child in tok.children or []:
            piece = ""
            if child.type in ("text", "code_inline"):
                piece = child.content
            elif child.type in ("softbreak", "hardbreak"):
                piece = "\n"
            elif child.type == "image":
                piece = child.content
            elif child.type in ("s_open", "s_close"):
                piece = child.markup  # the text stays as written; the span records the strike
            opens = child.type == "s_open" or (child.type == "html_inline" and _STRIKE_OPEN.fullmatch(child.content))
            closes = child.type == "s_close" or (child.type == "html_inline" and _STRIKE_CLOSE.fullmatch(child.content))
            if opens:
                if depth == 0:
                    began = size
                depth += 1
            plain.append(piece)
            size += len(piece)
            if closes and depth:
                depth -= 1
                if depth == 0:
                    struck.append((began, size))
        if depth:
            struck.append((began, size))  # never closed: struck to the end of the paragraph
        raw = "".join(plain)
        body = raw.strip()
        if body:
            lead = len(raw) - len(raw.lstrip())
            spans = tuple((max(0, a - lead), min(len(body), b - lead)) for a, b in struck if b - lead > 0)
            kind = "heading" if opener.type == "heading_open" else "paragraph"
            blocks.append((body, opener.map[0] + 1, opener.map[1], kind, spans))
    return blocks


def split(text: str, suffix: str) -> list[Paragraph]:
    """Return the anchored paragraphs of a text or Markdown article, by file type."""
    from . import memos

    return memos.paragraphs(text, suffix, lambda: assign_anchors(
        split_markdown(text) if suffix == ".md" else split_text(text)))


def paragraphs_of(data: bytes, suffix: str, cache_root: Path | None = None) -> list[Paragraph]:
    """Return the anchored paragraphs of a stored original's bytes, by file type (the same on every build).

    A saved web page or a PDF goes through its extractor (cached under
    ``cache_root``/.cache); raises ExtractError when it has no article text,
    UnicodeDecodeError for a text file that is not UTF-8.
    """
    if suffix.lower() in EXTRACTED:
        found = extract(data, suffix, cache_root)
        return assign_anchors([(b.text, b.line_start, b.line_end, b.kind, (), b.page) for b in found.blocks])
    return split(data.decode("utf-8-sig"), suffix.lower())
