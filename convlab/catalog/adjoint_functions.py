"""The flawed and fixed functions of the adjoint entries (described in `adjoint`): conv1d's
backward pass and the transposed convolution.

Each pair differs only in the lines that make the mistake, so a side-by-side diff shows it.
Both exercises are scatters: every output gradient dout[t] (backward) or input sample x[i]
(transposed) adds a scaled copy of the kernel at t * stride (or i * stride), and padding is
cropped off afterwards. Some pairs compute the same thing the other way round: spread the
samples stride - 1 zeros apart, pad K - 1 zeros, and correlate with the flipped kernel.
"""

from __future__ import annotations

import numpy as np

from .padding import pad_input

# ---- conv1d-backward: the scatter loop ----------------------------------------------------
# The forward window t covered x_padded[t*stride : t*stride + K], so dout[t] flows back to
# exactly those inputs (times w) and to the kernel (times those inputs).
# Keras/TF 'same' puts the odd extra zero on the right, so the left gets the smaller half:
# pad_left = (len(x_padded) - len(x)) // 2 for every padding.


def last_output_skipped(dout, x, w, stride=1, padding="valid"):
    """The loop over output gradients stops one short: range(len(dout) - 1)."""
    kernel_size = len(w)
    x_padded = pad_input(x, kernel_size, stride, padding)
    dx_padded = np.zeros(len(x_padded))
    dw = np.zeros(kernel_size)
    for t in range(len(dout) - 1):
        start = t * stride
        dx_padded[start:start + kernel_size] += dout[t] * w
        dw += dout[t] * x_padded[start:start + kernel_size]
    pad_left = (len(x_padded) - len(x)) // 2
    return dx_padded[pad_left:pad_left + len(x)], dw


def last_output_skipped_fixed(dout, x, w, stride=1, padding="valid"):
    """Every output gradient is scattered: range(len(dout))."""
    kernel_size = len(w)
    x_padded = pad_input(x, kernel_size, stride, padding)
    dx_padded = np.zeros(len(x_padded))
    dw = np.zeros(kernel_size)
    for t in range(len(dout)):
        start = t * stride
        dx_padded[start:start + kernel_size] += dout[t] * w
        dw += dout[t] * x_padded[start:start + kernel_size]
    pad_left = (len(x_padded) - len(x)) // 2
    return dx_padded[pad_left:pad_left + len(x)], dw


def dx_cropped_from_one_side(dout, x, w, stride=1, padding="valid"):
    """The padding cropped off dx by keeping its first len(x) cells."""
    kernel_size = len(w)
    x_padded = pad_input(x, kernel_size, stride, padding)
    dx_padded = np.zeros(len(x_padded))
    dw = np.zeros(kernel_size)
    for t in range(len(dout)):
        start = t * stride
        dx_padded[start:start + kernel_size] += dout[t] * w
        dw += dout[t] * x_padded[start:start + kernel_size]
    return dx_padded[:len(x)], dw


def dx_cropped_from_one_side_fixed(dout, x, w, stride=1, padding="valid"):
    """The left padding is cropped off the left, the right padding off the right."""
    kernel_size = len(w)
    x_padded = pad_input(x, kernel_size, stride, padding)
    dx_padded = np.zeros(len(x_padded))
    dw = np.zeros(kernel_size)
    for t in range(len(dout)):
        start = t * stride
        dx_padded[start:start + kernel_size] += dout[t] * w
        dw += dout[t] * x_padded[start:start + kernel_size]
    pad_left = (len(x_padded) - len(x)) // 2
    return dx_padded[pad_left:pad_left + len(x)], dw


def dx_padding_kept(dout, x, w, stride=1, padding="valid"):
    """dx of the padded input returned: the padding is never cropped."""
    kernel_size = len(w)
    x_padded = pad_input(x, kernel_size, stride, padding)
    dx_padded = np.zeros(len(x_padded))
    dw = np.zeros(kernel_size)
    for t in range(len(dout)):
        start = t * stride
        dx_padded[start:start + kernel_size] += dout[t] * w
        dw += dout[t] * x_padded[start:start + kernel_size]
    return dx_padded, dw


