"""A Frame as HTML: the debugger's panels, in the notebook and in exported pages.

One panel, top to bottom: the title, the array view — the padded input as a row of cells
(padding hatched grey), the current window outlined over it, the kernel taps aligned under
the window, the element-wise products, the running sum, and the output row with the
element being written and every mismatch against the reference marked — then a note. The
source with the current line highlighted and the locals are drawn apart (`code_html`), so
the Debugger can put the code beside the state, as Python Tutor does.

Both panels draw the same columns (convlab.stepviews.columns): a fixed-width run around
the current windows and outputs, "…" marking what is left out, so long inputs keep the
step in view and the two panels line up cell for cell.

The mistake is drawn, not only coloured: the part of the reference's window the
implementation never read is outlined dashed; the window starts its loop visited are marked
▲ and the ones it missed ✗; a mismatched output is hatched and carries ✗. Colours come from
a palette colour-blind readers can tell apart (blue for "here", vermillion for "wrong").
Every piece carries a `cl-...` CSS class, so tests and stylesheets can pick it out:
`cl-cell`, `cl-pad`, `cl-window`, `cl-unread`, `cl-start`, `cl-missed-start`, `cl-out`,
`cl-current`, `cl-mismatch`, `cl-missing`, `cl-empty`, `cl-more`. All text goes through
html.escape.
"""

from __future__ import annotations

from html import escape

from convlab.formatting import number
from convlab.render.cells import output_cell
from convlab.render.scatter_html import scatter_array_html, scatter_where
from convlab.stepviews import Frame, ScatterFrame
from convlab.stepviews.columns import Columns, ScatterColumns, shared_columns

__all__ = ["STYLESHEET", "WIDGET_STYLESHEET", "array_html", "code_html", "frame_html",
           "locals_html", "pair_html", "source_html", "stylesheet"]

