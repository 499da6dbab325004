"""Run the command line: ``python -m site_builder``, and the ``site-builder`` command."""

import sys


def run() -> int:
    """Return the exit code of the command line, catching a Ctrl-C from the program's first moment."""
    try:
        from .cli.main import main
    except KeyboardInterrupt:  # Ctrl-C while the program is still starting: nothing was done yet
        sys.stderr.write("site-builder: interrupted\n")
        return 130
    return main()


if __name__ == "__main__":
    sys.exit(run())
