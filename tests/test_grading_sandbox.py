"""Grading submission files in the sandbox: correct, flawed and hostile code.

Each file under tests/submissions/ opens with a comment saying what it should get:
`# expect: CATEGORY; fails: TEST ...` (flawed) or `# threat: ...; message: TEXT` (hostile).
"""

import json
import re
import time
from pathlib import Path

import jsonschema
import numpy as np
import pytest

from convlab.grading import RESULTS_SCHEMA, Policy, grade_file, results_json, write_results
from convlab.grading.replies import SubmissionError
from convlab.grading.sandbox import Sandbox
from convlab.grading.sandboxed_function import SandboxedFunction

SUBMISSIONS = Path(__file__).parent / "submissions"
FAST = Policy(case_seconds=0.5, memory_mb=400)


def header(path: Path) -> dict:
    """The `key: value; key: value` pairs of a submission's first line."""
    pairs = path.read_text().splitlines()[0].lstrip("# ").split("; ")
    return dict(pair.split(": ", 1) for pair in pairs)


def exercise_of(path: Path) -> str:
    return "conv1d-channels" if path.stem.startswith("channels") else "conv1d"


def files(kind: str) -> list[Path]:
    return sorted((SUBMISSIONS / kind).glob("*.py"))


def validate(report) -> dict:
    data = results_json(report)
    jsonschema.validate(data, RESULTS_SCHEMA)
    json.dumps(data, allow_nan=False)
    return data


@pytest.mark.parametrize("kind", ["correct", "flawed", "hostile"])
def test_every_submission_folder_has_files(kind):
    """Each submission folder holds files, so the tests parametrized over it really run."""
    assert len(files(kind)) >= 5


@pytest.mark.parametrize("path", files("correct"), ids=lambda p: p.stem)
def test_correct_submissions_get_full_marks(path):
    """Every correct submission file scores 16 of 16 (15 fixed, 1 fresh) with no diagnosis."""
    report = grade_file(path, exercise_of(path), policy=FAST)
    assert report.score == report.max_score == 16, [t.message for t in report.tests]
    data = validate(report)
    assert data["extra_data"] == {"diagnosis": [], "counterexample": None}
    assert all(test["status"] == "passed" for test in data["tests"])


@pytest.mark.parametrize("path", files("flawed"), ids=lambda p: p.stem)
def test_flawed_submissions_lose_the_right_tests_and_are_named(path, request):
    """Each flawed file fails the tests its header lists and is diagnosed as it says."""
    expect = header(path)
    if "gap" in expect:
        request.applymarker(pytest.mark.xfail(
            strict=True, reason=f"known diagnosis gap: {expect['gap']}"))
    report = grade_file(path, expect.get("exercise", "conv1d"), policy=FAST)
    failed = {test.name for test in report.tests if not test.passed}
    assert set(expect["fails"].split()) <= failed
    assert report.categories[:1] == (expect["expect"],), report.notes
    data = validate(report)
    assert data["extra_data"]["diagnosis"][0] == expect["expect"]
    assert 0 < data["extra_data"]["confidence"] <= 1 and data["extra_data"]["certainty"]
    counterexample = data["extra_data"]["counterexample"]
    assert counterexample["expected"] != counterexample["got"]


@pytest.mark.parametrize("path", files("hostile"), ids=lambda p: p.stem)
def test_hostile_submissions_fail_with_a_clear_message(path):
    """Each hostile file scores at most one point and gets the message its header promises."""
    expect = header(path)
    report = grade_file(path, policy=FAST, want_diagnosis=False)
    assert report.score <= 1, "at most the point for raising on a too-long kernel"
    said = [report.load_error or ""] + [f.message for t in report.tests for f in t.failures]
    assert any(expect["message"] in text for text in said), said[:3]
    validate(report)


def test_np_convolve_forbidden_is_still_diagnosed_as_a_flipped_kernel():
    """The forbidden call fails every case; a second, unrestricted child is diagnosed."""
    path = SUBMISSIONS / "flawed" / "np_convolve.py"
    policy = Policy(forbid_numpy=("convolve", "correlate"))
    report = grade_file(path, policy=policy)
    assert report.score == 0  # refusing long kernels earns nothing when nothing else is right
    assert "np.convolve, which this exercise forbids" in report.tests[0].message
    assert report.categories[0] == "kernel-flipped"
    assert any("forbids" in note for note in report.notes)


