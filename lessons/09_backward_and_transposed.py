# %% [markdown]
# # Lesson 9: Backward and transposed
#
# **Goal:** take conv1d's backward pass apart. By hand on the blog's numbers, you work out
# how the loss changes with every input and every weight, see each output's gradient
# scattered back along the wires the forward pass used, and check the numbers by finite
# differences. At stride 2 and with padding the same scatter turns out to be a **transposed
# convolution**, the layer decoders use to upsample: you find the `output_padding` that
# recovers the input's length, and check the identity that gives the transposed convolution
# its name. Then you write both, the backward pass and the transposed convolution, each
# checked by convlab's grader, and name the mistake in two flawed versions.
#
# > **Sources.** The numbers are the blog post's first example (lesson 1's Sources box):
# > `x = [0, 3, 4, 5]`, `w = [1, 2]`, 'valid', stride 1, output `[6, 11, 14]`. Lesson 6
# > trained that kernel with the backward pass; here the backward pass is worked out by
# > hand. Neither text goes further than the forward pass, so the rest follows PyTorch:
# > `convlab.conv_transpose1d` computes what `torch.nn.functional.conv_transpose1d`
# > computes, `padding`, `output_padding` and all.
#
# **Further reading.** Dumoulin and Visin, *A guide to convolution arithmetic for deep
# learning*, the chapter on transposed convolution (with its animations); the backward
# pass of a convolution layer in Stanford CS231n's notes; PyTorch's `ConvTranspose1d`
# page, for the output-length formula.

# %%
# numpy, convlab (its backward pass is convlab.learn.conv1d_backward) and the category list.
import numpy as np

import convlab
from convlab.categories import CATEGORIES

# %% [markdown]
# ## The forward pass, and a loss
#
# With 'valid' padding and stride 1, output t reads the window `x[t], x[t + 1]`:
# `out[t] = w[0] * x[t] + w[1] * x[t + 1]`. Take the simplest loss, the sum of the outputs.
# Its gradient with respect to each output, `dout`, is `[1, 1, 1]`: raise any one output
# by a little and the loss rises by as much.

# %%
# The blog's input and kernel, the output [6, 11, 14], and the loss sum(out).
x = np.array([0.0, 3, 4, 5])
w = np.array([1.0, 2])
out = convlab.conv1d(x, w)
dout = np.ones(len(out))
print("out:", out, " loss = sum(out) =", out.sum(), " dout:", dout)

# %% [markdown]
# ## The gradients by hand
#
# **The kernel.** `w[0]` multiplies `x[0]`, `x[1]` and `x[2]` (one in each window), each
# time in an output whose gradient is 1, so `dw[0] = 0 + 3 + 4 = 7`; `w[1]` multiplies
# `x[1]`, `x[2]`, `x[3]`: `dw[1] = 3 + 4 + 5 = 12`. In general tap k collects, over the
# outputs, *(output gradient) x (the input it read through tap k)*:
# `dw[k] = sum_t dout[t] * x[t + k]`.
#
# **The input.** `x[0]` is read only by output 0, through `w[0]`: `dx[0] = 1`. `x[1]` is
# read by output 0 through `w[1]` and by output 1 through `w[0]`: `dx[1] = 2 + 1 = 3`.
# Likewise `dx[2] = 3` and `dx[3] = 2`. Each input collects *(output gradient) x (the weight
# that read it)* from every window it sits in: `dx[j] = sum_t dout[t] * w[j - t]`.

# %%
# The hand-worked gradients of sum(out), typed in.
dx_by_hand = np.array([1.0, 3, 3, 2])
dw_by_hand = np.array([7.0, 12])


# %% [markdown]
# ## The scatter picture
#
# Read the backward pass the other way round: the forward pass *gathered* each window into
# one output, so the backward pass *scatters* each output's gradient back over its window.
# Row t of the table below is `dout[t] * w`, written under the inputs window t read; a
# column's sum is that input's gradient. The same rows, with the inputs in place of the
# weights, give `dw`: row t is `dout[t] * (window t)`, and a column's sum is a tap's
# gradient.

