"""The desk's offline search index: the search records written into the built site at ``pagefind/``.

Pagefind (the ``pagefind`` package, which runs the binary the ``pagefind_bin`` wheel ships) writes the index;
it runs on this machine, reads nothing else and sends nothing anywhere. The same records give the same index
bytes. Only the files the site's own search script loads are kept (Pagefind's ready-made UIs are left out).
The plugin calls this after MkDocs has written the site: under ``site-builder build`` into the scratch folder
that is swapped in whole, so a failed index leaves the previous site as it was.
"""

from __future__ import annotations

import asyncio
import os
import shutil
from pathlib import Path

from ..render.search import SearchRecord
from .output import describe_os_error

#: The folder of the index inside the site.
INDEX_DIR = "pagefind"
#: Pagefind's ready-made interfaces, which the site does not use (its own script shows the results).
UNUSED = ("pagefind-ui.js", "pagefind-ui.css", "pagefind-component-ui.js", "pagefind-component-ui.css",
          "pagefind-modular-ui.js", "pagefind-modular-ui.css", "pagefind-highlight.js")


class SearchUnavailable(Exception):
    """The search index could not be written (Pagefind missing or failing); the message says why."""


async def _write(records: tuple[SearchRecord, ...], out: Path, language: str) -> None:
    from pagefind.index import PagefindIndex

    async with PagefindIndex(config={"force_language": language}) as index:
        for record in records:
            await index.add_custom_record(url=record.url, content=record.content, language=language,
                                          meta={"title": record.title, "page": record.page})
        await index.write_files(output_path=str(out))


def language_code(locale: str | None) -> str:
    """Return the ISO 639-1 code Pagefind indexes in, from the theme's locale ('en_GB' -> 'en')."""
    code = (locale or "en").replace("-", "_").split("_")[0].lower()
    return code if len(code) == 2 and code.isalpha() else "en"


def write_index(records: tuple[SearchRecord, ...], site: Path, locale: str | None = None) -> Path:
    """Write the Pagefind index of ``records`` into ``site``/pagefind/ and return that folder.

    Raises SearchUnavailable when Pagefind cannot run.
    """
    out = site / INDEX_DIR
    if out.exists():
        shutil.rmtree(out)  # a previous index of the same build folder (serve rebuilds in place)
    try:
        asyncio.run(_write(records, out, language_code(locale)))
    except ImportError as exc:
        raise SearchUnavailable(f"the search index could not be written: Pagefind is not installed ({exc}); "
                                "install site-builder with its dependencies (pagefind[bin])") from exc
    except OSError as exc:
        raise SearchUnavailable(f"the search index could not be written: Pagefind did not run: "
                                f"{describe_os_error(exc)}") from exc
    except Exception as exc:  # the service's own errors (a failed request) carry its message
        raise SearchUnavailable(f"the search index could not be written: Pagefind failed: {exc}") from exc
    for name in UNUSED:
        path = out / name
        if path.is_file():
            os.remove(path)
    return out
