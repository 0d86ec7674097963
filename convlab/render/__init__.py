"""Render: frames (convlab.stepviews) drawn for people, three ways.

- `to_html`: the debugger's panels as HTML (the notebook widget, the exported page);
- `to_figure`: the same panels as a matplotlib figure, and a run of them as a GIF;
- `to_text`: the terminal view of `convlab trace`, drawn with rich.

A scatter's frames (the backward pass, the transposed convolution: ScatterFrame) are drawn
by `scatter_html` and `scatter_figure`, which `to_html` and `to_figure` hand them to, and
printed by `scatter_text`.

Each only draws what a Frame says; none works out a window or a value of its own. This is
the only package that imports matplotlib, and only inside the functions that draw with it.
The HTML and figure functions are importable from here directly.
"""

from convlab.render.to_figure import draw_frame, render_figure, render_pair_figure, write_gif
from convlab.render.to_html import (
                                    STYLESHEET,
                                    array_html,
                                    frame_html,
                                    locals_html,
                                    pair_html,
                                    source_html,
)

__all__ = ["STYLESHEET", "array_html", "draw_frame", "frame_html", "locals_html", "pair_html",
           "render_figure", "render_pair_figure", "source_html", "write_gif"]
