"""Classic Conv1D mistakes seen again and again in public code, one entry each.

The functions live in `classic_functions`; here each is paired with its fix, the smallest
input that shows the difference, a plain-words explanation and where the mistake was seen.
"""

from __future__ import annotations

import numpy as np

from convlab.case import Case

from . import classic_functions as f
from .bug import Bug, Domain

STUDENT_CODE = "common in student code"
GH = "https://github.com/"


def classic_entry(name, title, category, flawed, fixed, counterexample, explanation, seen_in,
                  exercise="conv1d", domain=None):
    """An entry of a mistake seen again and again in public code (id "classic-NAME")."""
    return Bug(id=f"classic-{name}", title=title, category=category, source="classic",
               explanation=explanation, seen_in=seen_in, flawed=flawed, fixed=fixed,
               exercise=exercise, counterexample=counterexample, domain=domain or Domain())


ENTRIES = (
    classic_entry(
        "range-stops-early", "Window loop range(0, len(x) - K, stride)",
        "last-window-skipped", f.range_stops_early, f.range_stops_early_fixed,
        Case(x=[1], w=[1]),
        "range's end is excluded, and len(x) - K is itself a valid window start, so the "
        "loop never computes the last window. The output is simply one short, which looks "
        "like a plausible length. With x = [1], w = [1] one window fits but "
        "range(0, 0) is empty, so [] comes back instead of [1]; on x = [1..5], "
        "w = [1, 10, 100] it is [321, 432] instead of [321, 432, 543].",
        ("iamtrask/Grokking-Deep-Learning#43: " + GH + "iamtrask/Grokking-Deep-Learning/issues/43",
         "iamtrask/Grokking-Deep-Learning#64: " + GH + "iamtrask/Grokking-Deep-Learning/pull/64")),
    classic_entry(
        "ceil-output-length", "Output length rounded up: a partial last window",
        "extra-window", f.ceil_output_length, f.ceil_output_length_fixed,
        Case(x=[1, 2], w=[1], stride=2),
        "ceil((L - K) / stride) + 1 counts a window that runs off the end of the input; "
        "slicing past the end is silent in numpy, so that window is summed over whatever "
        "is left. Convolution keeps only whole windows (floor); ceil is pooling's rule in "
        "some frameworks. x = [1, 2], w = [1], stride 2 gives [1, 0] instead of [1].",
        ("d2l-ai/d2l-zh#1345: " + GH + "d2l-ai/d2l-zh/pull/1345",
         "BVLC/caffe#1318 (ceil is pooling's rule): " + GH + "BVLC/caffe/issues/1318",
         "BVLC/caffe#4781: " + GH + "BVLC/caffe/issues/4781")),
    classic_entry(
        "stride-never-used", "The stride is never applied", "stride-ignored",
        f.stride_never_used, f.stride_never_used_fixed,
        Case(x=[1, 2], w=[1], stride=2),
        "The loop visits every window start 0, 1, 2, ... whatever the stride, so a strided "
        "call returns the stride-1 output. Every test at stride 1 passes. With x = [1, 2], "
        "w = [1], stride 2 it returns [1, 2] instead of [1]: too many outputs, each right "
        "for stride 1.",
        ("saurabhaloneai/History-of-Deep-Learning#1: "
         + GH + "saurabhaloneai/History-of-Deep-Learning/pull/1",
         "chih-chun-chang/convolutional-neural-network-from-scratch-python#2: "
         + GH + "chih-chun-chang/convolutional-neural-network-from-scratch-python/pull/2")),
    classic_entry(
        "window-starts-at-t", "Output t's window starts at t, not t * stride",
        "stride-ignored", f.window_starts_at_t, f.window_starts_at_t_fixed,
        Case(x=[1, 2, 3], w=[1], stride=2),
        "The number of outputs uses the stride, but the window of output t starts at t "
        "instead of t * stride, so the outputs are the first few stride-1 outputs. The "
        "length is right, so nothing looks off. x = [1, 2, 3], w = [1], stride 2 gives "
        "[1, 2] instead of [1, 3].",
        ("rasbt/machine-learning-book#168: " + GH + "rasbt/machine-learning-book/pull/168",
         "chih-chun-chang/convolutional-neural-network-from-scratch-python#2: "
         + GH + "chih-chun-chang/convolutional-neural-network-from-scratch-python/pull/2")),
    classic_entry(
        "kernel-read-backwards", "The textbook convolution sum w[K - 1 - k]",
        "kernel-flipped", f.kernel_read_backwards, f.kernel_read_backwards_fixed,
        Case(x=[1, 2], w=[1, 10]),
        "The signal-processing definition of convolution flips the kernel; deep-learning "
        "layers compute cross-correlation and do not. Symmetric kernels cannot tell the "
        "two apart, and a learned kernel would just learn the mirror image, so it goes "
        "unnoticed. x = [1, 2], w = [1, 10] gives 12 instead of 21: the digits reversed.",
        ("keras-team/keras#3179: " + GH + "keras-team/keras/issues/3179",
         "srush/GPU-Puzzles#35: " + GH + "srush/GPU-Puzzles/issues/35")),
    classic_entry(
        "int-padding-ignored", "An int padding is silently ignored", "missing-padding",
        f.int_padding_ignored, f.int_padding_ignored_fixed,
        Case(x=[1], w=[1], padding=1),
        "Only padding='same' has a branch; an int p falls through and adds no zeros, so "
        "the call returns the 'valid' result. It raises nothing because 'valid' always "
        "works. x = [1], w = [1], padding=1 gives [1] instead of [0, 1, 0].",
        (STUDENT_CODE,)),
    classic_entry(
        "half-kernel-both-sides", "'same' as K // 2 zeros on each side",
        "same-even-kernel", f.half_kernel_both_sides, f.half_kernel_both_sides_fixed,
        Case(x=[1], w=[1, 10], padding="same"),
        "K // 2 zeros on each side make K - 1 in all only for odd K; an even kernel gets "
        "one zero too many and one output too many. Odd kernels, the usual test, are "
        "right. x = [1], w = [1, 10] gives [10, 1] instead of [1]. Symmetric padding is "
        "also not the Keras/TF rule at stride > 1.",
        ("jamesmullenbach/caml-mimic#3: " + GH + "jamesmullenbach/caml-mimic/issues/3",
         "pytorch/pytorch#3867: " + GH + "pytorch/pytorch/issues/3867")),
    classic_entry(
        "extra-zero-on-the-left", "'same' puts the odd extra zero on the left",
        "padding-side", f.extra_zero_on_the_left, f.extra_zero_on_the_left_fixed,
        Case(x=[1], w=[1, 10], padding="same"),
        "When 'same' needs an odd number of zeros, Keras, TensorFlow and PyTorch put the "
        "extra one on the right; putting it on the left (as np.correlate's 'same' does) "
        "shifts every output by one. Length and odd kernels are right. x = [1], "
        "w = [1, 10] gives [10] (window [0, 1]) instead of [1] (window [1, 0]).",
        ("tensorflow/tensorflow#30740: " + GH + "tensorflow/tensorflow/issues/30740",
         "pytorch/pytorch#45667: " + GH + "pytorch/pytorch/pull/45667")),
    classic_entry(
        "same-padding-for-stride-one", "'same' padded as if the stride were 1",
        "same-stride", f.same_padding_for_stride_one, f.same_padding_for_stride_one_fixed,
        Case(x=[1, 2], w=[1, 10, 100], stride=2, padding="same"),
        "At stride s, Keras/TF 'same' pads only what ceil(L / s) windows need, "
        "max((ceil(L/s) - 1)*s + K - L, 0) zeros, the odd one on the right; padding K - 1 "
        "as at stride 1 gives the right length but shifted windows. Stride 1 is right. "
        "x = [1, 2], w = [1, 10, 100], stride 2 gives 210 instead of 21; x = [1..6] gives "
        "[210, 432, 654] instead of [321, 543, 65].",
        ("keras-team/keras#19291: " + GH + "keras-team/keras/issues/19291",
         "tensorflow/tensorflow#4297: " + GH + "tensorflow/tensorflow/issues/4297",
         "keras-team/keras#9629: " + GH + "keras-team/keras/pull/9629")),
    classic_entry(
        "causal-from-same", "'causal' padded like 'same'", "causal-leak",
        f.causal_from_same, f.causal_from_same_fixed,
        Case(x=[1], w=[1, 10], padding="causal"),
        "A causal output t may only read inputs up to t, so all K - 1 zeros go on the left. "
        "'same' puts some on the right, and output t reads later inputs: the model sees "
        "the future, which training rewards rather than reveals. x = [1], w = [1, 10] "
        "gives 1 (window [1, 0]) instead of 10 (window [0, 1]).",
        ("tensorflow/models#10062: " + GH + "tensorflow/models/issues/10062",
         "maxim5/time-series-machine-learning#12: "
         + GH + "maxim5/time-series-machine-learning/issues/12"),
        exercise="conv1d-causal"),
    classic_entry(
        "causal-pad-on-the-right", "Causal zeros added on the right", "causal-leak",
        f.causal_pad_on_the_right, f.causal_pad_on_the_right_fixed,
        Case(x=[1], w=[1, 10], padding="causal"),
        "The K - 1 zeros are right in number but on the wrong side: window t covers "
        "inputs t .. t + K - 1, all at or after t. The length is L, as expected, so only "
        "the values tell. x = [1], w = [1, 10] gives 1 instead of 10.",
        ("locuslab/TCN#8: " + GH + "locuslab/TCN/issues/8",),
        exercise="conv1d-causal"),
    classic_entry(
        "causal-pad-without-dilation", "Causal padding K - 1 instead of d * (K - 1)",
        "dilation", f.causal_pad_without_dilation, f.causal_pad_without_dilation_fixed,
        Case(x=[1], w=[1, 10], padding="causal", dilation=2),
        "A dilated window spans K_eff = d*(K - 1) + 1 inputs, so causal padding must be "
        "d*(K - 1); K - 1 zeros leave the output short and let windows read the future. "
        "Dilation 1 is right. x = [1], w = [1, 10], dilation 2 gives [] instead of [10].",
        ("locuslab/TCN#12: " + GH + "locuslab/TCN/issues/12",
         "sjvasquez/web-traffic-forecasting#2: "
         + GH + "sjvasquez/web-traffic-forecasting/issues/2"),
        exercise="conv1d-causal"),
    classic_entry(
        "same-without-dilation", "'same' padding computed from K, not K_eff", "dilation",
        f.same_without_dilation, f.same_without_dilation_fixed,
        Case(x=[1], w=[1, 10], padding="same", dilation=2),
        "The taps are spaced by the dilation, but the 'same' padding is computed from K "
        "instead of K_eff = d*(K - 1) + 1, so too few zeros are added and outputs go "
        "missing. Dilation 1 is right. x = [1], w = [1, 10], dilation 2 gives [] instead of "
        "[0] (K_eff = 3 needs a zero on each side).",
        ("apache/mxnet#1457: " + GH + "apache/mxnet/issues/1457",),
        exercise="conv1d-dilation"),
    classic_entry(
        "cast-back-to-input-dtype", "The result cast back to the input's integer dtype",
        "dtype-truncation", f.cast_back_to_input_dtype, f.cast_back_to_input_dtype_fixed,
        Case(x=[1], w=[0.5]),
        "The sums are computed in float, then astype(x.dtype) 'gives back what came in' and "
        "rounds every result toward zero for an integer input. Float inputs and integer "
        "weights hide it. x = [1], w = [0.5] gives 0 instead of 0.5.",
        ("scipy/scipy#10527: " + GH + "scipy/scipy/issues/10527",
         "xarray-contrib/xarray-spatial#1096 (float64 cut to float32): "
         + GH + "xarray-contrib/xarray-spatial/issues/1096")),
    classic_entry(
        "accumulate-in-input-dtype", "Sums accumulated in uint8", "integer-overflow",
        f.accumulate_in_input_dtype, f.accumulate_in_input_dtype_fixed,
        Case(x=np.array([200], dtype=np.uint8), w=np.array([2], dtype=np.uint8)),
        "np.result_type of two uint8 arrays is uint8, and uint8 arithmetic wraps modulo 256 "
        "without a warning. Images and audio often arrive as small integers, and small "
        "test values never reach 256. x = [200], w = [2] (uint8) gives 144 instead of 400.",
        ("CellProfiler/centrosome#47: " + GH + "CellProfiler/centrosome/pull/47",
         "luispedro/mahotas#75: " + GH + "luispedro/mahotas/issues/75",
         "scipy/scipy#8757: " + GH + "scipy/scipy/issues/8757"),
        exercise="conv1d-int",
        domain=Domain(dtypes=("uint8", "int8", "int16", "uint16", "int32", "int64"),
                      sample_dtypes=("uint8", "int8", "int16", "int64"))),
    classic_entry(
        "reshape-to-channels-last", "(C_in, L) turned into (L, C_in) with reshape",
        "layout-swapped", f.reshape_to_channels_last, f.reshape_to_channels_last_fixed,
        Case(x=[[1, 2], [3, 4]], w=[[[1], [10]]]),
        "reshape keeps the numbers in memory order and only regroups them; moving the "
        "channel axis needs a transpose. The shape comes out right, so nothing fails, and "
        "with one channel the two agree. x = [[1, 2], [3, 4]] (channels [1, 2] and [3, 4]) "
        "with taps 1 and 10 gives [21, 43] instead of [31, 42].",
        ("proceduralia/pytorch-conv2_1d#1: " + GH + "proceduralia/pytorch-conv2_1d/issues/1",
         "vitrioil/Speech-Separation#4: " + GH + "vitrioil/Speech-Separation/issues/4",
         "kyegomez/zeta#406: " + GH + "kyegomez/zeta/issues/406"),
        exercise="conv1d-channels"),
    classic_entry(
        "bias-along-time", "Bias added along time: out + b", "bias-broadcast",
        f.bias_along_time, f.bias_along_time_fixed,
        Case(x=[[1]], w=[[[1]], [[10]]], bias=[100, 200]),
        "out has shape (C_out, L_out) and numpy lines b up with the last axis, time, not "
        "with the channels. It is silent when L_out equals C_out or is 1, and right when "
        "C_out is 1. With two filters and one output step, out + b broadcasts to "
        "[[101, 201], [110, 210]] instead of [[101], [210]].",
        ("openvinotoolkit/openvino#4835: " + GH + "openvinotoolkit/openvino/pull/4835",
         "kraiskil/onnx2c#7: " + GH + "kraiskil/onnx2c/issues/7"),
        exercise="conv1d-bias"),
    classic_entry(
        "groups-every-gth-channel", "Group g takes channels g, g + G, ...",
        "groups-interleaved", f.groups_every_gth_channel, f.groups_every_gth_channel_fixed,
        Case(x=[[1], [2], [3], [4]], w=[[[1], [10]], [[100], [1000]]], groups=2),
        "Grouped convolution gives group g a contiguous block of channels; x[g::groups] "
        "takes every G-th one instead. The shapes are the same, and with one channel per "
        "group the two agree. With four channels 1, 2, 3, 4 and groups=2 the first filter "
        "reads channels 1 and 3 (31) instead of 1 and 2 (21).",
        ("onnx/onnx#2273 (halves or even/odd?): " + GH + "onnx/onnx/issues/2273",
         "onnx/onnx#8446 (wrong group slice): " + GH + "onnx/onnx/pull/8446"),
        exercise="conv1d-groups"),
    classic_entry(
        "left-edge-by-index", "Padding by index arithmetic: x[-1] reads the last sample",
        "wrap-around", f.left_edge_by_index, f.left_edge_by_index_fixed,
        Case(x=[1], w=[1, 10, 100], padding="same"),
        "Instead of padding, the loop computes index = t*stride + k - pad_left and skips "
        "indices past the right end; a negative index is not skipped, and Python reads it "
        "from the end of x. No IndexError, just a wrong number where a zero belongs. "
        "x = [1], w = [1, 10, 100], 'same' gives 11 (x[-1] = 1 read as the left zero) "
        "instead of 10.",
        ("NVIDIA/warp#1653: " + GH + "NVIDIA/warp/issues/1653",
         "numpy/numpy#16578 (x[t - 1] at t = 0): " + GH + "numpy/numpy/issues/16578")),
    classic_entry(
        "no-size-check", "A kernel longer than the input gives []",
        "kernel-too-long-silent", f.no_size_check, f.no_size_check_fixed,
        Case(x=[1], w=[1, 10]),
        "When the kernel is longer than the (padded) input no window fits; the loop just "
        "runs zero times and returns [], and the mistake surfaces far away, if at all. "
        "PyTorch and Keras raise here. x = [1], w = [1, 10] must be an error, not [].",
        ("pytorch/pytorch#4607: " + GH + "pytorch/pytorch/issues/4607",
         "keras-team/keras#19457: " + GH + "keras-team/keras/issues/19457"),
        exercise="conv1d-strict", domain=Domain(refused=True)),
    classic_entry(
        "np-correlate-unchecked", "np.correlate swaps a kernel longer than the input",
        "kernel-too-long-silent", f.np_correlate_unchecked, f.np_correlate_unchecked_fixed,
        Case(x=[1], w=[1, 10]),
        "numpy's convolve and correlate quietly swap their arguments when the second is "
        "longer, so an impossible call returns numbers. x = [1], w = [1, 10] gives "
        "[10, 1] where the layers raise an error.",
        ("numpy.convolve docs ('the arrays are swapped'): "
         "https://www.numpy.org/devdocs/reference/generated/numpy.convolve.html",),
        domain=Domain(refused=True)),
    classic_entry(
        "strides-of-int32", "as_strided with the byte strides of int32 hard-coded",
        "strides-bytes", f.strides_of_int32, f.strides_of_int32_fixed,
        Case(x=np.array([1, 2], dtype=np.int64), w=[1]),
        "as_strided takes strides in bytes; 4 is right for int32 (np.arange's default on "
        "Windows) but an int64 item is 8 bytes, so the windows read halves of two "
        "neighbouring numbers. Nothing checks strides. x = [1, 2] (int64), w = [1] gives "
        "[1, 8589934592] (2 * 2**32) instead of [1, 2].",
        ("numpy/numpy#13706: " + GH + "numpy/numpy/issues/13706",
         "sotelo/world.py#12: " + GH + "sotelo/world.py/pull/12"),
        domain=Domain(where=lambda case: case.x.dtype.kind in "iu",
                      sample_dtypes=("int64", "int32", "float64"))),
    classic_entry(
        "reflect-as-symmetric", "'reflect' padding done with numpy's 'symmetric'",
        "reflect-vs-symmetric", f.reflect_as_symmetric, f.reflect_as_symmetric_fixed,
        Case(x=[1, 2], w=[1], padding=1, padding_mode="reflect"),
        "PyTorch's 'reflect' mirrors around the edge sample without repeating it "
        "([2 | 1, 2 | 1]); numpy's 'symmetric' repeats it ([1 | 1, 2 | 2]). Both look "
        "like mirrors and only the padded positions differ. x = [1, 2], w = [1], "
        "padding 1 gives [1, 1, 2, 2] instead of [2, 1, 2, 1].",
        ("pytorch/pytorch#46240: " + GH + "pytorch/pytorch/issues/46240",
         "plenoptic-org/plenoptic#154: " + GH + "plenoptic-org/plenoptic/issues/154",
         "odlgroup/odl#645: " + GH + "odlgroup/odl/issues/645"),
        exercise="conv1d-padding-mode"),
    classic_entry(
        "zeros-like-buffer", "Output buffer np.zeros_like(x) on an integer input",
        "dtype-truncation", f.zeros_like_buffer, f.zeros_like_buffer_fixed,
        Case(x=[1], w=[0.5]),
        "np.zeros_like copies the input's dtype, so for an integer x every result is "
        "stored as an integer, rounded toward zero. Float inputs and integer weights hide "
        "it. The article's running example is such an input: x = [1..8] is an integer "
        "array, so with its kernel w = [0.5, -0.5] a buffer made this way turns every "
        "-0.5 into 0; even x = [1], w = [0.5] gives 0 instead of 0.5.",
        ("numpy/numpy#16578: " + GH + "numpy/numpy/issues/16578",
         "scipy/scipy#10527: " + GH + "scipy/scipy/issues/10527")),
    classic_entry(
        "keras-kernel-reshaped",
        "Keras kernel (K, C_in, C_out) reshaped, not transposed, to (C_out, C_in, K)",
        "layout-swapped", f.keras_kernel_reshaped, f.keras_kernel_reshaped_fixed,
        Case(x=[[1, 2], [3, 4]], w=[[[1], [10]], [[100], [1000]]], layout="NLC"),
        "PyTorch stores a kernel as (filters, channels, K), Keras as (K, channels, "
        "filters); moving between them is transpose(2, 1, 0). reshape keeps the numbers "
        "in memory order and only regroups them, so the shape is right and nothing "
        "fails. With the blog's two-channel taps [[1, 3], [2, 4]] channel 0 gets taps "
        "[1, 3] instead of [1, 2] and the first output is 33, not 30; with digit taps 1, "
        "10 (step 0) and 100, 1000 (step 1) on x = [[1, 2], [3, 4]] it reads 4231 "
        "instead of 4321.",
        ("keras-team/keras#8144: " + GH + "keras-team/keras/issues/8144",
         "keras-team/keras#19291: " + GH + "keras-team/keras/issues/19291",
         "PyTorch Conv1d docs (weight (out, in/groups, K)): "
         "https://docs.pytorch.org/docs/stable/generated/torch.nn.Conv1d.html"),
        exercise="conv1d-keras"),
)
