"""`convlab trace BUG|FILE[:FUNCTION]`: an implementation and the reference, step by step.

The terminal view, top to bottom: what was run on which input; the steps of the
implementation next to the reference's (one reference step per output element: its window
over the padded input, the products of taps and inputs, the running sum); the window of the
first mismatch drawn over the padded input; the comparison in plain words; and, when
convlab.diagnosis is available, the name of the mistake.
"""

from __future__ import annotations

import argparse
import ast
import importlib.util
import inspect
import itertools
import re
import sys
from dataclasses import fields
from pathlib import Path

import numpy as np

from convlab.case import Case
from convlab.errors import ParameterError
from convlab.frames import padded_value, reference_products

_MODULE_NUMBERS = itertools.count()
DIGIT_PROBE = Case(x=[1, 2, 3, 4, 5, 6, 7], w=[1, 10, 100])
"""The input traced when neither the command nor a diagnosis gives one."""
SHOWN_STEPS = 40
"""Line granularity shows this many steps from the start and a few from the end."""


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "trace", help="run an implementation next to the reference, step by step",
        description="Trace a catalog bug (by id) or a function in a Python file next to "
                    "the reference conv1d, and show where they part ways.")
    parser.add_argument("target", metavar="BUG|FILE[:FUNCTION]",
                        help="a catalog id (see `convlab list`) or a file, optionally "
                             "with the function's name: student.py:my_conv")
    parser.add_argument("--case", type=parse_case, default=None,
                        help='the input, e.g. "x=[1,2,3,4,5] w=[1,10] stride=2 '
                             'padding=same" (default: the bug\'s counterexample, or the '
                             "smallest input the diagnosis finds)")
    parser.add_argument("--granularity", choices=("output", "line"), default="output",
                        help="one row per output element (default) or per executed line")
    parser.add_argument("--max-steps", type=int, default=10_000,
                        help="stop the implementation after this many lines (default 10000)")
    parser.add_argument("--exercise", default=None,
                        help="the exercise the function implements (default: conv1d, or "
                             "the first that accepts the case)")
    parser.add_argument("--gif", metavar="OUT.gif", default=None,
                        help="also save the steps, side by side with the reference, as a GIF")
    parser.add_argument("--html", metavar="OUT.html", default=None,
                        help="also save them as a self-contained HTML page with play controls")
    parser.set_defaults(run=_run_trace)


def parse_case(text: str) -> Case:
    """'x=[1,2,3] w=[1,10] stride=2 padding=same' -> Case(...); bare words stay strings."""
    names = {f.name for f in fields(Case)}
    matches = list(re.finditer(r"(?:^|\s)([A-Za-z_]\w*)\s*=", text))
    if not matches or text[:matches[0].start()].strip():
        raise argparse.ArgumentTypeError(
            f"expected name=value pairs such as 'x=[1,2,3] w=[1,10]' (got {text!r})")
    values = {}
    for match, following in zip(matches, [*matches[1:], None]):
        name = match.group(1)
        if name not in names:
            raise argparse.ArgumentTypeError(
                f"unknown case field {name!r}; use {', '.join(sorted(names))}")
        raw = text[match.end():following.start() if following else len(text)].strip()
        try:
            values[name] = ast.literal_eval(raw)
        except (ValueError, SyntaxError):
            values[name] = raw
    if "x" not in values or "w" not in values:
        raise argparse.ArgumentTypeError(f"the case needs both x and w (got {text!r})")
    try:
        return Case(**values)
    except (ValueError, TypeError) as error:
        raise argparse.ArgumentTypeError(str(error)) from error


# --- finding what to run ------------------------------------------------------------------

