"""Bug: one classic Conv1D mistake, as a flawed function, its fix, and the input that shows it.

What "shows the bug" means, everywhere in the catalog: run the function and the reference on
the same Case; each gives an *outcome*, an array or an exception. Two outcomes agree when both
are arrays of the same shape whose values match within a tolerance suited to the dtype, or when
both are exceptions (the reference refusing a kernel longer than the input is an outcome a
correct implementation must reproduce by raising). Anything else is a difference.
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

from .sampling import random_case

__all__ = ["Bug", "Domain", "Outcome", "SOURCES", "first_difference", "outcome",
           "outcomes_agree"]

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


@dataclass(frozen=True)
class Outcome:
    """What running an implementation on a Case gave: an array, or an exception's text."""

    value: np.ndarray | None
    error: str | None = None

    def __str__(self) -> str:
        if self.error is not None:
            return f"raises {self.error}"
        value = self.value
        if np.all(np.isfinite(value)) and np.all(value == np.round(value)) \
                and np.all(np.abs(value) < 2**53):
            value = value.astype(np.int64)  # whole numbers read best without a trailing '.'
        return np.array2string(value, separator=", ")


def outcome(run: Callable[[Case], np.ndarray], case: Case) -> Outcome:
    """Run `run(case)` and keep its array or the exception it raised."""
    try:
        return Outcome(np.asarray(run(case), dtype=float))
    except (Exception, SystemExit) as error:  # any exception is an outcome: a refusal
        return Outcome(None, f"{type(error).__name__}: {error}")


def outcomes_agree(got: Outcome, expected: Outcome, case: Case) -> bool:
    """Both raised, or both gave same-shaped arrays equal within the case's tolerance."""
    if got.error is not None or expected.error is not None:
        return got.error is not None and expected.error is not None
    return first_difference(got, expected, case) is None


def first_difference(got: Outcome, expected: Outcome, case: Case):
    """The first output index (an int, or a tuple for 2-D outputs) where the two outcomes
    differ; the common length when one is a prefix of the other; None when they agree or
    when either raised."""
    if got.error or expected.error:
        return None
    return first_array_difference(expected.value, got.value, tolerance(case))


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

    def run_flawed(self, case: Case) -> np.ndarray:
        """The flawed function's output on `case` as a float array (exceptions propagate)."""
        return self._run(self.flawed, case)

    def run_fixed(self, case: Case) -> np.ndarray:
        """The fixed function's output on `case` as a float array (exceptions propagate)."""
        return self._run(self.fixed, case)

    def run_reference(self, case: Case) -> np.ndarray:
        """The reference output on `case` (raises the reference's ConvlabError if refused)."""
        return np.asarray(get_exercise(self.exercise).expected(case), dtype=float)

    def _run(self, fn: Callable, case: Case) -> np.ndarray:
        return np.asarray(get_exercise(self.exercise).call(fn, case), dtype=float)

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
        """(flawed, fixed, reference) outcomes on `case`."""
        return (outcome(self.run_flawed, case), outcome(self.run_fixed, case),
                outcome(self.run_reference, case))

    def shows_bug(self, case: Case) -> bool:
        """Whether the flawed function's outcome on `case` differs from the reference's."""
        return not outcomes_agree(outcome(self.run_flawed, case),
                                  outcome(self.run_reference, case), case)

    def sample_cases(self, rng: np.random.Generator, n: int) -> list[Case]:
        """`n` random Cases inside this entry's domain, drawn with `rng`."""
        cases: list[Case] = []
        for _ in range(200 * n):
            if len(cases) == n:
                break
            case = random_case(self.exercise, rng, self.domain.sample_dtypes)
            if self.accepts(case):
                cases.append(case)
        if len(cases) < n:
            raise RuntimeError(f"only {len(cases)} of {n} random cases fit {self.id!r}")
        return cases
