#!/usr/bin/env python3
"""Generate a synthetic but realistic fact-sheet project for benchmarking (the generator is ``corpus/``).

    python3 benchmarks/make_corpus.py --sources 100 --facts 1000 --pages 10 --seed 1 --out /tmp/corpus-m

See ``corpus/__init__.py`` for what it writes and ``benchmarks/README.md`` for how the benchmark uses it.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus.__main__ import main
from corpus.figures import claim_miles

__all__ = ["claim_miles", "main"]

if __name__ == "__main__":
    sys.exit(main())
