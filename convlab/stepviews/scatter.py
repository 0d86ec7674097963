"""The scatter view: conv1d's backward pass and the transposed convolution, one sample
scattered per step.

Where conv1d gathers (output t reads a window), these two scatter: step t adds dout[t]
times the kernel into dx and dout[t] times the window it came from into dw; step i adds
x[i] times the kernel into the full transposed output. So a step here is one sample
scattered. The reference's panel shows which cells it adds to, and what, cropped cells
included (convlab.stepviews.scatter_reference); the implementation's panel shows what the
learner's code wrote while it scattered that sample, and their arrays as they stood
(convlab.stepviews.scatter_writes). At "line" granularity the implementation's steps are
its executed lines, each next to the reference's step for the sample it works on.

A ScatterFrame is one panel at one step; a ScatterTimeline holds every frame of one run and
answers what the Debugger, `convlab trace` and animate ask a Timeline (steps, pairs, the
first divergence). Cells are (row, cell): row is the result array (0: dx or out, 1: dw),
cell its index — negative, or from the array's length on, for the cropped cells.
"""

from __future__ import annotations

import functools

import numpy as np

from convlab.comparing import Comparison
from convlab.exercises import get_exercise
from convlab.formatting import number
from convlab.running import Outcome
from convlab.stepviews.frame import check_granularity
from convlab.stepviews.listing import function_span, locals_text
from convlab.stepviews.loops import loop_exits, outermost_exit
from convlab.stepviews.scatter_divergence import (
    divergence_step,
    divergence_text,
    first_cell,
    scatter_summary,
)
from convlab.stepviews.scatter_frame import ScatterFrame
from convlab.stepviews.scatter_reference import (
    Scatter,
    sample_text,
    scatter_of,
    scatter_reference_frame,
)
from convlab.stepviews.scatter_writes import learner_parameter, scattered_samples, writes_by_cell
from convlab.tracing import is_allocation

__all__ = ["ScatterFrame", "ScatterTimeline"]


