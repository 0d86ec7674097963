"""Conversion of user input to checked arrays."""

import numpy as np
import pytest

from convlab import ParameterError, ParameterTypeError
from convlab.arrays import as_numeric_array, compute_dtype


def test_lists_and_arrays_pass_through():
    """A numeric array comes back as the same object; a nested list becomes an array."""
    x = np.arange(3)
    assert as_numeric_array(x, "x") is x
    assert as_numeric_array([[1, 2], [3, 4]], "x").shape == (2, 2)


@pytest.mark.parametrize("value, error", [
    ([[1, 2], [3]], ParameterError), ("abc", ParameterTypeError), (None, ParameterTypeError),
    ([1 + 2j], ParameterTypeError), (np.array(["a"]), ParameterTypeError), ([], ParameterError),
    ({1: 2}, ParameterTypeError), (np.array([None, 1]), ParameterTypeError),
])
def test_refused_values(value, error):
    """Ragged, empty, non-numeric and complex values are refused with an error naming 'x'."""
    with pytest.raises(error, match="'x'"):
        as_numeric_array(value, "x")


def test_compute_dtype():
    """Integers compute in float64, all-float32 stays float32, mixed inputs go to float64."""
    assert compute_dtype(np.zeros(1, np.int32)) == np.float64
    assert compute_dtype(np.zeros(1, np.float32), np.zeros(1, np.float32)) == np.float32
    assert compute_dtype(np.zeros(1, np.float32), np.zeros(1, np.int8)) == np.float64
