"""Scoring one implementation's outcomes: judge each case against the reference and score each
corpus test all-or-nothing, keeping its failing cases.

A runner takes a Case and returns an Outcome (convlab.running): in this process, or from a
sandboxed child. Beside the fixed corpus, every run draws fresh inputs shaped like the fixed
ones (the "random" test, convlab.grading.corpus.fresh_twins): a function right on a
published input but wrong on its fresh twin has looked its answers up, and loses that test
too.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

import numpy as np

from convlab import judging
from convlab.case import Case
from convlab.exercises import Exercise
from convlab.grading.corpus import RANDOM_TEST, GradedTest
from convlab.running import Outcome

__all__ = ["CaseFailure", "Runner", "TestResult", "expected_outcome", "judge", "run_tests"]

Runner = Callable[[Case], Outcome]


@dataclass(frozen=True)
class CaseFailure:
    """One case an implementation got wrong: what was expected and what came back."""

    case: Case
    message: str
    expected: np.ndarray | None = None
    got: np.ndarray | None = None
    expected_error: str | None = None
    error: str | None = None
    kind: str = "wrong"
    expected_parts: tuple = ()
    got_parts: tuple = ()

    @property
    def expected_shown(self):
        """`expected` as the reference gives it: one array, or for an exercise returning
        several (dx, dw) a list of them."""
        return _split(self.expected, self.expected_parts)

    @property
    def got_shown(self):
        """`got` as the function returned it (a list of arrays for several)."""
        return _split(self.got, self.got_parts)

    @property
    def size(self) -> int:
        return int(self.case.x.size + self.case.w.size)


@dataclass(frozen=True)
class TestResult:
    """A corpus test's outcome: `score` is `points` when every case passed, else 0."""

    name: str
    title: str
    points: float
    passed: bool
    n_cases: int
    failures: tuple[CaseFailure, ...] = ()

    @property
    def score(self) -> float:
        return self.points if self.passed else 0.0

    @property
    def message(self) -> str:
        if self.passed:
            return f"{self.n_cases} of {self.n_cases} cases passed"
        first = self.failures[0]
        return (f"{self.n_cases - len(self.failures)} of {self.n_cases} cases passed; first "
                f"failure: {first.case!r}: {first.message}")


_EXPECTED: dict[tuple[int, str], tuple[Case, Outcome]] = {}
_EXPECTED_KEPT = 20_000


def expected_outcome(exercise: Exercise, case: Case) -> Outcome:
    """The reference's outcome on `case`, computed once per Case object and exercise (the
    corpus's cases are graded again for every submission)."""
    key = (id(case), exercise.name)
    known = _EXPECTED.get(key)
    if known is None or known[0] is not case:
        if len(_EXPECTED) > _EXPECTED_KEPT:
            _EXPECTED.clear()
        known = _EXPECTED[key] = (case, judging.expected_outcome(exercise, case))
    return known[1]


def _split(values: np.ndarray | None, parts: tuple):
    """The arrays of a result made of several (Outcome.split), or `values` as it is."""
    if values is None or not parts:
        return values
    return list(Outcome(value=values, parts=parts).split().values())


def judge(case: Case, exercise: Exercise, reply: Outcome) -> CaseFailure | None:
    """None when the reply is right for `case` (convlab.judging); otherwise the failure."""
    reference = expected_outcome(exercise, case)
    verdict = judging.judge(exercise, case, reply, reference)
    if verdict.right:
        return None
    kind = "forbidden" if reply.forbidden else "mutated" if reply.mutated else (
        "wrong" if reply.kind == "ok" else reply.kind)
    error = reply.problem if kind != "wrong" else None
    return CaseFailure(case, verdict.message, expected=verdict.expected,
                       got=reply.value if reply.problem is None else None,
                       expected_error=verdict.expected_error, error=error, kind=kind,
                       expected_parts=reference.parts,
                       got_parts=reply.parts if reply.problem is None else ())


def run_tests(runner: Runner, exercise: Exercise,
              tests: tuple[GradedTest, ...]) -> tuple[TestResult, ...]:
    results, answered = [], 0
    prefetch = getattr(runner, "prefetch", None)
    if prefetch is not None:
        prefetch([case for test in tests for case in test.cases])
    for test in tests:
        failures = []
        for case in test.cases:
            failure = judge(case, exercise, runner(case))
            if failure is not None:
                failures.append(failure)
            elif expected_outcome(exercise, case).value is not None:
                answered += 1
        results.append(TestResult(test.name, test.title, test.points, not failures,
                                  len(test.cases), tuple(failures)))
    # refusing impossible inputs only counts for a function that answers possible ones:
    # a wrong signature raises TypeError everywhere and must not earn those points
    if answered == 0 and any(not test.must_raise for test in tests):
        results = [replace(result, passed=False, failures=result.failures or (CaseFailure(
            test.cases[0], "raising here only counts for a function that returns right "
                           "answers elsewhere, and this one never did"),))
                   if result.passed else result for result, test in zip(results, tests)]
    return _looked_up(tuple(results), tests)


def _shape_key(case: Case) -> tuple:
    return (case.x.shape, case.x.dtype.str, case.w.shape, case.w.dtype.str,
            repr(case.non_default_kwargs()))


def _looked_up(results: tuple[TestResult, ...],
               tests: tuple[GradedTest, ...]) -> tuple[TestResult, ...]:
    """Fail a fixed test whose inputs pass while fresh inputs of the same shapes and
    parameters fail: its answers were looked up, not computed."""
    fresh = next((result for result in results if result.name == RANDOM_TEST), None)
    if fresh is None or fresh.passed:
        return results
    failed = {_shape_key(failure.case): failure for failure in fresh.failures}
    checked, looked_up = [], False
    for result, test in zip(results, tests):
        twin = next((failed[_shape_key(case)] for case in test.cases
                     if _shape_key(case) in failed), None)
        if result.passed and result.name != RANDOM_TEST and twin is not None:
            looked_up = True
            result = replace(result, passed=False, failures=(CaseFailure(
                twin.case, f"right on the published inputs but not on a fresh one of the same "
                           f"shape and parameters ({twin.message}): answers must be computed, "
                           f"not looked up", expected=twin.expected, got=twin.got,
                error=twin.error, kind=twin.kind),))
        checked.append(result)
    if looked_up:
        # refusing impossible inputs counts only for a function that computes the others
        checked = [replace(result, passed=False, failures=(CaseFailure(
            test.cases[0], "raising here only counts for a function that computes right "
                           "answers elsewhere, and this one looked them up"),))
                   if test.must_raise and result.passed else result
                   for result, test in zip(checked, tests)]
    return tuple(checked)
