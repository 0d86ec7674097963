"""Diagnosis: name the mistake in a learner's Conv1D from how it behaves.

The way a good TA works: feed the function inputs whose outputs can be read (the probe
battery), compare each answer with the reference, then ask which known mistake — or pair of
mistakes — explains every difference seen. Each mistake is a model (convlab.diagnosis.models)
that predicts what a function with that mistake returns; a model's gain is the number of
differences it predicts minus the number of right answers it wrongly predicts to differ.
Nothing here reads the learner's source to classify it: only behaviour counts, so it works
on code written any way at all. The learner's source is used only to point at a line.
"""

from __future__ import annotations

import contextlib
import functools
import inspect
import io
import itertools
import warnings
from collections.abc import Callable
from dataclasses import dataclass, replace

import numpy as np

from convlab.agreement import first_difference, tolerance
from convlab.case import Case
from convlab.categories import CATEGORIES
from convlab.diagnosis.models import (
    DEVIATIONS,
    Deviation,
    Knobs,
    is_different_prediction,
    simulate,
)
from convlab.diagnosis.outcomes import (
    ANYTHING,
    NOTHING_FITS,
    TIMEOUT_PREFIX,
    Outcome,
    agree,
    run_guarded,
)
from convlab.diagnosis.probes import probes_for
from convlab.errors import ParameterError
from convlab.exercises import Exercise, get_exercise
from convlab.validate import check_function, check_seconds

__all__ = ["Diagnosis", "Finding", "diagnose", "has_probes"]

# which knobs can be wrong in each exercise (the rest never change its answers)
_EXERCISE_KNOBS = {
    "conv1d": {"pads", "fill", "windows", "flip", "values", "too_long", "refuses"},
    "conv1d-strict": {"pads", "fill", "windows", "flip", "values", "too_long", "refuses"},
    "conv1d-int": {"pads", "fill", "windows", "flip", "values", "too_long", "refuses"},
    "conv1d-dilation": {"pads", "fill", "windows", "flip", "values", "too_long", "dilation",
                        "refuses"},
    "conv1d-causal": {"pads", "fill", "windows", "flip", "values", "dilation"},
    "conv1d-padding-mode": {"pads", "fill", "windows", "flip", "values", "refuses"},
    "conv1d-channels": {"pads", "fill", "windows", "flip", "values", "too_long", "refuses",
                        "x_layout", "w_layout", "out_layout", "channels"},
    "conv1d-keras": {"pads", "fill", "windows", "flip", "values", "too_long", "refuses",
                     "x_layout", "w_layout", "out_layout", "channels"},
    "conv1d-bias": {"pads", "windows", "flip", "refuses", "x_layout", "w_layout",
                    "out_layout", "channels", "bias"},
    "conv1d-groups": {"windows", "flip", "channels", "groups", "x_layout", "w_layout"},
}
_PAIR_CANDIDATES = 6


def has_probes(exercise: str) -> bool:
    """Whether diagnose has a probe battery for this exercise (the built-in ones do)."""
    return exercise in _EXERCISE_KNOBS
_MAX_CATEGORIES = 4


@dataclass(frozen=True)
class Finding:
    """One mistake that explains some of the differences seen."""

    category: str
    score: int
    explanation: str
    case: Case | None


@dataclass(frozen=True)
class Diagnosis:
    """What is wrong, most likely first; empty `categories` means no difference was found."""

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

    @property
    def ok(self) -> bool:
        """True when the function agreed with the reference on every probe."""
        return not self.categories

    def __str__(self) -> str:
        return self.explanation


@dataclass(frozen=True)
class _Model:
    deviations: tuple[Deviation, ...]
    predictions: tuple[Outcome, ...]
    differing: tuple[int, ...]

    @property
    def categories(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(d.category for d in self.deviations))


@dataclass(frozen=True)
class _Table:
    exercise: str
    probes: tuple[Case, ...]
    reference: tuple[Outcome, ...]
    models: tuple[_Model, ...]