def load_function(target: str, exercise_name: str | None, case: Case | None):
    """(function, exercise, default case, bug or None) for a BUG id or FILE[:FUNCTION]."""
    from convlab.exercises import find_exercise

    path, _, function_name = target.rpartition(":")
    if not (path and Path(path).is_file() and function_name.isidentifier()):
        path, function_name = target, None
    if not Path(path).is_file():
        from convlab import catalog

        bug = catalog.get(target)
        return bug.flawed, find_exercise(case or bug.counterexample, exercise_name or
                                         bug.exercise), bug.counterexample, bug
    module = _import_file(Path(path))
    if case is not None or exercise_name is not None:
        exercise = find_exercise(case, exercise_name) if case is not None else \
            find_exercise(Case(x=[1.0], w=[1.0]), exercise_name)
    else:
        exercise = find_exercise(Case(x=[1.0], w=[1.0]), "conv1d")
    if function_name is not None:
        if not callable(getattr(module, function_name, None)):
            raise ParameterError(f"{path} defines no function {function_name!r}", "target")
        return getattr(module, function_name), exercise, None, None
    return _only_matching_function(module, exercise, case, path), exercise, None, None


def _import_file(path: Path):
    """Import a learner's file under a fresh module name, so reloading never collides."""
    stem = re.sub(r"\W", "_", path.stem)
    name = f"convlab_user_{next(_MODULE_NUMBERS)}_{stem}"
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def _only_matching_function(module, exercise, case: Case | None, path: str):
    """The one function in the file that the exercise can call (or the one named conv1d)."""
    probe = case or Case(x=[1.0, 2.0, 3.0], w=[1.0, 1.0])
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
    named = [fn for fn in candidates if fn.__name__ == "conv1d"]
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

def _run_trace(args: argparse.Namespace) -> int:
    from rich.console import Console

    from convlab.comparing import compare

    fn, exercise, default_case, bug = load_function(args.target, args.exercise, args.case)
    case = args.case or default_case or DIGIT_PROBE
    comparison = compare(fn, case, exercise, max_steps=args.max_steps)
    diagnosis = None
    if comparison.trace.stopped is None:
        # diagnosis runs many probes: only worth it for a function that finishes
        diagnosis = _diagnose(fn, exercise)
        counterexample = getattr(diagnosis, "counterexample", None)
        if args.case is None and default_case is None and counterexample is not None:
            case = counterexample
            comparison = compare(fn, case, exercise, max_steps=args.max_steps)
    console = Console(file=sys.stdout, highlight=False)
    run = comparison.trace
    title = f"bug {bug.id}: {bug.title}" if bug is not None else run.fn_name
    console.print(f"[bold]convlab trace[/bold] {title}")
    console.print(_escape(f"input  {case!r}   exercise {exercise.name}"))
    console.print(f"{run.n_steps} line(s) traced"
                  + (f"; {run.message}" if run.message else ""))
    if args.granularity == "line":
        console.print(_line_table(comparison))
    else:
        console.print(_output_table(comparison))
    if case.x.ndim == 1:
        console.print(_window_strip(comparison))
    style = "green" if comparison.first_divergence is None else "red"
    console.print(f"[{style}]{_escape(comparison.summary())}[/{style}]")
    _print_diagnosis(console, diagnosis)
    _save_animations(args, bug if bug is not None and fn is bug.flawed else fn, case, exercise,
                     console)
    return 0


def _save_animations(args, target, case: Case, exercise, console) -> None:
    """Write the --gif / --html files the command line asked for."""
    for fmt in ("gif", "html"):
        path = getattr(args, fmt, None)
        if path is None:
            continue
        from convlab.animation import animate

        saved = animate(target, case, path, fmt=fmt, granularity=args.granularity,
                        exercise=exercise.name)
        console.print(_escape(f"saved {saved}"))


def _diagnose(fn, exercise):
    """diagnose(fn), or None when the diagnosis module is absent or cannot run."""
    try:
        from convlab.diagnosis import diagnose
    except ImportError:
        return None
    try:
        return diagnose(fn, exercise=exercise.name)
    except Exception as error:  # noqa: BLE001 - the view still helps without a diagnosis
        return error


