"""The live preview for real: `site-builder serve` in a subprocess, edited while it runs.

An editor adds a fact and sees it on the page, breaks its quote and sees the
located error on the page, fixes it and sees the page again. The server always
stops (its whole process group is killed), whatever happens.
"""

from __future__ import annotations

import html
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Callable

import pytest

from site_builder.load.yamlfile import loads

from support import copy_project

#: Bound for each wait on the server (a rebuild of this project takes well under a second).
WAIT_S = 20.0
FIRST_BUILD_WAIT_S = 60.0

NEW_FACT = """
  - id: serve-test-fact
    claim: Preview check — the cosmodrome came into service in 2016.
    citations:
      - source: reuters
        quote: came into service in 2016
"""


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _get(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
        return None


def _wait(url: str, ok: Callable[[str], bool], timeout: float, log: Path) -> tuple[str, float]:
    """Return the page once ``ok(page)`` holds, and how long it took; fail after ``timeout`` seconds."""
    start = time.monotonic()
    last = None
    while time.monotonic() - start < timeout:
        last = _get(url)
        if last is not None and ok(html.unescape(last)):
            return html.unescape(last), time.monotonic() - start
        time.sleep(0.05)
    pytest.fail(f"no expected page at {url} within {timeout:.0f} s; last page: {str(last)[:500]!r}\n"
                f"server output:\n{log.read_text('utf-8', 'replace')[-3000:]}")


def _stop(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is not None:
        return
    for sig, grace in ((signal.SIGINT, 5), (signal.SIGTERM, 5), (signal.SIGKILL, 5)):
        try:
            os.killpg(proc.pid, sig)
        except ProcessLookupError:
            return
        try:
            proc.wait(timeout=grace)
            return
        except subprocess.TimeoutExpired:
            continue


def test_serve_shows_edits_errors_and_recovery(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "p")
    facts = root / "facts" / "vostochny.yaml"
    original = facts.read_text("utf-8")
    assert loads(original, "x").data["facts"], "the facts list must be the file's last key for this test"
    port = _free_port()
    url = f"http://127.0.0.1:{port}/"
    log = tmp_path / "serve.log"
    env = dict(os.environ, SOURCE_DATE_EPOCH="1694563200", PYTHONUNBUFFERED="1")
    with open(log, "wb") as out:
        proc = subprocess.Popen([sys.executable, "-m", "site_builder", "-C", str(root), "serve", "-a", f"127.0.0.1:{port}"],
                                stdout=out, stderr=subprocess.STDOUT, env=env, start_new_session=True)
    try:
        first, _ = _wait(url, lambda page: "The Vostochny Cosmodrome" in page, FIRST_BUILD_WAIT_S, log)
        assert "Preview check" not in first

        # 1. A new fact appears on the page.
        added = original.rstrip("\n") + "\n" + NEW_FACT
        assert loads(added, "x").data["facts"][-1]["id"] == "serve-test-fact"
        facts.write_text(added, "utf-8")
        page, seconds = _wait(url, lambda page: "Preview check — the cosmodrome came into service in 2016." in page,
                              WAIT_S, log)
        print(f"\none-fact edit visible in the preview after {seconds:.2f} s")
        (tmp_path / "latency.txt").write_text(f"{seconds:.3f}\n", "utf-8")

        # 2. A broken quote: the error page names the file, line and column, the closest passage and the fix.
        broken = added.replace("quote: came into service in 2016\n", "quote: came into servise in 2016\n")
        line = broken.splitlines().index("        quote: came into servise in 2016") + 1
        facts.write_text(broken, "utf-8")
        error_page, _ = _wait(url, lambda page: "Content errors" in page, WAIT_S, log)
        assert (f"facts/vostochny.yaml:{line}:16: error: quote not found in source 'reuters': "
                "\"came into servise in 2016\"") in error_page
        assert "hint: the quote has 'servise' where the source has 'service'" in error_page
        assert proc.poll() is None, "a content error must not stop the server"
        assert f"facts/vostochny.yaml:{line}:16: error: quote not found" in log.read_text("utf-8", "replace")

        # 3. Fixed: the page is back, with the fact.
        facts.write_text(added, "utf-8")
        recovered, _ = _wait(url, lambda page: "Content errors" not in page and "Preview check" in page, WAIT_S, log)
        assert "The Vostochny Cosmodrome" in recovered
        assert proc.poll() is None
    finally:
        _stop(proc)
    assert proc.poll() is not None
