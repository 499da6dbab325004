"""Sources read: each article registered in sources.yaml, its file checked and split into anchored paragraphs."""

from __future__ import annotations

import dataclasses
import hashlib
import os
import re
import stat
from pathlib import Path


from ..diagnostics import Code, Diagnostic
from . import cache
from .formats import EXTRACTED, ExtractError, kind_of
from ..text.normalise import normalise_text
from ..figures import parse_fact_value
from ..model.sources import Paragraph, Source
from .split import paragraphs_of, split
from .yamlfile import YamlDoc, YamlError, read_bytes_and_text

#: Control characters an article may not hold (tab, line feed and carriage return are text).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
#: An article larger than this is not an article.
MAX_SOURCE_BYTES = 5_000_000
#: A saved page or a PDF carries markup, images and fonts besides the article: a larger cap.
MAX_ORIGINAL_BYTES = 50_000_000


def _line_range(spec: object) -> tuple[int, int]:
    if isinstance(spec, int):
        return spec, spec
    a, b = str(spec).split("-")
    return int(a), int(b)


#: The sources this process loaded without a problem, by sources.yaml (its name) and entry: (the file, its
#: sha256, the source, the file's signature), for the text of sources.yaml in _LOADED_FROM. A `serve` rebuilding
#: loads every source again; an entry of an unchanged sources.yaml whose file has the same bytes gives the same
#: source object, not an equal new one (sources are never changed once loaded), so what is compared with the
#: last build is found the same at once. A file whose signature (:func:`_signature`) is the one it had when it
#: was read is not even read again.
_LOADED: dict[tuple[str, int], tuple[Path, str, Source, tuple[int, ...] | None]] = {}
_LOADED_FROM: dict[str, str] = {}


def _signature(path: str) -> tuple[int, ...] | None:
    """Return what identifies the bytes of the regular file at ``path`` without reading it, None if untrusted.

    Its stat signature (load/cache.py); None for a link, a missing file, or a file changed less than
    cache.RACY_SECONDS ago.
    """
    try:
        st = os.lstat(path)
    except OSError:
        return None
    if not stat.S_ISREG(st.st_mode) or not cache.settled(st):
        return None
    return cache.stat_signature(st)


def _kept(doc: YamlDoc, i: int, real: Path, sha256: str, sources: list[Source],
          signature: tuple[int, ...] | None) -> bool:
    """Add the source entry ``i`` gave last time to ``sources`` when its inputs are the same; True when it does.

    ``signature``: the file's, taken before it was read, kept for the next load.
    """
    kept = _LOADED.get((doc.path, i))
    if kept is None or kept[0] != real or kept[1] != sha256:
        return False
    if kept[3] != signature:
        _LOADED[(doc.path, i)] = (*kept[:3], signature)
    sources.append(kept[2])
    return True


def _unchanged(doc: YamlDoc, i: int, root: str, rel: str, dirs: dict[str, str]) -> tuple[Path, Source] | None:
    """Return the file and source entry ``i`` gave last time when the file is, by its signature, the same one.

    ``dirs`` keeps each folder's real path for one load (a source's file is its folder's real path and its name,
    the file not being a link: :func:`_signature` is None for one).
    """
    kept = _LOADED.get((doc.path, i))
    if kept is None or kept[3] is None:
        return None
    joined = os.path.join(root, rel)
    folder, name = os.path.split(joined)
    real_folder = dirs.get(folder)
    if real_folder is None:
        real_folder = dirs[folder] = os.path.realpath(folder)
    if os.path.join(real_folder, name) != str(kept[0]) or _signature(joined) != kept[3]:
        return None
    return kept[0], kept[2]


def _keep(doc: YamlDoc, i: int, real: Path, sources: list[Source], diags: list[Diagnostic], before: int,
          signature: tuple[int, ...] | None) -> None:
    """Remember the source entry ``i`` just gave, unless it had a problem (``diags`` grew from ``before``).

    ``signature``: the file's, taken before it was read (so a write while it was read changes it).
    """
    if sources and sources[-1].entry_index == i and len(diags) == before:
        _LOADED[(doc.path, i)] = (real, sources[-1].sha256, sources[-1], signature)


def _kept_for(doc: YamlDoc) -> None:
    """Forget the sources kept from another text of ``doc`` (an entry's place and neighbours are in its source)."""
    if _LOADED_FROM.get(doc.path) != doc.text:
        for key in [k for k in _LOADED if k[0] == doc.path]:
            del _LOADED[key]
        _LOADED_FROM[doc.path] = doc.text


