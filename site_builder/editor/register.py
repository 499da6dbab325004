"""Registering sources: ``add-source`` copies an article into seeds/ and registers it; ``sources accept``
records a reviewed file's new hash.

Both write ``facts/sources.yaml`` through :mod:`yamledit`, so the editor's
comments, key order and formatting stay byte for byte outside the lines that
change, and the write is atomic. A copied article is never overwritten.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import os
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from ..text import invisible, suggest
from ..load import schema
from ..figures import FactDate, parse_fact_value
from ..diagnostics import Code, Diagnostic, SiteBuilderError, format_all
from ..model.drift import SourceDrift
from . import intake
from ..load.facts import SOURCES_FILE
from ..load.document import Metadata
from ..load.formats import EXTRACTED
from ..model.project import Layout, Project
from ..check.project import load_project
from ..load.sources import MAX_SOURCE_BYTES
from ..load.split import split
from .yaml_roundtrip import DataPath, EditError, append_item_lines, changed_lines, edit_yaml, fill_empty_list_lines, set_scalar_lines, write_temp_beside, write_yaml
from ..load.yamlfile import YamlDoc, YamlError, load, loads, read_text, sources_limit

#: The sources schema's own rules (one source of truth): an id, a url, a language tag.
SOURCE_ID = schema.pattern("sources", "$defs", "id")
URL = schema.pattern("sources", "$defs", "source", "properties", "url")
SEED_NAME = re.compile(r"^[^./\\\x00-\x1f\x7f][^/\\\x00-\x1f\x7f]*\.(txt|md|html|htm|pdf)\Z")
LANGUAGE = schema.pattern("sources", "$defs", "source", "properties", "language")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

NEW_SOURCES_FILE = ("# yaml-language-server: $schema=https://example.invalid/replace-with-path-to/sources.schema.json\n"
                    "# Register every article the facts quote. `file` is a path inside seeds/.\n")


class RegisterError(SiteBuilderError):
    """A source could not be added or accepted; ``exit_code`` is 2 for usage, 1 for content problems."""

    def __init__(self, message: str, exit_code: int = 2) -> None:
        super().__init__(message)
        self.exit_code = exit_code


@dataclass(frozen=True)
class AddedSource:
    """What ``add-source`` did: the stored copy and its registration."""

    id: str
    file: str  # as registered, e.g. seeds/article.txt
    sha256: str
    paragraphs: int
    copied: bool  # False when the file was already in seeds/
    entry: list[str]  # the lines added to sources.yaml
    #: what the page states about itself, and which of it went into the entry (not overridden by a flag)
    metadata: Metadata = field(default_factory=Metadata)
    from_page: tuple[str, ...] = ()
    fetched_from: str | None = None


@dataclass(frozen=True)
class Accepted:
    """One source whose new hash ``sources accept`` recorded (or found already recorded)."""

    id: str
    file: str
    sha256: str
    previous: str | None
    drift: SourceDrift | None


@dataclass
class SourceStatus:
    """One row of ``sources list``."""

    id: str
    file: str
    paragraphs: int
    state: str  # reviewed, changed, unrecorded
    cited_by: int = 0
    notes: list[str] = field(default_factory=list)


def _sources_doc(layout: Layout) -> YamlDoc:
    path = layout.facts / SOURCES_FILE
    shown = layout.shown(path)
    try:
        doc = load(path, shown, max_bytes=sources_limit(layout.seeds))
    except YamlError as exc:
        raise RegisterError(f"{exc.diagnostic.format()}\nfix {shown} first; nothing was changed", 1) from None
    found = schema.validate(doc, "sources")
    if found:
        raise RegisterError(f"{format_all(found)}\nfix {shown} first; nothing was changed", 1)
    return doc


def _usable_seed_name(name: str) -> bool:
    """Return True when ``name`` is a bare seed file name: one path part, no control or invisible characters."""
    return (SEED_NAME.match(name) is not None and len(name.encode("utf-8", "surrogatepass")) <= 255
            and not any(unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Zl", "Zp") for ch in name))


def _check_date(text: str, option: str) -> Any:
    try:
        parsed = parse_fact_value(text)
    except ValueError as exc:
        raise RegisterError(f"{option} {text!r}: {exc}") from None
    if not isinstance(parsed, FactDate):
        raise RegisterError(f"{option} {text!r}: write the date as YYYY, YYYY-MM or YYYY-MM-DD")
    if parsed.day is not None:
        return dt.date(parsed.year, parsed.month or 1, parsed.day)  # written plain, like editors write dates
    return parsed.year if parsed.month is None else parsed.iso()


def _take(file: Path | str, cache_root: Path) -> intake.Original:
    """Return the source as taken in: a URL fetched once, a saved page or PDF read, a text file checked."""
    try:
        if isinstance(file, str) and intake.looks_like_url(file):
            return intake.from_url(file, cache_root)
        path = Path(file)
        if path.is_file() and path.suffix.lower() in EXTRACTED:
            return intake.from_file(path, cache_root)
    except intake.IntakeError as exc:
        raise RegisterError(str(exc), exc.exit_code) from None
    data, text = _read_article(path)
    count = len(split(text, path.suffix.lower()))
    return intake.Original(data, path.suffix.lower(), path.name, str(path), count, Metadata())


def _read_article(file: Path) -> tuple[bytes, str]:
    shown = str(file)
    if not file.is_file():
        raise RegisterError(f"'{file}' is not a file")
    if file.suffix.lower() not in (".txt", ".md"):
        raise RegisterError(f"'{file}' must be a saved web page (.html, .htm), a PDF (.pdf), a text file (.txt) or "
                            "Markdown (.md), or an http(s) address")
    try:
        text = read_text(file, shown, max_bytes=MAX_SOURCE_BYTES, what="article")
    except YamlError as exc:
        raise RegisterError(exc.diagnostic.format(), 1) from None
    bad = _CONTROL.search(text)
    if bad:
        line = text.count("\n", 0, bad.start()) + 1
        col = bad.start() - (text.rfind("\n", 0, bad.start()) + 1) + 1
        raise RegisterError(Diagnostic(shown, line, col, f"article contains control character U+{ord(bad.group()):04X}",
                                       "remove it, then add the article again", code=Code.ENCODING).format(), 1)
    if not split(text, file.suffix.lower()):
        raise RegisterError(Diagnostic(shown, 1, 1, "article has no text", code=Code.SOURCE_EMPTY).format(), 1)
    return file.read_bytes(), text


def _copy_new(data: bytes, dest: Path) -> None:
    """Write ``data`` to ``dest`` completely, atomically, and only if ``dest`` does not exist."""
    tmp = write_temp_beside(dest, data, 0o644)
    try:
        os.link(tmp, dest)  # fails if dest exists: never overwrites, never leaves half a file
    finally:
        tmp.unlink(missing_ok=True)


def add_source(layout: Layout, file: Path | str, source_id: str, *, title: str | None = None,
               publisher: str | None = None, byline: str | None = None, published: str | None = None,
               url: str | None = None, label: str | None = None, name: str | None = None,
               added: dt.date | None = None, language: str | None = None) -> AddedSource:
    """Copy ``file`` (a path, or an http(s) address fetched once) into seeds/ and register it in sources.yaml.

    The entry gets the file's sha256, the date added, and the metadata the
    page states (JSON-LD, OpenGraph, <meta>, a PDF's document information)
    where no flag gives it. Raises RegisterError (nothing changed) when an
    argument is invalid, the id or file name is taken, the article has no
    text, or sources.yaml cannot be edited without reformatting it.
    """
    if not SOURCE_ID.match(source_id) or len(source_id) > 80:
        raise RegisterError(f"source id {source_id!r} is not valid: use lowercase letters, digits and hyphens, "
                            "starting with a letter or digit (e.g. 'reuters-vostochny')")
    if url is not None and not URL.match(url):
        raise RegisterError(f"--url {url!r} is not an http:// or https:// address")
    if name is not None and not _usable_seed_name(name):
        raise RegisterError(f"--name {name!r} is not a usable file name: give a bare name ending in .txt, .md, .html, .htm or .pdf "
                            "(no '/' or '\\', not starting with '.', no control or invisible characters); "
                            "the file is always written inside seeds/")
    if language is not None and not LANGUAGE.match(language):
        raise RegisterError(f"--language {language!r} is not a language tag: write e.g. en, en-GB, fr")
    published_value = _check_date(published, "--published") if published is not None else None
    for option, value, limit in (("--title", title, 300), ("--label", label, 120), ("--publisher", publisher, 120),
                                 ("--byline", byline, 200)):
        if value is not None and (not value.strip() or len(value) > limit or _CONTROL.search(value) or "\n" in value
                                  or invisible.find(value)):
            raise RegisterError(f"{option} must be one line of text of at most {limit} characters, without "
                                "control or invisible format characters")
    seeds = layout.seeds
    if not layout.facts.is_dir():
        raise RegisterError(f"no {layout.facts_dir}/ folder in {layout.root}: not a fact-sheet project "
                            "(make one with 'site-builder init DIR')")
    sources_path = layout.facts / SOURCES_FILE
    entries: list[dict[str, Any]] = []
    if sources_path.exists():
        doc = _sources_doc(layout)
        entries = doc.data["sources"]
        for k, entry in enumerate(entries):
            if entry["id"] == source_id:
                line = doc.at(("sources", k, "id"))[0]
                raise RegisterError(f"source id '{source_id}' is already registered ({layout.shown(sources_path)}:{line}); "
                                    "choose another id")
    original = _take(file, layout.root)
    data = original.data
    digest = hashlib.sha256(data).hexdigest()
    # What the page states fills what no flag gives (flags override, for the editor's own reading of it).
    meta = original.metadata
    if original.fetched_from and meta.url is None:
        meta = Metadata(**{**meta.as_dict(), "url": original.fetched_from,
                           "found": {**meta.found, "url": "the address it was fetched from"}})
    from_page = []
    given = {"title": title, "byline": byline, "publisher": publisher, "url": url, "language": language}
    for key in given:
        stated = getattr(meta, key)
        if given[key] is None and stated is not None and not _CONTROL.search(stated):
            given[key] = stated
            from_page.append(key)
    title, byline, publisher, url, language = (given[k] for k in ("title", "byline", "publisher", "url", "language"))
    if published is None and meta.published is not None:
        try:
            published_value = _check_date(meta.published, "the page's publication date")
            from_page.append("published")
        except RegisterError:
            pass  # not a real date: leave it for the editor
    local = None if original.fetched_from else Path(file)
    seeds.mkdir(parents=True, exist_ok=True)
    inside = local is not None and seeds.resolve() in local.resolve().parents
    dest = local.resolve() if local is not None and inside else seeds / (name or original.name)
    if not _usable_seed_name(dest.name) or Path(dest.name).suffix.lower() != original.suffix:
        raise RegisterError(f"'{dest.name}' is not a usable file name: it must end in {original.suffix}")
    if name is not None and inside:
        raise RegisterError("--name cannot rename a file that is already in seeds/")
    rel = f"{layout.seeds_dir}/{dest.relative_to(seeds.resolve()).as_posix()}" if inside else f"{layout.seeds_dir}/{dest.name}"
    for entry in entries:
        registered = layout.root / entry["file"]
        if registered.is_file() and (registered.resolve() == dest.resolve()
                                     or hashlib.sha256(registered.read_bytes()).hexdigest() == digest):
            raise RegisterError(f"this article is already registered as source '{entry['id']}' ({entry['file']})")
    if not inside and dest.exists():
        raise RegisterError(f"{rel} already exists; not overwriting it (register it with "
                            f"'site-builder add-source {rel} --id {source_id}', or pass --name NEW.txt)")
    entry_map = CommentedMap()
    entry_fields: tuple[tuple[str, object], ...] = (
        ("id", source_id), ("file", rel), ("title", title), ("label", label), ("publisher", publisher),
        ("byline", byline), ("published", published_value), ("url", url), ("language", language),
        ("sha256", digest), ("added", added or dt.date.today()))
    for entry_key, entry_value in entry_fields:
        if entry_value is not None:
            entry_map[entry_key] = entry_value
    if sources_path.exists():
        shown = layout.shown(sources_path)

        def append(root: Any) -> None:
            if len(root["sources"]) == 0:
                # 'sources: []', as an editor starting a topic writes it: the first entry makes it a block list.
                root["sources"] = CommentedSeq([entry_map])
            else:
                root["sources"].append(entry_map)

        def by_lines(text: str, doc: Any) -> str:
            if not entries:
                return fill_empty_list_lines(text, doc, ("sources",), dict(entry_map))
            return append_item_lines(text, doc, ("sources",), dict(entry_map))

        try:
            new_text = edit_yaml(sources_path, shown, append, replaced=() if entries else (("sources",),),
                                 fallback=by_lines, max_bytes=sources_limit(layout.seeds))
        except EditError as exc:
            raise RegisterError(str(exc), 1) from None
        old_text = sources_path.read_text("utf-8")
    else:
        old_text = ""
        new_text = _new_sources_file(entry_map)
    _validate_sources_text(new_text, layout.shown(sources_path))
    if not inside:
        try:
            _copy_new(data, dest)
        except FileExistsError:
            raise RegisterError(f"{rel} already exists; not overwriting it") from None
    try:
        write_yaml(sources_path, new_text)
    except BaseException:
        if not inside:
            dest.unlink(missing_ok=True)  # no half-registered article
        raise
    return AddedSource(source_id, rel, digest, original.paragraphs, not inside, changed_lines(old_text, new_text),
                       meta, tuple(from_page), original.fetched_from)


def _new_sources_file(entry: CommentedMap) -> str:
    yaml = YAML(typ="rt")
    yaml.width = 1_000_000
    yaml.indent(mapping=2, sequence=4, offset=2)
    seq = CommentedSeq([entry])
    out = io.StringIO()
    yaml.dump({"sources": seq}, out)
    return NEW_SOURCES_FILE + out.getvalue()


def _validate_sources_text(text: str, shown: str) -> None:
    doc = loads(text, shown)
    found = schema.validate(doc, "sources")
    if found:
        raise RegisterError(f"{format_all(found)}\nnothing was changed", 2)


def accept_sources(layout: Layout, ids: list[str] | None) -> tuple[list[Accepted], Project]:
    """Record the current sha256 of each source in ``ids`` (None: every one) in sources.yaml, in one atomic write.

    Returns what was recorded (with each source's drift before accepting) and
    the project as loaded before the change.
    """
    project = load_project(layout)
    doc = project.sources_doc
    if doc is None:
        problems = [d for d in project.diagnostics if d.path.endswith(SOURCES_FILE)] or project.diagnostics
        raise RegisterError(f"{format_all(problems)}\nfix {layout.facts_dir}/{SOURCES_FILE} first; nothing was changed", 1)
    by_id = {s.id: s for s in project.sources}
    registered = [e["id"] for e in doc.data["sources"]]
    if ids is None:
        ids = registered
    results: list[Accepted] = []
    for sid in dict.fromkeys(ids):
        source = by_id.get(sid)
        if source is None:
            if sid in registered:
                problems = [d for d in project.diagnostics if d.path == doc.path]
                raise RegisterError(f"source '{sid}' cannot be read, so there is no hash to record:\n"
                                    f"{format_all(problems)}", 1)
            raise RegisterError(f"unknown source '{sid}'; " + (suggest.hint(sid, registered) or
                                                               f"registered sources: {', '.join(registered) or 'none'}"))
        drift = next((d for d in project.drift if d.source.id == sid), None)
        results.append(Accepted(sid, source.file, source.sha256, source.recorded_sha256, drift))
    todo = [r for r in results if r.previous != r.sha256]
    if not todo:
        return results, project
    sources_path = layout.facts / SOURCES_FILE

    def record(root: Any) -> None:
        for r in todo:
            root["sources"][by_id[r.id].entry_index]["sha256"] = r.sha256

    replaced = tuple(("sources", by_id[r.id].entry_index, "sha256") for r in todo if r.previous is not None)
    updates: dict[DataPath, Any] = {("sources", by_id[r.id].entry_index, "sha256"): r.sha256 for r in todo}
    try:
        new_text = edit_yaml(sources_path, doc.path, record, replaced=replaced,
                             fallback=lambda text, before: set_scalar_lines(text, before, updates),
                             max_bytes=sources_limit(layout.seeds))
    except EditError as exc:
        raise RegisterError(str(exc), 1) from None
    write_yaml(sources_path, new_text)
    return results, project


def source_statuses(project: Project) -> list[SourceStatus]:
    """Return each registered source with whether its file still matches its recorded hash."""
    cited: dict[str, set[str]] = {}
    for page in project.pages:
        for fact in page.facts:
            for cite in fact.citations:
                cited.setdefault(cite.source, set()).add(fact.id)
    rows = []
    for s in project.sources:
        state = ("unrecorded" if s.recorded_sha256 is None else
                 "reviewed" if s.recorded_sha256 == s.sha256 else "changed")
        rows.append(SourceStatus(s.id, s.file, len(s.article), state, len(cited.get(s.id, ()))))
    return rows


__all__ = [
    "Accepted",
    "AddedSource",
    "RegisterError",
    "SourceStatus",
    "accept_sources",
    "add_source",
    "source_statuses",
]
