"""The class report: what a whole class got right and wrong, in one file an instructor opens.

    from convlab.grading import class_report, grade_file
    reports = [grade_file(path, "conv1d") for path in sorted(Path("class").glob("*.py"))]
    class_report(reports, "class.html", results="results")

The story of a graded folder, told in the order an instructor asks about it:
1. how the scores spread (a histogram);
2. which mistakes were made, how often, by whom, and what each one is (the category's
   title and why it happens, from convlab.categories);
3. which tests the class passed (pass rate per test);
4. which mistakes came together in one submission;
5. which submissions could not be graded properly (did not load, ran out of time);
6. one row per student, with their feedback: a link to their results.json when `results`
   names the folder it is in, and always the feedback text itself under an anchor.

`.html` writes one self-contained page (plots inline as PNG, no outside resources, so it
opens offline and can be mailed); `.md` writes the same facts as a plain Markdown summary.
"""

from __future__ import annotations

import base64
import html
import itertools
import os
import re
import statistics
import tempfile
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from convlab.categories import CATEGORIES
from convlab.errors import ParameterError, ParameterTypeError
from convlab.grading.grader import GradeReport
from convlab.grading.results import results_json

__all__ = ["REPORT_SUFFIXES", "check_report_path", "class_report"]

REPORT_SUFFIXES = (".html", ".htm", ".md")
"""What a report file may end with: HTML for the page, .md for the Markdown summary."""

# failures that mean "the code never answered", not "it answered wrong"
_NO_ANSWER = {"timeout": "ran out of time", "gave-up": "stopped before answering"}


@dataclass(frozen=True)
class _Student:
    """One submission as the report shows it."""

    name: str
    anchor: str
    report: GradeReport
    feedback: str
    results: str | None

    @property
    def trouble(self) -> str | None:
        """Why this submission was not graded on its answers alone, or None."""
        if self.report.load_error:
            return f"did not load: {self.report.load_error}"
        kinds = Counter(failure.kind for test in self.report.tests
                        for failure in test.failures if failure.kind in _NO_ANSWER)
        if not kinds:
            return None
        return "; ".join(f"{_NO_ANSWER[kind]} on {count} case{'s' * (count != 1)}"
                         for kind, count in sorted(kinds.items()))


def check_report_path(path: str | Path, *, name: str = "path") -> Path:
    """`path` as a Path when a report can be written there, else a ConvlabError naming
    `name` (the parameter, or the command line's option such as "--report"): call it before
    grading, so a typo costs no grading time."""
    shown = f"'{name}'" if name.isidentifier() else name
    if not isinstance(path, (str, os.PathLike)):
        raise ParameterTypeError(f"{shown} must be a file name such as 'class.html' (got "
                                 f"{path!r} that is a {type(path).__name__})", name)
    path = Path(path)
    if path.is_dir():
        raise ParameterError(f"{shown} {os.fsdecode(path)!r} is a folder: pass a file name "
                             f"such as {os.fsdecode(path / 'class.html')!r}", name)
    if path.suffix.lower() not in REPORT_SUFFIXES:
        raise ParameterError(f"{shown} must end in .html (the class report page) or .md (a "
                             f"Markdown summary) (got {os.fsdecode(path)!r})", name)
    folder = path.parent
    if not folder.is_dir():
        raise ParameterError(f"{shown} is in a folder that does not exist: "
                             f"{os.fsdecode(folder)!r} (create it first)", name)
    return path


