"""Running a submission file in a child process with limits, one call at a time.

A `Sandbox` owns one child (convlab/grading/child.py) serving one submission. `call(args,
kwargs)` sends the arguments as JSON numbers and waits, at most `policy.case_seconds`, for
the reply; a child that hangs, dies, floods its output or answers nonsense is killed and a
fresh one started for the next call (a few times at most), so one bad input costs one case,
not the whole submission. Nothing the child sends is unpickled or executed: replies are JSON
numbers and strings, checked against a strict schema (size, depth, fields), and the grader
compares them itself; a reply that breaks the schema is that submission's failure
(convlab.grading.replies).

Isolation (`Policy.isolation`, convlab.grading.isolation):
- "bwrap": the child runs under bubblewrap with new user, PID, network, IPC and UTS
  namespaces, every capability dropped, uid 65534, a cleared environment, and a read-only
  view of the Python installation with numpy as its only package; its own submission is
  copied into a private tmpfs. It sees no other submission, no home folder, no grader
  process and no network, and dies with the grader (`--die-with-parent`).
- "process": a plain child process with rlimits and Python-level guards only (it runs as
  the grader's user: files, network and processes that user reaches, it can reach too).
- "auto" (the default): "bwrap" where bubblewrap can run here, else "process" with a
  one-line warning (`isolation_warning`).
The submission's time budget (`Policy.total_seconds`) counts from its first load across
every restart, so a child that exits after each reply cannot reset the clock.
`ForkedSandbox` (convlab.grading.forked) serves a function of this process (a notebook's)
from a forked child.
"""

from __future__ import annotations

import json
import os
import selectors
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field, fields
from pathlib import Path

from convlab.grading.child import encode_value
from convlab.grading.isolation import (
    CHILD,
    PACKAGE_DIR,
    SANDBOX_FOLDER,
    SANDBOX_RUNNING,
    _readable_paths,
    bwrap_command,
    resolve_isolation,
)
from convlab.grading.policy import Policy
from convlab.grading.replies import (
    MAX_REPLY_BYTES,
    SubmissionError,
    SubmissionTimeout,
    _checked_reply,
    _clip,
    _is_text_list,
)
from convlab.running import Outcome

__all__ = ["Sandbox"]

_RUN_STATE = {"load_error", "forbidden_used", "restarts", "strikes"}
"""Fields of a Sandbox that record how its child fared, not how to start one."""

PIPELINE_BYTES = 16_000
PIPELINE_CALLS = 48
"""Requests sent before waiting for replies: well under a pipe's 64 KiB, so neither side
blocks writing while the other is not reading."""


