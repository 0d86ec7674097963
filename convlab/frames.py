"""Frames: what each panel of the debugger shows at one step, as plain data.

A debugger step shows two panels side by side. The implementation's panel replays its
trace, either one executed line at a time or one output element at a time; the reference's
panel is synthesized from the convolution's definition, one frame per output element: the
window over the padded input, the kernel taps under it, their products and the running
sum. The two are aligned by output element: while the implementation computes output t,
the reference shows how output t is made.

Nothing here draws. `convlab.render` turns a Frame into HTML or a matplotlib figure, and
the terminal view (`convlab trace`) reads the same reference arithmetic from
`reference_products`. Frames are built on demand and cached, so a debugger over a long
trace costs only the steps someone looks at.

Cells are addressed as (row, column): row is the channel (0 for 1-D signals), column the
position along the signal. Input columns are input coordinates, so padding columns are
negative on the left and >= L on the right.
"""

from __future__ import annotations

import ast
import functools
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from convlab.case import Case
from convlab.errors import ConvlabError, ParameterError

__all__ = ["DEFAULT_CASE", "GRANULARITIES", "Frame", "Timeline", "padded_value",
           "reference_products", "timeline"]

GRANULARITIES = ("output", "line")
"""'output': one implementation frame per output element; 'line': one per executed line."""

REFERENCE_NAME = "reference"

DEFAULT_CASE = Case(x=[1, 2, 3, 4, 5, 6, 7, 8], w=[0.5, -0.5], stride=2)
"""The article's strided example: what a learner's own function is shown on by default."""


