"""convlab.conv1d against torch.nn.functional.conv1d, as a ratio of times: run from the root.

    python benchmarks/bench_conv1d.py [--rounds 15]

How it measures, so the ratios are comparable within one run:
- torch and numpy's BLAS get the same number of threads: torch.set_num_threads(n) with n
  the number of threads OpenBLAS runs (OPENBLAS_NUM_THREADS if set, otherwise the cores
  this process may use; 2 on the reference machine).
- torch's side is torch.nn.functional.conv1d on tensors built beforehand (padding='same'
  at stride 1 uses torch's own padding='same'); convlab's side is the public convlab.conv1d
  on numpy arrays, every argument check included. Nothing is cached between calls.
- Each case is warmed up, then a repeat count is calibrated so one sample lasts about
  20 ms. The two sides are then timed alternately, sample after sample (the order flips
  each round), so a burst of load from other processes hits both.
- Each side's time is its best sample over the rounds (other processes only ever add time,
  so the minimum is the least disturbed estimate); the ratio is convlab's best over
  torch's. Ratios below 1 mean convlab is faster. Run it a few times on a busy machine.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
import warnings
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F

# measure this checkout's convlab, installed or not
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
import convlab  # noqa: E402

SAMPLE_SECONDS = 0.02


def blas_threads() -> int:
    """The threads numpy's OpenBLAS uses: its environment setting, else the usable cores."""
    for variable in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS"):
        if os.environ.get(variable, "").isdigit():
            return int(os.environ[variable])
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()


def make_case(rng, batch, c_in, c_out, length, kernel_size, dtype, padding="valid"):
    """(convlab call, torch call) on the same random data, NCL layout."""
    if batch is None:
        x = rng.standard_normal(length).astype(dtype)
        w = rng.standard_normal(kernel_size).astype(dtype)
        xt = torch.from_numpy(x).reshape(1, 1, length)
        wt = torch.from_numpy(w).reshape(1, 1, kernel_size)
    else:
        x = rng.standard_normal((batch, c_in, length)).astype(dtype)
        w = rng.standard_normal((c_out, c_in, kernel_size)).astype(dtype)
        xt, wt = torch.from_numpy(x), torch.from_numpy(w)

    def ours():
        return convlab.conv1d(x, w, padding=padding)

    def theirs():
        return F.conv1d(xt, wt, padding=padding)

    return ours, theirs


CASES = [
    ("lesson: L=8, K=2, 1 channel", 0.8, dict(batch=None, c_in=1, c_out=1, length=8,
                                               kernel_size=2, dtype=np.float64)),
    ("single channel: L=1024, K=5", 0.8, dict(batch=None, c_in=1, c_out=1, length=1024,
                                               kernel_size=5, dtype=np.float64)),
    ("batch 32, 64->64, L=1024, K=5, f32", 1.5, dict(batch=32, c_in=64, c_out=64, length=1024,
                                                     kernel_size=5, dtype=np.float32)),
    ("batch 8, 16->16, L=4096, K=4, same, f64", 0.7,
     dict(batch=8, c_in=16, c_out=16, length=4096, kernel_size=4, dtype=np.float64,
          padding="same")),
    ("text CNN: 32, 300->128, L=100, K=5, f32", 1.1, dict(batch=32, c_in=300, c_out=128,
                                                          length=100, kernel_size=5,
                                                          dtype=np.float32)),
    ("long: 8, 16->16, L=65536, K=9, f32", 1.3, dict(batch=8, c_in=16, c_out=16, length=65536,
                                                     kernel_size=9, dtype=np.float32)),
    ("long kernel: 8, 16->16, L=16384, K=129, f32", 0.6,
     dict(batch=8, c_in=16, c_out=16, length=16384, kernel_size=129, dtype=np.float32)),
]


def calibrate(fn) -> int:
    """How many calls make one sample of about SAMPLE_SECONDS (at least one)."""
    fn()
    start = time.perf_counter()
    fn()
    once = time.perf_counter() - start
    return max(1, int(SAMPLE_SECONDS / max(once, 1e-7)))


def sample(fn, repeats: int) -> float:
    start = time.perf_counter()
    for _ in range(repeats):
        fn()
    return (time.perf_counter() - start) / repeats


def measure(ours, theirs, rounds: int) -> tuple[float, float]:
    """Best seconds per call of each side, timed alternately."""
    ours_repeats, theirs_repeats = calibrate(ours), calibrate(theirs)
    ours_times, theirs_times = [], []
    for round_index in range(rounds):
        pair = [(ours, ours_repeats, ours_times), (theirs, theirs_repeats, theirs_times)]
        for fn, repeats, times in pair if round_index % 2 == 0 else pair[::-1]:
            times.append(sample(fn, repeats))
    return min(ours_times), min(theirs_times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=15, help="alternating samples per side")
    args = parser.parse_args()
    threads = blas_threads()
    torch.set_num_threads(threads)
    # torch warns that padding='same' with an even kernel pads unevenly; it is intended here
    warnings.filterwarnings("ignore", message="Using padding='same' with even kernel")
    rng = np.random.default_rng(0)
    print(f"numpy {np.__version__}, torch {torch.__version__}, {threads} threads each, "
          f"best of {args.rounds} alternating samples\n")
    print(f"| {'case':<44} | convlab / torch | goal   | convlab ms | torch ms |")
    print(f"|{'-' * 46}|-----------------|--------|------------|----------|")
    for name, goal, sizes in CASES:
        ours_seconds, theirs_seconds = measure(*make_case(rng, **sizes), args.rounds)
        ratio = ours_seconds / theirs_seconds
        verdict = "ok" if ratio <= goal else "MISS"
        print(f"| {name:<44} | {ratio:>15.2f} | <= {goal:<3} | {ours_seconds * 1e3:>10.4f} | "
              f"{theirs_seconds * 1e3:>8.4f} | {verdict}", flush=True)


if __name__ == "__main__":
    main()