def dx_padding_kept_fixed(dout, x, w, stride=1, padding="valid"):
    """The zeros were not inputs: crop them off to get dx of x itself."""
    kernel_size = len(w)
    x_padded = pad_input(x, kernel_size, stride, padding)
    dx_padded = np.zeros(len(x_padded))
    dw = np.zeros(kernel_size)
    for t in range(len(dout)):
        start = t * stride
        dx_padded[start:start + kernel_size] += dout[t] * w
        dw += dout[t] * x_padded[start:start + kernel_size]
    pad_left = (len(x_padded) - len(x)) // 2
    return dx_padded[pad_left:pad_left + len(x)], dw


def gradients_swapped(dout, x, w, stride=1, padding="valid"):
    """Returns (dw, dx): the gradients in the order they were computed last."""
    kernel_size = len(w)
    x_padded = pad_input(x, kernel_size, stride, padding)
    dx_padded = np.zeros(len(x_padded))
    dw = np.zeros(kernel_size)
    for t in range(len(dout)):
        start = t * stride
        dx_padded[start:start + kernel_size] += dout[t] * w
        dw += dout[t] * x_padded[start:start + kernel_size]
    pad_left = (len(x_padded) - len(x)) // 2
    return dw, dx_padded[pad_left:pad_left + len(x)]


def gradients_swapped_fixed(dout, x, w, stride=1, padding="valid"):
    """Returns (dx, dw), in the order of the arguments x, w."""
    kernel_size = len(w)
    x_padded = pad_input(x, kernel_size, stride, padding)
    dx_padded = np.zeros(len(x_padded))
    dw = np.zeros(kernel_size)
    for t in range(len(dout)):
        start = t * stride
        dx_padded[start:start + kernel_size] += dout[t] * w
        dw += dout[t] * x_padded[start:start + kernel_size]
    pad_left = (len(x_padded) - len(x)) // 2
    return dx_padded[pad_left:pad_left + len(x)], dw


# ---- conv1d-backward: tap by tap ----------------------------------------------------------


def dw_overwritten(dout, x, w, stride=1, padding="valid"):
    """dw[k] = ... inside the loop over outputs: only the last output's term is kept."""
    kernel_size = len(w)
    x_padded = pad_input(x, kernel_size, stride, padding)
    dx_padded = np.zeros(len(x_padded))
    dw = np.zeros(kernel_size)
    for t in range(len(dout)):
        for k in range(kernel_size):
            dx_padded[t * stride + k] += dout[t] * w[k]
            dw[k] = dout[t] * x_padded[t * stride + k]
    pad_left = (len(x_padded) - len(x)) // 2
    return dx_padded[pad_left:pad_left + len(x)], dw


def dw_overwritten_fixed(dout, x, w, stride=1, padding="valid"):
    """Every window used tap k, so dw[k] sums over all of them: +=."""
    kernel_size = len(w)
    x_padded = pad_input(x, kernel_size, stride, padding)
    dx_padded = np.zeros(len(x_padded))
    dw = np.zeros(kernel_size)
    for t in range(len(dout)):
        for k in range(kernel_size):
            dx_padded[t * stride + k] += dout[t] * w[k]
            dw[k] += dout[t] * x_padded[t * stride + k]
    pad_left = (len(x_padded) - len(x)) // 2
    return dx_padded[pad_left:pad_left + len(x)], dw


def dw_index_one_off(dout, x, w, stride=1, padding="valid"):
    """dw read from x_padded[t*stride + k - 1], the 1-based formula kept in 0-based code."""
    kernel_size = len(w)
    x_padded = pad_input(x, kernel_size, stride, padding)
    dx_padded = np.zeros(len(x_padded))
    dw = np.zeros(kernel_size)
    for t in range(len(dout)):
        for k in range(kernel_size):
            dx_padded[t * stride + k] += dout[t] * w[k]
            dw[k] += dout[t] * x_padded[t * stride + k - 1]
    pad_left = (len(x_padded) - len(x)) // 2
    return dx_padded[pad_left:pad_left + len(x)], dw