# %%
# Two tables: dout[t] * w[k] over the input window t read (sum: dx), dout[t] * window (dw).
def show_scatter(dout, x, w, stride=1, padding="valid"):
    pad_left, pad_right = convlab.ConvSpec(len(w), stride, padding).pads(len(x))
    padded = np.pad(x, (pad_left, pad_right))
    names = ["pad"] * pad_left + [f"x[{j}]" for j in range(len(x))] + ["pad"] * pad_right
    to_dx = np.full((len(dout), len(padded)), np.nan)  # NaN: the window does not reach it
    to_dw = np.zeros((len(dout), len(w)))
    for t, gradient in enumerate(dout):
        start = t * stride
        to_dx[t, start:start + len(w)] = gradient * w
        to_dw[t] = gradient * padded[start:start + len(w)]

    def row(label, values):
        cells = "".join("      ." if np.isnan(v) else f"{v:7g}" for v in values)
        print(f"{label:>14}{cells}")

    print(f"{'to dx':>14}" + "".join(f"{name:>7}" for name in names))
    for t, gradient in enumerate(dout):
        row(f"dout[{t}]={gradient:g}", to_dx[t])
    row("sum", np.nansum(to_dx, axis=0))
    print(f"\n{'to dw':>14}" + "".join(f"{f'w[{k}]':>7}" for k in range(len(w))))
    for t, gradient in enumerate(dout):
        row(f"dout[{t}]={gradient:g}", to_dw[t])
    row("sum", to_dw.sum(axis=0))


show_scatter(dout, x, w)

# %% [markdown]
# With every output gradient 1 the rows do not say which output sent what. The digit probe
# of lesson 2 does: take `dout = [1, 10, 100]`, the loss `out[0] + 10 out[1] + 100 out[2]`.
# Then the units digit of a gradient comes from output 0, the tens from output 1, the
# hundreds from output 2.

# %%
# dout = [1, 10, 100]: the digits of each gradient say which output sent it.
show_scatter(np.array([1.0, 10, 100]), x, w)

# %% [markdown]
# `dx = [1, 12, 120, 200]`: `x[1]` hears from output 0 (digit 2, through `w[1]`) and from
# output 1 (digit 1, through `w[0]`); `x[3]` only from output 2. `dw = [430, 543]`: the
# digits of `dw[0]`, units first, are 0, 3, 4, the inputs tap 0 read in windows 0, 1, 2;
# those of `dw[1]` are 3, 4, 5.
#
# ## Check by finite differences, and against convlab
#
# A gradient claims how fast the loss moves when one number moves. Nudge the number by `h`
# up and down and measure: `(loss(a + h) - loss(a - h)) / 2h` must agree. Here the loss is
# `dout @ conv1d(x, w)` for a fixed `dout`.

# %%
# Central differences: how fast f changes as each entry of `at` moves.
def numeric_gradient(f, at, step=1e-6):
    gradient = np.zeros(len(at))
    for i in range(len(at)):
        nudge = np.zeros(len(at))
        nudge[i] = step
        gradient[i] = (f(at + nudge) - f(at - nudge)) / (2 * step)
    return gradient


def gradients_by_differences(dout, x, w, **options):
    """(dx, dw) of the loss dout @ conv1d(x, w, **options), by central differences."""
    dx = numeric_gradient(lambda x_now: dout @ convlab.conv1d(x_now, w, **options), x)
    dw = numeric_gradient(lambda w_now: dout @ convlab.conv1d(x, w_now, **options), w)
    return dx, dw


probes = (np.array([1.0, 1, 1]), np.array([1.0, 10, 100]))
for probe in probes:
    dx_numeric, dw_numeric = gradients_by_differences(probe, x, w)
    print(f"dout {probe}: dx {dx_numeric.round(6)}, dw {dw_numeric.round(6)}")
print("by hand, dout of ones: dx", dx_by_hand, " dw", dw_by_hand)

# %% [markdown]
# convlab's backward pass, `convlab.learn.conv1d_backward(dout, x, w, stride=..., padding=...)`,
# returns the two gradients as `.x` and `.w`. It agrees with the hand and with the finite
# differences:

# %%
# convlab's gradients for both output gradients.
for probe in probes:
    gradients = convlab.learn.conv1d_backward(probe, x, w, stride=1, padding="valid")
    print(f"dout {probe}: dx {gradients.x}, dw {gradients.w}")

