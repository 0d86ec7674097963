"""Frame: one panel of the debugger at one step, and the input values every panel shows."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from convlab.case import Case
from convlab.errors import ParameterError
from convlab.padding import source_index

__all__ = ["GRANULARITIES", "Frame", "check_granularity", "input_rows", "window_products"]

GRANULARITIES = ("output", "line")
"""'output': one implementation frame per output element; 'line': one per executed line."""


def check_granularity(granularity: object) -> str:
    """`granularity` when it is one of GRANULARITIES, else an error naming it."""
    if granularity not in GRANULARITIES:
        raise ParameterError(
            f"'granularity' must be one of {', '.join(map(repr, GRANULARITIES))} (got "
            f"{granularity!r})", "granularity")
    return granularity


@dataclass(frozen=True)
class Frame:
    """One panel at one step.

    `positions` are the input coordinates of the columns shown, `inputs` the padded input
    (one row per channel) and `padding[j]` whether column j is padding. `window` holds the
    input position each tap in `taps` reads for the output being computed (`output_index`,
    a (row, column) cell); `tap_values`, `products` and `running_sum` are aligned with it.
    `window_from` says where the window comes from: "provenance" (measured on the
    implementation; an empty window there means the output reads no input at all),
    "reference" (the reference's, shown because the implementation's is unknown; `note`
    says why) or "" (no such output). `outputs` is the output so far, one row per output
    channel, None for cells not written yet; `written` are the cells this step wrote;
    `mismatches` the cells that differ from the reference; `missing` the cells the
    reference has and this side lacks. `depth` is how deep in the learner's calls the
    step's line ran (0: the function itself).

    Drawing the mistake (implementation frames only): `unread` are the positions of the
    reference's window for this output that the implementation never read for it; `starts`
    the first input position of every window the implementation's loop visited, and
    `missed_starts` the reference's window starts it never visited.
    """

    side: str
    step: int
    n_steps: int
    title: str
    lineno: int | None
    line: str
    source: tuple[str, ...]
    source_start: int
    locals: tuple[tuple[str, str], ...]
    positions: tuple[int, ...]
    inputs: tuple[tuple[float, ...], ...]
    padding: tuple[bool, ...]
    output_index: tuple[int, int] | None
    window: tuple[int, ...]
    window_from: str
    taps: tuple[int, ...]
    tap_values: tuple[float, ...]
    products: tuple[float, ...]
    running_sum: tuple[float, ...]
    outputs: tuple[tuple[float | None, ...], ...]
    written: tuple[tuple[int, int], ...]
    mismatches: frozenset
    missing: frozenset
    note: str = ""
    depth: int = 0
    unread: tuple[int, ...] = ()
    starts: tuple[int, ...] = ()
    missed_starts: tuple[int, ...] = ()

    def input_at(self, position: int, row: int = 0) -> float:
        """The value the panel shows at an input position (padding included)."""
        return self.inputs[row][self.positions.index(position)]


def _signal_rows(case: Case) -> np.ndarray:
    """x as (channels, L): one row per input channel, whatever the layout."""
    x = case.x
    if x.ndim == 1:
        return x[None, :]
    if x.ndim == 2:
        return x if case.layout == "NCL" else x.T
    return x.reshape(-1, x.shape[-1])


def input_rows(case: Case, positions: tuple[int, ...]) -> tuple[tuple[float, ...], ...]:
    """The padded input at `positions`, one row per channel, filled as the padding mode
    says (convlab.padding.source_index): what every panel draws as its input."""
    rows = _signal_rows(case)
    length = rows.shape[1]
    # a position inside the signal is the sample itself; padding asks convlab.padding
    sources = [p if 0 <= p < length else source_index(p, length, case.padding_mode)
               for p in positions]
    return tuple(tuple(0.0 if i is None else float(row[i]) for i in sources)
                 for row in rows)


def window_products(case: Case, inputs: tuple[float, ...], positions: tuple[int, ...],
                    window: tuple[int, ...], taps: tuple[int, ...]):
    """(tap values, products w[k] * xpad[p], running sums) along a window of a 1-D case."""
    column = {p: j for j, p in enumerate(positions)}
    tap_values = tuple(float(case.w[k]) if 0 <= k < case.w.size else 0.0 for k in taps)
    products = tuple(value * inputs[column[p]] for value, p in zip(tap_values, window))
    return tap_values, products, tuple(np.cumsum(products).tolist())
