"""Fitting a kernel: the training loop of a framework, with conv1d forward and backward.

`fit_kernel` repeats a classic Keras experiment without Keras: one Conv1D layer fitted with
Adam to map x = [0, 3, 4, 5] to [6, 11, 14] learns the kernel [1, 2].
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from convlab.arrays import as_numeric_array
from convlab.case import check_layout
from convlab.checks import check_positive_int
from convlab.errors import ParameterError, describe
from convlab.learn.adam import Adam
from convlab.learn.backward import gradients_ncl
from convlab.learn.layouts import fit_input_as_ncl, from_ncl, kernel_from_ncl, target_as_ncl
from convlab.learn.losses import LOSSES
from convlab.reference import conv1d
from convlab.spec import ConvSpec

__all__ = ["FitResult", "fit_kernel"]


@dataclass(frozen=True, eq=False)
class FitResult:
    """What `fit_kernel` learned.

    weights: the kernel in the layout's shape ((K, C_in, filters) for "NLC", Keras's;
    (filters, C_in, K) for "NCL"); initial_weights: where training started;
    bias: (filters,) or None; losses: the loss at each epoch, before that epoch's step;
    predictions: conv1d with the learned weights, shaped like the target.
    """

    weights: np.ndarray
    bias: np.ndarray | None
    losses: np.ndarray
    predictions: np.ndarray
    initial_weights: np.ndarray


def fit_kernel(x, target, kernel_size: int, *, filters: int = 1, epochs: int = 200,
               learning_rate: float = 0.05, loss: str = "mae", use_bias: bool = False,
               seed: int | None = None, layout: str = "NLC", stride: int = 1,
               padding="valid", dilation: int = 1, betas: tuple[float, float] = (0.9, 0.999),
               eps: float = 1e-7) -> FitResult:
    """Fit one Conv1D layer's kernel so that conv1d(x, kernel) approaches `target`.

    Like Keras's `Conv1D(filters, kernel_size, use_bias=...)` trained with Adam: the kernel
    starts Glorot-uniform (seeded by `seed`), the bias at zero, and each epoch takes one
    Adam step on the whole batch (Keras does the same while all samples fit one batch).

    Shapes, layout "NLC" (Keras, the default): x (N, L, C_in), (L, C_in) or (L,) (one
    channel); target conv1d's output, (N, L_out, filters) or (L_out, filters), or (L_out,)
    for a 1-D x and one filter. Layout "NCL" is PyTorch's, the channel axis first.

    >>> result = fit_kernel([0, 3, 4, 5], [6, 11, 14], 2, seed=0)
    >>> np.round(result.weights.ravel(), 1)
    array([1., 2.])
    """
    layout = check_layout(layout)
    filters = check_positive_int(filters, "filters")
    epochs = check_positive_int(epochs, "epochs")
    kernel_size = check_positive_int(kernel_size, "kernel_size")
    if loss not in LOSSES:
        raise ParameterError(f"'loss' must be one of {', '.join(map(repr, LOSSES))} "
                             f"(got {describe(loss)})", "loss")
    loss_function = LOSSES[loss]
    x3, x_ndim = fit_input_as_ncl(as_numeric_array(x, "x").astype(np.float64), layout)
    target = as_numeric_array(target, "target").astype(np.float64)
    c_in = x3.shape[1]
    spec = ConvSpec(kernel_size, stride, padding, dilation)
    out_shape = (x3.shape[0], filters, spec.output_length(x3.shape[-1]))
    target3 = target_as_ncl(target, out_shape, layout, x_ndim)

    rng = np.random.default_rng(seed)
    fan_in, fan_out = kernel_size * c_in, kernel_size * filters
    limit = math.sqrt(6 / (fan_in + fan_out))
    weights = rng.uniform(-limit, limit, size=(filters, c_in, kernel_size))
    initial_weights = weights.copy()
    bias = np.zeros(filters)
    params = [weights, bias] if use_bias else [weights]
    optimizer = Adam(params, learning_rate=learning_rate, betas=betas, eps=eps)

    losses = np.empty(epochs)
    for epoch in range(epochs):
        # forward, loss, backward, step: the whole training loop of a framework, in four lines
        predictions = conv1d(x3, weights, stride=stride, padding=padding, dilation=dilation,
                             bias=bias if use_bias else None)
        losses[epoch], grad_predictions = loss_function(predictions, target3)
        _, grad_weights, grad_bias = gradients_ncl(grad_predictions, x3, weights, spec, 1)
        optimizer.step([grad_weights, grad_bias] if use_bias else [grad_weights])

    predictions = conv1d(x3, weights, stride=stride, padding=padding, dilation=dilation,
                         bias=bias if use_bias else None)
    return FitResult(
        weights=kernel_from_ncl(weights, layout, weights.shape),
        bias=bias if use_bias else None,
        losses=losses,
        predictions=from_ncl(predictions, layout, target.shape),
        initial_weights=kernel_from_ncl(initial_weights, layout, weights.shape))
