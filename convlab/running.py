"""Running a learner's function: one record of what happened, and one runner.

Every part of convlab that calls code it did not write — diagnosis probes, `check` and the
grader, `trace`, `compare`, the catalog and the Debugger — goes through `run_call`, and gets
back an `Outcome`: the value (as float64) or the error, whether what came back is an array
of numbers at all (`as_numbers`, the one rule for that), whether the call modified its
inputs, what it printed, how long it took, and whether it was stopped at its time limit.

The grader's sandboxed child loads this file by its path, so it imports nothing but numpy
and the standard library: the child never imports convlab (the reference must not be in a
submission's memory), yet judges a call exactly as this process does.
"""

from __future__ import annotations

import contextlib
import io
import numbers
import signal
import sys
import threading
import time
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

__all__ = ["MAX_VALUES", "CallTimeout", "InvalidResult", "Outcome", "as_numbers", "as_parts",
           "changed_input", "describe_error", "quietly", "run_call", "time_limit"]

MAX_VALUES = 100_000
"""More values than any output convlab asks for: a result this big is not an answer."""

PRINTED_KEPT = 4_000
"""How many characters of what a call printed an Outcome keeps."""


@dataclass(frozen=True)
class Outcome:
    """What one call of a learner's function did (or, in diagnosis, what a model predicts).

    `value`: what it returned, as a float64 array, when that is an array of numbers (kept
    even when the call also did something wrong, such as modifying an input).
    `error`: what went wrong in words when it did not return ("IndexError: ...", "took
    longer than 2 s ..."); `bad`: why what it returned is not an array of numbers.
    `kind`: "ok", "raised", "invalid", "timeout", "exit", "mutated", or, from the grader's
    sandbox, "crashed", "memory", "flood", "forbidden", "gave-up".
    `mutated`: which input it modified, in words; `forbidden`: forbidden functions it used.
    `printed`: what it printed; `seconds`: how long it ran; `dtype`: the dtype it returned.
    `parts`: for a function that returns several arrays (a backward pass's `(dx, dw)`), the
    name and shape of each, in order; `value` then holds them all, flattened one after the
    other (`split` gives them back).
    `case`: the input, when known (it sets the tolerance of comparisons).
    """

    value: np.ndarray | None = None
    error: str | None = None
    bad: str | None = None
    dtype: str | None = None
    kind: str = ""
    error_type: str | None = None
    mutated: str | None = None
    forbidden: tuple[str, ...] = ()
    printed: str = ""
    seconds: float = 0.0
    parts: tuple[tuple[str, tuple[int, ...]], ...] = ()
    case: object = field(default=None, repr=False, compare=False)

    def __post_init__(self) -> None:
        if not self.kind:
            kind = ("raised" if self.error is not None else "invalid" if self.bad is not None
                    else "mutated" if self.mutated is not None else "ok")
            object.__setattr__(self, "kind", kind)

    @property
    def ok(self) -> bool:
        """It returned an array of numbers (right or wrong)."""
        return self.value is not None

    @property
    def clean(self) -> bool:
        """It returned an array of numbers and did nothing it must not do (modify its
        inputs, use a forbidden function)."""
        return self.value is not None and self.mutated is None and not self.forbidden

    def split(self) -> dict[str, np.ndarray]:
        """The returned arrays by name: {"dx": ..., "dw": ...} for a function returning
        several, {"output": value} otherwise; {} when it returned no numbers."""
        if self.value is None:
            return {}
        if not self.parts:
            return {"output": self.value}
        found, start = {}, 0
        for name, shape in self.parts:
            size = int(np.prod(shape, dtype=np.int64))
            found[name] = self.value[start:start + size].reshape(shape)
            start += size
        return found

    @property
    def problem(self) -> str | None:
        """What disqualifies this outcome whatever its values, in words; None if nothing."""
        if self.forbidden:
            return f"used {', '.join(self.forbidden)}, which this exercise forbids"
        if self.error is not None:
            return self.error
        if self.bad is not None:
            return self.bad
        return self.mutated


class InvalidResult(Exception):
    """The function returned something that is not an array of numbers."""


