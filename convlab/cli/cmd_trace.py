"""`convlab trace BUG|FILE[:FUNCTION]`: an implementation and the reference, step by step.

The terminal view, top to bottom: what was run on which input; the steps of the
implementation next to the reference's (one reference step per output element: its window
over the padded input, the products of taps and inputs, the running sum); the window of the
first mismatch drawn over the padded input; the comparison in plain words; and the name of
the mistake. The backward pass and the transposed convolution are stepped one sample
scattered at a time instead: what the reference adds where next to what the
implementation wrote, then the result arrays at the first divergence. The steps are the
Debugger's frames (convlab.stepviews), drawn as text by convlab.render.to_text and
convlab.render.scatter_text; which function and input to run is convlab.targets' answer.
"""

from __future__ import annotations

import argparse
import importlib.util
import inspect
import itertools
import os
import re
import sys
from pathlib import Path

from rich.console import Console
from rich.markup import escape

from convlab import catalog
from convlab.animation import animate
from convlab.case import Case
from convlab.casetext import parse_case as parse_case_text
from convlab.comparing import compare
from convlab.diagnosis import diagnose
from convlab.diagnosis.explanation import diagnosis_text
from convlab.errors import ConvlabError, ParameterError
from convlab.exercises import find_exercise
from convlab.render.scatter_text import result_strip, sample_table, scatter_line_table
from convlab.render.to_text import line_table, output_table, window_strip
from convlab.stepviews import ScatterTimeline, Timeline
from convlab.targets import DEFAULT_CASE, Target, default_case, resolve

_MODULE_NUMBERS = itertools.count()


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "trace", help="run an implementation next to the reference, step by step",
        description="Trace a catalog bug (by id) or a function in a Python file next to "
                    "the reference (conv1d, or the --exercise's: the backward pass and the "
                    "transposed convolution are stepped one scattered sample at a time), "
                    "and show where they part ways.")
    parser.add_argument("target", metavar="BUG|FILE[:FUNCTION]",
                        help="a catalog id (see `convlab list`) or a file, optionally "
                             "with the function's name: student.py:my_conv")
    parser.add_argument("--case", type=parse_case, default=None,
                        help='the input, e.g. "x=[1,2,3,4,5] w=[1,10] stride=2 '
                             'padding=same"; the backward pass takes dout=[...] and the '
                             "transposed convolution output_padding=N too (default: the "
                             "bug's counterexample, or the smallest input the diagnosis "
                             "finds)")
    parser.add_argument("--granularity", choices=("output", "line"), default="output",
                        help="one row per output element (default) or per executed line")
    parser.add_argument("--max-steps", type=_positive_int, default=10_000, metavar="N",
                        help="stop the implementation after this many lines (default 10000)")
    parser.add_argument("--time-limit", type=_positive_seconds, default=5.0,
                        metavar="SECONDS",
                        help="stop the implementation after this many seconds (default 5)")
    parser.add_argument("--exercise", default=None,
                        help="the exercise the function implements (default: conv1d, or "
                             "the first that accepts the case)")
    parser.add_argument("--gif", metavar="OUT.gif", default=None,
                        help="also save the steps, side by side with the reference, as a GIF")
    parser.add_argument("--html", metavar="OUT.html", default=None,
                        help="also save them as a self-contained HTML page with play controls")
    parser.set_defaults(run=_run_trace)


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be a whole number >= 1 (got {text!r})")
    return value


def _positive_seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = 0.0
    if not 0 < value < float("inf"):
        raise argparse.ArgumentTypeError(f"must be a number of seconds > 0 (got {text!r})")
    return value


# what the Python API's messages suggest, and the flag a user of this command types instead
_HINTS = (("pass max_steps=... to allow longer runs", "pass --max-steps N to allow longer runs"),
          ("pass time_limit=... to allow longer runs",
           "pass --time-limit SECONDS to allow longer runs"))


def _as_flags(text: str) -> str:
    for api, flag in _HINTS:
        text = text.replace(api, flag)
    return text


