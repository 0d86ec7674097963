"""When two outputs count as the same: one tolerance and one "first difference" for all of
convlab (the grader, compare and the tracer, the catalog's checks, diagnosis).

Rounding error grows with the size of the products summed, not with their sum (which may
cancel to zero), so differences are measured against max |x| * sum |w| (+ max |bias|):
one part in a million of that for float64 work, one part in ten thousand when any input or
the result is float32 or float16. A real mistake moves an output by a sizeable part of it.
"""

from __future__ import annotations

import numpy as np

from convlab.case import Case

__all__ = ["first_difference", "same_values", "tolerance"]

FLOAT64_RELATIVE = 1e-6
LOW_PRECISION_RELATIVE = 1e-4


def tolerance(case: Case, dtype: object = None) -> float:
    """The largest difference from the reference on `case` that counts as rounding.

    `dtype` is the dtype of the result being judged, when known: float32 results of float64
    inputs get float32's allowance too.
    """
    dtypes = [a.dtype for a in case.arrays] + ([np.dtype(dtype)] if dtype is not None else [])
    low_precision = any(d.kind == "f" and d.itemsize < 8 for d in dtypes)
    relative = LOW_PRECISION_RELATIVE if low_precision else FLOAT64_RELATIVE
    scale = max(1.0, float(np.abs(case.x).max() * np.abs(case.w).sum()))
    if case.bias is not None:
        scale += float(np.abs(case.bias).max())
    if case.dout is not None and case.dout.size:
        # a backward pass sums dout * w into dx and dout * x into dw
        dout = np.abs(case.dout)
        scale = max(scale, float(dout.max() * np.abs(case.w).sum()),
                    float(np.abs(case.x).max() * dout.sum()))
    return relative * scale


def same_values(expected: np.ndarray, got: np.ndarray, atol: float) -> bool:
    """Whether `got` has `expected`'s shape and every element within `atol` (NaN agrees
    with NaN): `first_difference(expected, got, atol) is None` for equal shapes, answered
    fast (diagnosis asks it tens of thousands of times)."""
    if expected.shape != got.shape:
        return False
    if np.array_equal(expected, got):
        return True
    with np.errstate(invalid="ignore"):
        close = (got == expected) | (np.abs(got - expected) <= atol)
    return bool(close.all()) or bool((close | (np.isnan(got) & np.isnan(expected))).all())


def first_difference(expected: np.ndarray, got: np.ndarray, atol: float):
    """The first index where `got` and `expected` differ by more than `atol`.

    Over the elements both have; if those agree but the shapes differ, the first index one
    has and the other lacks. None when they agree everywhere (NaN agrees with NaN). An int
    for 1-D outputs, a tuple otherwise.
    """
    if expected.ndim != got.ndim:
        return 0 if expected.ndim <= 1 else tuple([0] * expected.ndim)
    common = tuple(slice(0, min(a, b)) for a, b in zip(expected.shape, got.shape))
    differs = ~np.isclose(got[common], expected[common], rtol=0, atol=atol, equal_nan=True)
    if differs.any():
        flat = int(np.flatnonzero(differs)[0])
        return _index(np.unravel_index(flat, differs.shape))
    if expected.shape == got.shape:
        return None
    axis = next(a for a, (e, g) in enumerate(zip(expected.shape, got.shape)) if e != g)
    index = [0] * expected.ndim
    index[axis] = min(expected.shape[axis], got.shape[axis])
    return _index(index)


def _index(index) -> int | tuple:
    index = tuple(int(i) for i in index)
    return index[0] if len(index) == 1 else index
