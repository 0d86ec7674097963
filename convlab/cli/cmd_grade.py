"""`convlab grade FILE|DIR`: grade submissions in a sandbox and write Gradescope results."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from rich.console import Console
from rich.progress import Progress

from convlab.cli.arguments import positive
from convlab.errors import ConvlabError
from convlab.exercises import EXERCISES
from convlab.grading.batch import grade_paths, skipped_in, submissions_in, write_summary
from convlab.grading.corpus import corpus
from convlab.grading.isolation import ISOLATIONS, isolation_warning, resolve_isolation
from convlab.grading.policy import Policy
from convlab.grading.report import check_report_path, class_report


class UsageError(ConvlabError):
    """A mistake on the command line: the message says which argument and what to type."""


def register(subparsers) -> None:
    names = ", ".join(EXERCISES)
    grade = subparsers.add_parser(
        "grade", help="grade a submission file or a folder of them (Gradescope results.json)",
        description="Run each submission in a sandbox (bubblewrap when available) on the "
                    "exercise's fixed corpus and fresh inputs drawn for the run, diagnose "
                    "failures and write results.json in Gradescope's schema: results.json for "
                    "one file, results/NAME.json for each file of a folder.")
    grade.add_argument("path", type=Path, help="a .py submission, or a folder of them")
    grade.add_argument("--exercise", "-e", default="conv1d",
                       help=f"the exercise: {names} (default conv1d)")
    grade.add_argument("--json", dest="out", type=Path, default=None,
                       help="where results go: a file for one submission (default "
                            "results.json), a folder for a folder (default results/)")
    grade.add_argument("--csv", type=Path, help="also write a summary: file, score, diagnosis")
    grade.add_argument("--jobs", "-j", type=positive(int, "a whole number"), default=1,
                       help="submissions graded at once (default 1)")
    grade.add_argument("--timeout", type=positive(float, "a number of seconds"), default=2.0,
                       help="seconds per call (default 2)")
    grade.add_argument("--total-seconds", type=positive(float, "a number of seconds"),
                       default=60.0, help="seconds for a whole submission, across restarts "
                                          "(default 60)")
    grade.add_argument("--memory-mb", type=positive(int, "a whole number of megabytes"),
                       default=512, help="memory limit per child (default 512)")
    grade.add_argument("--function", default=None,
                       help="the function to grade (default: the exercise's, e.g. conv1d or "
                            "conv1d_backward)")
    grade.add_argument("--forbid-numpy-convolve", action="store_true",
                       help="np.convolve and np.correlate raise inside submissions")
    grade.add_argument("--isolation", choices=ISOLATIONS, default="auto",
                       help="bwrap: bubblewrap sandbox (required); process: a plain child "
                            "process; auto (default): bwrap where it runs, else process with a "
                            "warning")
    grade.add_argument("--report", type=Path, default=None,
                       help="also write a class report: PATH.html (one page with plots, "
                            "opens offline) or PATH.md (a Markdown summary)")
    grade.add_argument("--quiet", "-q", action="store_true",
                       help="no progress bar (there is none either when stderr is not a "
                            "terminal)")
    grade.set_defaults(run=_run_grade)


def _shown(path: Path | str) -> str:
    """A path as the terminal can print it (bytes that are not UTF-8 escaped)."""
    return os.fsencode(str(path)).decode("utf-8", "backslashreplace")


def _check_paths(args: argparse.Namespace) -> tuple[list[Path], list[Path]]:
    """The submissions and their results files, or a UsageError saying what is wrong."""
    path: Path = args.path
    if not path.exists() and not path.is_symlink():
        raise UsageError(f"no such file or folder: {_shown(path)}")
    if path.is_dir():
        paths = submissions_in(path)
        if not paths:
            raise UsageError(f"no .py files to grade in {_shown(path)}")
        out = args.out if args.out is not None else Path("results")
        if out.exists() and not out.is_dir():
            raise UsageError(f"--json {_shown(out)} is a file, but grading a folder writes one "
                             f"results file per submission into a folder: pass a folder")
        return paths, [out / f"{p.stem}.json" for p in paths]
    if path.suffix != ".py":
        raise UsageError(f"{_shown(path)} is not a Python file (.py): pass a submission file "
                         f"or a folder of them")
    out = args.out if args.out is not None else Path("results.json")
    if out.is_dir():
        raise UsageError(f"--json {_shown(out)} is a folder, but grading one file writes one "
                         f"results file: pass a file name such as {_shown(out / 'results.json')}")
    return [path], [out]


def _run_grade(args: argparse.Namespace) -> int:
    if args.exercise not in EXERCISES:
        raise UsageError(f"--exercise must be one of {', '.join(EXERCISES)} (got "
                         f"{args.exercise!r})")
    corpus(args.exercise)
    paths, outputs = _check_paths(args)
    if args.report is not None:
        check_report_path(args.report, name="--report")  # before grading: a typo costs no time
    resolve_isolation(args.isolation)
    warning = isolation_warning(args.isolation)
    if warning:
        print(f"convlab grade: {warning}", file=sys.stderr)
    for skipped in skipped_in(args.path):
        print(f"convlab grade: skipping {_shown(skipped.name)} (a name starting with _ marks "
              f"a helper, not a submission)", file=sys.stderr)
    policy = Policy(case_seconds=args.timeout, memory_mb=args.memory_mb,
                    total_seconds=args.total_seconds, isolation=args.isolation,
                    forbid_numpy=("convolve", "correlate") if args.forbid_numpy_convolve
                    else ())
    folder = args.path if args.path.is_dir() else None
    # the bar goes to stderr, so captured stdout (a notebook, a CI log) stays plain text
    console = Console(stderr=True)
    with Progress(console=console, transient=True,
                  disable=args.quiet or len(paths) <= 3 or not console.is_terminal) as progress:
        task = progress.add_task(f"grading {len(paths)} submissions", total=len(paths))
        rows = grade_paths(paths, outputs, args.exercise, function=args.function,
                           policy=policy, jobs=args.jobs, folder=folder,
                           progress=lambda row: progress.advance(task))
    for row in rows:
        diagnosis = f"  [{', '.join(row.diagnosis)}]" if row.diagnosis else ""
        problem = f"  (not graded: {row.problem})" if row.problem else ""
        print(f"{row.score:g}/{row.max_score:g}  {_shown(row.file)}{diagnosis}{problem}  -> "
              f"{_shown(row.results)}")
    if args.csv:
        write_summary(rows, args.csv)
    if args.report is not None:
        class_report([row.report for row in rows], args.report,
                     results=outputs[0].parent if folder is not None else None)
        print(f"class report -> {_shown(args.report)}")
    return 0
