"""Running a function of this process (a notebook's) in a forked child, one call at a time.

`ForkedSandbox` is a Sandbox whose child is a fork of this process rather than a fresh
Python loading a file: the learner's function is already there, and whatever it patches
(numpy, the grader, signal handlers) stays in the child.
"""

from __future__ import annotations

import json
import math
import os
import resource
import signal
import subprocess
import sys
import time
import warnings
from dataclasses import dataclass

from convlab import running
from convlab.grading import child
from convlab.grading.sandbox import Sandbox

__all__ = ["ForkedSandbox"]


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
                child.serve(self.fn, channel_in, send, set(), running, self.parameters,
                            self.results)
            except BaseException:  # noqa: BLE001 - the child ends here, whatever happened
                status = 1
            finally:
                os._exit(status)
        os.close(requests_read)
        os.close(replies_write)
        return _ForkedProcess(pid, os.fdopen(requests_write, "wb"),
                              os.fdopen(replies_read, "rb"))
