"""The check every count-like argument shares: a whole number, at least some minimum.

It sits below every module that takes a stride, a length or a limit, so each of them
refuses `stride=0` or `kernel_size=2.5` with the same words, naming the argument.
"""

from __future__ import annotations

import math
import numbers

from convlab.errors import ParameterError, ParameterTypeError, describe

__all__ = ["check_positive_int"]


def check_positive_int(value: object, name: str, *, minimum: int = 1) -> int:
    """Return `value` as an int, or raise naming `name` when it is not an int >= minimum.

    >>> check_positive_int(3, "stride")
    3
    """
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        hint = ""
        if isinstance(value, numbers.Real) and math.isfinite(value) and float(value).is_integer():
            hint = f"; write {int(value)} instead of {value!r}"
        raise ParameterTypeError(
            f"'{name}' must be an int >= {minimum} (got {describe(value)}){hint}", name)
    if value < minimum:
        raise ParameterError(
            f"'{name}' must be an int >= {minimum} (got {describe(value)})", name)
    return int(value)
