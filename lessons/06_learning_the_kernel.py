# %% [markdown]
# # Lesson 6: Learning the kernel
#
# **Goal:** train a one-layer Conv1D with nothing but numpy, and understand every piece:
# the backward pass (gradients for the input, the kernel and the bias), checked by finite
# differences; the Adam optimizer and its paths over the loss surface; two filters at
# once; why the same experiment with two channels lands on different weights every run;
# a small model end to end; and, your turn, the backward pass.
#
# The experiment is the one in the blog post "Spell Out Convolution 1D (in CNN's)": a
# single `Conv1D(filters=1, kernel_size=2, padding="valid", use_bias=False)` trained with
# Adam (learning rate 0.05) on mean absolute error for 200 epochs, to map `[0, 3, 4, 5]` to
# `[6, 11, 14]`. Lesson 1 showed that the
# kernel `[1, 2]` does exactly that; can training find it?

# %%
# numpy, matplotlib for the loss curves, convlab and its learning module.
import math

import matplotlib.pyplot as plt
import numpy as np

import convlab
from convlab.learn import Adam, conv1d_backward, fit_kernel, mae_loss, solution_set

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
# convolution code for training. **At stride 1** the kernel's gradient is the **input
# correlated with the output gradient**, and the input's gradient is the **output gradient
# convolved with the kernel**, with 'full' padding — a correlation with the flipped kernel.

# %%
# At stride 1: the kernel gradient is a correlation, the input gradient a 'full' one, w flipped.
g, x1, w1 = grad_prediction.ravel(), x.ravel(), guess.ravel()
print("conv1d(x, g):                        ", convlab.conv1d(x1, g))
print("conv1d(g, w[::-1], padding='full'):  ", convlab.conv1d(g, w1[::-1], padding="full"))

# %% [markdown]
# At a larger stride the outputs sit s samples apart, so the output gradient must first be
# spread out to those positions, with s - 1 zeros between its values, before the 'full'
# correlation. That is a **transposed convolution** (`convlab.conv_transpose1d`, PyTorch's
# `conv_transpose1d`), not a plain one: the same identity with `padding='full'` alone gives
# the wrong numbers.

# %%
# At stride 2 the input gradient is a transposed convolution; the stride-1 identity is wrong.
x7, w3, g3 = np.arange(7.0), np.array([1.0, 10, 100]), np.array([1.0, 2, 3])
print("backward pass, d/dx:       ", conv1d_backward(g3, x7, w3, stride=2).x)
print("conv_transpose1d(g, w, 2): ", convlab.conv_transpose1d(g3, w3, stride=2))
print("stride-1 identity:         ", convlab.conv1d(g3, w3[::-1], padding="full"))

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
# ## Training paths over the loss surface
#
# With two weights the whole loss surface fits in one picture: the MAE for every kernel
# `[w0, w1]`, as contour lines, with its minimum at `[1, 2]`. `fit_kernel`'s loop is four
# lines (forward, loss, backward, Adam step); written out here, it can record every step,
# so each seed's path can be drawn over the surface.

# %%
# The training loop written out: forward, loss, backward, Adam step, recording the weights.
def training_path(seed, epochs=200, learning_rate=0.05):
    limit = math.sqrt(6 / (2 + 2))  # Glorot: fan_in = fan_out = 2 taps x 1 channel
    weights = np.random.default_rng(seed).uniform(-limit, limit, size=(2, 1, 1))
    optimizer = Adam([weights], learning_rate=learning_rate)
    path = [weights.ravel().copy()]
    for _ in range(epochs):
        prediction = convlab.conv1d(x, weights, layout="NLC")
        _, grad_prediction = mae_loss(prediction, target)
        optimizer.step([conv1d_backward(grad_prediction, x, weights, layout="NLC").w])
        path.append(weights.ravel().copy())
    return np.array(path)


paths = {seed: training_path(seed) for seed in range(4)}
print("seed 0 ends at", paths[0][-1].round(3), "; fit_kernel:",
      fit_kernel(x, target, kernel_size=2, seed=0).weights.ravel().round(3))

