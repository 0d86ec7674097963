"""One verdict: a function gets the same answer from every door convlab has.

Every learner file of the first two independent student sets, and every third of the
backward-pass and transposed-convolution sets, goes through diagnose, check (the notebook
grader), the sandboxed batch grader and compare (what `convlab trace` and the Debugger
show), and all of them must agree on whether it is right and, when it is not, on the
mistake's name.
"""

from __future__ import annotations

import importlib.util
import inspect
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest

from convlab import Case, Debugger, compare, diagnose
from convlab.feedback import check
from convlab.grading.grader import grade_file
from convlab.grading.policy import Policy
from tests.diagnosis_students import STUDENTS as FIRST_SET
from tests.diagnosis_students_backward import STUDENTS as BACKWARD_SET
from tests.diagnosis_students_backward_second import STUDENTS as BACKWARD_SECOND_SET
from tests.diagnosis_students_second import STUDENTS as SECOND_SET

pytest.importorskip("ipywidgets")

FILES = ([(exercise, fn) for exercise, fn, _ in FIRST_SET]
         + [(exercise, fn) for _, exercise, _, _, fn in SECOND_SET]
         # every third file of the backward / transposed sets (all of them: test_adjoint)
         + [(exercise, fn) for _, exercise, _, _, fn in
            (list(BACKWARD_SET) + list(BACKWARD_SECOND_SET))[::3]])
QUICK = Policy(case_seconds=2.0, total_seconds=120.0)


def _ids(row) -> str:
    return row[1].__name__


@pytest.mark.slow
@pytest.mark.parametrize("row", FILES, ids=[_ids(row) for row in FILES])
def test_every_door_gives_one_verdict(row):
    """diagnose, check, the sandboxed grader, compare and the Debugger agree on right or
    wrong, and the diagnosis behind check and the grader is diagnose's own."""
    exercise, fn = row
    # every door starts from the file as loaded, as the file grader's child does: a function
    # that keeps state between calls (a cache) may have been called by other tests
    fn = _freshly_loaded(fn)
    # check runs fn in forked children, so it leaves fn as it found it; diagnose calls fn
    # here, and would leave a cache filled for check's children: check goes first
    feedback = check(fn, exercise)
    diagnosis = diagnose(fn, exercise)
    assert feedback.passed == diagnosis.ok, (diagnosis.explanation, str(feedback))
    if not diagnosis.ok:
        assert feedback.report.categories[:1] == diagnosis.categories[:1]
        assert "No difference found" not in str(feedback)
        shown = compare(fn, diagnosis.counterexample, exercise)
        assert not shown.equal, shown.summary()
        stepped = Debugger(fn, diagnosis.counterexample, exercise=exercise)
        assert not stepped.comparison.equal
        assert "No difference" not in stepped.comparison.summary()
    else:
        stepped = Debugger(fn, exercise=exercise)
        assert stepped.comparison.equal, stepped.comparison.summary()
    path = Path(inspect.getsourcefile(fn))
    graded = grade_file(path, exercise, function=fn.__name__, policy=QUICK,
                        want_diagnosis=not diagnosis.ok)
    assert graded.passed == diagnosis.ok, [test.message for test in graded.tests]
    if not diagnosis.ok:
        assert graded.categories[:1] == diagnosis.categories[:1], graded.notes


def _freshly_loaded(fn):
    """The same function from a new copy of its module (module-level state as loaded)."""
    path = Path(inspect.getsourcefile(fn))
    spec = importlib.util.spec_from_file_location(f"_fresh_{path.stem}_{fn.__name__}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return getattr(module, fn.__name__)


def _pads(x, w, stride, padding) -> tuple[int, int]:
    """The padding a learner's right answer adds (Keras's rule for 'same')."""
    if padding == "same":
        total = max((-(-len(x) // stride) - 1) * stride + len(w) - len(x), 0)
        return total // 2, total - total // 2
    return (0, 0) if padding == "valid" else (padding, padding)


def _overwrites_x(x, w, stride=1, padding="valid"):
    """Right values, but pads by writing into the caller's x."""
    left, right = _pads(x, w, stride, padding)
    if len(w) > len(x) + left + right:
        raise ValueError("kernel longer than input")
    padded = np.concatenate([np.zeros(left), np.asarray(x, float), np.zeros(right)])
    out = [float(np.dot(padded[s:s + len(w)], w))
           for s in range(0, len(padded) - len(w) + 1, stride)]
    x[...] = 0
    return out


def _returns_fractions(x, w, stride=1, padding="valid"):
    """A right answer made of exact Fractions."""
    left, right = _pads(x, w, stride, padding)
    padded = [Fraction(0)] * left + [Fraction(v) for v in np.asarray(x).tolist()] \
        + [Fraction(0)] * right
    taps = [Fraction(v) for v in np.asarray(w).tolist()]
    if len(taps) > len(padded):
        raise ValueError("kernel longer than input")
    return [sum(p * t for p, t in zip(padded[s:s + len(taps)], taps))
            for s in range(0, len(padded) - len(taps) + 1, stride)]


def test_a_function_that_overwrites_its_input_is_named_for_it_everywhere():
    """Right values but a modified x: diagnose names modifies-input, check and compare fail
    it with the same words, nobody says 'No difference found'."""
    diagnosis = diagnose(_overwrites_x)
    assert diagnosis.categories == ("modifies-input",), diagnosis.explanation
    assert "modified its input x" in diagnosis.explanation
    feedback = check(_overwrites_x)
    assert not feedback.passed and feedback.report.categories[:1] == ("modifies-input",)
    assert "No difference found" not in str(feedback)
    shown = compare(_overwrites_x, Case(x=[1, 2, 3], w=[1, 1]))
    assert not shown.equal and "modified its input x" in shown.summary()


def test_a_list_of_fractions_is_right_everywhere():
    """Exact numbers are numbers: diagnose, check and compare all accept a right answer
    returned as Fractions."""
    assert diagnose(_returns_fractions).ok
    assert check(_returns_fractions).passed
    assert compare(_returns_fractions, Case(x=[1, 2, 3], w=[1, 0.5])).equal
