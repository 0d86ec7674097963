"""Exercises: the function signatures learners implement, and how to call them on a Case.

An Exercise knows the signature a learner writes (e.g. `def conv1d(x, w, stride=1,
padding="valid")`), which Cases fall inside it, how to call a learner's function on a Case
(always with fresh copies, so the Case is never modified), and what the right answer is (the
reference conv1d). Catalog entries, the tracer, diagnosis and the grader all go through here,
so "run this implementation on this input" means one thing everywhere.
"""

from __future__ import annotations

import dataclasses
import functools
import inspect
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from convlab import batteries, corpora
from convlab.case import Case
from convlab.errors import ParameterError, ParameterTypeError, ShapeError, describe
from convlab.reference import conv1d
from convlab.running import Outcome, run_call
from convlab.validate import check_case

__all__ = ["CHANNEL_MISTAKES", "EXERCISES", "LAYOUTS", "SCATTER_LAYOUTS",
           "SINGLE_CHANNEL_MISTAKES", "Exercise",
           "exercise_of", "find_exercise", "get_exercise", "register"]


# the mistakes diagnosis can simulate (convlab.diagnosis.models knobs), by what they touch
SINGLE_CHANNEL_MISTAKES = frozenset({"pads", "fill", "windows", "flip", "values", "too_long",
                                     "refuses", "taps", "combine", "accumulate", "order",
                                     "activation"})
CHANNEL_MISTAKES = frozenset({"x_layout", "w_layout", "out_layout", "channels"})
SCATTER_LAYOUTS = ("backward", "transposed")
"""The layouts of the scatters: conv1d's backward pass and the transposed convolution, each
source sample adding a scaled kernel into a buffer that is then cropped."""
LAYOUTS = ("single", "channels", "keras", *SCATTER_LAYOUTS)
"""How an exercise lays out its arrays: "single" x (L,) and w (K,); "channels" x (C_in, L)
and w (C_out, C_in/groups, K), output (C_out, L_out); "keras" x (L, C_in), kernel
(K, C_in, C_out), output (L_out, C_out); "backward" conv1d's backward pass on 1-D arrays,
dout (L_out,), x (L,), w (K,) -> (dx, dw); "transposed" the transposed convolution of 1-D
x (L,) and w (K,)."""
ADJOINT_MISTAKES = frozenset({"flip", "spread", "crop", "overwrite", "shift", "windows",
                              "values"})
"""The diagnosis knobs of the backward pass and the transposed convolution
(convlab.diagnosis.adjoint); each exercise adds its own."""


