"""The benchmark corpus generator makes projects that pass `check` and build, under the rules as they are.

`benchmarks/run.py` (and `make bench`) time site-builder on these corpora, and stop when `check` fails; a
generator the rules have outgrown breaks the benchmark silently until someone runs it. So each size here is
generated in a temporary folder and checked with the real command line.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
GENERATOR = REPO / "benchmarks" / "make_corpus.py"
ENV = {**os.environ, "SOURCE_DATE_EPOCH": "1700000000"}

# (name, sources, facts, pages, seed): size S of benchmarks/run.py, the smallest corpus the generator takes,
# and a small multi-page corpus with wire copy and reworded distances on another seed.
CORPORA = [
    ("S", 2, 30, 1, 1),
    ("one-source", 1, 5, 1, 2),
    ("three-pages", 6, 90, 3, 7),
]


def _run(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, *map(str, args)], cwd=cwd, env=ENV, capture_output=True, text=True,
                          timeout=300, check=False)


@pytest.mark.parametrize(("name", "sources", "facts", "pages", "seed"), CORPORA, ids=[c[0] for c in CORPORA])
def test_generated_corpus_checks_clean_and_builds(tmp_path: Path, name: str, sources: int, facts: int, pages: int,
                                                  seed: int) -> None:
    project, baseline = tmp_path / "corpus", tmp_path / "baseline"
    made = _run(GENERATOR, "--sources", sources, "--facts", facts, "--pages", pages, "--seed", seed,
                "--out", project, "--baseline", baseline, cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    assert f"{sources} sources, {facts} facts" in made.stderr
    assert (baseline / "mkdocs.yml").is_file()

    checked = _run("-m", "site_builder", "-C", project, "check", cwd=tmp_path)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    summary = (checked.stdout + checked.stderr).strip().splitlines()[-1]
    assert summary.startswith("check ok:") and summary.endswith("; 0 errors"), summary
    assert f"{facts} facts" in summary and f"{sources} sources" in summary

    built = _run("-m", "site_builder", "-C", project, "build", "--out", tmp_path / "site", cwd=tmp_path)
    assert built.returncode == 0, built.stdout + built.stderr
    assert (tmp_path / "site" / "index.html").is_file()
    assert (tmp_path / "site" / "facts.json").is_file()

    # The baseline publishes the same files: its pages from Markdown (cards included), the rest copied in as
    # static files the way benchmarks/run.py does before timing it.
    sys.path.insert(0, str(REPO / "benchmarks"))
    try:
        from run import sync_statics
    finally:
        sys.path.remove(str(REPO / "benchmarks"))
    sync_statics(tmp_path / "site", baseline)
    plain = _run("-m", "mkdocs", "build", "--strict", "-q", "-f", baseline / "mkdocs.yml", "-d", tmp_path / "base",
                 cwd=tmp_path)
    assert plain.returncode == 0, plain.stdout + plain.stderr

    def files(site: Path) -> set[str]:
        return {p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()} - {".site-builder-site"}

    assert files(tmp_path / "base") == files(tmp_path / "site")


def test_generation_is_deterministic(tmp_path: Path) -> None:
    outs = []
    for run in ("a", "b"):
        out = tmp_path / run
        made = _run(GENERATOR, "--sources", 3, "--facts", 20, "--pages", 1, "--seed", 3, "--out", out, cwd=tmp_path)
        assert made.returncode == 0, made.stderr
        outs.append({p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()})
    assert outs[0] == outs[1]


# (km, the miles a claim gives): to the ten where the converted figure rounds to it, else to the mile.
MILES = [(1500, 930), (6320, 3930), (990, 620), (150, 93), (250, 160)]


def _generator():
    sys.path.insert(0, str(REPO / "benchmarks"))
    try:
        import make_corpus
    finally:
        sys.path.remove(str(REPO / "benchmarks"))
    return make_corpus


@pytest.mark.parametrize(("km", "miles"), MILES)
def test_claim_miles_are_what_the_claim_rules_accept(km: int, miles: int) -> None:
    assert _generator().claim_miles(km) == miles


def test_every_distance_drawn_has_a_claim_in_miles() -> None:
    claim_miles = _generator().claim_miles
    assert all(claim_miles(km) > 0 for km in [*range(150, 990, 10), *range(1100, 9000, 100), *range(1010, 9990, 10)])
