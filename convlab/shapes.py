"""The shape doctor: what each axis of x means, what comes out, and what to change when
the shapes cannot work.

It answers the questions readers ask about Conv1D shapes before any data exists, so it works
on shapes alone: explain_shapes((16070, 1, 45), 10, layout="NLC").
"""

from __future__ import annotations

import numbers
from dataclasses import dataclass, field

from convlab.case import check_layout
from convlab.checks import check_positive_int
from convlab.errors import ParameterTypeError, ShapeError, describe
from convlab.spec import ConvSpec

__all__ = ["ShapeReport", "explain_shapes"]


@dataclass(frozen=True)
class ShapeReport:
    """The doctor's answer. `ok` is False when the convolution cannot run as asked."""

    x_shape: tuple[int, ...]
    kernel_size: int
    layout: str
    axes: tuple[str, ...]
    output_shape: tuple | None
    problems: tuple[str, ...] = field(default=())
    fixes: tuple[str, ...] = field(default=())
    formula: str = ""

    @property
    def ok(self) -> bool:
        return not self.problems

    def __str__(self) -> str:
        lines = [f"x of shape {self.x_shape} with layout {self.layout!r}:"]
        lines += [f"  {text}" for text in self.axes]
        if self.output_shape is not None:
            lines.append(f"Output shape: {self.output_shape}.")
        if self.formula:
            lines.append(self.formula)
        if self.problems:
            lines.append("Problems:")
            lines += [f"  - {text}" for text in self.problems]
        if self.fixes:
            lines.append("What to change:")
            lines += [f"  - {text}" for text in self.fixes]
        return "\n".join(lines)

    def _repr_pretty_(self, printer, cycle) -> None:
        printer.text(str(self))


def _check_shape(shape: object, name: str) -> tuple[int, ...]:
    if isinstance(shape, (str, bytes)) or not hasattr(shape, "__iter__"):
        raise ParameterTypeError(f"'{name}' must be a tuple of ints such as (32, 1, 100) "
                                 f"(got {describe(shape)}); pass array.shape, not the array",
                                 name)
    shape = tuple(shape)
    for size in shape:
        if isinstance(size, bool) or not isinstance(size, numbers.Integral) or size < 0:
            raise ParameterTypeError(f"'{name}' must be a tuple of ints >= 0 (got "
                                     f"{describe(shape)})", name)
    return tuple(int(size) for size in shape)


