"""The bug catalog: every flawed entry is flawed on its counterexample, every fix is right,
counterexamples are minimal, and the two sources' printed numbers come out exactly."""

from __future__ import annotations

import inspect
import re
import zlib

import numpy as np
import pytest

from convlab import Case, ConvlabError, catalog
from convlab.catalog import UnknownBugError
from convlab.catalog.sampling import random_values

BUGS = catalog.BUGS
DESIGN_CATEGORIES = (
    "last-window-skipped", "extra-window", "stride-ignored", "kernel-flipped",
    "missing-padding", "same-even-kernel", "padding-side", "same-stride", "causal-leak",
    "dilation", "dtype-truncation", "integer-overflow", "layout-swapped", "bias-broadcast",
    "groups-interleaved", "wrap-around", "kernel-too-long-silent",
)
EXPECTED_IDS = [
    "article-no-padding", "article-strided-range", "article-same-fix", "article-np-convolve",
    "blog-steps-as-channels",
    "classic-range-stops-early", "classic-ceil-output-length", "classic-stride-never-used",
    "classic-window-starts-at-t", "classic-kernel-read-backwards", "classic-int-padding-ignored",
    "classic-half-kernel-both-sides", "classic-extra-zero-on-the-left",
    "classic-same-padding-for-stride-one", "classic-causal-from-same",
    "classic-causal-pad-on-the-right", "classic-causal-pad-without-dilation",
    "classic-same-without-dilation", "classic-cast-back-to-input-dtype",
    "classic-accumulate-in-input-dtype", "classic-reshape-to-channels-last",
    "classic-bias-along-time", "classic-groups-every-gth-channel", "classic-left-edge-by-index",
    "classic-no-size-check", "classic-np-correlate-unchecked", "classic-strides-of-int32",
    "classic-reflect-as-symmetric", "classic-zeros-like-buffer", "classic-keras-kernel-reshaped",
    "classic-dx-unflipped-kernel", "classic-dout-not-spread", "classic-dx-cropped-from-one-side",
    "classic-dx-padding-not-cropped", "classic-dw-overwritten", "classic-dw-index-one-off",
    "classic-dw-correlate-swapped", "classic-last-dout-skipped", "classic-dx-zeros-like-buffer",
    "classic-gradients-swapped", "classic-output-padding-ignored", "classic-stride-zeros-inserted",
    "classic-transposed-unflipped-kernel", "classic-length-input-times-stride",
    "classic-length-plus-one-dropped", "classic-transposed-padding-added",
    "classic-transposed-crop-from-left", "classic-overlap-overwritten",
    "classic-transposed-stride-ignored", "classic-last-input-skipped",
]
CORPUS_SIZE = 200
RANDOM_TRIES = 8  # random value sets tried at each smaller size, after the probe and prefix


# ---- minimality: the helper the counterexamples were found with ---------------------------

def _steps_axes(exercise: str) -> tuple[int, int]:
    """(axis of x, axis of w) holding the steps L and the taps K for this exercise."""
    return (0, 0) if exercise == "conv1d-keras" else (-1, -1)


def resized(case: Case, exercise: str, length: int, kernel_size: int, family: str,
            rng: np.random.Generator) -> Case:
    """`case` with L and K changed and everything else (channels, dtypes, parameters) kept.

    family "probe": digit probes x = 1, 2, 3, ... and w = 1, 10, 100, 1000, ...;
    "prefix": the first `length` steps of x and `kernel_size` taps of w; "random": new values.
    """
    x_axis, w_axis = _steps_axes(exercise)
    x_shape, w_shape = list(case.x.shape), list(case.w.shape)
    x_shape[x_axis], w_shape[w_axis] = length, kernel_size
    if family == "probe":
        x = np.arange(1, np.prod(x_shape) + 1).reshape(x_shape).astype(case.x.dtype)
        w = (10 ** (np.arange(np.prod(w_shape)) % 4)).reshape(w_shape).astype(case.w.dtype)
    elif family == "prefix":
        x = np.take(case.x, range(length), axis=x_axis)
        w = np.take(case.w, range(kernel_size), axis=w_axis)
    else:
        x = random_values(rng, tuple(x_shape), case.x.dtype.name)
        w = random_values(rng, tuple(w_shape), case.w.dtype.name)
    return case.replace(x=x, w=w)


