"""Hostile submissions, graded the way an instructor grades a class: `convlab grade DIR`
with bubblewrap required.

Each file under tests/submissions/attacks/ is a correct conv1d that returns its answer only
when its attack worked (its first line says which): a held attack scores 0, while honest
files in the same folder (odd names, a BOM, a latin-1 coding cookie) get full marks. The
folder also holds a lookup table of the published corpus and a symbolic link to an
instructor's solution outside the folder.
"""

import csv
import hashlib
import json
import os
import shutil
import socket
import threading
from pathlib import Path

import jsonschema
import numpy as np
import pytest

from convlab import conv1d
from convlab.cli import main
from convlab.errors import ConvlabError
from convlab.grading import RESULTS_SCHEMA
from convlab.grading.corpus import corpus
from convlab.grading.isolation import isolation_problem

SUBMISSIONS = Path(__file__).parent / "submissions"
ATTACKS = sorted((SUBMISSIONS / "attacks").glob("*.py"))
HONEST = SUBMISSIONS / "correct" / "loops_list.py"
SECRET_FILE = Path("/tmp/convlab-instructor-secret.txt")
LISTENER_PORT = 47391
TOTAL_SECONDS = 3.0

pytestmark = pytest.mark.skipif(
    isolation_problem() is not None and not os.environ.get("CONVLAB_REQUIRE_BWRAP"),
    reason=f"bubblewrap is needed: {isolation_problem()}")


def lookup_table_source() -> str:
    """A 'conv1d' that answers the published corpus from a table and nothing else."""
    table = {}
    for test in corpus("conv1d"):
        for case in test.cases:
            key = repr((case.x.tolist(), case.w.tolist(), case.stride, case.padding))
            try:
                table[key] = conv1d(case.x, case.w, stride=case.stride,
                                    padding=case.padding).tolist()
            except ConvlabError:
                table[key] = "raise"
    return ("import numpy as np\n\nTABLE = " + repr(table) + "\n\n\n"
            "def conv1d(x, w, stride=1, padding='valid'):\n"
            "    key = repr((np.asarray(x).tolist(), np.asarray(w).tolist(), stride, padding))\n"
            "    answer = TABLE.get(key, [0.0])\n"
            "    if answer == 'raise':\n"
            "        raise ValueError('no window fits')\n"
            "    return answer\n")


class Listener:
    """A TCP server on 127.0.0.1 that records whether anyone connected."""

    def __init__(self, port: int):
        self.server = socket.create_server(("127.0.0.1", port))
        self.server.settimeout(0.2)
        self.connections = 0
        self.running = True
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self):
        while self.running:
            try:
                connection, _ = self.server.accept()
            except OSError:
                continue
            self.connections += 1
            connection.close()

    def close(self):
        self.running = False
        self.thread.join()
        self.server.close()


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    """Grade one class folder of attacks and honest files; every test reads the results."""
    work = tmp_path_factory.mktemp("class")
    folder = work / "class"
    folder.mkdir()
    for path in ATTACKS:
        shutil.copy(path, folder / path.name)
    shutil.copy(HONEST, folder / "honest.py")
    shutil.copy(HONEST, folder / "odd name é.py")
    shutil.copy(SUBMISSIONS / "correct" / "bom_notepad.py", folder / "bom_notepad.py")
    latin = HONEST.read_bytes().replace(b"# A plain", b"# -*- coding: latin-1 -*-\n# \xe9 A plain")
    (folder / "latin1_cookie.py").write_bytes(latin)
    (folder / "lookup_table.py").write_text(lookup_table_source())
    instructor = work / "instructor"
    instructor.mkdir()
    shutil.copy(HONEST, instructor / "solution.py")
    (folder / "solution_link.py").symlink_to(instructor / "solution.py")
    before = hashlib.sha256((folder / "honest.py").read_bytes()).hexdigest()
    SECRET_FILE.write_text("convlab-secret")
    os.environ["CONVLAB_GRADER_SECRET"] = "convlab-secret"
    listener = Listener(LISTENER_PORT)
    out, summary = work / "results", work / "summary.csv"
    try:
        code = main(["grade", str(folder), "--json", str(out), "--csv", str(summary),
                     "--jobs", "2", "--timeout", "0.5", "--total-seconds", str(TOTAL_SECONDS),
                     "--isolation", "bwrap", "--forbid-numpy-convolve"])
    finally:
        listener.close()
        del os.environ["CONVLAB_GRADER_SECRET"]
        SECRET_FILE.unlink()
    results = {path.stem: json.loads(path.read_text()) for path in out.iterdir()}
    with summary.open(encoding="utf-8") as file:
        rows = {Path(row["file"]).stem: row for row in csv.DictReader(file)}
    return {"code": code, "results": results, "rows": rows, "folder": folder,
            "listener": listener, "before": before}


