"""Padding: how many samples go on each side of the input, and what they hold.

Every rule about padding lives here, so the reference, ConvSpec, Case and the Debugger
can never tell a learner two different things:
- the kinds (`PADDING_KINDS`, or an int p, or a (left, right) pair) and how many samples
  each adds on the left and on the right (`pads`, with 'same' following Keras/TF at any
  stride: `same_padding_total`);
- whether one window of the kernel fits the padded input at all (`window_fits`, and
  `check_fits`, which raises the error the reference and ConvSpec give);
- the modes (`PADDING_MODES`): what the padded samples hold, as in torch.nn.Conv1d:
  `pad` builds the padded array, `source_index` says which real sample a padded
  position shows (None for a zero).

Positions are input coordinates: 0 .. L-1 are the real samples, negative positions the
left padding and positions >= L the right padding.

>>> pads(5, kernel_size=2, padding="same")
(0, 1)
>>> pad(np.array([1, 2, 3]), 2, 1, "reflect").tolist()
[3, 2, 1, 2, 3, 2]
>>> [source_index(p, 3, "circular") for p in (-2, -1, 3)]
[1, 2, 0]
"""

from __future__ import annotations

import numbers

import numpy as np

from convlab.checks import check_positive_int
from convlab.errors import ParameterError, ParameterTypeError, ShapeError, describe

__all__ = ["PADDING_KINDS", "PADDING_MODES", "Padding", "check_fits", "check_mode_fits",
           "check_padding", "check_padding_mode", "pad", "pad_widths", "pads",
           "same_padding_total", "source_index", "window_fits"]

PADDING_KINDS = ("valid", "same", "causal", "full")
"""The padding words; an int p (p samples each side) or a (left, right) pair also work."""
PADDING_MODES = ("zeros", "reflect", "replicate", "circular")
"""What padded samples hold, named as torch.nn.Conv1d names them."""
Padding = str | int | tuple[int, int]

# PyTorch's modes under the names np.pad gives them
_NUMPY_MODES = {"zeros": "constant", "reflect": "reflect", "replicate": "edge",
                "circular": "wrap"}


# --- how much padding ---------------------------------------------------------------------

def check_padding(padding: object) -> Padding:
    """Check a padding argument and return it in canonical form.

    Accepted: "valid", "same", "causal", "full" (any case, returned lower-case), an int
    p >= 0 (p samples on each side), or a pair (left, right) of ints >= 0 (returned as a
    tuple).

    >>> check_padding("SAME"), check_padding([1, 2])
    ('same', (1, 2))
    """
    if isinstance(padding, str):
        kind = padding.strip().lower()
        if kind not in PADDING_KINDS:
            raise ParameterError(
                f"'padding' must be one of {', '.join(map(repr, PADDING_KINDS))}, an int or a "
                f"(left, right) pair (got {describe(padding)})", "padding")
        return kind
    if isinstance(padding, (tuple, list)):
        if len(padding) != 2:
            raise ParameterError(
                f"'padding' as a sequence must be a (left, right) pair of ints "
                f"(got {describe(padding)} of length {len(padding)})", "padding")
        left = check_positive_int(padding[0], "padding", minimum=0)
        right = check_positive_int(padding[1], "padding", minimum=0)
        return (left, right)
    if isinstance(padding, bool) or not isinstance(padding, numbers.Integral):
        raise ParameterTypeError(
            f"'padding' must be 'valid', 'same', 'causal', 'full', an int >= 0 or a "
            f"(left, right) pair (got {describe(padding)})", "padding")
    if padding < 0:
        raise ParameterError(
            f"'padding' must be >= 0 (got {describe(padding)}); to crop the input, slice it "
            f"before the convolution", "padding")
    return int(padding)


