"""`convlab grade`: one results.json per submission, a CSV summary, crashes contained."""

import csv
import json
import shutil
from pathlib import Path

import jsonschema

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
    assert "1/15" in capsys.readouterr().out


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
    assert rows["loops_list"]["score"] == "15" and rows["segfault"]["score"] == "0"
    assert set(rows["loops_list"]) == {"file", "score", "max_score", "diagnosis"}
