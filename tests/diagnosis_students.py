"""Independently written learner implementations, each with the mistake it should be named for.

Written the ways learners write them — lists and appends, while loops, index arithmetic,
helper functions, numpy tricks — with names and shapes that have nothing to do with the
catalog. Each function's expected category is recorded by the @expect decorator (None means
correct: diagnosis must find no difference).
"""

from __future__ import annotations

import math

import numpy as np
from numpy.lib.stride_tricks import as_strided, sliding_window_view

STUDENTS: list[tuple[str, object, str | None]] = []


def expect(category: str | None, exercise: str = "conv1d"):
    def register(fn):
        STUDENTS.append((exercise, fn, category))
        return fn
    return register


def keras_same(n: int, k: int, s: int) -> tuple[int, int]:
    total = max((math.ceil(n / s) - 1) * s + k - n, 0)
    return total // 2, total - total // 2


def pad_amounts(padding, n, k, s):
    if padding == "valid":
        return 0, 0
    if padding == "same":
        return keras_same(n, k, s)
    return padding, padding


# --- correct ------------------------------------------------------------------------------

@expect(None)
def conv_appending(x, w, stride=1, padding="valid"):
    left, right = pad_amounts(padding, len(x), len(w), stride)
    padded = [0.0] * left + [float(v) for v in x] + [0.0] * right
    result = []
    start = 0
    while start + len(w) <= len(padded):
        result.append(sum(padded[start + j] * w[j] for j in range(len(w))))
        start += stride
    return result


@expect(None)
def conv_windows(signal, kernel, stride=1, padding="valid"):
    signal = np.asarray(signal, dtype=float)
    left, right = pad_amounts(padding, len(signal), len(kernel), stride)
    windows = sliding_window_view(np.pad(signal, (left, right)), len(kernel))[::stride]
    return windows @ np.asarray(kernel, dtype=float)


@expect(None)
def conv_numpy_correlate(x, w, stride=1, padding="valid"):
    left, right = pad_amounts(padding, len(x), len(w), stride)
    xp = np.concatenate([np.zeros(left), np.asarray(x, float), np.zeros(right)])
    if len(w) > len(xp):
        raise ValueError("kernel longer than the padded input")
    return np.correlate(xp, np.asarray(w, float), mode="valid")[::stride]


@expect(None)
def conv_toeplitz(x, w, stride=1, padding="valid"):
    x = np.asarray(x, np.float32)
    w = np.asarray(w, np.float32)
    left, right = pad_amounts(padding, len(x), len(w), stride)
    xp = np.pad(x, (left, right))
    n_out = (len(xp) - len(w)) // stride + 1
    matrix = np.zeros((n_out, len(xp)), np.float32)
    for row in range(n_out):
        matrix[row, row * stride:row * stride + len(w)] = w
    return matrix @ xp


@expect(None)
def conv_indices(x, w, stride=1, padding="valid"):
    n, k = len(x), len(w)
    left, right = pad_amounts(padding, n, k, stride)
    count = (n + left + right - k) // stride + 1
    out = np.zeros(max(count, 0))
    for t in range(count):
        for j in range(k):
            position = t * stride + j - left
            if 0 <= position < n:
                out[t] += float(x[position]) * float(w[j])
    return out


# --- last-window-skipped -------------------------------------------------------------------

@expect("last-window-skipped")
def conv_range_stops_early(x, w, stride=1, padding="valid"):
    left, right = pad_amounts(padding, len(x), len(w), stride)
    xs = np.pad(np.asarray(x, float), (left, right))
    return np.array([xs[i:i + len(w)] @ w for i in range(0, len(xs) - len(w), stride)])


@expect("last-window-skipped")
def conv_while_strict(x, w, stride=1, padding="valid"):
    left, right = pad_amounts(padding, len(x), len(w), stride)
    data = [0.0] * left + [float(v) for v in x] + [0.0] * right
    outputs, i = [], 0
    while i + len(w) < len(data):
        outputs.append(sum(a * b for a, b in zip(data[i:i + len(w)], w)))
        i += stride
    return outputs


@expect("last-window-skipped")
def conv_short_buffer(x, w, stride=1, padding="valid"):
    left, right = pad_amounts(padding, len(x), len(w), stride)
    xp = np.pad(np.asarray(x, float), (left, right))
    size = (len(xp) - len(w)) // stride
    y = np.zeros(size)
    for t in range(size):
        y[t] = np.dot(xp[t * stride:t * stride + len(w)], w)
    return y


