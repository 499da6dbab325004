"""Run the command line: ``python -m site_builder``."""

import sys

try:
    from .cli import main
except KeyboardInterrupt:  # Ctrl-C while the program is still starting: nothing was done yet
    sys.stderr.write("site-builder: interrupted\n")
    sys.exit(130)

sys.exit(main())