_RULES = """
SCOPE.cl-panel { font-family: system-ui, -apple-system, "Segoe UI", sans-serif !important;
  font-size: 13px !important; line-height: 1.3 !important; min-width: 0; color: #1f2328; }
SCOPE.cl-title { font-weight: 600; margin: 0 0 2px; white-space: nowrap; overflow: hidden;
  text-overflow: ellipsis; }
SCOPE.cl-where { font-weight: normal; color: #57606a; }
SCOPE.cl-source { font-family: ui-monospace, "DejaVu Sans Mono", Menlo, Consolas,
  monospace !important; font-size: 12px !important; line-height: 1.4 !important;
  background: #f6f8fa; border: 1px solid #d0d7de; padding: 4px 0 !important;
  margin: 0 0 6px !important; white-space: pre-wrap !important; word-break: normal !important;
  overflow-wrap: normal !important; overflow: auto; tab-size: 4; color: #1f2328;
  box-sizing: content-box; }
SCOPE.cl-line { display: block; padding: 0 6px 0 3.6em !important; text-indent: -3.3em;
  white-space: pre-wrap !important; word-break: normal !important;
  overflow-wrap: normal !important; }
SCOPE.cl-lineno { color: #8c959f; display: inline-block; width: 2.5em; text-align: right;
  margin-right: 0.8em; text-indent: 0; user-select: none; }
SCOPE.cl-line-current { background: #fff1b8; box-shadow: inset 3px 0 #0072b2; }
SCOPE.cl-locals { border-collapse: collapse; font-family: ui-monospace, "DejaVu Sans Mono",
  Menlo, Consolas, monospace !important; font-size: 12px !important;
  line-height: 1.35 !important; margin: 0; }
SCOPE.cl-locals th { text-align: right; color: #57606a; font-weight: normal;
  padding: 0 8px 0 0; vertical-align: top; white-space: nowrap; }
SCOPE.cl-locals td { padding: 0; white-space: pre-wrap; word-break: break-all; }
SCOPE.cl-array, SCOPE.cl-output { border-collapse: separate; border-spacing: 2px;
  table-layout: fixed; font-family: ui-monospace, "DejaVu Sans Mono", Menlo, Consolas,
  monospace !important; font-size: 12px !important; line-height: 1.2 !important; margin: 0; }
SCOPE.cl-array th, SCOPE.cl-output th { text-align: right; font-weight: normal;
  color: #57606a; padding: 0 6px 0 0; white-space: nowrap; width: 6em; overflow: hidden;
  font-family: system-ui, -apple-system, "Segoe UI", sans-serif !important; }
SCOPE.cl-cell, SCOPE.cl-blank, SCOPE.cl-more { width: var(--cl-cell, 5ch); height: 1.7em;
  text-align: center; padding: 0 1px; overflow: hidden; white-space: nowrap;
  box-sizing: border-box; }
SCOPE.cl-cell { border: 1px solid #c4c9cf; background: #fff; }
SCOPE.cl-blank { border: 1px solid transparent; background: transparent; }
SCOPE.cl-more { color: #8c959f; border: 1px solid transparent; width: 2ch; }
SCOPE.cl-position { color: #8c959f; font-size: 10px !important; text-align: center;
  white-space: nowrap; overflow: hidden; }
SCOPE.cl-pad { color: #6e7781; background: repeating-linear-gradient(45deg, #eef0f2,
  #eef0f2 3px, #d8dce0 3px, #d8dce0 6px); }
SCOPE.cl-window { border: 2px solid #0072b2; background-color: #d6eaf8; }
SCOPE.cl-pad.cl-window { background: repeating-linear-gradient(45deg, #d6eaf8, #d6eaf8 3px,
  #b3d4ec 3px, #b3d4ec 6px); }
SCOPE.cl-unread { border: 2px dashed #d55e00 !important; }
SCOPE.cl-crop { color: #6e7781; background: repeating-linear-gradient(45deg, #f3f4f6,
  #f3f4f6 3px, #e1e4e8 3px, #e1e4e8 6px); }
SCOPE.cl-position.cl-crop { background: none; text-decoration: line-through; }
SCOPE.cl-zero-tail { border-style: dotted; }
SCOPE.cl-add { border-color: #8fbfe0; background-color: #eef6fc; }
SCOPE.cl-writers { color: #57606a; font-size: 12px !important; margin: 2px 0 0;
  white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
SCOPE.cl-scatter-samples { margin-bottom: 4px; }
SCOPE.cl-tap, SCOPE.cl-product, SCOPE.cl-sum { border-color: #8fbfe0; }
SCOPE.cl-start { color: #0072b2; border: none; background: none; font-size: 11px; }
SCOPE.cl-missed-start { color: #d55e00; border: none; background: none; font-weight: 700; }
SCOPE.cl-empty { color: #aab1b8; }
SCOPE.cl-current { border: 2px solid #0072b2; font-weight: 700; }
SCOPE.cl-mismatch { position: relative; color: #8a2a00; border: 2px solid #d55e00;
  background: repeating-linear-gradient(135deg, #fde3d3, #fde3d3 3px, #f8c7a9 3px,
  #f8c7a9 5px); }
SCOPE.cl-mismatch::after { content: "\\2717"; position: absolute; top: -1px; right: 1px;
  font-size: 9px; line-height: 1; color: #d55e00; }
SCOPE.cl-missing { border-style: dashed; }
SCOPE.cl-note { color: #7d4e00; margin: 2px 0 0; height: 3.9em; overflow-y: auto;
  font-size: 12px !important; line-height: 1.3 !important; }
SCOPE.cl-pair { display: flex; gap: 16px; align-items: flex-start; flex-wrap: wrap; }
SCOPE.cl-pair > .cl-panel { flex: 1 1 360px; }
"""


def stylesheet(scope: str = "") -> str:
    """The panels' CSS; with a `scope` (".convlab-debugger"), every rule applies only
    inside it and wins over the notebook's own rules for pre, table and td."""
    prefix = f"{scope} " if scope else ""
    return "<style>" + _RULES.replace("SCOPE", prefix) + "</style>"