def load_sources(doc: YamlDoc, root: Path, seeds_dir: Path) -> tuple[list[Source], list[Diagnostic]]:
    """Return the sources registered in a schema-valid sources.yaml, and their problems."""
    sources: list[Source] = []
    diags: list[Diagnostic] = []
    _kept_for(doc)
    seen_ids: dict[str, int] = {}
    seen_files: dict[Path, str] = {}
    seeds_real = seeds_dir.resolve()
    root_text, dirs = str(root), dict[str, str]()
    for i, entry in enumerate(doc.data.get("sources", [])):
        sid = entry["id"]
        where = ("sources", i)
        if sid in seen_ids:
            first = doc.at(("sources", seen_ids[sid], "id"))[0]
            diags.append(doc.diag(where + ("id",), f"duplicate source id '{sid}' (first used at line {first})",
                                  "each source needs its own id", code=Code.DUPLICATE_ID))
            continue
        seen_ids[sid] = i
        rel = entry["file"]
        # The same entry of the same sources.yaml, its file unchanged: it passed every check below last time.
        unchanged = _unchanged(doc, i, root_text, rel, dirs)
        if unchanged is not None and unchanged[0] not in seen_files:
            seen_files[unchanged[0]] = sid
            sources.append(unchanged[1])
            continue
        candidate = Path(rel)
        if candidate.is_absolute() or ".." in candidate.parts or "\\" in rel:
            diags.append(doc.diag(where + ("file",), f"source file '{rel}' must be a relative path inside {seeds_dir.name}/",
                                  f"copy the article into {seeds_dir.name}/ and write e.g. '{seeds_dir.name}/article.txt'",
                                  code=Code.SOURCE_PATH))
            continue
        path = root / candidate
        try:
            real = path.resolve(strict=True)
        except (OSError, RuntimeError):
            diags.append(doc.diag(where + ("file",), f"source file '{rel}' does not exist",
                                  f"files in {seeds_dir.name}/: {', '.join(sorted(p.name for p in seeds_dir.glob('*')))[:300] or 'none'}"
                                  if seeds_dir.is_dir() else f"create {seeds_dir.name}/ and put the article there",
                                  code=Code.SOURCE_MISSING))
            continue
        if seeds_real not in real.parents or not real.is_file():
            diags.append(doc.diag(where + ("file",), f"source file '{rel}' is not a file inside {seeds_dir.name}/"
                                  + (" (a symlink leads outside)" if path.is_symlink() else ""),
                                  code=Code.SOURCE_PATH))
            continue
        if real in seen_files:
            diags.append(doc.diag(where + ("file",), f"'{rel}' is already registered as source '{seen_files[real]}'",
                                  code=Code.DUPLICATE_SOURCE))
            continue
        seen_files[real] = sid
        signature = _signature(str(path))
        if real.suffix.lower() in EXTRACTED:
            try:
                size = real.stat().st_size
                data = real.read_bytes() if size <= MAX_ORIGINAL_BYTES else b""
            except OSError as exc:
                diags.append(Diagnostic(rel, 1, 1, f"cannot read the stored page: {exc.strerror or exc}", code=Code.IO))
                continue
            if size > MAX_ORIGINAL_BYTES:
                diags.append(Diagnostic(rel, 1, 1, f"file is {size:,} bytes; a source may have at most "
                                        f"{MAX_ORIGINAL_BYTES:,}", "store the article's text file instead",
                                        code=Code.TOO_LARGE))
                continue
            sha256 = hashlib.sha256(data).hexdigest()
            if _kept(doc, i, real, sha256, sources, signature):
                continue
            try:
                paragraphs = paragraphs_of(data, real.suffix, root)
            except ExtractError as exc:
                diags.append(Diagnostic(rel, 1, 1, exc.message, exc.hint, code=exc.code))
                continue
            before = len(diags)
            _add_source(doc, entry, i, rel, real, paragraphs, sha256, sources, diags)
            _keep(doc, i, real, sources, diags, before, signature)
            continue
        try:
            data, text = read_bytes_and_text(real, rel, max_bytes=MAX_SOURCE_BYTES, what="article")
        except YamlError as exc:
            diags.append(exc.diagnostic)
            continue
        sha256 = hashlib.sha256(data).hexdigest()
        if _kept(doc, i, real, sha256, sources, signature):
            continue  # a source kept has no control character: it loaded without a problem
        bad = _CONTROL.search(text)
        if bad:
            line = text.count("\n", 0, bad.start()) + 1
            col = bad.start() - (text.rfind("\n", 0, bad.start()) + 1) + 1
            utf16 = bad.group() == "\x00" and text.count("\x00") * 4 > len(text)
            diags.append(Diagnostic(rel, line, col, f"article contains control character U+{ord(bad.group()):04X}",
                                    "it looks like UTF-16 without a byte-order mark: re-save the file as UTF-8" if utf16
                                    else "remove it from the stored article", code=Code.ENCODING))
            continue
        paragraphs = split(text, real.suffix.lower())
        if not paragraphs:
            diags.append(doc.diag(where + ("file",), f"article '{rel}' has no text", code=Code.SOURCE_EMPTY))
            continue
        before = len(diags)
        _add_source(doc, entry, i, rel, real, paragraphs, sha256, sources, diags)
        _keep(doc, i, real, sources, diags, before, signature)
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
                diags.append(doc.diag(where + (key,), f"'{key}': {exc}", code=Code.BAD_VALUE))
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
                                  code=Code.STALE_EXCLUSION))
        for k in hits:
            reasons[k] = str(rule.get("reason", "not article text"))
    out = [dataclasses.replace(p, excluded=True, exclude_reason=reasons[k]) if k in reasons else p
           for k, p in enumerate(paragraphs)]
    return out, diags
