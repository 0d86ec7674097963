"""`convlab explain` and `convlab shapes` from the command line."""

import subprocess
import sys

from convlab.cli import main


def test_explain_prints_the_formula(capsys):
    """`convlab explain` prints the output-length formula worked out to its result."""
    assert main(["explain", "-L", "6", "-K", "3", "-s", "2", "-p", "same"]) == 0
    assert "= 3." in capsys.readouterr().out


def test_explain_solves(capsys):
    """With --outputs, explain lists ways to turn the inputs into that many outputs."""
    assert main(["explain", "-L", "17", "--outputs", "3", "--limit", "3"]) == 0
    out = capsys.readouterr().out
    assert "ways to turn 17 inputs into 3 outputs" in out and "kernel  15" in out


def test_shapes_exit_code_says_whether_it_works(capsys):
    """`convlab shapes` exits 1 with a suggested shape on a mismatch and 0 when it fits."""
    assert main(["shapes", "16070,1,45", "10", "--layout", "NLC"]) == 1
    assert "(16070, 45, 1)" in capsys.readouterr().out
    assert main(["shapes", "1,40,1", "5", "--layout", "NLC"]) == 0


def test_errors_are_reported_not_raised(capsys):
    """A bad argument exits with 2 and names the parameter on stderr."""
    assert main(["explain", "-L", "5", "-K", "0"]) == 2
    assert "kernel_size" in capsys.readouterr().err


def test_python_dash_m_runs():
    """`python -m convlab --help` succeeds and lists the explain command."""
    result = subprocess.run([sys.executable, "-m", "convlab", "--help"], capture_output=True,
                            text=True, timeout=60)
    assert result.returncode == 0 and "explain" in result.stdout


def test_explain_outputs_for_a_million_refuses_naming_the_flags(capsys):
    """`explain -L 1000000 --outputs 10` answers at once: the flags to bound the search."""
    from convlab.cli import main

    assert main(["explain", "-L", "1000000", "--outputs", "10"]) == 2
    assert "bound the search with --max-kernel and --max-padding" in capsys.readouterr().err
    assert main(["explain", "-L", "1000000", "--outputs", "500000", "--max-kernel", "3",
                 "--max-padding", "1", "--max-stride", "2"]) == 0
    assert "kernel   1  stride   2  padding   0" in capsys.readouterr().out
