"""The blog post's worked Keras examples, and the layout mistakes its readers make.

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


def blog_kernel_reshaped(x, kernel, stride=1, padding="valid"):
    """Keras kernel turned into PyTorch's (filters, channels, K) with reshape."""
    kernel_size, channels, filters = kernel.shape
    weights = kernel.reshape(filters, channels, kernel_size)
    x = pad_input(x, kernel_size, stride, padding, axis=0)
    n_out = (x.shape[0] - kernel_size) // stride + 1
    out = np.zeros((n_out, filters))
    for t in range(n_out):
        start = t * stride
        for f in range(filters):
            out[t, f] = np.sum(x[start:start + kernel_size, :].T * weights[f])
    return out


def blog_kernel_reshaped_fixed(x, kernel, stride=1, padding="valid"):
    """A transpose moves the axes; a reshape only regroups the numbers."""
    kernel_size, channels, filters = kernel.shape
    weights = kernel.transpose(2, 1, 0)
    x = pad_input(x, kernel_size, stride, padding, axis=0)
    n_out = (x.shape[0] - kernel_size) // stride + 1
    out = np.zeros((n_out, filters))
    for t in range(n_out):
        start = t * stride
        for f in range(filters):
            out[t, f] = np.sum(x[start:start + kernel_size, :].T * weights[f])
    return out


ENTRIES = (
    Bug(
        id="blog-steps-as-channels",
        title="Keras input (steps, channels) read as (channels, steps)",
        category="layout-swapped",
        source="blog",
        explanation=(
            "Keras data is channels-last, (steps, channels), but the loop takes axis 0 for "
            "the channels and slides along axis 1, as PyTorch code would. With one channel "
            "the 'steps' axis has length 1, so x = [[1], [2]] with a one-tap kernel [[[1]]] "
            "gives one output [[3]] instead of [[1], [2]]. It fails loudly only when the "
            "shapes refuse to broadcast; check which axis your loop slides along against "
            "the layer's documented input shape."),
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
    Bug(
        id="blog-kernel-reshaped",
        title="Keras kernel (K, C_in, C_out) reshaped, not transposed, to (C_out, C_in, K)",
        category="layout-swapped",
        source="blog",
        explanation=(
            "PyTorch stores a kernel as (filters, channels, K), Keras as (K, channels, "
            "filters); moving between them is transpose(2, 1, 0). reshape keeps the numbers "
            "in memory order and only regroups them, so the shape is right and nothing "
            "fails. With the blog's taps [[1, 3], [2, 4]] channel 0 gets taps [1, 3] instead "
            "of [1, 2] and the first output is 33, not 30; with digit taps 1, 10 (step 0) "
            "and 100, 1000 (step 1) on x = [[1, 2], [3, 4]] it reads 4231 instead of 4321."),
        seen_in=(
            "keras-team/keras#8144: https://github.com/keras-team/keras/issues/8144",
            "keras-team/keras#19291: https://github.com/keras-team/keras/issues/19291",
            "PyTorch Conv1d docs (weight (out, in/groups, K)): "
            "https://docs.pytorch.org/docs/stable/generated/torch.nn.Conv1d.html",
        ),
        flawed=blog_kernel_reshaped,
        fixed=blog_kernel_reshaped_fixed,
        exercise="conv1d-keras",
        counterexample=Case(x=[[1, 2], [3, 4]], w=[[[1], [10]], [[100], [1000]]], layout="NLC"),
    ),
)
