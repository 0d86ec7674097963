"""Models of mistakes in conv1d's backward pass and in the transposed convolution.

Both are scatters: each source sample (an output gradient dout[t], or an input sample x[i]
of the transposed convolution) adds a scaled kernel into a buffer at positions t * stride +
k, and the padding is cropped off the buffer afterwards; the backward pass also correlates
the padded input with dout for dw. `simulate_adjoint(case, layout, knobs)` performs that
scatter with the knobs of convlab.diagnosis.knobs set as a mistake sets them: the stride not
spread (or spread with a zero too many), the crop missing, one-sided or added instead, `=`
where `+=` belongs, indices one off, the kernel the wrong way round, dw reversed, the results
swapped, output_padding ignored, another output-length formula, the last source sample
never scattered, an integer buffer. With every knob at its default it is the reference
(tests check this on every probe).
"""

from __future__ import annotations

import numpy as np

from convlab.batteries import forward_length, transposed_output_length, transposed_padding
from convlab.case import Case
from convlab.diagnosis.knobs import Knobs
from convlab.diagnosis.outcomes import ERROR, NOTHING_FITS, Outcome
from convlab.exercises import SCATTER_LAYOUTS
from convlab.padding import pad_widths

__all__ = ["ADJOINT_LAYOUTS", "can_differ_adjoint", "simulate_adjoint"]

ADJOINT_LAYOUTS = SCATTER_LAYOUTS
_FLOAT = np.dtype(np.float64)


class _Refused(Exception):
    """The modelled loop reads or writes outside its buffer: the learner's code raises."""


def simulate_adjoint(case: Case, layout: str, knobs: Knobs) -> Outcome:
    """What a backward pass (layout "backward": (dx, dw)) or a transposed convolution
    (layout "transposed") with these knobs returns on `case`."""
    try:
        if layout == "backward":
            return _backward(case, knobs)
        return _transposed(case, knobs)
    except _Refused:
        return ERROR


# --- the backward pass -------------------------------------------------------------------

def _backward(case: Case, knobs: Knobs) -> Outcome:
    x, w = case.x.astype(np.float64), case.w.astype(np.float64)
    length, kernel_size, stride = x.size, w.size, case.stride
    left, right = pad_widths(case.padding, length, stride, kernel_size)
    if knobs.crop == "same-swapped":
        left, right = right, left
    padded_length = length + left + right
    count = forward_length(case)
    if case.dout is None or count < 1 or case.dout.size != count:
        return ERROR
    dout = case.dout.astype(np.float64)
    last_exact = knobs.windows == "skip-last-exact" and (padded_length - kernel_size) % stride == 0
    sources = count - 1 if knobs.windows in ("skip-last", "skip-last-dx") or last_exact else count
    dx = _backward_dx(case, knobs, dout[:sources], w, left, right, padded_length)
    sources = count - 1 if knobs.windows in ("skip-last", "skip-last-dw") or last_exact else count
    dw = _backward_dw(case, knobs, dout[:sources], x, left, right)
    if knobs.reverse == "dw" or knobs.flip == "true-convolution":
        dw = dw[::-1]
    if knobs.values == "dw-int" and case.w.dtype.kind in "biu":
        dw = np.trunc(dw)
    if knobs.values == "dx-int-final" and case.x.dtype.kind in "biu":
        dx = np.trunc(dx)
    parts = (("dx", dx), ("dw", dw))
    if knobs.results == "swapped":
        parts = (("dw", dw), ("dx", dx))
    value = np.concatenate([part.ravel() for _, part in parts])
    return Outcome(value=value, parts=tuple((name, part.shape) for name, part in parts),
                   case=case)


def _flipped(knobs: Knobs, case: Case) -> bool:
    """Whether the kernel is added the wrong way round on this case: always, only on the
    stride-1 shortcut of a function, or with the forward pass taken for a true convolution
    (dw reversed too)."""
    if knobs.flip == "stride-one":
        return case.stride == 1
    return bool(knobs.flip)


def _step(knobs: Knobs, stride: int, which: str) -> int:
    """How far apart the source samples land: the stride, 1 when it is not spread out, or
    stride + 1 when stride zeros (not stride - 1) were inserted between them."""
    setting = knobs.spread
    if setting == "ignored" or setting == f"ignored-{which}":
        return 1
    if setting in ("s-zeros", f"s-zeros-{which}"):
        return stride + 1
    return stride


