"""What diagnosis says when no modelled mistake explains enough: a guess from a feature
every difference shares, or from the shape of the differences, and how sure each is."""

from __future__ import annotations

from convlab.diagnosis.table import Table

__all__ = ["FEATURE_CONFIDENCE", "GUESS_WORDS", "PLAIN_FACTS", "SHAPE_CONFIDENCE",
           "all_invalid", "guess_by_features", "guess_by_shape", "mostly_invalid"]


FEATURE_CONFIDENCE = 0.6
"""A guess from one feature every difference shares (all on small integer types, say)."""
SHAPE_CONFIDENCE = 0.25
"""A guess from the shape of the differences alone (shorter, longer, same length)."""
PLAIN_FACTS = {"invalid-output", "wrong-values", "modifies-input"}
"""Categories that state what was seen rather than a cause: never uncertain."""
GUESS_WORDS = "fits the shape of the differences"


def mostly_invalid(outcomes, failing) -> bool:
    """At least half of the differences are errors or results that are not numbers."""
    return 2 * sum(not outcomes[i].ok for i in failing) >= len(failing)


def all_invalid(outcomes, failing) -> bool:
    return all(not outcomes[i].ok for i in failing)


def guess_by_features(table: Table, failing) -> str | None:
    """No model fits: if every difference shares one feature of the input, name that."""
    probes = [table.probes[i] for i in failing]
    if all(p.x.dtype.kind in "iu" and p.x.dtype.itemsize < 8 and p.w.dtype.kind in "iu"
           for p in probes):
        return "integer-overflow"
    if all(p.x.dtype.kind in "biu" and p.w.dtype.kind == "f" for p in probes):
        return "dtype-truncation"
    if all(p.dilation > 1 for p in probes):
        return "dilation"
    if all(table.reference[i].error is not None for i in failing):
        return "kernel-too-long-silent"
    return None


def guess_by_shape(table: Table, outcomes, failing) -> str:
    """No model fits: guess from what the differences look like (length, values)."""
    shorter = longer = same_length = 0
    for index in failing:
        expected, got = table.reference[index], outcomes[index]
        if expected.value is None or got.value is None:
            continue
        if expected.value.ndim != got.value.ndim:
            return "invalid-output"
        if got.value.size < expected.value.size:
            shorter += 1
        elif got.value.size > expected.value.size:
            longer += 1
        else:
            same_length += 1
    if not (shorter or longer or same_length):
        return "invalid-output"
    if shorter >= max(longer, same_length):
        return "last-window-skipped"
    if longer >= same_length:
        return "extra-window"
    strided = [i for i in failing if table.probes[i].stride > 1]
    padded = [i for i in failing if table.probes[i].padding not in ("valid", 0)]
    if len(strided) == len(failing):
        return "stride-ignored"
    if len(padded) == len(failing):
        return "padding-side"
    return "wrong-values"