# %%
# The MAE over a grid of kernels, and each seed's path from its start (circle) to its end.
w0_grid, w1_grid = np.meshgrid(np.linspace(-1.5, 2.5, 81), np.linspace(-1.5, 3, 91))
windows = np.array([[0.0, 3], [3, 4], [4, 5]])
surface = np.abs(windows[:, 0, None, None] * w0_grid + windows[:, 1, None, None] * w1_grid
                 - target.ravel()[:, None, None]).mean(axis=0)
fig, ax = plt.subplots(figsize=(6, 5))
contours = ax.contour(w0_grid, w1_grid, surface, levels=15, cmap="viridis")
ax.clabel(contours, fontsize=7)
for seed, path in paths.items():
    ax.plot(path[:, 0], path[:, 1], lw=1, label=f"seed {seed}")
    ax.scatter(*path[0], s=25)
ax.scatter([1], [2], marker="*", s=200, color="black", label="[1, 2]")
ax.set_xlabel("w0")
ax.set_ylabel("w1")
ax.set_title("MAE loss and Adam's paths (lr 0.05, 200 epochs)")
ax.legend(fontsize=8)
plt.tight_layout()
plt.show()

# %% [markdown]
# The contour lines bend along straight creases: MAE is a sum of absolute values, so the
# surface is made of flat pieces. Every path first runs straight downhill, with steps of
# about `lr`, overshoots the crease that holds `[1, 2]`, and then zig-zags along it into
# the minimum.
#
# ## Two filters at once
#
# The blog's two-filter example trains the same way: one input `[0, 3, 4, 5]`, the target
# `[[6, 12], [11, 25], [14, 32]]` (one column per filter), a Keras kernel of shape
# (2, 1, 2). Each filter sees only its own column of the loss, so the two learn
# independently, towards `[1, 2]` and `[3, 4]`.

# %%
# Two filters trained together: kernel (taps, channels, filters), read out filter by filter.
target_two = np.array([[6.0, 12], [11, 25], [14, 32]]).reshape(1, 3, 2)
two = fit_kernel(x, target_two, kernel_size=2, filters=2, epochs=200, seed=0)
print("kernel shape:", two.weights.shape, " final loss", two.losses[-1].round(4))
for f in range(2):
    print(f"filter {f}: {two.weights[:, 0, f].round(3)}")
print("kernel.reshape(4,):", two.weights.reshape(4).round(3), "<- filters interleaved")

# %% [markdown]
# As in lesson 4, `reshape(4,)` reads the (2, 1, 2) kernel in memory order, filter axis
# fastest, and interleaves the two filters; read a filter along the taps,
# `kernel[:, 0, f]`.

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
# The blog post reports about `[0.61, 3.16, 2.47, 3.76]` for this experiment.
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
# The reported weights are about `[1, 3, 2, 4] - 0.08 * [5, -2, -6, 3]` and sit 0.006 from
# the line. Their predictions are close but not exact (below). Rounding four weights to two
# decimals moves them by at most 0.005 each, 0.01 in all, so rounding alone could explain
# the gap; so could training that stopped a little off the line, as every seed here did.
# The numbers cannot tell the two apart. Every seed lands near the line, at a different
# place: the loss is flat along the line, so nothing pulls the weights to one particular
# point of it, and where training ends depends on where it started.

# %%
# The reported weights' predictions, and the largest move rounding to 2 decimals can make.
print("A @ reported:", A @ reported, " target", target2.ravel())
print("rounding moves a 4-vector by at most", round(math.sqrt(4) * 0.005, 3))

# %% [markdown]
# Two smaller observations. The seeds all end between c = -0.2 and c = 0, close to each
# other: the random starts are small — Glorot's range, ±sqrt(6 / (fan_in + fan_out)) with
# fan_in = 2 taps x 2 channels and fan_out = 2 taps x 1 filter, is ±1.0 here — and Adam's
# first steps are about `lr` in every weight, so the runs travel alike, but no two stop at
# the same point. And with a constant learning rate, MAE's sign-sized steps keep the
# weights jittering up to about 0.1 off the line; a smaller rate at the end would settle
# them.

