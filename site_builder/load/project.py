"""A project's files read: sources.yaml and each page file, validated against their schemas."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..diagnostics import Code, Diagnostic
from ..model.facts import Page
from ..model.project import Layout
from ..model.sources import Source
from . import memos, schema
from .facts import SOURCES_FILE, load_page
from .sources import load_sources
from .yamlfile import MAX_BYTES, YamlDoc, YamlError, load, sources_limit

#: A page id is the page file's name: an id as the facts schema writes it (no trailing newline).
PAGE_ID = schema.pattern("facts", "$defs", "id")
#: Page ids that would collide with the site's own folders and files.
RESERVED_PAGE_IDS = {"sources", "assets", "editors", "facts", "index", "search", "404"}



def _load_doc(path: Path, layout: Layout, kind: str, diags: list[Diagnostic],
              invalid: dict[str, set[int]] | None = None) -> YamlDoc | None:
    try:
        shown = path.absolute().relative_to(layout.root.absolute()).as_posix()  # the link's name, not its target's
    except ValueError:
        shown = layout.shown(path)
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
    try:
        doc = load(path, shown, max_bytes=sources_limit(layout.seeds) if kind == "sources" else MAX_BYTES)
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


def read_project(layout: Layout) -> ProjectFiles | None:
    """Return the sources and pages of the project at ``layout``, or None when it has no facts folder."""
    diags: list[Diagnostic] = []
    sources: list[Source] = []
    pages: list[Page] = []
    sources_doc: YamlDoc | None = None
    facts_dir = layout.facts
    if not facts_dir.is_dir():
        return None
    sources_path = facts_dir / SOURCES_FILE
    if not sources_path.exists() and not sources_path.is_symlink():
        diags.append(Diagnostic(layout.shown(sources_path), 1, 1, f"{SOURCES_FILE} not found",
                                "register the articles you cite in it (see the README)", code=Code.MISSING))
    else:
        doc = _load_doc(sources_path, layout, "sources", diags)
        if doc is not None:
            sources_doc = doc
            sources, found = load_sources(doc, layout.root, layout.seeds)
            diags.extend(found)
    page_files = sorted(p for p in facts_dir.iterdir()
                        if p.suffix in (".yaml", ".yml") and p.name != SOURCES_FILE and not p.name.startswith("."))
    if not page_files:
        diags.append(Diagnostic(layout.shown(facts_dir), 1, 1, "no page files in facts/",
                                "add facts/<page>.yaml (see the README)", code=Code.MISSING))
    for path in page_files:
        page_id = path.stem
        if not PAGE_ID.match(page_id) or page_id in RESERVED_PAGE_IDS:
            diags.append(Diagnostic(layout.shown(path), 1, 1,
                                    f"page file name '{path.name}' is not usable as a page address",
                                    "name it with lowercase letters, digits and hyphens (not "
                                    + ", ".join(sorted(RESERVED_PAGE_IDS)) + ")", code=Code.PAGE_NAME))
            continue
        invalid: dict[str, set[int]] = {}
        doc = _load_doc(path, layout, "facts", diags, invalid)
        if doc is not None:
            pages.append(load_page(page_id, doc, skip=invalid))
    pages.sort(key=lambda p: (p.order, p.id))
    return ProjectFiles(sources, pages, sources_doc, diags)
