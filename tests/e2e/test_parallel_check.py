"""A cold `check` whose pages two processes verify (check/parallel.py) reports and caches what one process does.

Each run is a real `site-builder check` process. A small launcher (``_LAUNCHER``) runs the command line's own
``main`` after wrapping ``os.fork``, so a test knows that a worker was forked and which pages it verified, and
can make the worker fail in a given way (killed after its first page, a garbage reply, a bad exit status) or
stall until the test interrupts it. The pages are copies of the shipped page, so every fact id is used on
every page: the pages the worker verifies and those the parent verifies report one another's ids.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from support import REPO, copy_project
from site_builder.load import cache

pytestmark = pytest.mark.e2e

FACTS = "facts/vostochny.yaml"
PET_SEED = "seeds/001_795f075d3b236597.txt"
#: The first 'reuters' quote made of words only the 'pet-project' source has (an error, with the hint naming it).
ELSEWHERE = ("quote: possibly at Russia’s most modern space rocket launch site, on Wednesday amid the forests of the "
             "eastern Russia", "quote: a modern cosmodrome he had built in the remote forests of eastern Russia")
PAGES = ("b-copy", "c-copy", "d-copy", "e-copy", "f-copy")

_LAUNCHER = r"""
import importlib, os, signal, sys, time

# As a terminal's program has it: a process started from a background job inherits Ctrl-C ignored.
signal.signal(signal.SIGINT, signal.default_int_handler)

log = os.environ["TEST_LOG"]
mode = os.environ.get("TEST_MODE", "")


def note(*parts):
    with open(log, "a", encoding="utf-8") as f:
        f.write(" ".join(map(str, parts)) + "\n")


warm = importlib.import_module("site_builder.check.warm")
parallel = importlib.import_module("site_builder.check.parallel")
verifier = importlib.import_module("site_builder.check.verifier")
real_verdict, real_fact, real_fork, real_exit = warm._verdict, verifier.Verifier.verify_fact, os.fork, os._exit


def verdict(page_id, *args):
    note("page", os.getpid(), page_id)
    if mode == "stall":
        note("stalled", os.getpid())
        time.sleep(600)
    if mode == "orphan":  # the parent stalls; the worker's first page waits until the parent is gone
        note("stalled", os.getpid())
        if not worker:
            time.sleep(600)
        while os.getppid() == parent:
            time.sleep(0.01)
    found = real_verdict(page_id, *args)
    if mode == "kill" and worker:  # its first page verified, the worker dies
        os.kill(os.getpid(), signal.SIGKILL)
    return found


def verify_fact(self, page, fact, section_ids):
    note("fact", os.getpid(), fact.id)
    return real_fact(self, page, fact, section_ids)


worker = False
parent = os.getpid()


def fork():
    global worker
    pid = real_fork()
    if pid == 0:
        worker = True
        note("worker", os.getpid())
        if mode == "garbage":
            parallel._reply = lambda *a: b"site-builder pages 1\n" + b"\0" * 64
        if mode == "truncated":
            real_reply = parallel._reply
            parallel._reply = lambda *a: real_reply(*a)[:-100]
        if mode == "status":
            os._exit = lambda code: real_exit(3)
    else:
        note("parent", os.getpid())
    return pid


warm._verdict, verifier.Verifier.verify_fact, os.fork = verdict, verify_fact, fork
sys.argv[0] = "site-builder"
from site_builder.cli.main import main

