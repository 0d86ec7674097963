"""Recording a run line by line: which code is the learner's, and what each line did.

`Recorder` is the trace function convlab.tracing installs with sys.settrace: for every line
of the learner's code (never the interpreter's, installed packages' or convlab's own) it
records the line and a snapshot of the locals after it ran, and it stops a run that passes
its step cap or its time limit by raising `Stop` (a BaseException, so the learner's
`except Exception:` cannot swallow it).
"""

from __future__ import annotations

import ast
import functools
import linecache
import os
import site
import sys
import sysconfig
import time
from collections.abc import Callable
from dataclasses import dataclass
from types import CodeType, FrameType, ModuleType

import numpy as np

from convlab import syntax

__all__ = ["SNAPSHOT_LIMIT", "Assignment", "Call", "RawStep", "Recorder", "Stop", "code_of",
           "index_code", "is_user_file", "short_repr", "shown", "snapshot"]

SNAPSHOT_LIMIT = 256
"""Arrays and lists with more elements than this are summarised, not copied, in a Step."""

# --- which code is the learner's ----------------------------------------------------------

def _library_dirs() -> tuple[str, ...]:
    """Folders whose code is never the learner's: the interpreter's, installed packages, convlab."""
    paths = {sys.prefix, sys.base_prefix, sys.exec_prefix, sys.base_exec_prefix,
             os.path.dirname(os.path.abspath(__file__))}
    for key in ("stdlib", "platstdlib", "purelib", "platlib"):
        path = sysconfig.get_paths().get(key)
        if path:
            paths.add(path)
    for path in [*getattr(site, "getsitepackages", list)(), site.getusersitepackages()]:
        paths.add(path)
    return tuple(sorted(os.path.join(os.path.realpath(p), "") for p in paths if p))


_LIBRARY_DIRS = _library_dirs()


def is_user_file(filename: str) -> bool:
    """True for code a learner wrote: a script, a test, a notebook cell, the REPL.

    Notebook cells have names like '<ipython-input-3-...>' or '/tmp/ipykernel_42/123.py'.
    """
    if filename.startswith("<"):
        return not filename.startswith(("<frozen", "<string>"))
    path = os.path.join(os.path.realpath(filename), "")
    return not path.startswith(_LIBRARY_DIRS) and "site-packages" not in path


def code_of(fn: Callable) -> CodeType | None:
    """The code object that runs when fn is called (through partials and wrappers)."""
    target = fn
    for _ in range(10):
        if hasattr(target, "__wrapped__"):
            target = target.__wrapped__
        elif hasattr(target, "func") and callable(target.func):
            target = target.func
        elif hasattr(target, "__func__"):
            target = target.__func__
        else:
            break
    code = getattr(target, "__code__", None)
    if code is None and callable(target):
        code = getattr(type(target).__call__, "__code__", None)
    return code


# --- recording ----------------------------------------------------------------------------

class Stop(BaseException):
    """Raised from the trace function to end a run that hit the step cap or the time limit.

    A BaseException, so the learner's `except Exception:` does not swallow it.
    """

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


@dataclass
class Call:
    """One call of a learner's function while it runs."""

    number: int
    depth: int
    function: str
    filename: str
    pending_line: int | None = None
    returned_locals: dict | None = None


@dataclass
class RawStep:
    call: Call
    lineno: int
    locals: dict
    identities: dict
    assigned: tuple = ()
    """(id of the container, ((element index, value), ...)) for each element the line's
    own assignment targets stored into (`out[t] = ...`, `out[t] += ...`, `out.append(...)`)."""


