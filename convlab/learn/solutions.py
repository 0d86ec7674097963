"""Every kernel that fits: the im2col linear system behind conv1d, solved by SVD.

`solution_set` explains why a fit with more unknowns than equations lands somewhere
different every run: the kernels that fit form a line, a plane or more, and training stops
at whichever member it reaches first.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from convlab.arrays import as_numeric_array
from convlab.case import check_layout
from convlab.checks import check_positive_int
from convlab.errors import ShapeError
from convlab.learn.layouts import fit_input_as_ncl, kernel_from_ncl, target_as_ncl
from convlab.padding import pad
from convlab.spec import ConvSpec

__all__ = ["SolutionSet", "solution_set"]


@dataclass(frozen=True, eq=False)
class SolutionSet:
    """Every kernel w with conv1d(x, w) = target (or closest to it, in least squares).

    The kernels form particular + span(null_space): adding any combination of the null
    vectors changes no output. rank is the number of independent equations among
    `equations`; when rank < unknowns the fit is not unique. residual is the norm of
    conv1d(x, particular) - target, and exact says whether it is 0 up to rounding.
    particular and each null vector have the kernel's shape for the layout.
    """

    particular: np.ndarray
    null_space: np.ndarray
    rank: int
    unknowns: int
    equations: int
    residual: float
    exact: bool

    def point(self, coefficients) -> np.ndarray:
        """particular + sum_i coefficients[i] * null_space[i]: one member of the set."""
        coefficients = np.atleast_1d(as_numeric_array(coefficients, "coefficients"))
        if coefficients.shape != (len(self.null_space),):
            raise ShapeError(f"'coefficients' must hold one number per null vector "
                             f"({len(self.null_space)}) (got shape {coefficients.shape})",
                             "coefficients")
        return self.particular + np.tensordot(coefficients, self.null_space, axes=1)

    def distance(self, w) -> float:
        """How far kernel w lies from the set (0 when w is one of its members)."""
        w = as_numeric_array(w, "w").astype(np.float64)
        if w.size != self.particular.size:
            raise ShapeError(f"'w' must have {self.particular.size} weights like the "
                             f"solutions (got shape {w.shape})", "w")
        offset = w.reshape(-1) - self.particular.reshape(-1)
        basis = self.null_space.reshape(len(self.null_space), -1)
        along_set = basis.T @ (basis @ offset)
        return float(np.linalg.norm(offset - along_set))

    def contains(self, w, *, tolerance: float = 1e-6) -> bool:
        """True when kernel w solves the system (to `tolerance`)."""
        return self.distance(w) <= tolerance


def solution_set(x, target, kernel_size: int, *, stride: int = 1, padding="valid",
                 dilation: int = 1, layout: str = "NLC") -> SolutionSet:
    """All kernels of one filter mapping x to target, from the im2col linear system.

    Each output is a dot product of one window with the kernel, so conv1d(x, w) = target is
    A @ w.ravel() = target.ravel() with one row of A per output (the window it reads) and
    one column per weight. numpy's SVD gives the rank of A, a minimum-norm particular
    solution and an orthonormal basis of A's null space.

    Shapes as in `fit_kernel` with one filter: x (N, L, C_in), (L, C_in) or (L,) for "NLC".

    >>> s = solution_set([0, 3, 4, 5], [6, 11, 14], 2)
    >>> s.rank, s.unknowns, np.round(s.particular.ravel(), 6)
    (2, 2, array([1., 2.]))
    """
    layout = check_layout(layout)
    kernel_size = check_positive_int(kernel_size, "kernel_size")
    x3, x_ndim = fit_input_as_ncl(as_numeric_array(x, "x").astype(np.float64), layout)
    target = as_numeric_array(target, "target").astype(np.float64)
    n_batch, c_in, length = x3.shape
    spec = ConvSpec(kernel_size, stride, padding, dilation)
    out_length = spec.output_length(length)
    target3 = target_as_ncl(target, (n_batch, 1, out_length), layout, x_ndim)

    # A[(n, t), (c, k)] = padded x[n, c, t*s + k*d]: the window output t reads
    pad_left, pad_right = spec.pads(length)
    x_padded = pad(x3, pad_left, pad_right)
    starts = np.arange(out_length) * spec.stride
    positions = starts[:, None] + np.arange(kernel_size)[None, :] * spec.dilation
    windows = x_padded[:, :, positions]  # (N, C, L_out, K)
    system = windows.transpose(0, 2, 1, 3).reshape(n_batch * out_length, c_in * kernel_size)
    rhs = target3.reshape(-1)

    _, singular_values, right_vectors = np.linalg.svd(system)
    tolerance = singular_values.max(initial=0) * max(system.shape) * np.finfo(float).eps
    rank = int((singular_values > tolerance).sum())
    particular = np.linalg.lstsq(system, rhs, rcond=None)[0]
    null_vectors = right_vectors[rank:]
    residual = float(np.linalg.norm(system @ particular - rhs))

    def as_kernel(vector: np.ndarray) -> np.ndarray:
        return kernel_from_ncl(vector.reshape(1, c_in, kernel_size), layout, (1, c_in, 1))

    particular = as_kernel(particular)
    null_space = np.array([as_kernel(vector) for vector in null_vectors])
    return SolutionSet(
        particular=particular,
        null_space=null_space.reshape(len(null_vectors), *particular.shape),
        rank=rank,
        unknowns=c_in * kernel_size,
        equations=n_batch * out_length,
        residual=residual,
        exact=residual <= 1e-9 * max(1.0, float(np.linalg.norm(rhs))))
