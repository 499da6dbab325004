"""The MkDocs plugin: a thin adapter from MkDocs events to the fact-sheet pipeline.

Verification runs in ``on_pre_build``, before MkDocs cleans the output folder,
so a content error aborts the build with the previous site untouched. Under
``mkdocs serve`` a content error does not stop the server: the site shows an
error page listing the diagnostics until the files are fixed. Content warnings
are logged as MkDocs warnings, so ``mkdocs build --strict`` fails on them.

The plugin works under any theme: it renders page bodies with its own Jinja
environment (autoescaping, the factsheet theme's templates under the project's
``custom_dir`` overrides) and never changes the theme's environment; the page
titles it sets are escaped text. It honours ``use_directory_urls``,
``site_url`` (absolute addresses in facts.json), ``repo_url``/``edit_uri``/
``edit_uri_template`` (edit links), and runs under MkDocs or ProperDocs.
"""

from __future__ import annotations

import gc
import json
import logging
import shutil
import threading
from collections.abc import Callable
from contextlib import nullcontext
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from markupsafe import Markup, escape

from ..check.project import load_project
from ..diagnostics import errors, format_all, summary
from ..history import NO_HISTORY, History, project_history
from ..load import cache
from ..model.project import Layout, Project
from ..render import desk, report, search
from ..render.cards import SHARE_DIR
from ..render.data import jsonld
from ..render.edit_links import fact_edit_urls_for_config, file_edit_url_for_config
from ..render.env import Renderer
from ..render.share import cache as share_cache
from ..render.urls import Urls, is_home, stored_copy_path
from ..render.views import citations_by_source
from . import carry, engine, generated, later, rebuild, search_index, share, watch

if TYPE_CHECKING:  # checked against MkDocs; at run time the engine's modules (MkDocs or ProperDocs, same API)
    from mkdocs.config import base
    from mkdocs.config import config_options as c
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.exceptions import PluginError
    from mkdocs.plugins import BasePlugin, event_priority
    from mkdocs.structure.files import File, Files, InclusionLevel
    from jinja2 import Environment
    from mkdocs.structure.pages import Page as MkPage
    from mkdocs.utils.templates import TemplateContext
else:
    base = engine.module("config.base")
    c = engine.module("config.config_options")
    PluginError = engine.module("exceptions").PluginError
    BasePlugin = engine.module("plugins").BasePlugin
    event_priority = engine.module("plugins").event_priority
    _files = engine.module("structure.files")
    File, Files, InclusionLevel = _files.File, _files.Files, _files.InclusionLevel
    MkDocsConfig = Any
    MkPage = Any
    Environment = Any
    TemplateContext = dict[str, Any]

_SITEMAP = "sitemap.xml"  # MkDocs writes sitemap.xml.gz with it
#: The site-wide pages a serve build may write after the preview shows its pages (mkdocs/later.py), by kind.
_LATER_PAGES = {report.REPORT_URI: "report", "sources/index.md": "sources"}

#: The generated pages whose body a build renders as MkDocs writes each page, not when it reads them all first
#: (their bodies, the editors' report's with them, are much of a large desk's memory then: about 100 MB per
#: 10,000 facts).
_DEFERRED_KINDS = frozenset({"explainer", "card", "source", "home", "report", "sources"})

#: The events in which another plugin could read a page's body between MkDocs reading the pages and writing
#: them, or after: while any other plugin listens to one, every body is rendered when its page is read.
_BODY_EVENTS = ("page_content", "env", "post_build")

#: The memos only loading and verifying the project uses, and those the editors' report is the last to use:
#: a build releases each set once done with it (load/cache.py's release), a serve keeps them warm.
_LOAD_MEMOS = ("yaml", "fact-builds", "fact-verdicts", "page-verdicts", "verdicts", "sources-files",
               "sources-verdict", "quote-sources", "source-digests", "paragraphs", "settings", "valid")
_REPORT_MEMOS = ("report-parts", "report-rows", "report-source", "spans", "mentions")

#: A deferred page's content until its page is written, and after (a comment, should anything print it).
_DEFERRED_BODY = "<!-- factsheet: this page's body is rendered when MkDocs writes the page -->"
#: How long the preview is idle (no save, no request for them) before those are written.
_LATER_IDLE_S = 1.0

#: Under the engine's own logger, so its --strict counts our warnings.
log = logging.getLogger(f"{engine.NAME}.plugins.factsheet")

