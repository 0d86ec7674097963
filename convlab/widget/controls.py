"""The Debugger's controls: plain ipywidgets, built and laid out in one place.

`build_controls` makes every widget with its CSS class (`convlab-...`, for stylesheets and
the browser test) and lays them out in one VBox; the Debugger wires them to its state.
Nothing here knows about traces or frames.

The layout, top to bottom, is compact enough for a 900-pixel screen: the title; the catalog
picker and flawed / fixed (hidden for your own function); the case; the stepping row with
the Diagnose button and its status; play, speed and the step slider; a one-line banner that
says whether and where the outputs part ways; then the code beside the state (as Python
Tutor does) — your listing and variables on the left, the two array panels, sharing one
column grid, on the right — and, folded away, the explanation, diagnosis and formulas.
Heights are fixed so stepping never moves anything, and the stylesheet is scoped to the
widget (`WIDGET_STYLESHEET`) so the notebook's own CSS cannot restyle the listing.

Keyboard: ← / → step, Home / End go to the first / last step, d to the first divergence,
whenever the focus is inside the Debugger (click it, or Tab to it); the focus is outlined.
The handler is a few lines of JavaScript in the stylesheet's HTML (an image that fails to
load runs it), so no front-end extension is needed; it only clicks the Debugger's own
buttons, so every key goes through the same path as a click. After "First divergence" it
scrolls the page, when needed, so the banner and the divergent cell are both in view.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

import ipywidgets as widgets

from convlab.render.to_html import WIDGET_STYLESHEET

__all__ = ["BUTTONS", "KEYS", "Controls", "build_controls", "error_html"]

BUTTONS = (("First", "first step (Home)"), ("Back", "previous step (←)"),
           ("Next", "next step (→)"), ("Last", "last step (End)"),
           ("First divergence", "the step computing the first output that differs from "
                                "the reference (d)"))
"""The stepping buttons, by name, with their tooltips."""

KEYS = {"ArrowLeft": "Back", "ArrowRight": "Next", "Home": "First", "End": "Last",
        "d": "First divergence", "D": "First divergence"}
"""Keyboard shortcuts: key -> the button it presses."""

_KEYBOARD_JS = """(function (img) {
  var tries = 0;
  var keys = %(keys)s;
  function attach() {
    var root = img.closest('.convlab-debugger');
    if (!root) { if (tries++ < 200) { setTimeout(attach, 50); } return; }
    if (root.dataset.clKeys) { return; }
    root.dataset.clKeys = '1';
    root.tabIndex = 0;
    root.setAttribute('data-lm-suppress-shortcuts', 'true');
    root.setAttribute('aria-keyshortcuts', 'ArrowLeft ArrowRight Home End D');
    root.addEventListener('keydown', function (event) {
      if (event.ctrlKey || event.metaKey || event.altKey) { return; }
      var target = event.target;
      if (target.closest && target.closest('input, textarea, select, [contenteditable]')) {
        return;
      }
      var name = keys[event.key];
      if (!name) { return; }
      var button = root.querySelector('button.' + name);
      if (!button || button.disabled) { return; }
      event.preventDefault();
      event.stopPropagation();
      button.click();
    });
    root.addEventListener('click', function (event) {
      if (!event.target.closest || !event.target.closest('button.convlab-first-divergence')) {
        return;
      }
      var waited = 0;
      (function reveal() {
        var cell = root.querySelector('.convlab-implementation .cl-out.cl-mismatch.cl-current');
        if (!cell) { if ((waited += 100) < 5000) { setTimeout(reveal, 100); } return; }
        var banner = root.querySelector('.convlab-banner');
        var top = banner.getBoundingClientRect().top;
        var bottom = cell.getBoundingClientRect().bottom;
        if (top < 0 || bottom > window.innerHeight) {
          banner.scrollIntoView({block: 'start'});
        }
      })();
    });
  }
  attach();
})(this);"""

_LAYOUT_CSS = """<style>
.convlab-debugger { max-width: 1180px; gap: 4px; padding: 4px; box-sizing: border-box;
  font-family: system-ui, -apple-system, "Segoe UI", sans-serif; }
