"""Timeline: every frame of one run, the implementation's and the reference's, aligned.

The implementation's frames replay the trace, one per output element or one per executed
line; the reference's are synthesized (convlab.stepviews.reference_side), one per output
element. `pair(i)` gives both at step i, aligned by the output element being computed.
"""

from __future__ import annotations

import functools
from collections.abc import Callable

import numpy as np

from convlab.case import Case
from convlab.comparing import Comparison, compare
from convlab.errors import ConvlabError
from convlab.exercises import SCATTER_LAYOUTS, get_exercise
from convlab.formatting import number
from convlab.stepviews.frame import Frame, check_granularity, input_rows, window_products
from convlab.stepviews.listing import function_span, locals_text
from convlab.stepviews.loops import loop_exits, outermost_exit
from convlab.stepviews.reference_side import reference_frame
from convlab.stepviews.scatter import ScatterTimeline

__all__ = ["Timeline", "timeline"]


def _scatters(comparison: Comparison) -> bool:
    """Whether the comparison's exercise is stepped as a scatter."""
    run = comparison.trace
    return run is not None and get_exercise(run.exercise).layout in SCATTER_LAYOUTS


def timeline(fn: Callable, case: Case, exercise=None, granularity: str = "output", *,
             max_steps: int = 10_000) -> Timeline:
    """Trace fn on case next to the reference and return its Timeline of frames."""
    return Timeline(compare(fn, case, exercise, max_steps=max_steps), granularity)


