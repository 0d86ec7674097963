"""convlab.cropping: finding the learner's variable a returned array was cut out of."""

from __future__ import annotations

import numpy as np

from convlab import Case, trace
from convlab.cropping import returned_parts, same_values


def _backward(dout, x, w, stride=1, padding="valid"):
    pad = padding if isinstance(padding, int) else 0
    dx_padded = np.zeros(len(x) + 2 * pad)
    dw = np.zeros(len(w))
    for t in range(len(dout)):
        for k in range(len(w)):
            dx_padded[t * stride + k] += dout[t] * w[k]
    return np.array(dx_padded[pad:pad + len(x)]), dw


def test_the_return_statement_names_each_array_and_its_crop():
    """`return np.array(dx_padded[pad:pad + len(x)]), dw` gives dx_padded with a compiled
    start (pad) and dw with none; a return of the wrong size gives nothing."""
    parts = returned_parts(_backward, 2)
    assert [name for name, _ in parts] == ["dx_padded", "dw"]
    start = parts[0][1]
    assert eval(start, {}, {"pad": 3}) == 3 and parts[1][1] is None  # noqa: S307
    assert returned_parts(_backward, 3) is None


def test_same_values_compares_exactly_with_nan():
    """Equal shapes and values (NaN equal to NaN); anything else, or a non-number, is not."""
    assert same_values([1.0, float("nan")], np.array([1.0, np.nan]))
    assert not same_values([1.0, 2.0], np.array([1.0, 2.5]))
    assert not same_values([1.0], np.array([1.0, 2.0])) and not same_values("ab", np.ones(2))


def test_a_run_cut_short_is_matched_through_its_return_names():
    """A backward pass that raises before returning still has its writes into the padded
    buffer credited to dx, shifted by the crop's start."""
    def raises_late(dout, x, w, stride=1, padding="valid"):
        dx_padded = np.zeros(len(x) + 2)
        dw = np.zeros(len(w))
        for t in range(len(dout)):
            dx_padded[t + 1] += dout[t] * w[0]
        raise ValueError("not finished")
        return dx_padded[1:1 + len(x)], dw

    result = trace(raises_late, Case(x=[1, 2], w=[1], dout=[1, 1]), "conv1d-backward")
    assert result.error is not None and "not finished" in result.error
    written = [index for step in result.steps for index, _ in step.writes]
    assert ("dx", 0) in written and ("dx", 1) in written
