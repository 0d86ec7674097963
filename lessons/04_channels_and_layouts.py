# %% [markdown]
# # Lesson 4: Channels, filters and layouts
#
# **Goal:** compute a convolution whose input has several channels and whose layer has
# several filters, by hand and with convlab; move data and kernels between PyTorch's
# channels-first and Keras's channels-last layouts without silently scrambling them; and read
# a shape error before it happens. The worked examples are those of the blog post "Spell
# Out Convolution 1D (in CNN's)" (lesson 1's Sources box): a two-channel input that gives
# `[30, 57, 67]`, and two filters that give `[[6, 12], [11, 25], [14, 32]]`.

# %%
# numpy, matplotlib for the picture of a two-channel window, and convlab.
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.patches import Rectangle

import convlab

# %% [markdown]
# ## Two channels: every step carries two numbers
#
# The input now has two features per time step: the steps are `[0, 0]`, `[3, 6]`, `[4, 7]`
# and `[5, 8]`. Keras stores it channels-last, as (samples, steps, channels) = (1, 4, 2).
# The kernel must cover both channels at each of its taps, so a Keras kernel of size 2 has
# shape (kernel_size, in_channels, filters) = (2, 2, 1): tap 0 weights the two channels by 1
# and 3, tap 1 by 2 and 4.

# %%
# The two-channel sample and its kernel, in Keras's shapes.
x = np.array([[[0, 0], [3, 6], [4, 7], [5, 8]]])
kernel = np.array([[1, 3], [2, 4]]).reshape(2, 2, 1)
print("x shape (samples, steps, channels):         ", x.shape)
print("kernel shape (taps, in_channels, filters):  ", kernel.shape)
print("tap 0 weights the channels by", kernel[0, :, 0], "and tap 1 by", kernel[1, :, 0])

# %% [markdown]
# The window is still 2 steps long, but each step now holds a vector. Each output is the
# sum over the window's steps of *(the step's channels) dot (that tap's weights)*: one
# number per step, then one sum.

# %%
# By hand: each window step dotted with its tap's weights, then the step sums added.
sample = x[0]
taps = kernel[:, :, 0]
for start in range(len(sample) - len(taps) + 1):
    step_sums = [int(sample[start + k] @ taps[k]) for k in range(len(taps))]
    terms = "  +  ".join(f"{sample[start + k].tolist()}.{taps[k].tolist()} = {step_sum}"
                         for k, step_sum in enumerate(step_sums))
    print(f"output {start}:  {terms}  ->  {sum(step_sums)}")

# %% [markdown]
# convlab's reference takes Keras's shapes as they are with `layout="NLC"` (batch, length,
# channels), and returns (samples, steps, filters):

# %%
# The same three numbers from the vectorized reference, in Keras's layout.
out = convlab.conv1d(x, kernel, layout="NLC")
print("output shape:", out.shape)
print("output:      ", out[0, :, 0])

# %% [markdown]
# ## A picture of a two-channel window
#
# Draw time left to right and one row per channel. A window is then a 2 x 2 block: two
# steps, both channels. The kernel is a block of the same shape, and the output is the sum
# of the four products.

# %%
# Each panel: the input (rows are channels), the window in gold, the kernel under it.
def draw_grid(ax, grid, left, bottom, colors):
    for row, values in enumerate(grid):
        for column, value in enumerate(values):
            ax.add_patch(Rectangle((left + column, bottom - row), 1, 1, edgecolor="black",
                                   facecolor=colors[row][column]))
            ax.text(left + column + 0.5, bottom - row + 0.5, f"{value:g}", ha="center",
                    va="center", fontsize=12)


