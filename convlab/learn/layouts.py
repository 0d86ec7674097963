"""Bringing learn's arrays to one layout, (N, C, L) with kernels (C_out, C_in/G, K), and back.

The backward pass, the fit and the solution set all compute in PyTorch's layout; these
helpers translate the caller's shapes ((L,), (C, L), (N, C, L) or their "NLC" equivalents,
and Keras kernels (K, C_in/G, C_out)) on the way in and on the way out.
"""

from __future__ import annotations

import numpy as np

from convlab.errors import ShapeError

__all__ = ["as_ncl", "fit_input_as_ncl", "from_ncl", "kernel_as_ncl", "kernel_from_ncl",
           "target_as_ncl"]


def as_ncl(array: np.ndarray, layout: str) -> np.ndarray:
    """An input or output (L,), (C, L), (N, C, L) or NLC equivalent as (N, C, L)."""
    if array.ndim == 1:
        return array[None, None, :]
    batched = array if array.ndim == 3 else array[None]
    return batched.transpose(0, 2, 1) if layout == "NLC" else batched


def from_ncl(array: np.ndarray, layout: str, shape: tuple[int, ...]) -> np.ndarray:
    """An (N, C, L) array back in the caller's layout and `shape`, contiguous."""
    if layout == "NLC" and len(shape) > 1:
        array = array.transpose(0, 2, 1)
    return np.ascontiguousarray(array.reshape(shape))


def kernel_as_ncl(w: np.ndarray, layout: str) -> np.ndarray:
    """A kernel (K,), PyTorch (C_out, C_in/G, K) or Keras (K, C_in/G, C_out) as PyTorch's."""
    if w.ndim == 1:
        return w[None, None, :]
    return w.transpose(2, 1, 0) if layout == "NLC" else w


def kernel_from_ncl(w: np.ndarray, layout: str, shape: tuple[int, ...]) -> np.ndarray:
    """A PyTorch-layout kernel back in the caller's layout (`shape` tells a 1-D kernel)."""
    if len(shape) == 1:
        return w.reshape(shape)
    return np.ascontiguousarray(w.transpose(2, 1, 0) if layout == "NLC" else w)


def target_as_ncl(target: np.ndarray, out_shape: tuple[int, int, int], layout: str,
                  x_ndim: int) -> np.ndarray:
    """A fit's target as (N, filters, L_out), or a ShapeError saying the shape it needs.

    out_shape is conv1d's output as (N, filters, L_out); x_ndim tells whether the caller's
    x had a batch axis, and so whether the target needs one.
    """
    n_batch, filters, out_length = out_shape
    if layout == "NLC":
        wanted = (out_length, filters) if x_ndim == 2 else (n_batch, out_length, filters)
    else:
        wanted = (filters, out_length) if x_ndim == 2 else out_shape
    if target.ndim == 1 and filters == 1 and n_batch == 1 and target.shape == (out_length,):
        return target.reshape(out_shape)
    if target.shape != wanted:
        raise ShapeError(f"'target' must have conv1d's output shape {wanted} for this x, "
                         f"kernel and {filters} filter(s) (got shape {target.shape})", "target")
    return as_ncl(target, layout)


def fit_input_as_ncl(x: np.ndarray, layout: str) -> tuple[np.ndarray, int]:
    """A fit's x as (N, C_in, L), and its rank with a 1-D x counted as one channel (2).

    A 1-D x is one signal of one channel in either layout, so (L,) is read as (L, 1) for
    "NLC" and (1, L) for "NCL"; the rank tells `target_as_ncl` whether a batch axis exists.
    """
    if x.ndim == 1:
        x = x[:, None] if layout == "NLC" else x[None, :]
    return as_ncl(x, layout), x.ndim
