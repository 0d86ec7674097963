"""Grading a folder of submissions in parallel: one results.json each, and a CSV summary.

Each submission is graded by `grade_file` in its own sandboxed child; with `jobs` > 1 the
grading itself (comparison, diagnosis) runs in a pool of worker processes, so a crash or a
hang costs only that submission's time. Nothing a submission does stops the batch: a
worker that dies is replaced and its files are graded again one by one, each in a worker
of its own; a file that still cannot be graded gets a results.json saying so. Every file
gets its results.json and the CSV lists every file. The fresh inputs of the "random" test
are drawn once per batch, so the whole class is graded on the same ones.
"""

from __future__ import annotations

import csv
import os
import tempfile
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from multiprocessing import get_context
from pathlib import Path

from convlab.exercises import get_exercise
from convlab.grading.corpus import graded_tests
from convlab.grading.grader import GradeReport, grade_file, load_failure, refused_path
from convlab.grading.isolation import isolation_problem, known_isolation
from convlab.grading.policy import Policy
from convlab.grading.results import results_json, write_results
from convlab.grading.sandbox import Sandbox

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
    problem: str | None = None
    """Why the submission could not be run at all (it did not load, ...), else None."""
    report: GradeReport | None = field(default=None, repr=False, compare=False)
    """Everything the grader learned (what `convlab grade --report` summarises)."""


def submissions_in(path: str | Path) -> list[Path]:
    """The .py files to grade: `path` itself, or the ones directly inside the folder (names
    starting with "_" are helpers, not submissions: see `skipped_in`)."""
    path = Path(path)
    if path.is_dir():
        return sorted(p for p in path.glob("*.py") if not p.name.startswith("_"))
    return [path]


def skipped_in(path: str | Path) -> list[Path]:
    """The .py files of a folder that `submissions_in` leaves out."""
    path = Path(path)
    if not path.is_dir():
        return []
    return sorted(p for p in path.glob("*.py") if p.name.startswith("_"))


def _grade_one(path: str, exercise: str, function: str, policy: Policy, out: str,
               seed: int | None = None, folder: str | None = None,
               sandbox: Sandbox | None = None) -> BatchRow:
    try:
        report = grade_file(path, exercise, function=function, policy=policy,
                            sandbox=sandbox, tests=graded_tests(exercise, seed), folder=folder)
    except Exception as error:  # noqa: BLE001 - one file's trouble must not stop the batch
        if sandbox is not None:
            sandbox.close()
        report = _failed(path, exercise, seed, f"the grader failed on this submission "
                                               f"({type(error).__name__}: {error})")
    write_results(results_json(report), out)
    return BatchRow(path, report.score, report.max_score, report.categories, out,
                    report.load_error, report)


def _failed(path: str, exercise: str, seed: int | None, why: str):
    return load_failure(get_exercise(exercise), path, graded_tests(exercise, seed), why, 0.0)


def _grade_chunk(work: list[tuple]) -> list[BatchRow]:
    """Grade several files in turn, launching each child while the previous one is graded."""
    rows = []
    launched = None
    try:
        for index, (path, exercise, function, policy, out, seed, folder) in enumerate(work):
            sandbox = launched or _launch(path, exercise, function, policy, folder)
            launched = None
            if index + 1 < len(work):
                following = work[index + 1]
                launched = _launch(following[0], following[1], following[2], following[3],
                                   following[6])
            rows.append(_grade_one(path, exercise, function, policy, out, seed, folder,
                                   sandbox))
    finally:
        if launched is not None:
            launched.close()
    return rows


def _launch(path: str, exercise: str, function: str | None, policy: Policy,
            folder: str | None) -> Sandbox | None:
    if refused_path(Path(path), folder) is not None:
        return None
    sandbox = Sandbox.for_exercise(Path(path), get_exercise(exercise), function, policy)
    sandbox.launch()
    return sandbox


def grade_paths(paths: Iterable[Path], outputs: Iterable[Path], exercise: str = "conv1d", *,
                function: str | None = None, policy: Policy | None = None, jobs: int = 1,
                progress: Callable[[BatchRow], None] | None = None,
                folder: str | Path | None = None, seed: int | None = None) -> list[BatchRow]:
    """Grade each path, writing its results.json to the matching output; rows in input order.

    `folder`: the class folder (a symbolic link leaving it is refused); `seed`: the seed of
    the fresh inputs (drawn once for the batch by default); `function`: the name of the
    function to grade (by default the exercise's, e.g. conv1d_backward)."""
    policy = policy or Policy()
    seed = int.from_bytes(os.urandom(4), "little") if seed is None else seed
    folder = None if folder is None else str(folder)
    work = [(str(path), exercise, function, policy, str(out), seed, folder)
            for path, out in zip(paths, outputs)]
    rows: dict[str, BatchRow] = {}

    def done(row: BatchRow) -> None:
        rows[row.file] = row
        if progress:
            progress(row)

    chunks = [work[start:start + CHUNK] for start in range(0, len(work), CHUNK)]
    if jobs <= 1:
        for chunk in chunks:
            for row in _grade_chunk(chunk):
                done(row)
    else:
        _in_pool(chunks, jobs, done)
        # what a dead worker left: each file again, alone in a worker of its own
        for item in [item for item in work if item[0] not in rows]:
            _in_pool([[item]], 1, done)
            if item[0] not in rows:
                path, out = item[0], item[4]
                report = _failed(path, exercise, seed, "the grader's worker process was "
                                 "killed while grading this submission (twice)")
                write_results(results_json(report), out)
                done(BatchRow(path, report.score, report.max_score, report.categories, out,
                              report.load_error, report))
    return [rows[item[0]] for item in work]


def _in_pool(chunks: list[list[tuple]], jobs: int, done: Callable[[BatchRow], None]) -> None:
    """Grade the chunks in a pool of `jobs` workers; the chunks of a worker that died are
    left ungraded (the caller grades their files again)."""
    try:
        with ProcessPoolExecutor(jobs, mp_context=get_context("spawn"),
                                 initializer=known_isolation,
                                 initargs=(isolation_problem(),)) as pool:
            futures = [pool.submit(_grade_chunk, chunk) for chunk in chunks]
            for future in as_completed(futures):
                try:
                    rows = future.result()
                except Exception:  # noqa: BLE001 - a killed worker: its files are redone
                    continue
                for row in rows:
                    done(row)
    except Exception:  # noqa: BLE001 - a pool that broke while shutting down
        return


def write_summary(rows: list[BatchRow], path: str | Path) -> Path:
    """The CSV summary (file, score, max_score, diagnosis), written atomically. A file name
    that is not valid UTF-8 is written with its bytes escaped (\\xNN)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(descriptor, "w", newline="", encoding="utf-8",
                       errors="backslashreplace") as file:
            writer = csv.writer(file)
            writer.writerow(["file", "score", "max_score", "diagnosis"])
            for row in rows:
                name = os.fsencode(row.file).decode("utf-8", "backslashreplace")
                writer.writerow([name, f"{row.score:g}", f"{row.max_score:g}",
                                 " ".join(row.diagnosis)])
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return path
