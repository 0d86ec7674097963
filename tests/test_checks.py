"""checks: count-like arguments refused with the same words everywhere."""

from __future__ import annotations

import pytest

from convlab import ParameterError, ParameterTypeError
from convlab.checks import check_positive_int


def test_ints_at_or_above_the_minimum_pass():
    """An int at or above the minimum comes back as a plain int."""
    assert check_positive_int(3, "stride") == 3
    assert check_positive_int(0, "padding", minimum=0) == 0


@pytest.mark.parametrize("value, error, words", [
    (0, ParameterError, "'stride' must be an int >= 1 (got 0 that is a int)"),
    (2.0, ParameterTypeError, "write 2 instead of 2.0"),
    (True, ParameterTypeError, "'stride'"),
])
def test_refusals_name_the_argument(value, error, words):
    """A bad value names the argument and, for a whole float, says what to write."""
    with pytest.raises(error, match=words.replace("(", r"\(").replace(")", r"\)")):
        check_positive_int(value, "stride")
