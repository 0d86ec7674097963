"""The scatter view: conv1d's backward pass and the transposed convolution, stepped one
sample scattered at a time in the Debugger, the terminal trace and the figures."""

from __future__ import annotations

import re
import textwrap

import numpy as np
import pytest

from convlab import Case, catalog
from convlab.cli import main
from convlab.comparing import compare
from convlab.exercises import SCATTER_LAYOUTS, get_exercise
from convlab.judging import judge
from convlab.render import pair_html, render_pair_figure
from convlab.stepviews import ScatterFrame, ScatterTimeline, Timeline
from convlab.widget import Debugger

pytest.importorskip("ipywidgets")

BACKWARD = "conv1d-backward"
TRANSPOSED = "conv-transpose1d"
BACKWARD_CASE = Case(x=[0, 3, 4, 5], w=[1, 2], stride=2, dout=[1, 1])
PADDED_CASE = Case(x=[0, 3, 4, 5], w=[1, 2, 3], padding=1, dout=[1, 1, 2, 1])
TRANSPOSED_CASE = Case(x=[1, 2], w=[1, 10], stride=2, output_padding=1)
CROPPED_CASE = Case(x=[1, 2, 3], w=[1, 10, 100], stride=2, padding=1, output_padding=1)
SCATTERS = [bug for bug in catalog.BUGS if get_exercise(bug.exercise).layout in SCATTER_LAYOUTS]
CELL = re.compile(r'<td class="([^"]*)" data-row="(\d+)" data-index="(-?\d+)">([^<]*)</td>')


def backward(dout, x, w, stride=1, padding="valid"):
    """Right: scatter into a padded buffer, crop it (a view) on return."""
    left = {"valid": 0}.get(padding, padding)
    x_padded = np.pad(np.asarray(x, dtype=float), left)
    dx_padded = np.zeros(len(x_padded))
    dw = np.zeros(len(w))
    for t in range(len(dout)):
        for k in range(len(w)):
            dx_padded[t * stride + k] += dout[t] * w[k]
            dw[k] += dout[t] * x_padded[t * stride + k]
    return dx_padded[left:left + len(x)], dw


def overwriting(dout, x, w, stride=1, padding="valid"):
    """dw[k] = instead of +=: dw keeps only the last output gradient's term."""
    dx = np.zeros(len(x))
    dw = np.zeros(len(w))
    for t in range(len(dout)):
        for k in range(len(w)):
            dx[t * stride + k] += dout[t] * w[k]
            dw[k] = dout[t] * x[t * stride + k]
    return dx, dw


def renamed(grad_out, x, w, stride=1, padding="valid"):
    """Right, with the output gradient under another name and read through enumerate."""
    dx, dw = np.zeros(len(x)), np.zeros(len(w))
    for t, gradient in enumerate(grad_out):
        dx[t * stride:t * stride + len(w)] += gradient * np.asarray(w)
        dw += gradient * np.asarray(x[t * stride:t * stride + len(w)])
    return dx, dw


def raising(dout, x, w, stride=1, padding="valid"):
    """Writes dx[0], then raises."""
    dx = np.zeros(len(x))
    dx[0] = dout[0] * w[0]
    raise ValueError("gave up")


def one_array(dout, x, w, stride=1, padding="valid"):
    """Returns dx alone."""
    dx = np.zeros(len(x))
    for t in range(len(dout)):
        dx[t * stride] += dout[t] * w[0]
    return dx


def three_arrays(dout, x, w, stride=1, padding="valid"):
    """Returns a third value."""
    return np.zeros(len(x)), np.zeros(len(w)), 0.0


def short_dx(dout, x, w, stride=1, padding="valid"):
    """dx one cell short."""
    return np.zeros(len(x) - 1), np.full(len(w), 4.0)


def transposed(x, w, stride=1, padding=0, output_padding=0):
    """Right: scatter into the full output, crop it on return."""
    full = np.zeros((len(x) - 1) * stride + len(w) + output_padding)
    for i in range(len(x)):
        for k in range(len(w)):
            full[i * stride + k] += x[i] * w[k]
    return full[padding:len(full) - padding]


