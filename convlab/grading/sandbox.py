"""Running a submission file in a child process with limits, one call at a time.

A `Sandbox` owns one child (convlab/grading/child.py) serving one submission. `call(args,
kwargs)` sends the arguments as JSON numbers and waits, at most `policy.case_seconds`, for
the reply; a child that hangs, dies, floods its output or answers nonsense is killed and a
fresh one started for the next call (a few times at most), so one bad input costs one case,
not the whole submission. Nothing the child sends is unpickled or executed: replies are JSON
numbers and strings, and the grader compares them itself.
"""

from __future__ import annotations

import builtins
import json
import os
import selectors
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np

from convlab.grading.child import encode_value
from convlab.running import Outcome

__all__ = ["Policy", "Sandbox", "SandboxedFunction", "SubmissionError",
           "SubmissionTimeout"]

CHILD = Path(__file__).with_name("child.py")
PACKAGE_DIR = Path(__file__).resolve().parent.parent
FORBIDDEN_MODULES = ("convlab", "torch", "tensorflow", "keras", "jax", "scipy.signal",
                     "scipy.ndimage")


@dataclass(frozen=True)
class Policy:
    """What a graded submission may do, and how long and how much memory it gets.

    `forbid_modules`: imports that fail with a message saying so (the reference and the
    libraries that would do the exercise for the student). `forbid_numpy`: numpy functions
    replaced by ones that raise ("convolve", "correlate" when the instructor forbids them).
    `case_seconds` bounds each call (wall time), `total_seconds` the whole submission;
    `cpu_seconds` is the child's CPU limit, `memory_mb` its address-space limit,
    `output_limit` the bytes it may print, `output_shown` how many of them results keep.
    """

    forbid_modules: tuple[str, ...] = FORBIDDEN_MODULES
    forbid_numpy: tuple[str, ...] = ()
    case_seconds: float = 2.0
    load_seconds: float = 10.0
    total_seconds: float = 60.0
    cpu_seconds: float = 30.0
    memory_mb: int = 512
    output_limit: int = 1_000_000
    output_shown: int = 4_000
    max_restarts: int = 3

    def allowing_numpy(self) -> Policy:
        """The same policy with np.convolve / np.correlate allowed (for diagnosis)."""
        return replace(self, forbid_numpy=())


class SubmissionError(Exception):
    """A sandboxed call failed: it raised, crashed, timed out, or returned no numbers.

    `kind` is "raised", "invalid", "mutated", "exit", "timeout", "crashed", "memory",
    "forbidden" or "gave-up"; `error_type` the exception's class name when it raised.
    """

    def __init__(self, message: str, kind: str, error_type: str | None = None):
        super().__init__(message)
        self.kind = kind
        self.error_type = error_type


class SubmissionTimeout(SubmissionError, TimeoutError):
    """A sandboxed call that did not return in time (also a TimeoutError)."""


