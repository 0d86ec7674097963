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

The rooms: `backward` (the exact gradients), `losses` (MAE and MSE with their gradients),
`adam` (the optimiser), `fitting` (the training loop), `solutions` (every kernel that
fits, from the linear system) and `layouts` (bringing arrays to (N, C, L) and back).
"""

from convlab.learn.adam import Adam
from convlab.learn.backward import Gradients, conv1d_backward
from convlab.learn.fitting import FitResult, fit_kernel
from convlab.learn.losses import mae_loss, mse_loss
from convlab.learn.solutions import SolutionSet, solution_set

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
