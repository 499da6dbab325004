"""A project's files read: sources.yaml and each page file, validated against their schemas."""

from __future__ import annotations

import functools
import re
import weakref
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..diagnostics import Code, Diagnostic
from ..model.project import Layout
from .facts import SOURCES_FILE, load_page

if TYPE_CHECKING:  # the readers are imported when a file is read: a warm `check` lists the files only
    from ..model.facts import Page
    from ..model.sources import Source
    from .yamlfile import YamlDoc

#: Page ids that would collide with the site's own folders and files.
RESERVED_PAGE_IDS = {"sources", "assets", "editors", "facts", "index", "search", "404"}


@functools.cache
def page_id_pattern() -> re.Pattern[str]:
    """Return what a page id (the page file's name) must match: an id as the facts schema writes it."""
    import json

    # schema.pattern("facts", "$defs", "id") without importing the validators' module (and YAML) to list files
    text = (Path(__file__).resolve().parent.parent / "schemas" / "facts.schema.json").read_text("utf-8")
    return re.compile(str(json.loads(text)["$defs"]["id"]["pattern"]).removesuffix("$(?!\\n)") + r"\Z")


def __getattr__(name: str) -> Any:
    if name == "PAGE_ID":  # the pattern, read from the schema on first use
        return page_id_pattern()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def shown_path(path: Path, layout: Layout) -> str:
    """Return the name diagnostics give a project file: relative to the root (a link's own name, not its target's)."""
    try:
        return path.absolute().relative_to(layout.root.absolute()).as_posix()
    except ValueError:
        return layout.shown(path)


def _readable(path: Path, layout: Layout, diags: list[Diagnostic]) -> str | None:
    """Return the name diagnostics give the file at ``path`` when it may be read; None (and why) when not."""
    shown = shown_path(path, layout)
    try:
        real = path.resolve(strict=True)
    except (OSError, RuntimeError):
        diags.append(Diagnostic(shown, 1, 1, "cannot read file: a broken or looping symbolic link", code=Code.IO))
        return None
    if layout.root.resolve() not in real.parents:
        diags.append(Diagnostic(shown, 1, 1, "file is a symbolic link leading outside the project; it is not read",
                                "copy the file into the project instead", code=Code.IO))
        return None
    if not real.is_file():  # a folder, a named pipe (reading it would wait forever), a device
        diags.append(Diagnostic(shown, 1, 1, "not a regular file", code=Code.IO))
        return None
    return shown


def _read(path: Path, layout: Layout, diags: list[Diagnostic], max_bytes: int) -> tuple[str, str] | None:
    """Return the name diagnostics give the file at ``path`` and its text; None (and why) when it cannot be read."""
    from .yamlfile import YamlError, read_text

    shown = _readable(path, layout, diags)
    if shown is None:
        return None
    try:
        return shown, read_text(path, shown, max_bytes=max_bytes)
    except YamlError as exc:
        diags.append(exc.diagnostic)
        return None


def _load_doc(path: Path, layout: Layout, kind: str, diags: list[Diagnostic]) -> YamlDoc | None:
    """Return the document at ``path``, valid against the ``kind`` schema (None, and why, when it is not)."""
    from .yamlfile import MAX_BYTES, sources_limit

    read = _read(path, layout, diags, sources_limit(layout.seeds) if kind == "sources" else MAX_BYTES)
    return _parse(read[1], read[0], kind, diags) if read is not None else None


def _parse(text: str, shown: str, kind: str, diags: list[Diagnostic],
           invalid: dict[str, set[int]] | None = None) -> YamlDoc | None:
    from . import memos, schema
    from .yamlfile import YamlError, loads

    try:
        doc = loads(text, shown)
    except YamlError as exc:
        diags.append(exc.diagnostic)
        return None
    found = memos.schema_valid(doc.text, kind, lambda: schema.validate(doc, kind))
    diags.extend(found)
    if found and kind == "facts":
        # A schema error inside one fact (or comparison) leaves the others valid: load them, so their
        # own errors show in the same run; the broken entries are left out.
        bad = schema.invalid_entries(doc, kind, ("facts", "comparisons"))
        if bad is not None and invalid is not None:
            invalid.update(bad)
            return doc
    return None if found else doc


@dataclass(frozen=True)
class ProjectFiles:
    """What a project's files hold, read and validated: its sources, its pages, and the problems found."""

    sources: list[Source]
    pages: list[Page]
    sources_doc: YamlDoc | None
    diagnostics: list[Diagnostic]


