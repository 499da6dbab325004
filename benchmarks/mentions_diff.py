"""Differential check of the figure reader: record what ``find_mentions`` reads in a corpus, then compare.

``record`` runs ``check`` on each project (in-process, cache off) and keeps every text the checker hands to
``find_mentions`` (claims, labels, page texts, cited paragraphs), adds every paragraph of every article
(with its source's publication date, and without one), and writes each text with the mentions read from
it, every field of every mention, to a pickle. ``compare`` reads every text again with the code as it is
now and reports each text whose mentions differ in any field. Use it around any change to figures/::

    python benchmarks/mentions_diff.py record /tmp/ref-mentions.pickle /tmp/me-M /tmp/me-L
    ... change the code ...
    python benchmarks/mentions_diff.py compare /tmp/ref-mentions.pickle

Run it in copies of the corpora (it runs ``check`` there), never in the shared ones.
"""

from __future__ import annotations

import argparse
import os
import pickle
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from site_builder import figures
from site_builder.figures import mentions as mentions_module
from site_builder.figures.dates import FactDate, parse_date
from site_builder.figures.model import Mention

Key = tuple[str, "FactDate | None"]


def _fields(found: list[Mention]) -> list[tuple[Any, ...]]:
    """Return every field of every mention, floats by repr (so -0.0 and 0.0, or 1e-9 noise, differ)."""
    return [tuple(repr(getattr(m, f)) for f in Mention.__dataclass_fields__) for m in found]


def _texts_of(root: Path) -> list[Key]:
    """Return every (text, published) the checker reads in the project at ``root``, and every paragraph."""
    from site_builder.check.project import load_project
    from site_builder.cli.commands import _layout  # the layout `check -C root` uses

    seen: dict[Key, None] = {}
    original = mentions_module.find_mentions

    def recording(text: str, *, published: FactDate | None = None) -> list[Mention]:
        seen[(text, published)] = None
        return original(text, published=published)

    patched = [figures, mentions_module]
    for module in patched:
        module.find_mentions = recording  # type: ignore[attr-defined]
    try:
        project = load_project(_layout(root))
    finally:
        for module in patched:
            module.find_mentions = original  # type: ignore[attr-defined]
    for source in project.sources:
        try:
            published = parse_date(source.published) if source.published else None
        except ValueError:
            published = None
        for paragraph in source.paragraphs:
            seen[(paragraph.text, published)] = None
            seen[(paragraph.text, None)] = None
    return list(seen)


def record(out: Path, roots: list[Path]) -> None:
    os.environ["SITE_BUILDER_CACHE"] = "off"
    table: dict[Key, list[tuple[Any, ...]]] = {}
    for root in roots:
        for key in _texts_of(root):
            if key not in table:
                table[key] = _fields(mentions_module.find_mentions(key[0], published=key[1]))
        print(f"{root}: {len(table)} texts so far", file=sys.stderr)
    with out.open("wb") as fh:
        pickle.dump(table, fh)
    print(f"recorded {len(table)} texts, {sum(map(len, table.values()))} mentions, in {out}")


def compare(ref: Path) -> int:
    with ref.open("rb") as fh:
        table: dict[Key, list[tuple[Any, ...]]] = pickle.load(fh)
    bad = 0
    t0 = time.process_time()
    for (text, published), expected in table.items():
        got = _fields(mentions_module.find_mentions(text, published=published))
        if got != expected:
            bad += 1
            if bad <= 5:
                print(f"DIFFERS (published={published}): {text[:200]!r}")
                for e, g in zip(expected + [()] * len(got), got + [()] * len(expected), strict=False):
                    if e != g:
                        print(f"  was {e}\n  now {g}")
                        break
    spent = time.process_time() - t0
    print(f"{len(table)} texts, {bad} differ; read in {spent:.2f} s CPU")
    return 1 if bad else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="cmd", required=True)
    r = sub.add_parser("record")
    r.add_argument("out", type=Path)
    r.add_argument("roots", type=Path, nargs="+")
    c = sub.add_parser("compare")
    c.add_argument("ref", type=Path)
    args = parser.parse_args()
    if args.cmd == "record":
        record(args.out, args.roots)
        return 0
    return compare(args.ref)


if __name__ == "__main__":
    raise SystemExit(main())