def transposed_overwriting(x, w, stride=1, padding=0, output_padding=0):
    """full[...] = where the kernels overlap."""
    full = np.zeros((len(x) - 1) * stride + len(w) + output_padding)
    for i in range(len(x)):
        for k in range(len(w)):
            full[i * stride + k] = x[i] * w[k]
    return full[padding:len(full) - padding]


def transposed_vectorized(x, w, stride=1, padding=0, output_padding=0):
    """Right, without a loop over the samples: zero insertion and a flipped correlation."""
    spread = np.zeros((len(x) - 1) * stride + 1)
    spread[::stride] = x
    full = np.correlate(np.pad(spread, len(w) - 1), np.asarray(w, float)[::-1], "valid")
    full = np.concatenate([full, np.zeros(output_padding)])
    return full[padding:len(full) - padding]


def cells(html: str, css_class: str) -> list[tuple[int, int, str]]:
    """(row, cell, text) of the result cells of a panel carrying css_class."""
    return [(int(row), int(index), text) for classes, row, index, text in CELL.findall(html)
            if css_class in classes.split()]


@pytest.mark.parametrize("fn, case, exercise", [
    (backward, BACKWARD_CASE, BACKWARD), (overwriting, BACKWARD_CASE, BACKWARD),
    (raising, BACKWARD_CASE, BACKWARD), (one_array, BACKWARD_CASE, BACKWARD),
    (three_arrays, BACKWARD_CASE, BACKWARD), (short_dx, BACKWARD_CASE, BACKWARD),
    (backward, PADDED_CASE, BACKWARD), (transposed, TRANSPOSED_CASE, TRANSPOSED),
    (transposed, CROPPED_CASE, TRANSPOSED), (transposed_overwriting, CROPPED_CASE, TRANSPOSED),
    (transposed_vectorized, CROPPED_CASE, TRANSPOSED)], ids=lambda v: getattr(v, "__name__", ""))
def test_every_function_opens_and_steps(fn, case, exercise):
    """Right, flawed, raising or wrongly shaped: the Debugger opens, one step per sample,
    every step and granularity renders, and it agrees with judge() on right or wrong."""
    debugger = Debugger(fn, case, exercise=exercise)
    samples = case.dout if exercise == BACKWARD else case.x
    assert isinstance(debugger.timeline, ScatterTimeline)
    assert debugger.n_steps == len(samples)
    verdict = judge(get_exercise(exercise), case, debugger.comparison.trace.outcome)
    assert debugger.comparison.equal == verdict.right
    for granularity in ("output", "line"):
        debugger.granularity = granularity
        for step in range(debugger.n_steps):
            debugger.goto(step)
            mine, theirs = debugger.panel_html
            assert "cl-scatter" in mine and "cl-scatter" in theirs
            assert debugger.controls.counter.value.count(f"step {step + 1} /") == 1
        assert "cl-pair" in debugger._repr_mimebundle_()["text/html"]
    if not verdict.right:
        assert debugger.first_divergence() is not None
        assert "✗" in debugger.controls.banner.value


def test_overwritten_dw_diverges_where_its_last_term_lands():
    """dw[k] = ...: at step 1 dw[1] holds 5 where the reference's running sum is 8; the
    banner names dw[1] and the line that wrote it, and 'd' goes to that step."""
    debugger = Debugger(overwriting, BACKWARD_CASE, exercise=BACKWARD)
    assert debugger.first_divergence() == 1
    mine, theirs = debugger.frame
    assert dict(theirs.adds[1]) == {0: 4.0, 1: 5.0}
    assert theirs.value_at(1, 1) == 8.0 and mine.value_at(1, 1) == 5.0
    assert (1, 1) in mine.mismatches and (1, 1) in mine.written
    assert mine.lineno is not None and "dw[k] = dout[t]" in mine.line
    banner = debugger.controls.banner.value
    assert "dw[1] is the first value that differs: expected 8, got 5" in banner
    assert "dw[k] = dout[t] * x[t * stride + k]" in banner
    html, _ = debugger.panel_html
    assert (1, 1, "5") in cells(html, "cl-mismatch")


