"""convlab.syntax: parsing one thread at a time, and past CPython 3.11's spurious
"AST constructor recursion depth mismatch"."""

from __future__ import annotations

import ast
import threading

import pytest

from convlab import syntax


def test_a_parse_waits_while_another_thread_parses():
    """While one thread holds the parse lock, another thread's parse does not start; it
    finishes once the lock is free."""
    done = threading.Event()

    def work() -> None:
        syntax.parse("x = 1")
        done.set()

    with syntax._LOCK:
        thread = threading.Thread(target=work)
        thread.start()
        assert not done.wait(0.3)
    assert done.wait(5)
    thread.join()


def test_the_spurious_depth_mismatch_is_retried_once(monkeypatch):
    """A parse that fails with CPython's depth-mismatch SystemError is tried again; any
    other SystemError, or a second mismatch, is raised."""
    real = ast.parse
    calls = []

    def flaky(*args, **kwargs):
        calls.append(args)
        if len(calls) == 1:
            raise SystemError("AST constructor recursion depth mismatch (before=147, after=24)")
        return real(*args, **kwargs)

    monkeypatch.setattr(ast, "parse", flaky)
    assert isinstance(syntax.parse("y = 2"), ast.Module) and len(calls) == 2

    def broken(*args, **kwargs):
        raise SystemError("something else")

    monkeypatch.setattr(ast, "parse", broken)
    with pytest.raises(SystemError, match="something else"):
        syntax.parse("y = 2")


def test_literal_reads_python_literals():
    """literal() is ast.literal_eval: lists and numbers, never names or calls."""
    assert syntax.literal("[1, 2.5, -3]") == [1, 2.5, -3]
    with pytest.raises(ValueError):
        syntax.literal("__import__('os')")
