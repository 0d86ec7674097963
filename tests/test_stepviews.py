"""Frames: what each debugger panel shows at a step, as plain data."""

from __future__ import annotations

import numpy as np
import pytest

from convlab import Case, catalog, compare, conv1d
from convlab.padding import PADDING_MODES
from convlab.stepviews import Timeline, timeline

ARTICLE_CASE = Case(x=[1, 2, 3, 4, 5, 6, 7, 8], w=[0.5, -0.5], stride=2)


@pytest.fixture(scope="module")
def strided():
    return catalog.get("article-strided-range")


def test_output_frames_follow_the_implementation_and_the_reference(strided):
    """One frame per output; the strided bug never reads the last window, the reference does."""
    frames = timeline(strided.flawed, ARTICLE_CASE, strided.exercise)
    assert frames.n_steps == 4
    windows = [frames.pair(i)[0].window for i in range(4)]
    assert windows == [(0, 1), (2, 3), (4, 5), ()]
    assert [frames.pair(i)[1].window for i in range(4)] == [(0, 1), (2, 3), (4, 5), (6, 7)]
    last, reference = frames.pair(3)
    assert last.mismatches == {(0, 3)} and "no line wrote" in last.note
    assert reference.running_sum == (3.5, -0.5)


def test_line_frames_carry_source_locals_and_the_buffer_so_far(strided):
    """A line frame holds its source line, the locals and the outputs written so far."""
    frames = timeline(strided.flawed, ARTICLE_CASE, strided.exercise, "line")
    first_write = next(i for i in range(frames.n_steps) if frames.implementation(i).written)
    frame = frames.implementation(first_write)
    assert "out[i // stride]" in frame.line
    assert frame.source[frame.lineno - frame.source_start].strip() == frame.line
    assert dict(frame.locals)["i"] == "0"
    assert frame.outputs == ((-0.5, None, None, None),)
    final = frames.implementation(frames.n_steps - 1)
    assert final.outputs == ((-0.5, -0.5, -0.5, 0.0),) and final.mismatches == {(0, 3)}


def test_same_padding_columns_are_marked():
    """Under 'same' padding the padded column is marked and contributes a zero product."""
    bug = catalog.get("article-no-padding")
    frames = timeline(bug.fixed, Case(x=[1, 2, 3, 4, 5], w=[1, 10], padding="same"),
                      bug.exercise)
    frame, reference = frames.pair(4)
    assert frame.positions == (0, 1, 2, 3, 4, 5) and frame.padding[-1]
    assert reference.window == (4, 5) and reference.products == (5.0, 0.0)


def test_missing_outputs_are_marked_missing():
    """An output the implementation never produced is marked both missing and mismatched."""
    bug = catalog.get("classic-range-stops-early")
    frames = timeline(bug.flawed, Case(x=[1, 2, 3, 4, 5], w=[1, 10, 100]), bug.exercise)
    frame, reference = frames.pair(frames.n_steps - 1)
    assert (0, 2) in frame.missing and (0, 2) in frame.mismatches
    assert reference.window == (2, 3, 4)


def test_unknown_provenance_falls_back_to_the_reference_window_and_says_so():
    """When the reads cannot be found, the frame shows the reference window and says so."""
    def shouts(x, w, stride=1, padding="valid"):
        raise ValueError("no")

    frames = timeline(shouts, Case(x=[1, 2, 3], w=[1, 1]), "conv1d")
    frame, reference = frames.pair(0)
    assert frame.window_from == "reference" and "unknown" in frame.note
    assert reference.window == (0, 1)


def conv1d_with_modes(x, w, padding=0, padding_mode="zeros"):
    """A correct implementation of the padding-mode exercise: the reference itself."""
    return conv1d(x, w, padding=padding, padding_mode=padding_mode)


@pytest.mark.parametrize("mode", PADDING_MODES)
@pytest.mark.parametrize("x, padding", [([1, 2, 3, 4], 3), ([5, -1, 7], 2), ([2, 9], 1)])
def test_padded_cells_equal_np_pad(mode, x, padding):
    """The Debugger's padded cells are np.pad's, in the PyTorch-equivalent mode, every mode."""
    case = Case(x=x, w=[1, 10], padding=padding, padding_mode=mode)
    frames = timeline(conv1d_with_modes, case, "conv1d-padding-mode")
    numpy_mode = {"zeros": "constant", "reflect": "reflect", "replicate": "edge",
                  "circular": "wrap"}[mode]
    wanted = np.pad(np.asarray(x, dtype=float), padding, mode=numpy_mode)
    for frame in frames.pair(0):
        assert frame.positions == tuple(range(-padding, len(x) + padding))
        assert frame.inputs == (tuple(wanted),)
        assert frame.padding == tuple(not 0 <= p < len(x) for p in frame.positions)


def test_reference_products_and_running_sums_are_exact():
    """The reference frame multiplies each tap by the padded input under it and sums."""
    frames = timeline(conv1d_with_modes, Case(x=[1, 2, 3], w=[1, 10], padding=1,
                                              padding_mode="reflect"), "conv1d-padding-mode")
    reference = frames.pair(0)[1]
    assert reference.window == (-1, 0) and reference.tap_values == (1.0, 10.0)
    assert reference.products == (2.0, 10.0) and reference.running_sum == (2.0, 12.0)
    assert frames.pair(2)[1].products == (2.0, 30.0)


def test_frames_are_built_once():
    """Asking twice for a frame returns the same cached object."""
    bug = catalog.get("classic-kernel-read-backwards")
    frames = Timeline(compare(bug.flawed, Case(x=np.arange(6.), w=[1, 10])))
    assert frames.implementation(2) is frames.implementation(2)
    assert frames.pair(2)[0].window == (3, 2)


