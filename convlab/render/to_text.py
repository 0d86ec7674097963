"""Frames as terminal text (rich): the tables and the window strip of `convlab trace`.

Three views of one Timeline, each drawn from its frames alone:
- `output_table`: one row per output element, the reference's window, products and
  running sum next to the value the implementation wrote and the line that wrote it;
- `line_table`: one row per executed line, with what it wrote and the reference's value;
- `window_strip`: the padded input with the reference's window and the implementation's
  marked under it, for one step (the first mismatch, say).
Every table fits in 80 columns.
"""

from __future__ import annotations

from rich.markup import escape
from rich.table import Table
from rich.text import Text

from convlab.formatting import number, shorten
from convlab.stepviews import Frame, Timeline

__all__ = ["line_table", "output_table", "shown_outputs", "window_strip"]

SHOWN_LINES = 40
"""The line table shows this many steps from the start, then the last ten."""
_STRIP_WIDTH = 12
"""The window strip shows at most this many input positions."""


def output_table(timeline: Timeline) -> Table:
    """One row per output element: the reference's step next to the implementation's.

    For a timeline at "output" granularity, where step t computes output t.
    """
    table = Table(box=None, pad_edge=False, show_edge=False)
    table.add_column("t", justify="right")
    table.add_column("reference: window  w×x → running sum", overflow="fold")
    table.add_column("yours: value, line", overflow="fold")
    table.add_column("", width=1)
    divergence = timeline.first_divergence()
    for step in shown_outputs(timeline.n_outputs, divergence):
        if step is None:
            table.add_row("…", "", "", "")
            continue
        mine, reference = timeline.pair(step)
        cell = mine.output_index
        ok = cell is not None and cell not in mine.mismatches \
            and reference.output_index == cell
        table.add_row(_label(mine, cell), escape(_reference_step(reference)),
                      escape(_implementation_step(mine)),
                      "[green]✓[/green]" if ok else "[red]✗[/red]",
                      style=None if ok else "red")
    return table


def steps_table() -> Table:
    """The line table's columns: #, line, your code, writes, reference."""
    table = Table(box=None, pad_edge=False, show_edge=False)
    table.add_column("#", justify="right")
    table.add_column("line", justify="right")
    table.add_column("your code", overflow="ellipsis", no_wrap=True, max_width=34)
    table.add_column("writes", overflow="fold")
    table.add_column("reference", overflow="fold")
    return table


def listed_steps(table: Table, count: int, shown: int = SHOWN_LINES):
    """The steps a line table lists, in order: the first `shown` and the last 10, with a
    row put into `table` between them saying how many are left out."""
    if count <= shown + 10:
        yield from range(count)
        return
    yield from range(shown)
    table.add_row("…", "", f"{count - shown - 10} more steps", "", "")
    yield from range(count - 10, count)


def line_table(timeline: Timeline, shown: int = SHOWN_LINES) -> Table:
    """One row per executed line; rows that write an output show the reference's value."""
    table = steps_table()
    for step in listed_steps(table, len(timeline.steps), shown):
        mine, reference = timeline.pair(step)
        writes = ", ".join(f"out[{_label(mine, cell)}]="
                           f"{number(Timeline.value_at(mine.outputs, cell))}"
                           for cell in mine.written[:3])
        if len(mine.written) > 3:
            writes += f", … ({len(mine.written)} in all)"
        expected, style = "", None
        if mine.written:
            cell = mine.written[0]
            expected = (f"out[{_label(mine, cell)}]="
                        f"{number(Timeline.value_at(reference.outputs, cell))}"
                        if reference.output_index == cell else
                        f"out[{_label(mine, cell)}] does not exist")
            # only a cell's last write is its answer; earlier ones may be partial sums
            if any(cell in mine.mismatches for cell in mine.written
                   if timeline.cell_steps.get(cell) == step):
                style = "red"
        indent = "  " * min(mine.depth, 3)
        table.add_row(str(step), str(mine.lineno), escape(indent + mine.line),
                      escape(writes), escape(expected), style=style)
    return table