# %% [markdown]
# Read the tables by columns and you have two one-liners, right at stride 1 without
# padding. `dw` is `x` correlated with `dout` (the inputs slide under `dout` as they slid
# under `w`). `dx[j] = sum_t dout[t] * w[j - t]` is a *true* convolution, the kernel read
# backwards: `np.convolve(dout, w)`. The article suggested `np.convolve` for the forward
# pass, where its flip is wrong; for the backward pass the flip is exactly right.

# %%
# At stride 1, valid: dw = np.correlate(x, dout), dx = np.convolve(dout, w) ('full').
probe = np.array([1.0, 10, 100])
print("np.correlate(x, dout, 'valid'):", np.correlate(x, probe, "valid"))
print("np.convolve(dout, w):          ", np.convolve(probe, w))

# %% [markdown]
# ## Stride 2: the rows move two cells at a time
#
# At stride 2 window t starts at `2t`, so row t of the scatter starts two cells further
# right. On the blog's input, stride 2 keeps windows `[0, 3]` and `[4, 5]`: outputs
# `[6, 14]`. With `dout = [1, 10]` nothing overlaps, and `dx` is the two rows side by side.

# %%
# Stride 2, 'valid': two windows, two rows, two cells apart.
print("out:", convlab.conv1d(x, w, stride=2))
show_scatter(np.array([1.0, 10]), x, w, stride=2)

# %% [markdown]
# `np.convolve(dout, w)` would put `dout[1]`'s row one cell after `dout[0]`'s, as at
# stride 1. To use a convolution anyway, first spread `dout` out: `stride - 1` zeros
# between its values put `dout[t]` at `t * stride`. Then `np.convolve` (the full
# correlation with the flipped kernel) gives the scatter:

# %%
# Zero insertion: dout spread stride apart, then np.convolve, is the stride-2 scatter.
probe, stride = np.array([1.0, 10]), 2
spread = np.zeros((len(probe) - 1) * stride + 1)
spread[::stride] = probe
print("spread dout:                   ", spread)
print("np.convolve(spread, w):        ", np.convolve(spread, w))
print("conv1d_backward(...).x:        ",
      convlab.learn.conv1d_backward(probe, x, w, stride=stride).x)

# %% [markdown]
# ## Padding: scatter into the padded input, then crop
#
# With padding 1 the forward pass reads the padded input `[0, 0, 3, 4, 5, 0]`: at stride 2
# the windows are `[0, 0]`, `[3, 4]` and `[5, 0]`. The scatter lands on the padded
# positions too (the `pad` columns), but the padding zeros were not inputs: their
# gradients are thrown away, one cell off each end.

# %%
# Stride 2, padding 1: three windows; the pad columns' sums are cropped off.
probe = np.array([1.0, 10, 100])
print("out:", convlab.conv1d(x, w, stride=2, padding=1))
show_scatter(probe, x, w, stride=2, padding=1)
gradients = convlab.learn.conv1d_backward(probe, x, w, stride=2, padding=1)
dx_numeric, dw_numeric = gradients_by_differences(probe, x, w, stride=2, padding=1)
print("\nconv1d_backward:    dx", gradients.x, " dw", gradients.w)
print("finite differences: dx", dx_numeric.round(6), " dw", dw_numeric.round(6))

# %% [markdown]
# ## That is a transposed convolution
#
# Scatter each sample's scaled copy of the kernel `stride` cells apart, then crop
# `padding` cells off each end: that operation has a name, the **transposed
# convolution** (`torch.nn.functional.conv_transpose1d`, `convlab.conv_transpose1d`):
#
#     full[i * stride + k] += x[i] * w[k]        out = full[padding : padding + L_out]
#     L_out = (L - 1) * stride - 2 * padding + K + output_padding
#
# Given `dout` as its input and the same `w`, `stride` and `padding`, it returns `dx`:

# %%
# dx at stride 2, padding 1 is conv_transpose1d(dout, w, stride=2, padding=1).
probe = np.array([1.0, 10, 100])
print("conv_transpose1d(dout, w):", convlab.conv_transpose1d(probe, w, stride=2, padding=1))
print("conv1d_backward(...).x:   ",
      convlab.learn.conv1d_backward(probe, x, w, stride=2, padding=1).x)

# %% [markdown]
# PyTorch's layer shapes work too: the input as (batch, channels, length) and the weight
# as (in_channels, out_channels, K), here `dout[None, None]` and `w[None, None]`.

