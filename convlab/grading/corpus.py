"""The scoring corpus of an exercise: its hand-made one, or one built from its probes.

A corpus is a tuple of named tests (convlab.corpora.GradedTest), each worth its points only
when all of its cases pass. Exercises with a hand-made corpus (`Exercise.corpus`) use it,
plus one test of their probe battery; the others are scored on their probe battery alone,
as one test of the inputs the reference answers and one of those it refuses. Either way the
grader scores exactly the inputs diagnose tries (`Exercise.probe_cases`), so the two never
disagree on whether a function is right.
"""

from __future__ import annotations

import os
from functools import cache

import numpy as np

from convlab.corpora import GradedTest
from convlab.errors import ConvlabError, ParameterError
from convlab.exercises import EXERCISES, get_exercise

__all__ = ["GradedTest", "RANDOM_TEST", "corpus", "fresh_twins", "graded_tests", "hand_made",
           "has_corpus"]

RANDOM_TEST = "random"
"""The name of the test of fresh inputs drawn for each run."""


def has_corpus(exercise) -> bool:
    """Whether `exercise` can be scored without tests of your own (a corpus or a battery)."""
    exercise = get_exercise(exercise)
    return exercise.corpus is not None or exercise.probes is not None


def corpus(exercise: str = "conv1d") -> tuple[GradedTest, ...]:
    """The scoring corpus of `exercise`, the same every call.

    "conv1d" and "conv1d-channels" have hand-made corpora of eight named tests and a ninth
    of their probe battery; the other
    built-in exercises are scored on their probe battery (readable inputs covering the
    exercise), as one test of the inputs the reference answers and one of those it refuses.

    >>> [test.name for test in corpus("conv1d")][:4]
    ['basic', 'padding', 'even-kernels', 'stride']
    >>> [test.name for test in corpus("conv1d-causal")]
    ['cases']
    """
    return _corpus_of(get_exercise(exercise))


@cache
def _corpus_of(exercise) -> tuple[GradedTest, ...]:
    """The corpus of one Exercise object (cached by the object, not its name, so an
    exercise registered again under the same name gets its own)."""
    if exercise.corpus is not None and exercise.probes is not None:
        # the battery diagnose runs is scored too: both judge a function on the same inputs
        return (*exercise.corpus(), GradedTest(
            "probes", "the readable inputs diagnose tries (every stride, padding kind, length "
            "and dtype trap)", 1, exercise.battery_cases()))
    if exercise.corpus is not None:
        return exercise.corpus()
    if exercise.probes is None:
        raise ParameterError(f"no scoring corpus for exercise {exercise.name!r}: pass your own "
                             f"tests (a tuple of GradedTest)", "exercise")
    answered, refused = [], []
    for case in exercise.battery_cases():
        try:
            exercise.expected(case)
            answered.append(case)
        except ConvlabError:
            refused.append(case)
    tests = [GradedTest("cases", f"{len(answered)} inputs covering the exercise", 1,
                        tuple(answered))]
    if refused:
        tests.append(GradedTest("kernel-too-long", "inputs where no window fits: raise an error "
                                "(or, where the exercise allows it, return an empty result)",
                                1, tuple(refused), must_raise=True))
    return tuple(tests)


def hand_made() -> tuple[str, ...]:
    """Names of the exercises with a hand-made corpus."""
    return tuple(name for name, exercise in EXERCISES.items() if exercise.corpus is not None)


def fresh_twins(exercise: str = "conv1d", seed: int | None = None) -> GradedTest:
    """A test of fresh inputs for this run: for every case the corpus's named tests answer, a
    twin with the same shapes, dtypes and parameters and new values (small integers, exact in
    every dtype). A function that looks its answers up in a table of the published corpus
    gets the fixed tests right and these wrong.

    `seed`: the random seed (by default one drawn from the operating system, named in the
    test's title so a run can be repeated)."""
    exercise = get_exercise(exercise)
    seed = int.from_bytes(os.urandom(4), "little") if seed is None else int(seed)
    rng = np.random.default_rng(seed)
    twins = []
    for test in corpus(exercise.name):
        if test.must_raise or test.name == "probes":
            continue
        for case in test.cases:
            twin = case.replace(x=_fresh(rng, case.x), w=_fresh(rng, case.w))
            if exercise.accepts(twin):
                twins.append(twin)
    return GradedTest(RANDOM_TEST, f"fresh inputs drawn for this run (seed {seed}), shaped "
                      f"like the fixed ones", 1, tuple(twins))


def _fresh(rng: np.random.Generator, values: np.ndarray) -> np.ndarray:
    low = 0 if values.dtype.kind in "ub" else -9
    fresh = rng.integers(low, 10, size=values.shape)
    if values.dtype.kind == "b":
        return fresh.astype(bool)
    return fresh.astype(values.dtype)


def graded_tests(exercise: str = "conv1d", seed: int | None = None) -> tuple[GradedTest, ...]:
    """What the grader scores: the exercise's corpus and, beside it, a test of fresh inputs
    (drawn anew for each call without a `seed`; the same for every call with one, so a class
    graded in one run shares them)."""
    if seed is None:
        return _graded(get_exercise(exercise), None)
    return _graded_with_seed(get_exercise(exercise), int(seed))


def _graded(exercise, seed: int | None) -> tuple[GradedTest, ...]:
    twins = fresh_twins(exercise.name, seed)
    return corpus(exercise.name) + ((twins,) if twins.cases else ())


@cache
def _graded_with_seed(exercise, seed: int) -> tuple[GradedTest, ...]:
    return _graded(exercise, seed)