def test_step_zero_of_the_overwriting_loop_is_still_right():
    """Before its last term, a cell is a partial sum: nothing is marked wrong at step 0."""
    debugger = Debugger(overwriting, BACKWARD_CASE, exercise=BACKWARD).goto(0)
    mine, theirs = debugger.frame
    assert not mine.mismatches
    assert mine.written == ((0, 0), (0, 1), (1, 0), (1, 1))
    assert [mine.value_at(1, k) for k in (0, 1)] == [0.0, 3.0]


def test_backward_padding_cells_are_scattered_then_cropped():
    """padding=1: step 0 adds dout[0] * w at dx[-1..1]; dx[-1] is cropped, and the
    learner's padded buffer shows its write there too."""
    debugger = Debugger(backward, PADDED_CASE, exercise=BACKWARD).goto(0)
    mine, theirs = debugger.frame
    assert dict(theirs.adds[0]) == {-1: 1.0, 0: 2.0, 1: 3.0}
    assert theirs.cropped(0, -1) and not theirs.cropped(0, 0)
    assert theirs.reads == (-1, 0, 1)
    assert mine.value_at(0, -1) == 1.0 and (0, -1) in mine.written
    assert "dx[-1] is cropped off the answer" in theirs.note
    _, html = debugger.panel_html
    assert (0, -1, "1") in cells(html, "cl-crop")


def test_transposed_scatters_each_sample_with_the_crop_shown():
    """Step i adds x[i] * w at i*stride - padding on; the padding cells and the
    output_padding cell are marked, and the last step equals the reference."""
    debugger = Debugger(transposed, CROPPED_CASE, exercise=TRANSPOSED).goto(1)
    mine, theirs = debugger.frame
    assert dict(theirs.adds[0]) == {1: 2.0, 2: 20.0, 3: 200.0}
    assert theirs.value_at(0, 1) == 102.0 and mine.value_at(0, 1) == 102.0
    assert theirs.cells[0][0] == -1 and theirs.cells[0][-1] == 6 and theirs.zero_tail == 6
    _, html = debugger.panel_html
    assert {cell for _, cell, _ in cells(html, "cl-crop")} == {-1, 6}
    assert [cell for _, cell, _ in cells(html, "cl-zero-tail")] == [6]
    assert debugger.comparison.equal and debugger.first_divergence() is None


def test_output_padding_cell_holds_the_buffers_zero():
    """The output_padding cell no sample reaches is right as the zero the buffer began
    with: no mismatch, no missing cell."""
    debugger = Debugger(transposed, TRANSPOSED_CASE, exercise=TRANSPOSED).last()
    mine, _ = debugger.frame
    assert mine.value_at(0, 4) == 0.0 and not mine.mismatches and not mine.missing


def test_overlap_overwritten_names_the_out_cell_and_its_line():
    """out[1] keeps only x[1] * w[0]: the divergence is named out[1], at step 1."""
    debugger = Debugger(transposed_overwriting, CROPPED_CASE, exercise=TRANSPOSED)
    assert debugger.first_divergence() == 1
    text = debugger.timeline.divergence_text()
    assert text.startswith("out[1] is the first value that differs: expected 102, got 2.")
    assert "full[i * stride + k] = x[i] * w[k]" in text and "x[1]" in text


@pytest.mark.parametrize("fn, said", [
    (raising, "raised ValueError: gave up"),
    (one_array, "returned one ndarray, not the 2 arrays dx and dw"),
    (three_arrays, "returned 3 values, not the 2 arrays dx and dw"),
    (short_dx, "dx has shape (3,), expected (4,)")], ids=lambda v: getattr(v, "__name__", ""))
