"""Debugger: the widget driven headless through its Python API and its controls."""

from __future__ import annotations

import re

import numpy as np
import pytest

from convlab import Case, catalog
from convlab.casetext import parse_padding, parse_values
from convlab.exercises import SCATTER_LAYOUTS, get_exercise
from convlab.widget import Debugger

ARTICLE_CASE = Case(x=[1, 2, 3, 4, 5, 6, 7, 8], w=[0.5, -0.5], stride=2)
CELL = re.compile(r'<td class="([^"]*)" data-(?:pos|index)="(-?\d+)">')


def marked(html: str, css_class: str) -> list[int]:
    """Positions (input cells) or indices (output cells) carrying css_class."""
    return [int(number) for classes, number in CELL.findall(html)
            if css_class in classes.split()]


def views(debugger: Debugger) -> tuple[str, str]:
    return debugger.panel_html


GATHERING = [bug for bug in catalog.BUGS
             if get_exercise(bug.exercise).layout not in SCATTER_LAYOUTS]
"""Catalog entries stepped one output at a time (the scatters: tests/test_scatter_views.py)."""


@pytest.mark.parametrize("bug", GATHERING, ids=lambda b: b.id)
def test_every_entry_steps_through_every_output(bug):
    """Flawed and fixed, every step renders, and the reference window matches its Frame."""
    debugger = Debugger(bug.id)
    for mode in ("flawed", "fixed"):
        debugger.mode = mode
        assert debugger.n_steps > 0
        for step in range(debugger.n_steps):
            debugger.goto(step)
            implementation, reference = debugger.frame
            mine, theirs = views(debugger)
            assert debugger.step == step
            assert f"step {step + 1} / {debugger.n_steps}" in debugger.controls.counter.value
            assert set(marked(theirs, "cl-window")) == set(reference.window)
            assert set(marked(mine, "cl-window")) == set(implementation.window)
            assert sorted(marked(mine, "cl-mismatch")) == sorted(
                column for _, column in implementation.mismatches)
        if mode == "flawed":
            assert debugger.first_divergence() is not None


@pytest.mark.parametrize("bug_id", ["article-strided-range", "classic-kernel-read-backwards",
                                    "classic-extra-zero-on-the-left"])
def test_line_granularity_visits_every_line(bug_id):
    """At line granularity there is one step per traced line, each highlighting its line."""
    debugger = Debugger(bug_id, granularity="line")
    assert debugger.n_steps == debugger.comparison.trace.n_steps
    for step in range(debugger.n_steps):
        debugger.goto(step)
        assert "cl-line-current" in debugger.controls.code.value


def test_article_stride_bug_never_highlights_the_last_window():
    """x = 1..8, w = [0.5, -0.5], stride 2: the reference reads 6, 7 last; the bug never."""
    debugger = Debugger("article-strided-range", ARTICLE_CASE)
    seen = set()
    for step in range(debugger.n_steps):
        debugger.goto(step)
        seen.update(marked(views(debugger)[0], "cl-window"))
    assert 6 not in seen and 7 not in seen
    assert debugger.first_divergence() == 3
    mine, theirs = views(debugger)
    assert marked(theirs, "cl-window") == [6, 7]
    assert marked(mine, "cl-window") == [] and marked(mine, "cl-mismatch") == [3]
    debugger.mode = "fixed"
    debugger.last()
    assert marked(views(debugger)[0], "cl-window") == [6, 7]
    assert marked(views(debugger)[0], "cl-mismatch") == []


def test_same_padding_shows_padding_cells():
    """Under 'same' padding both panels mark the padded cell at the last step."""
    debugger = Debugger("article-no-padding", Case(x=[1, 2, 3, 4, 5], w=[1, 10],
                                                   padding="same"))
    debugger.mode = "fixed"
    debugger.last()
    mine, theirs = views(debugger)
    assert marked(theirs, "cl-pad") == [5] and marked(theirs, "cl-window") == [4, 5]
    assert marked(mine, "cl-pad") == [5]


