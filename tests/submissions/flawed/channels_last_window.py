# expect: last-window-skipped; exercise: conv1d-channels; fails: basic stride
def conv1d(x, w, stride=1, padding="valid"):
    channels, length = len(x), len(x[0])
    filters, taps = len(w), len(w[0][0])
    if padding == "same":
        count = -(-length // stride)
        extra = max((count - 1) * stride + taps - length, 0)
        left, right = extra // 2, extra - extra // 2
    elif padding == "valid":
        left = right = 0
    else:
        left = right = padding
    rows = [[0.0] * left + [float(v) for v in row] + [0.0] * right for row in x]
    width = length + left + right
    if taps > width:
        raise ValueError("kernel too long")
    out = []
    for f in range(filters):
        out.append([sum(rows[c][s + j] * w[f][c][j] for c in range(channels) for j in range(taps))
                    for s in range(0, width - taps, stride)])
    return out
