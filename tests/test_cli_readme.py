"""The README's command-line examples run as written and print what the README shows."""

import re
import shlex
import shutil
from pathlib import Path

from convlab.cli import main

ROOT = Path(__file__).resolve().parent.parent
SUBMISSIONS = ROOT / "tests" / "submissions"


def console_blocks() -> list[list[str]]:
    """Each ```console block of the README: its `$ command` line, then the lines shown."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    return [block.strip().splitlines() for block in re.findall(r"```console\n(.*?)```", text,
                                                               flags=re.S)]


def test_the_readme_has_console_examples():
    """The examples below really run: the README has at least one console block."""
    assert console_blocks()


def test_the_grading_example_prints_what_the_readme_shows(tmp_path, capsys, monkeypatch):
    """`convlab grade submissions/ ...` on alice (right), bob (last window skipped) and carol
    (a syntax error) prints the README's lines, and writes their results files."""
    block = next(block for block in console_blocks() if block[0].startswith("$ convlab grade"))
    folder = tmp_path / "submissions"
    folder.mkdir()
    shutil.copy(SUBMISSIONS / "correct" / "loops_list.py", folder / "alice.py")
    shutil.copy(SUBMISSIONS / "flawed" / "last_window.py", folder / "bob.py")
    (folder / "carol.py").write_text("def conv1d(x, w:\n")
    monkeypatch.chdir(tmp_path)
    assert main(shlex.split(block[0][2:])[1:]) == 0
    assert capsys.readouterr().out.splitlines() == block[1:]
    assert sorted(p.name for p in (tmp_path / "results").iterdir()) == [
        "alice.json", "bob.json", "carol.json"]
    assert (tmp_path / "summary.csv").exists()
