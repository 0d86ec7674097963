"""The exercise registry: signatures, domains, and calls on fresh copies."""

import numpy as np
import pytest

from convlab import Case, ParameterError
from convlab.exercises import EXERCISES, get_exercise


def test_conv1d_exercise_calls_with_keywords_and_copies():
    """The learner's function gets writeable copies; the Case is untouched."""
    seen = {}

    def student(x, w, stride=1, padding="valid"):
        seen.update(stride=stride, padding=padding)
        x[:] = 0
        return [1.0]

    case = Case(x=[1, 2, 3], w=[1, 1], stride=2, padding="same")
    assert get_exercise("conv1d").call(student, case) == [1.0]
    assert seen == {"stride": 2, "padding": "same"}
    assert case.x.tolist() == [1, 2, 3]


@pytest.mark.parametrize("name, case, accepted", [
    ("conv1d", Case(x=[1, 2, 3], w=[1, 1], padding=1), True),
    ("conv1d", Case(x=[1, 2, 3], w=[1, 1], padding="causal"), False),
    ("conv1d", Case(x=[1, 2, 3], w=[1, 1], dilation=2), False),
    ("conv1d", Case(x=[[1, 2, 3]], w=[[[1, 1]]]), False),
    ("conv1d-channels", Case(x=[[1, 2, 3]], w=[[[1, 1]]]), True),
    ("conv1d-int", Case(x=np.array([1, 2], np.uint8), w=np.array([1], np.uint8)), True),
    ("conv1d-int", Case(x=[1.5, 2], w=[1]), False),
    ("conv1d-causal", Case(x=[1, 2, 3], w=[1, 1], padding="causal", dilation=2), True),
    ("conv1d-bias", Case(x=[[1, 2, 3]], w=[[[1, 1]]], bias=[1.0]), True),
    ("conv1d-groups", Case(x=[[1, 2], [3, 4]], w=[[[1]], [[1]]], groups=2), True),
    ("conv1d-keras", Case(x=[[1], [2], [3]], w=[[[1]]], layout="NLC"), True),
    ("conv1d-padding-mode", Case(x=[1, 2, 3], w=[1], padding=1, padding_mode="reflect"), True),
])
def test_domains(name, case, accepted):
    assert get_exercise(name).accepts(case) is accepted


def test_every_exercise_computes_its_reference():
    case = Case(x=np.arange(1.0, 6.0), w=[1, 10], padding="causal")
    assert get_exercise("conv1d-causal").expected(case).tolist() == [10, 21, 32, 43, 54]
    assert all(exercise.signature.startswith("def ") for exercise in EXERCISES.values())


def test_unknown_exercise():
    with pytest.raises(ParameterError, match="'exercise'.*'conv1d'"):
        get_exercise("conv2d")


def test_an_instructor_registers_an_exercise_and_grades_it():
    """A new signature is graded with the instructor's tests; diagnose says it has no probes."""
    from convlab import check, diagnose
    from convlab.exercises import EXERCISES, Exercise, register
    from convlab.grading.corpus import GradedTest

    valid_only = Exercise(
        name="conv1d-valid-test", title="valid only", signature="def conv1d(x, w)",
        arguments=lambda case: ((np.array(case.x), np.array(case.w)), {}),
        accepts=lambda case: case.x.ndim == 1 and case.padding == "valid")
    try:
        register(valid_only)
        with pytest.raises(ParameterError, match="already registered"):
            register(valid_only)
        tests = (GradedTest("basic", "two cases", 1, (Case(x=[1, 2, 3], w=[1, 10]),
                                                      Case(x=[4, 5], w=[1]))),)
        good = check(lambda x, w: np.correlate(x, w), "conv1d-valid-test", tests=tests)
        bad = check(lambda x, w: np.convolve(x, w, "valid"), "conv1d-valid-test", tests=tests)
        assert good.passed and not bad.passed
        with pytest.raises(ParameterError, match="built-in exercises only"):
            diagnose(lambda x, w: x, "conv1d-valid-test")
    finally:
        EXERCISES.pop("conv1d-valid-test", None)
