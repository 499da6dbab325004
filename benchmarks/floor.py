#!/usr/bin/env python3
"""The floor of `check`: the work no checker of a project can avoid, and nothing else.

    python3 benchmarks/floor.py PROJECT [--json]

Reads every file under ``seeds/`` and ``facts/``, parses every facts file with libyaml (``yaml.CSafeLoader``,
plain data, no positions), and NFKC-normalises the text of every article. `run.py` runs it as a child process,
like `check`, so the two wall times compare like for like (interpreter start-up included); ``--json`` also
prints the three phases' own times.
"""

from __future__ import annotations

import json
import sys
import time
import unicodedata
from pathlib import Path

import yaml


def floor(project: Path) -> dict[str, float | int]:
    """Return the seconds spent reading, parsing and normalising ``project``, and how much there was."""
    t0 = time.perf_counter()
    facts = {p: p.read_bytes() for p in sorted((project / "facts").iterdir()) if p.suffix in (".yaml", ".yml")}
    seeds = {p: p.read_bytes() for p in sorted((project / "seeds").iterdir()) if p.is_file()}
    t1 = time.perf_counter()
    for raw in facts.values():
        yaml.load(raw.decode("utf-8"), Loader=yaml.CSafeLoader)
    t2 = time.perf_counter()
    chars = 0
    for raw in seeds.values():
        chars += len(unicodedata.normalize("NFKC", raw.decode("utf-8", "replace")))
    t3 = time.perf_counter()
    return {"read_s": t1 - t0, "parse_s": t2 - t1, "normalise_s": t3 - t2, "total_s": t3 - t0,
            "facts_files": len(facts), "seed_files": len(seeds), "article_chars": chars,
            "bytes": sum(map(len, facts.values())) + sum(map(len, seeds.values()))}


def main(argv: list[str]) -> int:
    if not argv or argv[0].startswith("-"):
        print(__doc__, file=sys.stderr)
        return 2
    found = floor(Path(argv[0]))
    if "--json" in argv[1:]:
        print(json.dumps(found))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
