"""padding: the kinds, the amounts, the fit check, pad() and source_index() against PyTorch."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from convlab import ConvSpec, ParameterError, ParameterTypeError, ShapeError, conv1d
from convlab.padding import (
    PADDING_KINDS,
    PADDING_MODES,
    check_fits,
    check_padding,
    check_padding_mode,
    pad,
    pads,
    same_padding_total,
    source_index,
    window_fits,
)
from tests.conftest import require_torch

NUMPY_MODES = {"zeros": "constant", "reflect": "reflect", "replicate": "edge",
               "circular": "wrap"}
TORCH_MODES = {"zeros": "constant", "reflect": "reflect", "replicate": "replicate",
               "circular": "circular"}


def largest_pad(mode: str, length: int) -> int:
    """The most padding PyTorch takes on one side in `mode` for an input of `length`."""
    return {"zeros": 6, "reflect": length - 1, "replicate": 6, "circular": length}[mode]


@pytest.mark.parametrize("length, kernel_size, stride, padding, dilation, expected", [
    (5, 2, 1, "same", 1, (0, 1)),
    (5, 4, 1, "same", 1, (1, 2)),
    (6, 3, 2, "same", 1, (0, 1)),
    (9, 1, 4, "same", 1, (0, 0)),
    (5, 3, 1, "causal", 2, (4, 0)),
    (5, 3, 1, "full", 1, (2, 2)),
    (5, 3, 1, "valid", 1, (0, 0)),
    (5, 3, 1, 2, 1, (2, 2)),
    (5, 3, 1, (0, 2), 1, (0, 2)),
])
def test_pads_by_hand(length, kernel_size, stride, padding, dilation, expected):
    """Hand-worked (left, right) pads for every kind, Keras 'same' at stride 2 included."""
    assert pads(length, kernel_size, stride, padding, dilation) == expected
    assert ConvSpec(kernel_size, stride, padding, dilation).pads(length) == expected


@given(length=st.integers(1, 40), kernel_size=st.integers(1, 7), stride=st.integers(1, 4),
       dilation=st.integers(1, 3))
def test_same_gives_ceil_length_over_stride_outputs(length, kernel_size, stride, dilation):
    """'same' pads just enough for ceil(L / s) windows, an odd extra sample on the right."""
    left, right = pads(length, kernel_size, stride, "same", dilation)
    span = dilation * (kernel_size - 1) + 1
    assert left + right == same_padding_total(length, stride, span)
    assert right - left in (0, 1)
    assert (length + left + right - span) // stride + 1 == -(-length // stride)


@pytest.mark.torch
@pytest.mark.filterwarnings("ignore:Using padding='same' with even kernel lengths")
def test_same_matches_torch_at_stride_1():
    """At stride 1 'same' gives PyTorch's own padding='same' output, odd and even kernels."""
    torch = require_torch()
    x = np.arange(1.0, 8.0)
    for kernel_size in (1, 2, 3, 4, 5):
        w = np.arange(1.0, kernel_size + 1.0)
        expected = torch.nn.functional.conv1d(torch.tensor(x)[None, None],
                                              torch.tensor(w)[None, None], padding="same")
        np.testing.assert_allclose(conv1d(x, w, padding="same"), expected[0, 0].numpy())


@pytest.mark.torch
@pytest.mark.parametrize("mode", PADDING_MODES)
@pytest.mark.parametrize("length", [1, 2, 3, 5])
def test_pad_matches_np_pad_and_torch_for_every_mode(mode, length):
    """pad() equals np.pad and torch.nn.functional.pad for every width PyTorch accepts."""
    torch = require_torch()
    x = np.arange(1.0, length + 1.0) * 10
    for left in range(largest_pad(mode, length) + 1):
        for right in range(largest_pad(mode, length) + 1):
            got = pad(x, left, right, mode)
            assert got.tolist() == np.pad(x, (left, right), NUMPY_MODES[mode]).tolist()
            expected = torch.nn.functional.pad(torch.tensor(x)[None, None], (left, right),
                                               mode=TORCH_MODES[mode])
            assert got.tolist() == expected[0, 0].tolist()


@pytest.mark.parametrize("mode", PADDING_MODES)
def test_pad_along_any_axis_keeps_the_dtype(mode):
    """pad() pads one axis of a multi-dimensional array and keeps integer dtypes."""
    x = np.arange(12, dtype=np.int16).reshape(3, 4)
    got = pad(x, 1, 2, mode, axis=0)
    assert got.dtype == np.int16
    assert got.tolist() == np.pad(x, ((1, 2), (0, 0)), NUMPY_MODES[mode]).tolist()
    assert pad(x, 1, 2, mode).tolist() == np.pad(x, ((0, 0), (1, 2)), NUMPY_MODES[mode]).tolist()


