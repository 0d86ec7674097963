"""The tracer: line steps, writes per output element, and runs that go wrong."""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import numpy as np
import pytest
import students

import convlab
from convlab import Case
from convlab.tracing import SNAPSHOT_LIMIT, Step, Trace, is_user_file, trace

ARTICLE_CASE = Case(x=np.arange(1, 9), w=[0.5, -0.5], stride=2)


def written_indices(result: Trace) -> list:
    return [index for step in result.steps for index, _ in step.writes]


def test_public_names():
    """trace, Trace and Step are reachable from the package root."""
    assert convlab.trace is trace
    assert convlab.Trace is Trace and convlab.Step is Step


def test_element_assignment_writes_each_output_once():
    """out[i] = total is recorded as a write of output i, on that line."""
    result = trace(students.conv_loop, ARTICLE_CASE)
    assert result.error is None and result.stopped is None
    assert written_indices(result) == [0, 1, 2, 3]
    for index, step_index in result.write_step.items():
        step = result.steps[step_index]
        assert step.source == "out[i] = total"
        assert step.writes == ((index, -0.5),)
        assert step.locals["i"] == index
    np.testing.assert_allclose(result.output, [-0.5] * 4)


def test_list_append_and_while_loops_are_writes():
    """results.append(acc) writes the next output, even inside while loops."""
    result = trace(students.sliding_dot_products, ARTICLE_CASE)
    assert written_indices(result) == [0, 1, 2, 3]
    assert {result.steps[i].source for i in result.write_step.values()} == \
        {"results.append(acc)"}


def test_list_converted_on_return_is_still_the_buffer():
    """`return np.array(outputs)` : the list it was built from holds the writes."""
    result = trace(students.conv_with_helper, ARTICLE_CASE)
    assert written_indices(result) == [0, 1, 2, 3]
    assert result.steps[result.write_step[0]].source == "outputs.append(window_sum(start))"


def test_nested_helper_lines_are_traced_one_level_down():
    """Lines of a helper the function calls appear with depth 1; numpy's never do."""
    result = trace(students.conv_with_helper, ARTICLE_CASE)
    functions = {(step.function, step.depth) for step in result.steps}
    assert ("conv_with_helper", 0) in functions and ("window_sum", 1) in functions
    assert all(step.filename == students.__file__ for step in result.steps)


def test_vectorized_one_shot_writes_every_output_on_one_line():
    """A vectorized function writes all outputs at the line that computes them."""
    result = trace(students.conv_vectorized, ARTICLE_CASE)
    steps = {result.write_step[t] for t in range(4)}
    assert len(steps) == 1
    assert result.steps[steps.pop()].source == "return windows @ np.asarray(w, dtype=float)"


def test_output_index_is_the_element_being_computed():
    """Steps that accumulate a sum point at the output they are about to write."""
    result = trace(students.conv_loop, ARTICLE_CASE)
    accumulating = [step for step in result.steps
                    if step.source == "total += xp[i * stride + k] * w[k]"]
    assert len(accumulating) == 8  # 4 outputs, 2 taps each
    for step in accumulating:
        assert step.output_index == step.locals["i"]
    assert result.steps[-1].output_index is None


def test_empty_buffer_is_allocation_not_writes():
    """np.empty's leftover values are not reported as outputs written."""
    result = trace(students.conv_float32, ARTICLE_CASE)
    allocation = next(s for s in result.steps if "np.empty" in s.source)
    assert allocation.writes == ()
    assert written_indices(result) == [0, 1, 2, 3]


def test_article_strided_bug_never_writes_the_last_output():
    """range(0, len(x) - len(w), stride) stops before the window of output 3."""
    result = trace(students.conv_strided_article, ARTICLE_CASE)
    assert sorted(result.write_step) == [0, 1, 2]
    np.testing.assert_allclose(result.output, [-0.5, -0.5, -0.5, 0.0])


def test_endless_loop_stops_at_the_step_cap():
    """while True without a way out stops after max_steps with a clear message."""
    result = trace(students.conv_never_ends, ARTICLE_CASE, max_steps=500)
    assert result.stopped == "step cap"
    assert len(result.steps) == 500
    assert result.output is None and result.error is None
    assert "step cap" in result.message and "loop forever" in result.message


