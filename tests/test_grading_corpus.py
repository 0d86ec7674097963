"""The scoring corpora: fixed, grouped into tests with points, fair to correct code."""

import numpy as np
import pytest

from convlab import ShapeError, conv1d
from convlab.corpora import conv1d_corpus
from convlab.exercises import EXERCISES, get_exercise
from convlab.grading.corpus import corpus, hand_made

GROUPS = ["basic", "padding", "even-kernels", "stride", "edge-lengths", "kernel-too-long",
          "int-input", "float32", "probes"]
SCATTER = ("backward", "transposed")
CONV1D_CORPORA = [name for name in hand_made() if get_exercise(name).layout not in SCATTER]


@pytest.mark.parametrize("exercise", ["conv1d-backward", "conv-transpose1d"])
def test_the_scatter_corpora_test_one_idea_each(exercise):
    """The backward and transposed corpora: six named groups (basic, stride, padding, ...),
    each with points and cases, then the probe battery."""
    tests = corpus(exercise)
    names = [test.name for test in tests]
    assert names[:3] == ["basic", "stride", "padding"] and names[-1] == "probes"
    assert "int-input" in names and "float32" in names and len(names) == 7
    assert all(test.points > 0 and test.cases for test in tests)


@pytest.mark.parametrize("exercise", CONV1D_CORPORA)
def test_every_group_is_there_with_points(exercise):
    """Every hand-made corpus has its eight groups and the probe battery, each with cases and
    points, 15 in all."""
    tests = corpus(exercise)
    assert [test.name for test in tests] == GROUPS
    assert all(test.points > 0 and test.cases for test in tests)
    assert sum(test.points for test in tests) == 15


@pytest.mark.parametrize("exercise", CONV1D_CORPORA)
def test_every_case_is_in_the_exercise_and_only_too_long_ones_are_refused(exercise):
    """The reference answers every case except the 'kernel longer than input' ones."""
    ex = get_exercise(exercise)
    for test in corpus(exercise):
        for case in test.cases:
            assert ex.accepts(case), case
            if test.name == "probes":
                continue
            if test.must_raise:
                with pytest.raises(ShapeError):
                    ex.expected(case)
            else:
                ex.expected(case)


def test_the_corpus_is_the_same_every_time():
    """Built from a fixed seed: two builds hold equal cases (the cache aside)."""
    first = conv1d_corpus.__wrapped__()
    second = conv1d_corpus.__wrapped__()
    assert first is not second
    assert first and [a.cases for a in first] == [b.cases for b in second]


def test_the_traps_are_in_the_corpus():
    """Stride cases with and without a remainder; integer x with fractional w; float32."""
    tests = {test.name: test for test in corpus("conv1d")}
    remainders = {(case.length - case.kernel_size) % case.stride
                  for case in tests["stride"].cases if case.padding == "valid"}
    assert 0 in remainders and len(remainders) > 1
    assert any(case.x.dtype.kind == "i" and np.any(case.w % 1) for case in
               tests["int-input"].cases)
    assert all(case.x.dtype == np.float32 for case in tests["float32"].cases)


def _features(case) -> tuple:
    """What kind of input a case is, in the terms diagnosis probes vary: x's dtype, whether
    the weights have fractions, the padding kind, stride, dilation, padding mode, bias,
    groups, and whether a window fits."""
    padding = case.padding if isinstance(case.padding, str) else type(case.padding).__name__
    try:
        conv1d(case.x, case.w, **case.kwargs())
        fits = True
    except ShapeError:
        fits = False
    fractional = bool(np.any(case.w % 1))
    return (case.x.ndim, case.x.dtype.str, fractional, padding, case.stride,
            case.dilation, case.padding_mode, case.bias is not None, case.groups, fits)


@pytest.mark.parametrize("exercise", list(EXERCISES))
def test_every_corpus_input_is_of_a_kind_diagnosis_probes(exercise):
    """The readable battery covers every kind of input (dtype, padding kind, stride, ...)
    that the hand-made corpus scores, so a counterexample can always be a readable one."""
    probed = {_features(case) for case in get_exercise(exercise).battery_cases()}
    unprobed = [case for test in corpus(exercise) for case in test.cases
                if _features(case) not in probed]
    assert not unprobed, unprobed[:3]


@pytest.mark.parametrize("exercise", [name for name, exercise in EXERCISES.items()
                                      if exercise.probes is not None])
def test_diagnose_and_the_grader_try_exactly_the_same_inputs(exercise):
    """The cases the grader scores and the cases diagnose probes are one set."""
    def key(case):
        return repr(case), case.x.dtype.str, case.w.dtype.str

    graded = {key(case) for test in corpus(exercise) for case in test.cases}
    probed = {key(case) for case in get_exercise(exercise).probe_cases()}
    assert graded == probed
