"""animate: a traced implementation next to the reference, as a GIF or a standalone HTML page.

    >>> import convlab
    >>> convlab.animate("article-strided-range", path="stride.gif")   # doctest: +SKIP
    PosixPath('stride.gif')

The frames are the debugger's (convlab.stepviews), drawn by convlab.render: with matplotlib
and pillow for a GIF, or as the debugger's HTML panels in one self-contained page whose
play controls are a few lines of inline JavaScript — no kernel, no network.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from html import escape
from pathlib import Path

from convlab import catalog
from convlab.case import Case
from convlab.comparing import compare
from convlab.errors import ParameterError, ParameterTypeError, describe
from convlab.render import STYLESHEET, pair_html, write_gif
from convlab.stepviews import Timeline
from convlab.stepviews.columns import shared_columns
from convlab.targets import resolve, showcase_case
from convlab.validate import check_seconds

__all__ = ["FORMATS", "HOLD_SECONDS", "animate", "html_page"]

FORMATS = ("gif", "html")


def animate(bug_id_or_fn: str | catalog.Bug | Callable, case: Case | None = None,
            path: str | Path | None = None, *, fmt: str | None = None,
            granularity: str = "output", fps: float = 2, exercise: str | None = None):
    """Animate the trace of a catalog bug's flawed function (or yours) next to the reference.

    `case` defaults to an input where the mistake plays out over several steps (for the
    strided-loop bug, the article's 8 samples: convlab.targets.showcase_case).
    `fmt` is "gif" or "html" (default: from the suffix of `path`, else "html"). With a
    `path`, writes the file and returns its Path; without, returns the GIF's bytes or the
    HTML text. One animation frame per step of the chosen granularity ("output" or "line");
    a GIF holds the first step that differs from the reference for HOLD_SECONDS.
    """
    target = resolve(bug_id_or_fn, case, exercise)
    if case is None and target.bug is not None:
        # an input where the mistake plays out over several steps, not a one-step minimum
        target = resolve(target.bug, showcase_case(target.bug), exercise)
    title = target.title
    fps = check_seconds(fps, "fps")  # any positive, finite rate
    fmt = _format(fmt, path)
    frames = Timeline(compare(target.function, target.case, target.exercise), granularity)
    if fmt == "html":
        page = html_page(frames, title=title, fps=fps)
        if path is None:
            return page
        Path(path).write_text(page, encoding="utf-8")
        return Path(path)
    if path is not None:
        _write_gif(frames, Path(path), title, fps)
        return Path(path)
    with tempfile.TemporaryDirectory() as folder:
        target = Path(folder) / "animation.gif"
        _write_gif(frames, target, title, fps)
        return target.read_bytes()


def _format(fmt: str | None, path) -> str:
    if path is not None and not isinstance(path, (str, Path)):
        raise ParameterTypeError(f"'path' must be a file name such as 'stride.gif' or "
                                 f"'stride.html' (got {describe(path)})", "path")
    if fmt is None:
        suffix = Path(path).suffix.lower().lstrip(".") if path is not None else ""
        if path is not None and suffix not in FORMATS:
            raise ParameterError(f"'path' must end in .gif or .html (got {str(path)!r}), or "
                                 f"pass fmt='gif' / fmt='html'", "path")
        fmt = suffix or "html"
    if fmt not in FORMATS:
        raise ParameterError(f"'fmt' must be one of {', '.join(map(repr, FORMATS))} "
                             f"(got {fmt!r})", "fmt")
    return fmt


HOLD_SECONDS = 2.5
"""How long a GIF stays on the first step whose output differs from the reference."""


def _write_gif(frames: Timeline, path: Path, title: str, fps: float) -> None:
    divergence = frames.first_divergence()
    column = frames.comparison.first_divergence
    column = column if column is None or isinstance(column, int) else int(column[-1])

    def pairs():
        for step in range(frames.n_steps):
            implementation, reference = frames.pair(step)
            columns = shared_columns(implementation, reference, divergence=column,
                                     cell_width=frames.cell_width)
            yield implementation, reference, f"{title}\n{_caption(implementation)}", columns

    hold = {divergence: max(HOLD_SECONDS, 1 / fps)} if divergence is not None else {}
    write_gif(pairs(), path, fps, hold=hold)


def _caption(frame) -> str:
    where = f"step {frame.step + 1}/{frame.n_steps}"
    if frame.output_index is not None:
        where += f", output {frame.output_index[1]}"
    sample = getattr(frame, "sample", None)  # a scatter's frame: the sample it adds
    if sample is not None and 0 <= sample < len(frame.samples):
        where += f", scattering {frame.sample_name}[{sample}]"
        if frame.mismatches:
            return where + " (a result cell differs from the reference)"
    bad = " (differs from the reference)" if frame.output_index in frame.mismatches else ""
    return where + bad


_PLAYER = """
(function () {
  var steps = document.querySelectorAll('.cl-step');
  var slider = document.getElementById('cl-slider');
  var counter = document.getElementById('cl-counter');
  var playButton = document.getElementById('cl-play');
  var current = 0, timer = null, delay = %(delay)d;
  function show(i) {
    current = Math.max(0, Math.min(steps.length - 1, i));
    steps.forEach(function (s, j) { s.hidden = j !== current; });
    slider.value = current;
    counter.textContent = 'step ' + (current + 1) + ' / ' + steps.length;
  }
  function stop() { clearInterval(timer); timer = null; playButton.textContent = 'Play'; }
  function play() {
    if (timer) { stop(); return; }
    if (current === steps.length - 1) { show(0); }
    playButton.textContent = 'Pause';
    timer = setInterval(function () {
      if (current >= steps.length - 1) { stop(); } else { show(current + 1); }
    }, delay);
  }
  document.getElementById('cl-first').onclick = function () { stop(); show(0); };
  document.getElementById('cl-back').onclick = function () { stop(); show(current - 1); };
  document.getElementById('cl-next').onclick = function () { stop(); show(current + 1); };
  document.getElementById('cl-last').onclick = function () { stop(); show(steps.length - 1); };
  playButton.onclick = play;
  slider.oninput = function () { stop(); show(parseInt(slider.value, 10)); };
  document.getElementById('cl-speed').onchange = function (e) {
    delay = 1000 / parseFloat(e.target.value);
    if (timer) { stop(); play(); }
  };
  show(0);
})();
"""


def html_page(frames: Timeline, *, title: str = "convlab", fps: float = 2) -> str:
    """A self-contained page: every step's panels, shown one at a time by inline JS."""
    steps = []
    column = frames.comparison.first_divergence
    column = column if column is None or isinstance(column, int) else int(column[-1])
    for step in range(frames.n_steps):
        implementation, reference = frames.pair(step)
        hidden = "" if step == 0 else " hidden"
        panels = pair_html(implementation, reference, divergence=column,
                           cell_width=frames.cell_width)
        steps.append(f'<div class="cl-step" data-step="{step}"{hidden}>{panels}</div>')
    speeds = "".join(f'<option value="{v}"{" selected" if v == fps else ""}>{v} steps/s'
                     f"</option>" for v in sorted({0.5, 1, 2, 4, 8, fps}))
    last = frames.n_steps - 1
    summary = escape(frames.comparison.summary())
    return (
        f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f"<title>{escape(title)}</title>{STYLESHEET}"
        "<style>body { margin: 16px; font-family: system-ui, sans-serif; } "
        ".cl-controls { display: flex; gap: 6px; align-items: center; margin: 8px 0; } "
        ".cl-summary { white-space: pre-wrap; margin-top: 8px; }</style></head><body>"
        f"<h3>{escape(title)}</h3>"
        f"<div>{escape(repr(frames.case))}</div>"
        '<div class="cl-controls">'
        '<button id="cl-first">First</button><button id="cl-back">Back</button>'
        '<button id="cl-play">Play</button><button id="cl-next">Next</button>'
        '<button id="cl-last">Last</button>'
        f'<input id="cl-slider" type="range" min="0" max="{last}" value="0">'
        f'<span id="cl-counter">step 1 / {frames.n_steps}</span>'
        f'<select id="cl-speed">{speeds}</select></div>'
        + "".join(steps)
        + f'<div class="cl-summary">{summary}</div>'
        f"<script>{_PLAYER % {'delay': int(1000 / fps)}}</script></body></html>\n")
