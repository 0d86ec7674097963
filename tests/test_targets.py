"""targets: one resolver for 'a bug id, a Bug or a function', with one default case."""

from __future__ import annotations

import pytest

from convlab import ParameterError, catalog
from convlab.targets import DEFAULT_CASE, default_case, exercise_for, resolve


def test_a_bug_id_runs_its_flawed_function_on_its_counterexample():
    """An id and its Bug resolve alike: flawed function, counterexample, its exercise."""
    bug = catalog.get("article-strided-range")
    for given in (bug.id, bug):
        target = resolve(given)
        assert target.function is bug.flawed and target.bug is bug
        assert target.case == bug.counterexample and target.exercise == bug.exercise
        assert target.title.startswith(bug.id)


def test_your_function_runs_on_the_default_case():
    """A learner's function runs on DEFAULT_CASE, under the first exercise that takes it."""
    def conv1d(x, w, stride=1, padding="valid"):
        return x

    target = resolve(conv1d)
    assert target.bug is None and target.case == DEFAULT_CASE == default_case()
    assert target.exercise == "conv1d" == exercise_for(DEFAULT_CASE)
    assert target.title == "conv1d"


def test_anything_else_is_refused():
    """A number is neither a catalog id nor a function."""
    with pytest.raises(ParameterError, match="'bug_id_or_fn'"):
        resolve(3)
