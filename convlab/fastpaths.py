"""The reference's fast paths: correlate an input with a kernel, exactly and fast.

Every path computes the same sum, out[n, o, t] = sum_c sum_k w[o, c, k] *
xp[n, g(o)*C_in/G + c, t*stride + k*dilation], where xp is x with pad_left and pad_right
zeros added (each path pads as part of a copy it makes anyway). Which one runs depends only
on sizes:
- one signal and one filter: numpy's C correlate;
- long kernels: FFT by overlap-save, in float64: each output is off by about 1e-15 of the
  largest |x| * sum|w| (below float32 rounding for float32 data; integer data never
  comes here, so its results stay exact whole numbers);
- short outputs or a shallow C_in*K: one GEMM per kernel tap with the batch laid end to end;
- everything else: im2col blocks multiplied by the kernel matrix (BLAS GEMM).
Every path returns a new C-contiguous array and never writes to its inputs.
"""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from convlab.padding import pad

__all__ = ["correlate", "correlate_direct", "correlate_fft", "correlate_single",
           "correlate_taps"]

FFT_MIN_KERNEL = 48
# an im2col block this size stays in one core's L2 cache between its copy and its GEMM
_PATCH_BYTES = 1 << 21
# the per-tap path keeps whole signals in flight; beyond this the blocked im2col wins
_TAPS_MAX_BYTES = 1 << 25


def correlate(x: np.ndarray, w: np.ndarray, stride: int, dilation: int, groups: int,
              out_length: int, pad_left: int = 0, pad_right: int = 0, *,
              exact: bool = False) -> np.ndarray:
    """x (N, C_in, L), w (C_out, C_in/G, K) -> (N, C_out, out_length), in x.dtype.

    `exact` keeps the direct sums (no FFT): for integer data, whose results must come out
    as exact whole numbers. The FFT's error is about 1e-15 of the largest |x| * sum|w|,
    which can show on outputs much smaller than the largest one.
    """
    n_batch, c_in, length = x.shape
    c_out, c_in_group, kernel_size = w.shape
    args = (x, w, stride, dilation, groups, out_length, pad_left, pad_right)
    if (kernel_size >= FFT_MIN_KERNEL and not exact and np.isfinite(x).all()
            and np.isfinite(w).all()):
        return _by_batch_in_threads(correlate_fft, *args)
    if n_batch == c_in == c_out == 1 and dilation == 1:
        return correlate_single(*args)
    # GEMMs with few output columns, or a shallow inner dimension, run slowly one batch
    # item at a time; laying the batch end to end gives each tap one wide GEMM instead
    signals_bytes = c_in * n_batch * (pad_left + length + pad_right) * x.itemsize
    if stride == 1 and groups == 1 and signals_bytes <= _TAPS_MAX_BYTES and (
            out_length < 256 or c_in_group * kernel_size < 128):
        return correlate_taps(*args)
    return correlate_direct(*args)


# numpy's FFT runs on one core; batch items are independent, so large batches are split
# across threads (numpy releases the GIL inside its transforms and products)
_THREAD_MIN_ELEMENTS = 1 << 18
_pool = None


def _forget_pool() -> None:
    """A forked child has the pool object but none of its threads: start afresh there."""
    global _pool
    _pool = None


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_forget_pool)


def _by_batch_in_threads(path, x: np.ndarray, *args) -> np.ndarray:
    """path(x, *args), computed on slices of the batch in parallel threads when it pays."""
    global _pool
    workers = min(os.cpu_count() or 1, x.shape[0])
    if workers < 2 or x.size < _THREAD_MIN_ELEMENTS:
        return path(x, *args)
    if _pool is None:
        _pool = ThreadPoolExecutor(max_workers=os.cpu_count(), thread_name_prefix="convlab")
    parts = _pool.map(lambda part: path(part, *args), np.array_split(x, workers, axis=0))
    return np.concatenate(list(parts), axis=0)


