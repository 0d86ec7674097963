"""render: a frame as HTML cells with selectable classes, and as a matplotlib figure."""

from __future__ import annotations

import re

import pytest

from convlab import Case, catalog
from convlab.render import STYLESHEET, frame_html, pair_html, render_figure, render_pair_figure
from convlab.stepviews import timeline

ARTICLE_CASE = Case(x=[1, 2, 3, 4, 5, 6, 7, 8], w=[0.5, -0.5], stride=2)
CELL = re.compile(r'<td class="([^"]*)" data-(pos|index)="(-?\d+)">([^<]*)</td>')


def cells(html: str, css_class: str) -> list[tuple[int, str]]:
    """(position or output index, text) of every cell carrying css_class."""
    return [(int(number), text) for classes, _, number, text in CELL.findall(html)
            if css_class in classes.split()]


@pytest.fixture(scope="module")
def strided_frames():
    bug = catalog.get("article-strided-range")
    return timeline(bug.flawed, ARTICLE_CASE, bug.exercise)


def test_window_taps_products_and_sum_sit_under_the_window(strided_frames):
    """The reference frame's taps, products and running sum sit under the window's inputs."""
    implementation, reference = strided_frames.pair(1)
    html = frame_html(reference)
    assert [p for p, _ in cells(html, "cl-window")] == [2, 3]
    assert cells(html, "cl-tap") == [(2, "0.5"), (3, "-0.5")]
    assert cells(html, "cl-product") == [(2, "1.5"), (3, "-2")]
    assert cells(html, "cl-sum") == [(2, "1.5"), (3, "-0.5")]
    assert cells(html, "cl-current") == [(1, "-0.5")]


def test_the_strided_bug_never_reads_the_last_window(strided_frames):
    """At the last output the reference highlights inputs 6, 7; the implementation nothing."""
    implementation, reference = strided_frames.pair(3)
    assert cells(frame_html(implementation), "cl-window") == []
    assert [p for p, _ in cells(frame_html(reference), "cl-window")] == [6, 7]
    assert cells(frame_html(implementation), "cl-mismatch") == [(3, "0")]
    assert cells(frame_html(reference), "cl-mismatch") == []


def test_same_padding_cells_are_drawn_as_padding():
    """Padding cells carry the padding class, on both sides of the input."""
    bug = catalog.get("article-same-fix")
    frames = timeline(bug.fixed, Case(x=[1, 2, 3, 4, 5], w=[1, 10, 100, 1000],
                                      padding="same"), bug.exercise)
    html = frame_html(frames.pair(0)[1])
    assert [p for p, _ in cells(html, "cl-pad")] == [-1, 5, 6]
    assert [p for p, _ in cells(html, "cl-window")] == [-1, 0, 1, 2]


def test_source_line_is_highlighted_and_text_is_escaped():
    """The current source line is highlighted and HTML in locals is escaped."""
    def conv1d(x, w, stride=1, padding="valid"):
        note = "<b>&</b>"  # noqa: F841 - shown in the locals panel
        return [x[i] * w[0] + x[i + 1] * w[1] for i in range(len(x) - 1)]

    frames = timeline(conv1d, Case(x=[1, 2, 3], w=[1, 10]), "conv1d", "line")
    html = frame_html(frames.implementation(0))
    assert 'cl-line cl-line-current' in html
    assert "&lt;b&gt;&amp;&lt;/b&gt;" in html and "<b>&" not in html


def test_pair_html_puts_both_panels_side_by_side(strided_frames):
    """pair_html renders two panels, and the stylesheet styles padding cells."""
    html = STYLESHEET + pair_html(*strided_frames.pair(0))
    assert html.count('class="cl-panel') == 2 and ".cl-pad" in html


def test_figures_draw_one_frame_or_a_pair(strided_frames):
    """render_figure draws one frame with patches; render_pair_figure draws two axes."""
    figure = render_figure(strided_frames.pair(3)[0])
    assert figure.axes and figure.axes[0].patches
    pair = render_pair_figure(*strided_frames.pair(3), title="article")
    assert len(pair.axes) == 2


def test_the_mistake_is_drawn_with_a_second_cue(strided_frames):
    """Unread window cells are outlined dashed, loop starts marked, and a mismatch is hatched
    with a ✗ as well as coloured, so colour alone never carries it."""
    html = frame_html(strided_frames.pair(3)[0])
    assert [p for p, _ in cells(html, "cl-unread")] == [6, 7]
    assert [p for p, _ in cells(html, "cl-start")] == [0, 2, 4]
    assert [p for p, _ in cells(html, "cl-missed-start")] == [6]
    assert "dashed" in STYLESHEET and '\\2717' in STYLESHEET
    assert "repeating-linear-gradient(135deg" in STYLESHEET


def test_long_inputs_draw_a_window_of_columns_with_ellipses():
    """A 4096-sample input draws at most COLUMNS input and output cells, with '…' markers."""
    from convlab.stepviews.columns import COLUMNS

    bug = catalog.get("article-strided-range")
    frames = timeline(bug.flawed, Case(x=list(range(4096)), w=[0.5, -0.5], stride=2),
                      bug.exercise)
    html = pair_html(*frames.pair(1000))
    assert len(cells(html, "cl-in")) == 2 * COLUMNS
    assert html.count('class="cl-more') >= 4 and len(html) < 40_000
    assert [p for p, _ in cells(html, "cl-window")] == [2000, 2001, 2000, 2001]


def test_the_widget_stylesheet_is_scoped_and_wins():
    """Every rule of the widget's stylesheet is scoped to the Debugger; the listing's font
    and wrapping are !important, so notebook CSS cannot override them."""
    import re

    from convlab.render.to_html import WIDGET_STYLESHEET

    selectors = re.findall(r"([^{}]+)\{", WIDGET_STYLESHEET.removeprefix("<style>"))
    assert selectors and all(part.strip().startswith(".convlab-debugger ")
                             for selector in selectors for part in selector.split(","))
    source_rule = WIDGET_STYLESHEET.split(".convlab-debugger .cl-source {")[1].split("}")[0]
    assert "monospace !important" in source_rule and "word-break: normal !important" in \
        source_rule


def test_a_result_cell_says_missing_unwritten_or_its_number():
    """output_cell: "—" for a missing cell, "·" for one not written yet, the number
    otherwise; current and mismatch add their classes, extra classes come first."""
    from convlab.render.cells import output_cell

    assert output_cell(None, missing=True, current=False, mismatch=True) == (
        ["cl-cell", "cl-out", "cl-missing", "cl-mismatch"], "—")
    assert output_cell(None, missing=False, current=True, mismatch=False)[1] == "·"
    classes, text = output_cell(2.5, missing=False, current=True, mismatch=False,
                                classes=("cl-crop",))
    assert text == "2.5" and classes == ["cl-cell", "cl-out", "cl-crop", "cl-current"]