def smaller_counterexample(bug, case: Case) -> Case | None:
    """A case with smaller L or K (same other parameters) that also shows the bug, or None.

    Sizes are tried smallest first, each with the digit probe, the prefix of `case` and a few
    seeded random value sets; only cases inside the entry's domain count.
    """
    x_axis, w_axis = _steps_axes(bug.exercise)
    length, kernel_size = case.x.shape[x_axis], case.w.shape[w_axis]
    sizes = sorted(((m, k) for m in range(1, length + 1) for k in range(1, kernel_size + 1)
                    if (m, k) != (length, kernel_size)), key=lambda size: (sum(size), size))
    rng = np.random.default_rng(0)
    for m, k in sizes:
        for family in ("probe", "prefix", *["random"] * RANDOM_TRIES):
            candidate = resized(case, bug.exercise, m, k, family, rng)
            if bug.accepts(candidate) and bug.shows_bug(candidate):
                return candidate
    return None


def _seed(bug) -> int:
    return zlib.crc32(bug.id.encode())


# ---- every entry -------------------------------------------------------------------------

@pytest.mark.parametrize("bug", BUGS, ids=lambda b: b.id)
def test_flawed_differs_on_its_counterexample(bug):
    """Every flawed entry really is flawed, on the input it advertises."""
    assert bug.accepts(bug.counterexample)
    assert bug.shows_bug(bug.counterexample)


@pytest.mark.parametrize("bug", BUGS, ids=lambda b: b.id)
def test_fixed_agrees_on_the_counterexample(bug):
    """The fix gives the reference's outcome where the flawed version goes wrong."""
    verdict = bug.verdict(bug.fixed, bug.counterexample)
    assert verdict.right, verdict.message


@pytest.mark.parametrize("bug", BUGS, ids=lambda b: b.id)
def test_fixed_agrees_on_a_corpus(bug):
    """The fix agrees with the reference on 200 seeded random cases of its domain."""
    cases = bug.sample_cases(np.random.default_rng(_seed(bug)), CORPUS_SIZE)
    wrong = [case for case in cases if not bug.verdict(bug.fixed, case).right]
    assert not wrong, f"{len(wrong)} disagreements, first on {wrong[0]!r}"


@pytest.mark.parametrize("bug", BUGS, ids=lambda b: b.id)
def test_counterexample_is_minimal(bug):
    """No shorter input and no smaller kernel, other parameters equal, shows the bug."""
    assert smaller_counterexample(bug, bug.counterexample) is None


@pytest.mark.parametrize("bug", BUGS, ids=lambda b: b.id)
def test_runs_leave_the_case_alone(bug):
    """run_flawed and run_fixed work on copies: the Case is the same afterwards."""
    case = bug.counterexample
    before = case.replace()
    results = bug.outcomes(case)
    assert case == before
    assert not [r.error for r in results if r.error and "read-only" in r.error]


@pytest.mark.parametrize("bug", BUGS, ids=lambda b: b.id)
def test_functions_have_readable_source(bug):
    """flawed and fixed are module-level functions whose source a student can read."""
    for fn in (bug.flawed, bug.fixed):
        assert fn.__qualname__ == fn.__name__
        assert inspect.getsource(fn).startswith(f"def {fn.__name__}(")
        assert fn.__doc__ and len(fn.__doc__) < 120
    assert inspect.getsource(bug.flawed) != inspect.getsource(bug.fixed)
    flawed_args = list(inspect.signature(bug.flawed).parameters)
    assert flawed_args == list(inspect.signature(bug.fixed).parameters)
    if bug.exercise == "conv1d":
        assert str(inspect.signature(bug.flawed)) == "(x, w, stride=1, padding='valid')"