def test_navigation_api_and_buttons_agree():
    """Buttons, slider, play and the Python API all move the same step counter."""
    debugger = Debugger("article-strided-range", ARTICLE_CASE)
    assert (debugger.n_steps, debugger.step) == (4, 0)
    debugger.controls.buttons["Next"].click()
    debugger.controls.buttons["Next"].click()
    assert debugger.step == 2 and debugger.controls.slider.value == 3
    debugger.controls.buttons["Back"].click()
    assert debugger.step == 1
    debugger.controls.slider.value = 4
    assert debugger.step == 3
    debugger.controls.buttons["First"].click()
    assert debugger.step == 0
    debugger.controls.play.value = 3
    assert debugger.step == 2
    debugger.controls.buttons["Last"].click()
    assert debugger.step == 3
    debugger.goto(99)
    assert debugger.step == 3
    debugger.controls.granularity.value = "line"
    assert debugger.granularity == "line" and debugger.n_steps > 4
    debugger.controls.speed.value = 4
    assert debugger.controls.play.interval == 250


def test_case_controls_accept_lists_and_paddings():
    """The case text boxes take lists, bare numbers and padding words or pairs."""
    debugger = Debugger("article-strided-range", ARTICLE_CASE)
    debugger.controls.case_texts["x"].value = "[1, 2, 3, 4, 5]"
    debugger.controls.case_texts["w"].value = "1, 10"
    debugger.controls.case_texts["padding"].value = "1"
    assert debugger.case == Case(x=[1, 2, 3, 4, 5], w=[1, 10], stride=2, padding=1)
    debugger.controls.case_texts["padding"].value = "same"
    assert debugger.case.padding == "same" and debugger.error == ""
    assert parse_values("3", "x") == [3] and parse_values("(1, 2)", "w") == [1, 2]
    assert parse_padding("'valid'") == "valid" and parse_padding("(1, 2)") == (1, 2)
    assert parse_padding("[0, 3]") == (0, 3) and parse_padding("causal") == "causal"


def test_padding_kinds_the_exercise_lacks_are_refused_inline():
    """A (left, right) pair is a padding, but not one the conv1d exercise takes."""
    debugger = Debugger("article-strided-range", ARTICLE_CASE)
    debugger.controls.case_texts["padding"].value = "(1, 2)"
    assert "does not take" in debugger.error
    assert debugger.case == ARTICLE_CASE


@pytest.mark.parametrize("field, text, words", [
    ("x", "1, 2, oops", "'x' must be numbers"),
    ("stride", "0", "'stride' must be an int >= 1"),
    ("padding", "sideways", "'padding' must be one of"),
    ("dilation", "2", "does not take"),
    ("w", "[]", "non-empty"),
])
def test_bad_case_input_shows_the_error_and_keeps_the_last_good_case(field, text, words):
    """Bad text in a case box shows the error inline and keeps the last good case and step."""
    debugger = Debugger("article-strided-range", ARTICLE_CASE)
    debugger.goto(2)
    debugger.controls.case_texts[field].value = text
    assert words in debugger.error
    assert debugger.case == ARTICLE_CASE and debugger.step == 2
    debugger.next()
    assert debugger.step == 3 and "cl-window" in views(debugger)[1]


def test_kernel_longer_than_input_is_shown_as_the_reference_refusing():
    """For a kernel longer than the input the reference panel says it refuses."""
    debugger = Debugger("classic-no-size-check")
    assert "refuses" in views(debugger)[1] or "refuse" in debugger.comparison.summary()


def test_your_own_function_and_its_diagnosis():
    """A learner's function opens on the article case with its diagnosis; the picker switches."""
    def conv1d(x, w, stride=1, padding="valid"):
        out = []
        for i in range(0, len(x) - len(w), stride):
            out.append(float(np.dot(x[i:i + len(w)], w)))
        return out

    debugger = Debugger(conv1d)
    assert debugger.mode == "yours" and debugger.case == Case(
        x=[1, 2, 3, 4, 5, 6, 7, 8], w=[0.5, -0.5], stride=2)
    assert "last-window-skipped" in debugger.diagnosis.categories
    assert "last-window-skipped" in debugger.controls.diagnosis.value
    debugger.mode = "flawed"
    assert debugger.function is debugger.bug.flawed
    debugger.controls.picker.value = "classic-kernel-read-backwards"
    assert debugger.bug.id == "classic-kernel-read-backwards"
    assert debugger.case == debugger.bug.counterexample


