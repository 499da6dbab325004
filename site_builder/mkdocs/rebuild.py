"""What a `serve` rebuild must make again: each generated file's inputs, compared with the previous build's.

The live preview builds into the same folder every time (MkDocs' dirty build, which writes only the files whose
``is_modified()`` is true). After an edit, a generated file whose inputs equal the previous build's is not made
again: its page is neither rendered nor written, its share image not drawn. Inputs are model values compared by
equality (a page file's text, the matches and checks of its facts, the cited sources, the page's history), so a
kept file is the same bytes a cold build would write.

Everything a page's shell can show beyond its own inputs is the *site's* inputs: mkdocs.yml, docs/, the theme
and template folders (their files' sizes and times), which pages and sources exist and their titles (the
navigation), whether the project has errors. When they change, the folder is emptied and everything is made
again, as a cold build does. Files of the previous build that this one does not make (a removed fact's card)
are deleted, so the folder holds exactly what a cold build would write.
"""

from __future__ import annotations

import functools
import os
import shutil
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..history.model import History
from ..model.facts import Fact, Page
from ..model.project import Project
from ..model.sources import Source
from ..render.urls import Urls, page_path
from . import engine


def folder_state(paths: Iterable[Path]) -> tuple[tuple[str, int, int], ...]:
    """Return (path, size, mtime in ns) of every file under ``paths`` (files or folders), sorted."""
    out: list[tuple[str, int, int]] = []
    for root in paths:
        if root.is_file():
            st = root.stat()
            out.append((str(root), st.st_size, st.st_mtime_ns))
            continue
        for folder, dirs, names in os.walk(root):
            dirs.sort()
            for name in names:
                p = os.path.join(folder, name)
                try:
                    st = os.stat(p)
                except OSError:
                    continue
                out.append((p, st.st_size, st.st_mtime_ns))
    return tuple(sorted(out))


def site_inputs(project: Project, folders: tuple[tuple[str, int, int], ...], settings: tuple[Any, ...]) -> Any:
    """Return what every page's shell can show: the folders' state, the navigation, errors or not."""
    if not project.ok:
        return ("errors", folders, settings)
    return ("ok", folders, settings,
            tuple((p.id, p.title, p.order) for p in project.pages),
            tuple((s.id, s.name, s.file) for s in project.sources))


def site_of(config: Any, template_dirs: Iterable[Path], project: Project) -> Any:
    """Return the site inputs of a build with MkDocs ``config``: what :func:`site_inputs` compares."""
    watched = [Path(config.docs_dir), *(Path(d) for d in config.theme.dirs), *template_dirs,
               *(Path(w) for w in config.watch)]
    if config.config_file_path:
        watched.append(Path(config.config_file_path))
    folders = folder_state(p for p in watched if p.exists())
    # The build's date dates every page (page.update_date, the sitemap); its time only where a template shows
    # it (MkDocs' own themes do, in a comment): a build without git history dates itself by its newest input.
    themes = tuple(entry for entry in folders if not entry[0].endswith("sitemap.xml")
                   and any(entry[0].startswith(str(d)) for d in config.theme.dirs))
    epoch = os.environ.get("SOURCE_DATE_EPOCH") if _shows_build_time(themes) else None
    settings = (config.site_url, config.site_name, engine.module("utils").get_build_date(), epoch)
    return site_inputs(project, folders, settings)


@functools.lru_cache(maxsize=4)
def _shows_build_time(files: tuple[tuple[str, int, int], ...]) -> bool:
    """Return True when a template among ``files`` (path, size, mtime) shows the build's time."""
    for path, _, _ in files:
        try:
            with open(path, "rb") as f:
                if b"build_date_utc" in f.read():
                    return True
        except OSError:
            return True
    return False


class Versions:
    """A number for each source that changes when the source does (compared by value with the previous one)."""

    def __init__(self) -> None:
        self._known: dict[str, tuple[Source, int]] = {}
        self._next = 0

    def update(self, sources: Iterable[Source]) -> dict[str, int]:
        """Return source id -> version for ``sources``, the same number as before for an unchanged source."""
        known: dict[str, tuple[Source, int]] = {}
        for source in sources:
            before = self._known.get(source.id)
            if before is not None and before[0] == source:
                known[source.id] = before
            else:
                self._next += 1
                known[source.id] = (source, self._next)
        self._known = known
        return {sid: n for sid, (_, n) in known.items()}


