"""The class report's two plots, as PNG bytes: the score distribution and the pass rates.

Plain numbers in, an image out: the counting happens in convlab.grading.report, which
embeds these images in one HTML file. matplotlib is imported inside the functions and
figures are built without pyplot, so nothing here touches a notebook's figures.
"""

from __future__ import annotations

import io

__all__ = ["pass_rate_png", "score_histogram_png"]

_BAR = "#0072b2"
_TEXT = "#1f2328"


def _png(figure) -> bytes:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=100, bbox_inches="tight")
    return buffer.getvalue()


def score_histogram_png(scores: list[float], max_score: float) -> bytes:
    """How many submissions got each score: one bar per whole point from 0 to `max_score`."""
    from matplotlib.figure import Figure

    top = max(int(max_score), int(max(scores, default=0.0)), 1)
    counts = [0] * (top + 1)
    for score in scores:
        counts[min(max(int(round(score)), 0), top)] += 1
    figure = Figure(figsize=(7.0, 2.6))
    axes = figure.add_subplot()
    axes.bar(range(top + 1), counts, color=_BAR, width=0.8)
    axes.set_xlabel(f"score (out of {max_score:g})", color=_TEXT)
    axes.set_ylabel("submissions", color=_TEXT)
    axes.set_xlim(-0.7, top + 0.7)
    axes.yaxis.get_major_locator().set_params(integer=True)
    axes.spines[["top", "right"]].set_visible(False)
    return _png(figure)


def pass_rate_png(rates: list[tuple[str, float]]) -> bytes:
    """One horizontal bar per test: the share of submissions that passed it (0..1)."""
    from matplotlib.figure import Figure

    figure = Figure(figsize=(7.0, 0.6 + 0.32 * max(len(rates), 1)))
    axes = figure.add_subplot()
    names = [name for name, _ in rates][::-1]
    shares = [100 * rate for _, rate in rates][::-1]
    axes.barh(names, shares, color=_BAR, height=0.7)
    for row, share in enumerate(shares):
        axes.text(min(share + 1, 92), row, f"{share:.0f}%", va="center", fontsize=9,
                  color=_TEXT)
    axes.set_xlim(0, 100)
    axes.set_xlabel("submissions that passed (%)", color=_TEXT)
    axes.spines[["top", "right"]].set_visible(False)
    return _png(figure)