def class_report(reports: Iterable[GradeReport], path: str | Path, *,
                 results: str | Path | None = None) -> Path:
    """Write the class report for `reports` (one GradeReport per submission) to `path`.

    `path` ending in .html (or .htm): one self-contained page with the score distribution,
    every mistake category with its count, the students who made it and a one-line
    explanation, the pass rate of each test, the mistakes that occurred together, the
    submissions that did not load or ran out of time, and one row per student linking to
    their feedback. Ending in .md: the same facts as a Markdown summary, without plots.
    `results`: the folder holding each submission's results.json as NAME.json (what
    `convlab grade DIR` writes); student rows then link to it, relative to the report.
    Returns the path written. Raises ConvlabError naming `reports` or `path` when either
    cannot be used (no reports, a folder that does not exist, another file type).
    """
    path = check_report_path(path)
    if isinstance(reports, (GradeReport, str, bytes)) or not isinstance(reports, Iterable):
        raise ParameterTypeError(f"'reports' must be a list of GradeReport (got "
                                 f"{type(reports).__name__})", "reports")
    reports = list(reports)
    for index, report in enumerate(reports):
        if not isinstance(report, GradeReport):
            raise ParameterTypeError(f"'reports' must hold GradeReport objects only (item "
                                     f"{index} is a {type(report).__name__})", "reports")
    if not reports:
        raise ParameterError("'reports' is empty: there is nothing to report on (was any "
                             ".py file graded?)", "reports")
    students = _students(reports, path, None if results is None else Path(results))
    text = (_markdown(students) if path.suffix.lower() == ".md" else _html(students))
    _write_atomically(text, path)
    return path


# ---- what the report counts -------------------------------------------------------------------

def _students(reports: Sequence[GradeReport], path: Path,
              results: Path | None) -> list[_Student]:
    students, taken = [], set()
    for report in reports:
        name = Path(report.submission).stem or report.submission
        anchor = base = "student-" + (re.sub(r"[^A-Za-z0-9_-]+", "-", name).strip("-") or "x")
        for number in itertools.count(2):
            if anchor not in taken:
                break
            anchor = f"{base}-{number}"
        taken.add(anchor)
        link = None
        if results is not None:
            target = results / f"{Path(report.submission).stem}.json"
            link = Path(os.path.relpath(target, path.parent)).as_posix()
        students.append(_Student(name, anchor, report, results_json(report)["output"], link))
    return students


def _mistakes(students: list[_Student]) -> list[tuple[str, list[_Student]]]:
    """Each category with the students whose diagnosis names it, most frequent first."""
    made: dict[str, list[_Student]] = {}
    for student in students:
        for category in dict.fromkeys(student.report.categories):
            made.setdefault(category, []).append(student)
    return sorted(made.items(), key=lambda item: (-len(item[1]), item[0]))


def _together(students: list[_Student]) -> list[tuple[tuple[str, str], list[_Student]]]:
    """Pairs of categories named in the same submission, most frequent first."""
    pairs: dict[tuple[str, str], list[_Student]] = {}
    for student in students:
        categories = sorted(set(student.report.categories))
        for pair in itertools.combinations(categories, 2):
            pairs.setdefault(pair, []).append(student)
    return sorted(pairs.items(), key=lambda item: (-len(item[1]), item[0]))


def _pass_rates(students: list[_Student]) -> list[tuple[str, str, int, int]]:
    """(test, title, passed, graded) for each test, in corpus order."""
    several = len({student.report.exercise for student in students}) > 1
    rates: dict[str, list] = {}
    for student in students:
        for test in student.report.tests:
            key = f"{student.report.exercise}: {test.name}" if several else test.name
            row = rates.setdefault(key, [test.title, 0, 0])
            row[1] += test.passed
            row[2] += 1
    return [(name, title, passed, graded) for name, (title, passed, graded) in rates.items()]


def _explained(category: str) -> tuple[str, str]:
    """The category's title and why it happens (one line), or a plain note for an id
    convlab.categories does not describe."""
    known = CATEGORIES.get(category)
    if known is None:
        return category, "no description in convlab.categories"
    return known.title, known.why


def _overview(students: list[_Student]) -> list[tuple[str, str]]:
    scores = [student.report.score for student in students]
    tops = {student.report.max_score for student in students}
    top = max(tops)
    exercises = sorted({student.report.exercise for student in students})
    full = sum(student.report.passed for student in students)
    return [("exercise", ", ".join(exercises)),
            ("submissions", str(len(students))),
            ("full marks", f"{full} of {len(students)}"),
            ("median score", f"{statistics.median(scores):g} / {top:g}"),
            ("mean score", f"{statistics.fmean(scores):.1f} / {top:g}"),
            ("not graded on their answers", str(sum(s.trouble is not None for s in students)))]


# ---- HTML ---------------------------------------------------------------------------------------

