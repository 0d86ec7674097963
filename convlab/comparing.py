"""compare: an implementation next to the reference, element by element, window by window.

`convlab.compare(fn, case)` runs fn on the case under the tracer and the reference conv1d
on the same case, then lines the two up: output shapes, the difference of every element
they share, the first element that differs (beyond what floating-point rounding explains),
the step and source line that wrote it, and for every output the input window fn read next
to the window the reference reads.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from convlab.agreement import first_difference as first_divergence
from convlab.agreement import tolerance
from convlab.case import Case
from convlab.errors import ConvlabError
from convlab.exercises import Exercise, find_exercise
from convlab.formatting import outcome_text
from convlab.judging import Verdict, expected_outcome, first_part_difference, judge
from convlab.running import Outcome
from convlab.tracing import Trace, trace
from convlab.validate import check_function

__all__ = ["Comparison", "compare", "first_divergence", "tolerance"]


@dataclass(frozen=True, eq=False)
class Comparison:
    """fn's output on `case` next to the reference's.

    `expected` / `got`: the two outputs as float arrays (None when that side raised; the
    message is then in `expected_error` / `got_error`). `diff`: got - expected over the
    elements both have. `first_divergence`: the first index that differs (the shorter
    length when one output is a prefix of the other; None when they agree). `step` and
    `line`: the trace step and source line number that last wrote that element (None when
    no line did). `windows[t]`: (fn's window, the reference's window) of input positions.
    `tolerance`: the largest difference counted as rounding, not as a mistake.
    `verdict`: whether fn's outcome is right (convlab.judging, the rule every part of
    convlab applies: right values, no modified input, an honest answer where the reference
    refuses). `parts`: for an exercise returning several arrays (dx, dw), the reference's
    (name, shape) of each; `expected` and `got` then hold them one after the other.
    """

    case: Case
    expected: np.ndarray | None
    got: np.ndarray | None
    expected_error: str | None
    got_error: str | None
    same_shape: bool
    diff: np.ndarray | None
    first_divergence: int | tuple | None
    step: int | None
    line: int | None
    windows: dict = field(default_factory=dict)
    trace: Trace | None = field(default=None, repr=False)
    tolerance: float = 0.0
    verdict: Verdict | None = None
    parts: tuple = ()

    @property
    def equal(self) -> bool:
        """fn's outcome is right on this case (the same verdict check and the grader give)."""
        if self.verdict is not None:
            return self.verdict.right
        return self.first_divergence is None

    def summary(self) -> str:
        """What differs, in plain words, for a learner to read."""
        outcome = self.trace.outcome if self.trace is not None else None
        if outcome is not None and outcome.mutated is not None:
            return (f"Your function {outcome.mutated}. "
                    + ("Its output is right otherwise." if self.first_divergence is None
                       else "Its output differs too: " + self._values_summary()))
        if self.expected_error is not None and self.got is not None and self.equal:
            return (f"The reference refuses this input ({self.expected_error}); yours "
                    f"returned an empty result, which this exercise accepts.")
        return self._values_summary()

    def _values_summary(self) -> str:
        if self.expected_error is not None:
            if self.got_error is not None:
                return (f"Both refuse this input. The reference says: {self.expected_error}. "
                        f"Yours says: {self.got_error}.")
            return (f"The reference refuses this input ({self.expected_error}), but yours "
                    f"returned {_values(self.got)} instead of raising an error.")
        if self.got_error is not None:
            why = self.got_error
            if self.trace is not None and self.trace.error is not None:
                why = self.trace.message
            reference = (outcome_text(Outcome(value=self.expected, parts=self.parts))
                         if self.parts else _values(self.expected))
            return f"Yours did not produce an output: {why}. The reference gives {reference}."
        expected, got = self.expected, self.got
        if self.parts:
            shown = self.trace.outcome if self.trace is not None else None
            words = outcome_text(shown) if shown is not None else _values(got)
            if self.verdict is not None and self.verdict.right:
                return f"No difference: yours returns {words}."
            reference = outcome_text(Outcome(value=expected, parts=self.parts))
            why = self.verdict.message if self.verdict is not None else "they differ"
            return f"The reference gives {reference}; yours gives {words}: {why}."
        if self.first_divergence is None:
            return f"No difference: both give {_values(expected)} (shape {expected.shape})."
        lines = [f"The reference gives {_values(expected)}; yours gives {_values(got)}."]
        if not self.same_shape:
            lines.append(f"Shapes differ: expected {expected.shape}, got {got.shape}.")
        if got.ndim != expected.ndim:
            lines.append(f"Yours has {got.ndim} axes where the reference has "
                         f"{expected.ndim}: return an array shaped like the reference's.")
            return "\n".join(lines)
        index = self.first_divergence
        label = index if isinstance(index, int) else tuple(index)
        if _has(expected, index) and _has(got, index):
            lines.append(f"Output {label} is the first that differs: expected "
                         f"{_number(expected[index])}, got {_number(got[index])}.")
        elif _has(expected, index):
            lines.append(f"Output {label} is missing: yours stops after {got.shape[0]} "
                         f"value(s); the reference has {expected.shape[0]}.")
        else:
            lines.append(f"Output {label} is extra: the reference has only "
                         f"{expected.shape[0]} value(s).")
        if self.line is not None:
            source = self.trace.steps[self.step].source if self.trace is not None else ""
            lines.append(f"It was last written on line {self.line}"
                         + (f": {source}" if source else "") + ".")
        elif _has(got, index) and self.trace is not None and self.trace.steps:
            lines.append(f"No line of yours wrote output {label}: it kept the value the "
                         f"output buffer started with.")
        mine, reference = self.windows.get(index, (None, None))
        if mine is not None or reference is not None:
            lines.append(f"Your output {label} reads {_window(mine)}; the reference's reads "
                         f"{_window(reference)}.")
        return "\n".join(lines)


