"""Third independent set for the backward and transposed exercises: learner
implementations written from how students really err."""
import numpy as np

STUDENTS = []  # (name, exercise, expected, alternatives, fn)


def student(expected, exercise="conv1d-backward", also=()):
    def deco(fn):
        STUDENTS.append((fn.__name__, exercise, expected, tuple(also), fn))
        return fn
    return deco


def _pads(L, K, stride, padding):
    """(left, right) zero padding of x for the forward conv1d."""
    if padding == "valid":
        return 0, 0
    if padding == "same":
        L_out = -(-L // stride)
        total = max((L_out - 1) * stride + K - L, 0)
        return total // 2, total - total // 2
    p = int(padding)
    return p, p


def _tlen(L, K, stride, padding, output_padding):
    """Length of the cropped transposed output; raises where it is not positive."""
    n = (L - 1) * stride - 2 * padding + K + output_padding
    if n <= 0:
        raise ValueError(f"conv_transpose1d: output length {n} is not positive")
    return n


# ===================================================================================
# conv1d-backward: correct implementations
# ===================================================================================

@student(None)
def d01_einsum_placement_tensor(dout, x, w, stride=1, padding="valid"):
    # P[t, k, n] = 1 where window t, tap k lands on padded position n
    dout = np.asarray(dout, dtype=float)
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    left, right = _pads(len(x), len(w), stride, padding)
    xp = np.concatenate([np.zeros(left), x, np.zeros(right)])
    T, K, N = len(dout), len(w), len(xp)
    P = (np.arange(T)[:, None, None] * stride + np.arange(K)[None, :, None]
         == np.arange(N)[None, None, :]).astype(float)
    dxp = np.einsum("t,k,tkn->n", dout, w, P)
    dw = np.einsum("t,tkn,n->k", dout, P, xp)
    return dxp[left:left + len(x)], dw


@student(None)
def d02_as_strided_windows(dout, x, w, stride=1, padding="valid"):
    from numpy.lib.stride_tricks import as_strided
    dout = np.asarray(dout, dtype=float)
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    L, K, T = len(x), len(w), len(dout)
    left, right = _pads(L, K, stride, padding)
    xp = np.ascontiguousarray(np.pad(x, (left, right)))
    b = xp.strides[0]
    windows = as_strided(xp, shape=(T, K), strides=(b * stride, b), writeable=False)
    dw = dout @ windows
    # dx: "full" correlation of the dilated dout with the flipped kernel
    D = (T - 1) * stride + 1
    dd = np.zeros(D + 2 * (K - 1))
    dd[K - 1:K - 1 + D:stride] = dout
    c = dd.strides[0]
    win2 = as_strided(dd, shape=(D + K - 1, K), strides=(c, c), writeable=False)
    used = win2 @ w[::-1]
    dxp = np.zeros(len(xp))
    dxp[:len(used)] = used
    return dxp[left:left + L], dw


@student(None)
def d03_gather_per_input_position(dout, x, w, stride=1, padding="valid"):
    # for each input sample j, sum the outputs whose window covered it
    dout = [float(v) for v in np.asarray(dout).ravel()]
    x = [float(v) for v in np.asarray(x).ravel()]
    w = [float(v) for v in np.asarray(w).ravel()]
    L, K, T = len(x), len(w), len(dout)
    left, _ = _pads(L, K, stride, padding)
    dx = np.zeros(L)
    for j in range(L):
        jp = j + left                                # position in the padded input
        t_lo = max(0, -(-(jp - K + 1) // stride))    # ceil((jp-K+1)/stride)
        t_hi = min(T - 1, jp // stride)
        dx[j] = sum(dout[t] * w[jp - t * stride] for t in range(t_lo, t_hi + 1))
    dw = np.zeros(K)
    for k in range(K):
        acc = 0.0
        for t in range(T):
            j = t * stride + k - left
            if 0 <= j < L:
                acc += dout[t] * x[j]
        dw[k] = acc
    return dx, dw


@student(None)
def d04_shifted_products_per_tap(dout, x, w, stride=1, padding="valid"):
    dout = np.asarray(dout, dtype=float)
    x = np.asarray(x)
    w = np.asarray(w, dtype=float)
    L, K, T = len(x), len(w), len(dout)
    left, right = _pads(L, K, stride, padding)
    xp = np.zeros(L + left + right)
    xp[left:left + L] = x
    span = (T - 1) * stride + 1
    dxp = np.zeros_like(xp)
    dw = np.zeros(K)
    for k in range(K):
        sl = slice(k, k + span, stride)
        dxp[sl] += w[k] * dout
        dw[k] = np.dot(xp[sl], dout)
    return dxp[left:left + L], dw


@student(None)
def d05_recursion_over_windows(dout, x, w, stride=1, padding="valid"):
    dout = np.asarray(dout, dtype=float)
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    left, right = _pads(len(x), len(w), stride, padding)
    xp = np.pad(x, (left, right))
    K = len(w)

    def grads(t):
        if t < 0:
            return np.zeros(len(xp)), np.zeros(K)
        dxp, dw = grads(t - 1)
        s = t * stride
        dxp[s:s + K] += dout[t] * w
        dw += dout[t] * xp[s:s + K]
        return dxp, dw

    dxp, dw = grads(len(dout) - 1)
    return dxp[left:left + len(x)], dw


@student(None)
def d06_pure_python_zip(dout, x, w, stride=1, padding="valid"):
    import math
    dout = [float(v) for v in dout]
    x = [float(v) for v in x]
    w = [float(v) for v in w]
    L, K = len(x), len(w)
    if padding == "valid":
        left = right = 0
    elif padding == "same":
        n_out = math.ceil(L / stride)
        total = max((n_out - 1) * stride + K - L, 0)
        left, right = total // 2, total - total // 2
    else:
        left = right = int(padding)
    xp = [0.0] * left + x + [0.0] * right
    dxp = [0.0] * len(xp)
    dw = [0.0] * K
    for t, g in enumerate(dout):
        start = t * stride
        for k, (wk, xv) in enumerate(zip(w, xp[start:start + K])):
            dxp[start + k] += g * wk
            dw[k] += g * xv
    return dxp[left:left + L], dw


# ===================================================================================
# conv1d-backward: one mistake each
# ===================================================================================

# Crop written as [left:-right]: right for any padding, but -0 empties dx when nothing
# was padded on the right ("valid", p = 0, "same" with total <= 1).
@student("wrong-values", also=("padding-side",))
def d07_crop_with_negative_end(dout, x, w, stride=1, padding="valid"):
    dout = np.asarray(dout, dtype=float)
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    L, K, T = len(x), len(w), len(dout)
    left, right = _pads(L, K, stride, padding)
    xp = np.pad(x, (left, right))
    idx = (np.arange(T)[:, None] * stride + np.arange(K)[None, :]).ravel()
    dxp = np.zeros(len(xp))
    np.add.at(dxp, idx, np.outer(dout, w).ravel())
    dw = np.outer(dout, np.ones(K)).ravel() * xp[idx]
    dw = dw.reshape(T, K).sum(axis=0)
    return dxp[left:-right], dw


# dw tap taken as j - t (stride forgotten); "% K" added after an IndexError at stride 2.
@student("stride-ignored")
def d08_dw_tap_from_j_minus_t(dout, x, w, stride=1, padding="valid"):
    dout = np.asarray(dout, dtype=float)
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    L, K, T = len(x), len(w), len(dout)
    left, right = _pads(L, K, stride, padding)
    xp = np.pad(x, (left, right))
    dxp = np.zeros(len(xp))
    dw = np.zeros(K)
    for t in range(T):
        for j in range(t * stride, t * stride + K):
            dxp[j] += dout[t] * w[j - t * stride]
            dw[(j - t) % K] += dout[t] * xp[j]
    return dxp[left:left + L], dw


# Gather over j with the right range, but "=" keeps only the last window touching j.
@student("gradient-overwritten")
def d09_gather_assigns_instead_of_adds(dout, x, w, stride=1, padding="valid"):
    dout = np.asarray(dout, dtype=float)
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    L, K, T = len(x), len(w), len(dout)
    left, right = _pads(L, K, stride, padding)
    xp = np.pad(x, (left, right))
    dxp = np.zeros(len(xp))
    for j in range(len(xp)):
        for t in range(T):
            k = j - t * stride
            if 0 <= k < K:
                dxp[j] = dout[t] * w[k]
    dw = np.array([sum(dout[t] * xp[t * stride + k] for t in range(T)) for k in range(K)])
    return dxp[left:left + L], dw


# dw allocated with np.empty_like(w): an integer kernel gives an integer dw.
@student("dtype-truncation")
def d10_dw_empty_like_kernel(dout, x, w, stride=1, padding="valid"):
    dout = np.asarray(dout, dtype=float)
    x = np.asarray(x)
    w = np.asarray(w)
    L, K, T = len(x), len(w), len(dout)
    left, right = _pads(L, K, stride, padding)
    xp = np.pad(x, (left, right))
    span = (T - 1) * stride + 1
    dxp = np.zeros(len(xp))
    dw = np.empty_like(w)
    for k in range(K):
        dw[k] = dout @ xp[k:k + span:stride]
        dxp[k:k + span:stride] += dout * w[k]
    return dxp[left:left + L], dw


# Textbook: "dx = full convolution of dout with the kernel rotated by 180 degrees";
# np.convolve already flips, so the extra [::-1] cancels the flip.
@student("kernel-flipped")
def d11_convolve_with_rotated_kernel(dout, x, w, stride=1, padding="valid"):
    dout = np.asarray(dout, dtype=float)
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    L, K, T = len(x), len(w), len(dout)
    left, right = _pads(L, K, stride, padding)
    xp = np.pad(x, (left, right))
    dd = np.zeros((T - 1) * stride + 1)
    dd[::stride] = dout
    full = np.convolve(dd, w[::-1])
    dxp = np.zeros(len(xp))
    dxp[:len(full)] = full
    dw = np.correlate(xp[:len(full)], dd, "valid")
    return dxp[left:left + L], dw


# dout dilated with `stride` zeros between samples instead of stride - 1.
@student("stride-spread")
def d12_dilate_with_stride_zeros(dout, x, w, stride=1, padding="valid"):
    dout = np.asarray(dout, dtype=float)
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    L, K, T = len(x), len(w), len(dout)
    left, right = _pads(L, K, stride, padding)
    xp = np.pad(x, (left, right))
    dd = np.zeros((T - 1) * (stride + 1) + 1)
    dd[::stride + 1] = dout
    full = np.convolve(dd, w)
    dxp = np.zeros(max(len(full), len(xp)))
    dxp[:len(full)] = full
    dw = np.array([xp[k:k + (T - 1) * stride + 1:stride] @ dout for k in range(K)])
    return dxp[left:left + L], dw


# "same" with the odd extra cell put on the LEFT (ONNX SAME_LOWER), not Keras' right.
@student("padding-side")
def d13_same_extra_cell_on_left(dout, x, w, stride=1, padding="valid"):
    dout = np.asarray(dout, dtype=float)
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    L, K, T = len(x), len(w), len(dout)
    if padding == "same":
        total = max((-(-L // stride) - 1) * stride + K - L, 0)
        right = total // 2
        left = total - right
    elif padding == "valid":
        left = right = 0
    else:
        left = right = int(padding)
    xp = np.pad(x, (left, right))
    dxp = np.zeros(len(xp))
    dw = np.zeros(K)
    for t in range(T):
        s = t * stride
        dxp[s:s + K] += dout[t] * w
        dw += dout[t] * xp[s:s + K]
    return dxp[left:left + L], dw


# Padding never looked at: indices into the raw x, out-of-range taps just skipped.
@student("missing-padding")
def d14_bounds_checked_without_padding(dout, x, w, stride=1, padding="valid"):
    dout = np.asarray(dout, dtype=float)
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    L, K = len(x), len(w)
    dx = np.zeros(L)
    dw = np.zeros(K)
    for t, g in enumerate(dout):
        for k in range(K):
            j = t * stride + k
            if j < L:
                dx[j] += g * w[k]
                dw[k] += g * x[j]
    return dx, dw


# x rebound to its padded version, so dx = zeros_like(x) is the padded-length gradient.
@student("padding-not-cropped")
def d15_x_shadowed_by_padded_x(dout, x, w, stride=1, padding="valid"):
    dout = np.asarray(dout, dtype=float)
    w = np.asarray(w, dtype=float)
    left, right = _pads(len(x), len(w), stride, padding)
    x = np.pad(np.asarray(x, dtype=float), (left, right))
    dx = np.zeros_like(x)
    dw = np.zeros_like(w)
    K = len(w)
    for t in range(len(dout)):
        dx[t * stride:t * stride + K] += dout[t] * w
        dw += dout[t] * x[t * stride:t * stride + K]
    return dx, dw


# dw = correlate(dout, x) instead of correlate(x, dout): comes out reversed.
@student("dw-reversed")
def d16_correlate_arguments_swapped(dout, x, w, stride=1, padding="valid"):
    dout = np.asarray(dout, dtype=float)
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    L, K, T = len(x), len(w), len(dout)
    left, right = _pads(L, K, stride, padding)
    xp = np.pad(x, (left, right))
    dd = np.zeros((T - 1) * stride + 1)
    dd[::stride] = dout
    used = len(dd) + K - 1
    dw = np.correlate(dd, xp[:used], "valid")
    dxp = np.zeros(len(xp))
    dxp[:used] = np.convolve(dd, w)
    return dxp[left:left + L], dw


# Gradients returned "in alphabetical order": ("w", "x") -> (dw, dx).
@student("results-swapped")
def d17_sorted_dict_of_gradients(dout, x, w, stride=1, padding="valid"):
    dout = np.asarray(dout, dtype=float)
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    L, K, T = len(x), len(w), len(dout)
    left, right = _pads(L, K, stride, padding)
    xp = np.pad(x, (left, right))
    dxp = np.zeros(len(xp))
    dw = np.zeros(K)
    for t in range(T):
        for k in range(K):
            dxp[t * stride + k] += dout[t] * w[k]
            dw[k] += dout[t] * xp[t * stride + k]
    grads = {"x": dxp[left:left + L], "w": dw}
    return tuple(g for _, g in sorted(grads.items()))


# while-loop over window starts with a strict "<": drops the last window whenever it
# ends exactly at the end of the padded input.
@student("last-window-skipped")
def d18_while_window_fits_strictly(dout, x, w, stride=1, padding="valid"):
    dout = np.asarray(dout, dtype=float)
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    L, K = len(x), len(w)
    left, right = _pads(L, K, stride, padding)
    xp = np.pad(x, (left, right))
    dxp = np.zeros(len(xp))
    dw = np.zeros(K)
    t = 0
    while t * stride + K < len(xp):
        s = t * stride
        dxp[s:s + K] += dout[t] * w
        dw += dout[t] * xp[s:s + K]
        t += 1
    return dxp[left:left + L], dw


# "full" padding of the dilated dout written as K zeros on the left (K-1 needed):
# dx comes out one position to the right.
@student("index-shifted")
def d19_full_pad_k_instead_of_k_minus_1(dout, x, w, stride=1, padding="valid"):
    dout = np.asarray(dout, dtype=float)
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    L, K, T = len(x), len(w), len(dout)
    left, right = _pads(L, K, stride, padding)
    xp = np.pad(x, (left, right))
    dd = np.zeros((T - 1) * stride + 1)
    dd[::stride] = dout
    ddp = np.concatenate([np.zeros(K), dd, np.zeros(K - 1)])
    full = np.correlate(ddp, w[::-1], "valid")
    dxp = np.zeros(len(xp) + 1)
    dxp[:len(full)] = full
    dw = np.array([xp[k:k + len(dd):stride] @ dout for k in range(K)])
    return dxp[left:left + L], dw


# Kernel "rotated by 180 degrees" in place: results are right, the caller's w is flipped.
@student("modifies-input")
def d20_kernel_rotated_in_place(dout, x, w, stride=1, padding="valid"):
    dout = np.asarray(dout, dtype=float)
    x = np.asarray(x, dtype=float)
    w = np.asarray(w)
    w[:] = w[::-1]
    L, K, T = len(x), len(w), len(dout)
    left, right = _pads(L, K, stride, padding)
    xp = np.pad(x, (left, right))
    dd = np.zeros((T - 1) * stride + 1)
    dd[::stride] = dout
    dxp = np.zeros(len(xp))
    full = np.correlate(np.pad(dd, (K - 1, K - 1)), w.astype(float), "valid")
    dxp[:len(full)] = full
    dw = np.correlate(xp[:len(full)], dd, "valid")
    return dxp[left:left + L], dw


# Gather form whose range of t is the stride-1 range j-K+1 .. j: at stride > 1 it
# misses windows with t < j-K+1 that still cover j.
@student("stride-ignored", also=("wrong-values",))
def d21_gather_with_stride1_t_range(dout, x, w, stride=1, padding="valid"):
    dout = np.asarray(dout, dtype=float)
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    L, K, T = len(x), len(w), len(dout)
    left, right = _pads(L, K, stride, padding)
    xp = np.pad(x, (left, right))
    dxp = np.zeros(len(xp))
    for j in range(len(xp)):
        for t in range(max(0, j - K + 1), min(j, T - 1) + 1):
            k = j - t * stride
            if 0 <= k < K:
                dxp[j] += dout[t] * w[k]
    dw = np.zeros(K)
    for k in range(K):
        for t in range(T):
            dw[k] += dout[t] * xp[t * stride + k]
    return dxp[left:left + L], dw


# ===================================================================================
# conv-transpose1d: correct implementations
# ===================================================================================

@student(None, exercise="conv-transpose1d")
def v01_einsum_cropped_placement(x, w, stride=1, padding=0, output_padding=0):
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    L, K = len(x), len(w)
    n = _tlen(L, K, stride, padding, output_padding)
    # P[i, k, m] = 1 where x[i] * w[k] lands on output cell m (after the crop)
    P = (np.arange(L)[:, None, None] * stride + np.arange(K)[None, :, None] - padding
         == np.arange(n)[None, None, :]).astype(float)
    return np.einsum("i,k,ikm->m", x, w, P)


@student(None, exercise="conv-transpose1d")
def v02_as_strided_on_dilated_input(x, w, stride=1, padding=0, output_padding=0):
    from numpy.lib.stride_tricks import as_strided
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    L, K = len(x), len(w)
    n = _tlen(L, K, stride, padding, output_padding)
    D = (L - 1) * stride + 1
    buf = np.zeros(D + 2 * (K - 1) + output_padding)
    buf[K - 1:K - 1 + D:stride] = x
    b = buf.strides[0]
    n_full = len(buf) - K + 1
    win = as_strided(buf, shape=(n_full, K), strides=(b, b), writeable=False)
    full = win @ w[::-1]
    return full[padding:padding + n]


@student(None, exercise="conv-transpose1d")
def v03_gather_per_output_cell(x, w, stride=1, padding=0, output_padding=0):
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    L, K = len(x), len(w)
    n = _tlen(L, K, stride, padding, output_padding)
    out = np.zeros(n)
    for o in range(n):
        m = o + padding                              # position in the uncropped output
        i_lo = max(0, -(-(m - K + 1) // stride))
        i_hi = min(L - 1, m // stride)
        out[o] = sum(x[i] * w[m - i * stride] for i in range(i_lo, i_hi + 1))
    return out


@student(None, exercise="conv-transpose1d")
def v04_forward_corr_of_kron_dilated(x, w, stride=1, padding=0, output_padding=0):
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    L, K = len(x), len(w)
    n = _tlen(L, K, stride, padding, output_padding)
    e = np.zeros(stride)
    e[0] = 1.0
    xd = np.kron(x, e)[:(L - 1) * stride + 1]
    full = np.correlate(np.pad(xd, (K - 1, K - 1)), w[::-1], "valid")
    full = np.concatenate([full, np.zeros(output_padding)])
    return full[padding:padding + n]


@student(None, exercise="conv-transpose1d")
def v05_divide_and_conquer(x, w, stride=1, padding=0, output_padding=0):
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    L, K = len(x), len(w)
    n = _tlen(L, K, stride, padding, output_padding)

    def full(lo, hi):                                # uncropped output of x[lo:hi]
        if hi - lo == 1:
            return x[lo] * w
        mid = (lo + hi) // 2
        a, b = full(lo, mid), full(mid, hi)
        r = np.zeros((hi - lo - 1) * stride + K)
        r[:len(a)] += a
        r[(mid - lo) * stride:] += b
        return r

    f = np.concatenate([full(0, L), np.zeros(output_padding)])
    return f[padding:padding + n]


@student(None, exercise="conv-transpose1d")
def v06_pure_python_zip(x, w, stride=1, padding=0, output_padding=0):
    x = [float(v) for v in x]
    w = [float(v) for v in w]
    L, K = len(x), len(w)
    n = (L - 1) * stride - 2 * padding + K + output_padding
    if n <= 0:
        return []
    full = [0.0] * ((L - 1) * stride + K + output_padding)
    for i, xi in enumerate(x):
        base = i * stride
        full[base:base + K] = [a + xi * b for a, b in zip(full[base:base + K], w)]
    return full[padding:padding + n]


# ===================================================================================
# conv-transpose1d: one mistake each
# ===================================================================================

# "Correlate with the flipped kernel" done with np.convolve(., w[::-1]): double flip.
@student("kernel-flipped", exercise="conv-transpose1d")
def v07_convolve_with_flipped_kernel(x, w, stride=1, padding=0, output_padding=0):
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    L, K = len(x), len(w)
    n = _tlen(L, K, stride, padding, output_padding)
    xd = np.zeros((L - 1) * stride + 1)
    xd[::stride] = x
    full = np.concatenate([np.convolve(xd, w[::-1]), np.zeros(output_padding)])
    return full[padding:padding + n]


# Dilated buffer allocated at the right length, but x copied in contiguously.
@student("stride-ignored", exercise="conv-transpose1d")
def v08_dilated_buffer_filled_contiguously(x, w, stride=1, padding=0, output_padding=0):
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    L, K = len(x), len(w)
    n = _tlen(L, K, stride, padding, output_padding)
    xd = np.zeros((L - 1) * stride + 1)
    xd[:L] = x
    full = np.concatenate([np.convolve(xd, w), np.zeros(output_padding)])
    return full[padding:padding + n]


# Zero insertion via kron with [1, 0 * stride]: stride zeros between samples.
@student("stride-spread", exercise="conv-transpose1d")
def v09_kron_with_stride_zeros(x, w, stride=1, padding=0, output_padding=0):
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    L, K = len(x), len(w)
    n = _tlen(L, K, stride, padding, output_padding)
    e = np.r_[1.0, np.zeros(stride)]
    xd = np.kron(x, e)[:(L - 1) * stride + 1]
    full = np.concatenate([np.convolve(xd, w), np.zeros(output_padding)])
    return full[padding:padding + n]


# padding treated as in the forward conv: zeros added around the output.
@student("padding-not-cropped", exercise="conv-transpose1d")
def v10_padding_added_like_forward(x, w, stride=1, padding=0, output_padding=0):
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    L, K = len(x), len(w)
    full = np.zeros((L - 1) * stride + K + output_padding)
    for i in range(L):
        full[i * stride:i * stride + K] += x[i] * w
    return np.pad(full, (padding, padding))


# Both crops taken from the front: full[2p:].
@student("padding-side", exercise="conv-transpose1d")
def v11_crop_both_paddings_from_left(x, w, stride=1, padding=0, output_padding=0):
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    L, K = len(x), len(w)
    _tlen(L, K, stride, padding, output_padding)
    full = np.zeros((L - 1) * stride + K + output_padding)
    for i in range(L):
        full[i * stride:i * stride + K] += x[i] * w
    return full[2 * padding:]


# Length formula right, but the buffer has no output_padding tail: the slice is
# silently short whenever output_padding > padding.
@student("output-padding-ignored", exercise="conv-transpose1d")
def v12_buffer_without_tail(x, w, stride=1, padding=0, output_padding=0):
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    L, K = len(x), len(w)
    n = _tlen(L, K, stride, padding, output_padding)
    full = np.zeros((L - 1) * stride + K)
    for k in range(K):
        full[k:k + (L - 1) * stride + 1:stride] += w[k] * x
    return full[padding:padding + n]


# output_padding subtracted in the length formula.
@student("transposed-length", exercise="conv-transpose1d", also=("output-padding-ignored",))
def v13_output_padding_subtracted(x, w, stride=1, padding=0, output_padding=0):
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    L, K = len(x), len(w)
    n = max((L - 1) * stride - 2 * padding + K - output_padding, 0)
    full = np.zeros((L - 1) * stride + K + output_padding)
    for i in range(L):
        full[i * stride:i * stride + K] += x[i] * w
    return full[padding:padding + n]


# output_padding zeros prepended instead of appended: the output moves right.
@student("index-shifted", exercise="conv-transpose1d", also=("padding-side",))
def v14_output_padding_prepended(x, w, stride=1, padding=0, output_padding=0):
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    L, K = len(x), len(w)
    n = _tlen(L, K, stride, padding, output_padding)
    body = np.zeros((L - 1) * stride + K)
    for i in range(L):
        body[i * stride:i * stride + K] += x[i] * w
    full = np.concatenate([np.zeros(output_padding), body])
    return full[padding:padding + n]


# Vectorised scatter with fancy-index "+=": repeated indices keep only one term.
@student("gradient-overwritten", exercise="conv-transpose1d")
def v15_fancy_index_plus_equals(x, w, stride=1, padding=0, output_padding=0):
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    L, K = len(x), len(w)
    n = _tlen(L, K, stride, padding, output_padding)
    full = np.zeros((L - 1) * stride + K + output_padding)
    idx = (np.arange(L)[:, None] * stride + np.arange(K)[None, :]).ravel()
    full[idx] += np.outer(x, w).ravel()
    return full[padding:padding + n]


# Scatter starts from range(0, len(full) - K, stride): the last start (L-1)*stride is
# excluded unless output_padding happens to push the bound past it.
@student("last-window-skipped", exercise="conv-transpose1d")
def v16_range_of_starts_one_short(x, w, stride=1, padding=0, output_padding=0):
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    L, K = len(x), len(w)
    n = _tlen(L, K, stride, padding, output_padding)
    full = np.zeros((L - 1) * stride + K + output_padding)
    for start in range(0, len(full) - K, stride):
        full[start:start + K] += x[start // stride] * w
    return full[padding:padding + n]


# Output buffer from np.zeros_like(x, shape=...): integer x -> integer output.
@student("dtype-truncation", exercise="conv-transpose1d")
def v17_zeros_like_input_dtype(x, w, stride=1, padding=0, output_padding=0):
    x = np.asarray(x)
    w = np.asarray(w)
    L, K = len(x), len(w)
    n = _tlen(L, K, stride, padding, output_padding)
    full = np.zeros_like(x, shape=((L - 1) * stride + K + output_padding,))
    for i in range(L):
        for k in range(K):
            full[i * stride + k] += x[i] * w[k]
    return full[padding:padding + n]


# Half-translated 1-based textbook index: k = n + p - i*s - 1.
@student("index-shifted", exercise="conv-transpose1d")
def v18_gather_textbook_one_based(x, w, stride=1, padding=0, output_padding=0):
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    L, K = len(x), len(w)
    n = _tlen(L, K, stride, padding, output_padding)
    out = np.zeros(n)
    for o in range(n):
        for i in range(L):
            k = o + padding - i * stride - 1
            if 0 <= k < K:
                out[o] += x[i] * w[k]
    return out


# PyTorch-style (N, C, L) layout made with "x.shape = ...": reshapes the caller's array.
@student("modifies-input", exercise="conv-transpose1d")
def v19_nchw_shape_assignment(x, w, stride=1, padding=0, output_padding=0):
    x = np.asarray(x)
    x.shape = (1, 1, -1)
    w = np.asarray(w, dtype=float)
    L, K = x.shape[-1], len(w)
    n = _tlen(L, K, stride, padding, output_padding)
    full = np.zeros((L - 1) * stride + K + output_padding)
    for i in range(L):
        full[i * stride:i * stride + K] += float(x[0, 0, i]) * w
    return full[padding:padding + n]


# Length written (L-1)*s + K - p (+ op): the padding only comes off the left.
@student("transposed-length", exercise="conv-transpose1d", also=("padding-side",))
def v20_length_subtracts_padding_once(x, w, stride=1, padding=0, output_padding=0):
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    L, K = len(x), len(w)
    n = (L - 1) * stride + K - padding + output_padding
    full = np.zeros((L - 1) * stride + K + output_padding)
    for i in range(L):
        full[i * stride:i * stride + K] += x[i] * w
    return full[padding:padding + n]


# Gather with the right output length but no padding offset in the kernel index.
@student("missing-padding", exercise="conv-transpose1d", also=("padding-side",))
def v21_gather_without_padding_offset(x, w, stride=1, padding=0, output_padding=0):
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    L, K = len(x), len(w)
    n = _tlen(L, K, stride, padding, output_padding)
    out = np.zeros(n)
    for o in range(n):
        for i in range(L):
            k = o - i * stride
            if 0 <= k < K:
                out[o] += x[i] * w[k]
    return out
