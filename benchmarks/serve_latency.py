"""Measure how long a one-fact edit takes to show in `site-builder serve` (the editor's live preview).

    python3 benchmarks/serve_latency.py [--sizes S,M] [--edits 5] [--json FILE]

For each size it takes the corpus `run.py` generates (cached), copies it, starts the real `site-builder serve`
on a free loopback port, and then, several times: rewrites one fact's claim in a page file and polls the served
explainer page until the new words appear. The figure is the time from the file write to the first response that
contains them (MkDocs notices the change, rebuilds, and serves the new page). Everything stays on 127.0.0.1.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import run  # noqa: E402  (the corpus cache and sizes)

TARGETS = {"S": 1.0, "M": 1.0, "L": 1.0}
POLL = 0.02


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as r:  # loopback only
            return r.read().decode("utf-8", "replace")
    except (urllib.error.URLError, OSError):
        return None


def _first_page(project: Path) -> tuple[Path, str]:
    pages = sorted(p for p in (project / "facts").glob("*.yaml") if p.name != "sources.yaml")
    return pages[0], ("" if len(pages) == 1 else f"{pages[0].stem}/")


def measure(size: str, seed: int, cache: Path, edits: int, timeout: float = 120.0) -> dict:
    """Return the latencies of ``edits`` one-fact edits at ``size``."""
    source, _, _ = run.corpus(size, seed, cache)
    work = Path(tempfile.mkdtemp(prefix=f"serve-{size}-"))
    project = work / "project"
    shutil.copytree(source, project)
    page_file, page_path = _first_page(project)
    port = _free_port()
    url = f"http://127.0.0.1:{port}/{page_path}"
    proc = subprocess.Popen([sys.executable, "-m", "site_builder", "-C", str(project), "serve", "-a", f"127.0.0.1:{port}"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True, env=run.ENV)
    latencies: list[float] = []
    try:
        deadline = time.monotonic() + max(300.0, 5 * timeout)
        while _get(url) is None:
            if time.monotonic() > deadline or proc.poll() is not None:
                raise RuntimeError(f"serve did not start at size {size}")
            time.sleep(0.2)
        time.sleep(1.0)  # let the watcher settle after the first build
        text = page_file.read_text("utf-8")
        marker_line = next(line for line in text.splitlines() if line.lstrip().startswith("claim:"))
        for n in range(edits):
            # Lowercase words without a digit: a claim may add them (a capitalised word or a number no quote
            # states is an error, and the preview would show the error page instead of the edited one).
            word = "edited" + "".join("abcdefghij"[int(d)] for d in f"{n}{seed}")
            new_line = marker_line.replace("claim:", f"claim: {word}", 1)
            page_file.write_text(text.replace(marker_line, new_line, 1), "utf-8")
            t0 = time.monotonic()
            while True:
                body = _get(url)
                if body is not None and "Content errors" in body:
                    raise RuntimeError(f"edit {n} made a content error at size {size}: {page_file}")
                if body is not None and word in body:
                    latencies.append(time.monotonic() - t0)
                    break
                if time.monotonic() - t0 > timeout:
                    raise RuntimeError(f"edit {n} did not show within {timeout:g} s at size {size}")
                time.sleep(POLL)
            time.sleep(0.5)
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
        shutil.rmtree(work, ignore_errors=True)
    return {"size": size, "edits": edits, "median_s": round(statistics.median(latencies), 3),
            "max_s": round(max(latencies), 3), "all_s": [round(x, 3) for x in latencies],
            "target_s": TARGETS.get(size)}


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description="Time a one-fact edit to show in site-builder serve.")
    p.add_argument("--sizes", default="S,M")
    p.add_argument("--edits", type=int, default=5)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--json", metavar="FILE")
    p.add_argument("--timeout", type=float, default=120.0, help="seconds to wait for one edit to show (default 120)")
    p.add_argument("--cache", default=str(Path(tempfile.gettempdir()) / "site-builder-bench"))
    args = p.parse_args(argv)
    cache = Path(args.cache)
    cache.mkdir(parents=True, exist_ok=True)
    rows = [measure(s.strip().upper(), args.seed, cache, args.edits, args.timeout)
            for s in args.sizes.split(",") if s.strip()]
    print("size  edits  median s  max s  target s  met")
    for r in rows:
        met = "yes" if r["target_s"] is None or r["median_s"] <= r["target_s"] else "NO"
        print(f"{r['size']:<5} {r['edits']:>5}  {r['median_s']:>8.2f}  {r['max_s']:>5.2f}  {r['target_s'] or '-':>8}  {met}")
    if args.json:
        Path(args.json).write_text(json.dumps(rows, indent=2) + "\n", "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
