"""`convlab gradescope EXERCISE -o autograder.zip`: the autograder bundle Gradescope runs."""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from convlab.cli.arguments import positive
from convlab.errors import ParameterError
from convlab.exercises import EXERCISES
from convlab.grading.gradescope import (
    VISIBILITIES,
    Settings,
    build_bundle,
    check_bundle_path,
    source_checkout,
)
from convlab.grading.isolation import ISOLATIONS


def register(subparsers) -> None:
    names = ", ".join(EXERCISES)
    command = subparsers.add_parser(
        "gradescope", help="build Gradescope's autograder zip for an exercise",
        description="Write the zip to upload as a Gradescope programming assignment's "
                    "autograder: setup.sh (installs convlab), run_autograder (grades the "
                    "submission in convlab's sandbox and writes results/results.json) and "
                    "settings.json (the exercise and its limits). Test it locally by "
                    "unpacking it into a folder with source/, submission/ and results/ and "
                    "running run_autograder with CONVLAB_AUTOGRADER_ROOT set to that folder.")
    command.add_argument("exercise", help=f"the exercise students implement: {names}")
    command.add_argument("-o", "--output", type=Path, default=Path("autograder.zip"),
                         help="the zip to write (default autograder.zip)")
    command.add_argument("--file", default=None,
                         help="the file students submit (default FUNCTION.py); when absent, "
                              "the only .py file submitted is graded")
    command.add_argument("--function", default=None,
                         help="the function to grade (default: the exercise's, e.g. conv1d "
                              "or conv1d_backward)")
    command.add_argument("--requirement", default=None,
                         help="what setup.sh installs with pip, e.g. 'convlab==0.1.0' (default: "
                              "a wheel of this source checkout, put in the zip)")
    command.add_argument("--timeout", type=positive(float, "a number of seconds"), default=2.0,
                         help="seconds per call (default 2)")
    command.add_argument("--total-seconds", type=positive(float, "a number of seconds"),
                         default=60.0,
                         help="seconds for the whole submission (default 60)")
    command.add_argument("--memory-mb", type=positive(int, "a whole number of megabytes"),
                         default=512,
                         help="memory limit of the child running the submission (default 512)")
    command.add_argument("--forbid-numpy-convolve", action="store_true",
                         help="np.convolve and np.correlate raise inside submissions")
    command.add_argument("--isolation", choices=ISOLATIONS, default="auto",
                         help="the sandbox inside the container (default auto: bubblewrap "
                              "where it runs, else a plain child process)")
    command.add_argument("--visibility", choices=VISIBILITIES, default="visible",
                         help="when students see each test (default visible)")
    command.set_defaults(run=_run_gradescope)


def _run_gradescope(args: argparse.Namespace) -> int:
    if args.exercise not in EXERCISES:
        raise ParameterError(f"EXERCISE must be one of {', '.join(EXERCISES)} (got "
                             f"{args.exercise!r})", "exercise")
    function = args.function or _function_of(args.exercise)
    settings = Settings(
        exercise=args.exercise, function=function,
        file=args.file if args.file is not None else f"{function}.py",
        case_seconds=args.timeout, total_seconds=args.total_seconds,
        memory_mb=args.memory_mb, isolation=args.isolation, visibility=args.visibility,
        forbid_numpy=("convolve", "correlate") if args.forbid_numpy_convolve else ())
    check_bundle_path(args.output, name="-o")
    if args.requirement is None and source_checkout() is not None:
        print("convlab gradescope: building the convlab wheel from this checkout ...")
    out = build_bundle(args.output, settings, requirement=args.requirement)
    shown = os.fsencode(str(out)).decode("utf-8", "backslashreplace")
    print(f"wrote {shown}: upload it as the autograder of a Gradescope programming "
          f"assignment (students submit {settings.file})")
    return 0


def _function_of(exercise: str) -> str:
    """The function name the exercise's signature uses ('conv1d' for an unknown name, which
    Settings then refuses with the list of exercises)."""
    return EXERCISES[exercise].function_name if exercise in EXERCISES else "conv1d"
