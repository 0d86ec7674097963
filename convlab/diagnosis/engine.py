"""The diagnosis engine: run the probe battery, then rank the modelled mistakes.

Every modelled mistake (convlab.diagnosis.mistakes) predicts the function's outcome on every
probe; those predictions are computed once per exercise and process (the table). A learner's
function is run on the probes, and each model's gain is the number of differences it
predicts minus the number of right answers it wrongly predicts to differ. The best model, or
pair of models on different knobs, names the mistake; the smallest probe it explains is the
counterexample.
"""

from __future__ import annotations

import inspect
import itertools
from collections.abc import Callable
from dataclasses import replace

from convlab.case import Case
from convlab.diagnosis.explanation import (
    LIKELY,
    Diagnosis,
    Finding,
    call_words,
    error_words,
    explain,
    mistake_words,
    no_difference_text,
    unsure_text,
)
from convlab.diagnosis.guesses import (
    FEATURE_CONFIDENCE,
    GUESS_WORDS,
    PLAIN_FACTS,
    SHAPE_CONFIDENCE,
    all_invalid,
    guess_by_features,
    guess_by_shape,
    mostly_invalid,
)
from convlab.diagnosis.history import History, find_history, pristine
from convlab.diagnosis.locating import implicated_line
from convlab.diagnosis.models import is_different_prediction
from convlab.diagnosis.outcomes import ANYTHING, Outcome, agree
from convlab.diagnosis.table import Model, Table, pair_model, table_for
from convlab.errors import ParameterError
from convlab.exercises import Exercise, exercise_of, get_exercise
from convlab.formatting import outcome_text
from convlab.judging import expected_outcome, judge
from convlab.validate import check_function, check_seconds

__all__ = ["diagnose", "has_probes"]

_PAIR_CANDIDATES = 6
_REMOTE_CHECKS = 4
"""Fresh copies asked of a sandboxed submission (each a new process) to tell state."""
_MAX_CATEGORIES = 4


def has_probes(exercise: str | Exercise) -> bool:
    """Whether diagnose has a probe battery for this exercise (the built-in ones do)."""
    return get_exercise(exercise).probes is not None


def _explains(prediction: Outcome, outcome: Outcome, expected: Outcome) -> bool:
    if prediction is ANYTHING:
        return False
    if is_different_prediction(prediction):
        return (outcome.ok and expected.ok and outcome.value.shape == expected.value.shape
                and not agree(expected, outcome))
    return agree(prediction, outcome)


def _gain(model: Model, reference, outcomes, correct) -> tuple[int, int]:
    """(differences the model explains, right answers it contradicts)."""
    explained = contradicted = 0
    for index in model.differing:
        if correct[index]:
            contradicted += 1
        elif _explains(model.predictions[index], outcomes[index], reference[index]):
            explained += 1
    return explained, contradicted


def _rank(table: Table, outcomes, correct) -> list[tuple[int, int, Model]]:
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


def _claims_hold(model: Model, table: Table, correct) -> bool:
    """A model that only says "different" (garbage from wrong byte strides) must at least be
    right where it claims to be right: on the item size the strides were written for."""
    right_size = {"bytes": 8, "bytes-4": 4}.get(model.deviations[0].setting)
    if model.deviations[0].knob != "values" or right_size is None:
        return True
    on_its_size = [ok for case, ok in zip(table.probes, correct)
                   if case.x.dtype.itemsize == right_size]
    return len(on_its_size) >= 2 and all(on_its_size)


