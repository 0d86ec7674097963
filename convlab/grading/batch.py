"""Grading a folder of submissions in parallel: one results.json each, and a CSV summary.

Each submission is graded by `grade_file` in its own sandboxed child; with `jobs` > 1 the
grading itself (comparison, diagnosis) runs in a pool of worker processes, so a crash or a
hang costs only that submission's time.
"""

from __future__ import annotations

import csv
import os
import tempfile
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from multiprocessing import get_context
from pathlib import Path

from convlab.grading.grader import grade_file
from convlab.grading.results import results_json, write_results
from convlab.grading.sandbox import Policy, Sandbox

__all__ = ["BatchRow", "grade_paths", "submissions_in", "write_summary"]

CHUNK = 5  # files per task: the progress bar moves every CHUNK files per worker


@dataclass(frozen=True)
class BatchRow:
    """One line of the summary: which file, its score, the diagnosis, where results went."""

    file: str
    score: float
    max_score: float
    diagnosis: tuple[str, ...]
    results: str


def submissions_in(path: str | Path) -> list[Path]:
    """The .py files to grade: `path` itself, or the ones directly inside the folder."""
    path = Path(path)
    if path.is_dir():
        return sorted(p for p in path.glob("*.py") if not p.name.startswith("_"))
    return [path]


def _grade_one(path: str, exercise: str, function: str, policy: Policy, out: str,
               sandbox: Sandbox | None = None) -> BatchRow:
    report = grade_file(path, exercise, function=function, policy=policy, sandbox=sandbox)
    data = results_json(report)
    write_results(data, out)
    return BatchRow(path, report.score, report.max_score, report.categories, out)


def _grade_chunk(work: list[tuple]) -> list[BatchRow]:
    """Grade several files in turn, launching each child while the previous one is graded."""
    rows = []
    launched = None
    try:
        for index, (path, exercise, function, policy, out) in enumerate(work):
            sandbox = launched or _launch(path, function, policy)
            launched = None
            if index + 1 < len(work):
                following = work[index + 1]
                launched = _launch(following[0], following[2], following[3])
            rows.append(_grade_one(path, exercise, function, policy, out, sandbox))
    finally:
        if launched is not None:
            launched.close()
    return rows


def _launch(path: str, function: str, policy: Policy) -> Sandbox:
    sandbox = Sandbox(Path(path), function, policy)
    sandbox.launch()
    return sandbox


def grade_paths(paths: Iterable[Path], outputs: Iterable[Path], exercise: str = "conv1d", *,
                function: str = "conv1d", policy: Policy | None = None, jobs: int = 1,
                progress: Callable[[BatchRow], None] | None = None) -> list[BatchRow]:
    """Grade each path, writing its results.json to the matching output; rows in input order."""
    policy = policy or Policy()
    work = [(str(path), exercise, function, policy, str(out)) for path, out in
            zip(paths, outputs)]
    rows: dict[str, BatchRow] = {}
    chunks = [work[start:start + CHUNK] for start in range(0, len(work), CHUNK)]
    if jobs <= 1:
        for chunk in chunks:
            for row in _grade_chunk(chunk):
                rows[row.file] = row
                if progress:
                    progress(row)
    else:
        with ProcessPoolExecutor(jobs, mp_context=get_context("spawn")) as pool:
            futures = [pool.submit(_grade_chunk, chunk) for chunk in chunks]
            for future in as_completed(futures):
                for row in future.result():
                    rows[row.file] = row
                    if progress:
                        progress(row)
    return [rows[item[0]] for item in work]


def write_summary(rows: list[BatchRow], path: str | Path) -> Path:
    """The CSV summary (file, score, max_score, diagnosis), written atomically."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    with os.fdopen(descriptor, "w", newline="", encoding="utf-8") as file:
        writer = csv.writer(file)
        writer.writerow(["file", "score", "max_score", "diagnosis"])
        for row in rows:
            writer.writerow([row.file, f"{row.score:g}", f"{row.max_score:g}",
                             " ".join(row.diagnosis)])
    os.replace(temporary, path)
    return path
