"""Shared argument checks: every public entry point refuses a bad fn, case or limit clearly."""

import pytest

import convlab
from convlab import Case, ParameterError, ParameterTypeError
from convlab.validate import check_case, check_function, check_seconds


def reference(x, w, stride=1, padding="valid"):
    return convlab.conv1d(x, w, stride=stride, padding=padding)


CASE = Case(x=[1, 2, 3], w=[1, 10])


@pytest.mark.parametrize("call, parameter", [
    (lambda: convlab.trace(None, CASE), "fn"),
    (lambda: convlab.trace(reference, [1, 2, 3]), "case"),
    (lambda: convlab.trace(reference, CASE, max_steps=0), "max_steps"),
    (lambda: convlab.trace(reference, CASE, time_limit=-1), "time_limit"),
    (lambda: convlab.compare(3, CASE), "fn"),
    (lambda: convlab.compare(reference, "x=[1, 2]"), "case"),
    (lambda: convlab.provenance(reference, None), "case"),
    (lambda: convlab.diagnose(reference, time_limit=float("nan")), "time_limit"),
    (lambda: convlab.check(5), "fn"),
    (lambda: convlab.assert_conv1d(None), "fn"),
    (lambda: convlab.animate("article-strided-range", path=5), "path"),
    (lambda: convlab.animate("article-strided-range", path="stride.txt"), "path"),
])
def test_public_functions_name_the_bad_argument(call, parameter):
    """Each public entry point raises a ConvlabError quoting the bad argument's name."""
    with pytest.raises(convlab.ConvlabError) as info:
        call()
    assert info.value.parameter == parameter and f"'{parameter}'" in str(info.value)


def test_the_checks_themselves():
    """The checks return good values unchanged and refuse bad ones with a hint."""
    assert check_function(reference) is reference
    assert check_case(CASE) is CASE
    assert check_seconds(2, "time_limit") == 2.0
    with pytest.raises(ParameterTypeError, match="convlab.Case"):
        check_case({"x": [1]})
    with pytest.raises(ParameterError, match="positive"):
        check_seconds(0, "time_limit")
    with pytest.raises(ParameterTypeError, match="seconds"):
        check_seconds(True, "time_limit")
