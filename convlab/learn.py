"""Learning a kernel with numpy alone: conv1d's backward pass, two losses, Adam and a fit.

The forward pass is the reference `conv1d`. Its backward pass follows from one sentence:
output t read the input at t*stride + k*dilation through tap k, so
- tap k's gradient is the sum, over outputs, of (output gradient) x (input it read), and
- the input at that position receives (output gradient) x (tap k's weight).
The first is a correlation of the input with the output gradient; the second scatters the
output gradient back through the kernel, which is a full convolution with the flipped kernel.
Both are computed one tap at a time, vectorized over batch, channels and positions.

`fit_kernel` uses them to repeat a classic Keras experiment without Keras: one Conv1D layer
fitted with Adam to map x = [0, 3, 4, 5] to [6, 11, 14] learns the kernel [1, 2].
`solution_set` explains why a fit with more unknowns than equations lands somewhere
different every run.
"""

from __future__ import annotations

import math
import numbers
from dataclasses import dataclass

import numpy as np

from convlab.arrays import as_numeric_array, compute_dtype
from convlab.case import check_layout
from convlab.checks import check_positive_int
from convlab.errors import ParameterError, ParameterTypeError, ShapeError, describe
from convlab.padding import check_padding_mode
from convlab.reference import conv1d
from convlab.spec import ConvSpec

__all__ = [
    "Adam",
    "FitResult",
    "Gradients",
    "SolutionSet",
    "conv1d_backward",
    "fit_kernel",
    "mae_loss",
    "mse_loss",
    "solution_set",
]

LOSSES = ("mae", "mse")


@dataclass(frozen=True)
class Gradients:
    """d(loss)/d(x), d(loss)/d(w) and d(loss)/d(bias), each shaped like its argument.

    `bias` is None when the forward pass had no bias.
    """

    x: np.ndarray
    w: np.ndarray
    bias: np.ndarray | None = None


def conv1d_backward(grad_out, x, w, *, stride: int = 1, padding="valid", dilation: int = 1,
                    groups: int = 1, bias=None, layout: str = "NCL",
                    padding_mode: str = "zeros") -> Gradients:
    """Gradients of a loss through `conv1d(x, w, ...)`, given the loss's gradient `grad_out`.

    The keywords are conv1d's, so `conv1d_backward(g, case.x, case.w, **case.kwargs())`
    works for any Case. Shape contract (the shapes conv1d accepts and returns):
        grad_out: shaped like conv1d's output, (L_out,), (C_out, L_out) / (N, C_out, L_out)
                  for "NCL", (L_out, C_out) / (N, L_out, C_out) for "NLC";
        returns Gradients(x=<x's shape>, w=<w's shape>, bias=(C_out,) or None).
    The value of `bias` does not change any gradient; pass it (or any array of its shape)
    to get its gradient. Only padding_mode "zeros" is supported.

    >>> g = conv1d_backward([1, 1, 1], [0, 3, 4, 5], [1, 2])
    >>> g.w
    array([ 7., 12.])
    >>> g.x
    array([1., 3., 3., 2.])
    """
    padding_mode = check_padding_mode(padding_mode)
    if padding_mode != "zeros":
        raise ParameterError(
            f"'padding_mode'={padding_mode!r} is not supported by conv1d_backward: only "
            f"'zeros' is (use padding_mode='zeros')", "padding_mode")
    x = as_numeric_array(x, "x")
    w = as_numeric_array(w, "w")
    grad_out = as_numeric_array(grad_out, "grad_out")
    if bias is not None:
        bias = as_numeric_array(bias, "bias")
    layout = check_layout(layout)
    # The forward pass checks x, w and every keyword exactly as conv1d does, and tells us
    # the shape grad_out must have.
    expected = conv1d(x, w, stride=stride, padding=padding, dilation=dilation, groups=groups,
                      bias=bias, layout=layout)
    if grad_out.shape != expected.shape:
        raise ShapeError(
            f"'grad_out' must have the shape of conv1d's output {expected.shape} (got "
            f"shape {grad_out.shape}); it is d(loss)/d(output), one value per output", "grad_out")
    dtype = compute_dtype(x, w, grad_out)
    x3 = _as_ncl(x, layout).astype(dtype)
    w3 = _kernel_as_ncl(w, layout).astype(dtype)
    spec = ConvSpec(w3.shape[-1], stride, padding, dilation)
    grad_x3, grad_w3, grad_bias = _backward(_as_ncl(grad_out, layout).astype(dtype), x3, w3,
                                            spec, groups)
    return Gradients(
        x=_from_ncl(grad_x3, layout, x.shape),
        w=_kernel_from_ncl(grad_w3, layout, w.shape),
        bias=None if bias is None else grad_bias.reshape(bias.shape))