def same_padding_total(length: int, stride: int, span: int) -> int:
    """Samples 'same' adds in all (Keras/TF rule): enough for ceil(L / stride) windows.

    total = max((ceil(L/s) - 1) * s + K_eff - L, 0), where span = K_eff = d*(K-1) + 1;
    the left side gets total // 2, so an odd extra sample goes on the right.

    >>> same_padding_total(5, 1, 2), same_padding_total(6, 2, 3)
    (1, 1)
    """
    return max((-(-length // stride) - 1) * stride + span - length, 0)


def pad_widths(padding: Padding, length: int, stride: int, span: int) -> tuple[int, int]:
    """(left, right) for a padding already in canonical form (see `check_padding`).

    No checks: `pads` is the checked door; this is the rule itself, for callers that
    have checked their arguments already. span = K_eff = d*(K-1) + 1.
    """
    if padding == "valid":
        return (0, 0)
    if padding == "same":
        total = same_padding_total(length, stride, span)
        return (total // 2, total - total // 2)
    if padding == "causal":
        return (span - 1, 0)
    if padding == "full":
        return (span - 1, span - 1)
    if isinstance(padding, tuple):
        return padding
    return (padding, padding)


def pads(length: int, kernel_size: int, stride: int = 1, padding: object = "valid",
         dilation: int = 1) -> tuple[int, int]:
    """Samples added (left, right) to an input of `length` samples.

    'valid' adds none; 'same' makes ceil(L / stride) windows fit (Keras/TF at any stride,
    an odd extra sample on the RIGHT); 'causal' adds K_eff - 1 on the left only; 'full'
    K_eff - 1 on each side; an int p adds p on each side; (left, right) is taken as is.

    >>> pads(6, 3, stride=2, padding="same"), pads(5, 3, padding="causal", dilation=2)
    ((0, 1), (4, 0))
    """
    length = check_positive_int(length, "length")
    kernel_size = check_positive_int(kernel_size, "kernel_size")
    stride = check_positive_int(stride, "stride")
    dilation = check_positive_int(dilation, "dilation")
    return pad_widths(check_padding(padding), length, stride, dilation * (kernel_size - 1) + 1)


def window_fits(length: int, pad_left: int, pad_right: int, span: int) -> bool:
    """Whether one window of span K_eff fits the padded input (else no output exists)."""
    return length + pad_left + pad_right >= span


def check_fits(length: int, pad_left: int, pad_right: int, span: int, *,
               padding: object, dilation: int = 1) -> None:
    """Raise a ShapeError (naming 'w') when one window of span K_eff is longer than the
    padded input: no output fits, and convolution is impossible."""
    if not window_fits(length, pad_left, pad_right, span):
        padded = length + pad_left + pad_right
        what = "kernel" if dilation == 1 else "dilated kernel"
        raise ShapeError(
            f"{what} of effective size {span} does not fit input of length {length} "
            f"with padding {padding!r} (padded length {padded}); use "
            f"padding='same', a shorter kernel or a longer input", "w")


# --- what the padding holds ---------------------------------------------------------------

def check_padding_mode(mode: object, name: str = "padding_mode") -> str:
    """`mode` lower-cased when it is one of PADDING_MODES, else an error naming `name`."""
    if not isinstance(mode, str) or mode.lower() not in PADDING_MODES:
        raise ParameterError(
            f"'{name}' must be one of {', '.join(map(repr, PADDING_MODES))} "
            f"(got {describe(mode)})", name)
    return mode.lower()


def check_mode_fits(mode: str, pad_left: int, pad_right: int, length: int,
                    name: str = "padding_mode") -> None:
    """Refuse what PyTorch refuses: 'reflect' needs each side shorter than the input,
    'circular' cannot wrap around more than once, 'replicate' needs a sample to repeat."""
    largest = max(pad_left, pad_right)
    if mode == "reflect" and largest >= length:
        raise ParameterError(f"'{name}'='reflect' needs each padding to be shorter than "
                             f"the input (got padding {largest} for length {length}); use "
                             f"'replicate' or less padding", name)
    if mode == "circular" and largest > length:
        raise ParameterError(f"'{name}'='circular' cannot wrap around more than once "
                             f"(got padding {largest} for length {length}); use less padding",
                             name)
    if mode == "replicate" and largest and not length:
        raise ParameterError(f"'{name}'='replicate' needs at least one sample to repeat "
                             f"(got an empty input)", name)


def pad(x, left: int, right: int, mode: str = "zeros", axis: int = -1) -> np.ndarray:
    """A new array: x with `left` and `right` samples added along `axis`, dtype kept.

    Matches torch.nn.functional.pad(x, (left, right), mode) with PyTorch's names:
    "zeros" (torch's "constant"), "reflect" (mirror without repeating the edge:
    [3, 2, | 1, 2, 3]), "replicate" (repeat the edge: [1, 1, | 1, 2, 3]) and "circular"
    (wrap around: [2, 3, | 1, 2, 3]); refuses what PyTorch refuses (`check_mode_fits`).

    >>> pad(np.array([1, 2, 3]), 2, 0, "replicate").tolist()
    [1, 1, 1, 2, 3]
    """
    x = np.asarray(x)
    # plain ints and known modes skip the general checks: conv1d pads on every call
    if not (type(left) is int and left >= 0):
        left = check_positive_int(left, "left", minimum=0)
    if not (type(right) is int and right >= 0):
        right = check_positive_int(right, "right", minimum=0)
    if mode not in PADDING_MODES:
        mode = check_padding_mode(mode, "mode")
    ndim = x.ndim
    if type(axis) is not int:
        if isinstance(axis, bool) or not isinstance(axis, np.integer):
            raise ParameterError(f"'axis' must be an axis of x, which has {ndim} (got "
                                 f"{describe(axis)})", "axis")
        axis = int(axis)
    if not -ndim <= axis < ndim:
        raise ParameterError(f"'axis' must be an axis of x, which has {ndim} (got "
                             f"{describe(axis)})", "axis")
    axis %= ndim
    length = x.shape[axis]
    if mode != "zeros":
        check_mode_fits(mode, left, right, length, "mode")
        widths = [(0, 0)] * ndim
        widths[axis] = (left, right)
        return np.pad(x, widths, mode=_NUMPY_MODES[mode])
    padded = np.zeros(x.shape[:axis] + (left + length + right,) + x.shape[axis + 1:], x.dtype)
    padded[(slice(None),) * axis + (slice(left, left + length),)] = x
    return padded


def source_index(position: int, length: int, mode: str = "zeros") -> int | None:
    """The real sample a position of the padded input shows, or None for a zero.

    0 <= position < length is the sample itself; beyond it, "zeros" gives None,
    "reflect" mirrors at the edges without repeating them, "replicate" repeats the
    nearest edge and "circular" wraps around. Positions further out than PyTorch allows
    continue the pattern the way np.pad does (reflect keeps bouncing, circular keeps
    wrapping), so the answer always equals np.pad's.

    >>> [source_index(p, 3, "reflect") for p in (-2, -1, 0, 3, 4)]
    [2, 1, 0, 1, 0]
    >>> source_index(-1, 3) is None
    True
    """
    if isinstance(position, bool) or not isinstance(position, numbers.Integral):
        raise ParameterTypeError(f"'position' must be an int (got {describe(position)})",
                                 "position")
    length = check_positive_int(length, "length", minimum=0)
    mode = check_padding_mode(mode, "mode")
    if 0 <= position < length:
        return int(position)
    if mode == "zeros":
        return None
    if not length:
        raise ParameterError(f"'length' must be >= 1 for padding mode {mode!r}: there is no "
                             f"sample to show (got 0)", "length")
    if mode == "replicate":
        return min(max(int(position), 0), length - 1)
    if mode == "circular":
        return int(position) % length
    if length == 1:
        return 0
    # reflect: the input mirrored at both ends repeats every 2 * (L - 1) positions
    phase = int(position) % (2 * length - 2)
    return phase if phase < length else 2 * length - 2 - phase