channels_by_step = sample.T
fig, axes = plt.subplots(1, out.shape[1], figsize=(12, 3.4))
for start, ax in enumerate(axes):
    colors = [["gold" if start <= step < start + 2 else "white" for step in range(4)]
              for _ in range(2)]
    draw_grid(ax, channels_by_step, 0, 3, colors)
    draw_grid(ax, taps.T, start, 0.5, [["lightblue"] * 2] * 2)
    for row, name in enumerate(("channel 0", "channel 1")):
        ax.text(-0.2, 3.5 - row, name, ha="right", va="center")
        ax.text(start - 0.2, 1 - row, f"taps, {name}", ha="right", va="center",
                color="steelblue")
    products = " + ".join(f"{sample[start + k, c]}*{taps[k, c]}"
                          for k in range(2) for c in range(2))
    ax.set_title(f"output {start} = {products}\n= {out[0, start, 0]:g}", fontsize=10)
    ax.set_xlim(-2.6, 4.2)
    ax.set_ylim(-0.7, 4.2)
    ax.axis("off")
plt.tight_layout()
plt.show()

# %% [markdown]
# ## Words for the parts
#
# Readers of the blog ask what the layer's arguments mean. In `Conv1D(filters, kernel_size,
# strides)`:
#
# - **kernel size** K: how many consecutive steps one window covers;
# - **filters**: how many different kernels the layer holds, each of shape (K, C_in); each
#   gives one output channel;
# - **stride**: how many steps the window moves between outputs (lesson 3).
#
# Channels need not be sensors. In a text model each step is a word and its channels are
# the word's embedding: a sentence of 10 words with 300-dimensional embeddings is one sample
# of shape (1, 10, 300), and a kernel of 3 words covers a (3 x 300) block.

# %%
# Ten "words" of 300 channels each, four filters of 3 words: shapes and parameter count.
rng = np.random.default_rng(0)
sentence = rng.normal(size=(1, 10, 300))
word_kernels = rng.normal(size=(3, 300, 4))
print("input (samples, words, channels):", sentence.shape)
print("output (samples, windows, filters):", convlab.conv1d(sentence, word_kernels,
                                                             layout="NLC").shape)

# %% [markdown]
# ## Several filters: one output channel each
#
# A layer with `filters=2` holds two kernels and slides both over the same input. Back to
# the one-channel input `[0, 3, 4, 5]`, with the filters `[1, 2]` and `[3, 4]`: the Keras
# kernel has shape (2, 1, 2), and the last axis picks the filter. Each output step now holds
# two numbers, one per filter.

# %%
# Two filters on the one-channel input: output shape (samples, steps, filters).
x_one_channel = np.array([0, 3, 4, 5]).reshape(1, 4, 1)
two_filters = np.zeros((2, 1, 2), dtype=int)
two_filters[:, 0, 0] = [1, 2]
two_filters[:, 0, 1] = [3, 4]
out_filters = convlab.conv1d(x_one_channel, two_filters, layout="NLC")
print("output shape:", out_filters.shape)
print(out_filters[0])

# %% [markdown]
# Column 0 is lesson 1's `[6, 11, 14]`, column 1 is `[0*3 + 3*4, 3*3 + 4*4, 4*3 + 5*4]`
# = `[12, 25, 32]`. Filters never mix: a layer with F filters is F convolutions side by side.

# %%
# Each filter on its own gives one column of the two-filter output.
for f in range(2):
    print(f"filter {f} {two_filters[:, 0, f].tolist()}:",
          convlab.conv1d(np.array([0, 3, 4, 5]), two_filters[:, 0, f]))

# %%
# The two filters drawn: the same windows of x, each filter's products, its own output row.
fig, axes = plt.subplots(1, 2, figsize=(12, 2.6))
signal = np.array([0, 3, 4, 5])
for f, ax in enumerate(axes):
    taps_f = two_filters[:, 0, f]
    row = convlab.conv1d(signal, taps_f)
    draw_grid(ax, [signal], 0, 2, [["white"] * 4])
    draw_grid(ax, [taps_f], 0, 1, [["lightblue", "lightblue"]])
    draw_grid(ax, [row], 0, 0, [["lightgreen"] * 3])
    for y, name in ((2.5, "x"), (1.5, f"filter {f}"), (0.5, "output")):
        ax.text(-0.2, y, name, ha="right", va="center")
    ax.set_title(f"filter {f} = {taps_f.tolist()}: output column {f} = {row.astype(int).tolist()}")
    ax.set_xlim(-2.2, 4.2)
    ax.set_ylim(-0.2, 3.2)
    ax.axis("off")
