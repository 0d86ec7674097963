"""convlab.diagnosis.adjoint and the two scatter exercises (conv1d-backward,
conv-transpose1d): the models, diagnose on independent student files, one verdict."""

from __future__ import annotations

import numpy as np
import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st

import convlab
from convlab import Case
from convlab.batteries import forward_length
from convlab.categories import CATEGORIES
from convlab.diagnosis.knobs import Knobs
from convlab.diagnosis.mistakes import ADJOINT_DEVIATIONS, deviations_for
from convlab.diagnosis.models import simulate
from convlab.diagnosis.outcomes import agree
from convlab.exercises import get_exercise
from convlab.judging import expected_outcome, judge
from tests.adjoint_sources import BACKWARD_SOURCE, TRANSPOSED_SOURCE
from tests.diagnosis_students_backward import STUDENTS
from tests.diagnosis_students_backward_second import STUDENTS as SECOND_SET
from tests.diagnosis_students_backward_third import STUDENTS as THIRD_SET

SCATTER = ("conv1d-backward", "conv-transpose1d")
ROWS = list(STUDENTS) + list(SECOND_SET) + list(THIRD_SET)


def _torch_backward(dout, x, w, stride, padding):
    """dx, dw from torch autograd, 'same' padded explicitly as Keras does."""
    left = right = 0
    if padding == "same":
        count = -(-len(x) // stride)
        total = max((count - 1) * stride + len(w) - len(x), 0)
        left, right = total // 2, total - total // 2
    elif padding != "valid":
        left = right = padding
    xt = torch.tensor(np.asarray(x, float), requires_grad=True)
    wt = torch.tensor(np.asarray(w, float), requires_grad=True)
    padded = torch.nn.functional.pad(xt, (left, right))
    out = torch.nn.functional.conv1d(padded[None, None], wt[None, None], stride=stride)
    out.backward(torch.tensor(np.asarray(dout, float))[None, None])
    return xt.grad.numpy(), wt.grad.numpy()


@pytest.mark.parametrize("exercise", SCATTER)
def test_the_reference_answers_match_torch_on_every_probe(exercise):
    """Each probe's reference answer is what torch gives (autograd for the backward pass,
    F.conv_transpose1d for the transposed convolution)."""
    ex = get_exercise(exercise)
    for case in ex.probe_cases():
        answer = ex.expected(case)
        if exercise == "conv1d-backward":
            dx, dw = _torch_backward(case.dout, case.x, case.w, case.stride, case.padding)
            assert np.allclose(answer[0], dx) and np.allclose(answer[1], dw), case
        else:
            out = torch.nn.functional.conv_transpose1d(
                torch.tensor(case.x.astype(float))[None, None],
                torch.tensor(case.w.astype(float))[None, None], stride=case.stride,
                padding=case.padding, output_padding=case.output_padding)
            assert np.allclose(answer, out.numpy()[0, 0]), case


def test_every_modelled_mistake_shows_on_some_probe():
    """No dead row: every adjoint deviation predicts a different outcome from the reference
    on at least one probe of one of the two exercises."""
    dead = []
    for deviation in ADJOINT_DEVIATIONS:
        shown = False
        for exercise in SCATTER:
            ex = get_exercise(exercise)
            if deviation.knob not in ex.mistakes:
                continue
            for case in ex.probe_cases()[::3]:
                expected = expected_outcome(ex, case)
                predicted = simulate(case, ex.layout, deviation.knobs)
                if not (agree(predicted, expected) and agree(expected, predicted)):
                    shown = True
                    break
            if shown:
                break
        if not shown:
            dead.append((deviation.knob, deviation.setting))
    assert not dead
    assert all(row.category in CATEGORIES for row in ADJOINT_DEVIATIONS)
    assert deviations_for("backward") is ADJOINT_DEVIATIONS
    assert deviations_for("single") is not ADJOINT_DEVIATIONS


@settings(max_examples=60, deadline=None)
@given(length=st.integers(1, 9), kernel=st.integers(1, 4), stride=st.integers(1, 3),
       padding=st.sampled_from(["valid", "same", 0, 1, 2]), seed=st.integers(0, 2**16))
def test_the_backward_model_with_no_mistake_is_exact(length, kernel, stride, padding, seed):
    """simulate() with every knob at its default gives torch's gradients on random inputs."""
    rng = np.random.default_rng(seed)
    case = Case(rng.standard_normal(length), rng.standard_normal(kernel), stride=stride,
                padding=padding)
    count = forward_length(case)
    if not count:
        return
    case = case.replace(dout=rng.standard_normal(count))
    predicted = simulate(case, "backward", Knobs()).split()
    dx, dw = _torch_backward(case.dout, case.x, case.w, stride, padding)
    assert np.allclose(predicted["dx"], dx) and np.allclose(predicted["dw"], dw)


def test_a_result_of_the_wrong_form_is_named_not_crashed_on():
    """A backward pass returning one array, or dx and dw swapped, is judged with words."""
    ex = get_exercise("conv1d-backward")
    case = Case(x=[1, 2, 3], w=[1, 10], dout=[1, 1])
    one = ex.run(lambda dout, x, w, stride=1, padding="valid": np.zeros(3), case)
    assert not judge(ex, case, one).right and "not the 2 arrays dx and dw" in one.bad
    swapped = ex.run(lambda dout, x, w, stride=1, padding="valid": ([1.0, 1.0],
                                                                    [1.0, 11.0, 10.0]), case)
    verdict = judge(ex, case, swapped)
    assert not verdict.right and "dx has shape (2,), expected (3,)" in verdict.message


@pytest.mark.parametrize("name, exercise, expected, alternatives, fn", ROWS,
                         ids=[row[0] for row in ROWS])
def test_student_files_are_cleared_or_flagged_with_a_reproducing_counterexample(
        name, exercise, expected, alternatives, fn):
    """Correct files clear; each flawed one is flagged with a known category, and its
    counterexample, run again, is judged wrong; check agrees with diagnose."""
    diagnosis = convlab.diagnose(fn, exercise)
    if expected is None:
        assert diagnosis.ok, diagnosis.explanation
    else:
        assert not diagnosis.ok and diagnosis.categories[0] in CATEGORIES
        ex = get_exercise(exercise)
        if diagnosis.categories[0] != "stateful":
            assert not judge(ex, diagnosis.counterexample,
                             ex.run(fn, diagnosis.counterexample)).right
    assert convlab.check(fn, exercise).passed == diagnosis.ok


def test_accuracy_on_the_independent_sets():
    """Top-1 on the flawed files of the three sets is at least 90% (`python
    benchmarks/diagnosis_accuracy.py tests/diagnosis_students_backward*.py`)."""
    flawed = [row for row in ROWS if row[2] is not None]
    right = 0
    for _, exercise, expected, alternatives, fn in flawed:
        found = convlab.diagnose(fn, exercise).categories
        right += bool(found) and (found[0] == expected or found[0] in alternatives)
    assert right >= 0.9 * len(flawed)


@pytest.mark.parametrize("exercise", SCATTER)
def test_the_corpus_is_inside_the_exercise_and_diagnose_tries_it(exercise):
    """Every case of the hand-made corpus is accepted and answered by the reference, and
    diagnose probes it too (so the grader and diagnose judge the same inputs)."""
    ex = get_exercise(exercise)
    probes = ex.probe_cases()
    for test in ex.corpus():
        for case in test.cases:
            assert ex.accepts(case) and expected_outcome(ex, case).error is None
            assert any(case == probe for probe in probes)




@pytest.mark.parametrize("exercise, source", [
    ("conv1d-backward", BACKWARD_SOURCE),
    ("conv1d-backward", BACKWARD_SOURCE.replace("dw[k] +=", "dw[k] =")),
    ("conv1d-backward", BACKWARD_SOURCE.replace("return dxp[left:left + len(x)], dw",
                                                 "return dw, dxp[left:left + len(x)]")),
    ("conv-transpose1d", TRANSPOSED_SOURCE),
    ("conv-transpose1d", TRANSPOSED_SOURCE.replace(" + output_padding)", ")")),
    ("conv-transpose1d", TRANSPOSED_SOURCE.replace("np.asarray(w, dtype=float)",
                                                    "np.asarray(w, dtype=float)[::-1]")),
], ids=["backward-right", "backward-overwritten", "backward-swapped", "transposed-right",
        "transposed-output-padding", "transposed-flipped"])
def test_the_sandboxed_grader_gives_the_verdict_diagnose_gives(tmp_path, exercise, source):
    """A submission file graded in the sandbox (its function found by the exercise's name)
    scores full marks exactly when diagnose finds nothing, names the same mistake, and
    writes the counterexample's arrays as lists, one per returned array."""
    from convlab.grading import grade_file, results_json

    path = tmp_path / "submission.py"
    path.write_text(source)
    namespace: dict = {}
    exec(compile(source, str(path), "exec"), namespace)
    fn = namespace[get_exercise(exercise).function_name]
    diagnosis = convlab.diagnose(fn, exercise)
    report = grade_file(path, exercise)
    assert report.passed == diagnosis.ok
    assert (report.score == report.max_score) == diagnosis.ok
    assert tuple(report.categories)[:1] == diagnosis.categories[:1]
    if not diagnosis.ok:
        example = results_json(report)["extra_data"]["counterexample"]
        if exercise == "conv1d-backward":
            assert len(example["expected"]) == 2 and "dout" in example
        else:
            assert all(isinstance(value, float) for value in example["expected"])
