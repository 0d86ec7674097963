"""Where a learner built the array their function returned, found in a recorded run.

The tracer replays the writes into that array line by line, so it needs the learner's
variable holding it: the variable returned, a numpy view of another one, or, for the
backward pass and the transposed convolution, the larger buffer the answer is cropped out
of (`return dx_padded[pad:pad + L], dw`, `return full[p:len(full) - p]`), with where the
crop starts. A run cut short (an exception) is matched through the names its `return`
statement would have returned.
"""

from __future__ import annotations

import ast
import inspect
import textwrap
from collections.abc import Callable

import numpy as np

from convlab import syntax
from convlab.recording import Call, RawStep, index_code, shown

__all__ = ["cropped_holder", "partial_holder", "partial_part", "returned_parts", "same_values"]


def partial_holder(raw_steps: list[RawStep], returned_names: list[str]):
    """(call, name, id) of the output a run cut short was building, or None."""
    root_steps = [raw for raw in raw_steps if raw.call.depth == 0]
    if not root_steps:
        return None
    last = root_steps[-1]
    stored_into = {identity for raw in raw_steps for identity, _ in raw.assigned}
    for name in returned_names:
        value = last.locals.get(name)
        if isinstance(value, np.ndarray) and value.dtype.kind in "biuf" \
                or name in last.identities and last.identities[name] in stored_into:
            return last.call, name, last.identities[name]
    return None



_COPIES = {"array", "asarray", "list", "tuple", "ascontiguousarray"}


def returned_parts(fn: Callable, count: int) -> list | None:
    """For each of the `count` arrays fn's last fitting `return` gives: (variable name,
    compiled start of the slice taken from it, or None), or None where the returned
    expression is not `name` or `name[start:stop]` (maybe wrapped in np.array(...)).

    `return dx_padded[pad:pad + L], dw` gives [("dx_padded", <pad>), ("dw", None)].
    """
    try:
        tree = syntax.parse(textwrap.dedent(inspect.getsource(fn)))
    except (OSError, TypeError, SyntaxError):
        return None
    fitting = None
    for node in ast.walk(tree):
        if isinstance(node, ast.Return) and node.value is not None:
            value = node.value
            items = value.elts if isinstance(value, (ast.Tuple, ast.List)) and count > 1 \
                else [value]
            if len(items) == count:
                fitting = items
    if fitting is None:
        return None
    return [_variable_slice(item) for item in fitting]


def _variable_slice(node: ast.expr) -> tuple[str, object] | None:
    while isinstance(node, ast.Call):
        name = getattr(node.func, "attr", getattr(node.func, "id", None))
        if node.args and name in _COPIES:
            node = node.args[0]  # np.array(out[1:-1])
        elif not node.args and name == "copy" and isinstance(node.func, ast.Attribute):
            node = node.func.value  # out[1:-1].copy()
        else:
            break
    if isinstance(node, ast.Name):
        return node.id, None
    if isinstance(node, ast.Subscript) and isinstance(node.value, ast.Name) \
            and isinstance(node.slice, ast.Slice) and node.slice.step is None:
        lower = node.slice.lower
        start = index_code(lower) if lower is not None else None
        if lower is None or start is not None:
            return node.value.id, start
    return None


def _offset(start, namespace: dict, holder: object) -> int | None:
    """Where a slice `holder[start:...]` begins, evaluated in `namespace`; None if unknown."""
    if start is None:
        return 0
    try:
        value = int(eval(start, {"__builtins__": {}}, {**_SAFE_CALLS, **namespace}))  # noqa: S307
    except Exception:  # noqa: BLE001 - a start we cannot re-read: the crop is unknown
        return None
    return value + len(holder) if value < 0 else value


_SAFE_CALLS = {"len": len, "int": int, "min": min, "max": max, "abs": abs, "round": round}


def cropped_holder(calls: list[Call], result: object, final: np.ndarray,
                    expression) -> tuple[tuple | None, int]:
    """(call, name, id) of the learner's variable the returned array comes from, and where
    it starts in it: the variable itself, a numpy view of it, the slice the return
    statement takes, or a variable with the same values; (None, 0) if none."""
    ordered = sorted((c for c in calls if c.returned_locals is not None),
                     key=lambda c: (c.depth, c.number))
    candidates = [(call, name, value) for call in ordered
                  for name, value in call.returned_locals.items()
                  if isinstance(value, (list, np.ndarray)) and shown(name, value)]
    # the array that owns the memory first: `dx = dx_padded[1:-1]` was written through
    # dx_padded
    views = [(value.base is not None, (call, name, id(value)), start)
             for call, name, value in candidates
             for start in [_view_start(value, result)] if start is not None]
    if views:
        _, holder, start = min(views, key=lambda view: view[0])
        return holder, start
    for call, name, value in candidates:
        if value is result:
            return (call, name, id(value)), 0
    if expression is not None and ordered:
        name, start = expression
        root = ordered[0]
        value = root.returned_locals.get(name)
        offset = _offset(start, root.returned_locals, value) \
            if isinstance(value, (list, np.ndarray)) else None
        if offset is not None and same_values(value[offset:offset + len(final)], final):
            return (root, name, id(value)), offset
    for call, name, value in candidates:
        if same_values(value, final):
            return (call, name, id(value)), 0
    return None, 0


def _view_start(array: object, view: object) -> int | None:
    """Where the 1-D numpy `view` starts inside the 1-D `array` it was sliced from."""
    if not (isinstance(array, np.ndarray) and isinstance(view, np.ndarray)) \
            or array is view or array.ndim != 1 or view.ndim != 1 or view.base is None \
            or array.size == 0 \
            or array.strides[0] <= 0 or not np.may_share_memory(array, view):
        return None
    step = array.strides[0]
    distance = view.__array_interface__["data"][0] - array.__array_interface__["data"][0]
    if distance % step or (view.size > 1 and view.strides[0] != step):
        return None
    start = distance // step
    return start if 0 <= start and start + view.size <= array.size else None


def partial_part(raw_steps: list[RawStep], expression) -> tuple[tuple | None, int]:
    """(call, name, id) and crop start of the array a run cut short was building, from
    the variable its `return` statement names; (None, 0) when there is none."""
    root_steps = [raw for raw in raw_steps if raw.call.depth == 0]
    if expression is None or not root_steps:
        return None, 0
    name, start = expression
    if name is None:
        return None, 0
    last = root_steps[-1]
    holder = partial_holder(raw_steps, [name])
    if holder is None:
        return None, 0
    offset = _offset(start, last.locals, last.locals.get(name))
    return holder, offset or 0


def same_values(value: object, final: np.ndarray) -> bool:
    try:
        array = np.asarray(value, dtype=float)
    except (ValueError, TypeError):
        return False
    return array.shape == final.shape and bool(np.array_equal(array, final, equal_nan=True))