@dataclass(frozen=True)
class Frame:
    """One panel at one step.

    `positions` are the input coordinates of the columns shown, `inputs` the padded input
    (one row per channel) and `padding[j]` whether column j is padding. `window` holds the
    input position each tap in `taps` reads for the output being computed (`output_index`,
    a (row, column) cell); `tap_values`, `products` and `running_sum` are aligned with it.
    `window_from` says where the window comes from: "provenance" (measured on the
    implementation), "reference" (the reference's, shown because the implementation's is
    unknown; `note` says why) or "" (no window). `outputs` is the output so far, one row
    per output channel, None for cells not written yet; `written` are the cells this step
    wrote; `mismatches` the cells that differ from the reference; `missing` the cells the
    reference has and this side lacks.
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


def padded_value(case: Case, position: int, channel: int = 0) -> float:
    """x at a position of the padded input (channel `channel` for multi-channel input)."""
    x = case.x
    if x.ndim == 2:
        x = x[channel] if case.layout == "NCL" else x[:, channel]
    elif x.ndim > 2:
        x = x.reshape(-1, x.shape[-1])[channel]
    length = x.shape[0]
    if 0 <= position < length:
        return float(x[position])
    if case.padding_mode == "reflect" and length > 1:
        index = -position if position < 0 else 2 * length - 2 - position
        index = min(max(index, 0), length - 1)
    elif case.padding_mode == "replicate":
        index = min(max(position, 0), length - 1)
    elif case.padding_mode == "circular":
        index = position % length
    else:
        return 0.0
    return float(x[index])


def reference_products(case: Case, t: int) -> tuple[range, list[float], list[float]]:
    """(window, products w[k] * xpad[window[k]], running sums) of the reference's output t.

    For 1-D cases; the window is in input coordinates (padding positions included).
    """
    window = case.spec.windows(case.length)[t]
    products, running, partial = [], [], 0.0
    for tap, position in enumerate(window):
        product = float(case.w[tap]) * padded_value(case, position)
        products.append(product)
        partial += product
        running.append(partial)
    return window, products, running


def timeline(fn: Callable, case: Case, exercise=None, granularity: str = "output", *,
             max_steps: int = 10_000) -> Timeline:
    """Trace fn on case next to the reference and return its Timeline of frames."""
    from convlab.comparing import compare

    return Timeline(compare(fn, case, exercise, max_steps=max_steps), granularity)


class Timeline:
    """The frames of a Comparison: `implementation(i)`, and `reference_for(i)` aligned to it.

    Everything per case (padded input, windows, output rows, who wrote which cell) is
    worked out once here; single frames are built the first time they are asked for.
    """

    def __init__(self, comparison, granularity: str = "output"):
        if granularity not in GRANULARITIES:
            raise ParameterError(
                f"'granularity' must be one of {', '.join(map(repr, GRANULARITIES))} (got "
                f"{granularity!r})", "granularity")
        self.comparison = comparison
        self.granularity = granularity
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
        self.inputs = tuple(
            tuple(padded_value(case, p, row) for p in self.positions)
            for row in range(self._channels()))
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
        self.implementation = functools.lru_cache(maxsize=None)(self._implementation)
        self.reference = functools.lru_cache(maxsize=None)(self._reference)

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

    def _channels(self) -> int:
        x = self.case.x
        if x.ndim == 1:
            return 1
        if x.ndim == 2:
            return x.shape[0] if self.layout == "NCL" else x.shape[1]
        return int(np.prod(x.shape[:-1]))

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

    def _flat(self, cell: tuple[int, int]) -> int:
        return cell[0] * self.shape[1] + cell[1]

    def _unflat(self, flat: int) -> tuple[int, int]:
        return divmod(flat, self.shape[1]) if self.shape[1] else (0, flat)

    @staticmethod
    def _value(rows, cell):
        row, column = cell
        if row < len(rows) and column < len(rows[row]):
            return rows[row][column]
        return None

    def differs(self, cell: tuple[int, int], value: float) -> bool:
        """Whether value, written at cell, disagrees with the reference there."""
        expected = self._value(self.expected, cell)
        if expected is None:
            return True
        return not (abs(value - expected) <= self.tolerance
                    or (np.isnan(value) and np.isnan(expected)))

    # --- alignment ----------------------------------------------------------------------

    def output_of(self, i: int) -> tuple[int, int] | None:
        """The cell the implementation is computing at step i."""
        if self.granularity == "output":
            return self._unflat(i) if i < self.n_outputs else None
        if not self.steps:
            return None
        step = self.steps[i]
        if step.writes:
            return self._cell(step.writes[0][0])
        return self._cell(step.output_index) if step.output_index is not None else None

    def step_of_output(self, cell: tuple[int, int]) -> int:
        """The step (in this granularity) where output `cell` is computed."""
        if self.granularity == "output":
            return min(self._flat(cell), self.n_steps - 1)
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
            flat = self._flat(cell)
        elif self._first_write is not None and self._first_write <= i \
                and self.granularity == "line":
            flat = max(self._expected_count() - 1, 0)
        else:
            flat = 0
        return frame, self.reference(flat)

    def _expected_count(self) -> int:
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
            shown = self._flat(cell) if cell is not None else 0
            outputs = self._outputs_through(shown)
            written = (cell,) if step_index is not None else ()
            if cell is not None and step_index is None:
                note = ("no line wrote this output: it kept the value the output buffer "
                        "started with" if self._value(self.got, cell) is not None else
                        "this output is missing: the implementation stops earlier")
            missing = frozenset(c for c in self._missing() if self._flat(c) <= shown)
        else:
            step_index = i if self.steps else None
            last = i == self.n_steps - 1
            outputs = self._outputs_at(i, final=last)
            written = tuple(self._cell(index) for index, _ in self.steps[i].writes) \
                if self.steps else ()
            missing = self._missing() if last else frozenset()
        step = self.steps[step_index] if step_index is not None else None
        if run is not None and run.message and (step_index is None or
                                                step_index == len(self.steps) - 1):
            note = "; ".join(filter(None, [note, run.message]))
        if self.comparison.got is None and self.comparison.got_error and not note:
            note = self.comparison.got_error
        window, taps, window_from, why = self._implementation_window(cell)
        note = "; ".join(filter(None, [note, why]))
        tap_values, products, running = self._products(window, taps)
        mismatches = frozenset((r, j) for r, row in enumerate(outputs)
                               for j, value in enumerate(row)
                               if value is not None and self.differs((r, j), value)) | missing
        source, start = self._listing(step)
        title = run.fn_name if run is not None else "implementation"
        return Frame(
            side="implementation", step=i, n_steps=self.n_steps, title=title,
            lineno=step.lineno if step is not None else None,
            line=step.source if step is not None else "", source=source, source_start=start,
            locals=_show_locals(step.locals) if step is not None else (),
            positions=self.positions, inputs=self.inputs, padding=self.padding,
            output_index=cell, window=window, window_from=window_from, taps=taps,
            tap_values=tap_values, products=products, running_sum=running, outputs=outputs,
            written=written, mismatches=mismatches, missing=missing, note=note)

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
                return tuple(window), tuple(taps), "provenance" if window else "", note
            return (), (), "", "the implementation has no such output"
        if column < len(self.reference_windows):
            window = tuple(self.reference_windows[column])
            why = ("which inputs this implementation reads is unknown (provenance covers "
                   "1-D implementations that finish); showing the reference's window")
            return window, tuple(range(len(window))), "reference", why
        return (), (), "", ""

    def _products(self, window, taps):
        if not self.one_d or not window:
            return (), (), ()
        tap_values = tuple(float(self.case.w[k]) if 0 <= k < self.case.w.size else 0.0
                           for k in taps)
        products = tuple(value * padded_value(self.case, position)
                         for value, position in zip(tap_values, window))
        return tap_values, products, tuple(np.cumsum(products).tolist())

    def _outputs_through(self, last_flat: int):
        """The final output rows, with only the cells up to flat index `last_flat` filled."""
        return tuple(tuple(value if self._flat((r, j)) <= last_flat else None
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
                         for j in range(len(row)) if self._value(self.got, (r, j)) is None)

    def _listing(self, step) -> tuple[tuple[str, ...], int]:
        if step is None or self.trace is None:
            lines = self.trace.sources.get(self._root_file(), []) if self.trace else []
            first = self.trace.first_lineno if self.trace else None
            if not lines or first is None:
                return (), 1
            return _function_span(tuple(lines), first)
        lines = self.trace.sources.get(step.filename, [])
        return _function_span(tuple(lines), step.lineno)

    def _root_file(self) -> str | None:
        root = [s.filename for s in self.steps if s.depth == 0]
        return root[0] if root else None

    # --- reference frames ---------------------------------------------------------------

    def _reference(self, flat: int) -> Frame:
        case = self.case
        count = self._expected_count()
        cell = self._unflat(flat) if self.shape[1] else None
        has = cell is not None and self._value(self.expected, cell) is not None
        outputs = tuple(tuple(v if self._flat((r, j)) <= flat else None
                              for j, v in enumerate(row))
                        for r, row in enumerate(self.expected))
        note = ""
        window, taps = (), ()
        if self.comparison.expected is None:
            note = f"the reference refuses this input: {self.comparison.expected_error}"
            cell = None
        elif not has:
            note = "the reference has no such output"
        else:
            window = tuple(self.reference_windows[cell[1]])
            taps = tuple(range(len(window)))
        tap_values, products, running = self._products(window, taps)
        source, lineno = self._reference_source
        locals_ = ()
        if has:
            row, column = cell
            start = column * case.stride - self.pads[0]
            locals_ = (("t", str(column)),
                       *((("channel", str(row)),) if len(self.expected) > 1 else ()),
                       ("window", f"xpad[{start + self.pads[0]}:"
                                  f"{start + self.pads[0] + case.spec.effective_kernel_size}"
                                  f":{case.dilation}] = x[{window[0]}..{window[-1]}]"),
                       ("out[t]", _number(self._value(self.expected, cell))))
        return Frame(
            side="reference", step=flat, n_steps=count, title=REFERENCE_NAME,
            lineno=lineno if has else None, line=source[lineno - 1] if has else "",
            source=source, source_start=1, locals=locals_, positions=self.positions,
            inputs=self.inputs, padding=self.padding, output_index=cell if has else None,
            window=window, window_from="reference" if window else "", taps=taps,
            tap_values=tap_values, products=products, running_sum=running, outputs=outputs,
            written=(cell,) if has else (), mismatches=frozenset(), missing=frozenset(),
            note=note)

    @functools.cached_property
    def _reference_source(self) -> tuple[tuple[str, ...], int]:
        """The reference as a loop, with this case's numbers, and the line computing out[t]."""
        case = self.case
        pad_left, pad_right = self.pads
        k_eff = case.spec.effective_kernel_size
        lines = (
            f"def reference(x, w, stride={case.stride}, padding={case.padding!r}, "
            f"dilation={case.dilation}):",
            f"    xpad = pad(x, left={pad_left}, right={pad_right})",
            f"    out = zeros({self._expected_count()})",
            "    for t in range(len(out)):",
            f"        window = xpad[t*{case.stride} : t*{case.stride} + {k_eff} : "
            f"{case.dilation}]",
            "        out[t] = sum(w * window)",
            "    return out",
        )
        return lines, 6


