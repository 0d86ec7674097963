# expect: dtype-truncation; fails: int-input
import numpy as np


def conv1d(x, w, stride=1, padding="valid"):
    if padding == "same":
        total = max((-(-len(x) // stride) - 1) * stride + len(w) - len(x), 0)
        xp = np.pad(x, (total // 2, total - total // 2))
    elif padding == "valid":
        xp = x
    else:
        xp = np.pad(x, padding)
    n = (len(xp) - len(w)) // stride + 1
    if n < 1:
        raise ValueError("no windows")
    out = np.zeros_like(x, shape=(n,))
    for i in range(n):
        out[i] = np.sum(xp[i * stride:i * stride + len(w)] * w)
    return out
