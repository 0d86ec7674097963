"""Debugger: step a Conv1D implementation next to the reference, in Jupyter.

    >>> from convlab import Debugger
    >>> debugger = Debugger("article-strided-range")  # doctest: +SKIP
    >>> debugger                                       # shows the widget   # doctest: +SKIP

The Debugger is a thin shell over plain data: a Comparison (the traced run next to the
reference) and its Timeline of frames (convlab.stepviews), drawn by convlab.render. Every
control has a Python twin (`goto`, `next`, `back`, `case = ...`, `granularity = ...`,
`mode = ...`), so lessons and tests drive it without clicks; `controls` holds the widgets
themselves (convlab.widget.controls). It uses standard ipywidgets only, so it runs
wherever they do: JupyterLab, Notebook, Voila, VS Code.

Draw first, diagnose after: the widget is complete as soon as the run is traced; the
diagnosis of your own function (or any function, on Diagnose) runs in a background thread
and fills the status line and the details when it arrives, while the Diagnose button says
it is busy. A thread, not the kernel's event loop, so the front end can fetch the widget
and clicks are answered while it works; a diagnosis past DIAGNOSIS_SECONDS is given up.
"""

from __future__ import annotations

import ctypes
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from html import escape

import ipywidgets as widgets
from IPython.display import display

from convlab import catalog
from convlab.case import Case
from convlab.casetext import case_texts, parse_int, parse_padding, parse_values
from convlab.comparing import Comparison, compare
from convlab.diagnosis import diagnose
from convlab.diagnosis.explanation import diagnosis_html
from convlab.errors import ConvlabError, ParameterError
from convlab.exercises import get_exercise
from convlab.render import STYLESHEET, pair_html
from convlab.render.to_html import code_html, frame_html
from convlab.stepviews import Frame, Timeline
from convlab.stepviews.columns import shared_columns
from convlab.stepviews.frame import check_granularity
from convlab.targets import default_case, exercise_for, resolve
from convlab.widget.controls import Controls, build_controls, error_html

__all__ = ["DIAGNOSIS_SECONDS", "MODES", "Debugger", "DiagnosisTimeout", "banner_html",
           "diagnosis_future", "status_html"]

MODES = ("flawed", "fixed", "yours")

DIAGNOSIS_SECONDS = 120.0
"""A diagnosis still running after this long is given up (a function that never ends)."""

_DIAGNOSES: dict = {}
"""(function, exercise) -> Future of its Diagnosis, shared by every Debugger."""
_WORKER = ThreadPoolExecutor(max_workers=1, thread_name_prefix="convlab-diagnose")
_RUNNING = threading.Lock()
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
        with _RUNNING:
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


