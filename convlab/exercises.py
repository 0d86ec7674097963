"""Exercises: the function signatures learners implement, and how to call them on a Case.

An Exercise knows the signature a learner writes (e.g. `def conv1d(x, w, stride=1,
padding="valid")`), which Cases fall inside it, how to call a learner's function on a Case
(always with fresh copies, so the Case is never modified), and what the right answer is (the
reference conv1d). Catalog entries, the tracer, diagnosis and the grader all go through here,
so "run this implementation on this input" means one thing everywhere.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from convlab.case import Case
from convlab.errors import ParameterError, ParameterTypeError, describe
from convlab.reference import conv1d
from convlab.validate import check_case

__all__ = ["EXERCISES", "Exercise", "find_exercise", "get_exercise", "register"]


@dataclass(frozen=True)
class Exercise:
    """One function signature a learner implements.

    `arguments(case)` builds the positional and keyword arguments of the learner's function;
    `accepts(case)` says whether a Case lies in the exercise (shapes and parameters it
    covers); `expected(case)` is the reference answer in the exercise's own layout.
    Where the reference refuses a case (no window fits), an exercise leaves the answer
    open — raising or returning an empty result are both fine — unless `must_refuse` says
    the learner's function has to raise too.
    """

    name: str
    title: str
    signature: str
    arguments: Callable[[Case], tuple[tuple, dict]]
    accepts: Callable[[Case], bool]
    paddings: tuple = ("valid", "same", "int")
    varies: tuple[str, ...] = ("stride", "padding")
    must_refuse: bool = False

    def call(self, fn: Callable, case: Case):
        """Run `fn` on fresh, writeable copies of the case's arrays; return what it returns."""
        args, kwargs = self.arguments(case)
        return fn(*args, **kwargs)

    def refusal_is_right(self, raised: bool, empty: bool) -> bool:
        """Where the reference refuses a case (no window fits): is this answer right?
        Raising always is; an empty result is too, unless the exercise must refuse."""
        return raised or (empty and not self.must_refuse)

    def expected(self, case: Case) -> np.ndarray:
        """The reference output for `case` (raises the reference's ConvlabError if refused)."""
        return conv1d(case.x, case.w, **case.kwargs())


def _copy(array: np.ndarray) -> np.ndarray:
    return np.array(array, copy=True)


def _is_plain(case: Case, *allowed: str) -> bool:
    """Only the fields in `allowed` may differ from conv1d's defaults."""
    return set(case.non_default_kwargs()) <= set(allowed)


def _padding_ok(case: Case, exercise_paddings: tuple) -> bool:
    padding = case.padding
    if isinstance(padding, str):
        return padding in exercise_paddings
    if isinstance(padding, tuple):
        return "pair" in exercise_paddings
    return "int" in exercise_paddings


def _stride_padding(case: Case) -> dict:
    return {"stride": case.stride, "padding": case.padding}


EXERCISES: dict[str, Exercise] = {}


def register(exercise: Exercise) -> Exercise:
    """Add an exercise to the registry (an instructor's own signature), and return it.

    Grading takes it at once with your own tests (`grade_function(fn, name, tests=...)`,
    `check(fn, name, tests=...)`); diagnosis only knows the built-in exercises' probes.
    """
    if not isinstance(exercise, Exercise):
        raise ParameterTypeError(f"'exercise' must be an Exercise (got {describe(exercise)})",
                                 "exercise")
    if exercise.name in EXERCISES:
        raise ParameterError(f"an exercise named {exercise.name!r} is already registered; "
                             f"choose another name", "exercise")
    EXERCISES[exercise.name] = exercise
    return exercise


_register = register


def _x_w_stride_padding(case: Case) -> tuple[tuple, dict]:
    """Arguments of `def conv1d(x, w, stride=1, padding="valid")`."""
    return (_copy(case.x), _copy(case.w)), _stride_padding(case)


def _one_dimensional(case: Case) -> bool:
    """1-D x and w, with only stride and padding ("valid", "same" or an int) set."""
    return (case.x.ndim == 1 and case.w.ndim == 1 and _is_plain(case, "stride", "padding")
            and _padding_ok(case, ("valid", "same", "int")))


def _integer_data(case: Case) -> bool:
    return case.x.dtype.kind in "biu" and case.w.dtype.kind in "biu"


