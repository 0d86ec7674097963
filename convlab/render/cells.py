"""One result cell of the HTML panels (the conv1d output row and the scatter's arrays)."""

from __future__ import annotations

from convlab.formatting import number

__all__ = ["output_cell"]


def output_cell(value: float | None, *, missing: bool, current: bool, mismatch: bool,
                classes: tuple[str, ...] = ()) -> tuple[list[str], str]:
    """The classes and text of one result cell: "—" for a missing one, "·" for one not
    written yet, else its number; marked current and / or mismatched."""
    names = ["cl-cell", "cl-out", *classes]
    if missing:
        names.append("cl-missing")
        text = "—"
    elif value is None:
        names.append("cl-empty")
        text = "·"
    else:
        text = number(value)
    if current:
        names.append("cl-current")
    if mismatch:
        names.append("cl-mismatch")
    return names, text