def _predict_all(exercise: str, probes, knobs: Knobs, reference=None) -> tuple[Outcome, ...]:
    """A model's outcome on every probe. Where the reference itself refuses (no window fits
    even with the right padding), a mistake that also finds no window agrees with it."""
    predictions = tuple(simulate(case, exercise, knobs) for case in probes)
    if reference is None:
        return predictions
    return tuple(expected if predicted is NOTHING_FITS and expected.error is not None
                 else predicted for predicted, expected in zip(predictions, reference))


def _differing(predictions, reference) -> tuple[int, ...]:
    """Probes where a model predicts something the reference does not."""
    found = []
    for index, (predicted, expected) in enumerate(zip(predictions, reference)):
        if predicted is ANYTHING:
            continue
        if is_different_prediction(predicted):
            found.append(index)
        elif not (agree(predicted, expected) and agree(expected, predicted)):
            found.append(index)
    return tuple(found)


# exercises that differ only in how answers are judged share one table of predictions
_SAME_TABLE = {"conv1d-strict": "conv1d"}


def _table(exercise: str) -> _Table:
    return _build_table(_SAME_TABLE.get(exercise, exercise))


@functools.cache
def _build_table(exercise: str) -> _Table:
    """Every model's predictions on every probe: computed once per exercise and process."""
    probes = probes_for(exercise)
    reference = _predict_all(exercise, probes, Knobs())
    allowed = _EXERCISE_KNOBS[exercise]
    models = []
    for deviation in DEVIATIONS.values():
        if deviation.knob not in allowed:
            continue
        predictions = _predict_all(exercise, probes, deviation.knobs, reference)
        differing = _differing(predictions, reference)
        if differing:
            models.append(_Model((deviation,), predictions, differing))
    return _Table(exercise, probes, reference, tuple(models))


@functools.cache
def _pair(exercise: str, first: Deviation, second: Deviation) -> _Model:
    table = _table(exercise)
    knobs = replace(first.knobs, **{second.knob: second.setting})
    predictions = _predict_all(exercise, table.probes, knobs, table.reference)
    return _Model((first, second), predictions, _differing(predictions, table.reference))


def _explains(prediction: Outcome, outcome: Outcome, expected: Outcome) -> bool:
    if prediction is ANYTHING:
        return False
    if is_different_prediction(prediction):
        return (outcome.ok and expected.ok and outcome.value.shape == expected.value.shape
                and not agree(expected, outcome))
    return agree(prediction, outcome)


def _gain(model: _Model, reference, outcomes, correct) -> tuple[int, int]:
    """(differences the model explains, right answers it contradicts)."""
    explained = contradicted = 0
    for index in model.differing:
        if correct[index]:
            contradicted += 1
        elif _explains(model.predictions[index], outcomes[index], reference[index]):
            explained += 1
    return explained, contradicted


def _rank(table: _Table, outcomes, correct) -> list[tuple[int, int, _Model]]:
    """Models that explain more than they contradict, best first.

    Differences on inputs the reference refuses (a kernel longer than the input) rank
    last: nearly every hand-written loop returns [] there, and that must not hide the
    mistake in the numbers.
    """
    ranked = []
    refused = {i for i, expected in enumerate(table.reference) if expected.error is not None}
    for order, model in enumerate(table.models):
        if not _claims_hold(model, table, correct):
            continue
        explained, contradicted = _gain(model, table.reference, outcomes, correct)
        if explained > contradicted:
            on_refused = sum(1 for i in model.differing if i in refused and not correct[i])
            gain = explained - contradicted
            ranked.append(((gain - on_refused > 0, gain), -order, model))
    ranked.sort(key=lambda item: (item[0], item[1]), reverse=True)
    return [(key[1], order, model) for key, order, model in ranked]