def _backward_dx(case, knobs, dout, w, left, right, padded_length) -> np.ndarray:
    length, kernel_size = case.x.size, w.size
    step = _step(knobs, case.stride, "dx")
    taps = w[::-1] if _flipped(knobs, case) else w
    shift = {"dx+1": 1, "dx-1": -1}.get(knobs.shift, 0)
    if knobs.crop in ("ignored", "ignored-clipped"):
        # no padding offset: writes at t*stride + k straight into a buffer of x's length
        return _scatter(dout, taps, step, shift, length, knobs, "dx", case.x.dtype,
                        clip=knobs.crop == "ignored-clipped")
    span = (dout.size - 1) * step + kernel_size + abs(shift) if dout.size else 0
    buffer = _scatter(dout, taps, step, shift, max(padded_length, span), knobs, "dx",
                      case.x.dtype, clip=True)
    start, size = {
        "none": (0, padded_length),
        "left-all": (left + right, length),
        "right-all": (0, length),
        "swapped": (right, length),
        "left-only": (left, padded_length - left),
        "right-only": (0, padded_length - right),
    }.get(knobs.crop, (left, length))
    return _window(buffer, start, size)


def _scatter(sources, taps, step, shift, size, knobs, which, input_dtype,
             clip: bool, kernel_dtype=_FLOAT) -> np.ndarray:
    """buffer[i * step + k + shift] (+)= sources[i] * taps[k], in loop order (sources outer,
    taps inner; taps outer for "last-k"), with `=` for an overwrite mistake and an integer
    buffer for an integer-buffer mistake."""
    integer = knobs.values == f"{which}-int" and input_dtype.kind in "biu"
    integer = integer or knobs.values == f"{which}-int-w" and kernel_dtype.kind in "biu"
    overwrite = knobs.overwrite.startswith(which) or knobs.overwrite == "both"
    buffer = np.zeros(max(size, 0))
    pairs = [(i, k) for i in range(sources.size) for k in range(taps.size)]
    if knobs.overwrite == f"{which}-last-k":
        pairs.sort(key=lambda pair: (pair[1], pair[0]))
    for i, k in pairs:
        position = i * step + k + shift
        if not 0 <= position < buffer.size:
            if clip:
                continue
            raise _Refused
        value = sources[i] * taps[k]
        total = value if overwrite else buffer[position] + value
        buffer[position] = np.trunc(total) if integer else total
    return buffer


def _backward_dw(case, knobs, dout, x, left, right) -> np.ndarray:
    kernel_size = case.w.size
    step = _step(knobs, case.stride, "dw")
    shift = {"dw+1": 1, "dw-1": -1}.get(knobs.shift, 0)
    integer = knobs.values == "dw-int-each" and case.w.dtype.kind in "biu"
    ignored = knobs.crop in ("ignored", "ignored-clipped", "dw-unpadded")
    xp = x if ignored else np.concatenate([np.zeros(left), x, np.zeros(right)])
    dw = np.zeros(kernel_size)
    for k in range(kernel_size):
        for t in range(dout.size):
            position = t * step + k + shift
            if 0 <= position < xp.size:
                value = dout[t] * xp[position]
            elif ignored and knobs.crop == "ignored":
                raise _Refused
            else:
                value = 0.0
            overwrite = knobs.overwrite in ("dw", "both")
            dw[k] = value if overwrite else dw[k] + value
            if integer:
                dw[k] = np.trunc(dw[k])
    return dw


def _window(buffer: np.ndarray, start: int, size: int) -> np.ndarray:
    """buffer[start:start + size], with zeros where that runs off either end."""
    size = max(size, 0)
    out = np.zeros(size)
    low, high = max(start, 0), min(start + size, buffer.size)
    if high > low:
        out[low - start:high - start] = buffer[low:high]
    return out


# --- the transposed convolution --------------------------------------------------------

