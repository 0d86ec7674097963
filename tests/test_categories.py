"""categories: every mistake id has a title, a why, a fix and a place to look."""

from __future__ import annotations

import pytest

from convlab import ParameterError
from convlab.categories import CATEGORIES, LOOK_AT, get_category


@pytest.mark.parametrize("category", CATEGORIES.values(), ids=lambda c: c.id)
def test_every_category_says_where_to_look(category):
    """Each category points at one of the known places in a learner's code."""
    assert category.look_at in LOOK_AT


def test_where_to_look_follows_the_kind_of_mistake():
    """Padding mistakes look at the padding, window mistakes at the loop, others at the output."""
    assert get_category("same-even-kernel").look_at == "padding"
    assert get_category("wrap-around").look_at == "padding"
    assert get_category("extra-window").look_at == "windows"
    assert get_category("kernel-flipped").look_at == "output"


def test_every_category_has_words():
    """Titles, reasons and fixes are filled in, and ids are the dictionary's keys."""
    for category_id, category in CATEGORIES.items():
        assert category.id == category_id
        assert category.title and category.why and category.fix


def test_an_unknown_id_is_refused_with_the_known_ones():
    """get_category names the known ids when asked for one that does not exist."""
    with pytest.raises(ParameterError, match="known ids: .*kernel-flipped"):
        get_category("kernel-reversed")
