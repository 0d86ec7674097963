"""convlab.transposed: conv_transpose1d against PyTorch, as conv1d's adjoint, and at the door."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from convlab import ConvSpec, ParameterError, ParameterTypeError, ShapeError, conv1d
from convlab.transposed import conv_transpose1d, transposed_length
from tests.conftest import require_torch


def _random_configuration(rng: np.random.Generator) -> dict:
    groups = int(rng.integers(1, 4))
    stride, dilation = int(rng.integers(1, 4)), int(rng.integers(1, 3))
    return {
        "batch": int(rng.integers(1, 3)), "groups": groups,
        "c_in": groups * int(rng.integers(1, 3)), "c_out_group": int(rng.integers(1, 3)),
        "length": int(rng.integers(1, 9)), "kernel_size": int(rng.integers(1, 5)),
        "stride": stride, "dilation": dilation, "padding": int(rng.integers(0, 4)),
        "output_padding": int(rng.integers(0, max(stride, dilation))),
        "bias": bool(rng.random() < 0.5), "dtype": str(rng.choice(["float64", "float32"])),
    }


def test_matches_torch_on_2500_random_configurations():
    """Every shape, stride, dilation, padding, output_padding, group count and bias that
    PyTorch computes gives PyTorch's numbers; where no output sample is left, convlab
    refuses clearly."""
    torch = require_torch()
    rng = np.random.default_rng(20261128)
    compared = refused = 0
    for _ in range(2500):
        c = _random_configuration(rng)
        x = rng.standard_normal((c["batch"], c["c_in"], c["length"])).astype(c["dtype"])
        w = rng.standard_normal((c["c_in"], c["c_out_group"], c["kernel_size"])).astype(
            c["dtype"])
        bias = (rng.standard_normal(c["groups"] * c["c_out_group"]).astype(c["dtype"])
                if c["bias"] else None)
        options = {key: c[key] for key in ("stride", "padding", "output_padding", "groups",
                                           "dilation")}
        try:
            expected = torch.nn.functional.conv_transpose1d(
                torch.from_numpy(x), torch.from_numpy(w),
                None if bias is None else torch.from_numpy(bias), **options).numpy()
        except RuntimeError:
            expected = None
        if expected is None or expected.size == 0:
            # no sample to compute (torch refuses it, or, with groups, returns nothing)
            with pytest.raises(ShapeError):
                conv_transpose1d(x, w, bias=bias, **options)
            refused += 1
            continue
        got = conv_transpose1d(x, w, bias=bias, **options)
        assert got.shape == expected.shape and got.dtype == expected.dtype, c
        np.testing.assert_allclose(got, expected, rtol=1e-4 if c["dtype"] == "float32"
                                   else 1e-10, atol=1e-4 if c["dtype"] == "float32" else 1e-10)
        compared += 1
    assert compared >= 2000 and refused > 0


def test_one_dimensional_and_channels_last_inputs_match_torch():
    """(L,) with (K,) and the channels-last layout give PyTorch's result, reshaped."""
    torch = require_torch()
    rng = np.random.default_rng(3)
    x, w = rng.standard_normal(6), rng.standard_normal(3)
    expected = torch.nn.functional.conv_transpose1d(
        torch.from_numpy(x)[None, None], torch.from_numpy(w)[None, None], stride=2,
        padding=1, output_padding=1).numpy()[0, 0]
    np.testing.assert_allclose(conv_transpose1d(x, w, stride=2, padding=1, output_padding=1),
                               expected)
    x3, w3 = rng.standard_normal((2, 3, 5)), rng.standard_normal((3, 4, 2))
    expected = torch.nn.functional.conv_transpose1d(torch.from_numpy(x3), torch.from_numpy(w3),
                                                    stride=3).numpy()
    got = conv_transpose1d(x3.transpose(0, 2, 1), w3.transpose(2, 1, 0), stride=3,
                           layout="NLC")
    np.testing.assert_allclose(got, expected.transpose(0, 2, 1))


def test_hand_worked_numbers():
    """Each input sample scatters the kernel, stride apart; padding crops both ends."""
    np.testing.assert_array_equal(conv_transpose1d([1, 2], [1, 10], stride=2), [1, 10, 2, 20])
    np.testing.assert_array_equal(conv_transpose1d([1, 2], [1, 10], stride=2,
                                                   output_padding=1), [1, 10, 2, 20, 0])
    np.testing.assert_array_equal(conv_transpose1d([1, 2, 3], [1, 1, 1], padding=1), [3, 6, 5])
    assert conv_transpose1d(np.array([1, 2], np.int64), np.array([3], np.int64)).dtype == \
        np.float64