@dataclass
class Sandbox:
    """One child process serving one submission file; restarted after a crash or timeout."""

    submission: Path
    function: str = "conv1d"
    policy: Policy = field(default_factory=Policy)
    parameters: tuple[str, ...] = ("x", "w")
    results: tuple[str, ...] = ()
    load_error: str | None = None
    forbidden_used: set = field(default_factory=set)
    restarts: int = 0
    strikes: int = 0
    _process: subprocess.Popen | None = None
    _output: object = None
    _buffer: bytes = b""
    _next_id: int = 0
    _ready: bool = False
    _started: float | None = None
    _source: bytes | None = None
    _selector: selectors.BaseSelector | None = None
    _spawned: list = field(default_factory=list)

    @classmethod
    def for_exercise(cls, submission: Path, exercise, function: str | None = None,
                     policy: Policy | None = None, **extra) -> Sandbox:
        """A Sandbox serving the exercise's function (by default the name its signature
        uses), told the names of its arguments and of the arrays it returns; `extra`: a
        subclass's own fields (a ForkedSandbox's fn)."""
        return cls(submission, function or exercise.function_name, policy or Policy(),
                   parameters=exercise.parameter_names, results=exercise.results, **extra)

    def __enter__(self) -> Sandbox:
        if self._process is None and not self.load_error:
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
        self._buffer = b""
        self._kill()  # a child that ended on its own still holds its pipes
        try:
            config = self._config()
        except OSError as error:
            self.load_error = f"could not read the submission: {error.strerror or error}"
            return
        self._process = self._start_process()
        try:
            self._send(config)
        except SubmissionError:
            pass

    def _config(self) -> dict:
        if self._source is None:
            self._source = Path(self.submission).read_bytes()
        config = {"source": self._source.decode("latin-1"),
                  "function": self.function, "parameters": list(self.parameters),
                  "results": list(self.results),
                  "forbid_modules": list(self.policy.forbid_modules),
                  "forbid_numpy": list(self.policy.forbid_numpy),
                  "protected_dirs": [str(PACKAGE_DIR)],
                  "memory_mb": self.policy.memory_mb,
                  "cpu_seconds": self.policy.cpu_seconds,
                  "output_limit": self.policy.output_limit}
        if resolve_isolation(self.policy.isolation) == "bwrap":
            config.update(submission=f"{SANDBOX_FOLDER}/{_safe_name(self.submission)}",
                          running=SANDBOX_RUNNING, workdir=SANDBOX_FOLDER)
        else:
            config["submission"] = str(Path(self.submission).resolve())
            config["readable"] = [*_readable_paths(), config["submission"]]
        return config

    def _start_process(self):
        env = {"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8",
               "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1",
               "PYTHONHASHSEED": "0", "PYTHONIOENCODING": "utf-8"}
        if resolve_isolation(self.policy.isolation) == "bwrap":
            command = bwrap_command()
            settings = [item for name, value in env.items()
                        for item in ("--setenv", name, value)]
            command[command.index("--clearenv") + 1:command.index("--clearenv") + 1] = settings
            return subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                    stderr=self._output, env={}, start_new_session=True)
        empty = tempfile.gettempdir()
        return subprocess.Popen(
            [sys.executable, "-I", "-B", str(CHILD)], stdin=subprocess.PIPE,
            stdout=subprocess.PIPE, stderr=self._output, env=env, start_new_session=True,
            cwd=empty)

    def wait_ready(self) -> bool:
        """Wait for the launched child to report the submission loaded."""
        if self.load_error:
            return False
        seconds = self.policy.load_seconds
        capped = self._started is not None and self._budget_left() < seconds
        if capped:
            seconds = max(self._budget_left(), 0.01)
        try:
            reply = self._receive(seconds)
        except SubmissionError as error:
            self.load_error = (f"not run: the submission used up its "
                               f"{self.policy.total_seconds:g} s"
                               if capped and isinstance(error, SubmissionTimeout) else
                               f"loading the submission failed: {error}")
            self._kill()
            return False
        if reply.get("ready") is not True:
            forbidden = reply.get("forbidden", ())
            if _is_text_list(forbidden):
                self.forbidden_used.update(forbidden)
            error = reply.get("error")
            error = _clip(error) if isinstance(error, str) else "a malformed reply"
            self.load_error = f"loading the submission failed: {error}"
            self._kill()
            return False
        self._ready = True
        if self._started is None:
            # the submission's time budget starts at its first load, not when the child was
            # launched (a batch launches the next child while it grades the current one), and
            # it never restarts
            self._started = time.monotonic()
        return True

    def _budget_left(self) -> float:
        if self._started is None:
            return self.policy.total_seconds
        return self.policy.total_seconds - (time.monotonic() - self._started)

    def fresh(self) -> Sandbox:
        """The same submission in a new child that has never been called (diagnosis asks
        it whether wrong answers came from earlier calls); closed with this one."""
        settings = {f.name: getattr(self, f.name) for f in fields(self)
                    if f.init and not f.name.startswith("_") and f.name not in _RUN_STATE}
        child = type(self)(**settings)
        self._spawned.append(child)
        child.start()
        return child

    def close(self) -> None:
        for child in self._spawned:
            child.close()
        self._spawned.clear()
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
        return self.call_many([(args, kwargs)])[0]

    def call_many(self, calls: list[tuple[tuple, dict]]) -> list[Outcome]:
        """Run the function on each (args, kwargs) in turn, in the order given.

        Requests go out in small groups without waiting for each reply (the child answers
        them in order), so a corpus costs few round trips; each reply still gets its own
        `case_seconds`, counted from the previous reply."""
        outcomes: list[Outcome] = []
        while len(outcomes) < len(calls):
            stopped = self._ready_to_call()
            if stopped is not None:
                outcomes.append(stopped)
                continue
            group, size = [], 0
            for args, kwargs in calls[len(outcomes):]:
                if group and (size > PIPELINE_BYTES or len(group) >= PIPELINE_CALLS):
                    break
                self._next_id += 1
                line = json.dumps({"id": self._next_id, "args": [encode_value(a) for a in args],
                                   "kwargs": {key: encode_value(value)
                                              for key, value in kwargs.items()}}) + "\n"
                group.append((self._next_id, line))
                size += len(line)
            started = time.monotonic()
            try:
                self._write("".join(line for _, line in group).encode())
            except SubmissionError as error:
                self._kill()
                self.strikes += 1
                outcomes.append(Outcome(error=str(error), kind=error.kind))
                continue
            for request_id, _ in group:
                budget = self._budget_left()
                if budget <= 0:
                    outcomes.append(self._out_of_time())
                    break
                try:
                    reply = _checked_reply(
                        self._receive(min(self.policy.case_seconds, budget)), request_id)
                except SubmissionError as error:
                    self._kill()
                    self.strikes += 1
                    outcomes.append(Outcome(error=str(error), kind=error.kind,
                                            seconds=time.monotonic() - started))
                    break
                outcomes.append(self._outcome(reply, time.monotonic() - started))
                started = time.monotonic()
        return outcomes

    def _ready_to_call(self) -> Outcome | None:
        """None when a child is ready for calls (restarting one if needed); otherwise the
        Outcome that stands for a call that cannot run."""
        if self.load_error:
            return Outcome(error=self.load_error, kind="gave-up")
        if self.strikes > self.policy.max_restarts:
            return Outcome(error="not run: the submission crashed, timed out or ran out of "
                                 "memory too often", kind="gave-up")
        if self._budget_left() <= 0:
            return self._out_of_time()
        if self._process is None or self._process.poll() is not None:
            self.restarts += 1
            self._ready = False
            self.launch()
            if not self.wait_ready():
                if self._budget_left() <= 0:
                    return self._out_of_time()
                return Outcome(error=self.load_error, kind="gave-up")
        return None

    def _outcome(self, reply: dict, seconds: float) -> Outcome:
        forbidden = tuple(reply.get("forbidden", ()))
        self.forbidden_used.update(forbidden)
        kind = reply["kind"]
        message = reply.get("error")
        if kind == "flood":
            message = f"printed more than {self.policy.output_limit} bytes of output"
        if reply.get("type") == "MemoryError":
            kind = "memory"
            self.strikes += 1
            message = f"ran out of memory (limit {self.policy.memory_mb} MB): {message}"
        return Outcome(value=reply.get("value"), error=message, bad=reply.get("bad"),
                       dtype=reply.get("dtype"), kind=kind, error_type=reply.get("type"),
                       mutated=reply.get("mutated"), forbidden=forbidden, seconds=seconds,
                       parts=reply.get("parts", ()))

    def _out_of_time(self) -> Outcome:
        self._kill()
        return Outcome(error=f"not run: the submission used up its "
                             f"{self.policy.total_seconds:g} s", kind="gave-up")

    # -- the channel ---------------------------------------------------------------------------

    def _send(self, message: dict) -> None:
        self._write((json.dumps(message) + "\n").encode())

    def _write(self, data: bytes) -> None:
        try:
            self._process.stdin.write(data)
            self._process.stdin.flush()
        except (BrokenPipeError, OSError, ValueError):
            raise SubmissionError(self._death(), "crashed") from None

    def _receive(self, seconds: float) -> dict:
        """The next line the child writes, as JSON, within `seconds`."""
        deadline = time.monotonic() + seconds
        stream = self._process.stdout
        if self._selector is None:
            self._selector = selectors.DefaultSelector()
            self._selector.register(stream, selectors.EVENT_READ)
        selector = self._selector
        while b"\n" not in self._buffer:
            if len(self._buffer) > MAX_REPLY_BYTES:
                raise SubmissionError(f"the grader's channel received a reply longer than "
                                      f"{MAX_REPLY_BYTES} bytes", "crashed")
            remaining = deadline - time.monotonic()
            if remaining <= 0 or not selector.select(remaining):
                raise SubmissionTimeout(f"timed out: still running after {seconds:g} s "
                                        f"(an endless loop?)", "timeout")
            chunk = os.read(stream.fileno(), 1 << 20)
            if not chunk:
                raise SubmissionError(self._death(), self._death_kind())
            self._buffer += chunk
        line, self._buffer = self._buffer.split(b"\n", 1)
        if len(line) > MAX_REPLY_BYTES:
            raise SubmissionError(f"the grader's channel received a reply longer than "
                                  f"{MAX_REPLY_BYTES} bytes", "crashed")
        try:
            message = json.loads(line)
        except (ValueError, RecursionError):
            raise SubmissionError("the grader's channel received something that is not a "
                                  "reply (did the code write to a file descriptor?)",
                                  "crashed") from None
        if not isinstance(message, dict):
            raise SubmissionError("the grader's channel received a malformed reply", "crashed")
        return message

    def _death_kind(self) -> str:
        return "memory" if self._wait_code() == -signal.SIGKILL else "crashed"

    def _wait_code(self) -> int | None:
        """The child's exit code, negative for a signal (bubblewrap reports a child killed by
        signal N as 128 + N)."""
        try:
            code = self._process.wait(timeout=2)
        except subprocess.TimeoutExpired:
            self._kill()
            code = self._process.returncode
        if (code is not None and 128 < code < 128 + 65 and isinstance(self._process.args, list)
                and self._process.args[0] == "bwrap"):
            return -(code - 128)
        return code

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
        if self._selector is not None:
            self._selector.close()
            self._selector = None
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


def _safe_name(path) -> str:
    """The submission's file name, reduced to characters safe for the sandbox's copy."""
    name = "".join(c if c.isascii() and (c.isalnum() or c in "._-") else "_"
                   for c in os.fsdecode(Path(path).name))
    return name if name.endswith(".py") else "submission.py"
