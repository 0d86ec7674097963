"""A Case as text and back: the Debugger's text boxes and `convlab trace --case`.

    >>> parse_case("x=[1,2,3,4,5] w=[1,10] stride=2 padding=same")
    Case(x=[1, 2, 3, 4, 5], w=[1, 10], stride=2, padding='same')
    >>> case_texts(Case(x=[1, 2.5], w=[1]))["x"]
    '1, 2.5'
"""

from __future__ import annotations

import re
from dataclasses import fields

from convlab import syntax
from convlab.case import Case
from convlab.errors import ConvlabError, ParameterError
from convlab.formatting import exact

__all__ = ["case_texts", "parse_case", "parse_int", "parse_padding", "parse_values"]


def parse_values(text: str, name: str) -> list:
    """'1, 2, 3' or '[1, 2, 3]' (nested lists for channels) -> a list of numbers."""
    try:
        value = syntax.literal(text.strip())
    except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
        raise ParameterError(f"'{name}' must be numbers separated by commas, like 1, 2, 3 "
                             f"(got {text!r})", name) from None
    if isinstance(value, tuple):
        value = list(value)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        value = [value]
    if not isinstance(value, list) or not value:
        raise ParameterError(f"'{name}' must be a non-empty list of numbers (got {text!r})",
                             name)
    return value


def parse_padding(text: str):
    """'same', 'valid', 'causal', 'full', '2' or '(1, 2)' -> a padding argument."""
    text = text.strip().strip("'\"")
    try:
        value = syntax.literal(text)
    except (ValueError, SyntaxError):
        return text
    return tuple(value) if isinstance(value, list) else value


def parse_int(text: str, name: str) -> int:
    """'2' -> 2, else an error naming `name`."""
    try:
        return int(text.strip())
    except ValueError:
        raise ParameterError(f"'{name}' must be a whole number (got {text!r})", name) from None


def case_texts(case: Case) -> dict[str, str]:
    """x, w, stride, padding and dilation as the text a learner would type for them."""
    return {"x": _array_text(case.x), "w": _array_text(case.w), "stride": str(case.stride),
            "padding": str(case.padding), "dilation": str(case.dilation)}


def _array_text(array) -> str:
    values = array.tolist()
    if array.ndim == 1:
        return ", ".join(exact(v) for v in values)
    return repr(values)


def parse_case(text: str) -> Case:
    """'x=[1,2,3] w=[1,10] stride=2 padding=same' -> Case(...); bare words stay strings."""
    names = {f.name for f in fields(Case)}
    matches = list(re.finditer(r"(?:^|\s)([A-Za-z_]\w*)\s*=", text))
    if not matches or text[:matches[0].start()].strip():
        raise ParameterError(
            f"expected name=value pairs such as 'x=[1,2,3] w=[1,10]' (got {text!r})", "case")
    values = {}
    for match, following in zip(matches, [*matches[1:], None]):
        name = match.group(1)
        if name not in names:
            raise ParameterError(
                f"unknown case field {name!r}; use {', '.join(sorted(names))}", "case")
        raw = text[match.end():following.start() if following else len(text)].strip()
        try:
            values[name] = syntax.literal(raw)
        except (ValueError, SyntaxError):
            values[name] = raw
    if "x" not in values or "w" not in values:
        raise ParameterError(f"the case needs both x and w (got {text!r})", "case")
    try:
        return Case(**values)
    except ConvlabError:
        raise
    except (ValueError, TypeError) as error:
        raise ParameterError(str(error), "case") from error
