"""The flawed and fixed functions of the classic entries (described in `classic`).

Each pair differs only in the lines that make the mistake, so a side-by-side diff shows it.
"""

from __future__ import annotations

import math

import numpy as np

from .padding import pad_input

# ---- the window loop ----------------------------------------------------------------------


def range_stops_early(x, w, stride=1, padding="valid"):
    """Window starts from range(0, len(x) - K, stride), appended one by one."""
    x = pad_input(x, len(w), stride, padding)
    out = []
    for start in range(0, len(x) - len(w), stride):
        out.append(sum(x[start + k] * w[k] for k in range(len(w))))
    return out


def range_stops_early_fixed(x, w, stride=1, padding="valid"):
    """The last window starts at len(x) - K: the range must reach it."""
    x = pad_input(x, len(w), stride, padding)
    out = []
    for start in range(0, len(x) - len(w) + 1, stride):
        out.append(sum(x[start + k] * w[k] for k in range(len(w))))
    return out


def ceil_output_length(x, w, stride=1, padding="valid"):
    """The number of outputs rounded up, so a last partial window is computed."""
    kernel_size = len(w)
    x = pad_input(x, kernel_size, stride, padding)
    n_out = math.ceil((len(x) - kernel_size) / stride) + 1
    out = np.zeros(n_out)
    for t in range(n_out):
        window = x[t * stride:t * stride + kernel_size]
        out[t] = np.sum(window * w[:len(window)])
    return out


def ceil_output_length_fixed(x, w, stride=1, padding="valid"):
    """Only whole windows count: floor division."""
    kernel_size = len(w)
    x = pad_input(x, kernel_size, stride, padding)
    n_out = (len(x) - kernel_size) // stride + 1
    out = np.zeros(n_out)
    for t in range(n_out):
        window = x[t * stride:t * stride + kernel_size]
        out[t] = np.sum(window * w)
    return out


def stride_never_used(x, w, stride=1, padding="valid"):
    """Every window start from 0 to len(x) - K: the stride is never applied."""
    kernel_size = len(w)
    x = pad_input(x, kernel_size, stride, padding)
    n_out = len(x) - kernel_size + 1
    out = np.zeros(n_out)
    for start in range(n_out):
        out[start] = np.sum(x[start:start + kernel_size] * w)
    return out


def stride_never_used_fixed(x, w, stride=1, padding="valid"):
    """Output t starts at t * stride."""
    kernel_size = len(w)
    x = pad_input(x, kernel_size, stride, padding)
    n_out = (len(x) - kernel_size) // stride + 1
    out = np.zeros(n_out)
    for t in range(n_out):
        start = t * stride
        out[t] = np.sum(x[start:start + kernel_size] * w)
    return out


def window_starts_at_t(x, w, stride=1, padding="valid"):
    """The right number of outputs, but output t's window starts at t."""
    kernel_size = len(w)
    x = pad_input(x, kernel_size, stride, padding)
    n_out = (len(x) - kernel_size) // stride + 1
    out = np.zeros(n_out)
    for t in range(n_out):
        start = t
        out[t] = np.sum(x[start:start + kernel_size] * w)
    return out


def window_starts_at_t_fixed(x, w, stride=1, padding="valid"):
    """Output t's window starts at t * stride."""
    kernel_size = len(w)
    x = pad_input(x, kernel_size, stride, padding)
    n_out = (len(x) - kernel_size) // stride + 1
    out = np.zeros(n_out)
    for t in range(n_out):
        start = t * stride
        out[t] = np.sum(x[start:start + kernel_size] * w)
    return out


def kernel_read_backwards(x, w, stride=1, padding="valid"):
    """The textbook convolution sum: tap k meets w[K - 1 - k]."""
    kernel_size = len(w)
    x = pad_input(x, kernel_size, stride, padding)
    n_out = (len(x) - kernel_size) // stride + 1
    out = np.zeros(n_out)
    for t in range(n_out):
        for k in range(kernel_size):
            out[t] += x[t * stride + k] * w[kernel_size - 1 - k]
    return out


def kernel_read_backwards_fixed(x, w, stride=1, padding="valid"):
    """Cross-correlation: tap k meets w[k]."""
    kernel_size = len(w)
    x = pad_input(x, kernel_size, stride, padding)
    n_out = (len(x) - kernel_size) // stride + 1
    out = np.zeros(n_out)
    for t in range(n_out):
        for k in range(kernel_size):
            out[t] += x[t * stride + k] * w[k]
    return out


