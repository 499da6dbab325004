"""Which extractor reads which stored original, and the extraction cache.

A saved web page and a PDF go through an extractor (:mod:`.html`, :mod:`.pdf`);
plain text and Markdown are split as they are (:mod:`site_builder.load.split`).
Extracting a page takes tens of milliseconds, so at a thousand sources a build
would spend most of its time on it: the result is cached in the project's
``.cache/`` folder (git-ignored), keyed by the file's sha256 and the versions
of this tool and of the extractors, so a changed file or an upgraded extractor
is extracted afresh. A cache entry that cannot be read is ignored and
rewritten; a cache that cannot be written is no error (the build only gets
slower).
"""

from __future__ import annotations

import hashlib
import json
import os
from importlib import metadata as importlib_metadata
from pathlib import Path

from ..version import __version__
from .document import Extracted, ExtractError

#: Stored originals read through an extractor, by file suffix.
EXTRACTED = {".html": "html", ".htm": "html", ".pdf": "pdf"}
#: Every suffix a source file may have.
SUFFIXES = (".txt", ".md", ".html", ".htm", ".pdf")
CACHE_DIR = ".cache/site-builder/extracted"
#: Bumped when the extraction's output changes for the same input.
CACHE_FORMAT = 1


def kind_of(suffix: str) -> str:
    """Return the kind of source a file suffix stands for: text, markdown, html or pdf."""
    return EXTRACTED.get(suffix.lower(), "markdown" if suffix.lower() == ".md" else "text")


def _version(package: str) -> str:
    try:
        return importlib_metadata.version(package)
    except importlib_metadata.PackageNotFoundError:  # pragma: no cover - installed with the tool
        return "?"


def extractor_versions(kind: str) -> str:
    """Return the versions the extraction of this kind depends on (part of the cache key)."""
    packages = ("trafilatura", "lxml") if kind == "html" else ("pypdf",)
    return ";".join([f"site-builder={__version__}", f"format={CACHE_FORMAT}"]
                    + [f"{p}={_version(p)}" for p in packages])


def _extract(kind: str, data: bytes) -> Extracted:
    if kind == "html":
        from .html import extract_html

        return extract_html(data)
    from .pdf import extract_pdf

    return extract_pdf(data)


def extract(data: bytes, suffix: str, cache_root: Path | None = None) -> Extracted:
    """Return the article text of a stored web page or PDF, from the cache when it holds this file's.

    Raises ExtractError when the file holds no article text. ``cache_root``
    is the project folder (None: no cache).
    """
    kind = EXTRACTED[suffix.lower()]
    key = hashlib.sha256(data).hexdigest()
    versions = extractor_versions(kind)
    entry = None
    if cache_root is not None:
        tag = hashlib.sha256(versions.encode("utf-8")).hexdigest()[:16]
        entry = cache_root / CACHE_DIR / f"{key}-{kind}-{tag}.json"
        try:
            cached = json.loads(entry.read_text("utf-8"))
            if cached.get("versions") == versions and cached.get("sha256") == key:
                return Extracted.from_dict(cached["extracted"])
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            pass  # no entry, or a damaged one: extract again
    result = _extract(kind, data)
    if entry is not None:
        _store(entry, {"sha256": key, "versions": versions, "extracted": result.as_dict()})
    return result


def _store(entry: Path, doc: dict[str, object]) -> None:
    try:
        entry.parent.mkdir(parents=True, exist_ok=True)
        tmp = entry.with_name(f".{entry.name}.{os.getpid()}.tmp")
        tmp.write_text(json.dumps(doc, ensure_ascii=False, sort_keys=True), "utf-8")
        os.replace(tmp, entry)  # readers see the old entry or the whole new one
    except OSError:
        try:
            tmp.unlink(missing_ok=True)
        except (OSError, UnboundLocalError):
            pass


__all__ = ["EXTRACTED", "SUFFIXES", "ExtractError", "extract", "extractor_versions", "kind_of"]
