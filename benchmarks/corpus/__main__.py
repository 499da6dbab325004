"""Command line: python3 -m corpus (from benchmarks/) or python3 benchmarks/make_corpus.py."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .baseline import write_baseline
from .generate import choose_quotes, generate
from .project import write_project


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description="Generate a synthetic fact-sheet project (deterministic per seed).")
    p.add_argument("--sources", type=int, required=True, help="number of articles")
    p.add_argument("--facts", type=int, required=True, help="number of facts (over all pages)")
    p.add_argument("--pages", type=int, default=1, help="number of explainer pages")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--out", required=True, help="project folder to (re)create")
    p.add_argument("--baseline", help="also write the plain-MkDocs baseline project here")
    args = p.parse_args(argv)
    if args.sources < 1 or args.pages < 1 or args.facts < args.pages:
        p.error("need at least one source, one page, and at least as many facts as pages")
    sources, topics, facts = generate(args.sources, args.facts, args.pages, args.seed)
    choose_quotes(sources, facts)
    out = Path(args.out)
    write_project(out, sources, topics, facts, args.seed)
    if args.baseline:
        write_baseline(Path(args.baseline), out)
    n_cites = sum(len(f.quotes) for f in facts)
    print(f"wrote {out}: {len(sources)} sources, {len(facts)} facts ({n_cites} citations), {len(topics)} pages",
          file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())

