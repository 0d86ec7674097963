"""The sandboxed side of grading: load one submission, then run it on request.

The grader starts this file as a script, `python -I -B child.py` (never `-m convlab...`),
under bubblewrap when it can (see sandbox.py), so the child never imports convlab: the
reference is not in its memory for a submission to find through gc or inspect, and
importing it is refused. The story of one child:
1. keep the grader's channel (stdin and stdout) on private descriptors; the submission gets
   /dev/null as stdin and an output file (truncated by the grader) as stdout and stderr;
2. apply the limits (memory, CPU seconds, output size, no core files) and die with the
   grader;
3. refuse what the exercise forbids: imports (a sys.meta_path finder, with an audit hook
   behind it that a submission cannot remove), starting processes, writing files, sockets,
   reading convlab's own files and, when the instructor asks, np.convolve / np.correlate
   (every name bound to those functions, whatever module it is imported from). The guards
   keep their state in closures, never in this module's globals, which a submission can
   reach through sys.modules["__main__"];
4. load the submission from the bytes the grader sent (so a BOM or a coding cookie works as
   it does for Python) and answer calls: arguments arrive as JSON numbers (fresh copies),
   results leave as JSON numbers after numpy has turned them into floats here — never
   pickle, so a returned object with a clever `__eq__` or `__array__` reaches the grader only
   as the numbers it claims to hold.

These guards are Python-level: under bubblewrap they are a second wall; the first is the
operating system's (no network, no other files, no grader process to see).

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
    "ctypes.dlopen", "ctypes.dlsym", "ctypes.dlsym/handle", "sqlite3.connect",
    "sqlite3.connect/handle", "os.kill", "os.killpg", "signal.pthread_kill",
    "gc.get_objects", "gc.get_referrers", "gc.get_referents", "sys._getframe",
    "sys._current_frames", "object.__getattr__", "os.putenv", "os.unsetenv", "os.chdir",
    "os.setxattr", "os.removexattr",
})
BLOCKED_PREFIXES = ("socket.", "mmap.", "winreg.")
UNSAFE_MODULES = ("_posixsubprocess", "subprocess", "multiprocessing", "_multiprocessing",
                  "socket", "_socket", "sqlite3", "_sqlite3", "_xxsubinterpreters",
                  "_testcapi", "_testinternalcapi", "pty", "asyncio")
NUMPY_IMPLEMENTATIONS = {"convolve": ("correlate", "correlate2"),
                         "correlate": ("correlate", "correlate2")}
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
    """The import finder, the audit hook and the numpy bans; their state lives in closures."""
    forbidden = tuple(config["forbid_modules"]) + UNSAFE_MODULES
    protected = tuple(os.path.realpath(path) + os.sep for path in config["protected_dirs"])
    # what may be read at all: the Python installation, numpy, and the submission itself
    readable = tuple(os.path.realpath(path) for path in config.get("readable", ()))
    readable_dirs = tuple(path + os.sep for path in readable)
    blocked_events, blocked_prefixes, write_flags = BLOCKED_EVENTS, BLOCKED_PREFIXES, _WRITE_FLAGS
    realpath, fsdecode, is_forbidden = os.path.realpath, os.fsdecode, _is_forbidden
    refuse_import, function_type = _forbidden_import, types.FunctionType
    sys.meta_path.insert(0, _ForbiddenImports(list(forbidden)))

    def audit(event: str, args: tuple) -> None:
        if event == "import":
            if is_forbidden(args[0], forbidden):
                raise refuse_import(args[0])
        elif event in blocked_events or event.startswith(blocked_prefixes):
            raise PermissionError(f"{event} is not allowed in a graded submission")
        elif (event == "object.__setattr__" and isinstance(args[0], function_type)
              and args[1] in ("__code__", "__defaults__", "__kwdefaults__")):
            raise PermissionError("changing a function's code or closure is not allowed in a "
                                  "graded submission")
        elif event == "open" and not isinstance(args[0], int):
            path, flags = args[0], args[2]
            if flags & write_flags:
                raise PermissionError(f"a graded submission may not write files ({path!r})")
            real = realpath(fsdecode(path))
            if real.startswith(protected) or (readable and real not in readable
                                              and not real.startswith(readable_dirs)):
                raise PermissionError(f"a graded submission may not read {path!r}")

    sys.addaudithook(audit)
    for name in ("mkfifo", "mknod"):
        blocked = _blocked_call(f"os.{name}", "a graded submission may not create files")
        setattr(os, name, blocked)
        setattr(sys.modules["posix"], name, blocked)
    _ban_numpy(config["forbid_numpy"], used)


def _ban_numpy(names, used: set) -> None:
    """Replace each np.NAME, and its C implementation, everywhere numpy binds them: the ban
    holds however the submission imports the function (`from numpy._core.numeric import`)."""
    core = sys.modules.get("numpy._core.multiarray") or sys.modules.get("numpy.core.multiarray")
    replacements: dict[int, object] = {}
    for name in names:
        replacements[id(getattr(np, name))] = _blocked(name, used)
    for name in names:
        for inner in NUMPY_IMPLEMENTATIONS.get(name, ()):
            if core is not None and hasattr(core, inner):
                replacements.setdefault(id(getattr(core, inner)), _blocked(name, used))
    for module_name, module in list(sys.modules.items()):
        if not module_name.startswith("numpy") or not isinstance(module, types.ModuleType):
            continue
        for attribute, value in list(vars(module).items()):
            if id(value) in replacements:
                setattr(module, attribute, replacements[id(value)])


def _blocked(name: str, used: set):
    def blocked(*args, **kwargs):
        used.add(f"np.{name}")
        raise ForbiddenCall(f"np.{name} is not allowed in this exercise: compute the windows "
                            f"yourself")

    blocked.__name__ = name
    return blocked


def _blocked_call(name: str, why: str):
    def blocked(*args, **kwargs):
        raise PermissionError(f"{name}: {why}")

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
    """Execute the submission as module 'submission' and return the function it defines.

    The grader sends the file's bytes (as latin-1 text): `compile` reads them as Python reads
    a file, BOM and coding cookie included."""

    path = config["submission"]
    source = config["source"].encode("latin-1")
    module = types.ModuleType("submission")
    module.__file__ = path
    sys.modules["submission"] = module
    exec(compile(source, path, "exec", dont_inherit=True), module.__dict__)
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


def load_running(path: str | Path = RUNNING):
    """convlab/running.py as a module of its own, without importing the convlab package."""
    spec = importlib.util.spec_from_file_location("_graded_call", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while it loads
    try:
        spec.loader.exec_module(module)
    finally:
        del sys.modules[spec.name]
    return module


def serve_call(fn, request: dict, used: set, running, names: tuple[str, ...],
               results: tuple[str, ...] = ()) -> dict:
    """Run one call (convlab.running.run_call); the reply holds plain numbers and words."""
    args = [decode_value(value) for value in request["args"]]
    kwargs = {key: decode_value(value) for key, value in request["kwargs"].items()}
    used.clear()
    outcome = running.run_call(fn, args, kwargs, seconds=None, capture=False, names=names,
                               parts=results)
    kind, error = outcome.kind, outcome.error
    if error is not None and f"[Errno {errno.EFBIG}]" in error:
        kind, error = "flood", "printed more output than the grader keeps (the limit)"
    reply = {"ok": outcome.value is not None, "kind": kind, "error": error, "bad": outcome.bad,
             "type": outcome.error_type, "mutated": outcome.mutated, "dtype": outcome.dtype}
    if outcome.value is not None:
        reply.update(values=outcome.value.tolist(), shape=list(outcome.value.shape))
        if outcome.parts:
            reply["parts"] = [[name, list(shape)] for name, shape in outcome.parts]
    if used:
        reply["forbidden"] = sorted(used)
    return reply


def serve(fn, channel_in, send, used: set, running, names: tuple[str, ...],
          results: tuple[str, ...] = ()) -> None:
    """Answer each request line with one reply line until the grader closes the channel."""
    for line in channel_in:
        request = json.loads(line)
        reply = serve_call(fn, request, used, running, names, results)
        reply["id"] = request["id"]
        try:
            sys.stdout.flush()
        except OSError:
            pass
        send(reply)


def _die_with_parent() -> None:
    """Ask Linux to kill this process when the grader's process ends (PR_SET_PDEATHSIG)."""
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, 9, 0, 0, 0)
    except (OSError, AttributeError):
        pass


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
    _die_with_parent()
    used: set = set()
    running = load_running(config.get("running", RUNNING))
    names = tuple(config.get("parameters", ("x", "w")))
    results = tuple(config.get("results", ()))
    if config.get("workdir"):
        # the submission's own copy, in the sandbox's private tmpfs
        with open(config["submission"], "wb") as copy:
            copy.write(config["source"].encode("latin-1"))
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
    serve(fn, channel_in, send, used, running, names, results)


if __name__ == "__main__":
    main()
