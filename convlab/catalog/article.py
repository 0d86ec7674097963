"""The article's hand-written Conv1D functions and the shortcuts it suggests, each fixed.

The article computes a cross-correlation of a 1-D input with a 1-D kernel in explicit loops;
its running example is the integer input x = [1..8] with w = [0.5, -0.5]. Every function here
has the `conv1d` exercise's signature, so each can be traced and diagnosed as it stands.
"""

from __future__ import annotations

import math

import numpy as np

from convlab.case import Case

from .bug import Bug
from .padding import pad_input


def article_no_padding(x, w, stride=1, padding="valid"):
    """The article's first loop: every window inside x; the padding argument is never used."""
    kernel_size = len(w)
    n_out = (len(x) - kernel_size) // stride + 1
    out = np.zeros(n_out)
    for t in range(n_out):
        start = t * stride
        out[t] = np.sum(x[start:start + kernel_size] * w)
    return out


def article_no_padding_fixed(x, w, stride=1, padding="valid"):
    """The same loop over the padded input."""
    kernel_size = len(w)
    x = pad_input(x, kernel_size, stride, padding)
    n_out = (len(x) - kernel_size) // stride + 1
    out = np.zeros(n_out)
    for t in range(n_out):
        start = t * stride
        out[t] = np.sum(x[start:start + kernel_size] * w)
    return out


