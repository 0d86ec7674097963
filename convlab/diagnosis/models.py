"""Models of Conv1D mistakes: what an implementation with a given mistake would output.

A mistake is a change to one "knob" of a convolution computed from its definition: how much
padding goes where, what fills it, which windows are taken, in which order the taps are read,
what happens to the values, how axes are read. `simulate(case, layout, knobs)` computes the
output an implementation with those knobs produces, so diagnosis can ask which mistake (or
pair of mistakes) explains everything a learner's function did. With every knob at its
default, `simulate` is the reference itself (tests check this on every probe). The mistakes
modelled, one knob setting each, are catalogued in convlab.diagnosis.mistakes.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from convlab.case import Case
from convlab.diagnosis.adjoint import ADJOINT_LAYOUTS, can_differ_adjoint, simulate_adjoint
from convlab.diagnosis.knobs import Knobs
from convlab.diagnosis.outcomes import ANYTHING, ERROR, NOTHING_FITS, SILENT, Outcome
from convlab.diagnosis.reading import padded_input, pads_as_computed, read_arrays, window_starts
from convlab.diagnosis.values import (
    apply_values,
    give_back,
    narrow_product_dtype,
    post_process,
    wrap_integers,
)

__all__ = ["Knobs", "can_differ", "different_from", "is_different_prediction", "simulate"]



_DIFFERENT_TAG = "(any result different from the reference)"


def different_from(reference: Outcome) -> Outcome:
    """A prediction that matches anything except the reference's own outcome."""
    return Outcome(value=reference.value, error=reference.error, bad=_DIFFERENT_TAG,
                   case=reference.case)


def is_different_prediction(prediction: Outcome) -> bool:
    """Whether `prediction` was made by different_from (it matches any other result)."""
    return prediction.bad == _DIFFERENT_TAG


# --- the simulation --------------------------------------------------------------------

def _group_channel(knobs: Knobs, out_channel: int, in_index: int, groups: int, c_out: int,
                   c_in_group: int) -> int:
    per_group_out = c_out // groups
    group = out_channel % groups if knobs.groups in ("interleaved-out", "interleaved-both") \
        else out_channel // per_group_out
    if knobs.groups in ("interleaved-in", "interleaved-both"):
        return in_index * groups + group
    return group * c_in_group + in_index


def _correlate(xp: np.ndarray, w: np.ndarray, starts: np.ndarray, tap_step: int,
               overrun: str, groups: int, knobs: Knobs, product_dtype: np.dtype | None = None):
    c_out, c_in_group, kernel_size = w.shape
    tap_indices = np.arange(kernel_size)
    if knobs.taps == "drop-first":
        tap_indices = tap_indices[1:]
    elif knobs.taps == "drop-last":
        tap_indices = tap_indices[:-1]
    positions = starts[:, None] + tap_step * tap_indices[None, :]
    padded_length = xp.shape[1]
    if positions.size and positions.max() >= padded_length:
        if overrun == "error":
            return ERROR
        xp = np.pad(xp, ((0, 0), (0, int(positions.max()) - padded_length + 1)))
    taps = (w[:, :, ::-1] if knobs.flip else w)[:, :, tap_indices]
    if knobs.combine == "sums-multiplied":
        # sum(window) * sum(w) over every channel, instead of the sum of the products
        gathered = np.stack([xp[c][positions] for c in range(xp.shape[0])]) \
            if len(starts) else np.zeros((xp.shape[0], 0, len(tap_indices)))
        return np.outer(taps.sum(axis=(1, 2)), gathered.sum(axis=(0, 2)))
    used = range(c_in_group)
    if knobs.channels == "first-only":
        used = range(min(1, c_in_group))
    elif knobs.channels == "last-only":
        used = range(c_in_group - 1, c_in_group)
    out = np.zeros((c_out, len(starts)))
    for o in range(c_out):
        # one input channel per output channel (o % C_in), as if the layer were depthwise
        for c in (range(o % c_in_group, o % c_in_group + 1)
                  if knobs.channels == "one-per-output" else used):
            channel = _group_channel(knobs, o, c, groups, c_out, c_in_group)
            if channel >= xp.shape[0]:
                return ERROR
            if not len(starts):
                continue
            if product_dtype is None:
                out[o] += xp[channel][positions] @ taps[o, c]
            else:
                products = xp[channel][positions] * taps[o, c][None, :]
                out[o] += wrap_integers(products, product_dtype).sum(axis=1)
    return out


def _add_bias(out: np.ndarray, bias: np.ndarray, knobs: Knobs, kernel_size: int,
              c_in_group: int):
    c_out, count = out.shape
    setting = knobs.bias
    if setting == "missing":
        return out
    if setting == "per-step":
        return out + bias[None, :count] if count <= len(bias) else ERROR
    if setting == "broadcast-last":
        if len(bias) == count or len(bias) == 1:
            return out + bias[None, :]
        return ERROR
    if len(bias) != c_out:
        return ERROR
    times = {"per-tap": kernel_size, "per-input-channel": c_in_group,
             "per-product": kernel_size * c_in_group}.get(setting, 1)
    return out + times * bias[:, None]


