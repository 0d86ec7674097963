"""Random Cases inside an exercise, for checking an implementation on many inputs.

Sizes stay small (a loop implementation runs each case in well under a millisecond) but cover
what matters: odd and even kernels, strides 1-3, every padding kind the exercise takes, kernels
longer than the input, several channels. Integer values are small for wide types and span the
whole range for 8- and 16-bit types, so overflow shows when it can happen.
"""

from __future__ import annotations

import numpy as np

from convlab.batteries import forward_length
from convlab.case import Case
from convlab.exercises import SCATTER_LAYOUTS, Exercise
from convlab.padding import PADDING_MODES

__all__ = ["random_case", "random_values"]


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


def random_case(exercise: Exercise, rng: np.random.Generator, dtypes: tuple[str, ...]) -> Case:
    """One random Case of the shapes and parameters `exercise` takes, read from its layout,
    paddings and the fields it varies (its domain may still refuse it, e.g. a kernel longer
    than the input; callers filter with `accepts`)."""
    def values(shape):
        return random_values(rng, shape, str(rng.choice(dtypes)))

    def choice(options):
        return options[int(rng.integers(len(options)))]

    varies = set(exercise.varies)
    stride = int(rng.integers(1, 4)) if "stride" in varies else 1
    padding = choice(_paddings(exercise.paddings))
    extra = {"stride": stride, "padding": padding}
    if "dilation" in varies:
        extra["dilation"] = int(rng.integers(1, 4))
    if "padding_mode" in varies:
        extra["padding_mode"] = choice(PADDING_MODES)
    if exercise.layout == "single":
        length, kernel_size = int(rng.integers(1, 10)), int(rng.integers(1, 5))
        return Case(values(length), values(kernel_size), **extra)
    if exercise.layout in SCATTER_LAYOUTS:
        return _adjoint_case(exercise, rng, values, extra)
    groups = int(rng.integers(1, 4)) if "groups" in varies else 1
    c_in = groups * int(rng.integers(1, 3 if groups > 1 else 4))
    c_out = groups * int(rng.integers(1, 3 if groups > 1 else 4))
    length, kernel_size = int(rng.integers(1, 8)), int(rng.integers(1, 4))
    if groups > 1:
        extra["groups"] = groups
    if "bias" in varies:
        extra["bias"] = values(c_out)
    if exercise.layout == "keras":
        return Case(values((length, c_in)), values((kernel_size, c_in // groups, c_out)),
                    layout="NLC", **extra)
    return Case(values((c_in, length)), values((c_out, c_in // groups, kernel_size)), **extra)


def _paddings(kinds: tuple[str, ...]) -> tuple:
    """Concrete paddings for the kinds an exercise takes ("int": 0 to 3 each side)."""
    concrete = []
    for kind in kinds:
        if kind == "int":
            concrete += [0, 1, 2, 3]
        elif kind == "pair":
            concrete += [(0, 1), (2, 1)]
        else:
            concrete.append(kind)
    return tuple(concrete)


def _adjoint_case(exercise: Exercise, rng: np.random.Generator, values, extra: dict) -> Case:
    """A random case of the backward pass (dout drawn for conv1d's output length, none
    when no window fits) or of the transposed convolution (output_padding below the
    stride)."""
    length, kernel_size = int(rng.integers(1, 10)), int(rng.integers(1, 5))
    case = Case(values(length), values(kernel_size), **extra)
    if exercise.layout == "transposed":
        return case.replace(output_padding=int(rng.integers(0, case.stride)))
    count = forward_length(case)
    return case.replace(dout=values(count)) if count else case
