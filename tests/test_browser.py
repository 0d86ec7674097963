"""The Debugger in a real browser: Voila and JupyterLab 4 serve a notebook, chromium drives it.

One notebook, one session per front end, the same checks in both: a learner's strided
loop on a 64-sample input, whose own diagnosis is slow (it sleeps on the probe inputs), so
the widget must appear while the diagnosis is still running.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.slow]

CHROMIUM = "/usr/bin/chromium"
ROOT = Path(__file__).resolve().parents[1]
SCREENSHOT = ROOT / "docs" / "debugger.png"
VIEWPORT = {"width": 1280, "height": 900}
NOTEBOOK_CODE = """\
# A learner's strided loop, stepped on 64 samples (slow on the diagnosis's probe inputs).
import functools
import time

import numpy as np

from convlab import Case, Debugger


def slow_on_probes(fn):
    @functools.wraps(fn)
    def wrapper(x, *args, **kwargs):
        if len(x) != 64:
            time.sleep(0.015)
        return fn(x, *args, **kwargs)
    return wrapper


@slow_on_probes
def conv1d(x, w, stride=1, padding="valid"):
    out = np.zeros((len(x) - len(w)) // stride + 1)
    for i in range(0, len(x) - len(w), stride):
        out[i // stride] = np.sum(x[i:i + len(w)] * w)
    return out


x = np.round(np.sin(np.arange(64) / 3), 2)
Debugger(conv1d, Case(x=x, w=[0.5, -0.5], stride=2))
"""
STEPS = 32
"""(64 - 2) // 2 + 1 outputs; the loop stops before the last, so output 31 differs."""


def _missing(*commands: str) -> str | None:
    if not Path(CHROMIUM).exists():
        return f"{CHROMIUM} is not installed (apt-get install chromium)"
    for command in commands:
        if shutil.which(command) is None:
            return f"{command} is not installed"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "playwright is not installed"
    return None


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _write_notebook(folder: Path) -> Path:
    import nbformat

    notebook = nbformat.v4.new_notebook()
    notebook.cells = [nbformat.v4.new_code_cell(NOTEBOOK_CODE)]
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                       "language": "python"}
    path = folder / "debugger.ipynb"
    nbformat.write(notebook, path)
    return path


def _serve(folder: Path, command: list[str], url: str, env: dict):
    """Start a server, wait until `url` answers; yields nothing, stops it afterwards."""
    log = (folder / "server.log").open("w")
    server = subprocess.Popen(command, cwd=folder, env=env, stdout=log,
                              stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                urllib.request.urlopen(url, timeout=2).close()
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("the server did not start:\n"
                                       + (folder / "server.log").read_text()) from None
                time.sleep(0.2)
        yield
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        log.close()


def _environment(folder: Path) -> dict:
    return {**os.environ, "JUPYTER_RUNTIME_DIR": str(folder / "runtime"),
            "JUPYTER_DATA_DIR": str(folder / "data"),
            "JUPYTER_CONFIG_DIR": str(folder / "config"),
            "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT),
                                                        os.environ.get("PYTHONPATH")]))}


def _skip_unless(*commands: str) -> None:
    why = _missing(*commands)
    if why is not None:
        if os.environ.get("CONVLAB_REQUIRE_BROWSER") == "1":
            pytest.fail(f"the browser test must run here: {why}")
        pytest.skip(why)


@pytest.fixture(scope="module")
def voila_url(tmp_path_factory):
    """A Voila server on a free local port, showing the notebook."""
    _skip_unless("voila")
    folder = tmp_path_factory.mktemp("voila")
    path = _write_notebook(folder)
    port = _free_port()
    url = f"http://127.0.0.1:{port}/"
    yield from (url for _ in _serve(folder, [
        sys.executable, "-m", "voila", str(path), "--no-browser", f"--port={port}",
        "--Voila.ip=127.0.0.1",
        "--VoilaConfiguration.extension_denylist=@jupyter-notebook/lab-extension",
        "--VoilaConfiguration.extension_denylist=jupyterlab-jupytext"], url,
        _environment(folder)))


