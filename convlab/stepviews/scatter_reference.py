"""The reference's scatter: what each step of conv1d's backward pass, or of the transposed
convolution, adds to which cell, worked out once from the definitions.

Backward pass, step t: the output gradient dout[t] flows back through the window forward
output t read,
    dx_padded[t*stride + k] += dout[t] * w[k]        dw[k] += dout[t] * x_padded[t*stride + k]
and dx is dx_padded with the padding cropped off. Transposed convolution, step i: input
sample x[i] adds the scaled kernel to the full output,
    full[i*stride + k] += x[i] * w[k]
and out is full with `padding` cells cropped off each end (the output_padding cells at the
right end of full are zeros no sample reaches).

Cells are numbered as the result numbers them: dx cell j is x_padded position j + left, so
the padding cells are the negative ones and those from L on; out cell j is full position
j + padding. Cells outside the result are the cropped ones: the scatter writes them, the
answer leaves them out.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from convlab.batteries import transposed_padding
from convlab.case import Case
from convlab.errors import ConvlabError
from convlab.formatting import number
from convlab.stepviews.scatter_frame import ScatterFrame

__all__ = ["Scatter", "sample_text", "scatter_formula", "scatter_of",
           "scatter_reference_frame"]



@dataclass(frozen=True)
class Scatter:
    """The reference scatter of one case.

    `samples` are the values scattered, one per step (dout, or x), called `sample_name`;
    `kernel` is w. The result is one row per array `names` ("dx", "dw" or "out"), each
    `sizes[row]` cells long; `spans[row]` is the (first, last) cell the scatter reaches,
    cropped cells included. `adds[step][row]` holds (cell, value) for each addition of
    that step. For the backward pass, `inputs` is x_padded as (cell, value, is padding) and
    `reads[step]` the cells of it dw reads at that step. For the transposed convolution,
    `full_start` is the position in the full output of out cell 0 (the padding) and
    `zero_tail` the first out cell of the output_padding (None without any). `listing` is the
    reference as a loop with the case's numbers; its line `line` scatters.
    """

    layout: str
    sample_name: str
    samples: tuple[float, ...]
    kernel: tuple[float, ...]
    names: tuple[str, ...]
    sizes: tuple[int, ...]
    spans: tuple[tuple[int, int], ...]
    adds: tuple[tuple[tuple[tuple[int, float], ...], ...], ...]
    inputs: tuple[tuple[int, float, bool], ...] = ()
    reads: tuple[tuple[int, ...], ...] = ()
    zero_tail: int | None = None
    full_start: int | None = None
    listing: tuple[str, ...] = ()
    line: int = 1

    @property
    def n_steps(self) -> int:
        return len(self.samples)

    @functools.cached_property
    def _running(self) -> tuple[tuple[dict[int, float], ...], ...]:
        totals = [{} for _ in self.names]
        running = []
        for step_adds in self.adds:
            for row, adds in enumerate(step_adds):
                for cell, value in adds:
                    totals[row][cell] = totals[row].get(cell, 0.0) + value
            running.append(tuple(dict(row) for row in totals))
        return tuple(running)

    def running(self, step: int) -> tuple[dict[int, float], ...]:
        """Each row's sums after steps 0..step: cell -> value (cells not reached are 0)."""
        if not self._running:
            return tuple({} for _ in self.names)
        return self._running[min(step, len(self._running) - 1)]


def scatter_of(case: Case, layout: str) -> Scatter:
    """The reference scatter of `case` for an exercise of `layout` ("backward" or
    "transposed")."""
    return _backward(case) if layout == "backward" else _transposed(case)


def _backward(case: Case) -> Scatter:
    length, size, stride = case.length, case.kernel_size, case.stride
    try:
        left, right = case.spec.pads(length)
    except (ConvlabError, ValueError):
        left, right = 0, 0
    x, w = case.x.astype(float).tolist(), case.w.astype(float).tolist()
    dout = case.dout.astype(float).tolist() if case.dout is not None else []

    def padded(cell: int) -> float:
        return x[cell] if 0 <= cell < length else 0.0

    adds, reads = [], []
    for t, gradient in enumerate(dout):
        cells = tuple(t * stride + k - left for k in range(size))
        reads.append(cells)
        adds.append((tuple((cell, gradient * w[k]) for k, cell in enumerate(cells)),
                     tuple((k, gradient * padded(cell)) for k, cell in enumerate(cells))))
    reached = [cell for cells in reads for cell in cells]
    span = (min([-left, *reached]), max([length + right - 1, *reached]))
    inputs = tuple((cell, padded(cell), not 0 <= cell < length)
                   for cell in range(span[0], span[1] + 1))
    start = f"t*{stride}"
    listing = (
        f"def reference(dout, x, w, stride={stride}, padding={case.padding!r}):",
        f"    x_padded = pad(x, left={left}, right={right})",
        f"    dx_padded, dw = zeros({length + left + right}), zeros({size})",
        f"    for t in range({len(dout)}):",
        f"        dx_padded[{start} : {start} + {size}] += dout[t] * w",
        f"        dw += dout[t] * x_padded[{start} : {start} + {size}]",
        f"    return dx_padded[{left} : {left + length}], dw  # crop the padding",
    )
    return Scatter(layout="backward", sample_name="dout", samples=tuple(dout),
                   kernel=tuple(w), names=("dx", "dw"), sizes=(length, size),
                   spans=(span, (0, size - 1)), adds=tuple(adds), inputs=inputs,
                   reads=tuple(reads), listing=listing, line=5)


