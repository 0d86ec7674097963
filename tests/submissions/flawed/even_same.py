# expect: same-even-kernel; fails: even-kernels
def conv1d(x, w, stride=1, padding="valid"):
    x = [float(v) for v in x]
    w = [float(v) for v in w]
    K = len(w)
    if padding == "same":
        p = (K - 1) // 2
        xs = [0] * p + list(x) + [0] * p
        n_out = (len(x) + stride - 1) // stride
        if stride > 1:
            total = max((n_out - 1) * stride + K - len(x), 0)
            xs = [0] * (total // 2) + list(x) + [0] * (total - total // 2)
    elif padding == "valid":
        xs = list(x)
    else:
        xs = [0] * padding + list(x) + [0] * padding
    if K > len(xs):
        raise ValueError("kernel longer than input")
    return [sum(xs[i + k] * w[k] for k in range(K)) for i in range(0, len(xs) - K + 1, stride)]