def _backward(grad_out: np.ndarray, x: np.ndarray, w: np.ndarray, spec: ConvSpec,
              groups: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """grad_out (N, C_out, L_out), x (N, C_in, L), w (C_out, C_in/G, K) -> the 3 gradients."""
    n_batch, c_in, length = x.shape
    c_out, c_in_group, kernel_size = w.shape
    out_length = grad_out.shape[-1]
    pad_left, pad_right = spec.pads(length)
    stride, dilation = spec.stride, spec.dilation
    x_padded = np.zeros((n_batch, c_in, pad_left + length + pad_right), x.dtype)
    x_padded[:, :, pad_left:pad_left + length] = x
    # Split channels into groups: group g's outputs only ever read group g's inputs.
    x_groups = x_padded.reshape(n_batch, groups, c_in_group, -1)
    w_groups = w.reshape(groups, c_out // groups, c_in_group, kernel_size)
    g_groups = grad_out.reshape(n_batch, groups, c_out // groups, out_length)

    grad_x_padded = np.zeros_like(x_groups)
    grad_w = np.empty_like(w_groups)
    last = (out_length - 1) * stride + 1
    for tap in range(kernel_size):
        # Tap k met the inputs at k*d, k*d + s, ..., one per output: (N, G, C_in/G, L_out).
        read = np.s_[..., tap * dilation: tap * dilation + last: stride]
        inputs_read = x_groups[read]
        # dL/dw[o, c, k] = sum over batch and outputs of dL/dout[o, t] * x[c, t*s + k*d]
        grad_w[..., tap] = np.einsum("ngot,ngct->goc", g_groups, inputs_read)
        # each input the tap read gets back dL/dout[o, t] * w[o, c, k], summed over o
        grad_x_padded[read] += np.einsum("goc,ngot->ngct", w_groups[..., tap], g_groups)

    # the padded zeros are constants, not inputs: their gradients are dropped
    grad_x = grad_x_padded.reshape(n_batch, c_in, -1)[:, :, pad_left:pad_left + length]
    grad_bias = grad_out.sum(axis=(0, 2))
    return grad_x, grad_w.reshape(w.shape), grad_bias


def _as_ncl(array: np.ndarray, layout: str) -> np.ndarray:
    """An input or output (L,), (C, L), (N, C, L) or NLC equivalent as (N, C, L)."""
    if array.ndim == 1:
        return array[None, None, :]
    batched = array if array.ndim == 3 else array[None]
    return batched.transpose(0, 2, 1) if layout == "NLC" else batched


def _from_ncl(array: np.ndarray, layout: str, shape: tuple[int, ...]) -> np.ndarray:
    if layout == "NLC" and len(shape) > 1:
        array = array.transpose(0, 2, 1)
    return np.ascontiguousarray(array.reshape(shape))


def _kernel_as_ncl(w: np.ndarray, layout: str) -> np.ndarray:
    """A kernel (K,), PyTorch (C_out, C_in/G, K) or Keras (K, C_in/G, C_out) as PyTorch's."""
    if w.ndim == 1:
        return w[None, None, :]
    return w.transpose(2, 1, 0) if layout == "NLC" else w


def _kernel_from_ncl(w: np.ndarray, layout: str, shape: tuple[int, ...]) -> np.ndarray:
    if len(shape) == 1:
        return w.reshape(shape)
    return np.ascontiguousarray(w.transpose(2, 1, 0) if layout == "NLC" else w)


# Losses: the value and its gradient with respect to the prediction, averaged over every
# element as Keras and PyTorch do by default.

def mae_loss(prediction, target) -> tuple[float, np.ndarray]:
    """Mean absolute error and its gradient sign(prediction - target) / n.

    At an exact hit the gradient is 0, as in PyTorch and TensorFlow.

    >>> mae_loss([6.5, 11, 13], [6, 11, 14])
    (0.5, array([ 0.33333333,  0.        , -0.33333333]))
    """
    prediction, target = _check_loss_arguments(prediction, target)
    error = prediction - target
    return float(np.abs(error).mean()), np.sign(error) / error.size


def mse_loss(prediction, target) -> tuple[float, np.ndarray]:
    """Mean squared error and its gradient 2 (prediction - target) / n.

    >>> mse_loss([6.5, 11, 13], [6, 11, 14])
    (0.4166666666666667, array([ 0.33333333,  0.        , -0.66666667]))
    """
    prediction, target = _check_loss_arguments(prediction, target)
    error = prediction - target
    return float(np.square(error).mean()), 2 * error / error.size


def _check_loss_arguments(prediction, target) -> tuple[np.ndarray, np.ndarray]:
    prediction = as_numeric_array(prediction, "prediction").astype(np.float64)
    target = as_numeric_array(target, "target").astype(np.float64)
    if prediction.shape != target.shape:
        raise ShapeError(f"'target' must have the prediction's shape {prediction.shape} (got "
                         f"shape {target.shape})", "target")
    return prediction, target


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


@dataclass(frozen=True, eq=False)
class FitResult:
    """What `fit_kernel` learned.

    weights: the kernel in the layout's shape ((K, C_in, filters) for "NLC", Keras's;
    (filters, C_in, K) for "NCL"); initial_weights: where training started;
    bias: (filters,) or None; losses: the loss at each epoch, before that epoch's step;
    predictions: conv1d with the learned weights, shaped like the target.
    """

    weights: np.ndarray
    bias: np.ndarray | None
    losses: np.ndarray
    predictions: np.ndarray
    initial_weights: np.ndarray


def fit_kernel(x, target, kernel_size: int, *, filters: int = 1, epochs: int = 200,
               learning_rate: float = 0.05, loss: str = "mae", use_bias: bool = False,
               seed: int | None = None, layout: str = "NLC", stride: int = 1,
               padding="valid", dilation: int = 1, betas: tuple[float, float] = (0.9, 0.999),
               eps: float = 1e-7) -> FitResult:
    """Fit one Conv1D layer's kernel so that conv1d(x, kernel) approaches `target`.

    Like Keras's `Conv1D(filters, kernel_size, use_bias=...)` trained with Adam: the kernel
    starts Glorot-uniform (seeded by `seed`), the bias at zero, and each epoch takes one
    Adam step on the whole batch (Keras does the same while all samples fit one batch).

    Shapes, layout "NLC" (Keras, the default): x (N, L, C_in), (L, C_in) or (L,) (one
    channel); target conv1d's output, (N, L_out, filters) or (L_out, filters), or (L_out,)
    for a 1-D x and one filter. Layout "NCL" is PyTorch's, the channel axis first.

    >>> result = fit_kernel([0, 3, 4, 5], [6, 11, 14], 2, seed=0)
    >>> np.round(result.weights.ravel(), 1)
    array([1., 2.])
    """
    layout = check_layout(layout)
    filters = check_positive_int(filters, "filters")
    epochs = check_positive_int(epochs, "epochs")
    kernel_size = check_positive_int(kernel_size, "kernel_size")
    if loss not in LOSSES:
        raise ParameterError(f"'loss' must be one of {', '.join(map(repr, LOSSES))} "
                             f"(got {describe(loss)})", "loss")
    loss_function = mae_loss if loss == "mae" else mse_loss
    x = as_numeric_array(x, "x").astype(np.float64)
    target = as_numeric_array(target, "target").astype(np.float64)
    if x.ndim == 1:
        x = x[:, None] if layout == "NLC" else x[None, :]
    x3 = _as_ncl(x, layout)
    c_in = x3.shape[1]
    spec = ConvSpec(kernel_size, stride, padding, dilation)
    out_shape = (x3.shape[0], filters, spec.output_length(x3.shape[-1]))
    target3 = _fit_target(target, out_shape, layout, x.ndim)

    rng = np.random.default_rng(seed)
    fan_in, fan_out = kernel_size * c_in, kernel_size * filters
    limit = math.sqrt(6 / (fan_in + fan_out))
    weights = rng.uniform(-limit, limit, size=(filters, c_in, kernel_size))
    initial_weights = weights.copy()
    bias = np.zeros(filters)
    params = [weights, bias] if use_bias else [weights]
    optimizer = Adam(params, learning_rate=learning_rate, betas=betas, eps=eps)

    losses = np.empty(epochs)
    for epoch in range(epochs):
        # forward, loss, backward, step: the whole training loop of a framework, in four lines
        predictions = conv1d(x3, weights, stride=stride, padding=padding, dilation=dilation,
                             bias=bias if use_bias else None)
        losses[epoch], grad_predictions = loss_function(predictions, target3)
        _, grad_weights, grad_bias = _backward(grad_predictions, x3, weights, spec, 1)
        optimizer.step([grad_weights, grad_bias] if use_bias else [grad_weights])

    predictions = conv1d(x3, weights, stride=stride, padding=padding, dilation=dilation,
                         bias=bias if use_bias else None)
    return FitResult(
        weights=_kernel_from_ncl(weights, layout, weights.shape),
        bias=bias if use_bias else None,
        losses=losses,
        predictions=_from_ncl(predictions, layout, target.shape),
        initial_weights=_kernel_from_ncl(initial_weights, layout, weights.shape))


def _fit_target(target: np.ndarray, out_shape: tuple[int, int, int], layout: str,
                x_ndim: int) -> np.ndarray:
    """The target as (N, filters, L_out), or a ShapeError saying the shape it needs."""
    n_batch, filters, out_length = out_shape
    if layout == "NLC":
        wanted = (out_length, filters) if x_ndim == 2 else (n_batch, out_length, filters)
    else:
        wanted = (filters, out_length) if x_ndim == 2 else out_shape
    if target.ndim == 1 and filters == 1 and n_batch == 1 and target.shape == (out_length,):
        return target.reshape(out_shape)
    if target.shape != wanted:
        raise ShapeError(f"'target' must have conv1d's output shape {wanted} for this x, "
                         f"kernel and {filters} filter(s) (got shape {target.shape})", "target")
    return _as_ncl(target, layout)


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
    x = as_numeric_array(x, "x").astype(np.float64)
    target = as_numeric_array(target, "target").astype(np.float64)
    if x.ndim == 1:
        x = x[:, None] if layout == "NLC" else x[None, :]
    x3 = _as_ncl(x, layout)
    n_batch, c_in, length = x3.shape
    spec = ConvSpec(kernel_size, stride, padding, dilation)
    out_length = spec.output_length(length)
    target3 = _fit_target(target, (n_batch, 1, out_length), layout, x.ndim)

    # A[(n, t), (c, k)] = padded x[n, c, t*s + k*d]: the window output t reads
    pad_left, pad_right = spec.pads(length)
    x_padded = np.pad(x3, ((0, 0), (0, 0), (pad_left, pad_right)))
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
        return _kernel_from_ncl(vector.reshape(1, c_in, kernel_size), layout, (1, c_in, 1))

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
