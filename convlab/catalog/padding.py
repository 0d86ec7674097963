"""The zero padding the catalog's student functions share when padding is not their subject.

Entries whose mistake is about padding pad by hand, in their own source; the others call
`pad_input`, so their source shows only the lines that matter for their bug.
"""

from __future__ import annotations

import math

import numpy as np

__all__ = ["pad_input"]


def pad_input(x, kernel_size, stride, padding, axis=-1):
    """x with the zeros `padding` asks for along `axis` (the steps axis); dtype kept.

    padding: "valid" (none), an int p (p zeros on each side), or "same" (Keras/TF rule:
    ceil(L / stride) outputs, an odd extra zero on the right).
    """
    x = np.asarray(x)
    length = x.shape[axis]
    if padding == "valid":
        pad_left = pad_right = 0
    elif padding == "same":
        n_wanted = math.ceil(length / stride)
        total = max((n_wanted - 1) * stride + kernel_size - length, 0)
        pad_left, pad_right = total // 2, total - total // 2
    else:
        pad_left = pad_right = padding
    widths = [(0, 0)] * x.ndim
    widths[axis] = (pad_left, pad_right)
    return np.pad(x, widths)
