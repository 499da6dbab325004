"""Run the command line: ``python -m site_builder``, and the ``site-builder`` command."""

import signal
import sys

_HELD = {signal.SIGINT, signal.SIGTERM}


def run() -> int:
    """Return the exit code of the command line, catching a Ctrl-C from the program's first moment."""
    code: int | None = None
    try:
        from .cli.main import main

        code = main()
        # The outcome is decided and reported: a Ctrl-C while Python shuts down (its handlers already
        # reset) would otherwise end the process by the signal, silently, after it said it had succeeded.
        signal.pthread_sigmask(signal.SIG_BLOCK, _HELD)
    except KeyboardInterrupt:
        if code is None:  # Ctrl-C while the program is still starting: nothing was done yet
            sys.stderr.write("site-builder: interrupted\n")
            return 130
        signal.pthread_sigmask(signal.SIG_BLOCK, _HELD)
    return code


if __name__ == "__main__":
    sys.exit(run())
