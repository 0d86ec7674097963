"""Bug-hunting exercises on the catalog: find an input that breaks it, name it, fix it.

Given a flawed entry of `convlab.catalog`, a learner
(a) submits a counterexample: a Case inside the entry's domain on which the flawed function
    and the reference disagree — checked by running both;
(b) names the mistake: a category id (DESIGN.md's stable list);
(c) submits a fix: graded like the entry's exercise, on the corpus cases inside the entry's
    domain (a fix answers for the mistake it fixes, not for the dtypes or refusals the entry
    leaves aside); in this process for a function, in the sandbox for a file.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

from convlab import catalog
from convlab.case import Case
from convlab.categories import CATEGORIES
from convlab.exercises import get_exercise
from convlab.formatting import outcome_text
from convlab.grading.corpus import GradedTest, corpus
from convlab.grading.grader import GradeReport, grade_file, grade_function

__all__ = ["HuntResult", "grade_category", "grade_counterexample", "grade_fix"]


@dataclass(frozen=True)
class HuntResult:
    """The verdict on one answer: `passed`, and a sentence saying why."""

    passed: bool
    message: str

    def __bool__(self) -> bool:
        return self.passed


def _bug(bug_id: str):
    return catalog.get(bug_id)


def grade_counterexample(bug_id: str, case: Case | dict) -> HuntResult:
    """Does `case` show the bug? It must lie in the entry's domain, and the flawed function's
    outcome (an array, or an exception) must differ from the reference's."""
    bug = _bug(bug_id)
    case = case if isinstance(case, Case) else Case(**case)
    if not bug.accepts(case):
        return HuntResult(False, f"{case!r} is outside what this bug is about (exercise "
                                 f"{bug.exercise!r}, the parameters and dtypes it covers)")
    flawed, _, reference = bug.outcomes(case)
    if bug.shows_bug(case):
        return HuntResult(True, f"yes: on {case!r} the flawed code {_gives(flawed)}, the "
                                f"reference {_gives(reference)}")
    return HuntResult(False, f"no: on {case!r} both give {outcome_text(reference)}; look for "
                             f"an input where the mistake matters")


def _gives(outcome) -> str:
    """'gives [1, 2]' or 'raises ValueError: ...' (an outcome's text reads as a verb phrase)."""
    text = " ".join(outcome_text(outcome).split())
    return text if text.startswith("raises ") else f"gives {text}"


def grade_category(bug_id: str, category_id: str) -> HuntResult:
    """Is `category_id` the mistake behind the entry?"""

    bug = _bug(bug_id)
    known = CATEGORIES
    if category_id not in known:
        return HuntResult(False, f"{category_id!r} is not a category id; choose among "
                                 f"{', '.join(sorted(known))}")
    if category_id == bug.category:
        return HuntResult(True, f"yes: {category_id} ({known[category_id].title})")
    return HuntResult(False, f"no: {category_id} means '{known[category_id].title}', which is "
                             f"not what goes wrong here; run the code on its counterexample "
                             f"and compare the outputs with the reference")


_SAMPLE_SEED = 20261125
_SAMPLE_SIZE = 40


def grade_fix(bug_id: str, fix: Callable | str | Path, **options) -> GradeReport:
    """Grade a fixed version of the entry: a function (in this process) or a file (in the
    sandbox), on the corpus cases inside the entry's domain — or, for exercises without a
    corpus, on the entry's counterexample."""
    bug = _bug(bug_id)
    tests: tuple[GradedTest, ...] = ()
    if get_exercise(bug.exercise).corpus is not None:
        tests = tuple(replace(test, cases=cases) for test in corpus(bug.exercise)
                      if (cases := tuple(case for case in test.cases if bug.accepts(case))))
    if not tests:
        # no scoring corpus for this exercise: the entry's own counterexample, then a fixed
        # sample of its domain (seeded, so every learner meets the same cases)
        sample = tuple(bug.sample_cases(np.random.default_rng(_SAMPLE_SEED), _SAMPLE_SIZE))
        tests = (GradedTest("counterexample", "the bug's own smallest input", 1,
                            (bug.counterexample,)),
                 GradedTest("domain", f"{len(sample)} more inputs of this kind", 1, sample))
    if isinstance(fix, (str, Path)):
        return grade_file(fix, bug.exercise, tests=tests, **options)
    return grade_function(fix, bug.exercise, tests=tests, **options)
