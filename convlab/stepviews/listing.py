"""The source and variables a panel shows: the function around a line, its locals as text."""

from __future__ import annotations

import ast
import functools

from convlab import syntax
from convlab.formatting import value_text

__all__ = ["function_span", "locals_text"]


@functools.lru_cache(maxsize=256)
def function_span(lines: tuple[str, ...], lineno: int) -> tuple[tuple[str, ...], int]:
    """The lines of the innermost function around `lineno`, and its first line number.

    A file that does not parse shows five lines either side instead.
    """
    try:
        tree = syntax.parse("\n".join(lines))
    except SyntaxError:
        tree = None
    best = None
    if tree is not None:
        for node in ast.walk(tree):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) \
                    and node.lineno <= lineno <= (node.end_lineno or node.lineno):
                if best is None or node.lineno > best.lineno:
                    best = node
    if best is None:
        start = max(1, lineno - 5)
        return tuple(lines[start - 1:lineno + 5]), start
    return tuple(lines[best.lineno - 1:best.end_lineno]), best.lineno


def locals_text(values: dict) -> tuple[tuple[str, str], ...]:
    """(name, value as one short line) for each variable."""
    return tuple((name, value_text(value)) for name, value in values.items())