def parse_case(text: str) -> Case:
    """--case text -> Case (convlab.casetext.parse_case), refused the way argparse says."""
    try:
        return parse_case_text(text)
    except ConvlabError as error:
        raise argparse.ArgumentTypeError(str(error)) from error


# --- finding what to run ------------------------------------------------------------------

def load_target(target: str, exercise_name: str | None, case: Case | None) -> Target:
    """The Target for a BUG id or FILE[:FUNCTION] (convlab.targets.resolve)."""
    path, _, function_name = target.rpartition(":")
    if not (path and Path(path).is_file() and function_name.isidentifier()):
        path, function_name = target, None
    if not Path(path).is_file():
        if _names_a_file(path):
            why = "is a folder, not a Python file" if Path(path).is_dir() else "does not exist"
            raise ParameterError(f"{path} {why}; give a Python file (student.py or "
                                 f"student.py:FUNCTION) or a catalog id (`convlab list`)",
                                 "target")
        return resolve(catalog.get(target), case, exercise_name)
    module = _import_file(Path(path))
    exercise = find_exercise(case or default_case(), exercise_name)
    if function_name is not None:
        if not callable(getattr(module, function_name, None)):
            raise ParameterError(f"{path} defines no function {function_name!r}", "target")
        return resolve(getattr(module, function_name), case, exercise.name)
    return resolve(_only_matching_function(module, exercise, case, path), case,
                   exercise.name)


def _names_a_file(target: str) -> bool:
    """Whether `target` is written as a path (a .py name, a folder in it), not a catalog id."""
    return target.endswith((".py", ".ipy")) or ".py:" in target or "/" in target \
        or os.sep in target or Path(target).exists()


def _import_file(path: Path):
    """Import a learner's file under a fresh module name, so reloading never collides.

    A file that does not compile, or raises while it is imported, is a clear error naming
    the file and line, never a traceback."""
    stem = re.sub(r"\W", "_", path.stem)
    name = f"convlab_user_{next(_MODULE_NUMBERS)}_{stem}"
    spec = importlib.util.spec_from_file_location(name, path)
    if spec is None or spec.loader is None:
        raise ParameterError(f"{path} is not a Python file convlab can import", "target")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    try:
        spec.loader.exec_module(module)
    except SyntaxError as error:
        sys.modules.pop(name, None)
        where = f"line {error.lineno}: " if error.lineno else ""
        raise ParameterError(f"{path} is not valid Python ({where}{error.msg}); fix it and "
                             f"trace again", "target") from None
    except (Exception, SystemExit) as error:  # noqa: BLE001 - the learner's module code
        sys.modules.pop(name, None)
        raise ParameterError(f"importing {path} raised {type(error).__name__}: {error}",
                             "target") from None
    return module


def _only_matching_function(module, exercise, case: Case | None, path: str):
    """The one function in the file that the exercise can call (or the one named conv1d)."""
    probe = case or DEFAULT_CASE
    args, kwargs = exercise.arguments(probe)
    candidates = []
    for name, value in vars(module).items():
        if not inspect.isfunction(value) or value.__module__ != module.__name__ \
                or name.startswith("_"):
            continue
        try:
            inspect.signature(value).bind(*args, **kwargs)
        except TypeError:
            continue
        candidates.append(value)
    if len(candidates) == 1:
        return candidates[0]
    named = [fn for fn in candidates if fn.__name__ in (exercise.function_name, "conv1d")]
    if named:
        return named[0]
    if not candidates:
        raise ParameterError(f"{path} defines no function with the signature "
                             f"{exercise.signature}", "target")
    raise ParameterError(f"{path} defines several functions that fit "
                         f"{exercise.signature}: "
                         f"{', '.join(fn.__name__ for fn in candidates)}; pick one with "
                         f"{path}:NAME", "target")


# --- running ------------------------------------------------------------------------------

