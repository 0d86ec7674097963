"""Second independent set for the backward and transposed exercises: learner
implementations written from how students really err."""
import math

import numpy as np

STUDENTS = []  # (name, exercise, expected, alternatives, fn)


def student(expected, exercise="conv1d-backward", also=()):
    def deco(fn):
        STUDENTS.append((fn.__name__, exercise, expected, tuple(also), fn))
        return fn
    return deco


# ---------------------------------------------------------------------------
# conv1d-backward: correct implementations in different styles
# ---------------------------------------------------------------------------

@student(None)
def c01_cs231n_naive_port(dout, x, w, stride=1, padding="valid"):
    # conv_backward_naive from the CS231n assignment, reduced to one channel and 1-D
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    dout = np.asarray(dout, dtype=float)
    L, K = x.shape[0], w.shape[0]
    if padding == "valid":
        pad_l = pad_r = 0
    elif padding == "same":
        out_len = int(math.ceil(L / stride))
        total = max((out_len - 1) * stride + K - L, 0)
        pad_l = total // 2
        pad_r = total - pad_l
    else:
        pad_l = pad_r = int(padding)
    xp = np.pad(x, (pad_l, pad_r), mode="constant")
    dxp = np.zeros_like(xp)
    dw = np.zeros_like(w)
    for t in range(dout.shape[0]):
        start = t * stride
        window = xp[start:start + K]
        dw += dout[t] * window
        dxp[start:start + K] += dout[t] * w
    dx = dxp[pad_l:pad_l + L]
    return dx, dw


