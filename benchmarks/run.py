#!/usr/bin/env python3
"""Benchmark site-builder on generated corpora: check against its floor, build against plain MkDocs, preview.

    python3 benchmarks/run.py                        # sizes S, M, L; prints the table
    python3 benchmarks/run.py --sizes S,M,L,XL --json results.json
    python3 benchmarks/run.py --sizes S --profile-check L   # also cProfile `site-builder check` at L

For each size it generates (or reuses from the cache) a corpus with ``corpus/`` (``make_corpus.py``), then
measures, each in a fresh child process started with this interpreter (``python -m ...``, no shell shims):

* the **floor** (``floor.py``): read every file, parse the facts files with libyaml, NFKC-normalise every
  article, nothing else;
* **cold check**: ``site-builder check`` with the project's ``.cache/`` removed first;
* **warm check**: ``site-builder check`` after one facts file was edited, with the cache the previous check left;
* **build** (cold: no ``.cache/``, empty output folder) and the **baseline**, ``mkdocs build --strict`` of the same
  pages as plain Markdown with the same theme, run in pairs A B A B; the ratio is the median of the pairs' ratios;
* **warm build**: ``site-builder build`` after one facts file was edited, with the cache the previous build left;
* **serve**: a one-fact edit in ``site-builder serve``, from the file's write to the served page holding the new
  words (``serve_latency.py``, real HTTP polling on 127.0.0.1);
* **peak memory**: each child's own ``ru_maxrss`` (``os.wait4``), the largest over its runs.

Timings are medians. ``SOURCE_DATE_EPOCH`` is fixed, as in CI.
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
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parent

#: name: (sources, facts, pages)
SIZES: dict[str, tuple[int, int, int]] = {
    "S": (2, 30, 1), "M": (100, 1000, 10), "L": (1000, 10000, 100), "XL": (10000, 100000, 1000)}

TARGETS = {
    "check_floor_ratio_L": 1.5,
    "warm_check_L_s": 0.3,
    "serve_L_s": 1.0,
    "build_baseline_ratio_L": 1.3,
    "warm_build_speedup_L": 3.0,
    "growth_L_XL_check": 11.0,
    "peak_rss_XL_mb": 2048.0,
}

ENV = {**os.environ, "SOURCE_DATE_EPOCH": "1700000000", "PYTHONHASHSEED": "0"}


# --------------------------------------------------------------------------- machine


def compile_package() -> int:
    """Compile site-builder's modules to bytecode, as installing the wheel does; return how many were compiled.

    An editable install (``make venv``) has none, and where PYTHONDONTWRITEBYTECODE is set none are ever
    written, so every timed process would compile the package's ~130 modules from source first (about
    0.35 s of CPU): a cost no installed copy pays. Python still checks each one against its source.
    """
    import compileall
    import importlib.util

    spec = importlib.util.find_spec("site_builder")
    if spec is None or spec.origin is None:
        return 0
    folder = Path(spec.origin).parent
    before = sum(1 for _ in folder.rglob("*.pyc"))
    compileall.compile_dir(str(folder), quiet=1, workers=0)
    return sum(1 for _ in folder.rglob("*.pyc")) - before


def machine_info() -> dict[str, Any]:
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

        mkdocs_version: str | None = mkdocs.__version__
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
        files = [root] if root.is_file() else sorted(p for p in root.rglob("*.py") if p.is_file())
        for p in files:
            if p.name == "rules.py":  # only imports the project's functions: where they live is no content
                continue
            h.update(str(p.relative_to(REPO)).encode())
            h.update(p.read_bytes())
    return h.hexdigest()[:12]


def _sync_templates(project: Path, baseline: Path) -> None:
    """Copy the repository's templates into a cached corpus (they change more often than the generator)."""
    for target in (project / "templates", baseline / "templates"):
        if target.parent.is_dir():
            shutil.rmtree(target, ignore_errors=True)
            shutil.copytree(REPO / "templates", target)


