"""The site's addresses: pages, source pages and stored originals, in MkDocs' URL style."""

from __future__ import annotations

import urllib.parse
from dataclasses import dataclass
from typing import Any

from ..model.facts import Page
from ..model.project import Project
from ..model.sources import Source


@dataclass(frozen=True)
class Urls:
    """How the site writes its addresses: MkDocs' ``use_directory_urls`` and ``site_url``."""

    directory_urls: bool = True
    #: the published address with a trailing slash, or None
    site_url: str | None = None

    def page(self, name: str) -> str:
        """Return the site path of the page made from ``name``.md ('' or 'index' is the home page).

        >>> Urls().page("sources/reuters"), Urls(False).page("sources/reuters")
        ('sources/reuters/', 'sources/reuters.html')
        >>> Urls().page("sources/index"), Urls(False).page("")
        ('sources/', 'index.html')
        """
        name = "" if name == "index" else name
        if self.directory_urls:
            if not name:
                return ""
            return name.removesuffix("index") if name.endswith("/index") else f"{name}/"
        return f"{name or 'index'}.html" if not name.endswith("/") else f"{name}index.html"

    def absolute(self, path: str) -> str:
        """Return ``path`` (relative to the site root) as a full address when site_url is set."""
        return urllib.parse.urljoin(self.site_url, path) if self.site_url else path

    @classmethod
    def for_config(cls, config: Any) -> Urls:
        """Return the URL style of a loaded MkDocs config."""
        site_url = config.get("site_url") or None
        if site_url and not site_url.endswith("/"):
            site_url += "/"
        return cls(bool(config.get("use_directory_urls", True)), site_url)


#: MkDocs' defaults: directory URLs, no site_url.
DEFAULT_URLS = Urls()


def page_path(project: Project, page: Page, urls: Urls = DEFAULT_URLS) -> str:
    """Return the site path of an explainer page ('' for the home page, else 'id/' or 'id.html')."""
    return urls.page("" if is_home(project, page) else page.id)


def is_home(project: Project, page: Page) -> bool:
    """Return True when the page is shown at the site root (a one-page site)."""
    return len(project.pages) == 1


def source_path(source_id: str, urls: Urls = DEFAULT_URLS) -> str:
    """Return the site path of a source page ('sources/id/' or 'sources/id.html')."""
    return urls.page(f"sources/{source_id}")


#: How each kind of stored original is published beside its source page. A saved web page is published as
#: text: served as HTML from this site it would run the page's own scripts (trackers, ads) under the site's
#: address, outside its Content-Security-Policy; as text its bytes are the archive's, hash and all.
STORED_COPY_NAMES = {"html": "original.html.txt", "pdf": "original.pdf"}


def stored_copy_path(source: Source) -> str | None:
    """Return the site path of a source's stored original (a saved page or a PDF), None for text sources."""
    name = STORED_COPY_NAMES.get(source.kind)
    # A file beside the source page's folder, whatever use_directory_urls makes of the page's own address.
    return f"sources/{source.id}/{name}" if name else None


def _absolute_or_none(urls: Urls, path: str | None) -> str | None:
    return urls.absolute(path) if path is not None else None


def page_href(source: Source, page: int | None) -> str | None:
    """Return the site path of a PDF source's stored copy at one page (#page=N), None for other sources."""
    stored = stored_copy_path(source)
    if source.kind != "pdf" or stored is None or page is None:
        return None
    return f"{stored}#page={page}"