@dataclass(frozen=True)
class Exercise:
    """One function signature a learner implements, with the facts every other part reads.

    `arguments(case)` builds the positional and keyword arguments of the learner's function;
    `accepts(case)` says whether a Case lies in the exercise (shapes and parameters it
    covers); `expected(case)` is the reference answer in the exercise's own layout.
    Where the reference refuses a case (no window fits), an exercise leaves the answer
    open — raising or returning an empty result are both fine — unless `must_refuse` says
    the learner's function has to raise too.

    What the exercise is made of, for diagnosis, sampling and grading:
    `layout` (one of LAYOUTS), `paddings` (the padding kinds it takes: "valid", "same",
    "causal", "full", "int", "pair"), `varies` (the Case fields besides x and w it sets),
    `mistakes` (the diagnosis knobs that can be wrong in it), `probes` (a builder of its
    probe battery, from convlab.batteries, or None when diagnosis has none) and `corpus` (a
    builder of its hand-made scoring corpus, from convlab.corpora, or None to be scored on
    its probes); `answer` (the reference answer for a Case, by default convlab.conv1d's)
    and `results` (the names of the arrays the function returns, in order, when it returns
    several, e.g. ("dx", "dw"); empty for one array).
    """

    name: str
    title: str
    signature: str
    arguments: Callable[[Case], tuple[tuple, dict]]
    accepts: Callable[[Case], bool]
    paddings: tuple = ("valid", "same", "int")
    varies: tuple[str, ...] = ("stride", "padding")
    must_refuse: bool = False
    layout: str = "single"
    mistakes: frozenset = frozenset()
    probes: Callable[[], list[Case]] | None = None
    corpus: Callable[[], tuple] | None = None
    answer: Callable[[Case], object] | None = None
    results: tuple[str, ...] = ()

    def call(self, fn: Callable, case: Case):
        """Run `fn` on fresh, writeable copies of the case's arrays; return what it returns."""
        args, kwargs = self.arguments(case)
        return fn(*args, **kwargs)

    def run(self, fn: Callable, case: Case, *, seconds: float | None = 2.0,
            capture: bool = True) -> Outcome:
        """Run `fn` on `case` the one way convlab runs a learner's code (convlab.running):
        fresh copies, quietly, at most `seconds`, and checked for modified inputs.

        A function that runs elsewhere (a submission in the grader's sandbox) is an object
        with a `run_call(args, kwargs) -> Outcome` method; its Outcome is used as it is.
        """
        args, kwargs = self.arguments(case)
        remote = getattr(fn, "run_call", None)
        if callable(remote) and not inspect.isroutine(fn):
            return dataclasses.replace(remote(args, kwargs), case=case)
        return run_call(fn, args, kwargs, seconds=seconds, capture=capture, case=case,
                        names=self.parameter_names, parts=self.results)

    @property
    def function_name(self) -> str:
        """The name the signature gives the function ("conv1d", "conv1d_backward", ...)."""
        return self.signature.split("def ", 1)[-1].split("(", 1)[0].strip()

    @property
    def parameter_names(self) -> tuple[str, ...]:
        """The names of the learner's parameters, from the signature ("x", "w", ...)."""
        return tuple(name for name, _ in self.parameters)

    @property
    def parameters(self) -> tuple[tuple[str, str | None], ...]:
        """(name, default as the signature writes it, or None) for each parameter."""
        header = self.signature[self.signature.index("(") + 1:self.signature.rindex(")")]
        found = []
        for part in header.split(","):
            if part.strip():
                name, _, default = part.partition("=")
                found.append((name.strip(), default.strip() or None))
        return tuple(found)

    def refusal_is_right(self, raised: bool, empty: bool) -> bool:
        """Where the reference refuses a case (no window fits): is this answer right?
        Raising always is; an empty result is too, unless the exercise must refuse."""
        return raised or (empty and not self.must_refuse)

    def expected(self, case: Case):
        """The reference output for `case` (raises the reference's ConvlabError if refused):
        an array, or a tuple of arrays named by `results`."""
        if self.answer is not None:
            return self.answer(case)
        return conv1d(case.x, case.w, **case.kwargs())

    def battery_cases(self) -> tuple[Case, ...]:
        """The probe battery alone, smallest first, only cases the exercise accepts (empty
        when the exercise has none)."""
        return _cases(self.probes, None, self.accepts)

    def probe_cases(self) -> tuple[Case, ...]:
        """Everything diagnose tries: the battery and every case of the hand-made corpus, so
        that diagnose and the grader judge a function on the same inputs."""
        return _cases(self.probes, self.corpus, self.accepts)


@functools.cache
def _cases(battery, corpus, accepts) -> tuple[Case, ...]:
    if battery is None:
        return ()
    cases = list(battery())
    if corpus is not None:
        cases += [case for test in corpus() for case in test.cases]
    unique = {_identity(case): case for case in cases if accepts(case)}
    return tuple(sorted(unique.values(), key=batteries.size_key))


