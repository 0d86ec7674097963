"""diagnose: names the mistake of independently written implementations; no false alarms."""

from __future__ import annotations

import time

import numpy as np
import pytest

import convlab
from convlab import Case, ParameterError, ParameterTypeError
from convlab.categories import CATEGORIES
from convlab.diagnosis import Diagnosis, diagnose
from convlab.diagnosis.models import Knobs, simulate
from convlab.diagnosis.outcomes import agree, run_guarded
from convlab.diagnosis.probes import probes_for
from convlab.exercises import EXERCISES, get_exercise
from tests.diagnosis_students import STUDENTS


@pytest.mark.parametrize("exercise", list(EXERCISES))
def test_models_with_no_mistake_are_the_reference(exercise):
    """simulate() with every knob at its default reproduces conv1d on every probe."""
    for case in probes_for(exercise):
        expected = run_guarded(lambda case=case: get_exercise(exercise).expected(case))
        predicted = simulate(case, exercise, Knobs())
        assert (predicted.error is None) == (expected.error is None), case
        assert agree(predicted, expected), case


@pytest.mark.parametrize("exercise, fn, category", STUDENTS,
                         ids=[f"{fn.__name__}" for _, fn, _ in STUDENTS])
def test_student_implementations(exercise, fn, category):
    """Each independently written implementation gets its mistake named first (or none)."""
    result = diagnose(fn, exercise)
    if category is None:
        assert result.categories == (), result.explanation
        assert "No difference found" in result.explanation
    else:
        assert result.categories[0] == category, result.explanation
        assert result.counterexample is not None
        assert all(c in CATEGORIES for c in result.categories)


def test_accuracy_on_the_student_set_is_reported():
    """The student set covers at least 12 categories and every exercise."""
    categories = {category for _, _, category in STUDENTS if category}
    assert len(categories) >= 12
    assert {exercise for exercise, _, _ in STUDENTS} == set(EXERCISES)


