"""Running a submission file in a child process with limits, one call at a time.

A `Sandbox` owns one child (convlab/grading/child.py) serving one submission. `call(args,
kwargs)` sends the arguments as JSON numbers and waits, at most `policy.case_seconds`, for
the reply; a child that hangs, dies, floods its output or answers nonsense is killed and a
fresh one started for the next call (a few times at most), so one bad input costs one case,
not the whole submission. Nothing the child sends is unpickled or executed: replies are JSON
numbers and strings, checked against a strict schema (size, depth, fields), and the grader
compares them itself; a reply that breaks the schema is that submission's failure.

Isolation (`Policy.isolation`):
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
`ForkedSandbox` serves a function of this process (a notebook's) from a forked child.
"""

from __future__ import annotations

import builtins
import functools
import json
import math
import os
import resource
import selectors
import shutil
import signal
import site
import subprocess
import sys
import sysconfig
import tempfile
import time
import warnings
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np

from convlab.errors import ConvlabError, ParameterError
from convlab.grading.child import encode_value
from convlab.running import Outcome

__all__ = ["ISOLATIONS", "ForkedSandbox", "IsolationError", "Policy", "Sandbox",
           "SandboxedFunction", "SubmissionError", "SubmissionTimeout", "isolation_warning",
           "resolve_isolation"]

ISOLATIONS = ("auto", "bwrap", "process")
MAX_REPLY_BYTES = 8_000_000
"""The longest reply line the grader reads (100,000 values as JSON fit easily)."""
REPLY_KINDS = frozenset({"ok", "raised", "invalid", "timeout", "exit", "mutated", "flood",
                         "forbidden", "memory", "crashed"})
MAX_TEXT = 2_000
PIPELINE_BYTES = 16_000
PIPELINE_CALLS = 48
"""Requests sent before waiting for replies: well under a pipe's 64 KiB, so neither side
blocks writing while the other is not reading."""

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
    isolation: str = "auto"

    def __post_init__(self) -> None:
        for name in ("case_seconds", "load_seconds", "total_seconds", "cpu_seconds"):
            value = getattr(self, name)
            if not isinstance(value, (int, float)) or not math.isfinite(value) or value <= 0:
                raise ParameterError(f"'{name}' must be a positive number of seconds "
                                     f"(got {value!r})", name)
        for name in ("memory_mb", "output_limit", "output_shown"):
            value = getattr(self, name)
            if not isinstance(value, int) or isinstance(value, bool) or value <= 0:
                raise ParameterError(f"'{name}' must be a positive int (got {value!r})", name)
        if self.isolation not in ISOLATIONS:
            raise ParameterError(f"'isolation' must be one of {', '.join(ISOLATIONS)} "
                                 f"(got {self.isolation!r})", "isolation")

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


class IsolationError(ConvlabError):
    """The isolation asked for cannot run on this machine."""


# ---- isolation: bubblewrap where it runs, a plain process elsewhere ------------------------

def _python_mounts() -> list[str]:
    """bwrap arguments for a read-only Python with numpy as its only third-party package."""
    arguments = []
    for top in ("/usr", "/lib", "/lib64", "/bin", "/sbin"):
        if os.path.islink(top):
            arguments += ["--symlink", os.readlink(top), top]
        elif os.path.isdir(top):
            arguments += ["--ro-bind", top, top]
    roots = {sys.base_prefix, sys.prefix, os.path.dirname(os.path.realpath(sys.executable))}
    roots |= {os.path.dirname(sys.executable)}
    for root in sorted(roots):
        if os.path.isdir(root) and not root.startswith("/usr"):
            arguments += ["--ro-bind", root, root]
    numpy_dir = Path(np.__file__).resolve().parent
    packages = {str(numpy_dir.parent)} | set(site.getsitepackages())
    packages |= {sysconfig.get_paths()[key] for key in ("purelib", "platlib")}
    for folder in sorted(packages):
        if os.path.isdir(folder):
            arguments += ["--tmpfs", folder]
    for kept in (numpy_dir, numpy_dir.parent / "numpy.libs"):
        if kept.is_dir():
            arguments += ["--ro-bind", str(kept), str(kept)]
    return arguments


def _readable_paths() -> list[str]:
    """What a child outside bubblewrap may open for reading: the Python installation, numpy
    and the system's libraries (its Python-level guard; bubblewrap shows it nothing else)."""
    paths = {sys.base_prefix, sys.prefix, str(Path(np.__file__).resolve().parent),
             str(Path(np.__file__).resolve().parent.parent / "numpy.libs"),
             sysconfig.get_paths()["stdlib"], sysconfig.get_paths()["platstdlib"],
             "/usr/lib", "/usr/lib64", "/lib", "/lib64", "/usr/share/zoneinfo", os.devnull,
             "/dev/urandom"}
    return sorted(paths)


