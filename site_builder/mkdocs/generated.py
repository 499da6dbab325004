"""The files a build generates besides pages: share images, facts.json and facts.csv, the exports, the schemas.

Each is a MkDocs generated ``File``. Under a dirty serve, a file whose inputs (mkdocs/rebuild.py) equal the
previous build's is not made again: it is added as a :class:`Kept` file, which MkDocs' dirty build leaves as
written, and its bytes are never computed.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from ..history import History
from ..load.schema import SCHEMAS, schema_text
from ..model.project import Project
from ..render import exports
from ..render.data import facts_csv, facts_json
from ..render.parts import Parts
from ..render.urls import Urls
from . import engine, share
from .rebuild import Keys

if TYPE_CHECKING:  # checked against MkDocs; at run time the engine's modules (MkDocs or ProperDocs, same API)
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import File, Files
else:
    File = engine.module("structure.files").File
    Files = MkDocsConfig = Any


def write_file(content: str | bytes, dest: str) -> None:
    """Write ``content`` to ``dest`` as MkDocs writes a generated file's (text as UTF-8), making its folder."""
    os.makedirs(os.path.dirname(dest), exist_ok=True)
    if os.path.lexists(dest):
        os.unlink(dest)  # never written through: a file taken over is a link into the site being replaced
    if isinstance(content, str):
        with open(dest, "w", encoding="utf-8") as text:
            text.write(content)
    else:
        with open(dest, "wb") as out:
            out.write(content)


class Kept(File):
    """A generated file the previous serve build made from the same inputs: MkDocs' dirty build skips it."""

    def is_modified(self) -> bool:
        return not os.path.isfile(self.abs_dest_path)


class Later(File):
    """A generated file a serve build writes after MkDocs writes the pages (mkdocs/later.py): MkDocs leaves it."""

    def is_modified(self) -> bool:
        return False


#: (site path, inputs) -> whether the previous build made that file from those inputs (and records it)
Unchanged = Callable[[str, Any], bool]


def add_data_files(files: Files, config: MkDocsConfig, project: Project, urls: Urls, history: History,
                   cards: share.CardViews, keys: Keys | None, unchanged: Unchanged, parts: Parts | None,
                   left_out: Callable[[str], bool] = lambda path: False,
                   later: Callable[[str, Callable[[], str | bytes]], bool] | None = None,
                   write_now: bool = False) -> None:
    """Add the share images, data files, exports and schemas of a verified ``project`` to ``files``.

    ``parts`` (a serve rebuilding) holds each page's part of facts.json, facts.csv and the annotations. A kept
    file for which ``left_out`` is true (and records it) is not added at all: the folder keeps it as written.
    A changed file ``later`` takes (the function that makes it; a serve, mkdocs/later.py) is made and written
    after MkDocs writes the pages: it is added as kept, or not at all when no page links to it (a share image).

    With ``write_now`` (a build, whose site folder MkDocs has emptied), each file is written into the site as
    it is made and added as that file: MkDocs copies a file onto itself as a no-op. Its bytes are then not
    held until MkDocs writes the static files, after every page is rendered: at a large desk the exports
    (annotations.jsonld, facts.json, facts.csv, the articles' texts) are tens of megabytes per 10,000 facts.
    """

    known = files.src_uris  # by their POSIX paths, as ours are: not a PurePath made for each of thousands

    def add(path: str, key: Any, make: Callable[[], str | bytes], *, ours: bool = False, linked: bool = True) -> None:
        # An editor's own file in docs/ of that name wins, unless the file is ``ours`` (facts.json, facts.csv).
        if path in known:
            if not ours:
                return
            files.remove(known[path])  # ours replaces the editor's (MkDocs warns of a file appended over another)
        if unchanged(path, key):
            if not left_out(path):
                files.append(Kept.generated(config, path, content=b""))
        elif later is not None and later(path, make):
            # A file no page links to (a share image) need not be one of MkDocs' files while it waits: at a
            # large desk, until the preview has been idle long enough to draw them, 10,000 images are waiting.
            if linked:
                files.append(Later.generated(config, path, content=b""))
        elif write_now:
            dest = os.path.join(config.site_dir, *path.split("/"))
            write_file(make(), dest)
            files.append(File.generated(config, path, abs_src_path=dest))
        else:
            files.append(File.generated(config, path, content=make()))

    # The images are named only by og:image, which must be absolute: without site_url no page points to
    # them, and drawing them would be about half of a large desk's build for files nobody can reach.
    if config.site_url:
        for path, page, fact in share.share_image_list(project):
            key = keys and (keys.explainer(page) if fact is None else keys.card(page, fact))
            add(path, key, functools.partial(share.share_image, project, urls, config.site_name, cards, page, fact),
                linked=False)
    # The data files are generated Files (not written after the build) so links to them validate.
    everything = keys and ("data", keys.all_facts())
    add("facts.json", everything, lambda: facts_json(project, urls, history, parts), ours=True)
    csv_text = functools.cache(lambda: facts_csv(project, urls, parts))
    add("facts.csv", everything, csv_text, ours=True)
    # The standard exports beside them (annotations, CSL-JSON, the data package, facts.json's schema).
    made = functools.cache(lambda: exports.export_files(project, urls, config.site_name, csv_text(), parts))
    # Each article's text is made from its source alone, sources.csl.json from the sources.
    by_path: dict[str, Any] = {exports.article.article_path(s.id): keys and ("article", s.id, keys.source_version(s))
                               for s in project.sources}
    by_path[exports.csl.FILE] = keys and ("csl", keys.all_sources())
    for path in exports.export_paths(project):
        add(path, by_path.get(path, everything), functools.partial(lambda path: made()[path], path))
    # The editors' schemas at a stable address (schemas/facts.schema.json), the same bytes as the package's.
    for name in SCHEMAS:
        add(f"schemas/{name}.schema.json", keys and ("schema", name), functools.partial(schema_text, name))