plt.tight_layout()
plt.show()

# %% [markdown]
# ## Flattening a kernel: keep the filters apart
#
# A trained two-filter layer's Keras kernel has shape (2, 1, 2): tap, channel, filter. Asked
# for "the four weights", `kernel.reshape(4,)` reads them in memory order, where the filter
# axis is the fastest: it interleaves the two filters, `[1, 3, 2, 4]`, not `[1, 2, 3, 4]`.
# Read each filter out along the taps axis instead, or transpose the filter axis to the
# front first.

# %%
# reshape(4,) interleaves the filters; kernel[:, 0, f] or a transpose keeps them apart.
print("kernel.reshape(4,):                  ", two_filters.reshape(4,))
print("filter by filter, kernel[:, 0, f]:   ", [two_filters[:, 0, f].tolist() for f in range(2)])
print("transpose(2, 1, 0).reshape(4,):      ", two_filters.transpose(2, 1, 0).reshape(4,))

# %% [markdown]
# ## Parameters, pooling and 1x1 convolutions
#
# A Conv1D layer has K * C_in * C_out weights and C_out biases, whatever the input length:
# the same kernel slides along the whole sequence. A dense layer on the flattened input
# needs a weight for every (input step, channel, output) triple. A kernel of size 1 (a
# **1x1 convolution**) mixes channels at each step and nothing else: it is a dense layer
# applied to every step, used to change the number of channels cheaply. **Pooling** shrinks
# the steps axis with no weights at all: max pooling keeps the largest value of each
# window, global pooling one value per channel.

# %%
# Parameter counts for the word example, and a 1x1 convolution as a per-step matrix product.
def conv_parameters(kernel_size, in_channels, out_channels):
    return kernel_size * in_channels * out_channels + out_channels


print("Conv1D(4 filters, K=3) on 300 channels:", conv_parameters(3, 300, 4), "parameters")
print("Dense from the flat (10 * 300) input to the same 8 x 4 outputs:",
      10 * 300 * 8 * 4 + 8 * 4, "parameters")
mix = rng.normal(size=(1, 300, 16))
as_conv = convlab.conv1d(sentence, mix, layout="NLC")
as_matmul = sentence @ mix[0]
print("1x1 conv == the same matrix at every step:", np.allclose(as_conv, as_matmul))

