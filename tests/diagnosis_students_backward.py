"""Independent set for the backward and transposed exercises: learner implementations
written from how students really err."""
import math

import numpy as np

STUDENTS = []  # (name, exercise, expected, alternatives, fn)


def student(expected, exercise="conv1d-backward", also=()):
    def deco(fn):
        STUDENTS.append((fn.__name__, exercise, expected, tuple(also), fn))
        return fn
    return deco


# --------------------------------------------------------------------------------------
# shared helper (correct): (left, right, L_out) of the forward conv1d
# --------------------------------------------------------------------------------------
def _pads(L, K, stride, padding):
    if padding == "valid":
        return 0, 0, (L - K) // stride + 1
    if padding == "same":
        n_out = -(-L // stride)
        total = max((n_out - 1) * stride + K - L, 0)
        return total // 2, total - total // 2, n_out
    p = int(padding)
    return p, p, (L + 2 * p - K) // stride + 1


def _dilate(v, stride):
    """stride-1 zeros between the samples of v."""
    v = np.asarray(v, dtype=float)
    out = np.zeros((len(v) - 1) * stride + 1)
    out[::stride] = v
    return out


# ======================================================================================
# conv1d-backward: correct implementations
# ======================================================================================
@student(None)
def b01_scatter_loops(dout, x, w, stride=1, padding="valid"):
    dout = np.asarray(dout, dtype=float)
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    L, K = len(x), len(w)
    left, right, _ = _pads(L, K, stride, padding)
    xp = np.concatenate([np.zeros(left), x, np.zeros(right)])
    dxp = np.zeros_like(xp)
    dw = np.zeros(K)
    for t in range(len(dout)):
        for k in range(K):
            dxp[t * stride + k] += dout[t] * w[k]
            dw[k] += dout[t] * xp[t * stride + k]
    return dxp[left:left + L], dw


@student(None)
def b02_dilate_full_correlation(dout, x, w, stride=1, padding="valid"):
    dout = np.asarray(dout, dtype=float)
    x = np.asarray(x)
    w = np.asarray(w, dtype=float)
    L, K = x.shape[0], w.shape[0]
    if padding == "valid":
        left = right = 0
    elif padding == "same":
        n = -(-L // stride)
        total = max((n - 1) * stride + K - L, 0)
        left = total // 2
        right = total - left
    else:
        left = right = int(padding)
    Lp = L + left + right
    dd = np.zeros((len(dout) - 1) * stride + 1)
    dd[::stride] = dout
    # dx = full correlation of the dilated upstream gradient with the FLIPPED kernel
    dxp = np.correlate(np.pad(dd, (K - 1, K - 1)), w[::-1], mode="valid")
    dxp = np.pad(dxp, (0, Lp - len(dxp)))  # trailing inputs no window touched
    xp = np.pad(x.astype(float), (left, right))
    dw = np.correlate(xp[:len(dd) + K - 1], dd, mode="valid")
    return dxp[left:left + L], dw


@student(None)
def b03_add_at(dout, x, w, stride=1, padding="valid"):
    dout = np.asarray(dout, dtype=float)
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    L, K = x.size, w.size
    left, right, _ = _pads(L, K, stride, padding)
    T = dout.size
    idx = np.arange(T)[:, None] * stride + np.arange(K)[None, :]
    dxp = np.zeros(L + left + right)
    np.add.at(dxp, idx, dout[:, None] * w[None, :])
    xp = np.pad(x, (left, right))
    dw = (dout[:, None] * xp[idx]).sum(axis=0)
    return dxp[left:left + L], dw


@student(None)
def b04_matrix_transposed(dout, x, w, stride=1, padding="valid"):
    dout = np.asarray(dout, dtype=float)
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    L, K = len(x), len(w)
    left, right, T = _pads(L, K, stride, padding)
    xp = np.pad(x, (left, right))
    # forward as out = M @ xp  ->  dxp = M.T @ dout
    M = np.zeros((T, len(xp)))
    for t in range(T):
        M[t, t * stride:t * stride + K] = w
    dxp = M.T @ dout
    # forward as out = X @ w  ->  dw = X.T @ dout
    X = np.array([[xp[t * stride + k] for k in range(K)] for t in range(T)])
    dw = X.T @ dout
    return dxp[left:left + L], dw


@student(None)
def b05_np_convolve(dout, x, w, stride=1, padding="valid"):
    dout = np.asarray(dout, dtype=float)
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    L, K = len(x), len(w)
    left, right, _ = _pads(L, K, stride, padding)
    Lp = L + left + right
    dd = _dilate(dout, stride)
    dxp = np.convolve(dd, w)  # true convolution = correlation with the flipped kernel
    dxp = np.concatenate([dxp, np.zeros(Lp - len(dxp))])
    xp = np.pad(x, (left, right))
    dw = np.convolve(xp, dd[::-1], mode="valid")[:K]
    return dxp[left:left + L], dw


@student(None)
def b06_im2col(dout, x, w, stride=1, padding="valid"):
    dout = np.asarray(dout, dtype=float)
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    L, K = len(x), len(w)
    left, right, _ = _pads(L, K, stride, padding)
    xp = np.pad(x, (left, right))
    T = len(dout)
    cols = np.stack([xp[t * stride:t * stride + K] for t in range(T)])  # (T, K)
    dw = cols.T @ dout
    dcols = np.outer(dout, w)
    dxp = np.zeros_like(xp)
    for t in range(T):  # col2im
        dxp[t * stride:t * stride + K] += dcols[t]
    return dxp[left:left + L], dw


@student(None)
def b07_pure_python(dout, x, w, stride=1, padding="valid"):
    g = [float(v) for v in dout]
    xs = [float(v) for v in x]
    ws = [float(v) for v in w]
    L, K = len(xs), len(ws)
    if padding == "valid":
        left = right = 0
    elif padding == "same":
        n_out = math.ceil(L / stride)
        total = max((n_out - 1) * stride + K - L, 0)
        left = total // 2
        right = total - left
    else:
        left = right = padding
    xp = [0.0] * left + xs + [0.0] * right
    dxp = [0.0] * len(xp)
    dw = [0.0] * K
    for t, gt in enumerate(g):
        for k, wk in enumerate(ws):
            dxp[t * stride + k] += gt * wk
            dw[k] += gt * xp[t * stride + k]
    return dxp[left:left + L], dw


@student(None)
def b08_while_loops(dout, x, w, stride=1, padding="valid"):
    dout = np.asarray(dout, dtype=float)
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    L, K = len(x), len(w)
    left = right = 0
    if padding == "same":
        n_out = (L + stride - 1) // stride
        need = (n_out - 1) * stride + K
        if need > L:
            left = (need - L) // 2
            right = need - L - left
    elif padding != "valid":
        left = right = padding
    xp = np.zeros(L + left + right)
    xp[left:left + L] = x
    dxp = np.zeros(len(xp))
    dw = np.zeros(K)
    T = len(dout)
    t = 0
    while t < T:
        k = 0
        while k < K:
            j = t * stride + k
            dxp[j] += dout[t] * w[k]
            dw[k] += dout[t] * xp[j]
            k += 1
        t += 1
    return dxp[left:L + left], dw


@student(None)
def b09_slicing_per_tap(dout, x, w, stride=1, padding="valid"):
    dout = np.asarray(dout, dtype=float)
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    L, K = len(x), len(w)
    left, right, _ = _pads(L, K, stride, padding)
    xp = np.pad(x, (left, right))
    dxp = np.zeros_like(xp)
    dw = np.empty(K)
    span = (len(dout) - 1) * stride + 1
    for k in range(K):
        dxp[k:k + span:stride] += dout * w[k]
        dw[k] = dout @ xp[k:k + span:stride]
    return dxp[left:left + L], dw


# ======================================================================================
# conv1d-backward: flawed implementations (one mistake each)
# ======================================================================================
@student("gradient-overwritten", also=("wrong-values",))
def b10_dx_assigned(dout, x, w, stride=1, padding="valid"):
    dout = np.asarray(dout, dtype=float)
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    L, K = len(x), len(w)
    left, right, _ = _pads(L, K, stride, padding)
    xp = np.pad(x, (left, right))
    dxp = np.zeros_like(xp)
    dw = np.zeros(K)
    for t in range(len(dout)):
        for k in range(K):
            dxp[t * stride + k] = dout[t] * w[k]
            dw[k] += dout[t] * xp[t * stride + k]
    return dxp[left:left + L], dw


@student("gradient-overwritten", also=("wrong-values",))
def b11_dw_assigned(dout, x, w, stride=1, padding="valid"):
    dout = np.asarray(dout, dtype=float)
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    L, K = len(x), len(w)
    left, right, T = _pads(L, K, stride, padding)
    xp = np.pad(x, (left, right))
    dxp = np.zeros_like(xp)
    dw = np.zeros(K)
    for t in range(T):
        window = xp[t * stride:t * stride + K]
        dxp[t * stride:t * stride + K] += dout[t] * w
        dw = dout[t] * window
    return dxp[left:left + L], dw


@student("kernel-flipped")
def b12_full_correlation_unflipped(dout, x, w, stride=1, padding="valid"):
    dout = np.asarray(dout, dtype=float)
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    L, K = len(x), len(w)
    left, right, _ = _pads(L, K, stride, padding)
    Lp = L + left + right
    dd = _dilate(dout, stride)
    # "the backward of a correlation is a full correlation with the same kernel"
    dxp = np.correlate(np.pad(dd, (K - 1, K - 1)), w, mode="valid")
    dxp = np.pad(dxp, (0, Lp - len(dxp)))
    xp = np.pad(x, (left, right))
    dw = np.correlate(xp[:len(dd) + K - 1], dd, mode="valid")
    return dxp[left:left + L], dw


@student("kernel-flipped")
def b13_scatter_flipped_tap(dout, x, w, stride=1, padding="valid"):
    dout = np.asarray(dout, dtype=float)
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    L, K = len(x), len(w)
    left, right, _ = _pads(L, K, stride, padding)
    xp = np.pad(x, (left, right))
    dxp = np.zeros_like(xp)
    dw = np.zeros(K)
    for t in range(len(dout)):
        base = t * stride
        for k in range(K):
            dw[k] += dout[t] * xp[base + k]
            dxp[base + k] += dout[t] * w[K - 1 - k]
    return dxp[left:left + L], dw


@student("kernel-flipped")
def b14_convolve_double_flip(dout, x, w, stride=1, padding="valid"):
    dout = np.asarray(dout, dtype=float)
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    L, K = len(x), len(w)
    left, right, _ = _pads(L, K, stride, padding)
    Lp = L + left + right
    dd = _dilate(dout, stride)
    w_rot = w[::-1]  # rotate the filter by 180 degrees for the backward pass
    dxp = np.convolve(dd, w_rot)
    dxp = np.concatenate([dxp, np.zeros(Lp - len(dxp))])
    xp = np.pad(x, (left, right))
    dw = np.convolve(xp, dd[::-1], mode="valid")[:K]
    return dxp[left:left + L], dw


@student("stride-ignored")
def b15_dx_not_strided(dout, x, w, stride=1, padding="valid"):
    dout = np.asarray(dout, dtype=float)
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    L, K = len(x), len(w)
    left, right, _ = _pads(L, K, stride, padding)
    xp = np.pad(x, (left, right))
    dxp = np.zeros_like(xp)
    dw = np.zeros(K)
    for t in range(len(dout)):
        for k in range(K):
            dw[k] += dout[t] * xp[t * stride + k]
            dxp[t + k] += dout[t] * w[k]
    return dxp[left:left + L], dw


@student("stride-ignored")
def b16_dw_contiguous_windows(dout, x, w, stride=1, padding="valid"):
    dout = np.asarray(dout, dtype=float)
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    L, K = len(x), len(w)
    left, right, _ = _pads(L, K, stride, padding)
    xp = np.pad(x, (left, right))
    T = len(dout)
    dxp = np.zeros_like(xp)
    span = (T - 1) * stride + 1
    for k in range(K):
        dxp[k:k + span:stride] += dout * w[k]
    dw = np.array([dout @ xp[k:k + T] for k in range(K)])
    return dxp[left:left + L], dw


@student("stride-spread")
def b17_dilate_with_stride_zeros(dout, x, w, stride=1, padding="valid"):
    dout = np.asarray(dout, dtype=float)
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    L, K = len(x), len(w)
    left, right, T = _pads(L, K, stride, padding)
    Lp = L + left + right
    # put `stride` zeros between the upstream gradients
    dd = np.zeros((T - 1) * (stride + 1) + 1)
    dd[::stride + 1] = dout
    dxp = np.convolve(dd, w)
    if len(dxp) < Lp:
        dxp = np.concatenate([dxp, np.zeros(Lp - len(dxp))])
    xp = np.pad(x, (left, right))
    dw = np.zeros(K)
    for t in range(T):
        dw += dout[t] * xp[t * stride:t * stride + K]
    return dxp[left:left + L], dw


@student("padding-not-cropped")
def b18_returns_padded_dx(dout, x, w, stride=1, padding="valid"):
    dout = np.asarray(dout, dtype=float)
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    K = len(w)
    left, right, _ = _pads(len(x), K, stride, padding)
    xp = np.pad(x, (left, right))
    dx = np.zeros_like(xp)
    dw = np.zeros(K)
    for t, g in enumerate(dout):
        s = t * stride
        dx[s:s + K] += g * w
        dw += g * xp[s:s + K]
    return dx, dw


@student("padding-side")
def b19_crop_all_from_left(dout, x, w, stride=1, padding="valid"):
    dout = np.asarray(dout, dtype=float)
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    L, K = len(x), len(w)
    left, right, _ = _pads(L, K, stride, padding)
    xp = np.pad(x, (left, right))
    dxp = np.zeros_like(xp)
    dw = np.zeros(K)
    for t, g in enumerate(dout):
        s = t * stride
        dxp[s:s + K] += g * w
        dw += g * xp[s:s + K]
    pad_total = left + right
    return dxp[pad_total:], dw


@student("padding-side")
def b20_same_extra_cell_left(dout, x, w, stride=1, padding="valid"):
    dout = np.asarray(dout, dtype=float)
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    L, K = len(x), len(w)
    if padding == "valid":
        left = right = 0
    elif padding == "same":
        n_out = math.ceil(L / stride)
        total = max((n_out - 1) * stride + K - L, 0)
        right = total // 2
        left = total - right
    else:
        left = right = int(padding)
    xp = np.pad(x, (left, right))
    dxp = np.zeros_like(xp)
    dw = np.zeros(K)
    for t in range(len(dout)):
        for k in range(K):
            dxp[t * stride + k] += dout[t] * w[k]
            dw[k] += dout[t] * xp[t * stride + k]
    return dxp[left:left + L], dw


@student("missing-padding")
def b21_no_padding_at_all(dout, x, w, stride=1, padding="valid"):
    dout = np.asarray(dout, dtype=float)
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    L, K = len(x), len(w)
    dx = np.zeros(L)
    dw = np.zeros(K)
    for t in range(len(dout)):
        for k in range(K):
            dx[t * stride + k] += dout[t] * w[k]
            dw[k] += dout[t] * x[t * stride + k]
    return dx, dw


@student("missing-padding", also=("index-shifted",))
def b22_dw_reads_unpadded_x(dout, x, w, stride=1, padding="valid"):
    dout = np.asarray(dout, dtype=float)
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    L, K = len(x), len(w)
    left, right, _ = _pads(L, K, stride, padding)
    dxp = np.zeros(L + left + right)
    dw = np.zeros(K)
    for t in range(len(dout)):
        for k in range(K):
            j = t * stride + k
            dxp[j] += dout[t] * w[k]
            if j < L:
                dw[k] += dout[t] * x[j]
    return dxp[left:left + L], dw


@student("index-shifted")
def b23_dw_one_based_index(dout, x, w, stride=1, padding="valid"):
    dout = np.asarray(dout, dtype=float)
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    L, K = len(x), len(w)
    left, right, _ = _pads(L, K, stride, padding)
    xp = np.pad(x, (left, right))
    dxp = np.zeros_like(xp)
    dw = np.zeros(K)
    for t in range(len(dout)):
        for k in range(K):
            dxp[t * stride + k] += dout[t] * w[k]
            dw[k] += dout[t] * xp[t * stride + k - 1]
    return dxp[left:left + L], dw


@student("index-shifted")
def b24_dx_tap_offset(dout, x, w, stride=1, padding="valid"):
    dout = np.asarray(dout, dtype=float)
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    L, K = len(x), len(w)
    left, right, _ = _pads(L, K, stride, padding)
    xp = np.pad(x, (left, right))
    dxp = np.zeros(len(xp) + 1)  # one spare cell so the slices never run off the end
    dw = np.empty(K)
    span = (len(dout) - 1) * stride + 1
    for k in range(K):
        dw[k] = dout @ xp[k:k + span:stride]
        dxp[k + 1:k + 1 + span:stride] += dout * w[k]
    return dxp[left:left + L], dw


@student("dw-reversed")
def b25_correlate_args_swapped(dout, x, w, stride=1, padding="valid"):
    dout = np.asarray(dout, dtype=float)
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    L, K = len(x), len(w)
    left, right, _ = _pads(L, K, stride, padding)
    Lp = L + left + right
    dd = _dilate(dout, stride)
    dxp = np.correlate(np.pad(dd, (K - 1, K - 1)), w[::-1], mode="valid")
    dxp = np.pad(dxp, (0, Lp - len(dxp)))
    xp = np.pad(x, (left, right))
    dw = np.correlate(dd, xp[:len(dd) + K - 1], mode="valid")
    return dxp[left:left + L], dw


@student("dw-reversed")
def b26_dw_stored_flipped(dout, x, w, stride=1, padding="valid"):
    dout = np.asarray(dout, dtype=float)
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    L, K = len(x), len(w)
    left, right, _ = _pads(L, K, stride, padding)
    xp = np.pad(x, (left, right))
    dxp = np.zeros_like(xp)
    dw = np.zeros(K)
    for t in range(len(dout)):
        for k in range(K):
            dxp[t * stride + k] += dout[t] * w[k]
            # the filter is rotated in a convolution, so its gradient is too
            dw[K - 1 - k] += dout[t] * xp[t * stride + k]
    return dxp[left:left + L], dw


@student("results-swapped")
def b27_returns_dw_dx(dout, x, w, stride=1, padding="valid"):
    dout = np.asarray(dout, dtype=float)
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    L, K = len(x), len(w)
    left, right, _ = _pads(L, K, stride, padding)
    xp = np.pad(x, (left, right))
    T = len(dout)
    cols = np.stack([xp[t * stride:t * stride + K] for t in range(T)])
    dw = cols.T @ dout
    dcols = np.outer(dout, w)
    dxp = np.zeros_like(xp)
    for t in range(T):
        dxp[t * stride:t * stride + K] += dcols[t]
    dx = dxp[left:left + L]
    return dw, dx


@student("last-window-skipped")
def b28_loop_one_short(dout, x, w, stride=1, padding="valid"):
    dout = np.asarray(dout, dtype=float)
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    L, K = len(x), len(w)
    left, right, _ = _pads(L, K, stride, padding)
    xp = np.pad(x, (left, right))
    dxp = np.zeros_like(xp)
    dw = np.zeros(K)
    for t in range(len(dout) - 1):
        dxp[t * stride:t * stride + K] += dout[t] * w
        dw += dout[t] * xp[t * stride:t * stride + K]
    return dxp[left:left + L], dw


@student("last-window-skipped")
def b29_output_length_without_plus_one(dout, x, w, stride=1, padding="valid"):
    dout = np.asarray(dout, dtype=float)
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    L, K = len(x), len(w)
    left, right, _ = _pads(L, K, stride, padding)
    xp = np.pad(x, (left, right))
    Lp = len(xp)
    n_windows = (Lp - K) // stride
    dxp = np.zeros(Lp)
    dw = np.zeros(K)
    for t in range(n_windows):
        for k in range(K):
            dxp[t * stride + k] += dout[t] * w[k]
            dw[k] += dout[t] * xp[t * stride + k]
    return dxp[left:left + L], dw


@student("dtype-truncation")
def b30_grad_like_padded_input(dout, x, w, stride=1, padding="valid"):
    dout = np.asarray(dout, dtype=float)
    x = np.asarray(x)
    w = np.asarray(w, dtype=float)
    L, K = len(x), len(w)
    left, right, _ = _pads(L, K, stride, padding)
    xp = np.pad(x, (left, right))
    dxp = np.zeros_like(xp)
    dw = np.zeros(K)
    for t in range(len(dout)):
        for k in range(K):
            dxp[t * stride + k] += dout[t] * w[k]
            dw[k] += dout[t] * xp[t * stride + k]
    return dxp[left:left + L], dw


@student("dtype-truncation")
def b31_dx_zeros_like_x(dout, x, w, stride=1, padding="valid"):
    dout = np.asarray(dout, dtype=float)
    x = np.asarray(x)
    w = np.asarray(w, dtype=float)
    L, K = len(x), len(w)
    left, right, _ = _pads(L, K, stride, padding)
    xp = np.pad(x.astype(float), (left, right))
    idx = np.arange(len(dout))[:, None] * stride + np.arange(K)[None, :]
    dxp = np.zeros(len(xp))
    np.add.at(dxp, idx, np.outer(dout, w))
    dw = dout @ xp[idx]
    dx = np.zeros_like(x)
    dx[:] = dxp[left:left + L]
    return dx, dw


_GRAD_BUFFERS = {}


@student("stateful")
def b32_reused_grad_buffer(dout, x, w, stride=1, padding="valid"):
    dout = np.asarray(dout, dtype=float)
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    L, K = len(x), len(w)
    left, right, _ = _pads(L, K, stride, padding)
    xp = np.pad(x, (left, right))
    Lp = len(xp)
    dxp = _GRAD_BUFFERS.setdefault(Lp, np.zeros(Lp))  # avoid reallocating every call
    dw = np.zeros(K)
    for t in range(len(dout)):
        dxp[t * stride:t * stride + K] += dout[t] * w
        dw += dout[t] * xp[t * stride:t * stride + K]
    return dxp[left:left + L].copy(), dw


@student("modifies-input")
def b33_flips_kernel_in_place(dout, x, w, stride=1, padding="valid"):
    dout = np.asarray(dout, dtype=float)
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    L, K = len(x), len(w)
    left, right, _ = _pads(L, K, stride, padding)
    Lp = L + left + right
    w[:] = w[::-1]  # rotate the kernel for the full correlation
    dd = _dilate(dout, stride)
    dxp = np.correlate(np.pad(dd, (K - 1, K - 1)), w, mode="valid")
    dxp = np.pad(dxp, (0, Lp - len(dxp)))
    xp = np.pad(x, (left, right))
    dw = np.correlate(xp[:len(dd) + K - 1], dd, mode="valid")
    return dxp[left:left + L], dw


@student("wrong-values")
def b34_dw_averaged(dout, x, w, stride=1, padding="valid"):
    dout = np.asarray(dout, dtype=float)
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    L, K = len(x), len(w)
    left, right, T = _pads(L, K, stride, padding)
    xp = np.pad(x, (left, right))
    dxp = np.zeros_like(xp)
    dw = np.zeros(K)
    for t in range(T):
        dxp[t * stride:t * stride + K] += dout[t] * w
        dw += dout[t] * xp[t * stride:t * stride + K]
    dw /= T  # the weights are shared by every window, so average their gradient
    return dxp[left:left + L], dw


# ======================================================================================
# conv-transpose1d: correct implementations
# ======================================================================================
@student(None, exercise="conv-transpose1d")
def t01_scatter_loops(x, w, stride=1, padding=0, output_padding=0):
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    L, K = len(x), len(w)
    n_out = (L - 1) * stride - 2 * padding + K + output_padding
    if n_out <= 0:
        raise ValueError("output length would be non-positive")
    full = np.zeros((L - 1) * stride + K + output_padding)
    for i in range(L):
        for k in range(K):
            full[i * stride + k] += x[i] * w[k]
    return full[padding:padding + n_out]


@student(None, exercise="conv-transpose1d")
def t02_zero_insert_flipped_correlation(x, w, stride=1, padding=0, output_padding=0):
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    L, K = len(x), len(w)
    xd = np.zeros((L - 1) * stride + 1)
    xd[::stride] = x
    padded = np.pad(xd, (K - 1, K - 1))
    full = np.correlate(padded, w[::-1], mode="valid")
    full = np.concatenate([full, np.zeros(output_padding)])
    if len(full) - 2 * padding <= 0:
        return np.array([])
    return full[padding:len(full) - padding]


@student(None, exercise="conv-transpose1d")
def t03_add_at(x, w, stride=1, padding=0, output_padding=0):
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    L, K = x.size, w.size
    n_out = (L - 1) * stride + K + output_padding - 2 * padding
    if n_out < 1:
        raise ValueError(f"invalid output length {n_out}")
    full = np.zeros((L - 1) * stride + K + output_padding)
    idx = np.arange(L)[:, None] * stride + np.arange(K)[None, :]
    np.add.at(full, idx, np.outer(x, w))
    return full[padding:padding + n_out]


@student(None, exercise="conv-transpose1d")
def t04_matrix_transposed(x, w, stride=1, padding=0, output_padding=0):
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    L, K = len(x), len(w)
    N = (L - 1) * stride + K
    # forward strided conv N -> L as a matrix; the transposed conv is its transpose
    C = np.zeros((L, N))
    for i in range(L):
        C[i, i * stride:i * stride + K] = w
    full = C.T @ x
    full = np.append(full, np.zeros(output_padding))
    n_out = N + output_padding - 2 * padding
    if n_out <= 0:
        raise ValueError("empty output")
    return full[padding:padding + n_out]


@student(None, exercise="conv-transpose1d")
def t05_np_convolve(x, w, stride=1, padding=0, output_padding=0):
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    L = len(x)
    xd = np.zeros((L - 1) * stride + 1)
    xd[::stride] = x
    full = np.convolve(xd, w)
    full = np.concatenate([full, np.zeros(output_padding)])
    end = len(full) - padding
    if end <= padding:
        raise ValueError("padding too large for this input")
    return full[padding:end]


@student(None, exercise="conv-transpose1d")
def t06_outer_col2im(x, w, stride=1, padding=0, output_padding=0):
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    L, K = len(x), len(w)
    cols = np.outer(x, w)  # (L, K): every input sample stamps a scaled kernel
    full = np.zeros((L - 1) * stride + K + output_padding)
    for i, row in enumerate(cols):
        full[i * stride:i * stride + K] += row
    n_out = len(full) - 2 * padding
    if n_out <= 0:
        raise ValueError("output would be empty")
    return full[padding:padding + n_out]


@student(None, exercise="conv-transpose1d")
def t07_pure_python(x, w, stride=1, padding=0, output_padding=0):
    xs = [float(v) for v in x]
    ws = [float(v) for v in w]
    L, K = len(xs), len(ws)
    size = (L - 1) * stride + K + output_padding
    n_out = size - 2 * padding
    if n_out <= 0:
        return []
    full = [0.0] * size
    for i, xi in enumerate(xs):
        for k, wk in enumerate(ws):
            full[i * stride + k] += xi * wk
    return full[padding:padding + n_out]


@student(None, exercise="conv-transpose1d")
def t08_while_loops(x, w, stride=1, padding=0, output_padding=0):
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    L, K = len(x), len(w)
    n_out = (L - 1) * stride - 2 * padding + K + output_padding
    if n_out <= 0:
        raise ValueError("bad sizes")
    out = np.zeros(n_out)
    i = 0
    while i < L:
        k = 0
        while k < K:
            j = i * stride + k - padding
            if 0 <= j < n_out:
                out[j] += x[i] * w[k]
            k += 1
        i += 1
    return out


@student(None, exercise="conv-transpose1d")
def t09_slicing_per_tap(x, w, stride=1, padding=0, output_padding=0):
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    L, K = len(x), len(w)
    full = np.zeros((L - 1) * stride + K + output_padding)
    span = (L - 1) * stride + 1
    for k in range(K):
        full[k:k + span:stride] += x * w[k]
    n_out = len(full) - 2 * padding
    if n_out <= 0:
        raise ValueError("non-positive output length")
    return full[padding:padding + n_out]


@student(None, exercise="conv-transpose1d")
def t10_pad_k_minus_1_then_crop(x, w, stride=1, padding=0, output_padding=0):
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    L, K = len(x), len(w)
    xd = np.zeros((L - 1) * stride + 1)
    xd[::stride] = x
    # K-1 zeros each side (+ output_padding on the right), then remove `padding` per side
    padded = np.pad(xd, (K - 1, K - 1 + output_padding))
    padded = padded[padding:len(padded) - padding]
    if len(padded) < K:
        raise ValueError("output would be empty")
    return np.correlate(padded, w[::-1], mode="valid")


# ======================================================================================
# conv-transpose1d: flawed implementations (one mistake each)
# ======================================================================================
@student("kernel-flipped", exercise="conv-transpose1d")
def t11_zero_insert_unflipped(x, w, stride=1, padding=0, output_padding=0):
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    L, K = len(x), len(w)
    xd = np.zeros((L - 1) * stride + 1)
    xd[::stride] = x
    padded = np.pad(xd, (K - 1, K - 1))
    full = np.correlate(padded, w, mode="valid")
    full = np.concatenate([full, np.zeros(output_padding)])
    return full[padding:len(full) - padding]


@student("kernel-flipped", exercise="conv-transpose1d")
def t12_scatter_flipped_tap(x, w, stride=1, padding=0, output_padding=0):
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    L, K = len(x), len(w)
    n_out = (L - 1) * stride - 2 * padding + K + output_padding
    full = np.zeros((L - 1) * stride + K + output_padding)
    for i in range(L):
        for k in range(K):
            full[i * stride + k] += x[i] * w[K - 1 - k]
    return full[padding:padding + n_out]


@student("kernel-flipped", exercise="conv-transpose1d")
def t13_convolve_with_rotated_kernel(x, w, stride=1, padding=0, output_padding=0):
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    L = len(x)
    xd = np.zeros((L - 1) * stride + 1)
    xd[::stride] = x
    full = np.convolve(xd, np.flip(w))  # transposed conv = conv with the rotated kernel
    full = np.concatenate([full, np.zeros(output_padding)])
    return full[padding:len(full) - padding]


@student("stride-ignored", exercise="conv-transpose1d")
def t14_scatter_not_strided(x, w, stride=1, padding=0, output_padding=0):
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    L, K = len(x), len(w)
    n_out = (L - 1) * stride - 2 * padding + K + output_padding
    full = np.zeros((L - 1) * stride + K + output_padding)
    for i in range(L):
        for k in range(K):
            full[i + k] += x[i] * w[k]
    return full[padding:padding + n_out]


@student("stride-ignored", exercise="conv-transpose1d")
def t15_no_zero_insertion(x, w, stride=1, padding=0, output_padding=0):
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    full = np.convolve(x, w)
    full = np.append(full, np.zeros(output_padding))
    return full[padding:len(full) - padding]


@student("stride-spread", exercise="conv-transpose1d")
def t16_stride_zeros_between(x, w, stride=1, padding=0, output_padding=0):
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    L, K = len(x), len(w)
    n_out = (L - 1) * stride - 2 * padding + K + output_padding
    xd = np.zeros((L - 1) * (stride + 1) + 1)
    xd[::stride + 1] = x
    full = np.convolve(xd, w)
    full = np.concatenate([full, np.zeros(output_padding)])
    return full[padding:padding + n_out]


@student("padding-not-cropped", exercise="conv-transpose1d")
def t17_full_returned(x, w, stride=1, padding=0, output_padding=0):
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    L, K = len(x), len(w)
    out = np.zeros((L - 1) * stride + K + output_padding)
    for i in range(L):
        out[i * stride:i * stride + K] += x[i] * w
    return out


@student("padding-not-cropped", exercise="conv-transpose1d")
def t18_padding_added(x, w, stride=1, padding=0, output_padding=0):
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    L, K = len(x), len(w)
    full = np.zeros((L - 1) * stride + K + output_padding)
    span = (L - 1) * stride + 1
    for k in range(K):
        full[k:k + span:stride] += x * w[k]
    return np.pad(full, (padding, padding))


@student("padding-side", exercise="conv-transpose1d")
def t19_crop_twice_from_left(x, w, stride=1, padding=0, output_padding=0):
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    L, K = len(x), len(w)
    full = np.zeros((L - 1) * stride + K + output_padding)
    for i in range(L):
        for k in range(K):
            full[i * stride + k] += x[i] * w[k]
    return full[2 * padding:]


@student("padding-side", exercise="conv-transpose1d", also=("transposed-length",))
def t20_crop_left_only(x, w, stride=1, padding=0, output_padding=0):
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    L, K = len(x), len(w)
    idx = np.arange(L)[:, None] * stride + np.arange(K)[None, :]
    full = np.zeros((L - 1) * stride + K + output_padding)
    np.add.at(full, idx, np.outer(x, w))
    return full[padding:]


@student("gradient-overwritten", exercise="conv-transpose1d", also=("wrong-values",))
def t21_overlap_assigned(x, w, stride=1, padding=0, output_padding=0):
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    L, K = len(x), len(w)
    n_out = (L - 1) * stride - 2 * padding + K + output_padding
    full = np.zeros((L - 1) * stride + K + output_padding)
    for i in range(L):
        full[i * stride:i * stride + K] = x[i] * w
    return full[padding:padding + n_out]


@student("index-shifted", exercise="conv-transpose1d")
def t22_crop_one_late(x, w, stride=1, padding=0, output_padding=0):
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    L, K = len(x), len(w)
    n_out = (L - 1) * stride - 2 * padding + K + output_padding
    full = np.zeros((L - 1) * stride + K + output_padding + 1)  # +1 to be safe
    for i in range(L):
        for k in range(K):
            full[i * stride + k] += x[i] * w[k]
    return full[padding + 1:padding + 1 + n_out]


@student("index-shifted", exercise="conv-transpose1d")
def t23_pad_k_left(x, w, stride=1, padding=0, output_padding=0):
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    L, K = len(x), len(w)
    n_out = (L - 1) * stride - 2 * padding + K + output_padding
    xd = np.zeros((L - 1) * stride + 1)
    xd[::stride] = x
    padded = np.pad(xd, (K, K - 1))
    full = np.correlate(padded, w[::-1], mode="valid")
    full = np.concatenate([full, np.zeros(output_padding)])
    return full[padding:padding + n_out]


@student("output-padding-ignored", exercise="conv-transpose1d")
def t24_output_padding_unused(x, w, stride=1, padding=0, output_padding=0):
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    L, K = len(x), len(w)
    full = np.zeros((L - 1) * stride + K)
    for i in range(L):
        full[i * stride:i * stride + K] += x[i] * w
    return full[padding:len(full) - padding]


@student("output-padding-ignored", exercise="conv-transpose1d")
def t25_output_padding_cells_missing(x, w, stride=1, padding=0, output_padding=0):
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    L, K = len(x), len(w)
    n_out = (L - 1) * stride - 2 * padding + K + output_padding
    xd = np.zeros((L - 1) * stride + 1)
    xd[::stride] = x
    full = np.convolve(xd, w)
    return full[padding:padding + n_out]


@student("transposed-length", exercise="conv-transpose1d")
def t26_length_l_times_stride(x, w, stride=1, padding=0, output_padding=0):
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    L, K = len(x), len(w)
    full = np.zeros(L * stride + output_padding)  # upsampling by `stride`
    for i in range(L):
        for k in range(K):
            full[i * stride + k] += x[i] * w[k]
    return full[padding:len(full) - padding]


@student("transposed-length", exercise="conv-transpose1d", also=("padding-side",))
def t27_length_padding_once(x, w, stride=1, padding=0, output_padding=0):
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    L, K = len(x), len(w)
    n_out = (L - 1) * stride + K - padding + output_padding
    full = np.zeros((L - 1) * stride + K + output_padding)
    for i in range(L):
        full[i * stride:i * stride + K] += x[i] * w
    return full[padding:padding + n_out]


@student("transposed-length", exercise="conv-transpose1d")
def t28_zeros_after_every_sample(x, w, stride=1, padding=0, output_padding=0):
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    L = len(x)
    xd = np.zeros(L * stride)  # each sample followed by stride-1 zeros
    xd[::stride] = x
    full = np.convolve(xd, w)
    full = np.concatenate([full, np.zeros(output_padding)])
    return full[padding:len(full) - padding]


@student("last-window-skipped", exercise="conv-transpose1d")
def t29_loop_one_short(x, w, stride=1, padding=0, output_padding=0):
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    L, K = len(x), len(w)
    n_out = (L - 1) * stride - 2 * padding + K + output_padding
    full = np.zeros((L - 1) * stride + K + output_padding)
    for i in range(L - 1):
        for k in range(K):
            full[i * stride + k] += x[i] * w[k]
    return full[padding:padding + n_out]


@student("last-window-skipped", exercise="conv-transpose1d")
def t30_dilation_loop_one_short(x, w, stride=1, padding=0, output_padding=0):
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    L, K = len(x), len(w)
    xd = np.zeros((L - 1) * stride + 1)
    for i in range(L - 1):  # place the samples, with the gaps between them
        xd[i * stride] = x[i]
    padded = np.pad(xd, (K - 1, K - 1 + output_padding))
    full = np.correlate(padded, w[::-1], mode="valid")
    return full[padding:len(full) - padding]


@student("dtype-truncation", exercise="conv-transpose1d")
def t31_output_dtype_of_x(x, w, stride=1, padding=0, output_padding=0):
    x = np.asarray(x)
    w = np.asarray(w, dtype=float)
    L, K = len(x), len(w)
    n_out = (L - 1) * stride - 2 * padding + K + output_padding
    full = np.zeros((L - 1) * stride + K + output_padding, dtype=x.dtype)
    for i in range(L):
        for k in range(K):
            full[i * stride + k] += x[i] * w[k]
    return full[padding:padding + n_out]


@student("dtype-truncation", exercise="conv-transpose1d")
def t32_cast_back_to_input_type(x, w, stride=1, padding=0, output_padding=0):
    x = np.asarray(x)
    w = np.asarray(w, dtype=float)
    L, K = len(x), len(w)
    full = np.zeros((L - 1) * stride + K + output_padding)
    span = (L - 1) * stride + 1
    for k in range(K):
        full[k:k + span:stride] += x * w[k]
    out = full[padding:len(full) - padding]
    return out.astype(x.dtype)  # keep the caller's dtype


_T_MATRIX_CACHE = {}


@student("stateful", exercise="conv-transpose1d")
def t33_cached_matrix(x, w, stride=1, padding=0, output_padding=0):
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    L, K = len(x), len(w)
    key = (L, K, stride)
    if key not in _T_MATRIX_CACHE:  # building the matrix is slow: do it once per shape
        C = np.zeros((L, (L - 1) * stride + K))
        for i in range(L):
            C[i, i * stride:i * stride + K] = w
        _T_MATRIX_CACHE[key] = C
    C = _T_MATRIX_CACHE[key]
    full = np.append(C.T @ x, np.zeros(output_padding))
    return full[padding:len(full) - padding]


@student("wrong-values", exercise="conv-transpose1d")
def t34_repeat_upsampling(x, w, stride=1, padding=0, output_padding=0):
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    L = len(x)
    xd = np.repeat(x, stride)[:(L - 1) * stride + 1]  # upsample, then convolve
    full = np.convolve(xd, w)
    full = np.concatenate([full, np.zeros(output_padding)])
    return full[padding:len(full) - padding]
