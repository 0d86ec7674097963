"""`convlab grade`: one results.json per submission, a CSV summary, crashes contained."""

import csv
import json
import os
import shutil
from pathlib import Path

import jsonschema
import pytest

from convlab.cli import main
from convlab.grading import RESULTS_SCHEMA

SUBMISSIONS = Path(__file__).parent / "submissions"


def test_grade_one_file(tmp_path, capsys):
    """Grading one flawed file writes schema-valid JSON naming its mistake and prints the score."""
    out = tmp_path / "results.json"
    assert main(["grade", str(SUBMISSIONS / "flawed" / "last_window.py"), "--json",
                 str(out)]) == 0
    data = json.loads(out.read_text())
    jsonschema.validate(data, RESULTS_SCHEMA)
    assert data["extra_data"]["diagnosis"][0] == "last-window-skipped"
    assert "1/16" in capsys.readouterr().out


def test_a_folder_with_crashing_children_finishes(tmp_path):
    """Segfaults, os._exit and floods among good code: every file still gets its results."""
    folder = tmp_path / "class"
    folder.mkdir()
    for path in [SUBMISSIONS / "correct" / "loops_list.py",
                 SUBMISSIONS / "correct" / "numpy_gather.py",
                 SUBMISSIONS / "hostile" / "segfault.py", SUBMISSIONS / "hostile" / "os_exit.py",
                 SUBMISSIONS / "hostile" / "output_flood.py",
                 SUBMISSIONS / "hostile" / "exit_on_load.py"]:
        shutil.copy(path, folder / path.name)
    out, summary = tmp_path / "out", tmp_path / "summary.csv"
    assert main(["grade", str(folder), "--json", str(out), "--csv", str(summary), "--jobs", "2",
                 "--timeout", "0.5", "--forbid-numpy-convolve"]) == 0
    results = sorted(p.name for p in out.iterdir())
    assert results == sorted(f"{p.stem}.json" for p in folder.iterdir())
    for path in out.iterdir():
        jsonschema.validate(json.loads(path.read_text()), RESULTS_SCHEMA)
    with summary.open() as file:
        rows = {Path(row["file"]).stem: row for row in csv.DictReader(file)}
    assert rows["loops_list"]["score"] == "16" and rows["segfault"]["score"] == "0"
    assert set(rows["loops_list"]) == {"file", "score", "max_score", "diagnosis"}


