"""What an implementation did on one input, and whether two outcomes agree.

An Outcome is an array (what the function returned, as float64), an error (it raised), or a
bad result (it returned something that is not an array of numbers). A model of a mistake may
also predict ANYTHING (this input tells nothing about the mistake) or SILENT (any result
made up where the reference raises: a kernel longer than the input).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from convlab.agreement import first_difference, tolerance
from convlab.case import Case
from convlab.guard import CallTimeout, quietly
from convlab.guard import time_limit as guard_time_limit

__all__ = ["ANYTHING", "NOTHING_FITS", "SILENT", "Outcome", "agree", "run_guarded"]


@dataclass(frozen=True)
class Outcome:
    """One run: `value` (float64 array) or `error` ("IndexError: ...") or `bad` (a reason).

    A predicted outcome also knows its `case`, which sets how close an observed output
    must come to it (convlab.agreement.tolerance).
    """

    value: np.ndarray | None = None
    error: str | None = None
    bad: str | None = None
    dtype: str | None = None
    case: Case | None = field(default=None, repr=False, compare=False)

    @property
    def ok(self) -> bool:
        return self.value is not None

    def describe(self) -> str:
        if self.value is not None:
            return _format_values(self.value)
        if self.error is not None:
            return f"raises {self.error}"
        return self.bad or "nothing"


ANYTHING = Outcome(bad="(anything)")
NOTHING_FITS = Outcome(bad="(an error or an empty result: no window fits)")
SILENT = Outcome(bad="(a made-up, non-empty result instead of an error)")


def _format_values(values: np.ndarray) -> str:
    as_list = np.round(values, 6).tolist()
    text = repr(_tidy(as_list))
    return text if len(text) < 200 else text[:197] + "..."


def _tidy(values):
    if isinstance(values, list):
        return [_tidy(v) for v in values]
    return int(values) if float(values).is_integer() and abs(values) < 1e15 else values


def as_outcome(result: object) -> Outcome:
    """Turn what a function returned into an Outcome (lists and float32 are fine)."""
    if result is None:
        return Outcome(bad="returned None (forgot the return statement?)")
    if isinstance(result, (str, bytes, dict, set)):
        return Outcome(bad=f"returned a {type(result).__name__}, not an array of numbers")
    try:
        array = np.asarray(result)
        dtype = str(array.dtype)
        if array.dtype.kind not in "biuf":
            return Outcome(bad=f"returned values of dtype {array.dtype}, not numbers")
        return Outcome(value=array.astype(np.float64), dtype=dtype)
    except (TypeError, ValueError) as error:
        return Outcome(bad=f"returned {type(result).__name__} that is not an array of numbers "
                           f"({error})")


def agree(prediction: Outcome, outcome: Outcome) -> bool:
    """Does an observed outcome match a predicted (or expected) one?"""
    if prediction is ANYTHING:
        return True
    if prediction is NOTHING_FITS:
        return outcome.error is not None or (outcome.ok and outcome.value.size == 0)
    if prediction is SILENT:
        return outcome.error is None and not (outcome.ok and outcome.value.size == 0)
    if prediction.error is not None or outcome.error is not None:
        return prediction.error is not None and outcome.error is not None
    if prediction.bad is not None or outcome.bad is not None:
        return False
    expected, got = prediction.value, outcome.value
    if expected.shape != got.shape:
        return False
    if not expected.size:
        return True
    case = prediction.case or outcome.case
    atol = tolerance(case, outcome.dtype) if case is not None else 0.0
    return first_difference(expected, got, atol) is None


TIMEOUT_PREFIX = "TimeoutError"


def run_guarded(call: Callable[[], object], time_limit: float = 2.0) -> Outcome:
    """Call a learner's function: warnings and prints are swallowed, errors become Outcomes."""
    try:
        with quietly(), guard_time_limit(time_limit):
            result = call()
            return as_outcome(result)
    except (CallTimeout, TimeoutError) as error:
        return Outcome(error=f"{TIMEOUT_PREFIX}: {error}")
    except RecursionError:
        return Outcome(error="RecursionError: maximum recursion depth exceeded")
    except (Exception, SystemExit) as error:  # noqa: BLE001 - any exception of the learner's is an outcome
        message = str(error).splitlines()[0] if str(error) else ""
        return Outcome(error=_shorten(f"{type(error).__name__}: {message}", 300))


def _shorten(text: str, limit: int) -> str:
    """`text` cut at a word boundary to at most `limit` characters."""
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0] + " ..."
