"""Fourth independent set: learner implementations written from how students really err."""
import math
import numpy as np
STUDENTS = []  # (name, exercise, expected, alternatives, fn)


def student(expected, exercise="conv1d", also=()):
    def deco(fn):
        STUDENTS.append((fn.__name__, exercise, expected, tuple(also), fn))
        return fn
    return deco


# ---------------------------------------------------------------------------
# small helpers some of the students wrote for themselves
# ---------------------------------------------------------------------------

def _same_pads(L, K, s):
    """TensorFlow/Keras 'SAME': out = ceil(L/s), extra zero goes right."""
    out_len = -(-L // s)
    total = max((out_len - 1) * s + K - L, 0)
    left = total // 2
    return left, total - left


def _pad_amounts(L, K, stride, padding):
    if padding == "valid":
        return 0, 0
    if padding == "same":
        return _same_pads(L, K, stride)
    p = int(padding)
    return p, p


def _zero_pad(x, left, right):
    return np.concatenate([np.zeros(left, dtype=x.dtype), x, np.zeros(right, dtype=x.dtype)])


# ===========================================================================
# exercise "conv1d"
# ===========================================================================

@student(None)
def f01_double_loop(x, w, stride=1, padding="valid"):
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    L, K = len(x), len(w)
    left, right = _pad_amounts(L, K, stride, padding)
    xp = np.concatenate([np.zeros(left), x, np.zeros(right)])
    n = (len(xp) - K) // stride + 1
    out = np.zeros(max(n, 0))
    for i in range(n):
        s = 0.0
        for k in range(K):
            s += xp[i * stride + k] * w[k]
        out[i] = s
    return out


# forgot the "+ 1" in the output length formula
@student("last-window-skipped")
def f02_length_from_formula(x, w, stride=1, padding="valid"):
    x = np.asarray(x, dtype=np.float64)
    w = np.asarray(w, dtype=np.float64)
    K = w.shape[0]
    pl, pr = _pad_amounts(x.shape[0], K, stride, padding)
    xp = np.pad(x, (pl, pr))
    n_out = (xp.shape[0] - K) // stride          # number of positions
    y = np.zeros(max(n_out, 0))
    for i in range(n_out):
        y[i] = np.sum(xp[i * stride:i * stride + K] * w)
    return y


# np.convolve "valid" used directly, i.e. true convolution (kernel reversed)
@student("kernel-flipped", also=("kernel-too-long-silent",))
def f03_numpy_builtin(x, w, stride=1, padding="valid"):
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    if padding == "same":
        l, r = _same_pads(len(x), len(w), stride)
        x = np.pad(x, (l, r))
    elif padding != "valid":
        x = np.pad(x, padding)
    full = np.convolve(x, w, mode="valid")
    return full[::stride]


@student(None)
def f04_while_walker(x, w, stride=1, padding="valid"):
    xs = [float(v) for v in x]
    ws = [float(v) for v in w]
    L, K = len(xs), len(ws)
    if padding == "valid":
        lo = hi = 0
    elif padding == "same":
        n_out = (L + stride - 1) // stride
        need = max((n_out - 1) * stride + K - L, 0)
        lo = need // 2
        hi = need - lo
    else:
        lo = hi = padding
    xs = [0.0] * lo + xs + [0.0] * hi
    res = []
    start = 0
    while start + K <= len(xs):
        acc = 0.0
        j = 0
        while j < K:
            acc += xs[start + j] * ws[j]
            j += 1
        res.append(acc)
        start += stride
    return res


# output buffer made with zeros_like(x): integer buffer when x is an int array
@student("dtype-truncation")
def f05_preallocated(x, w, stride=1, padding="valid"):
    x = np.asarray(x)
    w = np.asarray(w)
    K = len(w)
    left, right = _pad_amounts(len(x), K, stride, padding)
    xp = np.pad(x, (left, right), mode="constant")
    n = (len(xp) - K) // stride + 1
    if n <= 0:
        return np.zeros(0)
    out = np.zeros_like(x, shape=(n,))        # same type as the input
    for i in range(n):
        out[i] = np.dot(xp[i * stride:i * stride + K], w)
    return out


# slides one sample at a time whatever the stride
@student("stride-ignored")
def f06_simple_slide(x, w, stride=1, padding="valid"):
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    K = w.size
    l, r = _pad_amounts(x.size, K, stride, padding)
    xp = np.pad(x, (l, r))
    out = []
    for i in range(len(xp) - K + 1):
        out.append(float(np.dot(xp[i:i + K], w)))
    return np.array(out)


@student(None)
def f07_shifted_slices(x, w, stride=1, padding="valid"):
    x = np.asarray(x)
    w = np.asarray(w)
    L, K = x.shape[0], w.shape[0]
    if isinstance(padding, str):
        if padding == "same":
            out_len = math.ceil(L / stride)
            tot = max((out_len - 1) * stride + K - L, 0)
            pl, pr = tot // 2, tot - tot // 2
        else:
            pl = pr = 0
    else:
        pl = pr = int(padding)
    dt = np.result_type(x, w, np.float32)
    xp = np.pad(x.astype(dt), (pl, pr))
    n = (xp.size - K) // stride + 1
    if n <= 0:
        return np.empty(0)
    y = np.zeros(n, dtype=dt)
    span = (n - 1) * stride + 1
    for k in range(K):
        # every output sees tap k at the same offset
        y += w[k] * xp[k:k + span:stride]
    return y


# 'same': pads (K-1)//2 on both sides, whatever K and stride
@student("same-even-kernel", also=("same-stride", "last-window-skipped"))
def f08_centre_pad(x, w, stride=1, padding="valid"):
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    K = len(w)
    if padding == "same":
        p = (K - 1) // 2
    elif padding == "valid":
        p = 0
    else:
        p = padding
    xp = np.pad(x, p)
    n = (len(xp) - K) // stride + 1
    return np.array([xp[i * stride:i * stride + K] @ w for i in range(max(n, 0))])


# pads by indexing x[j] with j = position - left; negative j silently wraps
@student("wrap-around")
def f09_index_arithmetic(x, w, stride=1, padding="valid"):
    L, K = len(x), len(w)
    left, right = _pad_amounts(L, K, stride, padding)
    n = (L + left + right - K) // stride + 1
    out = np.zeros(max(n, 0))
    for i in range(max(n, 0)):
        acc = 0.0
        for k in range(K):
            j = i * stride + k - left
            if j < L:                      # past the end -> zero padding
                acc += x[j] * w[k]
        out[i] = acc
    return out


@student(None)
def f10_dot_comprehension(x, w, stride=1, padding="valid"):
    x = np.asarray(x, dtype=np.float64)
    w = np.asarray(w, dtype=np.float64)
    K = w.size
    if padding == "same":
        L = x.size
        o = -(-L // stride)
        t = max((o - 1) * stride + K - L, 0)
        x = np.pad(x, (t // 2, t - t // 2))
    elif padding != "valid":
        x = np.pad(x, padding)
    return np.array([np.dot(x[i:i + K], w) for i in range(0, x.size - K + 1, stride)])


# padding argument is accepted but never used
@student("missing-padding")
def f11_short_version(x, w, stride=1, padding="valid"):
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    K = len(w)
    out_len = (len(x) - K) // stride + 1
    out = np.zeros(max(out_len, 0))
    for t in range(max(out_len, 0)):
        out[t] = (x[t * stride:t * stride + K] * w).sum()
    return out


# running total declared once before the loops and never set back to 0
@student("accumulator-not-reset")
def f12_total_var(x, w, stride=1, padding="valid"):
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    K = len(w)
    l, r = _pad_amounts(len(x), K, stride, padding)
    xp = _zero_pad(x, l, r)
    n = (len(xp) - K) // stride + 1
    result = []
    total = 0.0
    for i in range(max(n, 0)):
        for k in range(K):
            total += xp[i * stride + k] * w[k]
        result.append(total)
    return np.array(result)


# tap loop starts at 1 (the "for k in range(1, K)" habit)
@student("tap-skipped")
def f13_nested_loops(x, w, stride=1, padding="valid"):
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    K = len(w)
    l, r = _pad_amounts(len(x), K, stride, padding)
    xp = np.pad(x, (l, r))
    n = (len(xp) - K) // stride + 1
    out = np.zeros(max(n, 0))
    for i in range(max(n, 0)):
        for k in range(1, K):
            out[i] += xp[i * stride + k] * w[k]
    return out


# downsamples x first, then does a stride-1 correlation
@student("stride-subsampled")
def f14_stride_first(x, w, stride=1, padding="valid"):
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    K = len(w)
    l, r = _pad_amounts(len(x), K, stride, padding)
    xp = np.pad(x, (l, r))
    xs = xp[::stride]                       # apply the stride
    n = len(xs) - K + 1
    return np.array([np.dot(xs[i:i + K], w) for i in range(max(n, 0))])


@student(None)
def f15_window_view(x, w, stride=1, padding="valid"):
    from numpy.lib.stride_tricks import sliding_window_view
    x = np.asarray(x)
    w = np.asarray(w)
    K = w.shape[-1]
    left, right = _pad_amounts(x.shape[-1], K, stride, padding)
    xp = np.pad(x, (left, right))
    win = sliding_window_view(xp, K)[::stride]   # raises if K too long
    return win @ w


# MATLAB-style port: window i starts at x(i+1) (1-based index kept), a zero appended to avoid IndexError
@student("window-offset")
def f16_ported_from_matlab(x, w, stride=1, padding="valid"):
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    K = numel_w = len(w)
    pl, pr = _pad_amounts(len(x), K, stride, padding)
    xp = np.concatenate([np.zeros(pl), x, np.zeros(pr), [0.0]])   # extra 0 so the loop doesn't crash
    n = (len(xp) - 1 - K) // stride + 1
    y = np.zeros(max(n, 0))
    for i in range(1, max(n, 0) + 1):
        s = 0.0
        for k in range(numel_w):
            s += xp[(i - 1) * stride + k + 1] * w[k]
        y[i - 1] = s
    return y


# pads with the edge value (np.pad mode='edge') instead of zeros
@student("padding-not-zero")
def f17_np_pad_mode(x, w, stride=1, padding="valid"):
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    K = len(w)
    l, r = _pad_amounts(len(x), K, stride, padding)
    xp = np.pad(x, (l, r), mode="edge") if (l or r) else x
    n = (len(xp) - K) // stride + 1
    return np.array([np.dot(xp[i * stride:i * stride + K], w) for i in range(max(n, 0))])


# divides each window's result by the kernel length ("average")
@student("wrong-values")
def f18_mean_version(x, w, stride=1, padding="valid"):
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    K = len(w)
    l, r = _pad_amounts(len(x), K, stride, padding)
    xp = np.pad(x, (l, r))
    n = (len(xp) - K) // stride + 1
    out = np.zeros(max(n, 0))
    for i in range(max(n, 0)):
        out[i] = np.mean(xp[i * stride:i * stride + K] * w)
    return out


@student(None)
def f19_toeplitz(x, w, stride=1, padding="valid"):
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    L, K = x.size, w.size
    a, b = _pad_amounts(L, K, stride, padding)
    xp = np.zeros(L + a + b)
    xp[a:a + L] = x
    n = (xp.size - K) // stride + 1
    if n < 1:
        raise ValueError("kernel longer than padded input")
    M = np.zeros((n, xp.size))
    for i in range(n):
        M[i, i * stride:i * stride + K] = w
    return M @ xp


# builds the output by inserting each new value at the front of the list
@student("outputs-reversed")
def f20_list_builder(x, w, stride=1, padding="valid"):
    x = list(np.asarray(x, dtype=float))
    w = list(np.asarray(w, dtype=float))
    K = len(w)
    l, r = _pad_amounts(len(x), K, stride, padding)
    xp = [0.0] * l + x + [0.0] * r
    res = []
    pos = 0
    while pos + K <= len(xp):
        res.insert(0, sum(a * b for a, b in zip(xp[pos:pos + K], w)))
        pos += stride
    return np.array(res)


# ReLU applied at the end ("a conv layer has an activation")
@student("activation-applied")
def f21_layer_style(x, w, stride=1, padding="valid"):
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    K = len(w)
    l, r = _pad_amounts(len(x), K, stride, padding)
    xp = np.pad(x, (l, r))
    n = (len(xp) - K) // stride + 1
    z = np.array([xp[i * stride:i * stride + K] @ w for i in range(max(n, 0))])
    return np.maximum(z, 0)


# multiplies the window sum by the kernel sum instead of summing products
@student("sum-of-products")
def f22_two_sums(x, w, stride=1, padding="valid"):
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    K = len(w)
    l, r = _pad_amounts(len(x), K, stride, padding)
    xp = np.pad(x, (l, r))
    n = (len(xp) - K) // stride + 1
    w_total = np.sum(w)
    return np.array([np.sum(xp[i * stride:i * stride + K]) * w_total for i in range(max(n, 0))])


# mutable default list used as the output buffer: it keeps growing across calls
@student("stateful")
def f23_reusable_list(x, w, stride=1, padding="valid", out=[]):
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    K = len(w)
    l, r = _pad_amounts(len(x), K, stride, padding)
    xp = np.pad(x, (l, r))
    for i in range(0, len(xp) - K + 1, stride):
        out.append(float(np.dot(xp[i:i + K], w)))
    return np.array(out)


@student(None)
def f24_im2col(x, w, stride=1, padding="valid"):
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    K = len(w)
    pl, pr = _pad_amounts(len(x), K, stride, padding)
    xp = np.pad(x, (pl, pr))
    n = (len(xp) - K) // stride + 1
    if n <= 0:
        return np.zeros(0)
    idx = np.arange(K)[None, :] + stride * np.arange(n)[:, None]
    cols = xp[idx]              # (n, K)
    return cols.dot(w)


# 'same' split: puts the odd extra zero on the left (ceil on the left)
@student("padding-side")
def f25_split_rounding(x, w, stride=1, padding="valid"):
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    L, K = len(x), len(w)
    if padding == "same":
        out_len = math.ceil(L / stride)
        total = max((out_len - 1) * stride + K - L, 0)
        left = math.ceil(total / 2)
        right = total - left
    elif padding == "valid":
        left = right = 0
    else:
        left = right = int(padding)
    xp = np.pad(x, (left, right))
    n = (len(xp) - K) // stride + 1
    return np.array([np.dot(xp[i * stride:i * stride + K], w) for i in range(max(n, 0))])


# 'same' uses the stride-1 total padding K-1 at every stride
@student("same-stride")
def f26_pytorch_like(x, w, stride=1, padding="valid"):
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    K = len(w)
    if padding == "same":
        total = K - 1
        pl, pr = total // 2, total - total // 2
    elif padding == "valid":
        pl = pr = 0
    else:
        pl = pr = padding
    xp = np.pad(x, (pl, pr))
    n = (len(xp) - K) // stride + 1
    out = np.empty(max(n, 0))
    for i in range(max(n, 0)):
        out[i] = xp[i * stride:i * stride + K] @ w
    return out


# stores int(total) "so the numbers print cleanly"
@student("dtype-truncation")
def f27_clean_print(x, w, stride=1, padding="valid"):
    L, K = len(x), len(w)
    l, r = _pad_amounts(L, K, stride, padding)
    xp = [0] * l + list(x) + [0] * r
    res = []
    for i in range(0, len(xp) - K + 1, stride):
        total = 0
        for k in range(K):
            total += xp[i + k] * w[k]
        res.append(int(total))
    return res


# integer inputs processed in int16 "to save memory"
@student("integer-overflow")
def f28_memory_saver(x, w, stride=1, padding="valid"):
    x = np.asarray(x)
    w = np.asarray(w)
    if x.dtype.kind in "iu" and w.dtype.kind in "iu":
        x = x.astype(np.int16)
        w = w.astype(np.int16)
    K = len(w)
    l, r = _pad_amounts(len(x), K, stride, padding)
    xp = np.pad(x, (l, r))
    n = (len(xp) - K) // stride + 1
    out = np.zeros(max(n, 0), dtype=np.result_type(xp, w))
    for i in range(max(n, 0)):
        out[i] = np.sum(xp[i * stride:i * stride + K] * w, dtype=out.dtype)
    return out


# if the kernel is longer than the (padded) signal, swaps the two "so it fits"
@student("kernel-too-long-silent")
def f29_robust_version(x, w, stride=1, padding="valid"):
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    l, r = _pad_amounts(len(x), len(w), stride, padding)
    sig = np.pad(x, (l, r))
    ker = w
    if len(ker) > len(sig):
        sig, ker = ker, sig
    K = len(ker)
    n = (len(sig) - K) // stride + 1
    return np.array([np.dot(sig[i * stride:i * stride + K], ker) for i in range(n)])


# computes in place into x's own memory when no padding is needed
@student("modifies-input", also=("dtype-truncation",))
def f30_no_extra_memory(x, w, stride=1, padding="valid"):
    w = np.asarray(w)
    K = len(w)
    l, r = _pad_amounts(len(x), K, stride, padding)
    buf = x if (l == 0 and r == 0) else np.pad(x, (l, r))
    n = (len(buf) - K) // stride + 1
    for i in range(max(n, 0)):
        # window i starts at i*stride >= i, so buf[i] is no longer needed
        buf[i] = np.dot(buf[i * stride:i * stride + K], w)
    return np.array(buf[:max(n, 0)], dtype=float)


# sum started from the first sample of the window instead of 0
@student("accumulator-not-reset")
def f31_sum_init(x, w, stride=1, padding="valid"):
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    K = len(w)
    l, r = _pad_amounts(len(x), K, stride, padding)
    xp = np.pad(x, (l, r))
    n = (len(xp) - K) // stride + 1
    out = np.zeros(max(n, 0))
    for i in range(max(n, 0)):
        start = i * stride
        s = xp[start]
        for k in range(K):
            s += xp[start + k] * w[k]
        out[i] = s
    return out


# adds a bias of 1 that nobody asked for
@student("wrong-values")
def f32_layer_like(x, w, stride=1, padding="valid"):
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    K = len(w)
    b = 1.0
    l, r = _pad_amounts(len(x), K, stride, padding)
    xp = np.pad(x, (l, r))
    n = (len(xp) - K) // stride + 1
    return np.array([np.dot(xp[i * stride:i * stride + K], w) + b for i in range(max(n, 0))])


@student(None)
def f33_correlate_builtin(x, w, stride=1, padding="valid"):
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    pl, pr = _pad_amounts(len(x), len(w), stride, padding)
    xp = np.pad(x, (pl, pr))
    if len(w) > len(xp):
        return np.array([])
    # np.correlate does not flip the second argument
    return np.correlate(xp, w, mode="valid")[::stride]


# normalises the kernel to sum to 1 first
@student("wrong-values")
def f34_kernel_prep(x, w, stride=1, padding="valid"):
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    s = w.sum()
    if s != 0:
        w = w / s
    K = len(w)
    l, r = _pad_amounts(len(x), K, stride, padding)
    xp = np.pad(x, (l, r))
    n = (len(xp) - K) // stride + 1
    return np.array([xp[i * stride:i * stride + K] @ w for i in range(max(n, 0))])


# takes the max of the products (mixed up with max pooling)
@student("wrong-values")
def f35_products_reduced(x, w, stride=1, padding="valid"):
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    K = len(w)
    l, r = _pad_amounts(len(x), K, stride, padding)
    xp = np.pad(x, (l, r))
    n = (len(xp) - K) // stride + 1
    return np.array([np.max(xp[i * stride:i * stride + K] * w) for i in range(max(n, 0))])


# loops over k in steps of 2
@student("wrong-values", also=("tap-skipped",))
def f36_inner_step(x, w, stride=1, padding="valid"):
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    K = len(w)
    l, r = _pad_amounts(len(x), K, stride, padding)
    xp = np.pad(x, (l, r))
    n = (len(xp) - K) // stride + 1
    out = np.zeros(max(n, 0))
    for i in range(max(n, 0)):
        for k in range(0, K, 2):
            out[i] += xp[i * stride + k] * w[k]
    return out


# clips results into the 0..255 "pixel" range
@student("wrong-values")
def f37_pixel_student(x, w, stride=1, padding="valid"):
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    K = len(w)
    l, r = _pad_amounts(len(x), K, stride, padding)
    xp = np.pad(x, (l, r))
    n = (len(xp) - K) // stride + 1
    y = np.array([np.dot(xp[i * stride:i * stride + K], w) for i in range(max(n, 0))])
    return np.clip(y, 0, 255)


# output length computed from the unpadded length, then slid over the padded x
@student("wrong-values", also=("last-window-skipped",))
def f38_size_first(x, w, stride=1, padding="valid"):
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    L, K = len(x), len(w)
    n = (L - K) // stride + 1
    l, r = _pad_amounts(L, K, stride, padding)
    xp = np.pad(x, (l, r))
    out = np.zeros(max(n, 0))
    for i in range(max(n, 0)):
        out[i] = np.dot(xp[i * stride:i * stride + K], w)
    return out


# window step uses the kernel length (non-overlapping windows) instead of stride
@student("wrong-values", also=("stride-ignored",))
def f39_chunked(x, w, stride=1, padding="valid"):
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    K = len(w)
    l, r = _pad_amounts(len(x), K, stride, padding)
    xp = np.pad(x, (l, r))
    n = (len(xp) - K) // stride + 1
    out = np.zeros(max(n, 0))
    for i in range(max(n, 0)):
        seg = xp[i * K:i * K + K]
        out[i] = np.dot(seg, w[:len(seg)])
    return out


# subtracts the window mean first (normalised cross-correlation from a signals course)
@student("wrong-values")
def f40_signal_course(x, w, stride=1, padding="valid"):
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    K = len(w)
    l, r = _pad_amounts(len(x), K, stride, padding)
    xp = np.pad(x, (l, r))
    n = (len(xp) - K) // stride + 1
    res = []
    for i in range(max(n, 0)):
        seg = xp[i * stride:i * stride + K]
        res.append(np.dot(seg - seg.mean(), w))
    return np.array(res)


# prints the result and forgets to return it
@student("invalid-output")
def f41_notebook_style(x, w, stride=1, padding="valid"):
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    K = len(w)
    l, r = _pad_amounts(len(x), K, stride, padding)
    xp = np.pad(x, (l, r))
    out = [np.dot(xp[i:i + K], w) for i in range(0, len(xp) - K + 1, stride)]
    print("conv output:", out)


# looks padding up in a dict: any integer padding raises KeyError
@student("invalid-output")
def f42_lookup_table(x, w, stride=1, padding="valid"):
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    K = len(w)
    L = len(x)
    table = {"valid": (0, 0), "same": _same_pads(L, K, stride)}
    l, r = table[padding]
    xp = np.pad(x, (l, r))
    n = (len(xp) - K) // stride + 1
    return np.array([np.dot(xp[i * stride:i * stride + K], w) for i in range(max(n, 0))])


# returns a generator expression instead of a list/array
@student("invalid-output")
def f43_one_liner(x, w, stride=1, padding="valid"):
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    K = len(w)
    l, r = _pad_amounts(len(x), K, stride, padding)
    xp = np.pad(x, (l, r))
    return (float(np.dot(xp[i:i + K], w)) for i in range(0, len(xp) - K + 1, stride))


@student(None)
def f44_strided_einsum(x, w, stride=1, padding="valid"):
    from numpy.lib.stride_tricks import as_strided
    x = np.ascontiguousarray(x, dtype=np.float64)
    w = np.asarray(w, dtype=np.float64)
    K = w.shape[0]
    l, r = _pad_amounts(x.shape[0], K, stride, padding)
    xp = np.zeros(x.shape[0] + l + r)
    xp[l:l + x.shape[0]] = x
    n = (xp.shape[0] - K) // stride + 1
    if n <= 0:
        return np.zeros(0)
    step = xp.strides[0]
    windows = as_strided(xp, shape=(n, K), strides=(stride * step, step), writeable=False)
    return np.einsum("nk,k->n", windows, w)


# range end written as len - K, dropping the last start position
@student("last-window-skipped")
def f45_range_loop(x, w, stride=1, padding="valid"):
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    K = len(w)
    l, r = _pad_amounts(len(x), K, stride, padding)
    xp = np.pad(x, (l, r))
    vals = []
    for start in range(0, len(xp) - K, stride):
        vals.append(np.dot(xp[start:start + K], w))
    return np.array(vals)


# range end "+ 2 because range excludes the end"; zip silently shortens the last window
@student("extra-window", also=("kernel-too-long-silent",))
def f46_zip_pairs(x, w, stride=1, padding="valid"):
    L, K = len(x), len(w)
    l, r = _pad_amounts(L, K, stride, padding)
    xp = [0.0] * l + [float(v) for v in x] + [0.0] * r
    out = []
    for i in range(0, len(xp) - K + 2, stride):
        out.append(sum(a * b for a, b in zip(xp[i:i + K], w)))
    return np.array(out)


# output length with ceil instead of floor; windows running off the end are zero-filled
@student("extra-window", also=("kernel-too-long-silent",))
def f47_count_then_fill(x, w, stride=1, padding="valid"):
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    K = len(w)
    l, r = _pad_amounts(len(x), K, stride, padding)
    xp = np.pad(x, (l, r))
    n = math.ceil((len(xp) - K) / stride) + 1
    out = np.zeros(max(n, 0))
    for i in range(max(n, 0)):
        seg = xp[i * stride:i * stride + K]
        if len(seg) < K:
            seg = np.concatenate([seg, np.zeros(K - len(seg))])
        out[i] = seg @ w
    return out


# n computed with the stride, but window i starts at i (not i*stride)
@student("stride-ignored")
def f48_index_loop(x, w, stride=1, padding="valid"):
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    K = len(w)
    l, r = _pad_amounts(len(x), K, stride, padding)
    xp = np.pad(x, (l, r))
    n = (len(xp) - K) // stride + 1
    out = np.zeros(max(n, 0))
    for i in range(max(n, 0)):
        out[i] = np.dot(xp[i:i + K], w)
    return out


# textbook convolution formula: kernel index runs backwards
@student("kernel-flipped")
def f49_textbook_formula(x, w, stride=1, padding="valid"):
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    K = len(w)
    l, r = _pad_amounts(len(x), K, stride, padding)
    xp = np.pad(x, (l, r))
    n = (len(xp) - K) // stride + 1
    y = np.zeros(max(n, 0))
    for i in range(max(n, 0)):
        for k in range(K):
            y[i] += xp[i * stride + k] * w[K - 1 - k]
    return y


# handles 'same' but an integer padding is never applied
@student("missing-padding")
def f50_same_branch(x, w, stride=1, padding="valid"):
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    K = len(w)
    if padding == "same":
        l, r = _same_pads(len(x), K, stride)
        x = np.concatenate([np.zeros(l), x, np.zeros(r)])
    n = (len(x) - K) // stride + 1
    return np.array([x[i * stride:i * stride + K] @ w for i in range(max(n, 0))])


# 'same': pads K//2 on each side (fine for odd K at stride 1)
@student("same-even-kernel", also=("same-stride",))
def f51_symmetric_pad(x, w, stride=1, padding="valid"):
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    K = len(w)
    if padding == "same":
        p = K // 2
        xp = np.pad(x, (p, p))
    elif padding == "valid":
        xp = x
    else:
        xp = np.pad(x, (padding, padding))
    n = (len(xp) - K) // stride + 1
    return np.array([np.dot(xp[j * stride:j * stride + K], w) for j in range(max(n, 0))])


# 'same' pads centred on the kernel: left = K//2, right = K-1-K//2
@student("padding-side", also=("same-stride",))
def f52_centred_kernel(x, w, stride=1, padding="valid"):
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    K = len(w)
    if padding == "same":
        left = K // 2
        right = K - 1 - left
    elif padding == "valid":
        left = right = 0
    else:
        left = right = int(padding)
    xp = np.pad(x, (left, right))
    n = (len(xp) - K) // stride + 1
    return np.array([np.dot(xp[i * stride:i * stride + K], w) for i in range(max(n, 0))])


# 'same' total padding max(K - stride, 0): only the L % stride == 0 branch of the TF rule
@student("same-stride")
def f53_tf_doc_rule(x, w, stride=1, padding="valid"):
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    K = len(w)
    if padding == "same":
        pad_total = max(K - stride, 0)
        pl = pad_total // 2
        pr = pad_total - pl
    elif padding == "valid":
        pl = pr = 0
    else:
        pl = pr = padding
    xp = np.pad(x, (pl, pr))
    n = (len(xp) - K) // stride + 1
    return np.array([xp[i * stride:i * stride + K] @ w for i in range(max(n, 0))])


# integer inputs run through int8 arithmetic ("quantised inference" like TFLite)
@student("integer-overflow")
def f54_quantised(x, w, stride=1, padding="valid"):
    x = np.asarray(x)
    w = np.asarray(w)
    ints = x.dtype.kind == "i" and w.dtype.kind == "i"
    K = len(w)
    l, r = _pad_amounts(len(x), K, stride, padding)
    xp = np.pad(x, (l, r))
    n = (len(xp) - K) // stride + 1
    if ints:
        xp = xp.astype(np.int8)
        w = w.astype(np.int8)
        out = np.zeros(max(n, 0), dtype=np.int8)
    else:
        out = np.zeros(max(n, 0), dtype=np.float64)
    for i in range(max(n, 0)):
        out[i] = np.sum(xp[i * stride:i * stride + K] * w, dtype=out.dtype)
    return out


# circular padding: indexes x modulo L, so the left pad reads x[-1]
@student("wrap-around", also=("padding-not-zero",))
def f55_index_mod(x, w, stride=1, padding="valid"):
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    L, K = len(x), len(w)
    l, r = _pad_amounts(L, K, stride, padding)
    idx = np.arange(-l, L + r) % L
    xp = x[idx]
    n = (len(xp) - K) // stride + 1
    return np.array([np.dot(xp[i * stride:i * stride + K], w) for i in range(max(n, 0))])


# if no window fits, still returns one value (partial overlap)
@student("kernel-too-long-silent")
def f56_partial_overlap(x, w, stride=1, padding="valid"):
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    K = len(w)
    l, r = _pad_amounts(len(x), K, stride, padding)
    xp = np.pad(x, (l, r))
    n = max(1, (len(xp) - K) // stride + 1)
    out = np.zeros(n)
    for i in range(n):
        seg = xp[i * stride:i * stride + K]
        out[i] = np.dot(seg, w[:len(seg)])
    return out


# flips the caller's kernel in place so np.convolve gives a correlation
@student("modifies-input", also=("stateful", "kernel-flipped"))
def f57_reuse_convolve(x, w, stride=1, padding="valid"):
    x = np.asarray(x, dtype=float)
    l, r = _pad_amounts(len(x), len(w), stride, padding)
    xp = np.pad(x, (l, r))
    if len(w) > len(xp):
        return np.array([])
    w[:] = w[::-1]
    return np.convolve(xp, w, mode="valid")[::stride]


# drops the last tap (range(len(w) - 1))
@student("tap-skipped")
def f58_python_lists(x, w, stride=1, padding="valid"):
    L, K = len(x), len(w)
    l, r = _pad_amounts(L, K, stride, padding)
    xp = np.concatenate([np.zeros(l), np.asarray(x, dtype=float), np.zeros(r)])
    n = (len(xp) - K) // stride + 1
    out = []
    for i in range(max(n, 0)):
        s = 0.0
        for k in range(len(w) - 1):
            s += xp[i * stride + k] * w[k]
        out.append(s)
    return np.array(out)


# strides the padded signal, then slides a stride-1 window over it
@student("stride-subsampled")
def f59_strided_view_then_slide(x, w, stride=1, padding="valid"):
    from numpy.lib.stride_tricks import sliding_window_view
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    K = len(w)
    if padding == "same":
        l, r = _same_pads(len(x), K, stride)
    elif padding == "valid":
        l = r = 0
    else:
        l = r = padding
    xp = np.pad(x, (l, r))[::stride]
    if len(xp) < K:
        return np.zeros(0)
    return sliding_window_view(xp, K) @ w


# windows start one sample early (index i*stride - 1), negative index treated as 0
@student("window-offset")
def f60_guarded_index(x, w, stride=1, padding="valid"):
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    K = len(w)
    l, r = _pad_amounts(len(x), K, stride, padding)
    xp = np.pad(x, (l, r))
    n = (len(xp) - K) // stride + 1
    out = np.zeros(max(n, 0))
    for i in range(max(n, 0)):
        for k in range(K):
            j = i * stride - 1 + k
            if 0 <= j < len(xp):
                out[i] += xp[j] * w[k]
    return out


# pads by reflecting the signal (mode='reflect')
@student("padding-not-zero")
def f61_pad_then_slide(x, w, stride=1, padding="valid"):
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    K = len(w)
    l, r = _pad_amounts(len(x), K, stride, padding)
    xp = np.pad(x, (l, r), mode="reflect") if len(x) > 1 else np.pad(x, (l, r), mode="edge")
    n = (len(xp) - K) // stride + 1
    return np.array([np.dot(xp[i * stride:i * stride + K], w) for i in range(max(n, 0))])


# tanh applied to the output ("squash it like a neuron")
@student("activation-applied")
def f62_neuron_style(x, w, stride=1, padding="valid"):
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    K = len(w)
    l, r = _pad_amounts(len(x), K, stride, padding)
    xp = np.pad(x, (l, r))
    n = (len(xp) - K) // stride + 1
    return np.tanh(np.array([np.dot(xp[i * stride:i * stride + K], w) for i in range(max(n, 0))]))


_RESULT_CACHE = {}


# memoises results keyed on shapes and settings only, so new values give stale answers
@student("stateful")
def f63_memoised(x, w, stride=1, padding="valid"):
    key = (len(x), len(w), stride, padding)
    if key in _RESULT_CACHE:
        return _RESULT_CACHE[key].copy()
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    K = len(w)
    l, r = _pad_amounts(len(x), K, stride, padding)
    xp = np.pad(x, (l, r))
    n = (len(xp) - K) // stride + 1
    res = np.array([np.dot(xp[i * stride:i * stride + K], w) for i in range(max(n, 0))])
    _RESULT_CACHE[key] = res
    return res.copy()


@student(None)
def f64_float32_aware(x, w, stride=1, padding="valid"):
    x = np.asarray(x)
    w = np.asarray(w)
    out_dtype = np.float32 if (x.dtype == np.float32 and w.dtype == np.float32) else np.float64
    xd = x.astype(np.float64)
    wd = w.astype(np.float64)
    L, K = len(xd), len(wd)
    if padding == "same":
        n_out = -(-L // stride)
        pad_needed = max(0, (n_out - 1) * stride + K - L)
        pad_left = pad_needed // 2
        pad_right = pad_needed - pad_left
    elif padding == "valid":
        pad_left = pad_right = 0
    else:
        pad_left = pad_right = int(padding)
    xp = np.zeros(L + pad_left + pad_right)
    xp[pad_left:pad_left + L] = xd
    n = (len(xp) - K) // stride + 1
    out = np.zeros(max(n, 0))
    for t in range(max(n, 0)):
        out[t] = np.dot(xp[t * stride:t * stride + K], wd)
    return out.astype(out_dtype)


@student(None)
def f65_convolve_flipped(x, w, stride=1, padding="valid"):
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    L, K = len(x), len(w)
    if padding == "same":
        o = math.ceil(L / stride)
        t = max((o - 1) * stride + K - L, 0)
        x = np.pad(x, (t // 2, t - t // 2))
    elif padding != "valid":
        x = np.pad(x, int(padding))
    if K > len(x):
        raise ValueError("kernel does not fit")
    # convolution flips the kernel, so flip it back first
    return np.convolve(x, w[::-1], mode="valid")[::stride]


# ===========================================================================
# exercise "conv1d-channels": x (C_in, L), w (C_out, C_in, K)
# ===========================================================================

def _pad_channels(x, left, right):
    return np.pad(x, ((0, 0), (left, right)))


@student(None, exercise="conv1d-channels")
def f66_channel_loops(x, w, stride=1, padding="valid"):
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    C_in, L = x.shape
    C_out, _, K = w.shape
    l, r = _pad_amounts(L, K, stride, padding)
    xp = _pad_channels(x, l, r)
    n = (xp.shape[1] - K) // stride + 1
    out = np.zeros((C_out, max(n, 0)))
    for o in range(C_out):
        for t in range(max(n, 0)):
            acc = 0.0
            for c in range(C_in):
                for k in range(K):
                    acc += w[o, c, k] * xp[c, t * stride + k]
            out[o, t] = acc
    return out


# '=' instead of '+=' inside the channel loop: only the last channel survives
@student("channels-not-summed", exercise="conv1d-channels")
def f67_triple_loop(x, w, stride=1, padding="valid"):
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    C_in, L = x.shape
    C_out, _, K = w.shape
    l, r = _pad_amounts(L, K, stride, padding)
    xp = _pad_channels(x, l, r)
    n = (xp.shape[1] - K) // stride + 1
    out = np.zeros((C_out, max(n, 0)))
    for o in range(C_out):
        for c in range(C_in):
            for t in range(max(n, 0)):
                out[o, t] = np.dot(w[o, c], xp[c, t * stride:t * stride + K])
    return out


@student(None, exercise="conv1d-channels")
def f68_windows_einsum(x, w, stride=1, padding="valid"):
    from numpy.lib.stride_tricks import sliding_window_view
    x = np.asarray(x)
    w = np.asarray(w)
    K = w.shape[2]
    l, r = _pad_amounts(x.shape[1], K, stride, padding)
    xp = np.pad(x, ((0, 0), (l, r))).astype(float)
    win = sliding_window_view(xp, K, axis=1)[:, ::stride, :]     # (C_in, n, K)
    return np.einsum("ctk,ock->ot", win, w.astype(float))


# returns the result time-major (L_out, C_out), Keras channels-last style
@student("layout-swapped", exercise="conv1d-channels")
def f69_keras_habit(x, w, stride=1, padding="valid"):
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    C_in, L = x.shape
    C_out, _, K = w.shape
    l, r = _pad_amounts(L, K, stride, padding)
    xp = np.pad(x, ((0, 0), (l, r)))
    n = (xp.shape[1] - K) // stride + 1
    y = np.zeros((max(n, 0), C_out))
    for t in range(max(n, 0)):
        patch = xp[:, t * stride:t * stride + K]        # (C_in, K)
        for o in range(C_out):
            y[t, o] = np.sum(patch * w[o])
    return y


# treats w as (C_in, C_out, K) in the einsum subscripts
@student("layout-swapped", exercise="conv1d-channels", also=("invalid-output",))
def f70_einsum_version(x, w, stride=1, padding="valid"):
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    K = w.shape[-1]
    l, r = _pad_amounts(x.shape[1], K, stride, padding)
    xp = np.pad(x, ((0, 0), (l, r)))
    n = (xp.shape[1] - K) // stride + 1
    idx = stride * np.arange(max(n, 0))[:, None] + np.arange(K)[None, :]
    cols = xp[:, idx]                                     # (C_in, n, K)
    return np.einsum("ctk,cok->ot", cols, w)


@student(None, exercise="conv1d-channels")
def f71_im2col_matmul(x, w, stride=1, padding="valid"):
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    C_in, L = x.shape
    C_out, _, K = w.shape
    pl, pr = _pad_amounts(L, K, stride, padding)
    xp = np.zeros((C_in, L + pl + pr))
    xp[:, pl:pl + L] = x
    n = (xp.shape[1] - K) // stride + 1
    if n <= 0:
        return np.zeros((C_out, 0))
    cols = np.empty((C_in * K, n))
    for t in range(n):
        cols[:, t] = xp[:, t * stride:t * stride + K].reshape(-1)
    return w.reshape(C_out, C_in * K) @ cols


# per-channel np.convolve (true convolution) summed over channels
@student("kernel-flipped", exercise="conv1d-channels", also=("kernel-too-long-silent",))
def f72_per_pair_numpy(x, w, stride=1, padding="valid"):
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    C_in, L = x.shape
    C_out, _, K = w.shape
    l, r = _pad_amounts(L, K, stride, padding)
    xp = np.pad(x, ((0, 0), (l, r)))
    rows = []
    for o in range(C_out):
        acc = 0
        for c in range(C_in):
            acc = acc + np.convolve(xp[c], w[o, c], mode="valid")[::stride]
        rows.append(acc)
    return np.array(rows)


# depthwise mix-up: output channel o only looks at input channel o % C_in
@student("channels-not-summed", exercise="conv1d-channels")
def f73_filter_bank(x, w, stride=1, padding="valid"):
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    C_in, L = x.shape
    C_out, _, K = w.shape
    l, r = _pad_amounts(L, K, stride, padding)
    xp = np.pad(x, ((0, 0), (l, r)))
    n = (xp.shape[1] - K) // stride + 1
    out = np.zeros((C_out, max(n, 0)))
    for o in range(C_out):
        c = o % C_in
        for t in range(max(n, 0)):
            out[o, t] = xp[c, t * stride:t * stride + K] @ w[o, c]
    return out


# forgot the + 1 in the length formula (multi-channel version)
@student("last-window-skipped", exercise="conv1d-channels")
def f74_tensordot_loop(x, w, stride=1, padding="valid"):
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    C_in, L = x.shape
    C_out, _, K = w.shape
    l, r = _pad_amounts(L, K, stride, padding)
    xp = np.pad(x, ((0, 0), (l, r)))
    L_out = (xp.shape[1] - K) // stride
    out = np.zeros((C_out, max(L_out, 0)))
    for t in range(max(L_out, 0)):
        seg = xp[:, t * stride:t * stride + K]
        out[:, t] = np.tensordot(w, seg, axes=([1, 2], [0, 1]))
    return out


# accumulator reset per output channel but not per time step
@student("accumulator-not-reset", exercise="conv1d-channels")
def f75_four_loops(x, w, stride=1, padding="valid"):
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    C_in, L = x.shape
    C_out, _, K = w.shape
    l, r = _pad_amounts(L, K, stride, padding)
    xp = np.pad(x, ((0, 0), (l, r)))
    n = (xp.shape[1] - K) // stride + 1
    out = np.zeros((C_out, max(n, 0)))
    for o in range(C_out):
        acc = 0.0
        for t in range(max(n, 0)):
            for c in range(C_in):
                for k in range(K):
                    acc += w[o, c, k] * xp[c, t * stride + k]
            out[o, t] = acc
    return out


# output allocated with x's dtype: integer x truncates fractional products
@student("dtype-truncation", exercise="conv1d-channels")
def f76_sum_products(x, w, stride=1, padding="valid"):
    x = np.asarray(x)
    w = np.asarray(w)
    C_in, L = x.shape
    C_out, _, K = w.shape
    l, r = _pad_amounts(L, K, stride, padding)
    xp = np.pad(x, ((0, 0), (l, r)))
    n = (xp.shape[1] - K) // stride + 1
    out = np.zeros((C_out, max(n, 0)), dtype=x.dtype)
    for o in range(C_out):
        for t in range(max(n, 0)):
            out[o, t] = np.sum(w[o] * xp[:, t * stride:t * stride + K])
    return out


# 'same' in the multi-channel version puts the extra zero on the left
@student("padding-side", exercise="conv1d-channels")
def f77_einsum_per_step(x, w, stride=1, padding="valid"):
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    C_in, L = x.shape
    C_out, _, K = w.shape
    if padding == "same":
        n_out = -(-L // stride)
        total = max((n_out - 1) * stride + K - L, 0)
        right = total // 2
        left = total - right
    elif padding == "valid":
        left = right = 0
    else:
        left = right = padding
    xp = np.pad(x, ((0, 0), (left, right)))
    n = (xp.shape[1] - K) // stride + 1
    out = np.zeros((C_out, max(n, 0)))
    for t in range(max(n, 0)):
        out[:, t] = np.einsum("ock,ck->o", w, xp[:, t * stride:t * stride + K])
    return out


# stride never used in the channel version
@student("stride-ignored", exercise="conv1d-channels")
def f78_window_sum(x, w, stride=1, padding="valid"):
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    C_in, L = x.shape
    C_out, _, K = w.shape
    l, r = _pad_amounts(L, K, stride, padding)
    xp = np.pad(x, ((0, 0), (l, r)))
    n = xp.shape[1] - K + 1
    out = np.zeros((C_out, max(n, 0)))
    for o in range(C_out):
        for t in range(max(n, 0)):
            out[o, t] = np.sum(w[o] * xp[:, t:t + K])
    return out


# zero-pads only when padding is an int; 'same' silently treated as 'valid'
@student("missing-padding", exercise="conv1d-channels")
def f79_isinstance_check(x, w, stride=1, padding="valid"):
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    C_in, L = x.shape
    C_out, _, K = w.shape
    if isinstance(padding, int):
        x = np.pad(x, ((0, 0), (padding, padding)))
    n = (x.shape[1] - K) // stride + 1
    out = np.zeros((C_out, max(n, 0)))
    for o in range(C_out):
        for c in range(C_in):
            for t in range(max(n, 0)):
                out[o, t] += np.dot(w[o, c], x[c, t * stride:t * stride + K])
    return out
