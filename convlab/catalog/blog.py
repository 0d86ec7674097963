"""The blog post's worked Keras examples, and the layout mistake its readers ask about.

Keras keeps data channels-last: one sample is (steps, channels) and a Conv1D kernel is
(kernel_size, in_channels, filters). The blog's numbers, all reproduced by the fixed functions:
x = [0, 3, 4, 5] with w = [1, 2] gives [6, 11, 14]; the two-channel input
[[0, 0], [3, 6], [4, 7], [5, 8]] with taps [[1, 3], [2, 4]] gives [30, 57, 67]; two filters
[1, 2] and [3, 4] give [[6, 12], [11, 25], [14, 32]]. The functions follow the
`conv1d-keras` exercise: x (L, C_in), kernel (K, C_in, C_out) -> (L_out, C_out).
"""

from __future__ import annotations

import numpy as np

from convlab.case import Case

from .bug import Bug
from .padding import pad_input


def blog_steps_as_channels(x, kernel, stride=1, padding="valid"):
    """A loop written for channels-first data, fed Keras's (steps, channels) input."""
    channels, steps = x.shape
    kernel_size, _, filters = kernel.shape
    x = pad_input(x, kernel_size, stride, padding, axis=1)
    n_out = (x.shape[1] - kernel_size) // stride + 1
    out = np.zeros((n_out, filters))
    for t in range(n_out):
        start = t * stride
        for f in range(filters):
            out[t, f] = np.sum(x[:, start:start + kernel_size].T * kernel[:, :, f])
    return out


def blog_steps_as_channels_fixed(x, kernel, stride=1, padding="valid"):
    """Keras order: axis 0 of x is the steps, axis 1 the channels."""
    steps, channels = x.shape
    kernel_size, _, filters = kernel.shape
    x = pad_input(x, kernel_size, stride, padding, axis=0)
    n_out = (x.shape[0] - kernel_size) // stride + 1
    out = np.zeros((n_out, filters))
    for t in range(n_out):
        start = t * stride
        for f in range(filters):
            out[t, f] = np.sum(x[start:start + kernel_size, :] * kernel[:, :, f])
    return out


ENTRIES = (
    Bug(
        id="blog-steps-as-channels",
        title="Keras input (steps, channels) read as (channels, steps)",
        category="layout-swapped",
        source="blog",
        explanation=(
            "Keras data is channels-last, (steps, channels), but the loop takes axis 0 for "
            "the channels and slides along axis 1, as PyTorch code would. It is the "
            "readers' question in the blog turned into code: 5 days of 9 features flattened "
            "to (16070, 1, 45) leave a steps axis of length 1 with the 45 values on the "
            "channel axis. With one channel the 'steps' axis has length 1, so "
            "x = [[1], [2]] with a one-tap kernel [[[1]]] gives one output [[3]] instead of "
            "[[1], [2]]. It fails loudly only when the shapes refuse to broadcast; check "
            "which axis your loop slides along against the layer's documented input shape."),
        seen_in=(
            "Stack Overflow 38656566 (input_shape=(1, 101) for 101 steps): https://"
            "stackoverflow.com/questions/38656566/"
            "input-dimensions-to-a-one-dimensional-convolutional-network-in-keras",
            "keras-team/keras#1457: https://github.com/keras-team/keras/issues/1457",
            "Keras Conv1D docs (batch, steps, channels): "
            "https://keras.io/api/layers/convolution_layers/convolution1d/",
        ),
        flawed=blog_steps_as_channels,
        fixed=blog_steps_as_channels_fixed,
        exercise="conv1d-keras",
        counterexample=Case(x=[[1], [2]], w=[[[1]]], layout="NLC"),
    ),
)