def test_the_divergent_step_draws_the_mistake(strided):
    """At output 3 the loop read nothing: the reference's window is 'unread', the loop's
    starts are 0, 2, 4 and it missed 6, and the frame shows where and why the loop ended."""
    frames = timeline(strided.flawed, ARTICLE_CASE, strided.exercise)
    frame, _ = frames.pair(3)
    assert frame.unread == (6, 7)
    assert frame.starts == (0, 2, 4) and frame.missed_starts == (6,)
    assert "range(0, 6, 2) is exhausted: next i = 6 is not < 6" in frame.note
    assert dict(frame.locals)["i"] == "4" and frame.lineno is not None
    assert frames.pair(2)[0].unread == ()


def test_line_frames_say_why_the_loop_ends(strided):
    """At line granularity, the last run of the for header carries the exit reason."""
    frames = timeline(strided.flawed, ARTICLE_CASE, strided.exercise, "line")
    notes = {i: frames.implementation(i).note for i in range(frames.n_steps)}
    ends = [i for i, note in notes.items() if "is exhausted" in note]
    assert len(ends) == 1 and frames.implementation(ends[0]).line.startswith("for i in range")


def test_loop_exit_reasons_for_while_and_unreadable_ranges():
    """A while loop ends when its condition is false; a range over summarised values is
    still named, without numbers."""
    from convlab.stepviews.loops import exit_reason

    assert exit_reason("while i + k <= n:", {"i": 5, "k": 2, "n": 6}) == \
        "the loop ends: `while i + k <= n` is false"
    assert exit_reason("for t in range(len(x) - 1, -1, -1):", {"x": [1, 2, 3]}) == \
        "range(2, -1, -1) is exhausted: next t = -1 is not > -1"
    assert exit_reason("for t in range(len(x)):", {"x": "<array shape=(9000,)>"}) == \
        "the loop over `range(len(x))` is done"
    assert exit_reason("out[t] = 0", {}) is None


def test_long_inputs_keep_the_window_and_the_divergence_in_a_fixed_width_view():
    """L = 4096: every frame's shared columns hold both windows and the current output, in
    runs of the same width at every step."""
    from convlab.stepviews.columns import COLUMNS, shared_columns

    bug = catalog.get("article-strided-range")
    case = Case(x=np.arange(4096) % 7 - 3.0, w=[0.5, -0.5], stride=2)
    frames = timeline(bug.flawed, case, bug.exercise)
    assert frames.n_steps == 2048
    widths = set()
    for step in [0, 1, 700, 2046, frames.first_divergence()]:
        mine, reference = frames.pair(step)
        columns = shared_columns(mine, reference, divergence=2047)
        assert set(reference.window) <= set(columns.positions)
        assert set(mine.window) <= set(columns.positions)
        assert reference.output_index[1] in columns.outputs
        widths.add((len(columns.positions), len(columns.outputs)))
    assert widths == {(COLUMNS, COLUMNS)}
    assert frames.first_divergence() == 2047


def test_timeline_of_a_scatter_exercise_is_a_scatter_timeline(strided):
    """Timeline(comparison) steps conv1d by outputs and the two scatters by samples."""
    from convlab.stepviews import ScatterTimeline

    assert type(Timeline(compare(strided.flawed, ARTICLE_CASE))) is Timeline
    adjoint = catalog.get("classic-dw-overwritten")
    scatter = Timeline(compare(adjoint.flawed, adjoint.counterexample, adjoint.exercise))
    assert isinstance(scatter, ScatterTimeline)
    assert scatter.n_steps == adjoint.counterexample.dout.size


def test_reference_scatter_by_hand():
    """x = [0, 3, 4, 5], w = [1, 2], stride 2, dout = [1, 1]: step 1 adds w to dx[2..3]
    and x[2..3] = (4, 5) to dw, ending at dx = [1, 2, 1, 2], dw = [4, 8]."""
    from convlab.stepviews.scatter_reference import scatter_of

    scatter = scatter_of(Case(x=[0, 3, 4, 5], w=[1, 2], stride=2, dout=[1, 1]), "backward")
    assert scatter.adds[1] == (((2, 1.0), (3, 2.0)), ((0, 4.0), (1, 5.0)))
    dx, dw = scatter.running(1)
    assert [dx[j] for j in range(4)] == [1.0, 2.0, 1.0, 2.0] and dw == {0: 4.0, 1: 8.0}


@pytest.mark.parametrize("seed", range(12))
def test_reference_scatter_sums_to_the_reference_answer(seed):
    """Summed and cropped, the scatter of random cases is convlab's own answer, for both
    exercises."""
    from convlab.exercises import get_exercise
    from convlab.stepviews.scatter_reference import scatter_of

    rng = np.random.default_rng(seed)
    x, w = rng.integers(-5, 6, rng.integers(3, 8)), rng.integers(-5, 6, rng.integers(1, 4))
    stride = int(rng.integers(1, 4))
    forward = conv1d(x, w, stride=stride, padding=1)
    backward = Case(x=x, w=w, stride=stride, padding=1, dout=rng.integers(-3, 4, forward.size))
    transposed = Case(x=x, w=w, stride=stride, padding=int(rng.integers(0, 2)),
                      output_padding=int(rng.integers(0, stride)))
    for case, name in ((backward, "conv1d-backward"), (transposed, "conv-transpose1d")):
        exercise = get_exercise(name)
        scatter = scatter_of(case, exercise.layout)
        expected = exercise.expected(case)
        expected = expected if isinstance(expected, tuple) else (expected,)
        for row, answer in enumerate(expected):
            summed = scatter.running(scatter.n_steps - 1)[row]
            assert [summed.get(j, 0.0) for j in range(answer.size)] == pytest.approx(answer)
