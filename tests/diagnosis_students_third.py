"""Third independent set: learner implementations written from how students really err."""
import math
import numpy as np
STUDENTS = []  # (name, exercise, expected, alternatives, fn)


def student(expected, exercise="conv1d", also=()):
    def deco(fn):
        STUDENTS.append((fn.__name__, exercise, expected, tuple(also), fn))
        return fn
    return deco


def _same_pads(L, K, s):
    """Keras/TF 'same': ceil(L/s) outputs, odd extra zero on the right."""
    n_out = -(-L // s)
    total = max((n_out - 1) * s + K - L, 0)
    return total // 2, total - total // 2


def _pads_for(padding, L, K, s):
    if isinstance(padding, str):
        if padding == "same":
            return _same_pads(L, K, s)
        return 0, 0
    return int(padding), int(padding)


# =====================================================================
#  conv1d -- correct ones, different styles
# =====================================================================

@student(None)
def t01_plain_lists(x, w, stride=1, padding="valid"):
    x = [float(v) for v in x]
    w = [float(v) for v in w]
    L, K = len(x), len(w)
    if padding == "valid":
        left = right = 0
    elif padding == "same":
        n_out = math.ceil(L / stride)
        total = max((n_out - 1) * stride + K - L, 0)
        left = total // 2
        right = total - left          # TF puts the odd one on the right
    else:
        left = right = int(padding)
    xp = [0.0] * left + x + [0.0] * right
    n_out = (len(xp) - K) // stride + 1
    out = []
    for i in range(n_out):
        acc = 0.0
        for k in range(K):
            acc += xp[i * stride + k] * w[k]
        out.append(acc)
    return out


@student(None)
def t02_while_walker(x, w, stride=1, padding="valid"):
    sig = np.asarray(x, dtype=np.float64)
    ker = np.asarray(w, dtype=np.float64)
    K = ker.shape[0]
    if isinstance(padding, str):
        if padding.lower() == "same":
            pl, pr = _same_pads(sig.shape[0], K, stride)
        else:
            pl = pr = 0
    else:
        pl = pr = padding
    sig = np.concatenate([np.zeros(pl), sig, np.zeros(pr)])
    pos = 0
    res = []
    while pos + K <= len(sig):
        res.append(float(np.sum(sig[pos:pos + K] * ker)))
        pos += stride
    return np.array(res)


@student(None)
def t03_pad_then_slice(x, w, stride=1, padding="valid"):
    x = np.asarray(x)
    w = np.asarray(w)
    L, K = len(x), len(w)
    if padding == "same":
        out_len = int(np.ceil(L / stride))
        need = max((out_len - 1) * stride + K - L, 0)
        p = (need // 2, need - need // 2)
    elif padding == "valid":
        p = (0, 0)
    else:
        p = (padding, padding)
    xpad = np.pad(x.astype(float), p)
    n = (xpad.size - K) // stride + 1
    y = np.zeros(max(n, 0))
    for t in range(n):
        y[t] = xpad[t * stride: t * stride + K] @ w
    return y


@student(None)
def t04_fancy_index(x, w, stride=1, padding="valid"):
    x = np.asarray(x)
    w = np.asarray(w)
    pl, pr = _pads_for(padding, len(x), len(w), stride)
    xp = np.concatenate([np.zeros(pl), x, np.zeros(pr)])
    n_out = (len(xp) - len(w)) // stride + 1
    if n_out <= 0:
        return np.array([])
    # row t holds the indices of window t
    idx = np.arange(n_out)[:, None] * stride + np.arange(len(w))[None, :]
    return xp[idx] @ w


@student(None)
def t05_window_view(x, w, stride=1, padding="valid"):
    from numpy.lib.stride_tricks import sliding_window_view
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    if padding == "same":
        left, right = _same_pads(x.size, w.size, stride)
    elif padding == "valid":
        left = right = 0
    else:
        left = right = padding
    xp = np.pad(x, (left, right), mode="constant", constant_values=0)
    windows = sliding_window_view(xp, w.size)[::stride]   # raises if w too long, fine
    return windows @ w


@student(None)
def t06_toeplitz_matrix(x, w, stride=1, padding="valid"):
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    K = len(w)
    a, b = _pads_for(padding, len(x), K, stride)
    xp = np.hstack((np.zeros(a), x, np.zeros(b)))
    rows = (len(xp) - K) // stride + 1
    if rows < 1:
        raise ValueError("kernel longer than padded input")
    M = np.zeros((rows, len(xp)))
    for r in range(rows):
        M[r, r * stride:r * stride + K] = w
    return M.dot(xp)


@student(None)
def t07_float32_result(x, w, stride=1, padding="valid"):
    # torch gives float32 so I return float32 too
    xs = np.asarray(x, dtype=np.float64)
    ws = np.asarray(w, dtype=np.float64)
    if padding == "same":
        lp, rp = _same_pads(len(xs), len(ws), stride)
    elif padding == "valid":
        lp = rp = 0
    else:
        lp = rp = int(padding)
    xs = np.pad(xs, (lp, rp))
    n = (len(xs) - len(ws)) // stride + 1
    out = [np.dot(xs[i * stride:i * stride + len(ws)], ws) for i in range(n)]
    return np.array(out, dtype=np.float32)


@student(None)
def t08_divide_and_conquer(x, w, stride=1, padding="valid"):
    xs = list(np.asarray(x, dtype=float))
    ws = list(np.asarray(w, dtype=float))
    pl, pr = _pads_for(padding, len(xs), len(ws), stride)
    xs = [0.0] * pl + xs + [0.0] * pr
    K = len(ws)
    n = (len(xs) - K) // stride + 1

    def solve(lo, hi):                      # outputs lo..hi-1
        if hi - lo <= 0:
            return []
        if hi - lo == 1:
            s = lo * stride
            return [sum(a * b for a, b in zip(xs[s:s + K], ws))]
        mid = (lo + hi) // 2
        return solve(lo, mid) + solve(mid, hi)

    return solve(0, n)


@student(None)
def t09_np_convolve_trick(x, w, stride=1, padding="valid"):
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    pl, pr = _pads_for(padding, len(x), len(w), stride)
    xp = np.pad(x, (pl, pr))
    if len(w) > len(xp):
        return np.array([])            # nothing fits
    # np.convolve flips the second argument, so pre-flip it to get correlation
    full = np.convolve(xp, w[::-1], mode="valid")
    return full[::stride]


@student(None)
def t10_comprehension(x, w, stride=1, padding="valid"):
    w = [float(v) for v in w]
    x = [float(v) for v in x]
    K = len(w)
    if isinstance(padding, int):
        lo = hi = padding
    elif padding == "same":
        L = len(x)
        tot = max((-(-L // stride) - 1) * stride + K - L, 0)
        lo, hi = tot // 2, tot - tot // 2
    else:
        lo = hi = 0
    z = [0.0] * lo + x + [0.0] * hi
    return [sum(z[s + j] * w[j] for j in range(K))
            for s in range(0, len(z) - K + 1, stride)]


# =====================================================================
#  conv1d -- flawed ones
# =====================================================================

# range(0, len(xp) - K, stride): forgot the +1 on the range end
@student("last-window-skipped")
def t11_range_end(x, w, stride=1, padding="valid"):
    K = len(w)
    if padding == "same":
        pl, pr = _same_pads(len(x), K, stride)
    elif padding == "valid":
        pl = pr = 0
    else:
        pl = pr = padding
    xp = np.concatenate([np.zeros(pl), np.asarray(x, dtype=float), np.zeros(pr)])
    out = []
    for i in range(0, len(xp) - K, stride):
        out.append(np.dot(xp[i:i + K], w))
    return np.array(out)


# while-loop condition uses < instead of <= ("so we don't fall off the end")
@student("last-window-skipped")
def t12_strict_while(x, w, stride=1, padding="valid"):
    sig = list(map(float, x))
    kern = list(map(float, w))
    K = len(kern)
    pl, pr = _pads_for(padding, len(sig), K, stride)
    sig = [0.0] * pl + sig + [0.0] * pr
    res = []
    i = 0
    while i + K < len(sig):
        res.append(sum(sig[i + j] * kern[j] for j in range(K)))
        i += stride
    return res


# output length as ceil((L_pad - K)/stride): misses the +1 when it divides exactly
@student("last-window-skipped")
def t13_ceil_count(x, w, stride=1, padding="valid"):
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    a, b = _pads_for(padding, x.size, w.size, stride)
    xp = np.pad(x, (a, b))
    n_out = math.ceil((xp.size - w.size) / stride)
    y = np.empty(max(n_out, 0))
    for t in range(n_out):
        y[t] = np.sum(xp[t * stride:t * stride + w.size] * w)
    return y


# length ceil(...)+1; when the last window runs off the end the index check just skips taps
@student("extra-window", also=("kernel-too-long-silent",))
def t14_ceil_plus_one(x, w, stride=1, padding="valid"):
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    L, K = len(x), len(w)
    pl, pr = _pads_for(padding, L, K, stride)
    xp = np.concatenate((np.zeros(pl), x, np.zeros(pr)))
    n_out = math.ceil((len(xp) - K) / stride) + 1
    out = np.zeros(max(n_out, 0))
    for i in range(n_out):
        for k in range(K):
            j = i * stride + k
            if j < len(xp):            # got IndexError at the end, so guard it
                out[i] += xp[j] * w[k]
    return out


# range end len - K + 2 ("range excludes the end so add one more"), IndexError swallowed
@student("extra-window", also=("kernel-too-long-silent",))
def t15_loop_one_more(x, w, stride=1, padding="valid"):
    data = [float(v) for v in x]
    kernel = [float(v) for v in w]
    K = len(kernel)
    pl, pr = _pads_for(padding, len(data), K, stride)
    data = [0.0] * pl + data + [0.0] * pr
    output = []
    for start in range(0, len(data) - K + 2, stride):
        total = 0.0
        for k in range(K):
            try:
                total += data[start + k] * kernel[k]
            except IndexError:
                pass
        output.append(total)
    return output


# right number of outputs, but window t starts at t (stride only used in the length)
@student("stride-ignored")
def t16_count_only(x, w, stride=1, padding="valid"):
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    K = len(w)
    if padding == "same":
        l, r = _same_pads(len(x), K, stride)
    elif padding == "valid":
        l = r = 0
    else:
        l = r = padding
    xp = np.pad(x, (l, r))
    n_out = (len(xp) - K) // stride + 1
    y = np.zeros(max(n_out, 0))
    for t in range(n_out):
        y[t] = xp[t:t + K] @ w
    return y


# stride parameter accepted but never used anywhere
@student("stride-ignored")
def t17_every_position(x, w, stride=1, padding="valid"):
    sig = np.asarray(x, dtype=float)
    k = np.asarray(w, dtype=float)
    pl, pr = _pads_for(padding, len(sig), len(k), stride)
    sig = np.pad(sig, (pl, pr))
    return np.array([np.dot(sig[i:i + len(k)], k) for i in range(len(sig) - len(k) + 1)])


# uses np.convolve directly (signals-course convolution, kernel gets flipped)
@student("kernel-flipped")
def t18_numpy_convolve(x, w, stride=1, padding="valid"):
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    pl, pr = _pads_for(padding, len(x), len(w), stride)
    xp = np.pad(x, (pl, pr))
    if len(w) > len(xp):
        return np.array([])
    return np.convolve(xp, w, mode="valid")[::stride]


# textbook formula y[n] = sum x[n+k] h[K-1-k]
@student("kernel-flipped")
def t19_textbook_formula(x, w, stride=1, padding="valid"):
    h = [float(v) for v in w]
    K = len(h)
    pl, pr = _pads_for(padding, len(x), K, stride)
    xx = [0.0] * pl + [float(v) for v in x] + [0.0] * pr
    y = []
    for n in range(0, len(xx) - K + 1, stride):
        s = 0.0
        for k in range(K):
            s += xx[n + k] * h[K - 1 - k]
        y.append(s)
    return y


# padding argument ignored altogether, always 'valid'
@student("missing-padding")
def t20_no_pad_at_all(x, w, stride=1, padding="valid"):
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    n_out = (len(x) - len(w)) // stride + 1
    return np.array([x[i * stride:i * stride + len(w)] @ w for i in range(n_out)])


# handles 'same' but an integer padding falls through unpadded
@student("missing-padding")
def t21_int_padding_todo(x, w, stride=1, padding="valid"):
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    if padding == "same":
        L, K = len(x), len(w)
        n_out = -(-L // stride)
        total = max((n_out - 1) * stride + K - L, 0)
        x = np.concatenate([np.zeros(total // 2), x, np.zeros(total - total // 2)])
    # TODO numeric padding
    res = []
    for i in range(0, len(x) - len(w) + 1, stride):
        res.append(float(np.dot(x[i:i + len(w)], w)))
    return np.array(res)


# 'same' as (K-1)//2 zeros on each side, for every stride
@student("same-even-kernel", also=("same-stride",))
def t22_half_kernel_each_side(x, w, stride=1, padding="valid"):
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    K = len(w)
    if padding == "same":
        p = (K - 1) // 2
        x = np.pad(x, (p, p))
    elif padding != "valid":
        x = np.pad(x, (padding, padding))
    n_out = (len(x) - K) // stride + 1
    return np.array([np.dot(x[i * stride:i * stride + K], w) for i in range(max(n_out, 0))])


# 'same' as K//2 zeros on each side ("pad = kernel_size // 2")
@student("same-even-kernel", also=("same-stride",))
def t23_k_over_two(x, w, stride=1, padding="valid"):
    vals = [float(v) for v in x]
    ker = [float(v) for v in w]
    K = len(ker)
    if padding == "same":
        pad = K // 2
    elif padding == "valid":
        pad = 0
    else:
        pad = padding
    vals = [0.0] * pad + vals + [0.0] * pad
    return [sum(vals[s + k] * ker[k] for k in range(K))
            for s in range(0, len(vals) - K + 1, stride)]


# correct total for 'same' but the odd extra zero put on the left
@student("padding-side")
def t24_extra_zero_front(x, w, stride=1, padding="valid"):
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    L, K = len(x), len(w)
    if padding == "same":
        n_out = math.ceil(L / stride)
        total = max((n_out - 1) * stride + K - L, 0)
        right = total // 2
        left = total - right
    elif padding == "valid":
        left = right = 0
    else:
        left = right = padding
    xp = np.pad(x, (left, right))
    n = (len(xp) - K) // stride + 1
    return np.array([xp[i * stride:i * stride + K] @ w for i in range(n)])


# left = ceil(total/2), right = floor(total/2)
@student("padding-side")
def t25_ceil_half_left(x, w, stride=1, padding="valid"):
    sig = [float(v) for v in x]
    K = len(w)
    if padding == "same":
        out_len = math.ceil(len(sig) / stride)
        total = max((out_len - 1) * stride + K - len(sig), 0)
        before, after = math.ceil(total / 2), total // 2
    elif padding == "valid":
        before = after = 0
    else:
        before = after = padding
    sig = [0.0] * before + sig + [0.0] * after
    out = []
    for t in range(0, len(sig) - K + 1, stride):
        out.append(sum(sig[t + i] * float(w[i]) for i in range(K)))
    return out


# 'same' padded like the stride-1 case (K-1 zeros, PyTorch style) even at stride > 1
@student("same-stride")
def t26_stride_one_same(x, w, stride=1, padding="valid"):
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    K = len(w)
    if padding == "same":
        total = K - 1
        pads = (total // 2, total - total // 2)
    elif padding == "valid":
        pads = (0, 0)
    else:
        pads = (padding, padding)
    xp = np.pad(x, pads)
    n_out = (len(xp) - K) // stride + 1
    return np.array([np.dot(xp[t * stride:t * stride + K], w) for t in range(n_out)])


# right padding for 'same', but output count L // stride instead of ceil
@student("same-stride")
def t27_floor_count(x, w, stride=1, padding="valid"):
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    L, K = len(x), len(w)
    if padding == "same":
        pl, pr = _same_pads(L, K, stride)
        n_out = L // stride
    else:
        p = 0 if padding == "valid" else padding
        pl = pr = p
        n_out = (L + 2 * p - K) // stride + 1
    xp = np.pad(x, (pl, pr))
    out = np.zeros(max(n_out, 0))
    for i in range(n_out):
        out[i] = np.dot(xp[i * stride:i * stride + K], w)
    return out


# output buffer created with the input's dtype ("keep the same type as x")
@student("dtype-truncation")
def t28_buffer_like_input(x, w, stride=1, padding="valid"):
    x = np.asarray(x)
    w = np.asarray(w)
    pl, pr = _pads_for(padding, len(x), len(w), stride)
    xp = np.pad(x, (pl, pr))
    n_out = (len(xp) - len(w)) // stride + 1
    out = np.zeros(max(n_out, 0), dtype=x.dtype)
    for i in range(n_out):
        out[i] = np.sum(xp[i * stride:i * stride + len(w)] * w)
    return out


# casts each result with int() so the output "looks like the input"
@student("dtype-truncation")
def t29_int_cast_each(x, w, stride=1, padding="valid"):
    xs = list(x)
    ws = list(w)
    K = len(ws)
    pl, pr = _pads_for(padding, len(xs), K, stride)
    xs = [0] * pl + xs + [0] * pr
    result = []
    for i in range(0, len(xs) - K + 1, stride):
        acc = 0
        for j in range(K):
            acc += xs[i + j] * ws[j]
        result.append(int(acc))
    return result


# integer inputs converted to int16 "to save memory"
@student("integer-overflow")
def t30_small_int_storage(x, w, stride=1, padding="valid"):
    x = np.asarray(x)
    w = np.asarray(w)
    if x.dtype.kind == "i":
        x = x.astype(np.int16)
    if w.dtype.kind == "i":
        w = w.astype(np.int16)
    pl, pr = _pads_for(padding, len(x), len(w), stride)
    xp = np.pad(x, (pl, pr))
    n = (len(xp) - len(w)) // stride + 1
    return np.array([np.dot(xp[i * stride:i * stride + len(w)], w) for i in range(n)])


# integer signal treated as 8-bit pixels
@student("integer-overflow")
def t31_pixel_bytes(x, w, stride=1, padding="valid"):
    x = np.asarray(x)
    if np.issubdtype(x.dtype, np.integer):
        x = x.astype(np.uint8)          # pixel data
    w = np.asarray(w, dtype=float)
    pl, pr = _pads_for(padding, len(x), len(w), stride)
    xp = np.concatenate([np.zeros(pl, dtype=x.dtype), x, np.zeros(pr, dtype=x.dtype)])
    n = (len(xp) - len(w)) // stride + 1
    return np.array([float(np.dot(xp[i * stride:i * stride + len(w)], w)) for i in range(max(n, 0))])


# no padded copy: reads x[j - pad] and only checks the upper bound
@student("wrap-around")
def t32_index_no_copy(x, w, stride=1, padding="valid"):
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    L, K = len(x), len(w)
    pl, pr = _pads_for(padding, L, K, stride)
    n_out = (L + pl + pr - K) // stride + 1
    out = np.zeros(max(n_out, 0))
    for t in range(n_out):
        for k in range(K):
            j = t * stride + k - pl
            if j < L:
                out[t] += x[j] * w[k]
    return out


# np.convolve without checking sizes: numpy swaps the arguments when w is longer
@student("kernel-too-long-silent", also=("kernel-flipped",))
def t33_convolve_no_guard(x, w, stride=1, padding="valid"):
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    pl, pr = _pads_for(padding, len(x), len(w), stride)
    xp = np.pad(x, (pl, pr))
    return np.convolve(xp, w[::-1], mode="valid")[::stride]


# "always return at least one value": short window dotted with the first taps
@student("kernel-too-long-silent")
def t34_at_least_one(x, w, stride=1, padding="valid"):
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    pl, pr = _pads_for(padding, len(x), len(w), stride)
    xp = np.pad(x, (pl, pr))
    n_out = max(1, (len(xp) - len(w)) // stride + 1)
    out = []
    for i in range(n_out):
        seg = xp[i * stride:i * stride + len(w)]
        out.append(np.dot(seg, w[:len(seg)]))
    return np.array(out)


# reverses the kernel in place, then reads it back from the end
@student("modifies-input")
def t35_reverse_in_place(x, w, stride=1, padding="valid"):
    w = np.asarray(w)
    w[:] = w[::-1]                     # "convolution flips the kernel"
    K = len(w)
    x = np.asarray(x, dtype=float)
    pl, pr = _pads_for(padding, len(x), K, stride)
    xp = np.pad(x, (pl, pr))
    n_out = (len(xp) - K) // stride + 1
    y = np.zeros(max(n_out, 0))
    for i in range(n_out):
        for k in range(K):
            y[i] += xp[i * stride + k] * w[K - 1 - k]   # ...but DL doesn't flip, so undo
    return y


# writes the outputs into the signal array to save memory
@student("modifies-input")
def t36_overwrite_buffer(x, w, stride=1, padding="valid"):
    buf = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    K = len(w)
    pl, pr = _pads_for(padding, len(buf), K, stride)
    if pl or pr:
        buf = np.concatenate([np.zeros(pl), buf, np.zeros(pr)])
    n_out = (len(buf) - K) // stride + 1
    for t in range(max(n_out, 0)):
        buf[t] = np.dot(buf[t * stride:t * stride + K], w)   # that slot is never read again
    return buf[:max(n_out, 0)].copy()


# the running sum lives outside the window loop
@student("accumulator-not-reset")
def t37_running_total(x, w, stride=1, padding="valid"):
    a = [float(v) for v in x]
    b = [float(v) for v in w]
    K = len(b)
    pl, pr = _pads_for(padding, len(a), K, stride)
    a = [0.0] * pl + a + [0.0] * pr
    out = []
    total = 0.0
    for s in range(0, len(a) - K + 1, stride):
        for k in range(K):
            total += a[s + k] * b[k]
        out.append(total)
    return out


# np.ones instead of np.zeros for the += buffer
@student("accumulator-not-reset")
def t38_ones_buffer(x, w, stride=1, padding="valid"):
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    K = len(w)
    pl, pr = _pads_for(padding, len(x), K, stride)
    xp = np.pad(x, (pl, pr))
    n_out = (len(xp) - K) // stride + 1
    out = np.ones(max(n_out, 0))
    for i in range(n_out):
        for k in range(K):
            out[i] += xp[i * stride + k] * w[k]
    return out


# inner loop range(K - 1)
@student("tap-skipped")
def t39_inner_range_short(x, w, stride=1, padding="valid"):
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    K = len(w)
    pl, pr = _pads_for(padding, len(x), K, stride)
    xp = np.pad(x, (pl, pr))
    n_out = (len(xp) - K) // stride + 1
    res = np.zeros(max(n_out, 0))
    for i in range(n_out):
        for k in range(K - 1):
            res[i] += xp[i * stride + k] * w[k]
    return res


# inner loop range(1, K) (1-based habit)
@student("tap-skipped")
def t40_taps_from_one(x, w, stride=1, padding="valid"):
    xv = [float(v) for v in x]
    wv = [float(v) for v in w]
    K = len(wv)
    pl, pr = _pads_for(padding, len(xv), K, stride)
    xv = [0.0] * pl + xv + [0.0] * pr
    ys = []
    for n in range(0, len(xv) - K + 1, stride):
        acc = 0.0
        for k in range(1, K):
            acc += xv[n + k] * wv[k]
        ys.append(acc)
    return ys


# stride done by downsampling x first, then a stride-1 correlation
@student("stride-subsampled")
def t41_downsample_first(x, w, stride=1, padding="valid"):
    x = np.asarray(x, dtype=float)[::stride]
    w = np.asarray(w, dtype=float)
    pl, pr = _pads_for(padding, len(x), len(w), 1)
    xp = np.pad(x, (pl, pr))
    n = len(xp) - len(w) + 1
    return np.array([xp[i:i + len(w)] @ w for i in range(max(n, 0))])


# pads, then keeps every stride-th sample and slides by one
@student("stride-subsampled")
def t42_pad_then_skip(x, w, stride=1, padding="valid"):
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    pl, pr = _pads_for(padding, len(x), len(w), stride)
    xp = np.pad(x, (pl, pr))
    xp = xp[::stride]
    out = []
    for i in range(len(xp) - len(w) + 1):
        out.append(float(np.sum(xp[i:i + len(w)] * w)))
    return np.array(out)


# MATLAB port: 1-based k in x(n+k), one zero appended after an index error
@student("window-offset")
def t43_matlab_port(x, w, stride=1, padding="valid"):
    x = np.asarray(x, dtype=float)
    h = np.asarray(w, dtype=float)
    K = len(h)
    pl, pr = _pads_for(padding, len(x), K, stride)
    xp = np.concatenate([np.zeros(pl), x, np.zeros(pr)])
    N = (len(xp) - K) // stride + 1
    xp = np.append(xp, 0.0)              # fixes "index out of bounds"
    y = np.zeros(max(N, 0))
    for n in range(1, N + 1):
        for k in range(1, K + 1):
            y[n - 1] += xp[(n - 1) * stride + k] * h[k - 1]
    return y


# window slice starts at start+1; short last window dotted with the taps it has
@student("window-offset")
def t44_slice_plus_one(x, w, stride=1, padding="valid"):
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    K = len(w)
    pl, pr = _pads_for(padding, len(x), K, stride)
    xp = np.pad(x, (pl, pr))
    n_out = (len(xp) - K) // stride + 1
    out = np.zeros(max(n_out, 0))
    for i in range(n_out):
        a = i * stride + 1
        seg = xp[a:a + K]
        out[i] = np.dot(seg, w[:len(seg)])
    return out


# "centres" the window one sample early: x[start - 1 + k]
@student("window-offset", also=("wrap-around",))
def t45_start_minus_one(x, w, stride=1, padding="valid"):
    xs = [float(v) for v in x]
    ws = [float(v) for v in w]
    K = len(ws)
    pl, pr = _pads_for(padding, len(xs), K, stride)
    xs = [0.0] * pl + xs + [0.0] * pr
    n_out = (len(xs) - K) // stride + 1
    out = []
    for t in range(n_out):
        s = 0.0
        for k in range(K):
            s += xs[t * stride - 1 + k] * ws[k]
        out.append(s)
    return out


# np.pad with mode='edge' (repeats the border sample)
@student("padding-not-zero")
def t46_edge_pad(x, w, stride=1, padding="valid"):
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    pl, pr = _pads_for(padding, len(x), len(w), stride)
    xp = np.pad(x, (pl, pr), mode="edge")
    n_out = (len(xp) - len(w)) // stride + 1
    return np.array([xp[i * stride:i * stride + len(w)] @ w for i in range(max(n_out, 0))])


# mirrors the signal at the borders "so the edges are not dark"
@student("padding-not-zero")
def t47_mirror_pad(x, w, stride=1, padding="valid"):
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    pl, pr = _pads_for(padding, len(x), len(w), stride)
    xp = np.pad(x, (pl, pr), mode="symmetric")
    n_out = (len(xp) - len(w)) // stride + 1
    y = np.zeros(max(n_out, 0))
    for i in range(n_out):
        y[i] = np.sum(xp[i * stride:i * stride + len(w)] * w)
    return y


# out.insert(0, value) instead of append
@student("outputs-reversed")
def t48_insert_front(x, w, stride=1, padding="valid"):
    sig = [float(v) for v in x]
    ker = [float(v) for v in w]
    K = len(ker)
    pl, pr = _pads_for(padding, len(sig), K, stride)
    sig = [0.0] * pl + sig + [0.0] * pr
    out = []
    for i in range(0, len(sig) - K + 1, stride):
        out.insert(0, sum(sig[i + k] * ker[k] for k in range(K)))
    return out


# fills the result from the back: res[n_out - 1 - t]
@student("outputs-reversed")
def t49_fill_from_back(x, w, stride=1, padding="valid"):
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    pl, pr = _pads_for(padding, len(x), len(w), stride)
    xp = np.pad(x, (pl, pr))
    n_out = (len(xp) - len(w)) // stride + 1
    res = np.zeros(max(n_out, 0))
    for t in range(n_out):
        res[n_out - 1 - t] = xp[t * stride:t * stride + len(w)] @ w
    return res


# applies ReLU "because a conv layer has an activation"
@student("activation-applied")
def t50_layer_output(x, w, stride=1, padding="valid"):
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    pl, pr = _pads_for(padding, len(x), len(w), stride)
    xp = np.pad(x, (pl, pr))
    n_out = (len(xp) - len(w)) // stride + 1
    z = np.array([xp[i * stride:i * stride + len(w)] @ w for i in range(max(n_out, 0))])
    return np.maximum(z, 0)


# squashes the result with a sigmoid
@student("activation-applied")
def t51_squashed(x, w, stride=1, padding="valid"):
    vals = [float(v) for v in x]
    K = len(w)
    pl, pr = _pads_for(padding, len(vals), K, stride)
    vals = [0.0] * pl + vals + [0.0] * pr
    out = []
    for s in range(0, len(vals) - K + 1, stride):
        z = sum(vals[s + k] * float(w[k]) for k in range(K))
        out.append(1.0 / (1.0 + math.exp(-z)) if z > -700 else 0.0)
    return out


# sum(window) * sum(kernel) instead of the elementwise products
@student("sum-of-products")
def t52_sums_multiplied(x, w, stride=1, padding="valid"):
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    pl, pr = _pads_for(padding, len(x), len(w), stride)
    xp = np.pad(x, (pl, pr))
    n_out = (len(xp) - len(w)) // stride + 1
    return np.array([np.sum(xp[i * stride:i * stride + len(w)]) * np.sum(w)
                     for i in range(max(n_out, 0))])


_t53_memo = {}


# memoises on the shapes and settings only, not on the values
@student("stateful")
def t53_memo_by_shape(x, w, stride=1, padding="valid"):
    key = (len(x), len(w), stride, str(padding))
    if key in _t53_memo:
        return _t53_memo[key]
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    pl, pr = _pads_for(padding, len(x), len(w), stride)
    xp = np.pad(x, (pl, pr))
    n_out = (len(xp) - len(w)) // stride + 1
    out = np.array([xp[i * stride:i * stride + len(w)] @ w for i in range(max(n_out, 0))])
    _t53_memo[key] = out
    return out


# mutable default list used as the output
@student("stateful")
def t54_default_list(x, w, stride=1, padding="valid", results=[]):
    xs = [float(v) for v in x]
    ws = [float(v) for v in w]
    K = len(ws)
    pl, pr = _pads_for(padding, len(xs), K, stride)
    xs = [0.0] * pl + xs + [0.0] * pr
    for s in range(0, len(xs) - K + 1, stride):
        results.append(sum(xs[s + k] * ws[k] for k in range(K)))
    return results


_t55_weights = None


# converts the weights once and keeps them in a global
@student("stateful")
def t55_weights_once(x, w, stride=1, padding="valid"):
    global _t55_weights
    if _t55_weights is None:
        _t55_weights = np.array(w, dtype=float)     # only convert once, it's slow
    w = _t55_weights
    x = np.asarray(x, dtype=float)
    K = len(w)
    pl, pr = _pads_for(padding, len(x), K, stride)
    xp = np.pad(x, (pl, pr))
    n_out = (len(xp) - K) // stride + 1
    return np.array([np.dot(xp[i * stride:i * stride + K], w) for i in range(max(n_out, 0))])


# averages the window (divides by K) like a moving average
@student("wrong-values")
def t56_window_mean(x, w, stride=1, padding="valid"):
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    pl, pr = _pads_for(padding, len(x), len(w), stride)
    xp = np.pad(x, (pl, pr))
    n_out = (len(xp) - len(w)) // stride + 1
    return np.array([np.mean(xp[i * stride:i * stride + len(w)] * w) for i in range(max(n_out, 0))])


# multiplies each output by the stride ("each output covers stride samples")
@student("wrong-values")
def t57_scaled_by_step(x, w, stride=1, padding="valid"):
    xs = [float(v) for v in x]
    ws = [float(v) for v in w]
    K = len(ws)
    pl, pr = _pads_for(padding, len(xs), K, stride)
    xs = [0.0] * pl + xs + [0.0] * pr
    return [stride * sum(xs[s + k] * ws[k] for k in range(K))
            for s in range(0, len(xs) - K + 1, stride)]


# adds the input back onto the output (skip connection)
@student("wrong-values")
def t58_skip_connection(x, w, stride=1, padding="valid"):
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    pl, pr = _pads_for(padding, len(x), len(w), stride)
    xp = np.pad(x, (pl, pr))
    n_out = (len(xp) - len(w)) // stride + 1
    y = np.array([xp[i * stride:i * stride + len(w)] @ w for i in range(max(n_out, 0))])
    m = min(len(y), len(x))
    y[:m] += x[:m]
    return y


# max of the products instead of their sum (mixed up with max-pooling)
@student("wrong-values")
def t59_max_of_products(x, w, stride=1, padding="valid"):
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    pl, pr = _pads_for(padding, len(x), len(w), stride)
    xp = np.pad(x, (pl, pr))
    n_out = (len(xp) - len(w)) // stride + 1
    return np.array([np.max(xp[i * stride:i * stride + len(w)] * w) for i in range(max(n_out, 0))])


# squares the weights (w*w where w was meant)
@student("wrong-values")
def t60_weight_squared(x, w, stride=1, padding="valid"):
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    pl, pr = _pads_for(padding, len(x), len(w), stride)
    xp = np.pad(x, (pl, pr))
    n_out = (len(xp) - len(w)) // stride + 1
    out = np.zeros(max(n_out, 0))
    for i in range(n_out):
        for k in range(len(w)):
            out[i] += xp[i * stride + k] * w[k] * w[k]
    return out


# uses the stride as a gap between taps (dilation) and slides by one
@student("wrong-values")
def t61_stride_between_taps(x, w, stride=1, padding="valid"):
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    K = len(w)
    pl, pr = _pads_for(padding, len(x), K, stride)
    xp = np.pad(x, (pl, pr))
    span = (K - 1) * stride + 1
    out = []
    for i in range(len(xp) - span + 1):
        out.append(sum(xp[i + k * stride] * w[k] for k in range(K)))
    return np.array(out)


# normalises the kernel to sum to one first
@student("wrong-values")
def t62_normalised_kernel(x, w, stride=1, padding="valid"):
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    s = np.sum(np.abs(w))
    if s != 0:
        w = w / s
    pl, pr = _pads_for(padding, len(x), len(w), stride)
    xp = np.pad(x, (pl, pr))
    n_out = (len(xp) - len(w)) // stride + 1
    return np.array([xp[i * stride:i * stride + len(w)] @ w for i in range(max(n_out, 0))])


# prints the result and forgets to return it
@student("invalid-output")
def t63_prints_result(x, w, stride=1, padding="valid"):
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    pl, pr = _pads_for(padding, len(x), len(w), stride)
    xp = np.pad(x, (pl, pr))
    n_out = (len(xp) - len(w)) // stride + 1
    out = [xp[i * stride:i * stride + len(w)] @ w for i in range(max(n_out, 0))]
    print("conv output:", out)


# list concatenation for padding works on lists but not on numpy arrays
@student("invalid-output")
def t64_list_concat_pad(x, w, stride=1, padding="valid"):
    K = len(w)
    pl, pr = _pads_for(padding, len(x), K, stride)
    x = [0] * pl + x + [0] * pr         # numpy arrays: this adds instead of concatenating
    out = []
    for i in range(0, len(x) - K + 1, stride):
        out.append(sum(x[i + k] * w[k] for k in range(K)))
    return out


# returns a generator expression instead of a list
@student("invalid-output")
def t65_lazy_generator(x, w, stride=1, padding="valid"):
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    pl, pr = _pads_for(padding, len(x), len(w), stride)
    xp = np.pad(x, (pl, pr))
    return (float(xp[s:s + len(w)] @ w) for s in range(0, len(xp) - len(w) + 1, stride))


# =====================================================================
#  conv1d-channels   x (C_in, L), w (C_out, C_in, K) -> (C_out, L_out)
# =====================================================================

def _ch_pad(x, padding, K, stride):
    C, L = x.shape
    pl, pr = _pads_for(padding, L, K, stride)
    return np.pad(x, ((0, 0), (pl, pr)))


@student(None, exercise="conv1d-channels")
def t66_channel_loops(x, w, stride=1, padding="valid"):
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    C_out, C_in, K = w.shape
    L = x.shape[1]
    if padding == "same":
        n = -(-L // stride)
        tot = max((n - 1) * stride + K - L, 0)
        pads = (tot // 2, tot - tot // 2)
    elif padding == "valid":
        pads = (0, 0)
    else:
        pads = (padding, padding)
    xp = np.pad(x, ((0, 0), pads))
    L_out = (xp.shape[1] - K) // stride + 1
    out = np.zeros((C_out, L_out))
    for o in range(C_out):
        for t in range(L_out):
            s = 0.0
            for c in range(C_in):
                for k in range(K):
                    s += w[o, c, k] * xp[c, t * stride + k]
            out[o, t] = s
    return out


@student(None, exercise="conv1d-channels")
def t67_einsum_windows(x, w, stride=1, padding="valid"):
    from numpy.lib.stride_tricks import sliding_window_view
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    xp = _ch_pad(x, padding, w.shape[2], stride)
    win = sliding_window_view(xp, w.shape[2], axis=1)[:, ::stride, :]   # (C_in, L_out, K)
    return np.einsum("ctk,ock->ot", win, w)


@student(None, exercise="conv1d-channels")
def t68_im2col(x, w, stride=1, padding="valid"):
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    F, C, K = w.shape
    xp = _ch_pad(x, padding, K, stride)
    L_out = (xp.shape[1] - K) // stride + 1
    if L_out <= 0:
        raise ValueError("kernel does not fit")
    cols = np.empty((C * K, L_out))
    for t in range(L_out):
        cols[:, t] = xp[:, t * stride:t * stride + K].reshape(-1)
    return w.reshape(F, C * K) @ cols


# only the first input channel is used
@student("channels-not-summed", exercise="conv1d-channels")
def t69_first_channel(x, w, stride=1, padding="valid"):
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    C_out, C_in, K = w.shape
    xp = _ch_pad(x, padding, K, stride)
    L_out = (xp.shape[1] - K) // stride + 1
    out = np.zeros((C_out, L_out))
    for o in range(C_out):
        for t in range(L_out):
            out[o, t] = np.dot(xp[0, t * stride:t * stride + K], w[o, 0])
    return out


# assigns inside the channel loop, so the last channel overwrites the rest
@student("channels-not-summed", exercise="conv1d-channels")
def t70_assign_per_channel(x, w, stride=1, padding="valid"):
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    C_out, C_in, K = w.shape
    xp = _ch_pad(x, padding, K, stride)
    L_out = (xp.shape[1] - K) // stride + 1
    y = np.zeros((C_out, L_out))
    for o in range(C_out):
        for c in range(C_in):
            for t in range(L_out):
                y[o, t] = np.sum(xp[c, t * stride:t * stride + K] * w[o, c])
    return y


# reshapes the weights to (C_in, C_out, K) instead of transposing
@student("layout-swapped", exercise="conv1d-channels")
def t71_weights_reshaped(x, w, stride=1, padding="valid"):
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    C_out, C_in, K = w.shape
    wt = w.reshape(C_in, C_out, K)       # want in-channel first
    xp = _ch_pad(x, padding, K, stride)
    L_out = (xp.shape[1] - K) // stride + 1
    out = np.zeros((C_out, L_out))
    for c in range(C_in):
        for o in range(C_out):
            for t in range(L_out):
                out[o, t] += xp[c, t * stride:t * stride + K] @ wt[c, o]
    return out


# builds (L_out, C_out) rows and reshapes to (C_out, L_out) instead of .T
@student("layout-swapped", exercise="conv1d-channels")
def t72_rows_reshaped(x, w, stride=1, padding="valid"):
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    C_out, C_in, K = w.shape
    xp = _ch_pad(x, padding, K, stride)
    L_out = (xp.shape[1] - K) // stride + 1
    rows = []
    for t in range(L_out):
        patch = xp[:, t * stride:t * stride + K]          # (C_in, K)
        rows.append([np.sum(patch * w[o]) for o in range(C_out)])
    return np.array(rows).reshape(C_out, L_out)


# reverses every kernel along K (convolution as in signals class)
@student("kernel-flipped", exercise="conv1d-channels")
def t73_kernels_reversed(x, w, stride=1, padding="valid"):
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)[:, :, ::-1]
    C_out, C_in, K = w.shape
    xp = _ch_pad(x, padding, K, stride)
    L_out = (xp.shape[1] - K) // stride + 1
    out = np.zeros((C_out, L_out))
    for o in range(C_out):
        for t in range(L_out):
            out[o, t] = np.sum(xp[:, t * stride:t * stride + K] * w[o])
    return out


# downsamples every channel by the stride and slides by one
@student("stride-subsampled", exercise="conv1d-channels")
def t74_channels_downsampled(x, w, stride=1, padding="valid"):
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    C_out, C_in, K = w.shape
    xp = _ch_pad(x, padding, K, stride)[:, ::stride]
    L_out = xp.shape[1] - K + 1
    out = np.zeros((C_out, L_out))
    for o in range(C_out):
        for t in range(L_out):
            out[o, t] = np.sum(xp[:, t:t + K] * w[o])
    return out


# accumulator set to zero once per output channel, not per position
@student("accumulator-not-reset", exercise="conv1d-channels")
def t75_acc_per_filter(x, w, stride=1, padding="valid"):
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    C_out, C_in, K = w.shape
    xp = _ch_pad(x, padding, K, stride)
    L_out = (xp.shape[1] - K) // stride + 1
    out = np.zeros((C_out, L_out))
    for o in range(C_out):
        acc = 0.0
        for t in range(L_out):
            for c in range(C_in):
                for k in range(K):
                    acc += w[o, c, k] * xp[c, t * stride + k]
            out[o, t] = acc
    return out


# reads x[c, j - pad] directly, guarding only j < L
@student("wrap-around", exercise="conv1d-channels")
def t76_channels_index_guard(x, w, stride=1, padding="valid"):
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    C_out, C_in, K = w.shape
    L = x.shape[1]
    pl, pr = _pads_for(padding, L, K, stride)
    L_out = (L + pl + pr - K) // stride + 1
    out = np.zeros((C_out, L_out))
    for o in range(C_out):
        for t in range(L_out):
            for c in range(C_in):
                for k in range(K):
                    j = t * stride + k - pl
                    if j < L:
                        out[o, t] += w[o, c, k] * x[c, j]
    return out


# averages over the input channels instead of summing
@student("wrong-values", exercise="conv1d-channels")
def t77_channel_mean(x, w, stride=1, padding="valid"):
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    C_out, C_in, K = w.shape
    xp = _ch_pad(x, padding, K, stride)
    L_out = (xp.shape[1] - K) // stride + 1
    out = np.zeros((C_out, L_out))
    for o in range(C_out):
        for t in range(L_out):
            out[o, t] = np.mean([xp[c, t * stride:t * stride + K] @ w[o, c] for c in range(C_in)])
    return out


# sum(patch) * sum(filter) per output
@student("sum-of-products", exercise="conv1d-channels")
def t78_patch_sum_times_filter_sum(x, w, stride=1, padding="valid"):
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    C_out, C_in, K = w.shape
    xp = _ch_pad(x, padding, K, stride)
    L_out = (xp.shape[1] - K) // stride + 1
    out = np.zeros((C_out, L_out))
    for o in range(C_out):
        for t in range(L_out):
            out[o, t] = xp[:, t * stride:t * stride + K].sum() * w[o].sum()
    return out


# np.pad(x, p) on the 2-D array pads the channel axis too
@student("wrong-values", exercise="conv1d-channels")
def t79_pad_both_axes(x, w, stride=1, padding="valid"):
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    C_out, C_in, K = w.shape
    L = x.shape[1]
    if padding == "same":
        n = -(-L // stride)
        tot = max((n - 1) * stride + K - L, 0)
        xp = np.pad(x, (tot // 2, tot - tot // 2))
    elif padding == "valid":
        xp = x
    else:
        xp = np.pad(x, padding)
    L_out = (xp.shape[1] - K) // stride + 1
    out = np.zeros((C_out, L_out))
    for o in range(C_out):
        for c in range(C_in):
            for t in range(L_out):
                out[o, t] += xp[c, t * stride:t * stride + K] @ w[o, c]
    return out


# integer padding ignored for the multi-channel version
@student("missing-padding", exercise="conv1d-channels")
def t80_channels_same_only(x, w, stride=1, padding="valid"):
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    C_out, C_in, K = w.shape
    if padding == "same":
        xp = _ch_pad(x, "same", K, stride)
    else:
        xp = x
    L_out = (xp.shape[1] - K) // stride + 1
    return np.array([[np.sum(xp[:, t * stride:t * stride + K] * w[o]) for t in range(L_out)]
                     for o in range(C_out)]).reshape(C_out, max(L_out, 0))