SANDBOX_CHILD = "/grader/child.py"
SANDBOX_RUNNING = "/grader/running.py"
SANDBOX_FOLDER = "/submission"


def bwrap_command(python: str = sys.executable) -> list[str]:
    """The bubblewrap command line that starts one sandboxed child."""
    return ["bwrap", "--unshare-all", "--unshare-user", "--die-with-parent", "--new-session",
            "--cap-drop", "ALL", "--uid", "65534", "--gid", "65534", "--hostname", "sandbox",
            "--clearenv", *_python_mounts(), "--proc", "/proc", "--dev", "/dev",
            "--size", str(1 << 24), "--tmpfs", "/tmp",
            "--size", str(1 << 24), "--tmpfs", SANDBOX_FOLDER,
            "--ro-bind", str(CHILD), SANDBOX_CHILD,
            "--ro-bind", str(PACKAGE_DIR / "running.py"), SANDBOX_RUNNING,
            "--chdir", SANDBOX_FOLDER, python, "-I", "-B", SANDBOX_CHILD]


def _bwrap_problem() -> str | None:
    """None when bubblewrap can start Python with numpy here; otherwise why not."""
    return _KNOWN_PROBLEM[0] if _KNOWN_PROBLEM else _probe_bwrap()


@functools.cache
def _probe_bwrap() -> str | None:
    if shutil.which("bwrap") is None:
        return "bubblewrap (bwrap) is not installed"
    command = bwrap_command()[:-2] + ["-I", "-S", "-c", "pass"]
    try:
        done = subprocess.run(command, capture_output=True, timeout=20, env={},
                              stdin=subprocess.DEVNULL, check=False)
    except (OSError, subprocess.TimeoutExpired) as error:
        return f"bubblewrap could not start ({error})"
    if done.returncode != 0:
        lines = done.stderr.decode("utf-8", "replace").strip().splitlines()
        return f"bubblewrap cannot run here ({lines[-1] if lines else done.returncode})"
    return None


def isolation_problem() -> str | None:
    """Why bubblewrap cannot run here (None when it can), found once per process."""
    return _bwrap_problem()


def known_isolation(problem: str | None) -> None:
    """Take another process's finding (`isolation_problem`) instead of probing again (the
    batch grader's workers)."""
    _KNOWN_PROBLEM[:] = [problem]


_KNOWN_PROBLEM: list = []


def resolve_isolation(requested: str = "auto") -> str:
    """"bwrap" or "process": what `requested` means on this machine.

    "bwrap" raises IsolationError where bubblewrap cannot run; "auto" falls back to
    "process" there (`isolation_warning` says what that leaves open)."""
    if requested not in ISOLATIONS:
        raise ParameterError(f"'isolation' must be one of {', '.join(ISOLATIONS)} (got "
                             f"{requested!r})", "isolation")
    if requested == "process":
        return "process"
    problem = _bwrap_problem()
    if problem is None:
        return "bwrap"
    if requested == "bwrap":
        raise IsolationError(f"--isolation bwrap: {problem}; install bubblewrap (Debian: "
                             f"apt-get install bubblewrap) or choose --isolation process")
    return "process"


def isolation_warning(requested: str = "auto") -> str | None:
    """The one-line warning for "auto" falling back to a plain process; None otherwise."""
    if requested != "auto" or resolve_isolation("auto") == "bwrap":
        return None
    return (f"warning: {_bwrap_problem()}; submissions run as plain processes of this user "
            f"(rlimits and Python guards only): they are not isolated from this user's files, "
            f"the network or other processes")


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
    _started: float | None = None
    _source: bytes | None = None
    _selector: selectors.BaseSelector | None = None

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
                       mutated=reply.get("mutated"), forbidden=forbidden, seconds=seconds)

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


def _clip(text: str) -> str:
    return text if len(text) <= MAX_TEXT else text[:MAX_TEXT] + " ..."


def _is_text_list(value) -> bool:
    return (isinstance(value, list) and len(value) <= 16
            and all(isinstance(item, str) and len(item) <= 100 for item in value))


def _malformed(why: str) -> SubmissionError:
    return SubmissionError(f"the grader's channel received a malformed reply ({why})",
                           "crashed")


