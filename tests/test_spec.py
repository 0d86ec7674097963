"""ConvSpec: pads, output length, windows, explain and the solver."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from convlab import ConvSpec, ParameterError, ParameterTypeError, ShapeError, conv1d


@pytest.mark.parametrize("spec, length, pads, out", [
    (ConvSpec(2, padding="same"), 5, (0, 1), 5),
    (ConvSpec(4, padding="same"), 5, (1, 2), 5),
    (ConvSpec(3, 2, "same"), 6, (0, 1), 3),
    (ConvSpec(4, 2, "same"), 5, (1, 2), 3),
    (ConvSpec(3, padding="causal", dilation=2), 5, (4, 0), 5),
    (ConvSpec(3, padding="full"), 5, (2, 2), 7),
    (ConvSpec(3, padding=(0, 2)), 5, (0, 2), 5),
    (ConvSpec(5, 1, 0), 40, (0, 0), 36),
    (ConvSpec(1, 4, "same"), 9, (0, 0), 3),
])
def test_pads_and_output_length(spec, length, pads, out):
    """Hand-worked pads and lengths, including Keras 'same' at stride 2."""
    assert spec.pads(length) == pads
    assert spec.output_length(length) == out


@given(length=st.integers(1, 40), k=st.integers(1, 7), s=st.integers(1, 4), d=st.integers(1, 3),
       padding=st.one_of(st.sampled_from(["valid", "same", "causal", "full"]),
                         st.integers(0, 4), st.tuples(st.integers(0, 3), st.integers(0, 3))))
def test_windows_agree_with_the_reference(length, k, s, d, padding):
    """Each window, read off an impulse response, is the span ConvSpec.windows reports."""
    spec = ConvSpec(k, s, padding, d)
    try:
        windows = spec.windows(length)
    except ShapeError:
        return
    assert len(windows) == spec.output_length(length)
    weights = [10.0 ** j for j in range(k)]
    for position in range(length):
        impulse = [0.0] * length
        impulse[position] = 1.0
        out = conv1d(impulse, weights, stride=s, padding=padding, dilation=d)
        for t, window in enumerate(windows):
            expected = weights[window.index(position)] if position in window else 0.0
            assert out[t] == expected


def test_windows_show_padding_positions():
    """Left padding is negative, right padding is >= L."""
    assert ConvSpec(3, padding="full").windows(2) == (range(-2, 1), range(-1, 2), range(0, 3),
                                                      range(1, 4))


def test_explain_substitutes_the_numbers():
    """The formula appears with the learner's own numbers and the result."""
    text = ConvSpec(3, 2, "same").explain(6)
    assert "ceil(6/2) = 3" in text
    assert "floor((6 + 0 + 1 - 3) / 2) + 1" in text and "= 3." in text
    assert "extra zero goes right" in text
    assert "left over" in ConvSpec(2, 2).explain(5)
    assert "K_eff = d*(K-1) + 1 = 2*(3-1) + 1 = 5" in ConvSpec(3, dilation=2).explain(9)
    assert "impossible" in ConvSpec(5).explain(3)


def test_solver_answers_the_blog_reader():
    """17 inputs into 3 outputs: every answer really gives 3, and simple ones come first."""
    found = ConvSpec.solve(17, 3)
    assert found and all(spec.output_length(17) == 3 for spec in found)
    assert found[0] == ConvSpec(15, 1, 0)
    assert ConvSpec(5, 6, 0) in found and ConvSpec(7, 5, 0) in found
    brute = {(k, s, p) for k in range(1, 18) for s in range(1, 18) for p in range(k)
             if 17 + 2 * p >= k and (17 + 2 * p - k) // s + 1 == 3}
    assert {(c.kernel_size, c.stride, c.padding) for c in found} == brute


def test_solver_with_bounds_and_dilation():
    """Bounds limit the search; dilations are searched when asked."""
    found = ConvSpec.solve(17, 3, max_kernel_size=3, max_stride=8, max_padding=0,
                           dilations=(1, 2))
    assert found and all(c.kernel_size <= 3 and c.stride <= 8 and c.padding == 0 for c in found)
    assert any(c.dilation == 2 for c in found)
    assert ConvSpec.solve(3, 10, max_padding=0) == []


@pytest.mark.parametrize("kwargs, error, name", [
    ({"kernel_size": 0}, ParameterError, "kernel_size"),
    ({"kernel_size": 2.5}, ParameterTypeError, "kernel_size"),
    ({"kernel_size": 2, "stride": 0}, ParameterError, "stride"),
    ({"kernel_size": 2, "padding": "middle"}, ParameterError, "padding"),
    ({"kernel_size": 2, "dilation": None}, ParameterTypeError, "dilation"),
])
def test_bad_specs(kwargs, error, name):
    """ConvSpec checks its fields like conv1d does."""
    with pytest.raises(error, match=name):
        ConvSpec(**kwargs)


def test_bad_lengths():
    """Bad lengths, output lengths and dilations raise errors naming the argument."""
    with pytest.raises(ParameterError, match="'length'"):
        ConvSpec(2).output_length(0)
    with pytest.raises(ParameterTypeError, match="'length'"):
        ConvSpec(2).explain("5")
    with pytest.raises(ParameterError, match="'output_length'"):
        ConvSpec.solve(5, 0)
    with pytest.raises(ParameterTypeError, match="'dilations'"):
        ConvSpec.solve(5, 2, dilations=2)


def test_padding_is_normalized():
    """Padding words are lower-cased and lists become (left, right) tuples."""
    assert ConvSpec(2, padding="SAME").padding == "same"
    assert ConvSpec(2, padding=[1, 2]).padding == (1, 2)


def test_solve_answers_a_million_fast_or_refuses_clearly():
    """L = 10^6: bounded searches answer at once; unbounded ones are refused, naming the
    bounds to pass, in well under a second."""
    import time

    started = time.perf_counter()
    found = ConvSpec.solve(10**6, 500_000, max_kernel_size=11, max_padding=5)
    assert (found[0].kernel_size, found[0].stride, found[0].padding) == (1, 2, 0)
    with pytest.raises(ParameterError, match="max_kernel_size= and max_padding="):
        ConvSpec.solve(10**6, 10**6)
    with pytest.raises(ParameterError, match="max_kernel_size= and max_padding="):
        ConvSpec.solve(1000, 10)
    with pytest.raises(ParameterError, match="specs turn 400 into 1, more than 100,000"):
        ConvSpec.solve(400, 1)
    assert time.perf_counter() - started < 1.0


@given(st.integers(1, 12), st.integers(1, 14))
def test_solve_finds_exactly_the_specs_a_full_search_finds(length, outputs):
    """The stride ranges solve computes hold the same specs as trying every stride."""
    from convlab.padding import pad_widths, window_fits

    brute = []
    for dilation in (1, 2):
        for kernel in range(1, length + 1):
            k_eff = dilation * (kernel - 1) + 1
            for padding in range(kernel):
                left, right = pad_widths(padding, length, 1, k_eff)
                if window_fits(length, left, right, k_eff):
                    brute += [(kernel, stride, padding, dilation)
                              for stride in range(1, length + 1)
                              if (length + left + right - k_eff) // stride + 1 == outputs]
    solved = ConvSpec.solve(length, outputs, dilations=(1, 2))
    assert sorted(brute) == sorted((s.kernel_size, s.stride, s.padding, s.dilation)
                                   for s in solved)
