"""A scatter's frames as terminal text (rich): `convlab trace` for the backward pass and
the transposed convolution.

Three views of one ScatterTimeline, each drawn from its frames alone:
- `sample_table`: one row per sample scattered, what the reference adds where next to what
  the implementation wrote and on which lines;
- `scatter_line_table`: one row per executed line, with what it wrote and the reference's
  running value of those cells;
- `result_strip`: the result arrays at one step (the first divergence, say), the
  reference's above yours, cropped cells in brackets.
Every table fits in 80 columns.
"""

from __future__ import annotations

from rich.markup import escape
from rich.table import Table
from rich.text import Text

from convlab.formatting import number
from convlab.render.to_text import listed_steps, shown_outputs, steps_table
from convlab.stepviews import ScatterFrame, ScatterTimeline

__all__ = ["result_strip", "sample_table", "scatter_line_table"]

SHOWN_LINES = 40
"""The line table shows this many steps from the start, then the last ten."""
_STRIP_WIDTH = 12
"""The result strip shows at most this many cells of each array."""


def _cells(frame: ScatterFrame, cells, limit: int = 4) -> str:
    """'dx[0..1]=1, 2': cells of the frame with their values, by array."""
    parts = []
    for row, name in enumerate(frame.names):
        mine = [(cell, value) for (r, cell), value in cells if r == row]
        if not mine:
            continue
        first, last = mine[0][0], mine[-1][0]
        where = f"{name}[{first}]" if first == last else \
            (f"{name}[{first}..{last}]" if last - first + 1 == len(mine) else f"{name}[…]")
        values = [number(value) for _, value in mine[:limit]]
        parts.append(f"{where}={', '.join(values)}" + ("…" if len(mine) > limit else ""))
    return "  ".join(parts)


def _adds(frame: ScatterFrame) -> list:
    return [((row, cell), value) for row, adds in enumerate(frame.adds) for cell, value in adds]


def sample_table(timeline: ScatterTimeline) -> Table:
    """One row per sample scattered: the reference's additions next to the learner's
    writes. For a timeline at "output" granularity."""
    table = Table(box=None, pad_edge=False, show_edge=False)
    table.add_column(timeline.scatter.sample_name, justify="right")
    table.add_column("reference adds (+=)", overflow="fold")
    table.add_column("yours: new values, lines", overflow="fold")
    table.add_column("", width=1)
    divergence = timeline.first_divergence()
    for step in shown_outputs(timeline.n_steps, divergence):
        if step is None:
            table.add_row("…", "", "", "")
            continue
        mine, reference = timeline.pair(step)
        # wrong: a cell written wrong, a sample the reference adds to the answer and yours
        # never scatters, the step a failed run ended on, the last step of a wrong result
        adds_to_answer = any(not reference.cropped(*cell) for cell in reference.written)
        ok = not (set(mine.written) & mine.mismatches) \
            and (mine.written or not adds_to_answer or not timeline.attributed) \
            and step != timeline.failed_step \
            and (step != timeline.n_steps - 1 or not mine.mismatches)
        wrote = _cells(mine, _adds(mine))
        lines = ",".join(f"L{lineno}" for lineno, _ in mine.writers[:3])
        yours = f"{wrote}  {lines}" if wrote else "(nothing written)"
        table.add_row(str(step), escape(_cells(reference, _adds(reference)) or "(nothing)"),
                      escape(yours), "[green]✓[/green]" if ok else "[red]✗[/red]",
                      style=None if ok else "red")
    return table


def scatter_line_table(timeline: ScatterTimeline, shown: int = SHOWN_LINES) -> Table:
    """One row per executed line; rows that write show the reference's running value of
    the same cells after the sample the line works on."""
    table = steps_table()
    for step in listed_steps(table, len(timeline.steps), shown):
        mine, reference = timeline.pair(step)
        writes = _adds(mine)
        expected = [(cell, reference.value_at(*cell)) for cell, _ in writes]
        known = [(cell, value) for cell, value in expected if value is not None]
        last_writes = [cell for cell, _ in writes if timeline.cell_steps.get(cell) == step]
        style = "red" if set(last_writes) & mine.mismatches else None
        indent = "  " * min(mine.depth, 3)
        table.add_row(str(step), str(mine.lineno), escape(indent + mine.line),
                      escape(_cells(mine, writes, 3)), escape(_cells(reference, known, 3)),
                      style=style)
    return table


def result_strip(timeline: ScatterTimeline, step: int) -> Text:
    """The result arrays at `step`, the reference's above yours; cropped cells are in
    brackets, mismatches marked ✗."""
    mine, reference = timeline.pair(step)
    text = Text(f"step {step + 1} of {timeline.n_steps}, scattering "
                f"{timeline.sample_text(reference.step)}:\n")
    for row, name in enumerate(mine.names):
        cells = list(mine.cells[row])
        if len(cells) > _STRIP_WIDTH:
            focus = [cell for (r, cell) in (*mine.mismatches, *reference.written) if r == row]
            low = max(min(focus, default=cells[0]) - 2, cells[0])
            cells = [cell for cell in cells if low <= cell < low + _STRIP_WIDTH]
        width = max([6, *(len(number(v)) + 3 for frame in (mine, reference)
                          for v in frame.values[row] if v is not None)])
        if mine.full_start is not None:
            text.append(f"{'full':<12}" + "".join(f"{c + mine.full_start:>{width}}"
                                                   for c in cells) + "\n", style="dim")
        text.append(f"{'cell':<12}" + "".join(
            f"{f'[{c}]' if mine.cropped(row, c) else c:>{width}}" for c in cells) + "\n",
            style="dim")
        for label, frame in ((f"{name} ref.", reference), (f"{name} yours", mine)):
            text.append(f"{label:<12}")
            for cell in cells:
                value = frame.value_at(row, cell)
                shown = "—" if (row, cell) in frame.missing else \
                    ("·" if value is None else number(value))
                bad = (row, cell) in frame.mismatches
                text.append(f"{shown + ('✗' if bad else ''):>{width}}",
                            style="red" if bad else ("dim" if mine.cropped(row, cell)
                                                     else None))
            text.append("\n")
    return text
