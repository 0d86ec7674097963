"""conv1d's backward pass: exact gradients with respect to x, w and the bias.

Output t read the input at t*stride + k*dilation through tap k, so tap k's gradient is the
sum over outputs of (output gradient) x (input it read), and that input receives (output
gradient) x (tap k's weight). Both are computed one tap at a time, vectorized over batch,
channels and positions.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from convlab.arrays import as_numeric_array, compute_dtype
from convlab.case import check_layout
from convlab.errors import ParameterError, ShapeError
from convlab.learn.layouts import as_ncl, from_ncl, kernel_as_ncl, kernel_from_ncl
from convlab.padding import check_padding_mode, pad
from convlab.reference import conv1d
from convlab.spec import ConvSpec

__all__ = ["Gradients", "conv1d_backward", "gradients_ncl"]


@dataclass(frozen=True)
class Gradients:
    """d(loss)/d(x), d(loss)/d(w) and d(loss)/d(bias), each shaped like its argument.

    `bias` is None when the forward pass had no bias.
    """

    x: np.ndarray
    w: np.ndarray
    bias: np.ndarray | None = None


def conv1d_backward(grad_out, x, w, *, stride: int = 1, padding="valid", dilation: int = 1,
                    groups: int = 1, bias=None, layout: str = "NCL",
                    padding_mode: str = "zeros") -> Gradients:
    """Gradients of a loss through `conv1d(x, w, ...)`, given the loss's gradient `grad_out`.

    The keywords are conv1d's, so `conv1d_backward(g, case.x, case.w, **case.kwargs())`
    works for any Case. Shape contract (the shapes conv1d accepts and returns):
        grad_out: shaped like conv1d's output, (L_out,), (C_out, L_out) / (N, C_out, L_out)
                  for "NCL", (L_out, C_out) / (N, L_out, C_out) for "NLC";
        returns Gradients(x=<x's shape>, w=<w's shape>, bias=(C_out,) or None).
    The value of `bias` does not change any gradient; pass it (or any array of its shape)
    to get its gradient. Only padding_mode "zeros" is supported.

    >>> g = conv1d_backward([1, 1, 1], [0, 3, 4, 5], [1, 2])
    >>> g.w
    array([ 7., 12.])
    >>> g.x
    array([1., 3., 3., 2.])
    """
    padding_mode = check_padding_mode(padding_mode)
    if padding_mode != "zeros":
        raise ParameterError(
            f"'padding_mode'={padding_mode!r} is not supported by conv1d_backward: only "
            f"'zeros' is (use padding_mode='zeros')", "padding_mode")
    x = as_numeric_array(x, "x")
    w = as_numeric_array(w, "w")
    grad_out = as_numeric_array(grad_out, "grad_out")
    if bias is not None:
        bias = as_numeric_array(bias, "bias")
    layout = check_layout(layout)
    # The forward pass checks x, w and every keyword exactly as conv1d does, and tells us
    # the shape grad_out must have.
    expected = conv1d(x, w, stride=stride, padding=padding, dilation=dilation, groups=groups,
                      bias=bias, layout=layout)
    if grad_out.shape != expected.shape:
        raise ShapeError(
            f"'grad_out' must have the shape of conv1d's output {expected.shape} (got "
            f"shape {grad_out.shape}); it is d(loss)/d(output), one value per output", "grad_out")
    dtype = compute_dtype(x, w, grad_out)
    x3 = as_ncl(x, layout).astype(dtype)
    w3 = kernel_as_ncl(w, layout).astype(dtype)
    spec = ConvSpec(w3.shape[-1], stride, padding, dilation)
    grad_x3, grad_w3, grad_bias = gradients_ncl(as_ncl(grad_out, layout).astype(dtype), x3, w3,
                                                spec, groups)
    return Gradients(
        x=from_ncl(grad_x3, layout, x.shape),
        w=kernel_from_ncl(grad_w3, layout, w.shape),
        bias=None if bias is None else grad_bias.reshape(bias.shape))


def gradients_ncl(grad_out: np.ndarray, x: np.ndarray, w: np.ndarray, spec: ConvSpec,
                  groups: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The three gradients for arguments already checked and in one layout.

    grad_out (N, C_out, L_out), x (N, C_in, L), w (C_out, C_in/G, K)
    -> d/dx (N, C_in, L), d/dw (C_out, C_in/G, K), d/dbias (C_out,).
    """
    n_batch, c_in, length = x.shape
    c_out, c_in_group, kernel_size = w.shape
    out_length = grad_out.shape[-1]
    pad_left, pad_right = spec.pads(length)
    stride, dilation = spec.stride, spec.dilation
    x_padded = pad(x, pad_left, pad_right)
    # Split channels into groups: group g's outputs only ever read group g's inputs.
    x_groups = x_padded.reshape(n_batch, groups, c_in_group, -1)
    w_groups = w.reshape(groups, c_out // groups, c_in_group, kernel_size)
    g_groups = grad_out.reshape(n_batch, groups, c_out // groups, out_length)

    grad_x_padded = np.zeros_like(x_groups)
    grad_w = np.empty_like(w_groups)
    last = (out_length - 1) * stride + 1
    for tap in range(kernel_size):
        # Tap k met the inputs at k*d, k*d + s, ..., one per output: (N, G, C_in/G, L_out).
        read = np.s_[..., tap * dilation: tap * dilation + last: stride]
        inputs_read = x_groups[read]
        # dL/dw[o, c, k] = sum over batch and outputs of dL/dout[o, t] * x[c, t*s + k*d]
        grad_w[..., tap] = np.einsum("ngot,ngct->goc", g_groups, inputs_read)
        # each input the tap read gets back dL/dout[o, t] * w[o, c, k], summed over o
        grad_x_padded[read] += np.einsum("goc,ngot->ngct", w_groups[..., tap], g_groups)

    # the padded zeros are constants, not inputs: their gradients are dropped
    grad_x = grad_x_padded.reshape(n_batch, c_in, -1)[:, :, pad_left:pad_left + length]
    grad_bias = grad_out.sum(axis=(0, 2))
    return grad_x, grad_w.reshape(w.shape), grad_bias