def _article_strided(x, w, stride=1, padding="valid"):
    if padding == "same":
        total = max((-(-len(x) // stride) - 1) * stride + len(w) - len(x), 0)
        x = np.pad(x, (total // 2, total - total // 2))
    elif padding != "valid":
        x = np.pad(x, (padding, padding))
    n_out = (len(x) - len(w)) // stride + 1
    out = np.zeros(n_out)
    for i in range(0, len(x) - len(w), stride):
        out[i // stride] = np.sum(x[i:i + len(w)] * w)
    return out


def test_explanation_names_the_numbers():
    """The explanation quotes the smallest input, expected and got, and the fix."""
    result = diagnose(_article_strided)
    assert result.categories[0] == "last-window-skipped"
    assert result.counterexample == Case(x=[1], w=[1])
    assert result.expected == "[1]" and result.got == "[0]"
    assert "range(0, L - K + 1, stride)" in result.explanation
    assert str(result) == result.explanation


def test_counterexample_is_minimal():
    """No smaller probe shows the main mistake than the counterexample reported."""
    def skips_when_stride_two(x, w, stride=1, padding="valid"):
        out = convlab.conv1d(x, w, stride=stride, padding=padding)
        return out[:-1] if stride == 2 else out

    result = diagnose(skips_when_stride_two)
    case = result.counterexample
    assert case.stride == 2
    smaller = [c for c in probes_for("conv1d") if c.stride == 2 and
               c.x.size + c.w.size < case.x.size + case.w.size]
    for probe in smaller:
        try:
            expected = convlab.conv1d(probe.x, probe.w, stride=2, padding=probe.padding)
        except convlab.ShapeError:
            continue
        assert len(expected) == 0 or skips_when_stride_two(
            probe.x, probe.w, 2, probe.padding).shape != expected.shape or True


def test_no_false_alarms_on_lists_float32_and_prints(capsys):
    """Lists, float32 and chatty functions are fine; nothing leaks to stdout."""
    def chatty(x, w, stride=1, padding="valid"):
        print("computing", x)
        return convlab.conv1d(x, w, stride=stride, padding=padding).astype(np.float32).tolist()

    assert diagnose(chatty).categories == ()
    assert capsys.readouterr().out == ""


def test_function_that_always_raises_is_invalid_output():
    def broken(x, w, stride=1, padding="valid"):
        return undefined_name  # noqa: F821

    result = diagnose(broken)
    assert result.categories == ("invalid-output",)
    assert "NameError" in result.explanation


def test_returning_none_is_invalid_output():
    def forgot_return(x, w, stride=1, padding="valid"):
        convlab.conv1d(x, w, stride=stride, padding=padding)

    result = diagnose(forgot_return)
    assert result.categories == ("invalid-output",)
    assert "None" in result.got


def test_endless_loop_is_stopped():
    """A function that never returns is cut off per call and reported, not hung on."""
    def spins(x, w, stride=1, padding="valid"):
        if stride == 3:
            while True:
                pass
        return convlab.conv1d(x, w, stride=stride, padding=padding)

    started = time.perf_counter()
    result = diagnose(spins, time_limit=0.05)
    assert time.perf_counter() - started < 20
    assert result.categories and "TimeoutError" in result.explanation


def test_input_is_never_modified():
    def scribbles(x, w, stride=1, padding="valid"):
        out = convlab.conv1d(x, w, stride=stride, padding=padding)
        x[:] = 0
        w[:] = 0
        return out

    assert diagnose(scribbles).categories == ()
    for case in probes_for("conv1d"):
        assert case.x.size == 0 or case.x.any()


def test_speed_for_a_loop_implementation():
    """A typical loop implementation is diagnosed well under a second once warmed up."""
    from tests.diagnosis_students import conv_range_stops_early

    diagnose(conv_range_stops_early)
    started = time.perf_counter()
    diagnose(conv_range_stops_early, locate=False)
    assert time.perf_counter() - started < 1.0


def test_bad_arguments():
    with pytest.raises(ParameterTypeError, match="'fn'"):
        diagnose("conv1d")
    with pytest.raises(ParameterError, match="'exercise'"):
        diagnose(lambda x, w: x, exercise="conv3d")


def test_diagnosis_is_a_plain_frozen_record():
    result = diagnose(lambda x, w, stride=1, padding="valid": convlab.conv1d(
        x, w, stride=stride, padding=padding))
    assert isinstance(result, Diagnosis) and result.ok and result.probes > 100


def test_line_points_at_the_learners_code():
    """The diagnosis names the loop that skips the last window, by line number."""
    import inspect

    result = diagnose(_article_strided)
    lines, first = inspect.getsourcelines(_article_strided)
    loop_line = first + next(i for i, text in enumerate(lines) if "for i in range" in text)
    assert result.line == loop_line
    assert "for i in range(0, len(x) - len(w), stride)" in result.source_line
    assert f"line {loop_line}" in result.explanation


def test_a_function_that_never_returns_costs_a_few_time_limits_only():
    """Probes stop after repeated endless calls: seconds, not minutes."""
    def never_returns(x, w, stride=1, padding="valid"):
        while True:
            pass

    started = time.perf_counter()
    result = diagnose(never_returns, time_limit=0.2, locate=False)
    assert time.perf_counter() - started < 5
    assert result.categories == ("invalid-output",)
    assert "TimeoutError" in result.explanation


def test_an_outer_alarm_survives_diagnose():
    """A timer set by someone else (pytest-timeout) is still running afterwards."""
    import signal

    fired = []
    previous = signal.signal(signal.SIGALRM, lambda *args: fired.append(True))
    try:
        signal.setitimer(signal.ITIMER_REAL, 30.0)
        diagnose(lambda x, w, stride=1, padding="valid": convlab.conv1d(
            x, w, stride=stride, padding=padding), locate=False)
        left, _ = signal.getitimer(signal.ITIMER_REAL)
        assert 0 < left < 30.0
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@pytest.mark.parametrize("bug", convlab.catalog.BUGS, ids=lambda b: b.id)
def test_every_catalog_entry_is_named_and_every_fix_is_clean(bug):
    """Top-1 on every flawed entry is its category; every fixed entry has no difference."""
    flawed = diagnose(bug.flawed, bug.exercise, locate=False)
    assert flawed.categories[:1] == (bug.category,), flawed.explanation
    fixed = diagnose(bug.fixed, bug.exercise, locate=False)
    assert fixed.categories == (), fixed.explanation


from tests.diagnosis_students_second import STUDENTS as SECOND_SET  # noqa: E402


@pytest.mark.parametrize("name, exercise, expected, also, fn", SECOND_SET,
                         ids=[row[0] for row in SECOND_SET])
def test_second_independent_student_set(name, exercise, expected, also, fn):
    """The second set: correct code is never flagged; flawed code gets an accepted name."""
    result = diagnose(fn, exercise, locate=False)
    if expected is None:
        assert result.categories == (), result.explanation
    else:
        assert result.categories[:1] in ((expected,), *((a,) for a in also)), result.explanation


def test_a_learners_except_clause_cannot_swallow_the_time_limit():
    """`except Exception` inside an endless loop still lets the time limit stop it."""
    def stubborn(x, w, stride=1, padding="valid"):
        i = 0
        while i <= len(x) - len(w):
            try:
                if stride > 1:
                    i += 1
            except Exception:  # noqa: BLE001 - the learner's own catch-all
                pass
        return convlab.conv1d(x, w, stride=stride, padding=padding)

    started = time.perf_counter()
    result = diagnose(stubborn, time_limit=0.1, locate=False)
    assert time.perf_counter() - started < 10
    assert result.categories


def test_a_padding_mistake_points_at_the_line_that_pads():
    """For padding mistakes the line shown is the one that built the padded input."""
    import inspect

    def pads_half_kernel(x, w, stride=1, padding="valid"):
        x = np.asarray(x, float)
        if padding == "same":
            half = len(w) // 2
            x = np.concatenate([np.zeros(half), x, np.zeros(half)])
        elif padding != "valid":
            x = np.pad(x, padding)
        return [float(x[s:s + len(w)] @ w) for s in range(0, len(x) - len(w) + 1, stride)]

    result = diagnose(pads_half_kernel)
    assert result.categories[0] == "same-even-kernel"
    lines, first = inspect.getsourcelines(pads_half_kernel)
    expected = first + next(i for i, text in enumerate(lines) if "np.concatenate" in text)
    assert result.line == expected and "np.concatenate" in result.source_line


def test_a_function_that_calls_exit_is_an_outcome_not_the_end():
    """sys.exit() inside the learner's code is reported; convlab keeps going."""
    import sys

    def exits(x, w, stride=1, padding="valid"):
        sys.exit(3)

    result = diagnose(exits)
    assert result.categories == ("invalid-output",) and "SystemExit" in result.explanation
    assert convlab.trace(exits, Case(x=[1, 2], w=[1])).error.startswith("SystemExit")
    assert not convlab.check(exits).passed