def _best_with_pairs(table: Table, ranked, outcomes, correct, differences: int):
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
        pair = pair_model(table.exercise, a, b)
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
    exercise = exercise_of(fn, exercise)
    time_limit = check_seconds(time_limit, "time_limit")
    if exercise.probes is None:
        raise ParameterError(
            f"diagnose needs a probe battery, and exercise {exercise.name!r} has none: register "
            f"it with probes=... (see convlab.batteries), or grade it with your own tests "
            f"(convlab.check(fn, {exercise.name!r}, tests=...))", "exercise")
    table = table_for(exercise)
    fresh = pristine(fn)
    observed = _run_probes(fn, exercise, table.probes, time_limit)
    # the values are diagnosed on their own; modifying an input is a mistake of its own
    outcomes = tuple(_values_only(outcome) for outcome in observed)
    correct = tuple(judge(exercise, case, outcome, expected).right
                    for case, expected, outcome in zip(table.probes, table.reference, outcomes))
    failing = [index for index, ok in enumerate(correct) if not ok]
    mutated = [index for index, outcome in enumerate(observed) if outcome.mutated is not None]
    if not failing and mutated:
        return _modifies_input(fn, exercise, table, observed, mutated, locate)
    if not failing:
        return Diagnosis(exercise.name, (), no_difference_text(exercise, len(outcomes)),
                         probes=len(outcomes))
    # a submission in a sandbox makes each fresh copy in a new process: it is asked only
    # when no known mistake explains the differences (below), and only a few times
    remote = fresh is not None and not inspect.isfunction(fn)
    if not remote:
        history = find_history(fn, fresh, exercise, table.probes, outcomes,
                               _plain_first(table, failing), time_limit)
        if history is not None and 2 * history.changed >= history.checked:
            return _stateful(fn, exercise, table, history, len(failing), locate)
    ranked = _rank(table, outcomes, correct) if any(o.ok for o in outcomes) else []
    closest = unsure = None
    if ranked:
        best, _ = _best_with_pairs(table, ranked, outcomes, correct, len(failing))
        explained = _explained_by(best, failing, outcomes, table)
        categories = _categories(best, ranked, explained, failing, outcomes, table)
        counter_index = _counterexample_index(best, failing, outcomes, table)
        contradicted = _gain(best, table.reference, outcomes, correct)[1]
        confidence = len(explained) / (len(failing) + contradicted)
    else:
        best, explained = None, []
        counter_index = _plain_first(table, failing)[0]
        if all_invalid(outcomes, failing):
            categories, confidence = ["invalid-output"], 1.0
        elif (guess := guess_by_features(table, failing)) is not None:
            # every difference shares one feature of the input: the mistake is about it
            categories, confidence = [guess], FEATURE_CONFIDENCE
        else:
            categories = [guess_by_shape(table, outcomes, failing)]
            confidence = SHAPE_CONFIDENCE
    if remote and confidence < LIKELY:
        history = find_history(fn, fresh, exercise, table.probes, outcomes,
                               _plain_first(table, failing), time_limit,
                               checks=_REMOTE_CHECKS, earlier=_REMOTE_CHECKS)
        if history is not None and 2 * history.changed >= history.checked:
            return _stateful(fn, exercise, table, history, len(failing), locate)
    if confidence < LIKELY and categories[0] not in PLAIN_FACTS:
        # no known mistake accounts for most of what differs: say so, and name the closest
        closest = categories[0]
        words = mistake_words(best.deviations) if best is not None else None
        unsure = unsure_text(closest, words or GUESS_WORDS, len(explained), len(failing))
        honest = "invalid-output" if mostly_invalid(outcomes, failing) else "wrong-values"
        categories = [honest] + [c for c in categories if c != honest]
        counter_index = _plain_first(table, failing)[0]
        best, explained = None, []
    if mutated:
        categories = [c for c in categories if c != "modifies-input"] + ["modifies-input"]
        categories = categories[:_MAX_CATEGORIES - 1] + categories[-1:]
    counterexample = table.probes[counter_index]
    expected = table.reference[counter_index]
    if expected.error is not None:
        expected = expected_outcome(exercise, counterexample)
    line, source_line = (implicated_line(fn, counterexample, exercise, categories[0])
                         if locate else (None, None))
    findings = tuple(
        Finding(model.categories[0], gain, mistake_words(model.deviations), _first_explained(
            model, failing, outcomes, table))
        for gain, _, model in ranked[:_MAX_CATEGORIES])
    error = _first_error(table, outcomes, failing)
    deviations = best.deviations if best is not None else None
    explanation = explain(exercise, categories[0], deviations, counterexample, expected,
                          outcomes[counter_index], len(explained), len(failing), error, line,
                          source_line, note=unsure)
    if mutated:
        explanation += f" It also {observed[mutated[0]].mutated}."
    return Diagnosis(
        exercise=exercise.name, categories=tuple(categories[:_MAX_CATEGORIES]),
        explanation=explanation, counterexample=counterexample,
        expected=outcome_text(expected),
        got=outcome_text(outcomes[counter_index]), line=line, source_line=source_line,
        findings=findings, error=error, probes=len(outcomes), differences=len(failing),
        explained=len(explained), confidence=round(min(confidence, 1.0), 3), closest=closest)


def _explained_by(model: Model, indices, outcomes, table: Table) -> list[int]:
    return [i for i in indices
            if _explains(model.predictions[i], outcomes[i], table.reference[i])]


def _categories(best: Model, ranked, explained, failing, outcomes, table) -> list[str]:
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


def _counterexample_index(best: Model, failing, outcomes, table: Table) -> int:
    """Smallest probe showing the main mistake: explained by it alone, the reference
    answering there, if such a probe exists."""
    main = Model(best.deviations[:1], *_single_predictions(best, table))
    plain = [i for i in failing if not _degenerate(table, i)]
    for candidates in (
            plain,
            [i for i in failing if table.reference[i].error is None],
            failing):
        shown = _explained_by(main, candidates, outcomes, table)
        if shown:
            return shown[0]
        shown = _explained_by(best, candidates, outcomes, table)
        if shown:
            return shown[0]
    return failing[0]


