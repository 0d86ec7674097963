# %% [markdown]
# # Lesson 2: Padding
#
# **Goal:** know where the zeros go for every padding mode — 'valid', 'same' (odd and even
# kernels, stride 1 and 2), 'causal' and 'full' — and spot a 'same' that is one output short.
# Digit probes make the answers readable: with input `[1, 2, 3, 4, 5]` and kernel
# `[1, 10, 100]`, the output 321 means `1*1 + 10*2 + 100*3`, so each digit names one input
# the window used (units digit first) and a missing digit is a padded zero.

# %%
# numpy, matplotlib for the picture of padded inputs, and convlab.
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.patches import Rectangle

import convlab

x = np.arange(1, 6)
w2 = np.array([1, 10])
w3 = np.array([1, 10, 100])

# %% [markdown]
# ## 'valid': no padding, the output shrinks
#
# Without padding, only windows that lie inside the input count: L - K + 1 outputs. Every
# 'valid' output has all K digits.

# %%
# 'valid' with kernels of 2 and 3 taps: 4 and 3 outputs from 5 inputs.
print("w2 valid:", convlab.conv1d(x, w2))
print("w3 valid:", convlab.conv1d(x, w3))

# %% [markdown]
# ## 'same': as many outputs as inputs (at stride 1)
#
# 'same' adds K - 1 zeros in total. For an odd kernel they split evenly: one zero on each
# side for K = 3. The first output lacks its units digit (a zero on the left), the last lacks
# its hundreds digit (a zero on the right).

# %%
# An odd kernel: one zero on each side, five outputs.
print("pads (left, right):", convlab.ConvSpec(kernel_size=3, padding="same").pads(5))
print("w3 same:", convlab.conv1d(x, w3, padding="same"))

# %% [markdown]
# For an even kernel K - 1 is odd, so one side gets the extra zero. Keras, TensorFlow and
# PyTorch all put it on the **right**: with `[1, 10]` the last output is a lone `5`, the
# window `[5, 0]`. numpy's `np.correlate(..., 'same')` (and scipy's) put it on the **left**
# instead: its first output is `10`, the window `[0, 1]`. Same name, different numbers.

# %%
# An even kernel: the frameworks pad on the right, np.correlate on the left.
print("pads (left, right):          ", convlab.ConvSpec(kernel_size=2, padding="same").pads(5))
print("convlab / Keras / PyTorch:   ", convlab.conv1d(x, w2, padding="same"))
print("np.correlate(x, w2, 'same'): ", np.correlate(x, w2, "same"))

# %% [markdown]
# ## 'causal': every zero on the left
#
# In a time series, output t must not read inputs after t. 'causal' puts all K - 1 zeros on
# the left, so output t ends exactly at input t: read the digits of 321 — its highest input
# is 3, the third sample, and it is the third output.

# %%
# 'causal' with three taps: two zeros on the left, none on the right.
print("pads (left, right):", convlab.ConvSpec(kernel_size=3, padding="causal").pads(5))
print("w3 causal:", convlab.conv1d(x, w3, padding="causal"))

# %% [markdown]
# ## 'full': every window that touches the input
#
# 'full' adds K - 1 zeros on both sides, so the output grows to L + K - 1: it starts with
# the window that just reaches the first input (`100`, only `x[0]` under the last tap) and
# ends with the one that just reaches the last (`5`).

# %%
# 'full' with three taps: seven outputs from five inputs.
print("pads (left, right):", convlab.ConvSpec(kernel_size=3, padding="full").pads(5))
print("w3 full:", convlab.conv1d(x, w3, padding="full"))

# %% [markdown]
# ## All the modes in one table
#
# `ConvSpec.pads(L)` answers "how many zeros on each side?" for any mode, and
# `output_length(L)` how many outputs follow.

# %%
# Zeros on each side and output length for 5 inputs, kernels of 2 and 3.
for padding in ("valid", "same", "causal", "full"):
    for kernel_size in (2, 3):
        spec = convlab.ConvSpec(kernel_size=kernel_size, padding=padding)
        print(f"{padding:>6}, K={kernel_size}: pads {spec.pads(5)}, "
              f"{spec.output_length(5)} outputs")

# %% [markdown]
# ## A picture of the padded inputs
#
# Grey cells are padded zeros, white cells the input. Each row is one mode for a kernel
# of 2 (left) and of 3 (right); count the windows that fit.

