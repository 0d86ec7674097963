"""convlab.running: one record of running a learner's function, and the one runner."""

from __future__ import annotations

import re
import sys
import time
from decimal import Decimal
from fractions import Fraction

import numpy as np
import pytest

from convlab.running import InvalidResult, Outcome, as_numbers, changed_input, run_call


@pytest.mark.parametrize("result, expected", [
    ([1, 2.5], [1.0, 2.5]),
    ((1, 2), [1.0, 2.0]),
    (np.array([1, 2], np.uint8), [1.0, 2.0]),
    (np.array([0.5], np.float32), [0.5]),
    ([Fraction(1, 2), Fraction(3, 4)], [0.5, 0.75]),
    ([Decimal("1.5"), 2], [1.5, 2.0]),
    ([[1, 2], [3, 4]], [[1.0, 2.0], [3.0, 4.0]]),
    ([], []),
])
def test_arrays_of_numbers_of_every_kind_are_accepted(result, expected):
    """Lists, tuples, numpy arrays of any real dtype and exact numbers become float64."""
    array = as_numbers(result)
    assert array.dtype == np.float64 and array.tolist() == expected


@pytest.mark.parametrize("result, words", [
    (None, "return"),
    ("1, 2", "str"),
    ({"out": [1]}, "dict"),
    ({1, 2}, "set"),
    ([1 + 2j], "complex"),
    ([[1, 2], [3]], "not an array of numbers"),
    (["1", "2"], "dtype"),
    ([1, "2"], "not an array of numbers"),
    (np.zeros(200_001), "far more"),
])
def test_what_is_not_an_array_of_numbers_is_refused_with_words(result, words):
    """None, text, dicts, sets, complex numbers, ragged lists and huge results are refused,
    each with a sentence saying what came back."""
    with pytest.raises(InvalidResult, match=words):
        as_numbers(result)


def test_a_call_that_modifies_its_input_is_recorded_with_the_changed_element():
    """The runner compares each array argument with a copy taken before the call."""
    def overwrite(x, w):
        x[2] = 7
        return x

    outcome = run_call(overwrite, (np.arange(4.0), np.ones(2)))
    assert outcome.value is not None and outcome.kind == "mutated"
    assert "x.flat[2] was 2, then 7" in outcome.mutated and not outcome.clean


def test_nan_inputs_left_alone_are_not_reported_as_modified():
    """NaN equals NaN when checking inputs, so a NaN in x is not a change."""
    before = {"x": np.array([np.nan, 1.0])}
    assert changed_input(before, {"x": np.array([np.nan, 1.0])}) is None


def test_errors_exits_timeouts_and_prints_become_outcomes():
    """Exceptions, sys.exit and endless loops are outcomes, and prints are kept, not shown."""
    def raises(x):
        raise IndexError("index 5 is out of bounds")

    def exits(x):
        sys.exit(3)

    def loops(x):
        while True:
            time.sleep(0.01)

    def chatty(x):
        print("hello from the learner")
        return [1.0]

    assert run_call(raises, (np.ones(2),)).error == "IndexError: index 5 is out of bounds"
    assert run_call(exits, (np.ones(2),)).kind == "exit"
    started = time.monotonic()
    timed_out = run_call(loops, (np.ones(2),), seconds=0.2)
    assert timed_out.kind == "timeout" and time.monotonic() - started < 2
    printed = run_call(chatty, (np.ones(2),))
    assert printed.printed.strip() == "hello from the learner" and printed.clean


def test_a_learner_catching_everything_cannot_swallow_the_time_limit():
    """The time limit is a BaseException: `except Exception` in the learner's loop does not
    stop it."""
    def stubborn(x):
        while True:
            try:
                time.sleep(0.01)
            except Exception:  # noqa: BLE001 - the learner's own catch-all
                pass

    assert run_call(stubborn, (np.ones(1),), seconds=0.2).kind == "timeout"


def test_a_quiet_background_thread_leaves_other_threads_prints_alone(capsys):
    """While a diagnosis runs quietly in a background thread, what the main thread prints
    still shows, and the background thread's prints are kept in its own sink."""
    import threading

    from convlab.running import quietly

    caught, started, release = [], threading.Event(), threading.Event()

    def background():
        with quietly() as sink:
            print("from the background")
            started.set()
            release.wait(5)
            caught.append(sink.getvalue())

    worker = threading.Thread(target=background)
    worker.start()
    started.wait(5)
    print("from the main thread")
    release.set()
    worker.join(5)
    shown = capsys.readouterr().out
    assert "from the main thread" in shown and "from the background" not in shown
    assert caught == ["from the background\n"]


def test_several_arrays_come_back_flat_with_their_names_and_shapes():
    """as_parts: (dx, dw) as one float64 array plus (name, shape) of each; Outcome.split
    gives them back; anything but that many arrays of numbers is refused with words."""
    from convlab.running import as_parts

    value, parts = as_parts(([1, 2], np.array([3.5])), ("dx", "dw"))
    assert value.tolist() == [1, 2, 3.5] and parts == (("dx", (2,)), ("dw", (1,)))
    outcome = Outcome(value=value, parts=parts)
    assert {name: array.tolist() for name, array in outcome.split().items()} == {
        "dx": [1, 2], "dw": [3.5]}
    for result, words in ((np.zeros(3), "one ndarray"), (None, "return` missing"),
                          (([1], [2], [3]), "3 values"), (([1], None), "dw: returned None"),
                          (([1], "ab"), "dw: returned a str")):
        with pytest.raises(InvalidResult, match=re.escape(words)):
            as_parts(result, ("dx", "dw"))


def test_run_call_with_parts_records_the_pair_and_the_narrowest_float():
    """run_call(parts=...) keeps the parts; a float32 part sets the result's dtype."""
    outcome = run_call(lambda a: (a * 2, np.float32([1.0])), (np.ones(2),), parts=("dx", "dw"))
    assert outcome.ok and outcome.parts == (("dx", (2,)), ("dw", (1,)))
    assert outcome.dtype == "float32"
    bad = run_call(lambda a: a, (np.ones(2),), parts=("dx", "dw"))
    assert bad.kind == "invalid" and "(dx, dw)" in bad.bad