def _degenerate(table: Table, index: int) -> bool:
    """A probe outside the exercise's main domain: the reference refuses it, the kernel is
    longer than the input, or the input is a single sample. Shown only when nothing else
    shows the mistake."""
    case = table.probes[index]
    return (table.reference[index].error is not None or case.kernel_size > case.length
            or case.length == 1)


def _plain_first(table: Table, indices) -> list[int]:
    """`indices` (smallest first) with the degenerate probes moved to the end."""
    return sorted(indices, key=lambda i: (_degenerate(table, i), i))


def _single_predictions(model: Model, table: Table):
    if len(model.deviations) == 1:
        return model.predictions, model.differing
    single = next(m for m in table.models if m.deviations == model.deviations[:1])
    return single.predictions, single.differing


_MAX_TIMEOUTS = 2


def _run_probes(fn: Callable, exercise: Exercise, probes, time_limit: float):
    """Every probe's outcome (convlab.running, through the exercise). After a couple of
    calls that never return, the remaining probes are not run (each would cost the full
    time limit) and count as timed out."""
    outcomes, timeouts = [], 0
    for case in probes:
        if timeouts >= _MAX_TIMEOUTS:
            outcomes.append(Outcome(error=f"TimeoutError: not run after {timeouts} calls "
                                          f"that never returned", kind="timeout", case=case))
            continue
        outcome = exercise.run(fn, case, seconds=time_limit)
        timeouts += outcome.kind == "timeout"
        outcomes.append(outcome)
    return tuple(outcomes)


def _values_only(outcome: Outcome) -> Outcome:
    """The outcome without what is judged apart from the values (a modified input, a
    forbidden function)."""
    if outcome.mutated is None and not outcome.forbidden:
        return outcome
    return replace(outcome, mutated=None, forbidden=(), kind="")


def _stateful(fn: Callable, exercise: Exercise, table, history: History, differences: int,
              locate: bool) -> Diagnosis:
    """Most wrong answers change when a fresh function is asked: they come from state kept
    between calls."""
    case = history.case
    expected = expected_outcome(exercise, case)
    line, source_line = (implicated_line(fn, case, exercise, "stateful") if locate
                         else (None, None))
    earlier = history.earlier
    before = ("; ".join(call_words(exercise, call) for call in earlier) if len(earlier) == 1
              else f"{len(earlier)} other calls")
    note = (f"Called alone on {call_words(exercise, case)} it returns "
            f"{outcome_text(history.alone)}, but after the call with {before} it returns "
            f"{outcome_text(history.after)}: {history.changed} of the {history.checked} wrong "
            f"answers checked change when the function is fresh.")
    explanation = explain(exercise, "stateful", None, case, expected, history.after, 0,
                          differences, None, line, source_line, note=note)
    return Diagnosis(
        exercise=exercise.name, categories=("stateful",), explanation=explanation,
        counterexample=case, expected=outcome_text(expected),
        got=outcome_text(history.after), line=line, source_line=source_line,
        probes=len(table.probes), differences=differences,
        confidence=round(history.changed / history.checked, 3), history=earlier)


def _modifies_input(fn: Callable, exercise: Exercise, table, observed, mutated,
                    locate: bool) -> Diagnosis:
    """Every value is right, but the function writes into its inputs."""
    index = mutated[0]
    case, outcome = table.probes[index], observed[index]
    expected = table.reference[index]
    if expected.error is not None:
        expected = expected_outcome(exercise, case)
    line, source_line = (implicated_line(fn, case, exercise, "modifies-input") if locate
                         else (None, None))
    explanation = explain(exercise, "modifies-input", None, case, expected, outcome,
                          0, len(mutated), None, line, source_line)
    return Diagnosis(
        exercise=exercise.name, categories=("modifies-input",), explanation=explanation,
        counterexample=case, expected=outcome_text(expected), got=outcome_text(outcome), line=line,
        source_line=source_line, probes=len(observed), differences=len(mutated))


def _first_explained(model: Model, failing, outcomes, table: Table) -> Case | None:
    for index in failing:
        if _explains(model.predictions[index], outcomes[index], table.reference[index]):
            return table.probes[index]
    return None


def _first_error(table: Table, outcomes, failing) -> str | None:
    for index in failing:
        if outcomes[index].error is not None and table.reference[index].error is None:
            return error_words(outcomes[index].error, table.probes[index])
    return None