@pytest.mark.parametrize("path", ATTACKS, ids=lambda p: p.stem)
def test_every_attack_is_held(graded, path):
    """An attack that worked would return right answers; held, it scores 0."""
    data = graded["results"][path.stem]
    assert data["score"] == 0, [t["output"] for t in data["tests"] if t["score"]]


@pytest.mark.parametrize("name", ["honest", "odd name é", "bom_notepad", "latin1_cookie"])
def test_honest_files_beside_the_attacks_get_full_marks(graded, name):
    """Honest files in the attacked folder score full marks: BOM and coding cookies load."""
    data = graded["results"][name]
    assert data["score"] == data["max_score"] == 16, data["output"][:500]


def test_the_batch_finishes_with_valid_results_for_every_file(graded):
    """Whatever the children did, every file has a schema-valid results file and a CSV row."""
    assert graded["code"] == 0
    names = {path.stem for path in graded["folder"].iterdir()}
    assert set(graded["results"]) == names == set(graded["rows"])
    for data in graded["results"].values():
        jsonschema.validate(data, RESULTS_SCHEMA)


def test_a_lookup_table_of_the_corpus_scores_nothing(graded):
    """Fresh inputs drawn for the run expose answers looked up instead of computed."""
    data = graded["results"]["lookup_table"]
    assert data["score"] == 0
    assert any("not looked up" in test["output"] for test in data["tests"])


def test_a_symlink_to_a_solution_outside_the_folder_is_refused(graded):
    """A link to the instructor's solution is not graded, and says why."""
    data = graded["results"]["solution_link"]
    assert data["score"] == 0 and "symbolic link" in data["output"]


def test_no_process_outlives_grading():
    """Processes a submission started (fork, spawnv_passfds) died with its sandbox."""
    lingering = []
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            command = Path(f"/proc/{pid}/cmdline").read_bytes()
        except OSError:
            continue
        if b"convlab-lingering-marker" in command:
            lingering.append(pid)
    assert lingering == []


def test_the_classmate_file_and_the_network_are_untouched(graded):
    """The honest file was not rewritten, no connection left the sandbox, no file was made."""
    after = hashlib.sha256((graded["folder"] / "honest.py").read_bytes()).hexdigest()
    assert after == graded["before"]
    assert graded["listener"].connections == 0
    made = {"made.db", "made.fifo", "made2.fifo"}
    assert not made & {path.name for path in graded["folder"].iterdir()}
    assert not made & set(os.listdir("."))


def test_the_time_budget_holds_across_restarts(graded):
    """A child that exits after every reply is restarted, but never gets a new clock."""
    data = graded["results"]["restarts_forever"]
    assert data["execution_time"] < TOTAL_SECONDS + 4
    assert data["score"] == 0


def test_forged_replies_fail_only_their_submission(graded):
    """Malformed replies written into the channel are that submission's failure."""
    data = graded["results"]["forges_replies"]
    assert data["score"] == 0
    assert any("channel" in test["output"] for test in data["tests"])


def test_isolation_can_be_required_and_process_mode_warns(tmp_path, capsys, monkeypatch):
    """--isolation bwrap fails clearly where bubblewrap cannot run; auto then warns once."""
    from convlab.grading import isolation

    monkeypatch.setattr(isolation, "_KNOWN_PROBLEM", ["bubblewrap (bwrap) is not installed"])
    target = tmp_path / "a.py"
    shutil.copy(HONEST, target)
    assert main(["grade", str(target), "--isolation", "bwrap", "--json",
                 str(tmp_path / "r.json")]) == 2
    assert "bubblewrap (bwrap) is not installed" in capsys.readouterr().err
    assert main(["grade", str(target), "--json", str(tmp_path / "r.json")]) == 0
    warnings = [line for line in capsys.readouterr().err.splitlines() if "warning" in line]
    assert len(warnings) == 1 and "not isolated" in warnings[0]
    assert np.isclose(json.loads((tmp_path / "r.json").read_text())["score"], 16)
