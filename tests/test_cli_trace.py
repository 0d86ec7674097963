"""`convlab trace`: the terminal view of an implementation next to the reference."""

from __future__ import annotations

import textwrap

import pytest

from convlab.cli import main
from convlab.cli.cmd_trace import parse_case

ARTICLE_STRIDE_BUG = textwrap.dedent('''
    import numpy as np

    def strided(x, w, stride=1, padding="valid"):
        out = np.zeros((len(x) - len(w)) // stride + 1)
        for i in range(0, len(x) - len(w), stride):
            out[i // stride] = np.sum(x[i:i + len(w)] * w)
        return out
''')
ARTICLE_CASE = "x=[1,2,3,4,5,6,7,8] w=[0.5,-0.5] stride=2"


@pytest.fixture
def student_file(tmp_path):
    path = tmp_path / "student.py"
    path.write_text(ARTICLE_STRIDE_BUG)
    return path


def test_parse_case_reads_lists_numbers_and_words():
    """--case text gives a Case with list, number and word fields."""
    case = parse_case("x=[1, 2, 3, 4, 5] w=[1,10] stride=2 padding=same")
    assert case.x.tolist() == [1, 2, 3, 4, 5] and case.w.tolist() == [1, 10]
    assert case.stride == 2 and case.padding == "same"


def test_output_view_shows_both_sides_and_the_missing_window(student_file, capsys):
    """One row per output: reference window and sum next to the value the file gave."""
    assert main(["trace", str(student_file), "--case", ARTICLE_CASE]) == 0
    out = capsys.readouterr().out
    assert "strided" in out
    assert "[6..7] 0.5×7 + -0.5×8" in out
    assert "(no line wrote it)" in out
    assert "Output 3 is the first that differs" in out
    assert "reads no input" in out
    assert max(len(line) for line in out.splitlines()) <= 80


def test_line_view_lists_the_executed_lines(student_file, capsys):
    """--granularity line prints each executed line with its writes, within 80 columns."""
    assert main(["trace", f"{student_file}:strided", "--case", ARTICLE_CASE,
                 "--granularity", "line"]) == 0
    out = capsys.readouterr().out
    assert "out[0]=-0.5" in out and "return out" in out
    assert max(len(line) for line in out.splitlines()) <= 80


def test_long_runs_are_shortened(tmp_path, capsys):
    """Long inputs print a shortened trace that says how many steps were left out."""
    path = tmp_path / "long.py"
    path.write_text(textwrap.dedent('''
        def conv1d(x, w, stride=1, padding="valid"):
            out = []
            for i in range(len(x) - len(w) + 1):
                out.append(sum(x[i + k] * w[k] for k in range(len(w))))
            return out
    '''))
    case = "x=" + str(list(range(60))) + " w=[1,2,3]"
    assert main(["trace", str(path), "--case", case, "--granularity", "line"]) == 0
    out = capsys.readouterr().out
    assert "more steps" in out
    assert len(out.splitlines()) < 120
    assert main(["trace", str(path), "--case", case]) == 0
    out = capsys.readouterr().out
    assert "…" in out and "No difference" in out


def test_endless_loop_is_reported_not_hung(tmp_path, capsys):
    """A file whose function never returns is stopped at --max-steps and says so."""
    path = tmp_path / "forever.py"
    path.write_text(textwrap.dedent('''
        def conv1d(x, w, stride=1, padding="valid"):
            out = []
            while True:
                out.append(0)
    '''))
    assert main(["trace", str(path), "--case", "x=[1,2,3] w=[1,1]",
                 "--max-steps", "300"]) == 0
    out = capsys.readouterr().out
    assert "step cap" in out


def test_several_candidate_functions_need_a_name(tmp_path, capsys):
    """A file with several candidate functions exits with 2 and asks which one."""
    path = tmp_path / "two.py"
    path.write_text("def a(x, w, stride=1, padding='valid'):\n    return x\n\n"
                    "def b(x, w, stride=1, padding='valid'):\n    return x\n")
    assert main(["trace", str(path), "--case", "x=[1,2] w=[1]"]) == 2
    assert "several functions" in capsys.readouterr().err