class CallTimeout(BaseException):
    """A single call ran past its time limit. A BaseException, so that a learner's own
    `except Exception:` cannot swallow it and keep an endless loop going."""


# ---- the one rule: is this an array of numbers? -------------------------------------------

def as_numbers(result: object) -> np.ndarray:
    """`result` as a new float64 array, or InvalidResult saying what came back instead.

    Lists, tuples, float32, integer and boolean arrays, and lists of exact numbers
    (Fraction, Decimal) are fine; None, strings, dicts, sets, complex numbers, ragged lists
    and objects that are not numbers are not.

    >>> as_numbers([1, 2.5])
    array([1. , 2.5])
    >>> from fractions import Fraction
    >>> as_numbers([Fraction(1, 2), 3])
    array([0.5, 3. ])
    >>> as_numbers(None)
    Traceback (most recent call last):
    ...
    convlab.running.InvalidResult: returned None, not an array of numbers (is a `return` missing?)
    """
    kind = type(result).__name__
    if result is None:
        raise InvalidResult("returned None, not an array of numbers (is a `return` missing?)")
    if isinstance(result, (str, bytes, dict, set, frozenset)):
        raise InvalidResult(f"returned a {kind}, not an array of numbers")
    try:
        raw = np.asarray(result)
    except Exception as error:  # noqa: BLE001 - whatever the object did, it is not numbers
        raise InvalidResult(f"returned a {kind} that is not an array of numbers "
                            f"({type(error).__name__}: {error})") from None
    if raw.dtype.kind == "c":
        raise InvalidResult(f"returned complex numbers ({kind} of dtype {raw.dtype}), not "
                            f"real ones")
    if raw.dtype.kind == "O":
        strange = next((item for item in raw.ravel()
                        if not isinstance(item, numbers.Number) or isinstance(item, complex)),
                       None)
        if strange is not None or raw.size == 0 and raw.ndim == 0:
            what = type(strange).__name__ if strange is not None else "nothing"
            raise InvalidResult(f"returned a {kind} holding a {what}, not an array of "
                                f"numbers (ragged rows, or something that is not a number)")
    elif raw.dtype.kind not in "biuf":
        raise InvalidResult(f"returned a {kind} of dtype {raw.dtype}, not an array of numbers")
    if raw.size > MAX_VALUES:
        raise InvalidResult(f"returned {raw.size} values (shape {raw.shape}); far more than "
                            f"any output here")
    try:
        return np.array(raw, dtype=np.float64)
    except Exception as error:  # noqa: BLE001 - a number-like object that will not convert
        raise InvalidResult(f"returned a {kind} that is not an array of numbers "
                            f"({type(error).__name__}: {error})") from None


def as_parts(result: object, names: tuple[str, ...]) -> tuple[np.ndarray, tuple]:
    """A result made of several arrays (`names`, e.g. ("dx", "dw")) as one flat float64
    array and the (name, shape) of each part; InvalidResult when it is not that many arrays
    of numbers.

    >>> as_parts(([1, 2, 3], [4.5]), ("dx", "dw"))
    (array([1. , 2. , 3. , 4.5]), (('dx', (3,)), ('dw', (1,))))
    """
    wanted = " and ".join(names)
    if isinstance(result, np.ndarray) or not isinstance(result, (tuple, list)):
        what = ("None (is a `return` missing?)" if result is None
                else f"one {type(result).__name__}")
        raise InvalidResult(f"returned {what}, not the {len(names)} arrays {wanted}: "
                            f"return ({', '.join(names)})")
    if len(result) != len(names):
        raise InvalidResult(f"returned {len(result)} values, not the {len(names)} arrays "
                            f"{wanted}: return ({', '.join(names)})")
    arrays, parts = [], []
    for name, item in zip(names, result):
        try:
            array = as_numbers(item)
        except InvalidResult as invalid:
            raise InvalidResult(f"{name}: {invalid}") from None
        arrays.append(array.ravel())
        parts.append((name, tuple(int(n) for n in array.shape)))
    return np.concatenate(arrays) if arrays else np.zeros(0), tuple(parts)


