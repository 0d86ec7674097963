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

from dataclasses import dataclass, fields, replace

import numpy as np

from convlab.case import Case
from convlab.diagnosis.outcomes import ANYTHING, NOTHING_FITS, SILENT, Outcome
from convlab.padding import same_padding_total

__all__ = ["Knobs", "can_differ", "different_from", "is_different_prediction", "simulate"]

ERROR = Outcome(error="Error: (any exception)")


@dataclass(frozen=True)
class Knobs:
    """One setting per knob; "correct" (or False) everywhere is the reference."""

    pads: str = "correct"
    fill: str = "correct"
    windows: str = "correct"
    flip: bool = False
    values: str = "correct"
    too_long: str = "correct"
    dilation: str = "correct"
    x_layout: str = "correct"
    w_layout: str = "correct"
    out_layout: str = "correct"
    channels: str = "correct"
    bias: str = "correct"
    groups: str = "correct"
    refuses: str = "correct"
    taps: str = "correct"
    combine: str = "correct"
    accumulate: str = "correct"
    order: str = "correct"
    activation: str = "correct"

    def changed(self) -> tuple[tuple[str, object], ...]:
        """The (knob, setting) pairs that differ from the reference."""
        default = Knobs()
        return tuple((f.name, getattr(self, f.name)) for f in fields(self)
                     if getattr(self, f.name) != getattr(default, f.name))


def _kernel_as_read(w: np.ndarray, setting: str) -> np.ndarray:
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


_DIFFERENT_TAG = "(any result different from the reference)"


def different_from(reference: Outcome) -> Outcome:
    """A prediction that matches anything except the reference's own outcome."""
    return Outcome(value=reference.value, error=reference.error, bad=_DIFFERENT_TAG,
                   case=reference.case)


def is_different_prediction(prediction: Outcome) -> bool:
    """Whether `prediction` was made by different_from (it matches any other result)."""
    return prediction.bad == _DIFFERENT_TAG


# --- the simulation --------------------------------------------------------------------

def _read_arrays(case: Case, layout: str, knobs: Knobs):
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
            w = _kernel_as_read(w, knobs.w_layout)
        return x, w
    # keras: x (L, C_in), kernel (K, C_in, C_out)
    if knobs.x_layout == "transposed":
        x_first = x
    elif knobs.x_layout == "reshaped":
        x_first = x.reshape(x.shape[1], x.shape[0])
    else:
        x_first = x.T
    if knobs.w_layout != "correct":
        w = _kernel_as_read(w, knobs.w_layout)
    return x_first, w.transpose(2, 1, 0)


