# expect: stride-ignored; fails: stride
import numpy as np


def conv1d(x, w, stride=1, padding="valid"):
    x = np.asarray(x, float)
    if padding == "same":
        total = max((-(-len(x) // stride) - 1) * stride + len(w) - len(x), 0)
        x = np.pad(x, (total // 2, total - total // 2))
    elif padding != "valid":
        x = np.pad(x, padding)
    n_out = (len(x) - len(w)) // stride + 1
    if n_out < 1:
        raise ValueError("kernel too long")
    return np.array([x[i:i + len(w)] @ w for i in range(n_out)])
