"""The arithmetic of a 1-D convolution: how much padding, how many outputs, which inputs.

ConvSpec holds what decides the output length (kernel size, stride, padding, dilation) and
answers the questions students get wrong: how many windows fit, where the padding goes,
which input positions each output reads. Nothing here touches array values.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from convlab.checks import check_positive_int
from convlab.errors import ParameterError, ParameterTypeError, describe
from convlab.padding import Padding, check_fits, check_padding, pad_widths, window_fits

__all__ = ["ConvSpec"]

SOLVE_MAX_PAIRS = 200_000
"""The most (kernel, padding) pairs `ConvSpec.solve` tries (well under a second)."""
SOLVE_MAX_RESULTS = 100_000
"""The most specs `ConvSpec.solve` lists before asking for tighter bounds."""


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
    padding: Padding = "valid"
    dilation: int = 1

    def __post_init__(self) -> None:
        object.__setattr__(self, "kernel_size", check_positive_int(self.kernel_size,
                                                                   "kernel_size"))
        object.__setattr__(self, "stride", check_positive_int(self.stride, "stride"))
        object.__setattr__(self, "dilation", check_positive_int(self.dilation, "dilation"))
        object.__setattr__(self, "padding", check_padding(self.padding))

    @property
    def effective_kernel_size(self) -> int:
        """K_eff = dilation * (K - 1) + 1: the span of input one window covers."""
        return self.dilation * (self.kernel_size - 1) + 1

    def pads(self, length: int) -> tuple[int, int]:
        """Samples added (left, right) to an input of `length` samples (convlab.padding.pads).

        'same' follows Keras/TF at any stride: the total is whatever makes ceil(L / stride)
        windows fit, and an odd total puts the extra sample on the RIGHT.
        """
        length = check_positive_int(length, "length")
        return pad_widths(self.padding, length, self.stride, self.effective_kernel_size)

    def output_length(self, length: int) -> int:
        """Number of windows that fit: floor((L + p_l + p_r - K_eff) / s) + 1."""
        pad_left, pad_right = self.pads(length)
        k_eff = self.effective_kernel_size
        check_fits(length, pad_left, pad_right, k_eff, padding=self.padding,
                   dilation=self.dilation)
        return (length + pad_left + pad_right - k_eff) // self.stride + 1

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
        if not window_fits(length, pad_left, pad_right, k_eff):
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

    def explain_transposed(self, length: int, output_padding: int = 0) -> str:
        """The transposed convolution's output length (convlab.conv_transpose1d) with these
        numbers substituted, and how conv1d with the same numbers maps it back."""
        length = check_positive_int(length, "length")
        padding = 0 if self.padding == "valid" else self.padding
        if not isinstance(padding, int):
            raise ParameterError(f"a transposed convolution takes an int padding (got "
                                 f"{self.padding!r}); use ConvSpec(K, stride, p) with p >= 0",
                                 "padding")
        k, s, d, p = self.kernel_size, self.stride, self.dilation, padding
        if (isinstance(output_padding, bool) or not isinstance(output_padding, int)
                or not 0 <= output_padding < max(s, d)):
            raise ParameterError(f"'output_padding' must be an int from 0 to "
                                 f"{max(s, d) - 1}, smaller than stride or dilation (got "
                                 f"{output_padding!r})", "output_padding")
        out = (length - 1) * s - 2 * p + d * (k - 1) + output_padding + 1
        lines = [f"Transposed: input length L = {length}, kernel size K = {k}, stride s = {s}, "
                 f"dilation d = {d}, padding p = {p}, output_padding = {output_padding}.",
                 f"Each input sample scatters its K taps {'s apart' if d == 1 else 'd apart'}"
                 f", and p samples are cropped from each end: L_out = (L - 1)*s - 2*p + "
                 f"d*(K - 1) + output_padding + 1 = ({length} - 1)*{s} - 2*{p} + "
                 f"{d}*({k} - 1) + {output_padding} + 1 = {out}."]
        if out <= 0:
            lines.append("That is no sample at all: the padding crops more than the scatter "
                         "makes.")
            return "\n".join(lines)
        back = (out + 2 * p - d * (k - 1) - 1) // s + 1
        lines.append(f"conv1d with the same K, s, p turns {out} inputs back into "
                     f"floor(({out} + 2*{p} - {d * (k - 1) + 1}) / {s}) + 1 = {back} outputs"
                     + (f"; output_padding picks one of the {max(s, d)} lengths that all give "
                        f"{back}." if max(s, d) > 1 else "."))
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
        dilations = [check_positive_int(d, "dilations") for d in dilations]
        pairs = sum(k if max_padding is None else max_padding + 1
                    for k in range(1, max_kernel + 1)) * len(dilations)
        if pairs > SOLVE_MAX_PAIRS:
            raise ParameterError(
                f"solving for input_length={input_length} would try {pairs:,} (kernel, "
                f"padding) pairs, more than {SOLVE_MAX_PAIRS:,}; bound the search with "
                f"max_kernel_size= and max_padding=", "max_kernel_size")
        # each (kernel, padding) admits one range of strides: floor(span / s) == outputs - 1
        ranges, count = [], 0
        for d in dilations:
            for k in range(1, max_kernel + 1):
                k_eff = d * (k - 1) + 1
                pad_limit = k - 1 if max_padding is None else max_padding
                for p in range(pad_limit + 1):
                    pad_left, pad_right = pad_widths(p, input_length, 1, k_eff)
                    if not window_fits(input_length, pad_left, pad_right, k_eff):
                        continue
                    span = input_length + pad_left + pad_right - k_eff
                    windows = output_length - 1
                    low = span // (windows + 1) + 1
                    high = max_s if windows == 0 else min(max_s, span // windows)
                    if low <= high:
                        ranges.append((k, p, d, low, high))
                        count += high - low + 1
        if count > SOLVE_MAX_RESULTS:
            raise ParameterError(
                f"{count:,} specs turn {input_length} into {output_length}, more than "
                f"{SOLVE_MAX_RESULTS:,}; bound the search with max_stride=, max_kernel_size= "
                f"or max_padding=", "max_stride")
        found = [ConvSpec(k, s, p, d) for k, p, d, low, high in ranges
                 for s in range(low, high + 1)]
        return sorted(found, key=lambda c: (c.padding, c.stride, c.dilation, c.kernel_size))
