"""The tracer: run any Conv1D implementation line by line and record what happened.

The story of one trace:
1. call the implementation through its Exercise (fresh copies, so the Case never changes)
   under `sys.settrace`, listening only to frames of the learner's code — not numpy's, the
   standard library's or convlab's own;
2. each time a line finishes, record a Step: where it is, and the learner's variables after
   it ran (numbers as they are, small arrays copied, large ones summarised);
3. after the run, find the output buffer (the object the function returned, or the list it
   was built from) and replay its snapshots to see which line wrote which output element.

Like Python Tutor, the whole run is recorded first and replayed later, so stepping back is
free; a step cap and a time limit stop endless loops with a clear message, and an exception
ends the trace on the failing line instead of escaping to the caller.
"""

from __future__ import annotations

import ast
import inspect
import re
import sys
import textwrap
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from convlab import syntax
from convlab.case import Case
from convlab.checks import check_positive_int
from convlab.cropping import (
    cropped_holder,
    partial_holder,
    partial_part,
    returned_parts,
    same_values,
)
from convlab.exercises import SCATTER_LAYOUTS, Exercise, find_exercise
from convlab.probing import provenance
from convlab.recording import (
    SNAPSHOT_LIMIT,
    Call,
    Recorder,
    Stop,
    code_of,
    is_user_file,
    shown,
)
from convlab.running import Outcome
from convlab.validate import check_function, check_seconds

__all__ = ["SNAPSHOT_LIMIT", "Step", "Trace", "is_allocation", "is_user_file", "trace"]



@dataclass(frozen=True)
class Step:
    """One executed line and the state right after it ran.

    `depth` is 0 for the traced function itself, 1 for a function it calls, and so on.
    `writes` holds (output_index, value) for each output element this line changed;
    `output_index` is the output element being computed at this step (the next one to be
    written), or None once every write is done.

    For an exercise that returns several arrays (a backward pass's (dx, dw)) an output
    index names its array: ("dw", 1). For the scatters (the backward pass, the transposed
    convolution) the result may be cropped out of a larger buffer of the learner's (a padded
    dx, a full transposed output); writes into the cells cropped off have indices outside
    the result: negative, or past its end.
    """

    index: int
    function: str
    filename: str
    lineno: int
    source: str
    depth: int
    locals: dict = field(repr=False)
    writes: tuple = ()
    output_index: int | tuple | None = None


@dataclass(frozen=True, eq=False)
class Trace:
    """A recorded run of `fn_name` on `case`.

    `output` is what the function returned, as a float64 array (None when it raised, was
    stopped, or returned no array of numbers); `error` is "TypeError: ..." when it raised,
    or why what it returned is not an array of numbers; `stopped` is "step cap" or
    "time limit" when the run was cut short. `outcome` is the run's convlab.running.Outcome
    (None when stopped), the record every part of convlab judges. `write_step[t]` is the
    index of the step that last wrote output element t. `sources` maps each traced file to
    its lines, for display.
    """

    fn_name: str
    case: Case
    exercise: str
    steps: tuple[Step, ...]
    output: np.ndarray | None
    error: str | None
    stopped: str | None
    sources: dict
    first_lineno: int | None
    write_step: dict
    provenance: object | None = None
    max_steps: int = 10_000
    time_limit: float = 5.0
    outcome: Outcome | None = None

    @property
    def n_steps(self) -> int:
        return len(self.steps)

    @property
    def message(self) -> str | None:
        """Why the run did not finish normally, in plain words (None when it did)."""
        if self.stopped == "step cap":
            return (f"stopped after {self.max_steps:,} steps (the step cap): {self.fn_name} "
                    f"may loop forever — check that every loop moves towards its end; pass "
                    f"max_steps=... to allow longer runs")
        if self.stopped == "time limit":
            return (f"stopped after {self.time_limit:g} s (the time limit) at step "
                    f"{len(self.steps)}: {self.fn_name} is very slow or never ends; pass "
                    f"time_limit=... to allow longer runs")
        if self.error is not None and self.error.startswith("returned"):
            # it finished, but what came back is not the answer's arrays of numbers
            return f"{self.fn_name} {self.error}"
        if self.error is not None:
            where = f" on line {self.steps[-1].lineno}" if self.steps else ""
            return f"{self.fn_name} raised {self.error}{where}"
        return None