def simulate(case: Case, layout: str, knobs: Knobs) -> Outcome:
    """What an implementation with these knobs outputs on `case`, for an exercise whose
    arrays are laid out as `layout` (convlab.exercises.LAYOUTS)."""
    if layout in ADJOINT_LAYOUTS:
        return simulate_adjoint(case, layout, knobs)
    if knobs.values in ("bytes", "bytes-4"):
        reference = simulate(case, layout, replace(knobs, values="correct"))
        right_size = 8 if knobs.values == "bytes" else 4
        if case.x.dtype.itemsize == right_size:
            return reference
        # data read with the other item size's strides is garbage; narrow types tell nothing
        return different_from(reference) if case.x.dtype.itemsize in (4, 8) else ANYTHING
    if _refused(knobs.refuses, case):
        return ERROR
    try:
        x, w = read_arrays(case, layout, knobs)
    except ValueError:
        return ERROR
    c_in, length = x.shape
    c_out, c_in_group, kernel_size = w.shape
    groups = case.groups
    if c_in_group * groups != c_in or c_out % groups:
        return ERROR
    dilation = case.dilation
    tap_step = 1 if knobs.dilation in ("ignored", "ignored-taps") else dilation
    true_span = dilation * (kernel_size - 1) + 1
    span = {"ignored": kernel_size,
            "keff-k-times-d": max(kernel_size * dilation - 1, 1)}.get(knobs.dilation,
                                                                       true_span)
    stride = case.stride * (dilation if knobs.dilation == "on-stride" else 1)
    if knobs.windows == "subsample-input":
        # x[::stride] first, then a stride-1 convolution (padded for stride 1)
        x, stride = x[:, ::stride], 1
        length = x.shape[1]
    left, right = pads_as_computed(knobs, case.padding, length, kernel_size, stride, span)
    xp = padded_input(x, left, right, case.padding_mode, knobs)
    if xp is ERROR:
        return ERROR
    if knobs.windows == "subsample-padded":
        # the padded input subsampled, then a stride-1 convolution
        xp, stride = xp[:, ::stride], 1
    padded_length = xp.shape[1]
    if padded_length < span or padded_length < tap_step * (kernel_size - 1) + 1:
        if knobs == Knobs():
            return ERROR
        if knobs.too_long == "empty":
            return Outcome(case=case, value=np.zeros(0) if layout == "single"
                           else np.zeros((c_out, 0)))
        # a loop with this mistake finds no window here: it raises or returns nothing
        return SILENT if knobs.too_long == "silent" else NOTHING_FITS
    starts, overrun = window_starts(knobs, padded_length, span, stride, length, case.padding)
    out = _correlate(xp, w, starts, tap_step, overrun, groups, knobs,
                     narrow_product_dtype(case) if knobs.values == "wrap-products" else None)
    if out is ERROR:
        return ERROR
    fits = (padded_length - span) // stride + 1
    if knobs.windows in ("skip-last-exact-zero", "drop-last-zero") and (
            knobs.windows == "drop-last-zero" or (padded_length - span) % stride == 0):
        out[:, fits - 1:] = 0.0
    if knobs.windows == "stride-sparse":
        sparse = np.zeros((c_out, padded_length - span + 1))
        sparse[:, starts] = out
        out = sparse
    if case.bias is not None:
        out = _add_bias(out, case.bias.astype(np.float64), knobs, kernel_size, c_in_group)
        if out is ERROR:
            return ERROR
    first_samples = None
    if knobs.accumulate == "start-first-sample" and len(starts):
        # the sum started at the window's first sample instead of 0 (every input channel's)
        first_samples = np.pad(xp, ((0, 0), (0, 1)))[:, np.minimum(starts, padded_length)]
        first_samples = first_samples.sum(axis=0)[None, :]
    out = apply_values(post_process(out, knobs, first_samples), case, knobs)
    return Outcome(value=give_back(out, layout, knobs), case=case)


_STRIDED_WINDOWS = {"stride-all", "stride-first", "stride-sparse", "subsample-input",
                    "subsample-padded", "floor-length", "floor-length-and-pads"}


def can_differ(knob: str, setting: object, case: Case, refused: bool,
               layout: str = "single") -> bool:
    """False when the one mistake `knob` = `setting` cannot change the outcome on `case`
    (the reference refuses it when `refused`): then simulating it is not needed. A shortcut
    that only says False where the definition of the mistake makes it certain."""
    if layout in ADJOINT_LAYOUTS:
        return can_differ_adjoint(knob, setting, case)
    padded = case.padding not in ("valid", 0, (0, 0))
    integers = case.x.dtype.kind in "biu"
    if knob == "pads" and isinstance(setting, str):
        kind = ("same" if case.padding == "same" else "causal" if case.padding == "causal"
                else "full" if case.padding == "full" else "int")
        for prefix in ("same", "causal", "int"):
            if setting.startswith(prefix) or setting == f"none-{prefix}":
                return padded and kind == prefix
    if knob in ("pads", "fill"):
        return padded
    if knob == "values" and setting in ("truncate-always", "round"):
        return bool(np.any(case.x % 1) or np.any(case.w % 1))
    if knob == "windows" and setting in _STRIDED_WINDOWS:
        return case.stride > 1
    if knob == "dilation" and setting != "keff-k-times-d":  # K*d - 1 is K - 1 at d = 1
        return case.dilation > 1
    if knob == "too_long":
        return refused
    if knob == "refuses":
        return {"same": case.padding == "same", "int": not isinstance(case.padding, str),
                "padded": padded, "stride": case.stride > 1}.get(setting, True)
    if knob == "values" and setting in ("truncate", "input-buffer", "x-uint8"):
        return integers
    if knob == "values" and setting in ("wrap", "wrap-products", "wrap-int8", "wrap-int16",
                                        "wrap-int32"):
        return integers and case.w.dtype.kind in "biu"
    return True


def _refused(setting: str, case: Case) -> bool:
    padding = case.padding
    if setting == "same":
        return padding == "same"
    if setting == "int":
        return not isinstance(padding, str)
    if setting == "padded":
        return padding != "valid" and padding != 0
    if setting == "stride":
        return case.stride > 1
    return False
