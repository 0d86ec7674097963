"""The Debugger in a real browser: Voila serves a notebook, chromium clicks through it."""

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

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"
SCREENSHOT = Path(__file__).resolve().parents[1] / "docs" / "debugger.png"
NOTEBOOK_CODE = """\
from convlab import Case, Debugger

debugger = Debugger("article-strided-range",
                    Case(x=[1, 2, 3, 4, 5, 6, 7, 8], w=[0.5, -0.5], stride=2))
debugger
"""


def _missing() -> str | None:
    if not Path(CHROMIUM).exists():
        return f"{CHROMIUM} is not installed (apt-get install chromium)"
    if shutil.which("voila") is None:
        return "voila is not installed"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "playwright is not installed"
    return None


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def voila_url(tmp_path_factory):
    """A Voila server on a free local port, showing a notebook with a Debugger."""
    why = _missing()
    if why is not None:
        if os.environ.get("CONVLAB_REQUIRE_BROWSER") == "1":
            pytest.fail(f"the browser test must run here: {why}")
        pytest.skip(why)
    import nbformat

    folder = tmp_path_factory.mktemp("voila")
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [nbformat.v4.new_code_cell(NOTEBOOK_CODE)]
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                       "language": "python"}
    path = folder / "debugger.ipynb"
    nbformat.write(notebook, path)
    port = _free_port()
    env = {**os.environ, "JUPYTER_RUNTIME_DIR": str(folder / "runtime"),
           "JUPYTER_DATA_DIR": str(folder / "data"),
           "PYTHONPATH": os.pathsep.join(filter(None, [str(Path(__file__).parents[1]),
                                                        os.environ.get("PYTHONPATH")]))}
    log = (folder / "voila.log").open("w")
    server = subprocess.Popen(
        [sys.executable, "-m", "voila", str(path), "--no-browser", f"--port={port}",
         "--Voila.ip=127.0.0.1",
         "--VoilaConfiguration.extension_denylist=@jupyter-notebook/lab-extension",
         "--VoilaConfiguration.extension_denylist=jupyterlab-jupytext"],
        cwd=folder, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(url, timeout=2).close()
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("voila did not start:\n"
                                       + (folder / "voila.log").read_text()) from None
                time.sleep(0.2)
        yield url
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        log.close()


def _local_only(route) -> None:
    url = route.request.url
    if url.startswith(("http://127.0.0.1", "ws://127.0.0.1", "data:", "blob:")):
        route.continue_()
    else:
        route.abort()


def test_next_moves_the_window_and_the_step_counter(voila_url, tmp_path):
    """Clicking Next advances the counter and moves the reference's highlighted window."""
    from playwright.sync_api import expect, sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 1000})
            page.route("**/*", _local_only)
            page.goto(voila_url, wait_until="domcontentloaded")
            counter = page.locator(".convlab-step .widget-html-content")
            expect(counter).to_have_text("step 1 / 4", timeout=60_000)
            window = page.locator(".convlab-reference .cl-in.cl-window")
            expect(window).to_have_count(2)
            assert window.evaluate_all("cells => cells.map(c => c.dataset.pos)") == ["0", "1"]
            mine = page.locator(".convlab-implementation .cl-in.cl-window")
            next_button = page.get_by_role("button", name="Next", exact=True)
            for step in (2, 3, 4):
                next_button.click()
                expect(counter).to_have_text(f"step {step} / 4")
            reference_positions = window.evaluate_all(
                "cells => cells.map(c => c.dataset.pos)")
            assert reference_positions == ["6", "7"]
            expect(mine).to_have_count(0)
            expect(page.locator(".convlab-implementation .cl-out.cl-mismatch")).to_have_count(1)
            page.get_by_role("button", name="Back", exact=True).click()
            expect(counter).to_have_text("step 3 / 4")
            expect(mine).to_have_count(2)
            page.get_by_role("button", name="Last", exact=True).click()
            expect(counter).to_have_text("step 4 / 4")
            shot = tmp_path / "debugger.png"
            page.locator(".convlab-debugger").screenshot(path=str(shot))
            assert shot.stat().st_size > 10_000
            if os.environ.get("CONVLAB_UPDATE_SCREENSHOT") == "1":
                SCREENSHOT.parent.mkdir(exist_ok=True)
                shutil.copyfile(shot, SCREENSHOT)
        finally:
            browser.close()
