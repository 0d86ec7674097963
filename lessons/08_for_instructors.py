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
from convlab import Case, batteries
from convlab.exercises import EXERCISES, SINGLE_CHANNEL_MISTAKES, Exercise, register
from convlab.grading import GradedTest, corpus
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
# `arguments(case)` turns a Case into the call's arguments, `accepts(case)` says whether the
# Case lies in the exercise, and `expected(case)` is the reference answer. The arguments are
# always fresh copies, and convlab looks at them again after the call: a function that writes
# into its input is wrong even when its values are right (category `modifies-input`).

# %%
# The conv1d exercise on one Case: the call it makes, and the answer it expects.
exercise = EXERCISES["conv1d"]
case = Case(x=[0, 3, 4, 5], w=[1, 2], stride=2)
print("arguments:", exercise.arguments(case))
print("accepts:  ", exercise.accepts(case))
print("expected: ", exercise.expected(case))
print("outside:  ", exercise.accepts(Case(x=[0, 3, 4, 5], w=[1, 2], dilation=2)))

# %% [markdown]
# An exercise also describes itself to the rest of convlab: its `layout` ("single": x of
# shape (L,) and w of shape (K,); "channels"; "keras"), the `paddings` it takes, the Case
# fields it `varies` besides x and w, the probe battery it is tested with (`probes`, from
# `convlab.batteries`), the `mistakes` diagnosis may look for, and its hand-made scoring
# `corpus` (from `convlab.corpora`, or None). diagnose, check and
# `convlab grade` read these fields; none of them knows an exercise by its name.

# %%
# What the conv1d exercise says about itself.
for field in ("layout", "paddings", "varies"):
    print(f"{field:9} {getattr(exercise, field)}")
print(f"{'probes':9} batteries.{exercise.probes.__name__}")
print(f"{'corpus':9} corpora.{exercise.corpus.__name__}")
print(f"{'mistakes':9} {sorted(exercise.mistakes)}")

# %% [markdown]
# `conv1d`'s corpus holds hand-made tests and a last one, "probes": the probe battery that
# diagnose tries, so the grader and diagnose judge a function on exactly the same inputs.
# The cell below lists each test with its points and counts the total. Integer widths
# (uint8, int16, ...) and their overflow are not part of `conv1d`: they are the
# `conv1d-int` exercise.

# %%
# The scoring tests of conv1d: name, points and number of cases, and the total.
for test in corpus("conv1d"):
    print(f"{test.name:16} {test.points:g} point(s)  {len(test.cases):3} cases")
print(f"{'total':16} {sum(test.points for test in corpus('conv1d')):g} points")

# %% [markdown]
# ## Writing an exercise
#
# Say your first assignment is a convolution with 'valid' padding and any stride:
# `def conv1d(x, w, stride=1)`. Describe it: a name, a title, the signature, how to build the
# arguments, which cases belong to it, its layout, paddings and varied fields, the battery it
# is probed with and the mistakes that can happen in it. `batteries.conv1d` already holds
# digit probes at strides 1-3, and `accepts` keeps the 'valid' ones. The mistakes that
# apply are those of one signal and one kernel, `SINGLE_CHANNEL_MISTAKES` (the padding rule,
# the windows, the kernel's direction, the values, ...); `CHANNEL_MISTAKES` (layouts, channel
# sums) would join them for a multi-channel exercise.

# %%
# A 'valid'-padding exercise with a stride, described for diagnosis and grading.
valid_strided = Exercise(
    name="conv1d-valid-strided",
    title="1-D conv1d, 'valid' padding, any stride",
    signature="def conv1d(x, w, stride=1)",
    arguments=lambda case: ((np.array(case.x), np.array(case.w)), {"stride": case.stride}),
    accepts=lambda case: (case.x.ndim == 1 and case.w.ndim == 1 and case.padding == "valid"
                          and set(case.non_default_kwargs()) <= {"stride"}),
    layout="single",
    paddings=("valid",),
    varies=("stride",),
    probes=batteries.conv1d,
    mistakes=SINGLE_CHANNEL_MISTAKES,
)
print(f"{len(valid_strided.probe_cases())} probes, the smallest:",
      valid_strided.probe_cases()[:3])

# %%
# Register it: from now on every part of convlab finds it by its name.
register(valid_strided)
print(EXERCISES["conv1d-valid-strided"] is valid_strided)

# %% [markdown]
# A student's answer with a classic mistake: it reads the kernel backwards (true
# convolution). `diagnose` runs the exercise's probes and names the mistake, with the smallest
# input that shows it and the line to look at.

# %%
# A flipped-kernel answer, diagnosed on the new exercise.
def flipped(x, w, stride=1):
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)[::-1]
    if len(w) > len(x):
        raise ValueError("the kernel is longer than the input")
    starts = range(0, len(x) - len(w) + 1, stride)
    return np.array([x[start:start + len(w)] @ w for start in starts])


