"""The error hierarchy: one root, built-in kinds, the parameter recorded."""

import convlab
from convlab.errors import describe


def test_hierarchy():
    """convlab's errors share one root and are also ValueError or TypeError."""
    assert issubclass(convlab.ShapeError, convlab.ConvlabError)
    assert issubclass(convlab.ShapeError, ValueError)
    assert issubclass(convlab.ParameterError, ValueError)
    assert issubclass(convlab.ParameterTypeError, TypeError)


def test_parameter_is_recorded():
    """An error keeps the offending parameter's name apart from its message."""
    error = convlab.ParameterError("bad", "stride")
    assert error.parameter == "stride" and str(error) == "bad"


def test_describe_quotes_value_and_type():
    """describe() quotes a value with its type and shortens long values."""
    assert describe(0) == "0 that is a int"
    assert describe("x" * 100).endswith("... that is a str")
