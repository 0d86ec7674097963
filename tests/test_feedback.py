"""Notebook feedback: check() shows, assert_conv1d() asserts silently, check_hunt() grades hunts."""

import time

import numpy as np
import pytest

import convlab
from convlab import catalog
from convlab.feedback import Feedback, assert_conv1d, check, check_hunt


def correct(x, w, stride=1, padding="valid"):
    return convlab.conv1d(np.asarray(x, float), np.asarray(w, float), stride=stride,
                          padding=padding).tolist()


def flipped(x, w, stride=1, padding="valid"):
    return correct(x, np.asarray(w)[::-1], stride, padding)


def test_check_on_correct_code_is_all_green():
    """check() on a correct function passes with full points and no failure marks."""
    feedback = check(correct)
    assert feedback.passed
    assert "16 / 16 points" in str(feedback) and "FAILED" not in str(feedback)
    assert "&#10007;" not in feedback._repr_html_()


def test_check_says_what_is_wrong_and_where_to_look():
    """check() on a flipped kernel names the mistake, the smallest case and a Debugger call."""
    feedback = check(flipped)
    text, page = str(feedback), feedback._repr_html_()
    assert not feedback.passed
    assert "diagnosis: kernel-flipped" in text
    assert "smallest failing case: Case(" in text and "expected:" in text and "got:" in text
    assert "convlab.Debugger(flipped, Case(" in text
    assert "<b>diagnosis</b> <code>kernel-flipped</code>" in page
    assert "Smallest failing case" in page and "Debugger" in page
    assert repr(feedback) == text


def test_check_is_fast():
    """A second check() of a flawed function takes under a second."""
    check(flipped)
    started = time.perf_counter()
    check(flipped)
    assert time.perf_counter() - started < 1.0


def test_assert_conv1d_is_silent_and_returns_none(capsys):
    """assert_conv1d on correct code returns None and lets none of its prints through."""
    def chatty(x, w, stride=1, padding="valid"):
        print("debugging!")
        return correct(x, w, stride, padding)

    assert assert_conv1d(chatty) is None
    assert capsys.readouterr() == ("", "")


def test_assert_conv1d_raises_with_the_counterexample(capsys):
    """assert_conv1d on flawed code raises AssertionError naming the mistake and its case."""
    with pytest.raises(AssertionError, match="kernel-flipped") as raised:
        assert_conv1d(flipped)
    assert "smallest failing case" in str(raised.value)
    assert capsys.readouterr() == ("", "")


def test_the_public_names_are_lazy():
    """convlab.check and convlab.assert_conv1d are the feedback module's functions."""
    assert convlab.check is check and convlab.assert_conv1d is assert_conv1d
    assert isinstance(convlab.check(correct), Feedback)


def test_check_hunt_grades_each_part_given():
    """check_hunt grades case, category and fix separately and never reveals the entry id."""
    bug = catalog.get("article-np-convolve")
    verdict = check_hunt(bug.id, case=bug.counterexample, category=bug.category, fix=bug.fixed)
    assert verdict.passed, str(verdict)
    wrong = check_hunt(bug.id, case={"x": [1, 1, 1], "w": [1, 1]}, category="stride-ignored")
    assert not wrong.counterexample and not wrong.category and wrong.fix is None
    assert "both give" in str(wrong) and "convlab-hunt" in wrong._repr_html_()
    assert wrong.bug_id not in str(wrong) and wrong.bug_id not in wrong._repr_html_()


def test_check_works_on_every_builtin_exercise():
    """Exercises without a hand-made corpus are scored on their probes."""
    import numpy as np

    import convlab

    def causal(x, w, dilation=1):
        span = dilation * (len(w) - 1)
        padded = np.concatenate([np.zeros(span), np.asarray(x, float)])
        return [sum(w[k] * padded[t + k * dilation] for k in range(len(w)))
                for t in range(len(x))]

    def leaky(x, w, dilation=1):
        return causal(list(x[1:]) + [0], w, dilation)

    assert convlab.check(causal, "conv1d-causal").passed
    verdict = convlab.check(leaky, "conv1d-causal")
    assert not verdict.passed and verdict.report.categories


def test_check_stops_an_endless_loop_in_a_notebook():
    """An endless loop fails its tests with a timeout message instead of hanging the cell."""
    import time

    import convlab
    from convlab.grading import grader

    def spins(x, w, stride=1, padding="valid"):
        while True:
            pass

    original = grader.LOCAL_CALL_SECONDS
    grader.LOCAL_CALL_SECONDS = 0.05
    try:
        started = time.perf_counter()
        verdict = convlab.check(spins)
        assert time.perf_counter() - started < 60
    finally:
        grader.LOCAL_CALL_SECONDS = original
    assert not verdict.passed and "timed out" in str(verdict)


def test_patching_numpy_inside_the_function_cannot_reach_the_comparison():
    """A function that patches numpy's comparisons and returns zeros still fails: it runs in
    a forked child, and the comparison happens here."""
    def patches(x, w, stride=1, padding="valid"):
        for name in ("abs", "allclose", "isclose", "array_equal"):
            setattr(np, name, lambda *args, **kwargs: True)
        return [0.0]

    original = np.abs
    feedback = check(patches)
    assert not feedback.passed and feedback.report.score == 0
    assert np.abs is original


@pytest.mark.parametrize("trick", ["sleep", "ignore-alarm"])
def test_sleeps_and_signal_tricks_are_stopped_within_the_stated_time(trick):
    """time.sleep(100), with SIGALRM ignored or not, is stopped by the wall-clock limit: check
    answers within the time it states (a few calls of LOCAL_CALL_SECONDS each)."""
    import signal

    from convlab.grading import grader

    def sleeps(x, w, stride=1, padding="valid"):
        if trick == "ignore-alarm":
            signal.signal(signal.SIGALRM, signal.SIG_IGN)
        time.sleep(100)

    original = grader.LOCAL_CALL_SECONDS
    grader.LOCAL_CALL_SECONDS = 0.2
    try:
        started = time.perf_counter()
        feedback = check(sleeps)
        seconds = time.perf_counter() - started
    finally:
        grader.LOCAL_CALL_SECONDS = original
    assert not feedback.passed and "timed out" in str(feedback)
    assert seconds < 5
    assert signal.getsignal(signal.SIGALRM) is not signal.SIG_IGN


def test_check_hunt_refuses_an_unknown_entry():
    """check_hunt('nope') is an error naming the catalog, never a silent pass."""
    from convlab.catalog import UnknownBugError

    with pytest.raises(UnknownBugError, match="no catalog entry 'nope'"):
        check_hunt("nope")
