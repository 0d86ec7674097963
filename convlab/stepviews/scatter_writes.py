"""Which sample the learner's code was scattering at each traced line, and what it wrote.

A scatter loop reads one sample at a time: `dout[t]` in a backward pass, `x[i]` in a
transposed convolution. So the sample a line works for is the one the line reads — the
index in `dout[...]` (under the learner's own name for that parameter), re-evaluated on the
line's recorded locals — or the one a loop header over it just moved to
(`for t in range(len(dout))`, `for t, g in enumerate(dout)`). Lines in between keep the
last one. Writes made before any sample is read belong to no sample (None).

The writes come from the tracer (each Step's `writes`): ("dx", j) for a function returning
several arrays, j for one; they become (row, cell) with row the array's place in the
result, so a scatter's cells are addressed like every other panel's.
"""

from __future__ import annotations

import ast
import functools
import textwrap

from convlab import syntax
from convlab.recording import index_code
from convlab.stepviews.listing import function_span

__all__ = ["learner_parameter", "scattered_samples", "writes_by_cell"]


def learner_parameter(run, position: int, default: str) -> str:
    """The learner's name for their parameter at `position` (`default` when unknown)."""
    root = next((step.filename for step in run.steps if step.depth == 0), None)
    lines = run.sources.get(root, []) if root is not None else []
    if not lines or run.first_lineno is None:
        return default
    span, _ = function_span(tuple(lines), run.first_lineno)
    try:
        tree = syntax.parse(textwrap.dedent("\n".join(span)))
    except SyntaxError:
        return default
    function = next((node for node in tree.body
                     if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))), None)
    if function is None:
        return default
    arguments = [*function.args.posonlyargs, *function.args.args]
    return arguments[position].arg if position < len(arguments) else default


@functools.lru_cache(maxsize=1024)
def _reading(line: str, name: str) -> tuple:
    """What a line says about the sample it works on: ("index", code) for each
    `name[expression]` it reads, ("loop", variable) for a loop header over `name`."""
    text = line.strip()
    if text.startswith(("for ", "while ", "if ", "elif ", "with ")) and text.endswith(":"):
        text += " pass"
    try:
        tree = syntax.parse(text)
    except SyntaxError:
        return ()
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.For) and _mentions(node.iter, name):
            variable = _loop_index(node)
            if variable is not None:
                found.append(("loop", variable))
        elif isinstance(node, ast.Subscript) and isinstance(node.value, ast.Name) \
                and node.value.id == name and not isinstance(node.slice, ast.Slice):
            code = index_code(node.slice)
            if code is not None:
                found.append(("index", code))
    return tuple(found)


def _mentions(node: ast.expr, name: str) -> bool:
    return any(isinstance(n, ast.Name) and n.id == name for n in ast.walk(node))


def _loop_index(loop: ast.For) -> str | None:
    """The variable counting samples in `for t in range(...)` / `for t, v in enumerate(...)`."""
    call = loop.iter
    if not (isinstance(call, ast.Call) and isinstance(call.func, ast.Name)):
        return None
    target = loop.target
    if call.func.id == "enumerate" and isinstance(target, ast.Tuple) and target.elts:
        target = target.elts[0]
    if call.func.id in ("range", "enumerate") and isinstance(target, ast.Name):
        return target.id
    return None


_SAFE = {"len": len, "int": int, "min": min, "max": max, "abs": abs, "round": round}


def _sample(reading: tuple, values: dict, count: int) -> int | None:
    kind, what = reading
    try:
        if kind == "loop":
            value = values.get(what)
        else:
            value = eval(what, {"__builtins__": _SAFE}, dict(values))  # noqa: S307
    except Exception:  # noqa: BLE001 - an index we cannot re-read says nothing
        return None
    if isinstance(value, bool) or not hasattr(value, "__index__"):
        return None
    value = int(value)
    return value if 0 <= value < count else None


def scattered_samples(steps, name: str, count: int) -> tuple[int | None, ...]:
    """For each step, the sample (0 .. count - 1) the learner's code was scattering then:
    the last one a line of the traced function itself read (see the module's doc)."""
    current = None
    found = []
    for step in steps:
        if step.depth == 0:
            for reading in _reading(step.source, name):
                sample = _sample(reading, step.locals, count)
                if sample is not None:
                    current = sample
        found.append(current)
    return tuple(found)


def writes_by_cell(steps, names: tuple[str, ...]) -> dict[tuple[int, int], list]:
    """(row, cell) -> [(step index, value), ...] of every write, in order; `names` are the
    result's arrays, in order (("dx", "dw"), or ("out",) for one)."""
    history: dict = {}
    for step in steps:
        for index, value in step.writes:
            if isinstance(index, tuple) and len(index) == 2 and index[0] in names:
                row, cell = names.index(index[0]), index[1]
            else:
                row, cell = 0, index
            if isinstance(cell, int) and isinstance(value, (int, float)):
                history.setdefault((row, cell), []).append((step.index, float(value)))
    return history
