"""A real nbgrader round trip: `assert_conv1d` in an autograded cell, graded by nbgrader itself.

The course is built in a temporary folder: a source notebook whose test cell calls
`convlab.assert_conv1d`, `nbgrader generate_assignment`, a wrong and a right student
notebook under submitted/, `nbgrader autograde`, then the gradebook is read.
"""

import re
import subprocess
import sys
import warnings
from pathlib import Path

import nbformat
import pytest

with warnings.catch_warnings():
    # nbgrader's database layer warns about its own use of SQLAlchemy; the test extra
    # installs nbgrader, so this import never skips
    warnings.simplefilter("ignore")
    from nbgrader.api import Gradebook

pytestmark = pytest.mark.notebook

COURSE = "conv101"
ASSIGNMENT = "ps1"
TEST_CELL = "test_conv1d"

SOLUTION = '''\
import numpy as np

def conv1d(x, w, stride=1, padding="valid"):
    ### BEGIN SOLUTION
    x, w = np.asarray(x, dtype=float), np.asarray(w, dtype=float)
    if padding == "same":
        total = max((-(-len(x) // stride) - 1) * stride + len(w) - len(x), 0)
        x = np.pad(x, (total // 2, total - total // 2))
    elif padding != "valid":
        x = np.pad(x, int(padding))
    if len(w) > len(x):
        raise ValueError("the kernel is longer than the padded input")
    starts = range(0, len(x) - len(w) + 1, stride)
    return np.array([x[start:start + len(w)] @ w for start in starts])
    ### END SOLUTION
'''

RIGHT_BODY = SOLUTION.split("### BEGIN SOLUTION\n")[1].split("    ### END SOLUTION")[0]
# the classic off-by-one: range(0, L - K, stride) never reaches the last window
WRONG_BODY = RIGHT_BODY.replace("len(x) - len(w) + 1", "len(x) - len(w)")
STUB = "    # YOUR CODE HERE\n    raise NotImplementedError()"


def _cell(kind: str, source: str, **nbgrader) -> nbformat.NotebookNode:
    make = nbformat.v4.new_code_cell if kind == "code" else nbformat.v4.new_markdown_cell
    cell = make(source)
    if nbgrader:
        cell.metadata["nbgrader"] = {"schema_version": 3, "grade": False, "solution": False,
                                     "locked": False, **nbgrader}
    return cell


def _source_notebook() -> nbformat.NotebookNode:
    notebook = nbformat.v4.new_notebook()
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                       "language": "python"}
    notebook.cells = [
        _cell("markdown", "Write `conv1d(x, w, stride=1, padding='valid')`."),
        _cell("code", SOLUTION, solution=True, grade_id="conv1d_solution"),
        _cell("code", f"# {TEST_CELL}\nimport convlab\nconvlab.assert_conv1d(conv1d)",
              grade=True, locked=True, points=2, grade_id=TEST_CELL),
    ]
    return notebook


def _nbgrader(course: Path, *arguments: str) -> subprocess.CompletedProcess:
    # nbgrader is run from the interpreter running the tests, so its kernel finds convlab
    done = subprocess.run([sys.executable, "-m", "nbgrader", *arguments], cwd=course,
                          capture_output=True, text=True, timeout=180)
    assert done.returncode == 0, done.stdout + done.stderr
    return done


def _student_copy(course: Path, student: str, body: str) -> None:
    """The released notebook with `body` typed in place of the solution stub."""
    released = course / "release" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
    notebook = nbformat.read(released, as_version=4)
    for cell in notebook.cells:
        if cell.metadata.get("nbgrader", {}).get("solution"):
            assert STUB in cell.source
            cell.source = cell.source.replace(STUB, body.rstrip("\n"))
    folder = course / "submitted" / student / ASSIGNMENT
    folder.mkdir(parents=True)
    nbformat.write(notebook, folder / f"{ASSIGNMENT}.ipynb")


@pytest.fixture(scope="module")
def course(tmp_path_factory) -> Path:
    """A course graded by nbgrader: alice's conv1d skips the last window, bob's is right."""
    course = tmp_path_factory.mktemp("course")
    (course / "nbgrader_config.py").write_text(
        "c = get_config()\n"
        f"c.CourseDirectory.course_id = {COURSE!r}\n"
        f"c.CourseDirectory.root = {str(course)!r}\n"
        "c.CourseDirectory.db_assignments = [dict(name='ps1')]\n"
        "c.CourseDirectory.db_students = [dict(id='alice'), dict(id='bob')]\n"
        "c.ExecutePreprocessor.timeout = 60\n")
    (course / "source" / ASSIGNMENT).mkdir(parents=True)
    nbformat.write(_source_notebook(), course / "source" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb")
    _nbgrader(course, "generate_assignment", ASSIGNMENT, "--force")
    _student_copy(course, "alice", WRONG_BODY)
    _student_copy(course, "bob", RIGHT_BODY)
    _nbgrader(course, "autograde", ASSIGNMENT, "--force")
    return course


def _grade(course: Path, student: str) -> tuple[float, float]:
    """The score and the maximum of the assert_conv1d cell, from nbgrader's gradebook."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with Gradebook(f"sqlite:///{course / 'gradebook.db'}", COURSE) as gradebook:
            grade = gradebook.find_grade(TEST_CELL, ASSIGNMENT, ASSIGNMENT, student)
            return grade.score, grade.max_score


def _test_cell_output(course: Path, student: str) -> str:
    """What the assert_conv1d cell showed in the student's autograded notebook, as text."""
    path = course / "autograded" / student / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
    notebook = nbformat.read(path, as_version=4)
    cell = next(cell for cell in notebook.cells
                if cell.metadata.get("nbgrader", {}).get("grade_id") == TEST_CELL)
    text = "\n".join("\n".join(output.get("traceback", [])) + output.get("text", "")
                     for output in cell.outputs)
    return re.sub(r"\x1b\[[0-9;]*m", "", text)  # the traceback's colours


def test_the_wrong_notebook_gets_zero_with_the_diagnosis(course):
    """nbgrader gives the failing assert 0 points, and its output names the mistake."""
    assert _grade(course, "alice") == (0.0, 2.0)
    output = _test_cell_output(course, "alice")
    assert "AssertionError: conv1d: 1 / 16 points" in output
    assert "diagnosis: last-window-skipped" in output
    assert "smallest failing case: Case(x=[1, 2], w=[1])" in output


def test_the_right_notebook_gets_full_marks(course):
    """nbgrader gives the passing assert every point, and the cell prints nothing."""
    assert _grade(course, "bob") == (2.0, 2.0)
    assert _test_cell_output(course, "bob") == ""

