"""Random Cases inside an exercise, for checking an implementation on many inputs.

Sizes stay small (a loop implementation runs each case in well under a millisecond) but cover
what matters: odd and even kernels, strides 1-3, every padding kind the exercise takes, kernels
longer than the input, several channels. Integer values are small for wide types and span the
whole range for 8- and 16-bit types, so overflow shows when it can happen.
"""

from __future__ import annotations

import numpy as np

from convlab.case import PADDING_MODES, Case

__all__ = ["random_case", "random_values"]

_PADDINGS = ("valid", "same", 0, 1, 2)


def random_values(rng: np.random.Generator, shape: tuple[int, ...], dtype: str) -> np.ndarray:
    """Values of `dtype`: normal floats; ints in -9..9, or across the range of small types."""
    dtype = np.dtype(dtype)
    if dtype.kind == "f":
        return rng.standard_normal(shape).astype(dtype)
    info = np.iinfo(dtype)
    if dtype.itemsize <= 2:
        low, high = max(info.min, -1000), min(info.max, 1000)
    else:
        low, high = max(info.min, -9), 9
    return rng.integers(low, high, size=shape, endpoint=True).astype(dtype)


def random_case(exercise: str, rng: np.random.Generator, dtypes: tuple[str, ...]) -> Case:
    """One random Case of the shapes and parameters `exercise` takes (its domain may still
    refuse it, e.g. a kernel longer than the input; callers filter with `accepts`)."""
    def values(shape):
        return random_values(rng, shape, str(rng.choice(dtypes)))

    def choice(options):
        return options[int(rng.integers(len(options)))]

    length = int(rng.integers(1, 10))
    kernel_size = int(rng.integers(1, 5))
    stride = int(rng.integers(1, 4))
    padding = choice(_PADDINGS)
    if exercise in ("conv1d", "conv1d-strict", "conv1d-int"):
        return Case(values(length), values(kernel_size), stride=stride, padding=padding)
    if exercise == "conv1d-dilation":
        return Case(values(length), values(kernel_size), stride=stride, padding=padding,
                    dilation=int(rng.integers(1, 4)))
    if exercise == "conv1d-causal":
        return Case(values(length), values(kernel_size), padding="causal",
                    dilation=int(rng.integers(1, 4)))
    if exercise == "conv1d-padding-mode":
        return Case(values(length), values(kernel_size), padding=choice(("valid", 0, 1, 2, 3)),
                    padding_mode=choice(PADDING_MODES))
    c_in, c_out = int(rng.integers(1, 4)), int(rng.integers(1, 4))
    length, kernel_size = int(rng.integers(1, 8)), int(rng.integers(1, 4))
    if exercise == "conv1d-channels":
        return Case(values((c_in, length)), values((c_out, c_in, kernel_size)), stride=stride,
                    padding=padding)
    if exercise == "conv1d-bias":
        return Case(values((c_in, length)), values((c_out, c_in, kernel_size)), stride=stride,
                    padding=padding, bias=values(c_out))
    if exercise == "conv1d-keras":
        return Case(values((length, c_in)), values((kernel_size, c_in, c_out)), stride=stride,
                    padding=padding, layout="NLC")
    if exercise == "conv1d-groups":
        groups = int(rng.integers(1, 4))
        per_group_in, per_group_out = int(rng.integers(1, 3)), int(rng.integers(1, 3))
        return Case(values((groups * per_group_in, length)),
                    values((groups * per_group_out, per_group_in, kernel_size)), groups=groups)
    raise ValueError(f"no random cases for exercise {exercise!r}")