def test_slow_loop_stops_at_the_time_limit():
    """A run longer than time_limit is cut short, quickly."""
    started = time.monotonic()
    result = trace(students.conv_slow, ARTICLE_CASE, time_limit=0.12)
    assert result.stopped == "time limit"
    assert time.monotonic() - started < 1.0
    assert "time limit" in result.message


def test_exception_gives_a_partial_trace_ending_on_the_failing_line():
    """The run's error is data: the last step is the line that raised."""
    result = trace(students.conv_divides_by_zero, ARTICLE_CASE)
    assert result.error == "ZeroDivisionError: division by zero"
    assert result.steps[-1].source == "out[i] = 1 / 0"
    assert result.steps[-1].locals["i"] == 1
    assert sorted(result.write_step) == [0, 1]
    assert "line" in result.message


def test_exception_in_a_helper_ends_on_the_helper_line():
    """An exception raised in a helper ends the trace on the helper's own line."""
    def helper(value):
        return value / 0

    def calls_helper(x, w, stride=1, padding="valid"):
        out = []
        out.append(helper(1))
        return out

    result = trace(calls_helper, ARTICLE_CASE)
    assert result.error == "ZeroDivisionError: division by zero"
    assert result.steps[-1].function == "helper"
    assert result.steps[-1].source == "return value / 0"


def test_non_numeric_return_is_an_error():
    """Returning text gives no output and an error saying it is not numbers."""
    def returns_text(x, w, stride=1, padding="valid"):
        return "done"

    result = trace(returns_text, ARTICLE_CASE)
    assert result.output is None
    assert "not an array of numbers" in result.error


def test_huge_vectorized_input_is_quick_and_summarised():
    """L = 100,000: locals are summaries, not copies, and the trace takes well under a second."""
    case = Case(x=np.random.default_rng(0).normal(size=100_000), w=[1.0, -2.0, 1.0])
    started = time.monotonic()
    result = trace(students.conv_vectorized, case)
    assert time.monotonic() - started < 2.0
    assert result.output.shape == (99_998,)
    assert result.provenance is None
    padded = next(s for s in result.steps if s.source.startswith("padded ="))
    assert isinstance(padded.locals["padded"], str) and "100000" in padded.locals["padded"]
    assert all(not isinstance(v, np.ndarray) or v.size <= SNAPSHOT_LIMIT
               for step in result.steps for v in step.locals.values())


def test_previous_trace_function_is_restored():
    """A debugger's or coverage's trace function is back in place afterwards."""
    def outer_tracer(frame, event, arg):
        return None

    previous = sys.gettrace()
    sys.settrace(outer_tracer)
    try:
        trace(students.conv_loop, ARTICLE_CASE)
        trace(students.conv_never_ends, ARTICLE_CASE, max_steps=50)
        trace(students.conv_divides_by_zero, ARTICLE_CASE)
        assert sys.gettrace() is outer_tracer
    finally:
        sys.settrace(previous)


def test_case_is_never_modified():
    """A function that scribbles over its inputs leaves the Case as it was."""
    def scribbles(x, w, stride=1, padding="valid"):
        x[:] = 0
        w *= 2
        return np.convolve(x, w, "valid")

    case = Case(x=[1, 2, 3, 4], w=[1, 10])
    before = (case.x.copy(), case.w.copy())
    result = trace(scribbles, case)
    assert result.error is None and result.output.tolist() == [0, 0, 0]
    np.testing.assert_array_equal(case.x, before[0])
    np.testing.assert_array_equal(case.w, before[1])


def test_locals_are_copies_taken_after_each_line():
    """Each step shows the state after its line: later writes do not leak backwards."""
    result = trace(students.conv_loop, ARTICLE_CASE)
    first_write = result.steps[result.write_step[0]]
    np.testing.assert_allclose(first_write.locals["out"], [-0.5, 0, 0, 0])


def test_sources_and_first_lineno_point_at_the_function():
    """The trace keeps the file's lines, and first_lineno points at the function's decorator."""
    result = trace(students.conv_loop, ARTICLE_CASE)
    lines = result.sources[students.__file__]
    # co_firstlineno is the decorator's line for a decorated function
    assert lines[result.first_lineno - 1] == "@student(None)"
    assert lines[result.first_lineno].startswith("def conv_loop")


def test_user_files():
    """Notebook cells and scripts are the learner's; numpy and convlab are not."""
    assert is_user_file("<ipython-input-3-abc>")
    assert is_user_file("/tmp/ipykernel_123/4567.py")
    assert is_user_file(str(Path(__file__)))
    assert not is_user_file(np.__file__)
    assert not is_user_file(convlab.__file__)
    assert not is_user_file(json.__file__)


