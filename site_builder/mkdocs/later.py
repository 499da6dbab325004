"""Under `serve`: the site-wide files of a build written after the preview shows its pages.

After an edit at a large desk, most of a rebuild's time goes to files that sum up the whole desk and that the
editor is not looking at: the coverage report (tens of thousands of rows), the sources index, facts.json,
facts.csv and the other exports; and the share images, which only og:image names (for link previews). A serve
build whose site inputs did not change (mkdocs/rebuild.py) keeps those files as they are in MkDocs' files (the
share images in any serve build, the first one too) and hands them here: they are made and written from a thread once MkDocs has
written the pages, so the reloaded page does not wait for them. A page is written into the shell (everything
around the page's body) MkDocs gave it last time: the shell depends only on the site's inputs, so it is the
same bytes MkDocs would write.

Requests for a file still to be written wait for it (:meth:`Later.holds`), so the preview never serves a file
older than its pages. The writing waits for the preview to be idle a moment, so an editor saving again and again
is not slowed by it; the next build does not wait for it either: it stops the writing after the file being
written (:meth:`Later.cancel`) and makes the files not written itself, as changed.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from pathlib import Path

#: (the file's path in the site folder, a function that returns its bytes or text)
Job = tuple[str, Callable[[], "str | bytes"]]


class Idle:
    """A wait for the preview to be idle, cut short by :meth:`hurry` (something asks for what comes after it) or
    by :meth:`stop` (a new build: what comes after it is dropped)."""

    def __init__(self) -> None:
        self._stopped, self._now = threading.Event(), threading.Event()

    def wait(self, seconds: float) -> bool:
        """Wait at most ``seconds``; return False when stopped (before or while waiting)."""
        self._now.wait(seconds)
        return not self.stopped()

    def stopped(self) -> bool:
        """Return True once :meth:`stop` was called."""
        return self._stopped.is_set()

    def hurry(self) -> None:
        """End the wait now."""
        self._now.set()

    def stop(self) -> None:
        """End the wait now, and what was to follow it."""
        self._stopped.set()
        self._now.set()


class Later:
    """The files of the last serve build still to be written, written in order from one thread."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self._idle = Idle()
        #: the paths still to be written, in order (a dict: tens of thousands of files at a large desk)
        self._left: dict[str, None] = {}
        #: notified as each file is written (:meth:`wait_for`)
        self._done = threading.Condition()

    def start(self, site: Path, jobs: list[Job], failed: Callable[[str, BaseException], None], *,
              idle: float = 0.0) -> None:
        """Write each job's file into ``site`` from a thread; call ``failed`` with the path of one that fails.

        The writing starts once the preview has been ``idle`` seconds (no new build, no request for one of the
        files): a save right after the last one stops it before it has started.
        """
        self.wait()
        if not jobs:
            return
        waiting = Idle()
        left = dict.fromkeys(path for path, _ in jobs)
        done = threading.Condition()

        def run() -> None:
            if not waiting.wait(idle):
                return
            for path, make in jobs:
                if waiting.stopped():
                    return
                try:
                    _write(site / path, make())
                except Exception as exc:  # reported by ``failed``, in the plugin's words
                    failed(path, exc)
                with done:
                    left.pop(path, None)
                    done.notify_all()

        thread = threading.Thread(target=run, name="serve-write-later", daemon=True)
        with self._lock:
            self._thread, self._idle, self._left, self._done = thread, waiting, left, done
        thread.start()

    def wait(self) -> None:
        """Return once every file started is written (now, if the writing was waiting for the preview to idle)."""
        self._end(stop=False)

    def cancel(self) -> list[str]:
        """Stop writing after the file being written; return the paths of the files not written."""
        return self._end(stop=True)

    def _end(self, *, stop: bool) -> list[str]:
        with self._lock:
            thread, waiting, left = self._thread, self._idle, self._left
        if thread is None:
            return []
        if stop:
            waiting.stop()
        else:
            waiting.hurry()
        thread.join()
        with self._lock:
            if self._thread is thread:
                self._thread, self._left = None, {}
        return list(left)

    def holds(self, request_path: str) -> bool:
        """Return True when the site file a request for ``request_path`` (from the site's root) reads is to come."""
        return self._pending(request_path) is not None

    def wait_for(self, request_path: str) -> None:
        """Return once the site file a request for ``request_path`` reads is written (now, if it was to wait)."""
        pending = self._pending(request_path)
        if pending is None:
            return
        thread, waiting, left, done, path = pending
        waiting.hurry()
        with done:
            while path in left and thread.is_alive():
                done.wait(0.05)

    def _pending(self, request_path: str
                 ) -> tuple[threading.Thread, Idle, dict[str, None], threading.Condition, str] | None:
        with self._lock:
            thread, waiting, left, done = self._thread, self._idle, self._left, self._done
        if thread is None or not thread.is_alive():
            return None
        rel = request_path.lstrip("/")
        for path in (rel, rel + "index.html", rel + "/index.html"):
            if path in left:
                return thread, waiting, left, done, path
        return None


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
