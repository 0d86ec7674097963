"""Regenerate the README's pictures: the animated GIF and the Debugger's screenshot.

    python docs/regenerate.py

The GIF is convlab.animate's default for the article's strided-loop bug (its 8-sample
example, held on the first divergent step). The screenshot is the one the real-browser test
takes (tests/test_browser.py, Voila and Debian's chromium), copied here when
CONVLAB_UPDATE_SCREENSHOT=1.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import convlab  # noqa: E402


def main() -> int:
    gif = convlab.animate("article-strided-range", path=ROOT / "docs" / "article-stride.gif")
    print(f"wrote {gif.relative_to(ROOT)}")
    test = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
         "tests/test_browser.py", "-k", "voila"], cwd=ROOT,
        env={**os.environ, "CONVLAB_UPDATE_SCREENSHOT": "1"})
    if test.returncode == 0:
        print("wrote docs/debugger.png")
    return test.returncode


if __name__ == "__main__":
    sys.exit(main())