# %%
# The same numbers in PyTorch's shapes: (1, 1, L_out) in, (1, 1, L) out.
batched = convlab.conv_transpose1d(probe[None, None], w[None, None], stride=2, padding=1)
print(batched.shape, batched[0, 0])

# %% [markdown]
# ## output_padding: which input length?
#
# At stride 2 two input lengths give conv1d the same number of outputs. Append a sample to
# the blog's input, `[0, 3, 4, 5, 6]`: 'valid' at stride 2 still has two windows, `[0, 3]`
# and `[4, 5]`, and the new sample is never read. Its gradient is 0, but the transposed
# convolution cannot know there was a fifth sample: from 2 values it makes
# `(2 - 1) * 2 + 2 = 4`. `output_padding` adds the missing cells at the right end; to get
# back length L it is
#
#     output_padding = L - ((L_out - 1) * stride - 2 * padding + K)
#
# which is always between 0 and stride - 1 (it is what conv1d's floor threw away).

# %%
# Five inputs, two windows: output_padding = 5 - 4 = 1 restores the unread sample's 0.
x5 = np.array([0.0, 3, 4, 5, 6])
probe = np.array([1.0, 10])
output_padding = len(x5) - ((len(probe) - 1) * 2 - 2 * 0 + len(w))
print("out:", convlab.conv1d(x5, w, stride=2), " output_padding:", output_padding)
print("conv1d_backward(...).x:             ", convlab.learn.conv1d_backward(probe, x5, w,
                                                                            stride=2).x)
print("conv_transpose1d, output_padding=0:", convlab.conv_transpose1d(probe, w, stride=2))
print("conv_transpose1d, output_padding=1:",
      convlab.conv_transpose1d(probe, w, stride=2, output_padding=output_padding))

# %% [markdown]
# `ConvSpec.explain_transposed(L_out, output_padding)` spells the arithmetic out for a
# transposed convolution with the spec's kernel size, stride and (int) padding:

# %%
# The transposed length with the numbers substituted, and how conv1d maps it back.
print(convlab.ConvSpec(2, 2, 0).explain_transposed(2, output_padding=1))

# %% [markdown]
# The rule holds everywhere. Over many lengths, kernels, strides and paddings, the
# transposed convolution of `dout`, with that `output_padding`, is convlab's `dx`:

# %%
# dx == conv_transpose1d(dout, w, stride, padding, output_padding) on 216 random cases.
rng = np.random.default_rng(0)
worst = 0.0
for length in range(4, 10):
    for kernel_size in (1, 2, 3):
        for stride in (1, 2, 3):
            for padding in (0, 1, 2, 3):
                x_case, w_case = rng.normal(size=length), rng.normal(size=kernel_size)
                n_out = len(convlab.conv1d(x_case, w_case, stride=stride, padding=padding))
                dout_case = rng.normal(size=n_out)
                extra = length - ((n_out - 1) * stride - 2 * padding + kernel_size)
                dx_case = convlab.learn.conv1d_backward(dout_case, x_case, w_case,
                                                        stride=stride, padding=padding).x
                transposed = convlab.conv_transpose1d(dout_case, w_case, stride=stride,
                                                      padding=padding, output_padding=extra)
                worst = max(worst, np.abs(dx_case - transposed).max())
print("largest difference:", worst)

# %% [markdown]
# Keras's 'same' padding is the one exception to the int padding: when its total is odd
# the extra zero sits on the right, and `padding` crops both ends alike. Then scatter into
# the padded input and crop `pad_left` and `pad_right` cells yourself (as `ConvSpec.pads`
# gives them); the exercise below asks for exactly that.
#
# ## Why "transposed"
#
# conv1d is linear in x, so it is a matrix: with the kernel fixed, `conv1d(x) = M @ x`.
# Column j of M is conv1d of the unit vector `e_j`. The transposed convolution with the
# same kernel, stride and padding is the matrix `M.T`, so its column t is the transposed
# convolution of `e_t`. On the five-sample example:

# %%
# conv1d's matrix column by column, and the transposed convolution's: one is the other's .T
def conv1d_matrix(length, w, stride, padding):
    return np.column_stack([convlab.conv1d(np.eye(length)[j], w, stride=stride,
                                           padding=padding) for j in range(length)])


