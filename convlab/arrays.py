"""Turning what the user passed (lists, ints, arrays) into checked numpy arrays.

Conversion never modifies the caller's object: numpy arrays are only read, and anything the
computation writes to is a new array.
"""

from __future__ import annotations

import numpy as np

from convlab.errors import ParameterError, ParameterTypeError, describe

__all__ = ["MAX_ELEMENTS", "as_numeric_array", "check_fits", "compute_dtype"]

MAX_ELEMENTS = 100_000_000
"""The most elements an array convlab builds may hold (800 MB of float64): past it, an error
naming the parameter comes before any allocation, never a MemoryError."""


def check_fits(elements: int, name: str, what: str) -> None:
    """A ParameterError naming `name` when an array of `elements` values would not fit."""
    if elements > MAX_ELEMENTS:
        made = f"makes {what} of" if what else "holds"
        raise ParameterError(
            f"'{name}' {made} {elements:,} values, more than the {MAX_ELEMENTS:,} convlab "
            f"computes with (about {MAX_ELEMENTS * 8 // 10**6:,} MB); use smaller sizes", name)


def as_numeric_array(value: object, name: str, *, allow_empty: bool = False) -> np.ndarray:
    """`value` as a real-valued numpy array, or a ConvlabError naming `name`.

    Lists of numbers are fine; ragged lists, strings, None, complex numbers and empty
    arrays are refused with a message that says how to fix them.
    """
    if isinstance(value, np.ma.MaskedArray):
        raise ParameterTypeError(
            f"'{name}' is a masked array; convlab would ignore its mask: pass "
            f"{name}.filled(0) (masked values as zeros) or {name}.compressed() (dropped)", name)
    if isinstance(value, np.ndarray):
        array = value
    else:
        if value is None or isinstance(value, (str, bytes, dict, set)):
            raise ParameterTypeError(
                f"'{name}' must be an array or a list of numbers (got {describe(value)})", name)
        try:
            array = np.asarray(value)
        except ValueError as error:
            raise ParameterError(
                f"'{name}' is a ragged nested list (rows of different lengths, got "
                f"{describe(value)}); make every row the same length", name) from error
        except TypeError as error:
            raise ParameterTypeError(
                f"'{name}' must be an array or a list of numbers (got {describe(value)})",
                name) from error
    kind = array.dtype.kind
    if kind == "O":
        raise ParameterTypeError(
            f"'{name}' holds Python objects (got {describe(value)}); a ragged list or mixed "
            f"types cannot be convolved: pass a rectangular list of numbers", name)
    if kind == "c":
        raise ParameterTypeError(
            f"'{name}' is complex (dtype {array.dtype}); convlab convolves real numbers: pass "
            f"the real and imaginary parts separately", name)
    if kind not in "biuf":
        raise ParameterTypeError(
            f"'{name}' must hold numbers (got dtype {array.dtype} from {describe(value)}); "
            f"convert it with np.asarray({name}, dtype=float)", name)
    check_fits(array.size, name, "")
    if array.size == 0 and not allow_empty:
        raise ParameterError(
            f"'{name}' is empty (shape {array.shape}); every axis needs at least one element",
            name)
    return array


def compute_dtype(*arrays: np.ndarray) -> np.dtype:
    """The float dtype the convolution computes and returns in.

    Integer and boolean inputs count as float64 (an int input never truncates the result);
    float32 with float32 stays float32; float16 stays float16; mixed floats promote.
    """
    floats = [a.dtype if a.dtype.kind == "f" else np.dtype(np.float64) for a in arrays]
    return np.result_type(*floats)
