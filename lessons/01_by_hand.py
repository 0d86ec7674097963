# %% [markdown]
# # Lesson 1: Convolution by hand
#
# **Goal:** compute a 1-D convolution layer's output with pencil, paper and a loop, and know
# exactly which numbers meet which. By the end you can say what `[0, 3, 4, 5]` convolved with
# `[1, 2]` gives, why `np.convolve` says something else, and how many outputs to expect.

# %%
# Everything this lesson needs: numpy, matplotlib for one picture, and convlab's reference.
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.patches import Rectangle

import convlab

# %% [markdown]
# ## Slide, multiply, add
#
# A kernel of K weights slides along the input one step at a time. At each position it
# covers a **window** of K inputs; the output is the sum of window times kernel, element by
# element. With the input `[0, 3, 4, 5]` and the kernel `[1, 2]` there are three windows.

# %%
# The input and the kernel of the worked example, and every window spelled out.
x = np.array([0, 3, 4, 5])
w = np.array([1, 2])
for start in range(len(x) - len(w) + 1):
    window = x[start:start + len(w)]
    products = window * w
    print(f"window {window.tolist()}  x  kernel {w.tolist()}  ->  products "
          f"{products.tolist()}  ->  sum {products.sum()}")

# %% [markdown]
# So the output is `[6, 11, 14]`. In Keras terms this input has shape `(1, 4, 1)`: one
# sample, four steps, one channel.

# %%
# The same numbers from a plain loop, and from convlab's vectorized reference.
output = []
for start in range(len(x) - len(w) + 1):
    output.append(int(sum(x[start + k] * w[k] for k in range(len(w)))))
print("loop:          ", output)
print("convlab.conv1d:", convlab.conv1d(x, w))

# %% [markdown]
# ## A picture of the slide
#
# Each panel is one output: the highlighted cells are the window, the kernel sits under it,
# and the sum lands in the output row.

# %%
# Draw the input, the kernel under each window, and the output cell it fills.
def draw_cells(ax, values, row, first_column=0, color="white", label=""):
    for offset, value in enumerate(values):
        ax.add_patch(Rectangle((first_column + offset, row), 1, 1, facecolor=color,
                               edgecolor="black"))
        ax.text(first_column + offset + 0.5, row + 0.5, f"{value:g}", ha="center",
                va="center", fontsize=12)
    ax.text(-0.3, row + 0.5, label, ha="right", va="center", fontsize=11)


outputs = convlab.conv1d(x, w)
fig, axes = plt.subplots(1, len(outputs), figsize=(12, 2.8))
for position, ax in enumerate(axes):
    colors = ["gold" if position <= i < position + len(w) else "white" for i in range(len(x))]
    for column, (value, color) in enumerate(zip(x, colors)):
        draw_cells(ax, [value], 2, column, color)
    ax.text(-0.3, 2.5, "x", ha="right", va="center", fontsize=11)
    draw_cells(ax, w, 1, position, "lightblue", "w")
    draw_cells(ax, outputs[:position + 1], 0, 0, "lightgreen", "out")
    ax.set_title(f"output {position} = " + " + ".join(
        f"{x[position + k]}*{w[k]}" for k in range(len(w))) + f" = {outputs[position]:g}")
    ax.set_xlim(-1.2, len(x) + 0.2)
    ax.set_ylim(-0.2, 3.2)
    ax.axis("off")
plt.tight_layout()
plt.show()

# %% [markdown]
# ## Cross-correlation is not convolution
#
# What deep-learning layers call "convolution" (Keras `Conv1D`, PyTorch `conv1d`) does **not**
# flip the kernel: mathematicians call it *cross-correlation*. The textbook convolution, and
# numpy's `np.convolve`, flips the kernel first. Same input, same kernel, different answer:

# %%
# np.convolve flips the kernel; np.correlate and convlab do not.
print("np.convolve(x, w, 'valid'):      ", np.convolve(x, w, "valid"))
print("np.convolve(x, w[::-1], 'valid'):", np.convolve(x, w[::-1], "valid"))
print("np.correlate(x, w, 'valid'):     ", np.correlate(x, w, "valid"))
print("convlab.conv1d(x, w):            ", convlab.conv1d(x, w))