def article_strided_loop(x, w, stride=1, padding="valid"):
    """The article's strided loop: a preallocated buffer, filled by range(0, len(x) - K, stride)."""
    kernel_size = len(w)
    x = pad_input(x, kernel_size, stride, padding)
    out = np.zeros((len(x) - kernel_size) // stride + 1)
    for i in range(0, len(x) - kernel_size, stride):
        out[i // stride] = np.sum(x[i:i + kernel_size] * w)
    return out


def article_strided_loop_fixed(x, w, stride=1, padding="valid"):
    """The last window starts at len(x) - K, so the range must include it."""
    kernel_size = len(w)
    x = pad_input(x, kernel_size, stride, padding)
    out = np.zeros((len(x) - kernel_size) // stride + 1)
    for i in range(0, len(x) - kernel_size + 1, stride):
        out[i // stride] = np.sum(x[i:i + kernel_size] * w)
    return out


def article_same_padding(x, w, stride=1, padding="valid"):
    """The article's "corrected" version: 'same' pads (K - 1) // 2 zeros on each side."""
    kernel_size = len(w)
    if padding == "same":
        pad = (kernel_size - 1) // 2
    elif padding == "valid":
        pad = 0
    else:
        pad = padding
    x = np.pad(x, (pad, pad))
    output_len = (len(x) - kernel_size) // stride + 1
    out = np.zeros(output_len)
    for i in range(output_len):
        start = i * stride
        out[i] = np.sum(x[start:start + kernel_size] * w)
    return out


def article_same_padding_fixed(x, w, stride=1, padding="valid"):
    """'same' as Keras/TF: ceil(L / stride) outputs, an odd extra zero on the right."""
    kernel_size = len(w)
    if padding == "same":
        n_wanted = math.ceil(len(x) / stride)
        total = max((n_wanted - 1) * stride + kernel_size - len(x), 0)
        pad_left, pad_right = total // 2, total - total // 2
    elif padding == "valid":
        pad_left = pad_right = 0
    else:
        pad_left = pad_right = padding
    x = np.pad(x, (pad_left, pad_right))
    output_len = (len(x) - kernel_size) // stride + 1
    out = np.zeros(output_len)
    for i in range(output_len):
        start = i * stride
        out[i] = np.sum(x[start:start + kernel_size] * w)
    return out


def article_np_convolve(x, w, stride=1, padding="valid"):
    """The article's shortcut: let numpy slide the kernel with np.convolve."""
    x = pad_input(x, len(w), stride, padding)
    return np.convolve(x, w, mode="valid")[::stride]


def article_np_convolve_fixed(x, w, stride=1, padding="valid"):
    """np.correlate slides the kernel unflipped, as layers do; a longer kernel is refused."""
    x = pad_input(x, len(w), stride, padding)
    if len(w) > len(x):
        raise ValueError(f"kernel of size {len(w)} is longer than the padded input "
                         f"({len(x)} samples): no window fits")
    return np.correlate(x, w, mode="valid")[::stride]


ENTRIES = (
    Bug(
        id="article-no-padding",
        title="No padding: the padding argument is ignored",
        category="missing-padding",
        source="article",
        explanation=(
            "The loop only visits windows that lie inside x, so every call returns the "
            "'valid' result: the output shrinks by K - 1 and the edge samples are read by "
            "fewer windows. Nothing fails, because 'valid' is a perfectly good answer to a "
            "different question. Spot it by asking for padding='same' and counting outputs: "
            "on x = [1], w = [1, 10] 'same' must give one output, 1, but no window fits "
            "without padding, so the loop returns []."),
        seen_in=("common in student code",),
        flawed=article_no_padding,
        fixed=article_no_padding_fixed,
        exercise="conv1d",
        counterexample=Case(x=[1], w=[1, 10], padding="same"),
    ),
    Bug(
        id="article-strided-range",
        title="Strided loop stops one window early: range(0, len(x) - K, stride)",
        category="last-window-skipped",
        source="article",
        explanation=(
            "The buffer holds (len(x) - K) // stride + 1 outputs, but the loop "
            "range(0, len(x) - K, stride) excludes its end, len(x) - K, which is the last "
            "valid window start whenever len(x) - K is a multiple of the stride. That output "
            "keeps its initial 0, so the length is right and nothing fails. On the article's "
            "x = [1..8], w = [0.5, -0.5], stride 2 it returns [-0.5, -0.5, -0.5, 0.0]; a "
            "trailing 0 where the pattern says otherwise is the sign; the smallest case is "
            "x = [1], w = [1], where range(0, 0, 2) is empty and [0.0] comes back."),
        seen_in=(
            "iamtrask/Grokking-Deep-Learning#43: "
            "https://github.com/iamtrask/Grokking-Deep-Learning/issues/43",
            "rasbt/python-machine-learning-book-2nd-edition#132: "
            "https://github.com/rasbt/python-machine-learning-book-2nd-edition/issues/132",
        ),
        flawed=article_strided_loop,
        fixed=article_strided_loop_fixed,
        exercise="conv1d",
        counterexample=Case(x=[1], w=[1], stride=2),
    ),
    Bug(
        id="article-same-fix",
        title="'same' as (K - 1) // 2 zeros on each side",
        category="same-even-kernel",
        source="article",
        explanation=(
            "(K - 1) // 2 zeros on each side add up to K - 1 only for odd K; an even kernel "
            "gets one zero too few and one output too few. On the article's own example "
            "(K = 2, stride 1) 'same' gives 7 outputs for 8 inputs, and x = [1], "
            "w = [1, 10] gives [] instead of [1]. It is silent because odd "
            "kernels, the usual test, come out right. It is also not the Keras/TF rule at "
            "stride > 1, which pads for ceil(L / stride) outputs and puts an odd extra zero "
            "on the right: x = [1..6], w = [1, 10, 100], stride 2 gives [210, 432, 654] "
            "instead of [321, 543, 65]."),
        seen_in=(
            "jamesmullenbach/caml-mimic#3: https://github.com/jamesmullenbach/caml-mimic/issues/3",
            "kornia/kornia#709: https://github.com/kornia/kornia/issues/709",
            "tensorflow/tensorflow#4297: https://github.com/tensorflow/tensorflow/issues/4297",
        ),
        flawed=article_same_padding,
        fixed=article_same_padding_fixed,
        exercise="conv1d",
        counterexample=Case(x=[1], w=[1, 10], padding="same"),
    ),
    Bug(
        id="article-np-convolve",
        title="np.convolve as a drop-in: the kernel is flipped",
        category="kernel-flipped",
        source="article",
        explanation=(
            "np.convolve computes a true convolution: it reverses the kernel before sliding "
            "it. Deep-learning layers compute a cross-correlation and never flip. The shape "
            "is right and symmetric kernels give the same answer, so it looks fine. On "
            "x = [1, 2], w = [1, 10] the answer is 1*1 + 2*10 = 21, but np.convolve gives "
            "1*10 + 2*1 = 12: every output's digits come out reversed."),
        seen_in=(
            "srush/Autodiff-Puzzles#12: https://github.com/srush/Autodiff-Puzzles/issues/12",
            "keras-team/keras#3179: https://github.com/keras-team/keras/issues/3179",
        ),
        flawed=article_np_convolve,
        fixed=article_np_convolve_fixed,
        exercise="conv1d",
        counterexample=Case(x=[1, 2], w=[1, 10]),
    ),
)
