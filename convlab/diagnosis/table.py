"""The table of predictions: every modelled mistake's outcome on every probe of an
exercise, computed once per battery and process (pairs of mistakes on demand)."""

from __future__ import annotations

import functools
from dataclasses import dataclass, replace

from convlab.case import Case
from convlab.diagnosis.mistakes import Deviation, deviations_for
from convlab.diagnosis.models import Knobs, can_differ, is_different_prediction, simulate
from convlab.diagnosis.outcomes import ANYTHING, NOTHING_FITS, Outcome, agree
from convlab.exercises import Exercise

__all__ = ["Model", "Table", "differing_probes", "pair_model", "predict_all", "table_for"]


@dataclass(frozen=True)
class Model:
    deviations: tuple[Deviation, ...]
    predictions: tuple[Outcome, ...]
    differing: tuple[int, ...]

    @property
    def categories(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(d.category for d in self.deviations))


@dataclass(frozen=True)
class Table:
    exercise: Exercise
    probes: tuple[Case, ...]
    reference: tuple[Outcome, ...]
    models: tuple[Model, ...]


def predict_all(exercise: Exercise, probes, knobs: Knobs,
                 reference=None) -> tuple[Outcome, ...]:
    """A model's outcome on every probe. Where the reference itself refuses (no window fits
    even with the right padding), a mistake that also finds no window agrees with it."""
    if reference is None:
        return tuple(simulate(case, exercise.layout, knobs) for case in probes)
    changed = knobs.changed()
    knob, setting = changed[0] if len(changed) == 1 else (None, None)
    predictions = tuple(
        simulate(case, exercise.layout, knobs)
        if knob is None or can_differ(knob, setting, case, expected.error is not None,
                                      exercise.layout)
        else expected
        for case, expected in zip(probes, reference))
    return tuple(expected if predicted is NOTHING_FITS and expected.error is not None
                 else predicted for predicted, expected in zip(predictions, reference))


def differing_probes(predictions, reference) -> tuple[int, ...]:
    """Probes where a model predicts something the reference does not."""
    found = []
    for index, (predicted, expected) in enumerate(zip(predictions, reference)):
        if predicted is ANYTHING or predicted is expected:
            continue
        if is_different_prediction(predicted):
            found.append(index)
        elif not (agree(predicted, expected) and agree(expected, predicted)):
            found.append(index)
    return tuple(found)


TABLES: dict[tuple, Table] = {}


def table_for(exercise: Exercise) -> Table:
    """Every model's predictions on every probe: computed once per battery and process;
    exercises that differ only in how answers are judged share one table."""
    key = (exercise.probes, exercise.corpus, exercise.accepts, exercise.layout,
           exercise.mistakes)
    if key not in TABLES:
        TABLES[key] = build_table(exercise)
    return TABLES[key]


def build_table(exercise: Exercise) -> Table:
    probes = exercise.probe_cases()
    reference = predict_all(exercise, probes, Knobs())
    allowed = exercise.mistakes
    models = []
    for deviation in deviations_for(exercise.layout):
        if deviation.knob not in allowed:
            continue
        predictions = predict_all(exercise, probes, deviation.knobs, reference)
        differing = differing_probes(predictions, reference)
        if differing:
            models.append(Model((deviation,), predictions, differing))
    return Table(exercise, probes, reference, tuple(models))


@functools.cache
def pair_model(exercise: Exercise, first: Deviation, second: Deviation) -> Model:
    table = table_for(exercise)
    knobs = replace(first.knobs, **{second.knob: second.setting})
    predictions = predict_all(exercise, table.probes, knobs, table.reference)
    return Model((first, second), predictions, differing_probes(predictions, table.reference))
