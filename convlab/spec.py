"""The arithmetic of a 1-D convolution: how much padding, how many outputs, which inputs.

ConvSpec holds what decides the output length (kernel size, stride, padding, dilation) and
answers the questions students get wrong: how many windows fit, where the padding goes,
which input positions each output reads. Nothing here touches array values.
"""

from __future__ import annotations

import math
import numbers
from dataclasses import dataclass

from convlab.errors import ParameterError, ParameterTypeError, ShapeError, describe

__all__ = ["ConvSpec", "PADDING_KINDS"]

PADDING_KINDS = ("valid", "same", "causal", "full")
Padding = "str | int | tuple[int, int]"


def check_positive_int(value: object, name: str, *, minimum: int = 1) -> int:
    """Return `value` as an int, or raise naming `name` when it is not an int >= minimum."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        hint = ""
        if isinstance(value, numbers.Real) and math.isfinite(value) and float(value).is_integer():
            hint = f"; write {int(value)} instead of {value!r}"
        raise ParameterTypeError(
            f"'{name}' must be an int >= {minimum} (got {describe(value)}){hint}", name)
    if value < minimum:
        raise ParameterError(
            f"'{name}' must be an int >= {minimum} (got {describe(value)})", name)
    return int(value)


def normalize_padding(padding: object) -> str | int | tuple[int, int]:
    """Check a padding argument and return it in canonical form.

    Accepted: "valid", "same", "causal", "full" (any case), an int p >= 0 (p zeros on each
    side), or a pair (left, right) of ints >= 0.
    """
    if isinstance(padding, str):
        kind = padding.strip().lower()
        if kind not in PADDING_KINDS:
            raise ParameterError(
                f"'padding' must be one of {', '.join(map(repr, PADDING_KINDS))}, an int or a "
                f"(left, right) pair (got {describe(padding)})", "padding")
        return kind
    if isinstance(padding, (tuple, list)):
        if len(padding) != 2:
            raise ParameterError(
                f"'padding' as a sequence must be a (left, right) pair of ints "
                f"(got {describe(padding)} of length {len(padding)})", "padding")
        left = check_positive_int(padding[0], "padding", minimum=0)
        right = check_positive_int(padding[1], "padding", minimum=0)
        return (left, right)
    if isinstance(padding, bool) or not isinstance(padding, numbers.Integral):
        raise ParameterTypeError(
            f"'padding' must be 'valid', 'same', 'causal', 'full', an int >= 0 or a "
            f"(left, right) pair (got {describe(padding)})", "padding")
    if padding < 0:
        raise ParameterError(
            f"'padding' must be >= 0 (got {describe(padding)}); to crop the input, slice it "
            f"before the convolution", "padding")
    return int(padding)


def same_padding_total(length: int, stride: int, k_eff: int) -> int:
    """Zeros 'same' adds in all (Keras/TF rule): enough for ceil(L / stride) windows.

    total = max((ceil(L/s) - 1) * s + K_eff - L, 0); the left side gets total // 2.
    """
    return max((-(-length // stride) - 1) * stride + k_eff - length, 0)


@dataclass(frozen=True)
class ConvSpec:
    """Kernel size, stride, padding and dilation: everything that fixes the output length.

    >>> ConvSpec(kernel_size=3, stride=2).output_length(8)
    3
    >>> ConvSpec(kernel_size=2, padding="same").pads(5)
    (0, 1)
    """

    kernel_size: int
    stride: int = 1
    padding: str | int | tuple[int, int] = "valid"
    dilation: int = 1

    def __post_init__(self) -> None:
        object.__setattr__(self, "kernel_size", check_positive_int(self.kernel_size,
                                                                   "kernel_size"))
        object.__setattr__(self, "stride", check_positive_int(self.stride, "stride"))
        object.__setattr__(self, "dilation", check_positive_int(self.dilation, "dilation"))
        object.__setattr__(self, "padding", normalize_padding(self.padding))

    @property
    def effective_kernel_size(self) -> int:
        """K_eff = dilation * (K - 1) + 1: the span of input one window covers."""
        return self.dilation * (self.kernel_size - 1) + 1

    def pads(self, length: int) -> tuple[int, int]:
        """Zeros added (left, right) to an input of `length` samples.

        'same' follows Keras/TF at any stride: the total is whatever makes ceil(L / stride)
        windows fit, and an odd total puts the extra zero on the RIGHT.
        """
        length = check_positive_int(length, "length")
        k_eff = self.effective_kernel_size
        if self.padding == "valid":
            return (0, 0)
        if self.padding == "same":
            total = same_padding_total(length, self.stride, k_eff)
            return (total // 2, total - total // 2)
        if self.padding == "causal":
            return (k_eff - 1, 0)
        if self.padding == "full":
            return (k_eff - 1, k_eff - 1)
        if isinstance(self.padding, tuple):
            return self.padding
        return (self.padding, self.padding)

    def output_length(self, length: int) -> int:
        """Number of windows that fit: floor((L + p_l + p_r - K_eff) / s) + 1."""
        pad_left, pad_right = self.pads(length)
        padded = length + pad_left + pad_right
        k_eff = self.effective_kernel_size
        if padded < k_eff:
            what = "kernel" if self.dilation == 1 else "dilated kernel"
            raise ShapeError(
                f"{what} of effective size {k_eff} does not fit input of length {length} "
                f"with padding {self.padding!r} (padded length {padded}); use "
                f"padding='same', a shorter kernel or a longer input", "w")
        return (padded - k_eff) // self.stride + 1

    def windows(self, length: int) -> tuple[range, ...]:
        """The input positions each output reads, in input coordinates.

        Padding positions are included: negative numbers are left padding, numbers >= length
        are right padding. Output t reads range(t*s - p_l, t*s - p_l + K_eff, d).

        >>> ConvSpec(kernel_size=2, padding="same").windows(3)
        (range(0, 2), range(1, 3), range(2, 4))
        """
        pad_left, _ = self.pads(length)
        k_eff = self.effective_kernel_size
        return tuple(range(t * self.stride - pad_left, t * self.stride - pad_left + k_eff,
                           self.dilation)
                     for t in range(self.output_length(length)))

    def explain(self, length: int) -> str:
        """The output-length formula with these numbers substituted, in plain words."""
        length = check_positive_int(length, "length")
        k, s, d = self.kernel_size, self.stride, self.dilation
        k_eff = self.effective_kernel_size
        pad_left, pad_right = self.pads(length)
        lines = [f"Input length L = {length}, kernel size K = {k}, stride s = {s}, "
                 f"dilation d = {d}, padding = {self.padding!r}."]
        if d > 1:
            lines.append(f"Dilation spreads the {k} taps {d} apart, so one window spans "
                         f"K_eff = d*(K-1) + 1 = {d}*({k}-1) + 1 = {k_eff} inputs.")
        lines.append(self._explain_pads(length, pad_left, pad_right))
        padded = length + pad_left + pad_right
        if padded < k_eff:
            lines.append(f"The padded input has {padded} samples, fewer than the {k_eff} one "
                         f"window needs, so no output fits: convolution is impossible here.")
            return "\n".join(lines)
        out = (padded - k_eff) // s + 1
        kname = "K_eff" if d > 1 else "K"
        lines.append(
            f"Output length = floor((L + p_left + p_right - {kname}) / s) + 1 "
            f"= floor(({length} + {pad_left} + {pad_right} - {k_eff}) / {s}) + 1 "
            f"= floor({padded - k_eff} / {s}) + 1 = {(padded - k_eff) // s} + 1 = {out}.")
        last_start = (out - 1) * s
        unused = padded - (last_start + k_eff)
        lines.append(f"Windows start at 0, {s}, {2 * s}, ... of the padded input; the last "
                     f"starts at {last_start} and ends at {last_start + k_eff - 1}."
                     if out > 3 else
                     f"Windows start at {', '.join(str(t * s) for t in range(out))} of the "
                     f"padded input; the last ends at {last_start + k_eff - 1}.")
        if unused:
            lines.append(f"The last {unused} padded sample(s) are left over: too few for "
                         f"another window, so they are never read (the floor in the formula).")
        return "\n".join(lines)

    def _explain_pads(self, length: int, pad_left: int, pad_right: int) -> str:
        k_eff, s = self.effective_kernel_size, self.stride
        if self.padding == "valid":
            return "'valid' adds no padding: every window lies inside the input."
        if self.padding == "same":
            target = math.ceil(length / s)
            total = pad_left + pad_right
            return (f"'same' (Keras/TF rule) aims for ceil(L/s) = ceil({length}/{s}) = {target} "
                    f"outputs: total padding = max((ceil(L/s) - 1)*s + K_eff - L, 0) = "
                    f"max(({target} - 1)*{s} + {k_eff} - {length}, 0) = {total}, split as "
                    f"{pad_left} left and {pad_right} right (an odd extra zero goes right).")
        if self.padding == "causal":
            return (f"'causal' adds K_eff - 1 = {pad_left} zeros on the left only, so output t "
                    f"never reads an input later than t.")
        if self.padding == "full":
            return (f"'full' adds K_eff - 1 = {pad_left} zeros on each side, so every window "
                    f"that overlaps the input at all is computed.")
        return f"Padding adds {pad_left} zero(s) on the left and {pad_right} on the right."

    @staticmethod
    def solve(input_length: int, output_length: int, *, max_kernel_size: int | None = None,
              max_stride: int | None = None, max_padding: int | None = None,
              dilations: tuple[int, ...] = (1,)) -> list[ConvSpec]:
        """Every (kernel, stride, padding, dilation) that turns input_length into output_length.

        Padding is the same int on both sides (the blog's O = (W - K + 2P)/S + 1 with the
        division floored). Results are sorted simplest first: no padding, small stride,
        small kernel. Bounds default to the input length (kernel, stride) and K - 1 (padding).

        >>> [ (s.kernel_size, s.stride, s.padding) for s in ConvSpec.solve(5, 3)][:3]
        [(3, 1, 0), (1, 2, 0), (5, 1, 1)]
        """
        input_length = check_positive_int(input_length, "input_length")
        output_length = check_positive_int(output_length, "output_length")
        max_kernel = check_positive_int(
            input_length if max_kernel_size is None else max_kernel_size, "max_kernel_size")
        max_s = check_positive_int(
            input_length if max_stride is None else max_stride, "max_stride")
        if max_padding is not None:
            check_positive_int(max_padding, "max_padding", minimum=0)
        if not isinstance(dilations, (tuple, list)) or not dilations:
            raise ParameterTypeError(
                f"'dilations' must be a non-empty tuple of ints (got {describe(dilations)})",
                "dilations")
        found = []
        for d in dilations:
            d = check_positive_int(d, "dilations")
            for k in range(1, max_kernel + 1):
                k_eff = d * (k - 1) + 1
                pad_limit = k - 1 if max_padding is None else max_padding
                for p in range(pad_limit + 1):
                    padded = input_length + 2 * p
                    if padded < k_eff:
                        continue
                    for s in range(1, max_s + 1):
                        if (padded - k_eff) // s + 1 == output_length:
                            found.append(ConvSpec(k, s, p, d))
        return sorted(found, key=lambda c: (c.padding, c.stride, c.dilation, c.kernel_size))
