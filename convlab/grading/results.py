"""Gradescope's results.json, with convlab's verdict in `extra_data`, written atomically.

    {"score": 13.0, "max_score": 15.0, "execution_time": 0.4, "output": "...",
     "tests": [{"name": "stride", "score": 0.0, "max_score": 3.0, "status": "failed",
                "output": "...", "visibility": "visible"}, ...],
     "extra_data": {"diagnosis": ["last-window-skipped"],
                    "counterexample": {"x": [...], "w": [...], "stride": 2,
                                       "padding": "valid", "expected": [...], "got": [...]}}}

`got` is null when the function raised (then `error` holds the message); `expected` is null
when the reference refuses the input (then `expected_error` does).
"""

from __future__ import annotations

import json
import math
import os
import tempfile
from pathlib import Path

import numpy as np

from convlab.diagnosis.explanation import diagnosis_text
from convlab.grading.grader import GradeReport
from convlab.grading.scoring import CaseFailure

__all__ = ["RESULTS_SCHEMA", "results_json", "write_results"]

_NUMBERS = {"type": "array"}
RESULTS_SCHEMA = {
    "type": "object",
    "required": ["score", "max_score", "execution_time", "output", "tests", "extra_data"],
    "properties": {
        "score": {"type": "number", "minimum": 0},
        "max_score": {"type": "number", "minimum": 0},
        "execution_time": {"type": "number", "minimum": 0},
        "output": {"type": "string"},
        "tests": {"type": "array", "items": {
            "type": "object",
            "required": ["name", "score", "max_score", "status", "output", "visibility"],
            "properties": {
                "name": {"type": "string"},
                "score": {"type": "number", "minimum": 0},
                "max_score": {"type": "number", "minimum": 0},
                "status": {"enum": ["passed", "failed"]},
                "output": {"type": "string"},
                "visibility": {"enum": ["visible", "hidden", "after_due_date",
                                        "after_published"]},
            },
        }},
        "extra_data": {
            "type": "object",
            "required": ["diagnosis", "counterexample"],
            "properties": {
                "diagnosis": {"type": "array", "items": {"type": "string"}},
                "counterexample": {"oneOf": [
                    {"type": "null"},
                    {"type": "object",
                     "required": ["x", "w", "stride", "padding", "expected", "got"],
                     "properties": {
                         "x": _NUMBERS, "w": _NUMBERS, "stride": {"type": "integer"},
                         "padding": {"type": ["string", "integer", "array"]},
                         "expected": {"type": ["array", "null"]},
                         "got": {"type": ["array", "null"]},
                         "error": {"type": ["string", "null"]},
                         "expected_error": {"type": ["string", "null"]},
                     }},
                ]},
                "explanation": {"type": "string"},
                "confidence": {"type": "number", "minimum": 0, "maximum": 1},
                "certainty": {"enum": ["sure", "likely", "unsure"]},
            },
        },
    },
}


def _plain(values) -> list | None:
    """Nested lists of floats with NaN / infinity as strings: results.json stays strict JSON."""
    if values is None:
        return None
    if isinstance(values, list):  # the arrays of a result made of several (dx, dw)
        return [_plain(part) for part in values]
    listed = values.tolist()

    def clean(item):
        if isinstance(item, list):
            return [clean(inner) for inner in item]
        return item if math.isfinite(item) else str(item)

    return clean(listed)


def counterexample_json(failure: CaseFailure | None) -> dict | None:
    if failure is None:
        return None
    case = failure.case
    padding = list(case.padding) if isinstance(case.padding, tuple) else case.padding
    # every keyword that differs from conv1d's defaults, so the case can be rebuilt exactly
    others = {name: (value.tolist() if isinstance(value, np.ndarray) else
                     list(value) if isinstance(value, tuple) else value)
              for name, value in case.non_default_kwargs().items()
              if name not in ("stride", "padding")}
    return {"x": case.x.tolist(), "w": case.w.tolist(), "stride": case.stride,
            "padding": padding, **others, "expected": _plain(failure.expected_shown),
            "got": _plain(failure.got_shown), "error": failure.error,
            "expected_error": failure.expected_error}


def _summary(report: GradeReport) -> str:
    lines = [f"{report.exercise}: {report.score:g} / {report.max_score:g}"]
    if report.load_error:
        lines.append(report.load_error)
    if report.diagnosis is not None:
        lines.extend(diagnosis_text(report.diagnosis, counterexample=False).splitlines())
    elif report.categories:
        lines.append(f"diagnosis: {', '.join(report.categories)}")
    if report.counterexample is not None:
        lines.append(f"smallest failing case: {report.counterexample.case!r}: "
                     f"{report.counterexample.message}")
    lines.extend(report.notes)
    if report.output:
        lines.append("--- the submission's output ---")
        lines.append(report.output)
    return "\n".join(lines)


def results_json(report: GradeReport, visibility: str = "visible") -> dict:
    """The results.json dictionary for `report` (Gradescope's schema plus `extra_data`)."""
    tests = [{"name": f"{test.name}: {test.title}", "score": float(test.score),
              "max_score": float(test.points), "status": "passed" if test.passed else "failed",
              "output": test.message, "visibility": visibility} for test in report.tests]
    extra = {"diagnosis": list(report.categories),
             "counterexample": counterexample_json(report.counterexample)}
    explanation = getattr(report.diagnosis, "explanation", None)
    if explanation:
        extra["explanation"] = str(explanation)
    confidence = getattr(report.diagnosis, "confidence", None)
    if confidence is not None and report.diagnosis.categories:
        extra["confidence"] = float(confidence)
        extra["certainty"] = report.diagnosis.certainty
    return {"score": report.score, "max_score": report.max_score,
            "execution_time": round(report.seconds, 3), "output": _summary(report),
            "tests": tests, "extra_data": extra}


def write_results(report: GradeReport | dict, path: str | Path) -> Path:
    """Write results.json atomically: a temporary file in the same folder, then os.replace."""
    data = results_json(report) if isinstance(report, GradeReport) else report
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8") as file:
            json.dump(data, file, indent=2, allow_nan=False)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return path
