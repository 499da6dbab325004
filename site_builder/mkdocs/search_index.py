"""The desk's offline search index: the search records written into the built site at ``pagefind/``.

Pagefind's own binary (shipped in the ``pagefind_bin`` wheel) writes the index; it runs on this machine, reads
nothing else and sends nothing anywhere. It is driven through its service mode (``pagefind --service``: requests
and responses are base64 JSON, each ended by a comma) with every record sent at once: Pagefind's Python wrapper
waits 0.1 s for each response, which made 1,000 facts take 110 s; this takes about a second. The index comes back
in memory (``GetFiles``) and is written here: Pagefind's own ``WriteFiles`` answers before its writes are done, and
the service exits as soon as its input closes, so a file could be cut short. The same records give the same index
bytes. Only the files the site's own search script loads are kept (Pagefind's ready-made UIs are left out). The plugin calls this after MkDocs has written the site: under
``site-builder build`` into the scratch folder that is swapped in whole, so a failed index leaves the previous
site as it was.
"""

from __future__ import annotations

import base64
import json
import os
import shutil
import stat
import subprocess
import threading
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any

from ..render.search import SearchRecord
from .output import describe_os_error
from .later import Idle, Later

#: The folder of the index inside the site.
INDEX_DIR = "pagefind"
#: Pagefind's ready-made interfaces, which the site does not use (its own script shows the results).
UNUSED = ("pagefind-ui.js", "pagefind-ui.css", "pagefind-component-ui.js", "pagefind-component-ui.css",
          "pagefind-modular-ui.js", "pagefind-modular-ui.css", "pagefind-highlight.js")
#: Where to find the binary instead of the wheel's (Pagefind's own setting, honoured as its wrapper does).
BINARY_ENV = "PAGEFIND_BINARY_PATH"
_FAILED = "the search index could not be written"


class Aborted(Exception):
    """An index stopped before it was written (:meth:`Indexing.abort`): not a failure, a newer one comes."""


class SearchUnavailable(Exception):
    """The search index could not be written (Pagefind missing or failing); the message says why."""


def _binary() -> str:
    configured = os.environ.get(BINARY_ENV)
    if configured:
        return configured
    try:
        from pagefind_bin import get_executable
    except ImportError as exc:
        raise SearchUnavailable(f"{_FAILED}: Pagefind is not installed ({exc}); install site-builder with its "
                                "dependencies (pagefind_bin)") from exc
    try:
        return str(get_executable())
    except FileNotFoundError as exc:
        raise SearchUnavailable(f"{_FAILED}: the pagefind_bin package has no binary for this machine ({exc})") from exc


def _message(message_id: int, payload: dict[str, Any]) -> bytes:
    return base64.b64encode(json.dumps({"message_id": message_id, "payload": payload}).encode("utf-8")) + b","


class _Responses:
    """Reads the service's comma-ended responses from its stdout."""

    def __init__(self, stream: IO[bytes]) -> None:
        self.stream = stream
        self.buffer = b""

    def next(self) -> dict[str, Any]:
        while b"," not in self.buffer:
            chunk = self.stream.read1(65536)  # type: ignore[attr-defined]
            if not chunk:
                raise EOFError
            self.buffer += chunk
        raw, self.buffer = self.buffer.split(b",", 1)
        response: dict[str, Any] = json.loads(base64.b64decode(raw))
        payload: dict[str, Any] = response.get("payload") or {}
        if payload.get("type") == "Error":
            raise SearchUnavailable(f"{_FAILED}: Pagefind failed: {payload.get('message')}")
        return payload


