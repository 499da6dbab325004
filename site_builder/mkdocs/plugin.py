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

import json
import logging
from typing import Any

from markupsafe import Markup, escape

from . import engine
from ..render import report
from ..diagnostics import errors, format_all, summary
from ..render.edit_links import fact_edit_urls_for_config, file_edit_url_for_config
from ..model.project import Layout, Project
from ..check.project import load_project
from ..render.env import Renderer
from ..render.urls import Urls, is_home, stored_copy_path
from ..render.data import facts_csv, facts_json, jsonld
from ..load.schema import SCHEMAS, schema_text

base = engine.module("config.base")
c = engine.module("config.config_options")
PluginError = engine.module("exceptions").PluginError
BasePlugin = engine.module("plugins").BasePlugin
_files = engine.module("structure.files")
File, Files, InclusionLevel = _files.File, _files.Files, _files.InclusionLevel
MkDocsConfig = Any
MkPage = Any

#: Under the engine's own logger, so its --strict counts our warnings.
log = logging.getLogger(f"{engine.NAME}.plugins.factsheet")

#: Published pages load only the site's own files: one stylesheet and one script (no inline script runs).
#: connect-src 'self' lets audit tools fetch /robots.txt from the page (Lighthouse's SEO check does, and
#: fails under connect-src 'none'); the site's own script makes no requests.
CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
       "base-uri 'none'; form-action 'none'")


class FactSheetConfig(base.Config):
    """Plugin options in mkdocs.yml (paths relative to mkdocs.yml)."""

    facts_dir = c.Type(str, default="facts")
    seeds_dir = c.Type(str, default="seeds")
    #: the folder of template overrides; by default the theme's custom_dir
    templates_dir = c.Optional(c.Type(str))


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
        self.urls = Urls()

    def preload(self, project: Project) -> None:
        """Use ``project`` for the next build: loaded and verified by the caller, its messages already shown."""
        self.preloaded = project

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.command = command

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
        preloaded = self.preloaded is not None
        self.project, self.preloaded = self.preloaded or load_project(self.layout), None
        self.renderer = None  # the project may have changed (serve rebuilds)
        if self.project.ok:
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
        self.generated = {}

        def add(src_uri: str, title: str, kind: str, obj: Any, *, in_nav: bool = True) -> None:
            if files.get_file_from_path(src_uri) is not None:
                return  # an editor's own page in docs/ wins
            content = f"---\ntitle: {json.dumps(title, ensure_ascii=False)}\n---\n"
            inclusion = InclusionLevel.INCLUDED if in_nav else InclusionLevel.NOT_IN_NAV
            files.append(File.generated(config, src_uri, content=content, inclusion=inclusion))
            self.generated[src_uri] = (kind, obj)

        if not project.ok:
            add("index.md", "Content errors", "errors", None)
            return files
        for page in project.pages:
            add("index.md" if is_home(project, page) else f"{page.id}.md", page.title, "explainer", page)
        if len(project.pages) > 1:
            add("index.md", config.site_name, "home", None)
        # The data files are generated Files (not written after the build) so links to them validate.
        files.append(File.generated(config, "facts.json", content=facts_json(project, self.urls)))
        files.append(File.generated(config, "facts.csv", content=facts_csv(project, self.urls)))
        # The editors' schemas at a stable address (schemas/facts.schema.json), the same bytes as the package's.
        for name in SCHEMAS:
            if files.get_file_from_path(f"schemas/{name}.schema.json") is None:
                files.append(File.generated(config, f"schemas/{name}.schema.json", content=schema_text(name)))
        add("sources/index.md", "Sources", "sources", None)
        for source in project.sources:
            add(f"sources/{source.id}.md", source.name, "source", source)
            stored = stored_copy_path(source)
            if stored is not None and files.get_file_from_path(stored) is None:
                # The stored original (the archive of record) beside its page, byte for byte: a PDF's
                # citations link to its pages; a saved web page is published as text (render.STORED_COPY_NAMES).
                files.append(File.generated(config, stored, abs_src_path=str(source.path)))
        add(report.REPORT_URI, "Coverage report", "report", None, in_nav=False)  # editors' page: noindex
        return files

    def on_page_markdown(self, markdown: str, *, page: MkPage, config: MkDocsConfig, files: Files) -> str | None:
        entry = self.generated.get(page.file.src_uri)
        if entry is None:
            return markdown
        # Themes print page titles as they are (MkDocs does not autoescape): the title an editor wrote goes
        # out as escaped text. Markup keeps it from being escaped twice where a theme does escape (|e).
        if page.title:
            page.title = Markup(escape(str(page.title)))
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

    def on_template_context(self, context: dict[str, Any], *, template_name: str, config: MkDocsConfig) -> dict[str, Any]:
        # Static templates (404.html) get the same policy as the pages.
        context["factsheet"] = {"links": [], "csp": None if self.command == "serve" else CSP}
        return context

    def on_page_content(self, html: str, *, page: MkPage, config: MkDocsConfig, files: Files) -> str | None:
        entry = self.generated.get(page.file.src_uri)
        if entry is None:
            return html
        assert self.project is not None and self.layout is not None
        kind, obj = entry
        base = "../" * page.url.count("/")
        if self.renderer is None:
            # One renderer (one Jinja environment, one citation index) per build, not per page.
            self.renderer = Renderer(self.project, self.layout.template_dirs, self.urls)
            self.edit_urls = fact_edit_urls_for_config(self.project, config)
        renderer = self.renderer
        if kind == "explainer":
            return renderer.explainer(obj, base, self.edit_urls)
        if kind == "source":
            return renderer.source(obj, base)
        if kind == "sources":
            return renderer.sources_index(base)
        if kind == "home":
            return renderer.home(base)
        if kind == "report":
            page.canonical_url = page.abs_url = None  # keeps the editors' page out of sitemap.xml (built next)
            return renderer.report(base)
        return renderer.errors(self.project.diagnostics)

    def on_page_context(self, context: dict[str, Any], *, page: MkPage, config: MkDocsConfig, nav: Any) -> dict[str, Any]:
        project = self.project
        assert project is not None
        links = []
        if project.ok:
            # A fixed set of links: every page listing every explainer would make the site's size
            # grow with the square of its pages. The home page lists the explainers.
            if len(project.pages) > 1:
                links.append({"title": "All explainers", "path": self.urls.page("")})
            links.append({"title": "Sources", "path": self.urls.page("sources/index")})
        for link in links:
            link["current"] = link["path"] == page.url
        entry = self.generated.get(page.file.src_uri)
        description = None
        if entry and entry[0] == "explainer":
            description = entry[1].description or entry[1].question
        elif entry and entry[0] == "source":
            description = f"The full text of {entry[1].name}, with the passages this site quotes highlighted."
        context["factsheet"] = {
            "links": links,
            "description": description,
            "noindex": bool(entry and entry[0] in ("errors", "report")),
            "paths": {"sources": self.urls.page("sources/index"), "home": self.urls.page("")},
            "jsonld": jsonld(project, entry[1]) if entry and entry[0] == "explainer" and project.ok else None,
            # The live preview injects MkDocs' inline reload script, which this policy would block.
            "csp": None if self.command == "serve" else CSP,
        }
        return context

    def on_serve(self, server: Any, *, config: MkDocsConfig, builder: Any) -> Any:
        assert self.layout is not None
        for folder in (self.layout.facts, self.layout.seeds, self.layout.templates):
            if folder is not None and folder.is_dir():
                server.watch(str(folder))
        return server
