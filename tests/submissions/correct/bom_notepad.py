# Saved by Notepad: a UTF-8 byte order mark opens the file, as Python allows.
import numpy as np


def conv1d(x, w, stride=1, padding="valid"):
    x, w = np.asarray(x, dtype=float), np.asarray(w, dtype=float)
    if padding == "valid":
        left = right = 0
    elif padding == "same":
        total = max((-(-len(x) // stride) - 1) * stride + len(w) - len(x), 0)
        left, right = total // 2, total - total // 2
    else:
        left = right = int(padding)
    padded = np.concatenate([np.zeros(left), x, np.zeros(right)])
    if len(w) > len(padded):
        raise ValueError("kernel longer than the padded input")
    return np.array([padded[i:i + len(w)] @ w
                     for i in range(0, len(padded) - len(w) + 1, stride)])
