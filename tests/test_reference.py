"""The reference conv1d: hand-worked numbers, properties, errors, and parity with PyTorch."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import convlab
from convlab import ConvlabError, ParameterError, ParameterTypeError, ShapeError, conv1d
from tests.conftest import require_torch

X5 = [1, 2, 3, 4, 5]
W2, W3, W4 = [1, 10], [1, 10, 100], [1, 10, 100, 1000]


# --- hand-worked numbers (CONV_SEMANTICS.md and SOURCES.md) -------------------------------

@pytest.mark.parametrize("x, w, kwargs, expected", [
    (X5, W2, {}, [21, 32, 43, 54]),
    (X5, W2, {"padding": "same"}, [21, 32, 43, 54, 5]),
    (X5, W4, {"padding": "same"}, [3210, 4321, 5432, 543, 54]),
    ([1, 2, 3, 4, 5, 6], W3, {"padding": "same", "stride": 2}, [321, 543, 65]),
    ([1, 2, 3, 4, 5, 6], W3, {"padding": 1, "stride": 2}, [210, 432, 654]),
    (X5, W4, {"padding": "same", "stride": 2}, [3210, 5432, 54]),
    (X5, W3, {"padding": "causal"}, [100, 210, 321, 432, 543]),
    (list(range(1, 10)), W3, {"stride": 2, "dilation": 2}, [531, 753, 975]),
    (X5, W2, {"dilation": 3}, [41, 52]),
    (X5, W3, {}, [321, 432, 543]),
    ([1, 2, 3, 4, 5, 6], W3, {"stride": 2}, [321, 543]),
    ([0, 3, 4, 5], [1, 2], {}, [6, 11, 14]),
    (list(range(1, 9)), [0.5, -0.5], {}, [-0.5] * 7),
    (list(range(1, 9)), [0.5, -0.5], {"stride": 2}, [-0.5] * 4),
    ([1, 2, 3], [0.5, 0.5], {}, [1.5, 2.5]),
    ([200, 200], [1, 1], {}, [400]),
    (X5, W2, {"padding": "full"}, [10, 21, 32, 43, 54, 5]),
    (X5, W2, {"padding": (1, 0)}, [10, 21, 32, 43, 54]),
], ids=lambda v: str(v)[:30])
def test_hand_worked_numbers(x, w, kwargs, expected):
    """The numbers written down in the semantics notes and the two source texts."""
    np.testing.assert_array_equal(conv1d(x, w, **kwargs), expected)


def test_blog_channels_example():
    """Keras input (1, 4, 2) with kernel (2, 2, 1) taps [[1, 3], [2, 4]] gives [30, 57, 67]."""
    x = np.array([[[0, 0], [3, 6], [4, 7], [5, 8]]])
    kernel = np.array([[[1], [3]], [[2], [4]]])
    np.testing.assert_array_equal(conv1d(x, kernel, layout="NLC"), [[[30], [57], [67]]])


def test_blog_two_filters_example():
    """Two filters [1, 2] and [3, 4] over [0, 3, 4, 5] give [[6, 12], [11, 25], [14, 32]]."""
    x = np.array([[[0], [3], [4], [5]]])
    kernel = np.array([[[1, 3]], [[2, 4]]])
    np.testing.assert_array_equal(conv1d(x, kernel, layout="NLC")[0],
                                  [[6, 12], [11, 25], [14, 32]])


def test_padding_modes_by_hand():
    """reflect / replicate / circular pad like torch.nn.Conv1d's padding_mode."""
    identity_left = [1, 0, 0]
    assert conv1d(X5, identity_left, padding=(2, 0), padding_mode="reflect").tolist() == \
        [3, 2, 1, 2, 3]
    assert conv1d(X5, identity_left, padding=(2, 0), padding_mode="replicate").tolist() == \
        [1, 1, 1, 2, 3]
    assert conv1d(X5, identity_left, padding=(2, 0), padding_mode="circular").tolist() == \
        [4, 5, 1, 2, 3]


def test_np_convolve_is_the_flipped_kernel():
    """np.convolve computes true convolution: conv1d with the kernel reversed."""
    np.testing.assert_array_equal(np.convolve(X5, W2, "valid"), conv1d(X5, W2[::-1]))


# --- the conv-arithmetic guide's relationships ----------------------------------------