@pytest.mark.parametrize("bug", BUGS, ids=lambda b: b.id)
def test_entry_fields(bug):
    """Ids are kebab-case, sources and categories known, explanations short plain prose."""
    assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", bug.id)
    assert bug.source in catalog.SOURCES and bug.id.startswith(bug.source)
    assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", bug.category)
    sentences = re.findall(r"[.!?](?:\s|$)", bug.explanation)
    assert 2 <= len(sentences) <= 4 and len(bug.explanation) < 700
    assert bug.seen_in and all(ref == "common in student code" or "https://" in ref
                               for ref in bug.seen_in)


@pytest.mark.parametrize("bug", BUGS, ids=lambda b: b.id)
def test_sampled_cases_lie_in_the_domain(bug):
    """sample_cases returns as many cases as asked, all inside the entry's domain."""
    cases = bug.sample_cases(np.random.default_rng(1), 5)
    assert len(cases) == 5 and all(bug.accepts(case) for case in cases)


# ---- the catalog as a whole --------------------------------------------------------------

def test_ids_are_unique_and_stable():
    """Lessons and graders refer to entries by id: the list only ever grows at the end."""
    ids = [bug.id for bug in BUGS]
    assert len(ids) == len(set(ids))
    assert ids == EXPECTED_IDS


def test_every_design_category_has_an_entry():
    """Each category the catalog was designed around has at least one entry."""
    assert set(DESIGN_CATEGORIES) <= set(catalog.categories())


def test_classic_entries_cover_every_design_category():
    """The 'classic' entries alone cover every design category."""
    classic = {bug.category for bug in BUGS if bug.source == "classic"}
    assert set(DESIGN_CATEGORIES) <= classic


def test_get_finds_entries_and_suggests_the_closest_id():
    """get() returns an entry by id; a misspelt id raises a lookup error naming the closest."""
    assert catalog.get("article-np-convolve").category == "kernel-flipped"
    with pytest.raises(UnknownBugError, match="did you mean 'article-np-convolve'") as info:
        catalog.get("article-np-convolv")
    assert isinstance(info.value, ConvlabError) and isinstance(info.value, LookupError)


@pytest.mark.parametrize("old_id", sorted(catalog.ALIASES))
def test_old_ids_still_find_their_renamed_entry(old_id):
    """An id an entry had before it was renamed still returns that entry, and is no id now."""
    bug = catalog.get(old_id)
    assert bug is catalog.get(catalog.ALIASES[old_id])
    assert old_id not in {entry.id for entry in BUGS}


def test_aliases_point_at_entries_attributed_to_what_wrote_them():
    """The renamed entries are classic mistakes: neither source wrote these functions."""
    assert {catalog.get(old_id).source for old_id in catalog.ALIASES} == {"classic"}
    assert not [bug.id for bug in BUGS if not bug.id.startswith(bug.source + "-")]


def test_refusing_fixes_say_why():
    """Where the reference refuses (kernel too long), the fix raises with a message."""
    refusing = [bug for bug in BUGS if bug.domain.refused]
    assert refusing
    for bug in refusing:
        refused = [case for case in bug.sample_cases(np.random.default_rng(2), 100)
                   if bug.outcomes(case)[2].error]
        assert refused
        for case in refused:
            with pytest.raises(ValueError, match=r"kernel of size \d+ is longer than"):
                bug.run_fixed(case)


# ---- the article's printed numbers -------------------------------------------------------

ARTICLE_X = np.arange(1, 9)
ARTICLE_W = [0.5, -0.5]


def test_article_no_padding_gives_seven_values():
    """The article's unpadded loop gives seven values even for 'same'; the fix gives eight."""
    bug = catalog.get("article-no-padding")
    for padding in ("valid", "same"):
        got = bug.run_flawed(Case(ARTICLE_X, ARTICLE_W, padding=padding))
        assert got.tolist() == [-0.5] * 7
    assert bug.run_fixed(Case(ARTICLE_X, ARTICLE_W, padding="same")).tolist() == \
        [-0.5] * 7 + [4.0]


def test_article_strided_loop_leaves_the_last_output_zero():
    """The article's strided loop prints [-0.5, -0.5, -0.5, 0]; the fix fills the last -0.5."""
    bug = catalog.get("article-strided-range")
    case = Case(ARTICLE_X, ARTICLE_W, stride=2)
    assert bug.run_flawed(case).tolist() == [-0.5, -0.5, -0.5, 0.0]
    assert bug.run_fixed(case).tolist() == [-0.5, -0.5, -0.5, -0.5]


