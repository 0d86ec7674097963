# %% [markdown]
# # Lesson 8: For instructors
#
# **Goal:** use convlab to grade a class. This lesson covers what an exercise is and how to
# write one, how to grade a folder of submissions into Gradescope's `results.json`, the
# assert that is safe in nbgrader's autograded cells, and the pytest plugin for your own
# tests. It ends with what the sandbox stops and what it does not.
#
# Everything runs in a temporary folder, so the notebook leaves no files behind.

# %%
# The standard library for files and processes, numpy, and convlab's grading parts.
import csv
import json
import os
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

import numpy as np

import convlab
from convlab import Case
from convlab.exercises import EXERCISES, Exercise
from convlab.feedback import Feedback
from convlab.grading import GradedTest, corpus, grade_function
from convlab.grading import sandbox as sandbox_module

# %% [markdown]
# ## Exercises: the signatures students implement
#
# An exercise says what students write (a signature), which inputs it covers, how to call a
# student's function on a `Case`, and what the right answer is (the reference `conv1d`).
# convlab's catalog, tracer, diagnosis and grader all call implementations through one.

# %%
# The registered exercises and the signature each asks for.
for name, exercise in EXERCISES.items():
    print(f"{name:20} {exercise.signature}")

# %% [markdown]
# `arguments(case)` turns a Case into the call's arguments (always fresh copies, so a
# function that writes into its input cannot spoil the next test), `accepts(case)` says
# whether the Case lies in the exercise, and `expected(case)` is the reference answer.

# %%
# The conv1d exercise on one Case: the call it makes, and the answer it expects.
exercise = EXERCISES["conv1d"]
case = Case(x=[0, 3, 4, 5], w=[1, 2], stride=2)
print("arguments:", exercise.arguments(case))
print("accepts:  ", exercise.accepts(case))
print("expected: ", exercise.expected(case))
print("outside:  ", exercise.accepts(Case(x=[0, 3, 4, 5], w=[1, 2], dilation=2)))

# %% [markdown]
# ## Writing an exercise
#
# Say your first assignment is the plainest convolution: `def conv1d(x, w)`, 'valid' only,
# stride 1. An `Exercise` needs a name, a title, the signature, how to build the arguments
# and which cases belong to it. A scoring test is a `GradedTest`: a name, a title, points,
# and the cases that must all pass. Here they are the 'valid', stride-1 cases of the
# `conv1d` exercise's own corpus, uint8 trap included: `np.correlate` on two uint8 arrays
# sums in uint8 and wraps around, so the correct answer below converts to float first.

# %%
# A 'valid', stride-1 exercise, and one test of 2 points built from conv1d's corpus.
valid_only = Exercise(
    name="conv1d-valid",
    title="1-D conv1d, 'valid' padding, stride 1",
    signature="def conv1d(x, w)",
    arguments=lambda case: ((np.array(case.x), np.array(case.w)), {}),
    accepts=lambda case: (case.x.ndim == 1 and case.w.ndim == 1 and case.stride == 1
                          and case.padding == "valid"),
    paddings=("valid",),
    varies=(),
)
stride_one_cases = tuple(case for test in corpus("conv1d") for case in test.cases
                         if valid_only.accepts(case) and len(case.w) <= len(case.x))
valid_tests = (GradedTest("valid", "'valid' padding, stride 1", 2, stride_one_cases),)
print(f"{len(stride_one_cases)} cases, for example {stride_one_cases[0]!r}")

# %% [markdown]
# `grade_function` grades a function on your tests and returns the same report that
# `convlab.check` shows. convlab's diagnosis knows only the registered exercises, so for a
# new one ask for the grade alone (`want_diagnosis=False`). The report still shows the
# smallest failing case with the expected and the actual output.

# %%
# A correct and a flipped-kernel answer to the new exercise, graded on its test.
def correct(x, w):
    return np.correlate(np.asarray(x, dtype=float), np.asarray(w, dtype=float), "valid")


def flipped(x, w):
    return np.convolve(x, w, "valid")


for answer in (correct, flipped):
    print(Feedback(grade_function(answer, valid_only, tests=valid_tests,
                                  want_diagnosis=False)))
    print()

# %% [markdown]
# ## Grading a folder of submissions
#
# A class hands in files. Here are four: a correct one, two with classic mistakes, and a
# hostile one that never returns.

