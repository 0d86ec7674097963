"""What a diagnosis says: the Diagnosis record, its plain-words explanation, and its text and
HTML renderings.

Everything that turns a diagnosis into words lives here, so a learner reads the same thing
in a notebook, the Debugger, the grader's report and the terminal.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

import numpy as np

from convlab.agreement import first_difference, tolerance
from convlab.case import Case
from convlab.categories import CATEGORIES
from convlab.diagnosis.mistakes import Deviation
from convlab.diagnosis.outcomes import Outcome
from convlab.exercises import SCATTER_LAYOUTS, Exercise
from convlab.formatting import outcome_text
from convlab.judging import first_part_difference

__all__ = ["LIKELY", "SURE", "Diagnosis", "Finding", "call_words", "diagnosis_html",
           "diagnosis_text", "error_words", "explain", "mistake_words", "no_difference_text",
           "unsure_text"]


@dataclass(frozen=True)
class Finding:
    """One mistake that explains some of the differences seen."""

    category: str
    score: int
    explanation: str
    case: Case | None


SURE, LIKELY = 0.9, 0.5
"""Confidence at or above SURE reads "sure", at or above LIKELY "likely", below "unsure"."""


@dataclass(frozen=True)
class Diagnosis:
    """What is wrong, most likely first; empty `categories` means no difference was found.

    `confidence` (0..1) is how much of the observed behaviour the first category explains:
    the share of the differing probes its model predicts (1 when nothing differs, or when
    the first category is a plain fact such as invalid-output). Below LIKELY the first
    category is the honest `wrong-values` (or `invalid-output`), and the explanation names
    the closest known mistake as such. `closest` is that mistake's category, if any.
    """

    exercise: str
    categories: tuple[str, ...]
    explanation: str
    counterexample: Case | None = None
    expected: str | None = None
    got: str | None = None
    line: int | None = None
    source_line: str | None = None
    findings: tuple[Finding, ...] = ()
    error: str | None = None
    probes: int = 0
    differences: int = 0
    explained: int = 0
    confidence: float = 1.0
    closest: str | None = None
    history: tuple[Case, ...] = ()

    @property
    def certainty(self) -> str:
        """The confidence in a word: "sure", "likely" or "unsure"."""
        if self.confidence >= SURE:
            return "sure"
        return "likely" if self.confidence >= LIKELY else "unsure"

    @property
    def ok(self) -> bool:
        """True when the function agreed with the reference on every probe."""
        return not self.categories

    def __str__(self) -> str:
        return self.explanation

    def _repr_html_(self) -> str:
        return diagnosis_html(self)


# ---- the explanation, in the learner's terms ------------------------------------------

def explain(exercise: Exercise, category_id: str, deviations: tuple[Deviation, ...] | None,
            case: Case, expected: Outcome, got: Outcome, explained: int, differences: int,
            error: str | None, line: int | None, source_line: str | None,
            note: str | None = None) -> str:
    """The plain-words explanation: the mistake, what the learner's function does (when a
    model of `deviations` explains it, or `note` when no model does well enough), the
    smallest input with expected and got, why, the fix, the line to look at, and what is
    left unexplained."""
    category = CATEGORIES[category_id]
    parts = [f"{category.title[0].upper()}{category.title[1:]}."]
    if note is not None:
        parts.append(note)
    if deviations is not None:
        parts.append(f"Your function {mistake_words(deviations)}.")
    elif category_id not in ("invalid-output", "wrong-values", "modifies-input", "stateful"):
        parts.append("(A best guess from the shape of the differences: no known mistake "
                     "predicts these outputs exactly.)")
    scatter = exercise.layout in SCATTER_LAYOUTS
    reference = exercise.function_name if scatter else "conv1d"
    reference_words = (f"the reference raises ({expected.error.split(':', 1)[1].strip()})"
                       if expected.error
                       else f"the reference {reference} gives {outcome_text(expected)}")
    parts.append(f"Smallest input that shows it: {call_words(exercise, case)} — it "
                 f"{'returns ' + outcome_text(got) if got.ok else outcome_text(got)}, "
                 f"{reference_words}{_divergence_words(expected, got, case)}.")
    why, fix = category.words(scatter)
    parts.append(f"Why: {why}.")
    parts.append(f"Fix: {fix}.")
    if line is not None:
        parts.append(f"Look at line {line}: {source_line.strip()}")
    if deviations is not None and explained < differences:
        parts.append(f"(This explains {explained} of the {differences} differing probes; "
                     f"something else is wrong too.)")
    if error is not None and (deviations is None or explained < differences):
        parts.append(f"It also raises {error}.")
    return " ".join(parts)


def unsure_text(closest: str | None, words: str | None, explained: int,
                differences: int) -> str:
    """What an unsure diagnosis says in place of a mistake's name."""
    if closest is None:
        return "No known mistake explains what your function does."
    return (f"No known mistake explains what your function does; the closest known mistake "
            f"is {closest} (a function that {words}), which explains only {explained} of the "
            f"{differences} differing probes.")


