"""The arithmetic core of the reference: correlate a padded input with a kernel, fast.

Every path computes the same sum, out[n, o, t] = sum_c sum_k w[o, c, k] *
xp[n, g(o)*C_in/G + c, t*stride + k*dilation]; which one runs depends only on sizes:
- one signal and one filter: numpy's C correlate;
- long kernels: FFT (float64 arithmetic, so float32 results are exact to float32 rounding);
- everything else: im2col blocks multiplied by the kernel matrix (BLAS GEMM).
"""

from __future__ import annotations

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

__all__ = ["correlate", "correlate_direct", "correlate_fft"]

FFT_MIN_KERNEL = 48
_BLOCK_ELEMENTS = 1 << 18


def correlate(xp: np.ndarray, w: np.ndarray, stride: int, dilation: int, groups: int,
              out_length: int) -> np.ndarray:
    """xp (N, C_in, Lp) padded, w (C_out, C_in/G, K) -> (N, C_out, out_length), xp.dtype."""
    n_batch, c_in, _ = xp.shape
    c_out, _, kernel_size = w.shape
    if n_batch == c_in == c_out == 1 and dilation == 1 and kernel_size < FFT_MIN_KERNEL:
        full = np.correlate(xp[0, 0], w[0, 0], "valid")
        return full[: (out_length - 1) * stride + 1: stride].reshape(1, 1, out_length)
    if kernel_size >= FFT_MIN_KERNEL and np.isfinite(xp).all() and np.isfinite(w).all():
        return correlate_fft(xp, w, stride, dilation, groups, out_length)
    return correlate_direct(xp, w, stride, dilation, groups, out_length)


def correlate_direct(xp: np.ndarray, w: np.ndarray, stride: int, dilation: int, groups: int,
                     out_length: int) -> np.ndarray:
    """im2col in blocks of output positions, each block one batched GEMM per group."""
    n_batch, c_in, _ = xp.shape
    c_out, c_in_group, kernel_size = w.shape
    c_out_group = c_out // groups
    span = dilation * (kernel_size - 1) + 1
    # windows[n, g, c, t, k] = xp[n, g*C_in/G + c, t*stride + k*dilation]
    windows = sliding_window_view(xp.reshape(n_batch, groups, c_in_group, -1), span,
                                  axis=-1)[..., ::stride, ::dilation][..., :out_length, :]
    kernel_matrix = w.reshape(groups, c_out_group, c_in_group * kernel_size)
    out = np.empty((n_batch, groups, c_out_group, out_length), xp.dtype)
    block = max(1, _BLOCK_ELEMENTS // max(1, n_batch * c_in * kernel_size))
    for start in range(0, out_length, block):
        stop = min(out_length, start + block)
        # patches[n, g, (c, k), t]: one column per output position in the block
        patches = windows[..., start:stop, :].transpose(0, 1, 2, 4, 3).reshape(
            n_batch, groups, c_in_group * kernel_size, stop - start)
        out[..., start:stop] = kernel_matrix @ patches
    return out.reshape(n_batch, c_out, out_length)


def correlate_fft(xp: np.ndarray, w: np.ndarray, stride: int, dilation: int, groups: int,
                  out_length: int) -> np.ndarray:
    """Correlation as a product of spectra: cost independent of the kernel length."""
    n_batch, c_in, padded_length = xp.shape
    c_out, c_in_group, kernel_size = w.shape
    c_out_group = c_out // groups
    span = dilation * (kernel_size - 1) + 1
    taps = np.zeros((c_out, c_in_group, span))
    taps[:, :, ::dilation] = w
    size = _fft_size(padded_length + span - 1)
    x_spectrum = np.fft.rfft(xp.astype(np.float64, copy=False), size, axis=-1)
    # correlation = convolution with the reversed kernel
    w_spectrum = np.fft.rfft(taps[:, :, ::-1], size, axis=-1)
    x_spectrum = x_spectrum.reshape(n_batch, groups, c_in_group, -1)
    w_spectrum = w_spectrum.reshape(groups, c_out_group, c_in_group, -1)
    product = np.einsum("ngcf,gocf->ngof", x_spectrum, w_spectrum, optimize=True)
    full = np.fft.irfft(product, size, axis=-1)
    valid = full[..., span - 1: span - 1 + (out_length - 1) * stride + 1: stride]
    return valid.reshape(n_batch, c_out, out_length).astype(xp.dtype)


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
