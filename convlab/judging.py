"""Is an outcome right? One rule for every door: diagnose, check and the grader, trace,
compare, the catalog and the Debugger.

An outcome of a learner's function on a Case (convlab.running.Outcome) is right when it
returned an array of numbers, modified none of its inputs, used nothing the exercise
forbids, and matches the reference within convlab.agreement's tolerance — or, where the
reference refuses the case (no window fits), when it answered the way the exercise accepts
(`Exercise.refusal_is_right`: raising, or an empty result unless the exercise must refuse).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from convlab.agreement import first_difference, tolerance
from convlab.case import Case
from convlab.errors import ConvlabError
from convlab.exercises import Exercise
from convlab.running import Outcome, as_parts

__all__ = ["Verdict", "expected_outcome", "first_part_difference", "judge", "parts_difference",
           "value_difference"]


@dataclass(frozen=True)
class Verdict:
    """Whether an outcome is right, and if not, what is wrong in one sentence.

    `expected` is the reference output (None where the reference refuses; its message is
    then `expected_error`).
    """

    right: bool
    message: str | None = None
    expected: np.ndarray | None = None
    expected_error: str | None = None


def expected_outcome(exercise: Exercise, case: Case) -> Outcome:
    """The reference's outcome on `case`: its output, or the ConvlabError it raises."""
    try:
        answer = exercise.expected(case)
    except ConvlabError as error:
        return Outcome(error=f"{type(error).__name__}: {error}", case=case)
    if exercise.results:
        value, parts = as_parts(answer, exercise.results)
        return Outcome(value=value, dtype="float64", parts=parts, case=case)
    return Outcome(value=np.asarray(answer, dtype=np.float64), dtype="float64", case=case)


def judge(exercise: Exercise, case: Case, outcome: Outcome,
          expected: Outcome | None = None) -> Verdict:
    """The verdict on `outcome`, what a function returned for `case` in `exercise`.

    `expected`: the reference's outcome when already known (expected_outcome otherwise).
    """
    expected = expected if expected is not None else expected_outcome(exercise, case)
    if expected.value is None:
        return _judge_refused(exercise, case, outcome, expected.error)
    reference = expected.value
    problem = outcome.problem
    if problem is not None:
        return Verdict(False, problem, expected=reference)
    if expected.parts:
        message = parts_difference(case, expected, outcome)
    else:
        message = value_difference(case, reference, outcome.value, outcome.dtype)
    return Verdict(message is None, message, expected=reference)


def parts_difference(case: Case, expected: Outcome, got: Outcome) -> str | None:
    """None when a function returning several arrays (dx, dw) returned each right; else
    what differs, naming the array."""
    wanted, returned = expected.split(), got.split()
    names = tuple(wanted)
    if tuple(name for name, _ in got.parts) != names:
        return f"returned one array, not the {len(names)} arrays {' and '.join(names)}"
    messages = []
    for name in names:
        message = value_difference(case, wanted[name], returned[name], got.dtype, name)
        if message is not None:
            messages.append(message)
    return "; ".join(messages) or None


def first_part_difference(expected: Outcome, got: Outcome, atol: float):
    """For results made of several arrays (dx, dw): (part number, index) of the first value
    where they differ, the index as agreement.first_difference gives it (the common length
    when one array is a prefix of the other), or None when every array agrees."""
    pairs = zip(expected.split().values(), got.split().values())
    for number, (right, returned) in enumerate(pairs):
        index = first_difference(right, returned, atol)
        if index is not None:
            return number, index
    return None


def _judge_refused(exercise: Exercise, case: Case, outcome: Outcome,
                   reason: str) -> Verdict:
    """The reference refuses `case`: the exercise says which answers are honest."""
    refused_error = reason.split(": ", 1)[-1]
    if outcome.mutated is not None or outcome.forbidden:
        return Verdict(False, outcome.mutated or outcome.problem, expected_error=refused_error)
    empty = outcome.ok and outcome.value.size == 0
    if exercise.refusal_is_right(outcome.kind == "raised", empty):
        return Verdict(True, expected_error=refused_error)
    if outcome.error is not None or outcome.bad is not None:
        return Verdict(False, outcome.problem, expected_error=refused_error)
    also = "" if exercise.must_refuse else " (or return an empty result)"
    shown = np.array2string(outcome.value, separator=", ", threshold=12)
    return Verdict(False, f"returned {shown}, but a kernel of {case.kernel_size} taps does "
                          f"not fit this input: raise an exception (any kind), as PyTorch "
                          f"and Keras do{also}", expected_error=refused_error)


def value_difference(case: Case, expected: np.ndarray, got: np.ndarray,
                     dtype: object = None, name: str = "output") -> str | None:
    """None when `got` matches `expected` within the tolerance for `case` (and a result of
    `dtype`); otherwise what differs, in one sentence (`name`: what the array is called)."""
    if got.shape != expected.shape:
        if name != "output":
            return f"{name} has shape {got.shape}, expected {expected.shape}"
        if expected.ndim == 1 and got.ndim == 1:
            return f"expected {_outputs(expected.size)}, got {got.size}"
        return f"expected an output of shape {expected.shape}, got shape {got.shape}"
    atol = tolerance(case, dtype)
    index = first_difference(expected, got, atol)
    if index is None:
        return None
    bad = ~np.isclose(got, expected, rtol=0, atol=atol, equal_nan=True)
    count = int(bad.sum())
    more = f" ({count} {'outputs' if name == 'output' else 'values'} differ)" if count > 1 else ""
    return f"{name}[{index}] is {got[index]:g}, expected {expected[index]:g}{more}"


def _outputs(count: int) -> str:
    return f"{count} output" if count == 1 else f"{count} outputs"
