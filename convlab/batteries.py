"""Probe batteries: small, readable inputs that make each mistake show itself.

Each exercise names its battery (convlab.exercises); diagnosis runs it, and exercises without
a hand-made corpus are scored on it.

Digit probes (x = [1, 2, ..., L], w = [1, 10, 100, ...]) spell out which inputs each output
used; lengths around K with and without a remainder expose window-count mistakes; odd and
even kernels, strides 1-3 and every padding kind vary one thing at a time; integer inputs
with fractional weights expose integer buffers; small integer types expose overflow; random
multi-channel values expose layout and grouping mistakes. Every battery is deterministic and
sorted smallest first, so the first failing probe is a minimal counterexample.
"""

from __future__ import annotations

import numpy as np

from convlab.case import Case
from convlab.errors import ConvlabError
from convlab.transposed import transposed_length

__all__ = ["backward", "causal", "conv1d", "dilation", "forward_length", "groups", "integer",
           "multi_channel", "padding_mode", "size_key", "transposed",
           "transposed_output_length", "transposed_padding"]

_PADDING_RANK = {"valid": 0, "causal": 1, "same": 3, "full": 4}


def size_key(case: Case) -> tuple:
    """Order probes simplest first: sizes, with padding, a stride and a dilation each
    counting as extra size (a readable 'valid' probe beats a slightly shorter padded one),
    then kernel, stride, padding kind and dtype."""
    padding = case.padding
    rank = _PADDING_RANK.get(padding, 2) if isinstance(padding, str) else 2
    extra = 2 * (rank > 0) + (case.stride > 1) + (case.dilation > 1)
    return (case.x.size + case.w.size + extra, case.w.size, case.stride, rank, case.dilation,
            case.x.dtype.kind != "i", case.x.dtype.itemsize != 8)


def _digits(length: int, dtype=np.int64) -> np.ndarray:
    return np.arange(1, length + 1, dtype=dtype)


def _taps(kernel_size: int, dtype=np.int64) -> np.ndarray:
    return (10 ** np.arange(kernel_size)).astype(dtype)


def _lengths(span: int, stride: int) -> range:
    """Lengths from one too short for 'valid' up to a few windows, with and without remainder."""
    return range(max(1, span - 1), min(9, span + 2 * stride + 1) + 1)


def _single_channel(paddings=("valid", "same", 1), dilations=(1,), kernels=range(1, 6),
                    strides=(1, 2, 3)) -> list[Case]:
    cases = []
    for kernel_size in kernels:
        for dilation in dilations:
            span = dilation * (kernel_size - 1) + 1
            for stride in strides:
                for padding in paddings:
                    for length in _lengths(span, stride):
                        cases.append(Case(_digits(length), _taps(kernel_size), stride=stride,
                                          padding=padding, dilation=dilation))
    return cases


def _real_valued(x_shape, w_shape) -> list[Case]:
    """Real-valued float64 and float32 inputs at every padding kind and stride, a kernel
    that does not fit among them: what a scoring corpus draws at random."""
    rng = np.random.default_rng(5)
    cases = []
    for stride in (1, 2, 3):
        for padding in ("valid", "same", 1, 3):
            for length, kernel_size in ((6, 3), (7, 4), (2, 5)):
                for dtype in (np.float64, np.float32):
                    if dtype == np.float32 and (stride == 3 or padding in (1, 3)):
                        continue
                    x = (rng.integers(-40, 41, x_shape(length)) / 8).astype(dtype)
                    w = (rng.integers(-40, 41, w_shape(kernel_size)) / 8).astype(dtype)
                    cases.append(Case(x, w, stride=stride, padding=padding))
    return cases


def _value_probes(extra: dict | None = None) -> list[Case]:
    """dtype probes and a few generic real-valued inputs (no false alarms on float32)."""
    extra = extra or {}
    rng = np.random.default_rng(7)
    cases = [
        Case(_digits(3), [0.5, 0.5], **extra),
        Case(_digits(4), [0.5, -0.25], **{"stride": 2, **extra}),
        Case(_digits(5), [0.5, 0.25, 0.125], **extra),
        Case(_digits(5, np.int32), _taps(2, np.int32), **extra),
        Case(_digits(6, np.float32), _taps(3, np.float32), **extra),
        Case(rng.standard_normal(7).astype(np.float32),
             rng.standard_normal(3).astype(np.float32), **extra),
    ]
    for length, kernel_size in ((6, 2), (8, 3), (9, 4)):
        cases.append(Case(rng.standard_normal(length), rng.standard_normal(kernel_size),
                          **extra))
    return cases


