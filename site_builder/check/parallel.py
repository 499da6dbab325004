"""A cold `check`'s pages verified in two processes: the pages are independent of one another.

When many pages are to be verified (a first run, a changed source) and the machine has two usable CPUs, the
process forks one worker once the sources are loaded (so the worker has them, and the verifier's index of them,
without reading anything again). The worker verifies a share of the pages (balanced by the size of their
facts files), the parent the others at the same time. The worker sends back, over a pipe, each of its pages'
verdict and what it used of the project's memos (load/cache.py :meth:`Memo.traffic`), then exits; the parent
takes both as if it had done that work itself, so the output is the one a single process gives, in the same
order, and the cache it writes back is the same (the next warm check is as warm). The page scope files
(load/shelf.py) the worker writes itself: one file per page. The worker never writes back the memos, and
prints nothing (its standard output and error go to the null device).

A worker that fails (it raises, is killed, sends anything but a whole, well-formed reply) changes nothing:
the parent verifies its pages itself. Ctrl-C stops both (the parent kills the worker if it is still running).

``SITE_BUILDER_JOBS`` chooses: ``1`` always one process, ``2`` (or more) two whenever two pages or more are to be
verified, ``auto`` (or unset) two when at least :data:`MIN_PAGES` are and two CPUs are usable. Without
``os.fork`` (Windows), or when the process runs other threads (a fork copies only the calling one), the pages are
verified in one process.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import json
import os
import signal
import sys
import threading
from collections.abc import Callable
from typing import Any

from ..load.cache import Cache, _dumps

ENV = "SITE_BUILDER_JOBS"
#: Fewer pages to verify than this, and one process does it (a fork and the reply cost more than they save).
MIN_PAGES = 4
_MAGIC = b"site-builder pages 1\n"
_EXIT_INTERRUPTED = 130


def jobs_setting() -> int | None:
    """Return the number of processes ``SITE_BUILDER_JOBS`` asks for, None for ``auto`` (or unset).

    Raises ValueError, with the message to show, for anything else than a positive whole number or ``auto``.
    """
    raw = os.environ.get(ENV, "").strip().lower()
    if raw in ("", "auto"):
        return None
    if raw.isascii() and raw.isdigit() and int(raw) >= 1:
        return int(raw)
    raise ValueError(f"{ENV}={os.environ.get(ENV)!r}: write 1 (one process), 2 (two) or auto")


def usable_cpus() -> int:
    """Return how many CPUs this process may run on."""
    affinity = getattr(os, "sched_getaffinity", None)
    if affinity is not None:
        with contextlib.suppress(OSError):
            return len(affinity(0))
    return os.cpu_count() or 1


def worker_share(sizes: list[int]) -> list[int]:
    """Return the indexes (into ``sizes``, each page's facts file size) of the pages a worker is to verify.

    Empty when one process is to verify them all (see the module's docstring). The pages, largest first, each
    go to the process with less to do so far, so each has about half of the bytes to read and verify.
    """
    try:
        setting = jobs_setting()
    except ValueError:
        setting = None  # the command line reports it before checking (cli/commands.py)
    if setting == 1 or not hasattr(os, "fork") or threading.active_count() > 1:
        return []
    if len(sizes) < (MIN_PAGES if setting is None else 2) or (setting is None and usable_cpus() < 2):
        return []
    loads = [0, 0]  # the parent's, the worker's
    share = []
    for i in sorted(range(len(sizes)), key=lambda i: (-sizes[i], i)):
        # +1: an empty file still costs its page; ties go to the parent, which starts first.
        who = 0 if loads[0] <= loads[1] else 1
        loads[who] += sizes[i] + 1
        if who:
            share.append(i)
    return sorted(share)


def verify_pages(pages: list[int], sizes: list[int], verify: Callable[[int], dict[str, Any]], store: Cache,
                 encode: Callable[[dict[str, Any]], Any], decode: Callable[[Any], dict[str, Any]]
                 ) -> dict[int, dict[str, Any]]:
    """Return the verdict of each of ``pages`` (ids for ``verify``) that two processes verified; {} when not forked.

    ``sizes``: each page's facts file size; ``encode``/``decode``: a verdict as JSON data and back (exactly).
    A page missing from the result (the worker failed) is the caller's to verify.
    """
    share = [pages[i] for i in worker_share(sizes)]
    if not share:
        return {}
    theirs = set(share)
    mine = [p for p in pages if p not in theirs]
    since = {name: set(memo._used) for name, memo in store.memos.items()}
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):
            stream.flush()
    read_end, write_end = os.pipe()
    # The objects made so far are the collector's no more: neither process walks them (in the worker that would
    # copy the memory pages it shares with the parent), and the parent's collections stay as small as before.
    gc.freeze()
    try:
        pid = os.fork()
    except OSError:
        gc.unfreeze()
        os.close(read_end)
        os.close(write_end)
        return {}
    if pid == 0:  # pragma: no cover - the worker process (its coverage is not collected); tests check its results
        _worker(read_end, write_end, share, verify, store, since, encode)
    os.close(write_end)
    out: dict[int, dict[str, Any]] = {}
    try:
        for page in mine:
            out[page] = verify(page)
        reply = _read_all(read_end)
        _, status = os.waitpid(pid, 0)
        pid = 0
        if os.waitstatus_to_exitcode(status) == 0:
            out.update(_take(reply, share, store, decode))
    finally:
        os.close(read_end)
        if pid:  # interrupted, or this process failed: the worker stops too
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGKILL)
            with contextlib.suppress(OSError):
                os.waitpid(pid, 0)
        gc.unfreeze()
    return out


def _worker(read_end: int, write_end: int, share: list[int], verify: Callable[[int], dict[str, Any]],
            store: Cache, since: dict[str, set[str]], encode: Callable[[dict[str, Any]], Any]
            ) -> None:  # pragma: no cover - runs in the worker process
    """Verify ``share``, write the reply to ``write_end``, and exit: never return, never write back the cache."""
    code = 1
    try:
        os.close(read_end)
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 1)
        os.dup2(devnull, 2)
        verdicts = [(page, _dumps(encode(verify(page)))) for page in share]
        memos = [(name, *memo.traffic(since.get(name, set()))) for name, memo in list(store.memos.items())]
        reply = _reply(verdicts, memos)
        view = memoryview(reply)
        while view:
            view = view[os.write(write_end, view):]
        code = 0
    except KeyboardInterrupt:
        code = _EXIT_INTERRUPTED
    except BaseException:  # anything: the parent verifies these pages itself
        code = 1
    finally:
        os._exit(code)


def _reply(verdicts: list[tuple[int, str]], memos: list[tuple[str, dict[str, str], bool, list[str]]]) -> bytes:
    """Return the worker's reply: a header (JSON: every part's length), the parts, and a hash of all before it."""
    parts: list[bytes] = []

    def part(text: str) -> int:
        raw = text.encode("utf-8", "surrogatepass")
        parts.append(raw)
        return len(raw)

    header = {"pages": [[page, part(text)] for page, text in verdicts],
              "memos": [[name, dirty, dropped, [[key, part(text)] for key, text in used.items()]]
                        for name, used, dirty, dropped in memos]}
    head = json.dumps(header, separators=(",", ":")).encode()
    body = b"".join([_MAGIC, len(head).to_bytes(8, "big"), head, *parts])
    return body + hashlib.sha256(body).digest()


def _read_all(fd: int) -> bytes:
    chunks: list[bytes] = []
    while True:
        chunk = os.read(fd, 1 << 20)
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)


def _take(reply: bytes, share: list[int], store: Cache, decode: Callable[[Any], dict[str, Any]]
          ) -> dict[int, dict[str, Any]]:
    """Return the verdicts of a whole, well-formed reply to ``share``, its memo traffic merged into ``store``; else {}."""
    try:
        pages, memos = _parse(reply, share, decode)
    except (ValueError, TypeError, KeyError, IndexError, AttributeError, UnicodeDecodeError):
        return {}
    for name, used, dirty, dropped in memos:
        store.merge(name, used, dirty, dropped)
    return pages


def _parse(reply: bytes, share: list[int], decode: Callable[[Any], dict[str, Any]]
           ) -> tuple[dict[int, dict[str, Any]], list[tuple[str, dict[str, str], bool, list[str]]]]:
    body, tail = reply[:-32], reply[-32:]
    if len(reply) < len(_MAGIC) + 40 or not body.startswith(_MAGIC) or hashlib.sha256(body).digest() != tail:
        raise ValueError("not a whole reply")
    at = len(_MAGIC)
    size = int.from_bytes(body[at:at + 8], "big")
    at += 8
    header = json.loads(body[at:at + size])
    at += size

    def text(length: Any) -> str:
        nonlocal at
        if type(length) is not int or length < 0 or at + length > len(body):
            raise ValueError("bad length")
        raw = body[at:at + length]
        at += length
        return raw.decode("utf-8", "surrogatepass")

    pages = {}
    for page, length in header["pages"]:
        pages[page] = decode(json.loads(text(length)))
    memos = []
    for name, dirty, dropped, entries in header["memos"]:
        if not (isinstance(name, str) and type(dirty) is bool and isinstance(dropped, list)
                and all(isinstance(k, str) for k in dropped)):
            raise TypeError("bad memo")
        used = {}
        for key, length in entries:
            if not isinstance(key, str):
                raise TypeError("bad key")
            used[key] = text(length)
        memos.append((name, used, dirty, dropped))
    if at != len(body) or sorted(pages) != sorted(share):
        raise ValueError("not the pages asked for")
    return pages, memos


__all__ = ["ENV", "MIN_PAGES", "jobs_setting", "usable_cpus", "verify_pages", "worker_share"]