def _identity(case: Case) -> tuple:
    """Two cases with the same arrays (values, dtypes, shapes) and parameters are one."""
    return (tuple((a.dtype.str, a.shape, a.tobytes()) for a in case.arrays),
            repr(sorted(case.non_default_kwargs().items(), key=lambda item: item[0])))


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
    `check(fn, name, tests=...)`); with `probes` (a battery builder) and `mistakes` it is
    diagnosed and scored like a built-in one.
    """
    if not isinstance(exercise, Exercise):
        raise ParameterTypeError(f"'exercise' must be an Exercise (got {describe(exercise)})",
                                 "exercise")
    if exercise.name in EXERCISES:
        raise ParameterError(f"an exercise named {exercise.name!r} is already registered; "
                             f"choose another name", "exercise")
    if exercise.layout not in LAYOUTS:
        raise ParameterError(f"'layout' of an exercise must be one of {', '.join(LAYOUTS)} "
                             f"(got {describe(exercise.layout)})", "layout")
    EXERCISES[exercise.name] = exercise
    return exercise


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
register(Exercise(
    name="conv1d",
    title="1-D convolution (cross-correlation) with stride and padding",
    signature=_CONV1D_SIGNATURE,
    arguments=_x_w_stride_padding,
    accepts=_one_dimensional,
    probes=batteries.conv1d,
    corpus=corpora.conv1d_corpus,
    mistakes=SINGLE_CHANNEL_MISTAKES,
))
register(Exercise(
    name="conv1d-strict",
    title="1-D conv1d that refuses impossible inputs: raise when no window fits",
    signature=_CONV1D_SIGNATURE,
    arguments=_x_w_stride_padding,
    accepts=_one_dimensional,
    must_refuse=True,
    probes=batteries.conv1d,
    mistakes=SINGLE_CHANNEL_MISTAKES,
))
register(Exercise(
    name="conv1d-int",
    title="1-D conv1d on integer data (uint8, int16, ...): sums must not wrap around",
    signature=_CONV1D_SIGNATURE,
    arguments=_x_w_stride_padding,
    accepts=lambda case: _one_dimensional(case) and _integer_data(case),
    probes=batteries.integer,
    mistakes=SINGLE_CHANNEL_MISTAKES,
))
register(Exercise(
    name="conv1d-channels",
    title="Multi-channel conv1d: x (C_in, L), w (C_out, C_in, K) -> (C_out, L_out)",
    signature=_CONV1D_SIGNATURE,
    arguments=_x_w_stride_padding,
    accepts=lambda case: (case.x.ndim == 2 and case.w.ndim == 3
                          and _is_plain(case, "stride", "padding")
                          and _padding_ok(case, ("valid", "same", "int"))),
    layout="channels",
    probes=batteries.multi_channel,
    corpus=corpora.channels_corpus,
    mistakes=SINGLE_CHANNEL_MISTAKES | CHANNEL_MISTAKES,
))
register(Exercise(
    name="conv1d-dilation",
    title="1-D conv1d with dilation",
    signature='def conv1d(x, w, stride=1, padding="valid", dilation=1)',
    arguments=lambda case: ((_copy(case.x), _copy(case.w)),
                            {**_stride_padding(case), "dilation": case.dilation}),
    accepts=lambda case: (case.x.ndim == 1 and case.w.ndim == 1
                          and _is_plain(case, "stride", "padding", "dilation")
                          and _padding_ok(case, ("valid", "same", "int"))),
    varies=("stride", "padding", "dilation"),
    probes=batteries.dilation,
    mistakes=SINGLE_CHANNEL_MISTAKES | {"dilation"},
))
register(Exercise(
    name="conv1d-causal",
    title="Causal conv1d: output t sees only inputs up to t",
    signature="def causal_conv1d(x, w, dilation=1)",
    arguments=lambda case: ((_copy(case.x), _copy(case.w)), {"dilation": case.dilation}),
    accepts=lambda case: (case.x.ndim == 1 and case.w.ndim == 1 and case.padding == "causal"
                          and _is_plain(case, "padding", "dilation")),
    paddings=("causal",),
    varies=("dilation",),
    probes=batteries.causal,
    mistakes=SINGLE_CHANNEL_MISTAKES - {"too_long", "refuses"} | {"dilation"},
))
register(Exercise(
    name="conv1d-bias",
    title="Multi-channel conv1d with a bias per output channel",
    signature='def conv1d(x, w, b, stride=1, padding="valid")',
    arguments=lambda case: ((_copy(case.x), _copy(case.w), _copy(case.bias)),
                            _stride_padding(case)),
    accepts=lambda case: (case.x.ndim == 2 and case.w.ndim == 3 and case.bias is not None
                          and _is_plain(case, "stride", "padding", "bias")
                          and _padding_ok(case, ("valid", "same", "int"))),
    varies=("stride", "padding", "bias"),
    layout="channels",
    probes=functools.partial(batteries.multi_channel, "bias"),
    mistakes=frozenset({"pads", "windows", "flip", "refuses", "bias"}) | CHANNEL_MISTAKES,
))
register(Exercise(
    name="conv1d-groups",
    title="Grouped conv1d: x (C_in, L), w (C_out, C_in/groups, K)",
    signature="def conv1d(x, w, groups=1)",
    arguments=lambda case: ((_copy(case.x), _copy(case.w)), {"groups": case.groups}),
    accepts=lambda case: (case.x.ndim == 2 and case.w.ndim == 3
                          and _is_plain(case, "groups")),
    paddings=("valid",),
    varies=("groups",),
    layout="channels",
    probes=batteries.groups,
    mistakes=frozenset({"windows", "flip", "channels", "groups", "x_layout", "w_layout"}),
))
register(Exercise(
    name="conv1d-keras",
    title="Channels-last conv1d as Keras: x (L, C_in), kernel (K, C_in, C_out) -> (L_out, C_out)",
    signature='def conv1d(x, kernel, stride=1, padding="valid")',
    arguments=_x_w_stride_padding,
    accepts=lambda case: (case.x.ndim == 2 and case.w.ndim == 3 and case.layout == "NLC"
                          and _is_plain(case, "stride", "padding", "layout")
                          and _padding_ok(case, ("valid", "same", "int"))),
    layout="keras",
    probes=functools.partial(batteries.multi_channel, "keras"),
    mistakes=SINGLE_CHANNEL_MISTAKES | CHANNEL_MISTAKES,
))
register(Exercise(
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
    probes=batteries.padding_mode,
    mistakes=SINGLE_CHANNEL_MISTAKES - {"too_long"},
))



def _dout_problem(case: Case) -> str | None:
    """Why `case.dout` cannot be conv1d's output gradient on the case, in words; None when
    it can (one value per output)."""
    if case.dout is None or case.x.ndim != 1 or case.w.ndim != 1:
        return None
    count = batteries.forward_length(case)
    if case.dout.ndim == 1 and case.dout.size == count:
        return None
    return (f"'dout' must hold one value per output of conv1d on this case: {count} (x of "
            f"{case.length} samples, w of {case.kernel_size} taps, stride {case.stride}, "
            f"padding {case.padding!r}); got shape {case.dout.shape}")


def _backward_answer(case: Case) -> tuple[np.ndarray, np.ndarray]:
    """(dx, dw): convlab.learn's exact gradients of conv1d on the case."""
    from convlab.learn.backward import conv1d_backward

    problem = _dout_problem(case)
    if problem is not None:
        raise ShapeError(problem, "dout")
    gradients = conv1d_backward(case.dout, case.x, case.w, stride=case.stride,
                                padding=case.padding)
    return gradients.x, gradients.w


