"""ScatterFrame: one panel of a scatter (the backward pass, the transposed convolution) at
one step, as plain data; convlab.stepviews.scatter builds them, convlab.render draws them."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["ScatterFrame"]


@dataclass(frozen=True)
class ScatterFrame:
    """One panel of a scatter at one step.

    What is scattered: `samples` (dout or x, called `sample_name`), `sample` the one this
    step scatters (None: not known), `kernel` (w). The result: one row per array `names`,
    `sizes[row]` cells long; `cells[row]` are the cells drawn (the same in both panels,
    cropped ones included) and `values[row]` what each held after this step (None: nothing
    known yet). `adds[row]` holds (cell, value): what the reference adds at this step, or
    what the implementation wrote (the cell's new value); `written` are those cells.
    `mismatches` are cells that differ from the reference's answer, `missing` cells it has
    and this side's result lacks. For the backward pass, `inputs` is x_padded as (cell,
    value, is padding) over row 0's cells and `reads` the cells dw reads at this step.
    `zero_tail` is the first output_padding cell (None: none) and `full_start` the full
    transposed output's position of out cell 0 (None for the backward pass). `writers` are
    (line number,
    source) of the learner's lines that wrote at this step. The source fields are Frame's,
    so the code beside the panels is drawn the same way; `output_index` is always None (a
    scatter computes no one output at a step).
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
    sample_name: str
    samples: tuple[float, ...]
    sample: int | None
    kernel: tuple[float, ...]
    names: tuple[str, ...]
    sizes: tuple[int, ...]
    cells: tuple[tuple[int, ...], ...]
    values: tuple[tuple[float | None, ...], ...]
    adds: tuple[tuple[tuple[int, float], ...], ...]
    written: tuple[tuple[int, int], ...]
    mismatches: frozenset
    missing: frozenset
    inputs: tuple[tuple[int, float | None, bool], ...] = ()
    reads: tuple[int, ...] = ()
    zero_tail: int | None = None
    full_start: int | None = None
    writers: tuple[tuple[int, str], ...] = ()
    note: str = ""
    depth: int = 0
    output_index: None = None

    def cropped(self, row: int, cell: int) -> bool:
        """Whether `cell` of `row` lies outside the answer (padding cropped off)."""
        return not 0 <= cell < self.sizes[row]

    def value_at(self, row: int, cell: int) -> float | None:
        """What the panel shows in a cell (None: nothing)."""
        cells = self.cells[row]
        return self.values[row][cell - cells[0]] if cells and cells[0] <= cell <= cells[-1] \
            else None