def dw_index_one_off_fixed(dout, x, w, stride=1, padding="valid"):
    """Tap k of window t met x_padded[t*stride + k]: the same index as the forward pass."""
    kernel_size = len(w)
    x_padded = pad_input(x, kernel_size, stride, padding)
    dx_padded = np.zeros(len(x_padded))
    dw = np.zeros(kernel_size)
    for t in range(len(dout)):
        for k in range(kernel_size):
            dx_padded[t * stride + k] += dout[t] * w[k]
            dw[k] += dout[t] * x_padded[t * stride + k]
    pad_left = (len(x_padded) - len(x)) // 2
    return dx_padded[pad_left:pad_left + len(x)], dw


def dx_buffer_like_x(dout, x, w, stride=1, padding="valid"):
    """The dx buffer made with np.zeros_like, so it takes x's (integer) dtype."""
    kernel_size = len(w)
    x_padded = pad_input(x, kernel_size, stride, padding)
    dx_padded = np.zeros_like(x_padded)
    dw = np.zeros(kernel_size)
    for t in range(len(dout)):
        for k in range(kernel_size):
            dx_padded[t * stride + k] += dout[t] * w[k]
            dw[k] += dout[t] * x_padded[t * stride + k]
    pad_left = (len(x_padded) - len(x)) // 2
    return dx_padded[pad_left:pad_left + len(x)], dw


def dx_buffer_like_x_fixed(dout, x, w, stride=1, padding="valid"):
    """A float buffer whatever x's dtype: gradients are not integers."""
    kernel_size = len(w)
    x_padded = pad_input(x, kernel_size, stride, padding)
    dx_padded = np.zeros(len(x_padded))
    dw = np.zeros(kernel_size)
    for t in range(len(dout)):
        for k in range(kernel_size):
            dx_padded[t * stride + k] += dout[t] * w[k]
            dw[k] += dout[t] * x_padded[t * stride + k]
    pad_left = (len(x_padded) - len(x)) // 2
    return dx_padded[pad_left:pad_left + len(x)], dw


# ---- conv1d-backward: as correlations -----------------------------------------------------
# dout spread out to the spacing of the windows (stride - 1 zeros between its samples);
# dw correlates the inputs the windows covered with it, dx is its 'full' correlation with
# the flipped kernel.


def dx_unflipped_kernel(dout, x, w, stride=1, padding="valid"):
    """dx as the 'full' correlation of the spread dout with w itself, not w flipped."""
    kernel_size = len(w)
    x_padded = pad_input(x, kernel_size, stride, padding)
    spread = np.zeros((len(dout) - 1) * stride + 1)
    spread[::stride] = dout
    covered = len(spread) + kernel_size - 1
    dw = np.correlate(x_padded[:covered], spread, "valid")
    dx_padded = np.zeros(len(x_padded))
    dx_padded[:covered] = np.correlate(np.pad(spread, kernel_size - 1), w, "valid")
    pad_left = (len(x_padded) - len(x)) // 2
    return dx_padded[pad_left:pad_left + len(x)], dw


def dx_unflipped_kernel_fixed(dout, x, w, stride=1, padding="valid"):
    """dx[j] sums dout[t] * w[j - t*stride]; a correlation reads the taps backwards: w[::-1]."""
    kernel_size = len(w)
    x_padded = pad_input(x, kernel_size, stride, padding)
    spread = np.zeros((len(dout) - 1) * stride + 1)
    spread[::stride] = dout
    covered = len(spread) + kernel_size - 1
    dw = np.correlate(x_padded[:covered], spread, "valid")
    dx_padded = np.zeros(len(x_padded))
    dx_padded[:covered] = np.correlate(np.pad(spread, kernel_size - 1), w[::-1], "valid")
    pad_left = (len(x_padded) - len(x)) // 2
    return dx_padded[pad_left:pad_left + len(x)], dw


def dout_not_spread(dout, x, w, stride=1, padding="valid"):
    """dout used as it is, as if the windows had been one sample apart."""
    kernel_size = len(w)
    x_padded = pad_input(x, kernel_size, stride, padding)
    spread = np.asarray(dout, dtype=float)
    covered = len(spread) + kernel_size - 1
    dw = np.correlate(x_padded[:covered], spread, "valid")
    dx_padded = np.zeros(len(x_padded))
    dx_padded[:covered] = np.correlate(np.pad(spread, kernel_size - 1), w[::-1], "valid")
    pad_left = (len(x_padded) - len(x)) // 2
    return dx_padded[pad_left:pad_left + len(x)], dw


