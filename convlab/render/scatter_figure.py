"""A ScatterFrame drawn with matplotlib: the HTML panel of a scatter
(convlab.render.scatter_html) as patches, for figures and GIFs.

The same rows, top to bottom — the samples with this step's outlined, then for each result
array its cell numbers, what feeds it (x_padded for dx, w for dw), what this step adds or
wrote, and the array — with the same marks: cropped cells hatched grey, mismatches hatched
vermillion with ✗. convlab.render.to_figure hands scatter frames here; matplotlib is
imported inside the function that draws.
"""

from __future__ import annotations

import textwrap

from convlab.formatting import number
from convlab.stepviews.columns import ScatterColumns, scatter_columns
from convlab.stepviews.scatter import ScatterFrame

__all__ = ["draw_scatter", "scatter_rows"]

_COLORS = {"cell": "#ffffff", "pad": "#e6e8eb", "window": "#d6eaf8", "edge": "#b5bcc4",
           "current": "#0072b2", "mismatch": "#fde3d3", "bad": "#d55e00", "text": "#1f2328",
           "muted": "#57606a", "note": "#7d4e00", "add": "#eef6fc"}
_FONT = 9.5


def scatter_rows(frame: ScatterFrame) -> int:
    """How many rows of cells the frame's drawing has."""
    rows = 2 + (1 if len(frame.names) == 1 else 0) + (1 if frame.full_start is not None else 0)
    for row in range(len(frame.names)):
        rows += 3 + (1 if (row == 0 and frame.inputs) or row == 1 else 0)
    return rows


def draw_scatter(frame: ScatterFrame, axes, *, columns: ScatterColumns | None = None,
                 note: bool = False) -> None:
    """Draw `frame` on matplotlib `axes` (with `note`: its note below)."""
    from matplotlib.patches import Rectangle

    if not isinstance(columns, ScatterColumns):
        columns = scatter_columns(frame, frame, width=10_000)
    axes.clear()
    axes.set_axis_off()
    rows = scatter_rows(frame)
    width = max([len(columns.samples), len(frame.kernel), *map(len, columns.rows)]) + 2
    y = rows + 1

    def cell(column, row_y, text, face=_COLORS["cell"], edge=_COLORS["edge"], line=0.8,
             hatch=None, color=_COLORS["text"], weight="normal"):
        axes.add_patch(Rectangle((column + 0.04, row_y + 0.06), 0.92, 0.86, facecolor=face,
                                 edgecolor=edge, linewidth=line, hatch=hatch))
        axes.text(column + 0.5, row_y + 0.48, text, ha="center", va="center", fontsize=_FONT,
                  color=color, weight=weight)

    def label(row_y, text, muted=True):
        axes.text(-0.1, row_y + 0.48, text, ha="right", va="center", fontsize=_FONT,
                  color=_COLORS["muted"] if muted else _COLORS["text"])

    def numbers(row_y, shown, crop=lambda _: False):
        for column, value in enumerate(shown, start=1):
            axes.text(column + 0.5, row_y + 0.3, str(value), ha="center", va="center",
                      fontsize=_FONT - 0.5, color=_COLORS["muted"] if not crop(value)
                      else _COLORS["bad"])

    y -= 1
    numbers(y, columns.samples)
    y -= 1
    label(y, frame.sample_name)
    for column, index in enumerate(columns.samples, start=1):
        current = index == frame.sample
        cell(column, y, number(frame.samples[index]), edge=_COLORS["current"] if current
             else _COLORS["edge"], line=2.0 if current else 0.8,
             weight="bold" if current else "normal")
    if len(frame.names) == 1:
        y -= 1
        label(y, "w")
        for column, value in enumerate(frame.kernel, start=1):
            cell(column, y, number(value), face=_COLORS["window"], line=0.6)
    for row, name in enumerate(frame.names):
        shown = columns.rows[row]
        if frame.full_start is not None:
            y -= 1
            label(y, "full")
            numbers(y, [cell + frame.full_start for cell in shown])
        y -= 1
        numbers(y, shown, crop=lambda c, row=row: frame.cropped(row, c))
        if row == 0 and frame.inputs:
            y -= 1
            label(y, "x")
            known = {c: (value, pad) for c, value, pad in frame.inputs}
            for column, c in enumerate(shown, start=1):
                value, pad = known.get(c, (None, True))
                read = c in frame.reads
                cell(column, y, "" if value is None else number(value),
                     face=_COLORS["window"] if read else (_COLORS["pad"] if pad
                                                          else _COLORS["cell"]),
                     edge=_COLORS["current"] if read else _COLORS["edge"],
                     line=2.0 if read else 0.8, hatch="///" if pad else None)
        if row == 1:
            y -= 1
            label(y, "w")
            for column, k in enumerate(shown, start=1):
                if 0 <= k < len(frame.kernel):
                    cell(column, y, number(frame.kernel[k]), face=_COLORS["window"], line=0.6)
        y -= 1
        label(y, f"{name} {'+=' if frame.side == 'reference' else 'wrote'}")
        added = dict(frame.adds[row])
        for column, c in enumerate(shown, start=1):
            if c in added:
                cell(column, y, number(added[c]), face=_COLORS["add"], line=0.6,
                     hatch="///" if frame.cropped(row, c) else None)
        y -= 1
        label(y, name, muted=False)
        for column, c in enumerate(shown, start=1):
            key, value = (row, c), frame.value_at(row, c)
            bad, current = key in frame.mismatches, key in frame.written
            text = "—" if key in frame.missing else ("·" if value is None else number(value))
            cell(column, y, f"{text} ✗" if bad else text,
                 face=_COLORS["mismatch"] if bad else (_COLORS["pad"] if frame.cropped(row, c)
                                                       else _COLORS["cell"]),
                 edge=_COLORS["bad"] if bad else (_COLORS["current"] if current
                                                  else _COLORS["edge"]),
                 line=2.0 if bad or current else 0.8,
                 hatch="\\\\\\" if bad else ("///" if frame.cropped(row, c) else None),
                 color="#8a2a00" if bad else _COLORS["text"],
                 weight="bold" if current else "normal")
    bottom = y
    if note:
        for line_number, text in enumerate(textwrap.wrap(frame.note, 100)[:2]):
            axes.text(-2.6, y - 0.6 - 1.1 * line_number, text, ha="left", va="center",
                      fontsize=_FONT, color=_COLORS["note"])
        bottom = y - 2.6
    axes.set_xlim(-2.8, width + 0.2)
    axes.set_ylim(bottom - 0.1, rows + 2.1)
    where = f"step {frame.step + 1}/{frame.n_steps}"
    if frame.sample is not None:
        where += f", scattering {frame.sample_name}[{frame.sample}]"
    axes.text(-2.6, rows + 1.5, f"{frame.title}  {where}", ha="left", va="center",
              fontsize=_FONT + 0.5, weight="bold", color=_COLORS["text"])
