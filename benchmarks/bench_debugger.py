"""Debugger speed: from goto(i) to the updated widget state, and building a Debugger.

    python benchmarks/bench_debugger.py

Goals: for L = 64, K = 5, goto(i) over every step (each visited for the first time, so
its frames are built and rendered, not read from a cache) at <= 30 ms at the 95th
percentile; building a Debugger for a catalog bug in <= 1 s. Measured headless: the time
until every widget holds its new value (sending them to a browser is the front end's part).
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

started = time.perf_counter()
from convlab import Case  # noqa: E402
from convlab.widget import Debugger  # noqa: E402

IMPORT_SECONDS = time.perf_counter() - started
BUG = "article-strided-range"
CASE = Case(x=np.random.default_rng(0).standard_normal(64).round(2),
            w=[1.0, -2.0, 0.5, 3.0, -1.0])


def percentile(values: list[float], q: float) -> float:
    return float(np.percentile(values, q))


def step_latencies(granularity: str) -> tuple[int, list[float]]:
    """Seconds per goto(i), visiting every step once, in order then back to front."""
    debugger = Debugger(BUG, CASE, granularity=granularity)
    times = []
    order = list(range(debugger.n_steps))
    for step in order:
        begin = time.perf_counter()
        debugger.goto(step)
        times.append(time.perf_counter() - begin)
    for step in reversed(order):
        begin = time.perf_counter()
        debugger.goto(step)
        times.append(time.perf_counter() - begin)
    return debugger.n_steps, times


def construction(case: Case | None, repeats: int = 5) -> list[float]:
    times = []
    for _ in range(repeats):
        begin = time.perf_counter()
        Debugger(BUG, case)
        times.append(time.perf_counter() - begin)
    return times


def main() -> None:
    print(f"import convlab.widget: {IMPORT_SECONDS * 1000:.0f} ms (once per session)")
    first = construction(None, repeats=1)[0]
    print(f"first Debugger({BUG!r}): {first * 1000:.0f} ms")
    for label, case in (("counterexample", None), ("L=64, K=5", CASE)):
        times = construction(case)
        print(f"Debugger({BUG!r}, {label}): median {statistics.median(times) * 1000:.0f} ms, "
              f"max {max(times) * 1000:.0f} ms (goal <= 1000 ms)")
    for granularity in ("output", "line"):
        count, times = step_latencies(granularity)
        ms = [t * 1000 for t in times]
        print(f"goto(i), L=64, K=5, {granularity} granularity, {count} steps: "
              f"p50 {percentile(ms, 50):.2f} ms, p95 {percentile(ms, 95):.2f} ms, "
              f"max {max(ms):.2f} ms (goal p95 <= 30 ms)")


if __name__ == "__main__":
    main()
