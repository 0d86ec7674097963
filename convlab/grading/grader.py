"""Grading one implementation: run the corpus, score each test, diagnose what went wrong.

The same story for a function in a notebook (`grade_function`, in this process) and for a
submission file (`grade_file`, in a sandboxed child):
1. run every corpus case through a runner that returns plain float arrays or an error text;
2. compare with the reference here, with a tolerance suited to the inputs' dtype;
3. score each test all-or-nothing and keep its first failing case;
4. if anything failed, ask the diagnosis engine what the code computes, and pick the
   counterexample to show: the diagnosis's minimal case, else the smallest failing one.

Beside the fixed corpus, every run draws fresh inputs shaped like the fixed ones (the
"random" test, convlab.grading.corpus.fresh_twins): a function right on a published input
but wrong on its fresh twin has looked its answers up, and loses that test too
(convlab.grading.scoring).
A notebook's function runs in a forked child (`ForkedSandbox`): whatever it patches stays
there, and a sleep or a signal trick cannot outlast the wall-clock limit.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

from convlab.case import Case
from convlab.diagnosis import diagnose
from convlab.diagnosis.table import table_for
from convlab.exercises import Exercise, get_exercise
from convlab.grading.corpus import GradedTest, graded_tests
from convlab.grading.forked import ForkedSandbox
from convlab.grading.policy import Policy
from convlab.grading.sandbox import Sandbox
from convlab.grading.sandboxed_function import (
    RecordingFunction,
    SandboxedFunction,
    sandbox_runner,
)
from convlab.grading.scoring import CaseFailure, Runner, TestResult, judge, run_tests
from convlab.running import Outcome, describe_error

__all__ = ["GradeReport", "grade_file", "grade_function", "load_failure", "local_runner",
           "refused_path"]

# tests that check one trap each: when only they fail, they name the mistake
TRAP_CATEGORIES = {"int-input": "dtype-truncation",
                   "kernel-too-long": "kernel-too-long-silent",
                   "even-kernels": "same-even-kernel"}


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


NOTEBOOK_POLICY = Policy(case_seconds=LOCAL_CALL_SECONDS, total_seconds=20.0, load_seconds=10.0,
                         cpu_seconds=20.0)
"""The limits of a notebook's `check`: each call LOCAL_CALL_SECONDS, the whole check 20 s."""


# ---- diagnosis ----------------------------------------------------------------------------------

_WARMING: dict[str, threading.Thread] = {}


def warm_diagnosis(exercise: Exercise) -> None:
    """Start computing the diagnosis's predictions for `exercise` (once per process) in a
    background thread, while the first child starts and answers."""
    if exercise.name in _WARMING or exercise.probes is None:
        return

    def warm() -> None:
        try:
            table_for(exercise)
        except Exception:  # noqa: BLE001 - diagnose itself will report the problem
            pass

    thread = threading.Thread(target=warm, name="convlab-warm-diagnosis", daemon=True)
    _WARMING[exercise.name] = thread
    thread.start()


def _default_diagnose(fn: Callable, exercise: str):
    warming = _WARMING.get(exercise)
    if warming is not None:
        warming.join()
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
                   tests: tuple[GradedTest, ...] | None = None,
                   policy: Policy | None = None) -> GradeReport:
    """Grade a function of this process (a notebook's): by default in a forked child, so
    nothing it patches reaches the comparison, stopped by wall-clock limits (`policy`,
    NOTEBOOK_POLICY by default); in this process where os.fork does not exist.

    `tests` replaces the exercise's corpus (the bug hunt grades some fixes on fewer cases).
    """
    started = time.perf_counter()
    exercise = get_exercise(exercise)
    tests = tests or graded_tests(exercise.name)
    name = getattr(fn, "__name__", repr(fn))
    if not hasattr(os, "fork"):
        runner = local_runner(fn, exercise)
        results = run_tests(runner, exercise, tests)
        return _finish(exercise, name, results, started, runner, fn, diagnose,
                       want_diagnosis, [])
    policy = policy or replace(NOTEBOOK_POLICY, case_seconds=LOCAL_CALL_SECONDS)
    with ForkedSandbox.for_exercise(Path(name), exercise, name, policy, fn=fn) as sandbox:
        function = RecordingFunction(sandbox, name)
        runner = sandbox_runner(sandbox, exercise, function)
        results = run_tests(runner, exercise, tests)
        function.replaying = True
        return _finish(exercise, name, results, started, runner, function, diagnose,
                       want_diagnosis, [])


