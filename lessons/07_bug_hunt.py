# %% [markdown]
# # Lesson 7: Bug hunt
#
# **Goal:** find the mistake in Conv1D code you did not write. Four suspects follow, each a
# short function that runs without an error and returns numbers of the right kind, and each
# wrong somewhere. For every suspect you answer three questions, and convlab checks each
# answer:
#
# 1. **Show it.** Find an input on which the suspect and the reference disagree: edit a
#    `Case`. The check runs both.
# 2. **Name it.** Pick the kind of mistake from convlab's list of categories.
# 3. **Fix it.** Write a corrected function. It is graded like an exercise, on many inputs.
#
# Each question starts with an attempt that misses; edit it until the check passes. The
# worked answers are in the solutions notebook (`nbs/solutions/07_bug_hunt.ipynb`). The
# end of the lesson reveals each suspect's catalog entry: what the mistake is called and
# where it has been seen in real code.

# %%
# The lesson's tools: convlab's catalog of mistakes, its Case, and the hunt checker.
import ast
import codecs
import inspect
import math

import numpy as np

import convlab
from convlab import Case
from convlab.catalog.padding import pad_input
from convlab.categories import CATEGORIES
from convlab.exercises import get_exercise

# %% [markdown]
# ## The suspects
#
# The suspects come from `convlab.catalog`. Their catalog ids describe the mistake, so they
# are stored here in rot13, the old newsgroup spoiler code: decoding one before the reveal
# is peeking.

# %%
# Four catalog entries, known for now only as A, B, C and D.
SPOILERS = {"A": "pynffvp-yrsg-rqtr-ol-vaqrk", "B": "pynffvp-prvy-bhgchg-yratgu",
            "C": "pynffvp-pnhfny-cnq-ba-gur-evtug", "D": "pynffvp-ovnf-nybat-gvzr"}
suspects = {letter: convlab.catalog.get(codecs.decode(code, "rot13"))
            for letter, code in SPOILERS.items()}
for letter, bug in suspects.items():
    exercise = get_exercise(bug.exercise)
    print(f"suspect {letter}: {exercise.signature}  ({exercise.title})")

# %% [markdown]
# A suspect's docstring and name would give it away too, so we read its source without
# them. The function keeps the name of the exercise it implements.

# %%
# The flawed function's source, without its docstring and under the exercise's name.
def suspect_source(bug):
    source = inspect.getsource(bug.flawed)
    docstring = ast.parse(source).body[0].body[0]
    lines = source.splitlines()
    del lines[docstring.lineno - 1:docstring.end_lineno]
    exercise_name = get_exercise(bug.exercise).signature.split("(")[0].removeprefix("def ")
    return "\n".join(lines).replace(bug.flawed.__name__, exercise_name, 1)


print(suspect_source(suspects["A"]))

# %% [markdown]
# The categories you can choose from when you name a mistake:

# %%
# Every category id with its title.
for category in CATEGORIES.values():
    print(f"{category.id:24} {category.title}")

# %% [markdown]
# ## Suspect A
#
# Suspect A (above) implements the `conv1d` exercise: valid, 'same' or integer padding, any
# stride. It works out the padding, but never pads: it turns each window position into an
# index of `x`. Read its `if`: which indices does it skip, and which does it read?
#
# **(a) Show it.** A first try, 'valid' padding, finds nothing:

# %%
# A counterexample that misses: without padding every index is inside x.
convlab.check_hunt(suspects["A"].id, case=Case(x=[1, 2, 3], w=[1, 10, 100]))

# %% [markdown]
# The digit probe from lesson 2 helps: with `x = [1, 2, 3]` and `w = [1, 10, 100]` each
# output's digits name the inputs its window read, units digit first, and a 0 digit is a
# padded zero.

# %% tags=["solution"]
# Answer: one zero of padding, so window 0 starts at index -1.
convlab.check_hunt(suspects["A"].id, case=Case(x=[1, 2, 3], w=[1, 10, 100], padding=1))

# %% [markdown]
# The first output should be 210: a padded zero, then 1 and 2. Suspect A gives 213: its
# window read a 3 where the zero belongs.
#
# **(b) Name it.** A guess that does not fit:

# %%
# A category that misses: the zeros are not on the wrong side, they are not zeros at all.
convlab.check_hunt(suspects["A"].id, category="padding-side")

# %% tags=["solution"]
# Answer: index -1 is a valid Python index, the last element.
convlab.check_hunt(suspects["A"].id, category="wrap-around")

# %% [markdown]
# **(c) Fix it.** A tempting fix bounds the size of the index, `abs(index) < len(x)`. The
# check grades it on the `conv1d` exercise's inputs and says what is still wrong:

