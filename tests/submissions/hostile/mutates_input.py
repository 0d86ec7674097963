# threat: right answers, but zeroes its input afterwards; message: modified its input x
import numpy as np


def conv1d(x, w, stride=1, padding="valid"):
    if padding == "same":
        total = max((-(-len(x) // stride) - 1) * stride + len(w) - len(x), 0)
        xp = np.pad(x, (total // 2, total - total // 2))
    elif padding == "valid":
        xp = np.array(x)
    else:
        xp = np.pad(x, padding)
    if len(w) > len(xp):
        raise ValueError("kernel too long")
    out = [float(xp[s:s + len(w)] @ w) for s in range(0, len(xp) - len(w) + 1, stride)]
    x[:] = 0
    return out
