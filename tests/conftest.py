"""Shared pytest fixtures.

Sections are owned by different people: add yours as a new clearly headed
section below rather than editing another one.
"""

from __future__ import annotations

# =============================================================================
# Browser (Chromium + Playwright) fixtures — build/test infrastructure
# -----------------------------------------------------------------------------
# * Playwright never downloads a browser here: it drives the system Chromium
#   (Debian package `chromium`; `.ci/run` installs it). Lookup order:
#   $SITE_BUILDER_CHROMIUM, /usr/bin/chromium, `chromium` on PATH.
# * Tests marked @pytest.mark.browser (and any test using pytest-playwright's
#   browser fixtures: page, context, browser, ...) are SKIPPED when no Chromium
#   is found -- except under CI=true, where they FAIL instead, so a CI machine
#   without a browser cannot pass by skipping.
# * Fixtures provided:
#     chromium_executable  (session) path of the Chromium binary
#     browser_type_launch_args (session) pytest-playwright override: adds
#                          executable_path and CHROMIUM_ARGS
#     serve_directory      (function) factory: serve_directory(path) -> base URL
#                          of a loopback http.server serving that folder
#   plus pytest-playwright's own: page, context, browser, new_context, ...
# =============================================================================

import functools
import http.server
import os
import shutil
import threading
from pathlib import Path
from typing import Any
from collections.abc import Callable, Iterator

import pytest
from hypothesis import settings as _hypothesis_settings

CHROMIUM_ENV_VAR = "SITE_BUILDER_CHROMIUM"
DEFAULT_CHROMIUM = "/usr/bin/chromium"

# Headless-friendly flags; the background-networking ones keep Chromium from
# calling home (this machine's network is closed, and tests must stay local).
CHROMIUM_ARGS = [
    "--no-sandbox",  # CI runs as root
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-quic",
]


def _running_in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in {"true", "1", "yes"}


@functools.lru_cache(maxsize=1)
def find_chromium() -> tuple[str | None, str]:
    """Return (path, how-it-was-looked-up); path is None when nothing was found."""
    override = os.environ.get(CHROMIUM_ENV_VAR, "").strip()
    if override:
        found = shutil.which(override)
        if found:
            return found, f"${CHROMIUM_ENV_VAR}={override}"
        return None, f"${CHROMIUM_ENV_VAR}={override!r} is not an executable file"
    if os.path.isfile(DEFAULT_CHROMIUM) and os.access(DEFAULT_CHROMIUM, os.X_OK):
        return DEFAULT_CHROMIUM, DEFAULT_CHROMIUM
    found = shutil.which("chromium")
    if found:
        return found, "'chromium' on PATH"
    return None, f"no ${CHROMIUM_ENV_VAR}, no {DEFAULT_CHROMIUM}, no 'chromium' on PATH"


def _skip_or_fail_without_chromium(reason: str) -> None:
    if _running_in_ci():
        pytest.fail(
            f"CI=true but no Chromium for browser tests ({reason}). "
            "Install Debian's `chromium` (`.ci/run` does: apt-get install -y chromium) "
            f"or point ${CHROMIUM_ENV_VAR} at a Chromium binary.",
            pytrace=False,
        )
    pytest.skip(
        f"no Chromium found ({reason}); install `chromium` (apt-get install chromium) "
        f"or set ${CHROMIUM_ENV_VAR}"
    )


@pytest.fixture(scope="session")
def chromium_executable() -> str:
    """Path of the Chromium used by Playwright (skips, or fails under CI=true, if none)."""
    path, how = find_chromium()
    if path is None:
        _skip_or_fail_without_chromium(how)
    return path  # type: ignore[return-value]


@pytest.fixture(autouse=True)
def _browser_marker_requires_chromium(request: pytest.FixtureRequest) -> None:
    """Skip/fail @pytest.mark.browser tests up front when no Chromium is found."""
    if request.node.get_closest_marker("browser") is None:
        return
    path, how = find_chromium()
    if path is None:
        _skip_or_fail_without_chromium(how)


@pytest.fixture(scope="session")
def browser_type_launch_args(
    browser_type_launch_args: dict,
    browser_name: str | None,
    request: pytest.FixtureRequest,
) -> dict:
    """pytest-playwright's launch options + the system Chromium and CHROMIUM_ARGS."""
    launch_args = dict(browser_type_launch_args)
    if getattr(request, "param", None):  # indirect parametrization still works
        launch_args.update(request.param)
    if browser_name not in (None, "chromium"):
        return launch_args  # --browser firefox/webkit: not ours to configure
    launch_args.setdefault("executable_path", request.getfixturevalue("chromium_executable"))
    launch_args["args"] = [*CHROMIUM_ARGS, *launch_args.get("args", [])]
    return launch_args


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def serve_directory() -> Iterator[Callable[[Path | str], str]]:
    """Factory: ``serve_directory(folder)`` serves it on 127.0.0.1 (free port, own
    thread) and returns the base URL ending in '/'. Servers stop after the test."""
    servers: list[tuple[http.server.ThreadingHTTPServer, threading.Thread]] = []

    def serve(folder: Path | str) -> str:
        handler = functools.partial(_QuietHandler, directory=str(folder))
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        server.daemon_threads = True
        thread = threading.Thread(target=server.serve_forever, name=f"serve:{folder}", daemon=True)
        thread.start()
        servers.append((server, thread))
        host, port = server.server_address[:2]
        return f"http://{host}:{port}/"

    yield serve
    for server, thread in servers:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


