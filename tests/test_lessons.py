"""The lessons: every source runs top to bottom within its time budget, nbs/ holds its
up-to-date notebook without the worked answers, and nbs/solutions/ holds them executed."""

from __future__ import annotations

import importlib.util
import time
from pathlib import Path

import jupytext
import nbformat
import pytest

ROOT = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location("lesson_build", ROOT / "lessons" / "build.py")
build = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(build)

SOURCES = build.lesson_sources()
WITH_SOLUTIONS = [source for source in SOURCES if build.has_solutions(source)]
SECONDS_ALLOWED = {"08_for_instructors": 30.0}  # every other lesson: 15 s


def cell_sources(notebook: nbformat.NotebookNode) -> list[tuple[str, str]]:
    """What a reader wrote: each cell's kind and text, without outputs or metadata."""
    return [(cell.cell_type, cell.source.strip()) for cell in notebook.cells]


def test_lessons_exist():
    """The lesson sources are found, numbered from 01 and 02 on."""
    assert [source.stem[:2] for source in SOURCES][:2] == ["01", "02"]


@pytest.mark.parametrize("source", SOURCES, ids=lambda path: path.stem)
def test_notebook_is_in_sync_with_its_lesson(source):
    """nbs/NAME.ipynb has exactly the cells of lessons/NAME.py (rebuild with lessons/build.py)."""
    notebook_path = ROOT / "nbs" / f"{source.stem}.ipynb"
    assert notebook_path.exists(), f"{notebook_path.name} missing: run python lessons/build.py"
    notebook = nbformat.read(notebook_path, as_version=4)
    assert cell_sources(notebook) == cell_sources(build.to_notebook(source)), (
        f"{notebook_path.name} is stale: run python lessons/build.py {source.stem}")


def test_every_lesson_has_worked_answers_kept_out_of_the_learners_notebook():
    """Every lesson holds solution cells, and the learner's notebook holds none of them."""
    assert WITH_SOLUTIONS == SOURCES
    for source in SOURCES:
        notebook = nbformat.read(ROOT / "nbs" / f"{source.stem}.ipynb", as_version=4)
        assert not [cell for cell in notebook.cells if build.is_solution(cell)]


@pytest.mark.parametrize("source", WITH_SOLUTIONS, ids=lambda path: path.stem)
def test_solutions_notebook_is_in_sync_and_executed(source):
    """nbs/solutions/NAME.ipynb has every cell of the lesson, solutions included, all run."""
    assert any(build.is_solution(cell) for cell in jupytext.read(source).cells)
    path = ROOT / "nbs" / "solutions" / f"{source.stem}.ipynb"
    assert path.exists(), f"{path.name} missing: run python lessons/build.py --solutions"
    notebook = nbformat.read(path, as_version=4)
    assert cell_sources(notebook) == cell_sources(build.to_notebook(source, solutions=True)), (
        f"solutions/{path.name} is stale: run python lessons/build.py --solutions "
        f"{source.stem}")
    code_cells = [cell for cell in notebook.cells if cell.cell_type == "code"]
    assert [cell.execution_count for cell in code_cells] == list(range(1, len(code_cells) + 1))
    assert not [output for cell in code_cells for output in cell.outputs
                if output.output_type == "error"]


@pytest.mark.parametrize("source", SOURCES, ids=lambda path: path.stem)
def test_notebook_was_executed(source):
    """Every code cell of the committed notebook ran, in order, without an error output."""
    notebook = nbformat.read(ROOT / "nbs" / f"{source.stem}.ipynb", as_version=4)
    code_cells = [cell for cell in notebook.cells if cell.cell_type == "code"]
    assert [cell.execution_count for cell in code_cells] == list(range(1, len(code_cells) + 1))
    assert not [output for cell in code_cells for output in cell.outputs
                if output.output_type == "error"]


def test_every_notebook_has_a_lesson():
    """No notebook in nbs/ lacks a lesson source."""
    lessons = {source.stem for source in SOURCES}
    notebooks = {path.stem for path in (ROOT / "nbs").glob("*.ipynb")}
    assert notebooks and notebooks <= lessons


@pytest.mark.notebook
@pytest.mark.parametrize("source", SOURCES, ids=lambda path: path.stem)
def test_lesson_runs_top_to_bottom(source):
    """Each lesson, executed fresh in a kernel, runs every cell without an error, in at most
    15 s (the instructors' lesson, which grades a folder in child processes: 30 s)."""
    start = time.perf_counter()
    notebook = build.execute(build.to_notebook(source))
    seconds = time.perf_counter() - start
    assert seconds <= SECONDS_ALLOWED.get(source.stem, 15.0), f"{source.stem}: {seconds:.1f} s"
    code_cells = [cell for cell in notebook.cells if cell.cell_type == "code"]
    assert code_cells
    assert [cell.execution_count for cell in code_cells] == list(range(1, len(code_cells) + 1))
    assert not [output for cell in code_cells for output in cell.outputs
                if output.output_type == "error"]


@pytest.mark.parametrize("source", WITH_SOLUTIONS, ids=lambda path: path.stem)
def test_exercises_fail_on_the_attempt_and_pass_on_the_solution(source):
    """In the learner's notebook some exercise check fails (the first attempt) and none
    passes everything; in the solutions notebook every check passes."""
    def verdicts(path):
        notebook = nbformat.read(path, as_version=4)
        return [output.get("data", {}).get("text/plain", "") + output.get("text", "")
                for cell in notebook.cells if cell.cell_type == "code"
                and ("check" in cell.source)
                for output in cell.outputs]

    def failed(text):
        return "FAILED" in text or ": no:" in text or "NOT YET" in text

    learner = verdicts(ROOT / "nbs" / f"{source.stem}.ipynb")
    solved = verdicts(ROOT / "nbs" / "solutions" / f"{source.stem}.ipynb")
    assert any(failed(text) for text in learner)
    assert not any(failed(text) for text in solved[-1:])