def dout_not_spread_fixed(dout, x, w, stride=1, padding="valid"):
    """The windows were stride apart: put stride - 1 zeros between dout's samples."""
    kernel_size = len(w)
    x_padded = pad_input(x, kernel_size, stride, padding)
    spread = np.zeros((len(dout) - 1) * stride + 1)
    spread[::stride] = dout
    covered = len(spread) + kernel_size - 1
    dw = np.correlate(x_padded[:covered], spread, "valid")
    dx_padded = np.zeros(len(x_padded))
    dx_padded[:covered] = np.correlate(np.pad(spread, kernel_size - 1), w[::-1], "valid")
    pad_left = (len(x_padded) - len(x)) // 2
    return dx_padded[pad_left:pad_left + len(x)], dw


def dw_correlate_swapped(dout, x, w, stride=1, padding="valid"):
    """dw = np.correlate(dout, x): numpy swaps the longer argument first and reverses."""
    kernel_size = len(w)
    x_padded = pad_input(x, kernel_size, stride, padding)
    spread = np.zeros((len(dout) - 1) * stride + 1)
    spread[::stride] = dout
    covered = len(spread) + kernel_size - 1
    dw = np.correlate(spread, x_padded[:covered], "valid")
    dx_padded = np.zeros(len(x_padded))
    dx_padded[:covered] = np.correlate(np.pad(spread, kernel_size - 1), w[::-1], "valid")
    pad_left = (len(x_padded) - len(x)) // 2
    return dx_padded[pad_left:pad_left + len(x)], dw


def dw_correlate_swapped_fixed(dout, x, w, stride=1, padding="valid"):
    """dw = np.correlate(x, dout): the inputs slide under dout, as in the forward pass."""
    kernel_size = len(w)
    x_padded = pad_input(x, kernel_size, stride, padding)
    spread = np.zeros((len(dout) - 1) * stride + 1)
    spread[::stride] = dout
    covered = len(spread) + kernel_size - 1
    dw = np.correlate(x_padded[:covered], spread, "valid")
    dx_padded = np.zeros(len(x_padded))
    dx_padded[:covered] = np.correlate(np.pad(spread, kernel_size - 1), w[::-1], "valid")
    pad_left = (len(x_padded) - len(x)) // 2
    return dx_padded[pad_left:pad_left + len(x)], dw


# ---- conv-transpose1d: the scatter loop ---------------------------------------------------
# Input i adds x[i] * w at i*stride; the full result is (L - 1)*stride + K (+ output_padding)
# long, and `padding` cells are cropped off each end.


def output_padding_ignored(x, w, stride=1, padding=0, output_padding=0):
    """The full result sized (L - 1)*stride + K: output_padding is never added."""
    kernel_size = len(w)
    full = np.zeros((len(x) - 1) * stride + kernel_size)
    for i in range(len(x)):
        start = i * stride
        full[start:start + kernel_size] += x[i] * w
    return full[padding:len(full) - padding]


def output_padding_ignored_fixed(x, w, stride=1, padding=0, output_padding=0):
    """output_padding more cells at the right end, beyond the last scatter."""
    kernel_size = len(w)
    full = np.zeros((len(x) - 1) * stride + kernel_size + output_padding)
    for i in range(len(x)):
        start = i * stride
        full[start:start + kernel_size] += x[i] * w
    return full[padding:len(full) - padding]


def overlap_overwritten(x, w, stride=1, padding=0, output_padding=0):
    """full[...] = x[i] * w: where two kernels overlap only the later one is kept."""
    kernel_size = len(w)
    full = np.zeros((len(x) - 1) * stride + kernel_size + output_padding)
    for i in range(len(x)):
        start = i * stride
        full[start:start + kernel_size] = x[i] * w
    return full[padding:len(full) - padding]


def overlap_overwritten_fixed(x, w, stride=1, padding=0, output_padding=0):
    """Overlapping kernels add up: +=."""
    kernel_size = len(w)
    full = np.zeros((len(x) - 1) * stride + kernel_size + output_padding)
    for i in range(len(x)):
        start = i * stride
        full[start:start + kernel_size] += x[i] * w
    return full[padding:len(full) - padding]


