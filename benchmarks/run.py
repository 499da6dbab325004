#!/usr/bin/env python3
"""Benchmark site-builder against plain MkDocs on generated corpora.

    python3 benchmarks/run.py                      # sizes S, M, L; prints the table
    python3 benchmarks/run.py --sizes S,M --json bench.json
    python3 benchmarks/run.py --profile L          # also cProfile `site-builder build` at L

For each size it generates (or reuses from the cache) a corpus with ``make_corpus.py``, then measures, each in
a fresh subprocess:

* ``site-builder check``: wall time and peak RSS;
* ``site-builder build --out DIR``: wall time, peak RSS and output bytes;
* the baseline, ``mkdocs build --strict`` of the same pages written as ordinary Markdown (same theme, no
  plugin): wall time, peak RSS and output bytes.

Timings are the median of ``--repeat`` runs (3 by default) at S and M, and of ``--repeat-large`` runs (1 by
default) at L. Peak RSS is the child's own ``ru_maxrss`` from ``os.wait4`` (the largest over the repeats).
Both tools run as ``python -m …`` with the interpreter running this script (no shell shims), with
``SOURCE_DATE_EPOCH`` fixed as in CI.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent

#: name: (sources, facts, pages)
SIZES: dict[str, tuple[int, int, int]] = {"S": (2, 30, 1), "M": (100, 1000, 10), "L": (1000, 10000, 100)}

TARGETS = {
    "check_L_s": 3.0,
    "build_L_s": 30.0,
    "build_baseline_ratio_L": 1.3,
    "growth_M_L_time": 11.0,
    "growth_M_L_bytes": 11.0,
    "peak_rss_L_mb": 1024.0,
}

ENV = {**os.environ, "SOURCE_DATE_EPOCH": "1700000000", "PYTHONHASHSEED": "0"}


# --------------------------------------------------------------------------- machine


def machine_info() -> dict:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem_mb = None
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                mem_mb = int(line.split()[1]) // 1024
    except OSError:
        pass
    try:
        import mkdocs

        mkdocs_version = mkdocs.__version__
    except ImportError:
        mkdocs_version = None
    return {
        "loadavg_at_start": _loadavg(),
        "nproc": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count(),
        "cpu_model": cpu,
        "memory_mb": mem_mb,
        "python": platform.python_version(),
        "implementation": platform.python_implementation(),
        "platform": platform.platform(),
        "mkdocs": mkdocs_version,
    }


def _loadavg() -> list[float] | None:
    try:
        return [round(x, 2) for x in os.getloadavg()]
    except OSError:
        return None


# --------------------------------------------------------------------------- corpora


def _tree_hash(*paths: Path) -> str:
    h = hashlib.sha256()
    for root in paths:
        files = [root] if root.is_file() else sorted(p for p in root.rglob("*") if p.is_file())
        for p in files:
            h.update(str(p.relative_to(REPO)).encode())
            h.update(p.read_bytes())
    return h.hexdigest()[:12]


def corpus(size: str, seed: int, cache: Path, *, fresh: bool = False) -> tuple[Path, Path, float | None]:
    """Return (project, baseline project, generation seconds or None when cached)."""
    n_sources, n_facts, n_pages = SIZES[size]
    # A new generator or new templates make a new corpus.
    key = _tree_hash(HERE / "make_corpus.py", REPO / "templates", REPO / "site_builder" / "theme")
    home = cache / f"{size}-seed{seed}-{key}"
    project, baseline = home / "project", home / "baseline"
    if (home / "complete").is_file() and not fresh:
        return project, baseline, None
    for old in cache.glob(f"{size}-seed{seed}-*"):  # corpora of older generators or templates
        if old.is_dir():
            shutil.rmtree(old)
    home.mkdir(parents=True)
    t0 = time.perf_counter()
    subprocess.run([sys.executable, str(HERE / "make_corpus.py"), "--sources", str(n_sources), "--facts", str(n_facts),
                    "--pages", str(n_pages), "--seed", str(seed), "--out", str(project), "--baseline", str(baseline)],
                   check=True, env=ENV)
    elapsed = time.perf_counter() - t0
    (home / "complete").write_text("ok\n")
    return project, baseline, elapsed


# --------------------------------------------------------------------------- measuring


def run_measured(cmd: list[str], cwd: Path) -> tuple[float, float, int, str, float]:
    """Run ``cmd``; return (wall seconds, peak RSS in MB of the child, exit code, stderr tail, CPU seconds)."""
    with tempfile.TemporaryFile() as err:
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, env=ENV, stdout=subprocess.DEVNULL, stderr=err)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - t0
        proc.returncode = os.waitstatus_to_exitcode(status)  # reaped here, not by Popen
        err.seek(0)
        tail = err.read().decode("utf-8", "replace")[-3000:]
    return wall, usage.ru_maxrss / 1024, proc.returncode, tail, usage.ru_utime + usage.ru_stime


def dir_bytes(path: Path) -> tuple[int, int]:
    total = files = 0
    for p in path.rglob("*"):
        if p.is_file():
            total += p.stat().st_size
            files += 1
    return total, files


def measure(name: str, cmd: list[str], cwd: Path, repeat: int, out: Path | None = None) -> dict:
    walls, rss, cpus = [], [], []
    for i in range(repeat):
        if out is not None and out.exists():
            shutil.rmtree(out)
        wall, mb, rc, tail, cpu = run_measured(cmd, cwd)
        if rc != 0:
            sys.exit(f"{name} failed (exit {rc}): {' '.join(cmd)}\n{tail}")
        walls.append(wall)
        rss.append(mb)
        cpus.append(cpu)
        print(f"    {name:<9} run {i + 1}/{repeat}: {wall:7.2f} s wall {cpu:7.2f} s CPU {mb:7.1f} MB",
              file=sys.stderr, flush=True)
    result = {"seconds": statistics.median(walls), "runs": walls, "cpu_seconds": statistics.median(cpus),
              "cpu_runs": cpus, "peak_rss_mb": max(rss)}
    if out is not None:
        result["output_bytes"], result["output_files"] = dir_bytes(out)
    return result


def bench_size(size: str, seed: int, cache: Path, repeat: int) -> dict:
    project, baseline, gen = corpus(size, seed, cache)
    work = project.parent
    py = sys.executable
    check = [py, "-m", "site_builder", "-C", str(project), "check"]
    # A cached corpus made by an older site-builder (e.g. other paragraph anchors) is regenerated once.
    if run_measured(check, work)[2] != 0:  # also warms the file cache
        project, baseline, gen = corpus(size, seed, cache, fresh=True)
    n_sources, n_facts, n_pages = SIZES[size]
    print(f"  {size}: {n_sources} sources, {n_facts} facts, {n_pages} pages"
          f" ({f'generated in {gen:.1f} s' if gen is not None else 'cached'}: {project})", file=sys.stderr)
    row: dict = {"sources": n_sources, "facts": n_facts, "pages": n_pages, "repeat": repeat,
                 "corpus": str(project), "generate_seconds": gen}
    row["input_bytes"] = sum(dir_bytes(project / d)[0] for d in ("seeds", "facts"))
    row["check"] = measure("check", check, work, repeat)
    build_out = work / "out-build"
    row["build"] = measure("build", [py, "-m", "site_builder", "-C", str(project), "build", "--out", str(build_out)],
                           work, repeat, build_out)
    base_out = work / "out-baseline"
    row["baseline"] = measure("baseline", [py, "-m", "mkdocs", "build", "--strict", "--quiet", "-f",
                                           str(baseline / "mkdocs.yml"), "-d", str(base_out)], work, repeat, base_out)
    row["build_baseline_ratio"] = row["build"]["seconds"] / row["baseline"]["seconds"]
    row["build_baseline_cpu_ratio"] = row["build"]["cpu_seconds"] / row["baseline"]["cpu_seconds"]
    # Other work on the machine skews timings: record how busy it was.
    row["loadavg_after"] = _loadavg()
    return row


# --------------------------------------------------------------------------- profiling


def profile(size: str, seed: int, cache: Path, stats_file: Path, top: int) -> list[dict]:
    """cProfile one `site-builder build` at ``size``; print and return the top cumulative entries."""
    import pstats

    project, _, _ = corpus(size, seed, cache)
    out = project.parent / "out-profile"
    if out.exists():
        shutil.rmtree(out)
    cmd = [sys.executable, "-m", "cProfile", "-o", str(stats_file), "-m", "site_builder", "-C", str(project),
           "build", "--out", str(out)]
    wall, _mb, rc, tail, _cpu = run_measured(cmd, project.parent)
    if rc != 0:
        sys.exit(f"profiled build failed:\n{tail}")
    stats = pstats.Stats(str(stats_file))
    total = max(v[3] for v in stats.stats.values())  # the top frame's cumulative time
    rows = []
    for (file, line, func), (_cc, nc, tt, ct, _callers) in stats.stats.items():
        rows.append({"function": f"{_short(file)}:{line}({func})", "calls": nc, "tottime": tt, "cumtime": ct,
                     "cum_pct": 100 * ct / total, "tot_pct": 100 * tt / total})
    by_cum = sorted(rows, key=lambda r: -r["cumtime"])[:top]
    by_tot = sorted(rows, key=lambda r: -r["tottime"])[:top]
    print(f"\ncProfile of `site-builder build` at {size}: {wall:.1f} s wall under the profiler, "
          f"{total:.1f} s profiled; stats in {stats_file}", file=sys.stderr)
    for title, sel in (("cumulative", by_cum), ("own time", by_tot)):
        print(f"\n  top {top} by {title}:\n  {'cum s':>7} {'cum %':>6} {'own s':>7} {'calls':>9}  function")
        for r in sel:
            print(f"  {r['cumtime']:7.2f} {r['cum_pct']:5.1f}% {r['tottime']:7.2f} {r['calls']:9d}  {r['function']}")
    return by_cum + [dict(r, by="tottime") for r in by_tot]


def _short(file: str) -> str:
    """Return a profiled file name without the interpreter's or the repository's prefix."""
    if "site-packages/" in file:
        return file.split("site-packages/", 1)[1]
    if "/lib/python3" in file:  # the standard library: lib/python3.11/re/__init__.py -> re/__init__.py
        return file.split("/lib/python3", 1)[1].split("/", 1)[-1]
    try:
        return str(Path(file).resolve().relative_to(REPO))
    except ValueError:
        return file


# --------------------------------------------------------------------------- report


def table(results: dict[str, dict]) -> str:
    head = (f"{'size':<5} {'check s':>8} {'check MB':>9} {'build s':>8} {'build MB':>9} {'baseline s':>11} "
            f"{'build/base':>11} {'output MB':>10} {'base out MB':>12}")
    lines = [head, "-" * len(head)]
    for size, r in results.items():
        lines.append(
            f"{size:<5} {r['check']['seconds']:8.2f} {r['check']['peak_rss_mb']:9.0f} {r['build']['seconds']:8.2f} "
            f"{r['build']['peak_rss_mb']:9.0f} {r['baseline']['seconds']:11.2f} {r['build_baseline_ratio']:10.2f}x "
            f"{r['build']['output_bytes'] / 1e6:10.1f} {r['baseline']['output_bytes'] / 1e6:12.1f}")
    # CPU time (user + system) is what a busy machine inflates least.
    head = f"{'size':<5} {'check CPU s':>12} {'build CPU s':>12} {'baseline CPU s':>15} {'build/base CPU':>15}"
    lines += ["", head, "-" * len(head)]
    for size, r in results.items():
        lines.append(f"{size:<5} {r['check']['cpu_seconds']:12.2f} {r['build']['cpu_seconds']:12.2f} "
                     f"{r['baseline']['cpu_seconds']:15.2f} {r['build_baseline_cpu_ratio']:14.2f}x")
    return "\n".join(lines)


def growth(results: dict[str, dict]) -> dict | None:
    if "M" not in results or "L" not in results:
        return None
    m, large = results["M"], results["L"]
    return {
        "check_time": large["check"]["seconds"] / m["check"]["seconds"],
        "build_time": large["build"]["seconds"] / m["build"]["seconds"],
        "build_cpu": large["build"]["cpu_seconds"] / m["build"]["cpu_seconds"],
        "baseline_time": large["baseline"]["seconds"] / m["baseline"]["seconds"],
        "build_output_bytes": large["build"]["output_bytes"] / m["build"]["output_bytes"],
        "baseline_output_bytes": large["baseline"]["output_bytes"] / m["baseline"]["output_bytes"],
        "input_bytes": large["input_bytes"] / m["input_bytes"],
    }


def verdicts(results: dict[str, dict], g: dict | None) -> dict:
    out: dict = {}
    if "L" in results:
        large = results["L"]
        peak = max(large["check"]["peak_rss_mb"], large["build"]["peak_rss_mb"])
        out["check_L_s"] = (large["check"]["seconds"], TARGETS["check_L_s"], large["check"]["seconds"] < TARGETS["check_L_s"])
        out["build_L_s"] = (large["build"]["seconds"], TARGETS["build_L_s"], large["build"]["seconds"] < TARGETS["build_L_s"])
        out["build_baseline_ratio_L"] = (large["build_baseline_ratio"], TARGETS["build_baseline_ratio_L"],
                                         large["build_baseline_ratio"] <= TARGETS["build_baseline_ratio_L"])
        out["peak_rss_L_mb"] = (peak, TARGETS["peak_rss_L_mb"], peak < TARGETS["peak_rss_L_mb"])
    if g is not None:
        out["growth_M_L_time"] = (g["build_time"], TARGETS["growth_M_L_time"], g["build_time"] <= TARGETS["growth_M_L_time"])
        out["growth_M_L_bytes"] = (g["build_output_bytes"], TARGETS["growth_M_L_bytes"],
                                   g["build_output_bytes"] <= TARGETS["growth_M_L_bytes"])
    return {k: {"measured": v[0], "target": v[1], "met": v[2]} for k, v in out.items()}


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description="Benchmark site-builder check/build against plain MkDocs.")
    p.add_argument("--sizes", default="S,M,L", help="comma-separated sizes among S, M, L (default S,M,L)")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--repeat", type=int, default=3, help="timed runs per measurement at S and M (median)")
    p.add_argument("--repeat-large", type=int, default=1, help="timed runs per measurement at L (median)")
    p.add_argument("--json", metavar="FILE", help="also write the results as JSON")
    p.add_argument("--cache", metavar="DIR", default=str(Path(tempfile.gettempdir()) / "site-builder-bench"),
                   help="where generated corpora are kept (default: %(default)s)")
    p.add_argument("--profile", metavar="SIZE", help="also cProfile one `site-builder build` at this size")
    p.add_argument("--profile-top", type=int, default=25)
    args = p.parse_args(argv)
    sizes = [s.strip().upper() for s in args.sizes.split(",") if s.strip()]
    if bad := [s for s in sizes if s not in SIZES]:
        p.error(f"unknown size(s) {', '.join(bad)}: use {', '.join(SIZES)}")
    cache = Path(args.cache)
    cache.mkdir(parents=True, exist_ok=True)
    info = machine_info()
    print(f"machine: {info['nproc']} CPU(s), {info['cpu_model']}, Python {info['python']}, MkDocs {info['mkdocs']}, "
          f"load average {info['loadavg_at_start']}", file=sys.stderr)
    if info["loadavg_at_start"] and info["loadavg_at_start"][0] > info["nproc"] * 0.5:
        print("warning: the machine is busy; timings will be inflated and noisy", file=sys.stderr)
    results: dict[str, dict] = {}
    for size in sizes:
        results[size] = bench_size(size, args.seed, cache, args.repeat_large if size == "L" else args.repeat)
    print()
    print(table(results))
    g = growth(results)
    if g:
        print(f"\ngrowth M -> L (10x input): build time {g['build_time']:.1f}x, build output bytes "
              f"{g['build_output_bytes']:.1f}x (build CPU {g['build_cpu']:.1f}x); check time {g['check_time']:.1f}x; baseline time "
              f"{g['baseline_time']:.1f}x, baseline output bytes {g['baseline_output_bytes']:.1f}x")
    v = verdicts(results, g)
    if v:
        print("\ntargets:")
        for k, r in v.items():
            print(f"  {k:<24} {r['measured']:9.2f}  (target {r['target']:g})  {'met' if r['met'] else 'MISSED'}")
    hot = None
    if args.profile:
        size = args.profile.upper()
        hot = profile(size, args.seed, cache, cache / f"build-{size}.prof", args.profile_top)
    if args.json:
        doc = {"machine": info, "seed": args.seed, "sizes": results, "growth_M_to_L": g, "targets": v,
               "notes": {"timing": "median of runs; L uses --repeat-large runs",
                         "peak_rss": "largest ru_maxrss of the child over the runs (os.wait4)"}}
        if hot is not None:
            doc["profile"] = {"size": args.profile.upper(), "top": hot}
        Path(args.json).write_text(json.dumps(doc, indent=2) + "\n", encoding="utf-8")
        print(f"\nwrote {args.json}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
