"""casetext: a Case from the text a learner types, and back."""

from __future__ import annotations

import pytest

from convlab import Case, ParameterError
from convlab.casetext import case_texts, parse_case, parse_int, parse_padding, parse_values


def test_parse_case_reads_lists_numbers_and_words():
    """name=value pairs give a Case; bare words stay strings."""
    case = parse_case("x=[1, 2, 3, 4, 5] w=[1,10] stride=2 padding=same")
    assert case == Case(x=[1, 2, 3, 4, 5], w=[1, 10], stride=2, padding="same")


@pytest.mark.parametrize("text, words", [
    ("[1, 2]", "name=value"), ("x=[1] v=[2]", "unknown case field"),
    ("x=[1, 2]", "needs both"), ("x=[1] w=[1] stride=0", "'stride'"),
])
def test_parse_case_refusals_say_what_is_wrong(text, words):
    """Bad --case text raises a ParameterError saying what to write."""
    with pytest.raises(ParameterError, match=words):
        parse_case(text)


def test_text_boxes_round_trip():
    """The text shown for a case parses back to the same case."""
    case = Case(x=[1, 2.5, 3], w=[0.5, -0.5], stride=2, padding=(1, 2), dilation=1)
    texts = case_texts(case)
    assert texts["x"] == "1, 2.5, 3"
    assert Case(x=parse_values(texts["x"], "x"), w=parse_values(texts["w"], "w"),
                stride=parse_int(texts["stride"], "stride"),
                padding=parse_padding(texts["padding"]),
                dilation=parse_int(texts["dilation"], "dilation")) == case
