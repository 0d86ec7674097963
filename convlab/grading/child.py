"""The sandboxed side of grading: load one submission, then run it on request.

The grader starts this file as a script, `python -I -B child.py` (never `-m convlab...`), so
the child never imports convlab: the reference is not in its memory for a submission to find
through gc or inspect, and importing it is refused. The story of one child:
1. keep the grader's channel (stdin and stdout) on private descriptors; the submission gets
   /dev/null as stdin and an output file (truncated by the grader) as stdout and stderr;
2. apply the limits (memory, CPU seconds, output size, no core files);
3. refuse what the exercise forbids: imports (a sys.meta_path finder, with an audit hook
   behind it that a submission cannot remove), starting processes, writing files, reading
   convlab's own files and, when the instructor asks, np.convolve / np.correlate;
4. load the submission and answer calls: arguments arrive as JSON numbers (fresh copies),
   results leave as JSON numbers after numpy has turned them into floats here — never pickle,
   so a returned object with a clever `__eq__` or `__array__` reaches the grader only as the
   numbers it claims to hold.

A call is run and judged by convlab/running.py, the same code that runs a learner's function
in the grader's own process, loaded here by its path (so without importing convlab): a
check in a notebook and a graded file get the same verdict. The encoding helpers are
imported by the grader too.
"""

from __future__ import annotations

import errno
import importlib.util
import json
import math
import os
import resource
import sys
import types
from pathlib import Path

import numpy as np

RUNNING = Path(__file__).resolve().parent.parent / "running.py"
BLOCKED_EVENTS = frozenset({
    "os.system", "os.exec", "os.posix_spawn", "os.spawn", "os.fork", "os.forkpty",
    "subprocess.Popen", "pty.spawn", "os.remove", "os.rmdir", "os.rename", "os.truncate",
    "os.chmod", "os.chown", "os.link", "os.symlink", "os.mkdir", "shutil.rmtree",
    "ctypes.dlopen", "ctypes.dlsym", "ctypes.dlsym/handle",
})
_WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_APPEND | os.O_CREAT | os.O_TRUNC


class ForbiddenCall(Exception):
    """The submission called a function the exercise forbids (np.convolve, ...)."""


# ---- values on the wire: JSON numbers, arrays tagged with their dtype -------------------

def encode_value(value):
    """A JSON-ready form of an argument: arrays become {"array", "dtype"}; numbers stay."""
    if isinstance(value, np.ndarray):
        return {"array": value.tolist(), "dtype": value.dtype.str}
    if isinstance(value, tuple):
        return {"tuple": [encode_value(item) for item in value]}
    if isinstance(value, np.generic):
        return value.item()
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    raise TypeError(f"cannot send a {type(value).__name__} to a sandboxed submission")


def decode_value(value):
    """The inverse of `encode_value`: a fresh array (or tuple, or number)."""
    if isinstance(value, dict) and "array" in value:
        return np.array(value["array"], dtype=np.dtype(value["dtype"]))
    if isinstance(value, dict) and "tuple" in value:
        return tuple(decode_value(item) for item in value["tuple"])
    return value


# ---- the guards a submission runs under ---------------------------------------------------

def _is_forbidden(module: str, forbidden: list[str]) -> bool:
    return any(module == name or module.startswith(name + ".") for name in forbidden)


def _forbidden_import(module: str) -> ImportError:
    return ModuleNotFoundError(
        f"importing {module} is not allowed in this exercise: the point is to compute the "
        f"convolution yourself (numpy is fine)", name=module)


class _ForbiddenImports:
    """A sys.meta_path finder that refuses the forbidden modules with a clear message."""

    def __init__(self, forbidden: list[str]):
        self.forbidden = forbidden

    def find_spec(self, fullname, path=None, target=None):
        if _is_forbidden(fullname, self.forbidden):
            raise _forbidden_import(fullname)
        return None


def _install_guards(config: dict, used: set) -> None:
    forbidden = list(config["forbid_modules"])
    protected = [os.path.realpath(path) + os.sep for path in config["protected_dirs"]]
    sys.meta_path.insert(0, _ForbiddenImports(forbidden))

    def audit(event: str, args: tuple) -> None:
        if event == "import":
            if _is_forbidden(args[0], forbidden):
                raise _forbidden_import(args[0])
        elif event in BLOCKED_EVENTS:
            raise PermissionError(f"{event} is not allowed in a graded submission")
        elif event == "open" and not isinstance(args[0], int):
            path, flags = args[0], args[2]
            if flags & _WRITE_FLAGS:
                raise PermissionError(f"a graded submission may not write files ({path!r})")
            real = os.path.realpath(os.fsdecode(path))
            if any(real.startswith(prefix) for prefix in protected):
                raise PermissionError(f"a graded submission may not read {path!r}")

    sys.addaudithook(audit)
    for name in config["forbid_numpy"]:
        setattr(np, name, _blocked(name, used))


