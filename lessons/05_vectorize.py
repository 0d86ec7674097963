# %% [markdown]
# # Lesson 5: Vectorize it
#
# **Goal:** turn the double loop of lesson 1 into numpy code that computes the same numbers
# hundreds of times faster — first one loop over the kernel's taps, then no Python loop at
# all (a matrix of windows times the kernel, the idea behind im2col) — with stride and
# padding. Then it is your turn: a vectorized `conv1d`, checked for its values and for its
# speed. On the way,
# two shortcuts that go wrong silently: `np.convolve`, which flips the kernel, and an output
# buffer made with `np.zeros_like`, which can throw away the fractions. At the end, a speed
# race measured live on this machine.
#
# Digit probes again: with `x = [1, 2, 3, 4, 5]` and kernel `[1, 10, 100]`, the output 321
# means `1*1 + 10*2 + 100*3`, so each digit names one input the window used.

# %%
# numpy and its sliding windows, timeit for the race, matplotlib for its plot, and convlab.
import inspect
import time
import timeit

import matplotlib.pyplot as plt
import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

import convlab

x5 = np.arange(1.0, 6.0)
w3 = np.array([1.0, 10.0, 100.0])

# %% [markdown]
# ## The starting point: a double loop
#
# One loop over the outputs, one over the taps: L_out x K multiply-adds, each one a separate
# Python step. This is the loop of lesson 1, with the output length of 'valid'.

# %%
# The double loop: every multiply-add runs as its own Python statement.
def conv1d_loops(x, w):
    out_length = len(x) - len(w) + 1
    out = np.zeros(out_length)
    for t in range(out_length):
        total = 0.0
        for k in range(len(w)):
            total += x[t + k] * w[k]
        out[t] = total
    return out


print("double loop:   ", conv1d_loops(x5, w3))
print("convlab.conv1d:", convlab.conv1d(x5, w3))

# %% [markdown]
# ## One loop over the taps: a sum of shifted slices
#
# Swap the loops. Tap k meets `x[t + k]` in output t, for every t at once: that is the slice
# `x[k : k + L_out]`, the input shifted left by k. So the whole output is the sum over taps
# of *weight k times the input shifted by k* — K whole-array operations instead of
# L_out x K scalar ones.

# %%
# Each tap's contribution to every output at once, and their sum.
out_length = len(x5) - len(w3) + 1
for k in range(len(w3)):
    print(f"tap {k}: {w3[k]:>5g} * x[{k}:{k + out_length}] = {w3[k] * x5[k:k + out_length]}")
print("sum:", sum(w3[k] * x5[k:k + out_length] for k in range(len(w3))))

# %%
# The tap loop as a function: K passes of numpy over the whole signal.
def conv1d_taps(x, w):
    out_length = len(x) - len(w) + 1
    out = np.zeros(out_length)
    for k in range(len(w)):
        out += w[k] * x[k:k + out_length]
    return out


print("tap loop:      ", conv1d_taps(x5, w3))
print("convlab.conv1d:", convlab.conv1d(x5, w3))

# %% [markdown]
# ## No Python loop at all: a matrix of windows
#
# `np.lib.stride_tricks.sliding_window_view(x, K)` returns every window as the row of a
# matrix of shape (L_out, K). It copies nothing: each row is a view into `x`, starting one
# element later than the previous row, so the rows overlap in memory. The convolution is
# then one matrix-vector product, `windows @ w`: row t dotted with the kernel is output t.
# *im2col* ("image to columns"), the way many libraries run convolutions, builds the same
# matrix but **copies** the windows into fresh, contiguous memory, for a reason the next
# section measures.

# %%
# The window matrix of the digit probe, and its product with the kernel.
windows = sliding_window_view(x5, len(w3))
print("windows, shape", windows.shape)
print(windows)
print("windows @ w:   ", windows @ w3)
print("convlab.conv1d:", convlab.conv1d(x5, w3))
print("shares memory with x:", np.shares_memory(windows, x5))

# %% [markdown]
# ## Why im2col copies: BLAS wants plain rows
#
# numpy hands a matrix product to BLAS, the tuned linear-algebra library, only when each
# row is contiguous and the rows do not overlap. The window view's rows overlap (row t + 1
# starts one element after row t), so `windows @ w` runs through numpy's own, slower loop.
# A contiguous copy, `np.ascontiguousarray(windows)`, is K times larger but BLAS can take
# it. For one kernel making the copy costs more than the faster product saves; libraries
# pay for it in multi-channel layers with many filters (lesson 4), where one copy feeds a
# large matrix-matrix product and that product is most of the work.