def test_broken_results_are_said_in_the_banner_and_the_panel(fn, said):
    """A run that raises or returns the wrong arrays still opens; its message is shown."""
    debugger = Debugger(fn, BACKWARD_CASE, exercise=BACKWARD)
    debugger.goto(debugger.first_divergence())
    assert said in debugger.controls.summary.value.replace("&#x27;", "'")
    mine, _ = debugger.frame
    if fn is not short_dx:
        assert said in mine.note
    else:
        last, _ = debugger.last().frame
        assert (0, 3) in last.missing and (0, 0) in last.mismatches


def test_raising_function_shows_its_write_and_its_failing_line():
    """The write made before the exception is drawn; the panel shows the raising line."""
    debugger = Debugger(raising, BACKWARD_CASE, exercise=BACKWARD).goto(0)
    mine, _ = debugger.frame
    assert mine.value_at(0, 0) == 1.0 and mine.line.startswith("raise ValueError")


def test_a_renamed_parameter_read_through_enumerate_is_followed():
    """grad_out, read by `for t, gradient in enumerate(grad_out)`, still splits the writes
    by sample: step 1 shows the slice write of dout[1] alone."""
    debugger = Debugger(renamed, BACKWARD_CASE, exercise=BACKWARD).goto(1)
    mine, _ = debugger.frame
    assert mine.sample_name == "grad_out"
    assert dict(mine.adds[0]) == {2: 1.0, 3: 2.0} and dict(mine.adds[1]) == {0: 4.0, 1: 8.0}


def test_vectorized_code_is_shown_at_the_first_step_with_a_note():
    """No line reads x[i] one at a time: every write is on step 0, and the note says so."""
    timeline = Timeline(compare(transposed_vectorized, CROPPED_CASE, TRANSPOSED))
    first, _ = timeline.pair(0)
    assert first.written and "one sample at a time" in first.note
    later, _ = timeline.pair(2)
    assert not later.written and not later.mismatches


@pytest.mark.parametrize("bug", SCATTERS, ids=lambda b: b.id)
def test_every_catalog_scatter_opens_in_the_debugger(bug):
    """Each backward / transposed entry steps flawed and fixed at both granularities; the
    fixed one is right everywhere, the flawed one names its first wrong cell."""
    debugger = Debugger(bug.id)
    for mode in ("flawed", "fixed"):
        debugger.mode = mode
        for granularity in ("output", "line"):
            debugger.granularity = granularity
            for step in range(debugger.n_steps):
                mine, _ = debugger.goto(step).frame
                assert isinstance(mine, ScatterFrame)
                assert mode == "flawed" or not mine.mismatches
        if mode == "flawed":
            assert debugger.first_divergence() is not None
            assert re.search(r"\b(dx|dw|out)\[-?\d+\]", debugger.controls.banner.value)


def test_one_door_for_the_scatters():
    """compare, the Debugger and judge give one answer for a flawed catalog scatter."""
    bug = catalog.get("classic-overlap-overwritten")
    comparison = compare(bug.flawed, bug.counterexample, bug.exercise)
    verdict = judge(get_exercise(bug.exercise), bug.counterexample,
                    comparison.trace.outcome)
    assert not verdict.right and not comparison.equal
    assert not Debugger(bug.id).comparison.equal


def test_debugger_dout_box_changes_the_case():
    """The dout box shows for the backward pass and re-traces on a new dout."""
    debugger = Debugger(overwriting, BACKWARD_CASE, exercise=BACKWARD)
    box = debugger.controls.case_texts["dout"]
    assert box.value == "1, 1" and box.layout.display is None
    assert debugger.controls.case_texts["output_padding"].layout.display == "none"
    box.value = "2, 3"
    assert debugger.error == ""
    assert debugger.case.dout.tolist() == [2, 3]
    _, theirs = debugger.goto(1).frame
    assert dict(theirs.adds[1]) == {0: 12.0, 1: 15.0}


def test_debugger_hides_the_scatter_boxes_for_conv1d():
    """conv1d's Debugger keeps its five boxes: dout and output_padding are hidden."""
    debugger = Debugger("article-strided-range")
    assert debugger.controls.case_texts["dout"].layout.display == "none"