@given(i=st.integers(1, 40), k=st.integers(1, 9), s=st.integers(1, 5), p=st.integers(0, 6),
       d=st.integers(1, 4))
def test_output_length_relationship_15(i, k, s, p, d):
    """Relationship 15 of the guide: o = floor((i + 2p - k - (k-1)(d-1)) / s) + 1."""
    x, w = np.ones(i), np.ones(k)
    expected = (i + 2 * p - k - (k - 1) * (d - 1)) // s + 1
    if expected < 1:
        with pytest.raises(ShapeError):
            conv1d(x, w, stride=s, padding=p, dilation=d)
    else:
        assert conv1d(x, w, stride=s, padding=p, dilation=d).shape == (expected,)


@pytest.mark.parametrize("i, k", [(5, 3), (8, 2), (7, 7), (1, 1), (10, 4)])
def test_guide_relationships_1_to_4(i, k):
    """No padding shrinks by k-1; half padding (odd k) keeps i; full padding grows by k-1."""
    x, w = np.arange(i) + 1.0, np.ones(k)
    assert len(conv1d(x, w)) == i - k + 1
    assert len(conv1d(x, w, padding=k - 1)) == i + k - 1
    assert len(conv1d(x, w, padding="full")) == i + k - 1
    if k % 2:
        assert len(conv1d(x, w, padding=k // 2)) == i


@given(length=st.integers(1, 30), k=st.integers(1, 6), s=st.integers(1, 4),
       d=st.integers(1, 3))
def test_same_and_causal_give_ceil_length(length, k, s, d):
    """Keras 'same' and 'causal' always give ceil(L / stride) outputs."""
    x, w = np.ones(length), np.ones(k)
    expected = -(-length // s)
    assert conv1d(x, w, stride=s, padding="same", dilation=d).shape == (expected,)
    assert conv1d(x, w, stride=s, padding="causal", dilation=d).shape == (expected,)


# --- properties -----------------------------------------------------------------------

small_floats = st.floats(-100, 100, allow_nan=False, width=64)


@given(x=st.lists(small_floats, min_size=1, max_size=20),
       w=st.lists(small_floats, min_size=1, max_size=5), s=st.integers(1, 3))
def test_matches_a_plain_loop(x, w, s):
    """Same padding matches a loop written straight from the definition."""
    k = len(w)
    total = max((-(-len(x) // s) - 1) * s + k - len(x), 0)
    padded = [0.0] * (total // 2) + x + [0.0] * (total - total // 2)
    expected = [sum(padded[t * s + j] * w[j] for j in range(k))
                for t in range((len(padded) - k) // s + 1)]
    np.testing.assert_allclose(conv1d(x, w, stride=s, padding="same"), expected,
                               rtol=1e-12, atol=1e-9)


@given(x=st.lists(small_floats, min_size=3, max_size=20),
       a=small_floats, b=small_floats)
def test_linear_in_x(x, a, b):
    """conv1d(a*x + b*y) = a*conv1d(x) + b*conv1d(y)."""
    w = [0.5, -1.0, 2.0]
    x = np.array(x)
    y = np.cos(np.arange(len(x)))
    np.testing.assert_allclose(conv1d(a * x + b * y, w, padding="same"),
                               a * conv1d(x, w, padding="same") + b * conv1d(y, w, padding="same"),
                               atol=1e-9 * (1 + abs(a) + abs(b)) * (1 + np.abs(x).max()))


def test_dtypes():
    """Integers compute in float64; float32 stays float32; float16 stays float16."""
    assert conv1d(np.arange(5, dtype=np.int8), [1, 2]).dtype == np.float64
    assert conv1d(np.arange(5, dtype=np.uint8), np.array([200, 200], np.uint8)).tolist() == \
        [200.0, 600.0, 1000.0, 1400.0]
    assert conv1d(np.arange(5, dtype=np.float32), np.ones(2, np.float32)).dtype == np.float32
    assert conv1d(np.arange(5, dtype=np.float16), np.ones(2, np.float16)).dtype == np.float16
    assert conv1d([True, False, True], [1, 1]).tolist() == [1.0, 1.0]
    assert conv1d(np.arange(5, dtype=np.float32), np.ones(2)).dtype == np.float64


def test_nan_propagates_only_to_windows_that_read_it():
    """A NaN spoils only the outputs whose window holds it, on the FFT path too."""
    x = np.arange(200.0)
    x[3] = np.nan
    for k in (3, 64):
        out = conv1d(x, np.ones(k))
        reads_the_nan = np.array([t <= 3 < t + k for t in range(len(out))])
        np.testing.assert_array_equal(np.isnan(out), reads_the_nan)


@pytest.mark.parametrize("kwargs", [
    {}, {"padding": "same", "stride": 2}, {"padding": 2, "padding_mode": "reflect"},
    {"padding": 2, "padding_mode": "circular", "bias": np.array([1.0, 2.0])},
])
def test_inputs_are_never_modified(kwargs):
    """x, w and bias come back bit-for-bit unchanged, writeable or not."""
    x = np.arange(12.0).reshape(1, 2, 6)
    w = np.arange(12.0).reshape(2, 2, 3)
    bias = kwargs.pop("bias", None)
    copies = [a.copy() for a in (x, w)] + ([bias.copy()] if bias is not None else [])
    out = conv1d(x, w, bias=bias, **kwargs)
    out += 1
    for original, copy in zip([x, w] + ([bias] if bias is not None else []), copies):
        np.testing.assert_array_equal(original, copy)
    x.setflags(write=False)
    conv1d(x, w, **kwargs)


def test_output_owns_its_memory():
    """Writing to the result never reaches the input (no views of x come back)."""
    x = np.arange(5.0)
    out = conv1d(x, [1.0])
    out[:] = -1
    assert x.tolist() == [0, 1, 2, 3, 4]


@pytest.mark.parametrize("seed", range(300))
def test_one_signal_shortcut_equals_the_general_path(seed):
    """1-D x and w take a short road; it gives bit-for-bit the (1, 1, L) general answer."""
    rng = np.random.default_rng(seed)
    length, kernel_size = int(rng.integers(1, 40)), int(rng.integers(1, 8))
    dtype = [np.float64, np.float32, np.int64, np.uint8, np.bool_][seed % 5]
    x = rng.integers(0, 9, length).astype(dtype) if seed % 5 >= 2 else \
        rng.standard_normal(length).astype(dtype)
    w = rng.integers(0, 9, kernel_size).astype(dtype) if seed % 5 >= 2 else \
        rng.standard_normal(kernel_size).astype(dtype)
    padding = ["valid", "same", "causal", "full", int(rng.integers(0, 4))][seed % 5 - seed % 2]
    stride = int(rng.integers(1, 4))
    try:
        general = conv1d(x[None, None], w[None, None], stride=stride, padding=padding)[0, 0]
    except ShapeError:
        with pytest.raises(ShapeError):
            conv1d(x, w, stride=stride, padding=padding)
        return
    ours = conv1d(x, w, stride=stride, padding=padding)
    assert ours.dtype == general.dtype and ours.flags.c_contiguous and ours.flags.owndata
    np.testing.assert_array_equal(ours, general)


def test_lesson_calls_give_exact_integer_valued_floats():
    """Integer lists come back as float64 holding the exact digit-probe numbers."""
    out = conv1d(np.arange(1, 9), np.array([1, 10]))
    assert out.dtype == np.float64
    assert out.tolist() == [21.0, 32.0, 43.0, 54.0, 65.0, 76.0, 87.0]


# --- errors ---------------------------------------------------------------------------

@pytest.mark.parametrize("call, error, parameter", [
    (lambda: conv1d(X5, W2, stride=0), ParameterError, "stride"),
    (lambda: conv1d(X5, W2, stride=1.5), ParameterTypeError, "stride"),
    (lambda: conv1d(X5, W2, stride=2.0), ParameterTypeError, "stride"),
    (lambda: conv1d(X5, W2, stride=True), ParameterTypeError, "stride"),
    (lambda: conv1d(X5, W2, stride=float("nan")), ParameterTypeError, "stride"),
    (lambda: conv1d(X5, W2, dilation=0), ParameterError, "dilation"),
    (lambda: conv1d(X5, W2, dilation=-1), ParameterError, "dilation"),
    (lambda: conv1d(X5, W2, dilation="2"), ParameterTypeError, "dilation"),
    (lambda: conv1d(X5, W2, padding="sam"), ParameterError, "padding"),
    (lambda: conv1d(X5, W2, padding=-1), ParameterError, "padding"),
    (lambda: conv1d(X5, W2, padding=(1, -1)), ParameterError, "padding"),
    (lambda: conv1d(X5, W2, padding=(1, 2, 3)), ParameterError, "padding"),
    (lambda: conv1d(X5, W2, padding=1.5), ParameterTypeError, "padding"),
    (lambda: conv1d(X5, W2, padding=float("inf")), ParameterTypeError, "padding"),
    (lambda: conv1d(X5, W2, padding=None), ParameterTypeError, "padding"),
    (lambda: conv1d(X5, W2, layout="NHWC"), ParameterError, "layout"),
    (lambda: conv1d(X5, W2, padding_mode="mirror"), ParameterError, "padding_mode"),
    (lambda: conv1d(X5, W2, padding=5, padding_mode="reflect"), ParameterError,
     "padding_mode"),
    (lambda: conv1d(X5, W2, padding=6, padding_mode="circular"), ParameterError,
     "padding_mode"),
    (lambda: conv1d([1, 2], W3), ShapeError, "w"),
    (lambda: conv1d([1, 2, 3], W3, dilation=2), ShapeError, "w"),
    (lambda: conv1d([], W2), ParameterError, "x"),
    (lambda: conv1d(X5, []), ParameterError, "w"),
    (lambda: conv1d(np.zeros((0, 1, 5)), np.zeros((1, 1, 2))), ParameterError, "x"),
    (lambda: conv1d([[1, 2], [3]], W2), ParameterError, "x"),
    (lambda: conv1d(["a", "b"], W2), ParameterTypeError, "x"),
    (lambda: conv1d("12345", W2), ParameterTypeError, "x"),
    (lambda: conv1d(None, W2), ParameterTypeError, "x"),
    (lambda: conv1d(X5, [1j, 2]), ParameterTypeError, "w"),
    (lambda: conv1d(X5, [object(), 1]), ParameterTypeError, "w"),
    (lambda: conv1d(np.ones((1, 1, 1, 5)), np.ones((1, 1, 2))), ShapeError, "x"),
    (lambda: conv1d(np.float64(3.0), W2), ShapeError, "x"),
    (lambda: conv1d(np.ones((2, 5)), W2), ShapeError, "w"),
    (lambda: conv1d(X5, np.ones((1, 1, 2))), ShapeError, "w"),
    (lambda: conv1d(np.ones((1, 1, 5)), np.ones((1, 2, 3))), ShapeError, "w"),
    (lambda: conv1d(np.ones((1, 3, 5)), np.ones((2, 1, 3)), groups=2), ParameterError,
     "groups"),
    (lambda: conv1d(np.ones((1, 4, 5)), np.ones((3, 2, 3)), groups=2), ParameterError,
     "groups"),
    (lambda: conv1d(np.ones((1, 4, 5)), np.ones((2, 2, 3)), groups=0), ParameterError,
     "groups"),
    (lambda: conv1d(np.ones((1, 2, 5)), np.ones((3, 2, 2)), bias=[1, 2]), ShapeError, "bias"),
    (lambda: conv1d(np.ones((1, 2, 5)), np.ones((3, 2, 2)), bias=np.ones((3, 1))), ShapeError,
     "bias"),
    (lambda: conv1d(X5, W2, bias=[[1]]), ShapeError, "bias"),
    (lambda: conv1d(np.ones((1, 5, 2)), np.ones((2, 3, 1)), layout="NLC"), ShapeError, "w"),
])
def test_errors_name_the_parameter(call, error, parameter):
    """Every bad argument raises a ConvlabError subclass whose message names it."""
    with pytest.raises(error) as info:
        call()
    assert isinstance(info.value, ConvlabError)
    assert info.value.parameter == parameter
    message = str(info.value)
    names_it = f"'{parameter}'" in message
    if parameter == "w":  # the kernel is also named in words or by its shape
        names_it = names_it or "kernel" in message or "w of shape" in message
    assert names_it, message


def test_errors_say_what_they_got_and_how_to_fix():
    """Messages quote the value and suggest a fix, in the attrs style."""
    expected = r"'stride' must be an int >= 1 \(got 0 that is a int\)"
    with pytest.raises(ParameterError, match=expected):
        conv1d(X5, W2, stride=0)
    with pytest.raises(ParameterTypeError, match="write 2 instead of 2.0"):
        conv1d(X5, W2, stride=2.0)
    with pytest.raises(ShapeError, match=r"effective size 3 does not fit input of length 2.*"
                                         r"padding='same'"):
        conv1d([1, 2], W3)
    with pytest.raises(ShapeError, match="other layout"):
        conv1d(np.ones((1, 5, 2)), np.ones((1, 2, 3)))


def test_errors_are_builtin_kinds_too():
    """Code catching ValueError / TypeError keeps working."""
    with pytest.raises(ValueError):
        conv1d(X5, W2, stride=0)
    with pytest.raises(TypeError):
        conv1d(X5, W2, stride="1")


# --- parity with PyTorch --------------------------------------------------------------

def _torch_reference(torch, x, w, bias, stride, pads, dilation, groups, padding_mode):
    """PyTorch's answer for explicit (left, right) pads, via F.pad + F.conv1d."""
    import torch.nn.functional as F

    xt, wt = torch.from_numpy(x), torch.from_numpy(w)
    bt = None if bias is None else torch.from_numpy(bias)
    if pads != (0, 0):
        mode = "constant" if padding_mode == "zeros" else padding_mode
        xt = F.pad(xt, pads, mode=mode)
    return F.conv1d(xt, wt, bt, stride=stride, dilation=dilation, groups=groups).numpy()


def _random_configuration(rng):
    groups = int(rng.choice([1, 1, 1, 2, 3]))
    c_in, c_out = groups * int(rng.integers(1, 4)), groups * int(rng.integers(1, 4))
    kernel_size = int(rng.choice([1, 2, 3, 4, 5, 7, 48, 64]))
    dilation, stride = int(rng.integers(1, 4)), int(rng.integers(1, 5))
    length = int(rng.integers(1, 160))
    padding = [
        "valid", "same", "causal", "full", int(rng.integers(0, 5)),
        (int(rng.integers(0, 5)), int(rng.integers(0, 5))),
    ][int(rng.integers(0, 6))]
    return dict(
        groups=groups, c_in=c_in, c_out=c_out, kernel_size=kernel_size, dilation=dilation,
        stride=stride, length=length, padding=padding,
        batch=[None, 1, 2, 3][int(rng.integers(0, 4))],
        dtype=[np.float64, np.float32, np.int64][int(rng.integers(0, 3))],
        padding_mode=str(rng.choice(["zeros", "zeros", "reflect", "replicate", "circular"])),
        layout=str(rng.choice(["NCL", "NLC"])), bias=bool(rng.integers(0, 2)),
    )


@pytest.mark.torch
def test_parity_with_torch_on_2500_random_configurations():
    """conv1d equals torch's conv1d (padding applied explicitly) or both refuse."""
    torch = require_torch()
    torch.set_num_threads(1)
    rng = np.random.default_rng(20261125)
    compared = refused = 0
    for _ in range(2500):
        cfg = _random_configuration(rng)
        shape = (cfg["c_in"], cfg["length"])
        if cfg["batch"] is not None:
            shape = (cfg["batch"], *shape)
        if cfg["dtype"] is np.int64:
            x = rng.integers(-9, 10, shape)
            w = rng.integers(-9, 10, (cfg["c_out"], cfg["c_in"] // cfg["groups"],
                                      cfg["kernel_size"]))
        else:
            x = rng.standard_normal(shape).astype(cfg["dtype"])
            w = rng.standard_normal((cfg["c_out"], cfg["c_in"] // cfg["groups"],
                                     cfg["kernel_size"])).astype(cfg["dtype"])
        bias = rng.standard_normal(cfg["c_out"]).astype(w.dtype) if cfg["bias"] else None
        spec = convlab.ConvSpec(cfg["kernel_size"], cfg["stride"], cfg["padding"],
                                cfg["dilation"])
        pads = spec.pads(cfg["length"])
        x_in, w_in = x, w
        if cfg["layout"] == "NLC":
            x_in, w_in = np.swapaxes(x, -1, -2), w.transpose(2, 1, 0)
        kwargs = dict(stride=cfg["stride"], padding=cfg["padding"], dilation=cfg["dilation"],
                      groups=cfg["groups"], bias=bias, layout=cfg["layout"],
                      padding_mode=cfg["padding_mode"])
        try:
            ours = conv1d(x_in, w_in, **kwargs)
        except ConvlabError:
            ours = None
        as_float = np.float64 if cfg["dtype"] is np.int64 else cfg["dtype"]
        try:
            theirs = _torch_reference(torch, x.astype(as_float), w.astype(as_float),
                                      None if bias is None else bias.astype(as_float),
                                      cfg["stride"], pads, cfg["dilation"], cfg["groups"],
                                      cfg["padding_mode"])
        except RuntimeError:
            theirs = None
        if theirs is None or ours is None:
            assert theirs is None and ours is None, (cfg, ours, theirs)
            refused += 1
            continue
        if cfg["layout"] == "NLC":
            ours = np.swapaxes(ours, -1, -2)
        assert ours.dtype == as_float, cfg
        tolerance = 1e-4 if as_float == np.float32 else 1e-10
        scale = 1 + np.abs(theirs).max(initial=0)
        np.testing.assert_allclose(ours, theirs, rtol=tolerance, atol=tolerance * scale,
                                   err_msg=str(cfg))
        compared += 1
    assert compared > 2000 and refused > 0


@pytest.mark.torch
@pytest.mark.filterwarnings("ignore:Using padding='same' with even kernel:UserWarning")
def test_parity_with_torch_same_padding_stride_1():
    """At stride 1 PyTorch's own padding='same' agrees with the Keras rule."""
    torch = require_torch()
    rng = np.random.default_rng(1)
    for kernel_size in range(1, 9):
        for dilation in (1, 2, 3):
            x = rng.standard_normal((2, 3, 17))
            w = rng.standard_normal((4, 3, kernel_size))
            theirs = torch.nn.functional.conv1d(torch.from_numpy(x), torch.from_numpy(w),
                                                padding="same", dilation=dilation).numpy()
            np.testing.assert_allclose(conv1d(x, w, padding="same", dilation=dilation),
                                       theirs, atol=1e-12)


@pytest.mark.torch
def test_integer_inputs_do_not_wrap_like_torch_uint8():
    """PyTorch wraps uint8 (200 + 200 = 144); convlab computes in float64 and gets 400."""
    torch = require_torch()
    x = np.array([[[200, 200]]], np.uint8)
    w = np.array([[[1, 1]]], np.uint8)
    assert conv1d(x, w).item() == 400.0
    wrapped = torch.nn.functional.conv1d(torch.from_numpy(x), torch.from_numpy(w))
    assert wrapped.dtype == torch.uint8 and wrapped.item() == 144


def test_integer_data_with_a_long_kernel_stays_exact():
    """Integers take the direct sums even where floats would take the FFT."""
    x = np.arange(200) * 10**9
    w = np.arange(60) % 7
    out = conv1d(x, w)
    expected = np.array([int(np.dot(x[t:t + 60], w)) for t in range(141)], dtype=float)
    np.testing.assert_array_equal(out, expected)


@pytest.mark.parametrize("kwargs, parameter", [
    ({"padding": 10**12}, "padding"),
    ({"padding": (0, 10**12)}, "padding"),
    ({"dilation": 10**11, "padding": "same"}, "dilation"),
    ({"dilation": 10**11, "padding": "full"}, "dilation"),
], ids=["int-padding", "pair-padding", "same-dilation", "full-dilation"])
def test_sizes_that_cannot_fit_are_refused_before_allocating(kwargs, parameter):
    """Huge padding or dilation: a ConvlabError naming the parameter, never a MemoryError."""
    with pytest.raises(ParameterError, match=f"'{parameter}' makes") as raised:
        conv1d(np.ones(5), np.ones(2), **kwargs)
    assert raised.value.parameter == parameter


def test_a_huge_input_and_a_masked_array_are_refused():
    """A 10^11-element x is named before it is copied; a mask is never silently dropped."""
    huge = np.broadcast_to(np.ones(1), (10**11,))
    with pytest.raises(ParameterError, match="'x' holds 100,000,000,000 values"):
        conv1d(huge, np.ones(2))
    masked = np.ma.masked_array([1.0, 2.0, 3.0], mask=[0, 1, 0])
    with pytest.raises(ParameterTypeError, match="'x' is a masked array"):
        conv1d(masked, np.ones(2))
    with pytest.raises(ParameterTypeError, match="'w' is a masked array"):
        conv1d(np.ones(3), np.ma.masked_array([1.0], mask=[1]))
