"""The site-wide files a serve build writes after its pages (mkdocs/later.py), and the requests that wait for them.

Real threads, real files, and MkDocs' own LiveReloadServer (not serving: its WSGI app is called directly) with
the request hold `serve` gives it: a request for a file still to be written must get the new file, a request for
any other file must not wait, and a build that starts stops the writing and is told what was not written.
"""

from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import Any

from site_builder.mkdocs import later, search_index

WAIT_S = 10.0


def _blocked(gate: threading.Event, content: str) -> Any:
    def make() -> str:
        assert gate.wait(WAIT_S)
        return content
    return make


def test_files_are_written_in_order_and_a_request_waits_only_for_its_own(tmp_path: Path) -> None:
    (tmp_path / "editors").mkdir()
    (tmp_path / "editors" / "index.html").write_text("old report", "utf-8")
    writer = later.Later()
    gate = threading.Event()
    failures: list[tuple[str, BaseException]] = []
    writer.start(tmp_path, [("editors/index.html", _blocked(gate, "new report")),
                            ("facts.json", lambda: b'{"facts": []}')], lambda p, e: failures.append((p, e)))
    assert writer.holds("editors/") and writer.holds("editors/index.html") and writer.holds("facts.json")
    assert not writer.holds("page-001/") and not writer.holds("editors/other.html")
    assert (tmp_path / "editors" / "index.html").read_text("utf-8") == "old report"  # not before it is made
    gate.set()
    writer.wait()
    assert (tmp_path / "editors" / "index.html").read_text("utf-8") == "new report"
    assert (tmp_path / "facts.json").read_bytes() == b'{"facts": []}'
    assert not writer.holds("editors/") and not failures
    assert not list(tmp_path.rglob(".*"))  # no temporary file left behind


def test_a_failed_file_is_reported_and_the_others_are_still_written(tmp_path: Path) -> None:
    writer = later.Later()
    failures: list[str] = []

    def broken() -> str:
        raise OSError(28, "No space left on device")

    writer.start(tmp_path, [("a.json", broken), ("b.json", lambda: "b")], lambda p, e: failures.append(p))
    writer.wait()
    assert failures == ["a.json"]
    assert not (tmp_path / "a.json").exists() and (tmp_path / "b.json").read_text("utf-8") == "b"


def test_cancel_stops_after_the_file_being_written_and_returns_the_rest(tmp_path: Path) -> None:
    writer = later.Later()
    gate = threading.Event()
    writer.start(tmp_path, [("one.html", _blocked(gate, "1")), ("two.json", lambda: "2"), ("three.csv", lambda: "3")],
                 lambda p, e: None)
    threading.Timer(0.2, gate.set).start()
    assert writer.cancel() == ["two.json", "three.csv"]
    assert (tmp_path / "one.html").read_text("utf-8") == "1"
    assert not (tmp_path / "two.json").exists() and not (tmp_path / "three.csv").exists()
    assert writer.cancel() == []  # nothing running: nothing left


def _call(app: Any, path: str) -> bytes:
    status: list[str] = []
    body = b"".join(app({"PATH_INFO": path, "REQUEST_METHOD": "GET"}, lambda s, h: status.append(s)))
    assert status and status[0].startswith("200"), (path, status)
    return body


def test_the_preview_holds_a_request_for_a_file_to_come_until_it_is_written(tmp_path: Path) -> None:
    from mkdocs.livereload import LiveReloadServer

    site = tmp_path / "site"
    (site / "editors").mkdir(parents=True)
    (site / "editors" / "index.html").write_text("<p>old report</p>", "utf-8")
    (site / "page-001").mkdir()
    (site / "page-001" / "index.html").write_text("<p>the edited page</p>", "utf-8")
    server = LiveReloadServer(builder=lambda: None, host="127.0.0.1", port=0, root=str(site))
    pending, writer = search_index.Pending(), later.Later()
    search_index.hold_index_requests(server, pending, writer)
    app = server.get_app()
    gate = threading.Event()
    writer.start(site, [("editors/index.html", _blocked(gate, "<p>new report</p>"))], lambda p, e: None)
    # The edited page is served at once, while the report is still being made.
    assert b"the edited page" in _call(app, "/page-001/")
    got: list[bytes] = []
    asking = threading.Thread(target=lambda: got.append(_call(app, "/editors/")))
    asking.start()
    time.sleep(0.3)
    assert not got  # waiting: the old report is not served
    gate.set()
    asking.join(WAIT_S)
    assert got and b"new report" in got[0]


def test_the_writing_waits_for_the_preview_to_idle_unless_a_request_asks_for_a_file(tmp_path: Path) -> None:
    writer = later.Later()
    gate = threading.Event()
    writer.start(tmp_path, [("facts.json", lambda: "{}"), ("editors/index.html", _blocked(gate, "report"))],
                 lambda p, e: None, idle=60.0)
    time.sleep(0.3)
    assert not (tmp_path / "facts.json").exists(), "nothing is written while the preview may be saved again"
    started = time.monotonic()
    writer.wait_for("/facts.json")  # a request: the writing starts now, and the request waits for its file only
    assert time.monotonic() - started < WAIT_S
    assert (tmp_path / "facts.json").read_text("utf-8") == "{}"
    assert writer.holds("editors/") and not writer.holds("facts.json")
    threading.Timer(0.2, gate.set).start()
    assert writer.cancel() == []  # the report was being written: it is finished, nothing is left
    assert (tmp_path / "editors" / "index.html").read_text("utf-8") == "report"


def test_a_save_while_the_preview_waits_to_idle_leaves_every_file_to_the_next_build(tmp_path: Path) -> None:
    writer = later.Later()
    writer.start(tmp_path, [("facts.json", lambda: "{}"), ("facts.csv", lambda: "")], lambda p, e: None, idle=60.0)
    started = time.monotonic()
    assert writer.cancel() == ["facts.json", "facts.csv"]
    assert time.monotonic() - started < WAIT_S
    assert not list(tmp_path.iterdir())


def test_cancel_abandons_an_index_pagefind_is_still_making_and_writes_nothing(tmp_path: Path) -> None:
    """A build that empties the folder or sets it aside (a content error) does not wait seconds for Pagefind to
    finish an index nobody will read: the real Pagefind process is ended, nothing is written, nothing reported."""
    from site_builder.render.search import SearchRecord

    site = tmp_path / "site"
    site.mkdir()
    # Enough records that Pagefind is still working when the cancel comes.
    records = tuple(SearchRecord(f"page-{i // 100}/#fact-{i}", f"Claim {i} about the launch site",
                                 f"Explainer {i // 100}", f"claim {i} words quoted from article {i} " * 20)
                    for i in range(20_000))
    made: list[search_index.Indexing] = []
    started, reported = threading.Event(), []

    def make() -> search_index.Indexing:
        made.append(search_index.Indexing(records, "en"))
        started.set()
        return made[0]

    pending = search_index.Pending()
    pending.start(make, site, reported.append)
    assert started.wait(WAIT_S)
    time.sleep(0.2)  # Pagefind has started on the records
    pending.cancel()
    assert made[0]._proc is not None and made[0]._proc.poll() is not None, "Pagefind was ended"
    assert reported == [] and not (site / search_index.INDEX_DIR).exists()
    # The next index is made and written as ever.
    small = records[:50]
    pending.start(lambda: search_index.Indexing(small, "en"), site, reported.append)
    pending.wait()
    assert reported == [None] and (site / search_index.INDEX_DIR / "pagefind.js").is_file()