def no_difference_text(exercise: Exercise, probes: int) -> str:
    """The explanation when every probe agrees with the reference."""
    return (f"No difference found: your function agrees with the reference on all {probes} "
            f"probes of the {exercise.name!r} exercise ({exercise.signature}).")


def mistake_words(deviations: tuple[Deviation, ...]) -> str:
    """What a function with these mistakes does, as a verb phrase."""
    return "; and ".join(d.does for d in deviations)


def error_words(error: str, case: Case) -> str:
    """An exception the function raised, and the input it raised on."""
    return f"{error} on {_case_words(case)}"


def call_words(exercise: Exercise, case: Case) -> str:
    """The learner's own call on `case`: the exercise's parameter names, defaults left out."""
    defaults = {name: default for name, default in exercise.parameters if default}
    args, kwargs = exercise.arguments(case)
    shown = [f"{name}={_short_value(value)}"
             for name, value in zip(exercise.parameter_names, args)]
    shown += [f"{name}={value!r}" for name, value in kwargs.items()
              if repr(value).replace("'", '"') != defaults.get(name, "").replace("'", '"')]
    return ", ".join(shown)


def _short_value(value) -> str:
    values = np.asarray(value)
    return repr(values.tolist()) if values.size <= 40 else f"<array of shape {values.shape}>"


def _case_words(case: Case) -> str:
    return repr(case)[len("Case("):-1]


def _divergence_words(expected: Outcome, got: Outcome, case: Case) -> str:
    if expected.value is None or got.value is None:
        return ""
    if expected.parts and got.parts:
        return _parts_divergence_words(expected, got, case)
    if expected.value.shape != got.value.shape:
        if expected.value.ndim == got.value.ndim == 1:
            missing = expected.value.size - got.value.size
            if missing > 0:
                return f" — {missing} output{'s' if missing > 1 else ''} short"
            return f" — {-missing} output{'s' if missing < -1 else ''} too many"
        return f" — shape {got.value.shape} instead of {expected.value.shape}"
    index = first_difference(expected.value, got.value, tolerance(case, got.dtype))
    return "" if index is None else f" — first difference at output {index}"


def _parts_divergence_words(expected: Outcome, got: Outcome, case: Case) -> str:
    """Where two results made of several arrays (dx, dw) first differ, by array name."""
    found = first_part_difference(expected, got, tolerance(case, got.dtype))
    if found is None:
        return ""
    number, index = found
    name, right = list(expected.split().items())[number]
    got_name, array = list(got.split().items())[number]
    if right.shape != array.shape:
        return f" — {got_name} has {array.size} values instead of {right.size}"
    return f" — first difference at {name}[{index}]"


# ---- a whole diagnosis, as text and as HTML -------------------------------------------

def _sureness(diagnosis) -> str:
    """'likely, confidence 0.70', or '' for a diagnosis-like object without a confidence (a
    grader may be given its own diagnose)."""
    confidence = getattr(diagnosis, "confidence", None)
    if confidence is None:
        return ""
    return f"{diagnosis.certainty}, confidence {confidence:.2f}"


def diagnosis_text(diagnosis: Diagnosis, *, counterexample: bool = True) -> str:
    """The diagnosis as plain text: a heading with the category ids (or "no difference
    found"), the explanation, and the counterexample unless the caller shows its own."""
    heading = ", ".join(diagnosis.categories) or "no difference found"
    if diagnosis.categories and _sureness(diagnosis):
        heading += f" ({_sureness(diagnosis)})"
    lines = [f"diagnosis: {heading}", diagnosis.explanation]
    if counterexample and diagnosis.counterexample is not None:
        lines.append(f"counterexample {diagnosis.counterexample!r}")
    return "\n".join(lines)


def diagnosis_html(diagnosis: Diagnosis, *, counterexample: bool = True) -> str:
    """The diagnosis as an HTML fragment, line for line what diagnosis_text says."""
    heading = ", ".join(diagnosis.categories) or "no difference found"
    sureness = (f" <i>({_sureness(diagnosis)})</i>"
                if diagnosis.categories and _sureness(diagnosis) else "")
    parts = [f"<b>diagnosis</b> <code>{escape(heading)}</code>{sureness}<br>",
             escape(diagnosis.explanation)]
    if counterexample and diagnosis.counterexample is not None:
        parts.append(f"<br><b>counterexample</b> "
                     f"<code>{escape(repr(diagnosis.counterexample))}</code>")
    return "".join(parts)