def scatter_stride_ignored(x, w, stride=1, padding=0, output_padding=0):
    """Input i scattered at i, not i * stride: the samples are never spread apart."""
    kernel_size = len(w)
    full = np.zeros((len(x) - 1) * stride + kernel_size + output_padding)
    for i in range(len(x)):
        start = i
        full[start:start + kernel_size] += x[i] * w
    return full[padding:len(full) - padding]


def scatter_stride_ignored_fixed(x, w, stride=1, padding=0, output_padding=0):
    """Input i lands at i * stride: the stride spreads the inputs out."""
    kernel_size = len(w)
    full = np.zeros((len(x) - 1) * stride + kernel_size + output_padding)
    for i in range(len(x)):
        start = i * stride
        full[start:start + kernel_size] += x[i] * w
    return full[padding:len(full) - padding]


def last_input_skipped(x, w, stride=1, padding=0, output_padding=0):
    """The loop over input samples stops one short: range(len(x) - 1)."""
    kernel_size = len(w)
    full = np.zeros((len(x) - 1) * stride + kernel_size + output_padding)
    for i in range(len(x) - 1):
        start = i * stride
        full[start:start + kernel_size] += x[i] * w
    return full[padding:len(full) - padding]


def last_input_skipped_fixed(x, w, stride=1, padding=0, output_padding=0):
    """Every input sample is scattered: range(len(x))."""
    kernel_size = len(w)
    full = np.zeros((len(x) - 1) * stride + kernel_size + output_padding)
    for i in range(len(x)):
        start = i * stride
        full[start:start + kernel_size] += x[i] * w
    return full[padding:len(full) - padding]


def padding_added(x, w, stride=1, padding=0, output_padding=0):
    """padding treated as in conv1d: zeros added to each end instead of cropped off."""
    kernel_size = len(w)
    full = np.zeros((len(x) - 1) * stride + kernel_size + output_padding)
    for i in range(len(x)):
        start = i * stride
        full[start:start + kernel_size] += x[i] * w
    return np.pad(full, padding)


def padding_added_fixed(x, w, stride=1, padding=0, output_padding=0):
    """A transposed convolution's padding undoes conv1d's: crop it off each end."""
    kernel_size = len(w)
    full = np.zeros((len(x) - 1) * stride + kernel_size + output_padding)
    for i in range(len(x)):
        start = i * stride
        full[start:start + kernel_size] += x[i] * w
    return full[padding:len(full) - padding]


def crop_both_from_the_left(x, w, stride=1, padding=0, output_padding=0):
    """Both ends' padding cropped off the left: full[2 * padding:]."""
    kernel_size = len(w)
    full = np.zeros((len(x) - 1) * stride + kernel_size + output_padding)
    for i in range(len(x)):
        start = i * stride
        full[start:start + kernel_size] += x[i] * w
    return full[2 * padding:]


def crop_both_from_the_left_fixed(x, w, stride=1, padding=0, output_padding=0):
    """padding cells off the left and padding cells off the right."""
    kernel_size = len(w)
    full = np.zeros((len(x) - 1) * stride + kernel_size + output_padding)
    for i in range(len(x)):
        start = i * stride
        full[start:start + kernel_size] += x[i] * w
    return full[padding:len(full) - padding]


# ---- conv-transpose1d: straight into the output -------------------------------------------
# The output is allocated from a length formula, and tap k of input i lands at
# i*stride + k - padding when that falls inside it; the formula decides what is kept.


def length_input_times_stride(x, w, stride=1, padding=0, output_padding=0):
    """Output length L * stride: 'the transposed convolution upsamples by the stride'."""
    kernel_size = len(w)
    out_length = len(x) * stride
    out = np.zeros(out_length)
    for i in range(len(x)):
        for k in range(kernel_size):
            position = i * stride + k - padding
            if 0 <= position < out_length:
                out[position] += x[i] * w[k]
    return out


