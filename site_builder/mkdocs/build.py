"""Building and serving: MkDocs driven with the safety the newsroom needs.

The site is built into a fresh folder beside the output and swapped in with
one atomic rename, so readers (and a killed build) never see half a site.
Timestamps come from SOURCE_DATE_EPOCH or the last commit, never the clock.
"""

from __future__ import annotations

import ctypes
import errno
import ctypes.util
import logging
import os
import shutil
import signal
import subprocess
import sys
import tempfile
from contextlib import ExitStack, contextmanager
from pathlib import Path
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig

from ..diagnostics import format_all, summary
from .lock import LockTimeout, locked
from .output import (OutputRefused, carry_over, check_replaceable, clean_leftovers, describe_os_error, mark,
                     publishable_modes, scratch_prefix)
from ..render.template_errors import template_error_message
from .config import ConfigInvalid, load_site_config


class _StderrHandler(logging.Handler):
    """Prints MkDocs' warnings and errors (and info with -v) as plain lines."""

    def emit(self, record: logging.LogRecord) -> None:
        msg = record.getMessage()
        if record.levelno >= logging.WARNING and not msg.startswith(("fact check failed",)):
            level = "error" if record.levelno >= logging.ERROR else "warning"
            # Our own diagnostics already carry 'path:line:col: error:'.
            print(msg if ": error: " in msg or ": warning: " in msg else f"{level}: {msg}", file=sys.stderr)
        elif record.levelno < logging.WARNING:
            print(msg, file=sys.stderr)


def _logging(verbose: bool) -> None:
    from . import engine

    logger = logging.getLogger(engine.NAME)
    for h in list(logger.handlers):
        if isinstance(h, _StderrHandler):
            logger.removeHandler(h)
    handler = _StderrHandler()
    handler.setLevel(logging.INFO if verbose else logging.WARNING)
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG if verbose else logging.INFO)
    logger.propagate = False


def source_date_epoch(root: Path) -> str:
    """Return the build timestamp: $SOURCE_DATE_EPOCH, else the last commit's time, else the newest input's mtime."""
    env = os.environ.get("SOURCE_DATE_EPOCH")
    if env and env.strip().isdigit():
        return env.strip()
    try:
        out = subprocess.run(["git", "-C", str(root), "log", "-1", "--format=%ct"], capture_output=True, text=True,
                             timeout=10, check=False)
        if out.returncode == 0 and out.stdout.strip().isdigit():
            return out.stdout.strip()
    except (OSError, subprocess.SubprocessError):
        pass
    newest = 0.0
    for folder in ("facts", "seeds", "templates"):
        if not (root / folder).is_dir():
            continue
        for p in (root / folder).rglob("*"):
            if p.is_file():
                newest = max(newest, p.stat().st_mtime)
    return str(int(newest))


_RENAME_EXCHANGE = 2