def test_it_displays_as_its_root_widget():
    """The display bundle is the root widget's view, with the formula and diagnosis filled."""
    debugger = Debugger("article-strided-range")
    bundle = debugger._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle
    assert bundle["application/vnd.jupyter.widget-view+json"]["model_id"] == \
        debugger.widget.model_id
    assert debugger.widget is debugger.controls.root
    assert "Output length" in debugger.controls.formula.value
    assert "last-window-skipped" in debugger.controls.diagnosis.value


def test_the_display_carries_a_still_picture_of_the_current_step():
    """Viewers without widgets (GitHub) get the current step as HTML next to the widget."""
    from convlab import Debugger

    debugger = Debugger("article-strided-range")
    bundle = debugger._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle
    assert "cl-pair" in bundle["text/html"] and "cl-cell" in bundle["text/html"]


def test_your_function_hides_the_catalog_and_is_drawn_before_its_diagnosis(monkeypatch):
    """Debugger(fn) returns at once with 'diagnosing…' and a busy Diagnose button; the
    diagnosis arrives from its thread with its confidence, and the button is free again."""
    import threading

    import convlab.widget.diagnosing as module

    release = threading.Event()
    real = module.diagnose

    def slow_diagnose(fn, exercise="conv1d"):
        release.wait(30)
        return real(fn, exercise=exercise)

    monkeypatch.setattr(module, "diagnose", slow_diagnose)

    def conv1d(x, w, stride=1, padding="valid"):
        return [float(np.dot(x[i:i + len(w)], w)) for i in range(0, len(x) - len(w), stride)]

    debugger = Debugger(conv1d)
    controls = debugger.controls
    assert debugger.diagnosing and "diagnosing" in controls.status.value
    assert controls.diagnose.disabled and controls.diagnose.description == "Diagnosing…"
    assert controls.catalog_row.layout.display == "none"
    assert debugger.n_steps == 4
    release.set()
    debugger.wait_for_diagnosis(timeout=60)
    assert not debugger.diagnosing and not controls.diagnose.disabled
    assert "confidence" in controls.status.value
    assert "last-window-skipped" in controls.diagnosis.value
    debugger.mode = "flawed"
    assert controls.catalog_row.layout.display is None


def test_4096_samples_step_with_the_window_in_view():
    """A 4096-sample input: every visited step draws both windows among its few columns,
    and First divergence shows the divergent cell, marked, with the banner naming it."""
    case = Case(x=np.random.default_rng(1).standard_normal(4096).round(2), w=[0.5, -0.5],
                stride=2)
    debugger = Debugger("article-strided-range", case)
    assert debugger.n_steps == 2048
    for step in (0, 1, 1023, 2046):
        debugger.goto(step)
        implementation, reference = debugger.frame
        mine, theirs = views(debugger)
        assert set(marked(theirs, "cl-window")) == set(reference.window)
        assert set(marked(mine, "cl-window")) == set(implementation.window)
        assert len(marked(theirs, "cl-in")) <= 11 and len(mine) < 20_000
    assert debugger.first_divergence() == 2047
    mine, _ = views(debugger)
    assert marked(mine, "cl-mismatch") == [2047]
    assert "Output 2047 is the first that differs" in debugger.controls.banner.value


def test_code_sits_beside_the_state_with_fixed_heights():
    """The listing and locals are their own panel with fixed heights; explanation, formula
    and the reference's listing are folded into the details."""
    debugger = Debugger("article-strided-range", ARTICLE_CASE)
    code = debugger.controls.code.value
    assert "cl-source" in code and "cl-locals" in code and "height:" in code
    heights = set()
    for step in range(debugger.n_steps):
        debugger.goto(step)
        heights.add(re.findall(r"height: [\d.]+em", debugger.controls.code.value)[0])
    assert len(heights) == 1
    details = debugger.controls.details
    assert details.selected_index is None
    assert debugger.controls.formula in details.children[0].children
    assert "reference" in debugger.controls.reference_code.value


def test_keyboard_shortcuts_press_the_buttons():
    """The stylesheet widget carries the key handler: arrows, Home, End and d, each pressing
    a Debugger button by its class."""
    from convlab.widget.controls import KEYS

    style = Debugger("article-strided-range").widget.children[0].value
    assert "onerror=" in style and "data-lm-suppress-shortcuts" in style
    for key, button in KEYS.items():
        assert f"&#x27;{key}&#x27;: &#x27;convlab-{button.lower().replace(' ', '-')}" in style