def transposed_matrix(n_in, w, stride, padding, output_padding):
    return np.column_stack([convlab.conv_transpose1d(np.eye(n_in)[t], w, stride=stride,
                                                     padding=padding,
                                                     output_padding=output_padding)
                            for t in range(n_in)])


M = conv1d_matrix(5, w, stride=2, padding=0)
transposed_as_matrix = transposed_matrix(2, w, stride=2, padding=0, output_padding=1)
print("conv1d as a matrix M:\n", M)
print("conv_transpose1d as a matrix, transposed:\n", transposed_as_matrix.T)

# %% [markdown]
# A matrix and its transpose satisfy `<M x, y> = <x, M.T y>` for every x and y: here,
# `<conv1d(x), y> = <x, conv_transpose1d(y)>`. That adjoint identity is the backward pass:
# the gradient of the loss `<conv1d(x), dout>` with respect to x is `M.T @ dout`, the
# transposed convolution of `dout`. Checked on random vectors:

# %%
# The adjoint identity, numerically, for a few strides and paddings.
for length, kernel_size, stride, padding in ((9, 3, 2, 1), (10, 4, 3, 2), (7, 2, 1, 0)):
    x_case, w_case = rng.normal(size=length), rng.normal(size=kernel_size)
    forward = convlab.conv1d(x_case, w_case, stride=stride, padding=padding)
    y = rng.normal(size=len(forward))
    extra = length - ((len(y) - 1) * stride - 2 * padding + kernel_size)
    backward = convlab.conv_transpose1d(y, w_case, stride=stride, padding=padding,
                                        output_padding=extra)
    print(f"L={length}, K={kernel_size}, stride {stride}, padding {padding}: "
          f"<conv1d(x), y> = {forward @ y:.12f}, <x, conv_transpose1d(y)> = "
          f"{x_case @ backward:.12f}")

# %% [markdown]
# ## Your turn, A: the backward pass
#
# **Exercise.** Write `conv1d_backward(dout, x, w, stride=1, padding="valid")` for 1-D `x`
# and `w`: given `dout`, the loss's gradient with respect to each output of
# `conv1d(x, w, stride=stride, padding=padding)`, return `(dx, dw)`, shaped like `x` and
# `w`. `padding` is "valid", "same" (Keras's rule) or an int;
# `convlab.ConvSpec(len(w), stride, padding).pads(len(x))` gives the zeros on each side.
# The grader (`convlab.check(..., "conv1d-backward")`) also feeds integer `x` and `w`
# (the gradients must still be fractions) and checks that your function leaves its inputs
# alone.
#
# The first attempt is section 1's two one-liners.

# %%
# The first attempt: the stride-1, 'valid' formulas, used for every stride and padding.
def conv1d_backward(dout, x, w, stride=1, padding="valid"):
    dx = np.convolve(dout, w)
    dw = np.correlate(x, dout, "valid")
    return dx, dw


# %%
# The grader's verdict on your backward pass.
convlab.check(conv1d_backward, "conv1d-backward")

# %% [markdown]
# Stride 1 without padding passes; stride 2 and 3 and the paddings do not. Scatter into a
# buffer as long as the padded input, with each row `stride` cells after the last, and crop.
# A vectorized scatter has a trap: `buffer[index] += values` with an index array that
# repeats a position adds only one of the values there (numpy reads, adds and writes back
# all at once). `np.add.at(buffer, index, values)` adds them all.

# %% tags=["solution"]
# Solution: the positions output t read, as a (len(dout), K) index array; dw gathers from
# them, np.add.at scatters into them (a repeated position gets every value), then crop.
def conv1d_backward(dout, x, w, stride=1, padding="valid"):
    x, w, dout = (np.asarray(a, dtype=float) for a in (x, w, dout))
    pad_left, pad_right = convlab.ConvSpec(len(w), stride, padding).pads(len(x))
    padded = np.pad(x, (pad_left, pad_right))
    where = np.arange(len(dout))[:, None] * stride + np.arange(len(w))[None, :]
    dw = dout @ padded[where]
    d_padded = np.zeros(len(padded))
    np.add.at(d_padded, where, np.outer(dout, w))
    return d_padded[pad_left:pad_left + len(x)], dw


convlab.check(conv1d_backward, "conv1d-backward")

