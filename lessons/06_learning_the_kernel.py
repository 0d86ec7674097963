# %% [markdown]
# # Lesson 6: Learning the kernel
#
# **Goal:** train a one-layer Conv1D with nothing but numpy, and understand every piece:
# the backward pass (gradients for the input, the kernel and the bias), checked by finite
# differences; the Adam optimizer; and why the same experiment with two channels lands on
# different weights every run.
#
# The experiment is the classic Keras one: a single `Conv1D(filters=1, kernel_size=2,
# padding="valid", use_bias=False)` trained with Adam (learning rate 0.05) on mean absolute
# error for 200 epochs, to map `[0, 3, 4, 5]` to `[6, 11, 14]`. Lesson 1 showed that the
# kernel `[1, 2]` does exactly that; can training find it?

# %%
# numpy, matplotlib for the loss curves, convlab and its learning module.
import matplotlib.pyplot as plt
import numpy as np

import convlab
from convlab.learn import conv1d_backward, fit_kernel, mae_loss, solution_set

# %% [markdown]
# ## The data, in Keras's shapes
#
# Keras wants the input as (samples, steps, channels) = (1, 4, 1), the target as
# (1, 3, 1) and the kernel as (kernel_size, in_channels, filters) = (2, 1, 1). convlab's
# `layout="NLC"` takes exactly these shapes.

# %%
# The blog's sample, its target, and the kernel that maps one to the other.
x = np.array([0.0, 3, 4, 5]).reshape(1, 4, 1)
target = np.array([6.0, 11, 14]).reshape(1, 3, 1)
kernel = np.array([1.0, 2]).reshape(2, 1, 1)
print("conv1d(x, [1, 2]):", convlab.conv1d(x, kernel, layout="NLC").ravel())

# %% [markdown]
# ## One step of the backward pass, by hand
#
# Start from a guess, say `w = [0.5, 0.5]`. The forward pass gives a prediction, the loss
# compares it with the target, and the loss's gradient tells each output which way to move:
# for mean absolute error it is `sign(prediction - target) / n`.

# %%
# Forward pass and loss for the guess w = [0.5, 0.5].
guess = np.array([0.5, 0.5]).reshape(2, 1, 1)
prediction = convlab.conv1d(x, guess, layout="NLC")
loss, grad_prediction = mae_loss(prediction, target)
print("prediction:       ", prediction.ravel())
print("MAE loss:         ", loss)
print("d loss / d output:", grad_prediction.ravel())

# %% [markdown]
# Output t was `w[0]*x[t] + w[1]*x[t+1]`. So tap k's gradient collects, over all outputs,
# *(output gradient) x (the input tap k read)*, and each input gets back
# *(output gradient) x (the weight that read it)*. `conv1d_backward` computes both, plus the
# bias gradient (the sum of the output gradients), for any stride, padding, dilation,
# groups, batch and layout.

# %%
# The gradients of the loss for the guess, shaped like x and w.
grads = conv1d_backward(grad_prediction, x, guess, layout="NLC")
print("d loss / d w:", grads.w.ravel())
print("d loss / d x:", grads.x.ravel())

# %% [markdown]
# Two identities hide in those numbers, and they are why frameworks can reuse their
# convolution code for training: the kernel's gradient is the **input correlated with the
# output gradient**, and the input's gradient is the **output gradient convolved with the
# kernel**, with 'full' padding — a correlation with the flipped kernel.

# %%
# The kernel gradient is a correlation; the input gradient a 'full' correlation with w flipped.
g, x1, w1 = grad_prediction.ravel(), x.ravel(), guess.ravel()
print("conv1d(x, g):                        ", convlab.conv1d(x1, g))
print("conv1d(g, w[::-1], padding='full'):  ", convlab.conv1d(g, w1[::-1], padding="full"))

# %% [markdown]
# ## Check the gradients with finite differences
#
# A gradient claims how fast the loss changes when one number moves. Move it a tiny step
# `h` up and down and measure: `(loss(w + h) - loss(w - h)) / 2h` must agree.

# %%
# Central differences of the MAE loss against the backward pass, one weight at a time.
def mae_of(weights):
    return mae_loss(convlab.conv1d(x, weights, layout="NLC"), target)[0]


step = 1e-6
numeric = np.zeros_like(guess)
for index in np.ndindex(guess.shape):
    nudge = np.zeros_like(guess)
    nudge[index] = step
    numeric[index] = (mae_of(guess + nudge) - mae_of(guess - nudge)) / (2 * step)
print("backward pass:     ", grads.w.ravel())
print("finite differences:", numeric.ravel())
print("largest difference:", np.abs(numeric - grads.w).max())

