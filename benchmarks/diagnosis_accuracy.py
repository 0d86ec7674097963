"""How often diagnose names the right mistake on a set of labelled student files.

    python benchmarks/diagnosis_accuracy.py tests/diagnosis_students_third.py [-v]

A set is a module with STUDENTS: rows (name, exercise, expected, alternatives, fn) where
`expected` is the category id of the main mistake (None for a correct file) and
`alternatives` other ids that are fair answers. Prints, for the flawed files, how often the
first category is right (top-1), for the correct files how many were flagged (false alarms),
how often right-or-wrong was right (verdict), and how many wrong first names were given with
confidence ("sure") rather than as a guess.
"""

from __future__ import annotations

import argparse
import importlib.util
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from convlab import diagnose  # noqa: E402


def load(path: Path) -> list[tuple]:
    spec = importlib.util.spec_from_file_location(path.stem, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    rows = []
    for row in module.STUDENTS:
        if len(row) == 5:
            rows.append(row)
        else:  # (exercise, fn, expected)
            exercise, fn, expected = row
            rows.append((fn.__name__, exercise, expected, (), fn))
    return rows


def measure(rows: list[tuple], verbose: bool = False) -> dict:
    flawed = right = false_alarms = correct_files = verdicts = confident_wrong = 0
    started = time.perf_counter()
    for name, exercise, expected, alternatives, fn in rows:
        diagnosis = diagnose(fn, exercise)
        first = diagnosis.categories[0] if diagnosis.categories else None
        confidence = diagnosis.certainty if diagnosis.categories else None
        verdicts += diagnosis.ok == (expected is None)
        if expected is None:
            correct_files += 1
            false_alarms += not diagnosis.ok
            good = diagnosis.ok
        else:
            flawed += 1
            good = first == expected or first in alternatives
            right += good
            confident_wrong += (not good) and confidence == "sure"
        if verbose and not good:
            print(f"  {name:38} {exercise:16} expected {expected!s:24} got "
                  f"{', '.join(diagnosis.categories[:3]) or '-'}"
                  + (f" ({confidence})" if confidence else ""))
    return {"files": len(rows), "flawed": flawed, "top1": right, "correct": correct_files,
            "false_alarms": false_alarms, "verdicts": verdicts,
            "confident_wrong": confident_wrong, "seconds": time.perf_counter() - started}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sets", nargs="+", type=Path)
    parser.add_argument("-v", "--verbose", action="store_true", help="list every miss")
    args = parser.parse_args()
    for path in args.sets:
        print(f"{path}:")
        found = measure(load(path), args.verbose)
        print(f"  top-1 {found['top1']}/{found['flawed']} flawed files "
              f"({100 * found['top1'] / max(found['flawed'], 1):.0f}%), false alarms "
              f"{found['false_alarms']}/{found['correct']} correct files, verdict "
              f"{found['verdicts']}/{found['files']}, confident wrong names "
              f"{found['confident_wrong']}, {found['seconds']:.1f} s")


if __name__ == "__main__":
    main()
