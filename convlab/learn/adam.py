"""Adam, the optimiser Keras and PyTorch fit a Conv1D with, on plain numpy arrays."""

from __future__ import annotations

import math
import numbers

import numpy as np

from convlab.arrays import as_numeric_array
from convlab.errors import ParameterError, ParameterTypeError, ShapeError, describe

__all__ = ["Adam"]


class Adam:
    """Adam, step for step as torch.optim.Adam (and Keras's Adam up to where eps sits).

    Holds the parameter arrays and updates them in place:
        m = b1 m + (1 - b1) g,   v = b2 v + (1 - b2) g^2
        p -= lr * (m / (1 - b1^t)) / (sqrt(v / (1 - b2^t)) + eps)
    Keras adds its eps (default 1e-7) before the bias correction; the difference is below
    eps itself.

    >>> w = np.array([0.0])
    >>> optimizer = Adam([w], learning_rate=0.1)
    >>> optimizer.step([np.array([2.0])])
    >>> w  # the first step moves every parameter by about learning_rate
    array([-0.1])
    """

    def __init__(self, params, *, learning_rate: float = 0.001,
                 betas: tuple[float, float] = (0.9, 0.999), eps: float = 1e-8):
        if isinstance(params, np.ndarray):
            params = [params]
        self.params = list(params)
        for index, param in enumerate(self.params):
            if not isinstance(param, np.ndarray) or param.dtype.kind != "f" \
                    or not param.flags.writeable:
                raise ParameterTypeError(
                    f"'params' must be writable float numpy arrays, updated in place (got "
                    f"{describe(param)} at index {index}); use np.array(value, dtype=float)",
                    "params")
        self.learning_rate = _check_positive_float(learning_rate, "learning_rate")
        if not isinstance(betas, (tuple, list)) or len(betas) != 2:
            raise ParameterTypeError(f"'betas' must be a pair (beta1, beta2) "
                                     f"(got {describe(betas)})", "betas")
        for beta in betas:
            if not isinstance(beta, numbers.Real) or isinstance(beta, bool) \
                    or not 0 <= beta < 1:
                raise ParameterError(f"'betas' must both lie in [0, 1) "
                                     f"(got {describe(betas)})", "betas")
        self.betas = (float(betas[0]), float(betas[1]))
        self.eps = _check_positive_float(eps, "eps")
        self.steps = 0
        self._first_moments = [np.zeros_like(p) for p in self.params]
        self._second_moments = [np.zeros_like(p) for p in self.params]

    def step(self, grads) -> None:
        """Move every parameter once along its gradient (one gradient per parameter)."""
        if isinstance(grads, np.ndarray):
            grads = [grads]
        grads = list(grads)
        if len(grads) != len(self.params):
            raise ParameterError(f"'grads' must hold one gradient per parameter "
                                 f"({len(self.params)}), got {len(grads)}", "grads")
        beta1, beta2 = self.betas
        self.steps += 1
        correction1 = 1 - beta1 ** self.steps
        correction2 = 1 - beta2 ** self.steps
        for param, grad, m, v in zip(self.params, grads, self._first_moments,
                                     self._second_moments):
            grad = as_numeric_array(grad, "grads")
            if grad.shape != param.shape:
                raise ShapeError(f"'grads' must match the parameter shapes (got {grad.shape} "
                                 f"for a parameter of shape {param.shape})", "grads")
            # running averages of the gradient and of its square
            m *= beta1
            m += (1 - beta1) * grad
            v *= beta2
            v += (1 - beta2) * np.square(grad)
            param -= (self.learning_rate / correction1) * m / (
                np.sqrt(v / correction2) + self.eps)


def _check_positive_float(value: object, name: str) -> float:
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise ParameterTypeError(f"'{name}' must be a positive number (got {describe(value)})",
                                 name)
    if not (math.isfinite(value) and value > 0):
        raise ParameterError(f"'{name}' must be a positive number (got {describe(value)})",
                             name)
    return float(value)