def _claims_hold(model: _Model, table: _Table, correct) -> bool:
    """A model that only says "different" (garbage from wrong byte strides) must at least be
    right where it claims to be right: on the item size the strides were written for."""
    right_size = {"bytes": 8, "bytes-4": 4}.get(model.deviations[0].setting)
    if model.deviations[0].knob != "values" or right_size is None:
        return True
    on_its_size = [ok for case, ok in zip(table.probes, correct)
                   if case.x.dtype.itemsize == right_size]
    return len(on_its_size) >= 2 and all(on_its_size)


def _best_with_pairs(table: _Table, ranked, outcomes, correct, differences: int):
    """The best single model, or a pair of mistakes on different knobs when it explains more."""
    best_gain, _, best = ranked[0]
    if all(table.reference[i].error is not None for i in best.differing):
        return best, best_gain
    if best_gain >= differences:
        return best, best_gain
    singles = [model for _, _, model in ranked[:_PAIR_CANDIDATES]]
    for first, second in itertools.combinations(singles, 2):
        a, b = first.deviations[0], second.deviations[0]
        if a.knob == b.knob:
            continue
        pair = _pair(table.exercise, a, b)
        explained, contradicted = _gain(pair, table.reference, outcomes, correct)
        if explained - contradicted > best_gain:
            best, best_gain = pair, explained - contradicted
    return best, best_gain


def diagnose(fn: Callable, exercise: str | Exercise = "conv1d", *,
             time_limit: float = 2.0, locate: bool = True) -> Diagnosis:
    """Run `fn` on the exercise's probe battery and name its mistake.

    Returns a Diagnosis whose `categories` are the mistake ids, most likely first (empty
    when every probe agrees with the reference), with a plain-words `explanation`, the
    smallest `counterexample`, what was `expected` and what was `got` there, and, when the
    learner's source is available, the `line` most implicated.
    """
    check_function(fn)
    exercise = get_exercise(exercise)
    time_limit = check_seconds(time_limit, "time_limit")
    if exercise.name not in _EXERCISE_KNOBS:
        raise ParameterError(
            f"diagnose has probes for the built-in exercises only ({', '.join(_EXERCISE_KNOBS)})"
            f"; {exercise.name!r} has none — grade it with your own tests instead "
            f"(convlab.check(fn, {exercise.name!r}, tests=...))", "exercise")
    table = _table(exercise.name)
    outcomes = _run_probes(fn, exercise, table.probes, time_limit)
    correct = tuple(_matches_reference(expected, outcome, exercise)
                    for expected, outcome in zip(table.reference, outcomes))
    failing = [index for index, ok in enumerate(correct) if not ok]
    if not failing:
        return Diagnosis(exercise.name, (), _no_difference_text(exercise, len(outcomes)),
                         probes=len(outcomes))
    ranked = _rank(table, outcomes, correct) if any(o.ok for o in outcomes) else []
    if ranked:
        best, _ = _best_with_pairs(table, ranked, outcomes, correct, len(failing))
        explained = _explained_by(best, failing, outcomes, table)
        categories = _categories(best, ranked, explained, failing, outcomes, table)
        counter_index = _counterexample_index(best, failing, outcomes, table)
    else:
        best, explained = None, []
        categories = ["invalid-output"] if _all_invalid(outcomes, failing) else \
            [_guess_by_features(table, failing) or _guess_by_shape(table, outcomes, failing)]
        counter_index = failing[0]
    counterexample = table.probes[counter_index]
    expected = table.reference[counter_index]
    if expected.error is not None:
        expected = run_guarded(lambda: exercise.expected(counterexample))
    line, source_line = (_locate(fn, counterexample, exercise, categories[0]) if locate
                         else (None, None))
    findings = tuple(
        Finding(model.categories[0], gain, _deviation_words(model), _first_explained(
            model, failing, outcomes, table))
        for gain, _, model in ranked[:_MAX_CATEGORIES])
    error = _first_error(table, outcomes, failing)
    explanation = _explain(exercise, categories[0], best, counterexample, expected,
                           outcomes[counter_index],
                           len(explained), len(failing), error, line, source_line)
    return Diagnosis(
        exercise=exercise.name, categories=tuple(categories[:_MAX_CATEGORIES]),
        explanation=explanation, counterexample=counterexample,
        expected=expected.describe(),
        got=outcomes[counter_index].describe(), line=line, source_line=source_line,
        findings=findings, error=error, probes=len(outcomes), differences=len(failing),
        explained=len(explained))


