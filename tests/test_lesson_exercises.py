"""The lessons' exercise checks: each fails the wrong answers a learner is likely to write
(the mistakes the lessons teach, and the classic ones) and passes right answers written in
several styles, including the lesson's own worked solution.

The checks and the solutions are read from the lesson sources themselves: every import,
every function the lesson defines (its solution cells last, so a solution replaces the
first attempt) and the few named objects an exercise needs.
"""

from __future__ import annotations

import ast
import codecs
import math
import subprocess
import sys
import textwrap
from pathlib import Path

import jupytext
import numpy as np
import pytest

import convlab
from convlab import Case
from convlab.catalog.padding import pad_input
from convlab.exercises import EXERCISES
from convlab.grading import GradedTest

ROOT = Path(__file__).resolve().parent.parent
LESSONS = ROOT / "lessons"


def _is_solution(cell) -> bool:
    return "solution" in cell.get("metadata", {}).get("tags", [])


def lesson_namespace(stem: str, *, solutions: bool = True, assigned: tuple[str, ...] = ()):
    """The lesson's imports and functions (and the assignments named in `assigned`), run in a
    fresh namespace; with `solutions` the solution cells' functions replace the attempts."""
    cells = [cell for cell in jupytext.read(LESSONS / f"{stem}.py").cells
             if cell.cell_type == "code"]
    ordered = [cell for cell in cells if not _is_solution(cell)]
    if solutions:
        ordered += [cell for cell in cells if _is_solution(cell)]
    namespace: dict = {"__name__": f"lesson_{stem}"}
    for cell in ordered:
        source = "\n".join(line for line in cell.source.splitlines()
                           if not line.lstrip().startswith("%"))
        for node in ast.parse(source).body:
            keep = isinstance(node, (ast.Import, ast.ImportFrom, ast.FunctionDef)) or (
                isinstance(node, ast.Assign)
                and any(isinstance(target, ast.Name) and target.id in assigned
                        for target in node.targets))
            if keep:
                exec(compile(ast.Module([node], []), f"{stem}.py", "exec"), namespace)
    return namespace


def passes(result) -> bool:
    """A check's verdict: True/False from the lessons' own checks, `.passed` from convlab's."""
    return bool(getattr(result, "passed", result))


# ---- lesson 1: count the windows, then a 'valid' conv1d ---------------------------------

L1 = lesson_namespace("01_by_hand")
L1_ATTEMPT = lesson_namespace("01_by_hand", solutions=False)


@pytest.fixture(scope="module")
def valid_exercise():
    """Lesson 1's 'valid'-only exercise, registered as the lesson does, then taken out of
    the registry again so no other test sees it."""
    registered_before = "conv1d-valid" in EXERCISES
    exercise = lesson_namespace("01_by_hand", assigned=("VALID",))["VALID"]
    yield exercise
    if not registered_before:
        EXERCISES.pop("conv1d-valid", None)


@pytest.mark.parametrize("wrong", [
    lambda length, kernel_size: length - kernel_size,              # one short
    lambda length, kernel_size: length - kernel_size + 1,          # negative when K > L
    lambda length, kernel_size: max(length - kernel_size - 1, 0),  # two short
    lambda length, kernel_size: (length - kernel_size) / 1 + 1,    # right numbers, floats
    L1_ATTEMPT["n_windows"],
])
def test_lesson1_window_count_fails_wrong_answers(wrong):
    """An off-by-one, a negative count or a float is not the number of windows."""
    assert not L1["check_n_windows"](wrong)


@pytest.mark.parametrize("right", [
    L1["n_windows"],
    lambda length, kernel_size: len(range(length - kernel_size + 1)),
    lambda length, kernel_size: sum(1 for start in range(length)
                                    if start + kernel_size <= length),
])
def test_lesson1_window_count_passes_right_answers(right):
    """The solution, a range's length and a count of fitting starts all pass."""
    assert L1["check_n_windows"](right)


def _valid_flipped(x, w, stride=1, padding="valid"):
    return np.convolve(np.asarray(x, float), np.asarray(w, float), "valid")


def _valid_one_short(x, w, stride=1, padding="valid"):
    x, w = np.asarray(x, float), np.asarray(w, float)
    return np.array([x[t:t + len(w)] @ w for t in range(len(x) - len(w))])


def _valid_int_buffer(x, w, stride=1, padding="valid"):
    x, w = np.asarray(x), np.asarray(w)
    out = np.zeros_like(x, shape=len(x) - len(w) + 1)
    for t in range(len(out)):
        out[t] = x[t:t + len(w)] @ w
    return out


