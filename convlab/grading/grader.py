"""Grading one implementation: run the corpus, score each test, diagnose what went wrong.

The same story for a function in a notebook (`grade_function`, in this process) and for a
submission file (`grade_file`, in a sandboxed child):
1. run every corpus case through a runner that returns plain float arrays or an error text;
2. compare with the reference here, with a tolerance suited to the inputs' dtype;
3. score each test all-or-nothing and keep its first failing case;
4. if anything failed, ask the diagnosis engine what the code computes, and pick the
   counterexample to show: the diagnosis's minimal case, else the smallest failing one.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np

from convlab import judging
from convlab.case import Case
from convlab.diagnosis import diagnose
from convlab.exercises import Exercise, get_exercise
from convlab.grading.corpus import GradedTest, corpus
from convlab.grading.sandbox import Policy, Sandbox, SandboxedFunction
from convlab.running import Outcome, describe_error

__all__ = ["CaseFailure", "GradeReport", "TestResult", "grade_file", "grade_function",
           "local_runner"]

Runner = Callable[[Case], Outcome]

# tests that check one trap each: when only they fail, they name the mistake
TRAP_CATEGORIES = {"int-input": "dtype-truncation",
                   "kernel-too-long": "kernel-too-long-silent",
                   "even-kernels": "same-even-kernel"}


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


@dataclass(frozen=True)
class GradeReport:
    """Everything the grader learned about one implementation."""

    exercise: str
    submission: str
    tests: tuple[TestResult, ...]
    seconds: float
    load_error: str | None = None
    output: str = ""
    diagnosis: object = None
    counterexample: CaseFailure | None = None
    notes: tuple[str, ...] = field(default=())
    suspected: tuple[str, ...] = ()

    @property
    def score(self) -> float:
        return float(sum(test.score for test in self.tests))

    @property
    def max_score(self) -> float:
        return float(sum(test.points for test in self.tests))

    @property
    def passed(self) -> bool:
        return self.load_error is None and all(test.passed for test in self.tests)

    @property
    def categories(self) -> tuple[str, ...]:
        """The diagnosis's category ids; when it found nothing, the ones the failing tests
        point to (a failing int-input test alone means dtype-truncation)."""
        return tuple(getattr(self.diagnosis, "categories", None) or ()) or self.suspected


# ---- runners: a Case in, an Outcome out (convlab.running) ------------------------------------

LOCAL_CALL_SECONDS = 2.0
"""How long one call may run in this process (a notebook's `check`) before it counts as
an endless loop."""


def local_runner(fn: Callable, exercise: Exercise) -> Runner:
    """Call `fn` in this process the way every part of convlab does (`Exercise.run`):
    quietly, on fresh copies, stopped after LOCAL_CALL_SECONDS so an endless loop cannot hang
    a notebook cell, and checked for modified inputs — as the sandboxed child checks it."""

    def run(case: Case) -> Outcome:
        return exercise.run(fn, case, seconds=LOCAL_CALL_SECONDS)

    return run


def sandbox_runner(sandbox: Sandbox, exercise: Exercise) -> Runner:
    def run(case: Case) -> Outcome:
        return exercise.run(SandboxedFunction(sandbox, sandbox.function), case)

    return run


# ---- scoring ----------------------------------------------------------------------------------

def judge(case: Case, exercise: Exercise, reply: Outcome) -> CaseFailure | None:
    """None when the reply is right for `case` (convlab.judging); otherwise the failure."""
    verdict = judging.judge(exercise, case, reply)
    if verdict.right:
        return None
    kind = "forbidden" if reply.forbidden else "mutated" if reply.mutated else (
        "wrong" if reply.kind == "ok" else reply.kind)
    error = reply.problem if kind != "wrong" else None
    return CaseFailure(case, verdict.message, expected=verdict.expected,
                       got=reply.value if reply.problem is None else None,
                       expected_error=verdict.expected_error, error=error, kind=kind)


def run_tests(runner: Runner, exercise: Exercise,
              tests: tuple[GradedTest, ...]) -> tuple[TestResult, ...]:
    results, answered = [], 0
    for test in tests:
        failures = []
        for case in test.cases:
            failure = judge(case, exercise, runner(case))
            if failure is not None:
                failures.append(failure)
            elif judging.expected_outcome(exercise, case).value is not None:
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
    return tuple(results)


def _short(values: np.ndarray | None) -> str:
    if values is None:
        return "nothing"
    return np.array2string(values, separator=", ", threshold=12)


# ---- diagnosis ----------------------------------------------------------------------------------

def _default_diagnose(fn: Callable, exercise: str):
    return diagnose(fn, exercise=exercise)


def _diagnose(diagnose: Callable | None, fn: Callable, exercise: str, notes: list):
    try:
        return (diagnose or _default_diagnose)(fn, exercise)
    except ImportError:
        notes.append("diagnosis unavailable: convlab.diagnosis is not installed")
    except Exception as error:  # noqa: BLE001 - a diagnosis failure must not lose the grade
        notes.append(f"diagnosis failed: {describe_error(error)}")
    return None


def _counterexample(diagnosis, runner: Runner, exercise: Exercise,
                    tests: tuple[TestResult, ...]) -> CaseFailure | None:
    """The diagnosis's minimal case when it really fails, else the smallest failing case."""
    case = getattr(diagnosis, "counterexample", None)
    if isinstance(case, Case) and exercise.accepts(case):
        failure = judge(case, exercise, runner(case))
        if failure is not None:
            return failure
    failures = [failure for test in tests for failure in test.failures]
    return min(failures, key=lambda failure: (failure.kind == "gave-up", failure.size),
               default=None)


def _finish(exercise: Exercise, submission: str, tests, started: float, runner: Runner,
            diagnosis_fn: Callable, diagnose: Callable | None, want_diagnosis: bool,
            notes: list, **extra) -> GradeReport:
    diagnosis = None
    if want_diagnosis and not all(test.passed for test in tests):
        diagnosis = _diagnose(diagnose, diagnosis_fn, exercise.name, notes)
    if diagnosis is not None and not getattr(diagnosis, "categories", ()):
        # a failed test is never shown beside "no difference found": the failure is not in
        # the values diagnose compares (a forbidden function, a crash, a time limit)
        failure = next(failure for test in tests for failure in test.failures)
        notes.append(f"the values are right on every input diagnose tries; what fails is: "
                     f"{failure.message}")
        diagnosis = None
    counterexample = (_counterexample(diagnosis, runner, exercise, tests)
                      if not all(test.passed for test in tests) else None)
    failed = [test.name for test in tests if not test.passed]
    suspected = ()
    if failed and all(name in TRAP_CATEGORIES for name in failed):
        suspected = tuple(TRAP_CATEGORIES[name] for name in failed)
        if not getattr(diagnosis, "categories", None):
            notes.append(f"the failing tests point to: {', '.join(suspected)}")
    return GradeReport(exercise.name, submission, tests, time.perf_counter() - started,
                       diagnosis=diagnosis, counterexample=counterexample, notes=tuple(notes),
                       suspected=suspected, **extra)


def grade_function(fn: Callable, exercise: str = "conv1d", *, diagnose: Callable | None = None,
                   want_diagnosis: bool = True,
                   tests: tuple[GradedTest, ...] | None = None) -> GradeReport:
    """Grade a function in this process (notebooks: fast, no sandbox, no time limit).

    `tests` replaces the exercise's corpus (the bug hunt grades some fixes on fewer cases).
    """
    started = time.perf_counter()
    exercise = get_exercise(exercise)
    runner = local_runner(fn, exercise)
    tests = run_tests(runner, exercise, tests or corpus(exercise.name))
    return _finish(exercise, getattr(fn, "__name__", repr(fn)), tests, started, runner, fn,
                   diagnose, want_diagnosis, [])


def grade_file(path: str | Path, exercise: str = "conv1d", *, function: str = "conv1d",
               policy: Policy | None = None, diagnose: Callable | None = None,
               want_diagnosis: bool = True, tests: tuple[GradedTest, ...] | None = None,
               sandbox: Sandbox | None = None) -> GradeReport:
    """Grade a submission file in a sandboxed child process (see `Policy` for the limits).

    `sandbox`: a Sandbox already launched for this file (the batch grader starts the next
    child while grading the current one); by default a new one.

    When the submission used a forbidden numpy function, diagnosis runs in a second child
    that allows it, so the report still says what the code computes (a np.convolve is a
    flipped kernel).
    """
    started = time.perf_counter()
    exercise = get_exercise(exercise)
    policy = policy or Policy()
    graded = tests or corpus(exercise.name)
    notes: list[str] = []
    with sandbox or Sandbox(Path(path), function, policy) as sandbox:
        if sandbox.load_error:
            tests = tuple(TestResult(test.name, test.title, test.points, False,
                                     len(test.cases),
                                     (CaseFailure(test.cases[0], sandbox.load_error,
                                                  error=sandbox.load_error),))
                          for test in graded)
            return GradeReport(exercise.name, str(path), tests,
                               time.perf_counter() - started, load_error=sandbox.load_error,
                               output=sandbox.output())
        runner = sandbox_runner(sandbox, exercise)
        tests = run_tests(runner, exercise, graded)
        if sandbox.forbidden_used:
            notes.append(f"the submission uses {', '.join(sorted(sandbox.forbidden_used))}, "
                         f"which this exercise forbids; the diagnosis below allows it")
        if sandbox.forbidden_used and want_diagnosis:
            with Sandbox(Path(path), function, policy.allowing_numpy()) as unrestricted:
                report = _finish(exercise, str(path), tests, started,
                                 sandbox_runner(unrestricted, exercise),
                                 SandboxedFunction(unrestricted, function), diagnose,
                                 want_diagnosis, notes, output=sandbox.output())
        else:
            report = _finish(exercise, str(path), tests, started, runner,
                             SandboxedFunction(sandbox, function), diagnose, want_diagnosis,
                             notes, output=sandbox.output())
    return report
