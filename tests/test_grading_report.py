"""The class report: one offline HTML page (or Markdown) saying who made which mistake."""

import os
import re
import shutil
import time
from dataclasses import replace
from pathlib import Path

import pytest

from convlab.categories import CATEGORIES
from convlab.errors import ConvlabError
from convlab.grading import Policy, class_report, grade_file
from convlab.grading.report import check_report_path

SUBMISSIONS = Path(__file__).parent / "submissions"
ROOT = Path(__file__).resolve().parent.parent
SCREENSHOT = ROOT / "docs" / "class_report.png"
CHROMIUM = "/usr/bin/chromium"

# a flipped kernel and an ignored stride in one function: two mistakes made together
TWO_MISTAKES = """\
import numpy as np

def conv1d(x, w, stride=1, padding="valid"):
    x, w = np.asarray(x, dtype=float), np.asarray(w, dtype=float)
    if padding == "same":
        x = np.pad(x, ((len(w) - 1) // 2, len(w) // 2))
    elif padding != "valid":
        x = np.pad(x, int(padding))
    if len(w) > len(x):
        raise ValueError("kernel too long")
    return np.array([x[s:s + len(w)] @ w[::-1] for s in range(len(x) - len(w) + 1)])
"""
ENDLESS = """\
def conv1d(x, w, stride=1, padding="valid"):
    while True:
        pass
"""


@pytest.fixture(scope="module")
def reports(tmp_path_factory):
    """A small class, graded for real: right, wrong, two mistakes, no load, endless loop."""
    folder = tmp_path_factory.mktemp("class")
    shutil.copy(SUBMISSIONS / "correct" / "loops_list.py", folder / "ada.py")
    shutil.copy(SUBMISSIONS / "flawed" / "last_window.py", folder / "ben.py")
    shutil.copy(SUBMISSIONS / "flawed" / "stride_ignored.py", folder / "cy.py")
    (folder / "dee.py").write_text(TWO_MISTAKES)
    (folder / "eve.py").write_text("def conv1d(x, w):\n    return x +\n")
    (folder / "fay.py").write_text(ENDLESS)
    policy = Policy(case_seconds=0.3, total_seconds=3.0)
    return [grade_file(path, "conv1d", policy=policy) for path in sorted(folder.glob("*.py"))]


def _sections(text: str) -> list[str]:
    return re.findall(r"<h2 id='(\w+)'>", text)


def test_the_page_tells_the_class_story(reports, tmp_path):
    """Scores, mistakes with who and why, pass rates, pairs, trouble, students: in that order."""
    page = class_report(reports, tmp_path / "class.html").read_text()
    assert _sections(page) == ["scores", "mistakes", "tests", "together", "trouble",
                               "students"]
    stride = CATEGORIES["stride-ignored"]
    assert stride.title in page and stride.why in page
    # each student who made a mistake is linked to their row, which holds their feedback
    assert "<a href='#student-cy'>cy</a>" in page and "<tr id='student-cy'>" in page
    assert "1 / 16" in page and "16 / 16" in page
    assert "<code>kernel-flipped</code> + <code>stride-ignored</code>" in page
    assert "did not load: " in page and "SyntaxError" in page
    assert "ran out of time on" in page
    assert "basic" in page and "of 6</td>" in page


def test_the_page_is_self_contained(reports, tmp_path):
    """Plots are inline PNGs; nothing is fetched from anywhere, so it opens offline."""
    page = class_report(reports, tmp_path / "class.html").read_text()
    assert page.count("src='data:image/png;base64,") == 2
    assert not re.search(r"(src|href)=['\"](https?:)?//", page)
    assert "<link" not in page and "<script" not in page


def test_rows_link_to_each_results_file(reports, tmp_path):
    """With the results folder, each student's row links to NAME.json, relative to the page."""
    (tmp_path / "out").mkdir()
    page = class_report(reports, tmp_path / "out" / "class.html",
                        results=tmp_path / "results").read_text()
    assert "<a href='../results/ada.json'>results.json</a>" in page