STYLESHEET = stylesheet()
"""The panels' CSS for a page of their own (animate's HTML export)."""
WIDGET_STYLESHEET = stylesheet(".convlab-debugger")
"""The same rules, scoped to the Debugger's root so no notebook's CSS overrides them."""


def source_html(frame: Frame, lines: int | None = None) -> str:
    """The source listing with the frame's line highlighted (`lines`: a fixed height)."""
    rows = []
    for offset, text in enumerate(frame.source):
        lineno = frame.source_start + offset
        current = " cl-line-current" if lineno == frame.lineno else ""
        rows.append(f'<span class="cl-line{current}" data-line="{lineno}">'
                    f'<span class="cl-lineno">{lineno}</span>{escape(text)}</span>')
    style = f' style="height: {lines * 1.4:.1f}em"' if lines else ""
    return f'<pre class="cl-source"{style}>{"".join(rows)}</pre>'


def locals_html(frame: Frame, rows: int | None = None) -> str:
    """The variables after the frame's line ran, one per row (`rows`: a fixed height)."""
    cells = "".join(f"<tr><th>{escape(name)}</th><td>{escape(value)}</td></tr>"
                    for name, value in frame.locals)
    table = f'<table class="cl-locals">{cells}</table>'
    if rows:
        return (f'<div class="cl-locals-box" style="height: {rows * 1.35:.1f}em; '
                f'overflow-y: auto">{table}</div>')
    return table


def code_html(frame: Frame, *, lines: int | None = None, variables: int | None = None) -> str:
    """The code beside the state: the listing with the current line, then the locals;
    `lines` and `variables` fix their heights, so stepping never moves what is below."""
    return (f'<div class="cl-panel cl-code cl-side-{frame.side}">{source_html(frame, lines)}'
            f"{locals_html(frame, variables)}</div>")


def _all_columns(frame: Frame) -> Columns:
    count = max((len(row) for row in frame.outputs), default=0)
    count = max(count, max((c + 1 for _, c in frame.missing), default=0))
    texts = [number(v) for row in (*frame.inputs, *frame.outputs) for v in row
             if v is not None]
    width = max(5, min(10, max((len(t) for t in texts), default=4) + 2))
    return Columns(frame.positions, tuple(range(count)), cell_width=width)


def _row(label: str, cells: list[str], more: tuple[bool, bool], kind: str = "") -> str:
    left = f'<td class="cl-more{kind}">…</td>' if more[0] else ""
    right = f'<td class="cl-more{kind}">…</td>' if more[1] else ""
    return f"<tr><th>{label}</th>{left}{''.join(cells)}{right}</tr>"


def array_html(frame: Frame, columns: Columns | None = None) -> str:
    """The padded input, window, taps, products, running sum and output row, over
    `columns` (default: every column)."""
    columns = columns or _all_columns(frame)
    shown = columns.positions
    more = columns.more_positions
    window, unread = set(frame.window), set(frame.unread)
    index = {p: j for j, p in enumerate(frame.positions)}
    rows = [_row("", [f'<td class="cl-position">{p}</td>' for p in shown], more,
                 " cl-position")]
    for channel, values in enumerate(frame.inputs):
        label = "x" if len(frame.inputs) == 1 else f"x[{channel}]"
        cells = []
        for position in shown:
            j = index[position]
            classes = "cl-cell cl-in" + (" cl-pad" if frame.padding[j] else "") + \
                (" cl-window" if position in window else "") + \
                (" cl-unread" if position in unread else "")
            cells.append(f'<td class="{classes}" data-pos="{position}">'
                         f"{number(values[j])}</td>")
        rows.append(_row(label, cells, more))
    if frame.starts or frame.missed_starts:
        starts, missed = set(frame.starts), set(frame.missed_starts)
        # ▲: a window of the loop starts here; ✗: the reference's does, the loop's never
        cells = [f'<td class="cl-cell cl-start" data-pos="{p}">▲</td>' if p in starts else
                 f'<td class="cl-cell cl-missed-start" data-pos="{p}">✗</td>' if p in missed
                 else '<td class="cl-blank"></td>' for p in shown]
        rows.append(_row("loop starts", cells, more))
    if frame.products or len(frame.inputs) == 1:
        # 1-D views always have these rows, so the two panels line up
        for label, kind, values in (("w", "cl-tap", frame.tap_values),
                                    ("w × x", "cl-product", frame.products),
                                    ("running sum", "cl-sum", frame.running_sum)):
            by_position: dict = {}
            for position, value in zip(frame.window, values):
                by_position.setdefault(position, []).append(number(value))
            cells = [f'<td class="cl-cell {kind}" data-pos="{p}">'
                     f'{escape(", ".join(by_position[p]))}</td>' if p in by_position else
                     '<td class="cl-blank"></td>' for p in shown]
            rows.append(_row(label, cells, more))
    style = f' style="--cl-cell: {columns.cell_width}ch"'
    return (f'<table class="cl-array"{style}>{"".join(rows)}</table>'
            f"{_output_html(frame, columns, style)}")