def conv1d() -> list[Case]:
    """Digits over every stride, padding kind and length around K; dtype traps; real values."""
    cases = _single_channel()
    cases += [Case(_digits(length), _taps(k), padding=2)
              for k in (2, 3, 4) for length in range(max(1, k - 3), 7)]
    cases += _value_probes()
    cases += _value_probes({"stride": 2, "padding": "same"})[:3]
    cases += [Case(_digits(5), [0.5, 0.25, -0.75], padding=padding, stride=stride)
              for padding in ("same", 1) for stride in (1, 3)]
    return cases + _real_valued(lambda length: length, lambda kernel_size: kernel_size)


_OVERFLOWS = ((np.uint8, [200, 200, 100], [1, 1]),
              (np.uint8, [255, 128, 64, 9], [2, 1, 1]),
              (np.int8, [100, 100, -100], [1, 1]),
              (np.int16, [100, 120, 90, 50], [300, 200]),
              (np.int16, [30000, 20000, 1], [1, 1]))


def _overflow_probes() -> list[Case]:
    """Small integer types near their top: sums that wrap around if kept in that type."""
    return [Case(np.array(x, dtype), np.array(w, dtype), stride=stride)
            for dtype, x, w in _OVERFLOWS for stride in (1, 2)]


def integer() -> list[Case]:
    """Integer data in every width: exact sums expected, no wrap-around."""
    cases = [Case(x.astype(dtype), w.astype(dtype), stride=stride, padding=padding)
             for dtype in (np.int64, np.uint8, np.int16, np.int32, np.int8)
             for x, w in ((_digits(5), _taps(2)), (_digits(6), _taps(3)))
             for stride in (1, 2) for padding in ("valid", "same")]
    return cases + _overflow_probes()


def dilation() -> list[Case]:
    cases = _single_channel(paddings=("valid", "same"), dilations=(1, 2, 3), kernels=(1, 2, 3),
                            strides=(1, 2))
    cases += [Case(_digits(length), _taps(2), dilation=2, padding=1) for length in (2, 3, 4, 5)]
    return cases + _value_probes({"dilation": 2})[:4]


def causal() -> list[Case]:
    cases = [Case(_digits(length), _taps(k), padding="causal", dilation=d)
             for k in (1, 2, 3, 4) for d in (1, 2, 3) for length in range(1, 8)
             if d == 1 or k > 1]
    return cases + _value_probes({"padding": "causal"})[:4]


def padding_mode() -> list[Case]:
    """Every mode at small paddings; sizes the reference refuses (reflect padding >= L,
    circular wrapping twice) are left out: the exercise leaves them open."""
    return [Case(_digits(length), _taps(k), padding=p, padding_mode=mode)
            for mode in ("zeros", "reflect", "replicate", "circular")
            for k in (1, 2, 3) for p in (1, 2, 3) for length in range(2, 7)
            if not (mode == "reflect" and p >= length) and not (mode == "circular"
                                                                 and p > length)]


def multi_channel(kind: str = "channels") -> list[Case]:
    """Random small multi-channel inputs (every shape where axes coincide, a share of the
    rest), kernels that do not fit, and the dtype traps; `kind` is "channels" (C, L),
    "keras" (L, C) or "bias" (channels-first with a bias)."""
    rng = np.random.default_rng(11)
    cases = []
    shapes = [(c_in, c_out, k, length, stride, padding)
              for c_in in (1, 2, 3) for c_out in (1, 2, 3) for k in (1, 2, 3)
              for length in (2, 3, 4, 5) for stride in (1, 2) for padding in ("valid", "same")]
    for c_in, c_out, k, length, stride, padding in shapes:
        if k > length and padding == "valid":
            continue
        # keep every shape where axes coincide (layout mistakes hide there) and a share of
        # the rest, so the battery stays small
        coincide = c_in == length or c_out == k or c_out == length
        if rng.random() > (0.45 if coincide else 0.15):
            continue
        x = rng.integers(1, 10, (c_in, length))
        w = rng.integers(-4, 5, (c_out, c_in, k))
        w[w == 0] = 5
        extra = {}
        if kind == "keras":
            x, w, extra = x.T, w.transpose(2, 1, 0), {"layout": "NLC"}
        if kind == "bias":
            extra = {"bias": 100 * np.arange(1, c_out + 1)}
        cases.append(Case(x, w, stride=stride, padding=padding, **extra))
    if kind == "channels":
        cases.append(Case(np.arange(1, 7).reshape(2, 3), np.ones((1, 2, 2)) / 2))
    return cases + [_laid_out(case, kind) for case in _channel_traps(rng)]


