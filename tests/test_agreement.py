"""convlab.agreement: one tolerance and one rule for 'the same output'."""

from __future__ import annotations

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from convlab.agreement import first_difference, same_values

_SPECIAL = st.sampled_from([0.0, 1.0, -2.5, 1e-7, np.nan, np.inf, -np.inf])


@given(values=st.lists(_SPECIAL, min_size=1, max_size=5),
       shifts=st.lists(st.sampled_from([0.0, 1e-7, 1e-3, np.nan, np.inf]), min_size=5,
                       max_size=5),
       atol=st.sampled_from([0.0, 1e-6, 1e-2]))
def test_same_values_is_first_difference_finding_none(values, shifts, atol):
    """The fast check and first_difference agree, NaN and infinities included."""
    expected = np.array(values)
    with np.errstate(invalid="ignore"):
        got = expected + np.array(shifts[:len(values)])
    assert same_values(expected, got, atol) == (first_difference(expected, got, atol) is None)


def test_different_shapes_are_never_the_same():
    """A missing output is a difference, whatever the tolerance."""
    assert not same_values(np.zeros(3), np.zeros(2), atol=1.0)