def _exchange(a: Path, b: Path) -> bool:
    """Atomically swap two paths with renameat2(RENAME_EXCHANGE); False where unsupported."""
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    AT_FDCWD = -100
    res: int = renameat2(AT_FDCWD, os.fsencode(a), AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    return res == 0


def swap_in(new: Path, out: Path) -> None:
    """Replace ``out`` by the complete folder ``new`` in one atomic step where the OS allows."""
    if out.is_symlink() or (out.exists() and not out.is_dir()):
        raise OSError(errno.ENOTDIR, "exists and is not a folder; not replacing it", str(out))
    if not out.exists():
        os.rename(new, out)
        return
    if _exchange(new, out):
        shutil.rmtree(new)  # `new` now holds the previous site
        return
    old = out.with_name(f".{out.name}.old-{os.getpid()}")
    os.rename(out, old)
    os.rename(new, out)
    shutil.rmtree(old)


@contextmanager
def _signals_held(*, drop: bool = False) -> Iterator[None]:
    """Hold SIGINT and SIGTERM for the block: the swap and its cleanup finish whole.

    A signal held is delivered after the block, unless ``drop``: once the new site is in place and
    reported, the command has succeeded, and a Ctrl-C that came too late to stop it is let go.
    """
    held = {signal.SIGINT, signal.SIGTERM}
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, held)
    try:
        yield
    finally:
        while drop and signal.sigtimedwait(held, 0) is not None:
            pass
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def build_site(root: Path, config_file: Path, out: Path | None, *, verbose: bool = False,
               strict: bool = False) -> int:
    """Verify and build the site into ``out`` atomically; return the exit code.

    MkDocs' own warnings (a broken link) always fail the build; content warnings (a moved quote) fail it
    only when ``strict``, as they fail ``mkdocs build --strict``. From the swap until this returns, SIGINT
    and SIGTERM are held, and those that came are then let go: the site is in place and reported, and the
    clean-up after it (the cache written back) finishes too. The signal mask is as it was on return (a
    caller in the same process, a test among them, keeps its Ctrl-C).
    """
    from ..check.project import load_project

    _logging(verbose)
    os.environ["SOURCE_DATE_EPOCH"] = source_date_epoch(root)
    try:
        site = load_site_config(config_file, strict=True)
    except ConfigInvalid as exc:
        print(format_all(exc.diagnostics), file=sys.stderr)
        return 1
    config, plugin = site.config, site.plugin
    for note in site.notes:
        print(f"note: {note}", file=sys.stderr)
    target = (root / out).resolve() if out is not None else Path(config.site_dir).resolve()
    if target == root or target in root.parents:
        print(f"error: refusing to build into {target}: it would replace the project itself", file=sys.stderr)
        return 2
    config.plugins.on_startup(command="build", dirty=False)
    # Verify first, with our own messages, before MkDocs touches anything.
    plugin.on_config(config)
    # The output folder is replaced whole: it must not be, hold, or sit inside anything the editors wrote.
    layout = plugin.layout
    inputs = [layout.facts, layout.seeds, Path(config.docs_dir), root / ".git", config_file]
    inputs += [layout.templates] if layout.templates is not None else []
    for part in (p.resolve() for p in inputs):
        if target == part or part in target.parents or target in part.parents:
            print(f"error: refusing to build into {target}: it would replace or sit inside "
                  f"'{os.path.relpath(part, root)}', part of the project", file=sys.stderr)
            return 2
    shown = os.path.relpath(target, Path.cwd()) if target.is_relative_to(Path.cwd()) else str(target)
    try:
        check_replaceable(target, shown)  # before the slow part; again under the lock below
    except OutputRefused as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"error: cannot build into {shown}: {describe_os_error(exc)}", file=sys.stderr)
        return 1
    project = load_project(plugin.layout)
    if project.diagnostics:
        print(format_all(project.diagnostics), file=sys.stderr)
    if not project.ok or (strict and project.diagnostics):
        why = " (--strict: warnings fail the build)" if project.ok else ""
        print(f"build FAILED: {summary(project.diagnostics)}{why}; the site was not changed", file=sys.stderr)
        return 1
    plugin.preload(project)
    # What did not change is taken over from the site being replaced (mkdocs/carry.py): a dirty build.
    dirty = plugin.take_over(target, root)

    def report() -> None:
        for note in plugin.history.notes:  # why the pages carry no dates (no git, a shallow clone), read by the plugin
            print(f"note: {note}", file=sys.stderr)
        n_facts = sum(len(p.facts) for p in project.pages)
        print(f"built {len(project.pages)} page(s), {n_facts} facts, {len(project.sources)} sources into {shown}/ "
              f"(open {shown}/index.html)", file=sys.stderr)

    swapped = ExitStack()
    try:
        return _write_site(config, target, shown, plugin.layout.templates or root / "templates", report, swapped,
                           dirty=dirty, taken_over=plugin.taken_over)
    finally:
        with swapped:  # once the site is swapped in, its signals stay held until the clean-up is done too
            config.plugins.on_shutdown()