def _channel_traps(rng: np.random.Generator) -> list[Case]:
    """Channels-first cases for the dtype traps (integer input with fractional weights,
    float32 and float64 values), int padding, stride 3, and kernels longer than the input."""
    x = np.arange(1, 9).reshape(2, 4)
    fractional = np.array([[[0.5, 0.25], [-0.75, 0.125]]])
    cases = [Case(x, fractional, stride=stride, padding=padding)
             for stride, padding in ((1, "valid"), (2, "valid"), (1, "same"), (2, "same"))]
    cases += [
        Case(np.arange(1, 11).reshape(2, 5), rng.integers(1, 5, (2, 2, 3)), padding=2),
        Case(np.arange(1, 11).reshape(2, 5), rng.integers(1, 5, (2, 2, 2)), padding=1,
             stride=2),
        Case(np.arange(1, 22).reshape(3, 7), rng.integers(1, 5, (1, 3, 2)), stride=3),
        Case(np.arange(1, 5).reshape(2, 2), np.ones((1, 2, 3), np.int64)),
        Case(np.arange(1, 5).reshape(2, 2), np.ones((1, 2, 3), np.int64), stride=2),
        Case(np.arange(1, 7).reshape(2, 3), np.ones((2, 2, 5), np.int64), padding=1),
    ]
    return cases + _real_valued(lambda length: (2, length), lambda size: (3, 2, size))


def _laid_out(case: Case, kind: str) -> Case:
    """A channels-first case in the battery's own layout (channels-last, or with a bias)."""
    if kind == "keras":
        return Case(case.x.T, case.w.transpose(2, 1, 0), stride=case.stride,
                    padding=case.padding, layout="NLC")
    if kind == "bias":
        return Case(case.x, case.w, stride=case.stride, padding=case.padding,
                    bias=100 * np.arange(1, case.w.shape[0] + 1))
    return case


