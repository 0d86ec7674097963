# expect: last-window-skipped; fails: basic stride
import numpy as np


def conv1d(x, w, stride=1, padding="valid"):
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    if padding == "same":
        need = max((int(np.ceil(len(x) / stride)) - 1) * stride + len(w) - len(x), 0)
        x = np.pad(x, (need // 2, need - need // 2))
    elif padding != "valid":
        x = np.pad(x, padding)
    if len(w) > len(x):
        raise ValueError("kernel too long")
    out = []
    for start in range(0, len(x) - len(w), stride):
        out.append(float(x[start:start + len(w)] @ w))
    return out
