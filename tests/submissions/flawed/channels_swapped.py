# expect: layout-swapped; exercise: conv1d-channels; fails: basic
import numpy as np


def conv1d(x, w, stride=1, padding="valid"):
    x = np.asarray(x, float)
    w = np.asarray(w, float).reshape(w.shape[1], w.shape[0], w.shape[2]).transpose(1, 0, 2)
    if padding == "same":
        total = max((-(-x.shape[1] // stride) - 1) * stride + w.shape[2] - x.shape[1], 0)
        x = np.pad(x, ((0, 0), (total // 2, total - total // 2)))
    elif padding != "valid":
        x = np.pad(x, ((0, 0), (padding, padding)))
    n = (x.shape[1] - w.shape[2]) // stride + 1
    if n < 1:
        raise ValueError("kernel too long")
    return np.stack([np.einsum("ck,ock->o", x[:, t * stride:t * stride + w.shape[2]], w)
                     for t in range(n)], axis=1)
