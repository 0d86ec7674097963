"""Where a scatter first goes wrong: the first result cell that differs (dx before dw),
the step that shows it, and the same in words, naming the cell as the learner indexes it
(dx[j], dw[k], out[j]) and their line that last wrote it.

The cell is the first that convlab.agreement's rule finds different in each returned
array, with the tolerance of the run's Comparison — the rule convlab.judging applies.
"""

from __future__ import annotations

import numpy as np

from convlab.agreement import first_difference
from convlab.formatting import number
from convlab.tracing import is_allocation

__all__ = ["divergence_step", "divergence_text", "first_cell", "scatter_summary"]


def first_cell(timeline) -> tuple[int, int] | None:
    """The first result cell that differs from the reference (dx before dw)."""
    comparison = timeline.comparison
    if comparison.equal or timeline.got is None or comparison.expected is None:
        return None
    for row, expected in enumerate(timeline.expected):
        index = first_difference(np.array(expected, dtype=float),
                                 np.array(timeline.got[row], dtype=float), timeline.tolerance)
        if index is not None:
            return row, int(index)
    return None


def divergence_step(timeline) -> int | None:
    """The step showing the first result cell that differs (None: every cell agrees).

    The step where the learner's code last wrote that cell; for a cell it never wrote,
    the reference's last step adding to it; when nothing came back, the step the run
    ended on."""
    if timeline.comparison.equal:
        return None
    cell = timeline.divergence
    if cell is None or cell not in timeline.history:
        sample = _last_reference_step(timeline, cell) if cell is not None else None
        if sample is None:
            failed = timeline.failed_step
            return failed if failed is not None else timeline.n_steps - 1
        return timeline.step_of_output((0, sample))
    step_index = timeline.history[cell][-1][0]
    if timeline.granularity == "line":
        return step_index
    return min(max(timeline.sample_of_write(step_index), 0), timeline.n_steps - 1)


def _last_reference_step(timeline, cell: tuple[int, int]) -> int | None:
    row, index = cell
    touching = [step for step, adds in enumerate(timeline.scatter.adds)
                if any(at == index for at, _ in adds[row])]
    return touching[-1] if touching else None


def divergence_text(timeline) -> str | None:
    """The first differing cell in words, and the learner's line that last wrote it;
    None when there is no such cell."""
    if timeline.divergence is None:
        return None
    row, index = cell = timeline.divergence
    label, expected = timeline.label(cell), timeline.expected[row]
    got = timeline.got[row]
    if index < len(expected) and index < len(got):
        text = (f"{label} is the first value that differs: expected "
                f"{number(expected[index])}, got {number(got[index])}.")
    elif index < len(expected):
        text = (f"{label} is missing: your {timeline.names[row]} has {len(got)} values, the "
                f"reference's {len(expected)}.")
    else:
        text = (f"{label} is extra: the reference's {timeline.names[row]} has only "
                f"{len(expected)} values.")
    if cell in timeline.history:
        step = timeline.steps[timeline.history[cell][-1][0]]
        sample = timeline.samples_at[step.index]
        during = f" (while scattering {timeline.parameter}[{sample}])" \
            if sample is not None else ""
        if index < len(got) and is_allocation(step.source):
            text += (f" It only ever held what line {step.lineno} put in every cell: "
                     f"{step.source}.")
        elif index < len(got):
            text += f" It was last written on line {step.lineno}: {step.source}{during}."
        else:
            text += (f" Your code wrote it on line {step.lineno}: {step.source}{during}, "
                     f"then cropped it off what it returned.")
    elif index < len(got) and timeline.steps:
        text += f" No line of yours wrote {label}: it kept the value its buffer began with."
    return text


def scatter_summary(timeline) -> str:
    """The comparison in plain words (convlab.compare's), with the first differing cell
    named as the learner indexes it, and the line that wrote it."""
    said = divergence_text(timeline)
    lines = timeline.comparison.summary().splitlines()
    if said is not None:
        # compare's lines about "Output j" say the same of the flattened result
        lines = [line for line in lines if not line.startswith(
            ("Output ", "It was last written", "No line of yours wrote output"))]
    return "\n".join([*lines, *([said] if said else [])])
