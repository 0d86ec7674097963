"""A Frame as HTML: the debugger's panels, in the notebook and in exported pages.

One panel, top to bottom: the title, the array view — the padded input as a row of cells
(padding hatched grey), the current window outlined over it, the kernel taps aligned under
the window, the element-wise products, the running sum, and the output row with the
element being written and every mismatch against the reference marked — then a note, the
source with the current line highlighted and the locals. Every piece carries a `cl-...`
CSS class, so tests and stylesheets can pick it out: `cl-cell`, `cl-pad`, `cl-window`,
`cl-out`, `cl-current`, `cl-mismatch`, `cl-missing`, `cl-empty`. All text goes through
html.escape.
"""

from __future__ import annotations

from html import escape

from convlab.formatting import number
from convlab.stepviews import Frame

__all__ = ["STYLESHEET", "array_html", "frame_html", "locals_html", "pair_html",
           "source_html"]

STYLESHEET = """<style>
.cl-panel { font-family: system-ui, sans-serif; font-size: 13px; min-width: 0;
  line-height: 1.3; }
.cl-title { font-weight: 600; margin: 2px 0 4px; }
.cl-source { font-family: ui-monospace, monospace; font-size: 12px; background: #f7f7f7;
  border: 1px solid #e0e0e0; padding: 4px 0; margin: 0 0 6px; overflow-x: auto;
  white-space: pre; line-height: 1.35; }
.cl-line { display: block; padding: 0 6px; }
.cl-lineno { color: #999; display: inline-block; width: 2.5em; text-align: right;
  margin-right: 0.8em; }
.cl-line-current { background: #fff2a8; }
.cl-locals { border-collapse: collapse; font-family: ui-monospace, monospace;
  font-size: 12px; margin-bottom: 6px; }
.cl-locals th { text-align: right; color: #555; font-weight: normal; padding: 0 6px 0 0; }
.cl-locals td { padding: 0; }
.cl-array, .cl-output { border-collapse: separate; border-spacing: 2px;
  font-family: ui-monospace, monospace; font-size: 12px; }
.cl-array th, .cl-output th { text-align: right; font-weight: normal; color: #555;
  padding-right: 6px; white-space: nowrap; }
.cl-cell { min-width: 2.4em; height: 1.7em; text-align: center; border: 1px solid #ccc;
  background: #fff; padding: 0 3px; }
.cl-blank { border: 1px solid transparent; background: transparent; height: 1.7em; }
.cl-position { color: #999; font-size: 10px; text-align: center; }
.cl-pad { color: #888; background: repeating-linear-gradient(45deg, #eee, #eee 3px,
  #d9d9d9 3px, #d9d9d9 6px); }
.cl-window { border: 2px solid #1f6feb; background-color: #dbe9ff; }
.cl-pad.cl-window { background: repeating-linear-gradient(45deg, #dbe9ff, #dbe9ff 3px,
  #b9d0f5 3px, #b9d0f5 6px); }
.cl-tap, .cl-product, .cl-sum { border-color: #9dbbe9; }
.cl-empty { color: #bbb; }
.cl-current { border: 2px solid #1f6feb; font-weight: 600; }
.cl-mismatch { background: #ffd7d5; border-color: #d1242f; color: #a40e26; }
.cl-current.cl-mismatch { border: 2px solid #d1242f; }
.cl-missing { border-style: dashed; }
.cl-note { color: #8a5a00; margin: 4px 0 6px; min-height: 2.6em; }
.cl-pair { display: flex; gap: 24px; align-items: flex-start; flex-wrap: wrap; }
.cl-pair > .cl-panel { flex: 1 1 360px; }
</style>"""


def source_html(frame: Frame) -> str:
    """The source listing with the frame's line highlighted."""
    rows = []
    for offset, text in enumerate(frame.source):
        lineno = frame.source_start + offset
        current = " cl-line-current" if lineno == frame.lineno else ""
        rows.append(f'<span class="cl-line{current}" data-line="{lineno}">'
                    f'<span class="cl-lineno">{lineno}</span>{escape(text)}</span>')
    return f'<pre class="cl-source">{"".join(rows)}</pre>'


