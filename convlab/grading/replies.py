"""What a sandboxed child may answer: a strict check of every field of its replies, and the
errors a call that did not return numbers raises.

Nothing the child sends is unpickled or executed: replies are JSON numbers and strings,
checked against a strict schema (size, depth, fields); a reply that breaks the schema is
that submission's failure.
"""

from __future__ import annotations

import math

import numpy as np

__all__ = ["MAX_REPLY_BYTES", "SubmissionError", "SubmissionTimeout"]

MAX_REPLY_BYTES = 8_000_000
"""The longest reply line the grader reads (100,000 values as JSON fit easily)."""
REPLY_KINDS = frozenset({"ok", "raised", "invalid", "timeout", "exit", "mutated", "flood",
                         "forbidden", "memory", "crashed"})
MAX_TEXT = 2_000


class SubmissionError(Exception):
    """A sandboxed call failed: it raised, crashed, timed out, or returned no numbers.

    `kind` is "raised", "invalid", "mutated", "exit", "timeout", "crashed", "memory",
    "forbidden" or "gave-up"; `error_type` the exception's class name when it raised.
    """

    def __init__(self, message: str, kind: str, error_type: str | None = None):
        super().__init__(message)
        self.kind = kind
        self.error_type = error_type


class SubmissionTimeout(SubmissionError, TimeoutError):
    """A sandboxed call that did not return in time (also a TimeoutError)."""


def _clip(text: str) -> str:
    return text if len(text) <= MAX_TEXT else text[:MAX_TEXT] + " ..."


def _is_text_list(value) -> bool:
    return (isinstance(value, list) and len(value) <= 16
            and all(isinstance(item, str) and len(item) <= 100 for item in value))


def _malformed(why: str) -> SubmissionError:
    return SubmissionError(f"the grader's channel received a malformed reply ({why})",
                           "crashed")


def _checked_parts(parts: object, size: int) -> tuple:
    """The (name, shape) of each returned array, checked to add up to the values sent."""
    if not isinstance(parts, list) or len(parts) > 4:
        raise _malformed("'parts' is not a short list")
    checked = []
    for part in parts:
        if (not isinstance(part, list) or len(part) != 2 or not isinstance(part[0], str)
                or len(part[0]) > 20 or not isinstance(part[1], list) or len(part[1]) > 4
                or not all(type(n) is int and 0 <= n <= 100_000 for n in part[1])):
            raise _malformed("'parts' is not a list of names and shapes")
        checked.append((part[0], tuple(part[1])))
    if checked and sum(math.prod(shape) for _, shape in checked) != size:
        raise _malformed("'parts' do not add up to the values sent")
    return tuple(checked)


def _checked_reply(message: dict, request_id: int) -> dict:
    """The child's reply after a strict check of every field; SubmissionError otherwise.

    The reply's `values` and `shape` become `value` (a float64 array) here."""
    if message.get("id") != request_id or type(message.get("id")) is not int:
        raise SubmissionError("the grader's channel received a reply it did not ask for (did "
                              "the code write to a file descriptor?)", "crashed")
    known = {"id", "ok", "kind", "error", "bad", "type", "mutated", "dtype", "values",
             "shape", "forbidden", "parts"}
    if not known.issuperset(message):
        raise _malformed(f"unknown fields {sorted(set(message) - known)[:3]}")
    if type(message.get("ok")) is not bool:
        raise _malformed("'ok' is not true or false")
    if message.get("kind") not in REPLY_KINDS:
        raise _malformed("'kind' is missing or unknown")
    checked = dict(message)
    for name in ("error", "bad", "type", "mutated", "dtype"):
        value = message.get(name)
        if value is not None and not isinstance(value, str):
            raise _malformed(f"{name!r} is not text")
        if value is not None:
            checked[name] = _clip(value)
    if "forbidden" in message and not _is_text_list(message["forbidden"]):
        raise _malformed("'forbidden' is not a list of names")
    checked["value"] = None
    if message["ok"]:
        shape = message.get("shape")
        if (not isinstance(shape, list) or len(shape) > 4
                or not all(type(n) is int and 0 <= n <= 100_000 for n in shape)
                or math.prod(shape) > 100_000):
            raise _malformed("'shape' is not a small list of sizes")
        try:
            raw = np.array(message.get("values"))
        except (TypeError, ValueError, RecursionError):
            raise _malformed("'values' is not an array of numbers") from None
        if raw.size == 0 == math.prod(shape) and raw.dtype.kind == "f":
            raw = raw.reshape(shape)
        if raw.dtype.kind not in "fi" or raw.shape != tuple(shape):
            raise _malformed("'values' is not an array of numbers of the shape it claims")
        value = raw.astype(np.float64)
        if value.shape != tuple(shape):
            raise _malformed("'values' does not have the shape it claims")
        checked["value"] = value
        checked["parts"] = _checked_parts(message.get("parts", []), value.size)
    elif message.get("error") is None and message.get("bad") is None:
        raise _malformed("neither values nor an error")
    return checked