def length_input_times_stride_fixed(x, w, stride=1, padding=0, output_padding=0):
    """Output length (L - 1)*stride - 2*padding + K + output_padding."""
    kernel_size = len(w)
    out_length = (len(x) - 1) * stride - 2 * padding + kernel_size + output_padding
    out = np.zeros(out_length)
    for i in range(len(x)):
        for k in range(kernel_size):
            position = i * stride + k - padding
            if 0 <= position < out_length:
                out[position] += x[i] * w[k]
    return out


def length_plus_one_dropped(x, w, stride=1, padding=0, output_padding=0):
    """The documented length with its + 1 left out: the kernel counted by its K - 1 gaps."""
    kernel_size = len(w)
    out_length = (len(x) - 1) * stride - 2 * padding + (kernel_size - 1) + output_padding
    out = np.zeros(out_length)
    for i in range(len(x)):
        for k in range(kernel_size):
            position = i * stride + k - padding
            if 0 <= position < out_length:
                out[position] += x[i] * w[k]
    return out


def length_plus_one_dropped_fixed(x, w, stride=1, padding=0, output_padding=0):
    """(K - 1) + 1: the last kernel covers K cells, not K - 1."""
    kernel_size = len(w)
    out_length = (len(x) - 1) * stride - 2 * padding + (kernel_size - 1) + output_padding + 1
    out = np.zeros(out_length)
    for i in range(len(x)):
        for k in range(kernel_size):
            position = i * stride + k - padding
            if 0 <= position < out_length:
                out[position] += x[i] * w[k]
    return out


# ---- conv-transpose1d: zero insertion and an ordinary correlation -------------------------
# Spread x out with stride - 1 zeros between its samples, pad K - 1 zeros each side (and
# output_padding more on the right), correlate with the flipped kernel, crop the padding.


def stride_zeros_inserted(x, w, stride=1, padding=0, output_padding=0):
    """stride zeros inserted between samples, where stride - 1 belong."""
    kernel_size = len(w)
    n_zeros = stride
    spread = np.zeros((len(x) - 1) * (n_zeros + 1) + 1)
    spread[::n_zeros + 1] = x
    padded = np.pad(spread, (kernel_size - 1, kernel_size - 1 + output_padding))
    flipped = w[::-1]
    full = np.array([np.sum(padded[j:j + kernel_size] * flipped)
                     for j in range(len(padded) - kernel_size + 1)])
    return full[padding:len(full) - padding]


def stride_zeros_inserted_fixed(x, w, stride=1, padding=0, output_padding=0):
    """Samples stride apart have stride - 1 zeros between them."""
    kernel_size = len(w)
    n_zeros = stride - 1
    spread = np.zeros((len(x) - 1) * (n_zeros + 1) + 1)
    spread[::n_zeros + 1] = x
    padded = np.pad(spread, (kernel_size - 1, kernel_size - 1 + output_padding))
    flipped = w[::-1]
    full = np.array([np.sum(padded[j:j + kernel_size] * flipped)
                     for j in range(len(padded) - kernel_size + 1)])
    return full[padding:len(full) - padding]


def zero_insertion_unflipped(x, w, stride=1, padding=0, output_padding=0):
    """Zeros inserted and padded right, then correlated with w itself, not w flipped."""
    kernel_size = len(w)
    n_zeros = stride - 1
    spread = np.zeros((len(x) - 1) * (n_zeros + 1) + 1)
    spread[::n_zeros + 1] = x
    padded = np.pad(spread, (kernel_size - 1, kernel_size - 1 + output_padding))
    flipped = w
    full = np.array([np.sum(padded[j:j + kernel_size] * flipped)
                     for j in range(len(padded) - kernel_size + 1)])
    return full[padding:len(full) - padding]


def zero_insertion_unflipped_fixed(x, w, stride=1, padding=0, output_padding=0):
    """out[j] sums x[i] * w[j - i*stride]; a correlation reads the taps backwards: w[::-1]."""
    kernel_size = len(w)
    n_zeros = stride - 1
    spread = np.zeros((len(x) - 1) * (n_zeros + 1) + 1)
    spread[::n_zeros + 1] = x
    padded = np.pad(spread, (kernel_size - 1, kernel_size - 1 + output_padding))
    flipped = w[::-1]
    full = np.array([np.sum(padded[j:j + kernel_size] * flipped)
                     for j in range(len(padded) - kernel_size + 1)])
    return full[padding:len(full) - padding]
