#!/usr/bin/env python3
"""Screenshots of the reader's page from a real build, for the README.

    .venv-test/bin/python scripts/screenshots.py            # writes docs/screenshots/*.png
    .venv-test/bin/python scripts/screenshots.py --out /tmp/shots

Builds the project (``site-builder build`` into a temporary folder, SOURCE_DATE_EPOCH fixed), serves it on
127.0.0.1 and drives the system Chromium with Playwright:

* explainer-desktop.png   the explainer in a 1280x800 window (what is above the fold)
* explainer-phone.png     the explainer on a 360x740 phone
* citation-preview.png    the top of the explainer with a citation marker hovered (the quote preview)
* source-paragraph.png    a source page reached by clicking a citation marker: the targeted paragraph, its
                          highlighted quote and the links back to the claims

Each PNG must stay under 300 KB (they are committed); the script fails otherwise. No network is used: requests
to any host but 127.0.0.1 are aborted.
"""

from __future__ import annotations

import argparse
import importlib.util
import sys
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

REPO = Path(__file__).resolve().parent.parent
MAX_BYTES = 300_000


def _measure_page():
    """scripts/measure_page.py, for its build, serve and Chromium helpers."""
    spec = importlib.util.spec_from_file_location("measure_page", Path(__file__).with_name("measure_page.py"))
    module = importlib.util.module_from_spec(spec)
    assert spec.loader is not None
    spec.loader.exec_module(module)
    return module


def take(base: str, out: Path, chromium: str, args: list[str]) -> list[Path]:
    from playwright.sync_api import sync_playwright

    out.mkdir(parents=True, exist_ok=True)
    shots: list[Path] = []

    def only_loopback(route) -> None:
        host = urlsplit(route.request.url).hostname
        route.continue_() if host in (None, "", "127.0.0.1") else route.abort()

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=args)
        try:
            desktop = browser.new_context(viewport={"width": 1280, "height": 800}, device_scale_factor=1)
            desktop.route("**/*", only_loopback)
            page = desktop.new_page()
            page.goto(base, wait_until="networkidle")
            shots.append(out / "explainer-desktop.png")
            page.screenshot(path=shots[-1])

            # The preview of a citation in the answer (hover), clipped to the top of the page.
            page.locator(".answer a.cite").nth(2).hover()
            page.locator(".preview").wait_for(state="visible")
            shots.append(out / "citation-preview.png")
            page.screenshot(path=shots[-1], clip={"x": 250, "y": 40, "width": 880, "height": 265})
            page.mouse.move(0, 0)

            # Arrive on a source page the way a reader does: click the marker of the distance claim.
            with page.expect_navigation():
                page.locator("#distance-vladivostok a.cite").first.click()
            page.wait_for_load_state("networkidle")
            target = page.evaluate("document.querySelector(':target') && document.querySelector(':target').id")
            if not target:
                raise SystemExit(f"no :target after following the citation to {page.url}")
            shots.append(out / "source-paragraph.png")
            page.screenshot(path=shots[-1])
            desktop.close()

            phone = browser.new_context(viewport={"width": 360, "height": 740}, device_scale_factor=1,
                                        is_mobile=True, has_touch=True)
            phone.route("**/*", only_loopback)
            page = phone.new_page()
            page.goto(base, wait_until="networkidle")
            shots.append(out / "explainer-phone.png")
            page.screenshot(path=shots[-1])
            phone.close()
        finally:
            browser.close()
    return shots


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--root", type=Path, default=REPO, help="project folder to build (default: this repo)")
    parser.add_argument("--out", type=Path, default=REPO / "docs" / "screenshots", help="where to save the PNGs")
    args = parser.parse_args(argv)
    mp = _measure_page()
    chromium = mp.chromium_path()
    if chromium is None:
        raise SystemExit("no Chromium: apt-get install chromium, or set $SITE_BUILDER_CHROMIUM")
    with tempfile.TemporaryDirectory(prefix="screenshots-") as tmp:
        site = Path(tmp) / "site"
        mp.build_site(args.root.resolve(), site)
        with mp.serve(site) as base:
            shots = take(base, args.out.resolve(), chromium, mp.BROWSER_ARGS)
    too_big = []
    for shot in shots:
        size = shot.stat().st_size
        print(f"{shot.relative_to(REPO) if shot.is_relative_to(REPO) else shot}: {size:,} bytes")
        if size >= MAX_BYTES:
            too_big.append(shot.name)
    if too_big:
        print(f"over {MAX_BYTES:,} bytes: {', '.join(too_big)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