# %% [markdown]
# The same check on a harder case — a batch of 3, 4 input channels in 2 groups, stride 2,
# dilation 2, 'same' padding, a bias — with a random linear loss `sum(G * output)`, whose
# gradient with respect to the output is `G`.

# %%
# Every gradient of a strided, dilated, grouped, padded convolution, against finite differences.
rng = np.random.default_rng(0)
options = dict(stride=2, dilation=2, padding="same", groups=2)
xb, wb, bias = rng.normal(size=(3, 4, 11)), rng.normal(size=(6, 2, 3)), rng.normal(size=6)
probe = rng.normal(size=convlab.conv1d(xb, wb, bias=bias, **options).shape)
grads_b = conv1d_backward(probe, xb, wb, bias=bias, **options)


def numeric_gradient(array):
    result = np.zeros_like(array)
    for index in np.ndindex(array.shape):
        saved = array[index]
        values = []
        for shifted in (saved + step, saved - step):
            array[index] = shifted
            values.append((probe * convlab.conv1d(xb, wb, bias=bias, **options)).sum())
        array[index] = saved
        result[index] = (values[0] - values[1]) / (2 * step)
    return result


for name, array, analytic in (("x", xb, grads_b.x), ("w", wb, grads_b.w),
                              ("bias", bias, grads_b.bias)):
    error = np.abs(numeric_gradient(array) - analytic).max()
    print(f"d/d{name:<4} largest difference: {error:.1e}")

# %% [markdown]
# ## Adam, and the training loop
#
# Adam keeps two running averages per weight — of the gradient (`m`) and of its square
# (`v`) — and steps by `lr * m / sqrt(v)` (with a correction for the averages starting at 0).
# Each weight's step is therefore about `lr` in size whatever the gradient's scale, which
# suits MAE, whose gradient is only a sign. `fit_kernel` repeats, every epoch: forward pass,
# loss, backward pass, Adam step. It starts from a Glorot-uniform random kernel, as Keras does.

# %%
# The blog's experiment: Adam, learning rate 0.05, MAE, 200 epochs, no bias.
result = fit_kernel(x, target, kernel_size=2, epochs=200, learning_rate=0.05, loss="mae",
                    seed=0)
print("start:      ", result.initial_weights.ravel().round(4))
print("learned:    ", result.weights.ravel().round(4))
print("loss:        first", result.losses[0].round(3), " last", result.losses[-1].round(4))
print("predictions:", result.predictions.ravel().round(3), " target", target.ravel())

# %% [markdown]
# The kernel moved from a random start to within a hundredth of `[1, 2]`. Training the same
# seed for fewer epochs shows the path:

# %%
# The kernel after 1, 10, 25, 50, 100 and 200 epochs (same seed, so the same path).
for epochs in (1, 10, 25, 50, 100, 200):
    partial = fit_kernel(x, target, kernel_size=2, epochs=epochs, seed=0)
    print(f"after {epochs:>3} epochs: w = {partial.weights.ravel().round(3)}, "
          f"loss {partial.losses[-1]:.3f}")

# %%
# The loss curve: fast at first, then Adam's steps of about lr make it jitter near zero.
fig, ax = plt.subplots(figsize=(6, 3))
ax.semilogy(result.losses)
ax.set_xlabel("epoch")
ax.set_ylabel("MAE loss")
ax.set_title("Learning [1, 2] from [0, 3, 4, 5] -> [6, 11, 14]")
plt.tight_layout()
plt.show()

# %% [markdown]
# ## Two channels: many right answers
#
# Now the input has two channels: steps `[0, 0], [3, 6], [4, 7], [5, 8]`, shape (1, 4, 2),
# and the target is `[30, 57, 67]`. The kernel (2, 2, 1) whose tap 0 weights the channels by
# 1 and 3, and tap 1 by 2 and 4, produces it exactly:

# %%
# The two-channel input and one exact kernel, taps [[1, 3], [2, 4]].
x2 = np.array([[[0.0, 0], [3, 6], [4, 7], [5, 8]]])
target2 = np.array([30.0, 57, 67]).reshape(1, 3, 1)
taps = np.array([[1.0, 3], [2, 4]]).reshape(2, 2, 1)
print("conv1d(x2, taps):", convlab.conv1d(x2, taps, layout="NLC").ravel())

# %% [markdown]
# Training converges slowly here, so give it 2000 epochs, and try several seeds:

# %%
# Eight seeds, 2000 epochs each: every run fits the target, none finds [1, 3, 2, 4].
runs = {seed: fit_kernel(x2, target2, kernel_size=2, epochs=2000, seed=seed)
        for seed in range(8)}
for seed, run in runs.items():
    print(f"seed {seed}: w = {run.weights.ravel().round(2)}, predictions "
          f"{run.predictions.ravel().round(1)}, loss {run.losses[-1]:.3f}")

