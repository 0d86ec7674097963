"""Time of convlab.trace, convlab.provenance and convlab.compare per implementation.

    python benchmarks/bench_trace.py [--rounds 3] [--lengths 8 64 256]

Each implementation is a plain-Python loop a learner might write (element assignment,
list append inside while loops, a nested helper) plus one vectorized function, run on
x of length L with a 3-tap kernel, stride 1, padding 'same'. Each time is the best of
`--rounds` runs (other processes only ever add time). `trace` here includes provenance
(its default); `trace only` passes with_provenance=False; `compare` traces as well.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

# measure this checkout's convlab, installed or not
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))
import students  # noqa: E402

import convlab  # noqa: E402

IMPLEMENTATIONS = (students.conv_loop, students.sliding_dot_products,
                   students.conv_with_helper, students.conv_vectorized)


def best_time(work, fn, case, rounds: int, **options) -> float:
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        work(fn, case, **options)
        times.append(time.perf_counter() - started)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--lengths", type=int, nargs="+", default=[8, 64, 256])
    args = parser.parse_args()
    rng = np.random.default_rng(0)
    print(f"{'implementation':<22}{'L':>5}{'steps':>7}"
          + "".join(f"{name:>12}" for name in ("trace only", "provenance", "trace", "compare")))
    for length in args.lengths:
        case = convlab.Case(x=rng.normal(size=length), w=[0.25, 0.5, -1.0], padding="same")
        for fn in IMPLEMENTATIONS:
            steps = len(convlab.trace(fn, case, with_provenance=False).steps)
            timings = [
                best_time(convlab.trace, fn, case, args.rounds, with_provenance=False),
                best_time(convlab.provenance, fn, case, args.rounds),
                best_time(convlab.trace, fn, case, args.rounds),
                best_time(convlab.compare, fn, case, args.rounds),
            ]
            print(f"{fn.__name__:<22}{length:>5}{steps:>7}"
                  + "".join(f"{1000 * t:>10.1f}ms" for t in timings))


if __name__ == "__main__":
    main()