#: Published pages load only the site's own files: one stylesheet and one script (no inline script runs).
#: connect-src 'self' lets audit tools fetch /robots.txt from the page (Lighthouse's SEO check does, and
#: fails under connect-src 'none'); the site's own script makes no requests.
CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
       "base-uri 'none'; form-action 'none'")


def _locale(config: MkDocsConfig) -> str | None:
    """Return the theme's locale ('en', 'de_CH'), None when the theme has none."""
    try:
        locale = config.theme["locale"]
    except (KeyError, TypeError):
        return None
    return str(locale) if locale else None


def search_csp() -> str:
    """Return the policy of the page with the search box: the CSP, plus WebAssembly for Pagefind's search."""
    return CSP.replace("script-src 'self';", f"script-src 'self' {search.SEARCH_CSP_EXTRA};")


class FactSheetConfig(base.Config):
    """Plugin options in mkdocs.yml (paths relative to mkdocs.yml)."""

    facts_dir = c.Type(str, default="facts")
    seeds_dir = c.Type(str, default="seeds")
    #: the folder of template overrides; by default the theme's custom_dir
    templates_dir = c.Optional(c.Type(str))
    #: the organisation publishing the site (JSON-LD ``publisher``); the author is MkDocs' own site_author
    publisher = c.Optional(c.Type(str))


