"""The reference's computation paths agree with each other and with a plain loop."""

from __future__ import annotations

import numpy as np
import pytest

from convlab import fastpaths


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
    for path in (fastpaths.correlate, fastpaths.correlate_direct, fastpaths.correlate_fft):
        np.testing.assert_allclose(path(xp, w, stride, dilation, groups, out_length),
                                   expected, atol=1e-10)


def test_direct_path_blocks_cover_long_outputs():
    """Output positions split across several im2col blocks are all computed."""
    rng = np.random.default_rng(1)
    xp = rng.standard_normal((1, 3, 5000))
    w = rng.standard_normal((2, 3, 30))
    out = fastpaths.correlate_direct(xp, w, 1, 1, 1, 4971)
    np.testing.assert_allclose(out[:, :, -3:], _loop(xp[:, :, -32:], w, 1, 1, 1, 3), atol=1e-10)


def test_fft_sizes_are_smooth():
    """FFT sizes are at least n and have no prime factor above 5."""
    for n in (1, 7, 100, 1000, 16513):
        size = fastpaths._fft_size(n)
        assert size >= n
        rest = size
        for prime in (2, 3, 5):
            while rest % prime == 0:
                rest //= prime
        assert rest == 1


PATHS = [fastpaths.correlate, fastpaths.correlate_direct, fastpaths.correlate_taps,
         fastpaths.correlate_fft]