def _result_dtype(result: object, parts: tuple[str, ...]) -> str:
    """The dtype the function returned (for several arrays, the one they share, or the
    narrowest float among them: it sets how closely values must match)."""
    if not parts:
        return str(np.asarray(result).dtype)
    dtypes = [np.asarray(item).dtype for item in result]
    floats = [dtype for dtype in dtypes if dtype.kind == "f"]
    return str(min(floats, key=lambda dtype: dtype.itemsize) if floats else dtypes[0])


def changed_input(before: dict, after: dict) -> str | None:
    """Which argument a call modified, said with one changed element; None if none.

    `before` maps names to copies taken before the call, `after` to the objects the call got.
    """
    for name, original in before.items():
        now = after[name]
        if (isinstance(now, np.ndarray) and now.shape == original.shape
                and np.array_equal(now, original, equal_nan=True)):
            continue
        if isinstance(now, np.ndarray) and now.shape == original.shape:
            same = now == original
            if now.dtype.kind == "f":
                same |= np.isnan(now) & np.isnan(original)
            index = int(np.flatnonzero(~same.ravel())[0])
            return (f"modified its input {name} ({name}.flat[{index}] was "
                    f"{original.ravel()[index]:g}, then {now.ravel()[index]:g}); "
                    f"a convolution must leave its inputs unchanged")
        return f"modified its input {name}; a convolution must leave its inputs unchanged"
    return None


def describe_error(error: BaseException) -> str:
    """'IndexError: index 5 is out of bounds', shortened to one readable line."""
    if isinstance(error, SystemExit):
        return f"SystemExit: called sys.exit({error.code!r})"
    if isinstance(error, RecursionError):
        return "RecursionError: maximum recursion depth exceeded"
    lines = str(error).strip().splitlines()
    text = f"{type(error).__name__}: {lines[0] if lines else ''}".strip().rstrip(":")
    return _shorten(text, 300)


def _shorten(text: str, limit: int) -> str:
    """`text` cut at a word boundary to at most `limit` characters."""
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0] + " ..."


# ---- guards: quiet, and a time limit --------------------------------------------------------

@contextlib.contextmanager
def time_limit(seconds: float | None):
    """Interrupt the body after `seconds` (main thread, Unix); elsewhere, or with None, no
    limit."""
    usable = (seconds is not None and seconds > 0 and hasattr(signal, "setitimer")
              and threading.current_thread() is threading.main_thread())
    if not usable:
        yield
        return

    def expire(signum, frame):
        raise CallTimeout(f"timed out: still running after {seconds:g} s (an endless loop?)")

    started = time.monotonic()
    previous = signal.signal(signal.SIGALRM, expire)
    outer_delay, outer_interval = signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        if outer_delay > 0:
            # someone else's alarm (a test timeout, say) was running: give it back
            left = max(outer_delay - (time.monotonic() - started), 1e-3)
            signal.setitimer(signal.ITIMER_REAL, left, outer_interval)


@contextlib.contextmanager
def quietly(sink: io.StringIO | None = None):
    """Send what the body prints (stdout and stderr) to `sink` (or nowhere) and ignore every
    warning it raises.

    Only this thread's prints are caught: a diagnosis running in a background thread (the
    Debugger's) leaves what other cells print alone. Warnings are process-wide in Python, so
    they are silenced only when the body runs in the main thread.
    """
    sink = sink if sink is not None else io.StringIO()
    main = threading.current_thread() is threading.main_thread()
    with (warnings.catch_warnings() if main else contextlib.nullcontext()), \
            _THREAD_OUTPUT.catching(sink):
        if main:
            warnings.simplefilter("ignore")
        yield sink


