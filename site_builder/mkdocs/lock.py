"""One writer at a time: an advisory lock (``flock``) on the folder a command writes into.

Commands that change ``sources.yaml`` or ``seeds/`` lock the project folder; ``build`` locks the folder that
holds the output folder (the output folder itself is swapped whole, so its own inode does not last). The
lock is taken on the folder itself, so no lock file is ever left behind, and the kernel releases it when
the process ends however it ends (a SIGKILL included): a stale lock cannot exist.

A second writer waits, saying once what it waits for, up to ``SITE_BUILDER_LOCK_TIMEOUT`` seconds
(default 120), then gives up with a clear error and changes nothing.
"""

from __future__ import annotations

import errno
import fcntl
import os
import sys
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

DEFAULT_TIMEOUT = 120.0
POLL_SECONDS = 0.05


class LockTimeout(Exception):
    """Another site-builder kept the folder locked for longer than the wait allows."""


def timeout_seconds() -> float:
    """Return the longest wait for a lock: $SITE_BUILDER_LOCK_TIMEOUT seconds, else the default."""
    raw = os.environ.get("SITE_BUILDER_LOCK_TIMEOUT", "")
    try:
        value = float(raw)
    except ValueError:
        return DEFAULT_TIMEOUT
    return value if value >= 0 else DEFAULT_TIMEOUT


@contextmanager
def locked(folder: Path, what: str, timeout: float | None = None) -> Iterator[None]:
    """Hold an exclusive advisory lock on ``folder`` for the ``with`` block (waiting for it if need be).

    ``what`` names the folder in the waiting message ("the project", "the output folder's parent").
    Raises LockTimeout when the wait runs out, OSError when the folder cannot be opened.
    """
    limit = timeout_seconds() if timeout is None else timeout
    fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    try:
        deadline = time.monotonic() + limit
        said = False
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except OSError as exc:
                if exc.errno not in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES):
                    raise
            if time.monotonic() >= deadline:
                raise LockTimeout(f"another site-builder command has been writing {what} ({folder}) for over "
                                  f"{limit:g} s; nothing was changed. Try again when it has finished "
                                  "(SITE_BUILDER_LOCK_TIMEOUT sets the wait)")
            if not said:
                print(f"waiting for another site-builder command writing {what} ({folder}) to finish…",
                      file=sys.stderr)
                said = True
            time.sleep(POLL_SECONDS)
        yield
    finally:
        os.close(fd)  # closing the only descriptor releases the lock
