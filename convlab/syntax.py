"""Parsing Python source, one thread at a time.

CPython 3.11 keeps the depth counter of its AST conversion in state shared by all threads,
so a parse interrupted by another thread's parse (the Debugger diagnoses in a background
thread while the page is drawn) can fail with "SystemError: AST constructor recursion depth
mismatch" (python/cpython#106905). Every parse and every compile of a syntax tree in
convlab goes through here: under one lock, and tried once more if CPython still reports
that mismatch (the counter is reset at the start of every parse).
"""

from __future__ import annotations

import ast
import threading
from collections.abc import Callable

__all__ = ["compile_tree", "literal", "parse"]

_LOCK = threading.RLock()
_MISMATCH = "recursion depth mismatch"


def _guarded(action: Callable, *args):
    with _LOCK:
        try:
            return action(*args)
        except SystemError as error:
            if _MISMATCH not in str(error):
                raise
            return action(*args)


def parse(source: str, mode: str = "exec") -> ast.AST:
    """ast.parse, one thread at a time."""
    return _guarded(ast.parse, source, "<unknown>", mode)


def compile_tree(tree: ast.AST, filename: str, mode: str):
    """compile() of a syntax tree, one thread at a time."""
    return _guarded(compile, tree, filename, mode)


def literal(text: str) -> object:
    """ast.literal_eval, one thread at a time."""
    return _guarded(ast.literal_eval, text)
