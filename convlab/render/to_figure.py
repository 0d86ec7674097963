"""A Frame as a matplotlib figure, and a run of frames as a GIF.

The array view of the HTML panel (convlab.render.to_html) drawn with patches: padded input,
window, taps, products, running sum, output row. matplotlib is imported inside the
functions that draw, so the rest of convlab never pays for it.
"""

from __future__ import annotations

from convlab.formatting import number
from convlab.stepviews import Frame

__all__ = ["draw_frame", "render_figure", "render_pair_figure", "write_gif"]

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
            cell(position - first, y, number(value),
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
                cell(position - first, y, number(value), _COLORS["window"], width=0.6)
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
            text = "—" if key in frame.missing else ("·" if value is None else number(value))
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