@student(None)
def c02_toeplitz_transpose(dout, x, w, stride=1, padding="valid"):
    # forward pass written as out = M @ xp = X @ w, so the gradients are the transposes
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    g = np.asarray(dout, dtype=float)
    L, K = len(x), len(w)
    if padding == "same":
        n_same = -(-L // stride)
        tot = max((n_same - 1) * stride + K - L, 0)
        lo, hi = tot // 2, tot - tot // 2
    elif padding == "valid":
        lo = hi = 0
    else:
        lo = hi = padding
    xp = np.concatenate([np.zeros(lo), x, np.zeros(hi)])
    n = len(g)
    M = np.zeros((n, len(xp)))
    X = np.zeros((n, K))
    for t in range(n):
        M[t, t * stride:t * stride + K] = w
        X[t] = xp[t * stride:t * stride + K]
    dxp = M.T @ g
    dw = X.T @ g
    return dxp[lo:lo + L], dw


@student(None)
def c03_sliding_window_and_dilated_convolve(dout, x, w, stride=1, padding="valid"):
    from numpy.lib.stride_tricks import sliding_window_view
    x = np.asarray(x, dtype=np.float64)
    w = np.asarray(w, dtype=np.float64)
    dout = np.asarray(dout, dtype=np.float64)
    L, K, n = x.size, w.size, dout.size
    if isinstance(padding, str):
        if padding == "valid":
            left = right = 0
        else:
            total = max((math.ceil(L / stride) - 1) * stride + K - L, 0)
            left, right = total // 2, total - total // 2
    else:
        left = right = padding
    xp = np.pad(x, (left, right))
    windows = sliding_window_view(xp, K)[::stride][:n]      # (n, K)
    dw = windows.T @ dout
    dilated = np.zeros((n - 1) * stride + 1)
    dilated[::stride] = dout
    full = np.convolve(dilated, w)                          # (n-1)*stride + K
    dxp = np.zeros(xp.size)
    dxp[:full.size] = full
    return dxp[left:left + L], dw


@student(None)
def c04_loop_over_taps(dout, x, w, stride=1, padding="valid"):
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    dout = np.asarray(dout, dtype=float)
    L, K, n = len(x), len(w), len(dout)
    left = right = 0
    if padding == "same":
        need = (-(-L // stride) - 1) * stride + K - L
        if need > 0:
            left = need // 2
            right = need - left
    elif padding != "valid":
        left = right = int(padding)
    xp = np.zeros(L + left + right)
    xp[left:left + L] = x
    dxp = np.zeros_like(xp)
    dw = np.empty(K)
    span = (n - 1) * stride + 1
    for k in range(K):
        dxp[k:k + span:stride] += dout * w[k]
        dw[k] = np.dot(dout, xp[k:k + span:stride])
    return dxp[left:left + L].copy(), dw


@student(None)
def c05_outer_scatter_add_at(dout, x, w, stride=1, padding="valid"):
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    dout = np.asarray(dout, dtype=float)
    L, K, n = len(x), len(w), len(dout)
    if padding == "valid":
        pl, pr = 0, 0
    elif padding == "same":
        t = max((math.ceil(L / stride) - 1) * stride + K - L, 0)
        pl, pr = t // 2, t - t // 2
    else:
        pl = pr = int(padding)
    xp = np.pad(x, (pl, pr))
    idx = np.arange(n)[:, None] * stride + np.arange(K)[None, :]
    dxp = np.zeros(len(xp))
    np.add.at(dxp, idx, np.outer(dout, w))
    dw = (xp[idx] * dout[:, None]).sum(axis=0)
    return dxp[pl:pl + L], dw


def _c06_unfold(v, K, stride, n):
    idx = stride * np.arange(n)[:, None] + np.arange(K)
    return v[idx], idx


def _c06_fold(cols, idx, length):
    return np.bincount(idx.ravel(), weights=cols.ravel(), minlength=length)


@student(None)
def c06_unfold_fold(dout, x, w, stride=1, padding="valid"):
    # the way F.unfold / F.fold express a convolution
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    dout = np.asarray(dout, dtype=float)
    L, K, n = x.shape[0], w.shape[0], dout.shape[0]
    if padding == "same":
        total = max((int(np.ceil(L / stride)) - 1) * stride + K - L, 0)
        left = total // 2
        right = total - left
    elif padding == "valid":
        left = right = 0
    else:
        left = right = padding
    xp = np.pad(x, (left, right))
    cols, idx = _c06_unfold(xp, K, stride, n)
    dw = np.einsum("t,tk->k", dout, cols)
    dcols = dout[:, None] * w[None, :]
    dxp = _c06_fold(dcols, idx, len(xp))
    return dxp[left:left + L], dw


@student(None)
def c07_list_comprehension_gather(dout, x, w, stride=1, padding="valid"):
    # no padded array for dx: every input cell gathers the outputs that saw it
    x = [float(v) for v in np.asarray(x).ravel()]
    w = [float(v) for v in np.asarray(w).ravel()]
    g = [float(v) for v in np.asarray(dout).ravel()]
    L, K, n = len(x), len(w), len(g)
    if padding == "valid":
        left = 0
    elif padding == "same":
        left = max((math.ceil(L / stride) - 1) * stride + K - L, 0) // 2
    else:
        left = int(padding)

    def xp(j):
        j -= left
        return x[j] if 0 <= j < L else 0.0

    dw = [sum(g[t] * xp(t * stride + k) for t in range(n)) for k in range(K)]
    dx = [sum(g[t] * w[j + left - t * stride] for t in range(n)
              if 0 <= j + left - t * stride < K) for j in range(L)]
    return dx, dw


@student(None)
def c08_correlate_with_flipped_kernel(dout, x, w, stride=1, padding="valid"):
    # dx = full correlation of the (dilated) upstream gradient with the flipped kernel
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    dout = np.asarray(dout, dtype=float)
    L, K, n = len(x), len(w), len(dout)
    if padding == "same":
        L_out = math.ceil(L / stride)
        total = max((L_out - 1) * stride + K - L, 0)
        xp = np.pad(x, (total // 2, total - total // 2))
        left = total // 2
    elif padding == "valid":
        xp, left = x.copy(), 0
    else:
        xp, left = np.pad(x, padding), padding
    dil = np.zeros((n - 1) * stride + 1)
    dil[::stride] = dout
    dw = np.correlate(xp, dil, mode="valid")[:K]
    dxp = np.correlate(np.pad(dil, (K - 1, K - 1)), w[::-1], mode="valid")
    dxp = np.pad(dxp, (0, len(xp) - len(dxp)))
    return dxp[left:left + L], dw


@student(None)
def c09_recursive_accumulate(dout, x, w, stride=1, padding="valid"):
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    dout = np.asarray(dout, dtype=float)
    L, K = len(x), len(w)
    if padding == "valid":
        left, right = 0, 0
    elif padding == "same":
        total = max((-(-L // stride) - 1) * stride + K - L, 0)
        left, right = total // 2, (total + 1) // 2
    else:
        left, right = padding, padding
    xp = np.pad(x, (left, right))

    def grads(t):
        if t < 0:
            return np.zeros(len(xp)), np.zeros(K)
        dxp, dw = grads(t - 1)
        s = t * stride
        dxp[s:s + K] += dout[t] * w
        dw += dout[t] * xp[s:s + K]
        return dxp, dw

    dxp, dw = grads(len(dout) - 1)
    return [dxp[left:left + L], dw]


# ---------------------------------------------------------------------------
# conv1d-backward: one mistake each
# ---------------------------------------------------------------------------

@student("kernel-flipped")
def c10_stride_one_fast_path_double_flip(dout, x, w, stride=1, padding="valid"):
    # stride-1 fast path: "dx is dout convolved with the flipped kernel" -> np.convolve flips a
    # second time; the general strided loop is right
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    dout = np.asarray(dout, dtype=float)
    L, K, n = len(x), len(w), len(dout)
    if padding == "valid":
        left = right = 0
    elif padding == "same":
        total = max((math.ceil(L / stride) - 1) * stride + K - L, 0)
        left, right = total // 2, total - total // 2
    else:
        left = right = padding
    xp = np.pad(x, (left, right))
    if stride == 1:
        full = np.convolve(dout, w[::-1])
        dxp = np.zeros(len(xp))
        dxp[:len(full)] = full
        dw = np.correlate(xp, dout, "valid")[:K]
        return dxp[left:left + L], dw
    dxp = np.zeros(len(xp))
    dw = np.zeros(K)
    for t in range(n):
        dxp[t * stride:t * stride + K] += dout[t] * w
        dw += dout[t] * xp[t * stride:t * stride + K]
    return dxp[left:left + L], dw


@student("kernel-flipped")
def c11_pad_dout_correlate_unflipped(dout, x, w, stride=1, padding="valid"):
    # dx = correlate(pad(dout, K-1), w): the flip of w is forgotten
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    dout = np.asarray(dout, dtype=float)
    L, K, n = len(x), len(w), len(dout)
    if padding == "same":
        total = max((math.ceil(L / stride) - 1) * stride + K - L, 0)
        left, right = total // 2, total - total // 2
    elif padding == "valid":
        left = right = 0
    else:
        left = right = padding
    xp = np.pad(x, (left, right))
    dil = np.zeros((n - 1) * stride + 1)
    dil[::stride] = dout
    dxp = np.correlate(np.pad(dil, K - 1), w, mode="valid")
    dxp = np.pad(dxp, (0, len(xp) - len(dxp)))
    dw = np.array([np.dot(dout, xp[k:k + (n - 1) * stride + 1:stride]) for k in range(K)])
    return dxp[left:left + L], dw


@student("stride-ignored")
def c12_windows_without_stride_in_dw(dout, x, w, stride=1, padding="valid"):
    # dw from sliding_window_view, but every window is taken, not every stride-th one
    from numpy.lib.stride_tricks import sliding_window_view
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    dout = np.asarray(dout, dtype=float)
    L, K, n = len(x), len(w), len(dout)
    if padding == "valid":
        left = right = 0
    elif padding == "same":
        total = max((math.ceil(L / stride) - 1) * stride + K - L, 0)
        left, right = total // 2, total - total // 2
    else:
        left = right = int(padding)
    xp = np.pad(x, (left, right))
    windows = sliding_window_view(xp, K)[:n]
    dw = windows.T @ dout
    dxp = np.zeros(len(xp))
    for t in range(n):
        dxp[t * stride:t * stride + K] += dout[t] * w
    return dxp[left:left + L], dw


@student("stride-ignored")
def c13_convolve_without_zero_insertion(dout, x, w, stride=1, padding="valid"):
    # dx = np.convolve(dout, w) as for stride 1: the zeros between the dout samples are missing
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    dout = np.asarray(dout, dtype=float)
    L, K, n = len(x), len(w), len(dout)
    if padding == "valid":
        left = right = 0
    elif padding == "same":
        total = max((math.ceil(L / stride) - 1) * stride + K - L, 0)
        left, right = total // 2, total - total // 2
    else:
        left = right = padding
    xp = np.pad(x, (left, right))
    full = np.convolve(dout, w)
    dxp = np.zeros(len(xp))
    m = min(len(full), len(xp))
    dxp[:m] = full[:m]
    dw = np.zeros(K)
    for t in range(n):
        dw += dout[t] * xp[t * stride:t * stride + K]
    return dxp[left:left + L], dw


@student("stride-spread")
def c14_dilate_with_stride_zeros(dout, x, w, stride=1, padding="valid"):
    # "insert `stride` zeros between the gradient samples"
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    dout = np.asarray(dout, dtype=float)
    L, K, n = len(x), len(w), len(dout)
    if padding == "valid":
        left = right = 0
    elif padding == "same":
        total = max((math.ceil(L / stride) - 1) * stride + K - L, 0)
        left, right = total // 2, total - total // 2
    else:
        left = right = padding
    xp = np.pad(x, (left, right))
    dil = np.zeros((n - 1) * (stride + 1) + 1)
    dil[::stride + 1] = dout
    full = np.convolve(dil, w)
    dxp = np.zeros(len(xp))
    m = min(len(full), len(xp))
    dxp[:m] = full[:m]
    dw = np.zeros(K)
    for t in range(n):
        dw += dout[t] * xp[t * stride:t * stride + K]
    return dxp[left:left + L], dw


@student("padding-not-cropped")
def c15_returns_padded_dx(dout, x, w, stride=1, padding="valid"):
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    dout = np.asarray(dout, dtype=float)
    L, K = len(x), len(w)
    if padding == "valid":
        p = (0, 0)
    elif padding == "same":
        total = max((math.ceil(L / stride) - 1) * stride + K - L, 0)
        p = (total // 2, total - total // 2)
    else:
        p = (padding, padding)
    xp = np.pad(x, p)
    dxp = np.zeros_like(xp)
    dw = np.zeros_like(w)
    for t in range(len(dout)):
        dxp[t * stride:t * stride + K] += dout[t] * w
        dw += dout[t] * xp[t * stride:t * stride + K]
    return dxp, dw


@student("padding-side")
def c16_same_extra_cell_on_the_left(dout, x, w, stride=1, padding="valid"):
    # Keras 'same' with the odd cell put on the left (Caffe / old-PyTorch habit)
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    dout = np.asarray(dout, dtype=float)
    L, K = len(x), len(w)
    if padding == "valid":
        left = right = 0
    elif padding == "same":
        total = max((math.ceil(L / stride) - 1) * stride + K - L, 0)
        right = total // 2
        left = total - right
    else:
        left = right = padding
    xp = np.pad(x, (left, right))
    dxp = np.zeros(len(xp))
    dw = np.zeros(K)
    for t in range(len(dout)):
        dxp[t * stride:t * stride + K] += dout[t] * w
        dw += dout[t] * xp[t * stride:t * stride + K]
    return dxp[left:left + L], dw


@student("padding-side")
def c17_crop_all_padding_from_left(dout, x, w, stride=1, padding="valid"):
    # the padded cells are all dropped from the front: dx = dxp[left + right:]
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    dout = np.asarray(dout, dtype=float)
    L, K = len(x), len(w)
    if padding == "valid":
        left = right = 0
    elif padding == "same":
        total = max((math.ceil(L / stride) - 1) * stride + K - L, 0)
        left, right = total // 2, total - total // 2
    else:
        left = right = padding
    xp = np.pad(x, (left, right))
    dxp = np.zeros(len(xp))
    dw = np.zeros(K)
    for t in range(len(dout)):
        dxp[t * stride:t * stride + K] += dout[t] * w
        dw += dout[t] * xp[t * stride:t * stride + K]
    return dxp[left + right:], dw


@student("missing-padding")
def c18_indices_without_padding_offset(dout, x, w, stride=1, padding="valid"):
    # indexes the unpadded x directly; out-of-range cells are silently skipped
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    dout = np.asarray(dout, dtype=float)
    L, K = len(x), len(w)
    dx = np.zeros(L)
    dw = np.zeros(K)
    for t in range(len(dout)):
        for k in range(K):
            j = t * stride + k
            if j < L:
                dx[j] += dout[t] * w[k]
                dw[k] += dout[t] * x[j]
    return dx, dw


@student("missing-padding")
def c19_int_padding_treated_as_valid(dout, x, w, stride=1, padding="valid"):
    # handles 'same' but an integer padding falls through to the 'valid' branch
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    dout = np.asarray(dout, dtype=float)
    L, K = len(x), len(w)
    if padding == "same":
        total = max((math.ceil(L / stride) - 1) * stride + K - L, 0)
        left, right = total // 2, total - total // 2
    else:
        left = right = 0
    xp = np.pad(x, (left, right))
    dxp = np.zeros(len(xp))
    dw = np.zeros(K)
    for t in range(len(dout)):
        for k in range(K):
            dxp[t * stride + k] += dout[t] * w[k]
            dw[k] += dout[t] * xp[t * stride + k]
    return dxp[left:left + L], dw


@student("gradient-overwritten", also=("wrong-values",))
def c20_dx_assigned_not_accumulated(dout, x, w, stride=1, padding="valid"):
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    dout = np.asarray(dout, dtype=float)
    L, K = len(x), len(w)
    if padding == "valid":
        left = right = 0
    elif padding == "same":
        total = max((math.ceil(L / stride) - 1) * stride + K - L, 0)
        left, right = total // 2, total - total // 2
    else:
        left = right = padding
    xp = np.pad(x, (left, right))
    dxp = np.zeros(len(xp))
    dw = np.zeros(K)
    for t in range(len(dout)):
        for k in range(K):
            dxp[t * stride + k] = dout[t] * w[k]
            dw[k] += dout[t] * xp[t * stride + k]
    return dxp[left:left + L], dw


@student("gradient-overwritten", also=("wrong-values",))
def c21_dw_reassigned_per_window(dout, x, w, stride=1, padding="valid"):
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    dout = np.asarray(dout, dtype=float)
    L, K = len(x), len(w)
    if padding == "valid":
        left = right = 0
    elif padding == "same":
        total = max((math.ceil(L / stride) - 1) * stride + K - L, 0)
        left, right = total // 2, total - total // 2
    else:
        left = right = padding
    xp = np.pad(x, (left, right))
    dxp = np.zeros(len(xp))
    dw = np.zeros(K)
    for t in range(len(dout)):
        s = t * stride
        dxp[s:s + K] += dout[t] * w
        dw = dout[t] * xp[s:s + K]
    return dxp[left:left + L], dw


@student("index-shifted")
def c22_dw_one_based_taps(dout, x, w, stride=1, padding="valid"):
    # taps counted 1..K (MATLAB habit): w[k-1] is right, xp[t*stride + k] is one cell late
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    dout = np.asarray(dout, dtype=float)
    L, K = len(x), len(w)
    if padding == "valid":
        left = right = 0
    elif padding == "same":
        total = max((math.ceil(L / stride) - 1) * stride + K - L, 0)
        left, right = total // 2, total - total // 2
    else:
        left = right = padding
    xp = np.pad(x, (left, right))
    dxp = np.zeros(len(xp))
    dw = np.zeros(K)
    for t in range(len(dout)):
        for k in range(1, K + 1):
            j = t * stride + k
            dxp[j - 1] += dout[t] * w[k - 1]
            if j < len(xp):
                dw[k - 1] += dout[t] * xp[j]
    return dxp[left:left + L], dw


@student("index-shifted")
def c23_drops_first_cell_of_full_convolution(dout, x, w, stride=1, padding="valid"):
    # takes np.convolve(...)[1:] thinking the full result carries one extra leading cell
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    dout = np.asarray(dout, dtype=float)
    L, K, n = len(x), len(w), len(dout)
    if padding == "valid":
        left = right = 0
    elif padding == "same":
        total = max((math.ceil(L / stride) - 1) * stride + K - L, 0)
        left, right = total // 2, total - total // 2
    else:
        left = right = padding
    xp = np.pad(x, (left, right))
    dil = np.zeros((n - 1) * stride + 1)
    dil[::stride] = dout
    full = np.convolve(dil, w)[1:]
    dxp = np.zeros(len(xp))
    dxp[:len(full)] = full
    dw = np.correlate(xp, dil, "valid")[:K]
    return dxp[left:left + L], dw


@student("dw-reversed")
def c24_correlate_arguments_swapped(dout, x, w, stride=1, padding="valid"):
    # np.correlate(dout, x) where np.correlate(x, dout) belongs
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    dout = np.asarray(dout, dtype=float)
    L, K, n = len(x), len(w), len(dout)
    if padding == "valid":
        left = right = 0
    elif padding == "same":
        total = max((math.ceil(L / stride) - 1) * stride + K - L, 0)
        left, right = total // 2, total - total // 2
    else:
        left = right = padding
    xp = np.pad(x, (left, right))
    dil = np.zeros((n - 1) * stride + 1)
    dil[::stride] = dout
    used = xp[:(n - 1) * stride + K]
    dw = np.correlate(dil, used, mode="valid")
    dxp = np.zeros(len(xp))
    full = np.convolve(dil, w)
    dxp[:len(full)] = full
    return dxp[left:left + L], dw


@student("results-swapped")
def c25_returns_dw_dx(dout, x, w, stride=1, padding="valid"):
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    dout = np.asarray(dout, dtype=float)
    L, K = len(x), len(w)
    if padding == "valid":
        left = right = 0
    elif padding == "same":
        total = max((math.ceil(L / stride) - 1) * stride + K - L, 0)
        left, right = total // 2, total - total // 2
    else:
        left = right = padding
    xp = np.pad(x, (left, right))
    dxp = np.zeros(len(xp))
    dw = np.zeros(K)
    for t in range(len(dout)):
        dxp[t * stride:t * stride + K] += dout[t] * w
        dw += dout[t] * xp[t * stride:t * stride + K]
    return dw, dxp[left:left + L]


@student("last-window-skipped")
def c26_while_loop_strict_bound(dout, x, w, stride=1, padding="valid"):
    # while start + K < len(xp): misses the window that ends exactly at the end
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    dout = np.asarray(dout, dtype=float)
    L, K = len(x), len(w)
    if padding == "valid":
        left = right = 0
    elif padding == "same":
        total = max((math.ceil(L / stride) - 1) * stride + K - L, 0)
        left, right = total // 2, total - total // 2
    else:
        left = right = padding
    xp = np.pad(x, (left, right))
    dxp = np.zeros(len(xp))
    dw = np.zeros(K)
    t = 0
    start = 0
    while start + K < len(xp):
        dxp[start:start + K] += dout[t] * w
        dw += dout[t] * xp[start:start + K]
        t += 1
        start += stride
    return dxp[left:left + L], dw


@student("last-window-skipped")
def c27_output_length_without_plus_one(dout, x, w, stride=1, padding="valid"):
    # recomputes the number of windows as (Lp - K) // stride and forgets the + 1
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    dout = np.asarray(dout, dtype=float)
    L, K = len(x), len(w)
    if padding == "valid":
        left = right = 0
    elif padding == "same":
        total = max((math.ceil(L / stride) - 1) * stride + K - L, 0)
        left, right = total // 2, total - total // 2
    else:
        left = right = padding
    xp = np.pad(x, (left, right))
    n_windows = (len(xp) - K) // stride
    dxp = np.zeros(len(xp))
    dw = np.zeros(K)
    for t in range(n_windows):
        dxp[t * stride:t * stride + K] += dout[t] * w
        dw += dout[t] * xp[t * stride:t * stride + K]
    return dxp[left:left + L], dw


@student("dtype-truncation")
def c28_dx_buffer_like_int_input(dout, x, w, stride=1, padding="valid"):
    x = np.asarray(x)
    w = np.asarray(w, dtype=float)
    dout = np.asarray(dout, dtype=float)
    L, K = len(x), len(w)
    if padding == "valid":
        left = right = 0
    elif padding == "same":
        total = max((math.ceil(L / stride) - 1) * stride + K - L, 0)
        left, right = total // 2, total - total // 2
    else:
        left = right = padding
    xp = np.pad(x, (left, right))
    dxp = np.zeros_like(xp)
    dw = np.zeros(K)
    for t in range(len(dout)):
        for k in range(K):
            dxp[t * stride + k] += dout[t] * w[k]
            dw[k] += dout[t] * xp[t * stride + k]
    return dxp[left:left + L], dw


@student("dtype-truncation")
def c29_dw_zeros_like_w(dout, x, w, stride=1, padding="valid"):
    x = np.asarray(x, dtype=float)
    w = np.asarray(w)
    dout = np.asarray(dout, dtype=float)
    L, K = len(x), len(w)
    if padding == "valid":
        left = right = 0
    elif padding == "same":
        total = max((math.ceil(L / stride) - 1) * stride + K - L, 0)
        left, right = total // 2, total - total // 2
    else:
        left = right = padding
    xp = np.pad(x, (left, right))
    dxp = np.zeros(len(xp))
    dw = np.zeros_like(w)
    for t in range(len(dout)):
        dxp[t * stride:t * stride + K] += dout[t] * w
        for k in range(K):
            dw[k] += dout[t] * xp[t * stride + k]
    return dxp[left:left + L], dw


@student("modifies-input")
def c30_flips_kernel_in_place(dout, x, w, stride=1, padding="valid"):
    # w[:] = w[::-1] on the caller's array (np.asarray does not copy a float array)
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    dout = np.asarray(dout, dtype=float)
    L, K, n = len(x), len(w), len(dout)
    if padding == "valid":
        left = right = 0
    elif padding == "same":
        total = max((math.ceil(L / stride) - 1) * stride + K - L, 0)
        left, right = total // 2, total - total // 2
    else:
        left = right = padding
    xp = np.pad(x, (left, right))
    dil = np.zeros((n - 1) * stride + 1)
    dil[::stride] = dout
    w[:] = w[::-1]
    dxp = np.correlate(np.pad(dil, K - 1), w, mode="valid")
    dxp = np.pad(dxp, (0, len(xp) - len(dxp)))
    dw = np.correlate(xp, dil, mode="valid")[:K]
    return dxp[left:left + L], dw


_C31_WINDOWS = {}


@student("stateful")
def c31_caches_im2col_by_shape(dout, x, w, stride=1, padding="valid"):
    # the im2col matrix is cached by shape "for speed", so a second x of the same shape
    # reuses the first
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    dout = np.asarray(dout, dtype=float)
    L, K, n = len(x), len(w), len(dout)
    if padding == "valid":
        left = right = 0
    elif padding == "same":
        total = max((math.ceil(L / stride) - 1) * stride + K - L, 0)
        left, right = total // 2, total - total // 2
    else:
        left = right = padding
    xp = np.pad(x, (left, right))
    key = (L, K, stride, str(padding))
    if key not in _C31_WINDOWS:
        idx = np.arange(n)[:, None] * stride + np.arange(K)
        _C31_WINDOWS[key] = xp[idx]
    cols = _C31_WINDOWS[key]
    dw = cols.T @ dout
    dxp = np.zeros(len(xp))
    for t in range(n):
        dxp[t * stride:t * stride + K] += dout[t] * w
    return dxp[left:left + L], dw


@student("wrong-values")
def c32_dw_averaged_over_positions(dout, x, w, stride=1, padding="valid"):
    # divides the weight gradient by the number of output positions, as if it were a batch mean
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    dout = np.asarray(dout, dtype=float)
    L, K, n = len(x), len(w), len(dout)
    if padding == "valid":
        left = right = 0
    elif padding == "same":
        total = max((math.ceil(L / stride) - 1) * stride + K - L, 0)
        left, right = total // 2, total - total // 2
    else:
        left = right = padding
    xp = np.pad(x, (left, right))
    dxp = np.zeros(len(xp))
    dw = np.zeros(K)
    for t in range(n):
        dxp[t * stride:t * stride + K] += dout[t] * w
        dw += dout[t] * xp[t * stride:t * stride + K]
    dw /= n
    return dxp[left:left + L], dw


@student("kernel-flipped", also=("dw-reversed",))
def c33_assumes_forward_was_true_convolution(dout, x, w, stride=1, padding="valid"):
    # treats the forward pass as a flipped-kernel convolution: w reversed in dx, dw reversed too
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    dout = np.asarray(dout, dtype=float)
    L, K = len(x), len(w)
    if padding == "valid":
        left = right = 0
    elif padding == "same":
        total = max((math.ceil(L / stride) - 1) * stride + K - L, 0)
        left, right = total // 2, total - total // 2
    else:
        left = right = padding
    xp = np.pad(x, (left, right))
    dxp = np.zeros(len(xp))
    dw = np.zeros(K)
    for t in range(len(dout)):
        for k in range(K):
            dxp[t * stride + k] += dout[t] * w[K - 1 - k]
            dw[K - 1 - k] += dout[t] * xp[t * stride + k]
    return dxp[left:left + L], dw


# ---------------------------------------------------------------------------
# conv-transpose1d: correct implementations in different styles
# ---------------------------------------------------------------------------

@student(None, exercise="conv-transpose1d")
def u01_naive_scatter(x, w, stride=1, padding=0, output_padding=0):
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    L, K = len(x), len(w)
    L_out = (L - 1) * stride - 2 * padding + K + output_padding
    if L_out <= 0:
        raise ValueError("output length must be positive")
    full = np.zeros((L - 1) * stride + K + output_padding)
    for i in range(L):
        for k in range(K):
            full[i * stride + k] += x[i] * w[k]
    return full[padding:padding + L_out]


@student(None, exercise="conv-transpose1d")
def u02_zero_insert_correlate_flipped(x, w, stride=1, padding=0, output_padding=0):
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    L, K = len(x), len(w)
    L_out = (L - 1) * stride - 2 * padding + K + output_padding
    if L_out <= 0:
        return np.zeros(0)
    up = np.zeros((L - 1) * stride + 1)
    up[::stride] = x
    full = np.correlate(np.pad(up, (K - 1, K - 1)), w[::-1], mode="valid")
    full = np.concatenate([full, np.zeros(output_padding)])
    return full[padding:padding + L_out]


@student(None, exercise="conv-transpose1d")
def u03_kron_upsample_then_convolve(x, w, stride=1, padding=0, output_padding=0):
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    L = x.size
    pulse = np.zeros(stride)
    pulse[0] = 1.0
    up = np.kron(x, pulse)[:(L - 1) * stride + 1]
    full = np.pad(np.convolve(up, w, mode="full"), (0, output_padding))
    end = full.size - padding
    if end - padding <= 0:
        raise ValueError("empty output")
    return full[padding:end]


@student(None, exercise="conv-transpose1d")
def u04_transpose_of_conv_matrix(x, w, stride=1, padding=0, output_padding=0):
    # the transposed conv is literally C.T @ x, C the matrix of the strided forward conv
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    L, K = len(x), len(w)
    N = (L - 1) * stride + K + output_padding
    C = np.zeros((L, N))
    for i in range(L):
        C[i, i * stride:i * stride + K] = w
    full = C.T @ x
    L_out = N - 2 * padding
    if L_out <= 0:
        raise ValueError("bad size")
    return full[padding:padding + L_out]


@student(None, exercise="conv-transpose1d")
def u05_outer_add_at(x, w, stride=1, padding=0, output_padding=0):
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    L, K = len(x), len(w)
    full = np.zeros((L - 1) * stride + K + output_padding)
    idx = stride * np.arange(L)[:, None] + np.arange(K)[None, :]
    np.add.at(full, idx, np.outer(x, w))
    L_out = len(full) - 2 * padding
    if L_out <= 0:
        return []
    return full[padding:padding + L_out]


@student(None, exercise="conv-transpose1d")
def u06_loop_over_taps(x, w, stride=1, padding=0, output_padding=0):
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    L, K = len(x), len(w)
    L_out = (L - 1) * stride - 2 * padding + K + output_padding
    if L_out <= 0:
        raise ValueError("negative output size")
    full = np.zeros(L_out + 2 * padding)
    span = (L - 1) * stride + 1
    for k in range(K):
        full[k:k + span:stride] += w[k] * x
    return full[padding:padding + L_out].copy()


@student(None, exercise="conv-transpose1d")
def u07_gather_comprehension(x, w, stride=1, padding=0, output_padding=0):
    # each output cell gathers from the inputs that land on it
    xs = [float(v) for v in np.asarray(x).ravel()]
    ws = [float(v) for v in np.asarray(w).ravel()]
    L, K = len(xs), len(ws)
    L_out = (L - 1) * stride - 2 * padding + K + output_padding
    if L_out <= 0:
        raise ValueError("output would be empty")
    return [sum(xs[(j + padding - k) // stride] * ws[k]
                for k in range(K)
                if j + padding - k >= 0 and (j + padding - k) % stride == 0
                and (j + padding - k) // stride < L)
            for j in range(L_out)]


@student(None, exercise="conv-transpose1d")
def u08_bincount_overlap_add(x, w, stride=1, padding=0, output_padding=0):
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    L, K = len(x), len(w)
    N = (L - 1) * stride + K + output_padding
    pos = (np.arange(L)[:, None] * stride + np.arange(K)).ravel()
    full = np.bincount(pos, weights=(x[:, None] * w[None, :]).ravel(), minlength=N)
    if N - 2 * padding <= 0:
        raise ValueError("size")
    return full[padding:N - padding]


@student(None, exercise="conv-transpose1d")
def u09_recursive_overlap_add(x, w, stride=1, padding=0, output_padding=0):
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    L, K = len(x), len(w)
    N = (L - 1) * stride + K + output_padding

    def build(i):
        if i == L:
            return np.zeros(N)
        acc = build(i + 1)
        acc[i * stride:i * stride + K] += x[i] * w
        return acc

    L_out = N - 2 * padding
    if L_out <= 0:
        raise ValueError("empty")
    return list(build(0)[padding:padding + L_out])


# ---------------------------------------------------------------------------
# conv-transpose1d: one mistake each
# ---------------------------------------------------------------------------

@student("kernel-flipped", exercise="conv-transpose1d")
def u11_zero_insert_correlate_unflipped(x, w, stride=1, padding=0, output_padding=0):
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    L, K = len(x), len(w)
    L_out = (L - 1) * stride - 2 * padding + K + output_padding
    up = np.zeros((L - 1) * stride + 1)
    up[::stride] = x
    full = np.correlate(np.pad(up, (K - 1, K - 1)), w, mode="valid")
    full = np.concatenate([full, np.zeros(output_padding)])
    return full[padding:padding + L_out]


@student("kernel-flipped", exercise="conv-transpose1d")
def u12_convolve_with_reversed_kernel(x, w, stride=1, padding=0, output_padding=0):
    # "transposed conv = convolution with the flipped kernel" -> flips, and np.convolve flips again
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    L = len(x)
    up = np.zeros((L - 1) * stride + 1)
    up[::stride] = x
    full = np.convolve(up, w[::-1])
    full = np.pad(full, (0, output_padding))
    L_out = len(full) - 2 * padding
    return full[padding:padding + L_out]


@student("kernel-flipped", exercise="conv-transpose1d")
def u13_stride_one_shortcut_flipped(x, w, stride=1, padding=0, output_padding=0):
    # shortcut "with stride 1 a transposed conv is a full convolution with the flipped kernel",
    # written with np.convolve, which already flips; the strided scatter loop is right
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    L, K = len(x), len(w)
    L_out = (L - 1) * stride - 2 * padding + K + output_padding
    if stride == 1:
        full = np.convolve(x, w[::-1])
        return full[padding:padding + L_out]
    full = np.zeros((L - 1) * stride + K + output_padding)
    for i in range(L):
        full[i * stride:i * stride + K] += x[i] * w
    return full[padding:padding + L_out]


@student("stride-ignored", exercise="conv-transpose1d")
def u14_scatter_at_i_not_i_times_stride(x, w, stride=1, padding=0, output_padding=0):
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    L, K = len(x), len(w)
    L_out = (L - 1) * stride - 2 * padding + K + output_padding
    full = np.zeros((L - 1) * stride + K + output_padding)
    for i in range(L):
        for k in range(K):
            full[i + k] += x[i] * w[k]
    return full[padding:padding + L_out]


@student("stride-ignored", exercise="conv-transpose1d", also=("transposed-length",))
def u15_convolve_without_upsampling(x, w, stride=1, padding=0, output_padding=0):
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    full = np.convolve(x, w)
    full = np.concatenate([full, np.zeros(output_padding)])
    return full[padding:len(full) - padding]


@student("stride-spread", exercise="conv-transpose1d")
def u16_stride_zeros_between_samples(x, w, stride=1, padding=0, output_padding=0):
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    L, K = len(x), len(w)
    L_out = (L - 1) * stride - 2 * padding + K + output_padding
    up = np.zeros((L - 1) * (stride + 1) + 1)
    up[::stride + 1] = x
    full = np.convolve(up, w)
    full = np.pad(full, (0, max(padding + L_out - len(full), 0)))
    return full[padding:padding + L_out]


@student("padding-not-cropped", exercise="conv-transpose1d", also=("transposed-length",))
def u17_returns_uncropped_full(x, w, stride=1, padding=0, output_padding=0):
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    L, K = len(x), len(w)
    full = np.zeros((L - 1) * stride + K + output_padding)
    for i in range(L):
        full[i * stride:i * stride + K] += x[i] * w
    return full


@student("padding-not-cropped", exercise="conv-transpose1d", also=("transposed-length",))
def u18_pads_output_instead_of_cropping(x, w, stride=1, padding=0, output_padding=0):
    # padding treated like a forward-conv padding: zeros added around the result
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    L, K = len(x), len(w)
    full = np.zeros((L - 1) * stride + K + output_padding)
    for i in range(L):
        full[i * stride:i * stride + K] += x[i] * w
    return np.pad(full, (padding, padding))


@student("padding-side", exercise="conv-transpose1d")
def u19_crops_two_p_from_the_left(x, w, stride=1, padding=0, output_padding=0):
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    L, K = len(x), len(w)
    L_out = (L - 1) * stride - 2 * padding + K + output_padding
    full = np.zeros((L - 1) * stride + K + output_padding)
    for i in range(L):
        full[i * stride:i * stride + K] += x[i] * w
    return full[2 * padding:2 * padding + L_out]


@student("missing-padding", exercise="conv-transpose1d", also=("padding-side",))
def u20_gather_without_padding_offset(x, w, stride=1, padding=0, output_padding=0):
    # output length is right, but output cell j is read as full cell j (not j + padding)
    xs = np.asarray(x, dtype=float)
    ws = np.asarray(w, dtype=float)
    L, K = len(xs), len(ws)
    L_out = (L - 1) * stride - 2 * padding + K + output_padding
    out = np.zeros(max(L_out, 0))
    for j in range(L_out):
        for k in range(K):
            q = j - k
            if q >= 0 and q % stride == 0 and q // stride < L:
                out[j] += xs[q // stride] * ws[k]
    return out


@student("gradient-overwritten", exercise="conv-transpose1d", also=("wrong-values",))
def u21_overlap_assigned(x, w, stride=1, padding=0, output_padding=0):
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    L, K = len(x), len(w)
    L_out = (L - 1) * stride - 2 * padding + K + output_padding
    full = np.zeros((L - 1) * stride + K + output_padding)
    for i in range(L):
        for k in range(K):
            full[i * stride + k] = x[i] * w[k]
    return full[padding:padding + L_out]


@student("gradient-overwritten", exercise="conv-transpose1d", also=("wrong-values",))
def u22_tap_slices_assigned(x, w, stride=1, padding=0, output_padding=0):
    # vectorised over the samples, loop over taps, but `=` on the strided slice: the last tap wins
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    L, K = len(x), len(w)
    N = (L - 1) * stride + K + output_padding
    full = np.zeros(N)
    span = (L - 1) * stride + 1
    for k in range(K):
        full[k:k + span:stride] = x * w[k]
    return full[padding:N - padding]


@student("index-shifted", exercise="conv-transpose1d")
def u23_one_based_tap_positions(x, w, stride=1, padding=0, output_padding=0):
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    L, K = len(x), len(w)
    L_out = (L - 1) * stride - 2 * padding + K + output_padding
    full = np.zeros((L - 1) * stride + K + output_padding + 1)
    for i in range(L):
        for k in range(1, K + 1):
            full[i * stride + k] += x[i] * w[k - 1]
    return full[padding:padding + L_out]


@student("output-padding-ignored", exercise="conv-transpose1d", also=("transposed-length",))
def u24_output_padding_never_added(x, w, stride=1, padding=0, output_padding=0):
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    L, K = len(x), len(w)
    L_out = (L - 1) * stride - 2 * padding + K
    full = np.zeros((L - 1) * stride + K)
    for i in range(L):
        full[i * stride:i * stride + K] += x[i] * w
    return full[padding:padding + L_out]


@student("output-padding-ignored", exercise="conv-transpose1d",
         also=("index-shifted", "wrong-values"))
def u25_output_padding_prepended(x, w, stride=1, padding=0, output_padding=0):
    # the extra output_padding cells are put at the front of the result
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    L, K = len(x), len(w)
    L_out = (L - 1) * stride - 2 * padding + K + output_padding
    full = np.zeros((L - 1) * stride + K)
    for i in range(L):
        full[i * stride:i * stride + K] += x[i] * w
    full = np.pad(full, (output_padding, 0))
    return full[padding:padding + L_out]


@student("transposed-length", exercise="conv-transpose1d")
def u26_keras_length_formula(x, w, stride=1, padding=0, output_padding=0):
    # length = L*stride + max(K - stride, 0) (Keras deconv_output_length), minus the padding
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    L, K = len(x), len(w)
    L_out = L * stride + max(K - stride, 0) - 2 * padding + output_padding
    full = np.zeros(max((L - 1) * stride + K + output_padding, padding + L_out))
    for i in range(L):
        full[i * stride:i * stride + K] += x[i] * w
    return full[padding:padding + L_out]


@student("transposed-length", exercise="conv-transpose1d")
def u27_length_l_times_stride(x, w, stride=1, padding=0, output_padding=0):
    # "a stride-s transposed conv upsamples by s": L_out = L*stride - 2*padding + output_padding
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    L, K = len(x), len(w)
    L_out = L * stride - 2 * padding + output_padding
    full = np.zeros(max((L - 1) * stride + K + output_padding, padding + max(L_out, 0)))
    for i in range(L):
        full[i * stride:i * stride + K] += x[i] * w
    return full[padding:padding + L_out]


@student("transposed-length", exercise="conv-transpose1d")
def u28_forward_conv_length_formula(x, w, stride=1, padding=0, output_padding=0):
    # copied the Conv1d size formula (L + 2p - K)//stride + 1 for the output length
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    L, K = len(x), len(w)
    L_out = (L + 2 * padding - K) // stride + 1 + output_padding
    full = np.zeros((L - 1) * stride + K + output_padding)
    for i in range(L):
        full[i * stride:i * stride + K] += x[i] * w
    return full[padding:padding + L_out]


@student("last-window-skipped", exercise="conv-transpose1d")
def u29_loop_stops_one_early(x, w, stride=1, padding=0, output_padding=0):
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    L, K = len(x), len(w)
    L_out = (L - 1) * stride - 2 * padding + K + output_padding
    full = np.zeros((L - 1) * stride + K + output_padding)
    for i in range(L - 1):
        full[i * stride:i * stride + K] += x[i] * w
    return full[padding:padding + L_out]


@student("last-window-skipped", exercise="conv-transpose1d")
def u30_while_loop_strict_bound(x, w, stride=1, padding=0, output_padding=0):
    # while start + K < len(full): the last sample only fits when output_padding > 0
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    L, K = len(x), len(w)
    N = (L - 1) * stride + K + output_padding
    full = np.zeros(N)
    i = 0
    while i * stride + K < N and i < L:
        full[i * stride:i * stride + K] += x[i] * w
        i += 1
    return full[padding:N - padding]


@student("dtype-truncation", exercise="conv-transpose1d")
def u31_buffer_with_input_dtype(x, w, stride=1, padding=0, output_padding=0):
    x = np.asarray(x)
    w = np.asarray(w)
    L, K = len(x), len(w)
    L_out = (L - 1) * stride - 2 * padding + K + output_padding
    full = np.zeros((L - 1) * stride + K + output_padding, dtype=x.dtype)
    for i in range(L):
        for k in range(K):
            full[i * stride + k] += x[i] * w[k]
    return full[padding:padding + L_out]


@student("dtype-truncation", exercise="conv-transpose1d")
def u32_zeros_like_kernel(x, w, stride=1, padding=0, output_padding=0):
    x = np.asarray(x)
    w = np.asarray(w)
    L, K = len(x), len(w)
    N = (L - 1) * stride + K + output_padding
    full = np.zeros_like(w, shape=(N,))
    for i in range(L):
        for k in range(K):
            full[i * stride + k] += x[i] * w[k]
    L_out = N - 2 * padding
    return full[padding:padding + L_out]


@student("modifies-input", exercise="conv-transpose1d")
def u33_flips_kernel_in_place(x, w, stride=1, padding=0, output_padding=0):
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    L, K = len(x), len(w)
    L_out = (L - 1) * stride - 2 * padding + K + output_padding
    up = np.zeros((L - 1) * stride + 1)
    up[::stride] = x
    w[:] = w[::-1]
    full = np.correlate(np.pad(up, (K - 1, K - 1)), w, mode="valid")
    full = np.concatenate([full, np.zeros(output_padding)])
    return full[padding:padding + L_out]


_U34_MATRICES = {}


@student("stateful", exercise="conv-transpose1d")
def u34_cached_scatter_matrix(x, w, stride=1, padding=0, output_padding=0):
    # the scatter matrix (which contains w) is cached by the sizes only
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    L, K = len(x), len(w)
    N = (L - 1) * stride + K + output_padding
    key = (L, K, stride, output_padding)
    if key not in _U34_MATRICES:
        C = np.zeros((L, N))
        for i in range(L):
            C[i, i * stride:i * stride + K] = w
        _U34_MATRICES[key] = C
    full = _U34_MATRICES[key].T @ x
    return full[padding:N - padding]


@student("wrong-values", exercise="conv-transpose1d")
def u35_overlaps_averaged(x, w, stride=1, padding=0, output_padding=0):
    # divides each cell by how many samples overlapped there (fold with a divisor, as in
    # avg pooling)
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    L, K = len(x), len(w)
    N = (L - 1) * stride + K + output_padding
    full = np.zeros(N)
    count = np.zeros(N)
    for i in range(L):
        full[i * stride:i * stride + K] += x[i] * w
        count[i * stride:i * stride + K] += 1
    full = full / np.maximum(count, 1)
    return full[padding:N - padding]
