"""A ScatterFrame as HTML: one panel of the backward pass or the transposed convolution.

Top to bottom: the samples being scattered (dout, or x) with this step's one outlined;
then one table per result array over the cells both panels share — for dx the padded input
x above it (the window dw reads outlined), for dw the kernel w — each with the row of what
this step adds (the reference: "+=", the sample times the kernel or the window) or wrote
(the implementation: each written cell's new value), and the array as it stands. Cells
cropped off the answer (padding) are hatched and marked "cropped", the transposed
convolution's output_padding cells are dotted, mismatches are hatched and carry ✗ as in the
conv1d panels. Pieces carry `cl-...` classes: `cl-sample`, `cl-add`, `cl-crop`,
`cl-zero-tail`, `cl-read`, and conv1d's `cl-out`, `cl-current`, `cl-mismatch`,
`cl-missing`, `cl-empty`, `cl-pad`, `cl-more`.
"""

from __future__ import annotations

from html import escape

from convlab.formatting import number
from convlab.render.cells import output_cell
from convlab.stepviews.columns import ScatterColumns, scatter_columns
from convlab.stepviews.scatter import ScatterFrame

__all__ = ["scatter_array_html", "scatter_where"]


def scatter_where(frame: ScatterFrame) -> str:
    """'step 2 of 3 · scattering dout[1] = 0.5': where a panel is."""
    where = f"step {frame.step + 1} of {frame.n_steps}"
    if frame.sample is not None and frame.sample < len(frame.samples):
        where += (f" · scattering {frame.sample_name}[{frame.sample}] = "
                  f"{number(frame.samples[frame.sample])}")
    return where


def _row(label: str, cells: list[str], more: tuple[bool, bool]) -> str:
    left = '<td class="cl-more">…</td>' if more[0] else ""
    right = '<td class="cl-more">…</td>' if more[1] else ""
    return f"<tr><th>{escape(label)}</th>{left}{''.join(cells)}{right}</tr>"


def _cell(classes: str, text: str, **data) -> str:
    attributes = "".join(f' data-{name}="{value}"' for name, value in data.items())
    return f'<td class="{classes}"{attributes}>{escape(text)}</td>'


def _samples_html(frame: ScatterFrame, columns: ScatterColumns, style: str) -> str:
    cells = [_cell("cl-cell cl-sample" + (" cl-current" if i == frame.sample else ""),
                   number(frame.samples[i]), index=i)
             for i in columns.samples if i < len(frame.samples)]
    rows = [_row("", [f'<td class="cl-position">{i}</td>' for i in columns.samples],
                 columns.more_samples),
            _row(frame.sample_name, cells, columns.more_samples)]
    if len(frame.names) == 1:
        # the transposed convolution has no dw table: the kernel goes here
        taps = [_cell("cl-cell cl-tap", number(value), index=k)
                for k, value in enumerate(frame.kernel)]
        rows.append(_row("w", taps, (False, False)))
    return f'<table class="cl-array cl-scatter-samples"{style}>{"".join(rows)}</table>'


def _result_html(frame: ScatterFrame, row: int, columns: ScatterColumns, style: str) -> str:
    """One result array: its cell numbers, what feeds it, what this step adds, its values."""
    name, shown, more = frame.names[row], columns.rows[row], columns.more[row]
    labels = [f'<td class="cl-position{" cl-crop" if frame.cropped(row, c) else ""}">{c}'
              f"</td>" for c in shown]
    rows = [_row("", labels, more)]
    if frame.full_start is not None:
        # where each out cell sits in the full output the samples scatter into
        rows = [_row("full", [f'<td class="cl-position cl-full">{c + frame.full_start}</td>'
                              for c in shown], more), _row(f"{name} cell", labels, more)]
    if row == 0 and frame.inputs:
        known = {cell: (value, pad) for cell, value, pad in frame.inputs}
        reads = set(frame.reads)
        cells = []
        for cell in shown:
            value, pad = known.get(cell, (None, True))
            classes = "cl-cell cl-in" + (" cl-pad" if pad else "") + \
                (" cl-window cl-read" if cell in reads else "")
            cells.append(_cell(classes, "" if value is None else number(value), pos=cell))
        rows.append(_row("x", cells, more))
    if row == 1:
        rows.append(_row("w", [_cell("cl-cell cl-tap", number(frame.kernel[k]), pos=k)
                               if 0 <= k < len(frame.kernel) else '<td class="cl-blank"></td>'
                               for k in shown], more))
    added = dict(frame.adds[row])
    verb = "+=" if frame.side == "reference" else "wrote"
    rows.append(_row(f"{name} {verb}", [
        _cell("cl-cell cl-add" + (" cl-crop" if frame.cropped(row, c) else ""),
              number(added[c]), index=c) if c in added else '<td class="cl-blank"></td>'
        for c in shown], more))
    rows.append(_row(name, [_value_cell(frame, row, c) for c in shown], more))
    return f'<table class="cl-array cl-scatter-{escape(name)}"{style}>{"".join(rows)}</table>'


def _value_cell(frame: ScatterFrame, row: int, cell: int) -> str:
    key = (row, cell)
    extra = ["cl-crop"] if frame.cropped(row, cell) else []
    if frame.zero_tail is not None and row == 0 and cell >= frame.zero_tail:
        extra.append("cl-zero-tail")
    classes, text = output_cell(frame.value_at(row, cell), missing=key in frame.missing,
                                current=key in frame.written,
                                mismatch=key in frame.mismatches, classes=tuple(extra))
    return _cell(" ".join(classes), text, row=row, index=cell)


def scatter_array_html(frame: ScatterFrame, columns: ScatterColumns | None = None) -> str:
    """The samples, then each result array with what this step adds or wrote, over
    `columns` (default: every cell)."""
    if not isinstance(columns, ScatterColumns):
        columns = scatter_columns(frame, frame, width=10_000)
    style = f' style="--cl-cell: {columns.cell_width}ch"'
    parts = [_samples_html(frame, columns, style)]
    parts += [_result_html(frame, row, columns, style) for row in range(len(frame.names))]
    if frame.writers:
        lines = "; ".join(f"line {lineno}: {source}" for lineno, source in frame.writers[:3])
        more = f" (and {len(frame.writers) - 3} more lines)" if len(frame.writers) > 3 else ""
        parts.append(f'<div class="cl-writers">wrote on {escape(lines)}{more}</div>')
    return "".join(parts)
