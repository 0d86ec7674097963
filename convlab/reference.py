"""The reference conv1d: exact PyTorch / Keras semantics, vectorized, checked at the door.

The story of one call:
1. check every argument and bring x and w to one layout, (N, C_in, L) and (C_out, C_in/G, K);
2. pad the input (zeros, reflect, replicate or circular) so every window lies inside it;
3. correlate — the kernel is NOT flipped — by the fastest exact path for the sizes at hand;
4. add the bias per output channel and give the result back in the caller's layout.
"""

from __future__ import annotations

import numpy as np

from convlab.arrays import MAX_ELEMENTS, as_numeric_array, check_fits, compute_dtype
from convlab.case import check_layout
from convlab.checks import check_positive_int
from convlab.errors import ParameterError, ShapeError
from convlab.fastpaths import FFT_MIN_KERNEL, correlate
from convlab.padding import (
    PADDING_KINDS,
    check_mode_fits,
    check_padding_mode,
    pad,
    pad_widths,
    window_fits,
)
from convlab.spec import ConvSpec

__all__ = ["conv1d"]


def conv1d(x, w, *, stride: int = 1, padding="valid", dilation: int = 1, groups: int = 1,
           bias=None, layout: str = "NCL", padding_mode: str = "zeros") -> np.ndarray:
    """1-D cross-correlation as deep-learning layers compute it (PyTorch conv1d, Keras Conv1D).

    Shapes, for layout "NCL" (PyTorch):
        x (L,) with w (K,)                          -> (L_out,)
        x (C_in, L) or (N, C_in, L), w (C_out, C_in/groups, K) -> (C_out, L_out) / (N, C_out, L_out)
    for layout "NLC" (Keras, channels last):
        x (L, C_in) or (N, L, C_in), w (K, C_in/groups, C_out) -> (L_out, C_out) / (N, L_out, C_out)

    out[n, o, t] = bias[o] + sum_c sum_k w[o, c, k] * xpad[n, c, t*stride + k*dilation]
    with L_out = floor((L + pad_left + pad_right - dilation*(K-1) - 1) / stride) + 1.

    padding: "valid" (none), "same" (Keras/TF rule at any stride: ceil(L/stride) outputs,
    an odd extra zero on the right), "causal" (dilation*(K-1) zeros on the left), "full",
    an int p (p on each side) or a (left, right) pair. padding_mode: "zeros", "reflect",
    "replicate" or "circular", as in torch.nn.Conv1d.

    Integer and boolean inputs compute in float64; float32 stays float32. Inputs are never
    modified. Bad arguments raise a ConvlabError naming the parameter.

    >>> conv1d([1, 2, 3, 4, 5], [1, 10])
    array([21., 32., 43., 54.])
    >>> conv1d([1, 2, 3, 4, 5], [1, 10], padding="same")
    array([21., 32., 43., 54.,  5.])
    """
    x = as_numeric_array(x, "x")
    w = as_numeric_array(w, "w")
    if (x.ndim == w.ndim == 1 and bias is None and type(stride) is int and stride >= 1
            and type(dilation) is int and dilation == 1 and type(groups) is int and groups == 1
            and type(layout) is str and layout == "NCL"
            and type(padding_mode) is str and padding_mode == "zeros"):
        out = _one_signal(x, w, stride, padding)
        if out is not None:
            return out
    if bias is not None:
        bias = as_numeric_array(bias, "bias")
    layout = check_layout(layout)
    padding_mode = check_padding_mode(padding_mode)
    x3, w3, restore = to_ncl(x, w, layout)
    n_batch, c_in, length = x3.shape
    c_out, c_in_group, kernel_size = w3.shape
    spec = ConvSpec(kernel_size, stride, padding, dilation)
    groups = _check_groups(groups, c_in, c_out, c_in_group, x.shape, w.shape, layout)
    bias_vector = _check_bias(bias, c_out, x.ndim)
    pad_left, pad_right = spec.pads(length)
    out_length = spec.output_length(length)
    check_mode_fits(padding_mode, pad_left, pad_right, length)
    # sizes that cannot be computed are refused before anything is allocated
    culprit = ("padding" if isinstance(padding, (int, tuple)) or spec.dilation == 1
               else "dilation")
    check_fits(n_batch * c_in * (length + pad_left + pad_right), culprit, "a padded input")
    check_fits(n_batch * c_out * out_length, culprit, "an output")

    dtype = compute_dtype(x, w, *([bias] if bias is not None else []))
    work_dtype = np.float32 if dtype == np.float16 else dtype
    x3 = x3.astype(work_dtype, copy=False)
    if padding_mode != "zeros" and pad_left + pad_right:
        x3 = pad(x3, pad_left, pad_right, padding_mode)
        pad_left = pad_right = 0
    # zero padding is left to the fast paths, which add it while copying x into their layout
    # integer data must give whole numbers exactly: direct sums only, never the FFT
    integers = x.dtype.kind in "biu" and w.dtype.kind in "biu"
    out = correlate(x3, w3.astype(work_dtype, copy=False), spec.stride, spec.dilation,
                    groups, out_length, pad_left, pad_right, exact=integers)
    if bias_vector is not None:
        out += bias_vector.astype(work_dtype)[:, None]
    return restore(out).astype(dtype, copy=False)