@pytest.fixture(scope="module")
def lab_url(tmp_path_factory):
    """A JupyterLab 4 server on a free local port, with no user settings, and the notebook."""
    _skip_unless("jupyter-lab")
    folder = tmp_path_factory.mktemp("lab")
    _write_notebook(folder)
    labconfig = folder / "config" / "labconfig"
    labconfig.mkdir(parents=True)
    (labconfig / "page_config.json").write_text(
        '{"disabledExtensions": {"@jupyterlab/apputils-extension:announcements": true}}')
    port = _free_port()
    url = f"http://127.0.0.1:{port}/lab/tree/debugger.ipynb?reset"
    yield from (url for _ in _serve(folder, [
        sys.executable, "-m", "jupyterlab", "--no-browser", "--ip=127.0.0.1",
        f"--port={port}", "--IdentityProvider.token=", "--ServerApp.allow_root=True",
        f"--ServerApp.root_dir={folder}"], f"http://127.0.0.1:{port}/lab",
        _environment(folder)))


def _local_only(route) -> None:
    url = route.request.url
    if url.startswith(("http://127.0.0.1", "ws://127.0.0.1", "data:", "blob:")):
        route.continue_()
    else:
        route.abort()


def _inside_viewport(page, locator, seconds: float = 5.0) -> bool:
    """Whether the element is (or, after the page finishes scrolling, comes) wholly inside
    the viewport."""
    for _ in range(int(seconds / 0.1)):
        box = locator.bounding_box()
        view = page.viewport_size
        if box is not None and box["x"] >= 0 and box["y"] >= 0 \
                and box["x"] + box["width"] <= view["width"] \
                and box["y"] + box["height"] <= view["height"]:
            return True
        page.wait_for_timeout(100)
    return False


_OVERFLOWS = """root => {
  const panels = root.querySelectorAll('.convlab-row, .convlab-banner, .convlab-code, '
    + '.convlab-implementation, .convlab-reference, .widget-html-content');
  const bad = [];
  for (const panel of [root, ...panels]) {
    if (panel.offsetParent === null) continue;
    if (panel.scrollWidth > panel.clientWidth + 1) {
      bad.push((panel.className || panel.tagName) + ': ' + panel.scrollWidth + ' > '
               + panel.clientWidth);
    }
  }
  return bad;
}"""

_LISTING_STYLE = """root => {
  const style = getComputedStyle(root.querySelector('.cl-source'));
  const line = getComputedStyle(root.querySelector('.cl-line'));
  return [style.fontFamily, style.whiteSpace, line.wordBreak, line.overflowWrap];
}"""