def explain_shapes(x_shape, w_shape_or_kernel_size, layout: str = "NCL", *, stride: int = 1,
                   padding="valid", dilation: int = 1, groups: int = 1) -> ShapeReport:
    """Explain the shapes of a Conv1D call: axes, output shape, and fixes when it cannot run.

    w_shape_or_kernel_size is either the kernel size K (an int: the number of filters is then
    unknown and shown as C_out) or the full weight shape: (C_out, C_in/groups, K) for layout
    "NCL", (K, C_in/groups, C_out) for "NLC", (K,) for a 1-D x.

    >>> print(explain_shapes((1, 40, 1), 5, layout="NLC"))  # doctest: +ELLIPSIS
    x of shape (1, 40, 1) with layout 'NLC':
      axis 0 (1): batch — 1 sample(s)
      axis 1 (40): steps — the length L the kernel slides along
      axis 2 (1): channels — 1 feature(s) per step
    Output shape: (1, 36, 'C_out').
    ...
    """
    layout = check_layout(layout)
    x_shape = _check_shape(x_shape, "x_shape")
    if isinstance(w_shape_or_kernel_size, numbers.Integral) and not isinstance(
            w_shape_or_kernel_size, bool):
        w_shape = None
        kernel_size = check_positive_int(w_shape_or_kernel_size, "w_shape_or_kernel_size")
    else:
        w_shape = _check_shape(w_shape_or_kernel_size, "w_shape_or_kernel_size")
        kernel_size = _kernel_size_of(w_shape, layout, len(x_shape))
    spec = ConvSpec(kernel_size, stride, padding, dilation)
    groups = check_positive_int(groups, "groups")

    if len(x_shape) not in (1, 2, 3):
        raise ShapeError(f"'x_shape' must have 1, 2 or 3 axes (got {len(x_shape)}: {x_shape}); "
                         f"Conv1D takes (L,), {_layout_words(layout)}", "x_shape")
    steps_axis, channel_axis = _axes_of(len(x_shape), layout)
    axes = _axis_meanings(x_shape, steps_axis, channel_axis)
    if w_shape is not None and len(w_shape) == 3:
        axes += _kernel_axis_meanings(w_shape, layout)
    problems: list[str] = []
    fixes: list[str] = []
    length = x_shape[steps_axis]
    channels = x_shape[channel_axis] if channel_axis is not None else 1

    zero_axes = [i for i, size in enumerate(x_shape) if size == 0]
    if zero_axes:
        problems.append(f"axis {zero_axes[0]} of x has size 0: there is nothing to convolve")
        return ShapeReport(x_shape, kernel_size, layout, axes, None, tuple(problems))

    c_out = _check_channels(w_shape, layout, len(x_shape), channels, groups, x_shape,
                            channel_axis, problems, fixes)
    out_length = None
    formula = ""
    try:
        out_length = spec.output_length(length)
        formula = next(line for line in spec.explain(length).splitlines()
                       if line.startswith("Output length"))
    except ShapeError:
        k_eff = spec.effective_kernel_size
        pads = spec.pads(length)
        problems.append(
            f"the steps axis (axis {steps_axis}) has length {length}"
            + (f" ({length + sum(pads)} after padding)" if sum(pads) else "")
            + f", so a kernel spanning {k_eff} steps cannot fit")
        _fixes_for_short_length(x_shape, steps_axis, channel_axis, layout, spec, fixes)

    output_shape = None
    if out_length is not None and not problems:
        output_shape = _output_shape(x_shape, steps_axis, channel_axis, out_length, c_out)
    return ShapeReport(x_shape, kernel_size, layout, tuple(axes), output_shape,
                       tuple(problems), tuple(fixes), formula)


def _layout_words(layout: str) -> str:
    return ("(C_in, L) or (N, C_in, L) for layout 'NCL'" if layout == "NCL"
            else "(L, C_in) or (N, L, C_in) for layout 'NLC'")


def _kernel_size_of(w_shape: tuple[int, ...], layout: str, x_ndim: int) -> int:
    if len(w_shape) == 1:
        size = w_shape[0]
    elif len(w_shape) == 3:
        size = w_shape[2] if layout == "NCL" else w_shape[0]
    else:
        wanted = "(C_out, C_in/groups, K)" if layout == "NCL" else "(K, C_in/groups, C_out)"
        raise ShapeError(f"'w_shape_or_kernel_size' must be a kernel size or a weight shape "
                         f"{wanted} (got {w_shape})", "w_shape_or_kernel_size")
    if size < 1:
        raise ShapeError(f"the kernel axis of w has size {size} (w shape {w_shape}); a "
                         f"kernel needs at least one tap", "w_shape_or_kernel_size")
    return size


def _axes_of(ndim: int, layout: str) -> tuple[int, int | None]:
    """(steps axis, channel axis) of x."""
    if ndim == 1:
        return 0, None
    if layout == "NCL":
        return ndim - 1, ndim - 2
    return ndim - 2, ndim - 1


def _axis_meanings(x_shape, steps_axis, channel_axis) -> list[str]:
    meanings = []
    for axis, size in enumerate(x_shape):
        if axis == steps_axis:
            text = "steps — the length L the kernel slides along"
        elif axis == channel_axis:
            text = f"channels — {size} feature(s) per step"
        else:
            text = f"batch — {size} sample(s)"
        meanings.append(f"axis {axis} ({size}): {text}")
    return meanings


def _kernel_axis_meanings(w_shape, layout) -> list[str]:
    """What each axis of a 3-D weight means in this layout (a swapped kernel shows here)."""
    names = (["output channels (filters)", "input channels per group", "taps K"]
             if layout == "NCL" else
             ["taps K", "input channels per group", "output channels (filters)"])
    return [f"w axis {axis} ({size}): {name}"
            for axis, (size, name) in enumerate(zip(w_shape, names))]


