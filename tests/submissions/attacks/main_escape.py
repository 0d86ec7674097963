# attack: resets the child's guard variables through sys.modules['__main__'], imports convlab
import sys

import numpy as np

main = sys.modules["__main__"]
for name in list(vars(main)):
    if name.isupper() or name.startswith("_"):
        value = getattr(main, name)
        if isinstance(value, (frozenset, tuple, list, set)):
            setattr(main, name, type(value)())
        elif isinstance(value, int):
            setattr(main, name, 0)


def attack_worked():
    try:
        import convlab
        return hasattr(convlab, "conv1d")
    except BaseException:
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