def _write_site(config: MkDocsConfig, target: Path, shown: str, templates: Path,
                report: Callable[[], None], swapped: ExitStack, *, dirty: bool = False,
                taken_over: Callable[[Path], None] = lambda target: None) -> int:
    """Build into a scratch folder beside ``target`` and swap it in, holding the output lock; return the exit code.

    ``report`` says what was built, in the same held moment as the swap: a command that has replaced the
    site and said so is not then interrupted into exit code 130. That moment lasts until ``swapped`` is closed
    (the caller closes it after the plugins' clean-up, which writes the cache back): a Ctrl-C in it is let go.

    With ``dirty``, MkDocs' dirty build writes into the scratch folder all but the files the plugin linked
    into it from the site being replaced (mkdocs/carry.py); ``taken_over`` then records the new site.
    """
    from . import engine

    build = engine.module("commands.build").build
    exceptions = engine.module("exceptions")
    Abort, MkDocsException = exceptions.Abort, exceptions.MkDocsException

    def failed(reason: str, code: int = 1) -> int:
        print(f"build FAILED: {reason}; the site was not changed", file=sys.stderr)
        return code

    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with locked(target.parent, f"the output folder {shown}"):
            check_replaceable(target, shown)  # another build may have changed it while this one waited
            clean_leftovers(target)
            scratch: Path | None = None
            try:
                with _signals_held():  # a Ctrl-C as the folder is made is taken inside the try: it is removed
                    scratch = Path(tempfile.mkdtemp(prefix=scratch_prefix(target), dir=target.parent))
                config.site_dir = str(scratch)
                if dirty:
                    with _dirty_quiet():
                        build(config, dirty=True)
                else:
                    build(config)
                mark(scratch)
                publishable_modes(scratch)  # before carrying over: never touch the modes of kept files
                carry_over(target, scratch)
                swapped.enter_context(_signals_held(drop=True))
                swap_in(scratch, target)
                report()
                taken_over(target)
            except BaseException:
                if scratch is not None:
                    with _signals_held():
                        shutil.rmtree(scratch, ignore_errors=True)
                raise
    except OutputRefused as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except LockTimeout as exc:
        return failed(str(exc))
    except (Abort, MkDocsException) as exc:
        return failed(str(exc))
    except Exception as exc:
        message = template_error_message(exc, templates)  # first: jinja's TemplateNotFound is an OSError
        if message is not None:
            return failed(message)
        if isinstance(exc, OSError):
            return failed(f"cannot write the site into {shown}: {describe_os_error(exc)}")
        raise
    return 0


class _DirtyWarning(logging.Filter):
    """Drops MkDocs' warning that a dirty build may leave the navigation stale: the plugin keeps nothing stale."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith(("A 'dirty' build is being performed",
                                                   "The directory contains stale files"))


@contextmanager
def _dirty_quiet() -> Iterator[None]:
    """Drop MkDocs' warning about a dirty build for the block (a build taking files over, mkdocs/carry.py)."""
    from . import engine

    build_log = logging.getLogger(f"{engine.NAME}.commands.build")
    quiet = _DirtyWarning()
    build_log.addFilter(quiet)
    try:
        yield
    finally:
        build_log.removeFilter(quiet)


def serve_site(root: Path, config_file: Path, dev_addr: str, *, verbose: bool = False, poll: bool = False) -> int:
    """Run the live preview until interrupted; return the exit code.

    With ``poll``, saves are noticed by MkDocs' polling rather than the system's file events (mkdocs/watch.py).

    Each rebuild is MkDocs' dirty build into the same folder: the plugin tells it which generated files a
    change did not reach (mkdocs/rebuild.py), and empties the folder when the site's own inputs changed.
    """
    from . import engine

    serve = engine.module("commands.serve").serve
    exceptions = engine.module("exceptions")
    Abort, MkDocsException = exceptions.Abort, exceptions.MkDocsException

    _logging(True)
    os.environ.setdefault("SOURCE_DATE_EPOCH", source_date_epoch(root))
    if poll:
        from .watch import WATCH_ENV

        os.environ[WATCH_ENV] = "poll"
    try:
        load_site_config(config_file)
    except ConfigInvalid as exc:
        print(format_all(exc.diagnostics), file=sys.stderr)
        return 1
    try:
        build_log = logging.getLogger(f"{engine.NAME}.commands.build")
        build_log.addFilter(_DirtyWarning())
        serve(config_file=str(config_file), livereload=True, dev_addr=dev_addr, watch_theme=True,
              build_type="dirty")
    except (Abort, MkDocsException) as exc:
        print(f"serve failed: {exc}", file=sys.stderr)
        return 1
    except OSError as exc:
        if exc.errno not in (errno.EADDRINUSE, errno.EADDRNOTAVAIL, errno.EACCES):
            raise
        reason = {errno.EADDRINUSE: "the address is already in use (another preview, or another server?)",
                  errno.EADDRNOTAVAIL: "this machine has no such address",
                  errno.EACCES: "ports below 1024 need special rights"}[exc.errno]
        print(f"error: cannot serve on {dev_addr}: {reason} [{errno.errorcode[exc.errno]}]; choose another with "
              "-a 127.0.0.1:8001", file=sys.stderr)
        return 1
    return 0