def locals_html(frame: Frame) -> str:
    """The variables after the frame's line ran, one per row."""
    rows = "".join(f"<tr><th>{escape(name)}</th><td>{escape(value)}</td></tr>"
                   for name, value in frame.locals)
    return f'<table class="cl-locals">{rows}</table>'


def array_html(frame: Frame) -> str:
    """The padded input, window, taps, products, running sum and output row."""
    window = set(frame.window)
    rows = ['<tr><th></th>' + "".join(f'<td class="cl-position">{p}</td>'
                                      for p in frame.positions) + "</tr>"]
    for channel, values in enumerate(frame.inputs):
        label = "x" if len(frame.inputs) == 1 else f"x[{channel}]"
        cells = []
        for position, value, pad in zip(frame.positions, values, frame.padding):
            classes = "cl-cell cl-in" + (" cl-pad" if pad else "") + \
                (" cl-window" if position in window else "")
            cells.append(f'<td class="{classes}" data-pos="{position}">{number(value)}</td>')
        rows.append(f"<tr><th>{label}</th>{''.join(cells)}</tr>")
    if frame.products or len(frame.inputs) == 1:
        # 1-D views always have these rows, so the two panels line up
        for label, kind, values in (("w", "cl-tap", frame.tap_values),
                                    ("w × x", "cl-product", frame.products),
                                    ("running sum", "cl-sum", frame.running_sum)):
            by_position: dict = {}
            for position, value in zip(frame.window, values):
                by_position.setdefault(position, []).append(number(value))
            cells = "".join(
                f'<td class="cl-cell {kind}" data-pos="{p}">{escape(", ".join(by_position[p]))}'
                f"</td>" if p in by_position else '<td class="cl-blank"></td>'
                for p in frame.positions)
            rows.append(f"<tr><th>{label}</th>{cells}</tr>")
    view = [f'<table class="cl-array">{"".join(rows)}</table>', _output_html(frame)]
    return "".join(view)


def _output_html(frame: Frame) -> str:
    written = set(frame.written)
    rows = []
    for row, values in enumerate(frame.outputs or ((),)):
        label = "out" if len(frame.outputs) <= 1 else f"out[{row}]"
        width = max(len(values), max((c for r, c in frame.missing if r == row), default=-1) + 1)
        cells = []
        for column in range(width):
            cell = (row, column)
            value = values[column] if column < len(values) else None
            classes = ["cl-cell", "cl-out"]
            if cell in frame.missing:
                classes.append("cl-missing")
                text = "—"
            elif value is None:
                classes.append("cl-empty")
                text = "·"
            else:
                text = number(value)
            if cell == frame.output_index or cell in written:
                classes.append("cl-current")
            if cell in frame.mismatches:
                classes.append("cl-mismatch")
            cells.append(f'<td class="{" ".join(classes)}" data-index="{column}">'
                         f"{escape(text)}</td>")
        rows.append(f"<tr><th>{label}</th>{''.join(cells)}</tr>")
    return f'<table class="cl-output">{"".join(rows)}</table>'


def frame_html(frame: Frame, *, with_source: bool = True) -> str:
    """One panel: title, source, locals, array view and note."""
    where = f"step {frame.step + 1} of {frame.n_steps}" if frame.side == "implementation" \
        else (f"output {frame.step}" if frame.output_index is not None else "")
    if frame.output_index is not None and frame.side == "implementation":
        where += f" · computing output {_label(frame)}"
    parts = [f'<div class="cl-panel cl-side-{frame.side}">',
             f'<div class="cl-title">{escape(frame.title)} '
             f'<span class="cl-where">{escape(where)}</span></div>', array_html(frame),
             f'<div class="cl-note">{escape(frame.note) or "&nbsp;"}</div>']
    if with_source:
        parts += [source_html(frame), locals_html(frame)]
    parts.append("</div>")
    return "".join(parts)


def pair_html(implementation: Frame, reference: Frame, *, with_source: bool = True) -> str:
    """The two panels side by side."""
    return (f'<div class="cl-pair">{frame_html(implementation, with_source=with_source)}'
            f"{frame_html(reference, with_source=with_source)}</div>")


def _label(frame: Frame) -> str:
    row, column = frame.output_index
    return str(column) if len(frame.outputs) <= 1 else f"{row}, {column}"
