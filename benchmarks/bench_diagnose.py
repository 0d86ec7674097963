"""Time of convlab.diagnose per implementation, and its accuracy on the student set.

    python benchmarks/bench_diagnose.py

For every implementation in tests/diagnosis_students.py (written independently of the
catalog, each with its expected mistake) and every flawed and fixed catalog entry, runs
diagnose once cold (the first call of an exercise builds its table of model predictions;
that cost is reported separately) and then times warm calls (median of 5), and checks the
top category. Prints one table and the accuracy.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from convlab import catalog  # noqa: E402
from convlab.diagnosis import diagnose, has_probes  # noqa: E402
from convlab.diagnosis.table import table_for  # noqa: E402
from convlab.exercises import EXERCISES  # noqa: E402
from tests.diagnosis_students import STUDENTS  # noqa: E402


def timed(fn, exercise, repeats=5):
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        result = diagnose(fn, exercise)
        times.append(time.perf_counter() - started)
    return result, statistics.median(times)


_COLD = """
import time
started = time.perf_counter()
import convlab
def off_by_one(x, w, stride=1, padding="valid"):
    return convlab.conv1d(x, w, stride=stride, padding=padding)[:-1]
convlab.diagnose(off_by_one)
print(time.perf_counter() - started)
"""


_COLD_BACKWARD = """
import time
started = time.perf_counter()
import convlab
def overwritten(dout, x, w, stride=1, padding="valid"):
    gradients = convlab.learn.conv1d_backward(dout, x, w, stride=stride, padding=padding)
    return gradients.x, gradients.w * 0 + gradients.w[-1]
convlab.diagnose(overwritten, "conv1d-backward")
print(time.perf_counter() - started)
"""


def cold_in_a_new_process(runs: int = 3, script: str = _COLD) -> float:
    """Median seconds of import convlab + the first diagnose, each in a fresh interpreter."""
    times = [float(subprocess.run([sys.executable, "-c", script], capture_output=True,
                                  text=True, check=True,
                                  cwd=Path(__file__).resolve().parents[1]).stdout)
             for _ in range(runs)]
    return statistics.median(times)


def main() -> None:
    print(f"cold: import convlab and a first diagnose in a new process: median "
          f"{1000 * cold_in_a_new_process():.0f} ms of 3 runs (conv1d), "
          f"{1000 * cold_in_a_new_process(script=_COLD_BACKWARD):.0f} ms (conv1d-backward)")
    print("table build (once per exercise and process):")
    for name, exercise in EXERCISES.items():
        if not has_probes(exercise):
            continue
        started = time.perf_counter()
        table_for(exercise)
        print(f"  {name:<22} {1000 * (time.perf_counter() - started):7.0f} ms")
    rows = [(f"student {fn.__name__}", exercise, fn, expected)
            for exercise, fn, expected in STUDENTS]
    for bug in catalog.BUGS:
        rows.append((f"{bug.id} (flawed)", bug.exercise, bug.flawed, bug.category))
        rows.append((f"{bug.id} (fixed)", bug.exercise, bug.fixed, None))
    right = 0
    times = []
    print(f"\n{'implementation':<52} {'expected':<24} {'got':<24} {'ms':>6}")
    for label, exercise, fn, expected in rows:
        result, seconds = timed(fn, exercise)
        got = result.categories[0] if result.categories else None
        right += got == expected
        times.append(seconds)
        mark = "" if got == expected else "  <- wrong"
        print(f"{label:<52} {expected or '(correct)':<24} {got or '(correct)':<24} "
              f"{1000 * seconds:6.0f}{mark}")
    student_right = sum(
        (diagnose(fn, exercise).categories[:1] or (None,))[0] == expected
        for exercise, fn, expected in STUDENTS)
    print(f"\nstudent set: {student_right}/{len(STUDENTS)} top-1 right; "
          f"all rows: {right}/{len(rows)}")
    print(f"warm diagnose time: median {1000 * statistics.median(times):.0f} ms, "
          f"max {1000 * max(times):.0f} ms (locating the line with the tracer included)")


if __name__ == "__main__":
    main()