# %%
# Glorot's limit for the two-channel kernel (2, 2, 1), and every seed's starting range.
fan_in, fan_out = 2 * 2, 2 * 1
print("Glorot limit:", math.sqrt(6 / (fan_in + fan_out)))
print("largest |start| over the seeds:",
      max(np.abs(run.initial_weights).max() for run in runs.values()).round(3))

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
# ## A small model, end to end
#
# A convolution layer is rarely alone. Here is a whole model in numpy: Conv1D (4 filters
# of 5 taps, 'same') -> ReLU -> global average pooling -> a dense unit -> sigmoid,
# trained with Adam on binary cross-entropy to tell sequences with a bump from flat noise.
# The backward pass runs through each stage in reverse; the convolution's is
# `conv1d_backward`.

# %%
# Data: 200 noisy sequences of 32 steps, half with a bump somewhere; labels 1 and 0.
data_rng = np.random.default_rng(0)
n_samples, steps = 200, 32
sequences = data_rng.normal(scale=0.3, size=(n_samples, 1, steps))
labels = (np.arange(n_samples) % 2).astype(float)
for index in np.flatnonzero(labels):
    start = data_rng.integers(0, steps - 5)
    sequences[index, 0, start:start + 5] += np.hanning(7)[1:-1] * 1.5
print("inputs (samples, channels, steps):", sequences.shape)


# %%
# The model's forward pass, and its backward pass stage by stage.
def forward(params, inputs):
    conv = convlab.conv1d(inputs, params["w"], bias=params["b"], padding="same")
    hidden = np.maximum(conv, 0)
    pooled = hidden.mean(axis=2)
    probability = 1 / (1 + np.exp(-(pooled @ params["v"] + params["c"])))
    return conv, hidden, pooled, probability


def gradients(params, inputs, answers):
    conv, hidden, pooled, probability = forward(params, inputs)
    d_logit = (probability - answers) / len(answers)        # cross-entropy + sigmoid
    d_pooled = d_logit[:, None] * params["v"][None, :]
    d_hidden = np.repeat(d_pooled[:, :, None], hidden.shape[2], axis=2) / hidden.shape[2]
    d_conv = d_hidden * (conv > 0)
    conv_grads = conv1d_backward(d_conv, inputs, params["w"], bias=params["b"], padding="same")
    return {"w": conv_grads.w, "b": conv_grads.bias, "v": pooled.T @ d_logit,
            "c": np.array([d_logit.sum()])}


model_rng = np.random.default_rng(1)
params = {"w": model_rng.normal(scale=0.5, size=(4, 1, 5)), "b": np.zeros(4),
          "v": model_rng.normal(scale=0.5, size=4), "c": np.zeros(1)}
optimizer = Adam(list(params.values()), learning_rate=0.05)
for _ in range(150):
    grads_now = gradients(params, sequences, labels)
    optimizer.step([grads_now[name] for name in params])
accuracy = ((forward(params, sequences)[3] > 0.5) == labels).mean()
print(f"training accuracy after 150 epochs: {accuracy:.0%}")
print("parameters:", sum(value.size for value in params.values()))

# %% [markdown]
# 29 numbers tell bumps from noise: the filters learn bump-shaped kernels, ReLU keeps their
# strong responses, and pooling makes the answer independent of where the bump is.
#
# ## Your turn: the backward pass
#
# **Exercise.** Write `conv1d_backward(dout, x, w, stride=1, padding="valid")` for 1-D `x`
# and `w`: given `dout`, the gradient of the loss with respect to each output of
# `conv1d(x, w, stride, padding)`, return `(dx, dw)`, shaped like `x` and `w`. padding is
# "valid", "same" or an int, as in the grader's `conv1d`; `ConvSpec.pads` may give the
# zeros. The check compares your gradients with finite differences on every stride from 1
# to 3 and every padding kind. The first attempt uses the stride-1 identities above.