@settings(max_examples=60, deadline=None)
@given(length=st.integers(1, 9), kernel_size=st.integers(1, 4), stride=st.integers(1, 3),
       padding=st.integers(0, 2), dilation=st.integers(1, 2), seed=st.integers(0, 2**16))
def test_it_is_the_adjoint_of_conv1d(length, kernel_size, stride, padding, dilation, seed):
    """<conv1d(x, w), y> = <x, conv_transpose1d(y, w')> with w' the same taps read as
    (C_in, C_out, K): the transposed convolution is conv1d's adjoint."""
    span = dilation * (kernel_size - 1) + 1
    if length + 2 * padding < span:
        return
    rng = np.random.default_rng(seed)
    x = rng.standard_normal((2, length))
    w = rng.standard_normal((3, 2, kernel_size))  # (C_out, C_in, K) for conv1d
    y_shape = conv1d(x, w, stride=stride, padding=padding, dilation=dilation).shape
    y = rng.standard_normal(y_shape)
    forward = np.sum(conv1d(x, w, stride=stride, padding=padding, dilation=dilation) * y)
    extra = length - transposed_length(y_shape[1], kernel_size, stride, padding, 0, dilation)
    back = conv_transpose1d(y, w, stride=stride, padding=padding, dilation=dilation,
                            output_padding=extra)
    assert back.shape == x.shape
    assert np.isclose(forward, np.sum(x * back))


def test_inputs_are_never_modified():
    """x, w and bias are read, never written."""
    x, w, bias = np.arange(6.0).reshape(2, 3), np.ones((2, 1, 2)), np.array([1.0])
    before = [a.copy() for a in (x, w, bias)]
    conv_transpose1d(x, w, stride=2, bias=bias)
    assert all(np.array_equal(a, b) for a, b in zip((x, w, bias), before))


@pytest.mark.parametrize("keywords, error, parameter", [
    ({"output_padding": 2, "stride": 2}, ParameterError, "output_padding"),
    ({"output_padding": -1}, ParameterError, "output_padding"),
    ({"padding": "same"}, ParameterTypeError, "padding"),
    ({"padding": 5}, ShapeError, "padding"),
    ({"stride": 0}, ParameterError, "stride"),
    ({"groups": 3}, ParameterError, "groups"),
    ({"bias": [1.0, 2.0, 3.0]}, ShapeError, "bias"),
    ({"layout": "LNC"}, ParameterError, "layout"),
])
def test_bad_arguments_name_the_parameter(keywords, error, parameter):
    """Every bad argument raises a convlab error that names it."""
    with pytest.raises(error) as raised:
        conv_transpose1d(np.ones((2, 3)), np.ones((2, 1, 2)), **keywords)
    assert raised.value.parameter == parameter and parameter in str(raised.value)


def test_weight_channels_must_match_the_input():
    """A weight whose first axis is not C_in says which layout it expects."""
    with pytest.raises(ShapeError, match=r"\(C_in, C_out/groups, K\)") as raised:
        conv_transpose1d(np.ones((2, 3)), np.ones((3, 2, 2)))
    assert raised.value.parameter == "w"


def test_convspec_explains_the_transposed_length_with_the_users_numbers():
    """ConvSpec.explain_transposed substitutes L, K, s, p and output_padding, and says how
    conv1d maps the length back."""
    text = ConvSpec(3, stride=2, padding=1).explain_transposed(4, output_padding=1)
    assert "(4 - 1)*2 - 2*1 + 1*(3 - 1) + 1 + 1 = 8" in text
    assert "turns 8 inputs back into floor((8 + 2*1 - 3) / 2) + 1 = 4 outputs" in text
    assert conv_transpose1d(np.ones(4), np.ones(3), stride=2, padding=1,
                            output_padding=1).shape == (8,)
    with pytest.raises(ParameterError, match="output_padding"):
        ConvSpec(3, stride=2).explain_transposed(4, output_padding=2)
    with pytest.raises(ParameterError, match="int padding"):
        ConvSpec(3, padding="same").explain_transposed(4)
    assert "- 2*0 +" in ConvSpec(2).explain_transposed(3)