def trace(fn: Callable, case: Case, exercise: Exercise | str | None = None, *,
          max_steps: int = 10_000, time_limit: float = 5.0,
          with_provenance: bool = True) -> Trace:
    """Run `fn` on `case` line by line and return the recorded Trace.

    fn is called through the exercise (by default the first that accepts the case) on fresh
    copies of the case's arrays. The run never raises into the caller: an exception gives a
    partial trace whose last step is the failing line and whose `error` names it. The trace
    function active before the call (a debugger, coverage) is restored afterwards.
    With `with_provenance`, a run that finished is also probed for per-output windows.

    >>> def first_difference(x, w, stride=1, padding="valid"):
    ...     out = []
    ...     for i in range(len(x) - 1):
    ...         out.append(x[i + 1] - x[i])
    ...     return out
    >>> t = trace(first_difference, Case(x=[1, 4, 9], w=[1, 1]), with_provenance=False)
    >>> [(step.lineno - t.first_lineno, step.writes) for step in t.steps if step.writes]
    [(3, ((0, 3),)), (3, ((1, 5),))]
    """
    check_function(fn)
    exercise = find_exercise(case, exercise)
    max_steps = check_positive_int(max_steps, "max_steps")
    time_limit = check_seconds(time_limit, "time_limit")
    recorder = Recorder(code_of(fn), max_steps, time_limit)
    returned = {}

    def traced(*args, **kwargs):
        previous = sys.gettrace()
        sys.settrace(recorder.on_call)
        try:
            returned["result"] = fn(*args, **kwargs)
        finally:
            sys.settrace(previous)
        return returned["result"]

    # the one runner (convlab.running); the recorder keeps the time limit, step by step
    outcome, stopped = None, None
    try:
        outcome = exercise.run(traced, case, seconds=None)
    except Stop as stop:
        stopped = stop.reason
    recorder.finish()
    output = outcome.value if outcome is not None and outcome.error is None else None
    error = None if outcome is None else outcome.error or outcome.bad
    result = returned.get("result") if output is not None else None
    buffers = _buffers(recorder, result, fn, exercise)
    steps, write_step = _replay_writes(recorder, buffers)
    found = None
    # per-output windows are conv1d's idea; a scatter's results have none
    if with_provenance and error is None and stopped is None and not exercise.results \
            and exercise.layout not in SCATTER_LAYOUTS:
        computed = provenance(fn, case, exercise)
        found = computed if computed.available else None
    code = code_of(fn)
    return Trace(
        fn_name=getattr(fn, "__name__", type(fn).__name__), case=case, exercise=exercise.name,
        steps=steps, output=output, error=error, stopped=stopped, sources=recorder.sources(),
        first_lineno=code.co_firstlineno if code is not None else None,
        write_step=write_step, provenance=found, max_steps=max_steps, time_limit=time_limit,
        outcome=outcome)


# --- which line wrote which output element ------------------------------------------------

@dataclass(frozen=True)
class _Buffer:
    """Where one returned array was built, to replay its writes.

    `holder`: (call, variable name, object id) of the learner's variable that holds it, or
    None when no variable does; `offset`: where the returned array starts in that variable
    (a crop, `dx_padded[pad:pad + L]`); `final`: the array returned (None when nothing came
    back); `label`: its name among several ("dx"), None for a function returning one.
    """

    label: str | None
    holder: tuple | None
    offset: int = 0
    final: np.ndarray | None = None
    accumulates: bool = False
    """The buffer is a scatter's accumulator: the zeros it is allocated with are part of
    the answer (cells no sample reaches keep them), so allocating it writes every cell."""

    def output_index(self, index):
        """A buffer index as an index of the returned array (and its name, if any)."""
        if isinstance(index, int):
            index -= self.offset
        return index if self.label is None else (self.label, index)