def _valid_correlate(x, w, stride=1, padding="valid"):
    x, w = np.asarray(x, float), np.asarray(w, float)
    if len(w) > len(x):
        raise ValueError("kernel longer than the input")
    return np.correlate(x, w, "valid")


def _valid_windows(x, w, stride=1, padding="valid"):
    x, w = np.asarray(x, float), np.asarray(w, float)
    if len(w) > len(x):
        return np.zeros(0)
    return np.lib.stride_tricks.sliding_window_view(x, len(w)) @ w


@pytest.mark.parametrize("wrong", [L1_ATTEMPT["conv1d"], _valid_flipped, _valid_one_short,
                                   _valid_int_buffer])
def test_lesson1_conv1d_check_fails_wrong_answers(wrong, valid_exercise):
    """The textbook flip, np.convolve, a loop one window short and an int buffer all fail."""
    assert not passes(convlab.check(wrong, valid_exercise))


@pytest.mark.parametrize("right", [L1["conv1d"], _valid_correlate, _valid_windows])
def test_lesson1_conv1d_check_passes_right_answers(right, valid_exercise):
    """The solution loop, np.correlate and a window view all pass."""
    assert passes(convlab.check(right, valid_exercise))


# ---- lesson 2: derive the 'same' rule ------------------------------------------------------

L2 = lesson_namespace("02_padding")
L2_ATTEMPT = lesson_namespace("02_padding", solutions=False)


def _keras_total(length, kernel_size, stride):
    return max((math.ceil(length / stride) - 1) * stride + kernel_size - length, 0)