class Debugger:
    """Step an implementation (a catalog bug, flawed or fixed, or your own) next to the
    reference.

    `bug_id_or_fn`: a catalog id (see `convlab list`), a catalog Bug, or your own function
    with an exercise's signature (e.g. `def conv1d(x, w, stride=1, padding="valid")`).
    `case`: the input (default: the bug's counterexample, or the article's strided example
    for your own function).
    """

    def __init__(self, bug_id_or_fn: str | catalog.Bug | Callable, case: Case | None = None,
                 *, granularity: str = "output", exercise: str | None = None):
        target = resolve(bug_id_or_fn, case, exercise)
        self._bug = target.bug if target.bug is not None else catalog.BUGS[0]
        self._yours = target.function if target.bug is None else None
        check_granularity(granularity)
        self._mode = "yours" if self._yours is not None else "flawed"
        self._yours_exercise = exercise
        self._granularity = granularity
        self._step = 0
        self._updating = False
        self._error = ""
        self._controls = build_controls([b.id for b in catalog.BUGS], self._bug.id,
                                        MODES if self._yours is not None else MODES[:2],
                                        self._mode, granularity)
        self._wire_controls()
        self._set_case(target.case)
        if self._mode == "yours":
            # drawn first; the diagnosis arrives when its thread is done
            self._start_diagnosis()

    # --- what is run ----------------------------------------------------------------------

    @property
    def bug(self) -> catalog.Bug:
        """The catalog entry the flawed / fixed modes run."""
        return self._bug

    @property
    def mode(self) -> str:
        """'flawed' or 'fixed' (the catalog entry's functions) or 'yours'."""
        return self._mode

    @mode.setter
    def mode(self, mode: str) -> None:
        allowed = MODES if self._yours is not None else MODES[:2]
        if mode not in allowed:
            raise ParameterError(f"'mode' must be one of {', '.join(map(repr, allowed))} "
                                 f"(got {mode!r})", "mode")
        self._mode = mode
        self._set_case(self._case if self._fits(self._case) else self._default_case())
        if mode == "yours":
            self._start_diagnosis()

    def pick(self, bug_id: str) -> None:
        """Switch to another catalog entry (flawed, on its counterexample)."""
        self._bug = catalog.get(bug_id)
        self._mode = "flawed"
        self._set_case(self._bug.counterexample)

    @property
    def function(self) -> Callable:
        """The implementation being stepped."""
        if self._mode == "yours":
            return self._yours
        return self._bug.flawed if self._mode == "flawed" else self._bug.fixed

    @property
    def exercise(self) -> str:
        if self._mode != "yours":
            return self._bug.exercise
        return exercise_for(self._case, self._yours_exercise)

    def _default_case(self) -> Case:
        return default_case(None if self._mode == "yours" else self._bug)

    # --- the case -------------------------------------------------------------------------

    @property
    def case(self) -> Case:
        return self._case

    @case.setter
    def case(self, case: Case) -> None:
        self._set_case(case)

    def _set_case(self, case: Case) -> None:
        """Check `case` fits the exercise, then trace it; raises ConvlabError when not."""
        if not isinstance(case, Case):
            raise ParameterError(f"'case' must be a convlab.Case (got {type(case).__name__})",
                                 "case")
        previous = getattr(self, "_case", None)
        self._case = case
        try:
            exercise = get_exercise(self.exercise)
            if not exercise.accepts(case):
                raise ParameterError(f"the {exercise.name!r} exercise ({exercise.signature}) "
                                     f"does not take {case!r}", "case")
        except ConvlabError:
            if previous is not None:
                self._case = previous
            raise
        self._recompute(case)

    def _recompute(self, case: Case) -> None:
        with _RUNNING:
            self._comparison = compare(self.function, case, self.exercise)
        self._timeline = Timeline(self._comparison, self._granularity)
        self._code_size = _code_size(self._timeline)
        self._step = 0
        self._sync_controls()
        self._show_static()
        self._show_step()

    @property
    def comparison(self) -> Comparison:
        return self._comparison

    @property
    def timeline(self) -> Timeline:
        return self._timeline

    @property
    def diagnosis(self):
        """convlab.diagnose of the implementation shown (computed once, then kept; waits
        for the background diagnosis when one is running)."""
        result = diagnosis_future(self.function, self.exercise).result()
        self._show_diagnosis()
        return result

    @property
    def diagnosing(self) -> bool:
        """Whether the diagnosis of the implementation shown is still running."""
        key = (self.function, self.exercise)
        return key in _DIAGNOSES and not _DIAGNOSES[key].done()

    def wait_for_diagnosis(self, timeout: float | None = None) -> Debugger:
        """Block until the running diagnosis (if any) has arrived and is shown."""
        key = (self.function, self.exercise)
        if key in _DIAGNOSES:
            _DIAGNOSES[key].exception(timeout)
            self._show_diagnosis()
        return self

    def _start_diagnosis(self) -> None:
        """Diagnose in the background; the button and status say so until it arrives."""
        future = diagnosis_future(self.function, self.exercise)
        key = (self.function, self.exercise)
        self._show_diagnosis()
        future.add_done_callback(lambda _: self._show_diagnosis(key))

    # --- stepping -------------------------------------------------------------------------

    @property
    def granularity(self) -> str:
        return self._granularity

    @granularity.setter
    def granularity(self, granularity: str) -> None:
        check_granularity(granularity)
        cell = self._timeline.output_of(self._step)
        self._granularity = granularity
        self._timeline = Timeline(self._comparison, granularity)
        self._step = self._timeline.step_of_output(cell) if cell is not None else 0
        self._sync_controls()
        self._show_step()

    @property
    def n_steps(self) -> int:
        return self._timeline.n_steps

    @property
    def step(self) -> int:
        """The current step, 0-based."""
        return self._step

    @property
    def frame(self) -> tuple[Frame, Frame]:
        """(implementation frame, reference frame) at the current step."""
        return self._timeline.pair(self._step)

    @property
    def panel_html(self) -> tuple[str, str]:
        """The HTML of the two panels as shown: (implementation, reference)."""
        return self._controls.implementation.value, self._controls.reference.value

    @property
    def error(self) -> str:
        """Why the last change from a control was refused ('' when it was taken)."""
        return self._error

    @property
    def controls(self) -> Controls:
        """The widgets themselves (buttons, slider, text boxes, panels), by purpose."""
        return self._controls

    def goto(self, step: int) -> Debugger:
        """Show step `step` (clipped to 0 .. n_steps - 1)."""
        self._step = max(0, min(int(step), self.n_steps - 1))
        self._show_step()
        return self

    def next(self) -> Debugger:
        return self.goto(self._step + 1)

    def back(self) -> Debugger:
        return self.goto(self._step - 1)

    def first(self) -> Debugger:
        return self.goto(0)

    def last(self) -> Debugger:
        return self.goto(self.n_steps - 1)

    def first_divergence(self) -> int | None:
        """Go to the step computing the first output that differs; None when all agree."""
        step = self._timeline.first_divergence()
        if step is not None:
            self.goto(step)
        return step

    # --- the widgets ----------------------------------------------------------------------

    @property
    def widget(self) -> widgets.VBox:
        """The root ipywidgets box."""
        return self._controls.root

    def _ipython_display_(self) -> None:
        display(self._repr_mimebundle_(), raw=True)

    def _repr_mimebundle_(self, **kwargs):
        """The live widget, plus a still picture of the current step for viewers that
        cannot run widgets (a notebook rendered on GitHub, say)."""
        bundle = self._controls.root._repr_mimebundle_(**kwargs)
        implementation, reference = self.frame
        bundle["text/html"] = (f"{STYLESHEET}{self._controls.title.value}"
                               f"{pair_html(implementation, reference, **self._grid())}")
        return bundle

    def _wire_controls(self) -> None:
        """Each control calls its Python twin; every change lands in one place."""
        c = self._controls
        c.buttons["First"].on_click(lambda _: self.first())
        c.buttons["Back"].on_click(lambda _: self.back())
        c.buttons["Next"].on_click(lambda _: self.next())
        c.buttons["Last"].on_click(lambda _: self.last())
        c.buttons["First divergence"].on_click(lambda _: self.first_divergence())
        c.diagnose.on_click(lambda _: self._start_diagnosis())
        c.picker.observe(self._on_pick, "value")
        c.mode.observe(self._on_mode, "value")
        for control in c.case_texts.values():
            control.observe(self._on_case_controls, "value")
        c.play.observe(self._on_step_control, "value")
        c.slider.observe(self._on_step_control, "value")
        c.speed.observe(self._on_speed, "value")
        c.granularity.observe(self._on_granularity, "value")
        self._on_speed()

    # --- widgets -> state -------------------------------------------------------------------

    def _on_pick(self, change) -> None:
        if not self._updating:
            self._guard(lambda: self.pick(change["new"]))

    def _on_mode(self, change) -> None:
        if not self._updating:
            self._guard(lambda: setattr(self, "mode", change["new"]))

    def _fits(self, case: Case) -> bool:
        try:
            return get_exercise(self.exercise).accepts(case)
        except ConvlabError:
            return False

    def _on_case_controls(self, change) -> None:
        if self._updating:
            return
        parsers = {"x": lambda text: parse_values(text, "x"),
                   "w": lambda text: parse_values(text, "w"),
                   "stride": lambda text: parse_int(text, "stride"),
                   "padding": parse_padding,
                   "dilation": lambda text: parse_int(text, "dilation")}
        try:
            # only the fields edited since the last sync change, so an untouched x keeps
            # its dtype
            changes = {name: parse(self._controls.case_texts[name].value)
                       for name, parse in parsers.items()
                       if self._controls.case_texts[name].value != self._synced[name]}
            self._set_case(self._case.replace(**changes))
        except (ConvlabError, ValueError, TypeError) as error:
            self._show_error(f"{error} — still showing {self._case!r}")
            return
        self._show_error("")

    def _guard(self, action: Callable) -> None:
        """Run a control's action; show a refusal inline instead of raising into Jupyter."""
        try:
            action()
            self._show_error("")
        except ConvlabError as error:
            self._show_error(str(error))
            self._sync_controls()

    def _show_error(self, message: str) -> None:
        self._error = message
        self._controls.case_error.value = error_html(message) if message else ""

    def _on_step_control(self, change) -> None:
        if not self._updating and change["new"] - 1 != self._step:
            self.goto(change["new"] - 1)

    def _on_speed(self, change=None) -> None:
        self._controls.play.interval = int(1000 / self._controls.speed.value)

    def _on_granularity(self, change) -> None:
        if not self._updating:
            self.granularity = change["new"]

    # --- state -> widgets -------------------------------------------------------------------

    def _sync_controls(self) -> None:
        """Put the current bug, mode, case and step range into the controls."""
        self._updating = True
        try:
            case = self._case
            self._controls.picker.value = self._bug.id
            self._controls.mode.value = self._mode
            self._synced = case_texts(case)
            for name, text in self._synced.items():
                self._controls.case_texts[name].value = text
            count = self._timeline.n_steps
            self._controls.slider.max = self._controls.play.max = max(count, 2)
            self._controls.slider.disabled = self._controls.play.disabled = count == 1
            self._controls.granularity.value = self._granularity
        finally:
            self._updating = False

    def _show_static(self) -> None:
        """What changes with the case, not with the step: title, banner, summary, formula."""
        bug = self._bug
        if self._mode == "yours":
            title = f"your function <code>{escape(self._comparison.trace.fn_name)}</code>"
        else:
            title = (f"<code>{escape(bug.id)}</code> ({escape(self._mode)}): "
                     f"{escape(bug.title)}")
        self._controls.title.value = f"<b>convlab debugger</b> — {title}"
        self._controls.catalog_row.layout.display = "none" if self._mode == "yours" else None
        summary = self._comparison.summary()
        self._controls.banner.value = banner_html(summary, self._comparison.equal)
        color = "#005a8c" if self._comparison.equal else "#8a2a00"
        self._controls.summary.value = (f'<div style="color:{color};white-space:pre-wrap">'
                                        f"{escape(summary)}</div>")
        try:
            formula = self._case.spec.explain(self._case.length)
        except ConvlabError as error:
            formula = str(error)
        self._controls.formula.value = f'<pre class="cl-formula">{escape(formula)}</pre>'
        self._show_diagnosis()

    def _show_diagnosis(self, key: tuple | None = None) -> None:
        """The diagnosis (or why there is none yet) in the status line and the details.

        `key`: the (function, exercise) a finished diagnosis belongs to; it is shown only
        if the Debugger still shows that function.
        """
        current = (self.function, self.exercise)
        if key is not None and key != current:
            return
        future = _DIAGNOSES.get(current)
        controls = self._controls
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
        elif self._mode == "flawed":
            bug = self._bug
            controls.status.value = (f"catalog: <code>{escape(bug.category)}</code>")
            controls.diagnosis.value = (
                f"<b>category</b> <code>{escape(bug.category)}</code> (catalog entry)<br>"
                f"{escape(bug.explanation)}<br><b>counterexample</b> "
                f"<code>{escape(repr(bug.counterexample))}</code>")
        else:
            controls.status.value = ""
            controls.diagnosis.value = ("The corrected version of this entry; press "
                                        "Diagnose to check it on many inputs.")

    def _grid(self) -> dict:
        return {"divergence": self._divergence_column(),
                "cell_width": self._timeline.cell_width}

    def _divergence_column(self) -> int | None:
        index = self._comparison.first_divergence
        if index is None:
            return None
        return index if isinstance(index, int) else int(index[-1])

    def _show_step(self) -> None:
        implementation, reference = self._timeline.pair(self._step)
        self._updating = True
        try:
            self._controls.slider.value = self._controls.play.value = self._step + 1
        finally:
            self._updating = False
        self._controls.counter.value = (f'<span class="cl-counter">step {self._step + 1} / '
                                        f"{self.n_steps}</span>")
        columns = shared_columns(implementation, reference, **self._grid())
        lines, variables = self._code_size
        self._controls.code.value = code_html(implementation, lines=lines,
                                              variables=variables)
        self._controls.implementation.value = frame_html(implementation, with_source=False,
                                                         columns=columns)
        self._controls.reference.value = frame_html(reference, with_source=False,
                                                    columns=columns)
        self._controls.reference_code.value = code_html(reference)


