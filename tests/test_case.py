"""Case: read-only copies, checked parameters, a readable repr."""

from __future__ import annotations

import numpy as np
import pytest

from convlab import Case, ConvSpec, ParameterError, conv1d


def test_case_copies_and_freezes_its_arrays():
    """A Case never shares memory with the caller and cannot be changed through x."""
    x = np.arange(5.0)
    case = Case(x=x, w=[1, 2])
    x[0] = 99
    assert case.x[0] == 0
    with pytest.raises(ValueError):
        case.x[0] = 1


def test_case_fields_are_conv1d_keywords():
    """kwargs() feeds conv1d directly."""
    case = Case(x=[1, 2, 3, 4, 5, 6], w=[1, 10, 100], stride=2, padding="same")
    assert conv1d(case.x, case.w, **case.kwargs()).tolist() == [321, 543, 65]
    assert case.spec == ConvSpec(3, 2, "same")
    assert case.length == 6 and case.kernel_size == 3


def test_case_layout_aware_sizes():
    """In the NLC layout length and kernel size are read from the right axes."""
    case = Case(x=np.zeros((1, 7, 2)), w=np.zeros((3, 2, 4)), layout="nlc")
    assert case.layout == "NLC" and case.length == 7 and case.kernel_size == 3


def test_case_repr_and_equality():
    """The repr shows only non-default fields; equality compares values; replace changes one."""
    case = Case(x=[1, 2, 3, 4, 5], w=[1, 10], stride=2)
    assert repr(case) == "Case(x=[1, 2, 3, 4, 5], w=[1, 10], stride=2)"
    assert case == Case(x=[1, 2, 3, 4, 5], w=[1, 10], stride=2)
    assert case != case.replace(stride=1)
    assert case.replace(padding="same").padding == "same"


def test_case_checks_parameters():
    """A bad stride or layout raises a ParameterError naming the field."""
    with pytest.raises(ParameterError, match="'stride'"):
        Case(x=[1, 2], w=[1], stride=0)
    with pytest.raises(ParameterError, match="'layout'"):
        Case(x=[1, 2], w=[1], layout="LNC")


def test_case_allows_inputs_the_reference_refuses():
    """A kernel longer than the input is a valid Case (the reference then raises)."""
    case = Case(x=[1, 2], w=[1, 10, 100])
    assert case.kernel_size == 3


def test_case_with_bias_reports_it_as_non_default():
    """A bias is a non-default keyword and shows in the repr."""
    case = Case(x=[[1, 2, 3]], w=[[[1, 1]]], bias=[5.0, 6.0])
    assert list(case.non_default_kwargs()) == ["bias"]
    assert "bias=[5.0, 6.0]" in repr(case)


def test_a_single_number_is_not_an_array():
    """A scalar x or w is refused, and the message suggests wrapping it in a list."""
    with pytest.raises(ParameterError, match=r"'x' must be an array.*\[5\]"):
        Case(x=5, w=[1])
    with pytest.raises(ParameterError, match="'w'"):
        Case(x=[1, 2], w=2.0)


def test_a_case_refuses_huge_and_masked_arrays_before_copying():
    """Case names x before copying 10^11 values, and refuses a masked array."""
    from convlab import ParameterTypeError

    with pytest.raises(ParameterError, match="'x' holds"):
        Case(x=np.broadcast_to(np.ones(1), (10**11,)), w=[1])
    with pytest.raises(ParameterTypeError, match="'w' is a masked array"):
        Case(x=[1, 2, 3], w=np.ma.masked_array([1.0], mask=[0]))


def test_arrays_are_the_ones_the_case_has():
    """Case.arrays: x and w, then the bias and dout only when set."""
    plain = Case(x=[1, 2], w=[1])
    assert [a.tolist() for a in plain.arrays] == [[1, 2], [1]]
    full = plain.replace(bias=[0.5], dout=[3, 4])
    assert [a.tolist() for a in full.arrays] == [[1, 2], [1], [0.5], [3, 4]]