diagnosis = convlab.diagnose(flipped, "conv1d-valid-strided")
print("categories:", diagnosis.categories)
print(diagnosis.explanation)

# %% [markdown]
# `check` grades it. An exercise without a hand-made corpus is scored on its battery: one
# test of the probes the reference answers and one of those where no window fits.

# %%
# The grade of the flipped answer, with the diagnosis and the smallest failing case.
convlab.check(flipped, "conv1d-valid-strided")

# %%
# The same loop reading w forwards: every test passes.
def correct(x, w, stride=1):
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    if len(w) > len(x):
        raise ValueError("the kernel is longer than the input")
    starts = range(0, len(x) - len(w) + 1, stride)
    return np.array([x[start:start + len(w)] @ w for start in starts])


convlab.check(correct, "conv1d-valid-strided")

# %% [markdown]
# Adding the exercise touched nothing else. The grader built its tests from the fields
# above; `grade_file` and `grade_paths` take the exercise like a built-in one, and so does
# the command line, `convlab.cli.main(["grade", folder, "--exercise",
# "conv1d-valid-strided"])`, in a script that registers it first.

# %%
# The scoring tests the grader derived from the exercise's battery.
for test in corpus("conv1d-valid-strided"):
    print(f"{test.name:16} {test.points:g} point(s)  {len(test.cases):3} cases")

# %%
# No file of convlab names the new exercise: every part found it through the registry.
package = Path(convlab.__file__).parent
print("files that name it:",
      [path.name for path in package.rglob("*.py") if "conv1d-valid-strided" in path.read_text()])

# %%
# Take the lesson's exercise out of the registry, so this notebook can run again.
EXERCISES.pop("conv1d-valid-strided")
print("conv1d-valid-strided" in EXERCISES)

# %% [markdown]
# ## Your own tests, for signatures no battery fits
#
# The batteries cover the built-in signatures. For one they do not cover, write the scoring
# tests yourself. Say the assignment is 'full' padding (every overlap of x and w):
# `def conv1d_full(x, w)`. No battery holds a 'full' case, so its `probe_cases()` is empty
# and it names no `probes` and no `mistakes`. A scoring test is a `GradedTest`: a name, a
# title, points, and the cases that must all pass.

# %%
# A 'full'-padding exercise: no battery fits it.
full_only = Exercise(
    name="conv1d-full",
    title="1-D conv1d, 'full' padding: every overlap of x and w",
    signature="def conv1d_full(x, w)",
    arguments=lambda case: ((np.array(case.x), np.array(case.w)), {}),
    accepts=lambda case: (case.x.ndim == 1 and case.w.ndim == 1 and case.padding == "full"
                          and set(case.non_default_kwargs()) <= {"padding"}),
    paddings=("full",),
    varies=("padding",),
)
print("probe cases:", full_only.probe_cases())

# %%
# Two tests of digit inputs: kernels that fit x, and kernels longer than x.
def digit_case(length, kernel_size):
    return Case(x=np.arange(1, length + 1), w=10.0 ** np.arange(kernel_size), padding="full")


full_tests = (
    GradedTest("full", "'full' padding, the kernel fits x", 2,
               tuple(digit_case(length, kernel_size)
                     for length, kernel_size in ((1, 1), (3, 2), (4, 3), (5, 5)))),
    GradedTest("kernel-longer", "a kernel longer than x still overlaps it", 1,
               (digit_case(1, 2), digit_case(2, 4))),
)
for test in full_tests:
    print(test.name, [case.x.tolist() for case in test.cases])

# %% [markdown]
# `check` takes the tests with `tests=`, and the exercise itself instead of a name: it need
# not be registered. Without a battery there is no diagnosis, but the report still shows the
# smallest failing case with the expected and the actual output.

# %%
# A correct and a flipped-kernel answer, graded on the instructor's tests.
def correct_full(x, w):
    return np.correlate(np.asarray(x, dtype=float), np.asarray(w, dtype=float), "full")


def flipped_full(x, w):
    return np.convolve(np.asarray(x, dtype=float), np.asarray(w, dtype=float), "full")


for answer in (correct_full, flipped_full):
    print(convlab.check(answer, full_only, tests=full_tests))
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
# limits, on the exercise's fixed corpus (the tests listed earlier). The command writes one
# `results.json` per file in Gradescope's format and a CSV summary. `--jobs 2` grades two
# at a time. The endless loop costs a few seconds of timeouts and nothing more.

# %%
# convlab grade, exactly as in a terminal (python -m convlab is the same command).
# Jupyter sets FORCE_COLOR, which would draw the progress bar into the captured output.
quiet = {name: value for name, value in os.environ.items() if name != "FORCE_COLOR"}
command = [sys.executable, "-m", "convlab", "grade", str(submissions), "--exercise", "conv1d",
           "--json", str(workdir / "results"), "--csv", str(workdir / "summary.csv"),
           "--report", str(workdir / "class.md"), "--jobs", "2"]
