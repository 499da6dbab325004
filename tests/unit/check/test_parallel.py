"""The pieces of a check in two processes (check/parallel.py), in this process: how the pages are shared, the
worker's reply read back or refused, and another process's memo traffic taken as this run's own.

The processes themselves (a worker forked, failing, interrupted) are tests/e2e/test_parallel_check.py's.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from support import own_cache_key

from site_builder.check import parallel
from site_builder.load import cache


@pytest.fixture(autouse=True)
def own_key(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    with own_cache_key(tmp_path / "user-cache", monkeypatch):
        yield


@pytest.fixture
def two_cpus(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(parallel.ENV, raising=False)
    monkeypatch.setattr(parallel, "usable_cpus", lambda: 2)
    monkeypatch.setattr(parallel.threading, "active_count", lambda: 1)
    monkeypatch.setattr(parallel, "resident_bytes", lambda: 0)  # not the test runner's own memory


@pytest.mark.usefixtures("two_cpus")
def test_the_pages_are_taken_largest_first() -> None:
    assert parallel.order([100, 900, 100, 300, 0]) == [1, 3, 0, 2, 4]


@pytest.mark.usefixtures("two_cpus")
def test_few_pages_one_cpu_or_other_threads_stay_in_one_process(monkeypatch: pytest.MonkeyPatch) -> None:
    assert parallel.order([10] * (parallel.MIN_PAGES - 1)) == []
    assert parallel.order([10] * parallel.MIN_PAGES) != []
    monkeypatch.setattr(parallel, "usable_cpus", lambda: 1)
    assert parallel.order([10] * 20) == []
    monkeypatch.setenv(parallel.ENV, "2")  # asked for: two processes all the same, from two pages
    assert parallel.order([10, 10]) == [0, 1]
    monkeypatch.setattr(parallel.threading, "active_count", lambda: 2)
    assert parallel.order([10] * 20) == []  # a fork copies only the calling thread
    monkeypatch.setattr(parallel.threading, "active_count", lambda: 1)
    monkeypatch.setenv(parallel.ENV, "1")
    assert parallel.order([10] * 20) == []


@pytest.mark.parametrize("n", [2, 3, 10, 1026, 5000])
def test_each_page_is_taken_once(n: int) -> None:
    ordered = [1000 + i for i in range(n)]  # the pages' ids, largest first
    block = max(1, -(-(n - 2) // (parallel._QUEUE_ROOM // 4)))
    queue = parallel._queue(range(2, n, block))
    try:
        takers = (parallel._taken(queue, 0, ordered, block), parallel._taken(queue, 1, ordered, block))
        taken: list[list[int]] = [[], []]
        done = [False, False]
        turn = 0
        while not all(done):  # the two take in turns, the second twice as many each time
            for _ in range(1 + turn):
                got = next(takers[turn], None)
                if got is None:
                    done[turn] = True
                    break
                taken[turn].append(got)
            turn = 1 - turn
    finally:
        os.close(queue)
    assert taken[0][0] == 1000 and taken[1][0] == 1001  # each starts with its own page
    assert len(taken[1]) > len(taken[0]) or n < 10
    assert sorted(taken[0] + taken[1]) == ordered


@pytest.mark.parametrize("raw, expected", [("", None), (" auto ", None), ("1", 1), ("2", 2), ("8", 8)])
def test_the_jobs_setting(monkeypatch: pytest.MonkeyPatch, raw: str, expected: int | None) -> None:
    monkeypatch.setenv(parallel.ENV, raw)
    assert parallel.jobs_setting() == expected


@pytest.mark.parametrize("raw", ["0", "-1", "two", "1.5", "²"])
def test_a_bad_jobs_setting_is_refused(monkeypatch: pytest.MonkeyPatch, raw: str) -> None:
    monkeypatch.setenv(parallel.ENV, raw)
    with pytest.raises(ValueError, match=r"SITE_BUILDER_JOBS=.*: write 1 \(one process\), 2 \(two\) or auto"):
        parallel.jobs_setting()


def _decode(raw: object) -> dict[str, object]:
    if not isinstance(raw, dict):
        raise TypeError("not a verdict")
    return raw


def _a_reply() -> bytes:
    return parallel._reply([(3, cache.dumps({"page": 3, "text": "d\u00e9j\u00e0 \ud800"})), (5, cache.dumps({"page": 5}))],
                           [("spans", {"k1": cache.dumps([[1, 2]]), "k\u00e9": cache.dumps("x")}, True, ["old"]),
                            ("valid", {}, False, [])])


def test_a_reply_reads_back(tmp_path: Path) -> None:
    pages, memos = parallel._parse(_a_reply(), [5, 3], _decode)
    assert pages == {3: {"page": 3, "text": "d\u00e9j\u00e0 \ud800"}, 5: {"page": 5}}
    assert memos == [("spans", {"k1": cache.dumps([[1, 2]]), "k\u00e9": cache.dumps("x")}, True, ["old"]),
                     ("valid", {}, False, [])]


@pytest.mark.parametrize("damage", [
    lambda r: r[:-1], lambda r: r[:len(r) // 2], lambda r: b"", lambda r: r + b"\0",
    lambda r: r[:40] + bytes([r[40] ^ 1]) + r[41:], lambda r: b"x" + r[1:],
], ids=["last byte lost", "half", "nothing", "one byte more", "a byte changed", "another magic"])
def test_a_damaged_reply_is_refused_whole(tmp_path: Path, damage) -> None:  # type: ignore[no-untyped-def]
    with cache.session(tmp_path) as store:
        assert store is not None
        assert parallel._take(damage(_a_reply()), [3, 5], store, _decode) == {}
        assert store.memos == {} and store._merged == {}  # nothing of it taken


def test_a_reply_to_other_pages_is_refused(tmp_path: Path) -> None:
    with cache.session(tmp_path) as store:
        assert store is not None
        assert parallel._take(_a_reply(), [3, 5, 7], store, _decode) == {}
        assert parallel._take(_a_reply(), [3, 5], store, _decode) != {}


def _entries(root: Path, name: str) -> dict[str, list[object]]:
    raw = (root / cache.MEMO_DIR / f"{name}.memo").read_bytes()
    entries = cache.loads(raw.split(b"\n", 2)[2])["entries"]
    return {k: [n, cache.loads(v)] for k, (n, v) in entries.items()}


def test_memo_traffic_merged_is_written_as_this_runs_own(tmp_path: Path) -> None:
    same = (lambda v: v, lambda v: v)
    with cache.session(tmp_path) as store:
        assert store is not None
        store.memo("kept", *same).put("old", ["stays"])
        store.memo("gone", *same).put("bad", "x")
    cache._CACHES.clear()  # the next run, in a new process
    with cache.session(tmp_path) as store:
        assert store is not None
        memo = store.memo("kept", *same)
        before = set(memo._used)
        memo.put("mine", [1])
        assert memo.traffic(before) == ({"mine": cache.dumps([1])}, True, [])
        # What a worker sends: an entry of a memo this process has, one of a memo it never opens
        store.merge("kept", {"theirs": cache.dumps({"a": [2]}), "mine": cache.dumps([99])}, True, [])
        store.merge("opened-later", {"k": cache.dumps(3)}, True, [])
        store.merge("never-opened", {"k": cache.dumps("v")}, True, [])
        store.merge("gone", {}, True, ["bad"])  # found bad there
        assert store.memo("opened-later", *same).get("k") is None  # not decoded here, but kept
    assert _entries(tmp_path, "kept") == {"old": [1, ["stays"]], "mine": [2, [1]], "theirs": [2, {"a": [2]}]}
    assert _entries(tmp_path, "opened-later") == {"k": [1, 3]}
    assert _entries(tmp_path, "never-opened") == {"k": [1, "v"]}
    assert _entries(tmp_path, "gone") == {}


@pytest.mark.usefixtures("two_cpus")
def test_a_process_holding_much_memory_verifies_alone_unless_two_are_asked_for(
        monkeypatch: pytest.MonkeyPatch) -> None:
    sizes = [300, 100, 200, 400, 50]
    assert parallel.order(sizes) == [3, 0, 2, 1, 4]
    monkeypatch.setattr(parallel, "resident_bytes", lambda: parallel.MAX_RESIDENT + 1)
    assert parallel.order(sizes) == []
    monkeypatch.setenv(parallel.ENV, "2")
    assert parallel.order(sizes) == [3, 0, 2, 1, 4]


def test_resident_bytes_is_this_processs_memory() -> None:
    held = parallel.resident_bytes()
    block = bytearray(64 * 1024 * 1024)  # written, so the system gives it pages
    for i in range(0, len(block), 4096):
        block[i] = 1
    assert parallel.resident_bytes() >= held + 60 * 1024 * 1024