def _explained_by(model: _Model, indices, outcomes, table: _Table) -> list[int]:
    return [i for i in indices
            if _explains(model.predictions[i], outcomes[i], table.reference[i])]


def _categories(best: _Model, ranked, explained, failing, outcomes, table) -> list[str]:
    """The best explanation's categories, then mistakes that explain what it leaves over,
    then close alternatives (at least half as good)."""
    categories = list(best.categories)
    left_over = [i for i in failing if i not in set(explained)]
    best_gain = ranked[0][0]
    # a further mistake must explain a fair share of what is left, not one stray probe
    enough = max(2, len(left_over) // 5)
    for gain, _, model in ranked:
        covers_rest = len(_explained_by(model, left_over, outcomes, table)) >= enough
        if covers_rest or 2 * gain >= best_gain:
            categories += [c for c in model.categories if c not in categories]
    return categories


def _counterexample_index(best: _Model, failing, outcomes, table: _Table) -> int:
    """Smallest probe showing the main mistake: explained by it alone, the reference
    answering there, if such a probe exists."""
    main = _Model(best.deviations[:1], *_single_predictions(best, table))
    for candidates in (
            [i for i in failing if table.reference[i].error is None],
            failing):
        shown = _explained_by(main, candidates, outcomes, table)
        if shown:
            return shown[0]
        shown = _explained_by(best, candidates, outcomes, table)
        if shown:
            return shown[0]
    return failing[0]


def _single_predictions(model: _Model, table: _Table):
    if len(model.deviations) == 1:
        return model.predictions, model.differing
    single = next(m for m in table.models if m.deviations == model.deviations[:1])
    return single.predictions, single.differing


_MAX_TIMEOUTS = 2


def _run_probes(fn: Callable, exercise: Exercise, probes, time_limit: float):
    """Every probe's outcome. After a couple of calls that never return, the remaining
    probes are not run (each would cost the full time limit) and count as timed out."""
    outcomes, timeouts = [], 0
    for case in probes:
        if timeouts >= _MAX_TIMEOUTS:
            outcomes.append(Outcome(error=f"{TIMEOUT_PREFIX}: not run after {timeouts} "
                                          f"calls that never returned"))
            continue
        outcome = run_guarded(lambda case=case: exercise.call(fn, case), time_limit)
        timeouts += bool(outcome.error and outcome.error.startswith(TIMEOUT_PREFIX))
        outcomes.append(outcome)
    return tuple(outcomes)


def _matches_reference(expected: Outcome, outcome: Outcome, exercise: Exercise) -> bool:
    """Right answer? Where the reference refuses, the exercise says what is honest; a
    made-up non-empty result is always wrong."""
    if expected.error is not None:
        return exercise.refusal_is_right(outcome.error is not None,
                                         outcome.ok and outcome.value.size == 0)
    return agree(expected, outcome)


def _all_invalid(outcomes, failing) -> bool:
    return all(not outcomes[i].ok for i in failing)


def _guess_by_features(table: _Table, failing) -> str | None:
    """No model fits: if every difference shares one feature of the input, name that."""
    probes = [table.probes[i] for i in failing]
    if all(p.x.dtype.kind in "iu" and p.x.dtype.itemsize < 8 and p.w.dtype.kind in "iu"
           for p in probes):
        return "integer-overflow"
    if all(p.x.dtype.kind in "biu" and p.w.dtype.kind == "f" for p in probes):
        return "dtype-truncation"
    if all(p.dilation > 1 for p in probes):
        return "dilation"
    if all(table.reference[i].error is not None for i in failing):
        return "kernel-too-long-silent"
    return None


def _guess_by_shape(table: _Table, outcomes, failing) -> str:
    """No model fits: guess from what the differences look like (length, values)."""
    shorter = longer = same_length = 0
    for index in failing:
        expected, got = table.reference[index], outcomes[index]
        if expected.value is None or got.value is None:
            continue
        if expected.value.ndim != got.value.ndim:
            return "invalid-output"
        if got.value.size < expected.value.size:
            shorter += 1
        elif got.value.size > expected.value.size:
            longer += 1
        else:
            same_length += 1
    if not (shorter or longer or same_length):
        return "invalid-output"
    if shorter >= max(longer, same_length):
        return "last-window-skipped"
    if longer >= same_length:
        return "extra-window"
    strided = [i for i in failing if table.probes[i].stride > 1]
    padded = [i for i in failing if table.probes[i].padding not in ("valid", 0)]
    if len(strided) == len(failing):
        return "stride-ignored"
    if len(padded) == len(failing):
        return "padding-side"
    return "wrong-values"


def _deviation_words(model: _Model) -> str:
    return "; and ".join(d.does for d in model.deviations)


def _first_explained(model: _Model, failing, outcomes, table: _Table) -> Case | None:
    for index in failing:
        if _explains(model.predictions[index], outcomes[index], table.reference[index]):
            return table.probes[index]
    return None


def _first_error(table: _Table, outcomes, failing) -> str | None:
    for index in failing:
        if outcomes[index].error is not None and table.reference[index].error is None:
            return f"{outcomes[index].error} on {_case_words(table.probes[index])}"
    return None


def _call_words(exercise: Exercise, case: Case) -> str:
    """The learner's own call on `case`: the exercise's parameter names, defaults left out."""
    header = exercise.signature[exercise.signature.index("(") + 1:exercise.signature.rindex(")")]
    names, defaults = [], {}
    for part in header.split(","):
        name, _, default = part.strip().partition("=")
        names.append(name)
        if default:
            defaults[name] = default
    args, kwargs = exercise.arguments(case)
    shown = [f"{name}={_short_value(value)}" for name, value in zip(names, args)]
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
    if expected.value.shape != got.value.shape:
        if expected.value.ndim == got.value.ndim == 1:
            missing = expected.value.size - got.value.size
            if missing > 0:
                return f" — {missing} output{'s' if missing > 1 else ''} short"
            return f" — {-missing} output{'s' if missing < -1 else ''} too many"
        return f" — shape {got.value.shape} instead of {expected.value.shape}"
    index = first_difference(expected.value, got.value, tolerance(case, got.dtype))
    return "" if index is None else f" — first difference at output {index}"


def _explain(exercise: Exercise, category_id: str, model: _Model | None, case: Case,
             expected: Outcome, got: Outcome, explained: int, differences: int,
             error: str | None, line: int | None, source_line: str | None) -> str:
    category = CATEGORIES[category_id]
    parts = [f"{category.title[0].upper()}{category.title[1:]}."]
    if model is not None:
        parts.append(f"Your function {_deviation_words(model)}.")
    elif category_id not in ("invalid-output", "wrong-values"):
        parts.append("(A best guess from the shape of the differences: no known mistake "
                     "predicts these outputs exactly.)")
    reference_words = (f"the reference raises ({expected.error.split(':', 1)[1].strip()})"
                       if expected.error else f"the reference conv1d gives {expected.describe()}")
    parts.append(f"Smallest input that shows it: {_call_words(exercise, case)} — it "
                 f"{'returns ' + got.describe() if got.ok else got.describe()}, "
                 f"{reference_words}{_divergence_words(expected, got, case)}.")
    parts.append(f"Why: {category.why}.")
    parts.append(f"Fix: {category.fix}.")
    if line is not None:
        parts.append(f"Look at line {line}: {source_line.strip()}")
    if model is not None and explained < differences:
        parts.append(f"(This explains {explained} of the {differences} differing probes; "
                     f"something else is wrong too.)")
    if error is not None and (model is None or explained < differences):
        parts.append(f"It also raises {error}.")
    return " ".join(parts)


def _no_difference_text(exercise: Exercise, probes: int) -> str:
    return (f"No difference found: your function agrees with the reference on all {probes} "
            f"probes of the {exercise.name!r} exercise ({exercise.signature}).")


# where to look for each kind of mistake, when the trace can tell
_PADDING_MISTAKES = {"missing-padding", "same-even-kernel", "padding-side", "same-stride",
                     "causal-leak", "wrap-around", "reflect-vs-symmetric"}
_WINDOW_MISTAKES = {"last-window-skipped", "extra-window", "stride-ignored"}


def _locate(fn: Callable, case: Case, exercise: Exercise,
            category: str) -> tuple[int | None, str | None]:
    """The learner's line most implicated on the counterexample.

    For a padding mistake, the line that built the padded input (found from the variables
    the trace recorded); for a window mistake, the loop over windows; otherwise, and as a
    fallback, the line that wrote the first wrong output, or the first loop when no line
    wrote it.
    """
    if not (inspect.isfunction(fn) or inspect.ismethod(fn)):
        return None, None  # a proxy (a sandboxed submission, say) has no source to point at
    try:
        from convlab.comparing import compare

        with warnings.catch_warnings(), contextlib.redirect_stdout(io.StringIO()):
            warnings.simplefilter("ignore")
            comparison = compare(fn, case, exercise)
    except Exception:  # noqa: BLE001 - locating is a bonus; a failure must not hide the diagnosis
        return None, None
    run = comparison.trace
    if run is None or not run.steps:
        return None, None
    loops = [step for step in run.steps if step.depth == 0
             and step.source.lstrip().startswith(("for ", "while "))]
    if category in _PADDING_MISTAKES:
        padding_step = _padding_step(run.steps, case) or _padding_mention(run.steps)
        if padding_step is not None:
            return padding_step.lineno, padding_step.source
    if category in _WINDOW_MISTAKES and loops:
        return loops[0].lineno, loops[0].source
    if comparison.step is not None:
        step = run.steps[comparison.step]
        return step.lineno, step.source
    if loops:
        return loops[0].lineno, loops[0].source
    return None, None


def _padding_step(steps, case: Case):
    """The first step after which some variable holds x with samples added around it: the
    line that pads the input."""
    if case.x.ndim != 1:
        return None
    signal = case.x.astype(float)
    for step in steps:
        for value in step.locals.values():
            if _is_padded(value, signal):
                return step
    return None


def _padding_mention(steps):
    """No padded array was built on this input: the first executed line of the learner's
    function that computes a padding (or, failing that, tests the padding argument)."""
    mentions = [step for step in steps if step.depth == 0 and "pad" in step.source.lower()]
    assignments = [step for step in mentions
                   if "=" in step.source.replace("==", "").replace("!=", "")]
    chosen = assignments or mentions
    return chosen[0] if chosen else None


def _is_padded(value: object, signal: np.ndarray) -> bool:
    if isinstance(value, (list, tuple)):
        try:
            value = np.asarray(value, dtype=float)
        except (TypeError, ValueError):
            return False
    if not isinstance(value, np.ndarray) or value.ndim != 1 or value.size <= signal.size:
        return False
    if value.dtype.kind not in "biuf":
        return False
    values = value.astype(float)
    for start in range(values.size - signal.size + 1):
        if not np.array_equal(values[start:start + signal.size], signal):
            continue
        # what was added around x: zeros, or samples of x itself (reflect, wrap-around)
        added = np.concatenate([values[:start], values[start + signal.size:]])
        if np.all(added == 0) or np.all(np.isin(added, signal)):
            return True
    return False
