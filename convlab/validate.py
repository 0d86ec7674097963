"""Checks for the arguments every part of convlab shares: the learner's function, a Case,
a positive limit. Each failure is a ConvlabError naming the parameter and saying what to pass.
"""

from __future__ import annotations

import math
import numbers

from convlab.case import Case
from convlab.errors import ParameterError, ParameterTypeError, describe

__all__ = ["check_case", "check_function", "check_seconds"]


def check_function(fn: object, name: str = "fn") -> object:
    """`fn` itself when it can be called, else an error showing the expected signature."""
    if not callable(fn):
        raise ParameterTypeError(
            f"'{name}' must be a function such as def conv1d(x, w, stride=1, padding='valid') "
            f"(got {describe(fn)})", name)
    return fn


def check_case(case: object, name: str = "case") -> Case:
    """`case` itself when it is a Case, else an error saying how to build one."""
    if not isinstance(case, Case):
        raise ParameterTypeError(
            f"'{name}' must be a convlab.Case (got {describe(case)}); build one with "
            f"convlab.Case(x=[1, 2, 3, 4, 5], w=[1, 10], stride=1, padding='valid')", name)
    return case


def check_seconds(value: object, name: str) -> float:
    """A positive, finite number of seconds."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise ParameterTypeError(f"'{name}' must be a number of seconds (got "
                                 f"{describe(value)})", name)
    if not (math.isfinite(value) and value > 0):
        raise ParameterError(f"'{name}' must be a positive number of seconds (got "
                             f"{describe(value)})", name)
    return float(value)
