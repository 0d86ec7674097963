"""conv_transpose1d: PyTorch's transposed 1-D convolution, exact and vectorized.

Where conv1d gathers — output t sums the window of inputs t*stride + k*dilation — the
transposed convolution scatters: input sample i adds x[i] * w[k] to output position
i*stride + k*dilation, for every tap k; then `padding` samples are cropped from each end and
`output_padding` extra samples are kept at the right end. It is the adjoint of conv1d:
<conv1d(x, w), y> = <x, conv_transpose1d(y, w)> (with the weight read as (C_in, C_out, K)
by the one and (C_out, C_in, K) by the other), which is why it computes conv1d's gradient
with respect to its input, and why decoders use it to upsample.

    L_out = (L - 1)*stride - 2*padding + dilation*(K - 1) + output_padding + 1
"""

from __future__ import annotations

import numpy as np

from convlab.arrays import as_numeric_array, compute_dtype
from convlab.case import check_layout
from convlab.checks import check_positive_int
from convlab.errors import ParameterError, ParameterTypeError, ShapeError, describe
from convlab.reference import to_ncl

__all__ = ["conv_transpose1d", "transposed_length"]

# the weight a transposed convolution takes, per layout, for conv1d's shape errors
_TRANSPOSED_KERNELS = {"NCL": ("(C_in, C_out/groups, K)", ""),
                       "NLC": ("(K, C_out/groups, C_in)", "")}


def transposed_length(length: int, kernel_size: int, stride: int = 1, padding: int = 0,
                      output_padding: int = 0, dilation: int = 1) -> int:
    """(L - 1)*stride - 2*padding + dilation*(K - 1) + output_padding + 1.

    >>> transposed_length(4, 3, stride=2, padding=1, output_padding=1)
    8
    """
    return ((length - 1) * stride - 2 * padding + dilation * (kernel_size - 1)
            + output_padding + 1)


def conv_transpose1d(x, w, *, stride: int = 1, padding: int = 0, output_padding: int = 0,
                     groups: int = 1, dilation: int = 1, bias=None,
                     layout: str = "NCL") -> np.ndarray:
    """The transposed 1-D convolution of torch.nn.functional.conv_transpose1d.

    Shapes, for layout "NCL" (PyTorch):
        x (L,) with w (K,)                                       -> (L_out,)
        x (C_in, L) or (N, C_in, L), w (C_in, C_out/groups, K)   -> (C_out, L_out) / (N, ...)
    for layout "NLC" (channels last, Keras's Conv1DTranspose kernel):
        x (L, C_in) or (N, L, C_in), w (K, C_out/groups, C_in)   -> (L_out, C_out) / (N, ...)

    out[n, o, i*stride + k*dilation - padding] += x[n, c, i] * w[c, o, k] (c in o's group),
    then bias[o] is added; output_padding (smaller than stride or dilation) lengthens the
    output on the right. Integer inputs compute in float64; float32 stays float32; inputs
    are never modified. Bad arguments raise a ConvlabError naming the parameter.

    >>> conv_transpose1d([1, 2], [1, 10], stride=2)
    array([ 1., 10.,  2., 20.])
    >>> conv_transpose1d([1, 2, 3], [1, 1, 1], padding=1)
    array([3., 6., 5.])
    """
    x = as_numeric_array(x, "x")
    w = as_numeric_array(w, "w")
    if bias is not None:
        bias = as_numeric_array(bias, "bias")
    layout = check_layout(layout)
    stride = check_positive_int(stride, "stride")
    dilation = check_positive_int(dilation, "dilation")
    padding = _check_count(padding, "padding")
    output_padding = _check_count(output_padding, "output_padding")
    if output_padding >= max(stride, dilation):
        raise ParameterError(
            f"'output_padding' must be smaller than stride or dilation (got output_padding="
            f"{output_padding} with stride={stride}, dilation={dilation}); it only chooses "
            f"among the {max(stride, dilation)} lengths one input length can come from",
            "output_padding")
    x3, w3, restore = to_ncl(x, w, layout, _TRANSPOSED_KERNELS)
    n_batch, c_in, length = x3.shape
    c_in_w, c_out_group, kernel_size = w3.shape
    groups = _check_groups(groups, c_in, c_in_w, x.shape, w.shape)
    c_out = c_out_group * groups
    out_length = transposed_length(length, kernel_size, stride, padding, output_padding,
                                   dilation)
    if out_length <= 0:
        raise ShapeError(
            f"the output would have {out_length} samples: (L - 1)*stride - 2*padding + "
            f"dilation*(K - 1) + output_padding + 1 = ({length} - 1)*{stride} - 2*{padding} "
            f"+ {dilation}*({kernel_size} - 1) + {output_padding} + 1; use a smaller 'padding'",
            "padding")
    if bias is not None and (bias.ndim != 1 or bias.shape[0] != c_out):
        raise ShapeError(f"'bias' must have shape ({c_out},), one value per output channel "
                         f"(got shape {bias.shape})", "bias")
    dtype = compute_dtype(x, w, *([bias] if bias is not None else []))
    work_dtype = np.float32 if dtype == np.float16 else dtype
    x3 = x3.astype(work_dtype, copy=False)
    w3 = w3.astype(work_dtype, copy=False)

    # scatter: tap k of every input sample lands at i*stride + k*dilation of the full output
    full_length = (length - 1) * stride + dilation * (kernel_size - 1) + 1
    full = np.zeros((n_batch, c_out, max(full_length, padding + out_length)), work_dtype)
    c_in_group = c_in // groups
    for group in range(groups):
        inputs = x3[:, group * c_in_group:(group + 1) * c_in_group]
        weights = w3[group * c_in_group:(group + 1) * c_in_group]
        outputs = slice(group * c_out_group, (group + 1) * c_out_group)
        for tap in range(kernel_size):
            start = tap * dilation
            scattered = np.einsum("ncl,co->nol", inputs, weights[:, :, tap])
            full[:, outputs, start:start + (length - 1) * stride + 1:stride] += scattered
    out = full[:, :, padding:padding + out_length]
    if bias is not None:
        out = out + bias.astype(work_dtype)[:, None]
    return restore(np.ascontiguousarray(out)).astype(dtype, copy=False)


def _check_count(value: object, name: str) -> int:
    """A non-negative int (PyTorch's padding and output_padding for transposed layers)."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, np.integer)):
        raise ParameterTypeError(f"'{name}' must be a non-negative int (got "
                                 f"{describe(value)}); transposed convolutions take a number "
                                 f"of samples, not 'same' or 'valid'", name)
    if value < 0:
        raise ParameterError(f"'{name}' must be a non-negative int (got {value})", name)
    return int(value)


def _check_groups(groups: object, c_in: int, c_in_w: int, x_shape, w_shape) -> int:
    groups = check_positive_int(groups, "groups")
    if c_in % groups:
        raise ParameterError(f"'groups'={groups} must divide the {c_in} input channels of x "
                             f"(shape {x_shape}); choose groups among the divisors of {c_in}",
                             "groups")
    if c_in_w != c_in:
        raise ShapeError(f"channel mismatch: w of shape {w_shape} holds {c_in_w} input "
                         f"channels (its first axis), x of shape {x_shape} has {c_in}; a "
                         f"transposed convolution's weight is (C_in, C_out/groups, K)", "w")
    return groups
