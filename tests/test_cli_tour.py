"""`convlab tour`: the first thing a learner runs."""

import subprocess
import sys

from convlab.cli import main


def test_tour_shows_the_article_numbers_and_names_every_mistake(capsys):
    """The article's strided example prints its [-0.5, -0.5, -0.5, 0] next to the reference."""
    assert main(["tour"]) == 0
    out = capsys.readouterr().out
    assert "flawed:     [-0.5, -0.5, -0.5, 0]" in out
    assert "reference:  [-0.5, -0.5, -0.5, -0.5]" in out
    assert "5 of 5 mistakes named correctly" in out
    assert "jupyter lab nbs/" in out


def test_tour_runs_as_a_command():
    """`python -m convlab tour` succeeds in a fresh process and names a mistake."""
    result = subprocess.run([sys.executable, "-m", "convlab", "tour"], capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "last-window-skipped" in result.stdout
