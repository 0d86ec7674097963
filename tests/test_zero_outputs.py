"""Correct code is never blamed: a right output of 0 is a write like any other.

Every fixed catalog entry and every correct learner implementation in tests/ is stepped on
an input whose right outputs contain zeros (the value an output buffer starts with); no
frame may mark a mismatch, a missing cell, or say that no line wrote an output.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import numpy as np
import pytest
import students

from convlab import Case, catalog
from convlab.comparing import compare
from convlab.exercises import get_exercise
from convlab.judging import expected_outcome
from convlab.stepviews import Timeline
from convlab.targets import default_case
from tests.diagnosis_students import STUDENTS as FIRST_SET
from tests.diagnosis_students_second import STUDENTS as SECOND_SET
from tests.diagnosis_students_third import STUDENTS as THIRD_SET

SUBMISSIONS = Path(__file__).parent / "submissions" / "correct"


def _with_zero_outputs(case: Case, exercise: str) -> Case | None:
    """`case` with x partly (or wholly) zero, so some right outputs are 0; None if no such
    input is in the exercise's domain."""
    chosen = get_exercise(exercise)
    x = np.array(case.x)
    half = x.copy()
    half[..., : max(1, x.shape[-1] // 2)] = 0
    candidates = [case.replace(x=half), case.replace(x=np.zeros_like(x)),
                  case.replace(w=np.zeros_like(np.array(case.w)))]
    if case.bias is not None:
        candidates += [c.replace(bias=np.zeros_like(np.array(case.bias))) for c in candidates]
    if x.ndim == 1:
        longer = np.array([0, 0, 0, 0, 1, 2, 3, 4, 5, 6], dtype=x.dtype)
        candidates.insert(0, case.replace(x=longer))
    for candidate in candidates:
        if not chosen.accepts(candidate):
            continue
        expected = expected_outcome(chosen, candidate).value
        if expected is not None and np.any(expected == 0):
            return candidate
    return None


def _implementations():
    for bug in catalog.BUGS:
        yield pytest.param(bug.fixed, bug.exercise, bug.counterexample, id=f"fixed-{bug.id}")
    base = Case(x=[1, 2, 3, 4, 5, 6, 7, 8], w=[0.5, -0.5], stride=2)
    for name, category in students.EXPECTED.items():
        if category is None:
            yield pytest.param(getattr(students, name), "conv1d", base, id=f"students-{name}")
    for exercise, fn, category in FIRST_SET:
        if category is None:
            yield pytest.param(fn, exercise, None, id=f"first-{fn.__name__}")
    for name, exercise, category, _, fn in (*SECOND_SET, *THIRD_SET):
        if category is None:
            yield pytest.param(fn, exercise, None, id=f"set-{name}")
    for path in sorted(SUBMISSIONS.glob("*.py")):
        spec = importlib.util.spec_from_file_location(f"correct_{path.stem}", path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        channels = "channels" in path.stem
        yield pytest.param(module.conv1d, "conv1d-channels" if channels else "conv1d", None,
                           id=f"submission-{path.stem}")


def _start_case(exercise: str, given: Case | None) -> Case:
    if given is not None:
        return given
    if get_exercise(exercise).layout == "single":
        return default_case(exercise=exercise)
    return next(c for c in get_exercise(exercise).battery_cases() if c.x.ndim > 1)


@pytest.mark.parametrize("fn, exercise, given", list(_implementations()))
def test_correct_code_is_never_blamed_for_a_zero(fn, exercise, given):
    """At every step, at both granularities: no mismatch, no missing cell, no 'no line wrote'."""
    case = _with_zero_outputs(_start_case(exercise, given), exercise)
    if case is None:
        pytest.skip(f"no input with a zero output in the {exercise} exercise's domain")
    comparison = compare(fn, case, exercise)
    assert comparison.equal, comparison.summary()
    for granularity in ("output", "line"):
        timeline = Timeline(comparison, granularity)
        for step in range(timeline.n_steps):
            frame, _ = timeline.pair(step)
            assert not frame.mismatches and not frame.missing, (granularity, step)
            assert "no line wrote" not in frame.note, (granularity, step, frame.note)
        if granularity == "output":
            assert set(timeline.cell_steps) >= {timeline.cell_of(flat)
                                                for flat in range(timeline.n_outputs)}
