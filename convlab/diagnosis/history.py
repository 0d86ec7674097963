"""Does a function's answer depend on earlier calls? (the `stateful` mistake)

A conv1d must answer the same input the same way every time. Functions that keep state
between calls — a list as a default argument, a cache keyed on the shapes only, weights
kept in a global from the first call — answer later probes for earlier inputs. Diagnosis
runs the probes one after another, as a grader would; for the probes that came out wrong,
this module asks the same question of a fresh copy of the function, one that has never been
called: when the fresh copy answers differently, the history made the difference.

A fresh copy is the same code with its default arguments evaluated anew from the source (or
copied, without a source) and copies of the mutable module-level values the code names
(lists, dicts, sets, arrays), so it starts from the state the function had before diagnosis
called it, and with defaults as the def statement made them. A function that cannot be copied (a
callable object, a submission running in the grader's sandbox) is asked again instead, in
the other order: an answer that changes between two calls with the same input is state too.
"""

from __future__ import annotations

import ast
import copy
import inspect
import textwrap
import types
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from convlab import syntax
from convlab.case import Case
from convlab.diagnosis.outcomes import Outcome, agree
from convlab.exercises import Exercise
from convlab.judging import judge

__all__ = ["History", "find_history", "pristine"]

_MUTABLE = (list, dict, set, bytearray, np.ndarray)
_ABSENT = object()
_MAX_CHECKED = 24
_MAX_EARLIER = 30


@dataclass(frozen=True)
class History:
    """Evidence that answers depend on earlier calls: on `case`, a fresh function gives
    `alone`, but after the calls in `earlier` (in order) it gives `after`; `changed` of the
    `checked` wrong probes came out differently on a fresh function."""

    case: Case
    earlier: tuple[Case, ...]
    alone: Outcome
    after: Outcome
    changed: int
    checked: int


def pristine(fn: Callable) -> Callable[[], Callable] | None:
    """A maker of fresh copies of `fn` in its present state, or None when fn is not a plain
    Python function. A function that runs elsewhere (a sandboxed submission) makes its own
    with `fresh_copy()`: a new child process each, so diagnosis asks for few."""
    remote = getattr(fn, "fresh_copy", None)
    if callable(remote) and not inspect.isroutine(fn):
        return remote
    if not inspect.isfunction(fn):
        return None
    names = _global_names(fn.__code__)
    try:
        # every global the code names, as it is now (containers copied: calls change them)
        saved = {name: copy.deepcopy(value) if isinstance(value, _MUTABLE) else value
                 for name in names if (value := fn.__globals__.get(name, _ABSENT))
                 is not _ABSENT}
        defaults, kwdefaults = _defaults_as_written(fn) or (copy.deepcopy(fn.__defaults__),
                                                            copy.deepcopy(fn.__kwdefaults__))
    except Exception:  # noqa: BLE001 - state that cannot be copied: no fresh copies
        return None
    absent = [name for name in names if name not in fn.__globals__]

    def fresh() -> Callable:
        namespace = dict(fn.__globals__)
        namespace.update({name: copy.deepcopy(value) if isinstance(value, _MUTABLE) else value
                          for name, value in saved.items()})
        for name in absent:  # a global the first call creates
            namespace.pop(name, None)
        clone = types.FunctionType(fn.__code__, namespace, fn.__name__,
                                   copy.deepcopy(defaults), fn.__closure__)
        clone.__kwdefaults__ = copy.deepcopy(kwdefaults)
        return clone

    return fresh


def _defaults_as_written(fn: Callable) -> tuple | None:
    """The default arguments as the def statement makes them, evaluated anew from the
    source (a list default that earlier calls filled is empty again); None when the source
    cannot be read or the defaults cannot be rebuilt."""
    try:
        tree = syntax.parse(textwrap.dedent(inspect.getsource(fn)))
    except (OSError, TypeError, SyntaxError):
        return None
    node = tree.body[0] if tree.body else None
    if not isinstance(node, ast.FunctionDef) or node.name != fn.__name__:
        return None
    # only the signature matters: no decorators, annotations or body are run
    node.decorator_list, node.returns, node.body = [], None, [ast.Pass()]
    arguments = node.args
    for argument in (*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs,
                     arguments.vararg, arguments.kwarg):
        if argument is not None:
            argument.annotation = None
    namespace = dict(fn.__globals__)
    try:
        exec(syntax.compile_tree(ast.fix_missing_locations(ast.Module([node], [])), "<defaults>",
                                 "exec"),
             namespace)
    except Exception:  # noqa: BLE001 - a default that cannot be rebuilt: keep the present one
        return None
    made = namespace[node.name]
    if len(made.__defaults__ or ()) != len(fn.__defaults__ or ()):
        return None
    return made.__defaults__, made.__kwdefaults__


def _global_names(code: types.CodeType) -> set[str]:
    """Every global name the code (and the functions defined inside it) may read or set."""
    names = set(code.co_names)
    for constant in code.co_consts:
        if isinstance(constant, types.CodeType):
            names |= _global_names(constant)
    return names


def find_history(fn: Callable, fresh: Callable[[], Callable] | None, exercise: Exercise,
                 probes, outcomes, failing, seconds: float, *,
                 checks: int = _MAX_CHECKED, earlier: int = _MAX_EARLIER) -> History | None:
    """The evidence that `fn`'s wrong answers come from earlier calls, or None.

    `probes` were run in order and gave `outcomes`; `failing` are the indices that were
    wrong. A wrong probe counts when a fresh function (or, without one, a second call)
    answers it rightly. At most `checks` wrong probes are asked again, and `earlier`
    earlier probes tried to find the call that set the state.
    """
    # a call that never returned says nothing about state, and costs the whole time limit
    checked = [index for index in failing if outcomes[index].kind != "timeout"][:checks]
    changed = []
    for index in checked:
        again = exercise.run(fresh() if fresh is not None else fn, probes[index],
                             seconds=seconds)
        if again.kind == "timeout":
            return None
        # counted only when the fresh function gets it right: the history made it wrong
        # (a function reading random memory answers differently every time, but never right)
        if not _same(again, outcomes[index]) and judge(exercise, probes[index], again).right:
            changed.append((index, again))
    if not changed or (fresh is None and len(changed) < 2):
        return None
    index, alone = changed[0]
    calls = _earlier_calls(fresh, exercise, probes, index, outcomes[index], alone, seconds,
                           earlier)
    return History(probes[index], calls, alone, outcomes[index], len(changed), len(checked))


def _earlier_calls(fresh, exercise: Exercise, probes, index: int, after: Outcome,
                   alone: Outcome, seconds: float, tries: int) -> tuple[Case, ...]:
    """One earlier probe after which a fresh function answers `probes[index]` wrongly (the
    shortest sequence of calls that shows the state), or every earlier probe."""
    if fresh is None:
        return tuple(probes[:index])
    for earlier in reversed(range(max(0, index - tries), index)):
        clone = fresh()
        exercise.run(clone, probes[earlier], seconds=seconds)
        if not _same(exercise.run(clone, probes[index], seconds=seconds), alone):
            return (probes[earlier],)
    return tuple(probes[:index])


def _same(first: Outcome, second: Outcome) -> bool:
    """Two runs on the same input gave the same answer (values within the tolerance, or
    both an error)."""
    if first.ok != second.ok:
        return False
    if not first.ok:
        return (first.error is None) == (second.error is None)
    return agree(first, second)