# ============================ end of browser section ==========================


# =============================================================================
# Hostile-input corpus report (issue 5) — tests/e2e/test_hostile.py
# -----------------------------------------------------------------------------
# After a run that included the corpus, prints its figures: cases tried, outcomes,
# slowest check/build and peak memory of the CLI (the README's "Reliability"
# section quotes them). The same rows are kept in pytest's cache (hostile/report).
# =============================================================================


_HOSTILE_ROWS: list[dict[str, object]] = []


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    if report.when == "call":
        _HOSTILE_ROWS.extend(value for name, value in report.user_properties if name == "hostile")


def pytest_terminal_summary(terminalreporter, exitstatus, config) -> None:
    rows: list[dict[str, Any]] = list(_HOSTILE_ROWS)
    if not rows:
        return
    if getattr(config, "cache", None) is not None:  # absent under -p no:cacheprovider
        config.cache.set("hostile/report", rows)
    tr = terminalreporter
    tr.section("hostile-input corpus")
    cases = {r["case"] for r in rows}
    pending = len({r["case"] for r in rows if r.get("pending")})
    tr.write_line(f"{len(cases)} inputs: {sum(1 for r in rows if r['expect'] == 'error' and r['command'] == 'check')} "
                  f"refused by `check`, {sum(1 for r in rows if r['expect'] == 'safe')} built safely, "
                  f"{sum(1 for r in rows if r['expect'] == 'error' and r['command'] == 'build')} refused by "
                  f"`build` too; {pending} of them pending a fix (xfail)")
    for command in ("check", "build"):
        runs = sorted((r for r in rows if r["command"] == command), key=lambda r: r["seconds"])
        if runs:
            cpu = sorted(float(r.get("cpu_seconds", 0.0)) for r in runs)
            tr.write_line(f"{command}: {len(runs)} runs, median {runs[len(runs) // 2]['seconds']:.2f} s, slowest "
                          f"{runs[-1]['seconds']:.2f} s ({runs[-1]['case']}); CPU median {cpu[len(cpu) // 2]:.2f} s, "
                          f"most {cpu[-1]:.2f} s; peak memory "
                          f"{max(r['mb'] for r in runs):.0f} MB (limit 1024 MB address space)")

# ======================== end of hostile-input section ========================


# =============================================================================
# Hypothesis: no deadlines anywhere. A deadline is a timed test, and the machines
# the suite runs on are shared and noisy (a 0.7 ms example once took 1.3 s under
# load and failed as "flaky").
#
# Two profiles. "site-builder" (the default: `make test`, CI) runs every test's
# full count: hypothesis' 100, or what its @settings asks for through
# hypothesis_examples(n). "fast" (`make test-fast` passes --hypothesis-profile=fast)
# runs FAST_SHARE of each count, at least FAST_AT_LEAST: the same properties on
# fewer invented inputs, for the loop while editing. Failing examples are kept in
# .hypothesis/ either way and replayed first.
# =============================================================================

FULL_EXAMPLES = 100
FAST_SHARE = 0.2
FAST_AT_LEAST = 10

_hypothesis_settings.register_profile("site-builder", deadline=None, max_examples=FULL_EXAMPLES)
_hypothesis_settings.register_profile("fast", deadline=None,
                                      max_examples=max(FAST_AT_LEAST, round(FULL_EXAMPLES * FAST_SHARE)))
_hypothesis_settings.load_profile("site-builder")  # --hypothesis-profile=NAME loads another one after this


# =============================================================================
# The `init` example project (site_builder/scaffold/project), copied once per test
# process: checking it in place would write its cache into the package tree.
# =============================================================================

SCAFFOLD_PROJECT = Path(__file__).resolve().parent.parent / "site_builder" / "scaffold" / "project"


@pytest.fixture(scope="session")
def init_example(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Return a folder holding a copy of the `init` example project (tests read it; none may change it)."""
    root = tmp_path_factory.mktemp("init-example") / "project"
    shutil.copytree(SCAFFOLD_PROJECT, root, ignore=shutil.ignore_patterns(".cache"))
    return root