def correlate_single(x: np.ndarray, w: np.ndarray, stride: int, dilation: int, groups: int,
                     out_length: int, pad_left: int = 0, pad_right: int = 0) -> np.ndarray:
    """One signal and one filter (N = C_in = C_out = 1): numpy's C loop, no copies of x."""
    signal = _zero_pad(x, pad_left, pad_right)[0, 0]
    taps = _dilate(w, dilation)[0, 0]
    dense = np.correlate(signal, taps, "valid")
    return np.ascontiguousarray(dense[: (out_length - 1) * stride + 1: stride]).reshape(
        1, 1, out_length)


def correlate_taps(x: np.ndarray, w: np.ndarray, stride: int, dilation: int, groups: int,
                   out_length: int, pad_left: int = 0, pad_right: int = 0) -> np.ndarray:
    """One GEMM per kernel tap over the whole batch, accumulated in place.

    The padded signals of all batch items are laid end to end, one row per channel. Tap k of
    every output is then w[:, :, k] @ signals[:, k*dilation:][:, :columns], one wide GEMM;
    windows that straddle two items are computed too, and dropped. Stride s > 1 takes every
    s-th output of the stride-1 result (the dispatcher sends strided inputs elsewhere).
    """
    n_batch, c_in, length = x.shape
    c_out, c_in_group, kernel_size = w.shape
    c_out_group = c_out // groups
    padded_length = pad_left + length + pad_right
    span = dilation * (kernel_size - 1) + 1
    signals = np.zeros((c_in, n_batch, padded_length), x.dtype)
    signals[:, :, pad_left:pad_left + length] = x.transpose(1, 0, 2)
    signals = signals.reshape(groups, c_in_group, n_batch * padded_length)
    columns = (n_batch - 1) * padded_length + padded_length - span + 1
    # tap_matrices[k, g] = w[g's output channels, :, k], contiguous for BLAS
    tap_matrices = np.ascontiguousarray(
        w.reshape(groups, c_out_group, c_in_group, kernel_size).transpose(3, 0, 1, 2))
    dense = np.empty((groups, c_out_group, n_batch * padded_length), x.dtype)
    product = np.empty((c_out_group, columns), x.dtype)
    for group in range(groups):
        total = dense[group, :, :columns]
        for k in range(kernel_size):
            shifted = signals[group, :, k * dilation: k * dilation + columns]
            if k == 0:
                np.matmul(tap_matrices[k, group], shifted, out=total)
            else:
                np.matmul(tap_matrices[k, group], shifted, out=product)
                total += product
    per_item = dense.reshape(c_out, n_batch, padded_length).transpose(1, 0, 2)
    return np.ascontiguousarray(per_item[:, :, : (out_length - 1) * stride + 1: stride])


