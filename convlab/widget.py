"""Debugger: step a Conv1D implementation next to the reference, in Jupyter.

    >>> from convlab import Debugger
    >>> debugger = Debugger("article-strided-range")  # doctest: +SKIP
    >>> debugger                                       # shows the widget   # doctest: +SKIP

The Debugger is a thin shell over plain data: a Comparison (the traced run next to the
reference) and its Timeline of frames (convlab.frames), drawn by convlab.render. Every
control has a Python twin (`goto`, `next`, `back`, `case = ...`, `granularity = ...`,
`mode = ...`), so lessons and tests drive it without clicks. It uses standard ipywidgets
only, so it runs wherever they do: JupyterLab, Notebook, Voila, VS Code.
"""

from __future__ import annotations

import ast
from collections.abc import Callable
from html import escape

import ipywidgets as widgets

from convlab import catalog
from convlab.case import Case
from convlab.comparing import Comparison, compare
from convlab.errors import ConvlabError, ParameterError
from convlab.exercises import find_exercise, get_exercise
from convlab.frames import DEFAULT_CASE, GRANULARITIES, Frame, Timeline
from convlab.render import STYLESHEET, frame_html, pair_html

__all__ = ["Debugger", "parse_padding", "parse_values"]

MODES = ("flawed", "fixed", "yours")

_DIAGNOSES: dict = {}


def parse_values(text: str, name: str) -> list:
    """'1, 2, 3' or '[1, 2, 3]' (nested lists for channels) -> a list of numbers."""
    try:
        value = ast.literal_eval(text.strip())
    except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
        raise ParameterError(f"'{name}' must be numbers separated by commas, like 1, 2, 3 "
                             f"(got {text!r})", name) from None
    if isinstance(value, tuple):
        value = list(value)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        value = [value]
    if not isinstance(value, list) or not value:
        raise ParameterError(f"'{name}' must be a non-empty list of numbers (got {text!r})",
                             name)
    return value