# %%
# A fix that misses: index -1 still passes the test, and still reads the last sample.
def conv1d(x, w, stride=1, padding="valid"):
    kernel_size = len(w)
    if padding == "same":
        n_wanted = math.ceil(len(x) / stride)
        total = max((n_wanted - 1) * stride + kernel_size - len(x), 0)
        pad_left, pad_right = total // 2, total - total // 2
    elif padding == "valid":
        pad_left = pad_right = 0
    else:
        pad_left = pad_right = padding
    n_out = (len(x) + pad_left + pad_right - kernel_size) // stride + 1
    out = np.zeros(n_out)
    for t in range(n_out):
        for k in range(kernel_size):
            index = t * stride + k - pad_left
            if abs(index) < len(x):
                out[t] += x[index] * w[k]
    return out


convlab.check_hunt(suspects["A"].id, fix=conv1d)

# %% tags=["solution"]
# Answer: a padded position is one outside 0 .. len(x) - 1, either end.
def conv1d(x, w, stride=1, padding="valid"):
    kernel_size = len(w)
    if padding == "same":
        n_wanted = math.ceil(len(x) / stride)
        total = max((n_wanted - 1) * stride + kernel_size - len(x), 0)
        pad_left, pad_right = total // 2, total - total // 2
    elif padding == "valid":
        pad_left = pad_right = 0
    else:
        pad_left = pad_right = padding
    n_out = (len(x) + pad_left + pad_right - kernel_size) // stride + 1
    out = np.zeros(n_out)
    for t in range(n_out):
        for k in range(kernel_size):
            index = t * stride + k - pad_left
            if 0 <= index < len(x):
                out[t] += x[index] * w[k]
    return out


convlab.check_hunt(suspects["A"].id, fix=conv1d)

# %% [markdown]
# ## Suspect B
#
# Suspect B implements the same `conv1d` exercise. It pads with a helper, `pad_input`,
# which is correct; here is the helper, then the suspect.

# %%
# The padding helper suspects B and D call (it follows the Keras rule for 'same').
print(inspect.getsource(pad_input))

# %%
# Suspect B: count the windows it computes.
print(suspect_source(suspects["B"]))

# %% [markdown]
# **(a) Show it.** A hint: the number of windows is right whenever `stride` divides
# `len(x) - len(w)`.

# %%
# (a) Your counterexample: this one has 4 - 2 = 2, a multiple of 2, and shows nothing.
convlab.check_hunt(suspects["B"].id, case=Case(x=[1, 2, 3, 4], w=[1, 10], stride=2))

# %% tags=["solution"]
# (a) Answer: 5 - 2 = 3 is not a multiple of 2.
convlab.check_hunt(suspects["B"].id, case=Case(x=[1, 2, 3, 4, 5], w=[1, 10], stride=2))

# %%
# (b) Your category: a first guess.
convlab.check_hunt(suspects["B"].id, category="last-window-skipped")

# %% tags=["solution"]
# (b) Answer: the last output is a window that runs off the end.
convlab.check_hunt(suspects["B"].id, category="extra-window")

# %%
# (c) Your fix: the suspect's code, to be edited.
def conv1d(x, w, stride=1, padding="valid"):
    kernel_size = len(w)
    x = pad_input(x, kernel_size, stride, padding)
    n_out = math.ceil((len(x) - kernel_size) / stride) + 1
    out = np.zeros(n_out)
    for t in range(n_out):
        window = x[t * stride:t * stride + kernel_size]
        out[t] = np.sum(window * w[:len(window)])
    return out


convlab.check_hunt(suspects["B"].id, fix=conv1d)

# %% tags=["solution"]
# (c) Answer: only whole windows count, so round down.
def conv1d(x, w, stride=1, padding="valid"):
    kernel_size = len(w)
    x = pad_input(x, kernel_size, stride, padding)
    n_out = (len(x) - kernel_size) // stride + 1
    out = np.zeros(n_out)
    for t in range(n_out):
        window = x[t * stride:t * stride + kernel_size]
        out[t] = np.sum(window * w)
    return out


convlab.check_hunt(suspects["B"].id, fix=conv1d)

# %% [markdown]
# ## Suspect C
#
# Suspect C implements another exercise, `causal_conv1d(x, w, dilation=1)`: a causal
# convolution, where output t may only read inputs up to t (lesson 2). Its cases have
# `padding="causal"`.

# %%
# Suspect C: where do the zeros go?
print(suspect_source(suspects["C"]))

# %%
# (a) Your counterexample: a one-tap kernel has no zeros to misplace.
convlab.check_hunt(suspects["C"].id, case=Case(x=[1, 2, 3], w=[1], padding="causal"))

# %% tags=["solution"]
# (a) Answer: a two-tap kernel on three samples, read with digits.
convlab.check_hunt(suspects["C"].id, case=Case(x=[1, 2, 3], w=[1, 10], padding="causal"))

