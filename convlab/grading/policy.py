"""What a graded submission may do: the modules and numpy functions it may not use, and
how long and how much memory it gets (`Policy`)."""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

from convlab.errors import ParameterError
from convlab.grading.isolation import ISOLATIONS

__all__ = ["FORBIDDEN_MODULES", "Policy"]

FORBIDDEN_MODULES = ("convlab", "torch", "tensorflow", "keras", "jax", "scipy.signal",
                     "scipy.ndimage")


@dataclass(frozen=True)
class Policy:
    """What a graded submission may do, and how long and how much memory it gets.

    `forbid_modules`: imports that fail with a message saying so (the reference and the
    libraries that would do the exercise for the student). `forbid_numpy`: numpy functions
    replaced by ones that raise ("convolve", "correlate" when the instructor forbids them).
    `case_seconds` bounds each call (wall time), `total_seconds` the whole submission;
    `cpu_seconds` is the child's CPU limit, `memory_mb` its address-space limit,
    `output_limit` the bytes it may print, `output_shown` how many of them results keep.
    """

    forbid_modules: tuple[str, ...] = FORBIDDEN_MODULES
    forbid_numpy: tuple[str, ...] = ()
    case_seconds: float = 2.0
    load_seconds: float = 10.0
    total_seconds: float = 60.0
    cpu_seconds: float = 30.0
    memory_mb: int = 512
    output_limit: int = 1_000_000
    output_shown: int = 4_000
    max_restarts: int = 3
    isolation: str = "auto"

    def __post_init__(self) -> None:
        for name in ("case_seconds", "load_seconds", "total_seconds", "cpu_seconds"):
            value = getattr(self, name)
            if not isinstance(value, (int, float)) or not math.isfinite(value) or value <= 0:
                raise ParameterError(f"'{name}' must be a positive number of seconds "
                                     f"(got {value!r})", name)
        for name in ("memory_mb", "output_limit", "output_shown"):
            value = getattr(self, name)
            if not isinstance(value, int) or isinstance(value, bool) or value <= 0:
                raise ParameterError(f"'{name}' must be a positive int (got {value!r})", name)
        if self.isolation not in ISOLATIONS:
            raise ParameterError(f"'isolation' must be one of {', '.join(ISOLATIONS)} "
                                 f"(got {self.isolation!r})", "isolation")

    def allowing_numpy(self) -> Policy:
        """The same policy with np.convolve / np.correlate allowed (for diagnosis)."""
        return replace(self, forbid_numpy=())