# %%
# Four submission files in a temporary folder.
workdir = Path(tempfile.mkdtemp(prefix="convlab-lesson-"))
submissions = workdir / "submissions"
submissions.mkdir()
(submissions / "ada.py").write_text(textwrap.dedent('''
    import math

    import numpy as np


    def conv1d(x, w, stride=1, padding="valid"):
        x = np.asarray(x, dtype=float)
        w = np.asarray(w, dtype=float)
        if padding == "same":
            total = max((math.ceil(len(x) / stride) - 1) * stride + len(w) - len(x), 0)
            left, right = total // 2, total - total // 2
        elif padding == "valid":
            left = right = 0
        else:
            left = right = padding
        x = np.pad(x, (left, right))
        if len(w) > len(x):
            raise ValueError("the kernel is longer than the padded input")
        n_out = (len(x) - len(w)) // stride + 1
        return np.array([x[t * stride:t * stride + len(w)] @ w for t in range(n_out)])
'''))
(submissions / "bob.py").write_text(textwrap.dedent('''
    import numpy as np


    def conv1d(x, w, stride=1, padding="valid"):
        K = len(w)
        out = np.zeros((len(x) - K) // stride + 1)
        for start in range(0, len(x) - K, stride):
            out[start // stride] = np.dot(x[start:start + K], w)
        return out
'''))
(submissions / "cy.py").write_text(textwrap.dedent('''
    import numpy as np


    def conv1d(x, w, stride=1, padding="valid"):
        return np.convolve(x, w, mode="valid")[::stride]
'''))
(submissions / "dee.py").write_text(textwrap.dedent('''
    def conv1d(x, w, stride=1, padding="valid"):
        while True:
            pass
'''))
print(sorted(path.name for path in submissions.iterdir()))

# %% [markdown]
# One command grades them all: each file runs in its own child process with time and memory
# limits, on the exercise's fixed corpus. The command writes one `results.json` per file in
# Gradescope's format and a CSV summary. `--jobs 2` grades two at a time. The endless loop
# costs a few seconds of timeouts and nothing more.

# %%
# convlab grade, exactly as in a terminal (python -m convlab is the same command).
# Jupyter sets FORCE_COLOR, which would draw the progress bar into the captured output.
quiet = {name: value for name, value in os.environ.items() if name != "FORCE_COLOR"}
command = [sys.executable, "-m", "convlab", "grade", str(submissions), "--exercise", "conv1d",
           "--json", str(workdir / "results"), "--csv", str(workdir / "summary.csv"),
           "--jobs", "2"]
finished = subprocess.run(command, capture_output=True, text=True, timeout=120, env=quiet)
print(finished.stdout.replace(str(workdir) + "/", ""))

# %%
# The CSV summary: one row per file, with the score and the diagnosis.
with open(workdir / "summary.csv", newline="") as file:
    for row in csv.reader(file):
        print(" | ".join(cell.replace(str(submissions) + "/", "") for cell in row))

# %% [markdown]
# ## Reading results.json
#
# Each results.json follows Gradescope's schema: `score`, `max_score`, `execution_time`,
# `output` (what the student sees), and `tests`, one entry per corpus test with its own
# score, status and message. convlab adds `extra_data`: `diagnosis` holds the mistake's
# category ids, most likely first, and `counterexample` the smallest input that shows it,
# with the expected and the actual output. Here is bob's, whose loop stops one window early.

# %%
# bob's results.json, pretty-printed.
results = json.loads((workdir / "results" / "bob.json").read_text())
print(json.dumps(results, indent=2))

# %%
# The endless loop's verdict, test by test: every call timed out or was not run.
results = json.loads((workdir / "results" / "dee.json").read_text())
print(f"score {results['score']:g} / {results['max_score']:g}")
for test in results["tests"]:
    print(f"  {test['name'].split(':')[0]:15} {test['output']}")

# %% [markdown]
# ## The nbgrader-safe assert
#
# In an nbgrader autograded cell a test passes when the cell runs without an exception.
# `convlab.assert_conv1d(fn)` grades `fn` like `check` does, returns None, and prints
# nothing, not even what the student's function prints. When anything fails it raises
# AssertionError with the diagnosis and the counterexample.