def compare(fn: Callable, case: Case, exercise: Exercise | str | None = None, *,
            max_steps: int = 10_000, time_limit: float = 5.0) -> Comparison:
    """Run fn and the reference on `case` and line up their outputs.

    >>> def valid_only(x, w, stride=1, padding="valid"):
    ...     return [x[i] * w[0] + x[i + 1] * w[1] for i in range(len(x) - 1)]
    >>> result = compare(valid_only, Case(x=[1, 2, 3], w=[1, 10], padding="same"))
    >>> result.first_divergence, result.got.tolist(), result.expected.tolist()
    (2, [21.0, 32.0], [21.0, 32.0, 3.0])
    """
    check_function(fn)
    exercise = find_exercise(case, exercise)
    reference = expected_outcome(exercise, case)
    expected = reference.value
    expected_error = reference.error.split(": ", 1)[-1] if reference.error else None
    run = trace(fn, case, exercise, max_steps=max_steps, time_limit=time_limit)
    got, got_error = None, run.error
    if run.stopped is not None:
        got_error = run.message
    elif run.output is not None:
        got = run.output.astype(float)
    divergence = None
    diff = None
    atol = tolerance(case, run.outcome.dtype if got is not None else np.float64)
    same_shape = got is not None and expected is not None and got.shape == expected.shape
    if got is not None and expected is not None and reference.parts:
        divergence = _first_divergence_by_array(reference, run.outcome, atol)
    elif got is not None and expected is not None:
        diff = _diff(got, expected)
        divergence = first_divergence(expected, got, atol)
    elif (got is None) != (expected is None):
        divergence = 0
    verdict = (judge(exercise, case, run.outcome) if run.outcome is not None
               else Verdict(False, run.message))
    if verdict.right:
        divergence = None  # e.g. an empty result where no window fits, which the exercise allows
    step = run.write_step.get(divergence) if divergence is not None else None
    if run.error is not None and run.steps:
        step = len(run.steps) - 1
    return Comparison(
        case=case, expected=expected, got=got, expected_error=expected_error,
        got_error=got_error, same_shape=same_shape, diff=diff, first_divergence=divergence,
        step=step, line=run.steps[step].lineno if step is not None else None,
        windows=_windows(run, case, expected, got) if not exercise.results else {},
        trace=run, tolerance=atol, verdict=verdict, parts=reference.parts)


def _first_divergence_by_array(reference: Outcome, outcome: Outcome, atol: float):
    """For a result of several arrays (dx, dw): (name, index) of the first value that
    differs, the array's first index when its shape is wrong, or None. The tracer keys the
    writes into those arrays the same way."""
    found = first_part_difference(reference, outcome, atol)
    if found is None:
        return None
    number, index = found
    return reference.parts[number][0], index


def _diff(got: np.ndarray, expected: np.ndarray) -> np.ndarray | None:
    if got.ndim != expected.ndim:
        return None
    common = tuple(slice(0, min(a, b)) for a, b in zip(expected.shape, got.shape))
    return got[common] - expected[common]


def _windows(run: Trace, case: Case, expected, got) -> dict:
    """output index -> (fn's window, reference window), for 1-D outputs."""
    if case.x.ndim != 1:
        return {}
    try:
        reference = [tuple(window) for window in case.spec.windows(case.length)]
    except ConvlabError:
        reference = []
    mine = list(run.provenance.windows) if run.provenance is not None else []
    count = max(len(reference), len(mine),
                got.shape[0] if got is not None and got.ndim == 1 else 0)
    return {t: (mine[t] if t < len(mine) else None,
                reference[t] if t < len(reference) else None) for t in range(count)}


def _has(array: np.ndarray | None, index) -> bool:
    if array is None:
        return False
    index = (index,) if isinstance(index, int) else index
    return len(index) == array.ndim and all(0 <= i < n for i, n in zip(index, array.shape))


def _number(value: float) -> str:
    value = float(value)
    return str(int(value)) if value.is_integer() and abs(value) < 1e15 else f"{value:.6g}"


def _values(array: np.ndarray | None) -> str:
    if array is None:
        return "nothing"
    if array.size > 12:
        return f"an array of shape {array.shape}"
    if array.ndim == 1:
        return "[" + ", ".join(_number(v) for v in array) + "]"
    return np.array2string(array, separator=", ")


def _window(window) -> str:
    if window is None:
        return "no window (there is no such output)"
    if len(window) == 0:
        return "no input at all"
    return "inputs [" + ", ".join(str(p) for p in window) + "]"
