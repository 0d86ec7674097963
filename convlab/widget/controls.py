"""The Debugger's controls: plain ipywidgets, built and laid out in one place.

`build_controls` makes every widget with its CSS class (`convlab-...`, for stylesheets and
the browser test) and lays them out in one VBox; the Debugger wires them to its state.
Nothing here knows about traces or frames.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

import ipywidgets as widgets

from convlab.render import STYLESHEET

__all__ = ["BUTTONS", "Controls", "build_controls", "error_html"]

BUTTONS = (("First", "first step"), ("Back", "previous step"), ("Next", "next step"),
           ("Last", "last step"),
           ("First divergence", "the step computing the first output that differs from "
                                "the reference"))
"""The stepping buttons, by name, with their tooltips."""


@dataclass(frozen=True)
class Controls:
    """Every widget of the Debugger, by what it is for; `root` holds them all."""

    title: widgets.HTML
    picker: widgets.Dropdown
    mode: widgets.ToggleButtons
    case_texts: dict
    case_error: widgets.HTML
    buttons: dict
    play: widgets.Play
    speed: widgets.FloatSlider
    slider: widgets.IntSlider
    counter: widgets.HTML
    granularity: widgets.ToggleButtons
    implementation: widgets.HTML
    reference: widgets.HTML
    summary: widgets.HTML
    diagnosis: widgets.HTML
    diagnose: widgets.Button
    formula: widgets.HTML
    root: widgets.VBox


def build_controls(bug_ids: list[str], bug_id: str, modes: tuple[str, ...], mode: str,
                   granularity: str) -> Controls:
    """The widgets, laid out: picker and mode, the case boxes, stepping, the two panels,
    then the summary, the diagnosis and the output-length formula."""
    w = widgets
    picker = w.Dropdown(options=bug_ids, value=bug_id, description="bug",
                        layout=w.Layout(width="340px")).add_class("convlab-picker")
    mode_toggle = w.ToggleButtons(options=list(modes), value=mode,
                                  style={"button_width": "70px"}).add_class("convlab-mode")
    text = {"continuous_update": False, "layout": w.Layout(width="260px")}
    small = w.Layout(width="150px")
    case_texts = {
        "x": w.Text(description="x", **text).add_class("convlab-x"),
        "w": w.Text(description="w", **text).add_class("convlab-w"),
        "stride": w.Text(description="stride", continuous_update=False,
                         layout=small).add_class("convlab-stride"),
        "padding": w.Text(description="padding", continuous_update=False,
                          placeholder="valid, same, causal, full, 2, (1, 2)",
                          layout=w.Layout(width="220px")).add_class("convlab-padding"),
        "dilation": w.Text(description="dilation", continuous_update=False,
                           layout=small).add_class("convlab-dilation"),
    }
    buttons = {name: w.Button(description=name, tooltip=tip,
                              layout=w.Layout(width="auto")).add_class(
        "convlab-" + name.lower().replace(" ", "-")) for name, tip in BUTTONS}
    # the slider and the play button count steps from 1, like the step counter
    play = w.Play(interval=700, min=1, max=2, show_repeat=False,
                  description="play").add_class("convlab-play")
    speed = w.FloatSlider(value=1.5, min=0.5, max=10, step=0.5, description="steps/s",
                          readout_format=".1f",
                          layout=w.Layout(width="240px")).add_class("convlab-speed")
    slider = w.IntSlider(min=1, max=2, description="step",
                         layout=w.Layout(width="360px")).add_class("convlab-slider")
    granularity_toggle = w.ToggleButtons(
        options=[("every output element", "output"), ("every source line", "line")],
        value=granularity, style={"button_width": "150px"}).add_class("convlab-granularity")
    panel = w.Layout(width="50%", min_width="340px", overflow="auto")
    parts = dict(
        title=w.HTML().add_class("convlab-title"), picker=picker, mode=mode_toggle,
        case_texts=case_texts, case_error=w.HTML().add_class("convlab-case-error"),
        buttons=buttons, play=play, speed=speed, slider=slider,
        counter=w.HTML().add_class("convlab-step"), granularity=granularity_toggle,
        implementation=w.HTML(layout=panel).add_class("convlab-implementation"),
        reference=w.HTML(layout=panel).add_class("convlab-reference"),
        summary=w.HTML().add_class("convlab-summary"),
        diagnosis=w.HTML().add_class("convlab-diagnosis"),
        diagnose=w.Button(description="Diagnose",
                          tooltip="name the mistake from how the function behaves on many "
                                  "inputs").add_class("convlab-diagnose"),
        formula=w.HTML().add_class("convlab-formula"))
    row = w.HBox
    root = w.VBox([
        w.HTML(STYLESHEET),
        parts["title"],
        row([picker, mode_toggle]),
        row([case_texts["x"], case_texts["w"]]),
        row([case_texts["stride"], case_texts["padding"], case_texts["dilation"]]),
        parts["case_error"],
        row([*(buttons[n] for n in ("First", "Back", "Next", "Last")), parts["counter"],
             buttons["First divergence"]]),
        row([play, speed, slider]),
        granularity_toggle,
        row([parts["implementation"], parts["reference"]], layout=w.Layout(width="100%")),
        parts["summary"],
        parts["diagnosis"],
        parts["diagnose"],
        parts["formula"],
    ]).add_class("convlab-debugger")
    return Controls(**parts, root=root)


def error_html(message: str) -> str:
    """A refusal shown inline, in red."""
    return f'<span style="color:#d1242f">{escape(message)}</span>'

