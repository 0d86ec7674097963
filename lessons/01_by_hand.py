# %% [markdown]
# # Lesson 1: Convolution by hand
#
# **Goal:** compute a 1-D convolution layer's output with pencil, paper and a loop, and know
# exactly which numbers meet which. By the end you can say what `[0, 3, 4, 5]` convolved with
# `[1, 2]` gives, why `np.convolve` says something else, and how many outputs to expect, and
# you have written (and had checked) your own `conv1d`.
#
# > **Sources.** The course reproduces, and where needed corrects, two texts:
# >
# > - the article **"What are the flaws in this Conv1D implementation?"**, which walks
# >   through three hand-written NumPy loops (no padding; a strided loop; a "corrected"
# >   version with 'same' padding) and suggests `np.convolve` instead (lessons 2, 3 and 5);
# > - the blog post **"Spell Out Convolution 1D (in CNN's)"**, which computes a Keras
# >   `Conv1D` by hand, trains it to recover its kernel, adds channels and filters, and
# >   answers readers' shape questions (lessons 1, 3, 4 and 6).
# >
# > Where a source is wrong, a note says so — *the source says …; in fact …* — and the
# > cell under it shows the demonstration. Every number quoted from them is recomputed here.
#
# **Further reading.** The convolution chapter of *Dive into Deep Learning* (d2l.ai);
# Stanford CS231n's notes on convolutional networks (parameter counts, receptive fields);
# Dumoulin and Visin, *A guide to convolution arithmetic for deep learning*, and its
# animations (conv_arithmetic); Sasha Rush's *Tensor-Puzzles* for many small graded puzzles.

# %%
# Everything this lesson needs: numpy, matplotlib for one picture, convlab's reference, and
# the parts its exercise is made of.
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.patches import Rectangle

import convlab
from convlab import batteries
from convlab.exercises import EXERCISES, SINGLE_CHANNEL_MISTAKES, Exercise, register

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
# Before writing the layer, count its outputs. Windows start at 0, 1, 2, ... and the last
# one must still end inside the input. Work it out for `[0, 3, 4, 5]` and `[1, 2]` (three
# windows, above), then in general.
#
# **Exercise 1.** Write `n_windows(length, kernel_size)`: how many windows of
# `kernel_size` samples fit in `length` samples, stepping one at a time (0 when none fits).
# The first attempt below is one short; fix it.

# %%
# Exercise 1, first attempt: the last start is length - kernel_size, but is it counted?
def n_windows(length, kernel_size):
    return max(length - kernel_size, 0)


# %%
# The check: every length and kernel size from 1 to 12 against the windows that really fit.
def check_n_windows(fn):
    for length in range(1, 13):
        for kernel_size in range(1, 13):
            starts = [s for s in range(length) if s + kernel_size <= length]
            got = fn(length, kernel_size)
            if got != len(starts):
                print(f"NOT YET: n_windows({length}, {kernel_size}) returned {got!r}; "
                      f"windows start at {starts}, so {len(starts)} fit")
                return False
    print("passed: n_windows is right for every length and kernel size up to 12")
    return True


check_n_windows(n_windows)

# %% tags=["solution"]
# Solution: starts 0, 1, ..., L - K are L - K + 1 windows; none when K > L.
def n_windows(length, kernel_size):
    return max(length - kernel_size + 1, 0)


check_n_windows(n_windows)

# %% [markdown]
# A reader of the blog asks the same question for one sample of 40 steps and a kernel of 5:
# the batch size is 1 (one sample), and 'valid' windows number 40 - 5 + 1 = **36**.
# `ConvSpec.explain` writes the formula out with any numbers (it also covers stride,
# padding and dilation, the topics of the next lessons):

# %%
# The reader's numbers: 40 steps, a kernel of 5, with the formula written out.
print(convlab.ConvSpec(kernel_size=5).explain(40))

