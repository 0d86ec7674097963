"""Where a graded child runs (`Policy.isolation`): under bubblewrap, or as a plain process.

"bwrap" builds the bubblewrap command line (`bwrap_command`: new namespaces, no
capabilities, a read-only Python with numpy as its only package, the submission in a private
tmpfs); "process" is a plain child with rlimits and Python-level guards; "auto" means
"bwrap" where bubblewrap can run here (probed once per process, `isolation_problem`) and
otherwise "process" with a one-line warning (`isolation_warning`). What each mode leaves
open is told in convlab.grading.sandbox.
"""

from __future__ import annotations

import functools
import os
import shutil
import site
import subprocess
import sys
import sysconfig
from pathlib import Path

import numpy as np

from convlab.errors import ConvlabError, ParameterError

__all__ = ["ISOLATIONS", "IsolationError", "bwrap_command", "isolation_problem",
           "isolation_warning", "known_isolation", "resolve_isolation"]

ISOLATIONS = ("auto", "bwrap", "process")

CHILD = Path(__file__).with_name("child.py")
PACKAGE_DIR = Path(__file__).resolve().parent.parent


class IsolationError(ConvlabError):
    """The isolation asked for cannot run on this machine."""


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