def _blocked(name: str, used: set):
    def blocked(*args, **kwargs):
        used.add(f"np.{name}")
        raise ForbiddenCall(f"np.{name} is not allowed in this exercise: compute the windows "
                            f"yourself")

    blocked.__name__ = name
    return blocked


def _apply_limits(config: dict) -> None:
    memory = int(config["memory_mb"]) * 2**20
    cpu = max(1, math.ceil(config["cpu_seconds"]))
    output = int(config["output_limit"])
    for limit, value in ((resource.RLIMIT_AS, (memory, memory)),
                         (resource.RLIMIT_CPU, (cpu, cpu + 1)),
                         (resource.RLIMIT_FSIZE, (output, output)),
                         (resource.RLIMIT_CORE, (0, 0))):
        resource.setrlimit(limit, value)


# ---- the serving loop ----------------------------------------------------------------------

def _load(config: dict):
    """Execute the submission as module 'submission' and return the function it defines."""

    path = config["submission"]
    with open(path, encoding="utf-8") as file:
        source = file.read()
    module = types.ModuleType("submission")
    module.__file__ = path
    sys.modules["submission"] = module
    exec(compile(source, path, "exec"), module.__dict__)
    name = config["function"]
    fn = module.__dict__.get(name)
    if fn is None:
        defined = sorted(key for key, value in module.__dict__.items()
                         if callable(value) and not key.startswith("_")
                         and getattr(value, "__module__", None) == "submission")
        found = f" (it defines {', '.join(defined)})" if defined else ""
        raise LookupError(f"the submission defines no function named {name!r}{found}")
    if not callable(fn):
        raise LookupError(f"{name!r} in the submission is a {type(fn).__name__}, not a function")
    return fn


def load_running():
    """convlab/running.py as a module of its own, without importing the convlab package."""
    spec = importlib.util.spec_from_file_location("_graded_call", RUNNING)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while it loads
    try:
        spec.loader.exec_module(module)
    finally:
        del sys.modules[spec.name]
    return module


def serve_call(fn, request: dict, used: set, running, names: tuple[str, ...]) -> dict:
    """Run one call (convlab.running.run_call); the reply holds plain numbers and words."""
    args = [decode_value(value) for value in request["args"]]
    kwargs = {key: decode_value(value) for key, value in request["kwargs"].items()}
    used.clear()
    outcome = running.run_call(fn, args, kwargs, seconds=None, capture=False, names=names)
    kind, error = outcome.kind, outcome.error
    if error is not None and f"[Errno {errno.EFBIG}]" in error:
        kind, error = "flood", "printed more output than the grader keeps (the limit)"
    reply = {"ok": outcome.value is not None, "kind": kind, "error": error, "bad": outcome.bad,
             "type": outcome.error_type, "mutated": outcome.mutated, "dtype": outcome.dtype}
    if outcome.value is not None:
        reply.update(values=outcome.value.tolist(), shape=list(outcome.value.shape))
    if used:
        reply["forbidden"] = sorted(used)
    return reply


def main() -> None:
    channel_in = os.fdopen(os.dup(0), "r", encoding="utf-8")
    channel_out = os.fdopen(os.dup(1), "w", encoding="utf-8")
    devnull = os.open(os.devnull, os.O_RDONLY)
    os.dup2(devnull, 0)
    os.dup2(2, 1)
    sys.stdin = open(os.devnull, encoding="utf-8")  # noqa: SIM115 - lives as long as the child

    def send(message: dict) -> None:
        channel_out.write(json.dumps(message) + "\n")
        channel_out.flush()

    config = json.loads(channel_in.readline())
    used: set = set()
    running = load_running()
    names = tuple(config.get("parameters", ("x", "w")))
    _apply_limits(config)
    _install_guards(config, used)
    try:
        fn = _load(config)
    except BaseException as error:  # noqa: BLE001 - any failure to load is reported
        if isinstance(error, SystemExit):
            message = f"called sys.exit({error.code!r}) while being loaded"
        else:
            message = running.describe_error(error)
        send({"ready": False, "error": message, "forbidden": sorted(used)})
        return
    send({"ready": True})
    for line in channel_in:
        request = json.loads(line)
        reply = serve_call(fn, request, used, running, names)
        reply["id"] = request["id"]
        try:
            sys.stdout.flush()
        except OSError:
            pass
        send(reply)


if __name__ == "__main__":
    main()