# --- extra-window ---------------------------------------------------------------------------

@expect("extra-window")
def conv_ceil_count(x, w, stride=1, padding="valid"):
    left, right = pad_amounts(padding, len(x), len(w), stride)
    xp = np.pad(np.asarray(x, float), (left, right + len(w)))
    count = math.ceil((len(x) + left + right - len(w)) / stride) + 1
    return [float(xp[t * stride:t * stride + len(w)] @ w) for t in range(count)]


@expect("extra-window")
def conv_one_more(x, w, stride=1, padding="valid"):
    left, right = pad_amounts(padding, len(x), len(w), stride)
    xp = list(np.pad(np.asarray(x, float), (left, right)))
    out = []
    for start in range(0, len(xp) - len(w) + 2, stride):
        window = xp[start:start + len(w)]
        out.append(sum(v * w[j] for j, v in enumerate(window)))
    return out


# --- stride-ignored -------------------------------------------------------------------------

@expect("stride-ignored")
def conv_no_stride(x, w, stride=1, padding="valid"):
    left, right = pad_amounts(padding, len(x), len(w), stride)
    xp = np.pad(np.asarray(x, float), (left, right))
    count = (len(xp) - len(w)) // stride + 1
    return np.array([xp[t:t + len(w)] @ w for t in range(count)])


@expect("stride-ignored")
def conv_every_position(x, w, stride=1, padding="valid"):
    left, right = pad_amounts(padding, len(x), len(w), stride)
    xp = np.pad(np.asarray(x, float), (left, right))
    return np.convolve(xp, np.asarray(w, float)[::-1], "valid")


# --- kernel-flipped -------------------------------------------------------------------------

@expect("kernel-flipped")
def conv_true_convolution(x, w, stride=1, padding="valid"):
    left, right = pad_amounts(padding, len(x), len(w), stride)
    xp = np.pad(np.asarray(x, float), (left, right))
    k = len(w)
    out = []
    for t in range(0, len(xp) - k + 1, stride):
        out.append(sum(xp[t + j] * w[k - 1 - j] for j in range(k)))
    return out


@expect("kernel-flipped")
def conv_uses_convolve(x, w, stride=1, padding="valid"):
    left, right = pad_amounts(padding, len(x), len(w), stride)
    xp = np.pad(np.asarray(x, float), (left, right))
    if len(w) > len(xp):
        raise ValueError("kernel too long")
    return np.convolve(xp, w, mode="valid")[::stride]


# --- missing-padding ------------------------------------------------------------------------

@expect("missing-padding")
def conv_ignores_padding(x, w, stride=1, padding="valid"):
    x = np.asarray(x, float)
    return np.array([x[s:s + len(w)] @ w for s in range(0, len(x) - len(w) + 1, stride)])


@expect("missing-padding")
def conv_only_valid(x, w, stride=1, padding="valid"):
    if padding != "valid":
        raise NotImplementedError("padding is not supported yet")
    x = np.asarray(x, float)
    return np.array([x[s:s + len(w)] @ w for s in range(0, len(x) - len(w) + 1, stride)])


# --- same-even-kernel -----------------------------------------------------------------------

@expect("same-even-kernel")
def conv_half_kernel_both_sides(x, w, stride=1, padding="valid"):
    if padding == "same":
        pad = len(w) // 2
        left = right = pad
    elif padding == "valid":
        left = right = 0
    else:
        left = right = padding
    xp = np.pad(np.asarray(x, float), (left, right))
    return np.array([xp[s:s + len(w)] @ w for s in range(0, len(xp) - len(w) + 1, stride)])


# --- padding-side ---------------------------------------------------------------------------