def _print_diagnosis(console, diagnosis) -> None:
    if diagnosis is None:
        return
    if isinstance(diagnosis, Exception):
        console.print(f"diagnosis unavailable: {type(diagnosis).__name__}: {diagnosis}")
        return
    categories = list(diagnosis.categories)
    heading = ", ".join(categories) if categories else "no difference found"
    console.print(f"[bold]diagnosis[/bold]: {_escape(heading)}")
    if getattr(diagnosis, "explanation", None):
        console.print(_escape(diagnosis.explanation))


# --- the views ----------------------------------------------------------------------------

def _output_table(comparison):
    """One row per output element: the reference's step next to the implementation's."""
    from rich.table import Table

    run, case = comparison.trace, comparison.case
    table = Table(box=None, pad_edge=False, show_edge=False)
    table.add_column("t", justify="right")
    table.add_column("reference: window  w×x → running sum", overflow="fold")
    table.add_column("yours: value, line", overflow="fold")
    table.add_column("", width=1)
    expected, got = _flat(comparison.expected), _flat(comparison.got)
    count = max(len(expected), len(got))
    for t in _shown_outputs(count, comparison.first_divergence):
        if t is None:
            table.add_row("…", "", "", "")
            continue
        mine = f"{_number(got[t])}" if t < len(got) else "(missing)"
        step = run.write_step.get(t)
        if step is not None:
            mine += f"  L{run.steps[step].lineno}: {_cut(run.steps[step].source, 24)}"
        elif t < len(got):
            mine += "  (no line wrote it)"
        ok = t < len(got) and t < len(expected) and comparison.diff is not None \
            and _agrees(comparison, t)
        mark = "[green]✓[/green]" if ok else "[red]✗[/red]"
        row_style = None if ok else "red"
        table.add_row(str(t), _escape(_reference_step(case, t, expected)), _escape(mine),
                      mark, style=row_style)
    return table


def _line_table(comparison):
    """One row per executed line; rows that write an output show the reference's value."""
    from rich.table import Table

    run = comparison.trace
    expected = _flat(comparison.expected)
    table = Table(box=None, pad_edge=False, show_edge=False)
    table.add_column("#", justify="right")
    table.add_column("line", justify="right")
    table.add_column("your code", overflow="ellipsis", no_wrap=True, max_width=34)
    table.add_column("writes", overflow="fold")
    table.add_column("reference", overflow="fold")
    steps = run.steps
    shown = list(range(len(steps)))
    if len(steps) > SHOWN_STEPS + 10:
        shown = [*range(SHOWN_STEPS), None, *range(len(steps) - 10, len(steps))]
    for index in shown:
        if index is None:
            table.add_row("…", "", f"{len(steps) - SHOWN_STEPS - 10} more steps", "", "")
            continue
        step = steps[index]
        writes = ", ".join(f"out[{_label(t)}]={_number(v)}" for t, v in step.writes[:3])
        if len(step.writes) > 3:
            writes += f", … ({len(step.writes)} in all)"
        reference, style = "", None
        flat_writes = [t for t, _ in step.writes if isinstance(t, int)]
        if flat_writes:
            t = flat_writes[0]
            reference = f"out[{t}]={_number(expected[t])}" if t < len(expected) else \
                f"out[{t}] does not exist"
            if any(not (u < len(expected) and _agrees(comparison, u)) for u in flat_writes
                   if run.write_step.get(u) == index):
                style = "red"
        indent = "  " * min(step.depth, 3)
        table.add_row(str(index), str(step.lineno), _escape(indent + step.source),
                      _escape(writes), _escape(reference), style=style)
    return table


