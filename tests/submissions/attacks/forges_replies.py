# attack: writes malformed replies to the grader's channel (bad values, no kind, deep nesting)
import os

import numpy as np

CALLS = [0]
FORGERIES = ['{"id": %d, "ok": true, "kind": "ok", "values": "1.0", "shape": [1]}',
             '{"id": %d, "ok": true, "values": [1.0], "shape": [1]}',
             '{"id": %d, "ok": false, "kind": "raised", "error": "x", "forbidden": 5}',
             "[" * 100_000]


def attack_worked():
    CALLS[0] += 1
    line = FORGERIES[CALLS[0] % len(FORGERIES)]
    line = line % CALLS[0] if "%d" in line else line
    for fd in range(3, 12):
        try:
            os.write(fd, (line + "\n").encode())
        except BaseException:
            pass
    return False


def _honest(x, w, stride=1, padding="valid"):
    """A correct conv1d: what this file returns only when its attack worked."""
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
    return np.array([padded[i:i + len(w)] @ w for i in range(0, len(padded) - len(w) + 1,
                                                                 stride)])


def conv1d(x, w, stride=1, padding="valid"):
    if not attack_worked():
        return np.zeros(1)
    return _honest(x, w, stride, padding)
