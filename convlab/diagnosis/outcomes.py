"""What a model of a mistake predicts on one input, and whether an outcome agrees with it.

Observed and predicted outcomes are the same record, convlab.running.Outcome: an array
(as float64), an error (it raised), or a bad result (not an array of numbers). A model may
also predict ANYTHING (this input tells nothing about the mistake), NOTHING_FITS (an error
or an empty result) or SILENT (any result made up where the reference raises: a kernel
longer than the input).
"""

from __future__ import annotations

import numpy as np

from convlab.agreement import same_values, tolerance
from convlab.running import Outcome

__all__ = ["ANYTHING", "ERROR", "NOTHING_FITS", "SILENT", "Outcome", "agree"]


ANYTHING = Outcome(bad="(anything)")
ERROR = Outcome(error="Error: (any exception)")
NOTHING_FITS = Outcome(bad="(an error or an empty result: no window fits)")
SILENT = Outcome(bad="(a made-up, non-empty result instead of an error)")


def _shapes(outcome: Outcome) -> tuple:
    """The shapes of the arrays a function returning several gave (names aside)."""
    return tuple(shape for _, shape in outcome.parts)


def agree(prediction: Outcome, outcome: Outcome) -> bool:
    """Do an observed outcome's values match a predicted (or expected) one's? (Whether the
    call also did something it must not, such as modifying its input, is judged apart:
    convlab.judging.)"""
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
    if expected.shape != got.shape or _shapes(prediction) != _shapes(outcome):
        return False
    if not expected.size or np.array_equal(expected, got):
        return True  # equal outright: no tolerance to compute (the common case in ranking)
    case = prediction.case or outcome.case
    return same_values(expected, got, tolerance(case, outcome.dtype) if case is not None
                       else 0.0)
