"""The one Jinja environment for page bodies, and the renderer that fills the factsheet templates with views."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2

from ..history.model import NO_HISTORY, History
from ..model.project import Project
from ..model.sources import Source
from ..model.facts import Page
from .report import Reuse, render_page
from .urls import DEFAULT_URLS, Urls, page_path, source_path
from .views import CitingEntry, SourceSummary, citations_by_source, explainer_view, source_view


def environment(template_dirs: Path | Sequence[Path]) -> jinja2.Environment:
    """Return the Jinja environment for page bodies: autoescaping, strict about undefined names.

    ``template_dirs`` are searched in order: a project's overrides first, then the factsheet theme. This is
    the plugin's own environment; the theme's page shell (MkDocs' environment) is never changed.
    """
    dirs = [template_dirs] if isinstance(template_dirs, Path) else list(template_dirs)
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader([str(d) for d in dirs]),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    return env


@dataclass
class Renderer:
    """Renders page bodies: the project's template overrides, then the factsheet theme's templates."""

    project: Project
    template_dirs: Path | Sequence[Path]
    urls: Urls = DEFAULT_URLS
    #: the facts files' git history, which dates the pages and their corrections
    history: History = NO_HISTORY
    #: the environment of an earlier build to use again (a serve rebuild whose templates did not change)
    reuse: jinja2.Environment | None = field(default=None, repr=False)
    env: jinja2.Environment = field(init=False)
    #: the project's citations by source (views.citations_by_source), when the caller has them already
    citations: dict[str, list[CitingEntry]] | None = field(default=None, kw_only=True, repr=False)

    def __post_init__(self) -> None:
        self.env = self.reuse or environment(self.template_dirs)

    @property
    def citing(self) -> dict[str, list[CitingEntry]]:
        """Return the project's citations by source, computed once per renderer."""
        if self.citations is None:
            self.citations = citations_by_source(self.project)
        return self.citations

    def explainer(self, page: Page, base: str, edit_urls: dict[str, str] | None = None,
                  card_urls: dict[str, str] | None = None) -> str:
        """Return the HTML body of an explainer page; ``base`` is the relative path to the site root.

        ``edit_urls`` maps fact ids to the address where editors change them (shown as "edit" links), ``card_urls``
        to the site path of each fact's card page.
        """
        view = explainer_view(self.project, page, self.urls, self.history)
        return self.env.get_template("factsheet/explainer.html").render(view=view, base=base,
                                                                          edit_urls=edit_urls or {},
                                                                          card_urls=card_urls or {})

    def source(self, source: Source, base: str) -> str:
        """Return the HTML body of a source page."""
        view = source_view(self.project, source, base, self.citing.get(source.id, []), self.urls)
        return self.env.get_template("factsheet/source.html").render(view=view, base=base, project=self.project)

    def sources_index(self, base: str) -> str:
        """Return the HTML body of the list of sources."""
        citing = self.citing
        views = [SourceSummary(s, s.published_date, len({m.anchor for _, _, _, m in citing.get(s.id, [])
                                                      if not s.by_anchor[m.anchor].excluded}),
                               source_path(s.id, self.urls))
                 for s in self.project.sources]
        return self.env.get_template("factsheet/sources_index.html").render(views=views, base=base)

    def home(self, base: str, entries: Sequence[Any] = (), search: bool = False) -> str:
        """Return the HTML body of the home page of a multi-page site.

        ``entries`` are the desk's explainers (DeskEntry); ``search`` shows the search box.
        """
        pages = [(p, page_path(self.project, p, self.urls)) for p in self.project.pages]
        return self.env.get_template("factsheet/home.html").render(pages=pages, entries=entries, search=search,
                                                                   base=base)

    def report(self, base: str, reuse: Reuse | None = None) -> str:
        """Return the HTML body of the editors' coverage report page (``reuse``: parts of the last one)."""
        return render_page(self.project, self.env, base, self.urls, reuse)

    def errors(self, diagnostics: list[Any]) -> str:
        """Return the HTML body of the preview's error page."""
        return self.env.get_template("factsheet/errors.html").render(diagnostics=diagnostics)