@pytest.mark.parametrize("argv, message", [
    (["missing.py"], "no such file or folder: missing.py"),
    (["/no/such/dir/"], "no such file or folder: /no/such/dir"),
    (["notes.txt"], "notes.txt is not a Python file (.py)"),
    (["empty"], "no .py files to grade in empty"),
    (["a.py", "--timeout", "0"], "argument --timeout: must be a number of seconds greater"),
    (["a.py", "--timeout", "-1"], "argument --timeout: must be a number of seconds greater"),
    (["a.py", "--memory-mb", "0"], "argument --memory-mb: must be a whole number"),
    (["a.py", "--jobs", "0"], "argument --jobs/-j: must be a whole number greater than 0"),
    (["a.py", "--exercise", "conv2d"], "--exercise must be one of conv1d, conv1d-strict"),
    (["a.py", "--json", "out"], "--json out is a folder"),
    (["folder", "--json", "notes.txt"], "--json notes.txt is a file"),
], ids=lambda value: value if isinstance(value, str) else " ".join(value))
def test_mistakes_at_the_terminal_get_a_message_and_exit_2(tmp_path, monkeypatch, capsys,
                                                           argv, message):
    """Every typo gets a clear message naming what was typed, and exit status 2."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "notes.txt").write_text("notes")
    (tmp_path / "empty").mkdir()
    (tmp_path / "out").mkdir()
    (tmp_path / "folder").mkdir()
    shutil.copy(SUBMISSIONS / "correct" / "loops_list.py", tmp_path / "a.py")
    shutil.copy(SUBMISSIONS / "correct" / "loops_list.py", tmp_path / "folder" / "b.py")
    try:
        code = main(["grade", *argv])
    except SystemExit as exit_:  # argparse's own check of a flag's value
        code = exit_.code
    assert code == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err


def test_a_file_then_a_folder_in_one_directory(tmp_path, monkeypatch, capsys):
    """results.json for one file, results/NAME.json for a folder: both work side by side;
    helpers starting with _ are named as skipped."""
    monkeypatch.chdir(tmp_path)
    folder = tmp_path / "class"
    folder.mkdir()
    for name in ("a.py", "_helper.py"):
        shutil.copy(SUBMISSIONS / "correct" / "loops_list.py", folder / name)
    assert main(["grade", str(folder / "a.py")]) == 0
    assert main(["grade", str(folder)]) == 0
    assert (tmp_path / "results.json").is_file()
    assert [p.name for p in (tmp_path / "results").iterdir()] == ["a.json"]
    assert "skipping _helper.py" in capsys.readouterr().err


def test_a_file_name_that_is_not_utf8_is_graded_and_summarised(tmp_path):
    """A Latin-1 file name gets its results and a CSV row; no temporary file is left."""
    folder = tmp_path / "class"
    folder.mkdir()
    name = os.fsdecode(b"caf\xe9.py")
    shutil.copy(SUBMISSIONS / "correct" / "loops_list.py", folder / name)
    summary = tmp_path / "summary.csv"
    assert main(["grade", str(folder), "--json", str(tmp_path / "out"), "--csv",
                 str(summary)]) == 0
    assert "caf\\xe9.py,16,16" in summary.read_text(encoding="utf-8")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["class", "out", "summary.csv"]


def test_a_load_failure_is_explained_on_the_terminal_and_in_every_test(tmp_path, capsys):
    """A syntax error shows on the terminal line, and no test reads "4 of 5 cases passed"."""
    path = tmp_path / "broken.py"
    path.write_text("def conv1d(x, w:\n")
    out = tmp_path / "results.json"
    assert main(["grade", str(path), "--json", str(out)]) == 0
    assert "(not graded: loading the submission failed: SyntaxError" in capsys.readouterr().out
    for test in json.loads(out.read_text())["tests"]:
        assert test["output"].startswith("0 of ") and "SyntaxError" in test["output"]


def test_version_and_help_list_every_exercise(capsys):
    """`convlab --version` answers; `convlab grade --help` names every exercise."""
    from convlab import __version__
    from convlab.exercises import EXERCISES

    with pytest.raises(SystemExit):
        main(["--version"])
    assert capsys.readouterr().out.strip() == f"convlab {__version__}"
    with pytest.raises(SystemExit):
        main(["grade", "--help"])
    shown = " ".join(capsys.readouterr().out.split())
    assert all(name in shown for name in EXERCISES)


def test_list_is_readable_at_80_columns(capsys, monkeypatch):
    """At 80 columns no line of `convlab list` is longer than the terminal."""
    monkeypatch.setenv("COLUMNS", "80")
    assert main(["list"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) > 30 and max(len(line) for line in lines) <= 80

def test_grade_a_folder_with_a_class_report(tmp_path, capsys):
    """--report class.html writes one page whose rows link to results/NAME.json."""
    folder = tmp_path / "class"
    folder.mkdir()
    for path in [SUBMISSIONS / "correct" / "loops_list.py",
                 SUBMISSIONS / "flawed" / "last_window.py"]:
        shutil.copy(path, folder / path.name)
    report = tmp_path / "class.html"
    assert main(["grade", str(folder), "--json", str(tmp_path / "results"), "--report",
                 str(report), "--quiet"]) == 0
    page = report.read_text()
    assert "href='results/last_window.json'" in page and "last-window-skipped" in page
    assert "class report -> " in capsys.readouterr().out


def test_a_report_in_a_missing_folder_is_refused_before_grading(tmp_path, capsys):
    """A typo in --report is exit 2 with a message naming --report, and nothing is graded."""
    folder = tmp_path / "class"
    folder.mkdir()
    shutil.copy(SUBMISSIONS / "correct" / "loops_list.py", folder)
    assert main(["grade", str(folder), "--json", str(tmp_path / "results"), "--report",
                 str(tmp_path / "missing" / "class.html")]) == 2
    assert capsys.readouterr().err.startswith("convlab grade: error: --report is in a folder")
    assert not (tmp_path / "results").exists()


def test_grade_a_folder_of_transposed_convolutions(tmp_path, capsys):
    """`--exercise conv-transpose1d` grades each file's conv_transpose1d (the exercise's
    function name by default) and names the mistake on the terminal and in results."""
    right = ("import numpy as np\n"
             "def conv_transpose1d(x, w, stride=1, padding=0, output_padding=0):\n"
             "    full = np.zeros((len(x) - 1) * stride + len(w) + output_padding)\n"
             "    for i in range(len(x)):\n"
             "        full[i * stride:i * stride + len(w)] += x[i] * np.asarray(w, float)\n"
             "    return full[padding:len(full) - padding]\n")
    folder = tmp_path / "class"
    folder.mkdir()
    (folder / "ana.py").write_text(right)
    (folder / "ben.py").write_text(right.replace(" + output_padding)", ")"))
    assert main(["grade", str(folder), "--exercise", "conv-transpose1d", "--json",
                 str(tmp_path / "results"), "--quiet"]) == 0
    out = capsys.readouterr().out
    assert "13/13" in out and "[output-padding-ignored]" in out
    ben = json.loads((tmp_path / "results" / "ben.json").read_text())
    jsonschema.validate(ben, RESULTS_SCHEMA)
    assert ben["extra_data"]["diagnosis"][0] == "output-padding-ignored"
    assert ben["extra_data"]["counterexample"]["output_padding"] >= 1
