"""convlab's errors: one root class, a few kinds, each naming the offending parameter.

Every error a public function raises is a ConvlabError, so `except convlab.ConvlabError`
catches them all; each kind also subclasses the matching built-in (ValueError or TypeError)
so code written for plain Python errors keeps working.
"""

from __future__ import annotations

__all__ = ["ConvlabError", "ParameterError", "ParameterTypeError", "ShapeError"]


class ConvlabError(Exception):
    """Root of every error convlab raises on purpose.

    `parameter` names the argument at fault (e.g. "stride", "x"), or is None when the
    problem is not one argument's alone.
    """

    def __init__(self, message: str, parameter: str | None = None):
        super().__init__(message)
        self.parameter = parameter


class ParameterError(ConvlabError, ValueError):
    """An argument has the right type but a value convolution cannot use (stride=0)."""


class ParameterTypeError(ConvlabError, TypeError):
    """An argument has a type convolution cannot use (stride=1.5, x of strings)."""


class ShapeError(ConvlabError, ValueError):
    """Arrays whose shapes do not fit together (channel mismatch, kernel too long)."""


def describe(value: object) -> str:
    """'0 that is a int' — the value and its type, the way error messages quote them."""
    text = repr(value)
    if len(text) > 60:
        text = text[:57] + "..."
    return f"{text} that is a {type(value).__name__}"