@pytest.mark.parametrize("wrong", [
    L2_ATTEMPT["same_pads"],                                               # the article's
    lambda length, kernel_size, stride=1: ((kernel_size - 1) // 2,) * 2,   # the same, again
    lambda length, kernel_size, stride=1: (kernel_size // 2,) * 2,         # one too many
    lambda length, kernel_size, stride=1: (kernel_size // 2,               # extra on the left
                                           kernel_size - 1 - kernel_size // 2),
    lambda length, kernel_size, stride=1: ((kernel_size - 1) // 2,         # stride-1 rule
                                           kernel_size - 1 - (kernel_size - 1) // 2),
    lambda length, kernel_size, stride=1: (                                # floor(L / s)
        max((length // stride - 1) * stride + kernel_size - length, 0) // 2,
        max((length // stride - 1) * stride + kernel_size - length, 0)
        - max((length // stride - 1) * stride + kernel_size - length, 0) // 2),
    lambda length, kernel_size, stride=1: (                                # no max(0, .)
        ((math.ceil(length / stride) - 1) * stride + kernel_size - length) // 2,
        ((math.ceil(length / stride) - 1) * stride + kernel_size - length)
        - ((math.ceil(length / stride) - 1) * stride + kernel_size - length) // 2),
])
def test_lesson2_same_rule_fails_wrong_answers(wrong):
    """Every 'same' rule the lessons warn about fails: the article's symmetric (K - 1) // 2,
    K // 2 each side, the odd zero on the left, the stride-1 total at stride 2, floor(L / s)
    outputs, and a negative total."""
    assert not L2["check_same_pads"](wrong)


def _same_by_search(length, kernel_size, stride=1):
    total = 0
    while (length + total - kernel_size) // stride + 1 < -(-length // stride):
        total += 1
    return total // 2, total - total // 2


@pytest.mark.parametrize("right", [
    L2["same_pads"],
    lambda length, kernel_size, stride=1: (
        _keras_total(length, kernel_size, stride) // 2,
        _keras_total(length, kernel_size, stride)
        - _keras_total(length, kernel_size, stride) // 2),
    _same_by_search,
])
def test_lesson2_same_rule_passes_right_answers(right):
    """The solution, math.ceil, and a search for the smallest total all pass."""
    assert L2["check_same_pads"](right)


# ---- lesson 3: the output length, then the grader's conv1d ----------------------------------

L3 = lesson_namespace("03_stride_and_off_by_one")
L3_ATTEMPT = lesson_namespace("03_stride_and_off_by_one", solutions=False)


@pytest.mark.parametrize("wrong", [
    L3_ATTEMPT["output_length"],                                        # no floor
    lambda L, K, s=1, pl=0, pr=0: math.ceil((L + pl + pr - K) / s) + 1,  # ceil
    lambda L, K, s=1, pl=0, pr=0: (L + pl + pr - K) // s + 1,           # negative if K > L
    lambda L, K, s=1, pl=0, pr=0: max(L + pl + pr - K + 1, 0),          # stride ignored
    lambda L, K, s=1, pl=0, pr=0: max((L - K) // s + 1, 0),             # padding ignored
    lambda L, K, s=1, pl=0, pr=0: max((L + 2 * pl - K) // s + 1, 0),    # 2P with P = left
])
def test_lesson3_output_length_fails_wrong_answers(wrong):
    """The blog's formula without the floor, ceil, no zero case, stride or padding ignored."""
    assert not L3["check_output_length"](wrong)


@pytest.mark.parametrize("right", [
    L3["output_length"],
    lambda L, K, s=1, pl=0, pr=0: len(range(0, L + pl + pr - K + 1, s)),
    lambda L, K, s=1, pl=0, pr=0: max(math.floor((L + pl + pr - K) / s) + 1, 0),
])
def test_lesson3_output_length_passes_right_answers(right):
    """The solution, a range's length and math.floor all pass."""
    assert L3["check_output_length"](right)


def _article_same(x, w, stride=1, padding="valid"):
    return convlab.catalog.get("article-same-fix").flawed(np.asarray(x), w, stride, padding)


def _padding_ignored(x, w, stride=1, padding="valid"):
    return convlab.catalog.get("article-no-padding").flawed(np.asarray(x), w, stride, padding)


def _np_convolve(x, w, stride=1, padding="valid"):
    return convlab.catalog.get("article-np-convolve").flawed(np.asarray(x), w, stride, padding)


def _conv1d_correlate(x, w, stride=1, padding="valid"):
    x = pad_input(np.asarray(x, float), len(w), stride, padding)
    if len(w) > len(x):
        raise ValueError("kernel longer than the padded input")
    return np.correlate(x, np.asarray(w, float), "valid")[::stride]


@pytest.mark.parametrize("wrong", [L3_ATTEMPT["conv1d"], _article_same, _padding_ignored,
                                   _np_convolve])
def test_lesson3_conv1d_check_fails_wrong_answers(wrong):
    """The article's strided range, its 'same' fix, no padding, np.convolve all fail."""
    assert not passes(convlab.check(wrong, exercise="conv1d"))


@pytest.mark.parametrize("right", [L3["conv1d"], _conv1d_correlate])
def test_lesson3_conv1d_check_passes_right_answers(right):
    """The solution (the learner's own arithmetic) and np.correlate after padding pass."""
    assert passes(convlab.check(right, exercise="conv1d"))


# ---- lesson 4: channels, checked by the conv1d-channels grader -------------------------------

L4 = lesson_namespace("04_channels_and_layouts")
L4_ATTEMPT = lesson_namespace("04_channels_and_layouts", solutions=False)


def channels_conv1d(pads_rule, *, squeeze=False, sum_channels=True, flip=False):
    """A channels-first conv1d whose 'same' zeros come from `pads_rule(L, K, stride)`."""
    def conv1d(x, w, stride=1, padding="valid"):
        x, w = np.asarray(x, dtype=float), np.asarray(w, dtype=float)
        if flip:
            w = w[:, :, ::-1]
        out_channels, _, kernel_size = w.shape
        if padding == "same":
            left, right = pads_rule(x.shape[1], kernel_size, stride)
        elif padding == "valid":
            left = right = 0
        else:
            left = right = padding
        x = np.pad(x, ((0, 0), (left, right)))
        if kernel_size > x.shape[1]:
            raise ValueError("kernel longer than the padded input")
        n_out = (x.shape[1] - kernel_size) // stride + 1
        windows = np.stack([x[:, t * stride:t * stride + kernel_size] for t in range(n_out)])
        if sum_channels:
            out = np.einsum("tck,ock->ot", windows, w)
        else:
            out = np.einsum("tck,ock->oct", windows, w)[:, 0]
        return out[0] if squeeze and out_channels == 1 else out
    return conv1d


def _keras_pads(length, kernel_size, stride):
    total = _keras_total(length, kernel_size, stride)
    return total // 2, total - total // 2


def _symmetric(length, kernel_size, stride):
    return ((kernel_size - 1) // 2,) * 2


def _stride_one_rule(length, kernel_size, stride):
    return (kernel_size - 1) // 2, kernel_size - 1 - (kernel_size - 1) // 2


def _extra_left(length, kernel_size, stride):
    total = _keras_total(length, kernel_size, stride)
    return total - total // 2, total // 2


@pytest.mark.parametrize("wrong", [
    L4_ATTEMPT["conv1d"],                                   # the lesson's first attempt
    channels_conv1d(_symmetric),                            # the article's 'same'
    channels_conv1d(_stride_one_rule),                      # stride-1 'same' at stride 2
    channels_conv1d(_extra_left),                           # extra zero on the left
    channels_conv1d(_keras_pads, squeeze=True),             # 1-D output for one filter
    channels_conv1d(_keras_pads, sum_channels=False),       # channels never summed
    channels_conv1d(_keras_pads, flip=True),                # kernel flipped
], ids=["attempt", "symmetric-same", "stride-one-same", "extra-left", "one-filter-1d",
        "channels-not-summed", "flipped"])
def test_lesson4_channels_check_fails_wrong_answers(wrong):
    """The four answers a hand-written np.allclose let through, and classic ones, fail the
    conv1d-channels grader."""
    assert not passes(convlab.check(wrong, exercise="conv1d-channels"))


def _channels_by_correlate(x, w, stride=1, padding="valid"):
    x, w = np.asarray(x, dtype=float), np.asarray(w, dtype=float)
    left, right = convlab.ConvSpec(w.shape[2], stride, padding).pads(x.shape[1])
    x = np.pad(x, ((0, 0), (left, right)))
    if w.shape[2] > x.shape[1]:
        raise ValueError("kernel longer than the padded input")
    return np.array([sum(np.correlate(x[c], w[o, c], "valid") for c in range(x.shape[0]))
                     for o in range(w.shape[0])])[:, ::stride]


@pytest.mark.parametrize("right", [L4["conv1d"], channels_conv1d(_keras_pads),
                                   _channels_by_correlate],
                         ids=["solution", "einsum", "per-channel-correlate"])
def test_lesson4_channels_check_passes_right_answers(right):
    """The solution loop, an einsum over windows and per-channel np.correlate sums pass."""
    assert passes(convlab.check(right, exercise="conv1d-channels"))


def test_lesson4_has_no_hand_written_allclose_check():
    """Lesson 4 is graded by convlab.check on conv1d-channels, not by its own comparison."""
    source = (LESSONS / "04_channels_and_layouts.py").read_text()
    assert 'convlab.check(conv1d, exercise="conv1d-channels")' in source
    assert "np.allclose(conv1d(" not in source


# ---- lesson 5: vectorize, checked for values and for speed ------------------------------------

L5 = lesson_namespace("05_vectorize")
L5_ATTEMPT = lesson_namespace("05_vectorize", solutions=False)


def _fast_but_flipped(x, w, stride=1, padding="valid"):
    x = pad_input(np.asarray(x, float), len(w), stride, padding)
    if len(w) > len(x):
        raise ValueError("kernel longer than the padded input")
    return np.convolve(x, np.asarray(w, float), "valid")[::stride]


def _loops_everywhere(x, w, stride=1, padding="valid"):
    x = pad_input(np.asarray(x, float), len(w), stride, padding)
    if len(w) > len(x):
        raise ValueError("kernel longer than the padded input")
    n_out = (len(x) - len(w)) // stride + 1
    out = np.zeros(n_out)
    for t in range(n_out):
        for k in range(len(w)):
            out[t] += x[t * stride + k] * w[k]
    return out


def _window_view(x, w, stride=1, padding="valid"):
    x = pad_input(np.asarray(x, float), len(w), stride, padding)
    if len(w) > len(x):
        raise ValueError("kernel longer than the padded input")
    return np.lib.stride_tricks.sliding_window_view(x, len(w))[::stride] @ np.asarray(w, float)


@pytest.mark.parametrize("wrong", [L5_ATTEMPT["conv1d"], _fast_but_flipped, _loops_everywhere],
                         ids=["np-dot-per-output", "fast-but-flipped", "double-loop"])
def test_lesson5_vectorize_check_fails_wrong_answers(wrong):
    """A loop over outputs is too slow, np.convolve is fast but wrong: both fail."""
    assert not L5["check_vectorized"](wrong)


@pytest.mark.parametrize("right", [L5["conv1d"], _window_view, _conv1d_correlate],
                         ids=["tap-loop", "window-view", "np-correlate"])
def test_lesson5_vectorize_check_passes_right_answers(right):
    """A tap loop, a window view and np.correlate are right and fast enough."""
    assert L5["check_vectorized"](right)


# ---- lesson 6: the backward pass, against finite differences ---------------------------------

L6 = lesson_namespace("06_learning_the_kernel")
L6_ATTEMPT = lesson_namespace("06_learning_the_kernel", solutions=False)


def backward_variant(*, flip_dx=True, flip_dw=False, swap=False, ignore_padding=False,
                     crop_at_start=False):
    """Scatter-add gradients with one deliberate slip (or none)."""
    def conv1d_backward(dout, x, w, stride=1, padding="valid"):
        x, w, dout = (np.asarray(a, dtype=float) for a in (x, w, dout))
        left, right = convlab.ConvSpec(len(w), stride, padding).pads(len(x))
        if ignore_padding:
            left = right = 0
        padded = np.pad(x, (left, right))
        d_padded, dw = np.zeros_like(padded), np.zeros_like(w)
        taps = w if flip_dx else w[::-1]
        for t, g in enumerate(dout[:(len(padded) - len(w)) // stride + 1]):
            start = t * stride
            dw += g * padded[start:start + len(w)]
            d_padded[start:start + len(w)] += g * taps
        dw = dw[::-1] if flip_dw else dw
        dx = d_padded[:len(x)] if crop_at_start else d_padded[left:left + len(x)]
        return (dw, dx) if swap else (dx, dw)
    return conv1d_backward


@pytest.mark.parametrize("wrong", [
    L6_ATTEMPT["conv1d_backward_yours"],    # the stride-1 identities at every stride
    backward_variant(flip_dx=False),        # dx with the kernel read the other way
    backward_variant(flip_dw=True),         # dw reversed
    backward_variant(swap=True),            # (dw, dx)
    backward_variant(ignore_padding=True),  # padding forgotten
], ids=["stride-one-identities", "dx-kernel-reversed", "dw-reversed", "swapped",
        "padding-ignored"])
def test_lesson6_backward_check_fails_wrong_answers(wrong):
    """Gradients with a classic slip disagree with finite differences somewhere."""
    assert not L6["check_backward"](wrong)


def _backward_from_convlab(dout, x, w, stride=1, padding="valid"):
    grads = convlab.learn.conv1d_backward(np.asarray(dout, float), np.asarray(x, float),
                                          np.asarray(w, float), stride=stride, padding=padding)
    return grads.x, grads.w


def _backward_by_dilation(dout, x, w, stride=1, padding="valid"):
    x, w, dout = (np.asarray(a, dtype=float) for a in (x, w, dout))
    left, right = convlab.ConvSpec(len(w), stride, padding).pads(len(x))
    padded = np.pad(x, (left, right))
    spread = np.zeros((len(dout) - 1) * stride + 1)
    spread[::stride] = dout
    dw = convlab.conv1d(padded[:len(spread) + len(w) - 1], spread)
    d_padded = np.zeros_like(padded)
    full = convlab.conv1d(spread, w[::-1], padding="full")
    d_padded[:len(full)] = full
    return d_padded[left:left + len(x)], dw


@pytest.mark.parametrize("right", [L6["conv1d_backward_yours"], backward_variant(),
                                   _backward_from_convlab, _backward_by_dilation],
                         ids=["solution", "scatter-add", "convlab-learn", "spread-dout"])
def test_lesson6_backward_check_passes_right_answers(right):
    """The solution, convlab's own backward pass and a spread-out output gradient pass."""
    assert L6["check_backward"](right)


# ---- lesson 7: the bug hunt ------------------------------------------------------------------

L7 = lesson_namespace("07_bug_hunt", assigned=("SPOILERS",))
SUSPECTS = {letter: codecs.decode(code, "rot13") for letter, code in L7["SPOILERS"].items()}
RIGHT_CATEGORIES = {"A": "wrap-around", "B": "extra-window", "C": "causal-leak",
                    "D": "bias-broadcast"}


@pytest.mark.parametrize("letter, case", [
    ("A", Case(x=[1, 2, 3], w=[1, 10, 100])),
    ("B", Case(x=[1, 2, 3, 4], w=[1, 10], stride=2)),
    ("C", Case(x=[1, 2, 3], w=[1], padding="causal")),
    ("D", Case(x=[[1, 2, 3]], w=[[[1, 1]]], bias=[100])),
])
def test_lesson7_hunt_rejects_counterexamples_that_show_nothing(letter, case):
    """An input on which suspect and reference agree is not a counterexample."""
    assert not convlab.check_hunt(SUSPECTS[letter], case=case).passed


@pytest.mark.parametrize("letter", "ABCD")
def test_lesson7_hunt_names_only_the_right_category(letter):
    """Only the suspect's own category is accepted."""
    right = RIGHT_CATEGORIES[letter]
    assert convlab.check_hunt(SUSPECTS[letter], category=right).passed
    for wrong in {"padding-side", "last-window-skipped", "layout-swapped", "extra-window",
                  "wrap-around"} - {right}:
        assert not convlab.check_hunt(SUSPECTS[letter], category=wrong).passed


def test_lesson7_solutions_pass_and_the_suspects_own_code_fails():
    """The lesson's fixes pass the hunt's fix check; each suspect's own code does not."""
    for letter in "BC":
        bug = convlab.catalog.get(SUSPECTS[letter])
        assert not convlab.check_hunt(bug.id, fix=bug.flawed).passed
        assert convlab.check_hunt(bug.id, fix=bug.fixed).passed
    solutions = lesson_namespace("07_bug_hunt")
    assert convlab.check_hunt(SUSPECTS["D"], fix=solutions["conv1d"]).passed


# ---- lesson 8: a test that catches a mistake --------------------------------------------------

L8 = lesson_namespace("08_for_instructors")
DIGITS = [1, 2, 3, 4, 5]


@pytest.mark.parametrize("cases", [
    (Case(x=DIGITS, w=[1, 10, 100], padding="same"),),            # odd kernel: no difference
    (Case(x=DIGITS, w=[1, 10]),),                                  # 'valid' only
    (Case(x=DIGITS, w=[1, 10, 100], padding=1, stride=2),),        # int padding
])
def test_lesson8_catching_test_fails_tests_that_miss(cases):
    """A test on which the article's 'same' fix is right catches nothing."""
    assert not L8["check_catches"](GradedTest("mine", "mine", 1, cases))


@pytest.mark.parametrize("cases", [
    (Case(x=DIGITS, w=[1, 10], padding="same"),),
    (Case(x=[1, 2, 3, 4, 5, 6], w=[1, 10, 100], stride=2, padding="same"),),
    (Case(x=DIGITS, w=[1, 10, 100]), Case(x=[1, 2], w=[1, 10, 100, 1000], padding="same")),
])
def test_lesson8_catching_test_passes_tests_that_catch(cases):
    """An even kernel, 'same' at stride 2, or a kernel longer than L catches it."""
    assert L8["check_catches"](GradedTest("mine", "mine", 1, cases))


# ---- lesson 9: the backward pass and the transposed convolution, graded -------------------

L9 = lesson_namespace("09_backward_and_transposed", assigned=("mistake_a", "mistake_b"))
L9_ATTEMPT = lesson_namespace("09_backward_and_transposed", solutions=False,
                              assigned=("mistake_a", "mistake_b"))


def _backward_fancy_index(dout, x, w, stride=1, padding="valid"):
    x, w, dout = (np.asarray(a, dtype=float) for a in (x, w, dout))
    left, right = convlab.ConvSpec(len(w), stride, padding).pads(len(x))
    padded = np.pad(x, (left, right))
    where = np.arange(len(dout))[:, None] * stride + np.arange(len(w))[None, :]
    d_padded = np.zeros(len(padded))
    d_padded[where] += np.outer(dout, w)
    return d_padded[left:left + len(x)], dout @ padded[where]


def _backward_int_buffer(dout, x, w, stride=1, padding="valid"):
    x, w = np.asarray(x), np.asarray(w)
    left, right = convlab.ConvSpec(len(w), stride, padding).pads(len(x))
    padded = np.pad(x, (left, right))
    d_padded, dw = np.zeros_like(padded), np.zeros(len(w))
    for t, gradient in enumerate(dout):
        for k in range(len(w)):
            d_padded[t * stride + k] += gradient * w[k]
            dw[k] += gradient * padded[t * stride + k]
    return d_padded[left:left + len(x)], dw


def _backward_writes_into_x(dout, x, w, stride=1, padding="valid"):
    dx, dw = _backward_from_convlab(dout, x, w, stride, padding)
    x[...] = dx
    return x, dw


@pytest.mark.parametrize("wrong", [
    L9_ATTEMPT["conv1d_backward"],           # stride-1 'valid' formulas everywhere
    L9["suspect_a"],                         # dw[k] = ...
    backward_variant(flip_dx=False),         # dx with the kernel unflipped
    backward_variant(flip_dw=True),          # dw reversed
    backward_variant(swap=True),             # (dw, dx)
    backward_variant(ignore_padding=True),   # padding forgotten
    _backward_fancy_index,                   # buffered fancy-index +=
    _backward_int_buffer,                    # np.zeros_like on an integer x
    backward_variant(crop_at_start=True),    # all the padding cropped off the right
    _backward_writes_into_x,                 # dx written into the input array
], ids=["attempt", "suspect-a", "dx-unflipped", "dw-reversed", "swapped", "padding-ignored",
        "fancy-index", "int-buffer", "cropped-one-side", "modifies-x"])
def test_lesson9_backward_check_fails_wrong_answers(wrong):
    """Every classic slip in a backward pass fails the conv1d-backward grader."""
    assert not passes(convlab.check(wrong, "conv1d-backward"))


def _backward_by_transposed(dout, x, w, stride=1, padding="valid"):
    x, w, dout = (np.asarray(a, dtype=float) for a in (x, w, dout))
    left, right = convlab.ConvSpec(len(w), stride, padding).pads(len(x))
    padded = np.pad(x, (left, right))
    full = convlab.conv_transpose1d(dout, w, stride=stride)
    d_padded = np.zeros(len(padded))
    d_padded[:len(full)] = full
    windows = np.lib.stride_tricks.sliding_window_view(padded, len(w))[::stride][:len(dout)]
    return d_padded[left:left + len(x)], dout @ windows


@pytest.mark.parametrize("right", [L9["conv1d_backward"], L9["suspect_a_fixed"],
                                   L6["conv1d_backward_yours"], backward_variant(),
                                   _backward_from_convlab, _backward_by_dilation,
                                   _backward_by_transposed],
                         ids=["solution", "loop-fixed", "lesson6-solution", "scatter-add",
                              "convlab-learn", "spread-dout", "transposed-and-windows"])
def test_lesson9_backward_check_passes_right_answers(right):
    """np.add.at, plain loops, convlab's own gradients, zero insertion and the transposed
    convolution with a window view all pass the conv1d-backward grader."""
    assert passes(convlab.check(right, "conv1d-backward"))


def transposed_variant(*, out_pad=True, crop="both", stride_zeros=False, overwrite=False,
                       spread=True, buffer_like_x=False):
    """A scatter-loop transposed convolution with one deliberate slip (or none)."""
    def conv_transpose1d(x, w, stride=1, padding=0, output_padding=0):
        x, w = np.asarray(x), np.asarray(w, dtype=float)
        step = stride + 1 if stride_zeros else (stride if spread else 1)
        extra = output_padding if out_pad else 0
        full = np.zeros((len(x) - 1) * step + len(w) + extra,
                        dtype=x.dtype if buffer_like_x else float)
        for i in range(len(x)):
            for k in range(len(w)):
                if overwrite:
                    full[i * step + k] = x[i] * w[k]
                else:
                    full[i * step + k] += x[i] * w[k]
        if crop == "left":
            return full[2 * padding:]
        if crop == "none":
            return full
        return full[padding:len(full) - padding]
    return conv_transpose1d


def _transposed_unflipped(x, w, stride=1, padding=0, output_padding=0):
    x, w = np.asarray(x, dtype=float), np.asarray(w, dtype=float)
    spread = np.zeros((len(x) - 1) * stride + 1 + output_padding)
    spread[:(len(x) - 1) * stride + 1:stride] = x
    full = np.correlate(np.pad(spread, len(w) - 1), w, "valid")
    return full[padding:len(full) - padding]


@pytest.mark.parametrize("wrong", [
    L9_ATTEMPT["conv_transpose1d"],             # never cropped, no output_padding
    L9["suspect_b"],                            # stride zeros between samples
    transposed_variant(out_pad=False),          # output_padding ignored
    transposed_variant(crop="left"),            # both ends' padding cropped off the left
    transposed_variant(crop="none"),            # padding never cropped
    transposed_variant(overwrite=True),         # = where += belongs
    transposed_variant(spread=False),           # scattered at i, not i * stride
    transposed_variant(stride_zeros=True),      # samples stride + 1 apart
    transposed_variant(buffer_like_x=True),     # an integer buffer for an integer x
    _transposed_unflipped,                      # zero insertion, kernel not flipped
], ids=["attempt", "suspect-b", "output-padding-ignored", "crop-left", "not-cropped",
        "overwritten", "stride-ignored", "stride-zeros", "int-buffer", "unflipped"])
def test_lesson9_transposed_check_fails_wrong_answers(wrong):
    """Every classic slip in a transposed convolution fails the conv-transpose1d grader."""
    assert not passes(convlab.check(wrong, "conv-transpose1d"))


def _transposed_by_zero_insertion(x, w, stride=1, padding=0, output_padding=0):
    x, w = np.asarray(x, dtype=float), np.asarray(w, dtype=float)
    spread = np.zeros((len(x) - 1) * stride + 1 + output_padding)
    spread[:(len(x) - 1) * stride + 1:stride] = x
    n_out = (len(x) - 1) * stride - 2 * padding + len(w) + output_padding
    return np.convolve(spread, w)[padding:padding + max(n_out, 0)]


def _transposed_by_adjoint(x, w, stride=1, padding=0, output_padding=0):
    x = np.asarray(x, dtype=float)
    n_out = (len(x) - 1) * stride - 2 * padding + len(w) + output_padding
    if n_out <= 0:
        raise ValueError("no output sample")
    matrix = np.column_stack([convlab.conv1d(np.eye(n_out)[j], np.asarray(w, float),
                                             stride=stride, padding=padding)
                              for j in range(n_out)])
    return matrix.T @ x


def _transposed_from_convlab(x, w, stride=1, padding=0, output_padding=0):
    return convlab.conv_transpose1d(x, w, stride=stride, padding=padding,
                                    output_padding=output_padding)


@pytest.mark.parametrize("right", [L9["conv_transpose1d"], L9["suspect_b_fixed"],
                                   transposed_variant(), _transposed_by_zero_insertion,
                                   _transposed_by_adjoint, _transposed_from_convlab],
                         ids=["solution", "zero-insertion-fixed", "double-loop",
                              "np-convolve", "adjoint-matrix", "convlab"])
def test_lesson9_transposed_check_passes_right_answers(right):
    """The solution, zero insertion, a double loop, conv1d's matrix transposed and convlab's
    own transposed convolution all pass the conv-transpose1d grader."""
    assert passes(convlab.check(right, "conv-transpose1d"))


@pytest.mark.parametrize("suspect, exercise, answer", [
    ("suspect_a", "conv1d-backward", "mistake_a"),
    ("suspect_b", "conv-transpose1d", "mistake_b"),
], ids=["backward", "transposed"])
def test_lesson9_mistake_check_fails_the_first_guess_and_passes_the_answer(suspect, exercise,
                                                                          answer):
    """The lesson's first guess is rejected and its worked answer accepted."""
    assert not L9["check_mistake"](L9[suspect], exercise, L9_ATTEMPT[answer])
    assert L9["check_mistake"](L9[suspect], exercise, L9[answer])


@pytest.mark.parametrize("suspect, exercise, wrong", [
    ("suspect_a", "conv1d-backward", "index-shifted"),
    ("suspect_a", "conv1d-backward", "last-window-skipped"),
    ("suspect_a", "conv1d-backward", "dw-reversed"),
    ("suspect_a", "conv1d-backward", "gradient overwritten"),
    ("suspect_b", "conv-transpose1d", "transposed-length"),
    ("suspect_b", "conv-transpose1d", "output-padding-ignored"),
    ("suspect_b", "conv-transpose1d", "padding-not-cropped"),
    ("suspect_b", "conv-transpose1d", "stride_spread"),
])
def test_lesson9_mistake_check_fails_other_categories_and_typos(suspect, exercise, wrong):
    """A nearby category, or an id that is not one, is not the suspect's mistake."""
    assert not L9["check_mistake"](L9[suspect], exercise, wrong)


@pytest.mark.parametrize("flawed, exercise, right, wrong", [
    (transposed_variant(out_pad=False), "conv-transpose1d", "output-padding-ignored",
     "stride-spread"),
    (backward_variant(swap=True), "conv1d-backward", "results-swapped",
     "gradient-overwritten"),
], ids=["output-padding-ignored", "results-swapped"])
def test_lesson9_mistake_check_follows_the_diagnosis(flawed, exercise, right, wrong):
    """The naming check asks convlab.diagnose, not a fixed answer: on another flawed function
    it accepts that function's category and rejects the suspects' answers."""
    assert convlab.diagnose(flawed, exercise).categories[0] == right
    assert L9["check_mistake"](flawed, exercise, right)
    assert not L9["check_mistake"](flawed, exercise, wrong)


def test_lesson9_mistake_check_accepts_nothing_for_a_right_function():
    """On a function with no mistake, no category is the answer."""
    assert not L9["check_mistake"](L9["suspect_a_fixed"], "conv1d-backward",
                                   "gradient-overwritten")


# ---- the first check answers fast ----------------------------------------------------------

def test_first_check_of_a_wrong_answer_takes_under_a_second_of_cpu():
    """In a fresh interpreter, the first convlab.check of a wrong conv1d uses <= 1 s of CPU
    (CPU time, so a busy machine does not make it flaky)."""
    script = textwrap.dedent('''
        import time
        import numpy as np
        import convlab

        def conv1d(x, w, stride=1, padding="valid"):
            x = np.pad(np.asarray(x, float), convlab.ConvSpec(len(w), stride, padding).pads(len(x)))
            n_out = (len(x) - len(w)) // stride + 1
            return np.array([x[t * stride:t * stride + len(w)] @ np.asarray(w, float)[::-1]
                             for t in range(n_out)])

        start = time.process_time()
        feedback = convlab.check(conv1d, exercise="conv1d")
        print(time.process_time() - start, feedback.passed)
    ''')
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                            timeout=120, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    seconds, passed = result.stdout.split()
    assert passed == "False"
    assert float(seconds) <= 1.0, f"first check took {float(seconds):.2f} s of CPU"
