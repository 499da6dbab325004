"""Proves the browser fixtures work: system Chromium + Playwright + a loopback server."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

PAGE = """<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>Smoke test page</title>
  <link rel="stylesheet" href="style.css">
</head>
<body>
  <h1 id="greeting">Hello from 127.0.0.1</h1>
  <script src="app.js"></script>
</body>
</html>
"""


@pytest.mark.browser
def test_page_served_from_loopback_opens_in_chromium(page, serve_directory, tmp_path):
    (tmp_path / "index.html").write_text(PAGE, encoding="utf-8")
    (tmp_path / "style.css").write_text("h1 { color: rgb(1, 2, 3); }\n", encoding="utf-8")
    (tmp_path / "app.js").write_text("document.body.dataset.ran = 'yes';\n", encoding="utf-8")
    base_url = serve_directory(tmp_path)

    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))

    response = page.goto(base_url)

    assert response is not None and response.ok, response and response.status
    assert page.title() == "Smoke test page"
    assert page.text_content("#greeting") == "Hello from 127.0.0.1"
    # the stylesheet and script (served by our loopback server) were really used
    assert page.eval_on_selector("h1", "e => getComputedStyle(e).color") == "rgb(1, 2, 3)"
    assert page.eval_on_selector("body", "e => e.dataset.ran") == "yes"

    network = [url for url in requested if urlsplit(url).scheme in ("http", "https", "ws", "wss")]
    assert len(network) >= 3, requested  # page + css + js
    off_loopback = [url for url in network if urlsplit(url).hostname != "127.0.0.1"]
    assert off_loopback == [], f"requests left 127.0.0.1: {off_loopback}"


@pytest.mark.browser
def test_launch_args_use_system_chromium(browser_type_launch_args, chromium_executable):
    """No browser launch needed: the pytest-playwright override is wired in."""
    assert browser_type_launch_args["executable_path"] == chromium_executable
    for flag in ("--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-sync", "--disable-quic"):
        assert flag in browser_type_launch_args["args"]
