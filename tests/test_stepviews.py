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
