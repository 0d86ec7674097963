"""The test suite itself: every test says what it checks, and none is rigged to pass."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parent
SOURCES = sorted(TESTS.glob("*.py"))


def find_tests(tree: ast.AST) -> list[ast.FunctionDef | ast.AsyncFunctionDef]:
    """Every function named test_* in a parsed module, at any depth."""
    return [node for node in ast.walk(tree)
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))
            and node.name.startswith("test_")]


def undocumented(source: str) -> list[str]:
    """Names of the test functions in `source` that have no docstring."""
    return [node.name for node in find_tests(ast.parse(source))
            if not ast.get_docstring(node)]


def _always_true(node: ast.AST) -> bool:
    return isinstance(node, ast.Constant) and bool(node.value)


def rigged(source: str) -> list[str]:
    """`name:line` of every `... or True` and every assert of a true constant in a test."""
    found = []
    for function in find_tests(ast.parse(source)):
        for node in ast.walk(function):
            if isinstance(node, ast.BoolOp) and isinstance(node.op, ast.Or) and any(
                    _always_true(value) for value in node.values):
                found.append(f"{function.name}:{node.lineno} or-constant")
            if isinstance(node, ast.Assert) and _always_true(node.test):
                found.append(f"{function.name}:{node.lineno} assert-constant")
    return found


def test_the_test_files_are_found():
    """The scan sees this file and the rest of the suite, so the checks below cover it."""
    names = {path.name for path in SOURCES}
    assert Path(__file__).name in names and "test_reference.py" in names
    assert len([name for name in names if name.startswith("test_")]) > 20


def test_the_checks_catch_what_they_look_for():
    """Both checks flag a planted offender and pass an honest test."""
    planted = (
        "def test_quiet(x):\n"
        "    assert x == 1 or True\n"
        "def test_empty():\n"
        "    '''Says something.'''\n"
        "    assert True\n"
        "def test_honest(x):\n"
        "    '''x is one.'''\n"
        "    assert x == 1 or x == 2\n"
    )
    assert undocumented(planted) == ["test_quiet"]
    assert rigged(planted) == ["test_quiet:2 or-constant", "test_empty:5 assert-constant"]


@pytest.mark.parametrize("path", SOURCES, ids=lambda path: path.name)
def test_every_test_has_a_docstring(path):
    """Every test_* function says in its docstring what behaviour it checks."""
    assert undocumented(path.read_text(encoding="utf-8")) == []


@pytest.mark.parametrize("path", SOURCES, ids=lambda path: path.name)
def test_no_test_is_rigged_to_pass(path):
    """No test asserts a true constant or ends a condition in `or True`."""
    assert rigged(path.read_text(encoding="utf-8")) == []
