"""The reference's computation paths agree with each other and with a plain loop."""

from __future__ import annotations

import numpy as np
import pytest

from convlab import kernels


def _loop(xp, w, stride, dilation, groups, out_length):
    n_batch, c_in, _ = xp.shape
    c_out, c_in_group, kernel_size = w.shape
    out = np.zeros((n_batch, c_out, out_length))
    for n in range(n_batch):
        for o in range(c_out):
            group = o // (c_out // groups)
            for t in range(out_length):
                for c in range(c_in_group):
                    for k in range(kernel_size):
                        out[n, o, t] += w[o, c, k] * xp[n, group * c_in_group + c,
                                                        t * stride + k * dilation]
    return out


@pytest.mark.parametrize("shape, kernel_size, stride, dilation, groups", [
    ((1, 1, 30), 3, 1, 1, 1), ((1, 1, 30), 3, 2, 1, 1), ((2, 4, 40), 5, 3, 2, 2),
    ((3, 6, 33), 4, 1, 3, 3), ((1, 2, 80), 50, 1, 1, 1), ((2, 2, 200), 60, 3, 2, 2),
])
def test_every_path_matches_the_loop(shape, kernel_size, stride, dilation, groups):
    """direct, FFT and the dispatcher all compute the defining sum."""
    rng = np.random.default_rng(0)
    xp = rng.standard_normal(shape)
    c_out = 2 * groups
    w = rng.standard_normal((c_out, shape[1] // groups, kernel_size))
    span = dilation * (kernel_size - 1) + 1
    out_length = (shape[2] - span) // stride + 1
    expected = _loop(xp, w, stride, dilation, groups, out_length)
    for path in (kernels.correlate, kernels.correlate_direct, kernels.correlate_fft):
        np.testing.assert_allclose(path(xp, w, stride, dilation, groups, out_length),
                                   expected, atol=1e-10)


def test_direct_path_blocks_cover_long_outputs():
    """Output positions split across several im2col blocks are all computed."""
    rng = np.random.default_rng(1)
    xp = rng.standard_normal((1, 3, 5000))
    w = rng.standard_normal((2, 3, 30))
    out = kernels.correlate_direct(xp, w, 1, 1, 1, 4971)
    np.testing.assert_allclose(out[:, :, -3:], _loop(xp[:, :, -32:], w, 1, 1, 1, 3), atol=1e-10)


def test_fft_sizes_are_smooth():
    for n in (1, 7, 100, 1000, 16513):
        size = kernels._fft_size(n)
        assert size >= n
        rest = size
        for prime in (2, 3, 5):
            while rest % prime == 0:
                rest //= prime
        assert rest == 1
