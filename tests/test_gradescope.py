"""`convlab gradescope`: the autograder zip, run the way Gradescope runs it, in a fake root."""

import json
import os
import shutil
import stat
import subprocess
import sys
import zipfile
from pathlib import Path

import jsonschema
import pytest

from convlab.cli import main
from convlab.grading import RESULTS_SCHEMA
from convlab.grading.gradescope import ROOT_VARIABLE

SUBMISSIONS = Path(__file__).parent / "submissions"
PINNED = "convlab==0.1.0"


@pytest.fixture(scope="module")
def bundle(tmp_path_factory) -> Path:
    """A bundle that pins convlab instead of building a wheel (the wheel has its own test)."""
    out = tmp_path_factory.mktemp("bundle") / "autograder.zip"
    assert main(["gradescope", "conv1d", "-o", str(out), "--requirement", PINNED,
                 "--timeout", "0.5", "--total-seconds", "20"]) == 0
    return out


def autograder_root(bundle: Path, where: Path) -> Path:
    """Lay the bundle out as Gradescope does: source/ unzipped, run_autograder copied up."""
    root = where / "autograder"
    with zipfile.ZipFile(bundle) as archive:
        archive.extractall(root / "source")
        for info in archive.infolist():
            mode = info.external_attr >> 16
            if mode:
                os.chmod(root / "source" / info.filename, stat.S_IMODE(mode))
    shutil.copy2(root / "source" / "run_autograder", root / "run_autograder")
    (root / "submission").mkdir()
    (root / "results").mkdir()
    return root


def run_autograder(root: Path) -> dict:
    """Run run_autograder (never setup.sh: this environment has convlab) and read its results."""
    env = {**os.environ, ROOT_VARIABLE: str(root), "CONVLAB_PYTHON": sys.executable}
    done = subprocess.run([str(root / "run_autograder")], env=env, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    results = json.loads((root / "results" / "results.json").read_text())
    jsonschema.validate(results, RESULTS_SCHEMA)
    return results


def test_the_zip_holds_what_gradescope_expects(bundle):
    """setup.sh and run_autograder at the top, both executable; settings name the exercise."""
    with zipfile.ZipFile(bundle) as archive:
        names = set(archive.namelist())
        modes = {info.filename: info.external_attr >> 16 for info in archive.infolist()}
        settings = json.loads(archive.read("settings.json"))
        setup = archive.read("setup.sh").decode()
    assert {"setup.sh", "run_autograder", "settings.json"} <= names
    assert modes["setup.sh"] & 0o111 and modes["run_autograder"] & 0o111
    assert settings["exercise"] == "conv1d" and settings["file"] == "conv1d.py"
    assert settings["case_seconds"] == 0.5
    assert f"pip install --no-cache-dir '{PINNED}'" in setup


@pytest.mark.parametrize("submission, score, diagnosis", [
    (SUBMISSIONS / "correct" / "loops_list.py", 16.0, []),
    (SUBMISSIONS / "flawed" / "last_window.py", 1.0, ["last-window-skipped"]),
], ids=["right", "wrong"])
def test_run_autograder_grades_a_submission(bundle, tmp_path, submission, score, diagnosis):
    """A right file gets full marks; a wrong one its score and the mistake's name."""
    root = autograder_root(bundle, tmp_path)
    shutil.copy(submission, root / "submission" / "conv1d.py")
    results = run_autograder(root)
    assert (results["score"], results["max_score"]) == (score, 16.0)
    assert results["extra_data"]["diagnosis"][:1] == diagnosis


def test_run_autograder_reports_a_submission_that_does_not_load(bundle, tmp_path):
    """A syntax error scores 0 and results.json says the file did not load, and where."""
    root = autograder_root(bundle, tmp_path)
    (root / "submission" / "mine.py").write_text("def conv1d(x, w, stride=1, padding='valid'\n")
    results = run_autograder(root)
    assert results["score"] == 0 and results["max_score"] == 16.0
    assert "SyntaxError" in results["output"]
    assert all(test["status"] == "failed" for test in results["tests"])


def test_run_autograder_without_a_python_file_says_what_to_upload(bundle, tmp_path):
    """A submission of no .py file still gets a results.json naming the file expected."""
    root = autograder_root(bundle, tmp_path)
    (root / "submission" / "notes.txt").write_text("I did not finish")
    results = run_autograder(root)
    assert results["score"] == 0
    assert "upload conv1d.py" in results["output"]


def test_the_default_bundle_carries_a_wheel_of_this_checkout(tmp_path):
    """Without --requirement, setup.sh installs the convlab wheel inside the zip."""
    out = tmp_path / "autograder.zip"
    assert main(["gradescope", "conv1d", "-o", str(out)]) == 0
    with zipfile.ZipFile(out) as archive:
        wheels = [name for name in archive.namelist() if name.endswith(".whl")]
        setup = archive.read("setup.sh").decode()
        with zipfile.ZipFile(archive.open(wheels[0])) as wheel:
            packaged = set(wheel.namelist())
    assert len(wheels) == 1 and f'"$HERE/{wheels[0]}"' in setup
    assert {"convlab/grading/gradescope.py", "convlab/cli/cmd_gradescope.py"} <= packaged


@pytest.mark.parametrize("arguments, message", [
    (["nope"], "EXERCISE must be one of conv1d"),
    (["conv1d", "-o", "{tmp}/missing/autograder.zip"], "folder that does not exist"),
    (["conv1d", "-o", "{tmp}/autograder.tar"], "must be a .zip file name"),
    (["conv1d", "-o", "{tmp}"], "is a folder"),
    (["conv1d", "--file", "conv1d.txt"], "must be a Python file name"),
], ids=["exercise", "missing-folder", "not-zip", "folder", "file"])
def test_bad_input_is_a_clear_error_and_exit_2(tmp_path, capsys, arguments, message):
    """Each mistake on the command line names what is wrong, writes nothing and exits 2."""
    arguments = [part.format(tmp=tmp_path) for part in arguments]
    assert main(["gradescope", *arguments, "--requirement", PINNED]) == 2
    error = capsys.readouterr().err
    assert error.startswith("convlab gradescope: error: ") and message in error
    assert not list(tmp_path.glob("*.zip"))


def test_a_backward_bundle_grades_the_exercises_function_by_default(tmp_path):
    """`convlab gradescope conv1d-backward` expects conv1d_backward.py defining
    conv1d_backward (the exercise's own names) unless --file / --function say otherwise."""
    out = tmp_path / "autograder.zip"
    assert main(["gradescope", "conv1d-backward", "-o", str(out), "--requirement",
                 PINNED]) == 0
    with zipfile.ZipFile(out) as archive:
        settings = json.loads(archive.read("settings.json"))
    assert settings["exercise"] == "conv1d-backward"
    assert settings["function"] == "conv1d_backward"
    assert settings["file"] == "conv1d_backward.py"