def _buffers(recorder: Recorder, result: object, fn: Callable,
             exercise: Exercise) -> list[_Buffer]:
    """The buffers the learner built the returned array (or arrays) in."""
    if not exercise.results and exercise.layout not in SCATTER_LAYOUTS:
        return _single_buffer(recorder, result, _returned_names(fn))
    labels = exercise.results or (None,)
    # without a fitting `return` (a function that raises first), a variable named like
    # the array it should return ("dx", "dw")
    expressions = returned_parts(fn, len(labels)) or [(label, None) for label in labels]
    values = None
    if result is not None:
        values = list(result) if exercise.results else [result]
    found = []
    for number, label in enumerate(labels):
        expression = expressions[number] if expressions else None
        if values is None:
            holder, offset = partial_part(recorder.raw_steps, expression)
            found.append(_Buffer(label, holder, offset, accumulates=True))
            continue
        try:
            final = np.asarray(values[number], dtype=float)
        except (ValueError, TypeError):
            continue
        if final.ndim == 0:
            continue
        holder, offset = cropped_holder(recorder.calls, values[number], final, expression)
        found.append(_Buffer(label, holder, offset, final, accumulates=True))
    return found


def _single_buffer(recorder: Recorder, result: object,
                   returned_names: list[str]) -> list[_Buffer]:
    """The one buffer of a function returning one array (conv1d and its kin)."""
    if result is None:
        return [_Buffer(None, partial_holder(recorder.raw_steps, returned_names))]
    try:
        final = np.asarray(result, dtype=float)
    except (ValueError, TypeError):
        return []
    if final.ndim == 0:
        return []
    return [_Buffer(None, _find_holder(recorder.calls, result, final), 0, final)]


def _replay_writes(recorder: Recorder,
                   buffers: list[_Buffer]) -> tuple[tuple[Step, ...], dict]:
    """Steps with their writes and output indices, and output index -> last writing step.

    A line wrote an output element when its own assignment target names it (`out[t] = 0`
    is a write even though the buffer already held 0), or, for code that fills the buffer
    some other way (vectorized, through an alias), when the element's value changed.
    """
    raw_steps = recorder.raw_steps
    sources = recorder.sources()
    states = [_buffer_states(recorder, buffer) for buffer in buffers]
    previous: list = [None] * len(buffers)
    writes = []
    for position, raw in enumerate(raw_steps):
        line = _source_line(sources, raw.call.filename, raw.lineno)
        found: dict = {}
        for number, buffer in enumerate(buffers):
            state = states[number][position]
            # a new np.empty(n) or np.zeros(n) holds no outputs yet (but a scatter's
            # accumulator holds its zeros)
            allocates = previous[number] is None and state is not None \
                and not buffer.accumulates and is_allocation(line)
            identity = buffer.holder[2] if buffer.holder is not None else None
            mine = {index: value for held, elements in raw.assigned if held == identity
                    for index, value in elements}
            for index, value in (() if allocates else _changed(previous[number], state)):
                mine.setdefault(index, value)
            for index, value in mine.items():
                found.setdefault(buffer.output_index(index), value)
            if state is not None:
                previous[number] = state
        writes.append(tuple(found.items()))
    write_step: dict = {}
    for index, step_writes in enumerate(writes):
        for output_index, _ in step_writes:
            write_step[output_index] = index
    next_index: list = [None] * len(raw_steps)
    upcoming = None
    for index in range(len(raw_steps) - 1, -1, -1):
        if writes[index]:
            upcoming = writes[index][0][0]
        next_index[index] = upcoming
    steps = tuple(
        Step(index=index, function=raw.call.function, filename=raw.call.filename,
             lineno=raw.lineno, source=_source_line(sources, raw.call.filename, raw.lineno),
             depth=raw.call.depth, locals=raw.locals, writes=writes[index],
             output_index=next_index[index])
        for index, raw in enumerate(raw_steps))
    return steps, write_step


def _source_line(sources: dict, filename: str, lineno: int) -> str:
    lines = sources.get(filename, [])
    return lines[lineno - 1].strip() if 0 < lineno <= len(lines) else ""