@pytest.mark.parametrize("mode", PADDING_MODES)
@given(x=st.lists(st.integers(-99, 99), min_size=1, max_size=9), data=st.data())
def test_source_index_reads_what_np_pad_writes(mode, x, data):
    """Every position of the padded input shows np.pad's value: the sample, or a zero."""
    width = data.draw(st.integers(0, 3 * len(x)))
    padded = np.pad(np.array(x), width, NUMPY_MODES[mode])
    for column, position in enumerate(range(-width, len(x) + width)):
        index = source_index(position, len(x), mode)
        shown = 0 if index is None else x[index]
        assert shown == padded[column]
        assert (index is None) == (mode == "zeros" and not 0 <= position < len(x))


def test_source_index_by_hand():
    """Left of [a, b, c]: reflect b, replicate a, circular c; zeros show no sample."""
    assert [source_index(-1, 3, mode) for mode in PADDING_MODES] == [None, 1, 0, 2]
    assert [source_index(3, 3, mode) for mode in PADDING_MODES] == [None, 1, 2, 0]
    assert source_index(1, 3) == 1


@given(length=st.integers(1, 30), span=st.integers(1, 30), left=st.integers(0, 5),
       right=st.integers(0, 5))
def test_fit_check_agrees_with_the_reference(length, span, left, right):
    """window_fits says when conv1d can run; check_fits raises exactly when it cannot."""
    fits = window_fits(length, left, right, span)
    assert fits == (length + left + right >= span)
    if fits:
        check_fits(length, left, right, span, padding=(left, right))
        conv1d(np.ones(length), np.ones(span), padding=(left, right))
    else:
        with pytest.raises(ShapeError, match="does not fit") as caught:
            check_fits(length, left, right, span, padding=(left, right))
        with pytest.raises(ShapeError) as raised:
            conv1d(np.ones(length), np.ones(span), padding=(left, right))
        assert str(raised.value) == str(caught.value) and caught.value.parameter == "w"


def test_check_padding_canonical_forms():
    """Words are lower-cased, lists become pairs, ints stay ints."""
    assert [check_padding(kind.upper()) for kind in PADDING_KINDS] == list(PADDING_KINDS)
    assert check_padding([1, 2]) == (1, 2) and check_padding(3) == 3


@pytest.mark.parametrize("call, error, name", [
    (lambda: check_padding("middle"), ParameterError, "padding"),
    (lambda: check_padding(-1), ParameterError, "padding"),
    (lambda: check_padding(1.5), ParameterTypeError, "padding"),
    (lambda: check_padding((1, 2, 3)), ParameterError, "padding"),
    (lambda: check_padding_mode("mirror"), ParameterError, "padding_mode"),
    (lambda: pads(0, 3), ParameterError, "length"),
    (lambda: pads(5, 0), ParameterError, "kernel_size"),
    (lambda: pads(5, 3, stride=0), ParameterError, "stride"),
    (lambda: pads(5, 3, dilation=0), ParameterError, "dilation"),
    (lambda: pad([1, 2, 3], -1, 0), ParameterError, "left"),
    (lambda: pad([1, 2, 3], 0, 1.5), ParameterTypeError, "right"),
    (lambda: pad([1, 2, 3], 1, 1, "mirror"), ParameterError, "mode"),
    (lambda: pad([1, 2, 3], 3, 0, "reflect"), ParameterError, "mode"),
    (lambda: pad([1, 2, 3], 0, 4, "circular"), ParameterError, "mode"),
    (lambda: pad([1, 2, 3], 1, 1, axis=1), ParameterError, "axis"),
    (lambda: source_index(0.5, 3), ParameterTypeError, "position"),
    (lambda: source_index(-1, 0, "reflect"), ParameterError, "length"),
])
def test_bad_arguments_name_the_parameter(call, error, name):
    """Each refusal is a convlab error whose `parameter` and message name the argument."""
    with pytest.raises(error, match=f"'{name}'") as caught:
        call()
    assert caught.value.parameter == name


def test_reference_refuses_what_pytorch_refuses():
    """conv1d refuses reflect padding as long as the input, naming 'padding_mode'."""
    with pytest.raises(ParameterError, match="'padding_mode'='reflect'"):
        conv1d([1.0, 2.0], [1.0], padding=2, padding_mode="reflect")