@dataclass
class Keys:
    """The inputs of each generated file of one build, as comparable values."""

    project: Project
    urls: Urls
    history: History
    versions: dict[str, int]
    #: each fact's key in the previous build (its ``facts``), by fact id
    previous: dict[str, tuple[Any, ...]] = field(default_factory=dict)
    _pages: dict[str, Any] = field(default_factory=dict)
    #: each fact's key in this build, by fact id
    facts: dict[str, tuple[Any, ...]] = field(default_factory=dict)
    _cards: dict[tuple[str, str], Any] = field(default_factory=dict)
    _paths: dict[str, tuple[str, Any]] = field(default_factory=dict)
    #: told each fact's key as it is made (a build digests it once, mkdocs/carry.py)
    remember: Callable[[Any], Any] | None = None

    def _fact(self, fact: Fact) -> tuple[Any, ...]:
        # Asked of each fact three times a build (its page, its card, its card's image): worked out once.
        key = self.facts.get(fact.id)
        if key is None or key[0] is not fact:
            key = self.facts[fact.id] = self._same(fact) or self._fact_key(fact)
            if self.remember is not None:
                self.remember(key)
        return key

    def _same(self, fact: Fact) -> tuple[Any, ...] | None:
        """Return the fact's key of the previous build when its inputs are, by identity, that build's.

        The same fact object (its page's file unchanged, load/project.py) with the same check object: a serve
        reuses a page's verification whole only when the page's file and every source are what the last
        verification read (check/verdicts.py), so its matches, its check and its sources' versions are the
        last build's. A page verified again has new objects, and its facts' keys are worked out afresh.
        """
        old = self.previous.get(fact.id)
        if old is None or old[0] is not fact:
            return None
        check = self.project.checks.get(fact.id)
        return old if check is not None and old[2] is check else None

    def _fact_key(self, fact: Fact) -> tuple[Any, ...]:
        matches = tuple(self.project.matches.get((fact.id, j)) for j in range(len(fact.citations)))
        cited = tuple(sorted({m.source for m in matches if m is not None}))
        return (fact, matches, self.project.checks.get(fact.id), tuple((s, self.versions.get(s)) for s in cited))

    def explainer(self, page: Page) -> Any:
        """Return what an explainer page, its share image and its preview are made from."""
        key = self._pages.get(page.id)
        if key is None:
            key = self._pages[page.id] = (
                "explainer", page.id, page.doc.path, page.doc.text, page.order,
                page_path(self.project, page, self.urls), tuple(self._fact(f) for f in page.facts),
                self.history.page(page.id))
        return key

    def card(self, page: Page, fact: Fact) -> Any:
        """Return what a fact's card page and its share image are made from."""
        key = self._cards.get((page.id, fact.id))
        if key is None or key[4][0] is not fact:
            key = self._cards[(page.id, fact.id)] = self._card(page, fact)
        return key

    def _card(self, page: Page, fact: Fact) -> Any:
        path, history = self._page(page)
        return ("card", page.id, page.title, path, self._fact(fact), history)

    def _page(self, page: Page) -> tuple[str, Any]:
        """Return the page's site path and history: each of its facts' card and citations has them."""
        found = self._paths.get(page.id)
        if found is None:
            found = self._paths[page.id] = (page_path(self.project, page, self.urls), self.history.page(page.id))
        return found

    def source(self, source: Source, citing: Iterable[tuple[Page, Fact, Any, Any]]) -> Any:
        """Return what a source page is made from: the source and every citation of it."""
        return ("source", source.id, self.versions.get(source.id),
                tuple((page.id, self._page(page)[0], fact.id, fact.claim, cite.quote, match)
                      for page, fact, cite, match in citing))

    def source_version(self, source: Source) -> int | None:
        """Return the version of ``source`` in this build."""
        return self.versions.get(source.id)

    def all_facts(self) -> Any:
        """Return what the site-wide data files are made from: every page and every source."""
        return (tuple(self.explainer(p) for p in self.project.pages), tuple(sorted(self.versions.items())),
                tuple(s.id for s in self.project.sources))

    def all_sources(self) -> Any:
        """Return what the files about every source (sources.csl.json) are made from."""
        return tuple((s.id, self.versions.get(s.id)) for s in self.project.sources)


