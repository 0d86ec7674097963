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
# A loop with no padding at all, like the article's first function, gives this 'valid'
# answer whatever padding is asked for. Stepped next to the reference with one zero each
# side: the reference's first window starts on a padded zero, the loop's on `x[0]`.
#
# ![a loop that ignores padding](../docs/lessons/padding-ignored.gif)

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
# ## The article's "same" fix, and why it is one short for even K
#
# The article's third function, its "corrected" version, adds `(K - 1) // 2` zeros on each
# side and calls it 'same'. For odd K that is exactly right. For even K, `(K - 1) // 2`
# rounds down, so the total is K - 2 zeros instead of K - 1 and **one output goes missing**.
# convlab's catalog keeps the function (`article-same-fix`); here it is on the article's
# example, its Example 3:
#
# > *The source says* that with this fix the output has as many values as the input at
# > stride 1. *In fact* its own example, eight inputs and the kernel `[0.5, -0.5]`, gives
# > seven: with K = 2, `(K - 1) // 2 = 0` and nothing is padded.

# %%
# The article's Example 3: its 'same' on 8 inputs and K = 2, against the framework rule.
same_fix = convlab.catalog.get("article-same-fix")
x8 = np.arange(1, 9)
half = np.array([0.5, -0.5])
article_same = same_fix.flawed(x8, half, padding="same")
print("article's 'same':", article_same, f"({len(article_same)} outputs)")
print("'same' rule:     ", convlab.conv1d(x8, half, padding="same"), f"({len(x8)} outputs)")

# %% [markdown]
# The framework rule pads K - 1 = 1 zero, on the right, and the eighth output is the window
# `[8, 0]`: `0.5*8 - 0.5*0 = 4`. The animation steps the article's function (left) next to
# the reference (right) on the digit probe: the reference's last window hangs over a padded
# zero; the article's function has no such window.
#
# ![the article's 'same', even kernel](../docs/lessons/same-even-kernel.gif)
#
# ## 'same' at stride 2: Keras's rule is not "padding = 1"
#
# At stride s, Keras's 'same' aims for ceil(L / s) outputs and adds just enough zeros to get
# them, with an odd extra zero on the right. For 6 inputs, K = 3, stride 2 that is **one**
# zero, on the right. PyTorch refuses `padding='same'` with stride > 1, and the usual stand-in
# `padding=1` (one zero on each side) gives a different answer: compare the digits.
#
# > *The source's* fixed function takes a stride (its windows start at `i * stride`) and
# > offers 'same' with it. *In fact* at stride > 1 `(K - 1) // 2` on each side is not the
# > Keras/TensorFlow rule: on this input it gives PyTorch's `padding=1` answer,
# > `[210, 432, 654]`, not Keras's `[321, 543, 65]`.

# %%
# Stride 2, six inputs, three taps: Keras 'same', PyTorch-style padding=1, the article's fix.
x6 = np.arange(1, 7)
print("Keras 'same':     ", convlab.conv1d(x6, w3, stride=2, padding="same"))
print("padding=1 (torch):", convlab.conv1d(x6, w3, stride=2, padding=1))
print("article's 'same': ", same_fix.flawed(x6, w3, stride=2, padding="same"))

# %% [markdown]
# ![a stride-1 'same' rule at stride 2](../docs/lessons/same-stride-2.gif)
#
# `ConvSpec.explain` shows the whole computation with these numbers:

# %%
# The 'same' padding and output length at stride 2, step by step.
print(convlab.ConvSpec(kernel_size=3, stride=2, padding="same").explain(6))

# %% [markdown]
# ## Your turn: derive the 'same' rule
#
# **Exercise.** Write `same_pads(length, kernel_size, stride=1)`, returning the zeros
# `(left, right)` that Keras's 'same' adds. Derive it from what 'same' promises:
#
# 1. the output has ceil(L / s) values (L at stride 1);
# 2. the last of them starts at (n_out - 1) * s and needs K samples, so the padded input
#    must hold (n_out - 1) * s + K samples — never fewer than L, so the total is at least 0;
# 3. the total is split with the odd zero on the **right**.
#
# Do not call `ConvSpec` in it: the check compares your rule with it. The first attempt is
# the article's.

# %%
# Exercise, first attempt: the article's (K - 1) // 2 zeros on each side.
def same_pads(length, kernel_size, stride=1):
    pad = (kernel_size - 1) // 2
    return pad, pad


# %%
# The check: every length 1-12, kernel 1-6 and stride 1-3 against the framework rule.
def check_same_pads(fn):
    for stride in (1, 2, 3):
        for kernel_size in range(1, 7):
            for length in range(1, 13):
                expected = convlab.ConvSpec(kernel_size, stride, "same").pads(length)
                got = fn(length, kernel_size, stride)
                if tuple(got) != expected:
                    print(f"NOT YET: same_pads({length}, {kernel_size}, stride={stride}) "
                          f"returned {tuple(got)}; 'same' needs {expected} there")
                    return False
    print("passed: your rule gives Keras's 'same' padding for every case up to L = 12")
    return True


check_same_pads(same_pads)

# %% tags=["solution"]
# Solution: pad for ceil(L / s) windows, at least 0 in total, the odd zero on the right.
def same_pads(length, kernel_size, stride=1):
    n_out = -(-length // stride)
    total = max((n_out - 1) * stride + kernel_size - length, 0)
    return total // 2, total - total // 2


check_same_pads(same_pads)

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
