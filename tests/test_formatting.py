"""formatting: one way to write numbers and values for every view."""

from __future__ import annotations

import numpy as np

from convlab.formatting import exact, number, shorten, value_text, values_text


def test_number_writes_whole_numbers_without_a_point():
    """Cells show '21', '-0.5', '0.3333', 'nan', and '' for an empty cell."""
    assert [number(v) for v in (21.0, -0.5, 1 / 3, float("nan"), None, np.int64(4))] == \
        ["21", "-0.5", "0.3333", "nan", "", "4"]
    assert number(1e13) == "1e+13"


def test_exact_reads_back_to_the_same_value():
    """Text a learner may copy back into code keeps every digit."""
    for value in (3.0, 0.1, 1 / 3, -2, np.float32(0.5)):
        assert float(exact(value)) == float(value)
    assert exact(3.0) == "3"


def test_values_text_rounds_tidies_and_cuts():
    """Arrays become nested lists of rounded numbers, cut at the limit."""
    assert values_text(np.array([[1.0, 2.5]])) == "[[1, 2.5]]"
    assert len(values_text(np.arange(500.0), limit=50)) == 50


def test_value_text_summarises_arrays_and_shortens():
    """Locals fit one line: arrays summarised, long text cut with an ellipsis."""
    assert value_text(np.arange(3)) == "[0, 1, 2]" and value_text(0.25) == "0.25"
    assert value_text("x" * 100, width=10) == shorten("x" * 100, 10) == "x" * 9 + "…"