@pytest.mark.parametrize("seed", range(40))
def test_forced_paths_agree_on_random_problems_with_padding(seed):
    """Every path, forced on the same random input and zero padding, gives the loop's sums."""
    rng = np.random.default_rng(seed)
    groups = int(rng.choice([1, 1, 2, 3]))
    n_batch, c_in = int(rng.integers(1, 4)), groups * int(rng.integers(1, 3))
    kernel_size = int(rng.choice([1, 2, 3, 5, 9, 50]))
    stride, dilation = int(rng.integers(1, 4)), int(rng.integers(1, 3))
    pad_left, pad_right = int(rng.integers(0, 6)), int(rng.integers(0, 6))
    span = dilation * (kernel_size - 1) + 1
    length = int(rng.integers(max(1, span - pad_left - pad_right), span + 300))
    x = rng.standard_normal((n_batch, c_in, length))
    w = rng.standard_normal((groups * int(rng.integers(1, 3)), c_in // groups, kernel_size))
    xp = np.pad(x, ((0, 0), (0, 0), (pad_left, pad_right)))
    out_length = (xp.shape[2] - span) // stride + 1
    expected = _loop(xp, w, stride, dilation, groups, out_length)
    one_signal = n_batch == c_in == w.shape[0] == 1
    paths = PATHS + ([fastpaths.correlate_single] if one_signal else [])
    for path in paths:
        got = path(x, w, stride, dilation, groups, out_length, pad_left, pad_right)
        assert got.shape == expected.shape and got.flags.c_contiguous, path.__name__
        np.testing.assert_allclose(got, expected, atol=1e-9, err_msg=path.__name__)


def test_single_path_matches_the_loop_with_dilation():
    """The numpy-correlate path spreads a dilated kernel with zeros."""
    rng = np.random.default_rng(3)
    x, w = rng.standard_normal((1, 1, 40)), rng.standard_normal((1, 1, 4))
    out_length = (40 + 2 - 3 * 3 - 1) // 2 + 1
    expected = _loop(np.pad(x, ((0, 0), (0, 0), (1, 1))), w, 2, 3, 1, out_length)
    np.testing.assert_allclose(fastpaths.correlate_single(x, w, 2, 3, 1, out_length, 1, 1),
                               expected, atol=1e-12)


def test_fft_path_spans_many_blocks():
    """Overlap-save blocks tile a long output exactly, at the seams and past the last one."""
    rng = np.random.default_rng(4)
    kernel_size = 60
    x = rng.standard_normal((2, 3, 3001))
    w = rng.standard_normal((2, 3, kernel_size))
    block = fastpaths._block_size(kernel_size, 3001)
    assert block < 3001, "the test needs several blocks"
    out_length = 3001 - kernel_size + 1
    got = fastpaths.correlate_fft(x, w, 1, 1, 1, out_length)
    direct = fastpaths.correlate_direct(x, w, 1, 1, 1, out_length)
    np.testing.assert_allclose(got, direct, atol=1e-9)


@pytest.mark.parametrize("path", PATHS, ids=lambda p: p.__name__)
def test_paths_keep_float32_and_leave_inputs_alone(path):
    """float32 in, float32 out; the input and kernel are read, never written."""
    rng = np.random.default_rng(5)
    x = rng.standard_normal((2, 4, 120)).astype(np.float32)
    w = rng.standard_normal((3, 4, 50)).astype(np.float32)
    x.setflags(write=False)
    w.setflags(write=False)
    out = path(x, w, 1, 1, 1, 75, 2, 3)
    assert out.dtype == np.float32
    expected = _loop(np.pad(x.astype(np.float64), ((0, 0), (0, 0), (2, 3))),
                     w.astype(np.float64), 1, 1, 1, 75)
    np.testing.assert_allclose(out, expected, rtol=1e-4, atol=1e-4)


@pytest.mark.parametrize("shape, c_out, kernel_size, stride, expected_path", [
    ((1, 1, 100), 1, 5, 1, "correlate_single"),
    ((2, 3, 100), 2, 64, 1, "correlate_fft"),
    ((4, 300, 100), 8, 5, 1, "correlate_taps"),
    ((4, 16, 4096), 16, 4, 1, "correlate_taps"),
    ((4, 64, 1024), 64, 5, 1, "correlate_direct"),
    ((4, 16, 1024), 16, 4, 2, "correlate_direct"),
])
def test_dispatcher_picks_the_path_for_the_shape(monkeypatch, shape, c_out, kernel_size, stride,
                                                 expected_path):
    """Sizes alone decide the path; the pick is the one the benchmarks found fastest."""
    called = []
    for name in ("correlate_single", "correlate_fft", "correlate_taps", "correlate_direct"):
        original = getattr(fastpaths, name)
        monkeypatch.setattr(fastpaths, name,
                            lambda *args, _name=name, _f=original: called.append(_name)
                            or _f(*args))
    x = np.ones(shape)
    w = np.ones((c_out, shape[1], kernel_size))
    fastpaths.correlate(x, w, stride, 1, 1, (shape[2] - kernel_size) // stride + 1)
    assert called == [expected_path]


def test_non_finite_inputs_avoid_the_fft_path():
    """A NaN or inf spoils only the windows that read it, so it must not go through a spectrum."""
    x = np.zeros((1, 2, 300))
    x[0, 1, 10] = np.inf
    w = np.ones((1, 2, 64))
    out = fastpaths.correlate(x, w, 1, 1, 1, 237)
    np.testing.assert_array_equal(np.isinf(out[0, 0]), np.arange(237) <= 10)


def test_long_kernels_on_a_large_batch_split_across_threads_agree():
    """The FFT path run on batch slices in parallel gives the unsplit answer."""
    rng = np.random.default_rng(3)
    x = rng.standard_normal((4, 3, 40000))
    w = rng.standard_normal((2, 3, 60))
    out_length = 40000 - 59
    split = fastpaths.correlate(x, w, 1, 1, 1, out_length)
    whole = fastpaths.correlate_fft(x, w, 1, 1, 1, out_length)
    np.testing.assert_allclose(split, whole, rtol=1e-12, atol=1e-10)
    np.testing.assert_allclose(split[:, :, :5], _loop(x[:, :, :64], w, 1, 1, 1, 5), atol=1e-9)


def test_the_thread_pool_survives_a_fork():
    """A forked child (multiprocessing's fork start) still computes long-kernel batches."""
    import multiprocessing

    x = np.random.default_rng(0).standard_normal((4, 2, 40000))
    w = np.ones((2, 2, 60))
    fastpaths.correlate(x, w, 1, 1, 1, 40000 - 59)  # the parent's pool now exists
    context = multiprocessing.get_context("fork")
    with context.Pool(1) as pool:
        result = pool.apply_async(fastpaths.correlate, (x, w, 1, 1, 1, 40000 - 59))
        np.testing.assert_allclose(result.get(timeout=60),
                                   fastpaths.correlate(x, w, 1, 1, 1, 40000 - 59), atol=1e-9)