def _one_signal(x: np.ndarray, w: np.ndarray, stride: int, padding) -> np.ndarray | None:
    """The lesson-sized call, 1-D x and w: conv1d's answer without the general machinery.

    Only plain arguments take this road (a padding kind or an int, same float dtype or
    integers, a kernel short of the FFT path); anything else, including every mistake,
    returns None so the general path checks it and raises its usual error.
    """
    length, kernel_size = x.shape[0], w.shape[0]
    if x.dtype == w.dtype and x.dtype.char in "fd":
        dtype = x.dtype
    elif x.dtype.kind in "biu" and w.dtype.kind in "biu":
        dtype = np.dtype(np.float64)
    else:
        return None
    if kernel_size >= FFT_MIN_KERNEL:
        return None
    if not ((type(padding) is int and padding >= 0)
            or (type(padding) is str and padding in PADDING_KINDS)):
        return None
    pad_left, pad_right = pad_widths(padding, length, stride, kernel_size)
    if not window_fits(length, pad_left, pad_right, kernel_size):
        return None
    if length + pad_left + pad_right > MAX_ELEMENTS:
        return None
    signal = x.astype(dtype, copy=False)
    if pad_left or pad_right:
        signal = pad(signal, pad_left, pad_right)
    out = np.correlate(signal, w.astype(dtype, copy=False), "valid")
    return out if stride == 1 else out[::stride].copy()


_CONV_KERNELS = {"NCL": ("(C_out, C_in/groups, K)",
                         "; a single filter of K taps over C_in channels is "
                         "w.reshape(1, C_in, K)"),
                 "NLC": ("(K, C_in/groups, C_out)",
                         "; a single filter of K taps over C_in channels has shape "
                         "(K, C_in, 1)")}


def to_ncl(x: np.ndarray, w: np.ndarray, layout: str, kernels: dict = _CONV_KERNELS):
    """x as (N, C_in, L), w with its axes in PyTorch's order (the kernel read for "NLC" is
    the Keras one, axes reversed), and how to turn the result back. `kernels` says, per
    layout, the kernel shape expected and a hint, for the error when w has the wrong rank
    (conv1d's by default; conv_transpose1d passes its own)."""
    if x.ndim == 1:
        if w.ndim != 1:
            channels_shape = "(C_in, L)" if layout == "NCL" else "(L, C_in)"
            raise ShapeError(
                f"'w' must be 1-D (K,) when x is 1-D (L,) (got w of shape {w.shape}); for "
                f"several channels give x the shape {channels_shape}", "w")
        return x[None, None, :], w[None, None, :], lambda out: out[0, 0]
    if x.ndim not in (2, 3):
        wanted = "(L,), (C_in, L) or (N, C_in, L)" if layout == "NCL" else \
            "(L,), (L, C_in) or (N, L, C_in)"
        raise ShapeError(f"'x' must have shape {wanted} for layout {layout!r} (got {x.ndim}-D "
                         f"shape {x.shape})", "x")
    if w.ndim != 3:
        wanted, hint = kernels[layout]
        raise ShapeError(f"'w' must have shape {wanted} for a {x.ndim}-D x with layout "
                         f"{layout!r} (got {w.ndim}-D shape {w.shape}){hint}", "w")
    batched = x.ndim == 3
    x3 = x if batched else x[None]
    if layout == "NLC":
        x3 = x3.transpose(0, 2, 1)
        w = w.transpose(2, 1, 0)

    def restore(out: np.ndarray) -> np.ndarray:
        if layout == "NLC":
            out = np.ascontiguousarray(out.transpose(0, 2, 1))
        return out if batched else out[0]

    return x3, w, restore


def _check_groups(groups, c_in, c_out, c_in_group, x_shape, w_shape, layout) -> int:
    groups = check_positive_int(groups, "groups")
    axis = "w.shape[1]"
    if c_in % groups:
        raise ParameterError(f"'groups'={groups} must divide the {c_in} input channels of x "
                             f"(shape {x_shape}); choose groups among the divisors of {c_in}",
                             "groups")
    if c_out % groups:
        where = "w.shape[0]" if layout == "NCL" else "w.shape[2]"
        raise ParameterError(f"'groups'={groups} must divide the {c_out} output channels "
                             f"({where} of w, shape {w_shape}); choose groups dividing {c_out}",
                             "groups")
    if c_in_group * groups != c_in:
        per_group = f"C_in/groups = {c_in}/{groups} = {c_in // groups}" if groups > 1 else \
            f"C_in = {c_in}"
        channel_axis = "x.shape[-2]" if layout == "NCL" or len(x_shape) == 1 else "x.shape[-1]"
        raise ShapeError(
            f"channel mismatch: with groups={groups}, w of shape {w_shape} expects "
            f"{c_in_group * groups} input channels, but x of shape {x_shape} has {c_in} "
            f"({channel_axis} for layout {layout!r}); {axis} of w must be {per_group}"
            + (" — is x in the other layout?" if layout == "NCL" and len(x_shape) > 1
               and x_shape[-1] == c_in_group * groups else ""), "w")
    return groups


def _check_bias(bias, c_out: int, x_ndim: int):
    if bias is None:
        return None
    if bias.ndim == 0 and c_out == 1:
        return bias.reshape(1)
    if bias.ndim != 1 or bias.shape[0] != c_out:
        raise ShapeError(f"'bias' must have shape ({c_out},), one value per output channel "
                         f"(got shape {bias.shape}); bias is added per channel, never per time "
                         f"step", "bias")
    return bias
