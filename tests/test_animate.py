"""animate: the debugger's frames as a GIF and as a self-contained HTML page."""

from __future__ import annotations

from html.parser import HTMLParser
from io import BytesIO

import pytest
from PIL import Image

import convlab
from convlab import Case

ARTICLE_CASE = Case(x=[1, 2, 3, 4, 5, 6, 7, 8], w=[0.5, -0.5], stride=2)


class _Page(HTMLParser):
    """Collects step divs, scripts and every URL-bearing attribute of a page."""

    def __init__(self):
        super().__init__()
        self.steps, self.urls, self.scripts, self.windows = 0, [], 0, 0

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if "cl-step" in (attributes.get("class") or "").split():
            self.steps += 1
        if "cl-window" in (attributes.get("class") or "").split():
            self.windows += 1
        self.scripts += tag == "script"
        self.urls += [value for name, value in attrs if name in ("src", "href") and value]


def test_gif_has_one_frame_per_output(tmp_path):
    """A GIF saved to a path holds one frame for each of the four outputs."""
    path = convlab.animate("article-strided-range", ARTICLE_CASE, tmp_path / "stride.gif")
    with Image.open(path) as image:
        assert image.format == "GIF" and image.n_frames == 4


def test_gif_line_granularity_and_bytes():
    """Without a path the GIF comes back as bytes, one frame per traced line."""
    data = convlab.animate("article-strided-range", ARTICLE_CASE, fmt="gif",
                           granularity="line", fps=4)
    trace = convlab.trace(convlab.catalog.get("article-strided-range").flawed, ARTICLE_CASE)
    assert data[:6] == b"GIF89a"
    with Image.open(BytesIO(data)) as image:
        assert image.n_frames == trace.n_steps


def test_html_is_self_contained_with_every_step(tmp_path):
    """The HTML page has every step, one inline script and no external URL."""
    path = convlab.animate("article-strided-range", ARTICLE_CASE, tmp_path / "stride.html")
    page = _Page()
    page.feed(path.read_text(encoding="utf-8"))
    assert page.steps == 4 and page.scripts == 1 and page.windows > 0
    assert page.urls == []
    assert "http://" not in path.read_text() and "https://" not in path.read_text()


def test_your_function_animates_on_the_article_case():
    """A learner's own function, given without a case, animates as an HTML page."""
    def conv1d(x, w, stride=1, padding="valid"):
        return [x[i] * w[0] + x[i + 1] * w[1] for i in range(0, len(x) - 1, stride)]

    page = convlab.animate(conv1d)
    assert page.startswith("<!DOCTYPE html>") and "conv1d" in page


def test_unknown_format_is_refused():
    """A format other than gif or html raises a ParameterError naming 'fmt'."""
    with pytest.raises(convlab.ParameterError, match="'fmt' must be one of"):
        convlab.animate("article-strided-range", fmt="mp4")


def test_trace_command_saves_gif_and_html(tmp_path, capsys):
    """`convlab trace --gif --html` writes both files and says where."""
    from convlab.cli import main

    gif, page = tmp_path / "out.gif", tmp_path / "out.html"
    assert main(["trace", "article-strided-range", "--case",
                 "x=[1,2,3,4,5,6,7,8] w=[0.5,-0.5] stride=2", "--gif", str(gif),
                 "--html", str(page)]) == 0
    assert f"saved {gif}" in capsys.readouterr().out
    with Image.open(gif) as image:
        assert image.n_frames == 4
    assert page.read_text().count('class="cl-step"') == 4


def test_bad_rates_and_granularities_are_refused():
    """A zero frame rate or an unknown granularity raises a ParameterError naming it."""
    import convlab

    with pytest.raises(convlab.ParameterError, match="'fps'"):
        convlab.animate("article-strided-range", fps=0)
    with pytest.raises(convlab.ParameterError, match="'granularity'"):
        convlab.animate("article-strided-range", granularity="word")


def test_the_readme_example_shows_the_mistake_over_several_steps_and_holds_it(tmp_path):
    """animate(BUG, path=...) with no case animates the article's 8 samples (4 frames, not a
    one-output counterexample) and stays on the first divergent frame for 2.5 s."""
    path = convlab.animate("article-strided-range", path=tmp_path / "stride.gif")
    with Image.open(path) as image:
        assert image.n_frames == 4
        durations = []
        for frame in range(image.n_frames):
            image.seek(frame)
            durations.append(image.info["duration"])
    assert durations == [500, 500, 500, 2500]


def test_gif_text_is_readable_at_the_readme_width():
    """Frames are at most 830 px wide, and no text is drawn under 12 px (9 pt at 100 dpi)."""
    from convlab.render.to_figure import DPI, render_pair_figure
    from convlab.stepviews import timeline

    bug = convlab.catalog.get("article-strided-range")
    frames = timeline(bug.flawed, ARTICLE_CASE, bug.exercise)
    figure = render_pair_figure(*frames.pair(3), title="article")
    assert figure.get_figwidth() * DPI <= 830
    sizes = [text.get_fontsize() for axes in figure.axes for text in axes.texts]
    sizes += [text.get_fontsize() for text in figure.texts]
    assert sizes and min(sizes) * DPI / 72 >= 12


def test_a_scatter_caption_names_the_sample_and_the_difference():
    """A backward pass's GIF captions say which dout sample each step scatters, and the
    step where a result cell differs says so."""
    from convlab.animation import _caption
    from convlab.comparing import compare
    from convlab.stepviews import Timeline
    from convlab.targets import resolve

    target = resolve("classic-dw-overwritten")
    timeline = Timeline(compare(target.function, target.case, target.exercise))
    captions = [_caption(timeline.pair(step)[0]) for step in range(timeline.n_steps)]
    assert captions[0] == "step 1/2, scattering dout[0]"
    assert captions[-1].endswith("scattering dout[1] (a result cell differs from the reference)")