finished = subprocess.run(command, capture_output=True, text=True, timeout=120, env=quiet)
print(finished.stdout.replace(str(workdir) + "/", ""))

# %%
# The CSV summary: one row per file, with the score and the diagnosis.
with open(workdir / "summary.csv", newline="") as file:
    for row in csv.reader(file):
        print(" | ".join(cell.replace(str(submissions) + "/", "") for cell in row))

# %% [markdown]
# `--report class.md` (or `class.html`, one page with plots that opens offline) sums the
# class up: the scores, each mistake with how many students made it and who, the pass rate
# of every test, mistakes made together, and the files that did not load or ran out of time.

# %%
# The class report of the four files, as Markdown (its first lines).
report_lines = (workdir / "class.md").read_text().splitlines()
print("\n".join(line.replace(str(workdir) + "/", "") for line in report_lines[:24]))

# %% [markdown]
# ## Reading results.json
#
# Each results.json follows Gradescope's schema: `score`, `max_score`, `execution_time`,
# `output` (what the student sees), and `tests`, one entry per corpus test with its own
# score, status and message. convlab adds `extra_data`: `diagnosis` holds the mistake's
# category ids, most likely first, and `counterexample` the smallest input that shows it,
# with the expected and the actual output. Here is bob's, whose loop ignores the padding and
# stops one window early.

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
# ### The round trip with nbgrader, and Gradescope
#
# In the source notebook of an nbgrader assignment, the student's cell defines `conv1d`
# (between `### BEGIN SOLUTION` and `### END SOLUTION`), and an autograder test cell worth
# the points holds two lines: `import convlab` and `convlab.assert_conv1d(conv1d)`. Then
# `nbgrader generate_assignment ps1` makes the release, the students' notebooks go under
# `submitted/<student>/ps1/`, and `nbgrader autograde ps1` runs them: a wrong function's
# cell fails with the diagnosis and the smallest failing input in its output, a right one
# earns the points (convlab's own tests run this round trip with nbgrader). For Gradescope,
# `convlab gradescope conv1d -o autograder.zip` builds the autograder zip to upload: each
# submission is graded in its own container and gets the results.json shown above.
# docs/INSTRUCTORS.md has every step.

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
# The three submissions that return: dee's endless loop already cost its timeouts above.
returning = workdir / "returning"
returning.mkdir()
for name in ("ada.py", "bob.py", "cy.py"):
    (returning / name).write_text((submissions / name).read_text())
print(sorted(path.name for path in returning.iterdir()))

# %%
# pytest over the folder: one test per file and test (the summary of its report shown).
command = [sys.executable, "-m", "pytest", "-q", "-p", "convlab.testing", "-p",
           "no:cacheprovider", "--color=no", "--tb=line", test_file.name,
           "--submissions", str(returning)]
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
# mutation (the child checks its copies after each call: a function that modifies its input
# fails, category `modifies-input`), fake results (only plain numbers cross back, so an
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

# %% [markdown]
# ## Your turn: a test that catches a mistake
#
# **Exercise.** The article's 'same' fix (catalog entry `article-same-fix`, lesson 2) pads
# `(K - 1) // 2` zeros on each side. Write one `GradedTest` whose cases catch it: the flawed
# function must fail your test, and the correct fix must pass it. The check grades both
# with `convlab.check(..., tests=(your_test,))`. The first attempt uses an odd kernel.

# %%
# The first attempt: 'same' with a three-tap kernel, where the article's rule happens to be right.
same_test = GradedTest("same-even", "'same' padding on the digit probe", 1,
                       (Case(x=[1, 2, 3, 4, 5], w=[1, 10, 100], padding="same"),))


# %%
# The check: the flawed entry must fail the test, its fix and the reference rule must pass.
def check_catches(test, bug_id="article-same-fix"):
    bug = convlab.catalog.get(bug_id)
    flawed = convlab.check(bug.flawed, "conv1d", tests=(test,))
    fixed = convlab.check(bug.fixed, "conv1d", tests=(test,))
    if not fixed.passed:
        print("NOT YET: the correct function fails your test: are its cases right?\n")
        print(fixed)
        return False
    if flawed.passed:
        print(f"NOT YET: {bug_id}'s flawed function passes every case of your test")
        return False
    print(f"passed: your test fails {bug_id}'s flawed function and passes its fix")
    return True


check_catches(same_test)

# %% tags=["solution"]
# Solution: an even kernel, where (K - 1) // 2 on each side is one zero short.
same_test = GradedTest("same-even", "'same' padding with an even kernel", 1,
                       (Case(x=[1, 2, 3, 4, 5], w=[1, 10], padding="same"),))
check_catches(same_test)

# %%
# Clean up the temporary folder.
import shutil  # noqa: E402 - only this last cell needs it

shutil.rmtree(workdir)
print("removed", workdir.name)