@dataclass
class Rebuild:
    """The state a serve keeps between builds into one folder: what each generated file was made from."""

    site: Any = None
    made: dict[str, Any] = field(default_factory=dict)
    #: every file of the previous build: its source path -> its path in the site folder
    written: dict[str, str] = field(default_factory=dict)
    versions: Versions = field(default_factory=Versions)

    #: the last site without errors, moved aside while the project has errors: (its inputs, made, written, folder)
    aside: tuple[Any, dict[str, Any], dict[str, str], Path] | None = None
    errors: bool = False

    def begin(self, site_key: Any, site_dir: Path, *, errors: bool = False) -> bool:
        """Start a build with the site inputs ``site_key``; return True when files may be kept.

        When the site inputs changed, the folder is emptied, so the build makes every file again. A project
        with ``errors`` shows the error page alone: the site before it is moved aside, and moved back when
        the errors are fixed and the site's inputs are what they were (then only what the fix reaches is
        made again).
        """
        if site_key == self.site:
            return True
        if errors and self.aside is None and self.site is not None and not self.errors:
            aside = Path(tempfile.mkdtemp(prefix=f"{site_dir.name}-kept-", dir=site_dir.parent))
            _move(site_dir, aside)
            self.aside = (self.site, self.made, self.written, aside)
        else:
            _empty(site_dir)
            restore = self.aside if not errors and self.aside is not None and self.aside[0] == site_key else None
            if restore is not None:
                _move(restore[3], site_dir)
                self.site, self.made, self.written = restore[:3]
            if not errors:
                self.close()
            if restore is not None:
                self.errors = False
                return True
        self.site, self.made, self.written, self.errors = site_key, {}, {}, errors
        return False

    def unchanged(self, dest: str, key: Any, made: dict[str, Any]) -> bool:
        """Record that ``dest`` is made from ``key`` in this build; return True when the last build made it so."""
        made[dest] = key
        return key is not None and self.made.get(dest) == key

    def end(self, made: dict[str, Any], written: dict[str, str], site_dir: Path) -> None:
        """Finish a build: delete what the previous build wrote and this one did not, remember this one.

        ``written`` maps each file of this build (those left out of MkDocs' files as kept too) to its site path.
        """
        for stale in sorted(set(self.written.values()) - set(written.values())):
            _remove(site_dir, stale)
        self.made, self.written = made, written

    def forget(self) -> None:
        """Forget every kept file (a failed build): the next build starts from an empty folder."""
        self.site, self.made, self.written = None, {}, {}
        self.close()

    def close(self) -> None:
        """Delete the site moved aside, if any (the server stops, or it can no longer be used)."""
        if self.aside is not None:
            shutil.rmtree(self.aside[3], ignore_errors=True)
            self.aside = None


def _empty(site_dir: Path) -> None:
    if not site_dir.is_dir():
        return
    for entry in os.scandir(site_dir):
        if entry.is_dir(follow_symlinks=False):
            shutil.rmtree(entry.path)
        else:
            os.unlink(entry.path)


def _move(source: Path, target: Path) -> None:
    """Move everything in the folder ``source`` into the folder ``target`` (on the same file system)."""
    for entry in os.scandir(source):
        os.rename(entry.path, target / entry.name)


def _remove(site_dir: Path, relative: str) -> None:
    path = site_dir / relative
    try:
        path.unlink()
    except FileNotFoundError:
        return
    for parent in _parents(path.parent, site_dir):
        try:
            parent.rmdir()
        except OSError:
            return


def _parents(folder: Path, root: Path) -> Iterator[Path]:
    while folder != root and root in folder.parents:
        yield folder
        folder = folder.parent
