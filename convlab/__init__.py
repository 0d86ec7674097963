"""convlab: learn 1-D convolution by debugging it."""

from convlab.case import Case
from convlab.errors import ConvlabError, ParameterError, ParameterTypeError, ShapeError
from convlab.reference import conv1d
from convlab.shapes import ShapeReport, explain_shapes
from convlab.spec import ConvSpec

__all__ = [
    "Case",
    "ConvSpec",
    "ConvlabError",
    "ParameterError",
    "ParameterTypeError",
    "ShapeError",
    "ShapeReport",
    "conv1d",
    "explain_shapes",
]
__version__ = "0.1.0"