def _checked_reply(message: dict, request_id: int) -> dict:
    """The child's reply after a strict check of every field; SubmissionError otherwise.

    The reply's `values` and `shape` become `value` (a float64 array) here."""
    if message.get("id") != request_id or type(message.get("id")) is not int:
        raise SubmissionError("the grader's channel received a reply it did not ask for (did "
                              "the code write to a file descriptor?)", "crashed")
    known = {"id", "ok", "kind", "error", "bad", "type", "mutated", "dtype", "values",
             "shape", "forbidden"}
    if not known.issuperset(message):
        raise _malformed(f"unknown fields {sorted(set(message) - known)[:3]}")
    if type(message.get("ok")) is not bool:
        raise _malformed("'ok' is not true or false")
    if message.get("kind") not in REPLY_KINDS:
        raise _malformed("'kind' is missing or unknown")
    checked = dict(message)
    for name in ("error", "bad", "type", "mutated", "dtype"):
        value = message.get(name)
        if value is not None and not isinstance(value, str):
            raise _malformed(f"{name!r} is not text")
        if value is not None:
            checked[name] = _clip(value)
    if "forbidden" in message and not _is_text_list(message["forbidden"]):
        raise _malformed("'forbidden' is not a list of names")
    checked["value"] = None
    if message["ok"]:
        shape = message.get("shape")
        if (not isinstance(shape, list) or len(shape) > 4
                or not all(type(n) is int and 0 <= n <= 100_000 for n in shape)
                or math.prod(shape) > 100_000):
            raise _malformed("'shape' is not a small list of sizes")
        try:
            raw = np.array(message.get("values"))
        except (TypeError, ValueError, RecursionError):
            raise _malformed("'values' is not an array of numbers") from None
        if raw.size == 0 == math.prod(shape) and raw.dtype.kind == "f":
            raw = raw.reshape(shape)
        if raw.dtype.kind not in "fi" or raw.shape != tuple(shape):
            raise _malformed("'values' is not an array of numbers of the shape it claims")
        value = raw.astype(np.float64)
        if value.shape != tuple(shape):
            raise _malformed("'values' does not have the shape it claims")
        checked["value"] = value
    elif message.get("error") is None and message.get("bad") is None:
        raise _malformed("neither values nor an error")
    return checked


class _ForkedProcess:
    """The parts of subprocess.Popen the Sandbox uses, for a child made by os.fork."""

    def __init__(self, pid: int, stdin, stdout):
        self.pid, self.stdin, self.stdout = pid, stdin, stdout
        self.returncode = None

    def poll(self) -> int | None:
        if self.returncode is None:
            try:
                pid, status = os.waitpid(self.pid, os.WNOHANG)
            except ChildProcessError:
                self.returncode = -signal.SIGKILL
                return self.returncode
            if pid:
                self.returncode = os.waitstatus_to_exitcode(status)
        return self.returncode

    def wait(self, timeout: float | None = None) -> int:
        deadline = None if timeout is None else time.monotonic() + timeout
        while self.poll() is None:
            if deadline is not None and time.monotonic() > deadline:
                raise subprocess.TimeoutExpired(f"pid {self.pid}", timeout)
            time.sleep(0.002)
        return self.returncode

    def kill(self) -> None:
        try:
            os.kill(self.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass


@dataclass
class ForkedSandbox(Sandbox):
    """A Sandbox whose child is a fork of this process serving `fn` (a notebook's function):
    whatever the function patches (numpy, the grader, signal handlers) stays in the child,
    and the grader here stops it by its wall-clock limit, whatever it does with sleeps or
    alarms."""

    fn: object = None

    def _config(self) -> dict:
        return {}

    def _send(self, message: dict) -> None:
        if message:
            super()._send(message)

    def _start_process(self):
        from convlab import running
        from convlab.grading import child

        requests_read, requests_write = os.pipe()
        replies_read, replies_write = os.pipe()
        output = self._output.fileno()
        pid = os.fork()
        if pid == 0:  # the child: serve calls, never return into the caller's code
            status = 0
            try:
                os.setpgid(0, 0)
                os.close(requests_write)
                os.close(replies_read)
                devnull = os.open(os.devnull, os.O_RDONLY)
                os.dup2(devnull, 0)
                os.dup2(output, 1)
                os.dup2(output, 2)
                sys.stdin = open(os.devnull, encoding="utf-8")  # noqa: SIM115
                sys.stdout = sys.stderr = open(1, "w", encoding="utf-8",  # noqa: SIM115
                                               closefd=False)
                child._die_with_parent()
                # the caller's warning filters (a test run's "error") do not apply to the
                # learner's code: warnings are ignored, as convlab.running.quietly does
                warnings.resetwarnings()
                warnings.simplefilter("ignore")
                cpu = max(1, math.ceil(self.policy.cpu_seconds))
                resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))
                resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
                channel_in = os.fdopen(requests_read, "r", encoding="utf-8")
                channel_out = os.fdopen(replies_write, "w", encoding="utf-8")

                def send(message: dict) -> None:
                    channel_out.write(json.dumps(message) + "\n")
                    channel_out.flush()

                send({"ready": True})
                child.serve(self.fn, channel_in, send, set(), running, self.parameters)
            except BaseException:  # noqa: BLE001 - the child ends here, whatever happened
                status = 1
            finally:
                os._exit(status)
        os.close(requests_read)
        os.close(replies_write)
        return _ForkedProcess(pid, os.fdopen(requests_write, "wb"),
                              os.fdopen(replies_read, "rb"))


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
