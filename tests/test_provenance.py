"""Provenance: impulse probes name the inputs and taps behind every output."""

from __future__ import annotations

import numpy as np
import pytest
import students

import convlab
from convlab import Case
from convlab.probing import Provenance, provenance

ARTICLE_CASE = Case(x=np.arange(1, 9), w=[0.5, -0.5], stride=2)


def test_public_names():
    """convlab.provenance is the function (its module is convlab.probing)."""
    assert convlab.Provenance is Provenance
    found = convlab.provenance(students.conv_loop, ARTICLE_CASE)
    assert found.windows == provenance(students.conv_loop, ARTICLE_CASE).windows


def test_there_are_correct_implementations_to_probe():
    """The correct student functions the next test runs over are really there."""
    assert len([n for n, c in students.EXPECTED.items() if c is None]) >= 3


@pytest.mark.parametrize("name", [n for n, c in students.EXPECTED.items() if c is None])
def test_correct_implementations_read_the_reference_windows(name):
    """Every correct student function reads exactly conv1d's windows, padding included."""
    for case in (ARTICLE_CASE, Case(x=[1, 2, 3, 4, 5], w=[1, 10, 100], padding="same"),
                 Case(x=[1, 2, 3, 4, 5, 6], w=[1, 10, 100], stride=2, padding="same"),
                 Case(x=[1, 2, 3, 4, 5], w=[1, 10], padding=1)):
        found = provenance(getattr(students, name), case)
        assert found.available and found.exact
        assert found.windows == tuple(tuple(r) for r in case.spec.windows(case.length))
        assert all(t == tuple(range(case.kernel_size)) for t in found.taps)


def test_article_stride_bug_shows_the_missing_last_window():
    """range(0, L - K, stride) never builds output 3: no terms, an empty window."""
    found = provenance(students.conv_strided_article, ARTICLE_CASE)
    assert found.windows[:3] == ((0, 1), (2, 3), (4, 5))
    assert found.terms[3] == () and found.windows[3] == ()
    assert tuple(ARTICLE_CASE.spec.windows(8)[3]) == (6, 7)


def test_terms_carry_positions_taps_and_coefficients():
    """Each output's terms list (input position, tap, coefficient) for every product read."""
    found = provenance(students.conv_loop, Case(x=[1, 2, 3], w=[1, 10]))
    assert found.terms == (((0, 0, 1.0), (1, 1, 1.0)), ((1, 0, 1.0), (2, 1, 1.0)))


def test_flipped_kernel_fits_a_negative_slope():
    """A true convolution reads the window backwards: positions fall as taps rise."""
    found = provenance(students.conv_flipped, Case(x=[1, 2, 3, 4, 5], w=[1, 10, 100],
                                                   padding="same"))
    assert found.windows[0] == (1, 0, -1)
    assert found.windows[2] == (3, 2, 1)


def test_padding_positions_are_negative_or_past_the_end():
    """Windows reaching into 'same' padding report negative or past-the-end positions."""
    found = provenance(students.conv_loop, Case(x=[1, 2, 3, 4, 5], w=[1, 10, 100, 1000],
                                                padding="same"))
    assert found.windows[0] == (-1, 0, 1, 2)
    assert found.windows[-1] == (3, 4, 5, 6)


def test_stride_ignored_windows_step_by_one():
    """An implementation that ignores stride reads windows one step apart."""
    found = provenance(students.conv_stride_ignored, ARTICLE_CASE)
    assert found.windows == ((0, 1), (1, 2), (2, 3), (3, 4))


def test_nonlinear_implementation_is_not_exact():
    """Rounding to integers breaks linearity: the terms no longer rebuild the output."""
    def rounds(x, w, stride=1, padding="valid"):
        out = np.zeros(len(x) - len(w) + 1, dtype=int)
        for i in range(len(out)):
            out[i] = np.dot(x[i:i + len(w)], w)
        return out

    found = provenance(rounds, Case(x=[1, 2, 3], w=[0.5, 0.5]))
    assert found.available and not found.exact


def test_failures_give_a_reason_not_an_exception():
    """A function that raises gives an unavailable result quoting the exception."""
    def fails(x, w, stride=1, padding="valid"):
        raise IndexError("index 9 is out of bounds")

    found = provenance(fails, ARTICLE_CASE)
    assert not found.available
    assert "IndexError: index 9 is out of bounds" in found.reason


def test_too_many_probes_are_refused():
    """An input too long to probe one impulse at a time is refused with a reason."""
    found = provenance(students.conv_vectorized, Case(x=np.ones(5000), w=[1.0, 2.0]))
    assert not found.available and "impulse runs" in found.reason


def test_multichannel_cases_are_out_of_scope():
    """Multi-channel cases are refused with a reason saying provenance is 1-D only."""
    def channels(x, w, stride=1, padding="valid"):
        return convlab.conv1d(x, w, stride=stride, padding=padding)

    found = provenance(channels, Case(x=np.ones((2, 5)), w=np.ones((1, 2, 3))))
    assert not found.available and "1-D" in found.reason


def test_case_is_never_modified():
    """A function that scribbles over its inputs is probed on copies; the Case is unchanged."""
    def scribbles(x, w, stride=1, padding="valid"):
        out = np.correlate(np.asarray(x, float), np.asarray(w, float))
        x[:] = 0
        w[:] = 0
        return out

    case = Case(x=[1, 2, 3, 4], w=[1, 10])
    found = provenance(scribbles, case)
    assert found.available and found.windows == ((0, 1), (1, 2), (2, 3))
    np.testing.assert_array_equal(case.x, [1, 2, 3, 4])
    np.testing.assert_array_equal(case.w, [1, 10])


def test_probing_is_quiet_and_time_limited(capsys):
    """A chatty function prints nothing during probing; one that hangs on an impulse is cut."""
    import numpy as np

    from convlab import Case, conv1d, provenance

    def chatty(x, w, stride=1, padding="valid"):
        print("called")
        return conv1d(x, w, stride=stride, padding=padding)

    assert provenance(chatty, Case(x=[1, 2, 3, 4], w=[1, 10])).available
    assert capsys.readouterr().out == ""

    def hangs_on_impulses(x, w, stride=1, padding="valid"):
        while np.count_nonzero(x) == 1:
            pass
        return conv1d(x, w, stride=stride, padding=padding)

    result = provenance(hangs_on_impulses, Case(x=[1, 2, 3], w=[1, 1]), time_limit=0.3)
    assert not result.available and "took more than" in result.reason
