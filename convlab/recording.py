"""Recording a run line by line: which code is the learner's, and what each line did.

`Recorder` is the trace function convlab.tracing installs with sys.settrace: for every line
of the learner's code (never the interpreter's, installed packages' or convlab's own) it
records the line and a snapshot of the locals after it ran, and it stops a run that passes
its step cap or its time limit by raising `Stop` (a BaseException, so the learner's
`except Exception:` cannot swallow it).
"""

from __future__ import annotations

import linecache
import os
import site
import sys
import sysconfig
import time
from collections.abc import Callable
from dataclasses import dataclass
from types import CodeType, FrameType

import numpy as np

__all__ = ["SNAPSHOT_LIMIT", "Call", "RawStep", "Recorder", "Stop", "code_of", "is_user_file",
           "short_repr", "shown", "snapshot"]

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
                self.finish_line(frame, call)
                self.raising = arg[1]
            else:
                # the exception passes through a caller's line, which never finished
                call.pending_line = None
        elif event == "return":
            self.finish_line(frame, call)
            call.returned_locals = dict(frame.f_locals)
            del self.active[id(frame)]
        return self.on_event

    def finish_line(self, frame: FrameType, call: Call) -> None:
        if call.pending_line is None:
            return
        live = frame.f_locals
        self.raw_steps.append(RawStep(
            call, call.pending_line,
            {name: snapshot(value) for name, value in live.items() if shown(name, value)},
            {name: id(value) for name, value in live.items() if shown(name, value)}))
        call.pending_line = None
        self.raising = None

    def finish(self) -> None:
        """Close what an interrupted run left open (frames cut off by the step cap)."""
        self.active.clear()

    def sources(self) -> dict[str, list[str]]:
        return {filename: [line.rstrip("\n") for line in
                           linecache.getlines(filename, module_globals)]
                for filename, module_globals in self.files.items()}


def shown(name: str, value: object) -> bool:
    """Learner variables worth showing: not modules, not comprehension internals."""
    return name.isidentifier() and not name.startswith("__") and \
        type(value).__name__ != "module"


def snapshot(value: object) -> object:
    """A copy of `value` as it is now: numbers as-is, small arrays copied, others summarised."""
    if value is None or isinstance(value, (bool, int, float, complex, str, np.generic)):
        return value
    if isinstance(value, np.ndarray):
        if value.size <= SNAPSHOT_LIMIT:
            return value.copy()
        return f"<array shape={value.shape} dtype={value.dtype}>"
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


def short_repr(value: object) -> str:
    try:
        text = repr(value)
    except Exception:  # noqa: BLE001 - a broken __repr__ must not break the trace
        text = f"<{type(value).__name__}>"
    return text if len(text) <= 60 else text[:57] + "..."


