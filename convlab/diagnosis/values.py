"""What a (mistaken) implementation does to the sums once the windows are computed:
running totals, reversed order, activations, integer buffers and narrow types, and the
layout it gives the output back in. Part of the simulation of mistakes
(convlab.diagnosis.models)."""

from __future__ import annotations

import numpy as np

from convlab.case import Case
from convlab.diagnosis.knobs import Knobs

__all__ = ["apply_values", "give_back", "narrow_product_dtype", "post_process",
           "wrap_integers"]


def wrap_integers(values: np.ndarray, dtype: np.dtype) -> np.ndarray:
    bits = 8 * dtype.itemsize
    modulus = 2.0 ** bits
    wrapped = np.mod(np.round(values), modulus)
    if dtype.kind == "i":
        wrapped = np.where(wrapped >= modulus / 2, wrapped - modulus, wrapped)
    return wrapped


_ACTIVATIONS = {
    "relu": lambda out: np.maximum(out, 0.0),
    "abs": np.abs,
    "sigmoid": lambda out: 1.0 / (1.0 + np.exp(-np.clip(out, -700, 700))),
    "tanh": np.tanh,
}


def post_process(out: np.ndarray, knobs: Knobs,
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


def narrow_product_dtype(case: Case) -> np.dtype | None:
    """The integer type products are computed in, when both arrays are small integers."""
    x_dtype, w_dtype = case.x.dtype, case.w.dtype
    if x_dtype.kind in "iu" and w_dtype.kind in "iu" and x_dtype.itemsize < 8:
        return np.promote_types(x_dtype, w_dtype)
    return None


def apply_values(out: np.ndarray, case: Case, knobs: Knobs) -> np.ndarray:
    x_dtype, w_dtype = case.x.dtype, case.w.dtype
    if knobs.values == "truncate" and x_dtype.kind in "biu":
        return np.trunc(out)
    if knobs.values == "input-buffer" and x_dtype.kind in "biu":
        stored = np.trunc(out)
        return wrap_integers(stored, x_dtype) if x_dtype.itemsize < 8 else stored
    if knobs.values == "truncate-always":
        return np.trunc(out)
    if knobs.values == "round":
        return np.round(out)
    if (knobs.values == "wrap" and x_dtype.kind in "iu" and w_dtype.kind in "iu"
            and x_dtype.itemsize < 8):
        return wrap_integers(out, np.promote_types(x_dtype, w_dtype))
    if knobs.values in _NARROW_SUMS and x_dtype.kind in "iu" and w_dtype.kind in "iu":
        return wrap_integers(out, np.dtype(_NARROW_SUMS[knobs.values]))
    return out


# integer data converted to a narrow type inside the code, whatever type it came in
_NARROW_SUMS = {"wrap-int8": "int8", "wrap-int16": "int16", "wrap-int32": "int32"}


def give_back(out: np.ndarray, layout: str, knobs: Knobs) -> np.ndarray:
    """The output in the exercise's own layout (as the mistaken code returns it)."""
    if layout == "single":
        return out[0]
    if knobs.out_layout == "reshaped":
        # built as (L_out, C_out) and reshaped (not transposed) to the other order
        return out.T.reshape(out.shape) if layout == "channels" else out.reshape(out.T.shape)
    if layout == "channels":
        return out.T if knobs.out_layout == "transposed" else out
    return out if knobs.out_layout == "transposed" else out.T