class FactSheetPlugin(BasePlugin[FactSheetConfig]):
    """Loads and verifies facts, generates explainer and source pages, writes facts.json."""

    supports_multiple_instances = False

    def __init__(self) -> None:
        self.command = "build"
        self.project: Project | None = None
        self.layout: Layout | None = None
        self.generated: dict[str, tuple[str, Any]] = {}
        #: a project the CLI already loaded and verified for this build
        self.preloaded: Project | None = None
        self.renderer: Renderer | None = None
        self.edit_urls: dict[str, str] = {}
        #: fact id -> its card page's path, and each fact's card view: made once per build
        self.card_urls: dict[str, str] = {}
        self.cards: share.CardViews | None = None
        self.urls = Urls()
        #: the facts files' git history, read for each build (site_builder.history)
        self.history: History = NO_HISTORY
        #: under `serve --dirty` (what `site-builder serve` runs): what each generated file was made from, the
        #: parts of the data files and the report, whether the site's inputs are the last build's, its Jinja env
        self.rebuild: rebuild.Rebuild | carry.Carry | None = None
        #: a serve's dirty build (not a build taking files over from the site it replaces, carry.Carry)
        self.serving = False
        #: under `site-builder build`: the output folder the build replaces, and what it may take over from it
        self.carry_from: tuple[Path, Path] | None = None
        self.parts: report.Reuse | None = None
        self.same_site, self.jinja = False, cast("Environment | None", None)
        #: this build's generated files: src_uri -> inputs; the titles of the pages kept from the last build
        self.made: dict[str, Any] = {}
        self.kept_titles: dict[str, str] = {}
        self.files: Files | None = None
        #: the kept files of this build left out of MkDocs' files (a serve's dirty build): src_uri -> site path
        self.left_out: dict[str, str] = {}
        #: the records of the search index in the folder (serve), and the index being made for this build
        self.search_records: tuple[search.SearchRecord, ...] | None = None
        self.indexing: search_index.Indexing | None = None
        self.indexing_records: tuple[search.SearchRecord, ...] = ()
        #: under serve, whether this build's index is to be made once the preview is idle
        self.index_due = False
        #: under serve, the index written while the preview already shows the pages
        self.pending_index = search_index.Pending()
        #: under serve, the cache of the last build being written back
        self.cache_writing: tuple[threading.Thread, later.Idle] | None = None
        #: under serve, the site-wide files of the last build written after its pages (mkdocs/later.py); the
        #: shell (the HTML before and after the body) MkDocs last gave each of _LATER_PAGES, the bodies this
        #: build rendered of them, and this build's pages (src_uri, kind, base) and files to write later
        self.later = later.Later()
        self.shells: dict[str, tuple[str, str]] = {}
        self.bodies: dict[str, str] = {}
        #: the fact keys of the last serve build (rebuild.Keys.facts)
        self.fact_keys: dict[str, tuple[Any, ...]] = {}
        #: this build's citations by source (views.citations_by_source), made once for the keys and the renderer
        self.citing: dict[str, list[Any]] | None = None
        self.later_pages: list[tuple[str, str, str, str]] = []
        self.later_files: list[later.Job] = []
        self.site_dir = Path()
        #: whether this build renders the bodies of _DEFERRED_KINDS as MkDocs writes each page (on_page_context)
        self.defer_bodies = False

    def preload(self, project: Project) -> None:
        """Use ``project`` for the next build: loaded and verified by the caller, its messages already shown."""
        self.preloaded = project

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.command = command
        # A dirty serve builds into the same folder each time: the plugin tells MkDocs what it may keep.
        self.serving = command == "serve" and dirty
        self.rebuild = rebuild.Rebuild() if self.serving else None
        self.parts = report.Reuse() if self.serving else None

    def take_over(self, target: Path, root: Path) -> bool:
        """Let this build take over from the site at ``target`` what did not change (mkdocs/carry.py).

        Return True when there is a record of that site to compare with: the build is then MkDocs' dirty
        build into an empty scratch folder, which leaves alone the files linked into it.
        """
        if not cache.enabled() or cache.secret_key() is None:
            return False  # no cache, no record: a cold build
        manifest = carry.read_manifest(root, target) if target.is_dir() else None
        self.rebuild = carry.Carry(target, root, manifest)
        self.parts = carry.CachedParts(self.rebuild.digester)
        return manifest is not None

    def taken_over(self, target: Path) -> None:
        """Record the site just swapped in at ``target``, for the next build to take over from."""
        if isinstance(self.rebuild, carry.Carry):
            self.rebuild.record(target)

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        from .layout import notes_for, plugin_layout

        self.layout = plugin_layout(config, self)
        self.urls = Urls.for_config(config)
        if self.preloaded is None:  # the CLI prints its own notes
            for note in notes_for(config, self.layout):
                log.info(f"note: {note}")
        return config

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        assert self.layout is not None
        if self.serving:
            assert isinstance(self.rebuild, rebuild.Rebuild)
            # The last build's site-wide files, written while the preview shows its pages: those not written yet
            # are made by this build, as changed ones.
            for path in self.later.cancel():
                self.rebuild.made.pop(path, None)
            self.pending_index.stop()
            self._cache_written(now=False)
            cache.hold_writes()  # written back once the preview shows this build (on_post_build)
            gc.freeze()  # what the last builds left (the project, kept parts) is not scanned by this one's collections
        preloaded = self.preloaded is not None
        self.project, self.preloaded = self.preloaded or load_project(self.layout), None
        self.renderer = None  # the project may have changed (serve rebuilds)
        self.cards = None
        self.history = NO_HISTORY
        if not self.serving:
            cache.release(self.layout.root, *_LOAD_MEMOS)
        if self.project.ok:
            # The facts files' history dates the pages and their corrections; read for builds only (not check).
            self.history = project_history(self.project)
            for note in self.history.notes:
                log.info(f"note: {note}")
            for d in self.project.diagnostics:
                # Warnings (a moved quote, an unrecorded source hash) pass a normal build; as MkDocs warnings
                # they fail `mkdocs build --strict`. A project the CLI preloaded had them printed already.
                if not preloaded:
                    log.warning(d.format())
            return
        problems = errors(self.project.diagnostics)
        if self.command == "serve":
            log.error("content errors; the preview shows them until fixed:\n" + format_all(self.project.diagnostics))
            return
        for d in problems:
            log.error(d.format())
        raise PluginError(f"fact check failed: {summary(self.project.diagnostics)}; nothing was written")

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        project = self.project
        assert project is not None
        self.generated, self.made, self.kept_titles, self.files, self.left_out = {}, {}, {}, files, {}
        self.bodies, self.later_pages, self.later_files, self.citing = {}, [], [], None
        self.defer_bodies = not self.serving and self._alone_with_bodies(config)
        keys = self._keys(project, config)
        made = self.made
        cards = share.card_pages(project) if project.ok else []
        # A build's docs/ pages are all read again, so every file they may link to stays one of MkDocs' files.
        leave_out = self._may_leave_out(project, config, cards) and self.serving

        def unchanged(src_uri: str, key: Any) -> bool:
            return self.rebuild is not None and self.rebuild.unchanged(src_uri, key, made)

        def left_out(src_uri: str) -> bool:
            # A kept file no page's shell names (a card, an image, an export) need not be one of MkDocs' files
            # at all: it is neither read, rendered nor copied, and MkDocs makes no page object for it.
            assert self.rebuild is not None
            dest = self.rebuild.written.get(src_uri) if leave_out else None
            if dest is not None:
                self.left_out[src_uri] = dest
            return dest is not None

        # By their paths as they are (ours are POSIX paths already): get_file_from_path makes a PurePath of each,
        # and a large desk asks for tens of thousands.
        known = files.src_uris

        def add(src_uri: str, title: str, kind: str, obj: Any, *, in_nav: bool = True,
                template: str | None = None, key: Any = None) -> None:
            if src_uri in known:
                return  # an editor's own page in docs/ wins
            shell = f"template: {json.dumps(template)}\n" if template else ""
            content = f"---\ntitle: {json.dumps(title, ensure_ascii=False)}\n{shell}---\n"
            inclusion = InclusionLevel.INCLUDED if in_nav else InclusionLevel.NOT_IN_NAV
            kind_of_file = File
            later_page = src_uri in _LATER_PAGES and self._may_write_later(project, src_uri)
            if later_page or unchanged(src_uri, key):
                if not later_page and not in_nav and left_out(src_uri):
                    return
                kind_of_file, self.kept_titles[src_uri] = generated.Kept, title
            file = kind_of_file.generated(config, src_uri, content=content, inclusion=inclusion)
            files.append(file)
            self.generated[src_uri] = (kind, obj)
            if later_page:
                self.later_pages.append((src_uri, kind, file.dest_uri, "../" * file.url.count("/")))

        def write_later(path: str, make: Callable[[], str | bytes]) -> bool:
            if not self._may_write_later(project, path):
                return False
            self.later_files.append((path, make))
            return True

        if not project.ok:
            add("index.md", "Content errors", "errors", None)
            return files
        for page in project.pages:
            add("index.md" if is_home(project, page) else f"{page.id}.md", page.title, "explainer", page,
                key=keys and keys.explainer(page))
        if len(project.pages) > 1:
            add("index.md", config.site_name, "home", None)
        # A card page per fact (facts/<id>/, embeddable) and a share image per explainer and card.
        shell = share.card_template(config.theme.dirs)
        for uri, title, page_fact in cards:
            add(uri, title, "card", page_fact, in_nav=False, template=shell, key=keys and keys.card(*page_fact))
        self.cards = share.CardViews(project, self.urls, self.history)
        assert self.layout is not None
        with cache.session(self.layout.root) if isinstance(self.rebuild, carry.Carry) else nullcontext():
            generated.add_data_files(files, config, project, self.urls, self.history, self.cards, keys, unchanged,
                                     self.parts, left_out, write_later if self.serving else None,
                                     write_now=not self.serving)
        if not self.serving:
            cache.release(self.layout.root, *carry.DATA_MEMOS)  # the data files are written
        add("sources/index.md", "Sources", "sources", None)
        citing = self.citing = citations_by_source(project) if keys else None
        for source in project.sources:
            add(f"sources/{source.id}.md", source.name, "source", source,
                key=None if keys is None or citing is None else keys.source(source, citing.get(source.id, [])))
            stored = stored_copy_path(source)
            if stored is not None and stored not in known:
                # The stored original (the archive of record) beside its page, byte for byte: a PDF's
                # citations link to its pages; a saved web page is published as text (render.STORED_COPY_NAMES).
                files.append(File.generated(config, stored, abs_src_path=str(source.path)))
        add(report.REPORT_URI, "Coverage report", "report", None, in_nav=False)  # editors' page: noindex
        if len(project.pages) > 1:
            self._start_search_index(project, config)
        return files

    def _alone_with_bodies(self, config: MkDocsConfig) -> bool:
        """Return True when no other plugin listens to an event in which it could read a generated body."""
        events = getattr(config.plugins, "events", None)
        if not isinstance(events, dict):
            return False
        return all(getattr(handler, "__self__", None) is self
                   for name in _BODY_EVENTS for handler in events.get(name, ()))

    def _keys(self, project: Project, config: MkDocsConfig) -> rebuild.Keys | None:
        """Return the inputs of this build's files under a dirty serve, None otherwise (mkdocs/rebuild.py)."""
        if self.rebuild is None:
            return None
        assert self.layout is not None
        site = rebuild.site_of(config, self.layout.template_dirs, project)
        remember = None
        if isinstance(self.rebuild, carry.Carry):
            # Across processes, every setting counts (a value from the environment, !ENV), not only the files'.
            # The share images (drawn with site_url) depend on the fonts and Pillow too, as their cache does.
            site = (site, carry.config_inputs(config), share_cache.versions() if config.site_url else None)
            remember = self.rebuild.remember
        elif site != self.rebuild.site or not project.ok:
            self.pending_index.cancel()  # the folder may be emptied or moved aside: not while an index is written
        versions = self.rebuild.versions.update(project.sources)
        self.site_dir = Path(config.site_dir)
        self.same_site = self.rebuild.begin(site, self.site_dir, errors=not project.ok)
        if not self.same_site and project.ok:
            # The pages' shells show the site's inputs. (An error page's build keeps them: its fix brings back
            # the site set aside, with the inputs they were made for.)
            self.shells = {}
        keys = rebuild.Keys(project, self.urls, self.history, versions, self.fact_keys, remember=remember)
        self.fact_keys = keys.facts if self.serving else {}
        if self.parts is not None:
            self.parts.page_key, self.parts.source_key = keys.explainer, keys.source_version
        return keys

    def _may_write_later(self, project: Project, src_uri: str) -> bool:
        """Return True when this serve build may write ``src_uri`` (a site-wide file) after its pages.

        A share image always may (only og:image names it, for link previews: no page of the preview loads it,
        and drawing 10,000 is most of a large desk's first build). Any other file may when the site's inputs are
        the last build's and the folder holds the file as the last build made it; a page also needs the shell
        MkDocs last gave it (its HTML but the body, made from the site's inputs).
        """
        if not self.serving or not project.ok:
            return False
        assert isinstance(self.rebuild, rebuild.Rebuild)
        if src_uri.startswith(SHARE_DIR):
            return True
        if not self.same_site:
            return False
        if src_uri in _LATER_PAGES:
            dest = self.rebuild.written.get(src_uri)
            return src_uri in self.shells and dest is not None and (self.site_dir / dest).is_file()
        return (self.site_dir / src_uri).is_file()

    def _may_leave_out(self, project: Project, config: MkDocsConfig, cards: list[tuple[str, str, Any]]) -> bool:
        """Return True when this serve build may leave kept files out of MkDocs' files (and skip the sitemap).

        The sitemap lists every page, so MkDocs renders it over every page's object: it is left as the last build
        wrote it, and the kept cards left out, when it would be the same, that is when the site's inputs (the
        folders, the explainers and sources), the cards and the build's date are the last build's.
        """
        if self.rebuild is None or not project.ok:
            return False
        key = ("sitemap", tuple(uri for uri, _, _ in cards), engine.module("utils").get_build_date(), config.site_url)
        # Recorded in every build that writes the sitemap (the first one too, so the next may leave cards out).
        same = self.rebuild.unchanged(_SITEMAP, key, self.made)
        if not self.same_site or not same or not (Path(config.site_dir) / _SITEMAP).is_file():
            return False
        config.theme.static_templates.discard(_SITEMAP)  # this build's theme object: the next build loads its own
        return True

    @event_priority(-100)  # last: after every other plugin's files
    def on_nav(self, nav: Any, *, config: MkDocsConfig, files: Files) -> Any:
        if isinstance(self.rebuild, carry.Carry) and self.rebuild.linked:
            # A file taken over is a link into the site being replaced: where any other file of this build is
            # written, the link is dropped first, so MkDocs never writes through it.
            busy = {f.dest_uri for f in files if not isinstance(f, generated.Kept)}
            busy.update(config.theme.static_templates, config.extra_templates)
            self.rebuild.release(busy & self.rebuild.linked)
        return nav

    def on_page_markdown(self, markdown: str, *, page: MkPage, config: MkDocsConfig, files: Files) -> str | None:
        entry = self.generated.get(page.file.src_uri)
        if entry is None:
            return markdown
        # Themes print page titles as they are (MkDocs does not autoescape): the title an editor wrote goes
        # out as escaped text, as Markup, so it is not escaped twice where a theme does escape (|e).
        if page.title:
            page.title = escape(str(page.title))
        # A generated page has no file in docs/: its edit link (shown by stock themes) opens what made it.
        assert self.project is not None
        kind, obj = entry
        path = None
        if kind == "explainer":
            path = obj.path
        elif kind == "source":
            path = obj.file
        page.edit_url = file_edit_url_for_config(config, path) if path else None
        return markdown

    def on_template_context(self, context: TemplateContext, *, template_name: str,
                            config: MkDocsConfig) -> TemplateContext:
        # Static templates (404.html) get the same policy as the pages.
        # TemplateContext types MkDocs' own keys; the factsheet theme reads the one a plugin adds.
        factsheet: dict[str, Any] = {"links": [], "csp": None if self.command == "serve" else CSP}
        if template_name == "404.html" and self.project is not None:
            preview = share.PageShare("", None, "Page not found", config.site_description or config.site_name, None)
            factsheet["share"] = share.share_tags(self.project, preview, config.site_name, self.urls)
        context["factsheet"] = factsheet  # type: ignore[typeddict-unknown-key]
        return context

    def on_page_content(self, html: str, *, page: MkPage, config: MkDocsConfig, files: Files) -> str | None:
        entry = self.generated.get(page.file.src_uri)
        if entry is None:
            return html
        assert self.project is not None and self.layout is not None
        kind, obj = entry
        base = "../" * page.url.count("/")
        if kind == "report":
            page.canonical_url = page.abs_url = None  # keeps the editors' page out of sitemap.xml (built next)
        if self.defer_bodies and kind in _DEFERRED_KINDS:
            return _DEFERRED_BODY  # rendered in on_page_context, as MkDocs writes the page
        body = self._body(kind, obj, base, config)
        if kind in _LATER_PAGES.values() and self.serving:
            self.bodies[page.file.src_uri] = body  # its shell is kept (on_post_page) for a later build
        return body

    def _body(self, kind: str, obj: Any, base: str, config: MkDocsConfig) -> str:
        """Return the body of the generated page of ``kind`` at ``base``."""
        assert self.project is not None
        if kind in _LATER_PAGES.values():
            return self._site_wide(kind, base, config)
        renderer = self._renderer(config)
        if kind == "explainer":
            return renderer.explainer(obj, base, self.edit_urls, self.card_urls)
        if kind == "card":
            return share.render_card(renderer, obj[0], obj[1], base, self.history, self.cards)
        if kind == "source":
            return renderer.source(obj, base)
        if kind == "home":
            return renderer.home(base, desk.desk_entries(self.project, self.urls, desk.desk_dates(self.project, self.history)), search=True)
        return renderer.errors(self.project.diagnostics)

    def _renderer(self, config: MkDocsConfig) -> Renderer:
        """Return this build's renderer: one Jinja environment, one citation index per build, not per page."""
        if self.renderer is None:
            assert self.project is not None and self.layout is not None
            self.renderer = Renderer(self.project, self.layout.template_dirs, self.urls, self.history,
                                     reuse=self.jinja if self.same_site else None, citations=self.citing)
            self.jinja = self.renderer.env if self.serving else None
            self.edit_urls = fact_edit_urls_for_config(self.project, config)
            self.card_urls = share.card_urls(self.project, self.urls)
        return self.renderer

    def _site_wide(self, kind: str, base: str, config: MkDocsConfig) -> str:
        """Return the body of a site-wide page of ``kind`` (_LATER_PAGES): the coverage report, the sources index."""
        renderer = self._renderer(config)
        if kind != "report":
            return renderer.sources_index(base)
        body = renderer.report(base, self.parts)
        if not self.serving:
            assert self.layout is not None
            cache.release(self.layout.root, *_REPORT_MEMOS)
        return body

    @event_priority(-100)  # last: the shell is what MkDocs writes, after every other plugin
    def on_post_page(self, output: str, *, page: MkPage, config: MkDocsConfig) -> str | None:
        src_uri = page.file.src_uri
        entry = self.generated.get(src_uri)
        if self.defer_bodies and entry is not None and entry[0] in _DEFERRED_KINDS:
            page.content = _DEFERRED_BODY  # written: the body is not held to the end of the build
            if entry[0] == "card" and self.cards is not None:
                self.cards.forget(*entry[1])  # nor the card's view
        body = self.bodies.get(src_uri)
        if body is None:
            return output
        # The page is written later in this shell only when the body stands in it as rendered, once.
        if page.content == body and output.count(body) == 1:
            prefix, _, suffix = output.partition(body)
            self.shells[src_uri] = (prefix, suffix)
        else:
            self.shells.pop(src_uri, None)
        return output

    @event_priority(100)  # first: another plugin's on_page_context (MkDocs' search) reads the rendered body
    def on_page_context(self, context: TemplateContext, *, page: MkPage, config: MkDocsConfig,
                        nav: Any) -> TemplateContext:
        project = self.project
        assert project is not None
        entry = self.generated.get(page.file.src_uri)
        if self.defer_bodies and entry is not None and entry[0] in _DEFERRED_KINDS and page.content == _DEFERRED_BODY:
            page.content = self._body(entry[0], entry[1], "../" * page.url.count("/"), config)
        links: list[dict[str, Any]] = []
        if project.ok:
            # A fixed set of links: every page listing every explainer would make the site's size
            # grow with the square of its pages. The home page lists the explainers.
            if len(project.pages) > 1:
                links.append({"title": "All explainers", "path": self.urls.page("")})
            links.append({"title": "Sources", "path": self.urls.page("sources/index")})
        for link in links:
            link["current"] = link["path"] == page.url
        description = None
        if entry and entry[0] == "explainer":
            description = entry[1].description or entry[1].question
        elif entry and entry[0] == "source":
            description = f"The full text of {entry[1].name}, with the passages this site quotes highlighted."
        elif entry and entry[0] == "card":
            description = f"A fact from {entry[1][0].title}, with the words of its sources."
        preview = share.PageShare(
            entry[0] if entry else "", entry[1] if entry else None,
            page.title.unescape() if isinstance(page.title, Markup) else str(page.title or config.site_name),
            description or config.site_description or config.site_name, page.canonical_url)
        history = self.history  # the facts files' git history dates the articles (empty without one)
        jsonld_text = None
        if entry and entry[0] == "explainer" and project.ok:
            published, modified = share.page_times(entry[1], history)
            jsonld_text = jsonld(project, entry[1], author=config.site_author, publisher=self.config.publisher,
                                 published=published, modified=modified)
        has_search = bool(entry and entry[0] == "home")
        context["factsheet"] = {  # type: ignore[typeddict-unknown-key]
            "links": links,
            "search": has_search,
            "description": description,
            "noindex": bool(entry and entry[0] in ("errors", "report")),
            "paths": {"sources": self.urls.page("sources/index"), "home": self.urls.page("")},
            "jsonld": jsonld_text,
            "share": share.share_tags(project, preview, config.site_name, self.urls, history, self.cards),
            # The live preview injects MkDocs' inline reload script, which this policy would block.
            "csp": None if self.command == "serve" else search_csp() if has_search else CSP,
        }
        return context

    def on_env(self, env: Environment, *, config: MkDocsConfig, files: Files) -> Environment:
        # A page kept from the last serve build was not read: its title (the navigation shows it) is set here,
        # as on_page_markdown sets a page's it reads.
        for src_uri, title in self.kept_titles.items():
            file = files.src_uris.get(src_uri)
            if file is not None and file.page is not None:
                file.page.title = escape(title)
                if src_uri == report.REPORT_URI:  # the editors' page stays out of sitemap.xml (on_page_content)
                    file.page.canonical_url = file.page.abs_url = None
        return env

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        self._write_search_index(config)
        if self.rebuild is not None and self.files is not None:
            written = {f.src_uri: f.dest_uri for f in self.files} | self.left_out
            # The share images still to be drawn are not among MkDocs' files (generated.add_data_files).
            written.update((path, path) for path, _ in self.later_files if path.startswith(SHARE_DIR))
            self.rebuild.end(self.made, written, Path(config.site_dir))
            if self.serving:
                self._write_later(config)
        if self.serving:
            gc.unfreeze()
            # Once the preview is idle: writing a large memo holds the interpreter for a while, and the reloaded
            # page is asked for first; a build that starts before keeps holding it, and writes it with its own.
            waiting = later.Idle()

            def write_back() -> None:
                if waiting.wait(_LATER_IDLE_S):
                    cache.write_held()

            self.cache_writing = (threading.Thread(target=write_back, name="cache-write", daemon=True), waiting)
            self.cache_writing[0].start()

    def _write_later(self, config: MkDocsConfig) -> None:
        """Start writing this serve build's site-wide files, once MkDocs has written its pages (mkdocs/later.py)."""
        jobs: list[later.Job] = []
        for src_uri, kind, dest, base in self.later_pages:
            if src_uri in self.bodies:
                continue  # MkDocs rendered it after all (the folder had lost it)
            prefix, suffix = self.shells[src_uri]

            def page(kind: str = kind, base: str = base, prefix: str = prefix, suffix: str = suffix) -> str:
                return prefix + self._site_wide(kind, base, config) + suffix

            jobs.append((dest, page))
        images = [job for job in self.later_files if job[0].startswith(SHARE_DIR)]
        data = [job for job in self.later_files if not job[0].startswith(SHARE_DIR)]
        jobs = data + jobs + images  # the data files first, the share images (many, and no page loads them) last
        self.later_pages, self.later_files = [], []
        self.later.start(Path(config.site_dir), jobs, self._not_written, idle=_LATER_IDLE_S)

    def _not_written(self, path: str, error: BaseException) -> None:
        """Report a site-wide file the serve could not write after its pages; the next build makes everything."""
        log.error(f"{path} could not be written: {error}")
        if self.rebuild is not None:
            self.rebuild.forget()

    def _cache_written(self, *, now: bool = True) -> None:
        """Return once the writing back of the cache the last serve build used is done or dropped.

        With ``now``, the cache is written back now if it was still to come; without, it stays held (the next
        build adds to it, and it is written back after that build).
        """
        if self.cache_writing is not None:
            thread, waiting = self.cache_writing
            waiting.stop()
            thread.join()
            self.cache_writing = None
        if now:
            cache.write_held()  # nothing left to write when the thread did it

    def _start_search_index(self, project: Project, config: MkDocsConfig) -> None:
        """Start the search index of ``project`` (Pagefind works while MkDocs renders); a serve makes it later."""
        if self.serving:
            self.index_due = True
            return
        records = search.search_records(project, self.urls)
        self.search_records, self.indexing = None, search_index.Indexing(records, _locale(config))
        self.indexing_records = records

    def _write_search_index(self, config: MkDocsConfig) -> None:
        if self.serving:
            if self.index_due:
                self.index_due = False
                self._write_search_index_later(config)
            return
        indexing, self.indexing = self.indexing, None
        if indexing is None:
            return
        # Into the folder MkDocs just wrote: under `site-builder build` that is the scratch folder swapped in
        # whole afterwards, so a failed index leaves the previous site as it was.
        try:
            # A build takes over the index files the site it replaces holds with the same bytes (mkdocs/carry.py).
            old = self.rebuild.old if isinstance(self.rebuild, carry.Carry) else None
            indexing.write(Path(config.site_dir), update=False, link_from=old)
        except search_index.SearchUnavailable as exc:
            raise PluginError(str(exc)) from exc
        self.search_records = self.indexing_records

    def _write_search_index_later(self, config: MkDocsConfig) -> None:
        """Under serve: make and write the index from a thread once the preview is idle (search_index.Pending).

        The preview holds requests for it until it is written. A build whose records are those of the index in
        the folder keeps that index.
        """
        project, urls, locale, site = self.project, self.urls, _locale(config), Path(config.site_dir)
        assert project is not None
        made: list[tuple[search.SearchRecord, ...]] = []

        def make() -> search_index.Indexing | None:
            records = search.search_records(project, urls)
            if records == self.search_records and (site / search_index.INDEX_DIR / "pagefind.js").is_file():
                return None  # no record changed: the index written is this build's
            self.search_records = None  # the folder's index is being replaced
            made.append(records)
            return search_index.Indexing(records, locale)

        def done(error: BaseException | None) -> None:
            if error is None:
                if made:
                    self.search_records = made[0]  # what the folder's index is: the next build compares
                return
            # The build has ended: the error is shown, and the index removed, so none older than the pages is
            # served; the next build makes it again.
            self.search_records = None
            shutil.rmtree(site / search_index.INDEX_DIR, ignore_errors=True)
            log.error(f"{error}" if isinstance(error, search_index.SearchUnavailable)
                      else f"the search index could not be written: {error!r}")

        self.pending_index.start(make, site, done, idle=_LATER_IDLE_S)

    def on_shutdown(self) -> None:
        self.later.cancel()  # the preview's folder goes with the server
        self.pending_index.cancel()
        self._cache_written()
        if self.rebuild is not None:
            self.rebuild.close()

    def on_build_error(self, *, error: Exception) -> None:
        self.later.cancel()
        self.index_due = False
        self.pending_index.cancel()
        if isinstance(self.rebuild, rebuild.Rebuild):
            cache.write_held()
            gc.unfreeze()
            self.rebuild.forget()  # the folder may hold half a build: the next one starts from an empty folder
        self.search_records, self.indexing = None, None

    def on_serve(self, server: Any, *, config: MkDocsConfig, builder: Any) -> Any:
        assert self.layout is not None
        for folder in (self.layout.facts, self.layout.seeds, self.layout.templates):
            if folder is not None and folder.is_dir():
                server.watch(str(folder))
        search_index.hold_index_requests(server, self.pending_index, self.later)
        if watch.use_native_events(server):  # a save is seen as it happens, not at the next 0.5 s poll
            log.debug("watching folders through the system's file events")
        return server
