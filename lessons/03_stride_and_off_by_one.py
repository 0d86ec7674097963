# %% [markdown]
# # Lesson 3: Stride and the off-by-one
#
# **Goal:** know exactly which windows a strided convolution computes, and catch a loop that
# stops one window early. The example is the strided loop of the article "What are the
# flaws in this Conv1D implementation?" (lesson 1's Sources box): on
# `x = [1, 2, ..., 8]`, `w = [0.5, -0.5]`, stride 2 it returns `[-0.5, -0.5, -0.5, 0.0]`
# where the right answer is `[-0.5, -0.5, -0.5, -0.5]`. By the end you can say why, step
# through it next to the reference, count windows with the output-length formula for any
# stride, work backwards from the output length you want, and write a strided loop that
# passes the grader.

# %%
# The lesson's tools: inspect to print source code, numpy, IPython's display, convlab and
# its renderer for a static picture of a debugger step, drawn inline.
# %matplotlib inline
import inspect

import numpy as np
from IPython.display import display

import convlab
from convlab.render import render_pair_figure

# %% [markdown]
# ## The article's strided loop
#
# With stride s, the window does not move one step at a time but s steps: windows start at
# 0, s, 2s, ... The article pre-allocates one output per window, then walks the window
# starts with `range` and writes output `i // stride`. convlab's catalog keeps the article's
# loop with one change: it pads its input first (`pad_input`), so that it takes the same
# arguments as every `conv1d` in the course. With 'valid' padding that line does nothing,
# and the loop is the article's:

# %%
# The flawed function as convlab's catalog stores it: the article's loop after a padding line.
strided = convlab.catalog.get("article-strided-range")
print(inspect.getsource(strided.flawed))

# %% [markdown]
# It looks right, and it runs without a complaint. Here it is on the article's example,
# next to convlab's reference:

# %%
# The article's example: eight inputs, a two-tap difference kernel, stride 2.
x = np.arange(1, 9)
w = np.array([0.5, -0.5])
case = convlab.Case(x=x, w=w, stride=2)
print("article's loop:", strided.flawed(x, w, stride=2))
print("reference:     ", convlab.conv1d(x, w, stride=2))

# %% [markdown]
# Every window `[a, a + 1]` gives `0.5*a - 0.5*(a + 1) = -0.5`, so the trailing `0.0` is
# wrong. The output has the right *length* — the buffer was sized correctly — but its last
# cell was never written and kept the 0 that `np.zeros` put there.
#
# ## Why: `range` excludes its end
#
# The last window that fits starts at L - K (it ends at the last sample, L - 1). But
# `range(0, L - K, stride)` stops *before* L - K. Whether that loses a window depends on
# whether L - K itself is one of the starts, that is, whether L - K is a multiple of the
# stride. With L = 8 it is (6 = 3 x 2); with L = 9 it is not (7), and the loop happens to be
# right:

# %%
# Window starts the loop visits against those that fit, for 8 and for 9 inputs.
K, stride = len(w), 2
for length in (8, 9):
    signal = np.arange(1, length + 1)
    print(f"L = {length}: L - K = {length - K}, (L - K) % stride = {(length - K) % stride}")
    print(f"  starts that fit:       {list(range(0, length - K + 1, stride))}")
    print(f"  starts the loop visits: {list(range(0, length - K, stride))}")
    print(f"  article's loop: {strided.flawed(signal, w, stride=stride)}")
    print(f"  reference:      {convlab.conv1d(signal, w, stride=stride)}")

# %% [markdown]
# With 9 inputs the last window still starts at 6 (a window at 8 would need a ninth and
# tenth sample), and `range(0, 7, 2)` includes 6. So the bug hides from any test whose
# L - K does not divide evenly by the stride: it is only a bug some of the time, which is
# what makes it hard to find.
#
# > *A tempting explanation* blames `out[i // stride]`, or says the last window does not
# > fit. *In fact* both are fine: `i // stride` maps the starts 0, 2, 4, 6 to the outputs
# > 0, 1, 2, 3 exactly, and the window at 6 reads `x[6]` and `x[7]`, the last two samples,
# > so it fits exactly. The one wrong thing is the end of the `range`, which excludes the
# > last start, L - K. The animation shows it: the loop's fourth output is never written.
#
# ![the article's strided loop next to the reference](../docs/lessons/strided-range.gif)
#
# ## Step through it next to the reference
#
# `convlab.Debugger` runs the flawed function and the reference on the same input and shows
# them side by side, one output at a time: the window over the input, the taps under it,
# their products, the running sum and the output row. Use the buttons to step; *First
# divergence* jumps to the first output that differs. (In a live notebook the widget below
# is interactive; on a page without a kernel, the printed steps and the figure further down
# show the same state.)