def test_a_correct_np_convolve_user_fails_only_for_the_rule():
    """Correct code using a forbidden np.convolve scores 0 but gets no mistake named."""
    path = SUBMISSIONS / "correct" / "convolve_reversed.py"
    report = grade_file(path, policy=Policy(forbid_numpy=("convolve",)))
    assert report.score == 0  # the forbidden call fails every answer it gives
    assert report.categories == ()


def test_the_grader_uses_a_diagnosis_callable_it_is_given():
    """The sandboxed proxy stands in for the student's function: calls go to the child."""
    seen = {}

    def stand_in(fn, exercise):
        seen["out"] = fn(np.arange(1.0, 6.0), np.array([1.0, 10.0]), stride=1)
        return type("D", (), {"categories": ("kernel-flipped",), "explanation": "flipped",
                              "counterexample": None})()

    report = grade_file(SUBMISSIONS / "flawed" / "np_convolve.py", diagnose=stand_in)
    assert seen["out"].tolist() == [12, 23, 34, 45]
    assert report.categories == ("kernel-flipped",)
    assert validate(report)["extra_data"]["explanation"] == "flipped"


def test_sandboxed_function_raises_what_the_submission_raised(tmp_path):
    """The child's exception is re-raised in the parent; a non-numeric return is refused."""
    path = tmp_path / "raises.py"
    path.write_text("def conv1d(x, w, stride=1, padding='valid'):\n"
                    "    return [x[len(x) + 5]]\n")
    with Sandbox(path) as sandbox:
        fn = SandboxedFunction(sandbox)
        with pytest.raises(IndexError, match="out of bounds"):
            fn(np.arange(3.0), np.ones(2))
    path.write_text("def conv1d(x, w, stride=1, padding='valid'):\n    return 'text'\n")
    with Sandbox(path) as sandbox, pytest.raises(SubmissionError, match="returned a str"):
        SandboxedFunction(sandbox)(np.arange(3.0), np.ones(2))


def test_the_child_gets_copies_with_dtypes_and_not_the_reference(tmp_path):
    """The submission sees arrays with their dtypes and cannot find convlab imported."""
    path = tmp_path / "probe.py"
    path.write_text("import sys\n"
                    "def conv1d(x, w, stride=1, padding='valid'):\n"
                    "    loaded = any(name.startswith('convlab') for name in sys.modules)\n"
                    "    return [float(x.dtype == 'uint8'), float(loaded)]\n")
    with Sandbox(path) as sandbox:
        reply = sandbox.call((np.array([255, 1], np.uint8), np.array([1.0])), {})
    assert reply.value.tolist() == [1.0, 0.0]


def test_a_missing_function_is_named(tmp_path):
    """A file without conv1d scores 0 and the error names what it does define."""
    path = tmp_path / "misnamed.py"
    path.write_text("def my_conv(x, w, stride=1, padding='valid'):\n    return x\n")
    report = grade_file(path)
    assert report.score == 0
    assert "no function named 'conv1d' (it defines my_conv)" in report.load_error
    assert grade_file(path, function="my_conv").load_error is None


def test_results_are_written_atomically(tmp_path):
    """write_results creates missing folders and leaves only results.json behind."""
    report = grade_file(SUBMISSIONS / "flawed" / "last_window.py", want_diagnosis=False)
    out = write_results(report, tmp_path / "deep" / "results.json")
    data = json.loads(out.read_text())
    jsonschema.validate(data, RESULTS_SCHEMA)
    assert [p.name for p in out.parent.iterdir()] == ["results.json"]
    assert data["score"] == report.score and data["tests"][3]["status"] == "failed"


def test_the_schema_rejects_what_gradescope_would():
    """The results schema rejects a test status Gradescope does not know."""
    report = grade_file(SUBMISSIONS / "correct" / "loops_list.py", want_diagnosis=False)
    data = results_json(report)
    data["tests"][0]["status"] = "ok"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, RESULTS_SCHEMA)