def _transposed(case: Case) -> Scatter:
    length, size, stride = case.length, case.kernel_size, case.stride
    padding, extra = transposed_padding(case), case.output_padding
    x, w = case.x.astype(float).tolist(), case.w.astype(float).tolist()
    full = (length - 1) * stride + size + extra
    adds = tuple((tuple((i * stride + k - padding, value * w[k]) for k in range(size)),)
                 for i, value in enumerate(x))
    listing = (
        f"def reference(x, w, stride={stride}, padding={padding}, "
        f"output_padding={extra}):",
        f"    full = zeros({full})  # (L - 1)*stride + K + output_padding",
        f"    for i in range({length}):",
        f"        full[i*{stride} : i*{stride} + {size}] += x[i] * w",
        f"    return full[{padding} : {full - padding}]  # crop padding off both ends",
    )
    return Scatter(layout="transposed", sample_name="x", samples=tuple(x), kernel=tuple(w),
                   names=("out",), sizes=(max(full - 2 * padding, 0),),
                   spans=((-padding, full - 1 - padding),), adds=adds,
                   zero_tail=full - extra - padding if extra else None,
                   full_start=padding, listing=listing, line=4)


def scatter_formula(case: Case, layout: str) -> str:
    """The scatter's rule with this case's numbers, for the Debugger's formulas."""
    if layout == "backward":
        try:
            forward, left = case.spec.explain(case.length), case.spec.pads(case.length)[0]
        except (ConvlabError, ValueError) as error:
            forward, left = str(error), 0
        return (f"{forward}\n\nbackward, for each output gradient dout[t]:\n"
                f"  dx_padded[t*{case.stride} + k] += dout[t] * w[k]\n"
                f"  dw[k] += dout[t] * x_padded[t*{case.stride} + k]\n"
                f"  dx = dx_padded[{left} : {left} + {case.length}]  (the padding cropped off)")
    padding, extra = transposed_padding(case), case.output_padding
    length, size, stride = case.length, case.kernel_size, case.stride
    full = (length - 1) * stride + size + extra
    return (f"for each input sample x[i]: full[i*{stride} + k] += x[i] * w[k]\n"
            f"full has (L - 1)*stride + K + output_padding = ({length} - 1)*{stride} + "
            f"{size} + {extra} = {full} cells\n"
            f"out = full[padding : padding + L_out] = full[{padding} : "
            f"{full - padding}], L_out = {full} - 2*{padding} = {full - 2 * padding}"
            + (f"\nthe last {extra} cell(s) of full are output_padding: zeros no sample "
               f"reaches" if extra else ""))


def sample_text(scatter: Scatter, step: int) -> str:
    """'dout[1] = 0.5': the sample scattered at `step`."""
    if not 0 <= step < scatter.n_steps:
        return f"{scatter.sample_name}[{step}]"
    return f"{scatter.sample_name}[{step}] = {number(scatter.samples[step])}"


def scatter_reference_frame(timeline, sample: int) -> ScatterFrame:
    """The reference's frame of `timeline` (a ScatterTimeline) at step `sample`: what
    scattering that sample adds, and the sums so far."""
    scatter = timeline.scatter
    has = 0 <= sample < scatter.n_steps
    running = scatter.running(sample) if has else tuple({} for _ in timeline.names)
    values = []
    for row, cells in enumerate(timeline.cells):
        low, high = scatter.spans[row]
        values.append(tuple(running[row].get(cell, 0.0) if low <= cell <= high else None
                            for cell in cells))
    adds = scatter.adds[sample] if has else tuple(() for _ in timeline.names)
    sizes = tuple(len(row) for row in timeline.expected)
    note = ""
    if timeline.comparison.expected is None:
        note = f"the reference refuses this input: {timeline.comparison.expected_error}"
    elif has:
        cropped = [f"{timeline.names[row]}[{cell}]" for row, row_adds in enumerate(adds)
                   for cell, _ in row_adds if not 0 <= cell < sizes[row]]
        if cropped:
            note = (f"{', '.join(cropped)} {'is' if len(cropped) == 1 else 'are'} "
                    f"cropped off the answer (padding): added here, then left out")
    locals_ = ()
    if has:
        locals_ = ((("t" if scatter.layout == "backward" else "i"), str(sample)),
                   (scatter.sample_name + ("[t]" if scatter.layout == "backward"
                                           else "[i]"), number(scatter.samples[sample])),
                   *((f"{timeline.names[row]} +=", ", ".join(number(v) for _, v in row_adds))
                     for row, row_adds in enumerate(adds)))
    return ScatterFrame(
        side="reference", step=sample, n_steps=scatter.n_steps, title="reference",
        lineno=scatter.line if has else None,
        line=scatter.listing[scatter.line - 1] if has else "", source=scatter.listing,
        source_start=1, locals=locals_, sample_name=scatter.sample_name,
        samples=scatter.samples, sample=sample if has else None, kernel=scatter.kernel,
        names=timeline.names, sizes=sizes, cells=timeline.cells, values=tuple(values),
        adds=adds, written=tuple((row, cell) for row, row_adds in enumerate(adds)
                                 for cell, _ in row_adds),
        mismatches=frozenset(), missing=frozenset(), inputs=timeline.inputs,
        reads=scatter.reads[sample] if has and scatter.reads else (),
        zero_tail=scatter.zero_tail, full_start=scatter.full_start, note=note)
