"""The project's own functions the generator checks every citation with, imported in one place.

Generating with the real matching rules (paragraph splitting, quote normalisation, figure support) means a
generator bug fails at generation time, not in the benchmark.
"""

from __future__ import annotations

import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent.parent
if str(REPO) not in sys.path:  # run from a clone without the package installed
    sys.path.insert(0, str(REPO))

from site_builder import figures as values  # noqa: E402 - after the sys.path line above
from site_builder.check import claims  # noqa: E402 - after the sys.path line above
from site_builder.figures.dates import parse_date  # noqa: E402 - after the sys.path line above
from site_builder.load.split import split  # noqa: E402 - after the sys.path line above
from site_builder.text.normalise import normalise_text  # noqa: E402 - after the sys.path line above

__all__ = ["REPO", "claims", "normalise_text", "parse_date", "split", "values"]
