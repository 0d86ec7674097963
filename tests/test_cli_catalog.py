"""`convlab list` and `convlab show` from the command line."""

import subprocess
import sys

from convlab import catalog
from convlab.cli import main


def test_list_shows_every_entry(capsys):
    """`convlab list` prints the entry count and every entry's id."""
    assert main(["list"]) == 0
    out = capsys.readouterr().out
    assert f"{len(catalog.BUGS)} entries" in out
    assert all(bug.id in out for bug in catalog.BUGS)


def test_list_filters_by_category_and_source(capsys):
    """--category and --source keep only the matching entries."""
    assert main(["list", "--category", "stride-ignored"]) == 0
    out = capsys.readouterr().out
    assert "classic-stride-never-used" in out and "classic-window-starts-at-t" in out
    assert "article-" not in out and "4 entries" in out
    assert "classic-dout-not-spread" in out and "classic-transposed-stride-ignored" in out
    assert main(["list", "--source", "blog"]) == 0
    out = capsys.readouterr().out
    assert "blog-steps-as-channels" in out and "classic-" not in out


def test_list_filters_by_exercise_and_show_names_the_array_that_differs(capsys):
    """--exercise keeps one exercise's entries; `show` of a backward-pass entry gives the
    (dx, dw) pairs and says which array differs where."""
    assert main(["list", "--exercise", "conv1d-backward"]) == 0
    out = capsys.readouterr().out
    backward = [bug for bug in catalog.BUGS if bug.exercise == "conv1d-backward"]
    assert len(backward) >= 6 and f"{len(backward)} entries" in out
    assert all(bug.id in out for bug in backward) and "article-" not in out
    assert main(["show", "classic-dw-overwritten"]) == 0
    out = capsys.readouterr().out
    assert "(dx=[1, 10], dw=[20])" in out and "(dx=[1, 10], dw=[21])" in out
    assert "What differs: dw[0] is 20, expected 21" in out


def test_list_unknown_category_suggests_one(capsys):
    """An unknown category exits with 2 and suggests the closest category."""
    assert main(["list", "--category", "stride"]) == 2
    assert "did you mean 'stride-ignored'" in capsys.readouterr().err


def test_show_puts_flawed_and_fixed_side_by_side(capsys):
    """The differing range line is marked on both sides; the outputs and index follow."""
    assert main(["show", "article-strided-range"]) == 0
    out = capsys.readouterr().out
    assert "- " + "    for i in range(0, len(x) - kernel_size, stride):" in out
    assert "+ " + "    for i in range(0, len(x) - kernel_size + 1, stride):" in out
    assert "Counterexample Case(x=[1], w=[1], stride=2)" in out
    assert "[0]" in out and "[1]" in out
    assert "First differing index: 0" in out
    assert "Grokking-Deep-Learning/issues/43" in out
    assert "last-window-skipped" in out


def test_show_an_entry_the_reference_refuses(capsys):
    """For a too-long kernel, show says the reference raises and the flawed code does not."""
    assert main(["show", "classic-no-size-check"]) == 0
    out = capsys.readouterr().out
    assert "raises ShapeError" in out and "instead of raising" in out


def test_show_unknown_id_names_the_closest(capsys):
    """An unknown id exits with 2 and names the closest entry id."""
    assert main(["show", "article-strided"]) == 2
    err = capsys.readouterr().err
    assert "no catalog entry 'article-strided'" in err
    assert "did you mean 'article-strided-range'" in err


def test_show_every_entry_runs(capsys):
    """`convlab show` succeeds on every entry and prints one counterexample each."""
    for bug in catalog.BUGS:
        assert main(["show", bug.id]) == 0
    assert capsys.readouterr().out.count("Counterexample") == len(catalog.BUGS)


def test_show_from_a_fresh_process():
    """`python -m convlab show` works in a new interpreter and prints both outputs."""
    result = subprocess.run([sys.executable, "-m", "convlab", "show", "article-np-convolve"],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert "np.correlate" in result.stdout and "[12]" in result.stdout
    assert "[21]" in result.stdout