def correlate_direct(x: np.ndarray, w: np.ndarray, stride: int, dilation: int, groups: int,
                     out_length: int, pad_left: int = 0, pad_right: int = 0) -> np.ndarray:
    """im2col in cache-sized blocks of output positions, each block one GEMM per group.

    For a block of outputs start..stop of one batch item, patches[g, c, k, t] =
    xp[n, g*C_in/G + c, t*stride + k*dilation]: K strided copies, then
    out[n, g, :, start:stop] = w[g] (C_out/G, C_in/G * K) @ patches[g] (C_in/G * K, block).
    """
    xp = _zero_pad(x, pad_left, pad_right)
    n_batch, c_in, _ = xp.shape
    c_out, c_in_group, kernel_size = w.shape
    c_out_group = c_out // groups
    signals = xp.reshape(n_batch, groups, c_in_group, -1)
    kernel_matrix = w.reshape(groups, c_out_group, c_in_group * kernel_size)
    block = min(out_length, max(1, _PATCH_BYTES // (c_in * kernel_size * xp.itemsize)))
    buffer = np.empty(c_in * kernel_size * block, xp.dtype)
    out = np.empty((n_batch, groups, c_out_group, out_length), xp.dtype)
    for n in range(n_batch):
        for start in range(0, out_length, block):
            width = min(out_length, start + block) - start
            patches = buffer[: c_in * kernel_size * width].reshape(
                groups, c_in_group, kernel_size, width)
            for k in range(kernel_size):
                first = start * stride + k * dilation
                patches[:, :, k] = signals[n, :, :, first: first + (width - 1) * stride + 1:
                                           stride]
            np.matmul(kernel_matrix, patches.reshape(groups, c_in_group * kernel_size, width),
                      out=out[n, :, :, start:start + width])
    return out.reshape(n_batch, c_out, out_length)


def correlate_fft(x: np.ndarray, w: np.ndarray, stride: int, dilation: int, groups: int,
                  out_length: int, pad_left: int = 0, pad_right: int = 0) -> np.ndarray:
    """Overlap-save: the cost per output does not grow with the kernel length.

    The padded input is cut into blocks of `size` samples that overlap by span - 1. Within a
    block, a product of spectra is a circular correlation; its last hop = size - span + 1
    outputs never wrap around, and consecutive blocks' clean parts tile the output.
    """
    n_batch, c_in, length = x.shape
    c_out, c_in_group, kernel_size = w.shape
    c_out_group = c_out // groups
    span = dilation * (kernel_size - 1) + 1
    dense_length = (out_length - 1) * stride + 1
    size = _block_size(span, dense_length)
    hop = size - span + 1
    n_blocks = -(-dense_length // hop)
    signal = np.zeros((n_batch, c_in, (n_blocks - 1) * hop + size))
    # samples past the last window are never read; the buffer may stop before them
    kept = max(0, min(length, signal.shape[-1] - pad_left))
    signal[:, :, pad_left:pad_left + kept] = x[:, :, :kept]
    blocks = sliding_window_view(signal, size, axis=-1)[:, :, ::hop]
    # spectra[g, f, (n, b), c]: frequency leading, so each frequency is one small GEMM
    spectra = np.fft.rfft(blocks, axis=-1).reshape(n_batch, groups, c_in_group, n_blocks, -1)
    spectra = np.ascontiguousarray(spectra.transpose(1, 4, 0, 3, 2)).reshape(
        groups, -1, n_batch * n_blocks, c_in_group)
    # correlation = convolution with the reversed kernel
    taps = np.zeros((c_out, c_in_group, span))
    taps[:, :, ::dilation] = w
    kernel_spectra = np.fft.rfft(taps[:, :, ::-1], size, axis=-1).reshape(
        groups, c_out_group, c_in_group, -1)
    products = spectra @ kernel_spectra.transpose(0, 3, 2, 1)
    circular = np.fft.irfft(products, size, axis=1)
    # circular[g, span - 1 + j, (n, b), o] is output b*hop + j of item n, channel (g, o)
    clean = circular[:, span - 1:].reshape(groups, hop, n_batch, n_blocks, c_out_group)
    out = np.empty((n_batch, groups, c_out_group, n_blocks, hop), x.dtype)
    out[...] = clean.transpose(2, 0, 4, 3, 1)
    return np.ascontiguousarray(
        out.reshape(n_batch, c_out, n_blocks * hop)[:, :, :dense_length:stride])


def _zero_pad(x: np.ndarray, pad_left: int, pad_right: int) -> np.ndarray:
    """x itself when no padding is asked for, else a new zero-padded copy."""
    return pad(x, pad_left, pad_right) if pad_left or pad_right else x


def _dilate(w: np.ndarray, dilation: int) -> np.ndarray:
    """The kernel with dilation - 1 zeros between taps (w itself when dilation is 1)."""
    if dilation == 1:
        return w
    c_out, c_in_group, kernel_size = w.shape
    spread = np.zeros((c_out, c_in_group, dilation * (kernel_size - 1) + 1), w.dtype)
    spread[:, :, ::dilation] = w
    return spread


def _block_size(span: int, dense_length: int) -> int:
    """FFT block length: 4 to 8 spans (overlap under a quarter, blocks cache-sized), or one
    block for the whole signal when that is shorter."""
    whole = _fft_size(dense_length + span - 1)
    return min(whole, 1 << (4 * span - 1).bit_length())


def _fft_size(n: int) -> int:
    """The smallest 2^a * 3^b * 5^c >= n (sizes pocketfft transforms fastest)."""
    best = 1 << (n - 1).bit_length()
    five = 1
    while five < best:
        three = five
        while three < best:
            two = three
            while two < n:
                two *= 2
            best = min(best, two)
            three *= 3
        five *= 5
    return best
