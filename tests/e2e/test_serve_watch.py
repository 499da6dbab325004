"""The live preview's watcher: folders through the system's file events, mkdocs.yml and `--poll` by polling.

MkDocs' own LiveReloadServer (not serving) is given the watches `serve` gives it; a save in a watched folder and
two saves of mkdocs.yml by writing a new file over it (as editors save) must each make it want a rebuild.
"""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

import pytest
from watchdog.observers.polling import PollingObserver

from site_builder.mkdocs import watch

WAIT_S = 10.0


def _server(tmp_path: Path) -> Any:
    from mkdocs.livereload import LiveReloadServer

    (tmp_path / "site").mkdir()
    server = LiveReloadServer(builder=lambda: None, host="127.0.0.1", port=0, root=str(tmp_path / "site"))
    for folder in ("docs", "facts", "seeds"):
        (tmp_path / folder).mkdir()
        server.watch(str(tmp_path / folder))
    (tmp_path / "mkdocs.yml").write_text("site_name: a\n", "utf-8")
    server.watch(str(tmp_path / "mkdocs.yml"))
    server.watch(str(tmp_path / "facts"))  # watched twice, as a plugin may
    return server


def _noticed(server: Any, change: Any) -> bool:
    with server._rebuild_cond:
        server._want_rebuild = False
    change()
    deadline = time.monotonic() + WAIT_S
    while time.monotonic() < deadline:
        with server._rebuild_cond:
            if server._want_rebuild:
                return True
        time.sleep(0.02)
    return False


def _quiet(server: Any, action: Any, wait_s: float = 1.0) -> bool:
    """Return True when ``action`` makes the server want no rebuild within ``wait_s``."""
    with server._rebuild_cond:
        server._want_rebuild = False
    action()
    time.sleep(wait_s)
    with server._rebuild_cond:
        return not server._want_rebuild


def _replace(path: Path, text: str) -> None:
    new = path.with_name(path.name + ".new")
    new.write_text(text, "utf-8")
    os.replace(new, path)


def test_folders_are_watched_by_events_and_mkdocs_yml_by_polling(tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(watch.WATCH_ENV, raising=False)
    server = _server(tmp_path)
    assert watch.use_native_events(server)
    assert isinstance(server.observer, watch.Observers)
    assert not isinstance(server.observer.native, PollingObserver)
    assert set(server._watched_paths) == {str(tmp_path / f) for f in ("docs", "facts", "seeds", "mkdocs.yml")}
    assert server._watched_paths[str(tmp_path / "facts")] == 2
    server.observer.start()
    try:
        assert _noticed(server, lambda: (tmp_path / "facts" / "page.yaml").write_text("facts: []\n", "utf-8"))
        time.sleep(0.3)  # the write's own events are past
        # A build reads the watched files: reading one (opened, closed unwritten) is not a change.
        assert _quiet(server, (tmp_path / "facts" / "page.yaml").read_bytes)
        assert _quiet(server, lambda: os.listdir(tmp_path / "seeds"))
        assert _noticed(server, lambda: os.utime(tmp_path / "facts" / "page.yaml", ns=(1, 2)))
        assert _noticed(server, lambda: (tmp_path / "seeds" / "a.txt").write_text("Words.\n", "utf-8"))
        (tmp_path / "seeds" / "new").mkdir()
        time.sleep(0.2)  # a folder made while watching is watched too
        assert _noticed(server, lambda: (tmp_path / "seeds" / "new" / "b.txt").write_text("More.\n", "utf-8"))
        assert _noticed(server, lambda: _replace(tmp_path / "mkdocs.yml", "site_name: bb\n"))
        assert _noticed(server, lambda: _replace(tmp_path / "mkdocs.yml", "site_name: ccc\n"))
        server.unwatch(str(tmp_path / "facts"))
        server.unwatch(str(tmp_path / "facts"))
        assert str(tmp_path / "facts") not in server._watched_paths
    finally:
        server.observer.stop()
        server.observer.join()


def test_poll_keeps_mkdocs_polling(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(watch.WATCH_ENV, "poll")
    server = _server(tmp_path)
    before = server.observer
    assert not watch.use_native_events(server)
    assert server.observer is before and isinstance(before, PollingObserver)