# %% [markdown]
# ## The article's first loop
#
# The article's first function is exactly this 'valid' loop. On its example, the integer
# input `x = [1, ..., 8]` and the kernel `[0.5, -0.5]`, it prints seven values, all -0.5:
# every window `[a, a + 1]` gives `0.5*a - 0.5*(a + 1)`.
#
# > *The source says* this loop is flawed. *In fact* its arithmetic is right for 'valid'
# > padding; what it lacks is a way to ask for padding, so its output always shrinks by
# > K - 1 and the edge samples are read by fewer windows (lesson 2).

# %%
# The article's Example 1: eight integer inputs, the kernel [0.5, -0.5], seven outputs.
article_x = np.arange(1, 9)
article_w = np.array([0.5, -0.5])
print(convlab.conv1d(article_x, article_w))

# %% [markdown]
# ## Your turn: your first `conv1d`
#
# **Exercise 2.** Write `conv1d(x, w, stride=1, padding="valid")` for 1-D `x` and `w`:
# cross-correlation, 'valid' padding, stride 1 for now, returning a numpy array of floats.
# It is the signature of convlab's `conv1d` exercise, so the same function grows through
# the course (stride and padding come in lessons 2 and 3). Count the outputs with your
# `n_windows`; when no window fits, raise a `ValueError` (or return an empty array).
#
# Here is a first attempt, written from a textbook's convolution formula.

# %%
# Exercise 2, first attempt: the textbook formula reads the kernel back to front, w[K - 1 - k].
def conv1d(x, w, stride=1, padding="valid"):
    x, w = np.asarray(x, dtype=float), np.asarray(w, dtype=float)
    out = np.zeros(n_windows(len(x), len(w)))
    for t in range(len(out)):
        for k in range(len(w)):
            out[t] += x[t + k] * w[len(w) - 1 - k]
    return out


print(conv1d([0, 3, 4, 5], [1, 2]))

# %% [markdown]
# ## Check your function
#
# `convlab.check` runs your function on a fixed set of inputs and shows which tests pass.
# When one fails it names the mistake, points at the line, and shows the smallest input
# that goes wrong, with the expected and the actual output. Until lesson 3 the inputs are
# 'valid' at stride 1: the exercise below says so (lesson 8 shows how exercises are made).

# %%
# The lesson's exercise: the conv1d signature, 'valid' padding and stride 1 only.
VALID = EXERCISES.get("conv1d-valid") or register(Exercise(
    name="conv1d-valid",
    title="1-D conv1d, 'valid' padding, stride 1",
    signature='def conv1d(x, w, stride=1, padding="valid")',
    arguments=lambda case: ((np.array(case.x), np.array(case.w)), {}),
    accepts=lambda case: (case.x.ndim == 1 and case.w.ndim == 1 and case.padding == "valid"
                          and not case.non_default_kwargs()),
    layout="single",
    paddings=("valid",),
    varies=(),
    probes=batteries.conv1d,
    mistakes=SINGLE_CHANNEL_MISTAKES,
))

# %%
# The verdict on your function.
convlab.check(conv1d, VALID)

# %% [markdown]
# The diagnosis is the trap from earlier in this lesson: `[1, 2]` with `[1, 10]` should
# give 21 (`1*1 + 2*10`) and the attempt gives 12. Fix the line it points at and check
# again. (The worked answer is in the solutions notebook, `nbs/solutions/`.)

# %% tags=["solution"]
# Solution: read w[k] with x[t + k], as the layers do; refuse when no window fits.
def conv1d(x, w, stride=1, padding="valid"):
    x, w = np.asarray(x, dtype=float), np.asarray(w, dtype=float)
    n_out = n_windows(len(x), len(w))
    if n_out == 0:
        raise ValueError(f"a kernel of {len(w)} taps does not fit {len(x)} samples")
    return np.array([np.dot(x[t:t + len(w)], w) for t in range(n_out)])


convlab.check(conv1d, VALID)
