"""Debugger speed: building one, and from goto(i) to the updated widget state.

    python benchmarks/bench_debugger.py

Goals, at L = 4096 (the article's strided loop, K = 2, stride 2: 2048 outputs, about 4100
traced lines): building a Debugger takes <= 0.2 s before any diagnosis (your own function's
diagnosis runs in a background thread and is not waited for), and goto(i) takes <= 30 ms
at the 95th percentile, over steps each visited for the first time (so their frames are
built and rendered, not read from a cache), at both granularities. L = 8 is measured
alongside: a long input must step as smoothly as a short one. Measured headless: the time
until every widget holds its new value (sending them to a browser is the front end's part).
Exits with status 1 when a goal is missed.
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
from convlab import Case, catalog  # noqa: E402
from convlab.widget import Debugger  # noqa: E402

IMPORT_SECONDS = time.perf_counter() - started
BUG = "article-strided-range"
BUILD_GOAL, STEP_GOAL = 0.2, 30.0
STEPS_SAMPLED = 400


def long_case(length: int) -> Case:
    return Case(x=np.random.default_rng(0).standard_normal(length).round(2), w=[0.5, -0.5],
                stride=2)


def step_latencies(debugger: Debugger) -> list[float]:
    """Milliseconds per goto(i) over up to STEPS_SAMPLED steps spread over the run, then the
    first divergence and back to front."""
    count = debugger.n_steps
    order = sorted(set(np.linspace(0, count - 1, min(count, STEPS_SAMPLED)).astype(int)))
    times = []
    for step in [*order, *reversed(order)]:
        begin = time.perf_counter()
        debugger.goto(int(step))
        times.append((time.perf_counter() - begin) * 1000)
    begin = time.perf_counter()
    debugger.first_divergence()
    times.append((time.perf_counter() - begin) * 1000)
    return times


def build_seconds(target, case: Case, repeats: int = 5) -> list[float]:
    times = []
    for _ in range(repeats):
        begin = time.perf_counter()
        debugger = Debugger(target, case)
        times.append(time.perf_counter() - begin)
        # a diagnosis started in the background is not part of building
        debugger.wait_for_diagnosis()
    return times


def main() -> int:
    print(f"import convlab.widget: {IMPORT_SECONDS * 1000:.0f} ms (once per session)")
    first = build_seconds(BUG, None, repeats=1)[0]
    print(f"first Debugger({BUG!r}) in this process: {first * 1000:.0f} ms")
    missed = []
    yours = catalog.get(BUG).flawed
    for length in (8, 4096):
        case = long_case(length)
        for label, target in (("catalog bug", BUG), ("your function", yours)):
            times = build_seconds(target, case)
            worst = statistics.median(times)
            print(f"L={length}: build Debugger({label}): median {worst * 1000:.0f} ms, "
                  f"max {max(times) * 1000:.0f} ms "
                  f"(goal median <= {BUILD_GOAL * 1000:.0f} ms before diagnosis)")
            if length == 4096 and worst > BUILD_GOAL:
                missed.append(f"build {label} at L={length}")
        for granularity in ("output", "line"):
            debugger = Debugger(BUG, case, granularity=granularity)
            times = step_latencies(debugger)
            p95 = float(np.percentile(times, 95))
            print(f"L={length}: goto(i), {granularity} granularity, {debugger.n_steps} steps: "
                  f"p50 {np.percentile(times, 50):.2f} ms, p95 {p95:.2f} ms, "
                  f"max {max(times):.2f} ms (goal p95 <= {STEP_GOAL:.0f} ms)")
            if length == 4096 and p95 > STEP_GOAL:
                missed.append(f"step p95 at L={length}, {granularity}")
    print("all goals met" if not missed else "missed: " + "; ".join(missed))
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
