"""Where to look: the line of the learner's code most implicated in a diagnosed mistake.

Diagnosis names a mistake from behaviour alone; this is the one place it reads the learner's
code, by tracing it on the counterexample. Each category says where its mistake lives
(`Category.look_at`): the line that builds the padded input, the loop over windows, the
loop over taps, the line that starts a running sum, the line that applies an activation, or
the line that wrote the first wrong output. When it cannot tell, it says nothing.
"""

from __future__ import annotations

import contextlib
import inspect
import io
import re
import warnings
from collections.abc import Callable

import numpy as np

from convlab.case import Case
from convlab.categories import CATEGORIES
from convlab.comparing import compare
from convlab.exercises import Exercise

__all__ = ["implicated_line"]


def implicated_line(fn: Callable, case: Case, exercise: Exercise,
                    category: str) -> tuple[int | None, str | None]:
    """(line number, source line) of the learner's line most implicated on `case`.

    For a padding mistake, the line that built the padded input (found from the variables
    the trace recorded); for a window mistake, the loop over windows; otherwise, and as a
    fallback, the line that wrote the first wrong output, or the first loop when no line
    wrote it. (None, None) when the function has no source or could not be traced.
    """
    look_at = CATEGORIES[category].look_at
    if look_at == "state" or not (inspect.isfunction(fn) or inspect.ismethod(fn)):
        # state shows in no single line (and another call would change it); a proxy (a
        # sandboxed submission, say) has no source to point at
        return None, None
    try:
        with warnings.catch_warnings(), contextlib.redirect_stdout(io.StringIO()):
            warnings.simplefilter("ignore")
            comparison = compare(fn, case, exercise)
    except Exception:  # noqa: BLE001 - locating is a bonus; a failure must not hide the diagnosis
        return None, None
    run = comparison.trace
    if run is None or not run.steps:
        return None, None
    loops = [step for step in run.steps if step.depth == 0
             and step.source.lstrip().startswith(("for ", "while "))]
    if look_at in _FINDERS:
        found = _FINDERS[look_at](run.steps)
        return (found.lineno, found.source) if found is not None else (None, None)
    if look_at == "padding":
        padding_step = _padding_step(run.steps, case) or _padding_mention(run.steps)
        if padding_step is not None:
            return padding_step.lineno, padding_step.source
    if look_at == "windows" and loops:
        return loops[0].lineno, loops[0].source
    if comparison.step is not None:
        step = run.steps[comparison.step]
        return step.lineno, step.source
    if loops:
        return loops[0].lineno, loops[0].source
    return None, None


def _tap_loop(steps):
    """The innermost loop of the learner's function: of two loops or more, the one entered
    last (a loop over taps starts inside the loop over windows)."""
    loops: dict[int, object] = {}
    for step in steps:
        if step.depth == 0 and step.source.lstrip().startswith(("for ", "while ")):
            loops.setdefault(step.lineno, step)
    if len(loops) < 2:
        return None
    return max(loops.values(), key=lambda step: step.index)


_SUBSAMPLE = re.compile(r"\[[^\]]*::")


def _subsampling(steps):
    """The first line of the learner's function that takes every n-th sample (x[::s])."""
    return next((step for step in steps if step.depth == 0 and _SUBSAMPLE.search(step.source)),
                None)


_ACCUMULATOR_START = re.compile(r"^\s*(\w+)\s*=\s*(0|0\.0|1|1\.0|np\.ones\b.*|numpy\.ones\b.*)\s*$")


def _accumulator_start(steps):
    """The line that sets a running sum (or a buffer of ones) once, outside the loop, for
    a variable that is later added to with +=."""
    runs: dict[int, int] = {}
    for step in steps:
        if step.depth == 0:
            runs[step.lineno] = runs.get(step.lineno, 0) + 1
    for step in steps:
        match = _ACCUMULATOR_START.match(step.source) if step.depth == 0 else None
        if match is None or runs[step.lineno] != 1:
            continue
        name = match.group(1)
        added = re.compile(rf"\b{name}\b(\[[^\]]*\])?\s*\+=")
        if any(later.depth == 0 and added.search(later.source) for later in steps):
            return step
    return None


_ACTIVATION = re.compile(r"\b(maximum|relu|abs|fabs|exp|tanh|sigmoid|clip)\b|max\(\s*0")


def _activation_line(steps):
    """The last line of the learner's function that applies an activation to a result."""
    found = [step for step in steps if step.depth == 0 and _ACTIVATION.search(step.source)]
    return found[-1] if found else None


_FINDERS = {"taps": _tap_loop, "accumulator": _accumulator_start, "return": _activation_line,
            "subsample": _subsampling}


def _padding_step(steps, case: Case):
    """The first step after which some variable holds x with samples added around it: the
    line that pads the input."""
    if case.x.ndim != 1:
        return None
    signal = case.x.astype(float)
    for step in steps:
        for value in step.locals.values():
            if _is_padded(value, signal):
                return step
    return None


def _padding_mention(steps):
    """No padded array was built on this input: the first executed line of the learner's
    function that computes a padding (or, failing that, tests the padding argument)."""
    mentions = [step for step in steps if step.depth == 0 and "pad" in step.source.lower()]
    assignments = [step for step in mentions
                   if "=" in step.source.replace("==", "").replace("!=", "")]
    chosen = assignments or mentions
    return chosen[0] if chosen else None


def _is_padded(value: object, signal: np.ndarray) -> bool:
    """Whether `value` is the 1-D `signal` with zeros, or samples of itself, added around it."""
    if isinstance(value, (list, tuple)):
        try:
            value = np.asarray(value, dtype=float)
        except (TypeError, ValueError):
            return False
    if not isinstance(value, np.ndarray) or value.ndim != 1 or value.size <= signal.size:
        return False
    if value.dtype.kind not in "biuf":
        return False
    values = value.astype(float)
    for start in range(values.size - signal.size + 1):
        if not np.array_equal(values[start:start + signal.size], signal):
            continue
        # what was added around x: zeros, or samples of x itself (reflect, wrap-around)
        added = np.concatenate([values[:start], values[start + signal.size:]])
        if np.all(added == 0) or np.all(np.isin(added, signal)):
            return True
    return False