# %%
# A correct function that prints while it works: the assert is silent and returns None.
def conv1d(x, w, stride=1, padding="valid"):
    print("computing...")
    spec = convlab.ConvSpec(kernel_size=len(w), stride=stride, padding=padding)
    n_out = spec.output_length(len(x))
    x = np.pad(np.asarray(x, dtype=float), spec.pads(len(x)))
    return np.array([x[t * stride:t * stride + len(w)] @ w for t in range(n_out)])


print("assert_conv1d returned", convlab.assert_conv1d(conv1d))

# %%
# A flipped kernel: the assert raises, and its message says why (first and last lines).
def conv1d(x, w, stride=1, padding="valid"):
    spec = convlab.ConvSpec(kernel_size=len(w), stride=stride, padding=padding)
    n_out = spec.output_length(len(x))
    x = np.pad(np.asarray(x, dtype=float), spec.pads(len(x)))
    w = np.asarray(w, dtype=float)[::-1]
    return np.array([x[t * stride:t * stride + len(w)] @ w for t in range(n_out)])


try:
    convlab.assert_conv1d(conv1d)
except AssertionError as error:
    lines = str(error).splitlines()
    print("\n".join(lines[:2] + ["  ..."] + lines[-5:]))

# %% [markdown]
# ## Your own tests over every submission: the pytest plugin
#
# convlab ships a pytest plugin, `convlab.testing` (load it with `-p convlab.testing`). A
# test that takes the `conv1d_submission` fixture runs once per file of `--submissions DIR`.
# Call the fixture like the student's function (the call runs in the sandbox), or grade the
# file on the corpus with `assert_passes()`.

# %%
# An instructor's test file: the blog's worked example, then the whole corpus.
test_file = workdir / "test_students.py"
test_file.write_text(textwrap.dedent('''
    def test_worked_example(conv1d_submission):
        assert conv1d_submission([0, 3, 4, 5], [1, 2]).tolist() == [6, 11, 14]


    def test_corpus(conv1d_submission):
        conv1d_submission.assert_passes()
'''))
print(test_file.read_text())

# %%
# pytest over the folder: one test per file and test (the summary of its report shown).
command = [sys.executable, "-m", "pytest", "-q", "-p", "convlab.testing", "-p",
           "no:cacheprovider", "--color=no", "--tb=line", test_file.name,
           "--submissions", str(submissions)]
finished = subprocess.run(command, capture_output=True, text=True, cwd=workdir, timeout=120,
                          env={**quiet, "COLUMNS": "150"})
lines = finished.stdout.splitlines()
print("\n".join(lines[[i for i, line in enumerate(lines) if "short test summary" in line][0]:]))

# %% [markdown]
# ## What the sandbox stops, and what it does not
#
# The grader runs each submission as a separate Python process. Its own documentation
# tells the story:

# %%
# The sandbox's docstring, and the limits each submission gets by default.
print(sandbox_module.__doc__)
print(sandbox_module.Policy())

# %% [markdown]
# **It stops:** endless loops (a wall-time limit per call and per submission, and a CPU
# limit), memory exhaustion (an address-space limit), output floods (truncated),
# `sys.exit` / `os._exit` and crashes (that case fails and a fresh child continues), input
# mutation (reported as a failure), fake results (only plain numbers cross back, so an
# object with a clever `__eq__` or `__array__` cannot pass), importing the reference or a
# library that would do the work (convlab, torch, tensorflow, scipy.signal), starting
# processes, writing files, and reading convlab's own files. On request it also stops
# `np.convolve` / `np.correlate` (`--forbid-numpy-convolve`).
#
# **It does not stop:**
# - network access: sockets are not blocked;
# - reading other files: another student's submission in the same folder, your answer key;
# - a determined escape: audit hooks and resource limits run inside the student's own
#   Python process, as the same user, which is no security boundary. For untrusted code,
#   run `convlab grade` inside a container or a throw-away machine without network access;
# - hard-coded answers: the corpus is fixed and ships with convlab, so a student who reads
#   it can return memorised outputs. Add your own cases in a pytest test (like
#   `test_worked_example` above) or a custom `GradedTest`.

# %%
# Clean up the temporary folder.
import shutil  # noqa: E402 - only this last cell needs it

shutil.rmtree(workdir)
print("removed", workdir.name)
