"""convlab.judging: one verdict on what a learner's function did, for every door."""

from __future__ import annotations

import numpy as np
import pytest

from convlab import Case
from convlab.agreement import tolerance
from convlab.exercises import get_exercise
from convlab.judging import expected_outcome, judge, value_difference
from convlab.running import Outcome

CONV1D = get_exercise("conv1d")
STRICT = get_exercise("conv1d-strict")


def test_float32_results_pass_and_real_mistakes_do_not():
    """float32 rounding is accepted; an offset or a missing output is reported in words."""
    case = Case(x=np.arange(1.0, 10.0), w=[0.1, 0.2, 0.3])
    expected = CONV1D.expected(case)
    assert value_difference(case, expected, expected.astype(np.float32).astype(float)) is None
    assert value_difference(case, expected, expected + 0.01) == \
        "output[0] is 1.41, expected 1.4 (7 outputs differ)"
    assert value_difference(case, expected, expected[:-1]) == "expected 7 outputs, got 6"
    low_precision = Case(x=np.ones(3, np.float32), w=[1.0])
    assert tolerance(low_precision) > tolerance(Case(x=np.ones(3), w=[1.0]))


def test_nan_never_passes():
    """A NaN where a number is expected is always reported as a difference."""
    case = Case(x=[1, 2, 3], w=[1])
    assert "nan" in value_difference(case, np.array([1.0, 2, 3]), np.array([1.0, np.nan, 3]))


def test_right_values_from_a_function_that_modifies_its_input_are_wrong():
    """Overwriting x is a failure even when the returned values are right."""
    case = Case(x=[1, 2, 3, 4], w=[1, 10])

    def overwrites(x, w, stride=1, padding="valid"):
        out = np.correlate(x, w, "valid").astype(float)
        x[:] = 0
        return out

    verdict = judge(CONV1D, case, CONV1D.run(overwrites, case))
    assert not verdict.right and "modified its input x" in verdict.message


def test_a_list_of_fractions_is_an_array_of_numbers():
    """Exact numbers (Fraction) are numbers: a right answer made of them is right."""
    from fractions import Fraction

    case = Case(x=[1, 2, 3], w=[1, 1])
    verdict = judge(CONV1D, case, CONV1D.run(
        lambda x, w, stride=1, padding="valid": [Fraction(3), Fraction(5)], case))
    assert verdict.right, verdict.message


@pytest.mark.parametrize("answer, right_for_conv1d, right_for_strict", [
    (Outcome(error="ValueError: kernel too long"), True, True),
    (Outcome(value=np.zeros(0)), True, False),
    (Outcome(value=np.array([3.0])), False, False),
    (Outcome(error="TimeoutError: timed out after 2 s", kind="timeout"), False, False),
])
def test_where_no_window_fits_the_exercise_says_which_answers_are_honest(
        answer, right_for_conv1d, right_for_strict):
    """A refusal is right; an empty result only where the exercise allows it; a made-up
    result or a timeout never."""
    case = Case(x=[1, 2], w=[1, 1, 1])
    assert expected_outcome(CONV1D, case).error is not None
    assert judge(CONV1D, case, answer).right is right_for_conv1d
    assert judge(STRICT, case, answer).right is right_for_strict


def test_a_forbidden_function_fails_even_with_right_values():
    """Using what the exercise forbids is wrong whatever the values."""
    case = Case(x=[1, 2, 3], w=[1, 1])
    verdict = judge(CONV1D, case, Outcome(value=np.array([3.0, 5.0]),
                                          forbidden=("np.convolve",)))
    assert not verdict.right and "np.convolve" in verdict.message


def test_the_first_difference_of_a_result_of_several_arrays_names_its_part():
    """first_part_difference: the first array that differs and where (its common length
    when it is one value short); None when every array agrees."""
    import numpy as np

    from convlab.judging import first_part_difference
    from convlab.running import Outcome

    def pair(dx, dw):
        value = np.concatenate([np.asarray(dx, float), np.asarray(dw, float)])
        return Outcome(value=value, parts=(("dx", (len(dx),)), ("dw", (len(dw),))))

    expected = pair([1, 2], [3, 4])
    assert first_part_difference(expected, pair([1, 2], [3, 4]), 1e-9) is None
    assert first_part_difference(expected, pair([1, 2], [3, 5]), 1e-9) == (1, 1)
    assert first_part_difference(expected, pair([1], [3, 4]), 1e-9) == (0, 1)