@pytest.mark.notebook
def test_function_defined_in_a_notebook_cell(tmp_path):
    """Tracing a function written in a notebook shows the cell's own lines."""
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    root = Path(__file__).resolve().parents[1]
    cells = [
        f"import sys\nsys.path.insert(0, {str(root)!r})\nimport json\nimport convlab",
        "def my_conv(x, w, stride=1, padding='valid'):\n"
        "    result = []\n"
        "    for start in range(len(x) - len(w) + 1):\n"
        "        result.append(sum(x[start + k] * w[k] for k in range(len(w))))\n"
        "    return result",
        "t = convlab.trace(my_conv, convlab.Case(x=[1, 2, 3, 4], w=[1, 10]))\n"
        "print(json.dumps({'sources': [s.source for s in t.steps],\n"
        "                  'files': sorted({s.filename for s in t.steps}),\n"
        "                  'writes': {str(k): v for k, v in t.write_step.items()},\n"
        "                  'output': t.output.tolist(), 'error': t.error}))",
    ]
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in cells])
    client = nbclient.NotebookClient(notebook, kernel_name="python3", timeout=120,
                                     resources={"metadata": {"path": str(tmp_path)}})
    client.execute()
    printed = "".join(output.get("text", "") for output in notebook.cells[2].outputs)
    report = json.loads(printed)
    assert report["error"] is None
    assert report["output"] == [21, 32, 43]
    assert "result.append(sum(x[start + k] * w[k] for k in range(len(w))))" in \
        report["sources"]
    assert len(report["files"]) == 1 and "site-packages" not in report["files"][0]
    assert sorted(report["writes"]) == ["0", "1", "2"]


def _backward_into_padded_buffer(dout, x, w, stride=1, padding="valid"):
    left = 0 if padding == "valid" else padding
    x_padded = np.pad(np.asarray(x, dtype=float), left)
    dx_padded, dw = np.zeros(len(x_padded)), np.zeros(len(w))
    for t in range(len(dout)):
        for k in range(len(w)):
            dx_padded[t * stride + k] += dout[t] * w[k]
            dw[k] += dout[t] * x_padded[t * stride + k]
    return dx_padded[left:left + len(x)].copy(), dw


def test_backward_writes_name_their_array_and_cropped_cells():
    """A backward pass's writes are ("dx", j) / ("dw", k); its padded buffer's cells map to
    dx cells, the padding ones outside 0..L-1."""
    case = Case(x=[1, 2], w=[1, 10], padding=1, dout=[1, 1, 1])
    result = trace(_backward_into_padded_buffer, case, "conv1d-backward")
    assert result.error is None
    assert set(result.write_step) == {("dx", j) for j in range(-1, 3)} | {("dw", 0), ("dw", 1)}
    first = next(step for step in result.steps if step.writes and "+=" in step.source)
    assert first.writes == ((("dx", -1), 1.0),)


def test_transposed_writes_into_the_full_output_are_out_cells():
    """full[i*stride + k] += ... returned as full[padding:-padding]: full position p is out
    cell p - padding, so the cropped first cell is -1."""
    def transposed(x, w, stride=1, padding=0, output_padding=0):
        full = [0.0] * ((len(x) - 1) * stride + len(w) + output_padding)
        for i in range(len(x)):
            for k in range(len(w)):
                full[i * stride + k] += x[i] * w[k]
        return full[padding:len(full) - padding]

    result = trace(transposed, Case(x=[1, 2], w=[1, 10, 100], padding=1), "conv-transpose1d")
    assert result.output.tolist() == [12.0, 120.0]
    writes = [index for step in result.steps for index, _ in step.writes]
    assert writes[:3] == [-1, 0, 1] and set(writes) == {-1, 0, 1, 2}


def test_a_wrong_result_is_not_called_raised():
    """A function that returns the wrong number of arrays returned: the message says so."""
    def one_array(dout, x, w, stride=1, padding="valid"):
        return np.zeros(len(x))

    result = trace(one_array, Case(x=[1, 2], w=[1], dout=[1, 1]), "conv1d-backward")
    assert result.message.startswith("one_array returned one ndarray, not the 2 arrays")
    assert "raised" not in result.message