def test_pair_html_and_figure_draw_scatter_frames():
    """pair_html and render_pair_figure take a scatter's frames."""
    timeline = Timeline(compare(overwriting, BACKWARD_CASE, BACKWARD))
    mine, theirs = timeline.pair(1)
    html = pair_html(mine, theirs, divergence=timeline.divergence)
    assert html.count("cl-scatter-dw") == 2 and "dw +=" in html and "dw wrote" in html
    figure = render_pair_figure(mine, theirs, title="dw overwritten")
    texts = [text.get_text() for axes in figure.axes for text in axes.texts]
    assert "5 ✗" in texts and "dw +=" in texts


def test_trace_command_prints_the_scatter(tmp_path, capsys):
    """`convlab trace FILE --exercise conv1d-backward --case ...` lists the samples
    scattered, the arrays at the divergence and names dw[1], within 80 columns."""
    path = tmp_path / "student.py"
    path.write_text("import numpy as np\n\n\n" + textwrap.dedent('''
        def conv1d_backward(dout, x, w, stride=1, padding="valid"):
            dx, dw = np.zeros(len(x)), np.zeros(len(w))
            for t in range(len(dout)):
                for k in range(len(w)):
                    dx[t * stride + k] += dout[t] * w[k]
                    dw[k] = dout[t] * x[t * stride + k]
            return dx, dw
    '''))
    assert main(["trace", str(path), "--exercise", BACKWARD,
                 "--case", "x=[0,3,4,5] w=[1,2] stride=2 dout=[1,1]"]) == 0
    out = capsys.readouterr().out
    assert "dx[2..3]=1, 2  dw[0..1]=4, 5" in out
    assert "dw yours" in out and "5✗" in out
    assert "dw[1] is the first value that differs: expected 8, got 5" in out
    assert max(len(line) for line in out.splitlines()) <= 80


@pytest.mark.parametrize("source, said", [
    ("    raise ValueError('gave up')\n", "raised ValueError: gave up"),
    ("    return np.zeros(len(x))\n", "returned one ndarray, not the 2 arrays")])
def test_trace_command_shows_a_broken_backward_pass(tmp_path, capsys, source, said):
    """A file whose function raises or returns one array is traced, with the message."""
    path = tmp_path / "broken.py"
    path.write_text("import numpy as np\n\n\ndef conv1d_backward(dout, x, w, stride=1, "
                    "padding='valid'):\n" + source)
    assert main(["trace", str(path), "--exercise", BACKWARD, "--case",
                 "x=[0,3,4,5] w=[1,2] stride=2 dout=[1,1]", "--granularity", "line"]) == 0
    assert said in capsys.readouterr().out.replace("\n", " ")


def test_trace_command_takes_output_padding_and_names_the_missing_cell(tmp_path, capsys):
    """The transposed convolution's case takes output_padding=1; a result one cell short
    names out[5], written then cropped off."""
    path = tmp_path / "transposed.py"
    path.write_text("import numpy as np\n\n\n" + textwrap.dedent('''
        def conv_transpose1d(x, w, stride=1, padding=0, output_padding=0):
            full = np.zeros((len(x) - 1) * stride + len(w))
            for i in range(len(x)):
                full[i * stride:i * stride + len(w)] += x[i] * w
            return full[padding:len(full) - padding]
    '''))
    assert main(["trace", str(path), "--exercise", TRANSPOSED, "--case",
                 "x=[1,2,3] w=[1,10,100] stride=2 padding=1 output_padding=1"]) == 0
    out = capsys.readouterr().out.replace("\n", " ")
    assert "out[5] is missing" in out and "then cropped it off" in out


def test_trace_command_saves_a_scatter_animation(tmp_path, capsys):
    """--gif and --html work for a catalog scatter entry."""
    gif, page = tmp_path / "a.gif", tmp_path / "a.html"
    assert main(["trace", "classic-overlap-overwritten", "--gif", str(gif),
                 "--html", str(page)]) == 0
    assert gif.read_bytes()[:3] == b"GIF" and "cl-scatter-out" in page.read_text()