.convlab-debugger:focus { outline: none; }
.convlab-debugger:focus-visible, .convlab-debugger:focus-within {
  outline: 2px solid #0072b2; outline-offset: 1px; }
.convlab-debugger button:focus-visible { outline: 3px solid #0072b2 !important;
  outline-offset: 1px; }
.convlab-debugger .widget-html, .convlab-debugger .widget-html-content {
  line-height: 1.3 !important; height: auto; }
.convlab-debugger .widget-html-content { font-size: 13px; }
.convlab-debugger .convlab-title .widget-html-content { white-space: nowrap; overflow: hidden;
  text-overflow: ellipsis; }
.convlab-debugger .convlab-row { flex-wrap: wrap; gap: 2px 6px; align-items: center; }
.convlab-debugger .convlab-row > .widget-inline-hbox,
.convlab-debugger .convlab-row > .jupyter-widgets { margin: 0; }
.convlab-debugger .convlab-banner .widget-html-content { height: 1.5em; overflow: hidden; }
.convlab-debugger .cl-banner { white-space: nowrap; overflow: hidden; text-overflow: ellipsis;
  font-weight: 600; padding: 2px 6px; border-radius: 4px; }
.convlab-debugger .cl-banner-bad { color: #8a2a00; background: #fde3d3; }
.convlab-debugger .cl-banner-good { color: #005a8c; background: #e3f1fa; }
.convlab-debugger .convlab-main { flex-wrap: wrap; gap: 10px; align-items: flex-start; }
.convlab-debugger .convlab-code { flex: 1 1 330px; min-width: 0; }
.convlab-debugger .convlab-state { flex: 1 1 540px; min-width: 0; }
.convlab-debugger .convlab-state .widget-html-content { overflow-x: auto; }
.convlab-debugger .convlab-status .widget-html-content { color: #57606a; }
.convlab-debugger .cl-formula { white-space: pre-wrap !important;
  font-family: ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace !important;
  font-size: 12px !important; margin: 0; }
</style>"""


@dataclass(frozen=True)
class Controls:
    """Every widget of the Debugger, by what it is for; `root` holds them all."""

    title: widgets.HTML
    picker: widgets.Dropdown
    mode: widgets.ToggleButtons
    catalog_row: widgets.HBox
    case_texts: dict
    case_error: widgets.HTML
    buttons: dict
    play: widgets.Play
    speed: widgets.FloatSlider
    slider: widgets.IntSlider
    counter: widgets.HTML
    granularity: widgets.ToggleButtons
    banner: widgets.HTML
    code: widgets.HTML
    implementation: widgets.HTML
    reference: widgets.HTML
    details: widgets.Accordion
    summary: widgets.HTML
    diagnosis: widgets.HTML
    diagnose: widgets.Button
    status: widgets.HTML
    formula: widgets.HTML
    reference_code: widgets.HTML
    root: widgets.VBox


def _keyboard_html() -> str:
    keys = "{" + ", ".join(f"'{key}': 'convlab-{name.lower().replace(' ', '-')}'"
                           for key, name in KEYS.items()) + "}"
    script = escape(_KEYBOARD_JS % {"keys": keys}, quote=True)
    return (f'<img src="data:," alt="" width="0" height="0" style="display:none" '
            f'onerror="{script}">')


def build_controls(bug_ids: list[str], bug_id: str, modes: tuple[str, ...], mode: str,
                   granularity: str) -> Controls:
    """The widgets, laid out as the module's doc describes."""
    w = widgets
    picker = w.Dropdown(options=bug_ids, value=bug_id, description="bug",
                        layout=w.Layout(width="330px")).add_class("convlab-picker")
    mode_toggle = w.ToggleButtons(options=list(modes), value=mode,
                                  style={"button_width": "64px"}).add_class("convlab-mode")
    text = {"continuous_update": False, "style": {"description_width": "initial"}}
    case_texts = {
        "x": w.Text(description="x", layout=w.Layout(width="250px"),
                    **text).add_class("convlab-x"),
        "w": w.Text(description="w", layout=w.Layout(width="150px"),
                    **text).add_class("convlab-w"),
        "stride": w.Text(description="stride", layout=w.Layout(width="90px"),
                         **text).add_class("convlab-stride"),
        "padding": w.Text(description="padding", layout=w.Layout(width="150px"),
                          placeholder="valid, same, 2", **text).add_class("convlab-padding"),
        "dilation": w.Text(description="dilation", layout=w.Layout(width="100px"),
                           **text).add_class("convlab-dilation"),
        # the backward pass's output gradient and the transposed convolution's extra cells
        "dout": w.Text(description="dout", layout=w.Layout(width="200px"),
                       **text).add_class("convlab-dout"),
        "output_padding": w.Text(description="output_padding", layout=w.Layout(width="150px"),
                                 **text).add_class("convlab-output-padding"),
    }
    buttons = {name: w.Button(description=name, tooltip=tip,
                              layout=w.Layout(width="auto", height="28px")).add_class(
        "convlab-" + name.lower().replace(" ", "-")) for name, tip in BUTTONS}
    # the slider and the play button count steps from 1, like the step counter
    play = w.Play(interval=700, min=1, max=2, show_repeat=False,
                  description="play").add_class("convlab-play")
    speed = w.FloatSlider(value=1.5, min=0.5, max=10, step=0.5, description="steps/s",
                          readout_format=".1f",
                          layout=w.Layout(width="210px")).add_class("convlab-speed")
    slider = w.IntSlider(min=1, max=2, description="step",
                         layout=w.Layout(width="300px")).add_class("convlab-slider")
    granularity_toggle = w.ToggleButtons(
        options=[("each output", "output"), ("each line", "line")],
        value=granularity, style={"button_width": "90px"}).add_class("convlab-granularity")
    diagnose = w.Button(description="Diagnose", layout=w.Layout(width="auto", height="28px"),
                        tooltip="name the mistake from how the function behaves on many "
                                "inputs").add_class("convlab-diagnose")
    parts = dict(
        title=w.HTML().add_class("convlab-title"), picker=picker, mode=mode_toggle,
        case_texts=case_texts, case_error=w.HTML().add_class("convlab-case-error"),
        buttons=buttons, play=play, speed=speed, slider=slider,
        counter=w.HTML(layout=w.Layout(width="96px")).add_class("convlab-step"),
        granularity=granularity_toggle,
        banner=w.HTML().add_class("convlab-banner"),
        code=w.HTML().add_class("convlab-code"),
        implementation=w.HTML().add_class("convlab-implementation"),
        reference=w.HTML().add_class("convlab-reference"),
        summary=w.HTML().add_class("convlab-summary"),
        diagnosis=w.HTML().add_class("convlab-diagnosis"),
        diagnose=diagnose,
        status=w.HTML(layout=w.Layout(flex="1 1 200px", min_width="0")).add_class(
            "convlab-status"),
        formula=w.HTML().add_class("convlab-formula"),
        reference_code=w.HTML().add_class("convlab-reference-code"))
    row = lambda children: w.HBox(children).add_class("convlab-row")  # noqa: E731
    catalog_row = row([picker, mode_toggle])
    state = w.VBox([parts["implementation"], parts["reference"]]).add_class("convlab-state")
    main = w.HBox([parts["code"], state]).add_class("convlab-main")
    details = w.Accordion(children=[w.VBox([parts["summary"], parts["diagnosis"],
                                            parts["formula"], parts["reference_code"]])],
                          selected_index=None).add_class("convlab-details")
    details.set_title(0, "Explanation, diagnosis and formulas")
    root = w.VBox([
        w.HTML(_LAYOUT_CSS + WIDGET_STYLESHEET + _keyboard_html(),
               layout=w.Layout(height="0px", overflow="hidden")).add_class("convlab-style"),
        parts["title"],
        catalog_row,
        row([*case_texts.values()]),
        parts["case_error"],
        row([*(buttons[n] for n in ("First", "Back", "Next", "Last")), parts["counter"],
             buttons["First divergence"], diagnose, parts["status"]]),
        row([play, speed, slider, granularity_toggle]),
        parts["banner"],
        main,
        details,
    ]).add_class("convlab-debugger")
    return Controls(**parts, catalog_row=catalog_row, details=details, root=root)


def error_html(message: str) -> str:
    """A refusal shown inline, in red."""
    return f'<span style="color:#b03a00">{escape(message)}</span>'