# %% [markdown]
# A widely read write-up of this experiment reports about `[0.61, 3.16, 2.47, 3.76]`.
# Different again, and still right. Why?
#
# ## Three equations, four unknowns
#
# Each output is one window (both channels, both steps) dotted with the four weights. Stack
# the windows as rows of a matrix A (the "im2col" matrix) and the fit is the linear system
# `A @ w = target`: 3 equations for 4 unknowns.

# %%
# The im2col matrix: row t is the window output t reads, in the kernel's order.
A = np.array([x2[0, t:t + 2].ravel() for t in range(3)])
print(A)
print("rank:", np.linalg.matrix_rank(A), "of", A.shape[1], "unknowns")
print("A @ [1, 3, 2, 4] =", A @ taps.ravel())

# %% [markdown]
# Rank 3 with 4 unknowns leaves one direction free: a kernel change `d` with `A @ d = 0`
# changes no output at all. `solution_set` finds it with numpy's SVD, together with a
# particular solution (the one of smallest norm).

# %%
# The solution set: a particular kernel plus any multiple of the null direction.
solutions = solution_set(x2, target2, kernel_size=2)
direction = solutions.null_space[0].ravel()
direction = np.round(direction / direction[0] * 5, 9)
print("rank", solutions.rank, "of", solutions.unknowns, "unknowns; exact:", solutions.exact)
print("particular (smallest norm):", solutions.particular.ravel().round(4))
print("null direction, scaled:    ", direction)
print("A @ direction =", A @ direction)

# %% [markdown]
# So every exact kernel is `[1, 3, 2, 4] + c * [5, -2, -6, 3]` for some number c: a whole
# line of solutions. Where does each answer sit on it, and how far off the line is it?

# %%
# Each kernel's position c along the line and its distance from the line.
def position(weights):
    return float(np.dot(np.ravel(weights) - taps.ravel(), direction) / (direction @ direction))


reported = np.array([0.61, 3.16, 2.47, 3.76])
print(f"taps [1, 3, 2, 4]: c = {position(taps):+.3f}, distance {solutions.distance(taps):.4f}")
print(f"reported result:   c = {position(reported):+.3f}, "
      f"distance {solutions.distance(reported):.4f}")
for seed, run in runs.items():
    print(f"seed {seed}:            c = {position(run.weights):+.3f}, "
          f"distance {solutions.distance(run.weights):.4f}")

# %% [markdown]
# The reported weights are about `[1, 3, 2, 4] - 0.08 * [5, -2, -6, 3]`, rounded to two
# decimals: on the line, as far as the rounding allows. Every seed lands near the line too,
# at a different place: the loss is flat along the line, so nothing pulls the weights to
# one particular point of it, and where training ends depends on where it started.
#
# Two smaller observations. The seeds all end between c = -0.2 and c = 0, close to each
# other: the random starts are small (Glorot's range here is about ±0.7) and Adam's first
# steps are about `lr` in every weight, so the runs travel alike — but no two stop at the
# same point. And with a constant learning rate, MAE's sign-sized steps keep the weights
# jittering up to about 0.1 off the line; a smaller rate at the end would settle them.

# %%
# The line of exact kernels, seen through two of the four weights, with every answer on it.
c_values = np.linspace(-0.25, 0.05, 2)
line = taps.ravel()[None, :] + c_values[:, None] * direction[None, :]
fig, ax = plt.subplots(figsize=(6, 4))
ax.plot(line[:, 0], line[:, 2], color="grey", label="exact solutions")
learned = np.array([run.weights.ravel() for run in runs.values()])
ax.scatter(learned[:, 0], learned[:, 2], label="learned (8 seeds)")
ax.scatter([1], [2], marker="s", color="black", label="taps [1, 3, 2, 4]")
ax.scatter([reported[0]], [reported[2]], marker="*", s=150, color="red",
           label="reported [0.61, 3.16, 2.47, 3.76]")
ax.set_xlabel("tap 0, channel 0")
ax.set_ylabel("tap 1, channel 0")
ax.legend()
plt.tight_layout()
plt.show()

# %% [markdown]
# ## What to take away
#
# - The backward pass of a convolution is two more convolutions: the input correlated with
#   the output gradient (for the kernel), the output gradient fully correlated with the
#   flipped kernel (for the input).
# - Finite differences check any gradient in a few lines; use them whenever you write one.
# - With one channel the blog's fit has a unique answer, `[1, 2]`, and training finds it.
# - With two channels there are more weights than equations: the solutions form a line,
#   training lands somewhere on it, and "the learned weights differ from run to run" is not
#   a bug. The rank of the im2col matrix tells you in advance.
