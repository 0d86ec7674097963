"""Instant feedback in a notebook: `check(fn)` shows, `assert_conv1d(fn)` asserts.

Both grade `fn` on the exercise's fixed corpus and fresh inputs (what the batch grader
scores), so what a learner sees in the notebook is what the grader will say. `fn` runs in a
forked child of this process: whatever it patches (numpy, signal handlers) stays there, the
comparison happens here, and a wall-clock limit stops sleeps and endless loops (each call
LOCAL_CALL_SECONDS, the whole check at most 20 s). `check` returns an object Jupyter shows
as HTML: tests passed per group, the diagnosis in plain words, the smallest failing case
with expected vs got, and how to open that case in the Debugger. `assert_conv1d` returns
None, prints nothing, and raises AssertionError with the same facts: safe in an nbgrader
autograded cell.
"""

from __future__ import annotations

import contextlib
import html
import io
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from convlab.diagnosis import has_probes
from convlab.diagnosis.explanation import diagnosis_html, diagnosis_text
from convlab.exercises import exercise_of
from convlab.grading.grader import GradeReport, grade_function
from convlab.grading.hunt import HuntResult, grade_category, grade_counterexample, grade_fix
from convlab.validate import check_function

__all__ = ["Feedback", "assert_conv1d", "check", "check_hunt"]


def _values(values) -> str:
    """An array, or the arrays of a result made of several, as text."""
    if values is None:
        return "nothing"
    if isinstance(values, list):
        return "(" + ", ".join(map(_values, values)) + ")"
    return np.array2string(values, separator=", ", threshold=20)


@dataclass(frozen=True)
class Feedback:
    """What `check` found: the grading report, readable as text and as HTML."""

    report: GradeReport

    @property
    def passed(self) -> bool:
        return self.report.passed

    def lines(self) -> list[str]:
        """The summary, one fact per line (what `str` and the AssertionError show)."""
        report = self.report
        lines = [f"{report.exercise}: {report.score:g} / {report.max_score:g} points"]
        for test in report.tests:
            mark = "passed" if test.passed else "FAILED"
            lines.append(f"  {mark:6}  {test.name}: {test.title} ({test.message})")
        if report.passed:
            return lines
        if report.diagnosis is not None:
            lines.extend(diagnosis_text(report.diagnosis, counterexample=False).splitlines())
        elif report.categories:
            lines.append(f"diagnosis: {', '.join(report.categories)}")
        failure = report.counterexample
        if failure is not None:
            lines.append(f"smallest failing case: {failure.case!r}")
            expected = failure.expected_error and f"an error ({failure.expected_error})"
            lines.append(f"  expected: {expected or _values(failure.expected_shown)}")
            lines.append(f"  got:      {failure.error or _values(failure.got_shown)}")
            lines.append(f"open it in the Debugger: convlab.Debugger({self._name}, "
                         f"{failure.case!r})")
        lines.extend(report.notes)
        return lines

    @property
    def _name(self) -> str:
        """How to refer to the checked function in code: its name, if it is one."""
        name = self.report.submission
        return name if name.isidentifier() and name != "<lambda>" else "fn"

    def __str__(self) -> str:
        return "\n".join(self.lines())

    def __repr__(self) -> str:
        return str(self)

    def _repr_html_(self) -> str:
        report = self.report
        colour = "#1a7f37" if report.passed else "#b42318"
        rows = "".join(
            f"<tr><td style='color:{'#1a7f37' if test.passed else '#b42318'}'>"
            f"{'&#10003;' if test.passed else '&#10007;'}</td><td><b>{html.escape(test.name)}"
            f"</b> {html.escape(test.title)}</td><td>{test.score:g} / {test.points:g}</td>"
            f"<td>{html.escape(test.message)}</td></tr>" for test in report.tests)
        parts = [f"<div class='convlab-check'><h4 style='color:{colour}'>{report.exercise}: "
                 f"{report.score:g} / {report.max_score:g} points</h4>",
                 f"<table>{rows}</table>"]
        if not report.passed:
            if report.diagnosis is not None:
                parts.append(f"<p>{diagnosis_html(report.diagnosis, counterexample=False)}</p>")
            elif report.categories:
                parts.append(f"<p><b>diagnosis</b> "
                             f"<code>{html.escape(', '.join(report.categories))}</code></p>")
            failure = report.counterexample
            if failure is not None:
                expected = (f"an error ({failure.expected_error})" if failure.expected_error
                            else _values(failure.expected_shown))
                got = failure.error or _values(failure.got_shown)
                parts.append(
                    f"<p><b>Smallest failing case:</b> <code>{html.escape(repr(failure.case))}"
                    f"</code><br>expected <code>{html.escape(expected)}</code><br>got "
                    f"<code>{html.escape(got)}</code></p><p>Open it in the Debugger: <code>"
                    f"convlab.Debugger({html.escape(self._name)}, "
                    f"{html.escape(repr(failure.case))})</code></p>")
            parts.extend(f"<p>{html.escape(note)}</p>" for note in report.notes)
        parts.append("</div>")
        return "".join(parts)