class Timeline:
    """The frames of a Comparison: `implementation(i)`, `reference(flat)`, and `pair(i)`.

    Everything per case (padded input, windows, output rows, who wrote which cell) is
    worked out once here; single frames are built the first time they are asked for.
    An exercise that scatters (the backward pass, the transposed convolution: its layout
    is in SCATTER_LAYOUTS) is stepped one sample at a time: `Timeline(comparison)` then
    gives a ScatterTimeline (convlab.stepviews.scatter), which every view draws the same
    way.
    """

    def __new__(cls, comparison: Comparison | None = None, granularity: str = "output"):
        if cls is Timeline and comparison is not None and _scatters(comparison):
            return ScatterTimeline(comparison, granularity)
        return super().__new__(cls)

    def __init__(self, comparison: Comparison, granularity: str = "output"):
        self.comparison = comparison
        self.granularity = check_granularity(granularity)
        self.case = case = comparison.case
        self.trace = run = comparison.trace
        self.tolerance = comparison.tolerance
        self.layout = case.layout
        self.one_d = case.x.ndim == 1 and case.w.ndim == 1
        try:
            self.pads = case.spec.pads(case.length)
            self.reference_windows = tuple(case.spec.windows(case.length))
        except (ConvlabError, ValueError):
            self.pads, self.reference_windows = (0, 0), ()
        self.expected = self._rows(comparison.expected)
        self.got = self._rows(comparison.got)
        provenance = run.provenance if run is not None else None
        self.provenance = provenance if self.one_d else None
        self.positions = self._positions()
        self.inputs = input_rows(case, self.positions)
        self.padding = tuple(not 0 <= p < case.length for p in self.positions)
        self.steps = run.steps if run is not None else ()
        self.cell_steps = {self._cell(index): step for index, step in run.write_step.items()} \
            if run is not None else {}
        self.shape = (max(len(self.expected), len(self.got)),
                      max((len(r) for r in (*self.expected, *self.got)), default=0))
        self.n_outputs = self.shape[0] * self.shape[1]
        self._write_history = self._history()
        self._first_write = min((h[0][0] for h in self._write_history.values()), default=None)
        self.n_steps = max(1, self.n_outputs if granularity == "output" else len(self.steps))
        self._starts = self._window_starts()
        self.implementation = functools.lru_cache(maxsize=None)(self._implementation)
        self.reference = functools.lru_cache(maxsize=None)(
            functools.partial(reference_frame, self))

    # --- the shape of things ------------------------------------------------------------

    def _rows(self, array) -> tuple[tuple[float, ...], ...]:
        """An output as rows of cells: one row per output channel."""
        if array is None:
            return ()
        array = np.asarray(array, dtype=float)
        if array.ndim == 1:
            return (tuple(array.tolist()),)
        if array.ndim == 2:
            rows = array.T if self.layout == "NLC" else array
            return tuple(tuple(row) for row in rows.tolist())
        return (tuple(array.reshape(-1).tolist()),)

    def _cell(self, index) -> tuple[int, int]:
        """The (row, column) of an output index as the implementation wrote it."""
        if isinstance(index, (int, np.integer)):
            return (0, int(index))
        if len(index) == 2:
            first, second = int(index[0]), int(index[1])
            return (second, first) if self.layout == "NLC" else (first, second)
        return (0, int(index[-1]))

    def _positions(self) -> tuple[int, ...]:
        """The padded input's columns, widened to every position any window reads."""
        low, high = -self.pads[0], self.case.length + self.pads[1] - 1
        windows = list(self.reference_windows)
        if self.provenance is not None:
            windows += list(self.provenance.windows)
        for window in windows:
            if len(window):
                low, high = min(low, min(window)), max(high, max(window))
        return tuple(range(low, high + 1))

    def _history(self) -> dict:
        """cell -> [(step index, value), ...] of every write, in order."""
        history: dict = {}
        for step in self.steps:
            for index, value in step.writes:
                history.setdefault(self._cell(index), []).append((step.index, float(value)))
        return history

    def flat_index(self, cell: tuple[int, int]) -> int:
        """The position of an output cell in row-major order."""
        return cell[0] * self.shape[1] + cell[1]

    def cell_of(self, flat: int) -> tuple[int, int]:
        """The output cell at a row-major position."""
        return divmod(flat, self.shape[1]) if self.shape[1] else (0, flat)

    @staticmethod
    def value_at(rows, cell):
        """rows[row][column], or None where rows have no such cell."""
        row, column = cell
        if row < len(rows) and column < len(rows[row]):
            return rows[row][column]
        return None

    def differs(self, cell: tuple[int, int], value: float) -> bool:
        """Whether value, written at cell, disagrees with the reference there."""
        expected = self.value_at(self.expected, cell)
        if expected is None:
            return True
        return not (abs(value - expected) <= self.tolerance
                    or (np.isnan(value) and np.isnan(expected)))

    @functools.cached_property
    def cell_width(self) -> int:
        """Characters a cell needs for this case's inputs, outputs and products."""
        values = [v for row in self.inputs for v in row[:512]]
        values += [v for row in (*self.expected, *self.got) for v in row[:512]]
        if self.one_d and self.case.w.size:
            values += [float(w) * x for w in self.case.w.tolist()[:16] for x in values[:64]]
        texts = [number(v) for v in values]
        return max(5, min(10, max((len(t) for t in texts), default=4) + 2))

    @functools.cached_property
    def loop_exits(self) -> dict[int, str]:
        """Trace step index -> why a loop of the learner's ends there."""
        return loop_exits(self.steps, self.trace.sources) if self.trace is not None else {}

    def _exit_step(self) -> int | None:
        """The trace step where the outermost loop of the learner's code gives up, if any."""
        return outermost_exit(self.steps, self.loop_exits)

    def _window_starts(self) -> tuple[tuple[int, ...], tuple[int, ...]]:
        """(starts of the windows the implementation visited, reference starts it missed)."""
        if self.provenance is None or not self.one_d:
            return (), ()
        visited = sorted({min(window) for window in self.provenance.windows if len(window)})
        expected = sorted({min(window) for window in self.reference_windows if len(window)})
        return tuple(visited), tuple(p for p in expected if p not in set(visited))

    # --- alignment ----------------------------------------------------------------------

    def output_of(self, i: int) -> tuple[int, int] | None:
        """The cell the implementation is computing at step i."""
        if self.granularity == "output":
            return self.cell_of(i) if i < self.n_outputs else None
        if not self.steps:
            return None
        step = self.steps[i]
        if step.writes:
            return self._cell(step.writes[0][0])
        return self._cell(step.output_index) if step.output_index is not None else None

    def step_of_output(self, cell: tuple[int, int]) -> int:
        """The step (in this granularity) where output `cell` is computed."""
        if self.granularity == "output":
            return min(self.flat_index(cell), self.n_steps - 1)
        if cell in self.cell_steps:
            return self.cell_steps[cell]
        later = [s.index for s in self.steps if self.output_of(s.index) == cell]
        return later[0] if later else self.n_steps - 1

    def first_divergence(self) -> int | None:
        """The step showing the first output that differs from the reference (None: none)."""
        index = self.comparison.first_divergence
        if index is None:
            return None
        if self.comparison.got is None or self.comparison.expected is None:
            return self.n_steps - 1
        return self.step_of_output(self._cell(index))

    def pair(self, i: int) -> tuple[Frame, Frame]:
        """(implementation frame, reference frame) at step i, aligned by output element."""
        frame = self.implementation(i)
        cell = frame.output_index
        if cell is not None:
            flat = self.flat_index(cell)
        elif self._first_write is not None and self._first_write <= i \
                and self.granularity == "line":
            flat = max(self.expected_count() - 1, 0)
        else:
            flat = 0
        return frame, self.reference(flat)

    def expected_count(self) -> int:
        """How many output elements the reference has."""
        return sum(len(row) for row in self.expected)

    # --- implementation frames ----------------------------------------------------------

    def _implementation(self, i: int) -> Frame:
        if not 0 <= i < self.n_steps:
            raise IndexError(f"step {i} is outside 0..{self.n_steps - 1}")
        run = self.trace
        cell = self.output_of(i)
        note = ""
        if self.granularity == "output":
            step_index = self.cell_steps.get(cell) if cell is not None else None
            shown = self.flat_index(cell) if cell is not None else 0
            outputs = self._outputs_through(shown)
            written = (cell,) if step_index is not None else ()
            if cell is not None and step_index is None:
                note = ("no line wrote this output: it kept the value the output buffer "
                        "started with" if self.value_at(self.got, cell) is not None else
                        "this output is missing: the implementation stops earlier")
                # show where the loop gave up instead of this output
                step_index = self._exit_step()
                if step_index is not None:
                    note = f"{note}; {self.loop_exits[step_index]}"
            missing = frozenset(c for c in self._missing() if self.flat_index(c) <= shown)
        else:
            step_index = i if self.steps else None
            last = i == self.n_steps - 1
            outputs = self._outputs_at(i, final=last)
            written = tuple(self._cell(index) for index, _ in self.steps[i].writes) \
                if self.steps else ()
            missing = self._missing() if last else frozenset()
            if self.steps and i in self.loop_exits:
                note = self.loop_exits[i]
        step = self.steps[step_index] if step_index is not None else None
        # a cell is judged once its last write is done; before that it may be a partial sum
        judged = None if self.granularity == "output" or i == self.n_steps - 1 else \
            {cell for cell, last_write in self.cell_steps.items() if last_write <= i}
        if run is not None and run.message and (step_index is None or
                                                step_index == len(self.steps) - 1):
            note = "; ".join(filter(None, [note, run.message]))
        if self.comparison.got is None and self.comparison.got_error and not note:
            note = self.comparison.got_error
        window, taps, window_from, why = self._implementation_window(cell)
        note = "; ".join(filter(None, [note, why]))
        tap_values, products, running = self.products(window, taps)
        unread = ()
        if cell is not None and self.one_d and cell[1] < len(self.reference_windows) \
                and window_from != "reference":
            read = set(window)
            unread = tuple(p for p in self.reference_windows[cell[1]] if p not in read)
        mismatches = frozenset((r, j) for r, row in enumerate(outputs)
                               for j, value in enumerate(row)
                               if value is not None and (judged is None or (r, j) in judged)
                               and self.differs((r, j), value)) | missing
        source, start = self._listing(step)
        title = run.fn_name if run is not None else "implementation"
        return Frame(
            side="implementation", step=i, n_steps=self.n_steps, title=title,
            lineno=step.lineno if step is not None else None,
            line=step.source if step is not None else "", source=source, source_start=start,
            locals=locals_text(step.locals) if step is not None else (),
            positions=self.positions, inputs=self.inputs, padding=self.padding,
            output_index=cell, window=window, window_from=window_from, taps=taps,
            tap_values=tap_values, products=products, running_sum=running, outputs=outputs,
            written=written, mismatches=mismatches, missing=missing, note=note,
            depth=step.depth if step is not None else 0, unread=unread,
            starts=self._starts[0], missed_starts=self._starts[1])

    def _implementation_window(self, cell):
        """(window, taps, where it comes from, a note) for the output being computed."""
        if cell is None:
            return (), (), "", ""
        row, column = cell
        if self.provenance is not None:
            window = self.provenance.window(column) if row == 0 else None
            if window is not None:
                taps = self.provenance.taps[column]
                note = "" if window else "this output reads no input at all"
                return tuple(window), tuple(taps), "provenance", note
            return (), (), "", "the implementation has no such output"
        if column < len(self.reference_windows):
            window = tuple(self.reference_windows[column])
            why = ("which inputs this implementation reads is unknown (provenance covers "
                   "1-D implementations that finish); showing the reference's window")
            return window, tuple(range(len(window))), "reference", why
        return (), (), "", ""

    def products(self, window, taps):
        """(tap values, products, running sums) along a window; empty unless 1-D."""
        if not self.one_d or not window:
            return (), (), ()
        return window_products(self.case, self.inputs[0], self.positions, window, taps)

    def _outputs_through(self, last_flat: int):
        """The final output rows, with only the cells up to flat index `last_flat` filled."""
        return tuple(tuple(value if self.flat_index((r, j)) <= last_flat else None
                           for j, value in enumerate(row))
                     for r, row in enumerate(self.got))

    def _outputs_at(self, i: int, final: bool):
        """Output rows as the implementation's buffer held them after step i."""
        if final and self.got:
            return self.got
        width = self.shape[1]
        rows = [[None] * width for _ in range(max(self.shape[0], 1))]
        for cell, history in self._write_history.items():
            value = None
            for step_index, written in history:
                if step_index > i:
                    break
                value = written
            row, column = cell
            if value is not None and row < len(rows) and column < width:
                rows[row][column] = value
        return tuple(tuple(row) for row in rows)

    def _missing(self) -> frozenset:
        """Cells the reference has and the implementation's output lacks."""
        if self.comparison.got is None:
            return frozenset()
        return frozenset((r, j) for r, row in enumerate(self.expected)
                         for j in range(len(row)) if self.value_at(self.got, (r, j)) is None)

    def _listing(self, step) -> tuple[tuple[str, ...], int]:
        if step is None or self.trace is None:
            lines = self.trace.sources.get(self._root_file(), []) if self.trace else []
            first = self.trace.first_lineno if self.trace else None
            if not lines or first is None:
                return (), 1
            return function_span(tuple(lines), first)
        lines = self.trace.sources.get(step.filename, [])
        return function_span(tuple(lines), step.lineno)

    def _root_file(self) -> str | None:
        root = [s.filename for s in self.steps if s.depth == 0]
        return root[0] if root else None
