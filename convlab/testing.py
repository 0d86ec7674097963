"""A pytest plugin for instructors: run your own tests over a folder of submissions.

    pytest tests_for_students.py --submissions submissions/ --exercise conv1d

    def test_student(conv1d_submission):
        conv1d_submission.assert_passes()                 # every corpus test
        assert conv1d_submission([1, 2, 3], [1, 1]).tolist() == [3, 5]

`conv1d_submission` is parametrized over the .py files in `--submissions` (one test per
file, named after it). Calling it runs the submission's function in its sandbox (a fresh
child per submission, limits as `convlab grade`); `.report` grades it on the exercise's
corpus once and keeps the result. Registered through the `pytest11` entry point, or with
`-p convlab.testing` / `pytest_plugins = ["convlab.testing"]`.
"""

from __future__ import annotations

from functools import cached_property
from pathlib import Path

import numpy as np
import pytest

from convlab.exercises import get_exercise
from convlab.grading.batch import submissions_in
from convlab.grading.grader import GradeReport, grade_file
from convlab.grading.policy import Policy
from convlab.grading.sandbox import Sandbox
from convlab.grading.sandboxed_function import SandboxedFunction

__all__ = ["Submission", "assert_diagnosed", "assert_passes"]


class Submission:
    """One submission file: call it like the student's function, or grade it."""

    def __init__(self, path: Path, exercise: str = "conv1d", function: str | None = None,
                 policy: Policy | None = None):
        self.path = Path(path)
        self.exercise = exercise
        self.function = function or get_exercise(exercise).function_name
        self.policy = policy or Policy()
        self._sandbox: Sandbox | None = None

    def __repr__(self) -> str:
        return f"Submission({str(self.path)!r}, exercise={self.exercise!r})"

    def __call__(self, *args, **kwargs):
        """The student's function on (copies of) these arguments, run in the sandbox: an
        array, or for an exercise returning several (conv1d-backward's dx, dw) a tuple."""
        exercise = get_exercise(self.exercise)
        if self._sandbox is None:
            self._sandbox = Sandbox.for_exercise(self.path, exercise, self.function,
                                                 self.policy)
            self._sandbox.start()
        function = SandboxedFunction(self._sandbox, self.function)
        arrays = tuple(np.asarray(value) if isinstance(value, (list, tuple)) else value
                       for value in args)
        return function(*arrays, **kwargs)

    @cached_property
    def report(self) -> GradeReport:
        """The grade on the exercise's corpus (computed once)."""
        return grade_file(self.path, self.exercise, function=self.function, policy=self.policy)

    def assert_passes(self) -> None:
        assert_passes(self)

    def close(self) -> None:
        if self._sandbox is not None:
            self._sandbox.close()
            self._sandbox = None


def assert_passes(submission: Submission) -> None:
    """Fail (with the diagnosis and counterexample) unless every corpus test passes."""
    from convlab.feedback import Feedback

    report = submission.report
    if not report.passed:
        raise AssertionError(f"{submission.path.name}: {Feedback(report)}")


def assert_diagnosed(submission: Submission, category: str) -> None:
    """Fail unless the diagnosis names `category` first."""
    found = submission.report.categories
    if not found or found[0] != category:
        raise AssertionError(f"{submission.path.name}: expected diagnosis {category!r}, got "
                             f"{list(found) or 'none'}")


def pytest_addoption(parser) -> None:
    group = parser.getgroup("convlab", "convlab submissions")
    group.addoption("--submissions", metavar="DIR", default=None,
                    help="a folder of .py submissions for the conv1d_submission fixture")
    group.addoption("--exercise", default="conv1d",
                    help="the exercise the submissions implement (default conv1d)")
    group.addoption("--submission-function", default=None,
                    help="the function each submission defines (default: the exercise's, "
                         "e.g. conv1d or conv1d_backward)")


def pytest_generate_tests(metafunc) -> None:
    if "conv1d_submission" not in metafunc.fixturenames:
        return
    folder = metafunc.config.getoption("submissions")
    paths = submissions_in(folder) if folder else []
    if not paths:
        metafunc.parametrize("conv1d_submission", [pytest.param(
            None, marks=pytest.mark.skip(reason="no submissions: pass --submissions DIR"))],
            indirect=True)
        return
    metafunc.parametrize("conv1d_submission", paths, indirect=True,
                         ids=[path.stem for path in paths])


@pytest.fixture
def conv1d_submission(request):
    """A `Submission` for each file of `--submissions` (one test each)."""
    config = request.config
    submission = Submission(request.param, config.getoption("exercise"),
                            config.getoption("submission_function"))
    yield submission
    submission.close()