def test_output_is_captured_and_truncated():
    """A submission's flood of prints is kept short and says how much was cut."""
    report = grade_file(SUBMISSIONS / "hostile" / "output_flood.py", policy=FAST,
                        want_diagnosis=False)
    assert report.output.startswith("spam spam")
    assert re.search(r"\[\.\.\. \d+ more bytes of output cut\]", report.output)
    assert len(report.output) < 5000


def test_a_wrong_signature_earns_nothing():
    """TypeError on every input must not count as 'refusing' the impossible ones."""
    from convlab.grading.grader import grade_function

    report = grade_function(lambda signal: signal, "conv1d", want_diagnosis=False)
    assert report.score == 0
    too_long = next(test for test in report.tests if test.name == "kernel-too-long")
    assert not too_long.passed and "never did" in too_long.failures[0].message


def test_an_empty_result_for_an_impossible_input_is_fine_for_conv1d():
    """conv1d leaves it open (error or empty); the strict exercise wants an error."""
    from convlab import conv1d
    from convlab.grading.grader import grade_function

    def lenient(x, w, stride=1, padding="valid"):
        try:
            return conv1d(x, w, stride=stride, padding=padding)
        except ValueError:
            return []

    report = grade_function(lenient, "conv1d", want_diagnosis=False)
    assert report.score == report.max_score


def test_the_counterexample_keeps_every_keyword_of_the_case():
    """results.json's counterexample rebuilds the very case (bias, groups, layout...)."""
    from convlab import Case
    from convlab.grading.results import counterexample_json
    from convlab.grading.scoring import CaseFailure

    case = Case(x=[[1, 2, 3]], w=[[[1, 1]]], bias=[5.0], padding=(1, 0))
    data = counterexample_json(CaseFailure(case, "wrong", expected=np.array([[1.0]])))
    assert data["bias"] == [5.0] and data["padding"] == [1, 0]
    rebuilt = Case(**{key: data[key] for key in ("x", "w", "stride", "padding", "bias")})
    assert rebuilt == case.replace(padding=(1, 0))


def test_one_time_budget_spans_every_restart(tmp_path):
    """A child that loads slowly and exits after each reply is restarted, but the clock it
    started runs on: the submission stops at its total budget."""
    path = tmp_path / "restarts.py"
    path.write_text("import os, threading, time\n"
                    "time.sleep(0.4)\n"
                    "def conv1d(x, w, stride=1, padding='valid'):\n"
                    "    threading.Timer(0.02, os._exit, (0,)).start()\n"
                    "    return [0.0]\n")
    policy = Policy(case_seconds=1.0, total_seconds=1.5)
    outcomes = []
    with Sandbox(path, policy=policy) as sandbox:
        for _ in range(10):
            time.sleep(0.1)
            outcomes.append(sandbox.call((np.arange(3.0), np.ones(2)), {}))
        assert sandbox.restarts >= 1 and sandbox.strikes == 0
    assert outcomes[-1].kind == "gave-up" and "used up its 1.5 s" in outcomes[-1].error


@pytest.mark.parametrize("reply", [
    {"id": 1, "ok": True, "kind": "ok", "values": "1.0", "shape": [1]},
    {"id": 1, "ok": True, "kind": "ok", "values": ["1.0"], "shape": [1]},
    {"id": 1, "ok": True, "values": [1.0], "shape": [1]},
    {"id": 1, "ok": False, "kind": "raised", "error": "x", "forbidden": 5},
    {"id": 1, "ok": True, "kind": "ok", "values": [1.0, 2.0], "shape": [1]},
    {"id": 1, "ok": True, "kind": "ok", "values": [[1.0], [2.0, 3.0]], "shape": [2, 2]},
    {"id": 1, "ok": "yes", "kind": "ok", "values": [1.0], "shape": [1]},
    {"id": 1, "ok": False, "kind": "raised"},
    {"id": 2, "ok": True, "kind": "ok", "values": [1.0], "shape": [1]},
    {"id": 1, "ok": True, "kind": "ok", "values": [1.0], "shape": [1], "extra": 1},
    {"id": 1, "ok": True, "kind": "ok", "values": [1.0, 2.0], "shape": [2],
     "parts": [["dx", [1]], ["dw", [2]]]},
    {"id": 1, "ok": True, "kind": "ok", "values": [1.0], "shape": [1], "parts": "dx"},
    {"id": 1, "ok": True, "kind": "ok", "values": [1.0], "shape": [1],
     "parts": [["dx", [-1]]]},
], ids=range(13))
def test_every_malformed_reply_is_refused(reply):
    """The parent checks each reply's schema; anything else is the submission's failure."""
    from convlab.grading.replies import _checked_reply

    with pytest.raises(SubmissionError, match="channel"):
        _checked_reply(reply, 1)


