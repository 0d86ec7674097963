"""Where a loop of the learner's gives up, and why, in the learner's own numbers.

A `for ... in range(...)` header runs once more than its body: the last time, the range is
exhausted and the loop ends. That last run of the header is the step where a loop that stops
one window early "gives up", so it is where the Debugger says why:
"range(0, 6, 2) is exhausted: next i = 6 is not < 6". A `while` header's last run says its
condition is false. The range's arguments are re-evaluated on the step's recorded locals
(never on the live objects), with len, min, max, abs, int and round only.
"""

from __future__ import annotations

import ast
import functools

from convlab import syntax
from convlab.formatting import number

__all__ = ["exit_reason", "loop_exits", "outermost_exit"]

_SAFE = {"len": len, "min": min, "max": max, "abs": abs, "int": int, "round": round}


@functools.lru_cache(maxsize=512)
def _loop_at(line: str):
    """The For/While node a single source line opens, or None."""
    text = line.strip()
    if not text.startswith(("for ", "while ")) or not text.endswith(":"):
        return None
    try:
        tree = syntax.parse(text + " pass")
    except SyntaxError:
        return None
    node = tree.body[0] if tree.body else None
    return node if isinstance(node, (ast.For, ast.While)) else None


def exit_reason(line: str, values: dict) -> str | None:
    """Why the loop opened by `line` ends, given the locals after its last header run."""
    node = _loop_at(line)
    if node is None:
        return None
    if isinstance(node, ast.While):
        return f"the loop ends: `while {ast.unparse(node.test)}` is false"
    call = node.iter
    if not (isinstance(call, ast.Call) and isinstance(call.func, ast.Name)
            and call.func.id == "range" and 1 <= len(call.args) <= 3):
        return f"the loop `for {ast.unparse(node.target)} in {ast.unparse(call)}` is done"
    try:
        arguments = [int(eval(syntax.compile_tree(ast.Expression(argument), "<range>", "eval"),  # noqa: S307
                              {"__builtins__": _SAFE}, _readable(values)))
                     for argument in call.args]
        numbers = range(*arguments)
    except Exception:  # noqa: BLE001 - arguments we cannot re-read: say it without numbers
        return f"the loop over `{ast.unparse(call)}` is done"
    start, stop, step = numbers.start, numbers.stop, numbers.step
    following = start + step * len(numbers)
    name = ast.unparse(node.target)
    compare = "<" if step > 0 else ">"
    return (f"range({start}, {stop}, {step}) is exhausted: next {name} = "
            f"{number(following)} is not {compare} {stop}")


def _readable(values: dict) -> dict:
    """The recorded locals, without the summaries standing in for large values."""
    return {name: value for name, value in values.items()
            if not (isinstance(value, str) and value.startswith("<"))}


def loop_exits(steps, sources: dict) -> dict[int, str]:
    """step index -> why a loop ends there, for every last run of a loop header.

    A header's run is the last one when the next line of the same call is not in the loop's
    body (`sources`: filename -> lines, to find where each loop ends).
    """
    following: list = [None] * len(steps)
    nearest: dict[int, int] = {}
    for position in range(len(steps) - 1, -1, -1):
        depth = steps[position].depth
        later = [index for d, index in nearest.items() if d <= depth]
        following[position] = min(later) if later else None
        nearest[depth] = position
        for deeper in [d for d in nearest if d > depth]:
            del nearest[deeper]
    found: dict[int, str] = {}
    ends: dict[str, dict[int, int]] = {}
    for position, step in enumerate(steps):
        if _loop_at(step.source) is None:
            continue
        if step.filename not in ends:
            ends[step.filename] = _loop_ends(tuple(sources.get(step.filename, ())))
        end = ends[step.filename].get(step.lineno)
        if end is None:
            continue
        after = following[position]
        if after is not None and steps[after].depth == step.depth \
                and step.lineno < steps[after].lineno <= end:
            continue
        reason = exit_reason(step.source, step.locals)
        if reason is not None:
            found[step.index] = reason
    return found


@functools.lru_cache(maxsize=64)
def _loop_ends(lines: tuple[str, ...]) -> dict[int, int]:
    """Loop header line -> the loop's last line, for every loop in a file."""
    try:
        tree = syntax.parse("\n".join(lines))
    except SyntaxError:
        return {}
    return {node.lineno: node.end_lineno or node.lineno for node in ast.walk(tree)
            if isinstance(node, (ast.For, ast.While))}


def outermost_exit(steps, exits: dict[int, str]) -> int | None:
    """The step (of `exits`, from loop_exits) where the outermost loop last gives up."""
    if not exits:
        return None
    outermost = min(steps[index].depth for index in exits)
    return [index for index in exits if steps[index].depth == outermost][-1]