@expect("padding-side")
def conv_extra_zero_left(x, w, stride=1, padding="valid"):
    n, k = len(x), len(w)
    if padding == "same":
        total = max((-(-n // stride) - 1) * stride + k - n, 0)
        right = total // 2
        left = total - right
    else:
        left = right = 0 if padding == "valid" else padding
    xp = np.pad(np.asarray(x, float), (left, right))
    return [float(xp[s:s + k] @ w) for s in range(0, len(xp) - k + 1, stride)]


@expect("padding-side")
def conv_numpy_same(x, w, stride=1, padding="valid"):
    x = np.asarray(x, float)
    if padding == "same" and stride == 1:
        return np.correlate(x, w, mode="same") if len(x) >= len(w) else \
            np.correlate(np.pad(x, (0, len(w) - len(x))), w, mode="same")[:len(x)]
    left, right = pad_amounts(padding, len(x), len(w), stride)
    xp = np.pad(x, (left, right))
    return np.array([xp[s:s + len(w)] @ w for s in range(0, len(xp) - len(w) + 1, stride)])


# --- same-stride ----------------------------------------------------------------------------

@expect("same-stride")
def conv_same_ignores_stride(x, w, stride=1, padding="valid"):
    k = len(w)
    if padding == "same":
        left, right = (k - 1) // 2, k - 1 - (k - 1) // 2
    else:
        left = right = 0 if padding == "valid" else padding
    xp = np.pad(np.asarray(x, float), (left, right))
    return np.array([xp[s:s + k] @ w for s in range(0, len(xp) - k + 1, stride)])


@expect("same-stride")
def conv_same_floor_length(x, w, stride=1, padding="valid"):
    n, k = len(x), len(w)
    left, right = pad_amounts(padding, n, k, stride)
    xp = np.pad(np.asarray(x, float), (left, right))
    count = n // stride if padding == "same" else (len(xp) - k) // stride + 1
    return np.array([xp[t * stride:t * stride + k] @ w for t in range(count)])


# --- dtype-truncation and integer-overflow -------------------------------------------------

@expect("dtype-truncation")
def conv_like_input(x, w, stride=1, padding="valid"):
    left, right = pad_amounts(padding, len(x), len(w), stride)
    xp = np.pad(x, (left, right))
    count = (len(xp) - len(w)) // stride + 1
    out = np.empty_like(xp, shape=(max(count, 0),))
    for t in range(count):
        out[t] = np.dot(xp[t * stride:t * stride + len(w)], w)
    return out


@expect("integer-overflow", "conv1d-int")
def conv_native_ints(x, w, stride=1, padding="valid"):
    left, right = pad_amounts(padding, len(x), len(w), stride)
    xp = np.pad(x, (left, right))
    out = []
    for t in range(0, len(xp) - len(w) + 1, stride):
        acc = xp[t] * w[0]
        for j in range(1, len(w)):
            acc = acc + xp[t + j] * w[j]
        out.append(acc)
    return np.array(out, dtype=float)


# --- wrap-around ----------------------------------------------------------------------------

@expect("wrap-around")
def conv_negative_indices(x, w, stride=1, padding="valid"):
    n, k = len(x), len(w)
    left, right = pad_amounts(padding, n, k, stride)
    out = []
    for t in range(0, n + left + right - k + 1, stride):
        total = 0.0
        for j in range(k):
            index = t + j - left
            if index < n:
                total += x[index] * w[j]
        out.append(total)
    return out


# --- kernel-too-long-silent -----------------------------------------------------------------

@expect("kernel-too-long-silent")
def conv_correlate_unchecked(x, w, stride=1, padding="valid"):
    left, right = pad_amounts(padding, len(x), len(w), stride)
    xp = np.pad(np.asarray(x, float), (left, right))
    return np.correlate(xp, np.asarray(w, float), "valid")[::stride]


# --- strides-bytes --------------------------------------------------------------------------

@expect("kernel-too-long-silent", "conv1d-strict")
def conv_silent_when_too_long(x, w, stride=1, padding="valid"):
    left, right = pad_amounts(padding, len(x), len(w), stride)
    xp = np.pad(np.asarray(x, float), (left, right))
    return [float(xp[s:s + len(w)] @ w) for s in range(0, len(xp) - len(w) + 1, stride)]


@expect(None, "conv1d-strict")
def conv_refuses_when_too_long(x, w, stride=1, padding="valid"):
    left, right = pad_amounts(padding, len(x), len(w), stride)
    xp = np.pad(np.asarray(x, float), (left, right))
    if len(w) > len(xp):
        raise ValueError(f"kernel of {len(w)} taps does not fit {len(xp)} samples")
    return [float(xp[s:s + len(w)] @ w) for s in range(0, len(xp) - len(w) + 1, stride)]


@expect("strides-bytes")
def conv_as_strided(x, w, stride=1, padding="valid"):
    left, right = pad_amounts(padding, len(x), len(w), stride)
    xp = np.pad(np.asarray(x), (left, right))
    count = (len(xp) - len(w)) // stride + 1
    if count < 1:
        raise ValueError("kernel does not fit")
    windows = as_strided(xp, shape=(count, len(w)), strides=(8 * stride, 8))
    return windows.astype(float) @ np.asarray(w, float)


# --- other exercises ------------------------------------------------------------------------

@expect("integer-overflow", "conv1d-int")
def conv_dot_in_dtype(x, w, stride=1, padding="valid"):
    left, right = pad_amounts(padding, len(x), len(w), stride)
    xp = np.pad(x, (left, right))
    return [float(np.dot(xp[s:s + len(w)], w)) for s in range(0, len(xp) - len(w) + 1, stride)]


@expect(None, "conv1d-int")
def conv_int_safe(x, w, stride=1, padding="valid"):
    left, right = pad_amounts(padding, len(x), len(w), stride)
    xp = np.pad(np.asarray(x, dtype=np.int64), (left, right))
    weights = np.asarray(w, dtype=np.int64)
    return [int(xp[s:s + len(w)] @ weights) for s in range(0, len(xp) - len(w) + 1, stride)]


@expect(None, "conv1d-causal")
def causal_ok(x, w, dilation=1):
    k = len(w)
    xp = np.concatenate([np.zeros(dilation * (k - 1)), np.asarray(x, float)])
    return [sum(w[j] * xp[t + j * dilation] for j in range(k)) for t in range(len(x))]


@expect("causal-leak", "conv1d-causal")
def causal_centered(x, w, dilation=1):
    k = len(w)
    span = dilation * (k - 1)
    xp = np.pad(np.asarray(x, float), (span // 2, span - span // 2))
    return [sum(w[j] * xp[t + j * dilation] for j in range(k)) for t in range(len(x))]


@expect("dilation", "conv1d-causal")
def causal_forgets_dilation_in_pad(x, w, dilation=1):
    k = len(w)
    xp = np.concatenate([np.zeros(k - 1), np.asarray(x, float)])
    out = []
    t = 0
    while t + (k - 1) * dilation < len(xp):
        out.append(sum(w[j] * xp[t + j * dilation] for j in range(k)))
        t += 1
    return out


@expect("kernel-flipped", "conv1d-causal")
def causal_textbook_sum(x, w, dilation=1):
    out = []
    for t in range(len(x)):
        acc = 0.0
        for j in range(len(w)):
            if t - j * dilation >= 0:
                acc += w[j] * x[t - j * dilation]
        out.append(acc)
    return out


@expect(None, "conv1d-dilation")
def dilated_ok(x, w, stride=1, padding="valid", dilation=1):
    span = dilation * (len(w) - 1) + 1
    left, right = pad_amounts(padding, len(x), span, stride)
    xp = np.pad(np.asarray(x, float), (left, right))
    taps = np.arange(len(w)) * dilation
    return [float(xp[s + taps] @ w) for s in range(0, len(xp) - span + 1, stride)]


@expect("dilation", "conv1d-dilation")
def dilated_span_wrong(x, w, stride=1, padding="valid", dilation=1):
    span = len(w) * dilation - 1
    left, right = pad_amounts(padding, len(x), span, stride)
    xp = np.pad(np.asarray(x, float), (left, right + span))
    taps = np.arange(len(w)) * dilation
    count = (len(x) + left + right - span) // stride + 1
    return [float(xp[t * stride + taps] @ w) for t in range(count)]


@expect(None, "conv1d-channels")
def channels_ok(x, w, stride=1, padding="valid"):
    c_out, c_in, k = w.shape
    left, right = pad_amounts(padding, x.shape[1], k, stride)
    xp = np.pad(x.astype(float), ((0, 0), (left, right)))
    n = (xp.shape[1] - k) // stride + 1
    out = np.zeros((c_out, n))
    for o in range(c_out):
        for t in range(n):
            out[o, t] = np.sum(w[o] * xp[:, t * stride:t * stride + k])
    return out


@expect("layout-swapped", "conv1d-channels")
def channels_time_major(x, w, stride=1, padding="valid"):
    length, channels = x.shape
    c_out, _, k = w.shape
    left, right = pad_amounts(padding, length, k, stride)
    xp = np.pad(x.astype(float), ((left, right), (0, 0)))
    n = (xp.shape[0] - k) // stride + 1
    out = np.zeros((c_out, n))
    for o in range(c_out):
        for t in range(n):
            for c in range(channels):
                for j in range(k):
                    out[o, t] += w[o, c, j] * xp[t * stride + j, c]
    return out


@expect("channels-not-summed", "conv1d-channels")
def channels_reset_per_channel(x, w, stride=1, padding="valid"):
    c_out, c_in, k = w.shape
    left, right = pad_amounts(padding, x.shape[1], k, stride)
    xp = np.pad(x.astype(float), ((0, 0), (left, right)))
    n = (xp.shape[1] - k) // stride + 1
    out = np.zeros((c_out, n))
    for o in range(c_out):
        for t in range(n):
            for c in range(c_in):
                acc = 0.0
                for j in range(k):
                    acc += w[o, c, j] * xp[c, t * stride + j]
            out[o, t] = acc
    return out


@expect("bias-broadcast", "conv1d-bias")
def bias_in_tap_loop(x, w, b, stride=1, padding="valid"):
    c_out, c_in, k = w.shape
    left, right = pad_amounts(padding, x.shape[1], k, stride)
    xp = np.pad(x.astype(float), ((0, 0), (left, right)))
    n = (xp.shape[1] - k) // stride + 1
    out = np.zeros((c_out, n))
    for o in range(c_out):
        for t in range(n):
            for j in range(k):
                out[o, t] += np.dot(w[o, :, j], xp[:, t * stride + j]) + b[o]
    return out


@expect(None, "conv1d-bias")
def bias_ok(x, w, b, stride=1, padding="valid"):
    return channels_ok(x, w, stride, padding) + np.asarray(b, float)[:, None]


@expect("groups-interleaved", "conv1d-groups")
def groups_strided_slices(x, w, groups=1):
    c_out, per_group, k = w.shape
    outs_per_group = c_out // groups
    n = x.shape[1] - k + 1
    out = np.zeros((c_out, n))
    for g in range(groups):
        xg = x[g::groups].astype(float)
        for o in range(outs_per_group):
            weights = w[g * outs_per_group + o]
            for t in range(n):
                out[g * outs_per_group + o, t] = np.sum(weights * xg[:, t:t + k])
    return out


@expect(None, "conv1d-groups")
def groups_ok(x, w, groups=1):
    c_out, per_group, k = w.shape
    outs_per_group = c_out // groups
    n = x.shape[1] - k + 1
    out = np.zeros((c_out, n))
    for o in range(c_out):
        g = o // outs_per_group
        xg = x[g * per_group:(g + 1) * per_group].astype(float)
        for t in range(n):
            out[o, t] = np.sum(w[o] * xg[:, t:t + k])
    return out


@expect("layout-swapped", "conv1d-keras")
def keras_reshape_not_transpose(x, kernel, stride=1, padding="valid"):
    length, c_in = x.shape
    k, _, c_out = kernel.shape
    channels_first = x.reshape(c_in, length).astype(float)
    left, right = pad_amounts(padding, length, k, stride)
    xp = np.pad(channels_first, ((0, 0), (left, right)))
    n = (xp.shape[1] - k) // stride + 1
    out = np.zeros((n, c_out))
    for t in range(n):
        window = xp[:, t * stride:t * stride + k]
        for o in range(c_out):
            out[t, o] = np.sum(window * kernel[:, :, o].T)
    return out


@expect(None, "conv1d-keras")
def keras_ok(x, kernel, stride=1, padding="valid"):
    length, c_in = x.shape
    k, _, c_out = kernel.shape
    left, right = pad_amounts(padding, length, k, stride)
    xp = np.pad(x.astype(float), ((left, right), (0, 0)))
    n = (xp.shape[0] - k) // stride + 1
    return np.array([[np.sum(xp[t * stride:t * stride + k] * kernel[:, :, o])
                      for o in range(c_out)] for t in range(n)])


@expect("reflect-vs-symmetric", "conv1d-padding-mode")
def padmode_symmetric(x, w, padding=0, padding_mode="zeros"):
    modes = {"zeros": "constant", "reflect": "symmetric", "replicate": "edge",
             "circular": "wrap"}
    p = 0 if padding == "valid" else padding
    xp = np.pad(np.asarray(x, float), p, mode=modes[padding_mode])
    return np.correlate(xp, np.asarray(w, float), "valid")