def _check_outputs(args: argparse.Namespace) -> None:
    """Refuse --gif / --html files that cannot be written before any work is done."""
    for flag in ("gif", "html"):
        path = getattr(args, flag, None)
        if path is None:
            continue
        folder = Path(path).parent
        if not folder.is_dir():
            raise ParameterError(f"--{flag} {path}: the folder {folder} does not exist",
                                 flag)
        if Path(path).is_dir():
            raise ParameterError(f"--{flag} {path} is a folder; give a file name such as "
                                 f"{Path(path) / ('trace.' + flag)}", flag)
        if Path(path).suffix.lower() != f".{flag}":
            raise ParameterError(f"--{flag} {path}: the file name must end in .{flag}", flag)


def _run_trace(args: argparse.Namespace) -> int:
    _check_outputs(args)
    target = load_target(args.target, args.exercise, args.case)
    fn, case, exercise = target.function, target.case, target.exercise
    comparison = compare(fn, case, exercise, max_steps=args.max_steps,
                         time_limit=args.time_limit)
    diagnosis = None
    if comparison.trace.stopped is None:
        # diagnosis runs many probes: only worth it for a function that finishes
        diagnosis = _diagnose(fn, exercise)
        counterexample = getattr(diagnosis, "counterexample", None)
        if args.case is None and target.bug is None and counterexample is not None:
            case = counterexample
            comparison = compare(fn, case, exercise, max_steps=args.max_steps,
                                 time_limit=args.time_limit)
    console = Console(file=sys.stdout, highlight=False)
    run = comparison.trace
    title = f"bug {target.title}" if target.bug is not None else run.fn_name
    console.print(f"[bold]convlab trace[/bold] {escape(title)}")
    console.print(escape(f"input  {case!r}   exercise {exercise}"))
    console.print(f"{run.n_steps} line(s) traced"
                  + (f"; {escape(_as_flags(run.message))}" if run.message else ""))
    timeline = Timeline(comparison, args.granularity)
    summary = comparison.summary()
    if isinstance(timeline, ScatterTimeline):
        # the backward pass and the transposed convolution: one step per sample scattered
        console.print(scatter_line_table(timeline) if args.granularity == "line" else
                      sample_table(timeline))
        divergence = timeline.first_divergence()
        console.print(result_strip(timeline, divergence if divergence is not None else
                                   timeline.n_steps - 1))
        summary = timeline.summary()
    else:
        console.print(line_table(timeline) if args.granularity == "line" else
                      output_table(timeline))
        if case.x.ndim == 1:
            divergence = timeline.first_divergence()
            console.print(window_strip(timeline, divergence if divergence is not None else
                                       timeline.step_of_output((0, 0))))
    style = "green" if comparison.equal else "red"
    console.print(f"[{style}]{escape(_as_flags(summary))}[/{style}]")
    _print_diagnosis(console, diagnosis)
    # without --case, animations use their own default: an input where the mistake plays
    # out over several steps
    _save_animations(args, target.bug if target.bug is not None else fn, args.case,
                     exercise, console)
    return 0


def _save_animations(args, target, case: Case, exercise: str, console) -> None:
    """Write the --gif / --html files the command line asked for."""
    for fmt in ("gif", "html"):
        path = getattr(args, fmt, None)
        if path is not None:
            saved = animate(target, case, path, fmt=fmt, granularity=args.granularity,
                            exercise=exercise)
            console.print(escape(f"saved {saved}"))


def _diagnose(fn, exercise: str):
    """diagnose(fn), or the exception that kept it from running."""
    try:
        return diagnose(fn, exercise=exercise)
    except Exception as error:  # noqa: BLE001 - the view still helps without a diagnosis
        return error


def _print_diagnosis(console, diagnosis) -> None:
    if diagnosis is None:
        return
    if isinstance(diagnosis, Exception):
        console.print(escape(f"diagnosis unavailable: {type(diagnosis).__name__}: "
                             f"{diagnosis}"))
        return
    heading, *rest = diagnosis_text(diagnosis, counterexample=False).splitlines()
    console.print(f"[bold]diagnosis[/bold]: {escape(heading.split(': ', 1)[1])}")
    for line in rest:
        console.print(escape(line))