def test_unknown_bug_is_a_clear_error(capsys):
    """A name that is neither a file nor a catalog id exits with 2 and is quoted."""
    assert main(["trace", "no-such-bug-or-file"]) == 2
    assert "no-such-bug-or-file" in capsys.readouterr().err


def test_catalog_bug_uses_its_counterexample(capsys):
    """Tracing a catalog id without --case runs its counterexample and reports a difference."""
    from convlab import catalog

    bug = catalog.BUGS[0]
    assert main(["trace", bug.id]) == 0
    out = capsys.readouterr().out
    assert bug.id in out
    assert any(word in out for word in ("differs", "missing", "extra", "refuses"))


def test_file_without_case_is_traced_on_the_diagnosis_counterexample(student_file, capsys):
    """With no --case, the input is the smallest one the diagnosis found (or the default case)."""
    import runpy

    from convlab import diagnose

    assert main(["trace", str(student_file)]) == 0
    out = capsys.readouterr().out
    diagnosis = diagnose(runpy.run_path(str(student_file))["strided"], locate=False)
    assert f"input  {diagnosis.counterexample!r}" in out
    assert "The reference gives" in out and "diagnosis: " + ", ".join(diagnosis.categories) in out
    assert "last-window-skipped" in diagnosis.categories


@pytest.mark.parametrize("source, words", [
    ("def conv1d(x, w:\n    return x\n", "is not valid Python (line 1"),
    ("import numpy as np\nraise RuntimeError('boom')\n", "raised RuntimeError: boom"),
])
def test_a_file_that_does_not_import_is_a_clear_error(tmp_path, capsys, source, words):
    """A syntax error (or an error while importing) exits with 2 and a message, no traceback."""
    path = tmp_path / "broken.py"
    path.write_text(source)
    assert main(["trace", str(path)]) == 2
    err = capsys.readouterr().err
    assert "error:" in err and words in err and "Traceback" not in err


@pytest.mark.parametrize("target", ["missing.py", "missing.py:conv1d", "no/such/file"])
def test_a_missing_file_is_named_as_missing(capsys, target):
    """A path that does not exist says so; it is not answered with a catalog id."""
    assert main(["trace", target]) == 2
    err = capsys.readouterr().err
    assert "does not exist" in err and "did you mean" not in err


def test_outputs_into_a_missing_folder_are_refused_before_the_run(tmp_path, capsys):
    """--gif into a folder that does not exist exits with 2, naming the flag and the folder."""
    target = tmp_path / "nowhere" / "out.gif"
    assert main(["trace", "article-strided-range", "--gif", str(target)]) == 2
    err = capsys.readouterr().err
    assert "--gif" in err and "does not exist" in err and "Traceback" not in err


def test_messages_name_the_flags_a_user_types(tmp_path, capsys):
    """The step cap message suggests --max-steps, not the Python keyword max_steps=."""
    path = tmp_path / "forever.py"
    path.write_text("def conv1d(x, w, stride=1, padding='valid'):\n"
                    "    while True:\n        pass\n")
    assert main(["trace", str(path), "--case", "x=[1,2,3] w=[1,1]", "--max-steps", "50"]) == 0
    out = capsys.readouterr().out
    assert "--max-steps" in out and "max_steps=" not in out
    with pytest.raises(SystemExit) as exit_:
        main(["trace", "article-strided-range", "--max-steps", "0"])
    assert exit_.value.code == 2 and "--max-steps" in capsys.readouterr().err


def test_gif_without_a_case_shows_the_mistake_over_several_steps(tmp_path):
    """`trace BUG --gif` without --case animates the article's 8 samples, not a one-step
    counterexample, and holds the first divergent frame."""
    from PIL import Image

    gif = tmp_path / "stride.gif"
    assert main(["trace", "article-strided-range", "--gif", str(gif)]) == 0
    with Image.open(gif) as image:
        assert image.n_frames == 4
        image.seek(3)
        assert image.info["duration"] >= 2500