@dataclass
class Sandbox:
    """One child process serving one submission file; restarted after a crash or timeout."""

    submission: Path
    function: str = "conv1d"
    policy: Policy = field(default_factory=Policy)
    parameters: tuple[str, ...] = ("x", "w")
    load_error: str | None = None
    forbidden_used: set = field(default_factory=set)
    restarts: int = 0
    strikes: int = 0
    _process: subprocess.Popen | None = None
    _output: object = None
    _buffer: bytes = b""
    _next_id: int = 0
    _ready: bool = False
    _started: float = field(default_factory=time.monotonic)

    def __enter__(self) -> Sandbox:
        if self._process is None:
            self.start()
        elif not self.load_error and not self._ready:
            self.wait_ready()
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- life cycle -------------------------------------------------------------------------

    def start(self) -> bool:
        """Start a child and load the submission; False (and `load_error`) if that failed."""
        self.launch()
        return self.wait_ready()

    def launch(self) -> None:
        """Start the child without waiting for it: it imports numpy and loads the submission
        while the grader does something else (the batch grader launches the next one early)."""
        if self._output is None:
            self._output = tempfile.TemporaryFile()
        env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "LANG": "C.UTF-8",
               "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1",
               "PYTHONHASHSEED": "0", "PYTHONIOENCODING": "utf-8"}
        self._process = subprocess.Popen(
            [sys.executable, "-I", "-B", str(CHILD)], stdin=subprocess.PIPE,
            stdout=subprocess.PIPE, stderr=self._output, env=env, start_new_session=True,
            cwd=str(Path(self.submission).resolve().parent))
        self._buffer = b""
        config = {"submission": str(Path(self.submission).resolve()),
                  "function": self.function, "parameters": list(self.parameters),
                  "forbid_modules": list(self.policy.forbid_modules),
                  "forbid_numpy": list(self.policy.forbid_numpy),
                  "protected_dirs": [str(PACKAGE_DIR)],
                  "memory_mb": self.policy.memory_mb,
                  "cpu_seconds": self.policy.cpu_seconds,
                  "output_limit": self.policy.output_limit}
        try:
            self._send(config)
        except SubmissionError:
            pass

    def wait_ready(self) -> bool:
        """Wait for the launched child to report the submission loaded."""
        try:
            reply = self._receive(self.policy.load_seconds)
        except SubmissionError as error:
            self.load_error = f"loading the submission failed: {error}"
            self._kill()
            return False
        if not reply.get("ready"):
            self.forbidden_used.update(reply.get("forbidden", ()))
            self.load_error = f"loading the submission failed: {reply.get('error')}"
            self._kill()
            return False
        self._ready = True
        # the submission's time budget starts now, not when the child was launched (a batch
        # launches the next child while it grades the current one)
        self._started = time.monotonic()
        return True

    def close(self) -> None:
        self._kill()
        if self._output is not None:
            self._output.close()
            self._output = None

    def output(self) -> str:
        """What the submission printed, cut to `policy.output_shown` characters."""
        if self._output is None:
            return ""
        self._output.seek(0, os.SEEK_END)
        size = self._output.tell()
        self._output.seek(0)
        text = self._output.read(self.policy.output_shown).decode("utf-8", "replace")
        if size > self.policy.output_shown:
            text += f"\n[... {size - self.policy.output_shown} more bytes of output cut]"
        return text

    # -- calls --------------------------------------------------------------------------------

    def call(self, args: tuple, kwargs: dict) -> Outcome:
        """Run the submission's function once; never raises for what the submission did."""
        started = time.monotonic()
        if self.load_error:
            return Outcome(error=self.load_error, kind="gave-up")
        if self.strikes > self.policy.max_restarts:
            return Outcome(error="not run: the submission crashed, timed out or ran out of "
                                   "memory too often", kind="gave-up")
        if self._process is None or self._process.poll() is not None:
            self.restarts += 1
            if not self.start():
                return Outcome(error=self.load_error, kind="gave-up")
        budget = self.policy.total_seconds - (started - self._started)
        if budget <= 0:
            return Outcome(error=f"not run: the submission used up its "
                                   f"{self.policy.total_seconds:g} s", kind="gave-up")
        self._next_id += 1
        request = {"id": self._next_id, "args": [encode_value(a) for a in args],
                   "kwargs": {key: encode_value(value) for key, value in kwargs.items()}}
        try:
            self._send(request)
            reply = self._receive(min(self.policy.case_seconds, budget))
            if reply.get("id") != self._next_id:
                raise SubmissionError("the grader's channel received a reply it did not ask "
                                      "for (did the code write to a file descriptor?)",
                                      "crashed")
        except SubmissionError as error:
            self._kill()
            self.strikes += 1
            return Outcome(error=str(error), kind=error.kind,
                             seconds=time.monotonic() - started)
        forbidden = tuple(reply.get("forbidden", ()))
        self.forbidden_used.update(forbidden)
        seconds = time.monotonic() - started
        values = None
        if reply["ok"]:
            values = np.array(reply["values"], dtype=np.float64).reshape(reply["shape"])
        kind = reply["kind"]
        message = reply.get("error")
        if kind == "flood":
            message = f"printed more than {self.policy.output_limit} bytes of output"
        if reply.get("type") == "MemoryError":
            kind = "memory"
            self.strikes += 1
            message = f"ran out of memory (limit {self.policy.memory_mb} MB): {message}"
        return Outcome(value=values, error=message, bad=reply.get("bad"),
                       dtype=reply.get("dtype"), kind=kind, error_type=reply.get("type"),
                       mutated=reply.get("mutated"), forbidden=forbidden, seconds=seconds)

    # -- the channel ---------------------------------------------------------------------------

    def _send(self, message: dict) -> None:
        try:
            self._process.stdin.write((json.dumps(message) + "\n").encode())
            self._process.stdin.flush()
        except (BrokenPipeError, OSError):
            raise SubmissionError(self._death(), "crashed") from None

    def _receive(self, seconds: float) -> dict:
        """The next line the child writes, as JSON, within `seconds`."""
        deadline = time.monotonic() + seconds
        stream = self._process.stdout
        with selectors.DefaultSelector() as selector:
            selector.register(stream, selectors.EVENT_READ)
            while b"\n" not in self._buffer:
                remaining = deadline - time.monotonic()
                if remaining <= 0 or not selector.select(remaining):
                    raise SubmissionTimeout(f"timed out: still running after {seconds:g} s "
                                            f"(an endless loop?)", "timeout")
                chunk = os.read(stream.fileno(), 1 << 16)
                if not chunk:
                    raise SubmissionError(self._death(), self._death_kind())
                self._buffer += chunk
        line, self._buffer = self._buffer.split(b"\n", 1)
        try:
            message = json.loads(line)
        except ValueError:
            raise SubmissionError("the grader's channel received something that is not a "
                                  "reply (did the code write to a file descriptor?)",
                                  "crashed") from None
        if not isinstance(message, dict):
            raise SubmissionError("the grader's channel received a malformed reply", "crashed")
        return message

    def _death_kind(self) -> str:
        code = self._wait_code()
        return "memory" if code == -signal.SIGKILL else "crashed"

    def _wait_code(self) -> int | None:
        try:
            return self._process.wait(timeout=2)
        except subprocess.TimeoutExpired:
            self._kill()
            return self._process.returncode

    def _death(self) -> str:
        """Why the child stopped, in words: exit code or signal."""
        code = self._wait_code()
        if code is None or code >= 0:
            return (f"the process exited with code {code} in the middle of a call "
                    f"(os._exit? the grader needs the function to return)")
        name = signal.Signals(-code).name
        reasons = {
            "SIGSEGV": "crashed with a segmentation fault (reading memory outside an array? "
                       "as_strided and ctypes can do that)",
            "SIGXCPU": f"used more than its {self.policy.cpu_seconds:g} s of CPU time",
            "SIGXFSZ": f"printed more than {self.policy.output_limit} bytes of output",
            "SIGKILL": "was killed (out of memory?)",
            "SIGBUS": "crashed with a bus error (reading memory outside an array?)",
        }
        return f"the process {reasons.get(name, f'died from {name}')}"

    def _kill(self) -> None:
        process = self._process
        if process is None:
            return
        if process.poll() is None:
            try:
                os.killpg(process.pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                process.kill()
            process.wait()
        for stream in (process.stdin, process.stdout):
            try:
                stream.close()
            except OSError:
                pass


class SandboxedFunction:
    """A callable that forwards each call to a Sandbox: `diagnose` can treat it as the
    student's function. Raises SubmissionError (or the builtin exception the submission
    raised, with its message) when the call did not return numbers."""

    def __init__(self, sandbox: Sandbox, name: str = "conv1d"):
        self.sandbox = sandbox
        self.__name__ = self.__qualname__ = name

    def run_call(self, args: tuple, kwargs: dict) -> Outcome:
        """The Outcome of one call in the sandbox (convlab.exercises.Exercise.run uses this
        instead of calling the object, so a diagnosis sees what the grader sees)."""
        return self.sandbox.call(args, kwargs)

    def __call__(self, *args, **kwargs) -> np.ndarray:
        reply = self.sandbox.call(args, kwargs)
        if reply.problem is None:
            return reply.value
        error_class = getattr(builtins, reply.error_type or "", None)
        if (reply.kind == "raised" and isinstance(error_class, type)
                and issubclass(error_class, Exception)):
            try:
                error = error_class(reply.error.split(": ", 1)[-1])
            except TypeError:
                error = None
            if error is not None:
                raise error
        if reply.kind == "timeout":
            raise SubmissionTimeout(reply.error, reply.kind, reply.error_type)
        raise SubmissionError(reply.problem, reply.kind, reply.error_type)
