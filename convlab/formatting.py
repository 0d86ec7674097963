"""How convlab writes numbers and values for people: one set of rules for every view.

Whole numbers are written without a trailing ".0" (learners' inputs are mostly small
integers, and "21" reads better than "21.0"); other numbers get a few significant digits
in pictures and tables, or their full value where a learner may copy the text back into
code.

>>> number(21.0), number(1 / 3), number(None)
('21', '0.3333', '')
>>> exact(21.0), exact(0.1)
('21', '0.1')
>>> values_text(np.array([1.0, 2.5, 1 / 3]))
'[1, 2.5, 0.333333]'
"""

from __future__ import annotations

import numpy as np

__all__ = ["exact", "number", "outcome_text", "shorten", "value_text", "values_text"]

# beyond these, whole floats are written as floats: an int of 16 digits hides rounding
_WHOLE_SHORT = 1e12
_WHOLE_EXACT = 1e15


def number(value, digits: int = 4) -> str:
    """A number for a cell of a picture or a table: '3', '-0.5', '0.3333', 'nan'.

    Whole numbers below 1e12 without a decimal point, others with `digits` significant
    digits; None (an empty cell) is ''.
    """
    if value is None:
        return ""
    value = float(value)
    if value.is_integer() and abs(value) < _WHOLE_SHORT:
        return str(int(value))
    return f"{value:.{digits}g}"


def exact(value) -> str:
    """A number written so that reading it back gives the same value: '3', '0.1'."""
    if isinstance(value, (float, np.floating)) and float(value).is_integer() \
            and abs(value) < _WHOLE_EXACT:
        return str(int(value))
    return repr(value.item() if isinstance(value, np.generic) else value)


def values_text(values: np.ndarray, decimals: int = 6, limit: int = 200) -> str:
    """An array as a (nested) Python list, rounded to `decimals`, cut at `limit` characters."""
    text = repr(_whole(np.round(np.asarray(values, dtype=float), decimals).tolist()))
    return text if len(text) < limit else text[:limit - 3] + "..."


def _whole(values):
    if isinstance(values, list):
        return [_whole(v) for v in values]
    return int(values) if float(values).is_integer() and abs(values) < _WHOLE_EXACT else values


def value_text(value: object, width: int = 60) -> str:
    """A variable's value on one line: arrays summarised, floats as `number`, at most
    `width` characters."""
    if isinstance(value, np.ndarray):
        text = np.array2string(value, separator=", ", threshold=12, edgeitems=3,
                               max_line_width=10_000)
    elif isinstance(value, (float, np.floating)):
        text = number(value)
    else:
        text = str(value)
    return shorten(text, width)


def shorten(text: str, width: int) -> str:
    """`text` itself when it fits in `width` characters, else cut with a trailing '…'."""
    return text if len(text) <= width else text[:width - 1] + "…"


def outcome_text(outcome) -> str:
    """What a run gave (a convlab.running.Outcome), in a few words: its values, what it did
    besides, or what went wrong ("raises IndexError: ...")."""
    if outcome.value is not None:
        shown = values_text(outcome.value)
        if getattr(outcome, "parts", ()):
            shown = "(" + ", ".join(f"{name}={values_text(array)}"
                                    for name, array in outcome.split().items()) + ")"
        return shown if outcome.mutated is None else f"{shown}, but {outcome.mutated}"
    if outcome.error is not None:
        return f"raises {outcome.error}"
    return outcome.bad or "nothing"
