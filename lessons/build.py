"""Build the executed notebooks: each lessons/NN_name.py becomes nbs/NN_name.ipynb.

Usage, from anywhere:  python lessons/build.py [--solutions] [NAME ...]   (default: every lesson)

Each lesson source (jupytext percent format) is converted to a notebook, run top to bottom
in a fresh python3 kernel whose working directory is the project root (so `import convlab`
finds this checkout), and written to nbs/ with its outputs.

Cells tagged "solution" (`# %% tags=["solution"]`) hold the worked answers. The learner's
notebook in nbs/ leaves them out, so each exercise is checked on the learner's own attempt;
`--solutions` builds nbs/solutions/NAME.ipynb with them in place, executed, every check
passing. The animations the lessons embed (docs/lessons/*.gif) are drawn by
`python lessons/make_assets.py`.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import jupytext
import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parent.parent
LESSONS = ROOT / "lessons"
NOTEBOOKS = ROOT / "nbs"
SOLUTIONS = NOTEBOOKS / "solutions"
SOLUTION_TAG = "solution"
CELL_TIMEOUT = 120


def lesson_sources() -> list[Path]:
    """Every lesson file, in course order (build.py itself is not a lesson)."""
    return sorted(LESSONS.glob("[0-9][0-9]_*.py"))


def is_solution(cell: nbformat.NotebookNode) -> bool:
    """Whether a cell is a worked answer, left out of the learner's notebook."""
    return SOLUTION_TAG in cell.get("metadata", {}).get("tags", [])


def to_notebook(source: Path, solutions: bool = False) -> nbformat.NotebookNode:
    """The lesson as an unexecuted notebook, with its solution cells only if asked."""
    notebook = jupytext.read(source)
    if not solutions:
        notebook.cells = [cell for cell in notebook.cells if not is_solution(cell)]
        notebook.metadata["jupytext"] = {"formats": "lessons///py:percent,nbs///ipynb"}
    else:
        # the solutions notebook sits one folder deeper, so its pictures' paths do too
        for cell in notebook.cells:
            if cell.cell_type == "markdown":
                cell.source = cell.source.replace("](../docs/", "](../../docs/")
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                       "language": "python"}
    return notebook


def execute(notebook: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Run every cell in order in a fresh kernel; raises on the first failing cell."""
    client = NotebookClient(notebook, timeout=CELL_TIMEOUT, kernel_name="python3",
                            record_timing=False,
                            resources={"metadata": {"path": str(ROOT)}})
    return client.execute()


def has_solutions(source: Path) -> bool:
    """Whether the lesson holds any solution cell."""
    return any(is_solution(cell) for cell in jupytext.read(source).cells)


def build(source: Path, solutions: bool = False) -> float:
    """Write nbs/<name>.ipynb (or nbs/solutions/<name>.ipynb) with outputs; returns the
    seconds the run took."""
    start = time.perf_counter()
    notebook = execute(to_notebook(source, solutions))
    folder = SOLUTIONS if solutions else NOTEBOOKS
    folder.mkdir(parents=True, exist_ok=True)
    nbformat.write(notebook, folder / f"{source.stem}.ipynb")
    return time.perf_counter() - start


def main(arguments: list[str]) -> None:
    solutions = "--solutions" in arguments
    names = [argument for argument in arguments if argument != "--solutions"]
    sources = lesson_sources()
    if names:
        sources = [source for source in sources
                   if source.stem in names or source.name in names or source.stem[:2] in names]
    for source in sources:
        if solutions and not has_solutions(source):
            continue
        where = "nbs/solutions" if solutions else "nbs"
        print(f"{source.name}: built into {where} in {build(source, solutions):.1f} s")


if __name__ == "__main__":
    main(sys.argv[1:])
