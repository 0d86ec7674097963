"""A Frame as a matplotlib figure, and a run of frames as a GIF.

The array view of the HTML panel (convlab.render.to_html) drawn with patches: padded input,
window, taps, products, running sum, output row — over the same columns both panels share
(convlab.stepviews.columns), with the same marks for the mistake: the part of the
reference's window never read outlined dashed, mismatches hatched with ✗. A pair is drawn
one panel above the other, so each gets the full width and its text stays readable when a
README shows the GIF at about 830 pixels: figures are 8.2 inches wide at 100 dpi, and no
text is smaller than 9 points (12.5 pixels). matplotlib is imported inside the functions
that draw, so the rest of convlab never pays for it.
"""

from __future__ import annotations

import textwrap

from convlab.formatting import number
from convlab.render.scatter_figure import draw_scatter, scatter_rows
from convlab.stepviews import Frame, ScatterFrame
from convlab.stepviews.columns import Columns, shared_columns

__all__ = ["DPI", "FONT_POINTS", "WIDTH_INCHES", "draw_frame", "render_figure",
           "render_pair_figure", "write_gif"]

DPI = 100
FONT_POINTS = 9.5
"""Cell text: 9.5 pt at 100 dpi is 13 px; nothing is drawn smaller than 9 pt (12.5 px)."""
WIDTH_INCHES = 8.2
_COLORS = {"cell": "#ffffff", "pad": "#e6e8eb", "window": "#d6eaf8", "edge": "#b5bcc4",
           "current": "#0072b2", "mismatch": "#fde3d3", "bad": "#d55e00", "text": "#1f2328",
           "muted": "#57606a", "note": "#7d4e00"}


def _columns(frame: Frame) -> Columns:
    count = max((len(row) for row in frame.outputs), default=0)
    count = max(count, max((c + 1 for _, c in frame.missing), default=0))
    return Columns(frame.positions, tuple(range(count)))


def _rows(frame: Frame | ScatterFrame) -> int:
    if isinstance(frame, ScatterFrame):
        return scatter_rows(frame)
    one_d = len(frame.inputs) == 1
    return len(frame.inputs) + (3 if one_d else 0) + max(len(frame.outputs), 1) \
        + (1 if frame.starts or frame.missed_starts else 0)


def render_figure(frame: Frame | ScatterFrame, *,
                  figsize: tuple[float, float] | None = None,
                  columns: Columns | None = None):
    """The frame's array view as a matplotlib Figure (no pyplot, no display needed)."""
    from matplotlib.figure import Figure

    figure = Figure(figsize=figsize or (WIDTH_INCHES, 0.34 * (_rows(frame) + 2.5)), dpi=DPI)
    draw_frame(frame, figure.add_subplot(), columns=columns)
    return figure


def render_pair_figure(implementation: Frame, reference: Frame, *, figure=None,
                       title: str | None = None, columns: Columns | None = None,
                       divergence: int | None = None):
    """The reference above the implementation, over the same columns, in a new figure or
    a cleared `figure`."""
    from matplotlib.figure import Figure

    columns = columns or shared_columns(implementation, reference, divergence=divergence)
    rows = [_rows(reference) + 2.2, _rows(implementation) + 3.4]
    height = 0.3 * sum(rows) + (0.55 if title else 0.15)
    if figure is None:
        figure = Figure(figsize=(WIDTH_INCHES, height), dpi=DPI)
    figure.clear()
    top, bottom = figure.subplots(2, 1, gridspec_kw={"height_ratios": rows})
    figure.subplots_adjust(left=0.01, right=0.99, bottom=0.01, hspace=0.05,
                           top=1 - 0.55 / figure.get_figheight() if title else 0.99)
    draw_frame(reference, top, columns=columns)
    draw_frame(implementation, bottom, columns=columns, note=True)
    if title:
        figure.suptitle(title, fontsize=FONT_POINTS + 1, y=0.995, va="top", ha="left", x=0.01)
    return figure