class ScatterTimeline:
    """The frames of a Comparison of a scatter exercise: `implementation(i)`,
    `reference(sample)` and `pair(i)`, built the first time they are asked for.

    `Timeline(comparison)` gives one of these for the backward pass and the transposed
    convolution (convlab.stepviews.timeline); the attributes the Debugger reads are
    Timeline's: `n_steps`, `steps`, `cell_steps` (cell -> trace step of its last write),
    `n_outputs` and `cell_of` (the result's cells, row after row), `cell_width`.
    """

    def __init__(self, comparison: Comparison, granularity: str = "output"):
        self.comparison = comparison
        self.granularity = check_granularity(granularity)
        self.case = case = comparison.case
        self.trace = run = comparison.trace
        self.tolerance = comparison.tolerance
        self.scatter: Scatter = scatter_of(case, get_exercise(run.exercise).layout)
        self.names = self.scatter.names
        self.expected = self._expected()
        self.got = self._got()
        self.steps = run.steps
        self.parameter = learner_parameter(run, 0, self.scatter.sample_name)
        self.samples_at = scattered_samples(self.steps, self.parameter, self.scatter.n_steps)
        self.attributed = any(sample is not None for sample in self.samples_at)
        self.history = writes_by_cell(self.steps, self.names)
        self.cell_steps = {cell: writes[-1][0] for cell, writes in self.history.items()}
        self.lengths = tuple(max(len(self.expected[row]), len(self.got[row]) if self.got
                                 else 0) for row in range(len(self.names)))
        self.n_outputs = sum(self.lengths)
        self.cells = self._cells()
        count = self.scatter.n_steps if granularity == "output" else len(self.steps)
        self.n_steps = max(1, count)
        self.divergence = first_cell(self)
        self.implementation = functools.lru_cache(maxsize=None)(self._implementation)
        self.reference = functools.lru_cache(maxsize=None)(
            functools.partial(scatter_reference_frame, self))

    # --- the result's arrays ------------------------------------------------------------

    def _rows(self, outcome: Outcome) -> tuple[tuple[float, ...], ...] | None:
        """An outcome's arrays as one row each, in the order of `names`; None when it did
        not return them."""
        if outcome is None or outcome.value is None:
            return None
        found = outcome.split()
        if len(self.names) == 1:
            return (tuple(np.ravel(found.get("output", outcome.value)).tolist()),)
        if tuple(found) != self.names:
            return None
        return tuple(tuple(np.ravel(found[name]).tolist()) for name in self.names)

    def _expected(self) -> tuple[tuple[float, ...], ...]:
        comparison = self.comparison
        rows = None
        if comparison.expected is not None:
            rows = self._rows(Outcome(value=comparison.expected, parts=comparison.parts))
        return rows if rows is not None else tuple(() for _ in self.names)

    def _got(self) -> tuple[tuple[float, ...], ...] | None:
        return self._rows(self.trace.outcome) if self.comparison.got is not None else None

    def _cells(self) -> tuple[tuple[int, ...], ...]:
        """Each row's cells, from the first to the last any side has or writes."""
        rows = []
        for row, (low, high) in enumerate(self.scatter.spans):
            written = [cell for (r, cell) in self.history if r == row]
            low = min([low, 0, *written])
            high = max([high, self.lengths[row] - 1, *written])
            rows.append(tuple(range(low, high + 1)))
        return tuple(rows)

    def cell_of(self, flat: int) -> tuple[int, int]:
        """The result cell at position `flat` when the arrays are read one after another."""
        for row, length in enumerate(self.lengths):
            if flat < length:
                return row, flat
            flat -= length
        return len(self.lengths) - 1, flat

    def label(self, cell: tuple[int, int]) -> str:
        """'dw[1]': a cell as the learner indexes it."""
        return f"{self.names[cell[0]]}[{cell[1]}]"

    def differs(self, cell: tuple[int, int], value: float) -> bool:
        """Whether `value` in a result cell disagrees with the reference's answer there."""
        row, index = cell
        expected = self.expected[row]
        if not 0 <= index < len(expected):
            return True
        want = expected[index]
        return not (abs(value - want) <= self.tolerance or (np.isnan(value) and np.isnan(want)))

    @functools.cached_property
    def cell_width(self) -> int:
        """Characters a cell needs for this case's numbers."""
        scatter = self.scatter
        values = [*scatter.samples[:64], *scatter.kernel[:64]]
        values += [value for row in (*self.expected, *(self.got or ())) for value in row[:256]]
        values += [value for step in scatter.adds[:64] for row in step for _, value in row]
        texts = [number(value) for value in values]
        return max(5, min(10, max((len(text) for text in texts), default=4) + 2))

    @functools.cached_property
    def loop_exits(self) -> dict[int, str]:
        """Trace step index -> why a loop of the learner's ends there."""
        return loop_exits(self.steps, self.trace.sources)

    # --- alignment ----------------------------------------------------------------------

    def sample_of_write(self, step_index: int) -> int:
        """The sample a trace step worked for; -1 before the first one was read."""
        sample = self.samples_at[step_index]
        return -1 if sample is None else sample

    def sample_of(self, i: int) -> int:
        """The sample scattered at step i (the reference step shown beside it)."""
        if self.granularity == "output":
            return i
        return max(self.sample_of_write(i), 0) if self.steps else 0

    def output_of(self, i: int) -> tuple[int, int]:
        """(0, the sample scattered at step i): kept when the granularity changes."""
        return (0, self.sample_of(i))

    def step_of_output(self, cell: tuple[int, int]) -> int:
        """The step (in this granularity) scattering the sample of `cell`."""
        sample = cell[1]
        if self.granularity == "output":
            return max(0, min(sample, self.n_steps - 1))
        later = [index for index, found in enumerate(self.samples_at) if found == sample]
        return later[0] if later else self.n_steps - 1

    def pair(self, i: int) -> tuple[ScatterFrame, ScatterFrame]:
        """(implementation frame, reference frame) at step i, aligned by sample."""
        return self.implementation(i), self.reference(self.sample_of(i))

    @functools.cached_property
    def failed_step(self) -> int | None:
        """The step where a run that returned no arrays (it raised, was stopped, or
        returned something else) ended; None when it returned them."""
        if self.comparison.got is not None:
            return None
        if not self.steps:
            return self.n_steps - 1
        if self.granularity == "line":
            return len(self.steps) - 1
        return min(max(self.sample_of_write(len(self.steps) - 1), 0), self.n_steps - 1)

    # --- the first divergence (convlab.stepviews.scatter_divergence) ------------------

    def first_divergence(self) -> int | None:
        """The step showing the first result cell that differs (None: every cell agrees)."""
        return divergence_step(self)

    def divergence_text(self) -> str | None:
        """The first differing cell in words (dw[1]), and the line that last wrote it."""
        return divergence_text(self)

    def summary(self) -> str:
        """The comparison in plain words, the first differing cell named as the learner
        indexes it."""
        return scatter_summary(self)

    # --- implementation frames ----------------------------------------------------------

    def _implementation(self, i: int) -> ScatterFrame:
        if not 0 <= i < self.n_steps:
            raise IndexError(f"step {i} is outside 0..{self.n_steps - 1}")
        final = i == self.n_steps - 1
        if self.granularity == "output":
            # writes belong to the sample they were made for; those before any sample was
            # read (the buffer's zeros) hold from the first step on, and are shown as that
            # step's writes only when no line reads one sample at a time
            when = self.sample_of_write
            now = lambda step_index: when(step_index) == i or (  # noqa: E731
                i == 0 and when(step_index) < 0 and not self.attributed)
            done = lambda step_index: when(step_index) <= i  # noqa: E731
        else:
            now = lambda step_index: step_index == i  # noqa: E731
            done = lambda step_index: step_index <= i  # noqa: E731
        state: dict = {}
        adds: dict = {}
        judged = set()
        for cell, writes in self.history.items():
            for step_index, value in writes:
                if done(step_index):
                    state[cell] = value
                if now(step_index):
                    adds[cell] = value
            if done(writes[-1][0]):
                judged.add(cell)
        if final and self.got is not None:
            for row, values in enumerate(self.got):
                state.update({(row, index): value for index, value in enumerate(values)})
        mismatches, missing = self._judge(state, judged, final)
        writing = [step for step in self.steps if now(step.index) and step.writes]
        shown_step = self._shown_step(i, writing, now)
        source, start = self._listing(shown_step)
        return ScatterFrame(
            side="implementation", step=i, n_steps=self.n_steps, title=self.trace.fn_name,
            lineno=shown_step.lineno if shown_step is not None else None,
            line=shown_step.source if shown_step is not None else "", source=source,
            source_start=start,
            locals=locals_text(shown_step.locals) if shown_step is not None else (),
            sample_name=self.parameter, samples=self.scatter.samples,
            sample=self._shown_sample(i), kernel=self.scatter.kernel, names=self.names,
            sizes=tuple(len(row) for row in self.expected), cells=self.cells,
            values=tuple(tuple(state.get((row, cell)) for cell in cells)
                         for row, cells in enumerate(self.cells)),
            adds=tuple(tuple((cell, value) for (r, cell), value in sorted(adds.items())
                             if r == row) for row in range(len(self.names))),
            written=tuple(sorted(adds)), mismatches=mismatches, missing=missing,
            inputs=self.inputs, zero_tail=self.scatter.zero_tail,
            full_start=self.scatter.full_start,
            writers=tuple(dict.fromkeys((step.lineno, step.source) for step in writing)),
            note=self._note(i, writing), depth=shown_step.depth if shown_step else 0)

    def _shown_sample(self, i: int) -> int | None:
        if self.granularity == "output":
            return i if i < self.scatter.n_steps else None
        return self.samples_at[i] if self.steps else None

    def _judge(self, state: dict, judged: set, final: bool) -> tuple[frozenset, frozenset]:
        """(mismatches, missing): a cell is judged once its last write is done, and every
        cell at the last step; only cells of the returned result are judged."""
        returned = [len(row) for row in self.got] if self.got is not None else None
        mismatches, missing = set(), set()
        for row, expected in enumerate(self.expected):
            size = len(expected)
            limit = returned[row] if returned is not None else size
            for index in range(max(size, limit)):
                cell = (row, index)
                if not (final or cell in judged):
                    continue
                if final and returned is not None and index >= limit:
                    if index < size:
                        missing.add(cell)
                    continue
                value = state.get(cell)
                if index < limit and value is not None and (index >= size or self.differs(
                        cell, value)):
                    mismatches.add(cell)
        return frozenset(mismatches | missing), frozenset(missing)

    def _shown_step(self, i: int, writing: list, now):
        """The trace step whose line and variables the panel shows."""
        if not self.steps:
            return None
        if self.granularity == "line":
            return self.steps[i]
        if i == self.failed_step and self.trace.message:
            return self.steps[-1]  # the line the run failed on
        if writing:
            return writing[-1]
        working = [step for step in self.steps if now(step.index)]
        if working:
            return working[-1]
        ended = self.sample_of_write(len(self.steps) - 1)
        return self.steps[-1] if self.trace.message and ended <= i else None

    def _note(self, i: int, writing: list) -> str:
        notes = []
        name = f"{self.parameter}[{i}]"
        wrote = any(step.writes and not is_allocation(step.source) for step in self.steps)
        if self.granularity == "output" and self.steps:
            if not self.attributed and wrote:
                notes.append(f"no line of yours reads {self.parameter}[...] one sample at "
                             f"a time: every write of yours is shown at the first step")
            elif i not in self.samples_at and i < self.scatter.n_steps:
                notes.append(f"no line of yours reads {name}: this sample is never "
                             f"scattered")
                exit_step = outermost_exit(self.steps, self.loop_exits)
                if exit_step is not None:
                    notes.append(self.loop_exits[exit_step])
        elif self.granularity == "line" and i in self.loop_exits:
            notes.append(self.loop_exits[i])
        message = self.trace.message
        if message and self.steps:
            ended = self.sample_of_write(len(self.steps) - 1)
            if (self.granularity == "output" and ended <= i) or i == self.n_steps - 1:
                notes.append(message)
        elif message:
            notes.append(message)
        if self.comparison.got is None and self.comparison.got_error and not notes:
            notes.append(self.comparison.got_error)
        return "; ".join(notes)

    @functools.cached_property
    def inputs(self) -> tuple[tuple[int, float | None, bool], ...]:
        """x_padded over row 0's cells (backward pass only); None past what it covers."""
        if not self.scatter.inputs:
            return ()
        known = {cell: (value, pad) for cell, value, pad in self.scatter.inputs}
        return tuple((cell, *known.get(cell, (None, True))) for cell in self.cells[0])

    def _listing(self, step) -> tuple[tuple[str, ...], int]:
        run = self.trace
        if step is None:
            root = next((s.filename for s in self.steps if s.depth == 0), None)
            lines = run.sources.get(root, []) if root is not None else []
            if not lines or run.first_lineno is None:
                return (), 1
            return function_span(tuple(lines), run.first_lineno)
        return function_span(tuple(run.sources.get(step.filename, [])), step.lineno)

    def sample_text(self, sample: int) -> str:
        """'dout[1] = 0.5': the sample the reference scatters at step `sample`."""
        return sample_text(self.scatter, sample)