class Recorder:
    """The trace function and what it records; turned into Steps after the run."""

    def __init__(self, root_code: CodeType | None, max_steps: int, time_limit: float):
        self.root_code = root_code
        self.root_file = root_code.co_filename if root_code is not None else None
        self.max_steps = max_steps
        self.deadline = time.monotonic() + time_limit
        self.raw_steps: list[RawStep] = []
        self.calls: list[Call] = []
        self.active: dict[int, Call] = {}
        self.user_code: dict[CodeType, bool] = {}
        self.files: dict[str, dict] = {}
        self.raising: BaseException | None = None
        self.assignments: dict[tuple[str, int], tuple[Assignment, ...]] = {}
        self.learner_names: dict[str, bool] = {}

    def is_traced(self, code: CodeType) -> bool:
        known = self.user_code.get(code)
        if known is None:
            known = code.co_filename == self.root_file or is_user_file(code.co_filename)
            self.user_code[code] = known
        return known

    def on_call(self, frame: FrameType, event: str, arg):
        if event != "call" or not self.is_traced(frame.f_code):
            return None
        caller = frame.f_back
        while caller is not None and id(caller) not in self.active:
            caller = caller.f_back
        depth = self.active[id(caller)].depth + 1 if caller is not None else 0
        call = Call(len(self.calls), depth, frame.f_code.co_name, frame.f_code.co_filename)
        self.calls.append(call)
        self.active[id(frame)] = call
        self.files.setdefault(call.filename, frame.f_globals)
        return self.on_event

    def on_event(self, frame: FrameType, event: str, arg):
        call = self.active.get(id(frame))
        if call is None:
            return None
        if event == "line":
            self.finish_line(frame, call)
            if len(self.raw_steps) >= self.max_steps:
                raise Stop("step cap")
            if time.monotonic() > self.deadline:
                raise Stop("time limit")
            call.pending_line = frame.f_lineno
        elif event == "exception":
            if arg[1] is not self.raising:
                # the line where the exception started: it ran, and failed
                self.finish_line(frame, call, completed=False)
                self.raising = arg[1]
            else:
                # the exception passes through a caller's line, which never finished
                call.pending_line = None
        elif event == "return":
            self.finish_line(frame, call)
            call.returned_locals = dict(frame.f_locals)
            del self.active[id(frame)]
        return self.on_event

    def finish_line(self, frame: FrameType, call: Call, completed: bool = True) -> None:
        if call.pending_line is None:
            return
        live = frame.f_locals
        assigned = ()
        if completed:
            key = (call.filename, call.pending_line)
            if key not in self.assignments:
                self.assignments[key] = assignments_on(
                    linecache.getline(call.filename, call.pending_line, frame.f_globals))
            assigned = tuple(found for found in (a.stored(frame, live)
                                                 for a in self.assignments[key]) if found)
        values, identities = {}, {}
        learner_names = self.learner_names
        for name, value in live.items():
            learner = learner_names.get(name)
            if learner is None:
                learner = learner_names[name] = name.isidentifier() \
                    and not name.startswith("__")
            if learner and not isinstance(value, ModuleType):
                values[name] = snapshot(value)
                identities[name] = id(value)
        self.raw_steps.append(RawStep(call, call.pending_line, values, identities, assigned))
        call.pending_line = None
        self.raising = None

    def finish(self) -> None:
        """Close what an interrupted run left open (frames cut off by the step cap)."""
        self.active.clear()

    def sources(self) -> dict[str, list[str]]:
        return {filename: [line.rstrip("\n") for line in
                           linecache.getlines(filename, module_globals)]
                for filename, module_globals in self.files.items()}


# --- what a line's own assignment stored --------------------------------------------------
# A write is whatever the line's target says it is: `out[t] = 0.0` writes out[t] even though
# the value does not change, so a correct output of 0 is never mistaken for an untouched one.

_INDEX_NODES = (ast.Expression, ast.Name, ast.Constant, ast.BinOp, ast.UnaryOp, ast.Slice,
                ast.Tuple, ast.Subscript, ast.Attribute, ast.Load, ast.operator, ast.unaryop,
                ast.Call)
_INDEX_CALLS = {"len", "int", "min", "max", "abs", "round"}


@dataclass(frozen=True)
class Assignment:
    """One assignment target of a line: `container[index]...`, `container.append(...)`, or
    `container += ...` (no indices: the whole array).

    `indices` are compiled index expressions, outermost subscript first; re-evaluated in the
    frame once the line has run (they may only name variables, do arithmetic and call len,
    int, min, max, abs or round, so reading them changes nothing).
    """

    container: str
    indices: tuple
    appends: bool = False

    def stored(self, frame: FrameType, live: dict):
        """(id of the container, ((index, value), ...)) this target stored, or None."""
        container = live.get(self.container)
        if not isinstance(container, (list, np.ndarray)):
            return None
        try:
            if self.appends:
                if not isinstance(container, list) or not container:
                    return None
                return id(container), _elements(container, [len(container) - 1])
            if not self.indices and not isinstance(container, np.ndarray):
                return None
            keys = [eval(code, frame.f_globals, live) for code in self.indices]  # noqa: S307
            return id(container), _elements(container, keys)
        except Exception:  # noqa: BLE001 - an index we cannot re-read is left to the replay
            return None