def window_strip(timeline: Timeline, step: int) -> Text:
    """The padded input with the reference's window and yours marked under it, at `step`."""
    mine, reference = timeline.pair(step)
    cell = mine.output_index if mine.output_index is not None else reference.output_index
    positions = list(mine.positions)
    marked = set(mine.window) | set(reference.window)
    if len(positions) > _STRIP_WIDTH and marked:
        low = max(min(marked) - 2, positions[0])
        positions = [p for p in positions if low <= p < low + _STRIP_WIDTH]
    width = max(5, max(len(number(mine.input_at(p))) for p in positions) + 1)
    where = _label(mine, cell) if cell is not None else "?"
    text = Text(f"output {where} over the padded input:\n")
    text.append(f"{'position':<11}" + "".join(f"{p:>{width}}" for p in positions) + "\n")
    text.append(f"{'input':<11}")
    padding = dict(zip(mine.positions, mine.padding))
    for p in positions:
        text.append(f"{number(mine.input_at(p)):>{width}}", style="dim" if padding[p] else None)
    text.append("\n")
    theirs = reference.window if reference.output_index is not None else None
    for label, window, style in (("reference", theirs, "green"),
                                 ("yours", _known_window(mine), "yellow")):
        text.append(f"{label:<11}")
        if window is None:
            known = label == "reference" or mine.window_from == ""
            text.append("(no such output)\n" if known else "(not known)\n")
            continue
        if not window:
            text.append("(reads no input)\n", style="red")
            continue
        wrong = label == "yours" and tuple(window) != tuple(theirs or ())
        for p in positions:
            taps = [k for k, q in enumerate(window) if q == p]
            mark = "w" + ",".join(map(str, taps)) if taps else ""
            text.append(f"{mark:>{width}}", style=("red" if wrong else style) if taps else None)
        text.append("\n")
    return text


def _known_window(frame: Frame) -> tuple[int, ...] | None:
    """The implementation's own window (possibly empty), or None when it is not known."""
    return frame.window if frame.window_from == "provenance" else None


def _reference_step(frame: Frame) -> str:
    """'[2..3] 0.5×3 + -0.5×4 → 1.5, -0.5': one reference step (just '= value' when the
    case has channels)."""
    if frame.output_index is None:
        return "(no such output)"
    if not frame.products:
        return f"= {number(Timeline.value_at(frame.outputs, frame.output_index))}"
    products = [f"{number(tap)}×{number(frame.input_at(p))}"
                for tap, p in zip(frame.tap_values, frame.window)]
    running = [number(value) for value in frame.running_sum]
    if len(products) > 4:
        products = [*products[:3], "…"]
        running = [*running[:2], "…", running[-1]]
    return (f"[{frame.window[0]}..{frame.window[-1]}] " + " + ".join(products)
            + " → " + ", ".join(running))


def _implementation_step(frame: Frame) -> str:
    """'3.5  L6: out[i] = ...': the value written and the line that wrote it."""
    value = Timeline.value_at(frame.outputs, frame.output_index) \
        if frame.output_index is not None else None
    if value is None or frame.output_index in frame.missing:
        return "(missing)"
    if frame.written and frame.lineno is not None:
        return f"{number(value)}  L{frame.lineno}: {shorten(frame.line, 24)}"
    return f"{number(value)}  (no line wrote it)"


def _label(frame: Frame, cell: tuple[int, int] | None) -> str:
    """An output cell as the learner indexes it: 't', or 'row,t' with several rows."""
    if cell is None:
        return "…"
    row, column = cell
    return str(column) if len(frame.outputs) <= 1 else f"{row},{column}"


def shown_outputs(count: int, divergence: int | None) -> list:
    """All outputs when few; else the first ones, the first mismatch, and the last."""
    if count <= 16:
        return list(range(count))
    keep = set(range(6)) | {count - 2, count - 1}
    if divergence is not None:
        keep |= {divergence - 1, divergence, divergence + 1}
    ordered = sorted(t for t in keep if 0 <= t < count)
    shown = []
    for previous, current in zip([None, *ordered], ordered):
        if previous is not None and current != previous + 1:
            shown.append(None)
        shown.append(current)
    return shown
