"""What to run, and on which input: a catalog id, a Bug or a learner's function, resolved
the same way by the Debugger, animate and `convlab trace`.

A catalog entry runs its flawed function on its counterexample; a learner's own function
runs on DEFAULT_CASE, the article's strided example, unless a case is given (or its exercise
does not take that case: then on the exercise's first readable probe). Animations prefer an
input where the mistake plays out over several steps (`showcase_case`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from convlab import catalog
from convlab.case import Case
from convlab.errors import ParameterError, describe
from convlab.exercises import exercise_of, find_exercise, get_exercise
from convlab.judging import expected_outcome

__all__ = ["DEFAULT_CASE", "Target", "default_case", "exercise_for", "resolve",
           "showcase_case"]

DEFAULT_CASE = Case(x=[1, 2, 3, 4, 5, 6, 7, 8], w=[0.5, -0.5], stride=2)
"""The article's strided example: what a learner's own function is shown on by default."""


@dataclass(frozen=True)
class Target:
    """An implementation ready to trace: `function` (a catalog entry's flawed one, or the
    learner's), the catalog `bug` it comes from (None for the learner's own), the `case`
    to show, the `exercise` name it implements and a `title` for headings."""

    function: Callable
    bug: catalog.Bug | None
    case: Case
    exercise: str
    title: str


def default_case(bug: catalog.Bug | None = None, exercise: str | None = None) -> Case:
    """The input shown when none is given: the bug's counterexample, else DEFAULT_CASE when
    the exercise takes it, else the exercise's smallest probe with a few samples that the
    reference answers."""
    if bug is not None:
        return bug.counterexample
    if exercise is None or get_exercise(exercise).accepts(DEFAULT_CASE):
        return DEFAULT_CASE
    chosen = get_exercise(exercise)
    readable = [case for case in chosen.battery_cases()
                if case.length >= 4 and case.kernel_size >= 2
                and expected_outcome(chosen, case).value is not None]
    if not readable:
        raise ParameterError(f"exercise {chosen.name!r} has no probe to show by default: "
                             f"pass a case", "case")
    return readable[0]


def showcase_case(bug: catalog.Bug | None = None, exercise: str | None = None) -> Case:
    """The input an animation shows when none is given: one where the mistake plays out over
    several steps. For a catalog entry, DEFAULT_CASE (the article's 8 samples) when its
    exercise takes it and the entry goes wrong on it, else its counterexample; for a
    learner's function, `default_case`."""
    if bug is None:
        return default_case(exercise=exercise)
    if bug.accepts(DEFAULT_CASE) and bug.shows_bug(DEFAULT_CASE):
        return DEFAULT_CASE
    return bug.counterexample


def exercise_for(case: Case, exercise: str | None = None,
                 bug: catalog.Bug | None = None) -> str:
    """The exercise name: the one given, else the bug's, else the first that takes `case`."""
    if exercise is None and bug is not None:
        exercise = bug.exercise
    return find_exercise(case, exercise).name


def resolve(bug_id_or_fn: str | catalog.Bug | Callable, case: Case | None = None,
            exercise: str | None = None) -> Target:
    """The Target for a catalog id, a catalog Bug or a function (see the module's doc)."""
    if isinstance(bug_id_or_fn, str):
        bug_id_or_fn = catalog.get(bug_id_or_fn)
    if isinstance(bug_id_or_fn, catalog.Bug):
        bug = bug_id_or_fn
        case = case if case is not None else default_case(bug)
        return Target(bug.flawed, bug, case, exercise_for(case, exercise, bug),
                      f"{bug.id}: {bug.title}")
    if not callable(bug_id_or_fn):
        raise ParameterError(f"'bug_id_or_fn' must be a catalog id or a function (got "
                             f"{describe(bug_id_or_fn)})", "bug_id_or_fn")
    if exercise is None:
        # the exercise the case belongs to; a function written for another exercise's
        # signature (conv1d_backward(dout, x, w, ...)) is run in that exercise
        found = find_exercise(case).name if case is not None else None
        exercise = exercise_of(bug_id_or_fn, found).name
    case = case if case is not None else default_case(exercise=exercise)
    return Target(bug_id_or_fn, None, case, exercise_for(case, exercise),
                  getattr(bug_id_or_fn, "__name__", "your function"))