_STYLE = """
body{font:15px/1.45 system-ui,-apple-system,'Segoe UI',sans-serif;color:#1f2328;
     max-width:980px;margin:2em auto;padding:0 1em}
h1{font-size:1.6em} h2{font-size:1.25em;margin-top:2em;border-bottom:1px solid #d0d7de}
table{border-collapse:collapse;margin:.5em 0;width:100%}
th,td{border-bottom:1px solid #eaeef2;padding:.3em .6em;text-align:left;vertical-align:top}
th{background:#f6f8fa} td.n{text-align:right;font-variant-numeric:tabular-nums}
code{background:#f6f8fa;padding:0 .25em;border-radius:3px}
.why{color:#57606a;font-size:.92em} .bad{color:#b42318} .ok{color:#1a7f37}
pre{background:#f6f8fa;padding:.6em;white-space:pre-wrap;font-size:.88em}
td.who{width:30%} details{margin:.3em 0} img{max-width:100%} table.overview{width:auto}
"""


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def _who(students: list[_Student]) -> str:
    return ", ".join(f"<a href='#{student.anchor}'>{_e(student.name)}</a>"
                     for student in students)


def _image(png: bytes, alt: str) -> str:
    data = base64.b64encode(png).decode("ascii")
    return f"<img alt='{_e(alt)}' src='data:image/png;base64,{data}'>"


def _html(students: list[_Student]) -> str:
    from convlab.render.class_plots import pass_rate_png, score_histogram_png

    top = max(student.report.max_score for student in students)
    parts = ["<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>",
             "<meta name='viewport' content='width=device-width, initial-scale=1'>",
             "<title>convlab class report</title>", f"<style>{_STYLE}</style></head><body>",
             "<h1>Class report</h1>", "<table class='overview'>"]
    parts += [f"<tr><th>{_e(key)}</th><td>{_e(value)}</td></tr>"
              for key, value in _overview(students)]
    parts.append("</table>")

    parts.append("<h2 id='scores'>Score distribution</h2>")
    parts.append(_image(score_histogram_png([s.report.score for s in students], top),
                        "histogram of the scores"))

    parts.append("<h2 id='mistakes'>Mistakes</h2>")
    mistakes = _mistakes(students)
    if mistakes:
        parts.append("<table><tr><th>mistake</th><th>students</th><th>who</th></tr>")
        for category, who in mistakes:
            title, why = _explained(category)
            parts.append(f"<tr><td><code>{_e(category)}</code>: {_e(title)}<div class='why'>"
                         f"{_e(why)}</div></td><td class='n'>{len(who)}</td>"
                         f"<td class='who'>{_who(who)}</td></tr>")
        parts.append("</table>")
    else:
        parts.append("<p>No submission was diagnosed with a mistake.</p>")

    parts.append("<h2 id='tests'>Pass rate per test</h2>")
    rates = _pass_rates(students)
    parts.append(_image(pass_rate_png([(name, passed / graded)
                                       for name, _, passed, graded in rates]),
                        "share of submissions passing each test"))
    parts.append("<table><tr><th>test</th><th>passed</th><th>what it checks</th></tr>")
    parts += [f"<tr><td><code>{_e(name)}</code></td><td class='n'>{passed} of {graded}</td>"
              f"<td class='why'>{_e(title)}</td></tr>" for name, title, passed, graded in rates]
    parts.append("</table>")

    parts.append("<h2 id='together'>Mistakes made together</h2>")
    together = _together(students)
    if together:
        parts.append("<table><tr><th>mistakes</th><th>students</th><th>who</th></tr>")
        parts += [f"<tr><td><code>{_e(first)}</code> + <code>{_e(second)}</code></td>"
                  f"<td class='n'>{len(who)}</td><td class='who'>{_who(who)}</td></tr>"
                  for (first, second), who in together]
        parts.append("</table>")
    else:
        parts.append("<p>No submission was diagnosed with more than one mistake.</p>")

    parts.append("<h2 id='trouble'>Did not load or ran out of time</h2>")
    trouble = [student for student in students if student.trouble]
    if trouble:
        parts.append("<table><tr><th>student</th><th>what happened</th></tr>")
        parts += [f"<tr><td><a href='#{s.anchor}'>{_e(s.name)}</a></td>"
                  f"<td class='bad'>{_e(s.trouble)}</td></tr>" for s in trouble]
        parts.append("</table>")
    else:
        parts.append("<p>Every submission loaded and answered in time.</p>")

    parts.append("<h2 id='students'>Students</h2>")
    parts.append("<table><tr><th>student</th><th>score</th><th>mistakes</th>"
                 "<th>feedback</th></tr>")
    for student in students:
        report = student.report
        mark = "ok" if report.passed else "bad"
        link = (f"<a href='{_e(student.results)}'>results.json</a> "
                if student.results else "")
        parts.append(
            f"<tr id='{student.anchor}'><td>{_e(student.name)}</td>"
            f"<td class='n {mark}'>{report.score:g} / {report.max_score:g}</td>"
            f"<td>{', '.join(f'<code>{_e(c)}</code>' for c in report.categories)}</td>"
            f"<td>{link}<details><summary>feedback</summary><pre>{_e(student.feedback)}</pre>"
            f"</details></td></tr>")
    parts.append("</table></body></html>\n")
    return "\n".join(parts)


