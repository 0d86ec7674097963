"""The reference's panel: how output t is made, synthesized from the definition.

out[t] = sum_k w[k] * xpad[t*stride + k*dilation]: one frame per output element shows
its window over the padded input, the taps under it, the products and the running sum,
next to the reference written as a loop with the case's own numbers in it.
"""

from __future__ import annotations

from convlab.case import Case
from convlab.formatting import number
from convlab.stepviews.frame import Frame

__all__ = ["REFERENCE_NAME", "reference_frame", "reference_listing"]

REFERENCE_NAME = "reference"
_OUT_LINE = 6
"""The line of the listing that computes out[t]."""


def reference_listing(case: Case, pads: tuple[int, int], count: int) -> tuple[str, ...]:
    """The reference as a loop, with this case's numbers; line 6 computes out[t]."""
    pad_left, pad_right = pads
    k_eff = case.spec.effective_kernel_size
    return (
        f"def reference(x, w, stride={case.stride}, padding={case.padding!r}, "
        f"dilation={case.dilation}):",
        f"    xpad = pad(x, left={pad_left}, right={pad_right})",
        f"    out = zeros({count})",
        "    for t in range(len(out)):",
        f"        window = xpad[t*{case.stride} : t*{case.stride} + {k_eff} : "
        f"{case.dilation}]",
        "        out[t] = sum(w * window)",
        "    return out",
    )


def reference_frame(timeline, flat: int) -> Frame:
    """The reference's frame for the output at row-major position `flat` of `timeline`."""
    case = timeline.case
    cell = timeline.cell_of(flat) if timeline.shape[1] else None
    expected = timeline.expected
    has = cell is not None and timeline.value_at(expected, cell) is not None
    outputs = tuple(tuple(v if timeline.flat_index((r, j)) <= flat else None
                          for j, v in enumerate(row))
                    for r, row in enumerate(expected))
    note = ""
    window, taps = (), ()
    if timeline.comparison.expected is None:
        note = f"the reference refuses this input: {timeline.comparison.expected_error}"
        cell = None
    elif not has:
        note = "the reference has no such output"
    else:
        window = tuple(timeline.reference_windows[cell[1]])
        taps = tuple(range(len(window)))
    tap_values, products, running = timeline.products(window, taps)
    source = reference_listing(case, timeline.pads, timeline.expected_count())
    locals_ = ()
    if has:
        row, column = cell
        start = column * case.stride
        k_eff = case.spec.effective_kernel_size
        locals_ = (("t", str(column)),
                   *((("channel", str(row)),) if len(expected) > 1 else ()),
                   ("window", f"xpad[{start}:{start + k_eff}:{case.dilation}] "
                              f"= x[{window[0]}..{window[-1]}]"),
                   ("out[t]", number(timeline.value_at(expected, cell))))
    return Frame(
        side="reference", step=flat, n_steps=timeline.expected_count(), title=REFERENCE_NAME,
        lineno=_OUT_LINE if has else None, line=source[_OUT_LINE - 1] if has else "",
        source=source, source_start=1, locals=locals_, positions=timeline.positions,
        inputs=timeline.inputs, padding=timeline.padding, output_index=cell if has else None,
        window=window, window_from="reference" if window else "", taps=taps,
        tap_values=tap_values, products=products, running_sum=running, outputs=outputs,
        written=(cell,) if has else (), mismatches=frozenset(), missing=frozenset(),
        note=note)