def _output_html(frame: Frame, columns: Columns, style: str) -> str:
    written = set(frame.written)
    rows = []
    for row, values in enumerate(frame.outputs or ((),)):
        label = "out" if len(frame.outputs) <= 1 else f"out[{row}]"
        cells = []
        for column in columns.outputs:
            cell = (row, column)
            value = values[column] if column < len(values) else None
            classes, text = output_cell(value, missing=cell in frame.missing,
                                        current=cell == frame.output_index or cell in written,
                                        mismatch=cell in frame.mismatches)
            cells.append(f'<td class="{" ".join(classes)}" data-index="{column}">'
                         f"{escape(text)}</td>")
        rows.append(_row(label, cells, columns.more_outputs))
    return f'<table class="cl-output"{style}>{"".join(rows)}</table>'


def frame_html(frame: Frame | ScatterFrame, *, with_source: bool = True,
               columns: Columns | ScatterColumns | None = None) -> str:
    """One panel: title, array view over `columns` and note, then (with_source) the
    source and locals. A scatter's panel (a ScatterFrame) draws its own array view
    (convlab.render.scatter_html)."""
    if isinstance(frame, ScatterFrame):
        where, body = scatter_where(frame), scatter_array_html(frame, columns)
    else:
        where = f"step {frame.step + 1} of {frame.n_steps}" \
            if frame.side == "implementation" \
            else (f"output {frame.step}" if frame.output_index is not None else "")
        if frame.output_index is not None and frame.side == "implementation":
            where += f" · computing output {_label(frame)}"
        body = array_html(frame, columns)
    parts = [f'<div class="cl-panel cl-side-{frame.side}">',
             f'<div class="cl-title">{escape(frame.title)} '
             f'<span class="cl-where">{escape(where)}</span></div>', body,
             f'<div class="cl-note" title="{escape(frame.note)}">'
             f'{escape(frame.note) or "&nbsp;"}</div>']
    if with_source:
        parts += [source_html(frame), locals_html(frame)]
    parts.append("</div>")
    return "".join(parts)


def pair_html(implementation: Frame | ScatterFrame, reference: Frame | ScatterFrame, *,
              with_source: bool = True, divergence: int | tuple | None = None,
              cell_width: int = 6) -> str:
    """The two panels side by side, over the same columns."""
    columns = shared_columns(implementation, reference, divergence=divergence,
                             cell_width=cell_width)
    return (f'<div class="cl-pair">'
            f"{frame_html(implementation, with_source=with_source, columns=columns)}"
            f"{frame_html(reference, with_source=with_source, columns=columns)}</div>")


def _label(frame: Frame) -> str:
    row, column = frame.output_index
    return str(column) if len(frame.outputs) <= 1 else f"{row}, {column}"
