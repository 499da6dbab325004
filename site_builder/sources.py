"""Sources: the stored articles, split into anchored paragraphs.

A paragraph's anchor id is derived from its own words (a readable slug of its
first words plus a short hash of its whole normalised text), never from its
position, so inserting, removing or editing *other* paragraphs never moves a
link. Identical paragraphs (000 repeats a photo caption) get ``-2``, ``-3``...
"""

from __future__ import annotations

import dataclasses
import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Sequence

from markdown_it import MarkdownIt

from .diagnostics import Diagnostic
from .load.formats import EXTRACTED, ExtractError, extract, kind_of
from .quotes import normalise_text
from .values import parse_fact_value
from .yamlfile import YamlDoc, YamlError, read_text

#: An article larger than this is not an article.
MAX_SOURCE_BYTES = 5_000_000
#: A saved page or a PDF carries markup, images and fonts besides the article: a larger cap.
MAX_ORIGINAL_BYTES = 50_000_000
SLUG_WORDS = 5
SLUG_CHARS = 40


@dataclass(frozen=True)
class Paragraph:
    """One paragraph of an article, as stored, with where it sits in the file."""

    anchor: str
    text: str
    line_start: int
    line_end: int
    kind: str = "paragraph"  # or "heading", and for saved pages "quote", "list-item", "caption"
    excluded: bool = False
    exclude_reason: str | None = None
    #: (start, end) offsets of struck-through text (Markdown ``~~x~~``, ``<del>``/``<s>``): the source retracts
    #: those words, so they cannot be quoted as what it says
    struck: tuple[tuple[int, int], ...] = ()
    page: int | None = None  # the PDF page the paragraph starts on


@dataclass
class Source:
    """A registered article: its metadata from sources.yaml and its paragraphs."""

    id: str
    file: str  # as written in sources.yaml, relative to the project root
    path: Path
    paragraphs: list[Paragraph]
    sha256: str
    title: str | None = None
    label: str | None = None
    publisher: str | None = None
    byline: str | None = None
    published: str | None = None
    url: str | None = None
    language: str = "en"
    recorded_sha256: str | None = None
    added: str | None = None
    #: what the stored file is: text, markdown, html (a saved web page) or pdf
    kind: str = "text"
    #: where the entry is in sources.yaml, for diagnostics
    entry_index: int = 0
    by_anchor: dict[str, Paragraph] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        self.by_anchor = {p.anchor: p for p in self.paragraphs}

    @property
    def name(self) -> str:
        """Return the short name readers see: label, else publisher, else title, else id."""
        return self.label or self.publisher or self.title or self.id

    @property
    def article(self) -> list[Paragraph]:
        """Return the paragraphs that are article text (exclusions removed)."""
        return [p for p in self.paragraphs if not p.excluded]

    def where(self, paragraph: Paragraph, line: int | None = None) -> str:
        """Return where a paragraph is, as messages show it: 'seeds/a.html:45', or 'seeds/r.pdf, p. 2'."""
        if paragraph.page is not None:
            return f"{self.file}, p. {paragraph.page}"
        return f"{self.file}:{line if line is not None else paragraph.line_start}"


def slugify(text: str, words: int = SLUG_WORDS, max_chars: int = SLUG_CHARS) -> str:
    """Return a lowercase ASCII slug of the first ``words`` words of ``text``."""
    # Apostrophes join words ("Korea's" -> "koreas"), in any quote style.
    text = normalise_text(text).replace("'", "")
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    parts = re.findall(r"[a-z0-9]+", ascii_text)[:words]
    slug = "-".join(parts)[:max_chars].strip("-")
    return slug


def anchor_for(text: str) -> str:
    """Return the base anchor id of a paragraph: slug of its first words + hash of all of it."""
    digest = hashlib.sha1(normalise_text(text).encode("utf-8")).hexdigest()[:6]
    slug = slugify(text)
    return f"{slug}-{digest}" if slug else f"p-{digest}"