def parse_padding(text: str):
    """'same', 'valid', 'causal', 'full', '2' or '(1, 2)' -> a padding argument."""
    text = text.strip().strip("'\"")
    try:
        value = ast.literal_eval(text)
    except (ValueError, SyntaxError):
        return text
    return tuple(value) if isinstance(value, list) else value


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
        if isinstance(bug_id_or_fn, str):
            self._bug, self._yours = catalog.get(bug_id_or_fn), None
        elif isinstance(bug_id_or_fn, catalog.Bug):
            self._bug, self._yours = bug_id_or_fn, None
        elif callable(bug_id_or_fn):
            self._bug, self._yours = catalog.BUGS[0], bug_id_or_fn
        else:
            raise ParameterError(f"'bug_id_or_fn' must be a catalog id or a function (got "
                                 f"{type(bug_id_or_fn).__name__})", "bug_id_or_fn")
        if granularity not in GRANULARITIES:
            raise ParameterError(f"'granularity' must be one of "
                                 f"{', '.join(map(repr, GRANULARITIES))} (got {granularity!r})",
                                 "granularity")
        self._mode = "yours" if self._yours is not None else "flawed"
        self._yours_exercise = exercise
        self._granularity = granularity
        self._step = 0
        self._updating = False
        self._build_widgets()
        self._set_case(case if case is not None else self._default_case())

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
        if self._yours_exercise is not None:
            return get_exercise(self._yours_exercise).name
        return find_exercise(self._case).name

    def _default_case(self) -> Case:
        return DEFAULT_CASE if self._mode == "yours" else self._bug.counterexample

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
        self._comparison = compare(self.function, case, self.exercise)
        self._timeline = Timeline(self._comparison, self._granularity)
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
        """convlab.diagnose of the implementation shown (computed once, then kept)."""
        key = (self.function, self.exercise)
        if key not in _DIAGNOSES:
            from convlab.diagnosis import diagnose

            _DIAGNOSES[key] = diagnose(self.function, exercise=self.exercise)
        return _DIAGNOSES[key]

    # --- stepping -------------------------------------------------------------------------

    @property
    def granularity(self) -> str:
        return self._granularity

    @granularity.setter
    def granularity(self, granularity: str) -> None:
        if granularity not in GRANULARITIES:
            raise ParameterError(f"'granularity' must be one of "
                                 f"{', '.join(map(repr, GRANULARITIES))} (got {granularity!r})",
                                 "granularity")
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
        return self._root

    def _ipython_display_(self) -> None:
        from IPython.display import display

        display(self._repr_mimebundle_(), raw=True)

    def _repr_mimebundle_(self, **kwargs):
        """The live widget, plus a still picture of the current step for viewers that
        cannot run widgets (a notebook rendered on GitHub, say)."""
        bundle = self._root._repr_mimebundle_(**kwargs)
        implementation, reference = self.frame
        bundle["text/html"] = (f"{STYLESHEET}{self._title.value}"
                               f"{pair_html(implementation, reference)}")
        return bundle

    def _build_widgets(self) -> None:
        w = widgets
        self._title = w.HTML().add_class("convlab-title")
        self._picker = w.Dropdown(options=[b.id for b in catalog.BUGS], value=self._bug.id,
                                  description="bug",
                                  layout=w.Layout(width="340px")).add_class("convlab-picker")
        self._mode_toggle = w.ToggleButtons(
            options=list(MODES if self._yours is not None else MODES[:2]), value=self._mode,
            style={"button_width": "70px"}).add_class("convlab-mode")
        text = {"continuous_update": False, "layout": w.Layout(width="260px")}
        self._x_text = w.Text(description="x", **text).add_class("convlab-x")
        self._w_text = w.Text(description="w", **text).add_class("convlab-w")
        small = w.Layout(width="150px")
        self._stride_text = w.Text(description="stride", continuous_update=False,
                                   layout=small).add_class("convlab-stride")
        self._padding_text = w.Text(description="padding", continuous_update=False,
                                    placeholder="valid, same, causal, full, 2, (1, 2)",
                                    layout=w.Layout(width="220px")).add_class("convlab-padding")
        self._dilation_text = w.Text(description="dilation", continuous_update=False,
                                     layout=small).add_class("convlab-dilation")
        self._case_error = w.HTML().add_class("convlab-case-error")
        buttons = {}
        for name, tip in (("First", "first step"), ("Back", "previous step"),
                          ("Next", "next step"), ("Last", "last step"),
                          ("First divergence", "the step computing the first output that "
                                               "differs from the reference")):
            buttons[name] = w.Button(description=name, tooltip=tip,
                                     layout=w.Layout(width="auto")).add_class(
                "convlab-" + name.lower().replace(" ", "-"))
        buttons["First"].on_click(lambda _: self.first())
        buttons["Back"].on_click(lambda _: self.back())
        buttons["Next"].on_click(lambda _: self.next())
        buttons["Last"].on_click(lambda _: self.last())
        buttons["First divergence"].on_click(lambda _: self.first_divergence())
        self._buttons = buttons
        # the slider and the play button count steps from 1, like the step counter
        self._play = w.Play(interval=700, min=1, max=2, show_repeat=False,
                            description="play").add_class("convlab-play")
        self._speed = w.FloatSlider(value=1.5, min=0.5, max=10, step=0.5,
                                    description="steps/s", readout_format=".1f",
                                    layout=w.Layout(width="240px")).add_class("convlab-speed")
        self._slider = w.IntSlider(min=1, max=2, description="step",
                                   layout=w.Layout(width="360px")).add_class("convlab-slider")
        self._counter = w.HTML().add_class("convlab-step")
        self._granularity_toggle = w.ToggleButtons(
            options=[("every output element", "output"), ("every source line", "line")],
            value=self._granularity, style={"button_width": "150px"}
        ).add_class("convlab-granularity")
        panel = w.Layout(width="50%", min_width="340px", overflow="auto")
        self._implementation_view = w.HTML(layout=panel).add_class("convlab-implementation")
        self._reference_view = w.HTML(layout=panel).add_class("convlab-reference")
        self._summary = w.HTML().add_class("convlab-summary")
        self._diagnosis_view = w.HTML().add_class("convlab-diagnosis")
        self._diagnose_button = w.Button(description="Diagnose",
                                         tooltip="name the mistake from how the function "
                                                 "behaves on many inputs").add_class(
            "convlab-diagnose")
        self._diagnose_button.on_click(lambda _: self._show_diagnosis(run=True))
        self._formula = w.HTML().add_class("convlab-formula")

        self._picker.observe(self._on_pick, "value")
        self._mode_toggle.observe(self._on_mode, "value")
        self._case_texts = {"x": self._x_text, "w": self._w_text, "stride": self._stride_text,
                            "padding": self._padding_text, "dilation": self._dilation_text}
        for control in self._case_texts.values():
            control.observe(self._on_case_controls, "value")
        self._play.observe(self._on_step_control, "value")
        self._slider.observe(self._on_step_control, "value")
        self._speed.observe(self._on_speed, "value")
        self._granularity_toggle.observe(self._on_granularity, "value")
        self._on_speed()

        row = w.HBox
        self._root = w.VBox([
            w.HTML(STYLESHEET),
            self._title,
            row([self._picker, self._mode_toggle]),
            row([self._x_text, self._w_text]),
            row([self._stride_text, self._padding_text, self._dilation_text]),
            self._case_error,
            row([*(buttons[n] for n in ("First", "Back", "Next", "Last")), self._counter,
                 buttons["First divergence"]]),
            row([self._play, self._speed, self._slider]),
            self._granularity_toggle,
            row([self._implementation_view, self._reference_view],
                layout=w.Layout(width="100%")),
            self._summary,
            self._diagnosis_view,
            self._diagnose_button,
            self._formula,
        ]).add_class("convlab-debugger")

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
                   "stride": lambda text: _parse_int(text, "stride"),
                   "padding": parse_padding,
                   "dilation": lambda text: _parse_int(text, "dilation")}
        try:
            # only the fields edited since the last sync change, so an untouched x keeps
            # its dtype
            changes = {name: parse(self._case_texts[name].value)
                       for name, parse in parsers.items()
                       if self._case_texts[name].value != self._synced[name]}
            self._set_case(self._case.replace(**changes))
        except (ConvlabError, ValueError, TypeError) as error:
            self._case_error.value = (f'<span style="color:#d1242f">{escape(str(error))} '
                                      f"— still showing {escape(repr(self._case))}</span>")
            return
        self._case_error.value = ""

    def _guard(self, action: Callable) -> None:
        """Run a control's action; show a refusal inline instead of raising into Jupyter."""
        try:
            action()
            self._case_error.value = ""
        except ConvlabError as error:
            self._case_error.value = f'<span style="color:#d1242f">{escape(str(error))}</span>'
            self._sync_controls()

    def _on_step_control(self, change) -> None:
        if not self._updating and change["new"] - 1 != self._step:
            self.goto(change["new"] - 1)

    def _on_speed(self, change=None) -> None:
        self._play.interval = int(1000 / self._speed.value)

    def _on_granularity(self, change) -> None:
        if not self._updating:
            self.granularity = change["new"]

    # --- state -> widgets -------------------------------------------------------------------

    def _sync_controls(self) -> None:
        """Put the current bug, mode, case and step range into the controls."""
        self._updating = True
        try:
            case = self._case
            self._picker.value = self._bug.id
            self._mode_toggle.value = self._mode
            self._synced = {"x": _list_text(case.x), "w": _list_text(case.w),
                            "stride": str(case.stride), "padding": str(case.padding),
                            "dilation": str(case.dilation)}
            for name, text in self._synced.items():
                self._case_texts[name].value = text
            count = self._timeline.n_steps
            self._slider.max = self._play.max = max(count, 2)
            self._slider.disabled = self._play.disabled = count == 1
            self._granularity_toggle.value = self._granularity
        finally:
            self._updating = False

    def _show_static(self) -> None:
        """What changes with the case, not with the step: title, summary, formula."""
        bug = self._bug
        if self._mode == "yours":
            title = f"your function <code>{escape(self._comparison.trace.fn_name)}</code>"
        else:
            title = (f"<code>{escape(bug.id)}</code> ({escape(self._mode)}): "
                     f"{escape(bug.title)}")
        self._title.value = f"<b>convlab debugger</b> — {title}"
        summary = self._comparison.summary()
        color = "#1a7f37" if self._comparison.equal else "#d1242f"
        self._summary.value = (f'<div style="color:{color};white-space:pre-wrap">'
                               f"{escape(summary)}</div>")
        try:
            formula = self._case.spec.explain(self._case.length)
        except ConvlabError as error:
            formula = str(error)
        self._formula.value = f'<pre class="cl-formula">{escape(formula)}</pre>'
        self._show_diagnosis(run=self._mode == "yours")

    def _show_diagnosis(self, run: bool) -> None:
        if run:
            self._diagnosis_view.value = _diagnosis_html(self.diagnosis)
            return
        key = (self.function, self.exercise)
        if key in _DIAGNOSES:
            self._diagnosis_view.value = _diagnosis_html(_DIAGNOSES[key])
        elif self._mode == "flawed":
            bug = self._bug
            self._diagnosis_view.value = (
                f"<b>category</b> <code>{escape(bug.category)}</code> (catalog entry)<br>"
                f"{escape(bug.explanation)}<br><b>counterexample</b> "
                f"<code>{escape(repr(bug.counterexample))}</code>")
        else:
            self._diagnosis_view.value = ("The corrected version of this entry; press "
                                          "Diagnose to check it on many inputs.")

    def _show_step(self) -> None:
        implementation, reference = self._timeline.pair(self._step)
        self._updating = True
        try:
            self._slider.value = self._play.value = self._step + 1
        finally:
            self._updating = False
        self._counter.value = (f'<span class="cl-counter">step {self._step + 1} / '
                               f"{self.n_steps}</span>")
        self._implementation_view.value = frame_html(implementation)
        self._reference_view.value = frame_html(reference)


def _diagnosis_html(diagnosis) -> str:
    if not diagnosis.categories:
        return "<b>diagnosis</b>: no difference found on convlab's probe inputs."
    parts = [f"<b>diagnosis</b> <code>{escape(', '.join(diagnosis.categories))}</code><br>",
             escape(diagnosis.explanation)]
    if diagnosis.counterexample is not None:
        parts.append(f"<br><b>counterexample</b> "
                     f"<code>{escape(repr(diagnosis.counterexample))}</code>")
    return "".join(parts)


def _parse_int(text: str, name: str) -> int:
    try:
        return int(text.strip())
    except ValueError:
        raise ParameterError(f"'{name}' must be a whole number (got {text!r})", name) from None


def _list_text(array) -> str:
    values = array.tolist()
    if array.ndim == 1:
        return ", ".join(_number_text(v) for v in values)
    return repr(values)


def _number_text(value) -> str:
    return str(int(value)) if float(value).is_integer() and abs(value) < 1e15 else repr(value)
