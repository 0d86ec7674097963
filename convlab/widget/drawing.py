"""What the Debugger's widgets show: its state drawn into the controls.

Plain data in (the Case, the catalog Bug, the Comparison and its Timeline), widget values
out. `show_inputs` puts the state into the controls a learner can change, `show_static`
what changes with the case (title, banner, summary, formula) and `show_step` what changes
with the step (counter, listing, the two panels on one column grid).
"""

from __future__ import annotations

from html import escape

from convlab import catalog
from convlab.case import Case
from convlab.casetext import case_texts
from convlab.comparing import Comparison
from convlab.errors import ConvlabError
from convlab.formatting import exact
from convlab.render.to_html import code_html, frame_html
from convlab.stepviews import ScatterTimeline, Timeline
from convlab.stepviews.columns import shared_columns
from convlab.stepviews.scatter_reference import scatter_formula
from convlab.widget.controls import Controls

__all__ = ["banner_html", "code_size", "formula_text", "grid", "show_inputs", "show_static",
           "show_step"]


def show_inputs(controls: Controls, bug_id: str, mode: str, case: Case, n_steps: int,
                granularity: str, varies: tuple[str, ...] = ()) -> dict[str, str]:
    """Put the bug, mode, case, step range and granularity into the controls; returns the
    case's texts as shown, to tell later which of them the learner edited. The boxes of
    dout and output_padding show only for an exercise that `varies` them."""
    controls.picker.value = bug_id
    controls.mode.value = mode
    texts = {**case_texts(case),
             "dout": ", ".join(exact(v) for v in case.dout.tolist())
             if case.dout is not None else "",
             "output_padding": str(case.output_padding)}
    for name, text in texts.items():
        controls.case_texts[name].value = text
    for name in ("dout", "output_padding"):
        controls.case_texts[name].layout.display = None if name in varies else "none"
    controls.slider.max = controls.play.max = max(n_steps, 2)
    controls.slider.disabled = controls.play.disabled = n_steps == 1
    controls.granularity.value = granularity
    return texts


def show_static(controls: Controls, comparison: Comparison, bug: catalog.Bug, mode: str,
                timeline: Timeline | ScatterTimeline) -> None:
    """What changes with the case, not with the step: title, banner, summary, formula.

    For a scatter the banner names the first cell that differs (dx[j], dw[k], out[j]) and
    the line of the learner's that last wrote it."""
    if mode == "yours":
        title = f"your function <code>{escape(comparison.trace.fn_name)}</code>"
    else:
        title = f"<code>{escape(bug.id)}</code> ({escape(mode)}): {escape(bug.title)}"
    controls.title.value = f"<b>convlab debugger</b> — {title}"
    controls.catalog_row.layout.display = "none" if mode == "yours" else None
    summary, headline = comparison.summary(), None
    if isinstance(timeline, ScatterTimeline):
        summary, headline = timeline.summary(), timeline.divergence_text()
    controls.banner.value = banner_html(summary, comparison.equal, headline)
    color = "#005a8c" if comparison.equal else "#8a2a00"
    controls.summary.value = (f'<div style="color:{color};white-space:pre-wrap">'
                              f"{escape(summary)}</div>")
    controls.formula.value = f'<pre class="cl-formula">{escape(formula_text(timeline))}</pre>'


def formula_text(timeline: Timeline | ScatterTimeline) -> str:
    """The rule the reference follows, with the case's numbers."""
    case = timeline.case
    if isinstance(timeline, ScatterTimeline):
        return scatter_formula(case, timeline.scatter.layout)
    try:
        return case.spec.explain(case.length)
    except ConvlabError as error:
        return str(error)


def show_step(controls: Controls, timeline: Timeline, step: int, comparison: Comparison,
              reserved: tuple[int, int]) -> None:
    """The step counter, the listing and the two panels at `step`; `reserved` is the
    (listing lines, variable rows) from `code_size`."""
    implementation, reference = timeline.pair(step)
    controls.counter.value = (f'<span class="cl-counter">step {step + 1} / '
                              f"{timeline.n_steps}</span>")
    columns = shared_columns(implementation, reference, **grid(comparison, timeline))
    lines, variables = reserved
    controls.code.value = code_html(implementation, lines=lines, variables=variables)
    controls.implementation.value = frame_html(implementation, with_source=False,
                                               columns=columns)
    controls.reference.value = frame_html(reference, with_source=False, columns=columns)
    controls.reference_code.value = code_html(reference)


def grid(comparison: Comparison, timeline: Timeline | ScatterTimeline) -> dict:
    """The column grid both panels share: the first divergent output (a scatter's: its
    (row, cell)) and the cell width."""
    if isinstance(timeline, ScatterTimeline):
        return {"divergence": timeline.divergence, "cell_width": timeline.cell_width}
    index = comparison.first_divergence
    if index is not None and not isinstance(index, int):
        index = int(index[-1])
    return {"divergence": index, "cell_width": timeline.cell_width}


def code_size(timeline: Timeline) -> tuple[int, int]:
    """(listing lines, variable rows) to reserve: the longest seen early in the run, so the
    code box keeps one height while stepping."""
    steps = timeline.steps[:400]
    listing = len(timeline.implementation(0).source) if timeline.n_steps else 0
    variables = max((len(step.locals) for step in steps), default=0)
    return max(6, min(listing, 18)), max(3, min(variables, 10))


def banner_html(summary: str, equal: bool, headline: str | None = None) -> str:
    """One line: whether the outputs agree, and where they first part ways (`headline`
    when given, else the summary's line naming the output)."""
    lines = summary.splitlines()
    line = headline or next((text for text in lines if text.startswith("Output ")),
                            lines[0] if lines else "")
    if equal:
        text, kind = f"✓ {line}", "good"
    else:
        text, kind = f"✗ {line} (d: go there)", "bad"
    return (f'<div class="cl-banner cl-banner-{kind}" title="{escape(summary)}">'
            f"{escape(text)}</div>")
