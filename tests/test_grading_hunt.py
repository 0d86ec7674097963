"""Bug hunts on the catalog: counterexamples verified by running, categories, fixes graded."""

import pytest

from convlab import Case, catalog
from convlab.grading.hunt import grade_category, grade_counterexample, grade_fix


@pytest.mark.parametrize("bug", catalog.BUGS, ids=lambda b: b.id)
def test_the_advertised_counterexample_is_accepted(bug):
    """Each entry's own counterexample is graded as a valid counterexample."""
    assert grade_counterexample(bug.id, bug.counterexample).passed


@pytest.mark.parametrize("bug", catalog.BUGS, ids=lambda b: b.id)
def test_the_fixed_function_passes_and_the_flawed_one_does_not(bug):
    """Handing in the entry's fixed function passes; handing in the flawed one fails."""
    assert grade_fix(bug.id, bug.fixed).passed
    assert not grade_fix(bug.id, bug.flawed, want_diagnosis=False).passed


def test_a_case_where_both_agree_is_not_a_counterexample():
    """A case on which flawed and reference agree is refused, saying both give the same."""
    result = grade_counterexample("article-np-convolve", Case(x=[1, 2, 3], w=[1, 1]))
    assert not result and "both give" in result.message


def test_a_case_outside_the_domain_is_refused():
    """A case outside the entry's domain is refused as outside it."""
    result = grade_counterexample("article-np-convolve", Case(x=[1, 2], w=[1, 1], dilation=2))
    assert not result and "outside" in result.message


def test_categories_right_wrong_and_unknown():
    """The right category passes; a wrong one and an unknown id get different messages."""
    assert grade_category("article-np-convolve", "kernel-flipped").passed
    assert "not what goes wrong" in grade_category("article-np-convolve", "dilation").message
    assert "not a category id" in grade_category("article-np-convolve", "flipped").message


def test_a_fix_file_is_graded_in_the_sandbox(tmp_path):
    """A fix handed in as a file path is graded, and diagnosed, on that file's code."""
    path = tmp_path / "fix.py"
    path.write_text("import numpy as np\n"
                    "def conv1d(x, w, stride=1, padding='valid'):\n"
                    "    return np.correlate(np.asarray(x, float), np.asarray(w, float))"
                    "[::stride]\n")
    report = grade_fix("article-np-convolve", path)
    assert report.tests and report.submission == str(path)
    # the file's code ignores padding: right on the basic cases, named for the padding
    assert {test.name: test.passed for test in report.tests}["basic"]
    assert not report.passed and report.categories[:1] == ("missing-padding",)


@pytest.mark.parametrize("bug", catalog.BUGS, ids=lambda b: b.id)
def test_a_submitted_flawed_version_is_named_for_its_mistake(bug):
    """Handing in the flawed code as a 'fix' fails, and the diagnosis names the entry's bug."""
    report = grade_fix(bug.id, bug.flawed)
    assert not report.passed
    assert report.categories[:1] == (bug.category,)