# %%
# The Debugger on the article's example: the flawed loop (left) against the reference (right).
debugger = convlab.Debugger("article-strided-range", case)
display(debugger)

# %% [markdown]
# Every control has a Python twin, so the same stepping can be done from code. Each step
# computes one output; the frame of each side says which input positions its window read
# and what the output holds so far (`None`: not written yet).

# %%
# Each step from Python: the window each side reads, and the output it writes.
for step in range(debugger.n_steps):
    debugger.goto(step)
    flawed_frame, reference_frame = debugger.frame
    print(f"step {step + 1}/{debugger.n_steps}, output {step}: "
          f"loop reads positions {list(flawed_frame.window)}, "
          f"reference reads {list(reference_frame.window)}, "
          f"loop's output so far {list(flawed_frame.outputs[0])}")

# %% [markdown]
# The *every source line* toggle (`granularity = "line"` from Python) steps one executed
# line at a time instead, and shows the moment the loop gives up. After the third pass
# (`i = 4`) the `for` line runs one more time, finds that the next start, 6, is not below
# `len(x) - kernel_size = 6`, and the function returns.

# %%
# The last executed lines of the flawed loop, with the loop variable i after each.
debugger.granularity = "line"
for step in range(debugger.n_steps - 4, debugger.n_steps):
    debugger.goto(step)
    flawed_frame, _ = debugger.frame
    loop_variable = dict(flawed_frame.locals).get("i")
    print(f"{flawed_frame.line.strip():<55} i = {loop_variable}")

# %% [markdown]
# Back to one step per output. `first_divergence()` moves to the first step whose output
# differs from the reference and returns it. At that step the flawed side has no window at
# all, while the reference reads positions 6 and 7:

# %%
# One step per output again, then jump to the first divergence and print both frames there.
debugger.granularity = "output"
step = debugger.first_divergence()
flawed_frame, reference_frame = debugger.frame
print(f"first divergence: step {step + 1} of {debugger.n_steps}, computing output {step}")
print("input positions:     ", list(reference_frame.positions))
print("loop's window:       ", list(flawed_frame.window), "-", flawed_frame.note)
print("reference's window:  ", list(reference_frame.window))
print("reference's products:", list(reference_frame.products),
      "-> sum", reference_frame.running_sum[-1])
print("loop's output:       ", list(flawed_frame.outputs[0]))
print("reference's output:  ", list(reference_frame.outputs[0]))

# %% [markdown]
# The same step as a picture: the flawed loop on the left, the reference on the right. The
# red cell is the output that differs; on the left no window is outlined, because no input
# was read for it.

# %%
# The divergent step drawn as a static figure.
figure = render_pair_figure(
    *debugger.frame, title="output 3: the loop never reads x[6] and x[7]")
display(figure)

# %% [markdown]
# ## Provenance: which inputs fed each output
#
# A convolution output is a sum of `x[j] * w[k]` products. `convlab.provenance` finds, for
# any function, which inputs and taps each output used: it feeds the function single 1s
# (impulses) and watches which outputs move. No source code needed.

# %%
# The input positions behind each output, for the flawed loop and for the fixed one.
fixed_provenance = convlab.provenance(strided.fixed, case)
flawed_provenance = convlab.provenance(strided.flawed, case)
for output_index in range(len(flawed_provenance.windows)):
    flawed_inputs = list(flawed_provenance.window(output_index)) or "no input at all"
    print(f"output {output_index}: fixed reads {list(fixed_provenance.window(output_index))}, "
          f"flawed reads {flawed_inputs}")