def assignments_on(line: str) -> tuple[Assignment, ...]:
    """The subscript and append targets of the statement(s) on one source line."""
    try:
        tree = syntax.parse(line.strip())
    except SyntaxError:
        return ()
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.AugAssign) and isinstance(node.target, ast.Name):
            # `out += ...` updates every element of an array in place
            found.append(Assignment(node.target.id, ()))
        elif isinstance(node, (ast.Assign, ast.AugAssign, ast.AnnAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for target in targets:
                for part in (target.elts if isinstance(target, ast.Tuple) else [target]):
                    assignment = _subscript_target(part)
                    if assignment is not None:
                        found.append(assignment)
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) \
                and node.func.attr == "append" and isinstance(node.func.value, ast.Name):
            found.append(Assignment(node.func.value.id, (), appends=True))
    return tuple(found)


def _subscript_target(target: ast.expr) -> Assignment | None:
    indices = []
    while isinstance(target, ast.Subscript):
        indices.append(target.slice)
        target = target.value
    if not indices or not isinstance(target, ast.Name):
        return None
    compiled = [index_code(index) for index in reversed(indices)]
    if any(code is None for code in compiled):
        return None
    return Assignment(target.id, tuple(compiled))


def index_code(node: ast.expr) -> CodeType | None:
    """An index expression of the learner's compiled for re-reading, or None when it does
    more than name variables, do arithmetic and call len, int, min, max, abs or round
    (so evaluating it in a frame's locals changes nothing)."""
    expression = ast.Expression(node)
    if not all(isinstance(n, _INDEX_NODES) for n in ast.walk(expression)) or any(
            isinstance(n, ast.Call) and not (isinstance(n.func, ast.Name)
                                             and n.func.id in _INDEX_CALLS)
            for n in ast.walk(expression)):
        return None
    return syntax.compile_tree(ast.fix_missing_locations(expression), "<index>", "eval")


def _elements(container, keys: list) -> tuple:
    """((index, value), ...) of the elements container[k0][k1]... selects."""
    if isinstance(container, np.ndarray):
        if container.ndim == 1 and len(keys) == 1 and isinstance(keys[0], (int, np.integer)) \
                and not isinstance(keys[0], bool):
            # the common `out[t] = ...`: one element of a 1-D buffer
            index = int(keys[0]) + (container.size if keys[0] < 0 else 0)
            return ((index, _plain(container[index])),)
        positions = np.arange(container.size).reshape(container.shape)
        for key in keys:
            positions = positions[key]
        flat = np.atleast_1d(positions).reshape(-1)
        values = container.reshape(-1)[flat] if container.flags.c_contiguous \
            else container.flat[flat]
        index = (lambda f: int(f)) if container.ndim <= 1 else \
            (lambda f: tuple(int(i) for i in np.unravel_index(f, container.shape)))
        return tuple((index(f), _plain(v)) for f, v in zip(flat, values))
    # lists, and lists of lists (channels)
    cells = [((), container)]
    for key in keys:
        selected = []
        for path, value in cells:
            if not isinstance(value, list):
                raise TypeError("not a list")
            if isinstance(key, slice):
                selected += [((*path, i), value[i]) for i in range(len(value))[key]]
            else:
                i = int(key)
                i = i + len(value) if i < 0 else i
                selected.append(((*path, i), value[i]))
        cells = selected
    # a whole row stored at once (`out[c] = row`) writes each of its elements
    while any(isinstance(value, list) for _, value in cells):
        cells = [item for path, value in cells for item in
                 ([((*path, i), v) for i, v in enumerate(value)]
                  if isinstance(value, list) else [(path, value)])]
    return tuple((path[0] if len(path) == 1 else path, _plain(value)) for path, value in cells
                 if isinstance(value, (int, float, np.generic)))


def _plain(value):
    return value.item() if hasattr(value, "item") and np.ndim(value) == 0 else value


def shown(name: str, value: object) -> bool:
    """Learner variables worth showing: not modules, not comprehension internals."""
    return name.isidentifier() and not name.startswith("__") and \
        type(value).__name__ != "module"


_AS_IS = frozenset({type(None), bool, int, float, complex, str})


def snapshot(value: object) -> object:
    """A copy of `value` as it is now: numbers as-is, small arrays copied, others summarised."""
    kind = type(value)
    if kind in _AS_IS:
        return value
    if kind is np.ndarray:
        if value.size <= SNAPSHOT_LIMIT:
            return value.copy()
        return _array_summary(value.shape, value.dtype)
    if isinstance(value, (bool, int, float, complex, str, np.generic)):
        return value
    if isinstance(value, np.ndarray):
        if value.size <= SNAPSHOT_LIMIT:
            return value.copy()
        return _array_summary(value.shape, value.dtype)
    if isinstance(value, (list, tuple)):
        if len(value) > SNAPSHOT_LIMIT:
            return f"<{type(value).__name__} of {len(value)} items>"
        try:
            array = np.array(value)
        except (ValueError, TypeError):
            return short_repr(value)
        if array.dtype.kind in "biuf" and array.size <= SNAPSHOT_LIMIT:
            return array
        return short_repr(value)
    return short_repr(value)


@functools.lru_cache(maxsize=256)
def _array_summary(shape: tuple, dtype: np.dtype) -> str:
    return f"<array shape={shape} dtype={dtype}>"


def short_repr(value: object) -> str:
    try:
        text = repr(value)
    except Exception:  # noqa: BLE001 - a broken __repr__ must not break the trace
        text = f"<{type(value).__name__}>"
    return text if len(text) <= 60 else text[:57] + "..."