def load_failure(exercise: Exercise, submission: str, tests: tuple[GradedTest, ...],
                 error: str, seconds: float, output: str = "") -> GradeReport:
    """The report of a submission that could not be run at all: every test failed, each
    saying why."""
    why = f"not run: {error}"
    results = tuple(TestResult(test.name, test.title, test.points, False, len(test.cases),
                               tuple(CaseFailure(case, why, error=error, kind="gave-up")
                                     for case in test.cases))
                    for test in tests)
    return GradeReport(exercise.name, submission, results, seconds, load_error=error,
                       output=output)


def refused_path(path: Path, folder: Path | None = None) -> str | None:
    """Why `path` is not graded (missing, not a file, a symlink leaving its folder), or None."""
    folder = Path(folder) if folder is not None else path.parent
    if path.is_symlink():
        target = path.resolve()
        if not target.is_relative_to(folder.resolve()):
            return (f"the submission is a symbolic link to a file outside its folder "
                    f"({os.fsdecode(path.name)} -> {os.fsdecode(os.readlink(path))}); "
                    f"symbolic links are not graded")
    if not path.exists():
        return "the submission file does not exist"
    if not path.is_file():
        return "the submission is not a regular file"
    return None


def grade_file(path: str | Path, exercise: str = "conv1d", *, function: str | None = None,
               policy: Policy | None = None, diagnose: Callable | None = None,
               want_diagnosis: bool = True, tests: tuple[GradedTest, ...] | None = None,
               sandbox: Sandbox | None = None, folder: str | Path | None = None) -> GradeReport:
    """Grade a submission file in a sandboxed child process (see `Policy` for the limits).

    `sandbox`: a Sandbox already launched for this file (the batch grader starts the next
    child while grading the current one); by default a new one. `folder`: the class folder
    the file was found in (a symbolic link leaving it is refused). `function`: the name of
    the function to grade, by default the one the exercise's signature names.

    When the submission used a forbidden numpy function, diagnosis runs in a second child
    that allows it, so the report still says what the code computes (a np.convolve is a
    flipped kernel).
    """
    started = time.perf_counter()
    exercise = get_exercise(exercise)
    policy = policy or Policy()
    graded = tests or graded_tests(exercise.name)
    function = function or exercise.function_name
    notes: list[str] = []
    refused = refused_path(Path(path), folder)
    if refused is not None:
        if sandbox is not None:
            sandbox.close()
        return load_failure(exercise, str(path), graded, refused,
                            time.perf_counter() - started)
    if want_diagnosis and diagnose is None:
        warm_diagnosis(exercise)
    with sandbox or Sandbox.for_exercise(Path(path), exercise, function, policy) as sandbox:
        if sandbox.load_error:
            return load_failure(exercise, str(path), graded, sandbox.load_error,
                                time.perf_counter() - started, sandbox.output())
        recording = RecordingFunction(sandbox, function)
        runner = sandbox_runner(sandbox, exercise, recording)
        tests = run_tests(runner, exercise, graded)
        recording.replaying = True
        if sandbox.forbidden_used:
            notes.append(f"the submission uses {', '.join(sorted(sandbox.forbidden_used))}, "
                         f"which this exercise forbids; the diagnosis below allows it")
        if sandbox.forbidden_used and want_diagnosis:
            with Sandbox.for_exercise(Path(path), exercise, function,
                                      policy.allowing_numpy()) as unrestricted:
                report = _finish(exercise, str(path), tests, started,
                                 sandbox_runner(unrestricted, exercise),
                                 SandboxedFunction(unrestricted, function), diagnose,
                                 want_diagnosis, notes, output=sandbox.output())
        else:
            report = _finish(exercise, str(path), tests, started, runner, recording,
                             diagnose, want_diagnosis, notes, output=sandbox.output())
    return report