@functools.lru_cache(maxsize=256)
def _function_span(lines: tuple[str, ...], lineno: int) -> tuple[tuple[str, ...], int]:
    """The lines of the innermost function around `lineno`, and its first line number."""
    try:
        tree = ast.parse("\n".join(lines))
    except SyntaxError:
        tree = None
    best = None
    if tree is not None:
        for node in ast.walk(tree):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) \
                    and node.lineno <= lineno <= (node.end_lineno or node.lineno):
                if best is None or node.lineno > best.lineno:
                    best = node
    if best is None:
        start = max(1, lineno - 5)
        return tuple(lines[start - 1:lineno + 5]), start
    return tuple(lines[best.lineno - 1:best.end_lineno]), best.lineno


def _show_locals(values: dict) -> tuple[tuple[str, str], ...]:
    return tuple((name, _short(value)) for name, value in values.items())


def _short(value: object, width: int = 60) -> str:
    if isinstance(value, np.ndarray):
        text = np.array2string(value, separator=", ", threshold=12, edgeitems=3,
                               max_line_width=10_000)
    elif isinstance(value, (float, np.floating)):
        text = _number(value)
    else:
        text = str(value)
    return text if len(text) <= width else text[:width - 1] + "…"


def _number(value) -> str:
    value = float(value)
    if value.is_integer() and abs(value) < 1e12:
        return str(int(value))
    return f"{value:.4g}"
