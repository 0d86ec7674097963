"""The error hierarchy: one root, built-in kinds, the parameter recorded."""

import convlab
from convlab.errors import describe


def test_hierarchy():
    assert issubclass(convlab.ShapeError, convlab.ConvlabError)
    assert issubclass(convlab.ShapeError, ValueError)
    assert issubclass(convlab.ParameterError, ValueError)
    assert issubclass(convlab.ParameterTypeError, TypeError)


def test_parameter_is_recorded():
    error = convlab.ParameterError("bad", "stride")
    assert error.parameter == "stride" and str(error) == "bad"


def test_describe_quotes_value_and_type():
    assert describe(0) == "0 that is a int"
    assert describe("x" * 100).endswith("... that is a str")
