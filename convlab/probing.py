"""Provenance: which input positions and kernel taps produced each output element.

A convolution is bilinear: every output is a sum of coefficient * x[j] * w[k]. Feeding an
implementation impulses — x = e_j (a single 1 at position j) and w = e_k (only tap k) —
makes output t equal to the coefficient of x[j] * w[k] in it, so L * K runs recover every
term, whatever names or loop shapes the implementation uses. That is exact for any
implementation linear in x and in w, which every Conv1D is, flawed ones included.

Padding positions never show up as terms (they multiply zeros). Each output's window is
completed by fitting position = a + b * tap to the taps that land on real samples: taps
whose fitted position falls outside the input read padding (negative positions on the left,
positions >= L on the right). A flipped kernel fits with b = -dilation.

Provenance covers 1-D exercises (x of shape (L,), w of shape (K,)); for multi-channel ones
it reports why it is unavailable.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from convlab.case import Case
from convlab.exercises import Exercise, find_exercise
from convlab.running import CallTimeout, quietly
from convlab.running import time_limit as guarded_time_limit
from convlab.validate import check_function, check_seconds

__all__ = ["MAX_PROBES", "Provenance", "provenance"]

MAX_PROBES = 4096
"""Most impulse runs (L * K) provenance will make; larger cases are not probed."""


@dataclass(frozen=True)
class Provenance:
    """Per output element t: the terms that produced it and the window it reads.

    `terms[t]`: (input_position, tap, coefficient) for every nonzero product in output t.
    `windows[t]`: the input position read by each tap in `taps[t]`, padding included
    (negative or >= L); empty when output t reads nothing at all.
    `exact`: the terms reproduce the implementation's output on the case itself (False for
    implementations that are not linear, e.g. ones that round to integers).
    `reason`: why provenance is unavailable (then terms, windows and taps are empty).

    >>> def two_tap(x, w, stride=1, padding="valid"):
    ...     return [x[i] * w[0] + x[i + 1] * w[1] for i in range(len(x) - 1)]
    >>> found = provenance(two_tap, Case(x=[1, 2, 3], w=[1, 10]))
    >>> found.windows
    ((0, 1), (1, 2))
    >>> found.terms[1]
    ((1, 0, 1.0), (2, 1, 1.0))
    """

    length: int
    kernel_size: int
    terms: tuple = ()
    windows: tuple = ()
    taps: tuple = ()
    exact: bool = False
    reason: str | None = None

    @property
    def available(self) -> bool:
        return self.reason is None

    def window(self, output_index: int) -> tuple[int, ...] | None:
        """The input positions output `output_index` reads, or None past the last output."""
        if 0 <= output_index < len(self.windows):
            return self.windows[output_index]
        return None


def provenance(fn: Callable, case: Case, exercise: Exercise | str | None = None, *,
               time_limit: float = 10.0) -> Provenance:
    """Probe `fn` with impulses to find, for every output, its terms, window and taps.

    Never raises for the learner's mistakes: a function that fails, returns outputs of a
    varying shape, or takes too many probes gives a Provenance whose `reason` says why.
    """
    check_function(fn)
    exercise = find_exercise(case, exercise)
    time_limit = check_seconds(time_limit, "time_limit")
    length, kernel_size = case.length, case.kernel_size

    def unavailable(reason: str) -> Provenance:
        return Provenance(length, kernel_size, reason=reason)

    if case.x.ndim != 1 or case.w.ndim != 1:
        return unavailable("provenance covers 1-D x and w; this case has x of shape "
                           f"{case.x.shape} and w of shape {case.w.shape}")
    if length * kernel_size > MAX_PROBES:
        return unavailable(f"L * K = {length} * {kernel_size} = {length * kernel_size} "
                           f"impulse runs is more than {MAX_PROBES}; use a shorter input")
    deadline = time.monotonic() + time_limit
    try:
        # the learner's prints and warnings would repeat once per probe: keep them quiet,
        # and stop a function that never returns on some impulse
        with quietly(), guarded_time_limit(time_limit):
            coefficients, actual = _probe(fn, case, exercise, deadline, time_limit)
    except CallTimeout:
        return unavailable(f"probing took more than {time_limit:g} s")
    except _Unavailable as reason:
        return unavailable(str(reason))
    except (Exception, SystemExit) as error:  # noqa: BLE001 - the learner's error is data here
        return unavailable(f"the function failed on an impulse probe: "
                           f"{type(error).__name__}: {error}")
    terms = tuple(_terms_of(coefficients[:, :, t]) for t in range(actual.size))
    slope = _common_slope(terms)
    windows, taps = zip(*(_window(output_terms, slope, length, kernel_size)
                          for output_terms in terms)) if terms else ((), ())
    rebuilt = np.einsum("j,k,jkt->t", case.x.astype(float), case.w.astype(float), coefficients)
    scale = max(1.0, float(np.abs(case.x).max() * np.abs(case.w).sum()))
    exact = bool(np.allclose(rebuilt, actual, rtol=1e-4, atol=1e-4 * scale))
    return Provenance(length, kernel_size, terms, tuple(windows), tuple(taps), exact)


class _Unavailable(Exception):
    """Probing showed the function is not a sum of x[j] * w[k] terms (the reason)."""


def _probe(fn: Callable, case: Case, exercise: Exercise, deadline: float, time_limit: float):
    """Run fn on the case and on every pair of impulses: (coefficients[j, k, t], output)."""
    length, kernel_size = case.length, case.kernel_size
    actual = _run(fn, case, exercise)
    zero = _run(fn, case.replace(x=np.zeros(length), w=np.zeros(kernel_size)), exercise)
    if actual.shape != zero.shape or actual.ndim != 1:
        raise _Unavailable(f"the output's shape depends on the values (got {zero.shape} "
                           f"for zeros, {actual.shape} for the case)")
    if np.any(zero != 0):
        raise _Unavailable("the output is not zero for zero input, so it is not a sum "
                           "of x[j] * w[k] terms")
    coefficients = np.zeros((length, kernel_size, actual.size))
    for position in range(length):
        for tap in range(kernel_size):
            if time.monotonic() > deadline:
                raise _Unavailable(f"probing took more than {time_limit:g} s")
            probe = case.replace(x=np.eye(length)[position], w=np.eye(kernel_size)[tap])
            out = _run(fn, probe, exercise)
            if out.shape != actual.shape:
                raise _Unavailable(f"the output's shape depends on the values (got "
                                   f"{out.shape} for an impulse, {actual.shape} for the "
                                   f"case)")
            coefficients[position, tap] = out
    return coefficients, actual

def _run(fn: Callable, case: Case, exercise: Exercise) -> np.ndarray:
    with np.errstate(all="ignore"):
        return np.asarray(exercise.call(fn, case), dtype=float)


def _terms_of(coefficients: np.ndarray) -> tuple:
    """(position, tap, coefficient) for the nonzero entries of an (L, K) table, by tap."""
    positions, taps = np.nonzero(np.abs(coefficients) > 1e-12)
    order = np.lexsort((positions, taps))
    return tuple((int(positions[i]), int(taps[i]), float(coefficients[positions[i], taps[i]]))
                 for i in order)


def _line_through(output_terms: tuple) -> tuple[int, int] | None:
    """(a, b) with position = a + b * tap for every term, or None when no such line."""
    points = sorted({(tap, position) for position, tap, _ in output_terms})
    if len(points) < 2 or len({tap for tap, _ in points}) != len(points):
        return None
    (tap0, position0), (tap1, position1) = points[0], points[1]
    slope, remainder = divmod(position1 - position0, tap1 - tap0)
    if remainder or slope == 0:
        return None
    offset = position0 - slope * tap0
    if all(position == offset + slope * tap for tap, position in points):
        return offset, slope
    return None


def _common_slope(terms: tuple) -> int:
    """The tap-to-position slope most outputs agree on (1 for an unflipped kernel)."""
    slopes = Counter(line[1] for line in map(_line_through, terms) if line is not None)
    return slopes.most_common(1)[0][0] if slopes else 1


def _window(output_terms: tuple, slope: int, length: int,
            kernel_size: int) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """(positions, taps) output t reads: one position per tap, padding positions included."""
    if not output_terms:
        return (), ()
    line = _line_through(output_terms)
    if line is None and len(output_terms) == 1:
        position, tap, _ = output_terms[0]
        line = (position - slope * tap, slope)
    if line is None:
        return (tuple(position for position, _, _ in output_terms),
                tuple(tap for _, tap, _ in output_terms))
    offset, line_slope = line
    used = {tap for _, tap, _ in output_terms}
    taps = tuple(tap for tap in range(kernel_size)
                 if tap in used or not 0 <= offset + line_slope * tap < length)
    return tuple(offset + line_slope * tap for tap in taps), taps
