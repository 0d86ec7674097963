# Uses np.convolve with the kernel reversed: convolution of a flipped kernel is correlation.
import numpy as np


def conv1d(x, w, stride=1, padding="valid"):
    x = np.array(x, dtype=float)
    w = np.array(w, dtype=float)
    k = len(w)
    if padding == "same":
        outputs = int(np.ceil(len(x) / stride))
        total = max((outputs - 1) * stride + k - len(x), 0)
        x = np.concatenate([np.zeros(total // 2), x, np.zeros(total - total // 2)])
    elif padding != "valid":
        x = np.concatenate([np.zeros(padding), x, np.zeros(padding)])
    if k > len(x):
        raise ValueError("kernel does not fit")
    return np.convolve(x, w[::-1], mode="valid")[::stride]