sys.exit(main(sys.argv[1:]))
"""


def _project(root: Path, *, drift: bool = True) -> Path:
    """Return a project of six pages (the shipped one and five copies), with an error on two and, with ``drift``,
    the 'pet-project' source changed since its hash was recorded."""
    copy_project(root)
    text = (root / FACTS).read_text("utf-8")
    for name in PAGES:  # each file its own text: its own entries in the memos keyed by a file's text
        (root / "facts" / f"{name}.yaml").write_text(f"{text}\n# the copy called {name}\n", "utf-8")
    # The two largest files: the parent starts with the largest, the worker with the next one, so one of these
    # is verified in each process (see test_the_worker_verified_a_share).
    for name, padding in (("c-copy", 200), ("d-copy", 100)):
        path = root / "facts" / f"{name}.yaml"
        assert ELSEWHERE[0] in text
        path.write_text(path.read_text("utf-8").replace(*ELSEWHERE, 1) + f"# {name[0] * padding}\n", "utf-8")
    if drift:
        seed = root / PET_SEED
        seed.write_text(seed.read_text("utf-8").replace("a modern cosmodrome he had built",
                                                        "a new cosmodrome he had built", 1), "utf-8")
    return root


def _env(tmp_path: Path, jobs: str, log: Path, mode: str = "") -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SITE_BUILDER_", "TEST_"))}
    env.update({"XDG_CACHE_HOME": str(tmp_path / "user-cache"), "SITE_BUILDER_JOBS": jobs, "TEST_LOG": str(log),
                "TEST_MODE": mode, "SOURCE_DATE_EPOCH": "1694563200"})
    return env


def _check(root: Path, env: dict[str, str], *args: str) -> tuple[int, str, str]:
    done = subprocess.run([sys.executable, "-c", _LAUNCHER, "-C", str(root), "check", *args], cwd=REPO, env=env,
                          capture_output=True, text=True, timeout=300, check=False)
    return done.returncode, done.stdout, done.stderr


def _log(log: Path) -> list[list[str]]:
    found = [line.split() for line in log.read_text("utf-8").splitlines()] if log.exists() else []
    log.unlink(missing_ok=True)
    return found


def _memos(root: Path) -> dict[str, object]:
    """Return the entries of each memo the cache holds, as data (the order they are written in aside)."""
    out = {}
    for path in sorted((root / ".cache" / "site-builder" / "memo").glob("*.memo")):
        # Whether an article's hash is kept depends on how long ago the file was written (the "racy" rule), not
        # on how many processes verified the pages.
        if path.name != "source-digests.memo":
            entries = cache.loads(path.read_bytes().split(b"\n", 2)[2])["entries"]
            out[path.name] = {key: [write, cache.loads(raw)] for key, (write, raw) in entries.items()}
    return out


def _cold(root: Path, tmp_path: Path, jobs: str, mode: str = "") -> tuple[list[tuple[int, str, str]], list[list[str]]]:
    """Return the outputs of a cold check (text, then json: the cache is removed before each) and its log."""
    log = tmp_path / "log"
    outputs, lines = [], []
    for args in ((), ("--format", "json")):
        shutil.rmtree(root / ".cache", ignore_errors=True)
        outputs.append(_check(root, _env(tmp_path, jobs, log, mode), *args))
        lines += _log(log)
    return outputs, lines


def _pages_by_process(lines: list[list[str]]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for line in lines:
        if line[0] == "page":
            out.setdefault(line[1], []).append(line[2])
    return out


def test_two_processes_report_what_one_does_and_leave_the_same_cache(tmp_path: Path) -> None:
    root = _project(tmp_path / "project")
    one, one_log = _cold(root, tmp_path, "1")
    assert not any(line[0] == "worker" for line in one_log)
    one_memos = _memos(root)
    two, two_log = _cold(root, tmp_path, "2")
    assert two == one
    code, out, err = one[0]
    assert code == 1 and not out
    # What the case is made to hold: errors and warnings, ids used on pages of both processes, a drifted source.
    assert "error: duplicate fact id 'most-modern-site'" in err and "warning:" in err
    assert "facts/c-copy.yaml:40:16: error: quote not found in source 'reuters'" in err
    assert [d["source"] for d in json.loads(one[1][1])["drift"]] == ["pet-project"]
    # The worker verified a share of the pages: some of them, not all, each once, none the parent did too.
    workers = [line[1] for line in two_log if line[0] == "worker"]
    assert len(workers) == 2  # one per run
    by_process = _pages_by_process(two_log)
    for run_worker in workers:
        assert 0 < len(by_process[run_worker]) < 6
    verified = [p for pages in by_process.values() for p in pages]
    assert sorted(verified) == sorted(["vostochny", *PAGES] * 2)
    assert _memos(root) == one_memos


def test_the_worker_verified_a_share(tmp_path: Path) -> None:
    # The parent starts with the largest file (c-copy), the worker with the next one (d-copy), each with an
    # error; then each takes the largest left, until none is.
    root = _project(tmp_path / "project", drift=False)
    log = tmp_path / "log"
    _check(root, _env(tmp_path, "2", log))
    lines = _log(log)
    worker = next(line[1] for line in lines if line[0] == "worker")
    parent = next(line[1] for line in lines if line[0] == "parent")
    by_process = _pages_by_process(lines)
    assert by_process[parent][0] == "c-copy" and by_process[worker][0] == "d-copy"
    assert sorted(by_process[parent] + by_process[worker]) == sorted(["vostochny", *PAGES])


def test_a_warm_check_after_two_processes_verifies_nothing_again(tmp_path: Path) -> None:
    root = _project(tmp_path / "project", drift=False)  # a page citing a changed source is verified whole
    log = tmp_path / "log"
    cold = [_check(root, _env(tmp_path, "2", log), *args) for args in ((), ("--format", "json"))]
    assert any(line[0] == "worker" for line in _log(log))
    for args, expected in zip(((), ("--format", "json")), cold, strict=True):
        assert _check(root, _env(tmp_path, "2", log), *args) == expected
        assert _log(log) == []  # no page verified again, no worker forked
    # One claim edited on a page the worker verified: only its fact is verified again, as after one process.
    edited = root / "facts" / "f-copy.yaml"
    text = edited.read_text("utf-8")
    edited.write_text(text.replace("It lies in the Amur region", "It lies in the Amur region,", 1), "utf-8")
    after_two = _check(root, _env(tmp_path, "2", log))
    two_log = _log(log)
    again = tmp_path / "again"
    _project(again, drift=False)
    again_log = tmp_path / "again-log"
    _check(again, _env(tmp_path, "1", again_log))
    _log(again_log)
    (again / "facts" / "f-copy.yaml").write_text(edited.read_text("utf-8"), "utf-8")
    after_one = _check(again, _env(tmp_path, "1", again_log))
    assert [line[0::2] for line in two_log] == [line[0::2] for line in _log(again_log)] == [
        ["page", "f-copy"], ["fact", "location"]]
    assert after_two == (after_one[0], after_one[1], after_one[2].replace(str(again), str(root)))


@pytest.mark.parametrize("mode", ["kill", "garbage", "truncated", "status"])
def test_a_failed_worker_changes_nothing(tmp_path: Path, mode: str) -> None:
    root = _project(tmp_path / "project")
    one, _ = _cold(root, tmp_path, "1")
    one_memos = _memos(root)
    two, lines = _cold(root, tmp_path, "2", mode)
    assert two == one
    assert _memos(root) == one_memos
    # The parent verified the worker's pages itself: each page is verified by the parent in each run.
    parents = {line[1] for line in lines if line[0] == "parent"}
    assert len(parents) == 2
    by_process = _pages_by_process(lines)
    assert sorted(p for pid in parents for p in by_process[pid]) == sorted(["vostochny", *PAGES] * 2)


@pytest.mark.parametrize("whom", ["the process group", "the parent"])
def test_ctrl_c_stops_both_processes(tmp_path: Path, whom: str) -> None:
    root = _project(tmp_path / "project")
    log = tmp_path / "log"
    proc = subprocess.Popen([sys.executable, "-c", _LAUNCHER, "-C", str(root), "check"], cwd=REPO,
                            env=_env(tmp_path, "2", log, "stall"), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, start_new_session=True)
    try:
        stalled: set[str] = set()
        for _ in range(6000):  # both processes are in a page's verification (a bound, not a measurement)
            lines = [line.split() for line in log.read_text("utf-8").splitlines()] if log.exists() else []
            stalled = {line[1] for line in lines if line[0] == "stalled"}
            if len(stalled) == 2:
                break
            assert proc.poll() is None
            time.sleep(0.05)
        assert len(stalled) == 2
        worker = next(line[1] for line in lines if line[0] == "worker")
        if whom == "the parent":
            proc.send_signal(signal.SIGINT)
        else:
            os.killpg(proc.pid, signal.SIGINT)  # what a terminal's Ctrl-C does
        out, err = proc.communicate(timeout=120)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    assert proc.returncode == 130 and not out
    assert err.strip().splitlines()[-1] == "site-builder: interrupted"
    assert "Traceback" not in err
    with pytest.raises(ProcessLookupError):  # the parent waited for it: not even a zombie is left
        os.kill(int(worker), 0)


def _gone(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return True
    return state in ("Z", "X")  # exited, left for its new parent to reap


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads a process's state in /proc")
def test_a_worker_whose_parent_is_killed_stops(tmp_path: Path) -> None:
    root = _project(tmp_path / "project")
    log = tmp_path / "log"
    proc = subprocess.Popen([sys.executable, "-c", _LAUNCHER, "-C", str(root), "check"], cwd=REPO,
                            env=_env(tmp_path, "2", log, "orphan"), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            start_new_session=True)
    try:
        lines: list[list[str]] = []
        for _ in range(6000):  # both processes in their first page (a bound, not a measurement)
            lines = [line.split() for line in log.read_text("utf-8").splitlines()] if log.exists() else []
            if len([line for line in lines if line[0] == "stalled"]) == 2:
                break
            time.sleep(0.05)
        worker = int(next(line[1] for line in lines if line[0] == "worker"))
        proc.kill()  # SIGKILL: no finally runs in the parent
        proc.communicate(timeout=120)
        for _ in range(6000):
            if _gone(worker):
                break
            time.sleep(0.05)
        assert _gone(worker)
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
    pages = [line for line in _log(log) if line[0] == "page" and line[1] == str(worker)]
    assert len(pages) == 1  # its first page finished, no other taken


def test_jobs_setting_is_checked(tmp_path: Path) -> None:
    root = _project(tmp_path / "project", drift=False)
    code, out, err = _check(root, _env(tmp_path, "two", tmp_path / "log"))
    assert code == 2 and not out
    assert "SITE_BUILDER_JOBS='two': write 1 (one process), 2 (two) or auto" in err
