"""The knobs of a convolution that a mistake can set wrong: one field each, "correct" (or
False) everywhere is the reference."""

from __future__ import annotations

from dataclasses import dataclass, fields

__all__ = ["Knobs"]


@dataclass(frozen=True)
class Knobs:
    """One setting per knob; "correct" (or False) everywhere is the reference."""

    pads: str = "correct"
    fill: str = "correct"
    windows: str = "correct"
    flip: bool = False
    values: str = "correct"
    too_long: str = "correct"
    dilation: str = "correct"
    x_layout: str = "correct"
    w_layout: str = "correct"
    out_layout: str = "correct"
    channels: str = "correct"
    bias: str = "correct"
    groups: str = "correct"
    refuses: str = "correct"
    taps: str = "correct"
    combine: str = "correct"
    accumulate: str = "correct"
    order: str = "correct"
    activation: str = "correct"
    # the backward pass and the transposed convolution (convlab.diagnosis.adjoint)
    spread: str = "correct"
    crop: str = "correct"
    overwrite: str = "correct"
    shift: str = "correct"
    reverse: str = "correct"
    results: str = "correct"
    out_pad: str = "correct"
    length: str = "correct"

    def changed(self) -> tuple[tuple[str, object], ...]:
        """The (knob, setting) pairs that differ from the reference."""
        default = Knobs()
        return tuple((f.name, getattr(self, f.name)) for f in fields(self)
                     if getattr(self, f.name) != getattr(default, f.name))
