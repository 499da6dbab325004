"""How the live preview notices a saved file: the system's file events where they work, else MkDocs' polling.

MkDocs 1.6 watches with watchdog's polling observer, which looks at every watched file each 0.5 s: on average a
quarter of a second passes before a save is even noticed, and a large desk's thousands of articles are listed
twice a second. Where the system reports file events (inotify on Linux, FSEvents on macOS, the Windows API),
the server's folders are watched through them instead, so a save is seen as it happens. A single watched file
(mkdocs.yml) is still polled: editors save by writing a new file over the old one, and an event watch on a
file follows the replaced one, not the name. Events do not arrive through some mounts (network folders, a
container's view of its host's files): there ``SITE_BUILDER_WATCH=poll`` (``site-builder serve --poll``) keeps
MkDocs' polling for everything.

Only changes reach the server: inotify also reports a file being opened and closed unwritten, and a build reads
the watched files, so passing those on would make every build ask for the next one (at L, two or three builds
after each save, and the preview waits for all of them).
"""

from __future__ import annotations

import logging
import os
from typing import Any

log = logging.getLogger(__name__)

#: The environment variable that keeps MkDocs' polling observer (``poll``); ``site-builder serve --poll`` sets it.
WATCH_ENV = "SITE_BUILDER_WATCH"


class Observers:
    """One observer to the server: folders through the system's file events, single files by polling."""

    def __init__(self, native: Any, polling: Any) -> None:
        self.native, self.polling = native, polling
        self._by_watch: dict[Any, Any] = {}

    def schedule(self, handler: Any, path: str, *, recursive: bool = False) -> Any:
        """Watch ``path`` for ``handler``: a folder by its events (changes only), anything else by polling."""
        if os.path.isdir(path):
            observer, handler = self.native, _Changes(handler)
        else:
            observer = self.polling
        watch = observer.schedule(handler, path, recursive=recursive)
        self._by_watch[watch] = observer
        return watch

    def unschedule(self, watch: Any) -> None:
        """Stop watching what :meth:`schedule` returned ``watch`` for."""
        self._by_watch.pop(watch).unschedule(watch)

    def start(self) -> None:
        """Start both observers."""
        self.native.start()
        self.polling.start()

    def stop(self) -> None:
        """Stop both observers."""
        self.native.stop()
        self.polling.stop()

    def join(self, timeout: float | None = None) -> None:
        """Wait for both observers to end."""
        self.native.join(timeout)
        self.polling.join(timeout)


#: The events that are a change to a file or folder (watchdog's event types); not "opened", "closed_no_write".
CHANGES = frozenset({"created", "modified", "deleted", "moved", "closed", "attrib"})


class _Changes:
    """An event handler that passes on to ``handler`` only the events that change something."""

    def __init__(self, handler: Any) -> None:
        self.handler = handler

    def dispatch(self, event: Any) -> None:
        if event.event_type in CHANGES:
            self.handler.dispatch(event)


def use_native_events(server: Any) -> bool:
    """Watch the folders of ``server`` (MkDocs' LiveReloadServer, not started) by file events; True when it does.

    The paths it already watches are watched again through :class:`Observers`. Nothing changes when polling is
    asked for, when the system has no file events, when the server is not the one this was written against, or
    when the events cannot be set up for every folder (the system's limit on watches): the server then polls.
    """
    if os.environ.get(WATCH_ENV, "").strip().lower() == "poll":
        return False
    from watchdog.observers import Observer
    from watchdog.observers.polling import PollingObserver

    watched = getattr(server, "_watched_paths", None)
    old = getattr(server, "observer", None)
    if Observer is PollingObserver or not isinstance(watched, dict) or not isinstance(old, PollingObserver):
        return False
    if not _can_watch(Observer, [p for p in watched if os.path.isdir(p)]):
        return False
    counts = dict(watched)
    for path, n in counts.items():
        for _ in range(n):
            server.unwatch(path)
    server.observer = Observers(Observer(), PollingObserver(timeout=old.timeout))
    for path, n in counts.items():
        for _ in range(n):
            server.watch(path)
    return True


def _can_watch(observer_class: Any, folders: list[str]) -> bool:
    """Return True when an observer of ``observer_class`` can watch all of ``folders`` (tried, then stopped)."""
    from watchdog.events import FileSystemEventHandler

    probe = observer_class()
    try:
        handler = FileSystemEventHandler()
        for folder in folders:
            probe.schedule(handler, folder, recursive=True)
        probe.start()
    except OSError as exc:
        log.info(f"file events unavailable ({exc}); watching by polling")
        return False
    finally:
        if probe.is_alive():
            probe.stop()
            probe.join()
    return True