def test_article_same_fix_is_one_short_for_its_own_example():
    """The article's 'same' fix gives 7 values where 8 are due and wrong strided numbers."""
    bug = catalog.get("article-same-fix")
    case = Case(ARTICLE_X, ARTICLE_W, padding="same")
    assert len(bug.run_flawed(case)) == 7 and len(bug.run_fixed(case)) == 8
    strided = Case(np.arange(1, 7), [1, 10, 100], stride=2, padding="same")
    assert bug.run_flawed(strided).tolist() == [210, 432, 654]
    assert bug.run_fixed(strided).tolist() == [321, 543, 65]


def test_article_np_convolve_flips_the_sign():
    """np.convolve flips the kernel, so the article's [0.5, -0.5] gives +0.5 instead of -0.5."""
    bug = catalog.get("article-np-convolve")
    assert bug.run_flawed(Case(ARTICLE_X, ARTICLE_W)).tolist() == [0.5] * 7
    assert bug.run_fixed(Case(ARTICLE_X, ARTICLE_W)).tolist() == [-0.5] * 7


def test_article_integer_input_truncates_with_zeros_like():
    """On the article's integer input a np.zeros_like buffer truncates every -0.5 to 0."""
    bug = catalog.get("classic-zeros-like-buffer")
    assert bug.run_flawed(Case(ARTICLE_X, ARTICLE_W)).tolist() == [0.0] * 7
    assert bug.run_fixed(Case(ARTICLE_X, ARTICLE_W)).tolist() == [-0.5] * 7


# ---- the blog's printed numbers ----------------------------------------------------------

BLOG_CASES = [
    # (x as (steps, channels), Keras kernel (K, C_in, filters), the blog's output)
    ([[0], [3], [4], [5]], [[[1]], [[2]]], [[6], [11], [14]]),
    ([[0, 0], [3, 6], [4, 7], [5, 8]], [[[1], [3]], [[2], [4]]], [[30], [57], [67]]),
    ([[0], [3], [4], [5]], [[[1, 3]], [[2, 4]]], [[6, 12], [11, 25], [14, 32]]),
]


@pytest.mark.parametrize("x, kernel, expected", BLOG_CASES)
@pytest.mark.parametrize("bug_id", ["blog-steps-as-channels", "classic-keras-kernel-reshaped"])
def test_blog_worked_examples(bug_id, x, kernel, expected):
    """Both channels-last fixes reproduce the post's three worked examples exactly."""
    case = Case(x, kernel, layout="NLC")
    assert catalog.get(bug_id).run_fixed(case).tolist() == expected
    assert catalog.get(bug_id).run_reference(case).tolist() == expected


def test_blog_batch_of_one_as_keras_sees_it():
    """The post's (1, 4, 2) Keras input gives [30, 57, 67] as a (1, 3, 1) output."""
    from convlab import conv1d

    x = np.array([[[0, 0], [3, 6], [4, 7], [5, 8]]])
    kernel = np.array([[[1], [3]], [[2], [4]]])
    assert conv1d(x, kernel, layout="NLC").tolist() == [[[30], [57], [67]]]


def test_blog_layout_mistakes_change_the_numbers():
    """A reshaped kernel gives 33 instead of 30; steps read as channels cannot run."""
    x, kernel, _ = BLOG_CASES[1]
    case = Case(x, kernel, layout="NLC")
    assert catalog.get("classic-keras-kernel-reshaped").run_flawed(case)[0, 0] == 33
    with pytest.raises(ValueError):  # (4, 2) read as 4 channels of 2 steps cannot broadcast
        catalog.get("blog-steps-as-channels").run_flawed(case)


def test_get_refuses_non_string_ids():
    """get() with a non-string id raises UnknownBugError saying it wants a catalog id."""
    with pytest.raises(catalog.UnknownBugError, match="'bug_id' must be a catalog id"):
        catalog.get(["article-strided-range"])