def _index(binary: str, records: tuple[SearchRecord, ...], language: str,
           started: Callable[[subprocess.Popen[bytes]], None] = lambda proc: None) -> list[dict[str, str]]:
    """Return the files of the Pagefind index of ``records`` (path and base64 content), as Pagefind made them.

    ``started`` is told the Pagefind process as soon as it runs (:meth:`Indexing.abort` ends it).
    """
    proc = subprocess.Popen([binary, "--service"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL)
    started(proc)
    assert proc.stdin is not None and proc.stdout is not None
    stdin = proc.stdin
    try:
        responses = _Responses(proc.stdout)
        stdin.write(_message(0, {"type": "NewIndex", "config": {"force_language": language}}))
        stdin.flush()
        index_id = responses.next()["index_id"]
        messages = [_message(n, {"type": "AddRecord", "index_id": index_id, "url": r.url, "content": r.content,
                                 "language": language, "meta": {"title": r.title, "page": r.page},
                                 "filters": None, "sort": None})
                    for n, r in enumerate(records, start=1)]
        messages.append(_message(len(records) + 1, {"type": "GetFiles", "index_id": index_id}))

        def send() -> None:
            # From a thread: the service answers while it reads, and a full pipe must not stop either side.
            try:
                for m in messages:
                    stdin.write(m)
                stdin.flush()
            except OSError:
                pass  # the service ended; the reader says why

        writer = threading.Thread(target=send, name="pagefind-requests", daemon=True)
        writer.start()
        for _ in messages[:-1]:
            responses.next()
        files = responses.next().get("files") or []
        writer.join()
    except EOFError:
        raise SearchUnavailable(f"{_FAILED}: Pagefind stopped before writing it (exit status "
                                f"{proc.poll()})") from None
    finally:
        try:
            stdin.close()
        except OSError:
            pass
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
    return files


def _write_files(files: list[dict[str, str]], out: Path, update: bool = False,
                 known: dict[str, str] | None = None, link_from: Path | None = None) -> None:
    """Write the index Pagefind returned into ``out``, leaving out the interfaces the site does not use.

    With ``update``, ``out`` may hold an earlier index: only files whose bytes differ are written (Pagefind
    names most of its files by their content, so an edit changes a few), and the files it no longer has are
    deleted. ``known`` (path -> content as Pagefind gave it) holds what the last update wrote, for files the
    folder still has as written; it is brought up to date. With ``link_from`` (the index of the site a build
    replaces), a file that folder holds with the same bytes is hard-linked from it instead of written.
    """
    if link_from is not None and (link_from.is_symlink() or not link_from.is_dir()):
        link_from = None  # only files of the replaced site's own folder
    out.mkdir(parents=True, exist_ok=update)
    last = known if known is not None and update else {}
    now: dict[str, str] = {}
    before = {p for p in out.rglob("*") if p.is_file()} if update else set()
    folders = {out}
    for file in sorted(files, key=lambda f: f["path"]):
        relative = Path(file["path"])
        if relative.is_absolute() or ".." in relative.parts or not relative.parts:
            raise SearchUnavailable(f"{_FAILED}: Pagefind returned a file outside its folder: {file['path']!r}")
        if relative.as_posix() in UNUSED:
            continue
        target = out / relative
        now[file["path"]] = file["content"]
        if target in before:
            before.discard(target)
            if last.get(file["path"]) == file["content"]:
                continue
            content = base64.b64decode(file["content"])
            if target.stat().st_size == len(content) and target.read_bytes() == content:
                continue
        else:
            content = base64.b64decode(file["content"])
        if target.parent not in folders:
            target.parent.mkdir(parents=True, exist_ok=True)
            folders.add(target.parent)
        if link_from is not None and _same_file(link_from / relative, content):
            try:
                os.link(link_from / relative, target)
                continue
            except OSError:
                pass
        target.write_bytes(content)
    for stale in before:
        stale.unlink()
    if known is not None:
        known.clear()
        known.update(now)


def _same_file(path: Path, content: bytes) -> bool:
    """Return True when ``path`` is a regular file (not a link to one) holding exactly ``content``."""
    try:
        st = os.lstat(path)
        if not stat.S_ISREG(st.st_mode) or st.st_size != len(content):
            return False
        with open(path, "rb") as f:
            return f.read(len(content) + 1) == content
    except OSError:
        return False


def language_code(locale: str | None) -> str:
    """Return the ISO 639-1 code Pagefind indexes in, from the theme's locale ('en_GB' -> 'en')."""
    code = (locale or "en").replace("-", "_").split("_")[0].lower()
    return code if len(code) == 2 and code.isalpha() else "en"


class Indexing:
    """A Pagefind index being made while the build goes on: Pagefind works in its own process meanwhile.

    Started once the records are known (the plugin's ``on_files``); :meth:`write` waits for it and writes it.
    """

    def __init__(self, records: tuple[SearchRecord, ...], locale: str | None = None) -> None:
        self._files: list[dict[str, str]] = []
        self._error: BaseException | None = None
        self._lock = threading.Lock()
        self._proc: subprocess.Popen[bytes] | None = None
        self._aborted = False
        self._thread = threading.Thread(target=self._make, args=(records, language_code(locale)),
                                        name="pagefind-index", daemon=True)
        self._thread.start()

    def _make(self, records: tuple[SearchRecord, ...], language: str) -> None:
        try:
            self._files = _index(_binary(), records, language, self._started)
        except BaseException as exc:  # raised again in the build's own thread, by write()
            self._error = exc

    def _started(self, proc: subprocess.Popen[bytes]) -> None:
        with self._lock:
            self._proc = proc
            if self._aborted:
                proc.kill()

    def abort(self) -> None:
        """Stop making the index: Pagefind is ended, and :meth:`write` raises Aborted, writing nothing.

        An index already being written is finished (a folder never holds half of one).
        """
        with self._lock:
            self._aborted = True
            if self._proc is not None and self._proc.poll() is None:
                self._proc.kill()

    def write(self, site: Path, *, update: bool = False, known: dict[str, str] | None = None,
              link_from: Path | None = None) -> Path:
        """Write the index into ``site``/pagefind/ and return that folder; raise SearchUnavailable if it failed.

        With ``update`` (a serve rebuilding in place), the index there is brought up to date, file by file
        (``known``: what the last update wrote, see :func:`_write_files`). ``link_from``: the site a build
        replaces, whose index files with the same bytes are linked rather than written.
        """
        self._thread.join()
        if self._aborted:
            raise Aborted("the search index was not written: a newer build makes its own")
        if isinstance(self._error, OSError):
            raise SearchUnavailable(f"{_FAILED}: Pagefind did not run: {describe_os_error(self._error)}") \
                from self._error
        if self._error is not None:
            raise self._error
        out = site / INDEX_DIR
        if out.exists() and not (update and out.is_dir() and not out.is_symlink()):
            shutil.rmtree(out)  # a previous index of the same build folder
        try:
            _write_files(self._files, out.resolve(), update and out.is_dir(), known,
                         None if link_from is None else link_from / INDEX_DIR)
        except OSError as exc:
            raise SearchUnavailable(f"{_FAILED}: Pagefind did not run: {describe_os_error(exc)}") from exc
        if not (out / "pagefind.js").is_file():
            raise SearchUnavailable(f"{_FAILED}: Pagefind wrote no pagefind.js into {out}")
        return out


def write_index(records: tuple[SearchRecord, ...], site: Path, locale: str | None = None, *,
                update: bool = False) -> Path:
    """Write the Pagefind index of ``records`` into ``site``/pagefind/ and return that folder.

    With ``update`` (a serve rebuilding in place), the index there is brought up to date, file by file.
    Raises SearchUnavailable when Pagefind cannot run or fails.
    """
    return Indexing(records, locale).write(site, update=update)


class Pending:
    """Under `serve`: each build's index written from a thread, once the preview is idle, so it reloads before.

    Pagefind takes seconds for a large desk (about 3 s for 10,000 records) and must index every record again
    when one changes; the pages do not wait for it, and an editor saving again and again is not slowed by it:
    the index is made once the preview has been idle a moment, and a build that starts before stops it (the
    next build's index replaces it). Requests for the index wait (:func:`hold_index_requests`) until no build
    is running and the last build's index is written (at once, when one asks), so the preview never serves an
    index older than its pages. Indexes are written in the order of their builds.
    """

    def __init__(self) -> None:
        self._thread: threading.Thread | None = None
        self._no_build = threading.Event()  # set while no build runs
        self._no_build.set()
        self._waiting = Idle()  # the last index's wait for the preview to idle
        #: each written file's content as Pagefind returned it (base64), to skip comparing unchanged files on disk
        self.written: dict[str, str] = {}
        #: the index being made, while it is (cancel() aborts it)
        self._making: Indexing | None = None

    def build_started(self) -> None:
        """Hold requests for the index: a build is running, and its index will be newer."""
        self._no_build.clear()

    def build_ended(self) -> None:
        """Let requests for the index through once the index of the build that ended is written."""
        self._no_build.set()

    def start(self, make: Callable[[], Indexing | None], site: Path, done: Callable[[BaseException | None], None],
              *, idle: float = 0.0) -> None:
        """Write the index ``make()`` starts into ``site`` from a thread, after any earlier one; then call ``done``.

        ``make`` is called once the preview has been ``idle`` seconds; None means the folder's index is current.
        """
        earlier = self._thread
        waiting = self._waiting = Idle()

        def run() -> None:
            if earlier is not None:
                earlier.join()
            if not waiting.wait(idle):
                return  # a newer build's index comes instead
            try:
                indexing = self._making = make()
                if waiting.stopped() and indexing is not None:
                    indexing.abort()  # cancelled while make() started it
                if indexing is not None:
                    indexing.write(site, update=True, known=self.written)
            except Aborted:
                return  # cancelled: nothing was written, and the build that cancelled it makes its own
            except BaseException as exc:  # reported by ``done``, in the plugin's words
                self.written = {}
                done(exc)
            else:
                done(None)
            finally:
                self._making = None

        self._thread = threading.Thread(target=run, name="pagefind-write", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        """Drop the index not yet started (a new build makes its own); one being made is finished."""
        self._waiting.stop()

    def cancel(self) -> None:
        """Drop the index not yet started, stop the one being made, and return once nothing is being written.

        An index Pagefind is still making is abandoned (at a large desk that takes seconds, and the build
        that cancels, to empty the folder or set it aside, makes its own); one being written is finished.
        """
        self.stop()
        making = self._making
        if making is not None:
            making.abort()
        self.wait()

    def wait(self) -> None:
        """Return once every index started is written (now, if one was waiting for the preview to idle)."""
        self._waiting.hurry()
        thread = self._thread
        if thread is not None:
            thread.join()

    def wait_for_build(self) -> None:
        """Return once no build is running."""
        self._no_build.wait()

    def wait_for_index(self) -> None:
        """Return once no build is running and the last build's index is written."""
        self._no_build.wait()
        self.wait()


def hold_index_requests(server: Any, pending: Pending, later: Later | None = None) -> None:
    """Make MkDocs' LiveReloadServer answer requests for the search index only once ``pending`` is written.

    With ``later`` (mkdocs/later.py), a request for a file it is still to write waits for it too. The server's
    builder is wrapped to tell ``pending`` when a build runs (the server calls ``server.builder``).
    """
    serve_request, builder = server.serve_request, server.builder
    mount = str(getattr(server, "mount_path", "/"))

    def app(environ: dict[str, Any], start_response: Callable[..., Any]) -> Any:
        path = environ.get("PATH_INFO", "")
        if INDEX_DIR in path:
            pending.wait_for_index()
        if later is not None and path.startswith(mount) and not path.startswith("/livereload/"):
            pending.wait_for_build()  # a running build may hand a file to ``later`` as it ends
            later.wait_for(path[len(mount):])
        return serve_request(environ, start_response)

    def build(*args: Any, **kwargs: Any) -> Any:
        pending.build_started()
        try:
            return builder(*args, **kwargs)
        finally:
            pending.build_ended()

    server.set_app(app)
    server.builder = build
