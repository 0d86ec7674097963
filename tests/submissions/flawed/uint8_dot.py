# expect: integer-overflow; fails: cases; exercise: conv1d-int
import numpy as np


def conv1d(x, w, stride=1, padding="valid"):
    if padding == "same":
        total = max((-(-len(x) // stride) - 1) * stride + len(w) - len(x), 0)
        x = np.pad(x, (total // 2, total - total // 2))
    elif padding != "valid":
        x = np.pad(x, padding)
    if len(w) > len(x):
        raise ValueError("kernel too long")
    return [np.dot(x[s:s + len(w)], w) for s in range(0, len(x) - len(w) + 1, stride)]
