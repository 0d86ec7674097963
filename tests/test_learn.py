"""convlab.learn: the backward pass, the losses, Adam, fit_kernel and solution_set."""

from __future__ import annotations

import numpy as np
import pytest

import convlab
from convlab import ConvlabError, ParameterError, ParameterTypeError, ShapeError
from convlab.learn import (
    Adam,
    conv1d_backward,
    fit_kernel,
    mae_loss,
    mse_loss,
    solution_set,
)
from tests.conftest import require_torch

PADDINGS = ["valid", "same", "causal", "full", 2, (0, 3)]
CHANNELS_X = [[0, 0], [3, 6], [4, 7], [5, 8]]
CHANNELS_TARGET = [30, 57, 67]


def random_case(seed: int, padding, layout: str, rank: int) -> dict:
    """x, w, bias and keywords for a random convolution that fits, in the given layout."""
    rng = np.random.default_rng(seed)
    groups = 1 if rank == 1 else int(rng.choice([1, 2]))
    c_in = 1 if rank == 1 else groups * int(rng.integers(1, 3))
    c_out = 1 if rank == 1 else groups * int(rng.integers(1, 3))
    kernel_size = int(rng.integers(1, 4))
    stride = int(rng.integers(1, 4))
    dilation = int(rng.integers(1, 3))
    length = dilation * (kernel_size - 1) + 1 + int(rng.integers(0, 7))
    x = rng.normal(size=(length,) if rank == 1 else (c_in, length))
    w = rng.normal(size=(kernel_size,) if rank == 1 else (c_out, c_in // groups, kernel_size))
    if rank == 3:
        x = rng.normal(size=(2, c_in, length))
    if layout == "NLC" and rank > 1:
        x = np.swapaxes(x, -1, -2).copy()
        w = w.transpose(2, 1, 0).copy()
    return dict(x=x, w=w, bias=rng.normal(size=c_out), stride=stride, padding=padding,
                dilation=dilation, groups=groups, layout=layout)


def finite_difference(loss, array: np.ndarray, step: float = 1e-6) -> np.ndarray:
    """Central differences of a scalar function of `array`, one element at a time."""
    grad = np.zeros_like(array)
    for index in np.ndindex(array.shape):
        saved = array[index]
        array[index] = saved + step
        above = loss()
        array[index] = saved - step
        below = loss()
        array[index] = saved
        grad[index] = (above - below) / (2 * step)
    return grad


CASES = [(seed, padding, layout, rank)
         for seed, padding in enumerate(PADDINGS)
         for layout in ("NCL", "NLC")
         for rank in (1, 2, 3)]


@pytest.mark.parametrize("seed, padding, layout, rank", CASES)
def test_backward_matches_finite_differences(seed, padding, layout, rank):
    """Every gradient agrees with central differences of sum(G * conv1d(x, w) + bias)."""
    case = random_case(seed, padding, layout, rank)
    x, w, bias = case.pop("x"), case.pop("w"), case.pop("bias")
    probe = np.random.default_rng(seed + 100).normal(
        size=convlab.conv1d(x, w, bias=bias, **case).shape)

    def loss() -> float:
        return float((probe * convlab.conv1d(x, w, bias=bias, **case)).sum())

    grads = conv1d_backward(probe, x, w, bias=bias, **case)
    assert grads.x.shape == x.shape and grads.w.shape == w.shape
    np.testing.assert_allclose(grads.x, finite_difference(loss, x), atol=1e-6)
    np.testing.assert_allclose(grads.w, finite_difference(loss, w), atol=1e-6)
    np.testing.assert_allclose(grads.bias, finite_difference(loss, bias), atol=1e-6)


def test_backward_by_hand():
    """The blog's x = [0, 3, 4, 5], w = [1, 2] with every output weighted 1."""
    grads = conv1d_backward([1, 1, 1], [0, 3, 4, 5], [1, 2], bias=0.0)
    # tap 0 read 0, 3, 4 and tap 1 read 3, 4, 5
    np.testing.assert_array_equal(grads.w, [7, 12])
    # the ends are read once, the middle twice (once by each tap)
    np.testing.assert_array_equal(grads.x, [1, 3, 3, 2])
    assert grads.bias.shape == () and grads.bias == 3


def test_backward_without_bias_returns_none():
    """Without a bias the backward pass gives None as the bias gradient."""
    assert conv1d_backward([1, 1, 1], [0, 3, 4, 5], [1, 2]).bias is None


def test_backward_accepts_a_case():
    """conv1d's keywords, so a Case's kwargs pass straight through."""
    case = convlab.Case(x=[[1, 2, 3, 4, 5]], w=[[[1, 10]]], stride=2, padding="same")
    grads = conv1d_backward(np.ones((1, 3)), case.x, case.w, **case.kwargs())
    assert grads.w.shape == (1, 1, 2)


def test_backward_keeps_float32():
    """float32 inputs give float32 gradients for x and w."""
    grads = conv1d_backward(np.ones(3, np.float32), np.arange(4, dtype=np.float32),
                            np.ones(2, np.float32))
    assert grads.x.dtype == grads.w.dtype == np.float32


def test_backward_is_vectorized():
    """A long batched signal takes well under a second (no Python loop per output)."""
    import time

    rng = np.random.default_rng(0)
    x = rng.normal(size=(4, 8, 20_000))
    w = rng.normal(size=(8, 4, 5))
    grad_out = rng.normal(size=(4, 8, 20_000))
    start = time.perf_counter()
    conv1d_backward(grad_out, x, w, padding="same", groups=2)
    assert time.perf_counter() - start < 2.0


@pytest.mark.torch
@pytest.mark.parametrize("seed, padding, layout, rank",
                         [case for case in CASES if case[2] == "NCL"])
def test_backward_matches_torch_autograd(seed, padding, layout, rank):
    """Every gradient equals PyTorch autograd's through F.pad and F.conv1d."""
    torch = require_torch()
    case = random_case(seed, padding, layout, rank)
    x, w, bias = case.pop("x"), case.pop("w"), case.pop("bias")
    probe = np.random.default_rng(seed + 100).normal(
        size=convlab.conv1d(x, w, bias=bias, **case).shape)
    grads = conv1d_backward(probe, x, w, bias=bias, **case)

    spec = convlab.ConvSpec(w.shape[-1], case["stride"], padding, case["dilation"])
    x_t = torch.tensor(x.reshape((1,) * (3 - x.ndim) + x.shape), requires_grad=True)
    w_t = torch.tensor(w.reshape((1,) * (3 - w.ndim) + w.shape), requires_grad=True)
    b_t = torch.tensor(bias, requires_grad=True)
    padded = torch.nn.functional.pad(x_t, spec.pads(x.shape[-1]))
    out = torch.nn.functional.conv1d(padded, w_t, b_t, stride=case["stride"],
                                     dilation=case["dilation"], groups=case["groups"])
    out.backward(torch.tensor(probe.reshape(out.shape)))
    np.testing.assert_allclose(grads.x, x_t.grad.numpy().reshape(x.shape), atol=1e-10)
    np.testing.assert_allclose(grads.w, w_t.grad.numpy().reshape(w.shape), atol=1e-10)
    np.testing.assert_allclose(grads.bias, b_t.grad.numpy(), atol=1e-10)


@pytest.mark.parametrize("loss_function, value, grad", [
    (mae_loss, 0.5, [1 / 3, 0, -1 / 3]),
    (mse_loss, 5 / 12, [1 / 3, 0, -2 / 3]),
])
def test_losses_by_hand(loss_function, value, grad):
    """MAE and MSE give the hand-worked value and gradient on the blog's numbers."""
    got_value, got_grad = loss_function([6.5, 11, 13], [6, 11, 14])
    assert got_value == pytest.approx(value)
    np.testing.assert_allclose(got_grad, grad)


@pytest.mark.parametrize("loss_function", [mae_loss, mse_loss])
def test_loss_gradients_match_finite_differences(loss_function):
    """Each loss's gradient agrees with central differences on random data."""
    rng = np.random.default_rng(3)
    prediction, target = rng.normal(size=(2, 5)), rng.normal(size=(2, 5))
    _, grad = loss_function(prediction, target)
    numeric = finite_difference(lambda: loss_function(prediction, target)[0], prediction)
    np.testing.assert_allclose(grad, numeric, atol=1e-6)


@pytest.mark.torch
def test_adam_matches_torch_step_for_step():
    """The same quadratic problem, 50 steps: every iterate equal to 1e-12."""
    torch = require_torch()
    rng = np.random.default_rng(0)
    matrix, rhs, start = rng.normal(size=(4, 3)), rng.normal(size=4), rng.normal(size=3)
    bias_start = rng.normal(size=2)

    params = [start.copy(), bias_start.copy()]
    ours = Adam(params, learning_rate=0.05, betas=(0.8, 0.99), eps=1e-8)
    theirs_params = [torch.tensor(start, requires_grad=True),
                     torch.tensor(bias_start, requires_grad=True)]
    theirs = torch.optim.Adam(theirs_params, lr=0.05, betas=(0.8, 0.99), eps=1e-8)
    for _ in range(50):
        residual = matrix @ params[0] - rhs
        ours.step([2 * matrix.T @ residual, 4 * params[1] ** 3])
        theirs.zero_grad()
        loss = ((torch.tensor(matrix) @ theirs_params[0] - torch.tensor(rhs)) ** 2).sum() \
            + (theirs_params[1] ** 4).sum()
        loss.backward()
        theirs.step()
        for mine, reference in zip(params, theirs_params):
            np.testing.assert_allclose(mine, reference.detach().numpy(), rtol=0, atol=1e-12)
    assert ours.steps == 50


def test_adam_first_step_moves_by_the_learning_rate():
    """Bias correction makes step one exactly lr * sign(grad) (up to eps)."""
    w = np.array([0.0, 1.0])
    Adam([w], learning_rate=0.05).step([np.array([3.0, -0.001])])
    np.testing.assert_allclose(w, [-0.05, 1.05], atol=1e-6)


def test_fit_kernel_learns_the_blogs_kernel():
    """x = [0, 3, 4, 5] -> [6, 11, 14], Adam lr 0.05, MAE, 200 epochs: w near [1, 2]."""
    result = fit_kernel(np.array([[[0], [3], [4], [5]]]), np.array([[[6], [11], [14]]]), 2,
                        seed=0)
    assert result.weights.shape == (2, 1, 1)
    np.testing.assert_allclose(result.weights.ravel(), [1, 2], atol=0.01)
    assert result.losses.shape == (200,)
    assert result.losses[-1] < 0.02 < result.losses[0]
    assert result.predictions.shape == (1, 3, 1)
    np.testing.assert_allclose(result.predictions.ravel(), [6, 11, 14], atol=0.05)
    assert result.bias is None
    assert not np.allclose(result.initial_weights, result.weights)


def test_fit_kernel_is_deterministic_with_a_seed():
    """Two fits with the same seed give identical weights and losses."""
    first = fit_kernel([0, 3, 4, 5], [6, 11, 14], 2, seed=7, epochs=20)
    second = fit_kernel([0, 3, 4, 5], [6, 11, 14], 2, seed=7, epochs=20)
    np.testing.assert_array_equal(first.weights, second.weights)
    np.testing.assert_array_equal(first.losses, second.losses)


def test_fit_kernel_two_filters():
    """The blog's two filters: target [[6, 12], [11, 25], [14, 32]] gives [1, 2] and [3, 4]."""
    result = fit_kernel([[[0], [3], [4], [5]]], [[[6, 12], [11, 25], [14, 32]]], 2, filters=2,
                        seed=0, epochs=500)
    assert result.weights.shape == (2, 1, 2)
    np.testing.assert_allclose(result.weights[:, 0, :].T, [[1, 2], [3, 4]], atol=0.05)


def test_fit_kernel_with_bias_in_pytorch_layout():
    """An NCL fit with bias and MSE has the PyTorch shapes and cuts the loss a thousandfold."""
    result = fit_kernel([[0, 3, 4, 5]], [[6, 11, 14], [12, 25, 32]], 2, filters=2,
                        layout="NCL", use_bias=True, loss="mse", epochs=1000, seed=1)
    assert result.weights.shape == (2, 1, 2) and result.bias.shape == (2,)
    assert result.predictions.shape == (2, 3)
    assert result.losses[-1] < result.losses[0] / 1000


def test_solution_set_of_the_channels_example():
    """Three equations, four unknowns: rank 3, one null direction, [[1,3],[2,4]] inside."""
    solutions = solution_set(CHANNELS_X, CHANNELS_TARGET, 2)
    assert (solutions.rank, solutions.unknowns, solutions.equations) == (3, 4, 3)
    assert solutions.exact
    assert solutions.particular.shape == (2, 2, 1)
    assert solutions.null_space.shape == (1, 2, 2, 1)
    taps = np.array([[1, 3], [2, 4]]).reshape(2, 2, 1)
    assert solutions.contains(taps)
    coefficient = np.vdot(taps - solutions.particular, solutions.null_space[0])
    np.testing.assert_allclose(solutions.point([coefficient]), taps, atol=1e-12)
    # the null direction is proportional to [5, -2, -6, 3]: it changes no output
    direction = solutions.null_space[0].ravel()
    np.testing.assert_allclose(direction / direction[0] * 5, [5, -2, -6, 3], atol=1e-12)
    np.testing.assert_allclose(convlab.conv1d(CHANNELS_X, solutions.null_space[0],
                                              layout="NLC").ravel(), 0, atol=1e-12)
    # the blog's learned weights, rounded to two decimals, lie within 0.01 of the set
    assert solutions.distance([0.61, 3.16, 2.47, 3.76]) < 0.01
    assert not solutions.contains([1, 2, 3, 4])


def test_solution_set_unique_and_inconsistent():
    """A full-rank system has one solution [1, 2]; an inconsistent one has a large residual."""
    unique = solution_set([0, 3, 4, 5], [6, 11, 14], 2)
    assert (unique.rank, unique.null_space.shape) == (2, (0, 2, 1, 1))
    np.testing.assert_allclose(unique.particular.ravel(), [1, 2])
    inconsistent = solution_set([0, 3, 4, 5], [6, 11, 15], 2)
    assert not inconsistent.exact and inconsistent.residual > 0.1


@pytest.mark.parametrize("call, parameter, error", [
    (lambda: conv1d_backward([1, 1, 1], [0, 3, 4, 5], [1, 2], padding=1,
                             padding_mode="reflect"), "padding_mode", ParameterError),
    (lambda: conv1d_backward([1, 1], [0, 3, 4, 5], [1, 2]), "grad_out", ShapeError),
    (lambda: conv1d_backward([1, 1, 1], "0345", [1, 2]), "x", ParameterTypeError),
    (lambda: conv1d_backward([1, 1, 1], [0, 3, 4, 5], [1, 2], stride=0), "stride",
     ParameterError),
    (lambda: conv1d_backward([1], [0, 3, 4, 5], [1, 2], padding=-1), "padding",
     ParameterError),
    (lambda: mae_loss([1, 2], [1, 2, 3]), "target", ShapeError),
    (lambda: Adam([np.array([1, 2])]), "params", ParameterTypeError),
    (lambda: Adam([np.zeros(2)], learning_rate=0), "learning_rate", ParameterError),
    (lambda: Adam([np.zeros(2)], betas=(1.0, 0.9)), "betas", ParameterError),
    (lambda: Adam([np.zeros(2)]).step([np.zeros(2), np.zeros(2)]), "grads", ParameterError),
    (lambda: Adam([np.zeros(2)]).step([np.zeros(3)]), "grads", ShapeError),
    (lambda: fit_kernel([0, 3, 4, 5], [6, 11, 14], 2, loss="hinge"), "loss", ParameterError),
    (lambda: fit_kernel([0, 3, 4, 5], [6, 11, 14], 2, epochs=0), "epochs", ParameterError),
    (lambda: fit_kernel([0, 3, 4, 5], [6, 11], 2), "target", ShapeError),
    (lambda: fit_kernel([0, 3, 4, 5], [6, 11, 14], 2.0), "kernel_size", ParameterTypeError),
    (lambda: fit_kernel([0, 3], [6, 11, 14], 3), "w", ShapeError),
    (lambda: solution_set(CHANNELS_X, [[30, 1], [57, 1], [67, 1]], 2), "target", ShapeError),
    (lambda: solution_set(CHANNELS_X, CHANNELS_TARGET, 2).point([1, 2]), "coefficients",
     ShapeError),
])
def test_bad_arguments_name_the_parameter(call, parameter, error):
    """Every bad argument to convlab.learn raises a ConvlabError recording the parameter."""
    with pytest.raises(error) as caught:
        call()
    assert isinstance(caught.value, ConvlabError)
    assert caught.value.parameter == parameter
    message = str(caught.value)
    assert f"'{parameter}'" in message or (parameter == "w" and "kernel" in message)


def test_learn_is_a_lazy_public_name():
    """convlab.learn resolves to the convlab.learn module."""
    assert convlab.learn.fit_kernel is fit_kernel