def test_names_are_escaped(reports, tmp_path):
    """A file name with markup in it is shown as text, never run as HTML."""
    odd = replace(reports[1], submission="class/<img src=x onerror=alert(1)>.py")
    page = class_report([odd], tmp_path / "class.html").read_text()
    assert "<img src=x" not in page and "&lt;img src=x onerror=alert(1)&gt;" in page


def test_the_markdown_summary_has_the_same_facts(reports, tmp_path):
    """A .md path writes plain Markdown tables: no HTML, no images, the same counts."""
    text = class_report(reports, tmp_path / "class.md",
                        results=tmp_path / "results").read_text()
    assert "<" not in text.replace("<=", "") and "data:image" not in text
    assert "| `stride-ignored`: " + CATEGORIES["stride-ignored"].title in text
    assert "| `kernel-flipped` + `stride-ignored` | 1 | dee |" in text
    assert "| ada | 16 / 16 |  | [results.json](results/ada.json) |" in text


@pytest.mark.parametrize("path, parameter, message", [
    ("missing/class.html", "path", "folder that does not exist"),
    ("class.pdf", "path", "must end in .html"),
    (".", "path", "is a folder"),
], ids=["missing-folder", "suffix", "folder"])
def test_a_bad_path_is_refused_before_anything_is_written(tmp_path, path, parameter, message):
    """check_report_path (what the command line calls before grading) names `path`."""
    with pytest.raises(ConvlabError, match=message) as caught:
        check_report_path(tmp_path / path)
    assert caught.value.parameter == parameter


def test_the_command_line_can_name_its_option(tmp_path):
    """`convlab grade --report` errors name the option the user typed, not a parameter."""
    with pytest.raises(ConvlabError, match="^--report is in a folder that does not exist"):
        check_report_path(tmp_path / "missing" / "class.html", name="--report")


@pytest.mark.parametrize("value, message", [
    ([], "is empty"), ("ada.py", "must be a list of GradeReport"),
    ([{"score": 1}], "item 0 is a dict"),
], ids=["empty", "string", "dict"])
def test_bad_reports_name_the_parameter(tmp_path, value, message):
    """No reports, or things that are not GradeReports: a ConvlabError naming `reports`."""
    with pytest.raises(ConvlabError, match=message) as caught:
        class_report(value, tmp_path / "class.html")
    assert caught.value.parameter == "reports"
    assert list(tmp_path.iterdir()) == []


def test_two_hundred_submissions_take_under_three_seconds(reports, tmp_path):
    """The report adds little to grading a big class: 200 submissions in under 3 s."""
    many = [replace(report, submission=f"student{index:03}.py")
            for index, report in enumerate(reports * 34)][:200]
    started = time.perf_counter()
    class_report(many, tmp_path / "class.html", results="results")
    class_report(many, tmp_path / "class.md", results="results")
    assert time.perf_counter() - started < 3.0


@pytest.mark.browser
def test_the_page_in_a_real_browser(reports, tmp_path):
    """chromium shows both plots and follows a student link without any network request."""
    if not Path(CHROMIUM).exists() or shutil.which("playwright") is None:
        if os.environ.get("CONVLAB_REQUIRE_BROWSER") == "1":
            pytest.fail(f"the browser test must run here: {CHROMIUM} or playwright is missing")
        pytest.skip("chromium or playwright is not installed")
    from playwright.sync_api import sync_playwright

    page_path = class_report(reports, tmp_path / "class.html")
    requested = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True)
        try:
            page = browser.new_page(viewport={"width": 1000, "height": 1400})
            page.on("request", lambda request: requested.append(request.url))
            page.goto(page_path.as_uri())
            widths = page.eval_on_selector_all("img", "images => images.map(i => i.naturalWidth)")
            page.screenshot(path=str(tmp_path / "class_report.png"))
            page.click("a[href='#student-cy']")
            assert page.evaluate("location.hash") == "#student-cy"
        finally:
            browser.close()
    assert len(widths) == 2 and min(widths) > 300
    assert all(url.startswith(("file:", "data:")) for url in requested), requested
    if os.environ.get("CONVLAB_UPDATE_SCREENSHOT") == "1":
        shutil.copyfile(tmp_path / "class_report.png", SCREENSHOT)
