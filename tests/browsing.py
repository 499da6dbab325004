"""Helpers of the browser tests (tests/e2e, system Chromium through Playwright): what a page may request and log.

The ``watch`` fixture (tests/e2e/conftest.py) puts a Watch on the test's browser context and fails the test
when anything left 127.0.0.1 or the page logged an error.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

DESKTOP = {"width": 1280, "height": 800}

#: Is the :target element on screen (at least partly inside the viewport)?
TARGET_VISIBLE_JS = """() => {
  const t = document.querySelector(':target');
  if (!t) return null;
  const r = t.getBoundingClientRect();
  return {id: t.id, visible: r.bottom > 0 && r.top < innerHeight && r.height > 0};
}"""


class Watch:
    """Records, for one browser context, every request and every console error or uncaught page error.

    Requests to any host but 127.0.0.1 are aborted (and recorded), so a stray one can never leave the machine."""

    def __init__(self, context: Any) -> None:
        self.requests: list[str] = []
        self.offsite: list[str] = []
        self.errors: list[str] = []
        context.route("**/*", self._route)
        context.on("request", lambda r: self.requests.append(r.url))
        context.on("console", lambda m: m.type == "error" and self.errors.append(f"console: {m.text} ({m.location})"))
        context.on("weberror", lambda e: self.errors.append(f"page error: {e.error}"))

    def _route(self, route: Any) -> None:
        url = route.request.url
        parts = urlsplit(url)
        if parts.scheme in ("data", "about", "blob") or (parts.scheme == "http" and parts.hostname == "127.0.0.1"):
            route.continue_()
        else:
            self.offsite.append(url)
            route.abort()

    def assert_clean(self) -> None:
        assert self.offsite == [], f"requests left 127.0.0.1: {self.offsite}"
        assert self.errors == [], "\n".join(self.errors)


def open_page(page: Any, url: str) -> None:
    """Open ``url`` in ``page``; fail unless it answered with a success status."""
    response = page.goto(url)
    assert response is not None and response.ok, f"{url}: {response and response.status}"
