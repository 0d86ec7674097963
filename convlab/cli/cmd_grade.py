"""`convlab grade FILE|DIR`: grade submissions in a sandbox and write Gradescope results."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from rich.console import Console
from rich.progress import Progress

from convlab.grading.batch import grade_paths, submissions_in, write_summary
from convlab.grading.corpus import corpus
from convlab.grading.sandbox import Policy


def register(subparsers) -> None:
    grade = subparsers.add_parser(
        "grade", help="grade a submission file or a folder of them (Gradescope results.json)",
        description="Run each submission in a sandboxed process on the exercise's fixed "
                    "corpus, diagnose failures and write results.json in Gradescope's schema "
                    "(one per submission; for a folder, OUT is a folder of <name>.json).")
    grade.add_argument("path", type=Path, help="a .py submission, or a folder of them")
    grade.add_argument("--exercise", "-e", default="conv1d",
                       help="the exercise's name: conv1d (default), conv1d-channels, or any "
                            "registered exercise (see lesson 8)")
    grade.add_argument("--json", dest="out", type=Path, default=Path("results.json"),
                       help="results.json (a file), or a folder when grading a folder")
    grade.add_argument("--csv", type=Path, help="also write a summary: file, score, diagnosis")
    grade.add_argument("--jobs", "-j", type=int, default=1, help="submissions graded at once")
    grade.add_argument("--timeout", type=float, default=2.0, help="seconds per call")
    grade.add_argument("--memory-mb", type=int, default=512, help="memory limit per child")
    grade.add_argument("--function", default="conv1d", help="the function to grade")
    grade.add_argument("--forbid-numpy-convolve", action="store_true",
                       help="np.convolve and np.correlate raise inside submissions")
    grade.set_defaults(run=_run_grade)


def _run_grade(args: argparse.Namespace) -> int:
    corpus(args.exercise)
    paths = submissions_in(args.path)
    if not paths:
        print(f"convlab grade: no .py files in {args.path}", file=sys.stderr)
        return 2
    if args.path.is_dir():
        outputs = [args.out / f"{path.stem}.json" for path in paths]
    else:
        outputs = [args.out]
    policy = Policy(case_seconds=args.timeout, memory_mb=args.memory_mb,
                    forbid_numpy=("convolve", "correlate") if args.forbid_numpy_convolve
                    else ())
    # the bar goes to stderr, so captured stdout (a notebook, a CI log) stays plain text
    with Progress(console=Console(stderr=True), transient=True,
                  disable=len(paths) == 1) as progress:
        task = progress.add_task(f"grading {len(paths)} submissions", total=len(paths))
        rows = grade_paths(paths, outputs, args.exercise, function=args.function,
                           policy=policy, jobs=args.jobs,
                           progress=lambda row: progress.advance(task))
    for row in rows:
        diagnosis = f"  [{', '.join(row.diagnosis)}]" if row.diagnosis else ""
        print(f"{row.score:g}/{row.max_score:g}  {row.file}{diagnosis}  -> {row.results}")
    if args.csv:
        write_summary(rows, args.csv)
    return 0