class _ThreadOutput:
    """sys.stdout and sys.stderr stand-ins that send one thread's writes to its own sink
    and every other thread's to the streams they replaced, for as long as some thread is
    being kept quiet."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.sinks: dict[int, list] = {}
        self.saved: tuple | None = None

    @contextlib.contextmanager
    def catching(self, sink: io.StringIO):
        thread = threading.get_ident()
        with self.lock:
            if self.saved is None or not isinstance(sys.stdout, _Routed):
                self.saved = (sys.stdout, sys.stderr)
                sys.stdout, sys.stderr = _Routed(self, 0), _Routed(self, 1)
            self.sinks.setdefault(thread, []).append(sink)
        try:
            yield
        finally:
            with self.lock:
                stack = self.sinks[thread]
                stack.pop()
                if not stack:
                    del self.sinks[thread]
                if not self.sinks and self.saved is not None:
                    if isinstance(sys.stdout, _Routed):
                        sys.stdout, sys.stderr = self.saved
                    self.saved = None

    def stream(self, which: int):
        """Where the calling thread's writes go now."""
        stack = self.sinks.get(threading.get_ident())
        if stack:
            return stack[-1]
        saved = self.saved
        return (saved[which] if saved is not None else (sys.__stdout__, sys.__stderr__)[which])


class _Routed(io.TextIOBase):
    """One of sys.stdout / sys.stderr while some thread is kept quiet."""

    def __init__(self, output: _ThreadOutput, which: int) -> None:
        self.output, self.which = output, which

    def write(self, text: str) -> int:
        target = self.output.stream(self.which)
        return target.write(text) if target is not None else len(text)

    def flush(self) -> None:
        target = self.output.stream(self.which)
        if target is not None:
            target.flush()

    @property
    def encoding(self) -> str:
        return getattr(self.output.stream(self.which), "encoding", None) or "utf-8"

    def isatty(self) -> bool:
        return bool(getattr(self.output.stream(self.which), "isatty", lambda: False)())

    def fileno(self) -> int:
        return self.output.stream(self.which).fileno()

    def __getattr__(self, name: str):
        if name in ("output", "which"):
            # not set yet (or torn down at exit): never look it up through itself
            raise AttributeError(name)
        return getattr(self.output.stream(self.which), name)


_THREAD_OUTPUT = _ThreadOutput()


# ---- the runner ---------------------------------------------------------------------------

def run_call(fn: Callable, args: tuple, kwargs: dict | None = None, *,
             seconds: float | None = 2.0, capture: bool = True, case: object = None,
             names: tuple[str, ...] = ("x", "w", "b"), parts: tuple[str, ...] = ()) -> Outcome:
    """Call `fn(*args, **kwargs)` and record what happened; never raises for what `fn` did.

    `seconds`: the time limit (None: none). `capture`: keep what it prints in the Outcome
    instead of letting it through. The array arguments are checked afterwards against copies
    taken before the call (`names` names them in the message). `parts`: the names of the
    arrays a function returning several must return, in order (as_parts); () for one.
    """
    kwargs = kwargs or {}
    before = {name: value.copy() for name, value in zip(names, args)
              if isinstance(value, np.ndarray)}
    sink = io.StringIO()
    started = time.perf_counter()
    value = error = bad = dtype = error_type = None
    kind, shapes = "", ()
    try:
        with (quietly(sink) if capture else contextlib.nullcontext()), time_limit(seconds):
            result = fn(*args, **kwargs)
        try:
            if parts:
                value, shapes = as_parts(result, parts)
            else:
                value = as_numbers(result)
            dtype = _result_dtype(result, parts)
        except InvalidResult as invalid:
            bad = str(invalid)
    except CallTimeout as timeout:
        error, kind = f"TimeoutError: {timeout}", "timeout"
    except (Exception, SystemExit) as raised:  # noqa: BLE001 - any exception of the learner's is an outcome
        error, error_type = describe_error(raised), type(raised).__name__
        kind = "exit" if isinstance(raised, SystemExit) else "raised"
    seconds_taken = time.perf_counter() - started
    mutated = changed_input(before, {name: value for name, value in zip(names, args)
                                     if name in before})
    printed = sink.getvalue()
    if len(printed) > PRINTED_KEPT:
        printed = printed[:PRINTED_KEPT] + f"\n[... {len(printed) - PRINTED_KEPT} more " \
                                           f"characters cut]"
    return Outcome(value=value, error=error, bad=bad, dtype=dtype, kind=kind,
                   error_type=error_type, mutated=mutated, printed=printed,
                   seconds=seconds_taken, parts=shapes, case=case)