def corpus(size: str, seed: int, cache: Path, *, fresh: bool = False) -> tuple[Path, Path, float | None]:
    """Return (project, baseline project, generation seconds or None when cached)."""
    n_sources, n_facts, n_pages = SIZES[size]
    # A new generator makes a new corpus; templates are copied in afresh on every run.
    key = _tree_hash(HERE / "corpus")
    home = cache / f"{size}-seed{seed}-{key}"
    project, baseline = home / "project", home / "baseline"
    if (home / "complete").is_file() and not fresh:
        _sync_templates(project, baseline)
        return project, baseline, None
    for old in cache.glob(f"{size}-seed{seed}-*"):  # corpora of older generators
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


#: Files of the built site that the baseline's MkDocs makes itself (its pages, the sitemap) or that mark our output.
_MADE_BY_MKDOCS = {"sitemap.xml", "sitemap.xml.gz", ".site-builder-site"}


def sync_statics(site: Path, baseline: Path) -> int:
    """Copy into the baseline's docs/ every file of our built ``site`` that is not a page MkDocs renders there.

    Share images, the search index, the exports, facts.json and facts.csv, the articles' text, the schemas and the
    editors' report page are files our build makes that no Markdown page stands for: a plain MkDocs site would
    publish them as static files, which MkDocs copies. They are copied in before the baseline is timed (the
    copy is not timed); files an earlier sync copied are removed first. Returns how many files were copied.
    """
    docs = baseline / "docs"
    manifest = baseline / "synced-statics.txt"
    if manifest.is_file():
        for rel in manifest.read_text("utf-8").splitlines():
            (docs / rel).unlink(missing_ok=True)
    theme_files = {p.relative_to(folder).as_posix()  # copied by the theme in both builds
                   for folder in (REPO / "site_builder" / "theme", REPO / "templates")
                   for p in folder.rglob("*") if p.is_file()}
    copied = []
    for path in sorted(site.rglob("*")):
        rel = path.relative_to(site).as_posix()
        if not path.is_file() or rel in _MADE_BY_MKDOCS or rel in theme_files:
            continue
        if rel.endswith(".html") and rel != "editors/index.html":  # a page the baseline writes as Markdown
            continue
        target = docs / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, target)
        copied.append(rel)
    manifest.write_text("".join(f"{rel}\n" for rel in copied), "utf-8")
    return len(copied)


def facts_file(project: Path) -> Path:
    """Return the facts file the warm runs edit: the first page file."""
    return min(p for p in (project / "facts").glob("*.yaml") if p.name != "sources.yaml")


def edit_one_fact(path: Path, n: int) -> None:
    """Rewrite one fact's claim in ``path`` (words no rule reads, no digit: the check still passes)."""
    word = "".join("abcdefghij"[int(d)] for d in str(n))
    text = path.read_text("utf-8")
    lines = text.split("\n")
    i = next(k for k, line in enumerate(lines) if line.lstrip().startswith("claim:"))
    base = lines[i].split(" (edit ", 1)[0]
    if base.endswith(("'", '"')):  # a quoted claim: keep the closing quote last
        lines[i] = f"{base[:-1]} (edit {word}){base[-1]}"
    else:
        lines[i] = f"{base} (edit {word})"
    path.write_text("\n".join(lines), "utf-8")


# --------------------------------------------------------------------------- measuring


def run_measured(cmd: list[str], cwd: Path) -> tuple[float, float, int, str, float, bytes]:
    """Run ``cmd``; return (wall s, peak RSS MB of the child, exit code, stderr tail, CPU s, stdout)."""
    with tempfile.TemporaryFile() as err, tempfile.TemporaryFile() as out:
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, env=ENV, stdout=out, stderr=err)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - t0
        proc.returncode = os.waitstatus_to_exitcode(status)  # reaped here, not by Popen
        err.seek(0)
        tail = err.read().decode("utf-8", "replace")[-3000:]
        out.seek(0)
        stdout = out.read()
    return wall, usage.ru_maxrss / 1024, proc.returncode, tail, usage.ru_utime + usage.ru_stime, stdout


def dir_bytes(path: Path) -> tuple[int, int]:
    total = files = 0
    for p in path.rglob("*"):
        if p.is_file():
            total += p.stat().st_size
            files += 1
    return total, files


