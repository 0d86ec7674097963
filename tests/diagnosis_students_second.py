"""A second set of learner implementations, written apart from the first and from the catalog.

Each is tagged with the category a teaching assistant would name (None = correct code);
`also` lists the other answers the writer accepts as right (two mistakes at once, or a case
where either name fits).
"""
import math

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

STUDENTS = []  # (name, exercise, expected, alternatives, fn)


def student(expected, exercise="conv1d", also=()):
    def deco(fn):
        STUDENTS.append((fn.__name__, exercise, expected, tuple(also), fn))
        return fn
    return deco


def _same_pads(L, K, s):
    out = -(-L // s)
    total = max((out - 1) * s + K - L, 0)
    return total // 2, total - total // 2


# ---------------------------------------------------------------- CORRECT (conv1d)

@student(None)
def c01_pure_lists(x, w, stride=1, padding="valid"):
    x = list(x); w = list(w)
    L, K = len(x), len(w)
    if padding == "valid":
        pl = pr = 0
    elif padding == "same":
        out_len = (L + stride - 1) // stride
        total = max((out_len - 1) * stride + K - L, 0)
        pl = total // 2
        pr = total - pl
    else:
        pl = pr = int(padding)
    xp = [0] * pl + x + [0] * pr
    res = []
    for start in range(0, len(xp) - K + 1, stride):
        acc = 0
        for k in range(K):
            acc += xp[start + k] * w[k]
        res.append(acc)
    return res


@student(None)
def c02_numpy_dot(x, w, stride=1, padding="valid"):
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    if padding == "same":
        pl, pr = _same_pads(len(x), len(w), stride)
    elif padding == "valid":
        pl = pr = 0
    else:
        pl = pr = padding
    x = np.pad(x, (pl, pr))
    n = (len(x) - len(w)) // stride + 1
    if n <= 0:
        raise ValueError("kernel longer than input")
    out = np.empty(n)
    for i in range(n):
        out[i] = np.dot(x[i * stride:i * stride + len(w)], w)
    return out


@student(None)
def c03_sliding_window(x, w, stride=1, padding="valid"):
    x = np.asarray(x, float); w = np.asarray(w, float)
    K = w.shape[0]
    if padding == "same":
        out_len = math.ceil(len(x) / stride)
        tot = max((out_len - 1) * stride + K - len(x), 0)
        x = np.pad(x, (tot // 2, tot - tot // 2))
    elif isinstance(padding, int):
        x = np.pad(x, padding)
    windows = sliding_window_view(x, K)[::stride]
    return windows @ w


@student(None)
def c04_correlate_then_slice(x, w, stride=1, padding="valid"):
    x = np.asarray(x, dtype=np.float64)
    w = np.asarray(w, dtype=np.float64)
    if padding == "same":
        left, right = _same_pads(x.size, w.size, stride)
        x = np.concatenate([np.zeros(left), x, np.zeros(right)])
    elif padding != "valid":
        x = np.concatenate([np.zeros(padding), x, np.zeros(padding)])
    if w.size > x.size:
        raise ValueError(f"kernel size {w.size} > padded input {x.size}")
    return np.correlate(x, w, mode="valid")[::stride]


@student(None)
def c05_while_loop(x, w, stride=1, padding="valid"):
    L = len(x); K = len(w)
    if padding == "same":
        pl, pr = _same_pads(L, K, stride)
    elif padding == "valid":
        pl, pr = 0, 0
    else:
        pl, pr = padding, padding
    out = []
    t = -pl
    while t + K <= L + pr:
        s = 0.0
        for k in range(K):
            idx = t + k
            if 0 <= idx < L:
                s += x[idx] * w[k]
        out.append(s)
        t += stride
    return out


@student(None)
def c06_recursive(x, w, stride=1, padding="valid"):
    x = [float(v) for v in x]
    if padding == "same":
        a, b = _same_pads(len(x), len(w), stride)
    elif padding == "valid":
        a = b = 0
    else:
        a = b = padding
    xp = [0.0] * a + x + [0.0] * b

    def go(seq):
        if len(seq) < len(w):
            return []
        head = sum(s * k for s, k in zip(seq, w))
        return [head] + go(seq[stride:])
    return go(xp)


@student(None)
def c07_comprehension_tuple(x, w, stride=1, padding="valid"):
    K = len(w)
    if padding == "valid":
        p = (0, 0)
    elif padding == "same":
        p = _same_pads(len(x), K, stride)
    else:
        p = (padding, padding)
    xp = [0] * p[0] + list(x) + [0] * p[1]
    return tuple(sum(xp[i + k] * w[k] for k in range(K))
                 for i in range(0, len(xp) - K + 1, stride))


@student(None)
def c08_float32_out(x, w, stride=1, padding="valid"):
    x = np.asarray(x, np.float32); w = np.asarray(w, np.float32)
    if padding == "same":
        pl, pr = _same_pads(len(x), len(w), stride)
    elif padding == "valid":
        pl = pr = 0
    else:
        pl = pr = padding
    xp = np.pad(x, (pl, pr))
    n_out = (xp.size - w.size) // stride + 1
    return np.array([np.sum(xp[t * stride:t * stride + w.size] * w) for t in range(max(n_out, 0))],
                    dtype=np.float32)


@student(None)
def c09_convolve_flipped_back(x, w, stride=1, padding="valid"):
    x = np.asarray(x, float); w = np.asarray(w, float)
    if padding == "same":
        l, r = _same_pads(len(x), len(w), stride)
    elif padding == "valid":
        l = r = 0
    else:
        l = r = padding
    xp = np.pad(x, (l, r))
    if len(w) > len(xp):
        raise ValueError("no window fits")
    full = np.convolve(xp, w[::-1], mode="valid")
    return full[::stride]


@student(None)
def c10_index_arith_bounds(x, w, stride=1, padding="valid"):
    L, K = len(x), len(w)
    if padding == "valid":
        pad_left, total = 0, 0
    elif padding == "same":
        n = -(-L // stride)
        total = max((n - 1) * stride + K - L, 0)
        pad_left = total // 2
    else:
        pad_left, total = padding, 2 * padding
    n_out = (L + total - K) // stride + 1
    out = np.zeros(max(n_out, 0))
    for o in range(n_out):
        for k in range(K):
            j = o * stride + k - pad_left
            if j < 0 or j >= L:
                continue
            out[o] += x[j] * w[k]
    return out


@student(None)
def c11_matrix_toeplitz(x, w, stride=1, padding="valid"):
    x = np.asarray(x, dtype=float); w = np.asarray(w, dtype=float)
    L, K = x.size, w.size
    if padding == "same":
        pl, pr = _same_pads(L, K, stride)
    elif padding == "valid":
        pl = pr = 0
    else:
        pl = pr = padding
    Lp = L + pl + pr
    n = (Lp - K) // stride + 1
    M = np.zeros((max(n, 0), Lp))
    for i in range(max(n, 0)):
        M[i, i * stride:i * stride + K] = w
    return M @ np.pad(x, (pl, pr))


@student(None)
def c12_einsum_strided_index(x, w, stride=1, padding="valid"):
    x = np.asarray(x, float); w = np.asarray(w, float)
    K = len(w)
    if padding == "same":
        pl, pr = _same_pads(len(x), K, stride)
        x = np.pad(x, (pl, pr))
    elif padding != "valid":
        x = np.pad(x, (padding, padding))
    n = (len(x) - K) // stride + 1
    idx = np.arange(n)[:, None] * stride + np.arange(K)[None, :]
    return np.einsum("ij,j->i", x[idx], w)


# ---------------------------------------------------------------- last-window-skipped

@student("last-window-skipped")
def b01_range_L_minus_K(x, w, stride=1, padding="valid"):
    if padding == "same":
        pl, pr = _same_pads(len(x), len(w), stride)
    elif padding == "valid":
        pl = pr = 0
    else:
        pl = pr = padding
    x = np.pad(np.asarray(x, float), (pl, pr))
    out = []
    for i in range(0, len(x) - len(w), stride):
        out.append(float(np.dot(x[i:i + len(w)], w)))
    return out


@student("last-window-skipped")
def b02_prealloc_zero_last(x, w, stride=1, padding="valid"):
    x = np.asarray(x, float); w = np.asarray(w, float)
    if padding == "same":
        pl, pr = _same_pads(len(x), len(w), stride)
    elif padding == "valid":
        pl = pr = 0
    else:
        pl = pr = padding
    x = np.pad(x, (pl, pr))
    n = (len(x) - len(w)) // stride + 1
    out = np.zeros(n)
    i = 0
    while i * stride + len(w) < len(x):   # should be <=
        out[i] = x[i * stride:i * stride + len(w)] @ w
        i += 1
    return out


@student("last-window-skipped")
def b03_outlen_formula(x, w, stride=1, padding="valid"):
    x = np.asarray(x, float); w = np.asarray(w, float)
    if padding == "same":
        pl, pr = _same_pads(len(x), len(w), stride)
    elif padding == "valid":
        pl = pr = 0
    else:
        pl = pr = padding
    x = np.pad(x, (pl, pr))
    n = (len(x) - len(w) - 1) // stride + 1      # "minus one" habit
    return np.array([x[i * stride:i * stride + len(w)] @ w for i in range(n)])


# ---------------------------------------------------------------- extra-window

@student("extra-window")
def b04_ceil_outlen(x, w, stride=1, padding="valid"):
    x = np.asarray(x, float); w = np.asarray(w, float)
    if padding == "same":
        pl, pr = _same_pads(len(x), len(w), stride)
    elif padding == "valid":
        pl = pr = 0
    else:
        pl = pr = padding
    x = np.pad(x, (pl, pr))
    n = math.ceil((len(x) - len(w)) / stride) + 1
    out = []
    for i in range(n):
        seg = x[i * stride:i * stride + len(w)]
        out.append(float(np.sum(seg * w[:len(seg)])))
    return out


# ---------------------------------------------------------------- stride-ignored

@student("stride-ignored")
def b05_range_step1(x, w, stride=1, padding="valid"):
    if padding == "same":
        pl, pr = _same_pads(len(x), len(w), stride)
    elif padding == "valid":
        pl = pr = 0
    else:
        pl = pr = padding
    xp = [0] * pl + list(x) + [0] * pr
    return [sum(xp[i + k] * w[k] for k in range(len(w))) for i in range(len(xp) - len(w) + 1)]


@student("stride-ignored")
def b06_start_i_not_istride(x, w, stride=1, padding="valid"):
    x = np.asarray(x, float); w = np.asarray(w, float)
    if padding == "same":
        pl, pr = _same_pads(len(x), len(w), stride)
    elif padding == "valid":
        pl = pr = 0
    else:
        pl = pr = padding
    x = np.pad(x, (pl, pr))
    n = (len(x) - len(w)) // stride + 1
    out = np.zeros(n)
    for i in range(n):
        out[i] = np.dot(x[i:i + len(w)], w)     # forgot * stride
    return out


@student("stride-ignored")
def b07_sliding_no_step(x, w, stride=1, padding="valid"):
    x = np.asarray(x, float); w = np.asarray(w, float)
    if padding == "same":
        pl, pr = _same_pads(len(x), len(w), stride)
        x = np.pad(x, (pl, pr))
    elif padding != "valid":
        x = np.pad(x, padding)
    return sliding_window_view(x, len(w)) @ w


# ---------------------------------------------------------------- kernel-flipped

@student("kernel-flipped")
def b08_np_convolve(x, w, stride=1, padding="valid"):
    x = np.asarray(x, float); w = np.asarray(w, float)
    if padding == "same":
        pl, pr = _same_pads(len(x), len(w), stride)
    elif padding == "valid":
        pl = pr = 0
    else:
        pl = pr = padding
    x = np.pad(x, (pl, pr))
    return np.convolve(x, w, mode="valid")[::stride]


@student("kernel-flipped")
def b09_reversed_loop(x, w, stride=1, padding="valid"):
    K = len(w)
    if padding == "same":
        pl, pr = _same_pads(len(x), K, stride)
    elif padding == "valid":
        pl = pr = 0
    else:
        pl = pr = padding
    xp = [0.0] * pl + [float(v) for v in x] + [0.0] * pr
    out = []
    for i in range(0, len(xp) - K + 1, stride):
        out.append(sum(xp[i + k] * w[K - 1 - k] for k in range(K)))
    return out


# ---------------------------------------------------------------- missing-padding

@student("missing-padding")
def b10_ignores_padding(x, w, stride=1, padding="valid"):
    x = np.asarray(x, float); w = np.asarray(w, float)
    n = (len(x) - len(w)) // stride + 1
    return np.array([x[i * stride:i * stride + len(w)] @ w for i in range(n)])


@student("missing-padding")
def b11_only_same(x, w, stride=1, padding="valid"):
    x = np.asarray(x, float); w = np.asarray(w, float)
    if padding == "same":
        pl, pr = _same_pads(len(x), len(w), stride)
        x = np.pad(x, (pl, pr))
    # int padding: TODO
    n = (len(x) - len(w)) // stride + 1
    return np.array([x[i * stride:i * stride + len(w)] @ w for i in range(n)])


@student("missing-padding")
def b12_only_int(x, w, stride=1, padding="valid"):
    x = np.asarray(x, float); w = np.asarray(w, float)
    if isinstance(padding, int):
        x = np.pad(x, padding)
    n = (len(x) - len(w)) // stride + 1
    return np.array([x[i * stride:i * stride + len(w)] @ w for i in range(n)])


# ---------------------------------------------------------------- same-even-kernel

@student("same-even-kernel")
def b13_same_K_minus_1_half(x, w, stride=1, padding="valid"):
    x = np.asarray(x, float); w = np.asarray(w, float)
    if padding == "same":
        p = (len(w) - 1) // 2
        x = np.pad(x, (p, p))
    elif padding != "valid":
        x = np.pad(x, (padding, padding))
    n = (len(x) - len(w)) // stride + 1
    return np.array([x[i * stride:i * stride + len(w)] @ w for i in range(n)])


@student("same-even-kernel")
def b14_same_K_half_both(x, w, stride=1, padding="valid"):
    x = list(map(float, x)); K = len(w)
    if padding == "same":
        p = K // 2
        if stride == 1:
            x = [0.0] * p + x + [0.0] * p
        else:
            pl, pr = _same_pads(len(x), K, stride)
            x = [0.0] * pl + x + [0.0] * pr
    elif padding != "valid":
        x = [0.0] * padding + x + [0.0] * padding
    return [sum(a * b for a, b in zip(x[i:i + K], w)) for i in range(0, len(x) - K + 1, stride)]


# ---------------------------------------------------------------- padding-side

@student("padding-side")
def b15_extra_left(x, w, stride=1, padding="valid"):
    x = np.asarray(x, float); w = np.asarray(w, float)
    if padding == "same":
        n = math.ceil(len(x) / stride)
        tot = max((n - 1) * stride + len(w) - len(x), 0)
        right = tot // 2
        left = tot - right            # extra zero on the left
        x = np.pad(x, (left, right))
    elif padding != "valid":
        x = np.pad(x, padding)
    n = (len(x) - len(w)) // stride + 1
    return np.array([x[i * stride:i * stride + len(w)] @ w for i in range(n)])


@student("padding-side")
def b16_np_correlate_same(x, w, stride=1, padding="valid"):
    x = np.asarray(x, float); w = np.asarray(w, float)
    if padding == "same" and stride == 1:
        return np.correlate(x, w, mode="same")
    if padding == "same":
        pl, pr = _same_pads(len(x), len(w), stride)
        x = np.pad(x, (pl, pr))
    elif padding != "valid":
        x = np.pad(x, padding)
    return np.correlate(x, w, mode="valid")[::stride]


# ---------------------------------------------------------------- same-stride

@student("same-stride")
def b17_same_ignores_stride(x, w, stride=1, padding="valid"):
    x = np.asarray(x, float); w = np.asarray(w, float)
    if padding == "same":
        tot = len(w) - 1                   # stride-1 rule
        x = np.pad(x, (tot // 2, tot - tot // 2))
    elif padding != "valid":
        x = np.pad(x, padding)
    n = (len(x) - len(w)) // stride + 1
    return np.array([x[i * stride:i * stride + len(w)] @ w for i in range(n)])


@student("same-stride")
def b18_same_floor_len(x, w, stride=1, padding="valid"):
    x = np.asarray(x, float); w = np.asarray(w, float)
    L, K = len(x), len(w)
    if padding == "same":
        n = L // stride                   # floor
        tot = max((n - 1) * stride + K - L, 0)
        x = np.pad(x, (tot // 2, tot - tot // 2))
        return np.array([x[i * stride:i * stride + K] @ w for i in range(n)])
    if padding != "valid":
        x = np.pad(x, padding)
    n = (len(x) - K) // stride + 1
    return np.array([x[i * stride:i * stride + K] @ w for i in range(n)])


# ---------------------------------------------------------------- dtype-truncation

@student("dtype-truncation")
def b19_zeros_like(x, w, stride=1, padding="valid"):
    x = np.asarray(x); w = np.asarray(w)
    if padding == "same":
        pl, pr = _same_pads(len(x), len(w), stride)
    elif padding == "valid":
        pl = pr = 0
    else:
        pl = pr = padding
    x = np.pad(x, (pl, pr))
    n = (len(x) - len(w)) // stride + 1
    out = np.zeros_like(x, shape=(n,))
    for i in range(n):
        out[i] = np.sum(x[i * stride:i * stride + len(w)] * w)
    return out


@student("dtype-truncation")
def b20_int_cast(x, w, stride=1, padding="valid"):
    if padding == "same":
        pl, pr = _same_pads(len(x), len(w), stride)
    elif padding == "valid":
        pl = pr = 0
    else:
        pl = pr = padding
    xp = [0] * pl + list(x) + [0] * pr
    res = []
    for i in range(0, len(xp) - len(w) + 1, stride):
        res.append(int(sum(xp[i + k] * w[k] for k in range(len(w)))))
    return res


# ---------------------------------------------------------------- wrap-around

@student("wrap-around")
def b21_negative_index(x, w, stride=1, padding="valid"):
    L, K = len(x), len(w)
    if padding == "same":
        pl, pr = _same_pads(L, K, stride)
    elif padding == "valid":
        pl = pr = 0
    else:
        pl = pr = padding
    n = (L + pl + pr - K) // stride + 1
    out = []
    for o in range(n):
        acc = 0.0
        for k in range(K):
            j = o * stride + k - pl
            if j < L:              # forgot j >= 0
                acc += x[j] * w[k]
        out.append(acc)
    return out


# ---------------------------------------------------------------- kernel-too-long-silent

@student("kernel-too-long-silent", exercise="conv1d-strict")
def b22_strict_returns_empty(x, w, stride=1, padding="valid"):
    x = np.asarray(x, float); w = np.asarray(w, float)
    pl, pr = _same_pads(len(x), len(w), stride) if padding == "same" else \
        ((0, 0) if padding == "valid" else (padding, padding))
    xp = np.pad(x, (pl, pr))
    n = max((len(xp) - len(w)) // stride + 1, 0)    # clamp: no window -> empty
    out = np.zeros(n)
    for t in range(n):
        out[t] = xp[t * stride:t * stride + len(w)] @ w
    return out


@student("kernel-too-long-silent", exercise="conv1d-strict")
def b23_strict_plain_list(x, w, stride=1, padding="valid"):
    if padding == "same":
        pl, pr = _same_pads(len(x), len(w), stride)
    elif padding == "valid":
        pl = pr = 0
    else:
        pl = pr = padding
    xp = [0] * pl + list(x) + [0] * pr
    return [sum(xp[i + k] * w[k] for k in range(len(w))) for i in range(0, len(xp) - len(w) + 1, stride)]


@student(None, exercise="conv1d-strict")
def c13_strict_correct(x, w, stride=1, padding="valid"):
    if padding == "same":
        pl, pr = _same_pads(len(x), len(w), stride)
    elif padding == "valid":
        pl = pr = 0
    else:
        pl = pr = padding
    if len(w) > len(x) + pl + pr:
        raise ValueError(f"kernel ({len(w)}) longer than padded input ({len(x) + pl + pr})")
    xp = [0] * pl + list(x) + [0] * pr
    return [sum(xp[i + k] * w[k] for k in range(len(w))) for i in range(0, len(xp) - len(w) + 1, stride)]


@student("kernel-too-long-silent")
def b24_np_correlate_swaps(x, w, stride=1, padding="valid"):
    x = np.asarray(x, float); w = np.asarray(w, float)
    if padding == "same":
        pl, pr = _same_pads(len(x), len(w), stride)
        x = np.pad(x, (pl, pr))
    elif padding != "valid":
        x = np.pad(x, padding)
    return np.correlate(x, w, "valid")[::stride]   # silently swaps when w longer


# ---------------------------------------------------------------- two mistakes

@student("stride-ignored", also=("kernel-flipped",))
def b25_flip_and_no_stride(x, w, stride=1, padding="valid"):
    x = np.asarray(x, float); w = np.asarray(w, float)
    if padding == "same":
        pl, pr = _same_pads(len(x), len(w), stride)
        x = np.pad(x, (pl, pr))
    elif padding != "valid":
        x = np.pad(x, padding)
    return np.convolve(x, w, "valid")


@student("last-window-skipped", also=("missing-padding",))
def b26_range_and_no_padding(x, w, stride=1, padding="valid"):
    out = []
    for i in range(0, len(x) - len(w), stride):
        out.append(sum(x[i + k] * w[k] for k in range(len(w))))
    return out


@student("dtype-truncation", also=("padding-side",))
def b27_trunc_and_side(x, w, stride=1, padding="valid"):
    x = np.asarray(x); w = np.asarray(w)
    if padding == "same":
        n = -(-len(x) // stride)
        tot = max((n - 1) * stride + len(w) - len(x), 0)
        x = np.pad(x, (tot - tot // 2, tot // 2))
    elif padding != "valid":
        x = np.pad(x, padding)
    n = (len(x) - len(w)) // stride + 1
    out = np.zeros(n, dtype=x.dtype)
    for i in range(n):
        out[i] = x[i * stride:i * stride + len(w)] @ w
    return out


# ---------------------------------------------------------------- weird

@student("invalid-output")
def w01_returns_none(x, w, stride=1, padding="valid"):
    out = []
    for i in range(0, len(x) - len(w) + 1, stride):
        out.append(sum(x[i + k] * w[k] for k in range(len(w))))
    # forgot the return


@student("invalid-output")
def w02_returns_2d(x, w, stride=1, padding="valid"):
    r = c03_sliding_window(x, w, stride, padding)
    return np.asarray(r)[None, :]     # (1, L_out)


@student("invalid-output", also=("stride-ignored",))
def w03_notimpl_stride(x, w, stride=1, padding="valid"):
    if stride != 1:
        raise NotImplementedError("stride > 1 not supported yet")
    return c03_sliding_window(x, w, 1, padding)


@student("wrong-values", also=("last-window-skipped", "extra-window"))
def w04_offbyone_stride3(x, w, stride=1, padding="valid"):
    r = list(c03_sliding_window(x, w, stride, padding))
    if stride == 3 and len(r) > 1:
        r = r[:-1]
    return r


# ---------------------------------------------------------------- other exercises

def _pads(L, K, stride, padding):
    if padding == "same":
        return _same_pads(L, K, stride)
    if padding == "valid":
        return 0, 0
    return padding, padding


@student(None, exercise="conv1d-channels")
def c14_channels_correct(x, w, stride=1, padding="valid"):
    x = np.asarray(x, float); w = np.asarray(w, float)
    Cout, Cin, K = w.shape
    pl, pr = _pads(x.shape[1], K, stride, padding)
    xp = np.pad(x, ((0, 0), (pl, pr)))
    n = (xp.shape[1] - K) // stride + 1
    out = np.zeros((Cout, n))
    for o in range(Cout):
        for t in range(n):
            out[o, t] = np.sum(w[o] * xp[:, t * stride:t * stride + K])
    return out


@student(None, exercise="conv1d-channels")
def c15_channels_einsum(x, w, stride=1, padding="valid"):
    x = np.asarray(x, float); w = np.asarray(w, float)
    K = w.shape[2]
    pl, pr = _pads(x.shape[1], K, stride, padding)
    xp = np.pad(x, ((0, 0), (pl, pr)))
    win = sliding_window_view(xp, K, axis=1)[:, ::stride, :]   # (Cin, n, K)
    return np.einsum("cnk,ock->on", win, w)


@student("layout-swapped", exercise="conv1d-channels")
def b28_channels_reshape(x, w, stride=1, padding="valid"):
    x = np.asarray(x, float); w = np.asarray(w, float)
    Cout, Cin, K = w.shape
    w = w.reshape(K, Cin, Cout)            # "to Keras layout" via reshape
    pl, pr = _pads(x.shape[1], K, stride, padding)
    xp = np.pad(x, ((0, 0), (pl, pr)))
    n = (xp.shape[1] - K) // stride + 1
    out = np.zeros((Cout, n))
    for o in range(Cout):
        for t in range(n):
            for c in range(Cin):
                for k in range(K):
                    out[o, t] += w[k, c, o] * xp[c, t * stride + k]
    return out


@student("layout-swapped", exercise="conv1d-channels")
def b29_channels_x_transposed(x, w, stride=1, padding="valid"):
    x = np.asarray(x, float); w = np.asarray(w, float)
    Cout, Cin, K = w.shape
    x = x.reshape(x.shape[1], x.shape[0]).T     # thinks x is (L, C) and "fixes" it
    pl, pr = _pads(x.shape[1], K, stride, padding)
    xp = np.pad(x, ((0, 0), (pl, pr)))
    n = (xp.shape[1] - K) // stride + 1
    return np.array([[np.sum(w[o] * xp[:, t * stride:t * stride + K]) for t in range(n)]
                     for o in range(Cout)])


@student("channels-not-summed", exercise="conv1d-channels")
def b30_channels_first_only(x, w, stride=1, padding="valid"):
    x = np.asarray(x, float); w = np.asarray(w, float)
    Cout, Cin, K = w.shape
    pl, pr = _pads(x.shape[1], K, stride, padding)
    xp = np.pad(x, ((0, 0), (pl, pr)))
    n = (xp.shape[1] - K) // stride + 1
    out = np.zeros((Cout, n))
    for o in range(Cout):
        for t in range(n):
            out[o, t] = xp[0, t * stride:t * stride + K] @ w[o, 0]   # only channel 0
    return out


@student(None, exercise="conv1d-causal")
def c16_causal_correct(x, w, dilation=1):
    x = np.asarray(x, float); w = np.asarray(w, float)
    K = len(w)
    p = dilation * (K - 1)
    xp = np.concatenate([np.zeros(p), x])
    return np.array([sum(w[k] * xp[t + k * dilation] for k in range(K)) for t in range(len(x))])


@student("causal-leak", exercise="conv1d-causal")
def b31_causal_same(x, w, dilation=1):
    x = np.asarray(x, float); w = np.asarray(w, float)
    K = len(w)
    tot = dilation * (K - 1)
    xp = np.pad(x, (tot // 2, tot - tot // 2))
    return np.array([sum(w[k] * xp[t + k * dilation] for k in range(K)) for t in range(len(x))])


@student("kernel-flipped", exercise="conv1d-causal")
def b32_causal_flipped(x, w, dilation=1):
    x = list(map(float, x)); K = len(w)
    out = []
    for t in range(len(x)):
        acc = 0.0
        for k in range(K):            # w[k] pairs with x[t - k*d]: convolution
            j = t - k * dilation
            if j >= 0:
                acc += w[k] * x[j]
        out.append(acc)
    return out


@student("wrap-around", exercise="conv1d-causal")
def b33_causal_wrap(x, w, dilation=1):
    K = len(w)
    out = []
    for t in range(len(x)):
        acc = 0.0
        for k in range(K):
            acc += w[k] * x[t - (K - 1 - k) * dilation]   # negative index wraps
        out.append(acc)
    return out


@student(None, exercise="conv1d-dilation")
def c17_dilation_correct(x, w, stride=1, padding="valid", dilation=1):
    x = np.asarray(x, float); w = np.asarray(w, float)
    K = len(w); Ke = dilation * (K - 1) + 1
    pl, pr = _pads(len(x), Ke, stride, padding)
    xp = np.pad(x, (pl, pr))
    n = (len(xp) - Ke) // stride + 1
    return np.array([np.dot(xp[t * stride:t * stride + Ke:dilation], w) for t in range(n)])


@student("dilation", exercise="conv1d-dilation")
def b34_dilation_keff_wrong(x, w, stride=1, padding="valid", dilation=1):
    x = np.asarray(x, float); w = np.asarray(w, float)
    K = len(w); Ke = K * dilation - 1 if dilation > 1 else K     # wrong K_eff
    pl, pr = _pads(len(x), Ke, stride, padding)
    xp = np.pad(x, (pl, pr))
    n = (len(xp) - Ke) // stride + 1
    out = []
    for t in range(n):
        s = 0.0
        for k in range(K):
            j = t * stride + k * dilation
            if j < len(xp):
                s += xp[j] * w[k]
        out.append(s)
    return out


@student("dilation", exercise="conv1d-dilation")
def b35_dilation_same_pad_uses_K(x, w, stride=1, padding="valid", dilation=1):
    x = np.asarray(x, float); w = np.asarray(w, float)
    K = len(w); Ke = dilation * (K - 1) + 1
    pl, pr = _pads(len(x), K, stride, padding)     # pads computed with K, not K_eff
    xp = np.pad(x, (pl, pr))
    n = (len(xp) - Ke) // stride + 1
    return np.array([np.dot(xp[t * stride:t * stride + Ke:dilation], w) for t in range(max(n, 0))])
