"""Draw the lessons' animations into docs/lessons/: python lessons/make_assets.py

Each GIF is convlab.animate on a catalog entry: the flawed function (left) stepped one
output at a time next to the reference (right). The lessons embed them as images, so a
reader sees the steps without a running kernel.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

import convlab
from convlab import Case

ROOT = Path(__file__).resolve().parent.parent
ASSETS = ROOT / "docs" / "lessons"

DIGITS = np.arange(1, 6)
ANIMATIONS = {
    # lesson 2: 'same' with an even kernel, the article's (K - 1) // 2 on each side
    "same-even-kernel": ("article-same-fix", Case(x=DIGITS, w=[1, 10], padding="same")),
    # lesson 2: a 'same' rule written for stride 1, used at stride 2
    "same-stride-2": ("classic-same-padding-for-stride-one",
                      Case(x=np.arange(1, 7), w=[1, 10, 100], stride=2, padding="same")),
    # lesson 2: padding ignored altogether
    "padding-ignored": ("article-no-padding", Case(x=DIGITS, w=[1, 10, 100], padding=1)),
    # lesson 3: the article's strided loop on its own example
    "strided-range": ("article-strided-range",
                      Case(x=np.arange(1, 9), w=[0.5, -0.5], stride=2)),
}


def main() -> None:
    ASSETS.mkdir(parents=True, exist_ok=True)
    for name, (bug_id, case) in ANIMATIONS.items():
        path = convlab.animate(bug_id, case, path=ASSETS / f"{name}.gif", fps=1)
        print(f"{path.relative_to(ROOT)}: {path.stat().st_size // 1024} KiB")


if __name__ == "__main__":
    main()