# ---- Markdown -----------------------------------------------------------------------------------

def _cell(text: object) -> str:
    """Text safe inside a Markdown table cell: one line, no column breaks."""
    return " ".join(str(text).split()).replace("|", "\\|")


def _markdown(students: list[_Student]) -> str:
    lines = ["# Class report", "", "| | |", "|---|---|"]
    lines += [f"| {key} | {_cell(value)} |" for key, value in _overview(students)]

    scores = Counter(student.report.score for student in students)
    lines += ["", "## Score distribution", "", "| score | submissions |", "|---:|---:|"]
    lines += [f"| {score:g} | {count} |" for score, count in sorted(scores.items())]

    lines += ["", "## Mistakes", ""]
    mistakes = _mistakes(students)
    if mistakes:
        lines += ["| mistake | students | who | why |", "|---|---:|---|---|"]
        for category, who in mistakes:
            title, why = _explained(category)
            lines.append(f"| `{category}`: {_cell(title)} | {len(who)} | "
                         f"{_cell(', '.join(s.name for s in who))} | {_cell(why)} |")
    else:
        lines.append("No submission was diagnosed with a mistake.")

    lines += ["", "## Pass rate per test", "", "| test | passed | what it checks |",
              "|---|---:|---|"]
    lines += [f"| `{name}` | {passed} of {graded} | {_cell(title)} |"
              for name, title, passed, graded in _pass_rates(students)]

    lines += ["", "## Mistakes made together", ""]
    together = _together(students)
    if together:
        lines += ["| mistakes | students | who |", "|---|---:|---|"]
        lines += [f"| `{first}` + `{second}` | {len(who)} | "
                  f"{_cell(', '.join(s.name for s in who))} |"
                  for (first, second), who in together]
    else:
        lines.append("No submission was diagnosed with more than one mistake.")

    lines += ["", "## Did not load or ran out of time", ""]
    trouble = [student for student in students if student.trouble]
    if trouble:
        lines += ["| student | what happened |", "|---|---|"]
        lines += [f"| {_cell(s.name)} | {_cell(s.trouble)} |" for s in trouble]
    else:
        lines.append("Every submission loaded and answered in time.")

    lines += ["", "## Students", "", "| student | score | mistakes | feedback |",
              "|---|---:|---|---|"]
    for student in students:
        report = student.report
        feedback = f"[results.json]({student.results})" if student.results else ""
        lines.append(f"| {_cell(student.name)} | {report.score:g} / {report.max_score:g} | "
                     f"{_cell(', '.join(report.categories))} | {feedback} |")
    return "\n".join(lines) + "\n"


def _write_atomically(text: str, path: Path) -> None:
    """A temporary file in the same folder, then os.replace: never half a report."""
    descriptor, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8", errors="backslashreplace") as file:
            file.write(text)
        os.chmod(temporary, 0o644)  # a report is meant to be shared (mkstemp makes it 0600)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
