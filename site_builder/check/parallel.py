"""A cold `check`'s pages verified in two processes: the pages are independent of one another.

When many pages are to be verified (a first run, a changed source) and the machine has two usable CPUs, the
process forks one worker once the sources are loaded (so the worker has them, and the verifier's index of them,
without reading anything again). Both verify pages at the same time, each taking the largest facts file left
(:func:`_queue`), so each has about half of the work however the machine shares its CPUs between them. The
worker sends back, over a pipe, each of its pages' verdict and what it used of the project's memos
(load/cache.py :meth:`Memo.traffic`), then exits; the parent takes both as if it had done that work itself, so
the output is the one a single process gives, in the same order, and the memos it writes back are the same (the
next warm check is as warm). The page scope files (load/shelf.py) the worker writes itself, one file per page;
such a file may hold more than one process would have put there: what the worker computed itself where one
process would have found it in memory, computed for an earlier page. The worker never writes back the memos,
and prints nothing (its standard output and error go to the null device).

A worker that fails (it raises, is killed, sends anything but a whole, well-formed reply) changes nothing:
the parent verifies its pages itself. Ctrl-C stops both (the parent kills the worker if it is still running);
a worker whose parent was killed stops after the page it is verifying.

``SITE_BUILDER_JOBS`` chooses: ``1`` always one process, ``2`` (or more) two whenever two pages or more are to be
verified, ``auto`` (or unset) two when at least :data:`MIN_PAGES` are, two CPUs are usable and the process holds
at most :data:`MAX_RESIDENT` of memory. Without
``os.fork`` (Windows), or when the process runs other threads (a fork copies only the calling one), the pages are
verified in one process.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import os
import signal
import sys
import threading
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from ..load.cache import Cache, dumps, loads

ENV = "SITE_BUILDER_JOBS"
#: Fewer pages to verify than this, and one process does it (a fork and the reply cost more than they save).
MIN_PAGES = 4
_MAGIC = b"site-builder pages 2\n"
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


def order(sizes: list[int]) -> list[int]:
    """Return the order in which two processes are to take the pages (indexes into ``sizes``, each page's facts
    file size): largest first. Empty when one process is to verify them all (see the module's docstring).
    """
    try:
        setting = jobs_setting()
    except ValueError:
        setting = None  # the command line reports it before checking (cli/commands.py)
    if setting == 1 or not hasattr(os, "fork") or threading.active_count() > 1:
        return []
    if len(sizes) < (MIN_PAGES if setting is None else 2) or (setting is None and usable_cpus() < 2):
        return []
    if setting is None and resident_bytes() > MAX_RESIDENT:
        return []
    return sorted(range(len(sizes)), key=lambda i: (-sizes[i], i))


#: A process holding more than this when its pages are to be verified (a desk of about 1.2 times size XL) verifies
#: them alone unless SITE_BUILDER_JOBS asks for two: every memory page either process writes to, if only a
#: reference count, is copied for it, so the worker could come to hold as much again. At size XL (10,000 sources)
#: the process holds about 520 MB then; one process peaks at about 1.1 GB, two at about 1.4 GB between them, in
#: two thirds of the time; at this limit two would come to about 1.7 GB.
MAX_RESIDENT = 640 * 1024 * 1024


def resident_bytes() -> int:
    """Return how much memory this process holds now (0 where the system does not say)."""
    try:
        with open("/proc/self/statm", "rb") as f:
            return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0


#: What a pipe holds on every system with os.fork (POSIX guarantees 4,096 bytes): the queue of pages (4 bytes
#: an entry) is written whole before the fork.
_QUEUE_ROOM = 4096


def _queue(entries: range) -> int:
    """Return the read end of a pipe holding ``entries`` (4 bytes each) and nothing more (its write end closed).

    Each process takes the next pages by reading 4 bytes: a pipe gives each read to one reader, so each page is
    taken once, and the process with more CPU time takes more pages (two processes on a busy machine rarely
    get the same share of it). An empty queue reads as its end: nobody waits on it.
    """
    read_end, write_end = os.pipe()
    try:
        view = memoryview(b"".join(n.to_bytes(4, "big") for n in entries))
        while view:
            view = view[os.write(write_end, view):]
    except OSError:
        os.close(read_end)
        raise
    finally:
        os.close(write_end)
    return read_end


def _taken(queue: int, first: int, ordered: list[int], block: int) -> Iterator[int]:
    """Yield ``ordered[first]``, then the pages this process takes from ``queue`` (each entry: ``block`` pages)."""
    yield ordered[first]
    while True:
        raw = os.read(queue, 4)
        if len(raw) != 4:  # the end (a read never splits an entry: every read takes 4 bytes)
            return
        start = int.from_bytes(raw, "big")
        yield from ordered[start:start + block]


def verify_pages(pages: list[int], sizes: list[int], verify: Callable[[int], dict[str, Any]], store: Cache,
                 encode: Callable[[dict[str, Any]], Any], decode: Callable[[Any], dict[str, Any]]
                 ) -> dict[int, dict[str, Any]]:
    """Return the verdict of each of ``pages`` (ids for ``verify``) that two processes verified; {} when not forked.

    ``sizes``: each page's facts file size; ``encode``/``decode``: a verdict as plain data and back (exactly).
    The parent starts with the largest page, the worker with the next one; then each takes the next largest
    left (:func:`_queue`). A page missing from the result (the worker failed) is the caller's to verify.
    """
    ordered = [pages[i] for i in order(sizes)]
    if not ordered:
        return {}
    since = {name: set(memo._used) for name, memo in store.memos.items()}
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):
            stream.flush()
    # One page an entry; with more pages than the queue holds (1,024), a few pages (the smallest next to each
    # other) an entry.
    block = max(1, -(-(len(ordered) - 2) // (_QUEUE_ROOM // 4)))
    try:
        queue = _queue(range(2, len(ordered), block))
    except OSError:
        return {}
    read_end, write_end = os.pipe()
    # The objects made so far are the collector's no more: neither process walks them (in the worker that would
    # copy the memory pages it shares with the parent), and the parent's collections stay as small as before.
    gc.freeze()
    parent = os.getpid()
    try:
        pid = os.fork()
    except OSError:
        gc.unfreeze()
        for fd in (queue, read_end, write_end):
            os.close(fd)
        return {}
    if pid == 0:  # pragma: no cover - the worker process (its coverage is not collected); tests check its results
        _worker(parent, read_end, write_end, _taken(queue, 1, ordered, block), verify, store, since, encode)
    os.close(write_end)
    out: dict[int, dict[str, Any]] = {}
    try:
        for page in _taken(queue, 0, ordered, block):
            out[page] = verify(page)
        reply = _read_all(read_end)
        _, status = os.waitpid(pid, 0)
        pid = 0
        if os.waitstatus_to_exitcode(status) == 0:
            out.update(_take(reply, [p for p in ordered if p not in out], store, decode))
    finally:
        os.close(read_end)
        os.close(queue)
        if pid:  # interrupted, or this process failed: the worker stops too
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGKILL)
            with contextlib.suppress(OSError):
                os.waitpid(pid, 0)
        gc.unfreeze()
    return out


def _worker(parent: int, read_end: int, write_end: int, share: Iterable[int],
            verify: Callable[[int], dict[str, Any]], store: Cache, since: dict[str, set[str]],
            encode: Callable[[dict[str, Any]], Any]) -> None:  # pragma: no cover - runs in the worker process
    """Verify the pages of ``share`` (as it yields them), write the reply to ``write_end``, and exit.

    It never returns, and never writes back the memos (the parent does, with what the reply holds). Once
    ``parent`` is gone (killed), it verifies no other page.
    """
    code = 1
    try:
        os.close(read_end)
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 1)
        os.dup2(devnull, 2)
        verdicts = []
        for page in share:
            if os.getppid() != parent:  # the parent was killed (it cannot be interrupted without stopping this one)
                return
            verdicts.append((page, dumps(encode(verify(page)))))
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


def _reply(verdicts: list[tuple[int, bytes]], memos: list[tuple[str, dict[str, bytes], bool, list[str]]]) -> bytes:
    """Return the worker's reply: the verdicts and memo traffic (load/cache.py's dumps), then a hash of all before it."""
    body = _MAGIC + dumps({"pages": [[page, raw] for page, raw in verdicts],
                           "memos": [[name, dirty, dropped, used] for name, used, dirty, dropped in memos]})
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
           ) -> tuple[dict[int, dict[str, Any]], list[tuple[str, dict[str, bytes], bool, list[str]]]]:
    body, tail = reply[:-32], reply[-32:]
    if len(reply) < len(_MAGIC) + 32 or not body.startswith(_MAGIC) or hashlib.sha256(body).digest() != tail:
        raise ValueError("not a whole reply")
    data = loads(body[len(_MAGIC):])
    pages = {}
    for page, raw in data["pages"]:
        if type(page) is not int or type(raw) is not bytes:
            raise TypeError("bad page")
        pages[page] = decode(loads(raw))
    memos = []
    for name, dirty, dropped, used in data["memos"]:
        if not (isinstance(name, str) and type(dirty) is bool and isinstance(dropped, list)
                and all(isinstance(k, str) for k in dropped) and isinstance(used, dict)
                and all(isinstance(k, str) and type(v) is bytes for k, v in used.items())):
            raise TypeError("bad memo")
        memos.append((name, used, dirty, dropped))
    if sorted(pages) != sorted(share):
        raise ValueError("not the pages asked for")
    return pages, memos


__all__ = ["ENV", "MAX_RESIDENT", "MIN_PAGES", "jobs_setting", "order", "resident_bytes", "usable_cpus", "verify_pages"]
