"""The Debugger's diagnosis: run in a background thread, and shown when it arrives.

Draw first, diagnose after: the widget is complete as soon as the run is traced; the
diagnosis of your own function (or any function, on Diagnose) runs in a background thread
and fills the status line and the details when it arrives, while the Diagnose button says
it is busy. A thread, not the kernel's event loop, so the front end can fetch the widget
and clicks are answered while it works; a diagnosis past DIAGNOSIS_SECONDS is given up.
One diagnosis per (function, exercise) is started, and every Debugger shares it.
"""

from __future__ import annotations

import ctypes
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from html import escape

from convlab import catalog
from convlab.diagnosis import diagnose
from convlab.diagnosis.explanation import diagnosis_html
from convlab.widget.controls import Controls

__all__ = ["DIAGNOSIS_SECONDS", "RUNNING", "DiagnosisTimeout", "diagnosis_future",
           "show_diagnosis", "started_diagnosis", "status_html"]

DIAGNOSIS_SECONDS = 120.0
"""A diagnosis still running after this long is given up (a function that never ends)."""

_DIAGNOSES: dict = {}
"""(function, exercise) -> Future of its Diagnosis, shared by every Debugger."""
_WORKER = ThreadPoolExecutor(max_workers=1, thread_name_prefix="convlab-diagnose")
RUNNING = threading.Lock()
"""Held while a Debugger runs learner code (its trace, or a diagnosis in the background):
running code silences its prints and warnings process-wide, so two runs must not overlap.
Stepping never runs code, so it never waits for this."""


class DiagnosisTimeout(BaseException):
    """Raised inside the diagnosing thread when it runs past DIAGNOSIS_SECONDS.

    A BaseException, so a learner's `except Exception:` does not swallow it."""


def _diagnose_with_deadline(fn: Callable, exercise: str):
    """diagnose(fn) in the worker thread, interrupted after DIAGNOSIS_SECONDS."""
    ident = threading.get_ident()
    timer = threading.Timer(DIAGNOSIS_SECONDS, lambda: ctypes.pythonapi.PyThreadState_SetAsyncExc(
        ctypes.c_ulong(ident), ctypes.py_object(DiagnosisTimeout)))
    timer.daemon = True
    timer.start()
    try:
        with RUNNING:
            return diagnose(fn, exercise=exercise)
    except DiagnosisTimeout:
        raise TimeoutError(f"the diagnosis ran for more than {DIAGNOSIS_SECONDS:g} s: "
                           f"{getattr(fn, '__name__', 'the function')} may never end on "
                           f"some input") from None
    finally:
        timer.cancel()


def diagnosis_future(fn: Callable, exercise: str) -> Future:
    """The diagnosis of fn, started in a background thread the first time it is asked."""
    key = (fn, exercise)
    if key not in _DIAGNOSES:
        _DIAGNOSES[key] = _WORKER.submit(_diagnose_with_deadline, fn, exercise)
    return _DIAGNOSES[key]


def started_diagnosis(fn: Callable, exercise: str) -> Future | None:
    """The diagnosis of fn when one was started (running or done), else None."""
    return _DIAGNOSES.get((fn, exercise))


def show_diagnosis(controls: Controls, future: Future | None, bug: catalog.Bug,
                   mode: str) -> None:
    """The diagnosis (or why there is none yet) in the status line, the details and the
    Diagnose button; without one, what the catalog says of the entry shown in `mode`."""
    busy = future is not None and not future.done()
    controls.diagnose.disabled = busy
    controls.diagnose.description = "Diagnosing…" if busy else "Diagnose"
    if busy:
        controls.status.value = '<span class="cl-busy">diagnosing…</span>'
        controls.diagnosis.value = "diagnosing…"
    elif future is not None:
        error = future.exception()
        if error is not None:
            controls.status.value = escape(f"diagnosis failed: {error}")
            controls.diagnosis.value = escape(f"The diagnosis failed: {error}")
        else:
            found = future.result()
            controls.status.value = status_html(found)
            controls.diagnosis.value = diagnosis_html(found)
    elif mode == "flawed":
        controls.status.value = (f"catalog: <code>{escape(bug.category)}</code>")
        controls.diagnosis.value = (
            f"<b>category</b> <code>{escape(bug.category)}</code> (catalog entry)<br>"
            f"{escape(bug.explanation)}<br><b>counterexample</b> "
            f"<code>{escape(repr(bug.counterexample))}</code>")
    else:
        controls.status.value = ""
        controls.diagnosis.value = ("The corrected version of this entry; press "
                                    "Diagnose to check it on many inputs.")


def status_html(found) -> str:
    """A diagnosis in a few words: its first category and how sure it is."""
    if not found.categories:
        return "diagnosis: no difference found on the probe inputs"
    confidence = getattr(found, "confidence", None)
    sure = (f" · {found.certainty}, confidence {confidence:.2f}"
            if confidence is not None else "")
    return f"diagnosis: <code>{escape(found.categories[0])}</code>{escape(sure)}"
