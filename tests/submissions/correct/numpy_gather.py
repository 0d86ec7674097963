# Vectorised: build a matrix of window indices and multiply once.
import numpy as np


def conv1d(x, w, stride=1, padding="valid"):
    x = np.asarray(x, dtype=np.float64)
    w = np.asarray(w, dtype=np.float64)
    L, K = x.shape[0], w.shape[0]
    if padding == "same":
        out_len = -(-L // stride)
        pad = max((out_len - 1) * stride + K - L, 0)
        pad_l, pad_r = pad // 2, pad - pad // 2
    elif padding == "valid":
        pad_l = pad_r = 0
    else:
        pad_l = pad_r = padding
    xp = np.pad(x, (pad_l, pad_r))
    n_out = (len(xp) - K) // stride + 1
    if n_out <= 0:
        raise ValueError(f"kernel size {K} > padded input {len(xp)}")
    idx = np.arange(n_out)[:, None] * stride + np.arange(K)[None, :]
    return (xp[idx] @ w).astype(np.float32)