# %% [markdown]
# `np.convolve` computed `0*2 + 3*1 = 3`, not `0*1 + 3*2 = 6`: the kernel was read backwards.
# A digit probe makes the flip visible at a glance: with input `[1, 2, 3, 4, 5]` and kernel
# `[1, 10]`, each output's digits name the inputs it used, units digit first.

# %%
# The digit probe: 21 means 1*1 + 10*2 (kernel as written), 12 means the kernel was flipped.
probe_x, probe_w = np.arange(1, 6), np.array([1, 10])
print("cross-correlation (layers):", convlab.conv1d(probe_x, probe_w))
print("convolution (np.convolve): ", np.convolve(probe_x, probe_w, "valid"))

# %% [markdown]
# A learned kernel does not care which way round it is stored — training would simply learn
# the flipped weights — but porting weights between a flipping and a non-flipping
# implementation, or checking a hand-written layer against `np.convolve`, goes wrong silently.
#
# ## How many outputs?
#
# A window of K inputs fits at positions 0, 1, ..., L - K, so a 'valid' convolution of L
# inputs gives **L - K + 1** outputs. `ConvSpec.explain` writes the formula out with your
# numbers (it also covers stride, padding and dilation, the topics of the next lessons).

# %%
# The output-length formula for 4 inputs and a kernel of 2.
print(convlab.ConvSpec(kernel_size=2).explain(4))

# %%
# A reader's question: one sample of 40 steps and a kernel of 5 gives 40 - 5 + 1 windows.
print(convlab.ConvSpec(kernel_size=5).output_length(40))

# %% [markdown]
# ## Your turn
#
# Write `conv1d(x, w, stride=1, padding="valid")` for 1-D `x` and `w`: cross-correlation,
# returning a numpy array of floats. That is the signature convlab's grader expects (its
# `conv1d` exercise), so the function keeps working through the whole course. Stride and
# padding get their own lessons; until then let `ConvSpec` do their arithmetic:
# `spec.pads(len(x))` says how many zeros go on each side, `spec.output_length(len(x))` how
# many windows fit (it raises an error when none does). Your part is the loop: pad the input,
# then window t starts at `t * stride`.
#
# Here is a first attempt, written from a textbook's convolution formula.

# %%
# A first attempt: the textbook formula reads the kernel back to front, w[K - 1 - k].
def conv1d(x, w, stride=1, padding="valid"):
    spec = convlab.ConvSpec(kernel_size=len(w), stride=stride, padding=padding)
    n_out = spec.output_length(len(x))
    x = np.pad(np.asarray(x, dtype=float), spec.pads(len(x)))
    out = np.zeros(n_out)
    for t in range(n_out):
        for k in range(len(w)):
            out[t] += x[t * stride + k] * w[len(w) - 1 - k]
    return out


print(conv1d([0, 3, 4, 5], [1, 2]))

# %% [markdown]
# ## Check your function
#
# `convlab.check` runs your function on the grader's fixed set of inputs (the same ones
# `convlab grade` uses: valid and 'same' padding, strides, odd and even kernels, integer and
# float32 inputs, and the probes `convlab.diagnose` tries) and shows which tests pass. When
# one fails it names the mistake, points at the line, and shows the smallest input that goes
# wrong, with the expected and the actual output.

# %%
# The grader's verdict on the first attempt.
convlab.check(conv1d, exercise="conv1d")

# %% [markdown]
# The diagnosis is the trap from earlier in this lesson: `[1, 2]` convolved with `[1, 10]`
# should give 21 (`1*1 + 2*10`) and the attempt gives 12. Fix the line it points at, and check
# again. The cell below holds one solution: try your own first (clear the body and start from
# the loop above), then compare.

# %%
# One solution (write your own first): read w[k] with x[start + k], as the layers do.
def conv1d(x, w, stride=1, padding="valid"):
    spec = convlab.ConvSpec(kernel_size=len(w), stride=stride, padding=padding)
    n_out = spec.output_length(len(x))
    x = np.pad(np.asarray(x, dtype=float), spec.pads(len(x)))
    out = np.zeros(n_out)
    for t in range(n_out):
        start = t * stride
        out[t] = np.dot(x[start:start + len(w)], w)
    return out


print(conv1d([0, 3, 4, 5], [1, 2]))

# %%
# The grader's verdict on the solution: every test passes.
convlab.check(conv1d, exercise="conv1d")
