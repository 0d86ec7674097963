"""convlab.cli.arguments: argument types the subcommands share."""

from __future__ import annotations

import argparse

import pytest

from convlab.cli.arguments import positive


@pytest.mark.parametrize("text", ["0", "-2", "nan", "inf", "two"])
def test_positive_refuses_what_is_not_a_finite_number_above_zero(text):
    """0, negatives, NaN, infinity and words are refused with a message naming the kind."""
    with pytest.raises(argparse.ArgumentTypeError, match="a number of seconds"):
        positive(float, "a number of seconds")(text)


def test_positive_gives_the_number_in_its_kind():
    """A whole number for int, a float for float."""
    assert positive(int, "a whole number")("3") == 3
    assert positive(float, "a number of seconds")("0.5") == 0.5
