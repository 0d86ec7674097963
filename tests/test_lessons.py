"""The lessons: every source runs top to bottom, and nbs/ holds its up-to-date notebook."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import jupytext
import nbformat
import pytest

ROOT = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location("lesson_build", ROOT / "lessons" / "build.py")
build = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(build)

SOURCES = build.lesson_sources()


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
    assert cell_sources(notebook) == cell_sources(jupytext.read(source)), (
        f"{notebook_path.name} is stale: run python lessons/build.py {source.stem}")


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
    """Each lesson, executed fresh in a kernel, runs every cell without an error."""
    notebook = build.execute(build.to_notebook(source))
    code_cells = [cell for cell in notebook.cells if cell.cell_type == "code"]
    assert code_cells
    assert [cell.execution_count for cell in code_cells] == list(range(1, len(code_cells) + 1))
    assert not [output for cell in code_cells for output in cell.outputs
                if output.output_type == "error"]


@pytest.mark.parametrize("name", ["01_by_hand", "03_stride_and_off_by_one", "07_bug_hunt"])
def test_checked_exercises_show_a_wrong_and_a_right_answer(name):
    """The notebook's checked exercise cells were run on a wrong answer and on a right one."""
    notebook = nbformat.read(ROOT / "nbs" / f"{name}.ipynb", as_version=4)
    verdicts = [output.data["text/plain"] for cell in notebook.cells
                if cell.cell_type == "code" and "convlab.check" in cell.source
                for output in cell.outputs if "text/plain" in output.get("data", {})]
    failed = ["FAILED" in verdict or ": no:" in verdict for verdict in verdicts]
    assert any(failed) and not all(failed)
