"""Which columns both panels show at one step: one grid, around what matters now.

A panel cannot show thousands of cells, and two panels that scroll on their own lose each
other. So both panels draw the same columns, chosen here from both frames: a run of input
positions around the current windows (the implementation's, the reference's, and the part
of the reference's it never read) and a run of output indices around the output being
computed (and the first divergence, when it fits). Each run has a fixed width for a given
case, so stepping never changes the layout; "…" marks the columns left out on either side.
"""

from __future__ import annotations

from dataclasses import dataclass

from convlab.stepviews.frame import Frame
from convlab.stepviews.scatter import ScatterFrame

__all__ = ["COLUMNS", "Columns", "ScatterColumns", "centred_run", "scatter_columns",
           "shared_columns"]

COLUMNS = 11
"""How many input positions and how many output indices a panel shows at most."""


@dataclass(frozen=True)
class Columns:
    """The input positions and output indices both panels draw, and whether more lie to the
    left or right of each run (drawn as "…")."""

    positions: tuple[int, ...]
    outputs: tuple[int, ...]
    more_positions: tuple[bool, bool] = (False, False)
    more_outputs: tuple[bool, bool] = (False, False)
    cell_width: int = 6
    """Characters per cell: wide enough for the case's numbers, the same at every step."""


def centred_run(low: int, high: int, focus: list[int], width: int) -> tuple[int, int]:
    """[first, last] of a run of `width` values in [low, high] centred on `focus`."""
    if high - low + 1 <= width:
        return low, high
    if not focus:
        return low, low + width - 1
    span_low, span_high = min(focus), max(focus)
    width = max(width, span_high - span_low + 1)
    first = (span_low + span_high) // 2 - (width - 1) // 2
    first = max(low, min(first, high - width + 1))
    return first, first + width - 1


@dataclass(frozen=True)
class ScatterColumns:
    """The cells of each result array both panels of a scatter draw (`rows[row]`), and
    whether more lie to the left or right of each run (`more[row]`, drawn as "…")."""

    rows: tuple[tuple[int, ...], ...]
    more: tuple[tuple[bool, bool], ...]
    samples: tuple[int, ...] = ()
    more_samples: tuple[bool, bool] = (False, False)
    cell_width: int = 6


def scatter_columns(implementation: ScatterFrame, reference: ScatterFrame, *,
                    width: int = COLUMNS, divergence: tuple[int, int] | None = None,
                    cell_width: int = 6) -> ScatterColumns:
    """Per result array, a run of its cells around what this step adds or writes (and the
    first divergence, when it fits)."""
    rows, more = [], []
    for row, cells in enumerate(implementation.cells):
        if not cells:
            rows.append(())
            more.append((False, False))
            continue
        # the reference's cells of this step, and where the implementation's writes begin
        focus = [cell for (r, cell) in reference.written if r == row]
        focus += [cell for (r, cell) in implementation.written if r == row][:1]
        if isinstance(divergence, tuple) and divergence[0] == row and focus \
                and abs(divergence[1] - focus[0]) < width:
            focus.append(divergence[1])
        first, last = centred_run(cells[0], cells[-1], focus, width)
        rows.append(tuple(cell for cell in cells if first <= cell <= last))
        more.append((first > cells[0], last < cells[-1]))
    count = len(reference.samples)
    current = [frame.sample for frame in (implementation, reference) if frame.sample is not None]
    first, last = centred_run(0, count - 1, current[:1], width) if count else (0, -1)
    return ScatterColumns(tuple(rows), tuple(more), tuple(range(first, last + 1)),
                          (first > 0, last < count - 1), cell_width)


def shared_columns(implementation: Frame, reference: Frame, *, width: int = COLUMNS,
                   divergence: int | None = None, cell_width: int = 6) -> Columns:
    """The columns both panels draw at this step (see the module's doc); for the panels of
    a scatter, its ScatterColumns."""
    if isinstance(implementation, ScatterFrame):
        return scatter_columns(implementation, reference, width=width, divergence=divergence,
                               cell_width=cell_width)
    positions = implementation.positions
    if positions:
        focus = [*implementation.window, *reference.window, *implementation.unread]
        first, last = centred_run(positions[0], positions[-1], focus, width)
        shown = tuple(p for p in positions if first <= p <= last)
        more = (first > positions[0], last < positions[-1])
    else:
        shown, more = (), (False, False)
    count = max((len(row) for frame in (implementation, reference) for row in frame.outputs),
                default=0)
    count = max(count, max((c + 1 for _, c in implementation.missing), default=0))
    current = [cell[1] for cell in (implementation.output_index, reference.output_index)
               if cell is not None]
    focus = current[:1]
    if divergence is not None and focus and abs(divergence - focus[0]) < width:
        focus.append(divergence)
    low, high = centred_run(0, count - 1, focus, width) if count else (0, -1)
    return Columns(shown, tuple(range(low, high + 1)), more,
                   (low > 0, high < count - 1), cell_width)
