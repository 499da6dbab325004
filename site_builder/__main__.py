"""Run the command line: ``python -m site_builder``, and the ``site-builder`` command."""

from __future__ import annotations

import sys

# Neither typing (about 10 ms to import) nor signal (its enums: about 0.5 ms) at the top: this module runs
# before run() can catch a Ctrl-C (as the package's __init__ does; tests/e2e/test_faults.py interrupts the
# program at every moment of its start).
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import NoReturn


def run() -> int:
    """Return the exit code of the command line, catching a Ctrl-C from the program's first moment."""
    code: int | None = None
    try:
        import signal

        held = {signal.SIGINT, signal.SIGTERM}
        from .cli.main import main, tune_collector

        tune_collector()
        code = main()
        # The outcome is decided and reported: a Ctrl-C while Python shuts down (its handlers already
        # reset) would otherwise end the process by the signal, silently, after it said it had succeeded.
        signal.pthread_sigmask(signal.SIG_BLOCK, held)
    except KeyboardInterrupt:
        if code is None:  # Ctrl-C while the program is still starting: nothing was done yet
            sys.stderr.write("site-builder: interrupted\n")
            return 130
        signal.pthread_sigmask(signal.SIG_BLOCK, held)  # imported: ``code`` is set only after
    return code


def _exit(code: int) -> NoReturn:
    """End the process with ``code`` once its work is done, without freeing what it built object by object.

    A check or build at size L holds millions of small objects (the parsed facts and articles, figures, cache
    entries); the interpreter's own teardown frees each one, about a second at size L, after the result is
    printed and every file is written and closed. What a clean exit does that matters is done here first:
    the output is flushed, logging is shut down and the exit handlers run (temporary folders' clean-up among
    them). A thread still running (none does, after a command) gets the ordinary exit, which waits for it.
    """
    import atexit
    import logging
    import os
    import threading

    if threading.active_count() > 1:
        sys.exit(code)
    for stream in (sys.stdout, sys.stderr):
        if stream is None:  # started with the stream closed (`site-builder check >&-`)
            continue
        try:
            stream.flush()
        except BrokenPipeError:  # the reader went away: as cli.main says it, quietly
            code = code or 141
        except (OSError, ValueError):
            pass
    logging.shutdown()
    atexit._run_exitfuncs()  # the handlers Python would run at exit, before it frees everything
    os._exit(code)


def console() -> None:
    """The ``site-builder`` command: run the command line, then end the process with its exit code."""
    _exit(run())


if __name__ == "__main__":
    console()
