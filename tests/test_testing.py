"""The pytest plugin: an instructor's test runs once per submission file."""

import shutil
from pathlib import Path

from tests.adjoint_sources import BACKWARD_SOURCE

pytest_plugins = ["pytester"]

SUBMISSIONS = Path(__file__).parent / "submissions"

INSTRUCTOR_TESTS = '''
from convlab.testing import assert_diagnosed


def test_student(conv1d_submission):
    assert conv1d_submission([1, 2, 3, 4, 5], [1, 10]).tolist() == [21, 32, 43, 54]
    conv1d_submission.assert_passes()


def test_named(conv1d_submission):
    if conv1d_submission.path.stem == "last_window":
        assert_diagnosed(conv1d_submission, "last-window-skipped")
'''


def run(pytester, monkeypatch, *args):
    """pytest in a subprocess (numpy cannot be imported twice in one process)."""
    monkeypatch.setenv("PYTHONPATH", str(Path(__file__).parent.parent))
    return pytester.runpytest_subprocess("-p", "convlab.testing", "-p", "no:cacheprovider",
                                         *args)


def folder(pytester, *paths: Path) -> Path:
    target = pytester.path / "submissions"
    target.mkdir()
    for path in paths:
        shutil.copy(path, target / path.name)
    return target


def test_one_test_per_submission(pytester, monkeypatch):
    """With --submissions each instructor test runs once per file, with the right outcome."""
    pytester.makepyfile(test_instructor=INSTRUCTOR_TESTS)
    submissions = folder(pytester, SUBMISSIONS / "correct" / "loops_list.py",
                         SUBMISSIONS / "flawed" / "last_window.py",
                         SUBMISSIONS / "hostile" / "returns_str.py")
    result = run(pytester, monkeypatch, "-v", "--submissions", str(submissions))
    result.assert_outcomes(passed=4, failed=2)
    text = result.stdout.str()
    assert "test_student[last_window]" in text and "test_student[returns_str]" in text
    assert "test_named[last_window] PASSED" in text and "returned a str" in text


def test_without_submissions_the_tests_skip(pytester, monkeypatch):
    """Without --submissions the instructor's tests are skipped, not failed."""
    pytester.makepyfile(test_instructor=INSTRUCTOR_TESTS)
    result = run(pytester, monkeypatch)
    result.assert_outcomes(skipped=2)


BACKWARD_TESTS = '''
from convlab.testing import assert_diagnosed


def test_student(conv1d_submission):
    dx, dw = conv1d_submission([1, 1, 1], [0, 3, 4, 5], [1, 2])
    assert dw.tolist() == [7, 12]
    conv1d_submission.assert_passes()


def test_named(conv1d_submission):
    if conv1d_submission.path.stem == "overwritten":
        assert_diagnosed(conv1d_submission, "gradient-overwritten")
'''



def test_the_backward_exercise_calls_the_students_conv1d_backward(pytester, monkeypatch):
    """With --exercise conv1d-backward the fixture calls each file's conv1d_backward (the
    exercise's function name, no --submission-function needed) and gives back (dx, dw)."""
    pytester.makepyfile(test_instructor=BACKWARD_TESTS)
    target = pytester.path / "submissions"
    target.mkdir()
    (target / "right.py").write_text(BACKWARD_SOURCE)
    (target / "overwritten.py").write_text(BACKWARD_SOURCE.replace("dw[k] +=", "dw[k] ="))
    result = run(pytester, monkeypatch, "-v", "--submissions", str(target), "--exercise",
                 "conv1d-backward")
    result.assert_outcomes(passed=3, failed=1)
    text = result.stdout.str()
    assert "test_student[overwritten] FAILED" in text and "test_named[overwritten] PASSED" in text