# %%
# Max pooling over windows of 2 (stride 2), and global max pooling, of the two-filter output.
features = out_filters[0]
print("features (steps, filters):\n", features)
print("max pool 2:\n", features[:len(features) // 2 * 2].reshape(-1, 2, 2).max(axis=1))
print("global max pool:", features.max(axis=0))

# %% [markdown]
# ## NCL and NLC: the same numbers, stored two ways
#
# PyTorch keeps data channels-first, (N, C, L), and Keras channels-last, (N, L, C). The
# kernels differ too:
#
# | | input | kernel |
# |---|---|---|
# | PyTorch (`layout="NCL"`) | (N, C_in, L) | (C_out, C_in, K) |
# | Keras (`layout="NLC"`) | (N, L, C_in) | (K, C_in, C_out) |
#
# Going from one to the other moves axes: `x.transpose(0, 2, 1)` for the input,
# `kernel.transpose(2, 1, 0)` for the kernel (swap the first and last axes).

# %%
# The two-channel example in PyTorch's layout: same numbers, axes moved.
x_ncl = x.transpose(0, 2, 1)
weight_ncl = kernel.transpose(2, 1, 0)
print("x:      NLC", x.shape, "-> NCL", x_ncl.shape)
print("kernel: NLC", kernel.shape, "-> NCL", weight_ncl.shape)
print("channel 0 over time:", x_ncl[0, 0], "  its taps:", weight_ncl[0, 0])
print("channel 1 over time:", x_ncl[0, 1], "  its taps:", weight_ncl[0, 1])
print("NCL output:", convlab.conv1d(x_ncl, weight_ncl)[0, 0])
print("NLC output:", convlab.conv1d(x, kernel, layout="NLC")[0, :, 0])

# %% [markdown]
# ## A transpose, not a reshape
#
# `kernel.reshape(1, 2, 2)` also has PyTorch's shape, and it runs without a complaint. But
# reshape never moves a number: it reads them in memory order (1, 3, 2, 4) and regroups
# them. Channel 0 then gets the taps `[1, 3]` instead of `[1, 2]`.

# %%
# Reshape gives the right shape and the wrong taps, silently.
weight_reshaped = kernel.reshape(1, 2, 2)
print("transpose(2, 1, 0), taps per channel:", weight_ncl[0].tolist())
print("reshape(1, 2, 2),   taps per channel:", weight_reshaped[0].tolist())
print("with the transpose:", convlab.conv1d(x_ncl, weight_ncl)[0, 0])
print("with the reshape:  ", convlab.conv1d(x_ncl, weight_reshaped)[0, 0])

# %%
# Memory order: the kernel's four numbers as stored, and where reshape and transpose put them.
fig, axes = plt.subplots(1, 3, figsize=(12, 2.4))
memory = kernel.ravel()
panels = [("memory order of kernel (2, 2, 1)", [memory.tolist()]),
          ("reshape(1, 2, 2): rows are channels", weight_reshaped[0].tolist()),
          ("transpose(2, 1, 0): rows are channels", weight_ncl[0].tolist())]
palette = {1: "gold", 2: "khaki", 3: "lightblue", 4: "lightsteelblue"}
for ax, (title, grid) in zip(axes, panels):
    draw_grid(ax, grid, 0, len(grid) - 1, [[palette[v] for v in row] for row in grid])
    ax.set_title(title, fontsize=10)
    ax.set_xlim(-0.5, 4.5)
    ax.set_ylim(-0.5, 2.5)
    ax.axis("off")
plt.tight_layout()
plt.show()

# %% [markdown]
# Yellow cells are channel 0's weights, blue cells channel 1's. Memory holds tap 0's two
# channel weights, then tap 1's:
# 1, 3, 2, 4. reshape cuts that row into rows of two, so channel 0 gets 1 and 3, both
# from tap 0. transpose moves the axes and reads channel 0's weights along the taps: 1, 2.
#
# `[33, 55, 65]` looks as plausible as `[30, 57, 67]`: nothing fails, the model is just
# wrong. This is how weights get scrambled when a model is ported between frameworks.
#
# `convlab.diagnose` finds the mistake from behaviour alone. The function below takes Keras's
# shapes — x (L, C_in) and a kernel (K, C_in, C_out), returning (L_out, C_out) — so it is
# checked against the `conv1d-keras` exercise (the `conv1d-channels` exercise is for
# channels-first functions, x (C_in, L) and w (C_out, C_in, K)).

# %%
# A Keras-shaped function that converts the kernel with reshape, and its diagnosis.
def keras_conv1d(x, kernel, stride=1, padding="valid"):
    kernel_size, in_channels, filters = kernel.shape
    weight = kernel.reshape(filters, in_channels, kernel_size)
    return convlab.conv1d(x.T, weight, stride=stride, padding=padding).T


diagnosis = convlab.diagnose(keras_conv1d, exercise="conv1d-keras")
print("categories:", diagnosis.categories)
print(diagnosis.explanation)

# %% [markdown]
# The line it points at is where the wrong numbers leave the function; the cause is the
# reshape two lines above. Swap it for the transpose and run the diagnosis again:

# %%
# The same function with transpose(2, 1, 0): the diagnosis finds nothing wrong.
def keras_conv1d_fixed(x, kernel, stride=1, padding="valid"):
    weight = kernel.transpose(2, 1, 0)
    return convlab.conv1d(x.T, weight, stride=stride, padding=padding).T


diagnosis_fixed = convlab.diagnose(keras_conv1d_fixed, exercise="conv1d-keras")
print("categories:", diagnosis_fixed.categories)
print(diagnosis_fixed.explanation)

# %% [markdown]
# ## The shape doctor
#
# Most Conv1D questions are shape questions. `convlab.explain_shapes` answers them from
# shapes alone, before any data exists: what each axis means, what comes out, and what to
# change when it cannot work. A reader asks: "I have one sample of length 40 and a kernel of
# 5; what is the batch size, and how many outputs?"

# %%
# One sample, 40 steps, one channel, kernel 5: batch 1 and 36 windows.
print(convlab.explain_shapes((1, 40, 1), 5, layout="NLC"))

# %% [markdown]
# Another reader has 5 days of 9 features per sample, 16070 samples, flattened into shape
# (16070, 1, 45), and asks Keras for a kernel of 10 with stride 5. Keras refuses. Why?

# %%
# The flattened shape: 45 numbers on the channel axis, a steps axis of length 1.
print(convlab.explain_shapes((16070, 1, 45), 10, layout="NLC", stride=5))

# %% [markdown]
# The steps axis is axis 1, and it has length 1: a kernel has nothing to slide along. The
# doctor cannot know how the 45 numbers were made, so it lists the options. If they are 45
# time steps of one feature, the shape is (16070, 45, 1). Here they are 5 days x 9 features,
# so the shape is (16070, 5, 9) — and then a kernel of 10 is still longer than the 5 steps.
# Let us ask about each candidate:

# %%
# Candidate shapes and kernels for the 5-days-by-9-features data.
candidates = [((16070, 45, 1), 10, 5), ((16070, 5, 9), 10, 5), ((16070, 5, 9), 5, 1),
              ((16070, 5, 9), 3, 1)]
for shape, kernel_size, stride in candidates:
    report = convlab.explain_shapes(shape, kernel_size, layout="NLC", stride=stride)
    verdict = f"output {report.output_shape}" if report.ok else report.problems[0]
    print(f"x {shape}, kernel {kernel_size:>2}, stride {stride}: {verdict}")

# %% [markdown]
# So: (16070, 5, 9) with a kernel of at most 5 steps. A kernel of 5 covers all five days at
# once (one output per sample); a kernel of 3 slides over them and gives three outputs.
#
# ## Working backwards: which kernel, stride and padding give 3 outputs from 17?
#
# The output-length rule is O = floor((W - K + 2P) / S) + 1, with P zeros on each side. A
# reader wants O = 3 from W = 17 inputs. `ConvSpec.solve(17, 3)` lists every combination
# (kernel up to 17, padding up to K - 1); there are many, so here are the ones without
# padding and with one zero each side, by stride.

# %%
# Every (kernel, stride, padding) that turns 17 inputs into 3 outputs, grouped by stride.
solutions = convlab.ConvSpec.solve(17, 3)
print(f"{len(solutions)} solutions in all\n")
print(f"{'stride':>6} | {'kernels, padding 0':<20} | kernels, padding 1")
for stride in range(1, 9):
    by_padding = [[spec.kernel_size for spec in solutions
                   if spec.stride == stride and spec.padding == padding]
                  for padding in (0, 1)]
    print(f"{stride:>6} | {str(by_padding[0]):<20} | {by_padding[1]}")

# %% [markdown]
# At stride 1 only K = 15 works without padding. One of the others, checked with the
# formula and with a real convolution:

# %%
# Kernel 7, stride 5 on 17 inputs: the formula and the reference agree on 3 outputs.
spec = convlab.ConvSpec(kernel_size=7, stride=5)
print(spec.explain(17))
print("conv1d output length:", len(convlab.conv1d(np.arange(17.0), np.ones(7), stride=5)))

# %% [markdown]
# ## Your turn
#
# **Exercise.** Write `conv1d(x, w, stride=1, padding="valid")` for a channels-first input
# `x` of shape (C_in, L) and a weight `w` of shape (C_out, C_in, K), returning
# (C_out, L_out) floats — PyTorch's layout without the batch axis (the grader's
# `conv1d-channels` exercise). `padding` is "valid", "same" (lesson 2's rule) or an int;
# raise a `ValueError` when no window fits. Your lesson 3 function is most of it. The first
# attempt below pads 'same' the article's way.

# %%
# Lesson 2's 'same' rule (paste your own).
def same_pads(length, kernel_size, stride=1):
    n_out = -(-length // stride)
    total = max((n_out - 1) * stride + kernel_size - length, 0)
    return total // 2, total - total // 2


# %%
# The first attempt: a window is a (C_in x K) block; 'same' as (K - 1) // 2 on each side.
def conv1d(x, w, stride=1, padding="valid"):
    x, w = np.asarray(x, dtype=float), np.asarray(w, dtype=float)
    out_channels, in_channels, kernel_size = w.shape
    if padding == "same":
        pad_left = pad_right = (kernel_size - 1) // 2
    elif padding == "valid":
        pad_left = pad_right = 0
    else:
        pad_left = pad_right = padding
    x = np.pad(x, ((0, 0), (pad_left, pad_right)))
    out_length = (x.shape[1] - kernel_size) // stride + 1
    out = np.zeros((out_channels, out_length))
    for out_channel in range(out_channels):
        for t in range(out_length):
            window = x[:, t * stride:t * stride + kernel_size]
            out[out_channel, t] = np.sum(window * w[out_channel])
    return out


print(conv1d(x_ncl[0], weight_ncl))

# %% [markdown]
# ## Check your function
#
# `convlab.check` grades it on the `conv1d-channels` exercise's inputs: the two-channel and
# two-filter examples' kind, 'same' with odd and even kernels at strides 1 to 3, integer
# and float32 inputs, and random channel counts; a failure comes with the diagnosis and the
# smallest input that shows it.

# %%
# The grader's verdict on your channels-first conv1d.
convlab.check(conv1d, exercise="conv1d-channels")

# %% tags=["solution"]
# Solution: the 'same' rule of lesson 2, a refusal when no window fits, one sum per block.
def conv1d(x, w, stride=1, padding="valid"):
    x, w = np.asarray(x, dtype=float), np.asarray(w, dtype=float)
    out_channels, in_channels, kernel_size = w.shape
    if padding == "same":
        pad_left, pad_right = same_pads(x.shape[1], kernel_size, stride)
    elif padding == "valid":
        pad_left = pad_right = 0
    else:
        pad_left = pad_right = padding
    x = np.pad(x, ((0, 0), (pad_left, pad_right)))
    if kernel_size > x.shape[1]:
        raise ValueError(f"a kernel of {kernel_size} taps does not fit {x.shape[1]} steps")
    out_length = (x.shape[1] - kernel_size) // stride + 1
    out = np.zeros((out_channels, out_length))
    for out_channel in range(out_channels):
        for t in range(out_length):
            window = x[:, t * stride:t * stride + kernel_size]
            out[out_channel, t] = np.sum(window * w[out_channel])
    return out


convlab.check(conv1d, exercise="conv1d-channels")

# %% [markdown]
# ## Summary
#
# - With C_in channels a window is a (C_in x K) block, and the kernel is a block of the same
#   shape; with F filters there are F such kernels and F output channels.
# - PyTorch: x (N, C_in, L), weight (C_out, C_in, K). Keras: x (N, L, C_in), kernel
#   (K, C_in, C_out). Convert with `transpose(0, 2, 1)` and `transpose(2, 1, 0)`, never
#   with `reshape`: a reshape has the right shape and the wrong numbers.
# - A layer has K * C_in * C_out weights plus C_out biases, whatever the length; a 1x1
#   convolution mixes channels step by step; pooling shrinks the steps with no weights.
# - When Keras refuses a shape, find the steps axis first (axis 1 in channels-last); it must
#   be at least as long as the kernel.