_LENGTHS = {
    # wrong output-length formulas: length, stride, padding, kernel size, output_padding
    "L*s": lambda n, s, p, k, op: n * s,
    "L*s-2p": lambda n, s, p, k, op: n * s - 2 * p,
    "L*s+K-2p-1": lambda n, s, p, k, op: n * s + k - 2 * p - 1,
    "off-by-minus-one": lambda n, s, p, k, op: (n - 1) * s - 2 * p + k + op - 1,
    "off-by-plus-one": lambda n, s, p, k, op: (n - 1) * s - 2 * p + k + op + 1,
    "conv-formula": lambda n, s, p, k, op: (n + 2 * p - k) // s + 1,
    "L*s+op-2p": lambda n, s, p, k, op: n * s + op - 2 * p,
    "L*s+K-1+op-2p": lambda n, s, p, k, op: n * s + k - 1 + op - 2 * p,
    "keras": lambda n, s, p, k, op: n * s + max(k - s, 0) - 2 * p + op,
    "conv-formula+op": lambda n, s, p, k, op: (n + 2 * p - k) // s + 1 + op,
    "minus-op": lambda n, s, p, k, op: (n - 1) * s - 2 * p + k - op,
}


def _transposed(case: Case, knobs: Knobs) -> Outcome:
    x, w = case.x.astype(np.float64), case.w.astype(np.float64)
    length, kernel_size, stride = x.size, w.size, case.stride
    padding, extra = transposed_padding(case), case.output_padding
    if not isinstance(padding, int) or extra >= stride or transposed_output_length(case) <= 0:
        return ERROR
    step = 1 if knobs.spread == "ignored-length" else _step(knobs, stride, "out")
    # how far apart the samples are for the buffer's length: with the zeros left out (or
    # one too many put in) everywhere, the length follows; otherwise it is the stride's
    natural = step if knobs.spread in ("ignored-length", "s-zeros") else stride
    full = (length - 1) * natural + kernel_size + extra
    size = full - 2 * padding
    if knobs.out_pad == "ignored":
        size -= extra
    if knobs.length in _LENGTHS:
        size = _LENGTHS[knobs.length](length, stride, padding, kernel_size, extra)
    if knobs.out_pad == "clipped":
        # the output_padding cells never added to the buffer: the slice stops at its end
        size = min(size, full - extra - padding)
    start, size = {
        "none": (0, full),
        "added": (-padding, full + 2 * padding),
        "left-2p": (2 * padding, size),
        "right-2p": (0, size),
        "left-only": (padding, full - padding),
        "right-only": (0, full - padding),
    }.get(knobs.crop, (padding, size))
    if size <= 0:
        return NOTHING_FITS
    sources = length - 1 if knobs.windows == "skip-last" else length
    if knobs.windows == "skip-last-exact" and extra == 0:
        sources = length - 1  # `while i * stride + K < len(full)` stops before the last one
    taps = w[::-1] if _flipped(knobs, case) else w
    shift = {"out+1": 1, "out-1": -1}.get(knobs.shift, 0)
    span = (sources - 1) * step + kernel_size + abs(shift) if sources > 0 else 0
    if knobs.length == "buffer-L*s":
        # a buffer of L * stride + output_padding cells, written without a bounds check,
        # cropped by `padding` at both ends
        buffer = _scatter(x[:sources], taps, step, shift, length * stride + extra, knobs, "out",
                          case.x.dtype, clip=False, kernel_dtype=case.w.dtype)
        return Outcome(value=buffer[padding:buffer.size - padding], case=case)
    buffer = _scatter(x[:sources], taps, step, shift, max(full, span, start + size), knobs,
                      "out", case.x.dtype, clip=True, kernel_dtype=case.w.dtype)
    out = _window(buffer, start, size)
    if knobs.values == "out-int-final" and case.x.dtype.kind in "biu":
        out = np.trunc(out)
    return Outcome(value=out, case=case)


def can_differ_adjoint(knob: str, setting: object, case: Case) -> bool:
    """False when the one mistake `knob` = `setting` cannot change the outcome on `case`."""
    padded = case.padding not in ("valid", 0)
    if knob == "spread":
        # stride zeros instead of stride - 1 misplace samples even at stride 1
        return case.stride > 1 or str(setting).startswith("s-zeros")
    if knob == "crop":
        return padded
    if knob == "out_pad":
        return case.output_padding > 0
    if knob == "values":
        return case.x.dtype.kind in "biu" or case.w.dtype.kind in "biu"
    if knob == "flip" and setting == "stride-one":
        return case.stride == 1
    return True
