"""How a (mistaken) implementation reads its input: the axes of x and the kernel, how much
padding goes where and what fills it, and which windows it takes. Part of the simulation of
mistakes (convlab.diagnosis.models)."""

from __future__ import annotations

import numpy as np

from convlab.case import Case
from convlab.diagnosis.knobs import Knobs
from convlab.diagnosis.outcomes import ERROR
from convlab.padding import same_padding_total

__all__ = ["kernel_as_read", "padded_input", "pads_as_computed", "read_arrays",
           "window_starts"]


def kernel_as_read(w: np.ndarray, setting: str) -> np.ndarray:
    """The kernel a learner's code sees when it believes the axes are in another order."""
    if setting == "transposed":
        return w.transpose(2, 1, 0)
    if setting == "reshaped":
        return w.reshape(w.shape[::-1]).transpose(2, 1, 0)
    how, order = setting.split("-")
    order = tuple(int(axis) for axis in order)
    if how == "transpose":
        return w.transpose(order)
    stored = tuple(w.shape[axis] for axis in order)
    return w.reshape(stored).transpose(np.argsort(order))


def read_arrays(case: Case, layout: str, knobs: Knobs):
    """x as (C_in, L) and w as (C_out, C_in/G, K) the way the (mistaken) code reads them."""
    x = case.x.astype(np.float64)
    w = case.w.astype(np.float64)
    if knobs.values == "x-uint8" and case.x.dtype.kind in "iu":
        x = np.mod(x, 256.0)  # integer data stored as bytes before the sums
    if layout == "single":
        return x[None, :], w[None, None, :]
    if layout == "channels":
        if knobs.x_layout == "transposed":
            x = x.T
        elif knobs.x_layout == "reshaped":
            x = x.reshape(x.shape[1], x.shape[0]).T
        if knobs.w_layout != "correct":
            w = kernel_as_read(w, knobs.w_layout)
        return x, w
    # keras: x (L, C_in), kernel (K, C_in, C_out)
    if knobs.x_layout == "transposed":
        x_first = x
    elif knobs.x_layout == "reshaped":
        x_first = x.reshape(x.shape[1], x.shape[0])
    else:
        x_first = x.T
    if knobs.w_layout != "correct":
        w = kernel_as_read(w, knobs.w_layout)
    return x_first, w.transpose(2, 1, 0)


