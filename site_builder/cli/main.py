"""site-builder: verify facts against their sources and build the explainer site.

Exit codes: 0 success, 1 content errors (or a failed build, or a file-system error), 2 usage errors,
130 interrupted, 141 the reader of the output went away. Messages for people go to stderr; data
(``check --format json``) to stdout. No failure prints a traceback: each is one located line.
"""

from __future__ import annotations

import gc
import os
import sys
from collections.abc import Sequence

from .commands import EXIT_BROKEN_PIPE, EXIT_CONTENT, EXIT_INTERRUPTED, EXIT_USAGE, UsageError, _ContentStop, _say
from .parser import parser


def _survive_any_locale() -> None:
    # A terminal or pipe that cannot encode a character (LC_ALL=C, PYTHONIOENCODING=latin-1) gets it
    # escaped (\u202e) instead of a UnicodeEncodeError halfway through the output.
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            try:
                reconfigure(errors="backslashreplace")
            except (ValueError, OSError):
                pass


def _quiet_broken_pipe() -> int:
    # The reader went away (`site-builder find x | head -1`): stop quietly, like other Unix tools.
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass
    return EXIT_BROKEN_PIPE


#: The cycle collector's thresholds while the ``site-builder`` command runs (set by :func:`tune_collector`). A
#: check allocates millions of small objects (figures, positions, cache entries) that are kept, not garbage: with
#: Python's default (700) the collector walks the young ones every 700 allocations, 3 to 8% of a cold check's
#: CPU time at size L. Cycles are still collected, just in larger batches.
GC_THRESHOLDS = (50_000, 20, 100)


def tune_collector() -> None:
    """Set the collector's thresholds for the rest of the process (the command's; never set back).

    Setting them back once the command is done would start a full collection over everything it built (about
    0.3 s at size L) just before the process ends.
    """
    gc.set_threshold(*GC_THRESHOLDS)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code."""
    _survive_any_locale()
    try:
        return _main(argv)
    except KeyboardInterrupt:
        _say("site-builder: interrupted")
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        return _quiet_broken_pipe()


def _main(argv: Sequence[str] | None) -> int:
    from ..mkdocs.lock import LockTimeout
    from ..mkdocs.output import describe_os_error

    p = parser()
    args = p.parse_args(argv)
    args.root = getattr(args, "root", ".")
    args.verbose = getattr(args, "verbose", False)
    try:
        return int(args.func(args))
    except UsageError as exc:
        p.exit(EXIT_USAGE, f"site-builder: error: {exc}\n")
    except _ContentStop:
        return EXIT_CONTENT
    except LockTimeout as exc:
        _say(f"site-builder: error: {exc}")
        return EXIT_CONTENT
    except (KeyboardInterrupt, BrokenPipeError, SystemExit):
        raise
    except OSError as exc:
        _say(f"site-builder: error: {describe_os_error(exc)}")
        return EXIT_CONTENT
    except MemoryError:
        _say("site-builder: error: out of memory; the input is too large for this machine")
        return EXIT_CONTENT
    except Exception as exc:  # the last resort: one line, never a traceback
        where = ""
        tb = exc.__traceback__
        while tb is not None and tb.tb_next is not None:
            tb = tb.tb_next
        if tb is not None:
            where = f" at {os.path.basename(tb.tb_frame.f_code.co_filename)}:{tb.tb_lineno}"
        _say(f"site-builder: internal error: {type(exc).__name__}: {exc}{where}; this is a bug in site-builder, "
             "please report it with the command you ran (SITE_BUILDER_DEBUG=1 shows the traceback)")
        if os.environ.get("SITE_BUILDER_DEBUG"):
            raise
        return EXIT_CONTENT


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
