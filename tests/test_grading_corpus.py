"""The scoring corpora: fixed, grouped into tests with points, fair to correct code."""

import numpy as np
import pytest

from convlab import Case, ShapeError
from convlab.agreement import tolerance
from convlab.exercises import get_exercise
from convlab.grading.corpus import CORPUS_EXERCISES, compare_output, corpus

GROUPS = ["basic", "padding", "even-kernels", "stride", "edge-lengths", "kernel-too-long",
          "int-input", "float32", "uint8"]


@pytest.mark.parametrize("exercise", CORPUS_EXERCISES)
def test_every_group_is_there_with_points(exercise):
    tests = corpus(exercise)
    assert [test.name for test in tests] == GROUPS
    assert all(test.points > 0 and test.cases for test in tests)
    assert sum(test.points for test in tests) == 15


@pytest.mark.parametrize("exercise", CORPUS_EXERCISES)
def test_every_case_is_in_the_exercise_and_only_too_long_ones_are_refused(exercise):
    """The reference answers every case except the 'kernel longer than input' ones."""
    ex = get_exercise(exercise)
    for test in corpus(exercise):
        for case in test.cases:
            assert ex.accepts(case), case
            if test.must_raise:
                with pytest.raises(ShapeError):
                    ex.expected(case)
            else:
                ex.expected(case)


def test_the_corpus_is_the_same_every_time():
    """Built from a fixed seed: two builds hold equal cases (the cache aside)."""
    first = corpus.__wrapped__("conv1d")
    second = corpus.__wrapped__("conv1d")
    assert all(a.cases == b.cases for a, b in zip(first, second))


def test_the_traps_are_in_the_corpus():
    """Stride cases with and without a remainder; uint8 up to 255; integer x, fractional w."""
    tests = {test.name: test for test in corpus("conv1d")}
    remainders = {(case.length - case.kernel_size) % case.stride
                  for case in tests["stride"].cases if case.padding == "valid"}
    assert 0 in remainders and len(remainders) > 1
    assert any(case.x.dtype == np.uint8 and case.x.max() > 250 for case in tests["uint8"].cases)
    assert any(case.x.dtype.kind == "i" and np.any(case.w % 1) for case in
               tests["int-input"].cases)
    assert all(case.x.dtype == np.float32 for case in tests["float32"].cases)


def test_float32_results_pass_and_real_mistakes_do_not():
    case = Case(x=np.arange(1.0, 10.0), w=[0.1, 0.2, 0.3])
    expected = get_exercise("conv1d").expected(case)
    assert compare_output(case, expected, expected.astype(np.float32).astype(float)) is None
    assert compare_output(case, expected, expected + 0.01) == \
        "output[0] is 1.41, expected 1.4 (7 outputs differ)"
    assert compare_output(case, expected, expected[:-1]) == "expected 7 outputs, got 6"
    low_precision = Case(x=np.ones(3, np.float32), w=[1.0])
    assert tolerance(low_precision) > tolerance(Case(x=np.ones(3), w=[1.0]))


def test_nan_never_passes():
    case = Case(x=[1, 2, 3], w=[1])
    assert "nan" in compare_output(case, np.array([1.0, 2, 3]), np.array([1.0, np.nan, 3]))