def _check_channels(w_shape, layout, x_ndim, channels, groups, x_shape, channel_axis,
                    problems, fixes):
    """Check w against x's channels; return the output channel count (or 'C_out')."""
    if w_shape is None:
        if channels % groups:
            problems.append(f"groups={groups} does not divide the {channels} input channels")
            fixes.append(f"choose groups among the divisors of {channels}")
        return "C_out"
    if x_ndim == 1:
        if len(w_shape) != 1:
            problems.append(f"a 1-D x takes a 1-D kernel (K,), not w of shape {w_shape}")
            fixes.append(f"give x a channel axis: {_layout_words(layout)}")
        return None
    if len(w_shape) != 3:
        problems.append(f"w of shape {w_shape} has no channel axes; x with channels needs "
                        + ("(C_out, C_in/groups, K)" if layout == "NCL" else
                           "(K, C_in/groups, C_out)"))
        fixes.append("reshape w: " + ("w.reshape(1, 1, K) for one filter on one channel"
                                      if layout == "NCL" else
                                      "w.reshape(K, 1, 1) for one filter on one channel"))
        return "C_out"
    c_in_group, c_out = (w_shape[1], w_shape[0]) if layout == "NCL" else (w_shape[1], w_shape[2])
    if c_out % groups or channels % groups:
        problems.append(f"groups={groups} must divide both the {channels} input channels and "
                        f"the {c_out} output channels")
    elif c_in_group * groups != channels:
        problems.append(f"w expects {c_in_group * groups} input channel(s) but x has {channels} "
                        f"on axis {channel_axis}")
        other_axis = x_ndim - 1 if layout == "NCL" else x_ndim - 2
        if x_shape[other_axis] == c_in_group * groups:
            other = "NLC" if layout == "NCL" else "NCL"
            fixes.append(f"x looks like layout {other!r}: pass layout={other!r} or transpose x "
                         f"so the channel axis comes {'second' if layout == 'NCL' else 'last'}")
        if channels % groups == 0:
            axis = "w.shape[1]"
            fixes.append(f"or make {axis} (input channels per group) {channels // groups} to "
                         f"match x")
    return c_out


def _fixes_for_short_length(x_shape, steps_axis, channel_axis, layout, spec, fixes) -> None:
    k_eff = spec.effective_kernel_size
    length = x_shape[steps_axis]
    if channel_axis is not None and x_shape[channel_axis] >= k_eff:
        swapped = list(x_shape)
        swapped[steps_axis], swapped[channel_axis] = swapped[channel_axis], swapped[steps_axis]
        how = ("x.transpose(0, 2, 1)" if len(x_shape) == 3 else "x.T")
        fixes.append(
            f"if the {x_shape[channel_axis]} values on axis {channel_axis} are time steps, they "
            f"are on the channel axis: use shape {tuple(swapped)} ({how}"
            + (f", or a reshape since axis {steps_axis} has length 1" if length == 1 else "")
            + ")")
        total = x_shape[channel_axis] * length
        factorizations = [(steps, total // steps) for steps in range(k_eff, total + 1)
                          if total % steps == 0 and steps != total]
        if factorizations:
            shapes = ", ".join(str(_with_axes(x_shape, steps_axis, channel_axis, steps, feats))
                               for steps, feats in factorizations[:4])
            fixes.append(f"if they are several features at each of several steps flattened "
                         f"together, reshape to (N, steps, features) with at least {k_eff} "
                         f"steps, e.g. {shapes}" if layout == "NLC" else
                         f"if they are several features at several steps flattened together, "
                         f"reshape to (N, features, steps) with at least {k_eff} steps, "
                         f"e.g. {shapes}")
    steps = "step" if length == 1 else "steps"
    fixes.append(f"or use a kernel of at most {length} {steps}, or padding='same' (always "
                 f"ceil(L/stride) outputs)")


def _with_axes(x_shape, steps_axis, channel_axis, steps, features) -> tuple[int, ...]:
    shape = list(x_shape)
    shape[steps_axis], shape[channel_axis] = steps, features
    return tuple(shape)


def _output_shape(x_shape, steps_axis, channel_axis, out_length, c_out) -> tuple:
    if channel_axis is None:
        return (out_length,)
    shape = list(x_shape)
    shape[steps_axis] = out_length
    shape[channel_axis] = c_out
    return tuple(shape)
