"""The shape doctor, on the blog readers' questions and on mismatches."""

import pytest

from convlab import ParameterError, ParameterTypeError, ShapeError
from convlab.shapes import explain_shapes


def test_blog_reader_flattened_days():
    """(16070, 1, 45) with kernel 10 in Keras: the steps axis is 1; they meant (16070, 45, 1)."""
    report = explain_shapes((16070, 1, 45), 10, layout="NLC")
    assert not report.ok and report.output_shape is None
    assert "steps axis (axis 1) has length 1" in report.problems[0]
    text = str(report)
    assert "(16070, 45, 1)" in text and "(16070, 15, 3)" in text


def test_one_sample_of_length_40():
    """Batch 1, kernel 5, valid: 36 windows."""
    report = explain_shapes((1, 40, 1), 5, layout="NLC")
    assert report.ok and report.output_shape == (1, 36, "C_out")
    assert "batch" in report.axes[0] and "steps" in report.axes[1]


def test_full_weight_shape_gives_output_channels():
    """With a full weight shape the output shape has the real channel count."""
    assert explain_shapes((8, 3, 100), (16, 3, 5)).output_shape == (8, 16, 96)
    assert explain_shapes((8, 100, 3), (5, 3, 16), layout="NLC", padding="same",
                          stride=2).output_shape == (8, 50, 16)
    assert explain_shapes((100,), (5,)).output_shape == (96,)


def test_channels_last_fed_as_channels_first():
    """A channels-last input read as channels-first is a mismatch, and the fix names NLC."""
    report = explain_shapes((8, 100, 3), (16, 3, 5))
    assert not report.ok
    assert any("layout 'NLC'" in fix for fix in report.fixes)


def test_kernel_axes_are_named_so_a_keras_kernel_shows():
    """A Keras kernel (K, C_in, C_out) read as PyTorch's weight is silent; naming axes shows it."""
    report = explain_shapes((8, 3, 100), (5, 3, 16))
    assert report.ok and report.output_shape == (8, 5, 85)
    assert "w axis 2 (16): taps K" in report.axes


def test_groups_that_do_not_divide():
    """Groups that do not divide the channel count make the report not ok."""
    assert not explain_shapes((1, 3, 10), 3, groups=2).ok


@pytest.mark.parametrize("args, error", [
    (("1,2,3", 3), ParameterTypeError), (((1, 2.5, 3), 3), ParameterTypeError),
    (((1, 1, 1, 10), 3), ShapeError), (((1, 10), (3, 3)), ShapeError),
    (((1, 10), 0), ParameterError),
])
def test_bad_arguments(args, error):
    """Non-integer shapes, wrong ranks and a zero kernel raise the matching error."""
    with pytest.raises(error):
        explain_shapes(*args)
