"""Student-style Conv1D implementations, written independently of the catalog.

Each one is what a learner might hand in for the `conv1d` exercise
(`def conv1d(x, w, stride=1, padding="valid")`): different names, loop shapes and return
types. `EXPECTED` maps each function's name to the category id of its mistake, or None
when it is correct. Register new implementations with `@student(category)`; append only.
"""

from __future__ import annotations

import math
import time

import numpy as np

EXPECTED: dict[str, str | None] = {}


def student(category: str | None = None):
    """Record the mistake an implementation makes (None: it is correct)."""
    def register(fn):
        EXPECTED[fn.__name__] = category
        return fn
    return register


def _same_pads(length: int, kernel_size: int, stride: int) -> tuple[int, int]:
    """Keras/TF 'same': enough zeros for ceil(L/s) windows, the odd one on the right."""
    total = max((math.ceil(length / stride) - 1) * stride + kernel_size - length, 0)
    return total // 2, total - total // 2


def _pads(padding, length: int, kernel_size: int, stride: int) -> tuple[int, int]:
    if padding == "valid":
        return 0, 0
    if padding == "same":
        return _same_pads(length, kernel_size, stride)
    return padding, padding


# --- correct ones -------------------------------------------------------------------------

@student(None)
def conv_loop(x, w, stride=1, padding="valid"):
    left, right = _pads(padding, len(x), len(w), stride)
    xp = np.concatenate([np.zeros(left), np.asarray(x, float), np.zeros(right)])
    n_out = (len(xp) - len(w)) // stride + 1
    out = np.zeros(n_out)
    for i in range(n_out):
        total = 0.0
        for k in range(len(w)):
            total += xp[i * stride + k] * w[k]
        out[i] = total
    return out


@student(None)
def sliding_dot_products(signal, kernel, stride=1, padding="valid"):
    left, right = _pads(padding, len(signal), len(kernel), stride)
    padded = [0.0] * left + list(signal) + [0.0] * right
    results = []
    start = 0
    while start + len(kernel) <= len(padded):
        acc = 0
        j = 0
        while j < len(kernel):
            acc = acc + padded[start + j] * kernel[j]
            j += 1
        results.append(acc)
        start += stride
    return results


@student(None)
def conv_with_helper(x, w, stride=1, padding="valid"):
    left, right = _pads(padding, len(x), len(w), stride)
    padded = np.pad(np.asarray(x, dtype=float), (left, right))

    def window_sum(start):
        s = 0.0
        for tap, weight in enumerate(w):
            s += weight * padded[start + tap]
        return s

    outputs = []
    for start in range(0, len(padded) - len(w) + 1, stride):
        outputs.append(window_sum(start))
    return np.array(outputs)


@student(None)
def conv_vectorized(x, w, stride=1, padding="valid"):
    left, right = _pads(padding, len(x), len(w), stride)
    padded = np.pad(np.asarray(x, dtype=float), (left, right))
    windows = np.lib.stride_tricks.sliding_window_view(padded, len(w))[::stride]
    return windows @ np.asarray(w, dtype=float)


@student(None)
def conv_float32(x, w, stride=1, padding="valid"):
    left, right = _pads(padding, len(x), len(w), stride)
    padded = np.pad(np.asarray(x, dtype=np.float32), (left, right))
    weights = np.asarray(w, dtype=np.float32)
    n_out = (len(padded) - len(weights)) // stride + 1
    y = np.empty(n_out, dtype=np.float32)
    for t in range(n_out):
        y[t] = np.dot(padded[t * stride:t * stride + len(weights)], weights)
    return y


# --- flawed ones --------------------------------------------------------------------------

@student("kernel-flipped")
def conv_flipped(x, w, stride=1, padding="valid"):
    left, right = _pads(padding, len(x), len(w), stride)
    xp = np.pad(np.asarray(x, dtype=float), (left, right))
    flipped = np.asarray(w, dtype=float)[::-1]
    out = np.zeros((len(xp) - len(w)) // stride + 1)
    for i in range(len(out)):
        out[i] = np.sum(xp[i * stride:i * stride + len(w)] * flipped)
    return out


@student("last-window-skipped")
def conv_strided_article(x, w, stride=1, padding="valid"):
    left, right = _pads(padding, len(x), len(w), stride)
    x = np.pad(np.asarray(x, dtype=float), (left, right))
    out = np.zeros((len(x) - len(w)) // stride + 1)
    for i in range(0, len(x) - len(w), stride):
        out[i // stride] = np.sum(x[i:i + len(w)] * w)
    return out


@student("stride-ignored")
def conv_stride_ignored(x, w, stride=1, padding="valid"):
    left, right = _pads(padding, len(x), len(w), stride)
    xp = np.pad(np.asarray(x, dtype=float), (left, right))
    n_out = (len(xp) - len(w)) // stride + 1
    out = np.zeros(n_out)
    for i in range(n_out):
        out[i] = xp[i:i + len(w)] @ w
    return out


# --- ones that misbehave while running (for the tracer) -------------------------------------

def conv_never_ends(x, w, stride=1, padding="valid"):
    out = []
    i = 0
    while True:
        out.append(float(np.dot(x[i:i + len(w)], w)))
    return out


def conv_divides_by_zero(x, w, stride=1, padding="valid"):
    out = np.zeros(len(x) - len(w) + 1)
    for i in range(len(out)):
        scale = 2 - i
        out[i] = np.dot(x[i:i + len(w)], w) / scale
        if scale == 1:
            out[i] = 1 / 0
    return out


def conv_slow(x, w, stride=1, padding="valid"):
    out = np.zeros(len(x) - len(w) + 1)
    for i in range(len(out)):
        time.sleep(0.05)
        out[i] = np.dot(x[i:i + len(w)], w)
    return out