# %%
# The window view against a contiguous copy of it, for one kernel of 8 taps.
rng = np.random.default_rng(0)
signal, kernel8 = rng.normal(size=20_000), rng.normal(size=8)
view = sliding_window_view(signal, 8)
copied = np.ascontiguousarray(view)
print("rows contiguous: the view", view.flags.c_contiguous, ", the copy", copied.flags.c_contiguous)
for label, operation in (("view @ w (numpy's loop)", lambda: view @ kernel8),
                         ("copy @ w (BLAS)", lambda: copied @ kernel8),
                         ("making the copy", lambda: np.ascontiguousarray(view))):
    seconds = min(timeit.repeat(operation, number=5, repeat=5)) / 5
    print(f"{label:>24}: {seconds * 1e3:6.3f} ms")

# %% [markdown]
# ## Stride and padding, vectorized
#
# Both fit in without a loop. Padding is `np.pad` with the zeros `ConvSpec.pads` asks for
# (lesson 2). Stride s keeps every s-th window: `windows[::s]` for im2col, and slices with
# step s, `x[k : k + s*(L_out - 1) + 1 : s]`, for the tap loop. The output length is the
# usual floor((L + p_left + p_right - K) / s) + 1.

# %%
# Both vectorized forms with stride and padding.
def pad_for(x, w, stride, padding):
    pad_left, pad_right = convlab.ConvSpec(len(w), stride, padding).pads(len(x))
    return np.pad(np.asarray(x, dtype=float), (pad_left, pad_right))


def conv1d_taps_strided(x, w, stride=1, padding="valid"):
    x, w = pad_for(x, w, stride, padding), np.asarray(w, dtype=float)
    out_length = (len(x) - len(w)) // stride + 1
    out = np.zeros(out_length)
    for k in range(len(w)):
        out += w[k] * x[k:k + stride * (out_length - 1) + 1:stride]
    return out


def conv1d_im2col(x, w, stride=1, padding="valid"):
    x, w = pad_for(x, w, stride, padding), np.asarray(w, dtype=float)
    return sliding_window_view(x, len(w))[::stride] @ w


print("same, stride 2, x = [1..6]:", conv1d_im2col(np.arange(1, 7), w3, 2, "same"),
      conv1d_taps_strided(np.arange(1, 7), w3, 2, "same"))
print("reference:                 ", convlab.conv1d(np.arange(1, 7), w3, stride=2,
                                                    padding="same"))

# %% [markdown]
# Lesson 2's `[321, 543, 65]`: the Keras 'same' rule at stride 2. A few digits are
# reassuring; many random inputs are convincing. Every combination of stride and padding
# below is checked against the reference:

# %%
# Both vectorized forms against the reference on random inputs, every stride and padding.
rng = np.random.default_rng(0)
checked = 0
for padding in ("valid", "same", "causal", "full", 2, (0, 3)):
    for stride in (1, 2, 3):
        x, w = rng.normal(size=rng.integers(8, 40)), rng.normal(size=rng.integers(1, 7))
        expected = convlab.conv1d(x, w, stride=stride, padding=padding)
        assert np.allclose(conv1d_im2col(x, w, stride, padding), expected)
        assert np.allclose(conv1d_taps_strided(x, w, stride, padding), expected)
        checked += 1
print(f"{checked} cases: both vectorized forms agree with the reference")

# %% [markdown]
# ## Trap 1: `np.convolve` flips the kernel
#
# "Replace the loop with `np.convolve`" is a popular suggestion, and it is fast. But
# `np.convolve` computes the mathematician's convolution: it reverses the kernel before it
# slides it. Layers compute cross-correlation and never flip. The shape is right, so nothing
# complains; the digits give it away.
#
# > *The source says* the loop can be replaced with `np.convolve`. *In fact* that flips the
# > kernel: on the article's own example, `x = [1, ..., 8]` and `[0.5, -0.5]`, every output
# > comes out +0.5 instead of -0.5. `np.correlate` is the drop-in that does not flip.