# %% [markdown]
# ## Your turn, B: the transposed convolution
#
# **Exercise.** Write `conv_transpose1d(x, w, stride=1, padding=0, output_padding=0)` for
# 1-D `x` and `w`, as PyTorch defines it (the box in "That is a transposed convolution"):
# sample i adds `x[i] * w` at `i * stride`, the output is
# `(L - 1) * stride - 2 * padding + K + output_padding` long, and `padding` cells are
# cropped from each end. `output_padding` is smaller than `stride`; where the length
# would be 0 or less, raise or return an empty array. The grader is
# `convlab.check(..., "conv-transpose1d")`.
#
# The first attempt scatters correctly, and stops there.

# %%
# The first attempt: each sample's scaled kernel at i * stride, nothing cropped or added.
def conv_transpose1d(x, w, stride=1, padding=0, output_padding=0):
    x, w = np.asarray(x, dtype=float), np.asarray(w, dtype=float)
    full = np.zeros((len(x) - 1) * stride + len(w))
    for i in range(len(x)):
        full[i * stride:i * stride + len(w)] += x[i] * w
    return full


# %%
# The grader's verdict on your transposed convolution.
convlab.check(conv_transpose1d, "conv-transpose1d")

# %% tags=["solution"]
# Solution: the buffer holds the output_padding cells too; then crop padding off each end.
def conv_transpose1d(x, w, stride=1, padding=0, output_padding=0):
    x, w = np.asarray(x, dtype=float), np.asarray(w, dtype=float)
    full = np.zeros((len(x) - 1) * stride + len(w) + output_padding)
    for i in range(len(x)):
        full[i * stride:i * stride + len(w)] += x[i] * w
    return full[padding:len(full) - padding]


convlab.check(conv_transpose1d, "conv-transpose1d")

# %% [markdown]
# ## Bug hunt: name the mistake
#
# Two more functions, each with one mistake. Read the code and name the mistake with one
# of convlab's category ids; the check runs `convlab.diagnose` on the function and compares
# your answer with the category it finds, without printing it. The diagnoses themselves
# come after both answers. The categories that describe a scatter:

# %%
# Category ids with words for a scatter: where to look, and the title.
for category in CATEGORIES.values():
    if category.scatter_why or category.look_at in ("scatter", "crop", "result"):
        print(f"{category.id:24} {category.title}")


# %%
# The check: your category id against the first one convlab.diagnose names.
def check_mistake(suspect, exercise, answer):
    if answer not in CATEGORIES:
        print(f"NOT YET: {answer!r} is not a category id; pick one from the list above")
        return False
    diagnosis = convlab.diagnose(suspect, exercise)
    if not diagnosis.categories:
        print("NOT YET: the diagnosis finds nothing wrong with this function")
        return False
    if answer != diagnosis.categories[0]:
        print(f"NOT YET: {answer} ({CATEGORIES[answer].title}) is not what the diagnosis "
              f"finds. The smallest input that shows the mistake: "
              f"{diagnosis.counterexample!r}")
        return False
    print(f"passed: {answer}, {CATEGORIES[answer].title}")
    return True


# %% [markdown]
# **Suspect A** is a backward pass written as two nested loops, one multiply-add at a time.

# %%
# Suspect A: a backward pass, loop by loop.
def suspect_a(dout, x, w, stride=1, padding="valid"):
    x, w, dout = (np.asarray(a, dtype=float) for a in (x, w, dout))
    pad_left, pad_right = convlab.ConvSpec(len(w), stride, padding).pads(len(x))
    padded = np.pad(x, (pad_left, pad_right))
    d_padded, dw = np.zeros(len(padded)), np.zeros(len(w))
    for t in range(len(dout)):
        for k in range(len(w)):
            d_padded[t * stride + k] += dout[t] * w[k]
            dw[k] = dout[t] * padded[t * stride + k]
    return d_padded[pad_left:pad_left + len(x)], dw


# %%
# Your answer for suspect A: a first guess.
mistake_a = "kernel-flipped"
check_mistake(suspect_a, "conv1d-backward", mistake_a)

# %% tags=["solution"]
# Answer: dw[k] = keeps only the last window's term; dw is a sum over all of them.
mistake_a = "gradient-overwritten"
check_mistake(suspect_a, "conv1d-backward", mistake_a)

