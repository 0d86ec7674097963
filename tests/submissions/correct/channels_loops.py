# conv1d-channels with nested loops and lists.
def conv1d(x, w, stride=1, padding="valid"):
    c_in, n = len(x), len(x[0])
    c_out, k = len(w), len(w[0][0])
    if padding == "same":
        outputs = (n + stride - 1) // stride
        total = max((outputs - 1) * stride + k - n, 0)
        left, right = total // 2, total - total // 2
    elif padding == "valid":
        left = right = 0
    else:
        left = right = padding
    rows = [[0.0] * left + [float(v) for v in x[c]] + [0.0] * right for c in range(c_in)]
    padded = n + left + right
    if k > padded:
        raise ValueError("kernel too long")
    result = []
    for o in range(c_out):
        row = []
        for begin in range(0, padded - k + 1, stride):
            row.append(sum(rows[c][begin + j] * float(w[o][c][j])
                           for c in range(c_in) for j in range(k)))
        result.append(row)
    return result