def draw_frame(frame: Frame | ScatterFrame, axes, *, columns: Columns | None = None,
               note: bool = False) -> None:
    """Draw the array view of `frame` on matplotlib `axes` (with `note`: its note below);
    a scatter's frame is drawn by convlab.render.scatter_figure."""
    from matplotlib.patches import Rectangle

    if isinstance(frame, ScatterFrame):
        draw_scatter(frame, axes, columns=columns, note=note)
        return

    columns = columns or _columns(frame)
    axes.clear()
    axes.set_axis_off()
    window, unread = set(frame.window), set(frame.unread)
    index = {p: j for j, p in enumerate(frame.positions)}
    x_of = {p: j + 1 for j, p in enumerate(columns.positions)}
    out_of = {c: j + 1 for j, c in enumerate(columns.outputs)}
    width = max(len(columns.positions), len(columns.outputs)) + 2
    rows = _rows(frame)
    y = rows + 1
    font = FONT_POINTS

    def cell(column, row_y, text, face, edge=_COLORS["edge"], line=0.8, hatch=None,
             color=_COLORS["text"], style="solid", weight="normal"):
        axes.add_patch(Rectangle((column + 0.04, row_y + 0.06), 0.92, 0.86, facecolor=face,
                                 edgecolor=edge, linewidth=line, hatch=hatch,
                                 linestyle=style))
        axes.text(column + 0.5, row_y + 0.48, text, ha="center", va="center", fontsize=font,
                  color=color, weight=weight)

    def label(row_y, text):
        axes.text(-0.1, row_y + 0.48, text, ha="right", va="center", fontsize=font,
                  color=_COLORS["muted"])

    def more(row_y, flags, last):
        if flags[0]:
            axes.text(0.5, row_y + 0.48, "…", ha="center", va="center", fontsize=font,
                      color=_COLORS["muted"])
        if flags[1]:
            axes.text(last + 1.5, row_y + 0.48, "…", ha="center", va="center", fontsize=font,
                      color=_COLORS["muted"])

    y -= 1
    for position, column in x_of.items():
        axes.text(column + 0.5, y + 0.3, str(position), ha="center", va="center",
                  fontsize=font - 0.5, color=_COLORS["muted"])
    for channel, values in enumerate(frame.inputs):
        y -= 1
        label(y, "x" if len(frame.inputs) == 1 else f"x[{channel}]")
        more(y, columns.more_positions, len(columns.positions))
        for position, column in x_of.items():
            j = index[position]
            pad, inside = frame.padding[j], position in window
            face = _COLORS["window"] if inside else (_COLORS["pad"] if pad else _COLORS["cell"])
            edge, line, style = _COLORS["edge"], 0.8, "solid"
            if inside:
                edge, line = _COLORS["current"], 2.0
            if position in unread:
                edge, line, style = _COLORS["bad"], 2.0, (0, (3, 2))
            cell(column, y, number(values[j]), face, edge=edge, line=line, style=style,
                 hatch="///" if pad else None,
                 color=_COLORS["muted"] if pad else _COLORS["text"])
    if frame.starts or frame.missed_starts:
        y -= 1
        label(y, "loop starts")
        for position, column in x_of.items():
            if position in frame.starts:
                axes.text(column + 0.5, y + 0.48, "▲", ha="center", va="center",
                          fontsize=font, color=_COLORS["current"])
            elif position in frame.missed_starts:
                axes.text(column + 0.5, y + 0.48, "✗", ha="center", va="center",
                          fontsize=font + 1, color=_COLORS["bad"], weight="bold")
    if len(frame.inputs) == 1:
        for name, values in (("w", frame.tap_values), ("w×x", frame.products),
                             ("sum", frame.running_sum)):
            y -= 1
            label(y, name)
            for position, value in zip(frame.window, values):
                if position in x_of:
                    cell(x_of[position], y, number(value), _COLORS["window"], line=0.6)
    for row, values in enumerate(frame.outputs or ((),)):
        y -= 1
        label(y, "out" if len(frame.outputs) <= 1 else f"out[{row}]")
        more(y, columns.more_outputs, len(columns.outputs))
        for column, x in out_of.items():
            key = (row, column)
            value = values[column] if column < len(values) else None
            bad = key in frame.mismatches
            current = key == frame.output_index
            text = "—" if key in frame.missing else ("·" if value is None else number(value))
            if bad:
                text = f"{text} ✗"
            cell(x, y, text, _COLORS["mismatch"] if bad else _COLORS["cell"],
                 edge=_COLORS["bad"] if bad else (_COLORS["current"] if current
                                                   else _COLORS["edge"]),
                 line=2.0 if current or bad else 0.8, hatch="\\\\\\" if bad else None,
                 color="#8a2a00" if bad else _COLORS["text"],
                 weight="bold" if current else "normal")
    bottom = y
    if note:
        # two lines are always kept for the note, so every frame has the same scale
        for line_number, text in enumerate(textwrap.wrap(frame.note, 100)[:2]):
            axes.text(-2.6, y - 0.6 - 1.1 * line_number, text, ha="left", va="center",
                      fontsize=font, color=_COLORS["note"])
        bottom = y - 2.6
    axes.set_xlim(-2.8, width + 0.2)
    axes.set_ylim(bottom - 0.1, rows + 2.1)
    where = f"step {frame.step + 1}/{frame.n_steps}" if frame.side == "implementation" \
        else (f"output {frame.step}" if frame.output_index is not None else "")
    axes.text(-2.6, rows + 1.5, f"{frame.title}  {where}", ha="left", va="center",
              fontsize=font + 0.5, weight="bold", color=_COLORS["text"])


def write_gif(pairs, path, fps: float, *, hold: dict | None = None) -> None:
    """A GIF at `path`: one frame per (implementation frame, reference frame, title[,
    columns]); `hold` maps frame numbers to how long they stay, in seconds (the first
    divergence, say), the others stay 1 / fps."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from PIL import Image

    images, durations = [], []
    figure = None
    for number_, item in enumerate(pairs):
        implementation, reference, title, *rest = item
        figure = render_pair_figure(implementation, reference, figure=figure, title=title,
                                    columns=rest[0] if rest else None)
        canvas = FigureCanvasAgg(figure)
        canvas.draw()
        image = Image.frombuffer("RGBA", canvas.get_width_height(), canvas.buffer_rgba())
        images.append(image.convert("RGB").quantize(colors=64, dither=Image.Dither.NONE))
        durations.append(int(1000 * (hold or {}).get(number_, 1 / fps)))
    images[0].save(path, format="GIF", save_all=True, append_images=images[1:],
                   duration=durations, loop=0, disposal=1, optimize=False)
