"""Under `serve`: the site-wide files of a build written after the preview shows its pages.

After an edit at a large desk, most of a rebuild's time goes to files that sum up the whole desk and that the
editor is not looking at: the coverage report (tens of thousands of rows), the sources index, facts.json,
facts.csv and the other exports. A serve build whose site inputs did not change (mkdocs/rebuild.py) keeps them
as they are in MkDocs' files and hands them here: they are made and written from a thread once MkDocs has
written the pages, so the reloaded page does not wait for them. A page is written into the shell (everything
around the page's body) MkDocs gave it last time: the shell depends only on the site's inputs, so it is the
same bytes MkDocs would write.

Requests for a file still to be written wait for it (:meth:`Later.holds`), so the preview never serves a file
older than its pages. The next build does not wait for them: it stops the writing after the file being written
(:meth:`Later.cancel`) and makes the files not written again itself, as changed.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from pathlib import Path

#: (the file's path in the site folder, a function that returns its bytes or text)
Job = tuple[str, Callable[[], "str | bytes"]]


class Later:
    """The files of the last serve build still to be written, written in order from one thread."""

    def __init__(self) -> None:
        self._thread: threading.Thread | None = None
        self._paths: frozenset[str] = frozenset()
        self._stop = threading.Event()
        self._left: list[str] = []

    def start(self, site: Path, jobs: list[Job], failed: Callable[[str, BaseException], None]) -> None:
        """Write each job's file into ``site`` from a thread; call ``failed`` with the path of one that fails."""
        self.wait()
        if not jobs:
            return
        self._paths = frozenset(path for path, _ in jobs)
        self._stop = stop = threading.Event()
        left = self._left = [path for path, _ in jobs]

        def run() -> None:
            for path, make in jobs:
                if stop.is_set():
                    return
                try:
                    _write(site / path, make())
                except Exception as exc:  # reported by ``failed``, in the plugin's words
                    failed(path, exc)
                left.remove(path)

        self._thread = threading.Thread(target=run, name="serve-write-later", daemon=True)
        self._thread.start()

    def wait(self) -> None:
        """Return once every file started is written."""
        thread = self._thread
        if thread is not None:
            thread.join()
            self._thread, self._paths, self._left = None, frozenset(), []

    def cancel(self) -> list[str]:
        """Stop writing after the file being written; return the paths of the files not written."""
        self._stop.set()
        left = self._left
        self.wait()
        return left

    def holds(self, request_path: str) -> bool:
        """Return True when the site file a request for ``request_path`` (from the site's root) reads is to come."""
        thread = self._thread
        if thread is None or not thread.is_alive():
            return False
        rel = request_path.lstrip("/")
        return bool({rel, rel + "index.html", rel + "/index.html"} & self._paths)


def _write(path: Path, content: str | bytes) -> None:
    """Write ``content`` to ``path`` whole: a reader sees the old file or the new one, never part of it."""
    data = content.encode("utf-8") if isinstance(content, str) else content
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")  # as MkDocs makes files
    try:
        with open(tmp, "wb") as out:
            out.write(data)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