# %%
# np.convolve against the layers' answer, and the two ways to fix it.
print("article's example, np.convolve: ", np.convolve(np.arange(1, 9), [0.5, -0.5], "valid"))
print("article's example, np.correlate:", np.correlate(np.arange(1, 9), [0.5, -0.5], "valid"))
w2 = np.array([1, 10])
print("np.convolve(x, w):       ", np.convolve(x5, w2, "valid"))
print("convlab.conv1d(x, w):    ", convlab.conv1d(x5, w2))
print("np.correlate(x, w):      ", np.correlate(x5, w2, "valid"))
print("np.convolve(x, w[::-1]): ", np.convolve(x5, w2[::-1], "valid"))

# %% [markdown]
# `12` is `1*10 + 2*1`: the kernel read backwards. The fixes are `np.correlate` (no flip)
# or flipping the kernel first, `w[::-1]`. Both numpy functions have one more quirk: when
# the kernel is longer than the input they swap the two instead of refusing.

# %%
# A kernel longer than the input: numpy swaps the arguments, the reference refuses.
print("np.convolve([1, 2], w3): ", np.convolve([1, 2], w3, "valid"))
print("np.correlate([1, 2], w3):", np.correlate([1, 2], w3, "valid"))
try:
    convlab.conv1d([1, 2], w3)
except convlab.ConvlabError as error:
    print("convlab.conv1d([1, 2], w3):", error)

# %% [markdown]
# ## Trap 2: an output buffer made with `np.zeros_like`
#
# A loop needs an output buffer, and `np.zeros_like(x)` looks like the natural choice. It
# copies `x`'s dtype. The article's example input `x = [1, ..., 8]` is an integer array, so
# with its kernel `[0.5, -0.5]` every output should be -0.5, but writing -0.5 into an
# integer array keeps only the integer part, 0 — silently.

# %%
# The same loop with an integer buffer and with a float buffer.
x8 = np.arange(1, 9)
half = np.array([0.5, -0.5])
for name, buffer in (("np.zeros_like(x)", np.zeros_like(x8, shape=7)),
                     ("np.zeros(n)     ", np.zeros(7))):
    for t in range(len(buffer)):
        buffer[t] = np.dot(x8[t:t + 2], half)
    print(f"{name} ({buffer.dtype}): {buffer}")

# %% [markdown]
# The vectorized tap loop is safer here: `out += ...` on an integer buffer refuses the
# float result instead of truncating it. The element-by-element assignment in a loop is the
# silent one.

# %%
# An in-place add of floats into an integer buffer raises instead of truncating.
out = np.zeros_like(x8, shape=7)
try:
    for k in range(2):
        out += half[k] * x8[k:k + 7]
except TypeError as error:
    print(type(error).__name__ + ":", error)

# %% [markdown]
# ## Both traps are in the bug catalog
#
# convlab's catalog holds every classic mistake as a real flawed function, its fix and a
# small input that shows the difference. An entry's id starts with where it comes from:
# `article-` and `blog-` for what those texts wrote, `classic-` for mistakes seen in public
# code. Its ids:

# %%
# Every catalog entry's id, in catalog order.
print([bug.id for bug in convlab.catalog.BUGS])

# %%
# The two entries of this lesson: title, category, explanation and the flawed code.
for bug_id in ("article-np-convolve", "classic-zeros-like-buffer"):
    bug = convlab.catalog.get(bug_id)
    print(f"{bug.id}: {bug.title}  [category {bug.category}]")
    print(bug.explanation)
    print(inspect.getsource(bug.flawed))

# %% [markdown]
# `convlab.diagnose` runs a function on a battery of probe inputs and names the mistake from
# its behaviour alone, with the smallest input that shows it. On the `np.convolve` entry:

# %%
# The diagnosis of the np.convolve shortcut.
diagnosis = convlab.diagnose(convlab.catalog.get("article-np-convolve").flawed)
print("categories:", diagnosis.categories)
print(diagnosis.explanation)

# %% [markdown]
# The first category is the main mistake: kernel-flipped, shown on the smallest input that
# reveals it (printed above, with the expected and the actual output). Any later category
# is a candidate for what the flip leaves unexplained ("something else is wrong too"); here
# that is kernel-too-long-silent, the argument swap seen above. And on the `np.zeros_like`
# entry:

# %%
# The diagnosis of the integer output buffer.
diagnosis = convlab.diagnose(convlab.catalog.get("classic-zeros-like-buffer").flawed)
print("categories:", diagnosis.categories)
print(diagnosis.explanation)

# %% [markdown]
# And the two vectorized functions written above pass the same battery:

# %%
# The vectorized functions of this lesson, diagnosed: no difference on any probe.
for function in (conv1d_taps_strided, conv1d_im2col):
    print(f"{function.__name__}: {convlab.diagnose(function).explanation}")

# %% [markdown]
# ## The race
#
# Five ways to compute the same 'valid' convolution of one signal with a kernel of 8 taps,
# timed on this machine as the notebook runs:
#
# - the double loop (only up to L = 10,000: it is far too slow beyond);
# - the tap loop;
# - the window view: `sliding_window_view(x, K) @ w`;
# - `convlab.conv1d` (for one signal and one short kernel it hands the work to numpy's
#   compiled `np.correlate` loop);
# - PyTorch's `torch.nn.functional.conv1d`, if torch is installed. It is optional: without
#   it the race simply has one contender less. It runs on one thread here, like the numpy
#   code, so the race compares methods rather than core counts.

# %%
# PyTorch is optional: use it when it is installed, skip its bars when it is not.
try:
    import torch
except ImportError:
    torch = None
    print("torch is not installed: its bars are skipped (pip install torch to add them)")
else:
    torch.set_num_threads(1)
    print(f"torch {torch.__version__} found, running on {torch.get_num_threads()} thread")


def conv1d_torch(x, w):
    signal = torch.from_numpy(x).reshape(1, 1, -1)
    kernel = torch.from_numpy(w).reshape(1, 1, -1)
    return torch.nn.functional.conv1d(signal, kernel).numpy().ravel()


contenders = {"double loop": conv1d_loops, "tap loop": conv1d_taps, "window view": conv1d_im2col,
              "convlab.conv1d": convlab.conv1d}
if torch is not None:
    contenders["torch conv1d"] = conv1d_torch

# %%
# Every contender gives the same numbers before any of them is timed.
rng = np.random.default_rng(1)
x_check, w_check = rng.normal(size=200), rng.normal(size=8)
for name, function in contenders.items():
    assert np.allclose(function(x_check, w_check), convlab.conv1d(x_check, w_check)), name
print("all", len(contenders), "contenders agree on a random signal")

# %%
# Time each contender: the best of 3 repeats, each repeat about 20 ms of calls.
def seconds_per_call(function, *args, repeat_seconds=0.02, repeats=3):
    start = time.perf_counter()
    function(*args)
    once = time.perf_counter() - start
    number = max(1, int(repeat_seconds / max(once, 1e-7)))
    return min(timeit.repeat(lambda: function(*args), number=number, repeat=repeats)) / number


lengths = (1_000, 10_000, 100_000)
w8 = rng.normal(size=8)
timings = {name: {} for name in contenders}
for length in lengths:
    x_long = rng.normal(size=length)
    for name, function in contenders.items():
        if name == "double loop" and length > 10_000:
            continue
        timings[name][length] = seconds_per_call(function, x_long, w8)

print(f"{'':>16}" + "".join(f"{f'L = {length:,}':>15}" for length in lengths))
for name, by_length in timings.items():
    cells = [f"{by_length[length] * 1e6:>12.1f} us" if length in by_length else f"{'-':>15}"
             for length in lengths]
    print(f"{name:>16}" + "".join(cells))

# %%
# The race as bars on a log scale: each step down the axis is ten times faster.
fig, ax = plt.subplots(figsize=(9, 4))
width = 0.8 / len(timings)
for index, (name, by_length) in enumerate(timings.items()):
    positions = [lengths.index(length) + (index - (len(timings) - 1) / 2) * width
                 for length in by_length]
    ax.bar(positions, list(by_length.values()), width, label=name)
ax.text(len(lengths) - 1 - 0.4 + width / 2, timings["tap loop"][lengths[-1]],
        "double loop\nskipped", ha="center", va="bottom", fontsize=8, color="grey")
ax.set_xticks(range(len(lengths)), [f"L = {length:,}" for length in lengths])
ax.set_yscale("log")
ax.set_ylabel("seconds per call (log scale)")
ax.set_title("One signal, a kernel of 8 taps, 'valid'")
ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1))
plt.tight_layout()
plt.show()

