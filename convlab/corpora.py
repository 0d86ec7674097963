"""The hand-made scoring corpora: fixed inputs, grouped into named tests with points.

Every student is graded on the same cases: values come from explicit lists or from a
generator with a fixed seed, built once, and rounded to eighths so every number is exact in
binary. Each test checks one idea (padding, the even-kernel 'same' rule, the last window of
a strided loop, ...) and is worth its points only when all of its cases pass.

A kernel longer than the (padded) input has no window at all; the reference raises a
ShapeError, like PyTorch and Keras. The rule here: the student's function must raise an
exception (any kind) on such input. Returning an empty or made-up array loses that one
test ("kernel longer than input"), worth a single point, and nothing else.

An exercise names its corpus (convlab.exercises); exercises without one are scored on their
probe battery (convlab.grading.corpus).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import numpy as np

from convlab.case import Case

__all__ = ["GradedTest", "backward_corpus", "channels_corpus", "conv1d_corpus", "transposed_corpus"]

SEED = 20240601


@dataclass(frozen=True)
class GradedTest:
    """One named test: all its cases must pass to earn its points."""

    name: str
    title: str
    points: float
    cases: tuple[Case, ...]
    must_raise: bool = False


# Each case is described as (L, K, stride, padding, values); `values` picks the inputs:
# "digits" x = 1..L, w = 1, 10, 100, ... (outputs read as the inputs they used), "ints" and
# "floats" seeded values, and the dtype traps "int-frac" and "float32". Small integer types
# (overflow) belong to the conv1d-int exercise, which is scored on its own probes.
_SPECS = (
    ("basic", "valid padding, stride 1", 2, [
        (5, 2, 1, "valid", "digits"), (5, 3, 1, "valid", "digits"),
        (9, 4, 1, "valid", "digits"), (12, 3, 1, "valid", "floats"),
        (20, 5, 1, "valid", "ints")]),
    ("padding", "'same' with an odd kernel, and int padding", 2, [
        (5, 3, 1, "same", "digits"), (10, 5, 1, "same", "floats"),
        (5, 3, 1, 1, "digits"), (8, 3, 1, 2, "ints"), (6, 2, 1, 1, "digits"),
        (4, 3, 1, 3, "floats")]),
    ("even-kernels", "'same' with an even kernel: the extra zero goes on the right", 2, [
        (5, 2, 1, "same", "digits"), (5, 4, 1, "same", "digits"),
        (9, 4, 1, "same", "floats"), (6, 6, 1, "same", "ints")]),
    ("stride", "stride 2 and 3, with and without a remainder (the last window)", 3, [
        (6, 3, 2, "valid", "digits"), (7, 3, 2, "valid", "digits"),
        (9, 3, 3, "valid", "digits"), (8, 3, 3, "valid", "digits"),
        (11, 2, 3, "valid", "floats"), (6, 3, 2, "same", "digits"),
        (5, 4, 2, "same", "digits"), (5, 3, 2, 1, "digits"),
        (11, 4, 3, "same", "floats"), (10, 3, 2, "same", "ints")]),
    ("edge-lengths", "K == L, K == 1 and L == 1", 2, [
        (5, 5, 1, "valid", "digits"), (5, 1, 1, "valid", "digits"),
        (7, 1, 2, "valid", "floats"), (1, 1, 1, "valid", "floats"),
        (1, 3, 1, "same", "digits"), (4, 4, 1, "same", "ints"), (1, 2, 2, "same", "floats")]),
    ("kernel-too-long", "a kernel longer than the padded input: raise an error (or, where "
                        "the exercise allows it, return an empty result)", 1, [
        (2, 3, 1, "valid", "digits"), (3, 5, 1, 0, "floats"), (2, 4, 2, "valid", "ints"),
        (2, 5, 1, 1, "floats")]),
    ("int-input", "integer input with fractional weights (no integer output buffer)", 1, [
        (3, 2, 1, "valid", "int-frac"), (7, 3, 1, "same", "int-frac"),
        (8, 2, 2, "valid", "int-frac")]),
    ("float32", "float32 input (float32 or float64 results both pass)", 1, [
        (9, 3, 1, "valid", "float32"), (10, 4, 2, "same", "float32")]),
)


def _values(kind: str, shape: tuple[int, ...], rng: np.random.Generator, weights: bool):
    if kind == "digits":
        if len(shape) > 1:
            return _channel_digits(shape, weights)
        return 10.0 ** np.arange(shape[0]) if weights else np.arange(1, shape[0] + 1)
    if kind == "ints":
        return rng.integers(-9, 10, size=shape)
    if kind == "floats":
        return rng.integers(-40, 41, size=shape) / 8
    if kind == "int-frac":
        return rng.integers(1, 10, size=shape) if not weights else \
            rng.choice([0.5, 0.25, -0.75, 0.125], size=shape)
    if kind == "float32":
        return (rng.integers(-40, 41, size=shape) / 8).astype(np.float32)
    raise ValueError(f"unknown values kind {kind!r}")


def _channel_digits(shape: tuple[int, ...], weights: bool) -> np.ndarray:
    """Digit probes per channel: channel c of x counts from 1 + 10*c; w taps are powers of 10."""
    if weights:
        return np.broadcast_to(10.0 ** np.arange(shape[-1]), shape).copy()
    rows = [np.arange(1, shape[-1] + 1) + 10 * channel for channel in range(shape[0])]
    return np.array(rows, dtype=np.int64)


def _case(spec: tuple, channels: tuple[int, int] | None, rng: np.random.Generator) -> Case:
    length, kernel, stride, padding, kind = spec
    if channels is None:
        x_shape, w_shape = (length,), (kernel,)
    else:
        c_in, c_out = channels
        x_shape, w_shape = (c_in, length), (c_out, c_in, kernel)
    x = _values(kind, x_shape, rng, weights=False)
    w = _values(kind, w_shape, rng, weights=True)
    return Case(x=x, w=w, stride=stride, padding=padding)


def _build(channel_shapes: tuple[tuple[int, int], ...] | None) -> tuple[GradedTest, ...]:
    rng = np.random.default_rng(SEED)
    tests = []
    for test_name, title, points, specs in _SPECS:
        cases = []
        for index, spec in enumerate(specs):
            channels = None if channel_shapes is None else \
                channel_shapes[index % len(channel_shapes)]
            cases.append(_case(spec, channels, rng))
        tests.append(GradedTest(test_name, title, points, tuple(cases),
                                must_raise=test_name == "kernel-too-long"))
    return tuple(tests)


@cache
def conv1d_corpus() -> tuple[GradedTest, ...]:
    """Eight named tests of 1-D inputs (the `conv1d` exercise's corpus)."""
    return _build(None)


@cache
def channels_corpus() -> tuple[GradedTest, ...]:
    """The same eight tests with several input and output channels."""
    return _build(((2, 3), (1, 2), (3, 1), (2, 2)))


# --- the backward pass and the transposed convolution ------------------------------------
# (L, K, stride, padding, values); the backward pass's dout is drawn like the values, one per
# output of conv1d on the case ("digits": 1, 2, 3, ...; "int-frac": fractions), and the
# transposed convolution's case ends with its output_padding.
_BACKWARD_SPECS = (
    ("basic", "valid padding, stride 1: every output gradient added into dx and dw", 2, [
        (4, 2, 1, "valid", "digits"), (5, 3, 1, "valid", "digits"),
        (9, 4, 1, "valid", "floats"), (12, 3, 1, "valid", "ints"),
        (5, 5, 1, "valid", "floats"), (6, 1, 1, "valid", "digits")]),
    ("stride", "stride 2 and 3: dout spread stride apart, with and without a remainder", 3, [
        (5, 2, 2, "valid", "digits"), (6, 3, 2, "valid", "digits"),
        (8, 3, 3, "valid", "floats"), (9, 2, 3, "valid", "ints"),
        (7, 4, 2, "valid", "floats"), (4, 1, 2, "valid", "digits")]),
    ("padding", "int padding: the padding's gradient cropped off both ends", 2, [
        (4, 3, 1, 1, "digits"), (5, 2, 1, 2, "floats"), (6, 3, 2, 1, "ints"),
        (3, 3, 1, 2, "digits"), (7, 4, 3, 2, "floats")]),
    ("same", "Keras 'same' (odd and even kernels, strides 1-3): the extra zero on the right",
     2, [(5, 3, 1, "same", "digits"), (5, 2, 1, "same", "digits"),
         (6, 4, 1, "same", "floats"), (7, 3, 2, "same", "ints"),
         (8, 4, 3, "same", "floats"), (4, 2, 2, "same", "digits")]),
    ("int-input", "integer x and w with fractional gradients (no integer buffers)", 1, [
        (4, 2, 1, "valid", "int-frac"), (6, 3, 2, "same", "int-frac"),
        (5, 2, 1, 1, "int-frac")]),
    ("float32", "float32 inputs (float32 or float64 results both pass)", 1, [
        (7, 3, 1, "valid", "float32"), (8, 4, 2, "same", "float32")]),
)

_TRANSPOSED_SPECS = (
    ("basic", "stride 1, no padding: each input sample adds a scaled kernel", 2, [
        (3, 2, 1, 0, 0, "digits"), (4, 3, 1, 0, 0, "digits"), (6, 4, 1, 0, 0, "floats"),
        (1, 3, 1, 0, 0, "ints"), (5, 1, 1, 0, 0, "floats")]),
    ("stride", "stride 2 and 3: samples placed stride apart (gaps and overlaps)", 3, [
        (3, 2, 2, 0, 0, "digits"), (3, 3, 2, 0, 0, "digits"), (4, 2, 3, 0, 0, "floats"),
        (4, 5, 3, 0, 0, "ints"), (2, 1, 3, 0, 0, "digits"), (5, 4, 2, 0, 0, "floats")]),
    ("padding", "padding cropped from both ends of the output", 2, [
        (3, 3, 1, 1, 0, "digits"), (4, 4, 2, 1, 0, "digits"), (5, 3, 2, 2, 0, "floats"),
        (3, 4, 3, 1, 0, "ints"), (2, 5, 1, 2, 0, "floats")]),
    ("output-padding", "output_padding cells added at the end", 2, [
        (2, 1, 2, 0, 1, "digits"), (3, 2, 2, 0, 1, "digits"), (3, 3, 3, 1, 2, "floats"),
        (4, 2, 3, 0, 1, "ints"), (3, 4, 2, 1, 1, "floats")]),
    ("int-input", "integer x with fractional weights (no integer output buffer)", 1, [
        (3, 2, 1, 0, 0, "int-frac"), (4, 3, 2, 1, 1, "int-frac")]),
    ("float32", "float32 inputs (float32 or float64 results both pass)", 1, [
        (5, 3, 2, 0, 1, "float32"), (4, 4, 1, 1, 0, "float32")]),
)


@cache
def backward_corpus() -> tuple[GradedTest, ...]:
    """Six named tests of conv1d's backward pass (the `conv1d-backward` exercise)."""
    from convlab.batteries import forward_length

    rng = np.random.default_rng(SEED + 1)
    tests = []
    for name, title, points, specs in _BACKWARD_SPECS:
        cases = []
        for spec in specs:
            case = _case(spec, None, rng)
            kind = "floats" if spec[-1] == "int-frac" else spec[-1]
            dout = _values(kind, (forward_length(case),), rng, weights=False)
            cases.append(case.replace(dout=dout))
        tests.append(GradedTest(name, title, points, tuple(cases)))
    return tuple(tests)


@cache
def transposed_corpus() -> tuple[GradedTest, ...]:
    """Six named tests of the transposed convolution (the `conv-transpose1d` exercise)."""
    rng = np.random.default_rng(SEED + 2)
    tests = []
    for name, title, points, specs in _TRANSPOSED_SPECS:
        cases = tuple(_case(spec[:4] + spec[5:], None, rng).replace(output_padding=spec[4])
                      for spec in specs)
        tests.append(GradedTest(name, title, points, cases))
    return tuple(tests)
