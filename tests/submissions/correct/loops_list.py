# A plain-Python conv1d: lists in, a list out.
import math


def conv1d(x, w, stride=1, padding="valid"):
    x = [float(v) for v in x]
    w = [float(v) for v in w]
    n, k = len(x), len(w)
    if padding == "valid":
        left = right = 0
    elif padding == "same":
        total = max((math.ceil(n / stride) - 1) * stride + k - n, 0)
        left = total // 2
        right = total - left
    else:
        left = right = int(padding)
    padded = [0.0] * left + x + [0.0] * right
    if len(padded) < k:
        raise ValueError("kernel is longer than the padded input")
    result = []
    start = 0
    while start + k <= len(padded):
        total = 0.0
        for tap in range(k):
            total += padded[start + tap] * w[tap]
        result.append(total)
        start += stride
    return result