# %%
# The first attempt: the two stride-1 identities, used at every stride.
def conv1d_backward_yours(dout, x, w, stride=1, padding="valid"):
    x, w, dout = (np.asarray(a, dtype=float) for a in (x, w, dout))
    pad_left, pad_right = convlab.ConvSpec(len(w), stride, padding).pads(len(x))
    padded = np.pad(x, (pad_left, pad_right))
    dw = convlab.conv1d(padded, dout)
    d_padded = convlab.conv1d(dout, w[::-1], padding="full")
    return d_padded[pad_left:pad_left + len(x)], dw


# %%
# The check: central differences of sum(dout * conv1d(x, w)) for every x[i] and w[k].
def finite_differences(dout, x, w, options, step=1e-6):
    def loss(x_now, w_now):
        return float(dout @ convlab.conv1d(x_now, w_now, **options))

    gradients_found = []
    for position, array in enumerate((x, w)):
        numeric = np.zeros_like(array)
        for i in range(len(array)):
            moved = []
            for shift in (step, -step):
                nudged = array.copy()
                nudged[i] += shift
                moved.append(loss(nudged, w) if position == 0 else loss(x, nudged))
            numeric[i] = (moved[0] - moved[1]) / (2 * step)
        gradients_found.append(numeric)
    return gradients_found


def check_backward(fn):
    rng = np.random.default_rng(3)
    for stride in (1, 2, 3):
        for padding in ("valid", "same", 1):
            for length, kernel_size in ((5, 1), (6, 2), (7, 3), (8, 4)):
                x_case, w_case = rng.normal(size=length), rng.normal(size=kernel_size)
                options = dict(stride=stride, padding=padding)
                dout = rng.normal(size=len(convlab.conv1d(x_case, w_case, **options)))
                expected = finite_differences(dout, x_case, w_case, options)
                case = f"x of {length}, w of {kernel_size}, stride {stride}, padding {padding!r}"
                try:
                    got = fn(dout.copy(), x_case.copy(), w_case.copy(), stride, padding)
                    got = [np.asarray(part, dtype=float) for part in got]
                except Exception as error:  # the learner's code may fail in any way
                    print(f"NOT YET: on {case} it raised {type(error).__name__}: {error}")
                    return False
                if len(got) != 2:
                    print(f"NOT YET: return (dx, dw), two arrays (got {len(got)} values)")
                    return False
                for name, want, have in zip(("dx", "dw"), expected, got):
                    if have.shape != want.shape or not np.allclose(have, want, atol=1e-5):
                        print(f"NOT YET: {name} is wrong on {case}:\n  finite differences "
                              f"{want.round(4)}\n  yours              {have.round(4)}")
                        return False
    print("passed: dx and dw match finite differences at strides 1-3, every padding kind")
    return True


check_backward(conv1d_backward_yours)

# %% tags=["solution"]
# Solution: each output t adds dout[t] times its window to dw, and dout[t] times w back
# onto the window's inputs; the padded positions are dropped at the end.
def conv1d_backward_yours(dout, x, w, stride=1, padding="valid"):
    x, w, dout = (np.asarray(a, dtype=float) for a in (x, w, dout))
    pad_left, pad_right = convlab.ConvSpec(len(w), stride, padding).pads(len(x))
    padded = np.pad(x, (pad_left, pad_right))
    d_padded, dw = np.zeros_like(padded), np.zeros_like(w)
    for t, gradient in enumerate(dout):
        start = t * stride
        dw += gradient * padded[start:start + len(w)]
        d_padded[start:start + len(w)] += gradient * w
    return d_padded[pad_left:pad_left + len(x)], dw


check_backward(conv1d_backward_yours)

# %% [markdown]
# ## What to take away
#
# - At stride 1 the backward pass of a convolution is two more convolutions: the input
#   correlated with the output gradient (for the kernel), the output gradient fully
#   correlated with the flipped kernel (for the input). At larger strides the input's
#   gradient is a transposed convolution.
# - Finite differences check any gradient in a few lines; use them whenever you write one.
# - With one channel the blog's fit has a unique answer, `[1, 2]`, and training finds it.
# - With two channels there are more weights than equations: the solutions form a line,
#   training lands somewhere on it, and "the learned weights differ from run to run" is not
#   a bug. The rank of the im2col matrix tells you in advance.