def test_a_deeply_nested_reply_is_the_submissions_failure(tmp_path):
    """100,000 nested brackets on the channel cost that call, not the grader."""
    path = tmp_path / "nested.py"
    path.write_text("import os\n"
                    "def conv1d(x, w, stride=1, padding='valid'):\n"
                    "    os.write(4, b'[' * 100_000 + b'\\n')\n"
                    "    return [0.0]\n")
    with Sandbox(path, policy=FAST) as sandbox:
        outcome = sandbox.call((np.arange(3.0), np.ones(2)), {})
    assert outcome.kind == "crashed" and "channel" in outcome.error


@pytest.mark.parametrize("name", ["reads_secrets", "runs_classmate", "main_escape",
                                  "numpy_internal_convolve", "creates_files"])
def test_process_isolation_still_holds_the_python_level_guards(name):
    """Without bubblewrap, the child's guards refuse reads outside Python and numpy, the
    guard variables of __main__ and banned functions under any import path."""
    policy = Policy(case_seconds=0.5, total_seconds=5, isolation="process",
                    forbid_numpy=("convolve", "correlate"))
    report = grade_file(SUBMISSIONS / "attacks" / f"{name}.py", policy=policy,
                        want_diagnosis=False)
    assert report.score == 0


def test_a_backward_submission_returns_its_arrays_by_name(tmp_path):
    """A submission of the backward exercise sends (dx, dw) through the channel with their
    names and shapes, and the sandboxed function gives the pair back."""
    from convlab.exercises import get_exercise

    path = tmp_path / "backward.py"
    path.write_text("import numpy as np\n"
                    "def conv1d_backward(dout, x, w, stride=1, padding='valid'):\n"
                    "    return np.zeros(len(x)), [1.5] * len(w)\n")
    exercise = get_exercise("conv1d-backward")
    with Sandbox.for_exercise(path, exercise) as sandbox:
        outcome = sandbox.call((np.ones(1), np.ones(3), np.ones(3)), {})
        assert outcome.parts == (("dx", (3,)), ("dw", (3,)))
        assert outcome.split()["dw"].tolist() == [1.5, 1.5, 1.5]
        dx, dw = SandboxedFunction(sandbox, "conv1d_backward")(np.ones(1), np.ones(3),
                                                               np.ones(3))
        assert dx.tolist() == [0, 0, 0] and dw.tolist() == [1.5] * 3


def test_state_kept_between_calls_is_named_by_the_sandboxed_grader(tmp_path):
    """A submission whose answers come from a cache filled by earlier calls is `stateful`
    in the file grader too: diagnosis asks fresh children (the file loaded anew), which
    answer rightly."""
    path = tmp_path / "cached.py"
    path.write_text("import numpy as np\n"
                    "_SEEN = {}\n"
                    "def conv1d(x, w, stride=1, padding='valid'):\n"
                    "    key = (len(x), len(w), stride, str(padding))\n"
                    "    if key not in _SEEN:\n"
                    "        x = np.asarray(x, float); w = np.asarray(w, float)\n"
                    "        if padding == 'same':\n"
                    "            n = -(-len(x) // stride)\n"
                    "            t = max((n - 1) * stride + len(w) - len(x), 0)\n"
                    "            x = np.pad(x, (t // 2, t - t // 2))\n"
                    "        elif padding != 'valid':\n"
                    "            x = np.pad(x, (padding, padding))\n"
                    "        if len(w) > len(x):\n"
                    "            raise ValueError('kernel longer than input')\n"
                    "        _SEEN[key] = np.array([x[s:s + len(w)] @ w for s in\n"
                    "                               range(0, len(x) - len(w) + 1, stride)])\n"
                    "    return _SEEN[key]\n")
    report = grade_file(path, "conv1d")
    assert not report.passed and report.categories[:1] == ("stateful",)