# %% [markdown]
# Output 3 depends on nothing: whatever x and w are, the flawed loop returns 0 there. That
# is a stronger statement than "it gave 0 on this input" — and it points straight at the
# window that was skipped.
#
# ## How many outputs? The formula with your numbers
#
# For 'valid' padding, windows start at 0, s, 2s, ... and the last start must be at most
# L - K. So there are **floor((L - K) / s) + 1** windows: floor((L - K) / s) strides fit
# after the first window. `ConvSpec.explain` writes this out for given numbers. Here are
# L = 8 and L = 9, stride 2 and stride 3, for the two-tap kernel:

# %%
# The output-length formula for 8 and 9 inputs at strides 2 and 3, kernel 2.
for length in (8, 9):
    for stride in (2, 3):
        print(convlab.ConvSpec(kernel_size=2, stride=stride).explain(length))
        print()

# %% [markdown]
# The floor is where L = 8 and L = 9 differ. For L = 8, stride 2, (8 - 2) / 2 = 3 exactly:
# the windows tile the input to its last sample. For L = 9, 7 / 2 = 3.5 and the floor
# drops the half: the ninth sample is left over, too few for another window, and it is never
# read. Stride 3 gives 3 outputs for both lengths, again with one sample to spare at L = 9.
#
# The article's buffer, `(len(x) - K) // stride + 1`, is this formula; only its loop
# disagreed with it. A loop over *output indices* cannot disagree with the buffer:
# `for t in range(n_out): start = t * stride`.
#
# ## The opposite mistake: one window too many
#
# Rounding **up**, ceil((L - K) / s) + 1, counts a window that runs off the end of the input.
# With `x = [1, ..., 6]`, a three-tap kernel and stride 2, (6 - 3) / 2 = 1.5: floor gives 2
# windows, ceil gives 3, and the third starts at 4 where only two samples are left. numpy
# slicing past the end does not complain, it just returns a shorter window:

# %%
# Floor against ceil for 6 inputs, kernel 3, stride 2, and the slice the extra window gets.
six = np.arange(1, 7)
kernel_size, stride = 3, 2
floor_count = (len(six) - kernel_size) // stride + 1
ceil_count = -(-(len(six) - kernel_size) // stride) + 1
print("floor:", floor_count, "windows  ", [six[t * stride:t * stride + kernel_size].tolist()
                                           for t in range(floor_count)])
print("ceil: ", ceil_count, "windows  ", [six[t * stride:t * stride + kernel_size].tolist()
                                          for t in range(ceil_count)])

# %% [markdown]
# Convolution layers keep only whole windows, so the formula uses floor (some pooling
# layers offer a ceil mode, which is where the habit comes from). If you *want* the partial
# window, that is what padding is for: lesson 2's 'same' at stride 2 adds the missing zero
# explicitly.
#
# ## Working backwards: 17 inputs, 3 outputs
#
# A blog reader asks the question the other way round: with W = 17 inputs, which kernel
# size K, stride S and padding P (zeros on each side) give O = 3 outputs?
#
# > *The source says* O = (W - K + 2P) / S + 1. *In fact* the division is rounded down:
# > O = floor((W - K + 2P) / S) + 1. Without the floor the formula can give a fraction:
# > W = 17, K = 2, S = 2 gives 8.5, and the layer gives 8.

# %%
# The formula without and with the floor, against a real convolution: 17 inputs, K 2, S 2.
print("(W - K + 2P) / S + 1       =", (17 - 2) / 2 + 1)
print("floor((W - K + 2P) / S) + 1 =", (17 - 2) // 2 + 1)
print("conv1d output length        =", len(convlab.conv1d(np.arange(17.0), np.ones(2), stride=2)))

# %% [markdown]
# With the floor in place, `ConvSpec.solve` tries every combination (kernels up to 17, padding up to
# K - 1) and returns them simplest first:

# %%
# The simplest few ways to get 3 outputs from 17 inputs, with the formula for each.
solutions = convlab.ConvSpec.solve(17, 3)
print(f"{len(solutions)} combinations in all; the first ten:")
print(f"{'K':>3} {'S':>3} {'P':>3}   floor((17 - K + 2P) / S) + 1")
for spec in solutions[:10]:
    k, s, p = spec.kernel_size, spec.stride, spec.padding
    print(f"{k:>3} {s:>3} {p:>3}   floor({17 - k + 2 * p} / {s}) + 1 = "
          f"{(17 - k + 2 * p) // s} + 1 = {spec.output_length(17)}")

# %% [markdown]
# Take K = 5, S = 6, no padding: windows start at 0, 6 and 12, and the last one ends at
# 16, the last input. Check it with a real convolution — and notice that (17 - 5) = 12 is
# a multiple of 6, exactly the case the article's loop gets wrong:

# %%
# One solution verified with conv1d, and the article's loop on the same numbers.
spec = convlab.ConvSpec(kernel_size=5, stride=6)
seventeen, box = np.arange(1, 18), np.ones(5)
print("window starts:  ", [window.start for window in spec.windows(17)])
print("reference:      ", convlab.conv1d(seventeen, box, stride=6))
print("article's loop: ", strided.flawed(seventeen, box, stride=6))

# %% [markdown]
# ## Receptive field and dilation
#
# How far back does an output see? One layer's output reads K consecutive inputs: its
# **receptive field** is K. A **dilated** kernel spreads its taps d samples apart, so it
# spans K_eff = d * (K - 1) + 1 inputs with the same K weights, and the output length uses
# K_eff in place of K. Stacking layers adds their spans: two layers of K = 3 see 5 inputs,
# and with dilations 1, 2, 4, 8 (as in WaveNet and TCNs) a stack of 3-tap layers sees
# 1 + 2 * (1 + 2 + 4 + 8) = 31 inputs with only 12 weights.

# %%
# A dilated kernel reads taps d apart: digit probe [1..9], kernel [1, 10, 100], dilation 2.
nine = np.arange(1, 10)
print("dilation 1:", convlab.conv1d(nine, [1, 10, 100]))
print("dilation 2:", convlab.conv1d(nine, [1, 10, 100], dilation=2))
for dilations in ((1,), (1, 1), (1, 2), (1, 2, 4, 8)):
    field = 1 + sum(d * (3 - 1) for d in dilations)
    print(f"3-tap layers with dilations {dilations}: receptive field {field} inputs")

# %% [markdown]
# The digits of `531` name inputs 1, 3 and 5: the taps skip one sample each.
#
# ## Your turn: count the windows, then write the strided loop
#
# **Exercise 1.** Write `output_length(length, kernel_size, stride=1, pad_left=0,
# pad_right=0)`: how many windows fit in the padded input when they start every `stride`
# samples (0 when none fits). Derive it: the padded input has L + p_left + p_right samples,
# the last start must leave room for K of them, and the starts are 0, s, 2s, ...

# %%
# Exercise 1, first attempt: the blog's formula, with a true division and no floor.
def output_length(length, kernel_size, stride=1, pad_left=0, pad_right=0):
    return (length + pad_left + pad_right - kernel_size) / stride + 1


# %%
# The check: lengths 1-12, kernels 1-6, strides 1-3, zeros 0-2 on each side.
def check_output_length(fn):
    for stride in (1, 2, 3):
        for kernel_size in range(1, 7):
            for pad_left in range(3):
                for pad_right in range(3):
                    for length in range(1, 13):
                        padded = length + pad_left + pad_right
                        expected = len(range(0, padded - kernel_size + 1, stride))
                        got = fn(length, kernel_size, stride, pad_left, pad_right)
                        if got != expected or not isinstance(got, (int, np.integer)):
                            print(f"NOT YET: output_length({length}, {kernel_size}, "
                                  f"{stride}, {pad_left}, {pad_right}) returned {got!r}; "
                                  f"the number of windows that fit is {expected} (an int)")
                            return False
    print("passed: output_length is right for every case tried")
    return True


check_output_length(output_length)

# %% tags=["solution"]
# Solution: floor((L + p_l + p_r - K) / s) + 1 windows, none when K is longer than that.
def output_length(length, kernel_size, stride=1, pad_left=0, pad_right=0):
    padded = length + pad_left + pad_right
    if kernel_size > padded:
        return 0
    return (padded - kernel_size) // stride + 1


check_output_length(output_length)

# %% [markdown]
# **Exercise 2.** Now write the whole `conv1d(x, w, stride=1, padding="valid")` of the
# grader's `conv1d` exercise: padding "valid", "same" (lesson 2's rule: paste your
# `same_pads`) or an int p (p zeros on each side), any stride, and a `ValueError` when no
# window fits. Use your `output_length`, not `ConvSpec`. The first attempt sizes its buffer
# and walks the window starts the way the article does:

# %%
# Lesson 2's 'same' rule, as derived there (paste your own).
def same_pads(length, kernel_size, stride=1):
    n_out = -(-length // stride)
    total = max((n_out - 1) * stride + kernel_size - length, 0)
    return total // 2, total - total // 2


# %%
# Exercise 2, first attempt: window starts from range(0, len(x) - len(w), stride).
def conv1d(x, w, stride=1, padding="valid"):
    x, w = np.asarray(x, dtype=float), np.asarray(w, dtype=float)
    if padding == "same":
        pad_left, pad_right = same_pads(len(x), len(w), stride)
    elif padding == "valid":
        pad_left = pad_right = 0
    else:
        pad_left = pad_right = padding
    x = np.pad(x, (pad_left, pad_right))
    out = np.zeros((len(x) - len(w)) // stride + 1)
    for start in range(0, len(x) - len(w), stride):
        out[start // stride] = np.dot(x[start:start + len(w)], w)
    return out


print(conv1d(np.arange(1, 9), [0.5, -0.5], stride=2))

# %% [markdown]
# ## Check your function
#
# `convlab.check` runs it on the grader's fixed inputs and names the mistake when one is
# found. Look at the stride group: the only cases that pass are those where L - K is not a
# multiple of the stride.

# %%
# The grader's verdict on your conv1d.
convlab.check(conv1d, exercise="conv1d")

# %% [markdown]
# The diagnosis is `last-window-skipped`, and its smallest failing input (printed above)
# is tiny: its last window starts at L - K, the start `range(0, L - K, stride)` leaves out,
# so that output keeps its 0. Fix the loop and check again; the worked answer is in the
# solutions notebook.

# %% tags=["solution"]
# Solution: loop over output indices, so no window can be skipped; refuse when none fits.
def conv1d(x, w, stride=1, padding="valid"):
    x, w = np.asarray(x, dtype=float), np.asarray(w, dtype=float)
    if padding == "same":
        pad_left, pad_right = same_pads(len(x), len(w), stride)
    elif padding == "valid":
        pad_left = pad_right = 0
    else:
        pad_left = pad_right = padding
    n_out = output_length(len(x), len(w), stride, pad_left, pad_right)
    if n_out == 0:
        raise ValueError(f"a kernel of {len(w)} taps does not fit {len(x)} samples "
                         f"padded with ({pad_left}, {pad_right}) zeros")
    x = np.pad(x, (pad_left, pad_right))
    return np.array([np.dot(x[t * stride:t * stride + len(w)], w) for t in range(n_out)])


convlab.check(conv1d, exercise="conv1d")

# %% [markdown]
# ## Summary
#
# - With stride s and no padding, windows start at 0, s, 2s, ... up to L - K, and there are
#   floor((L - K) / s) + 1 of them. Leftover samples at the end are never read.
# - `range(0, L - K, s)` misses the last start exactly when L - K is a multiple of s; the
#   missing output keeps its initial 0 and the length still looks right. Test with an input
#   whose windows tile it exactly (L = 8, K = 2, s = 2), or loop over output indices.
# - ceil instead of floor is the opposite mistake: one window too many, cut short by the
#   end of the input.
# - A dilated kernel spans d * (K - 1) + 1 inputs; stacked layers add their spans, which is
#   how a few layers get a long receptive field.
# - `ConvSpec.explain(L)` shows the arithmetic, `ConvSpec.solve(L_in, L_out)` works
#   backwards, and `convlab.Debugger` and `convlab.provenance` show which inputs each output
#   really read.
