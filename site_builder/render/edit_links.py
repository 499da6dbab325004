"""Edit links: from a fact on the page to its exact line in the facts file, on the newsroom's code host.

MkDocs' own ``repo_url``/``edit_uri`` settings are reused: ``edit_uri`` points
at the docs folder in the repository (MkDocs' convention, e.g.
``edit/main/docs/``), and facts files live beside that folder, so a fact's
file is reached relative to it (``edit/main/facts/x.yaml``). Render code calls
:func:`fact_edit_urls` (or :func:`edit_url` with :func:`fact_line`) and the
template shows the link when it is not None.
"""

from __future__ import annotations

import os
import posixpath
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin, urlsplit

if TYPE_CHECKING:
    from ..model.facts import Fact, Page
    from ..model.project import Project


def edit_url(config_repo_url: str | None, edit_uri: str | None, path: str, line: int | None = None, *,
             docs_dir: str = "docs", edit_uri_template: str | None = None) -> str | None:
    """Return the address where ``path`` (relative to the project root) is edited, at ``line``; None when not configured.

    ``config_repo_url`` and ``edit_uri`` are mkdocs.yml's ``repo_url`` and
    ``edit_uri`` (as MkDocs validated them: it fills in ``edit/master/docs/``
    for GitHub and GitLab when ``edit_uri`` is not set). ``edit_uri`` may be
    relative to ``repo_url`` or a full address, an edit view
    (``edit/main/docs/``) or a file view (``blob/main/docs/``). ``docs_dir``
    is the docs folder relative to the project root, which ``edit_uri``
    points at. The line is appended as ``#L12`` (``#lines-12`` on Bitbucket).

    >>> edit_url("https://github.com/newsroom/vostochny", "edit/main/docs/", "facts/vostochny.yaml", 12)
    'https://github.com/newsroom/vostochny/edit/main/facts/vostochny.yaml#L12'
    >>> edit_url("https://github.com/newsroom/vostochny", "blob/main/docs/", "facts/vostochny.yaml", 12)
    'https://github.com/newsroom/vostochny/blob/main/facts/vostochny.yaml#L12'
    >>> edit_url("https://github.com/newsroom/vostochny", "", "facts/vostochny.yaml", 12) is None
    True

    ``edit_uri_template`` (MkDocs' alternative to ``edit_uri``) is formatted with ``{path}`` and
    ``{path_noext}``, the file relative to the docs folder, as MkDocs does for pages:

    >>> edit_url("https://gitlab.com/newsroom/v", None, "facts/v.yaml", 3, edit_uri_template="-/edit/main/docs/{path}")
    'https://gitlab.com/newsroom/v/-/edit/main/facts/v.yaml#L3'
    """
    if edit_uri_template:
        return _from_template(config_repo_url, edit_uri_template, path, line, docs_dir)
    if not edit_uri or "?" in edit_uri or "#" in edit_uri:
        return None  # not configured, or a query-style edit_uri that cannot take a path
    base = edit_uri if edit_uri.endswith("/") else edit_uri + "/"
    if not urlsplit(base).scheme:
        if not config_repo_url:
            return None
        base = urljoin(config_repo_url.rstrip("/") + "/", base)
    if urlsplit(base).scheme not in ("http", "https"):
        return None
    docs = posixpath.normpath(docs_dir.strip("/") or ".")
    relative = posixpath.relpath(posixpath.normpath(path), docs)
    url = urljoin(base, relative)
    if line is not None:
        host = urlsplit(url).netloc.lower()
        url += f"#lines-{line}" if host.endswith("bitbucket.org") else f"#L{line}"
    return url


def _with_line(url: str, line: int | None) -> str:
    if line is None:
        return url
    host = urlsplit(url).netloc.lower()
    return url + (f"#lines-{line}" if host.endswith("bitbucket.org") else f"#L{line}")


def _from_template(repo_url: str | None, template: str, path: str, line: int | None, docs_dir: str) -> str | None:
    docs = posixpath.normpath(docs_dir.strip("/") or ".")
    relative = posixpath.relpath(posixpath.normpath(path), docs)
    try:
        ref = template.format(path=relative, path_noext=posixpath.splitext(relative)[0])
    except (KeyError, IndexError, ValueError):
        return None  # MkDocs rejects such a template itself; no link rather than a wrong one
    if "?" in ref or "#" in ref:
        return None  # the '..' out of the docs folder cannot be resolved inside a query
    if not urlsplit(ref).scheme:
        if not repo_url:
            return None
        ref = urljoin(repo_url.rstrip("/") + "/", ref)
    if urlsplit(ref).scheme not in ("http", "https"):
        return None
    parts = urlsplit(ref)
    path = posixpath.normpath(parts.path) + ("/" if parts.path.endswith("/") else "")  # out of docs/ with '..'
    return _with_line(parts._replace(path=path).geturl(), line)


def fact_line(page: Page, fact: Fact) -> int:
    """Return the line of the facts file where ``fact`` starts (its ``- id:`` line)."""
    return page.doc.at(fact.at)[0]


def fact_edit_urls(project: Project, config_repo_url: str | None, edit_uri: str | None, *,
                   docs_dir: str = "docs", edit_uri_template: str | None = None) -> dict[str, str]:
    """Return the edit address of every fact, by fact id ({} when edit links are not configured)."""
    out: dict[str, str] = {}
    # Fact by fact, so a site without edit links (the first address is None) looks up no fact's line.
    for page in project.pages:
        for fact in page.facts:
            url = edit_url(config_repo_url, edit_uri, page.path, fact_line(page, fact), docs_dir=docs_dir,
                           edit_uri_template=edit_uri_template)
            if url is None:
                return {}
            out[fact.id] = url
    return out


def _docs_dir(config: Mapping[str, Any]) -> str:
    root = os.path.dirname(os.path.abspath(str(config["config_file_path"])))
    return os.path.relpath(os.path.abspath(str(config["docs_dir"])), root).replace(os.sep, "/")


def fact_edit_urls_for_config(project: Project, config: Mapping[str, Any]) -> dict[str, str]:
    """Return :func:`fact_edit_urls` for a loaded MkDocs config (repo_url, edit_uri or edit_uri_template, docs_dir)."""
    return fact_edit_urls(project, config.get("repo_url"), config.get("edit_uri"), docs_dir=_docs_dir(config),
                          edit_uri_template=config.get("edit_uri_template"))


def file_edit_url_for_config(config: Mapping[str, Any], path: str) -> str | None:
    """Return where the project file ``path`` (relative to the root) is edited, per a loaded MkDocs config."""
    return edit_url(config.get("repo_url"), config.get("edit_uri"), path, docs_dir=_docs_dir(config),
                    edit_uri_template=config.get("edit_uri_template"))
