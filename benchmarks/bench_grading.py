"""Grading speed: one submission end to end, and a folder of 100 with --jobs 2.

    python benchmarks/bench_grading.py

Goals: one submission (sandbox start, the corpus, the probe battery and fresh inputs, the
diagnosis, results.json) in <= 1 s; a folder of 100 submissions at >= 8 per second with 2
jobs. Isolation is included: bubblewrap where it runs (the line printed first says which).
The folder mixes correct and flawed code (a flawed one is also diagnosed, through the
sandbox).
"""

from __future__ import annotations

import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from convlab.cli import main  # noqa: E402
from convlab.grading.isolation import resolve_isolation  # noqa: E402

SUBMISSIONS = ROOT / "tests" / "submissions"


def one_submission(work: Path) -> float:
    started = time.perf_counter()
    main(["grade", str(SUBMISSIONS / "flawed" / "last_window.py"), "--json",
          str(work / "one.json")])
    return time.perf_counter() - started


def folder_of(work: Path, count: int) -> Path:
    sources = [p for p in sorted((SUBMISSIONS / "correct").glob("*.py"))
               if not p.stem.startswith("channels")]
    sources += [p for p in sorted((SUBMISSIONS / "flawed").glob("*.py"))
                if not p.stem.startswith("channels")]
    folder = work / "class"
    folder.mkdir()
    for index in range(count):
        shutil.copy(sources[index % len(sources)], folder / f"student_{index:03d}.py")
    return folder


def main_bench() -> None:
    print(f"isolation: {resolve_isolation('auto')}")
    with tempfile.TemporaryDirectory() as temporary:
        work = Path(temporary)
        single = one_submission(work)
        print(f"one submission, end to end: {single:.2f} s (goal <= 1 s)")
        folder = folder_of(work, 100)
        started = time.perf_counter()
        main(["grade", str(folder), "--json", str(work / "out"), "--jobs", "2"])
        seconds = time.perf_counter() - started
        print(f"100 submissions, --jobs 2: {seconds:.1f} s, {100 / seconds:.1f} per second "
              f"(goal >= 8)")


if __name__ == "__main__":
    main_bench()
