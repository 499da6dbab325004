"""Lighthouse on a three-page desk's home page and on a results view of its search: 100 for accessibility, best
practices and SEO, and every performance audit the page itself decides (as tests/test_lighthouse.py holds the
explainer; the performance score itself is timings of the run).

The site is served gzip-compressed, as static hosts (GitHub Pages) serve it: Pagefind's own pagefind.js is
45 KB, of which a search uses about a fifth, and Lighthouse counts the rest as unused script only above
20 KiB transferred, which the uncompressed file is and the compressed one is not.
"""

from __future__ import annotations

import functools
import gzip
import http.server
import importlib.util
import json
import os
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from support import REPO, copy_project, run_cli

pytestmark = [pytest.mark.e2e, pytest.mark.browser]

DESK = REPO / "tests" / "fixtures" / "desk"
PAGE_AUDITS = ("cumulative-layout-shift", "total-byte-weight", "dom-size", "unsized-images", "font-display",
               "unminified-css", "unminified-javascript", "unused-javascript", "legacy-javascript",
               "duplicated-javascript", "third-parties-insight", "viewport", "uses-passive-event-listeners",
               "no-document-write", "bf-cache", "offscreen-images", "uses-optimized-images")


def _measure_module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("measure_page", REPO / "scripts" / "measure_page.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


measure_page = _measure_module()


class _GzipHandler(http.server.SimpleHTTPRequestHandler):
    """Serves files gzip-compressed to clients that accept it (every browser), as static hosts do."""

    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if "gzip" not in self.headers.get("Accept-Encoding", "") or not path.is_file():
            super().do_GET()
            return
        body = gzip.compress(path.read_bytes(), mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture
def serve_gzip() -> Iterator[Any]:
    servers: list[http.server.ThreadingHTTPServer] = []

    def serve(folder: Path) -> str:
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0),
                                                 functools.partial(_GzipHandler, directory=str(folder)))
        server.daemon_threads = True
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_address[1]}/"

    yield serve
    for server in servers:
        server.shutdown()
        server.server_close()


@pytest.mark.parametrize("query", ["", "?q=cosmodrome"], ids=["home", "results"])
def test_lighthouse_on_the_desk(tmp_path: Path, serve_gzip: Any, chromium_executable: str, query: str) -> None:
    if measure_page.lighthouse_command() is None:
        reason = "npm lighthouse is not installed (run `npm ci` in the project root; needs node and npm)"
        if os.environ.get("CI", "").strip().lower() in {"true", "1", "yes"}:
            pytest.fail(f"CI=true but {reason}; .ci/run installs it", pytrace=False)
        pytest.skip(reason)
    root = copy_project(tmp_path / "desk")
    for name in ("svobodny.yaml", "baikonur.yaml"):
        shutil.copy(DESK / name, root / "facts" / name)
    build = run_cli("build", cwd=root)
    assert build.returncode == 0, build.stderr
    base = serve_gzip(root / "site")
    result = measure_page.run_lighthouse(base + query, tmp_path / "lighthouse.json", chromium_executable)
    assert "scores" in result, result
    misses = "\n".join(f"  {k} ({v['score']}): {v['title']} {v['value']}" for k, v in result["failed_audits"].items())
    deterministic = {k: v for k, v in result["scores"].items() if k != "performance"}
    assert deterministic == {k: 100 for k in measure_page.LIGHTHOUSE_CATEGORIES if k != "performance"}, \
        f"{result['scores']}; audits not passed:\n{misses}"
    report = json.loads(Path(result["report"]).read_text("utf-8"))
    assert report["finalDisplayedUrl"] == base + query
    audits = report["audits"]
    assert audits["uses-text-compression"]["score"] == 1  # served as a static host serves it
    if result["scores"]["performance"] == 100:
        return
    failing = {aid: audits[aid].get("title") for aid in PAGE_AUDITS
               if aid in audits and audits[aid].get("score") is not None and audits[aid]["score"] < 1}
    assert not failing, f"performance {result['scores']['performance']}: page-level audits failed: {failing}"