def _code_size(timeline: Timeline) -> tuple[int, int]:
    """(listing lines, variable rows) to reserve: the longest seen early in the run, so the
    code box keeps one height while stepping."""
    steps = timeline.steps[:400]
    listing = len(timeline.implementation(0).source) if timeline.n_steps else 0
    variables = max((len(step.locals) for step in steps), default=0)
    return max(6, min(listing, 18)), max(3, min(variables, 10))


def banner_html(summary: str, equal: bool) -> str:
    """One line: whether the outputs agree, and where they first part ways."""
    lines = summary.splitlines()
    line = next((text for text in lines if text.startswith("Output ")), lines[0] if lines
                else "")
    if equal:
        text, kind = f"✓ {line}", "good"
    else:
        text, kind = f"✗ {line} (d: go there)", "bad"
    return (f'<div class="cl-banner cl-banner-{kind}" title="{escape(summary)}">'
            f"{escape(text)}</div>")


def status_html(found) -> str:
    """A diagnosis in a few words: its first category and how sure it is."""
    if not found.categories:
        return "diagnosis: no difference found on the probe inputs"
    confidence = getattr(found, "confidence", None)
    sure = (f" · {found.certainty}, confidence {confidence:.2f}"
            if confidence is not None else "")
    return f"diagnosis: <code>{escape(found.categories[0])}</code>{escape(sure)}"
