"""compare: outputs, first divergence, the line that wrote it, and the windows."""

from __future__ import annotations

import numpy as np
import pytest
import students

import convlab
from convlab import Case
from convlab.comparing import Comparison, compare, first_divergence

ARTICLE_CASE = Case(x=np.arange(1, 9), w=[0.5, -0.5], stride=2)
CASES = [ARTICLE_CASE,
         Case(x=[1, 2, 3, 4, 5], w=[1, 10], padding="same"),
         Case(x=[0.1, -2.5, 3.3, 7.25, 1e3, -4.0], w=[0.3, 1e-3, 2.0], stride=2, padding=1)]


def test_public_names():
    """convlab.compare is the function (its module is convlab.comparing)."""
    assert convlab.Comparison is Comparison
    assert convlab.compare(students.conv_loop, ARTICLE_CASE).first_divergence is None


@pytest.mark.parametrize("case", CASES, ids=repr)
@pytest.mark.parametrize("name", [n for n, c in students.EXPECTED.items() if c is None])
def test_correct_implementations_do_not_diverge(name, case):
    """Lists, float32 and while loops are all 'no difference'."""
    result = compare(getattr(students, name), case)
    assert result.first_divergence is None, result.summary()
    assert result.same_shape and result.got_error is None
    assert "No difference" in result.summary()


def test_there_are_correct_implementations_to_compare():
    """The correct student functions the test above runs over are really there."""
    assert len([n for n, c in students.EXPECTED.items() if c is None]) >= 3


def test_float32_rounding_is_not_a_difference():
    """A float32-only implementation on large values is within tolerance, not a divergence."""
    def float32_only(x, w, stride=1, padding="valid"):
        return convlab.conv1d(np.float32(x), np.float32(w), stride=stride, padding=padding)

    case = Case(x=np.random.default_rng(1).normal(size=40) * 1e4, w=[0.1, 0.7, -0.3])
    assert compare(float32_only, case).first_divergence is None


def test_article_stride_bug():
    """The article's strided loop: output 3 differs, no line wrote it, and it reads nothing."""
    result = compare(students.conv_strided_article, ARTICLE_CASE)
    assert result.first_divergence == 3
    assert result.same_shape
    np.testing.assert_allclose(result.diff, [0, 0, 0, 0.5])
    assert result.step is None and result.line is None
    assert result.windows[3] == ((), (6, 7))
    summary = result.summary()
    assert "Output 3" in summary and "inputs [6, 7]" in summary and "No line" in summary


def test_divergent_element_names_the_line_that_wrote_it():
    """The first wrong output points at the traced line that wrote it and its window."""
    result = compare(students.conv_flipped, Case(x=[1, 2, 3, 4, 5], w=[1, 10]))
    assert result.first_divergence == 0
    step = result.trace.steps[result.step]
    assert step.lineno == result.line and "flipped" in step.source
    assert result.windows[0] == ((1, 0), (0, 1))
    assert f"line {result.line}" in result.summary()


def test_missing_output_diverges_at_the_common_length():
    """One output too few diverges where the shorter result ends and is called missing."""
    def one_short(x, w, stride=1, padding="valid"):
        return [float(np.dot(x[i:i + len(w)], w)) for i in range(len(x) - len(w))]

    result = compare(one_short, Case(x=[1, 2, 3, 4, 5], w=[1, 10]))
    assert not result.same_shape
    assert result.first_divergence == 3
    assert result.diff.shape == (3,)
    assert "missing" in result.summary()


def test_extra_output_diverges_at_the_reference_length():
    """One output too many diverges where the reference ends and is called extra."""
    def one_extra(x, w, stride=1, padding="valid"):
        padded = list(x) + [0]
        return [padded[i] * w[0] + padded[i + 1] * w[1] for i in range(len(x))]

    result = compare(one_extra, Case(x=[1, 2, 3], w=[1, 10]))
    assert result.first_divergence == 2
    assert "extra" in result.summary()


def test_exception_is_got_error():
    """An exception becomes got_error, diverging at 0 on the line that raised."""
    result = compare(students.conv_divides_by_zero, ARTICLE_CASE)
    assert result.got is None and result.got_error.startswith("ZeroDivisionError")
    assert result.first_divergence == 0
    assert result.trace.steps[result.step].source == "out[i] = 1 / 0"
    assert "did not produce an output" in result.summary()


def test_reference_refusal_is_expected_error():
    """A kernel longer than the input: the reference refuses; an empty result is right where
    the exercise allows it (conv1d) and a divergence where it must raise (conv1d-strict),
    the verdict the grader and diagnose give too; a made-up result always diverges."""
    def silent(x, w, stride=1, padding="valid"):
        return []

    def made_up(x, w, stride=1, padding="valid"):
        return [0.0]

    case = Case(x=[1, 2], w=[1, 2, 3])
    allowed = compare(silent, case)
    assert allowed.expected is None and "does not fit" in allowed.expected_error
    assert allowed.equal and allowed.first_divergence is None
    assert "accepts" in allowed.summary()
    strict = compare(silent, case, "conv1d-strict")
    assert not strict.equal and strict.first_divergence == 0
    assert "refuses" in strict.summary()
    assert compare(made_up, case).first_divergence == 0


def test_endless_loop_is_got_error():
    """A run stopped at the step cap is a got_error diverging at output 0."""
    result = compare(students.conv_never_ends, ARTICLE_CASE, max_steps=200)
    assert "step cap" in result.got_error and result.first_divergence == 0


def test_non_numeric_return_is_got_error():
    """Returning None is a got_error saying the result is not an array of numbers."""
    def returns_none(x, w, stride=1, padding="valid"):
        out = [0.0]
        out[0] = 1.0

    result = compare(returns_none, ARTICLE_CASE)
    assert result.got is None and "not an array of numbers" in result.got_error


def test_first_divergence_helper():
    """first_divergence gives None, the first differing index, or where the shapes part."""
    assert first_divergence(np.array([1.0, 2.0]), np.array([1.0, 2.0]), 1e-9) is None
    assert first_divergence(np.array([1.0, 2.0]), np.array([1.0, 2.5]), 1e-9) == 1
    assert first_divergence(np.array([1.0, 2.0]), np.array([1.0]), 1e-9) == 1
    assert first_divergence(np.ones((2, 3)), np.ones((2, 2)), 1e-9) == (0, 2)


def test_a_scalar_result_is_explained_not_crashed_on():
    """A function returning one number gets a plain-words summary."""
    from convlab import Case, compare

    summary = compare(lambda x, w, stride=1, padding="valid": 1.0,
                      Case(x=[1, 2, 3], w=[1, 1])).summary()
    assert "0 axes where the reference has 1" in summary