def _backward_case(case: Case) -> bool:
    """1-D dout, x and w, stride and padding ("valid", "same" or an int), and a dout with
    one value per output conv1d gives."""
    return (case.x.ndim == 1 and case.w.ndim == 1 and case.dout is not None
            and case.dout.ndim == 1 and _is_plain(case, "stride", "padding", "dout")
            and _padding_ok(case, ("valid", "same", "int"))
            and case.dout.size == batteries.forward_length(case) > 0)


def _transposed_answer(case: Case) -> np.ndarray:
    from convlab.transposed import conv_transpose1d

    return conv_transpose1d(case.x, case.w, stride=case.stride,
                            padding=batteries.transposed_padding(case),
                            output_padding=case.output_padding)


def _transposed_case(case: Case) -> bool:
    """1-D x and w, stride, an int padding (or none) and an output_padding smaller than the
    stride."""
    return (case.x.ndim == 1 and case.w.ndim == 1 and case.dout is None
            and _is_plain(case, "stride", "padding", "output_padding")
            and _padding_ok(case, ("valid", "int")) and case.output_padding < case.stride)


register(Exercise(
    name="conv1d-backward",
    title="conv1d's backward pass: (dx, dw) from the output gradient dout",
    signature='def conv1d_backward(dout, x, w, stride=1, padding="valid")',
    arguments=lambda case: ((_copy(case.dout), _copy(case.x), _copy(case.w)),
                            _stride_padding(case)),
    accepts=_backward_case,
    varies=("stride", "padding", "dout"),
    layout="backward",
    probes=batteries.backward,
    corpus=corpora.backward_corpus,
    mistakes=ADJOINT_MISTAKES | {"reverse", "results"},
    answer=_backward_answer,
    results=("dx", "dw"),
))
register(Exercise(
    name="conv-transpose1d",
    title="Transposed convolution (PyTorch's conv_transpose1d) of 1-D x and w",
    signature="def conv_transpose1d(x, w, stride=1, padding=0, output_padding=0)",
    arguments=lambda case: ((_copy(case.x), _copy(case.w)),
                            {"stride": case.stride, "padding": batteries.transposed_padding(case),
                             "output_padding": case.output_padding}),
    accepts=_transposed_case,
    paddings=("int",),
    varies=("stride", "padding", "output_padding"),
    layout="transposed",
    probes=batteries.transposed,
    corpus=corpora.transposed_corpus,
    mistakes=ADJOINT_MISTAKES | {"out_pad", "length"},
    answer=_transposed_answer,
))

