"""Benchmark: reading the figures of one paragraph stays linear in its length.

Times ``find_mentions`` on paragraphs of 1,000 and 40,000 numbers (mixed news forms) and on adversarial
inputs (a million-digit number, a long run of "1.1.1.", a long run of number words), and prints the ratio
of 40,000 to 1,000 (the target is at most 40, plus noise). Run: python benchmarks/mentions_scaling.py
"""

from __future__ import annotations

import cProfile
import pstats
import time

from site_builder.figures import find_mentions

_MIXED = ["1,500 km", "$3bn", "12%", "in 2016", "Luna-25", "nearly a dozen", "−40", "Sept. 12", "1:27 a.m. ET",
          "two hundred and fifty thousand", "between 4.3 and 5.2 billion dollars", "www.x.com/2016", "20th", "1,5"]


def paragraph(n: int) -> str:
    """Return a paragraph of about ``n`` numbers, growing exactly with ``n``."""
    return ", ".join(f"{_MIXED[i % len(_MIXED)]} and {100 + i % 900}" for i in range(n // 2))


def best_of(text: str, runs: int = 3) -> float:
    """Return the fastest of ``runs`` timings of reading ``text``, in seconds."""
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        find_mentions(text)
        times.append(time.perf_counter() - t0)
    return min(times)


def calls(text: str) -> int:
    """Return how many Python function calls reading ``text`` makes (deterministic, unlike wall time)."""
    profile = cProfile.Profile()
    profile.enable()
    find_mentions(text)
    profile.disable()
    return pstats.Stats(profile).total_calls  # type: ignore[attr-defined]


def main() -> None:
    small, large = best_of(paragraph(1_000)), best_of(paragraph(40_000), runs=1)
    print(f"1,000 numbers: {small * 1000:.1f} ms; 40,000 numbers: {large * 1000:.1f} ms; ratio {large / small:.1f}")
    print(f"function calls, 40,000 numbers / 1,000: {calls(paragraph(40_000)) / calls(paragraph(1_000)):.1f}")
    for name, text in [("a million-digit number", "It cost $" + "9" * 1_000_000 + "."),
                       ("200,000 chars of 1.1.1.", "1." * 100_000),
                       ("100,000 number words", "one " * 100_000)]:
        print(f"{name}: {best_of(text, runs=1) * 1000:.0f} ms")


if __name__ == "__main__":
    main()
