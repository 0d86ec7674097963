"""Case: one convolution input and its parameters, the unit every part of convlab passes around."""

from __future__ import annotations

from dataclasses import dataclass, field, fields

import numpy as np

from convlab.arrays import as_numeric_array
from convlab.checks import check_positive_int
from convlab.errors import ParameterError, describe
from convlab.padding import Padding, check_padding, check_padding_mode
from convlab.spec import ConvSpec

__all__ = ["Case", "LAYOUTS", "check_layout"]

LAYOUTS = ("NCL", "NLC")
NOT_CONV1D = ("dout", "output_padding")
"""Case fields that are not conv1d keywords: the output gradient a backward pass receives,
and the transposed convolution's output_padding."""


def check_layout(layout: object) -> str:
    """'NCL' or 'NLC' (any case, returned upper-case), else an error naming 'layout'."""
    if not isinstance(layout, str) or layout.upper() not in LAYOUTS:
        raise ParameterError(
            f"'layout' must be 'NCL' (PyTorch: batch, channels, length) or 'NLC' (Keras: "
            f"batch, length, channels) (got {describe(layout)})", "layout")
    return layout.upper()


def _frozen_copy(value: object, name: str) -> np.ndarray:
    array = np.array(as_numeric_array(value, name), copy=True)
    if array.ndim == 0:
        raise ParameterError(f"'{name}' must be an array (got the single number {array.item()!r}"
                             f"); write [{array.item()!r}] for a length-1 {name}", name)
    array.setflags(write=False)
    return array


@dataclass(frozen=True, eq=False)
class Case:
    """One input x, one kernel w and the keywords of `convlab.conv1d`, field for field; for
    the backward pass also `dout` (the gradient of the loss with respect to conv1d's output)
    and for the transposed convolution `output_padding`.

    x, w (and bias) are stored as read-only copies, so a Case never changes and never shares
    memory with the arrays it was built from. Parameters are checked on their own here;
    whether x and w fit together is for conv1d to say (a Case may describe an input the
    reference refuses, e.g. a kernel longer than the input).

    >>> Case(x=[1, 2, 3, 4, 5], w=[1, 10], stride=2)
    Case(x=[1, 2, 3, 4, 5], w=[1, 10], stride=2)
    """

    x: np.ndarray
    w: np.ndarray
    stride: int = 1
    padding: Padding = "valid"
    dilation: int = 1
    groups: int = 1
    bias: np.ndarray | None = field(default=None)
    layout: str = "NCL"
    padding_mode: str = "zeros"
    dout: np.ndarray | None = field(default=None)
    output_padding: int = 0

    def __post_init__(self) -> None:
        set_ = object.__setattr__
        set_(self, "x", _frozen_copy(self.x, "x"))
        set_(self, "w", _frozen_copy(self.w, "w"))
        if self.bias is not None:
            set_(self, "bias", _frozen_copy(self.bias, "bias"))
        if self.dout is not None:
            set_(self, "dout", _frozen_copy(self.dout, "dout"))
        set_(self, "stride", check_positive_int(self.stride, "stride"))
        set_(self, "dilation", check_positive_int(self.dilation, "dilation"))
        set_(self, "groups", check_positive_int(self.groups, "groups"))
        set_(self, "padding", check_padding(self.padding))
        set_(self, "layout", check_layout(self.layout))
        set_(self, "padding_mode", check_padding_mode(self.padding_mode))
        set_(self, "output_padding", check_positive_int(self.output_padding,
                                                        "output_padding", minimum=0))

    @property
    def length(self) -> int:
        """Input length L (the steps axis, whatever the layout)."""
        if self.x.ndim <= 1 or self.layout == "NCL":
            return int(self.x.shape[-1])
        return int(self.x.shape[-2])

    @property
    def kernel_size(self) -> int:
        """K (the taps axis of w, whatever the layout)."""
        if self.w.ndim <= 1 or self.layout == "NCL":
            return int(self.w.shape[-1])
        return int(self.w.shape[0])

    @property
    def arrays(self) -> tuple[np.ndarray, ...]:
        """x, w, and the bias and dout when the case has them."""
        return tuple(array for array in (self.x, self.w, self.bias, self.dout)
                     if array is not None)

    @property
    def spec(self) -> ConvSpec:
        """The ConvSpec of this case (kernel size, stride, padding, dilation)."""
        return ConvSpec(self.kernel_size, self.stride, self.padding, self.dilation)

    def kwargs(self) -> dict:
        """The keywords of conv1d other than x and w, ready for `conv1d(x, w, **kwargs)`
        (`dout` and `output_padding`, which belong to the backward pass and the transposed
        convolution, are not conv1d's)."""
        return {f.name: getattr(self, f.name) for f in fields(self)
                if f.name not in ("x", "w", *NOT_CONV1D)}

    def non_default_kwargs(self) -> dict:
        """Only the keywords that differ from conv1d's defaults (for short displays)."""
        return {f.name: getattr(self, f.name) for f in fields(self)
                if f.name not in ("x", "w") and not _same(getattr(self, f.name), f.default)}

    def replace(self, **changes) -> Case:
        """A new Case with some fields changed (x and w are copied again)."""
        values = {f.name: getattr(self, f.name) for f in fields(self)}
        values.update(changes)
        return Case(**values)

    def __repr__(self) -> str:
        parts = [f"x={_short(self.x)}", f"w={_short(self.w)}"]
        for name, value in self.non_default_kwargs().items():
            shown = _short(value) if isinstance(value, np.ndarray) else repr(value)
            parts.append(f"{name}={shown}")
        return f"Case({', '.join(parts)})"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Case):
            return NotImplemented
        return all(_same(getattr(self, f.name), getattr(other, f.name)) for f in fields(self))

    __hash__ = None


def _same(a: object, b: object) -> bool:
    if a is None or b is None:
        return a is b
    if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
        return (isinstance(a, np.ndarray) and isinstance(b, np.ndarray)
                and a.shape == b.shape and a.dtype == b.dtype and bool(np.array_equal(a, b)))
    return a == b


def _short(array: np.ndarray) -> str:
    """A list-like rendering: ints without a trailing '.0', long arrays summarised."""
    if array.size > 40:
        return f"<array shape={array.shape} dtype={array.dtype}>"
    values = array.tolist()
    return repr(values)