def get_exercise(name: str) -> Exercise:
    """The exercise called `name` (e.g. "conv1d"), or an error listing the known ones."""
    if isinstance(name, Exercise):
        return name
    if not isinstance(name, str) or name not in EXERCISES:
        raise ParameterError(f"'exercise' must be one of {', '.join(map(repr, EXERCISES))} "
                             f"(got {describe(name)})", "exercise")
    return EXERCISES[name]


def exercise_of(fn: Callable, exercise: Exercise | str | None = "conv1d") -> Exercise:
    """The exercise to run `fn` in: the one given, except that a function written for the
    backward pass or the transposed convolution (its parameters named exactly as that
    exercise's signature names them, e.g. `(dout, x, w, stride, padding)`) is run in that
    exercise when nothing or the default "conv1d" was asked for: calling it like conv1d
    could only fail."""
    if exercise not in (None, "conv1d"):
        return get_exercise(exercise)
    try:
        names = tuple(inspect.signature(fn).parameters)
    except (TypeError, ValueError):
        names = ()
    matching = [candidate for candidate in EXERCISES.values()
                if candidate.layout in SCATTER_LAYOUTS
                and candidate.parameter_names == names]
    return matching[0] if len(matching) == 1 else get_exercise("conv1d")


def find_exercise(case: Case, exercise: Exercise | str | None = None) -> Exercise:
    """The given exercise, or the first registered one whose domain holds `case`."""
    check_case(case)
    if exercise is not None:
        return get_exercise(exercise)
    for candidate in EXERCISES.values():
        if candidate.accepts(case):
            return candidate
    problem = _dout_problem(case)
    if problem is not None:
        raise ShapeError(problem, "dout")
    raise ParameterError(f"no exercise takes the case {case!r}; pass exercise=... "
                         f"(one of {', '.join(map(repr, EXERCISES))})", "case")