_CONV1D_SIGNATURE = 'def conv1d(x, w, stride=1, padding="valid")'
_register(Exercise(
    name="conv1d",
    title="1-D convolution (cross-correlation) with stride and padding",
    signature=_CONV1D_SIGNATURE,
    arguments=_x_w_stride_padding,
    accepts=_one_dimensional,
))
_register(Exercise(
    name="conv1d-strict",
    title="1-D conv1d that refuses impossible inputs: raise when no window fits",
    signature=_CONV1D_SIGNATURE,
    arguments=_x_w_stride_padding,
    accepts=_one_dimensional,
    must_refuse=True,
))
_register(Exercise(
    name="conv1d-int",
    title="1-D conv1d on integer data (uint8, int16, ...): sums must not wrap around",
    signature=_CONV1D_SIGNATURE,
    arguments=_x_w_stride_padding,
    accepts=lambda case: _one_dimensional(case) and _integer_data(case),
))
_register(Exercise(
    name="conv1d-channels",
    title="Multi-channel conv1d: x (C_in, L), w (C_out, C_in, K) -> (C_out, L_out)",
    signature=_CONV1D_SIGNATURE,
    arguments=_x_w_stride_padding,
    accepts=lambda case: (case.x.ndim == 2 and case.w.ndim == 3
                          and _is_plain(case, "stride", "padding")
                          and _padding_ok(case, ("valid", "same", "int"))),
))
_register(Exercise(
    name="conv1d-dilation",
    title="1-D conv1d with dilation",
    signature='def conv1d(x, w, stride=1, padding="valid", dilation=1)',
    arguments=lambda case: ((_copy(case.x), _copy(case.w)),
                            {**_stride_padding(case), "dilation": case.dilation}),
    accepts=lambda case: (case.x.ndim == 1 and case.w.ndim == 1
                          and _is_plain(case, "stride", "padding", "dilation")
                          and _padding_ok(case, ("valid", "same", "int"))),
    varies=("stride", "padding", "dilation"),
))
_register(Exercise(
    name="conv1d-causal",
    title="Causal conv1d: output t sees only inputs up to t",
    signature="def causal_conv1d(x, w, dilation=1)",
    arguments=lambda case: ((_copy(case.x), _copy(case.w)), {"dilation": case.dilation}),
    accepts=lambda case: (case.x.ndim == 1 and case.w.ndim == 1 and case.padding == "causal"
                          and _is_plain(case, "padding", "dilation")),
    paddings=("causal",),
    varies=("dilation",),
))
_register(Exercise(
    name="conv1d-bias",
    title="Multi-channel conv1d with a bias per output channel",
    signature='def conv1d(x, w, b, stride=1, padding="valid")',
    arguments=lambda case: ((_copy(case.x), _copy(case.w), _copy(case.bias)),
                            _stride_padding(case)),
    accepts=lambda case: (case.x.ndim == 2 and case.w.ndim == 3 and case.bias is not None
                          and _is_plain(case, "stride", "padding", "bias")
                          and _padding_ok(case, ("valid", "same", "int"))),
    varies=("stride", "padding", "bias"),
))
_register(Exercise(
    name="conv1d-groups",
    title="Grouped conv1d: x (C_in, L), w (C_out, C_in/groups, K)",
    signature="def conv1d(x, w, groups=1)",
    arguments=lambda case: ((_copy(case.x), _copy(case.w)), {"groups": case.groups}),
    accepts=lambda case: (case.x.ndim == 2 and case.w.ndim == 3
                          and _is_plain(case, "groups")),
    paddings=("valid",),
    varies=("groups",),
))
_register(Exercise(
    name="conv1d-keras",
    title="Channels-last conv1d as Keras: x (L, C_in), kernel (K, C_in, C_out) -> (L_out, C_out)",
    signature='def conv1d(x, kernel, stride=1, padding="valid")',
    arguments=_x_w_stride_padding,
    accepts=lambda case: (case.x.ndim == 2 and case.w.ndim == 3 and case.layout == "NLC"
                          and _is_plain(case, "stride", "padding", "layout")
                          and _padding_ok(case, ("valid", "same", "int"))),
))
_register(Exercise(
    name="conv1d-padding-mode",
    title="1-D conv1d with PyTorch's padding modes (zeros, reflect, replicate, circular)",
    signature='def conv1d(x, w, padding=0, padding_mode="zeros")',
    arguments=lambda case: ((_copy(case.x), _copy(case.w)),
                            {"padding": case.padding, "padding_mode": case.padding_mode}),
    accepts=lambda case: (case.x.ndim == 1 and case.w.ndim == 1
                          and _is_plain(case, "padding", "padding_mode")
                          and _padding_ok(case, ("valid", "int"))),
    paddings=("valid", "int"),
    varies=("padding", "padding_mode"),
))


def get_exercise(name: str) -> Exercise:
    """The exercise called `name` (e.g. "conv1d"), or an error listing the known ones."""
    if isinstance(name, Exercise):
        return name
    if not isinstance(name, str) or name not in EXERCISES:
        raise ParameterError(f"'exercise' must be one of {', '.join(map(repr, EXERCISES))} "
                             f"(got {describe(name)})", "exercise")
    return EXERCISES[name]


def find_exercise(case: Case, exercise: Exercise | str | None = None) -> Exercise:
    """The given exercise, or the first registered one whose domain holds `case`."""
    check_case(case)
    if exercise is not None:
        return get_exercise(exercise)
    for candidate in EXERCISES.values():
        if candidate.accepts(case):
            return candidate
    raise ParameterError(f"no exercise takes the case {case!r}; pass exercise=... "
                         f"(one of {', '.join(map(repr, EXERCISES))})", "case")