def _pads(knobs: Knobs, padding, length: int, kernel_size: int, stride: int,
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


def _padded(x: np.ndarray, left: int, right: int, mode: str, knobs: Knobs):
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


def _window_starts(knobs: Knobs, padded_length: int, span: int, stride: int, length: int,
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
                out[o] += _wrap_integers(products, product_dtype).sum(axis=1)
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


def _wrap_integers(values: np.ndarray, dtype: np.dtype) -> np.ndarray:
    bits = 8 * dtype.itemsize
    modulus = 2.0 ** bits
    wrapped = np.mod(np.round(values), modulus)
    if dtype.kind == "i":
        wrapped = np.where(wrapped >= modulus / 2, wrapped - modulus, wrapped)
    return wrapped


def simulate(case: Case, layout: str, knobs: Knobs) -> Outcome:
    """What an implementation with these knobs outputs on `case`, for an exercise whose
    arrays are laid out as `layout` (convlab.exercises.LAYOUTS)."""
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
        x, w = _read_arrays(case, layout, knobs)
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
    left, right = _pads(knobs, case.padding, length, kernel_size, stride, span)
    xp = _padded(x, left, right, case.padding_mode, knobs)
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
    starts, overrun = _window_starts(knobs, padded_length, span, stride, length, case.padding)
    out = _correlate(xp, w, starts, tap_step, overrun, groups, knobs,
                     _narrow_product_dtype(case) if knobs.values == "wrap-products" else None)
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
    out = _apply_values(_post_process(out, knobs, first_samples), case, knobs)
    return Outcome(value=_give_back(out, layout, knobs), case=case)


_ACTIVATIONS = {
    "relu": lambda out: np.maximum(out, 0.0),
    "abs": np.abs,
    "sigmoid": lambda out: 1.0 / (1.0 + np.exp(-np.clip(out, -700, 700))),
    "tanh": np.tanh,
}


def _post_process(out: np.ndarray, knobs: Knobs,
                  first_samples: np.ndarray | None = None) -> np.ndarray:
    """What the (mistaken) code does to the sums after the window loop: a running total
    never reset, a buffer that started at one, reversed order, an activation."""
    if knobs.accumulate == "running":
        out = np.cumsum(out, axis=1)
    elif knobs.accumulate == "start-one":
        out = out + 1.0
    elif knobs.accumulate == "start-first-sample" and first_samples is not None:
        out = out + first_samples
    if knobs.order == "reversed":
        out = out[:, ::-1]
    if knobs.activation in _ACTIVATIONS:
        out = _ACTIVATIONS[knobs.activation](out)
    return out


_STRIDED_WINDOWS = {"stride-all", "stride-first", "stride-sparse", "subsample-input",
                    "subsample-padded", "floor-length", "floor-length-and-pads"}


def can_differ(knob: str, setting: object, case: Case, refused: bool) -> bool:
    """False when the one mistake `knob` = `setting` cannot change the outcome on `case`
    (the reference refuses it when `refused`): then simulating it is not needed. A shortcut
    that only says False where the definition of the mistake makes it certain."""
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


def _narrow_product_dtype(case: Case) -> np.dtype | None:
    """The integer type products are computed in, when both arrays are small integers."""
    x_dtype, w_dtype = case.x.dtype, case.w.dtype
    if x_dtype.kind in "iu" and w_dtype.kind in "iu" and x_dtype.itemsize < 8:
        return np.promote_types(x_dtype, w_dtype)
    return None


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


def _apply_values(out: np.ndarray, case: Case, knobs: Knobs) -> np.ndarray:
    x_dtype, w_dtype = case.x.dtype, case.w.dtype
    if knobs.values == "truncate" and x_dtype.kind in "biu":
        return np.trunc(out)
    if knobs.values == "input-buffer" and x_dtype.kind in "biu":
        stored = np.trunc(out)
        return _wrap_integers(stored, x_dtype) if x_dtype.itemsize < 8 else stored
    if knobs.values == "truncate-always":
        return np.trunc(out)
    if knobs.values == "round":
        return np.round(out)
    if (knobs.values == "wrap" and x_dtype.kind in "iu" and w_dtype.kind in "iu"
            and x_dtype.itemsize < 8):
        return _wrap_integers(out, np.promote_types(x_dtype, w_dtype))
    if knobs.values in _NARROW_SUMS and x_dtype.kind in "iu" and w_dtype.kind in "iu":
        return _wrap_integers(out, np.dtype(_NARROW_SUMS[knobs.values]))
    return out


# integer data converted to a narrow type inside the code, whatever type it came in
_NARROW_SUMS = {"wrap-int8": "int8", "wrap-int16": "int16", "wrap-int32": "int32"}


def _give_back(out: np.ndarray, layout: str, knobs: Knobs) -> np.ndarray:
    """The output in the exercise's own layout (as the mistaken code returns it)."""
    if layout == "single":
        return out[0]
    if knobs.out_layout == "reshaped":
        # built as (L_out, C_out) and reshaped (not transposed) to the other order
        return out.T.reshape(out.shape) if layout == "channels" else out.reshape(out.T.shape)
    if layout == "channels":
        return out.T if knobs.out_layout == "transposed" else out
    return out if knobs.out_layout == "transposed" else out.T
