"""Step views: what each panel of the debugger shows at one step, as plain data.

A debugger step shows two panels side by side. The implementation's panel replays its
trace, either one executed line at a time or one output element at a time; the reference's
panel is synthesized from the convolution's definition, one frame per output element: the
window over the padded input, the kernel taps under it, their products and the running
sum. The two are aligned by output element: while the implementation computes output t,
the reference shows how output t is made.

A `Frame` is one panel at one step; a `Timeline` holds every frame of one run. Nothing here
draws: `convlab.render` turns frames into HTML, a matplotlib figure or terminal text, so the
Debugger, the GIF export and `convlab trace` all show the same thing. Frames are built on
demand and cached, so a debugger over a long trace costs only the steps someone looks at.

Cells are addressed as (row, column): row is the channel (0 for 1-D signals), column the
position along the signal. Input columns are input coordinates, so padding columns are
negative on the left and >= L on the right; what a padding column holds is
convlab.padding's answer for the case's padding mode.

The backward pass and the transposed convolution scatter instead of gathering: their steps
are one sample scattered each, drawn from ScatterFrames (convlab.stepviews.scatter), and
`Timeline(comparison)` gives their ScatterTimeline.
"""

from convlab.stepviews.frame import GRANULARITIES, Frame
from convlab.stepviews.scatter import ScatterFrame, ScatterTimeline
from convlab.stepviews.timeline import Timeline, timeline

__all__ = ["GRANULARITIES", "Frame", "ScatterFrame", "ScatterTimeline", "Timeline",
           "timeline"]
