"""Build the executed notebooks: each lessons/NN_name.py becomes nbs/NN_name.ipynb.

Usage, from anywhere:  python lessons/build.py [NAME ...]   (default: every lesson)

Each lesson source (jupytext percent format) is converted to a notebook, run top to bottom
in a fresh python3 kernel whose working directory is the project root (so `import convlab`
finds this checkout), and written to nbs/ with its outputs.
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
CELL_TIMEOUT = 120


def lesson_sources() -> list[Path]:
    """Every lesson file, in course order (build.py itself is not a lesson)."""
    return sorted(LESSONS.glob("[0-9][0-9]_*.py"))


def to_notebook(source: Path) -> nbformat.NotebookNode:
    """The lesson as an unexecuted notebook, paired with its source by jupytext."""
    notebook = jupytext.read(source)
    notebook.metadata["jupytext"] = {"formats": "lessons///py:percent,nbs///ipynb"}
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                       "language": "python"}
    return notebook


def execute(notebook: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Run every cell in order in a fresh kernel; raises on the first failing cell."""
    client = NotebookClient(notebook, timeout=CELL_TIMEOUT, kernel_name="python3",
                            record_timing=False,
                            resources={"metadata": {"path": str(ROOT)}})
    return client.execute()


def build(source: Path) -> float:
    """Write nbs/<name>.ipynb with outputs; returns the seconds the run took."""
    start = time.perf_counter()
    notebook = execute(to_notebook(source))
    NOTEBOOKS.mkdir(exist_ok=True)
    nbformat.write(notebook, NOTEBOOKS / f"{source.stem}.ipynb")
    return time.perf_counter() - start


def main(names: list[str]) -> None:
    sources = lesson_sources()
    if names:
        sources = [source for source in sources
                   if source.stem in names or source.name in names or source.stem[:2] in names]
    for source in sources:
        print(f"{source.name}: built in {build(source):.1f} s")


if __name__ == "__main__":
    main(sys.argv[1:])