# %%
# How many times faster than the double loop, at L = 10,000.
baseline = timings["double loop"][10_000]
for name, by_length in timings.items():
    print(f"{name:>16}: {baseline / by_length[10_000]:>8.0f} x")

# %% [markdown]
# ## Why vectorized numpy is fast
#
# The double loop runs every multiply-add through the Python interpreter: fetch two numbers
# as Python objects, multiply, add, check types, allocate a result — tens of nanoseconds of
# bookkeeping around a fraction of a nanosecond of arithmetic. Vectorizing does not reduce
# the arithmetic at all; it moves the loop out of Python and into compiled code. The tap
# loop leaves only K Python steps, each a C loop over the whole signal. The window view
# leaves none: `sliding_window_view` costs nothing (a view, not a copy), and `windows @ w`
# runs in numpy's compiled matrix-product loop — not in BLAS, because the rows overlap
# (compared above). Copying the windows (im2col) lets BLAS, which keeps numbers in
# registers and cache and uses SIMD instructions, do the product; that pays off when many
# channels and filters turn it into a matrix-matrix product. `convlab.conv1d` and torch
# also run compiled loops, and pick their method by size. Once the loop is in C, what is
# left of Python is a fixed cost of microseconds per call: a large share of the time at
# L = 1,000, a small one at L = 100,000.

# %% [markdown]
# ## Your turn: vectorize it
#
# **Exercise.** Write `conv1d(x, w, stride=1, padding="valid")`, the grader's `conv1d`
# exercise, with no Python loop over the outputs: a loop over the K taps is fine, or none
# at all. The padding arithmetic is yours from lessons 2 and 3 (here `ConvSpec.pads` may do
# it). The check grades the values like lesson 3 did, then times your function against the
# double loop on 20,000 samples and a kernel of 8: it must be at least 20 times faster.
# The first attempt is right but loops over the outputs.

# %%
# The first attempt: one np.dot per output — right values, a Python step per output.
def conv1d(x, w, stride=1, padding="valid"):
    x, w = np.asarray(x, dtype=float), np.asarray(w, dtype=float)
    x = np.pad(x, convlab.ConvSpec(len(w), stride, padding).pads(len(x)))
    if len(w) > len(x):
        raise ValueError(f"a kernel of {len(w)} taps does not fit {len(x)} samples")
    n_out = (len(x) - len(w)) // stride + 1
    return np.array([np.dot(x[t * stride:t * stride + len(w)], w) for t in range(n_out)])


# %%
# The check: the grader's values first, then the speed against the double loop.
def check_vectorized(fn, required_ratio=20.0):
    feedback = convlab.check(fn, exercise="conv1d")
    if not feedback.passed:
        print("NOT YET: the values are wrong somewhere\n")
        print(feedback)
        return False
    race_rng = np.random.default_rng(2)
    x_race, w_race = race_rng.normal(size=20_000), race_rng.normal(size=8)
    loop_seconds = min(timeit.repeat(lambda: conv1d_loops(x_race, w_race), number=1, repeat=2))
    your_seconds = min(timeit.repeat(lambda: fn(x_race, w_race), number=1, repeat=5))
    ratio = loop_seconds / your_seconds
    if ratio < required_ratio:
        print(f"NOT YET: the values are right, but your function is only {ratio:.1f} times "
              f"faster than the double loop ({your_seconds * 1e3:.1f} ms against "
              f"{loop_seconds * 1e3:.1f} ms); at least {required_ratio:g} times is needed")
        return False
    print(f"passed: right values, and {ratio:.0f} times faster than the double loop")
    return True


check_vectorized(conv1d)

# %% tags=["solution"]
# Solution: pad, then one strided slice per tap, K whole-array steps in all.
def conv1d(x, w, stride=1, padding="valid"):
    x, w = np.asarray(x, dtype=float), np.asarray(w, dtype=float)
    x = np.pad(x, convlab.ConvSpec(len(w), stride, padding).pads(len(x)))
    if len(w) > len(x):
        raise ValueError(f"a kernel of {len(w)} taps does not fit {len(x)} samples")
    n_out = (len(x) - len(w)) // stride + 1
    out = np.zeros(n_out)
    for k in range(len(w)):
        out += w[k] * x[k:k + stride * (n_out - 1) + 1:stride]
    return out


check_vectorized(conv1d)