# %% [markdown]
# **Suspect B** is a transposed convolution built the zero-insertion way of section 2:
# spread the samples out, pad `K - 1` zeros, correlate with the flipped kernel, crop.

# %%
# Suspect B: a transposed convolution by zero insertion.
def suspect_b(x, w, stride=1, padding=0, output_padding=0):
    x, w = np.asarray(x, dtype=float), np.asarray(w, dtype=float)
    spread = []
    for value in x:
        spread += [value] + [0.0] * stride
    spread = np.array(spread[:len(spread) - stride] + [0.0] * output_padding)
    full = np.correlate(np.pad(spread, len(w) - 1), w[::-1], "valid")
    return full[padding:len(full) - padding]


# %%
# Your answer for suspect B: a first guess.
mistake_b = "stride-ignored"
check_mistake(suspect_b, "conv-transpose1d", mistake_b)

# %% tags=["solution"]
# Answer: stride zeros after each sample put the samples stride + 1 apart.
mistake_b = "stride-spread"
check_mistake(suspect_b, "conv-transpose1d", mistake_b)

# %% [markdown]
# ## What the diagnosis says
#
# `convlab.diagnose` never reads the code: it runs the function on its probe inputs and
# asks which known mistake predicts every difference. Its verdicts, with the smallest input
# that shows each mistake:

# %%
# Suspect A's diagnosis.
diagnosis = convlab.diagnose(suspect_a, "conv1d-backward")
print("categories:", diagnosis.categories)
print(diagnosis.explanation)

# %%
# Suspect B's diagnosis.
diagnosis = convlab.diagnose(suspect_b, "conv-transpose1d")
print("categories:", diagnosis.categories)
print(diagnosis.explanation)

# %% [markdown]
# Suspect A's `dx` is right: there the loop adds. Its `dw[k] =` keeps one window's term,
# so a kernel trained with it would follow the last window alone. Suspect B's mistake shows
# even at stride 1, where it puts a zero between every two samples; a model built on it
# upsamples too far, and the shapes after it stop matching. With `+=` and `stride - 1`,
# both pass the same probes:

# %%
# The one-line fixes, diagnosed: nothing left to find.
def suspect_a_fixed(dout, x, w, stride=1, padding="valid"):
    x, w, dout = (np.asarray(a, dtype=float) for a in (x, w, dout))
    pad_left, pad_right = convlab.ConvSpec(len(w), stride, padding).pads(len(x))
    padded = np.pad(x, (pad_left, pad_right))
    d_padded, dw = np.zeros(len(padded)), np.zeros(len(w))
    for t in range(len(dout)):
        for k in range(len(w)):
            d_padded[t * stride + k] += dout[t] * w[k]
            dw[k] += dout[t] * padded[t * stride + k]
    return d_padded[pad_left:pad_left + len(x)], dw


def suspect_b_fixed(x, w, stride=1, padding=0, output_padding=0):
    x, w = np.asarray(x, dtype=float), np.asarray(w, dtype=float)
    spread = []
    for value in x:
        spread += [value] + [0.0] * (stride - 1)
    spread = np.array(spread[:len(spread) - (stride - 1)] + [0.0] * output_padding)
    full = np.correlate(np.pad(spread, len(w) - 1), w[::-1], "valid")
    return full[padding:len(full) - padding]


for function, exercise in ((suspect_a_fixed, "conv1d-backward"),
                           (suspect_b_fixed, "conv-transpose1d")):
    print(f"{function.__name__}: {convlab.diagnose(function, exercise).explanation}")

# %% [markdown]
# ## What to take away
#
# - The backward pass scatters: output t's gradient goes back over the window it read,
#   `dout[t] * w` onto the inputs and `dout[t] * window` onto the kernel. Both sums run
#   over every output, so they are `+=`, never `=`.
# - Finite differences check any gradient in a few lines; the digit probe shows which
#   output sent what.
# - `dx` is the transposed convolution of `dout` with the same kernel, stride and padding,
#   with `output_padding = L - ((L_out - 1) * stride - 2 * padding + K)` to recover the
#   input's length. Written as a convolution it needs the kernel flipped and `dout` spread
#   `stride - 1` zeros apart.
# - The transposed convolution is conv1d's matrix transposed: `<conv1d(x), y> =
#   <x, conv_transpose1d(y)>`. That is its name, and the reason it is the backward pass.