def pads_as_computed(knobs: Knobs, padding, length: int, kernel_size: int, stride: int,
          span: int) -> tuple[int, int]:
    """(left, right) padding as the (mistaken) code computes it."""
    setting = knobs.pads
    if padding == "valid":
        return (0, 0)
    if padding == "same":
        total = same_padding_total(length, stride, span)
        if knobs.windows == "floor-length-and-pads":
            total = max((length // stride - 1) * stride + span - length, 0)
        if setting in ("none", "none-same"):
            return (0, 0)
        if setting == "same-sym-floor" or (setting == "same-sym-floor-unstrided"
                                           and stride == 1):
            return ((span - 1) // 2, (span - 1) // 2)
        if setting == "same-sym-ceil" or (setting == "same-sym-ceil-unstrided"
                                          and stride == 1):
            return (span // 2, span // 2)
        if setting == "same-extra-left" or (setting == "same-extra-left-unstrided"
                                            and stride == 1):
            return (total - total // 2, total // 2)
        if setting == "same-all-left":
            return (total, 0)
        if setting == "same-all-right":
            return (0, total)
        if setting == "same-stride-blind":
            return ((span - 1) // 2, span - 1 - (span - 1) // 2)
        if setting == "same-sym-strided" and stride > 1:
            return ((span - 1) // 2, (span - 1) // 2)
        if setting == "same-undilated":
            total = same_padding_total(length, stride, kernel_size)
        return (total // 2, total - total // 2)
    if padding == "causal":
        if setting == "none":
            return (0, 0)
        if setting == "causal-same":
            total = same_padding_total(length, stride, span)
            return (total // 2, total - total // 2)
        if setting == "causal-right":
            return (0, span - 1)
        if setting == "causal-sym":
            return ((span - 1) // 2, (span - 1) // 2)
        if setting == "causal-undilated":
            return (kernel_size - 1, 0)
        return (span - 1, 0)
    if padding == "full":
        return (0, 0) if setting == "none" else (span - 1, span - 1)
    left, right = padding if isinstance(padding, tuple) else (padding, padding)
    if setting in ("none", "none-int"):
        return (0, 0)
    if setting == "int-left-only":
        return (left, 0)
    if setting == "int-right-only":
        return (0, right)
    if setting == "int-as-total" and not isinstance(padding, tuple):
        return (left // 2, left - left // 2)
    return (left, right)


_NP_MODES = {"reflect": "reflect", "replicate": "edge", "circular": "wrap"}
# padding filled with samples of x where the exercise wants zeros (knob "fill")
_NONZERO_FILLS = {"edge": "edge", "reflect": "reflect", "symmetric": "symmetric",
                  "circular": "wrap"}


def padded_input(x: np.ndarray, left: int, right: int, mode: str, knobs: Knobs):
    """The padded input, or ERROR when the (mistaken) code would fail to build it."""
    channels, length = x.shape
    if knobs.fill in ("wrap-left", "wrap-left-error-right"):
        if left > length or (knobs.fill == "wrap-left-error-right" and right > 0):
            return ERROR
        left_part = x[:, length - left:] if left else x[:, :0]
        return np.concatenate([left_part, x, np.zeros((channels, right))], axis=1)
    if knobs.fill in _NONZERO_FILLS and mode == "zeros" and (left or right):
        try:
            return np.pad(x, ((0, 0), (left, right)), mode=_NONZERO_FILLS[knobs.fill])
        except ValueError:
            return ERROR
    if mode != "zeros" and (left or right):
        if mode == "reflect" and knobs.fill == "reflect-symmetric":
            if max(left, right) > length:
                return ERROR
            return np.pad(x, ((0, 0), (left, right)), mode="symmetric")
        if (mode == "reflect" and max(left, right) >= length) or \
                (mode == "circular" and max(left, right) > length):
            return ERROR
        return np.pad(x, ((0, 0), (left, right)), mode=_NP_MODES[mode])
    padded = np.zeros((channels, left + length + right))
    padded[:, left:left + length] = x
    return padded


def window_starts(knobs: Knobs, padded_length: int, span: int, stride: int, length: int,
                   padding) -> tuple[np.ndarray, str]:
    """Start of every window the (mistaken) code computes, and how it treats overruns."""
    fits = (padded_length - span) // stride + 1
    exact = (padded_length - span) % stride == 0
    setting = knobs.windows
    starts = np.arange(fits) * stride
    if setting == "skip-last-exact" and exact:
        starts = starts[:-1]
    elif setting == "drop-last":
        starts = starts[:-1]
    elif setting in ("extra-ceil", "extra-ceil-error"):
        count = -(-(padded_length - span) // stride) + 1
        starts = np.arange(count) * stride
    elif setting in ("extra-one", "extra-one-error"):
        starts = np.arange(fits + 1) * stride
    elif setting in ("extra-range", "extra-range-error"):
        # range(0, L - K + 2, stride): one start past the last, when the stride lands on it
        starts = np.arange(0, padded_length - span + 2, stride)
    elif setting == "stride-all":
        starts = np.arange(padded_length - span + 1)
    elif setting == "stride-first":
        starts = np.arange(fits)
    elif setting in ("floor-length", "floor-length-and-pads") and padding == "same":
        starts = np.arange(max(length // stride, 0)) * stride
    elif setting == "offset-late":
        starts = starts + 1
    elif setting == "offset-early":
        starts = starts - 1
    overrun = "error" if setting.endswith("-error") else "zeros"
    return starts, overrun