def _check_debugger(page, *, screenshot: Path | None = None, before_narrow=None) -> None:
    """The checks both front ends must pass, on a page showing the notebook's Debugger."""
    from playwright.sync_api import expect

    root = page.locator(".convlab-debugger")
    counter = root.locator(".convlab-step .widget-html-content")
    expect(counter).to_have_text(f"step 1 / {STEPS}", timeout=90_000)
    # drawn first: the diagnosis is still running, and the button says so
    expect(root.locator(".convlab-status")).to_contain_text("diagnosing")
    expect(root.get_by_role("button", name="Diagnosing…")).to_be_disabled()
    # your own function: no catalog picker, no flawed / fixed
    expect(root.locator(".convlab-picker")).to_be_hidden()
    expect(root.locator(".convlab-mode")).to_be_hidden()
    assert page.get_by_text("Error displaying widget").count() == 0
    # the listing is monospace and never broken inside a word, whatever the notebook's CSS
    family, white_space, word_break, overflow_wrap = root.evaluate(_LISTING_STYLE)
    assert "monospace" in family and white_space in ("pre", "pre-wrap")
    assert (word_break, overflow_wrap) == ("normal", "normal")
    # keyboard: focus the widget, then arrows, End, Home and d
    main = root.locator(".convlab-main")
    first_height = main.bounding_box()["height"]
    root.locator(".convlab-banner").click()
    page.keyboard.press("ArrowRight")
    expect(counter).to_have_text(f"step 2 / {STEPS}")
    # nothing below the controls moves while stepping
    assert main.bounding_box()["height"] == first_height
    assert root.evaluate("r => r.matches(':focus-within') && "
                         "getComputedStyle(r).outlineStyle !== 'none'")
    page.keyboard.press("End")
    expect(counter).to_have_text(f"step {STEPS} / {STEPS}")
    assert main.bounding_box()["height"] == first_height
    page.keyboard.press("Home")
    expect(counter).to_have_text(f"step 1 / {STEPS}")
    page.keyboard.press("ArrowLeft")
    expect(counter).to_have_text(f"step 1 / {STEPS}")
    page.keyboard.press("d")
    expect(counter).to_have_text(f"step {STEPS} / {STEPS}")
    root.get_by_role("button", name="First", exact=True).click()
    expect(counter).to_have_text(f"step 1 / {STEPS}")
    # First divergence: the divergent cell, the unread window and the banner are in view
    root.get_by_role("button", name="First divergence").click()
    expect(counter).to_have_text(f"step {STEPS} / {STEPS}")
    divergent = root.locator(".convlab-implementation .cl-out.cl-mismatch")
    expect(divergent).to_have_count(1)
    expect(divergent).to_have_attribute("data-index", str(STEPS - 1))
    banner = root.locator(".convlab-banner .cl-banner")
    expect(banner).to_contain_text(f"Output {STEPS - 1} is the first that differs")
    assert _inside_viewport(page, divergent) and _inside_viewport(page, banner)
    unread = root.locator(".convlab-implementation .cl-in.cl-unread")
    assert unread.evaluate_all("cells => cells.map(c => c.dataset.pos)") == ["62", "63"]
    expect(root.locator(".convlab-implementation .cl-note")).to_contain_text(
        "range(0, 62, 2) is exhausted")
    # the diagnosis arrives, with how sure it is
    expect(root.locator(".convlab-status")).to_contain_text("confidence", timeout=90_000)
    expect(root.get_by_role("button", name="Diagnose", exact=True)).to_be_enabled()
    if screenshot is not None:
        page.mouse.move(0, 0)
        root.screenshot(path=str(screenshot))
    # 800 pixels wide: nothing overflows its panel
    if before_narrow is not None:
        before_narrow()
    page.set_viewport_size({"width": 800, "height": 900})
    expect(counter).to_have_text(f"step {STEPS} / {STEPS}")
    page.wait_for_timeout(300)
    overflows = root.evaluate(_OVERFLOWS)
    assert overflows == [], overflows


def _browser(p):
    return p.chromium.launch(executable_path=CHROMIUM, headless=True)


def test_debugger_in_voila(voila_url, tmp_path):
    """Voila: drawn before the diagnosis, keyboard stepping, divergence in view, 800 px."""
    from playwright.sync_api import sync_playwright

    shot = tmp_path / "debugger.png"
    with sync_playwright() as p:
        browser = _browser(p)
        try:
            page = browser.new_page(viewport=VIEWPORT)
            page.route("**/*", _local_only)
            page.goto(voila_url, wait_until="domcontentloaded")
            _check_debugger(page, screenshot=shot)
        finally:
            browser.close()
    assert shot.stat().st_size > 10_000
    if os.environ.get("CONVLAB_UPDATE_SCREENSHOT") == "1":
        shutil.copyfile(shot, SCREENSHOT)


def test_debugger_in_jupyterlab(lab_url):
    """JupyterLab 4: the same checks, with the notebook's own CSS and shortcuts around."""
    from playwright.sync_api import expect, sync_playwright

    with sync_playwright() as p:
        browser = _browser(p)
        try:
            page = browser.new_page(viewport=VIEWPORT)
            page.route("**/*", _local_only)
            page.goto(lab_url, wait_until="domcontentloaded")
            expect(page.get_by_text("Python 3 (ipykernel) | Idle")).to_be_visible(
                timeout=90_000)
            page.locator(".jp-Cell .cm-content").first.click()
            page.keyboard.press("Shift+Enter")
            # at 800 px the notebook gets the width, as a reader on a small screen would
            # arrange it: the file browser's side panel is closed
            side_tab = page.locator(".jp-SideBar.jp-mod-left .lm-TabBar-tab.lm-mod-current")
            _check_debugger(page, before_narrow=lambda: side_tab.first.click()
                            if side_tab.count() else None)
            # the keys went to the Debugger, not to the notebook: still one cell
            assert page.locator(".jp-Notebook .jp-Cell").count() >= 1
        finally:
            browser.close()