def assign_anchors(blocks: Sequence[tuple[Any, ...]]) -> list[Paragraph]:
    """Return paragraphs for (text, line_start, line_end, kind[, struck spans[, page]]) blocks, with unique anchors."""
    seen: dict[str, int] = {}
    out = []
    for text, start, end, kind, *rest in blocks:
        base = anchor_for(text)
        n = seen.get(base, 0) + 1
        seen[base] = n
        struck = tuple(rest[0]) if rest else ()
        page = rest[1] if len(rest) > 1 else None
        out.append(Paragraph(base if n == 1 else f"{base}-{n}", text, start, end, kind, struck=struck, page=page))
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
    has_blank = any(not l.strip() for l in lines[:-1]) and any(l.strip() for l in lines)
    blocks: list[tuple[str, int, int, str]] = []
    if not has_blank:
        return [(l.strip(), i, i, "paragraph") for i, l in enumerate(lines, 1) if l.strip()]
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


_MD = MarkdownIt("commonmark").enable("strikethrough")
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
    tokens = _MD.parse(text)
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
    from .load import memos

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


def _line_range(spec: object) -> tuple[int, int]:
    if isinstance(spec, int):
        return spec, spec
    a, b = str(spec).split("-")
    return int(a), int(b)


def load_sources(doc: YamlDoc, root: Path, seeds_dir: Path) -> tuple[list[Source], list[Diagnostic]]:
    """Return the sources registered in a schema-valid sources.yaml, and their problems."""
    sources: list[Source] = []
    diags: list[Diagnostic] = []
    seen_ids: dict[str, int] = {}
    seen_files: dict[Path, str] = {}
    seeds_real = seeds_dir.resolve()
    for i, entry in enumerate(doc.data.get("sources", [])):
        sid = entry["id"]
        where = ("sources", i)
        if sid in seen_ids:
            first = doc.at(("sources", seen_ids[sid], "id"))[0]
            diags.append(doc.diag(where + ("id",), f"duplicate source id '{sid}' (first used at line {first})",
                                  "each source needs its own id", code="duplicate-id"))
            continue
        seen_ids[sid] = i
        rel = entry["file"]
        candidate = Path(rel)
        if candidate.is_absolute() or ".." in candidate.parts or "\\" in rel:
            diags.append(doc.diag(where + ("file",), f"source file '{rel}' must be a relative path inside {seeds_dir.name}/",
                                  f"copy the article into {seeds_dir.name}/ and write e.g. '{seeds_dir.name}/article.txt'",
                                  code="source-path"))
            continue
        path = root / candidate
        try:
            real = path.resolve(strict=True)
        except (OSError, RuntimeError):
            diags.append(doc.diag(where + ("file",), f"source file '{rel}' does not exist",
                                  f"files in {seeds_dir.name}/: {', '.join(sorted(p.name for p in seeds_dir.glob('*')))[:300] or 'none'}"
                                  if seeds_dir.is_dir() else f"create {seeds_dir.name}/ and put the article there",
                                  code="source-missing"))
            continue
        if seeds_real not in real.parents or not real.is_file():
            diags.append(doc.diag(where + ("file",), f"source file '{rel}' is not a file inside {seeds_dir.name}/"
                                  + (" (a symlink leads outside)" if path.is_symlink() else ""),
                                  code="source-path"))
            continue
        if real in seen_files:
            diags.append(doc.diag(where + ("file",), f"'{rel}' is already registered as source '{seen_files[real]}'",
                                  code="duplicate-source"))
            continue
        seen_files[real] = sid
        if real.suffix.lower() in EXTRACTED:
            try:
                size = real.stat().st_size
                data = real.read_bytes() if size <= MAX_ORIGINAL_BYTES else b""
            except OSError as exc:
                diags.append(Diagnostic(rel, 1, 1, f"cannot read the stored page: {exc.strerror or exc}", code="io"))
                continue
            if size > MAX_ORIGINAL_BYTES:
                diags.append(Diagnostic(rel, 1, 1, f"file is {size:,} bytes; a source may have at most "
                                        f"{MAX_ORIGINAL_BYTES:,}", "store the article's text file instead",
                                        code="too-large"))
                continue
            try:
                paragraphs = paragraphs_of(data, real.suffix, root)
            except ExtractError as exc:
                diags.append(Diagnostic(rel, 1, 1, exc.message, exc.hint, code=exc.code))
                continue
            _add_source(doc, entry, i, rel, real, paragraphs, hashlib.sha256(data).hexdigest(), sources, diags)
            continue
        try:
            text = read_text(real, rel, max_bytes=MAX_SOURCE_BYTES, what="article")
        except YamlError as exc:
            diags.append(exc.diagnostic)
            continue
        bad = next((m for m in re.finditer(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", text)), None)
        if bad:
            line = text.count("\n", 0, bad.start()) + 1
            col = bad.start() - (text.rfind("\n", 0, bad.start()) + 1) + 1
            utf16 = bad.group() == "\x00" and text.count("\x00") * 4 > len(text)
            diags.append(Diagnostic(rel, line, col, f"article contains control character U+{ord(bad.group()):04X}",
                                    "it looks like UTF-16 without a byte-order mark: re-save the file as UTF-8" if utf16
                                    else "remove it from the stored article", code="encoding"))
            continue
        paragraphs = split(text, real.suffix.lower())
        if not paragraphs:
            diags.append(doc.diag(where + ("file",), f"article '{rel}' has no text", code="source-empty"))
            continue
        _add_source(doc, entry, i, rel, real, paragraphs, hashlib.sha256(real.read_bytes()).hexdigest(), sources,
                    diags)
    return sources, diags


def _add_source(doc: YamlDoc, entry: dict[str, object], i: int, rel: str, real: Path, paragraphs: list[Paragraph],
                sha256: str, sources: list[Source], diags: list[Diagnostic]) -> None:
    where: tuple[str | int, ...] = ("sources", i)
    paragraphs, ex_diags = _apply_exclusions(doc, where, entry.get("exclude", []), paragraphs)  # type: ignore[arg-type]
    diags.extend(ex_diags)
    for key in ("published", "added"):
        # The schema checks the form (YYYY[-MM[-DD]]); pages show the date, so it must be a real one.
        if key in entry:
            try:
                parse_fact_value(entry[key])
            except ValueError as exc:
                diags.append(doc.diag(where + (key,), f"'{key}': {exc}", code="bad-value"))
    get = entry.get
    sources.append(Source(
        id=str(get("id")), file=rel, path=real, paragraphs=paragraphs, sha256=sha256,
        title=get("title"), label=get("label"), publisher=get("publisher"),  # type: ignore[arg-type]
        byline=get("byline"), published=get("published"), url=get("url"),  # type: ignore[arg-type]
        language=get("language", "en"), recorded_sha256=get("sha256"), added=get("added"),  # type: ignore[arg-type]
        kind=kind_of(real.suffix), entry_index=i,
    ))


def _apply_exclusions(doc: YamlDoc, where: tuple[str | int, ...], rules: list[dict[str, object]],
                      paragraphs: list[Paragraph]) -> tuple[list[Paragraph], list[Diagnostic]]:
    diags = []
    reasons: dict[int, str] = {}
    for j, rule in enumerate(rules):
        hits = set()
        for k, p in enumerate(paragraphs):
            ok = True
            if "text" in rule:
                ok &= normalise_text(p.text) == normalise_text(str(rule["text"]))
            if "lines" in rule:
                lo, hi = _line_range(rule["lines"])
                ok &= p.line_start <= hi and p.line_end >= lo
            if "paragraph" in rule:
                ok &= p.anchor == rule["paragraph"]
            if ok and set(rule) - {"reason"}:
                hits.add(k)
        if not hits:
            diags.append(doc.diag(where + ("exclude", j), "this exclusion matches no paragraph of the article",
                                  "the article changed, or the text/lines are off; fix or remove the rule",
                                  code="stale-exclusion"))
        for k in hits:
            reasons[k] = str(rule.get("reason", "not article text"))
    out = [dataclasses.replace(p, excluded=True, exclude_reason=reasons[k]) if k in reasons else p
           for k, p in enumerate(paragraphs)]
    return out, diags