def groups() -> list[Case]:
    rng = np.random.default_rng(13)
    cases = []
    for c_in, groups, c_out in ((2, 1, 2), (2, 2, 2), (4, 2, 2), (4, 2, 4), (6, 3, 3),
                                (6, 2, 4), (4, 4, 4), (6, 3, 6), (4, 2, 6)):
        for k in (1, 2):
            for length in (3, 4):
                x = rng.integers(1, 10, (c_in, length))
                w = rng.integers(-4, 5, (c_out, c_in // groups, k))
                w[w == 0] = 5
                cases.append(Case(x, w, groups=groups))
    return cases


# --- the backward pass and the transposed convolution ------------------------------------

def forward_length(case: Case) -> int:
    """How many outputs conv1d gives on `case` (ConvSpec.output_length); 0 when no window
    fits."""
    try:
        return case.spec.output_length(case.length)
    except ConvlabError:
        return 0


def transposed_padding(case: Case) -> int:
    """The transposed convolution's padding on `case`: an int (a Case's default 'valid' is
    0, no padding)."""
    return 0 if case.padding == "valid" else case.padding


def transposed_output_length(case: Case) -> int:
    """The transposed convolution's output length on `case` (convlab.transposed's rule; may
    be <= 0: refused)."""
    return transposed_length(case.length, case.kernel_size, case.stride,
                             transposed_padding(case), case.output_padding)


def _gradient(count: int, kind: str, rng: np.random.Generator) -> np.ndarray:
    """An output gradient of `count` values: digits 1, 2, 3, ... (each output's share
    readable in dw), halves (fractions an integer buffer would cut), or random."""
    if kind == "digits":
        return _digits(count)
    if kind == "halves":
        return np.arange(1, count + 1) / 2 + 0.25
    return rng.standard_normal(count)


def backward() -> list[Case]:
    """conv1d's backward pass: digits over every stride, padding kind and length around K
    (dout = 1, 2, 3, ...); integer x or w with fractional gradients (integer buffers);
    float32 and real values."""
    rng = np.random.default_rng(11)
    cases = []
    for kernel_size in range(1, 5):
        for stride in (1, 2, 3):
            for padding in ("valid", "same", 1, 2):
                for length in _lengths(kernel_size, stride):
                    case = Case(_digits(length), _taps(kernel_size), stride=stride,
                                padding=padding)
                    count = forward_length(case)
                    if count:
                        cases.append(case.replace(dout=_gradient(count, "digits", rng)))
    for length, kernel_size, stride, padding in ((3, 2, 1, "valid"), (5, 3, 2, "same"),
                                                 (6, 2, 2, 1), (4, 3, 1, "same")):
        plain = Case(_digits(length), _taps(kernel_size), stride=stride, padding=padding)
        count = forward_length(plain)
        cases.append(plain.replace(w=np.array([0.5, -0.25, 0.75])[:kernel_size],
                                   dout=_gradient(count, "halves", rng)))
        cases.append(plain.replace(dout=_gradient(count, "halves", rng)))
        cases.append(plain.replace(x=_digits(length, np.float32), w=_taps(kernel_size,
                                   np.float32), dout=_gradient(count, "digits", rng)
                                   .astype(np.float32)))
    for length, kernel_size, stride, padding in ((6, 2, 1, "valid"), (8, 3, 2, "same"),
                                                 (9, 4, 3, 1), (7, 3, 2, 2)):
        plain = Case(rng.standard_normal(length), rng.standard_normal(kernel_size),
                     stride=stride, padding=padding)
        cases.append(plain.replace(dout=_gradient(forward_length(plain), "random", rng)))
    # eighths (exact in binary) at every stride and padding kind, with real and integer x
    for stride in (1, 2, 3):
        for padding in ("valid", "same", 1, 2):
            for dtype in (np.float64, np.int64, np.float32):
                x = _digits(6, dtype) if dtype == np.int64 else _eighths(rng, 7).astype(dtype)
                plain = Case(x, _eighths(rng, 3).astype(np.float64 if dtype == np.int64
                                                         else dtype),
                             stride=stride, padding=padding)
                cases.append(plain.replace(dout=_eighths(rng, forward_length(plain))
                                           .astype(plain.w.dtype)))
    return cases


def _eighths(rng: np.random.Generator, count: int) -> np.ndarray:
    """Values in eighths between -5 and 5 (exact in binary), none of them zero."""
    values = rng.integers(1, 41, size=count) / 8
    return values * rng.choice([-1, 1], size=count)


def transposed() -> list[Case]:
    """The transposed convolution: digits over every stride, padding, output_padding and
    length (inputs whose output would be empty are left out: the reference refuses them);
    integer x with fractional weights; float32 and real values."""
    rng = np.random.default_rng(13)
    cases = []
    for kernel_size in range(1, 5):
        for stride in (1, 2, 3):
            for padding in (0, 1, 2):
                for extra in range(stride):
                    for length in range(1, 5):
                        case = Case(_digits(length), _taps(kernel_size), stride=stride,
                                    padding=padding, output_padding=extra)
                        if transposed_output_length(case) > 0:
                            cases.append(case)
    for length, kernel_size, stride, padding, extra in ((3, 2, 1, 0, 0), (3, 3, 2, 1, 1),
                                                        (4, 2, 3, 1, 2), (2, 3, 2, 0, 0)):
        cases.append(Case(_digits(length), np.array([0.5, -0.25, 0.75])[:kernel_size],
                          stride=stride, padding=padding, output_padding=extra))
        cases.append(Case(np.array([0.5, -0.25, 0.75, 1.5])[:length], _taps(kernel_size),
                          stride=stride, padding=padding, output_padding=extra))
        cases.append(Case(_digits(length, np.float32), _taps(kernel_size, np.float32),
                          stride=stride, padding=padding, output_padding=extra))
        cases.append(Case(rng.standard_normal(length + 3), rng.standard_normal(kernel_size),
                          stride=stride, padding=padding, output_padding=extra))
    # eighths (exact in binary) at every stride and padding, with real and integer x
    for stride in (1, 2, 3):
        for padding in (0, 1, 2, 3):
            for dtype in (np.float64, np.int64, np.float32):
                x = _digits(3, dtype) if dtype == np.int64 else _eighths(rng, 4).astype(dtype)
                w = _eighths(rng, 3).astype(np.float64 if dtype == np.int64 else dtype)
                cases.append(Case(x, w, stride=stride, padding=padding,
                                  output_padding=stride - 1))
    return [case for case in cases if transposed_output_length(case) > 0]