# ---- padding ------------------------------------------------------------------------------


def int_padding_ignored(x, w, stride=1, padding="valid"):
    """Pads for 'same'; an int padding falls through every branch and adds nothing."""
    kernel_size = len(w)
    if padding == "same":
        n_wanted = math.ceil(len(x) / stride)
        total = max((n_wanted - 1) * stride + kernel_size - len(x), 0)
        x = np.pad(x, (total // 2, total - total // 2))
    n_out = (len(x) - kernel_size) // stride + 1
    out = np.zeros(n_out)
    for t in range(n_out):
        start = t * stride
        out[t] = np.sum(x[start:start + kernel_size] * w)
    return out


def int_padding_ignored_fixed(x, w, stride=1, padding="valid"):
    """An int p means p zeros on each side."""
    kernel_size = len(w)
    if padding == "same":
        n_wanted = math.ceil(len(x) / stride)
        total = max((n_wanted - 1) * stride + kernel_size - len(x), 0)
        x = np.pad(x, (total // 2, total - total // 2))
    elif padding != "valid":
        x = np.pad(x, (padding, padding))
    n_out = (len(x) - kernel_size) // stride + 1
    out = np.zeros(n_out)
    for t in range(n_out):
        start = t * stride
        out[t] = np.sum(x[start:start + kernel_size] * w)
    return out


def half_kernel_both_sides(x, w, stride=1, padding="valid"):
    """'same' as K // 2 zeros on each side (right for odd K only)."""
    kernel_size = len(w)
    if padding == "same":
        x = np.pad(x, (kernel_size // 2, kernel_size // 2))
    elif padding != "valid":
        x = np.pad(x, (padding, padding))
    n_out = (len(x) - kernel_size) // stride + 1
    out = np.zeros(n_out)
    for t in range(n_out):
        start = t * stride
        out[t] = np.sum(x[start:start + kernel_size] * w)
    return out


def half_kernel_both_sides_fixed(x, w, stride=1, padding="valid"):
    """The Keras/TF total (K - 1 at stride 1), the odd zero on the right."""
    kernel_size = len(w)
    if padding == "same":
        n_wanted = math.ceil(len(x) / stride)
        total = max((n_wanted - 1) * stride + kernel_size - len(x), 0)
        x = np.pad(x, (total // 2, total - total // 2))
    elif padding != "valid":
        x = np.pad(x, (padding, padding))
    n_out = (len(x) - kernel_size) // stride + 1
    out = np.zeros(n_out)
    for t in range(n_out):
        start = t * stride
        out[t] = np.sum(x[start:start + kernel_size] * w)
    return out


def extra_zero_on_the_left(x, w, stride=1, padding="valid"):
    """'same' with the Keras total, but an odd extra zero put on the left."""
    kernel_size = len(w)
    if padding == "same":
        n_wanted = math.ceil(len(x) / stride)
        total = max((n_wanted - 1) * stride + kernel_size - len(x), 0)
        x = np.pad(x, (total - total // 2, total // 2))
    elif padding != "valid":
        x = np.pad(x, (padding, padding))
    n_out = (len(x) - kernel_size) // stride + 1
    out = np.zeros(n_out)
    for t in range(n_out):
        start = t * stride
        out[t] = np.sum(x[start:start + kernel_size] * w)
    return out


def extra_zero_on_the_left_fixed(x, w, stride=1, padding="valid"):
    """Keras, TensorFlow and PyTorch put the odd extra zero on the right."""
    kernel_size = len(w)
    if padding == "same":
        n_wanted = math.ceil(len(x) / stride)
        total = max((n_wanted - 1) * stride + kernel_size - len(x), 0)
        x = np.pad(x, (total // 2, total - total // 2))
    elif padding != "valid":
        x = np.pad(x, (padding, padding))
    n_out = (len(x) - kernel_size) // stride + 1
    out = np.zeros(n_out)
    for t in range(n_out):
        start = t * stride
        out[t] = np.sum(x[start:start + kernel_size] * w)
    return out


def same_padding_for_stride_one(x, w, stride=1, padding="valid"):
    """'same' padded as at stride 1 (K - 1 zeros in all), whatever the stride."""
    kernel_size = len(w)
    if padding == "same":
        total = kernel_size - 1
        x = np.pad(x, (total // 2, total - total // 2))
    elif padding != "valid":
        x = np.pad(x, (padding, padding))
    n_out = (len(x) - kernel_size) // stride + 1
    out = np.zeros(n_out)
    for t in range(n_out):
        start = t * stride
        out[t] = np.sum(x[start:start + kernel_size] * w)
    return out


def same_padding_for_stride_one_fixed(x, w, stride=1, padding="valid"):
    """The Keras/TF total: just enough for ceil(L / stride) windows."""
    kernel_size = len(w)
    if padding == "same":
        n_wanted = math.ceil(len(x) / stride)
        total = max((n_wanted - 1) * stride + kernel_size - len(x), 0)
        x = np.pad(x, (total // 2, total - total // 2))
    elif padding != "valid":
        x = np.pad(x, (padding, padding))
    n_out = (len(x) - kernel_size) // stride + 1
    out = np.zeros(n_out)
    for t in range(n_out):
        start = t * stride
        out[t] = np.sum(x[start:start + kernel_size] * w)
    return out


def left_edge_by_index(x, w, stride=1, padding="valid"):
    """Padding by index arithmetic: only indices past the right end are skipped."""
    kernel_size = len(w)
    if padding == "same":
        n_wanted = math.ceil(len(x) / stride)
        total = max((n_wanted - 1) * stride + kernel_size - len(x), 0)
        pad_left, pad_right = total // 2, total - total // 2
    elif padding == "valid":
        pad_left = pad_right = 0
    else:
        pad_left = pad_right = padding
    n_out = (len(x) + pad_left + pad_right - kernel_size) // stride + 1
    out = np.zeros(n_out)
    for t in range(n_out):
        for k in range(kernel_size):
            index = t * stride + k - pad_left
            if index < len(x):
                out[t] += x[index] * w[k]
    return out


def left_edge_by_index_fixed(x, w, stride=1, padding="valid"):
    """A negative index is a padding zero too: check both ends."""
    kernel_size = len(w)
    if padding == "same":
        n_wanted = math.ceil(len(x) / stride)
        total = max((n_wanted - 1) * stride + kernel_size - len(x), 0)
        pad_left, pad_right = total // 2, total - total // 2
    elif padding == "valid":
        pad_left = pad_right = 0
    else:
        pad_left = pad_right = padding
    n_out = (len(x) + pad_left + pad_right - kernel_size) // stride + 1
    out = np.zeros(n_out)
    for t in range(n_out):
        for k in range(kernel_size):
            index = t * stride + k - pad_left
            if 0 <= index < len(x):
                out[t] += x[index] * w[k]
    return out


def reflect_as_symmetric(x, w, padding=0, padding_mode="zeros"):
    """PyTorch's padding modes mapped onto np.pad, 'reflect' as numpy's 'symmetric'."""
    numpy_modes = {"zeros": "constant", "reflect": "symmetric", "replicate": "edge",
                   "circular": "wrap"}
    pad = 0 if padding == "valid" else padding
    x = np.pad(x, (pad, pad), mode=numpy_modes[padding_mode])
    n_out = len(x) - len(w) + 1
    out = np.zeros(n_out)
    for t in range(n_out):
        out[t] = np.sum(x[t:t + len(w)] * w)
    return out


def reflect_as_symmetric_fixed(x, w, padding=0, padding_mode="zeros"):
    """PyTorch's 'reflect' is numpy's 'reflect': the edge sample is not repeated."""
    numpy_modes = {"zeros": "constant", "reflect": "reflect", "replicate": "edge",
                   "circular": "wrap"}
    pad = 0 if padding == "valid" else padding
    x = np.pad(x, (pad, pad), mode=numpy_modes[padding_mode])
    n_out = len(x) - len(w) + 1
    out = np.zeros(n_out)
    for t in range(n_out):
        out[t] = np.sum(x[t:t + len(w)] * w)
    return out


# ---- causal and dilated -------------------------------------------------------------------


def causal_from_same(x, w, dilation=1):
    """'causal' built like 'same': half the zeros on the left, half on the right."""
    k_eff = dilation * (len(w) - 1) + 1
    total = k_eff - 1
    x = np.pad(x, (total // 2, total - total // 2))
    out = np.zeros(len(x) - k_eff + 1)
    for t in range(len(out)):
        for k in range(len(w)):
            out[t] += x[t + k * dilation] * w[k]
    return out


def causal_from_same_fixed(x, w, dilation=1):
    """All the zeros on the left: output t ends at input t."""
    k_eff = dilation * (len(w) - 1) + 1
    total = k_eff - 1
    x = np.pad(x, (total, 0))
    out = np.zeros(len(x) - k_eff + 1)
    for t in range(len(out)):
        for k in range(len(w)):
            out[t] += x[t + k * dilation] * w[k]
    return out


def causal_pad_on_the_right(x, w, dilation=1):
    """The causal zeros added after the input instead of before it."""
    k_eff = dilation * (len(w) - 1) + 1
    x = np.pad(x, (0, k_eff - 1))
    out = np.zeros(len(x) - k_eff + 1)
    for t in range(len(out)):
        for k in range(len(w)):
            out[t] += x[t + k * dilation] * w[k]
    return out


def causal_pad_on_the_right_fixed(x, w, dilation=1):
    """The zeros go before the input, so window t ends at input t."""
    k_eff = dilation * (len(w) - 1) + 1
    x = np.pad(x, (k_eff - 1, 0))
    out = np.zeros(len(x) - k_eff + 1)
    for t in range(len(out)):
        for k in range(len(w)):
            out[t] += x[t + k * dilation] * w[k]
    return out


def causal_pad_without_dilation(x, w, dilation=1):
    """Causal padding of K - 1 zeros, as if there were no dilation."""
    k_eff = dilation * (len(w) - 1) + 1
    x = np.pad(x, (len(w) - 1, 0))
    out = np.zeros(len(x) - k_eff + 1)
    for t in range(len(out)):
        for k in range(len(w)):
            out[t] += x[t + k * dilation] * w[k]
    return out


def causal_pad_without_dilation_fixed(x, w, dilation=1):
    """A dilated window spans K_eff = dilation * (K - 1) + 1 inputs: pad K_eff - 1."""
    k_eff = dilation * (len(w) - 1) + 1
    x = np.pad(x, (k_eff - 1, 0))
    out = np.zeros(len(x) - k_eff + 1)
    for t in range(len(out)):
        for k in range(len(w)):
            out[t] += x[t + k * dilation] * w[k]
    return out


def same_without_dilation(x, w, stride=1, padding="valid", dilation=1):
    """Dilated taps, but the 'same' padding computed from K instead of K_eff."""
    kernel_size = len(w)
    k_eff = dilation * (kernel_size - 1) + 1
    if padding == "same":
        n_wanted = math.ceil(len(x) / stride)
        total = max((n_wanted - 1) * stride + kernel_size - len(x), 0)
        x = np.pad(x, (total // 2, total - total // 2))
    elif padding != "valid":
        x = np.pad(x, (padding, padding))
    n_out = (len(x) - k_eff) // stride + 1
    out = np.zeros(n_out)
    for t in range(n_out):
        for k in range(kernel_size):
            out[t] += x[t * stride + k * dilation] * w[k]
    return out


def same_without_dilation_fixed(x, w, stride=1, padding="valid", dilation=1):
    """Every length and padding uses the dilated span K_eff."""
    kernel_size = len(w)
    k_eff = dilation * (kernel_size - 1) + 1
    if padding == "same":
        n_wanted = math.ceil(len(x) / stride)
        total = max((n_wanted - 1) * stride + k_eff - len(x), 0)
        x = np.pad(x, (total // 2, total - total // 2))
    elif padding != "valid":
        x = np.pad(x, (padding, padding))
    n_out = (len(x) - k_eff) // stride + 1
    out = np.zeros(n_out)
    for t in range(n_out):
        for k in range(kernel_size):
            out[t] += x[t * stride + k * dilation] * w[k]
    return out


# ---- numbers and memory -------------------------------------------------------------------


def cast_back_to_input_dtype(x, w, stride=1, padding="valid"):
    """A float loop whose result is cast back to the input's dtype."""
    kernel_size = len(w)
    x = pad_input(x, kernel_size, stride, padding)
    n_out = (len(x) - kernel_size) // stride + 1
    out = np.zeros(n_out)
    for t in range(n_out):
        start = t * stride
        out[t] = np.sum(x[start:start + kernel_size] * w)
    return out.astype(x.dtype)


def cast_back_to_input_dtype_fixed(x, w, stride=1, padding="valid"):
    """The output stays float: a weighted sum of integers is not an integer."""
    kernel_size = len(w)
    x = pad_input(x, kernel_size, stride, padding)
    n_out = (len(x) - kernel_size) // stride + 1
    out = np.zeros(n_out)
    for t in range(n_out):
        start = t * stride
        out[t] = np.sum(x[start:start + kernel_size] * w)
    return out


def accumulate_in_input_dtype(x, w, stride=1, padding="valid"):
    """Loop over taps, vectorised over outputs, summing in the inputs' own dtype."""
    x = pad_input(x, len(w), stride, padding)
    n_out = (len(x) - len(w)) // stride + 1
    out = np.zeros(n_out, dtype=np.result_type(x, w))
    for k in range(len(w)):
        out += w[k] * x[k:k + stride * (n_out - 1) + 1:stride]
    return out


def accumulate_in_input_dtype_fixed(x, w, stride=1, padding="valid"):
    """Convert to float before multiplying: small integer types wrap around."""
    x = pad_input(x.astype(float), len(w), stride, padding)
    n_out = (len(x) - len(w)) // stride + 1
    out = np.zeros(n_out)
    for k in range(len(w)):
        out += w[k] * x[k:k + stride * (n_out - 1) + 1:stride]
    return out


def strides_of_int32(x, w, stride=1, padding="valid"):
    """Windows as a strided view, with the byte strides of 4-byte items hard-coded."""
    kernel_size = len(w)
    x = pad_input(x, kernel_size, stride, padding)
    n_out = (len(x) - kernel_size) // stride + 1
    windows = np.lib.stride_tricks.as_strided(
        x, shape=(n_out, kernel_size), strides=(4 * stride, 4))
    return windows @ w


def strides_of_int32_fixed(x, w, stride=1, padding="valid"):
    """Strides are in bytes: take them from the array itself."""
    kernel_size = len(w)
    x = pad_input(x, kernel_size, stride, padding)
    n_out = (len(x) - kernel_size) // stride + 1
    windows = np.lib.stride_tricks.as_strided(
        x, shape=(n_out, kernel_size), strides=(x.strides[0] * stride, x.strides[0]))
    return windows @ w


def no_size_check(x, w, stride=1, padding="valid"):
    """Windows appended while they fit; a kernel longer than the input fits nowhere."""
    x = pad_input(x, len(w), stride, padding)
    out = []
    for start in range(0, len(x) - len(w) + 1, stride):
        out.append(np.sum(x[start:start + len(w)] * w))
    return out


def no_size_check_fixed(x, w, stride=1, padding="valid"):
    """Refuse, naming both lengths, when no window fits."""
    x = pad_input(x, len(w), stride, padding)
    if len(w) > len(x):
        raise ValueError(f"kernel of size {len(w)} is longer than the padded input "
                         f"({len(x)} samples): no window fits")
    out = []
    for start in range(0, len(x) - len(w) + 1, stride):
        out.append(np.sum(x[start:start + len(w)] * w))
    return out


def np_correlate_unchecked(x, w, stride=1, padding="valid"):
    """np.correlate in 'valid' mode, trusted with any pair of lengths."""
    x = pad_input(x, len(w), stride, padding)
    return np.correlate(x, w, mode="valid")[::stride]


def np_correlate_unchecked_fixed(x, w, stride=1, padding="valid"):
    """np.correlate swaps its arguments when w is longer: check first."""
    x = pad_input(x, len(w), stride, padding)
    if len(w) > len(x):
        raise ValueError(f"kernel of size {len(w)} is longer than the padded input "
                         f"({len(x)} samples): no window fits")
    return np.correlate(x, w, mode="valid")[::stride]


def zeros_like_buffer(x, w, stride=1, padding="valid"):
    """A loop whose output buffer is made like the input: np.zeros_like(x)."""
    kernel_size = len(w)
    x = pad_input(x, kernel_size, stride, padding)
    n_out = (len(x) - kernel_size) // stride + 1
    out = np.zeros_like(x, shape=n_out)
    for t in range(n_out):
        start = t * stride
        out[t] = np.sum(x[start:start + kernel_size] * w)
    return out


def zeros_like_buffer_fixed(x, w, stride=1, padding="valid"):
    """The output buffer is float whatever the input: np.zeros(n_out)."""
    kernel_size = len(w)
    x = pad_input(x, kernel_size, stride, padding)
    n_out = (len(x) - kernel_size) // stride + 1
    out = np.zeros(n_out)
    for t in range(n_out):
        start = t * stride
        out[t] = np.sum(x[start:start + kernel_size] * w)
    return out


# ---- channels, bias and groups --------------------------------------------------------------


def reshape_to_channels_last(x, w, stride=1, padding="valid"):
    """A channels-last loop; the (C_in, L) input is brought to (L, C_in) with reshape."""
    channels, length = x.shape
    x = x.reshape(length, channels)
    c_out, _, kernel_size = w.shape
    x = pad_input(x, kernel_size, stride, padding, axis=0)
    n_out = (len(x) - kernel_size) // stride + 1
    out = np.zeros((c_out, n_out))
    for o in range(c_out):
        for t in range(n_out):
            start = t * stride
            out[o, t] = np.sum(x[start:start + kernel_size, :] * w[o].T)
    return out


def reshape_to_channels_last_fixed(x, w, stride=1, padding="valid"):
    """A transpose swaps the axes; reshape would only regroup the numbers."""
    channels, length = x.shape
    x = x.T
    c_out, _, kernel_size = w.shape
    x = pad_input(x, kernel_size, stride, padding, axis=0)
    n_out = (len(x) - kernel_size) // stride + 1
    out = np.zeros((c_out, n_out))
    for o in range(c_out):
        for t in range(n_out):
            start = t * stride
            out[o, t] = np.sum(x[start:start + kernel_size, :] * w[o].T)
    return out


def bias_along_time(x, w, b, stride=1, padding="valid"):
    """The bias added with out + b, which numpy lines up with the LAST axis (time)."""
    c_out, _, kernel_size = w.shape
    x = pad_input(x, kernel_size, stride, padding)
    n_out = (x.shape[1] - kernel_size) // stride + 1
    out = np.zeros((c_out, n_out))
    for o in range(c_out):
        for t in range(n_out):
            start = t * stride
            out[o, t] = np.sum(x[:, start:start + kernel_size] * w[o])
    return out + b


def bias_along_time_fixed(x, w, b, stride=1, padding="valid"):
    """One bias per output channel: b as a column, b[:, None]."""
    c_out, _, kernel_size = w.shape
    x = pad_input(x, kernel_size, stride, padding)
    n_out = (x.shape[1] - kernel_size) // stride + 1
    out = np.zeros((c_out, n_out))
    for o in range(c_out):
        for t in range(n_out):
            start = t * stride
            out[o, t] = np.sum(x[:, start:start + kernel_size] * w[o])
    return out + b[:, None]


def groups_every_gth_channel(x, w, groups=1):
    """Group g takes every groups-th input channel, x[g::groups]."""
    c_out, per_group, kernel_size = w.shape
    outputs_per_group = c_out // groups
    n_out = x.shape[1] - kernel_size + 1
    out = np.zeros((c_out, n_out))
    for o in range(c_out):
        g = o // outputs_per_group
        x_group = x[g::groups]
        for t in range(n_out):
            out[o, t] = np.sum(x_group[:, t:t + kernel_size] * w[o])
    return out


def groups_every_gth_channel_fixed(x, w, groups=1):
    """Group g takes the contiguous block of channels g * C_in/G ... (g + 1) * C_in/G - 1."""
    c_out, per_group, kernel_size = w.shape
    outputs_per_group = c_out // groups
    n_out = x.shape[1] - kernel_size + 1
    out = np.zeros((c_out, n_out))
    for o in range(c_out):
        g = o // outputs_per_group
        x_group = x[g * per_group:(g + 1) * per_group]
        for t in range(n_out):
            out[o, t] = np.sum(x_group[:, t:t + kernel_size] * w[o])
    return out


def keras_kernel_reshaped(x, kernel, stride=1, padding="valid"):
    """Keras kernel turned into PyTorch's (filters, channels, K) with reshape."""
    kernel_size, channels, filters = kernel.shape
    weights = kernel.reshape(filters, channels, kernel_size)
    x = pad_input(x, kernel_size, stride, padding, axis=0)
    n_out = (x.shape[0] - kernel_size) // stride + 1
    out = np.zeros((n_out, filters))
    for t in range(n_out):
        start = t * stride
        for f in range(filters):
            out[t, f] = np.sum(x[start:start + kernel_size, :].T * weights[f])
    return out


def keras_kernel_reshaped_fixed(x, kernel, stride=1, padding="valid"):
    """A transpose moves the axes; a reshape only regroups the numbers."""
    kernel_size, channels, filters = kernel.shape
    weights = kernel.transpose(2, 1, 0)
    x = pad_input(x, kernel_size, stride, padding, axis=0)
    n_out = (x.shape[0] - kernel_size) // stride + 1
    out = np.zeros((n_out, filters))
    for t in range(n_out):
        start = t * stride
        for f in range(filters):
            out[t, f] = np.sum(x[start:start + kernel_size, :].T * weights[f])
    return out
