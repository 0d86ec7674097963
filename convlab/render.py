"""Render: a Frame drawn as HTML, or as a matplotlib figure for static pictures.

The HTML view, top to bottom: the source with the current line highlighted, the locals,
then the array view — the padded input as a row of cells (padding hatched grey), the current
window outlined over it, the kernel taps aligned under the window, the element-wise
products, the running sum, and the output row with the element being written and every
mismatch against the reference marked. Every piece carries a `cl-...` CSS class, so tests
and stylesheets can pick it out: `cl-cell`, `cl-pad`, `cl-window`, `cl-out`, `cl-current`,
`cl-mismatch`, `cl-missing`, `cl-empty`.

All text goes through html.escape. This is the only module that imports matplotlib, and
only inside the functions that draw, so rendering HTML never pays for it.
"""

from __future__ import annotations

from html import escape

from convlab.frames import Frame

__all__ = ["STYLESHEET", "array_html", "frame_html", "locals_html", "pair_html", "write_gif",
           "render_figure", "render_pair_figure", "source_html"]

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
            cells.append(f'<td class="{classes}" data-pos="{position}">{_number(value)}</td>')
        rows.append(f"<tr><th>{label}</th>{''.join(cells)}</tr>")
    if frame.products or len(frame.inputs) == 1:
        # 1-D views always have these rows, so the two panels line up
        for label, kind, values in (("w", "cl-tap", frame.tap_values),
                                    ("w × x", "cl-product", frame.products),
                                    ("running sum", "cl-sum", frame.running_sum)):
            by_position: dict = {}
            for position, value in zip(frame.window, values):
                by_position.setdefault(position, []).append(_number(value))
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
                text = _number(value)
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


def _number(value) -> str:
    if value is None:
        return ""
    value = float(value)
    if value != value:
        return "nan"
    if value.is_integer() and abs(value) < 1e12:
        return str(int(value))
    return f"{value:.4g}"


# --- matplotlib -------------------------------------------------------------------------

_COLORS = {"cell": "#ffffff", "pad": "#e4e4e4", "window": "#dbe9ff", "edge": "#bbbbbb",
           "current": "#1f6feb", "mismatch": "#ffd7d5", "bad": "#d1242f", "text": "#222222"}


def render_figure(frame: Frame, *, figsize: tuple[float, float] | None = None):
    """The frame's array view as a matplotlib Figure (no pyplot, no display needed)."""
    from matplotlib.figure import Figure

    width = max(len(frame.positions), max((len(r) for r in frame.outputs), default=0))
    figure = Figure(figsize=figsize or (max(4.0, 0.5 * width + 1.5), 2.6))
    draw_frame(frame, figure.add_subplot())
    return figure


def render_pair_figure(implementation: Frame, reference: Frame, *, figure=None,
                       title: str | None = None):
    """Implementation and reference side by side, in a new figure or a cleared `figure`."""
    from matplotlib.figure import Figure

    width = max(len(implementation.positions),
                max((len(r) for r in implementation.outputs), default=0))
    rows = len(implementation.inputs) + 3 + max(len(implementation.outputs), 1)
    if figure is None:
        figure = Figure(figsize=(max(6.0, 2 * 0.36 * (width + 2.6)),
                                 0.36 * (rows + 1.2) + (0.55 if title else 0.2)))
    figure.clear()
    left, right = figure.subplots(1, 2)
    figure.subplots_adjust(left=0.01, right=0.99, bottom=0.02, wspace=0.04,
                           top=1 - 0.5 / figure.get_figheight() if title else 0.92)
    draw_frame(implementation, left)
    draw_frame(reference, right)
    if title:
        figure.suptitle(title, fontsize=8, y=0.995, va="top")
    return figure


def draw_frame(frame: Frame, axes) -> None:
    """Draw the array view of `frame` on matplotlib `axes`."""
    from matplotlib.patches import Rectangle

    axes.clear()
    axes.set_axis_off()
    axes.set_aspect("equal")
    window = set(frame.window)
    first = frame.positions[0] if frame.positions else 0
    # 1-D frames keep room for the taps, products and sum rows, so panels line up
    one_d = len(frame.inputs) == 1
    rows = len(frame.inputs) + (3 if one_d else 0) + max(len(frame.outputs), 1)
    y = rows

    def cell(column, row_y, text, face, edge=_COLORS["edge"], width=1.0, hatch=None,
             color=_COLORS["text"]):
        axes.add_patch(Rectangle((column, row_y), 0.92, 0.85, facecolor=face, edgecolor=edge,
                                 linewidth=width, hatch=hatch))
        axes.text(column + 0.46, row_y + 0.42, text, ha="center", va="center", fontsize=7,
                  color=color)

    def label(row_y, text):
        axes.text(-0.3, row_y + 0.42, text, ha="right", va="center", fontsize=7,
                  color="#555555")

    for channel, values in enumerate(frame.inputs):
        y -= 1
        label(y, "x" if len(frame.inputs) == 1 else f"x[{channel}]")
        for position, value, pad in zip(frame.positions, values, frame.padding):
            inside = position in window
            cell(position - first, y, _number(value),
                 _COLORS["window"] if inside else (_COLORS["pad"] if pad else _COLORS["cell"]),
                 edge=_COLORS["current"] if inside else _COLORS["edge"],
                 width=1.6 if inside else 0.6, hatch="///" if pad else None,
                 color="#888888" if pad else _COLORS["text"])
    if frame.products:
        for name, values in (("w", frame.tap_values), ("w×x", frame.products),
                             ("sum", frame.running_sum)):
            y -= 1
            label(y, name)
            for position, value in zip(frame.window, values):
                cell(position - first, y, _number(value), _COLORS["window"], width=0.6)
    elif one_d:
        y -= 3
    for row, values in enumerate(frame.outputs or ((),)):
        y -= 1
        label(y, "out" if len(frame.outputs) <= 1 else f"out[{row}]")
        width = max(len(values), max((c for r, c in frame.missing if r == row), default=-1) + 1)
        for column in range(width):
            key = (row, column)
            value = values[column] if column < len(values) else None
            bad = key in frame.mismatches
            current = key == frame.output_index
            text = "—" if key in frame.missing else ("·" if value is None else _number(value))
            cell(column, y, text, _COLORS["mismatch"] if bad else _COLORS["cell"],
                 edge=_COLORS["bad"] if bad else (_COLORS["current"] if current
                                                   else _COLORS["edge"]),
                 width=1.8 if current or bad else 0.6)
    width = max(len(frame.positions), max((len(r) for r in frame.outputs), default=0), 1)
    axes.set_xlim(-2.2, width + 0.2)
    axes.set_ylim(-0.2, rows + 0.9)
    where = f"step {frame.step + 1}/{frame.n_steps}" if frame.side == "implementation" \
        else (f"output {frame.step}" if frame.output_index is not None else "")
    axes.set_title(f"{frame.title}  {where}", fontsize=8, loc="left")


def write_gif(pairs, path, fps: float) -> None:
    """A GIF at `path`: one frame per (implementation frame, reference frame, title)."""
    from matplotlib.animation import PillowWriter

    pairs = list(pairs)
    figure = render_pair_figure(pairs[0][0], pairs[0][1])
    writer = PillowWriter(fps=fps)
    with writer.saving(figure, str(path), dpi=100):
        for implementation, reference, title in pairs:
            render_pair_figure(implementation, reference, figure=figure, title=title)
            writer.grab_frame()
