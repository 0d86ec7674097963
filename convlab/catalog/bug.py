"""Bug: one classic Conv1D mistake, as a flawed function, its fix, and the input that shows it.

What "shows the bug" means in the catalog is what it means everywhere in convlab: run the
function through its exercise (convlab.running), and judge the outcome as the grader and
diagnose do (convlab.judging): right values within the tolerance for the dtype, no modified
input, and, where the reference refuses a kernel longer than the input, an answer the
exercise accepts. The flawed function's outcome on its counterexample is wrong; the fixed
function's outcome is right on every case of the entry's domain.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from convlab.agreement import first_difference as first_array_difference
from convlab.agreement import tolerance
from convlab.case import Case
from convlab.errors import ConvlabError
from convlab.exercises import get_exercise
from convlab.judging import Verdict, expected_outcome, judge
from convlab.running import Outcome

from .sampling import random_case

__all__ = ["Bug", "Domain", "SOURCES", "first_difference"]

SOURCES = ("article", "blog", "classic")

# dtypes whose products of small values never wrap and whose items are at least 4 bytes
WIDE_DTYPES = ("float32", "float64", "int32", "int64", "uint32", "uint64")


@dataclass(frozen=True)
class Domain:
    """The cases an entry is about, within its exercise.

    `dtypes`: the dtypes x and w (and bias) may have; 8- and 16-bit integers are left out
    unless the entry is about them. `refused`: whether cases the reference refuses (a kernel
    longer than the padded input) belong too. `where`: any further narrowing.
    `sample_dtypes`: the dtypes random cases are drawn from.
    """

    dtypes: tuple[str, ...] = WIDE_DTYPES
    refused: bool = False
    where: Callable[[Case], bool] | None = None
    sample_dtypes: tuple[str, ...] = ("float64", "float32", "int64")


def first_difference(expected: Outcome, got: Outcome, case: Case):
    """The first output index (an int, or a tuple for 2-D outputs) where two outcomes'
    values differ; the common length when one is a prefix of the other; None when they
    agree or when either has no values. Arguments in convlab.agreement's order."""
    if expected.value is None or got.value is None:
        return None
    return first_array_difference(expected.value, got.value, tolerance(case, got.dtype))


@dataclass(frozen=True)
class Bug:
    """One entry of the catalog.

    `flawed` and `fixed` are plain functions with the signature of the Exercise named
    `exercise` (for "conv1d": `def f(x, w, stride=1, padding="valid")`); `counterexample` is
    the smallest Case on which `flawed` and the reference give different outcomes.
    """

    id: str
    title: str
    category: str
    source: str
    explanation: str
    seen_in: tuple[str, ...]
    flawed: Callable
    fixed: Callable
    exercise: str
    counterexample: Case
    domain: Domain = Domain()

    def run_flawed(self, case: Case):
        """The flawed function's output on `case` as a float array (a tuple of them for an
        exercise returning several, such as (dx, dw)); exceptions propagate."""
        return self._run(self.flawed, case)

    def run_fixed(self, case: Case):
        """The fixed function's output on `case`, like run_flawed's."""
        return self._run(self.fixed, case)

    def run_reference(self, case: Case):
        """The reference output on `case` (raises the reference's ConvlabError if refused)."""
        return self._floats(get_exercise(self.exercise).expected(case))

    def _run(self, fn: Callable, case: Case):
        return self._floats(get_exercise(self.exercise).call(fn, case))

    def _floats(self, result):
        if get_exercise(self.exercise).results:
            return tuple(np.asarray(part, dtype=float) for part in result)
        return np.asarray(result, dtype=float)

    def accepts(self, case: Case) -> bool:
        """Whether `case` lies in this entry's domain: its exercise's, narrowed by `domain`."""
        if not get_exercise(self.exercise).accepts(case):
            return False
        arrays = [case.x, case.w] + ([case.bias] if case.bias is not None else [])
        if any(a.dtype.name not in self.domain.dtypes for a in arrays):
            return False
        if self.domain.where is not None and not self.domain.where(case):
            return False
        if self.domain.refused:
            return True
        try:
            self.run_reference(case)
        except ConvlabError:
            return False
        return True

    def outcomes(self, case: Case) -> tuple[Outcome, Outcome, Outcome]:
        """(flawed, fixed, reference) outcomes on `case` (convlab.running.Outcome)."""
        exercise = get_exercise(self.exercise)
        return (exercise.run(self.flawed, case), exercise.run(self.fixed, case),
                expected_outcome(exercise, case))

    def verdict(self, fn: Callable, case: Case) -> Verdict:
        """The verdict on `fn` (the flawed or the fixed function) on `case`, as the grader
        and diagnose give it."""
        exercise = get_exercise(self.exercise)
        return judge(exercise, case, exercise.run(fn, case))

    def shows_bug(self, case: Case) -> bool:
        """Whether the flawed function's outcome on `case` is wrong."""
        return not self.verdict(self.flawed, case).right

    def sample_cases(self, rng: np.random.Generator, n: int) -> list[Case]:
        """`n` random Cases inside this entry's domain, drawn with `rng`."""
        cases: list[Case] = []
        for _ in range(200 * n):
            if len(cases) == n:
                break
            case = random_case(get_exercise(self.exercise), rng, self.domain.sample_dtypes)
            if self.accepts(case):
                cases.append(case)
        if len(cases) < n:
            raise RuntimeError(f"only {len(cases)} of {n} random cases fit {self.id!r}")
        return cases