class Runs:
    """The timed runs of one measurement: wall and CPU seconds, peak RSS."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.walls: list[float] = []
        self.cpus: list[float] = []
        self.rss: list[float] = []
        self.extra: dict[str, Any] = {}

    def run(self, cmd: list[str], cwd: Path, *, ok: bool = True) -> bytes:
        wall, mb, rc, tail, cpu, stdout = run_measured(cmd, cwd)
        if ok and rc != 0:
            sys.exit(f"{self.name} failed (exit {rc}): {' '.join(cmd)}\n{tail}")
        self.walls.append(wall)
        self.cpus.append(cpu)
        self.rss.append(mb)
        print(f"    {self.name:<11} run {len(self.walls)}: {wall:7.2f} s wall {cpu:7.2f} s CPU {mb:7.1f} MB",
              file=sys.stderr, flush=True)
        return stdout

    def result(self) -> dict[str, Any]:
        return {"seconds": statistics.median(self.walls), "runs": self.walls,
                "cpu_seconds": statistics.median(self.cpus), "cpu_runs": self.cpus, "peak_rss_mb": max(self.rss),
                **self.extra}


def _clear(*paths: Path) -> None:
    for p in paths:
        if p.exists():
            shutil.rmtree(p)


def bench_size(size: str, seed: int, cache: Path, repeat: int, *, serve: bool, edits: int,
               with_build: bool = True, serve_timeout: float = 120.0) -> dict[str, Any]:
    project, baseline, gen = corpus(size, seed, cache)
    py = sys.executable
    check = [py, "-m", "site_builder", "-C", str(project), "check"]
    work = project.parent
    state = project / ".cache"
    _clear(state)
    # A cached corpus made by an older site-builder (e.g. other paragraph anchors) is regenerated once.
    if run_measured(check, work)[2] != 0:  # also warms the operating system's file cache
        project, baseline, gen = corpus(size, seed, cache, fresh=True)
        state = project / ".cache"
    n_sources, n_facts, n_pages = SIZES[size]
    print(f"  {size}: {n_sources} sources, {n_facts} facts, {n_pages} pages"
          f" ({f'generated in {gen:.1f} s' if gen is not None else 'cached'}: {project})", file=sys.stderr)
    row: dict[str, Any] = {"sources": n_sources, "facts": n_facts, "pages": n_pages, "repeat": repeat,
                           "corpus": str(project), "generate_seconds": gen}
    row["input_bytes"] = sum(dir_bytes(project / d)[0] for d in ("seeds", "facts"))
    edited = facts_file(project)
    original = edited.read_bytes()

    floor = Runs("floor")
    phases = [json.loads(floor.run([py, str(HERE / "floor.py"), str(project), "--json"], work))
              for _ in range(repeat)]
    floor.extra["phases"] = {k: statistics.median(p[k] for p in phases)
                             for k in ("read_s", "parse_s", "normalise_s", "total_s")}

    cold, warm = Runs("cold check"), Runs("warm check")
    try:
        for i in range(repeat):
            _clear(state)
            cold.run(check, work)
            edit_one_fact(edited, i)  # the cache the cold run left now holds one stale facts file
            warm.run(check, work)
        edited.write_bytes(original)
        row["floor"], row["check_cold"], row["check_warm"] = floor.result(), cold.result(), warm.result()
        row["check_floor_ratio"] = row["check_cold"]["seconds"] / row["floor"]["seconds"]
        row["check_floor_cpu_ratio"] = row["check_cold"]["cpu_seconds"] / row["floor"]["cpu_seconds"]
        if not with_build:
            return row

        build, base, warm_build = Runs("build"), Runs("baseline"), Runs("warm build")
        build_out, base_out = work / "out-build", work / "out-baseline"
        build_cmd = [py, "-m", "site_builder", "-C", str(project), "build", "--out", str(build_out)]
        base_cmd = [py, "-m", "mkdocs", "build", "--strict", "--quiet", "-f", str(baseline / "mkdocs.yml"),
                    "-d", str(base_out)]
        ratios = []
        for i in range(repeat):  # pairs A B A B: the machine's load drifts alike for both
            _clear(state, build_out)
            build.run(build_cmd, work)
            if i == 0:  # the files our build makes that no page stands for, as static files (not timed)
                row["baseline_static_files"] = sync_statics(build_out, baseline)
            _clear(base_out)
            base.run(base_cmd, work)
            ratios.append(build.walls[-1] / base.walls[-1])
            edit_one_fact(edited, 100 + i)
            warm_build.run(build_cmd, work)  # the previous build's cache and output stay
        edited.write_bytes(original)
        row["build"], row["baseline"], row["build_warm"] = build.result(), base.result(), warm_build.result()
        row["build"]["output_bytes"], row["build"]["output_files"] = dir_bytes(build_out)
        row["baseline"]["output_bytes"], row["baseline"]["output_files"] = dir_bytes(base_out)
        row["build_baseline_ratio"] = statistics.median(ratios)
        row["build_baseline_ratios"] = ratios
        row["build_baseline_cpu_ratio"] = statistics.median(a / b for a, b in zip(build.cpus, base.cpus, strict=True))
        row["warm_build_speedup"] = row["build"]["seconds"] / row["build_warm"]["seconds"]
    finally:
        edited.write_bytes(original)
    if serve:
        import serve_latency

        try:
            row["serve"] = serve_latency.measure(size, seed, cache, edits, serve_timeout)
            print(f"    serve       median {row['serve']['median_s']:.2f} s over {edits} edits", file=sys.stderr)
        except RuntimeError as exc:  # an edit that never showed is a result (a missed target), not a crash
            row["serve"] = {"error": str(exc), "timeout_s": serve_timeout}
            print(f"    serve       {exc}", file=sys.stderr)
    row["loadavg_after"] = _loadavg()  # other work on the machine skews timings
    return row


# --------------------------------------------------------------------------- profiling


def profile(size: str, seed: int, cache: Path, stats_file: Path, top: int, command: str) -> dict[str, Any]:
    """cProfile one `site-builder check` (cold) or `build` at ``size``; print and return the top entries."""
    import pstats

    project, _, _ = corpus(size, seed, cache)
    _clear(project / ".cache")
    out = project.parent / "out-profile"
    _clear(out)
    args = ["check"] if command == "check" else ["build", "--out", str(out)]
    cmd = [sys.executable, "-m", "cProfile", "-o", str(stats_file), "-m", "site_builder", "-C", str(project), *args]
    wall, _mb, rc, tail, _cpu, _ = run_measured(cmd, project.parent)
    if rc != 0:
        sys.exit(f"profiled {command} failed:\n{tail}")
    stats = pstats.Stats(str(stats_file))
    total = max(v[3] for v in stats.stats.values())  # type: ignore[attr-defined]  # the top frame's cumulative time
    rows = []
    for (file, line, func), (_cc, nc, tt, ct, _callers) in stats.stats.items():  # type: ignore[attr-defined]
        rows.append({"function": f"{_short(file)}:{line}({func})", "calls": nc, "tottime": tt, "cumtime": ct,
                     "cum_pct": 100 * ct / total, "tot_pct": 100 * tt / total})
    by_cum = sorted(rows, key=lambda r: -r["cumtime"])[:top]
    by_tot = sorted(rows, key=lambda r: -r["tottime"])[:top]
    print(f"\ncProfile of a cold `site-builder {command}` at {size}: {wall:.1f} s wall under the profiler, "
          f"{total:.1f} s profiled; stats in {stats_file}")
    for title, sel in (("cumulative", by_cum), ("own time", by_tot)):
        print(f"\n  top {top} by {title}:\n  {'cum s':>7} {'cum %':>6} {'own s':>7} {'calls':>9}  function")
        for r in sel:
            print(f"  {r['cumtime']:7.2f} {r['cum_pct']:5.1f}% {r['tottime']:7.2f} {r['calls']:9d}  {r['function']}")
    return {"size": size, "command": command, "wall_s": wall, "profiled_s": total,
            "top": by_cum + [dict(r, by="tottime") for r in by_tot]}


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


def _cell(r: dict[str, Any], *keys: str, fmt: str = "{:.2f}") -> str:
    value: Any = r
    for k in keys:
        if not isinstance(value, dict) or k not in value:
            return "-"
        value = value[k]
    return fmt.format(value)


def table(results: dict[str, dict[str, Any]]) -> str:
    """Return the results as the text tables `make bench` prints: wall time, then CPU time and memory."""
    wall = [("size", None), ("floor s", ("floor", "seconds")), ("check s", ("check_cold", "seconds")),
            ("÷floor", ("check_floor_ratio",)), ("warm s", ("check_warm", "seconds")),
            ("build s", ("build", "seconds")), ("base s", ("baseline", "seconds")),
            ("÷base", ("build_baseline_ratio",)), ("warm b s", ("build_warm", "seconds")),
            ("serve s", ("serve", "median_s"))]
    cpu = [("size", None), ("floor", ("floor", "cpu_seconds")), ("check", ("check_cold", "cpu_seconds")),
           ("÷floor", ("check_floor_cpu_ratio",)), ("warm", ("check_warm", "cpu_seconds")),
           ("build", ("build", "cpu_seconds")), ("base", ("baseline", "cpu_seconds")),
           ("÷base", ("build_baseline_cpu_ratio",)), ("warm b", ("build_warm", "cpu_seconds")),
           ("check MB", ("check_cold", "peak_rss_mb")), ("build MB", ("build", "peak_rss_mb")),
           ("out MB", ("build", "output_bytes")), ("base MB", ("baseline", "output_bytes"))]
    lines: list[str] = []
    for title, cols in (("wall seconds (median)", wall), ("CPU seconds, user + system (median); peak RSS", cpu)):
        widths = [max(len(name), 9) for name, _ in cols]
        head = " ".join(f"{name:<{w}}" if k == 0 else f"{name:>{w}}" for k, ((name, _), w) in enumerate(zip(cols, widths, strict=True)))
        lines += ([""] if lines else []) + [title, head, "-" * len(head)]
        for size, r in results.items():
            cells = [size]
            for name, keys in cols[1:]:
                assert keys is not None
                if name.endswith("MB") and keys[-1] == "output_bytes":
                    cells.append(_cell(r, *keys, fmt="{:.1f}") if _cell(r, *keys) == "-" else f"{_dig(r, keys) / 1e6:.1f}")
                elif name.endswith("MB"):
                    cells.append(_cell(r, *keys, fmt="{:.0f}"))
                elif name.startswith("÷"):
                    cells.append(_cell(r, *keys, fmt="{:.2f}x"))
                elif keys[0] == "serve" and "error" in r.get("serve", {}):
                    cells.append(f">{r['serve']['timeout_s']:g}")  # the edit did not show within the timeout
                else:
                    cells.append(_cell(r, *keys))
            lines.append(" ".join(f"{c:<{w}}" if k == 0 else f"{c:>{w}}" for k, (c, w) in enumerate(zip(cells, widths, strict=True))))
    return "\n".join(lines)


def _dig(r: dict[str, Any], keys: tuple[str, ...]) -> float:
    value: Any = r
    for k in keys:
        value = value[k]
    return float(value)


def growth(results: dict[str, dict[str, Any]]) -> dict[str, dict[str, float]]:
    """Return, for each step M -> L -> XL present, how much time and output grew."""
    out: dict[str, dict[str, float]] = {}
    for a, b in (("M", "L"), ("L", "XL")):
        if a in results and b in results:
            x, y = results[a], results[b]
            step = {
                "input_bytes": y["input_bytes"] / x["input_bytes"],
                "check_time": y["check_cold"]["seconds"] / x["check_cold"]["seconds"],
                "check_cpu": y["check_cold"]["cpu_seconds"] / x["check_cold"]["cpu_seconds"],
                "warm_check_cpu": y["check_warm"]["cpu_seconds"] / x["check_warm"]["cpu_seconds"],
                "check_peak_rss": y["check_cold"]["peak_rss_mb"] / x["check_cold"]["peak_rss_mb"],
            }
            if "build" in x and "build" in y:
                step.update({
                    "build_time": y["build"]["seconds"] / x["build"]["seconds"],
                    "build_cpu": y["build"]["cpu_seconds"] / x["build"]["cpu_seconds"],
                    "baseline_time": y["baseline"]["seconds"] / x["baseline"]["seconds"],
                    "build_output_bytes": y["build"]["output_bytes"] / x["build"]["output_bytes"],
                    "baseline_output_bytes": y["baseline"]["output_bytes"] / x["baseline"]["output_bytes"],
                })
            out[f"{a}->{b}"] = step
    return out


def verdicts(results: dict[str, dict[str, Any]], g: dict[str, dict[str, float]]) -> dict[str, dict[str, Any]]:
    """Return each target of issue 14 with what was measured and whether it is met."""
    found: dict[str, tuple[float, bool]] = {}
    if "L" in results:
        r = results["L"]
        found["check_floor_ratio_L"] = (r["check_floor_ratio"], r["check_floor_ratio"] <= TARGETS["check_floor_ratio_L"])
        w = r["check_warm"]["seconds"]
        found["warm_check_L_s"] = (w, w <= TARGETS["warm_check_L_s"])
        if "build_baseline_ratio" in r:
            found["build_baseline_ratio_L"] = (r["build_baseline_ratio"],
                                               r["build_baseline_ratio"] <= TARGETS["build_baseline_ratio_L"])
        if "warm_build_speedup" in r:
            found["warm_build_speedup_L"] = (r["warm_build_speedup"],
                                             r["warm_build_speedup"] >= TARGETS["warm_build_speedup_L"])
        if "serve" in r and "error" in r["serve"]:
            found["serve_L_s"] = (r["serve"]["timeout_s"], False)  # not shown within the timeout
        elif "serve" in r:
            found["serve_L_s"] = (r["serve"]["median_s"], r["serve"]["median_s"] <= TARGETS["serve_L_s"])
    if "L->XL" in g:
        c = g["L->XL"]["check_time"]
        found["growth_L_XL_check"] = (c, c <= TARGETS["growth_L_XL_check"])
    if "XL" in results:
        r = results["XL"]
        peak = max(r[k]["peak_rss_mb"] for k in ("check_cold", "check_warm", "build", "build_warm") if k in r)
        found["peak_rss_XL_mb"] = (peak, peak < TARGETS["peak_rss_XL_mb"])
    return {k: {"measured": v, "target": TARGETS[k], "met": met} for k, (v, met) in found.items()}


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description="Benchmark site-builder: check against its floor, build against plain "
                                            "MkDocs, the live preview.")
    p.add_argument("--sizes", default="S,M,L", help="comma-separated sizes among S, M, L, XL (default S,M,L)")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--repeat", type=int, default=3, help="timed runs (or pairs) per measurement at S and M (median)")
    p.add_argument("--repeat-large", type=int, default=3, help="timed runs (or pairs) at L (median)")
    p.add_argument("--repeat-xl", type=int, default=1, help="timed runs (or pairs) at XL (median)")
    p.add_argument("--edits", type=int, default=5, help="one-fact edits timed in serve at each size (median)")
    p.add_argument("--no-serve", action="store_true", help="skip the live-preview latency")
    p.add_argument("--serve-timeout", type=float, default=120.0,
                   help="seconds one edit may take to show in serve; longer is reported as '>N' (default 120)")
    p.add_argument("--skip-build", default="", metavar="SIZES",
                   help="sizes at which to time check only, not build and baseline (e.g. XL on a busy machine)")
    p.add_argument("--serve-sizes", default="S,M,L", help="sizes at which to time serve (default S,M,L)")
    p.add_argument("--json", metavar="FILE", help="also write the results as JSON")
    p.add_argument("--cache", metavar="DIR", default=str(Path(tempfile.gettempdir()) / "site-builder-bench"),
                   help="where generated corpora are kept (default: %(default)s)")
    p.add_argument("--profile-check", metavar="SIZE", help="also cProfile one cold `site-builder check` at SIZE")
    p.add_argument("--profile-build", metavar="SIZE", help="also cProfile one cold `site-builder build` at SIZE")
    p.add_argument("--profile-top", type=int, default=25)
    args = p.parse_args(argv)
    sizes = [s.strip().upper() for s in args.sizes.split(",") if s.strip()]
    if bad := [s for s in sizes if s not in SIZES]:
        p.error(f"unknown size(s) {', '.join(bad)}: use {', '.join(SIZES)}")
    no_build = {s.strip().upper() for s in args.skip_build.split(",") if s.strip()}
    serve_sizes = set() if args.no_serve else {s.strip().upper() for s in args.serve_sizes.split(",")}
    cache = Path(args.cache)
    cache.mkdir(parents=True, exist_ok=True)
    sys.path.insert(0, str(HERE))
    info = machine_info()
    compiled = compile_package()
    print(f"bytecode: site_builder compiled as an installed copy is ({compiled} module(s) compiled now)",
          file=sys.stderr)
    print(f"machine: {info['nproc']} CPU(s), {info['cpu_model']}, Python {info['python']}, MkDocs {info['mkdocs']}, "
          f"load average {info['loadavg_at_start']}", file=sys.stderr)
    if info["loadavg_at_start"] and info["loadavg_at_start"][0] > info["nproc"] * 0.5:
        print("warning: the machine is busy; timings will be inflated and noisy", file=sys.stderr)
    results: dict[str, dict[str, Any]] = {}
    for size in sizes:
        repeat = {"L": args.repeat_large, "XL": args.repeat_xl}.get(size, args.repeat)
        results[size] = bench_size(size, args.seed, cache, repeat, serve=size in serve_sizes, edits=args.edits,
                                   serve_timeout=args.serve_timeout,
                                   with_build=size not in no_build)
    print(f"\nsite-builder benchmark: {info['nproc']} CPUs ({info['cpu_model']}), Python {info['python']}, "
          f"MkDocs {info['mkdocs']}, seed {args.seed}; medians of {args.repeat} runs at S/M, "
          f"{args.repeat_large} at L, {args.repeat_xl} at XL\n")
    print(table(results))
    g = growth(results)
    for step, r in g.items():
        line = (f"\ngrowth {step} ({r['input_bytes']:.1f}x input): check time {r['check_time']:.1f}x "
                f"(CPU {r['check_cpu']:.1f}x, warm CPU {r['warm_check_cpu']:.1f}x), check memory "
                f"{r['check_peak_rss']:.1f}x")
        if "build_time" in r:
            line += (f"; build time {r['build_time']:.1f}x (CPU {r['build_cpu']:.1f}x), build output "
                     f"{r['build_output_bytes']:.1f}x; baseline time {r['baseline_time']:.1f}x, baseline output "
                     f"{r['baseline_output_bytes']:.1f}x")
        print(line)
    v = verdicts(results, g)
    if v:
        print("\ntargets (issue 14):")
        for k, r in v.items():
            print(f"  {k:<24} {r['measured']:9.2f}  (target {r['target']:g})  {'met' if r['met'] else 'MISSED'}")
    profiles = []
    for command, size in (("check", args.profile_check), ("build", args.profile_build)):
        if size:
            name = size.upper()
            profiles.append(profile(name, args.seed, cache, cache / f"{command}-{name}.prof", args.profile_top,
                                    command))
    if args.json:
        doc = {"machine": info, "seed": args.seed, "command": " ".join(["benchmarks/run.py", *(argv or sys.argv[1:])]),
               "sizes": results, "growth": g, "targets": v, "loadavg_at_end": _loadavg(),
               "notes": {"timing": "median of runs; L uses --repeat-large runs, XL --repeat-xl",
                         "build_baseline_ratio": "median of the ratios of pairs run A B A B",
                         "peak_rss": "largest ru_maxrss of the child over the runs (os.wait4)"}}
        if profiles:
            doc["profiles"] = profiles
        Path(args.json).write_text(json.dumps(doc, indent=2) + "\n", encoding="utf-8")
        print(f"\nwrote {args.json}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
