# conv1d-channels: x (C_in, L), w (C_out, C_in, K) -> (C_out, L_out).
import numpy as np


def conv1d(x, w, stride=1, padding="valid"):
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    length, kernel = x.shape[1], w.shape[2]
    if padding == "same":
        total = max((-(-length // stride) - 1) * stride + kernel - length, 0)
        before, after = total // 2, total - total // 2
    elif padding == "valid":
        before = after = 0
    else:
        before = after = padding
    xp = np.pad(x, ((0, 0), (before, after)))
    count = (xp.shape[1] - kernel) // stride + 1
    if count < 1:
        raise ValueError("kernel longer than input")
    out = np.zeros((w.shape[0], count))
    for t in range(count):
        window = xp[:, t * stride:t * stride + kernel]
        out[:, t] = np.einsum("ck,ock->o", window, w)
    return out
