"""Debugger: step a Conv1D implementation next to the reference, in Jupyter.

    >>> from convlab import Debugger
    >>> debugger = Debugger("article-strided-range")  # doctest: +SKIP
    >>> debugger                                       # shows the widget   # doctest: +SKIP

The Debugger is a thin shell over plain data: a Comparison (the traced run next to the
reference) and its Timeline of frames (convlab.stepviews), drawn by convlab.render. The
backward pass and the transposed convolution are stepped one sample scattered at a time
(their Timeline is a ScatterTimeline); the rest one output at a time. Every
control has a Python twin (`goto`, `next`, `back`, `case = ...`, `granularity = ...`,
`mode = ...`), so lessons and tests drive it without clicks; `controls` holds the widgets
themselves (convlab.widget.controls). It uses standard ipywidgets only, so it runs
wherever they do: JupyterLab, Notebook, Voila, VS Code.

Draw first, diagnose after: the diagnosis runs in a background thread
(convlab.widget.diagnosing); what each widget shows is drawn from the state by
convlab.widget.drawing.
"""

from __future__ import annotations

from collections.abc import Callable

import ipywidgets as widgets
from IPython.display import display

from convlab import catalog
from convlab.case import Case
from convlab.casetext import parse_int, parse_padding, parse_values
from convlab.comparing import Comparison, compare
from convlab.errors import ConvlabError, ParameterError
from convlab.exercises import get_exercise
from convlab.render import STYLESHEET, pair_html
from convlab.stepviews import Frame, ScatterFrame, Timeline
from convlab.stepviews.frame import check_granularity
from convlab.targets import default_case, exercise_for, resolve
from convlab.widget.controls import Controls, build_controls, error_html
from convlab.widget.diagnosing import (
    DIAGNOSIS_SECONDS,
    RUNNING,
    DiagnosisTimeout,
    diagnosis_future,
    show_diagnosis,
    started_diagnosis,
    status_html,
)
from convlab.widget.drawing import banner_html, code_size, grid, show_inputs, show_static, show_step

__all__ = ["DIAGNOSIS_SECONDS", "MODES", "Debugger", "DiagnosisTimeout", "banner_html",
           "diagnosis_future", "status_html"]

MODES = ("flawed", "fixed", "yours")


class Debugger:
    """Step an implementation (a catalog bug, flawed or fixed, or your own) next to the
    reference.

    `bug_id_or_fn`: a catalog id (see `convlab list`), a catalog Bug, or your own function
    with an exercise's signature (e.g. `def conv1d(x, w, stride=1, padding="valid")`, or
    with exercise="conv1d-backward", `def conv1d_backward(dout, x, w, stride=1,
    padding="valid")`).
    `case`: the input (default: the bug's counterexample, or the article's strided example
    for your own function).
    """

    def __init__(self, bug_id_or_fn: str | catalog.Bug | Callable, case: Case | None = None,
                 *, granularity: str = "output", exercise: str | None = None):
        target = resolve(bug_id_or_fn, case, exercise)
        # beside your own function, the catalog offers an entry of the same exercise
        self._bug = target.bug if target.bug is not None else next(
            (bug for bug in catalog.BUGS if bug.exercise == target.exercise), catalog.BUGS[0])
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
        if self._mode == "yours":
            return default_case(exercise=self._yours_exercise)
        return default_case(self._bug)

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
        with RUNNING:
            self._comparison = compare(self.function, case, self.exercise)
        self._timeline = Timeline(self._comparison, self._granularity)
        self._code_size = code_size(self._timeline)
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
        future = started_diagnosis(self.function, self.exercise)
        return future is not None and not future.done()

    def wait_for_diagnosis(self, timeout: float | None = None) -> Debugger:
        """Block until the running diagnosis (if any) has arrived and is shown."""
        future = started_diagnosis(self.function, self.exercise)
        if future is not None:
            future.exception(timeout)
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
    def frame(self) -> tuple[Frame, Frame] | tuple[ScatterFrame, ScatterFrame]:
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
        still = pair_html(implementation, reference, **grid(self._comparison, self._timeline))
        bundle["text/html"] = f"{STYLESHEET}{self._controls.title.value}{still}"
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
                   "dilation": lambda text: parse_int(text, "dilation"),
                   "dout": lambda text: parse_values(text, "dout"),
                   "output_padding": lambda text: parse_int(text, "output_padding")}
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
            self._synced = show_inputs(self._controls, self._bug.id, self._mode, self._case,
                                       self._timeline.n_steps, self._granularity,
                                       get_exercise(self.exercise).varies)
        finally:
            self._updating = False

    def _show_static(self) -> None:
        """What changes with the case, not with the step: title, banner, summary, formula."""
        show_static(self._controls, self._comparison, self._bug, self._mode, self._timeline)
        self._show_diagnosis()

    def _show_diagnosis(self, key: tuple | None = None) -> None:
        """The diagnosis (or why there is none yet) in the status line and the details.

        `key`: the (function, exercise) a finished diagnosis belongs to; it is shown only
        if the Debugger still shows that function.
        """
        current = (self.function, self.exercise)
        if key is not None and key != current:
            return
        show_diagnosis(self._controls, started_diagnosis(*current), self._bug, self._mode)

    def _show_step(self) -> None:
        self._updating = True
        try:
            self._controls.slider.value = self._controls.play.value = self._step + 1
        finally:
            self._updating = False
        show_step(self._controls, self._timeline, self._step, self._comparison,
                  self._code_size)