def check(fn: Callable, exercise: str = "conv1d", *, tests=None) -> Feedback:
    """Grade `fn` on the exercise's corpus (or your own `tests`, a tuple of
    convlab.grading.corpus.GradedTest) and say what is wrong, for a notebook cell.

    >>> import numpy as np
    >>> def conv1d(x, w, stride=1, padding="valid"):
    ...     return np.correlate(x, w)[::stride]
    >>> check(conv1d).passed
    False
    """
    check_function(fn)
    exercise = exercise_of(fn, exercise)
    return Feedback(grade_function(fn, exercise, tests=tests,
                                   want_diagnosis=_diagnosable(exercise)))


def _diagnosable(exercise) -> bool:
    """Whether diagnosis has probes for this exercise (an instructor's own may have none)."""
    return has_probes(exercise)


def assert_conv1d(fn: Callable, exercise: str = "conv1d") -> None:
    """Raise AssertionError (with the counterexample and the diagnosis) unless `fn` passes
    every test. Returns None and prints nothing, not even what `fn` prints."""
    check_function(fn)
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        feedback = check(fn, exercise)
    if not feedback.passed:
        raise AssertionError(str(feedback))


@dataclass(frozen=True)
class HuntFeedback:
    """The verdicts on a bug hunt's answers (only the parts given are graded)."""

    bug_id: str
    counterexample: HuntResult | None = None
    category: HuntResult | None = None
    fix: Feedback | None = None

    @property
    def passed(self) -> bool:
        parts = [self.counterexample, self.category, self.fix]
        return all(part.passed for part in parts if part is not None)

    def __str__(self) -> str:
        # the entry's id would give the answer away: the verdicts never name it
        lines = ["bug hunt:"]
        if self.counterexample is not None:
            lines.append(f"  counterexample: {self.counterexample.message}")
        if self.category is not None:
            lines.append(f"  category: {self.category.message}")
        if self.fix is not None:
            lines.append("  fix: " + "\n  ".join(self.fix.lines()))
        return "\n".join(lines)

    __repr__ = __str__

    def _repr_html_(self) -> str:
        rows = []
        for label, part in (("counterexample", self.counterexample),
                            ("category", self.category)):
            if part is not None:
                colour = "#1a7f37" if part.passed else "#b42318"
                mark = "&#10003;" if part.passed else "&#10007;"
                rows.append(f"<tr><td style='color:{colour}'>{mark}</td><td><b>{label}</b>"
                            f"</td><td>{html.escape(part.message)}</td></tr>")
        parts = ["<div class='convlab-hunt'><h4>bug hunt</h4>",
                 f"<table>{''.join(rows)}</table>" if rows else ""]
        if self.fix is not None:
            parts.append(f"<p><b>fix</b></p>{self.fix._repr_html_()}")
        parts.append("</div>")
        return "".join(parts)


def check_hunt(bug_id: str, *, case=None, category: str | None = None,
               fix: Callable | None = None) -> HuntFeedback:
    """Grade a bug hunt on catalog entry `bug_id`: a counterexample `case` (a Case or a dict of
    its fields), the `category` id of the mistake, and/or a `fix` function."""
    from convlab import catalog

    catalog.get(bug_id)  # an unknown id is an error naming the known ones, never a silent pass
    return HuntFeedback(
        bug_id,
        counterexample=None if case is None else grade_counterexample(bug_id, case),
        category=None if category is None else grade_category(bug_id, category),
        fix=None if fix is None else Feedback(grade_fix(bug_id, fix)))