def _window_strip(comparison):
    """The padded input with the reference's window and yours marked under it."""
    from rich.text import Text

    case = comparison.case
    t = comparison.first_divergence if isinstance(comparison.first_divergence, int) else 0
    mine, reference = comparison.windows.get(t, (None, None))
    pad_left, pad_right = _pads(case)
    positions = list(range(-pad_left, case.length + pad_right))
    marked = set(mine or ()) | set(reference or ())
    if len(positions) > 12 and marked:
        low = max(min(marked) - 2, positions[0])
        positions = [p for p in positions if low <= p < low + 12]
    cell = max(5, max(len(_number(padded_value(case, p))) for p in positions) + 1)
    text = Text(f"output {t} over the padded input:\n")
    text.append(f"{'position':<11}" + "".join(f"{p:>{cell}}" for p in positions) + "\n")
    text.append(f"{'input':<11}")
    for p in positions:
        inside = 0 <= p < case.length
        text.append(f"{_number(padded_value(case, p)):>{cell}}",
                    style=None if inside else "dim")
    text.append("\n")
    for label, window, style in (("reference", reference, "green"), ("yours", mine, "yellow")):
        text.append(f"{label:<11}")
        if window is None:
            missing = label == "reference" or t >= _flat(comparison.got).size
            text.append("(no such output)\n" if missing else "(not known)\n")
            continue
        if not window:
            text.append("(reads no input)\n", style="red")
            continue
        wrong = label == "yours" and tuple(window) != tuple(reference or ())
        for p in positions:
            taps = [k for k, q in enumerate(window) if q == p]
            mark = "w" + ",".join(map(str, taps)) if taps else ""
            text.append(f"{mark:>{cell}}", style=("red" if wrong else style) if taps else None)
        text.append("\n")
    return text


def _reference_step(case: Case, t: int, expected: np.ndarray) -> str:
    """'x[2:4] 0.5×3 + -0.5×4 → 1.5, -0.5' — one reference step, for 1-D cases."""
    if t >= len(expected):
        return "(no such output)"
    if case.x.ndim != 1:
        return f"= {_number(expected[t])}"
    window, _, sums = reference_products(case, t)
    products = [f"{_number(case.w[tap])}×{_number(padded_value(case, position))}"
                for tap, position in enumerate(window)]
    running = [_number(value) for value in sums]
    if len(products) > 4:
        products = [*products[:3], "…"]
        running = [*running[:2], "…", running[-1]]
    return (f"[{window.start}..{window[-1]}] " + " + ".join(products)
            + " → " + ", ".join(running))


def _pads(case: Case) -> tuple[int, int]:
    try:
        return case.spec.pads(case.length)
    except ValueError:
        return (0, 0)


def _shown_outputs(count: int, divergence) -> list:
    """All outputs when few; else the first ones, the first mismatch, and the last."""
    if count <= 16:
        return list(range(count))
    keep = set(range(6)) | {count - 2, count - 1}
    if isinstance(divergence, int):
        keep |= {divergence - 1, divergence, divergence + 1}
    ordered = sorted(t for t in keep if 0 <= t < count)
    shown = []
    for previous, current in zip([None, *ordered], ordered):
        if previous is not None and current != previous + 1:
            shown.append(None)
        shown.append(current)
    return shown


def _agrees(comparison, t: int) -> bool:
    diff = comparison.diff.reshape(-1) if comparison.diff is not None else np.array([])
    return t < diff.size and bool(abs(diff[t]) <= comparison.tolerance)


def _flat(array) -> np.ndarray:
    return np.zeros(0) if array is None else np.asarray(array, dtype=float).reshape(-1)


def _number(value) -> str:
    value = float(value)
    if value.is_integer() and abs(value) < 1e12:
        return str(int(value))
    return f"{value:.4g}"


def _label(index) -> str:
    return str(index) if isinstance(index, int) else ",".join(map(str, index))


def _cut(text: str, width: int) -> str:
    return text if len(text) <= width else text[:width - 1] + "…"


def _escape(text: str) -> str:
    from rich.markup import escape

    return escape(text)