# %% [markdown]
# With `x = [1, 2, 3]` and `w = [1, 10]`, output 0 should be 10: a zero, then `x[0] = 1`
# under the tap worth 10. A suspect that gives 21 read `x[1]`, the input from one step in
# the future.

# %%
# (b) Your category: a first guess.
convlab.check_hunt(suspects["C"].id, category="padding-side")

# %% tags=["solution"]
# (b) Answer: the output depends on later inputs.
convlab.check_hunt(suspects["C"].id, category="causal-leak")

# %%
# (c) Your fix: the suspect's code, to be edited.
def causal_conv1d(x, w, dilation=1):
    k_eff = dilation * (len(w) - 1) + 1
    x = np.pad(x, (0, k_eff - 1))
    out = np.zeros(len(x) - k_eff + 1)
    for t in range(len(out)):
        for k in range(len(w)):
            out[t] += x[t + k * dilation] * w[k]
    return out


convlab.check_hunt(suspects["C"].id, fix=causal_conv1d)

# %% tags=["solution"]
# (c) Answer: the K_eff - 1 zeros go before the input.
def causal_conv1d(x, w, dilation=1):
    k_eff = dilation * (len(w) - 1) + 1
    x = np.pad(x, (k_eff - 1, 0))
    out = np.zeros(len(x) - k_eff + 1)
    for t in range(len(out)):
        for k in range(len(w)):
            out[t] += x[t + k * dilation] * w[k]
    return out


convlab.check_hunt(suspects["C"].id, fix=causal_conv1d)

# %% [markdown]
# ## Suspect D
#
# Suspect D implements `conv1d(x, w, b, stride=1, padding="valid")` with channels: `x` has
# shape (C_in, L), `w` (C_out, C_in, K), and `b` holds one bias per output channel.

# %%
# Suspect D: follow the bias through numpy's broadcasting.
print(suspect_source(suspects["D"]))

# %% [markdown]
# **(a) Show it.** Most inputs make suspect D raise a broadcasting error, which is easy to
# notice. The dangerous inputs are the ones where it returns a result of the right shape
# with the wrong numbers. Can you find one?

# %%
# (a) Your counterexample: one filter, so the bias has one value.
convlab.check_hunt(suspects["D"].id, case=Case(x=[[1, 2, 3]], w=[[[1, 1]]], bias=[100]))

# %% tags=["solution"]
# (a) Answer: two filters and two output steps, so shapes line up.
convlab.check_hunt(suspects["D"].id, case=Case(x=[[1, 2, 3]], w=[[[1, 1]], [[1, 1]]],
                                               bias=[100, 200]))

# %%
# (b) Your category: a first guess.
convlab.check_hunt(suspects["D"].id, category="layout-swapped")

# %% tags=["solution"]
# (b) Answer: the bias went along time, not along the channels.
convlab.check_hunt(suspects["D"].id, category="bias-broadcast")

# %%
# (c) Your fix: the suspect's code, to be edited.
def conv1d(x, w, b, stride=1, padding="valid"):
    c_out, _, kernel_size = w.shape
    x = pad_input(x, kernel_size, stride, padding)
    n_out = (x.shape[1] - kernel_size) // stride + 1
    out = np.zeros((c_out, n_out))
    for o in range(c_out):
        for t in range(n_out):
            start = t * stride
            out[o, t] = np.sum(x[:, start:start + kernel_size] * w[o])
    return out + b


convlab.check_hunt(suspects["D"].id, fix=conv1d)

# %% tags=["solution"]
# (c) Answer: b as a column, one value per output channel.
def conv1d(x, w, b, stride=1, padding="valid"):
    c_out, _, kernel_size = w.shape
    x = pad_input(x, kernel_size, stride, padding)
    n_out = (x.shape[1] - kernel_size) // stride + 1
    out = np.zeros((c_out, n_out))
    for o in range(c_out):
        for t in range(n_out):
            start = t * stride
            out[o, t] = np.sum(x[:, start:start + kernel_size] * w[o])
    return out + b[:, None]


convlab.check_hunt(suspects["D"].id, fix=conv1d)

# %% [markdown]
# ## The reveal
#
# Each suspect is a catalog entry: a real flawed function, its fix, the smallest input that
# shows the mistake, and where the mistake has been seen in real code.

# %%
# Each suspect's catalog entry: id, category, the explanation and where it was seen.
for letter, bug in suspects.items():
    print(f"suspect {letter}: {bug.id} ({bug.category}: {CATEGORIES[bug.category].title})")
    print(f"  smallest counterexample: {bug.counterexample!r}")
    print(f"  {bug.explanation}")
    for place in bug.seen_in:
        print(f"  seen in {place}")
    print()

# %% [markdown]
# The whole catalog is in the terminal too: `python -m convlab list` lists every entry, and
# `python -m convlab show ENTRY` prints its flawed and fixed code side by side.