def page_files(layout: Layout, diags: list[Diagnostic]) -> list[tuple[str, Path]]:
    """Return (page id, path) of each page file in the facts folder, by name; diagnostics for unusable names."""
    facts_dir = layout.facts
    files = sorted(p for p in facts_dir.iterdir()
                   if p.suffix in (".yaml", ".yml") and p.name != SOURCES_FILE and not p.name.startswith("."))
    if not files:
        diags.append(Diagnostic(layout.shown(facts_dir), 1, 1, "no page files in facts/",
                                "add facts/<page>.yaml (see the README)", code=Code.MISSING))
    out = []
    for path in files:
        page_id = path.stem
        if not page_id_pattern().match(page_id) or page_id in RESERVED_PAGE_IDS:
            diags.append(Diagnostic(layout.shown(path), 1, 1,
                                    f"page file name '{path.name}' is not usable as a page address",
                                    "name it with lowercase letters, digits and hyphens (not "
                                    + ", ".join(sorted(RESERVED_PAGE_IDS)) + ")", code=Code.PAGE_NAME))
            continue
        out.append((page_id, path))
    return out


def read_sources(layout: Layout, diags: list[Diagnostic]) -> tuple[list[Source], YamlDoc | None]:
    """Return the sources registered in the project's sources.yaml and the file read (None when it cannot be)."""
    sources_path = layout.facts / SOURCES_FILE
    if not sources_path.exists() and not sources_path.is_symlink():
        diags.append(Diagnostic(layout.shown(sources_path), 1, 1, f"{SOURCES_FILE} not found",
                                "register the articles you cite in it (see the README)", code=Code.MISSING))
        return [], None
    doc = _load_doc(sources_path, layout, "sources", diags)
    if doc is None:
        return [], None
    from .sources import load_sources

    sources, found = load_sources(doc, layout.root, layout.seeds)
    diags.extend(found)
    return sources, doc


#: The pages this process loaded without a problem and that are still in use, by page id and file: (the file's
#: text, a weak reference to the page). A `serve` rebuilding reads every facts file again; an unchanged one gives
#: the same page object, not an equal new one, so what is compared with the last build (mkdocs/rebuild.py, which
#: holds the last build's pages) is found the same at once. Pages are never changed once loaded. The reference is
#: weak, and the entry goes with its page: a `check` drops each page once it is verified (at size XL, 1,000 pages
#: and their documents' positions held to the end were a fifth of its memory).
_LOADED: dict[tuple[str, str], tuple[str, weakref.ref[Page]]] = {}


def _forget(key: tuple[str, str], ref: weakref.ref[Page]) -> None:
    """Drop the entry of a page no longer in use (unless a newer page of the file took its place)."""
    kept = _LOADED.get(key)
    if kept is not None and kept[1] is ref:
        del _LOADED[key]


def read_page(page_id: str, path: Path, layout: Layout, diags: list[Diagnostic]) -> Page | None:
    """Return the page in the facts file at ``path`` (None when it cannot be loaded; ``diags`` say why)."""
    from .yamlfile import MAX_BYTES

    read = _read(path, layout, diags, MAX_BYTES)
    if read is None:
        return None
    shown, text = read
    key = (page_id, shown)
    kept = _LOADED.get(key)
    if kept is not None and kept[0] == text:
        alive = kept[1]()
        if alive is not None:
            return alive
    invalid: dict[str, set[int]] = {}
    found: list[Diagnostic] = []
    doc = _parse(text, shown, "facts", found, invalid)
    diags.extend(found)
    page = load_page(page_id, doc, skip=invalid) if doc is not None else None
    if page is not None and not found and not invalid:
        _LOADED[key] = (text, weakref.ref(page, functools.partial(_forget, key)))
    return page


def read_project(layout: Layout) -> ProjectFiles | None:
    """Return the sources and pages of the project at ``layout``, or None when it has no facts folder."""
    diags: list[Diagnostic] = []
    if not layout.facts.is_dir():
        return None
    sources, sources_doc = read_sources(layout, diags)
    pages: list[Page] = []
    for page_id, path in page_files(layout, diags):
        page = read_page(page_id, path, layout, diags)
        if page is not None:
            pages.append(page)
    pages.sort(key=lambda p: (p.order, p.id))
    return ProjectFiles(sources, pages, sources_doc, diags)
