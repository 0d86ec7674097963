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
    """Each exercise accepts exactly the cases of its own signature and parameters."""
    assert get_exercise(name).accepts(case) is accepted


def test_every_exercise_computes_its_reference():
    """The causal exercise's reference gives the causal numbers; every signature is a def."""
    case = Case(x=np.arange(1.0, 6.0), w=[1, 10], padding="causal")
    assert get_exercise("conv1d-causal").expected(case).tolist() == [10, 21, 32, 43, 54]
    assert all(exercise.signature.startswith("def ") for exercise in EXERCISES.values())


def test_unknown_exercise():
    """An unknown exercise name raises a ParameterError that suggests 'conv1d'."""
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
        with pytest.raises(ParameterError, match="has none"):
            diagnose(lambda x, w: x, "conv1d-valid-test")
    finally:
        EXERCISES.pop("conv1d-valid-test", None)


def test_an_exercise_with_a_battery_is_diagnosed_and_scored_without_more_code():
    """An exercise that names its probe battery and mistakes is diagnosed and scored by
    reading those fields: no other module needs to know its name."""
    from convlab import batteries, diagnose
    from convlab.exercises import EXERCISES, SINGLE_CHANNEL_MISTAKES, Exercise, register
    from convlab.grading.corpus import corpus

    stride_only = Exercise(
        name="conv1d-stride-test", title="valid padding, any stride",
        signature="def conv1d(x, w, stride=1)",
        arguments=lambda case: ((np.array(case.x), np.array(case.w)), {"stride": case.stride}),
        accepts=lambda case: (case.x.ndim == 1 and case.w.ndim == 1 and case.padding == "valid"
                              and set(case.non_default_kwargs()) <= {"stride"}),
        paddings=("valid",), varies=("stride",), probes=batteries.conv1d,
        mistakes=SINGLE_CHANNEL_MISTAKES)
    try:
        register(stride_only)
        flipped = diagnose(lambda x, w, stride=1: np.convolve(x, w, "valid")[::stride],
                           "conv1d-stride-test")
        assert flipped.categories[0] == "kernel-flipped", flipped.explanation
        def correct(x, w, stride=1):
            if len(w) > len(x):
                raise ValueError("kernel longer than input")
            windows = np.lib.stride_tricks.sliding_window_view(np.asarray(x, float), len(w))
            return windows[::stride] @ np.asarray(w, float)

        right = diagnose(correct, "conv1d-stride-test")
        assert right.ok, right.explanation
        cases = [case for test in corpus("conv1d-stride-test") for case in test.cases]
        assert cases and all(stride_only.accepts(case) for case in cases)
        assert {case.stride for case in cases} == {1, 2, 3}
    finally:
        EXERCISES.pop("conv1d-stride-test", None)


def test_a_function_written_for_a_scatter_exercise_is_run_in_it():
    """diagnose, check and the Debugger run a function whose parameters are a scatter
    exercise's own (dout, x, w, ... / ..., output_padding) in that exercise when no other
    was asked for; a conv1d-shaped function stays in conv1d, an explicit choice is kept."""
    import convlab
    from convlab.exercises import exercise_of

    def conv1d_backward(dout, x, w, stride=1, padding="valid"):
        gradients = convlab.learn.conv1d_backward(dout, x, w, stride=stride, padding=padding)
        return gradients.x, gradients.w

    def transposed(x, w, stride=1, padding=0, output_padding=0):
        return convlab.conv_transpose1d(x, w, stride=stride, padding=padding,
                                        output_padding=output_padding)

    def conv(x, w, stride=1, padding="valid"):
        return convlab.conv1d(x, w, stride=stride, padding=padding)

    assert exercise_of(conv1d_backward).name == "conv1d-backward"
    assert exercise_of(transposed, None).name == "conv-transpose1d"
    assert exercise_of(conv).name == "conv1d"
    assert exercise_of(transposed, "conv1d-strict").name == "conv1d-strict"
    assert convlab.diagnose(conv1d_backward).ok
    assert convlab.check(transposed).passed
    assert convlab.Debugger(conv1d_backward).comparison.equal


def test_a_dout_of_the_wrong_length_is_named():
    """A backward case whose dout does not hold one value per conv1d output is refused with
    an error naming dout, the number it must hold and why (never grad_out's message)."""
    import pytest

    from convlab import Case, ShapeError
    from convlab.exercises import find_exercise, get_exercise

    case = Case(x=[1, 2, 3], w=[1, 1], dout=[1, 1, 1])
    assert not get_exercise("conv1d-backward").accepts(case)
    with pytest.raises(ShapeError, match=r"'dout' must hold one value per output.*: 2 "):
        find_exercise(case)
    with pytest.raises(ShapeError, match="'dout'"):
        get_exercise("conv1d-backward").expected(case)