_ALLOCATES = re.compile(r"\b(empty|empty_like|zeros|zeros_like|full)\s*\("
                        r"|\[\s*0(\.0*)?\s*\]\s*\*|\[\s*0(\.0*)?\s+for\b")


def is_allocation(line: str) -> bool:
    """Whether a source line allocates a buffer: np.zeros(n), np.empty(n), [0] * n, ..."""
    return bool(_ALLOCATES.search(line))


def _returned_names(fn: Callable) -> list[str]:
    """Names in fn's return statements, in order: where to look for a partial output."""
    try:
        tree = syntax.parse(textwrap.dedent(inspect.getsource(fn)))
    except (OSError, TypeError, SyntaxError):
        return []
    return [node.id for statement in ast.walk(tree) if isinstance(statement, ast.Return)
            and statement.value is not None
            for node in ast.walk(statement.value) if isinstance(node, ast.Name)]


def _buffer_states(recorder: Recorder, buffer: _Buffer) -> list[np.ndarray | None]:
    """The buffer's contents after each step (None: this step did not show it).

    The buffer is the learner's variable that holds the returned array (see `_buffers`),
    followed through aliases into the functions it is passed to. A result built in the
    return expression itself, held by no variable, is written, all at once, by the last
    line of fn. Buffers too large to copy at every step have no states: their writes come
    from the assignments alone.
    """
    raw_steps = recorder.raw_steps
    states: list[np.ndarray | None] = [None] * len(raw_steps)
    if not raw_steps:
        return states
    if buffer.holder is None:
        if buffer.final is not None:
            last_root = max((i for i, raw in enumerate(raw_steps) if raw.call.depth == 0),
                            default=len(raw_steps) - 1)
            states[last_root] = buffer.final
        return states
    holder_call, name, identity = buffer.holder
    for index, raw in enumerate(raw_steps):
        if raw.call is holder_call:
            value = raw.locals.get(name)
        else:
            alias = next((n for n, i in raw.identities.items() if i == identity), None)
            value = raw.locals.get(alias) if alias is not None else None
        if isinstance(value, np.ndarray) and value.dtype.kind in "biuf":
            states[index] = value
        elif isinstance(value, np.ndarray) and value.size == 0:
            states[index] = value.astype(float)
    return states


def _find_holder(calls: list[Call], result: object, final: np.ndarray):
    """(call, variable name, id) of the variable that holds the output, or None."""
    ordered = sorted((c for c in calls if c.returned_locals is not None),
                     key=lambda c: (c.depth, c.number))
    for call in ordered:
        for name, value in call.returned_locals.items():
            if value is result and shown(name, value):
                return call, name, id(value)
    for call in ordered:
        for name, value in call.returned_locals.items():
            if isinstance(value, (list, np.ndarray)) and shown(name, value) \
                    and same_values(value, final):
                return call, name, id(value)
    return None


def _changed(before: np.ndarray | None, after: np.ndarray | None) -> tuple:
    """(index, value) of each element of `after` that differs from `before`.

    A buffer that first appears (not on an allocating line) was computed in one shot:
    every element of it is written.
    """
    if after is None:
        return ()
    after_flat = after.reshape(-1) if after.ndim else after.reshape(1)
    if before is None:
        changed = np.arange(after_flat.size)
    elif before.shape == after.shape or (before.ndim == after.ndim == 1):
        before_flat = before.reshape(-1)
        common = min(before_flat.size, after_flat.size)
        with np.errstate(invalid="ignore"):
            differs = ~((before_flat[:common] == after_flat[:common])
                        | (np.isnan(before_flat[:common].astype(float))
                           & np.isnan(after_flat[:common].astype(float))))
        changed = np.concatenate([np.flatnonzero(differs),
                                  np.arange(common, after_flat.size)])
    else:
        changed = np.arange(after_flat.size)
    return tuple((_index(int(flat), after.shape), _plain(after_flat[flat])) for flat in changed)


def _index(flat: int, shape: tuple) -> int | tuple:
    return flat if len(shape) <= 1 else tuple(int(i) for i in np.unravel_index(flat, shape))


def _plain(value: np.generic) -> float | int:
    return value.item() if hasattr(value, "item") else value
