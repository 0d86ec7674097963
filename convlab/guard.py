"""Running a learner's function safely in this process: quietly, and with a time limit.

Used wherever convlab calls code it did not write (diagnosis probes, provenance probes):
prints and warnings are swallowed, and an endless loop is interrupted.
"""

from __future__ import annotations

import contextlib
import io
import signal
import threading
import time
import warnings

__all__ = ["CallTimeout", "quietly", "time_limit"]


class CallTimeout(BaseException):
    """A single call ran past its time limit. A BaseException, so that a learner's own
    `except Exception:` cannot swallow it and keep an endless loop going."""


@contextlib.contextmanager
def time_limit(seconds: float):
    """Interrupt the body after `seconds` (main thread, Unix); elsewhere no limit."""
    usable = (hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
              and seconds > 0)
    if not usable:
        yield
        return

    def expire(signum, frame):
        raise CallTimeout(f"took longer than {seconds:g} s (endless loop?)")

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
def quietly():
    """Swallow what the body prints (stdout and stderr) and every warning it raises."""
    sink = io.StringIO()
    with warnings.catch_warnings(), contextlib.redirect_stdout(sink), \
            contextlib.redirect_stderr(sink):
        warnings.simplefilter("ignore")
        yield