# %%
# Draw each mode's padded input for kernels of 2 and 3 taps.
def draw_padded(ax, row, values, pad_left, pad_right):
    cells = [0] * pad_left + list(values) + [0] * pad_right
    for column, value in enumerate(cells):
        is_padding = column < pad_left or column >= pad_left + len(values)
        ax.add_patch(Rectangle((column - pad_left, row), 1, 0.8, edgecolor="black",
                               facecolor="lightgrey" if is_padding else "white"))
        ax.text(column - pad_left + 0.5, row + 0.4, str(value), ha="center", va="center",
                color="grey" if is_padding else "black")


modes = ("valid", "same", "causal", "full")
fig, axes = plt.subplots(1, 2, figsize=(12, 3.2))
for ax, kernel in zip(axes, (w2, w3)):
    for row, padding in enumerate(modes):
        spec = convlab.ConvSpec(kernel_size=len(kernel), padding=padding)
        draw_padded(ax, -row, x, *spec.pads(len(x)))
        out = convlab.conv1d(x, kernel, padding=padding)
        ax.text(-3.2, -row + 0.4, padding, ha="right", va="center")
        ax.text(len(x) + 2.6, -row + 0.4, f"-> {out.astype(int).tolist()}", va="center")
    ax.set_title(f"kernel {kernel.tolist()}")
    ax.set_xlim(-6.5, len(x) + 12)
    ax.set_ylim(-len(modes) + 0.8, 1)
    ax.axis("off")
plt.tight_layout()
plt.show()

# %% [markdown]
# ## The "(K - 1) // 2 on each side" fix, and why it is one short for even K
#
# A popular hand-written Conv1D adds `(K - 1) // 2` zeros on each side and calls it 'same'.
# For odd K that is exactly right. For even K, `(K - 1) // 2` rounds down, so the total is
# K - 2 zeros instead of K - 1 and **one output goes missing**. With K = 2 there is no
# padding at all: 8 inputs give 7 outputs, although 'same' promises as many outputs as inputs
# at stride 1.

# %%
# The symmetric fix, written out, against the framework rule on 8 inputs and K = 2.
def conv1d_symmetric_same(x, w, stride=1):
    pad = (len(w) - 1) // 2
    padded = np.concatenate([np.zeros(pad), x, np.zeros(pad)])
    out_length = (len(padded) - len(w)) // stride + 1
    return np.array([np.dot(padded[i * stride:i * stride + len(w)], w)
                     for i in range(out_length)])


x8 = np.arange(1, 9)
half = np.array([0.5, -0.5])
print("(K-1)//2 each side:", conv1d_symmetric_same(x8, half), f"({len(x8) - 1} outputs)")
print("'same' rule:       ", convlab.conv1d(x8, half, padding="same"), f"({len(x8)} outputs)")

# %% [markdown]
# The framework rule pads K - 1 = 1 zero, on the right, and the eighth output is the window
# `[8, 0]`: `0.5*8 - 0.5*0 = 4`.
#
# ## 'same' at stride 2: Keras's rule is not "padding = 1"
#
# At stride s, Keras's 'same' aims for ceil(L / s) outputs and adds just enough zeros to get
# them, with an odd extra zero on the right. For 6 inputs, K = 3, stride 2 that is **one**
# zero, on the right. PyTorch refuses `padding='same'` with stride > 1, and the usual stand-in
# `padding=1` (one zero on each side) gives a different answer: compare the digits.

# %%
# Stride 2, six inputs, three taps: Keras 'same' against PyTorch-style padding=1.
x6 = np.arange(1, 7)
print("Keras 'same':     ", convlab.conv1d(x6, w3, stride=2, padding="same"))
print("padding=1 (torch):", convlab.conv1d(x6, w3, stride=2, padding=1))

# %% [markdown]
# `ConvSpec.explain` shows the whole computation with these numbers:

# %%
# The 'same' padding and output length at stride 2, step by step.
print(convlab.ConvSpec(kernel_size=3, stride=2, padding="same").explain(6))

# %% [markdown]
# ## Summary
#
# | mode | zeros (left, right) | outputs (stride 1) |
# |---|---|---|
# | valid | 0, 0 | L - K + 1 |
# | same | (K-1)//2, the rest on the right | L |
# | causal | K - 1, 0 | L |
# | full | K - 1, K - 1 | L + K - 1 |
#
# Digit probes (`[1, 2, 3, 4, 5]` with `[1, 10]` or `[1, 10, 100]`) tell you in one glance
# which side a hand-written 'same' padded, and whether an output is missing.
