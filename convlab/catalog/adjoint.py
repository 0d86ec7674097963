"""Classic mistakes in conv1d's backward pass and in the transposed convolution, one entry
each.

The functions live in `adjoint_functions`; here each is paired with its fix, the smallest
input that shows the difference, a plain-words explanation and where the mistake was seen.
The ids start with "classic-" like those of `classic`: neither text the catalog follows
wrote these functions.
"""

from __future__ import annotations

from convlab.case import Case

from . import adjoint_functions as f
from .classic import GH, classic_entry

BACKWARD = "conv1d-backward"
TRANSPOSED = "conv-transpose1d"


BACKWARD_ENTRIES = (
    classic_entry(
        "dx-unflipped-kernel", "dx correlated with w, not with w flipped", "kernel-flipped",
        f.dx_unflipped_kernel, f.dx_unflipped_kernel_fixed,
        Case(x=[1, 2], w=[1, 10], dout=[1]),
        "Written as one correlation, dx is the 'full' correlation of dout with the kernel "
        "flipped: dx[j] sums dout[t] * w[j - t*stride], and a correlation reads its taps "
        "the other way round. Correlating with w itself puts every tap's gradient in the "
        "mirror cell; symmetric kernels hide it, and dw is right. x = [1, 2], w = [1, 10], "
        "dout = [1] gives dx = [10, 1] instead of [1, 10].",
        ("llvm/torch-mlir#4437: " + GH + "llvm/torch-mlir/pull/4437",
         "Should it have a rot180 on filter to calculate dA_prev?: "
         "https://community.deeplearning.ai/t/should-it-have-a-rot180-on-filter-to-calculate"
         "-da-prev/121204"),
        BACKWARD),
    classic_entry(
        "dout-not-spread", "dout not spread out by the stride", "stride-ignored",
        f.dout_not_spread, f.dout_not_spread_fixed,
        Case(x=[1, 2, 3], w=[1], stride=2, dout=[1, 10]),
        "The forward windows started stride samples apart, so dout[t] belongs at t * stride: "
        "spreading dout with stride - 1 zeros between its samples puts it there. Used as it "
        "is, dout lands at t, as if the stride were 1, so dx has the right numbers in the "
        "wrong cells and dw pairs them with the wrong inputs. Stride 1 is right. "
        "x = [1, 2, 3], w = [1], stride 2, dout = [1, 10] gives dx = [1, 10, 0] and "
        "dw = [21] instead of dx = [1, 0, 10] and dw = 1*1 + 10*3 = [31].",
        ("sebgao/cTensor#3: " + GH + "sebgao/cTensor/issues/3",
         "wuziheng/CNN-Numpy#2: " + GH + "wuziheng/CNN-Numpy/issues/2",
         "Kulbear/deep-learning-coursera#34: " + GH + "Kulbear/deep-learning-coursera/pull/34"),
        BACKWARD),
    classic_entry(
        "dx-cropped-from-one-side", "All the padding cropped off dx's right end",
        "padding-side", f.dx_cropped_from_one_side, f.dx_cropped_from_one_side_fixed,
        Case(x=[1], w=[1], padding=1, dout=[1, 2, 3]),
        "dx of the padded input has pad_left cells in front of x's and pad_right behind; "
        "dx_padded[:len(x)] keeps the first len(x) cells, so all the padding comes off the "
        "right end and dx is shifted by pad_left. 'valid', and a 'same' whose only zero is "
        "on the right, are right. x = [1], w = [1], padding 1, dout = [1, 2, 3] gives "
        "dx = [1] (the left zero's gradient) instead of [2].",
        # nntrainer: the backward scatter (col2im) used the bottom padding where the top
        # belonged; pytorch#83345: dx of the padded input is cut down by what was added on
        # the left and on the right.
        ("nntrainer/nntrainer#1570: " + GH + "nntrainer/nntrainer/pull/1570",
         "pytorch/pytorch#83345: " + GH + "pytorch/pytorch/pull/83345"),
        BACKWARD),
    classic_entry(
        "dx-padding-not-cropped", "dx of the padded input returned", "padding-not-cropped",
        f.dx_padding_kept, f.dx_padding_kept_fixed,
        Case(x=[1], w=[1], padding=1, dout=[1, 2, 3]),
        "The scatter fills dx of the padded input, but the padding zeros were not inputs: "
        "their cells have to be cropped off. Returned as it is, dx is longer than x by the "
        "padding; 'valid' hides it. x = [1], w = [1], padding 1, dout = [1, 2, 3] gives "
        "dx = [1, 2, 3] instead of [2].",
        ("data61/MP-SPDZ#1206: " + GH + "data61/MP-SPDZ/issues/1206",
         "pytorch/pytorch#83345: " + GH + "pytorch/pytorch/pull/83345"),
        BACKWARD),
    classic_entry(
        "dw-overwritten", "dw[k] = ... where += belongs", "gradient-overwritten",
        f.dw_overwritten, f.dw_overwritten_fixed,
        Case(x=[1, 2], w=[1], dout=[1, 10]),
        "Every window uses tap k, so dw[k] is a sum over all the outputs; dw[k] = ... inside "
        "the loop keeps only the last window's term. dx uses += and is right, and a single "
        "output hides it. x = [1, 2], w = [1], dout = [1, 10] gives dw = [20] (10 * 2 "
        "alone) instead of 1*1 + 10*2 = [21].",
        # Both fix kernel gradients that were assigned per sample (or per call) where they
        # had to be added up.
        ("LBANN/lbann#1022: " + GH + "LBANN/lbann/pull/1022",
         "torch/cunn#74: " + GH + "torch/cunn/pull/74"),
        BACKWARD),
    classic_entry(
        "dw-index-one-off", "dw read from x[t*stride + k - 1]", "index-shifted",
        f.dw_index_one_off, f.dw_index_one_off_fixed,
        Case(x=[1, 2], w=[1], dout=[1, 10]),
        "On paper the taps are often counted from 1, dw[k] = sum_t dout[t] * x[t*stride + k "
        "- 1]; kept in 0-based code, that reads every input one cell early. At the first "
        "window the index is -1, which Python reads from the end, so nothing raises. "
        "x = [1, 2], w = [1], dout = [1, 10] gives dw = 1*2 + 10*1 = [12] instead of "
        "1*1 + 10*2 = [21].",
        # tf-encrypted: right values at the wrong positions of the weight gradient; neon: a
        # backward pass writing its gradient under the wrong index.
        ("tf-encrypted/tf-encrypted#150: " + GH + "tf-encrypted/tf-encrypted/issues/150",
         "NervanaSystems/neon#111: " + GH + "NervanaSystems/neon/issues/111"),
        BACKWARD),
    classic_entry(
        "dw-correlate-swapped", "dw = np.correlate(dout, x) instead of (x, dout)",
        "dw-reversed", f.dw_correlate_swapped, f.dw_correlate_swapped_fixed,
        Case(x=[1, 2], w=[1, 10], dout=[1]),
        "dw[k] = sum_t dout[t] * x_padded[t*stride + k] is np.correlate(x_padded, dout): the "
        "inputs slide under dout as they slid under w. With the arguments swapped numpy "
        "returns the time-reversed correlation, so dw comes out backwards with the right "
        "length; a symmetric x hides it. x = [1, 2], w = [1, 10], dout = [1] gives "
        "dw = [2, 1] instead of [1, 2].",
        ("numpy.correlate docs ('time reversed ... when the two input sequences change "
         "places'): https://www.numpy.org/doc/1.15/reference/generated/numpy.correlate.html",
         "Site1997/LeNet-python#2: " + GH + "Site1997/LeNet-python/issues/2",
         "rasmusbergpalm/DeepLearnToolbox#41: "
         + GH + "rasmusbergpalm/DeepLearnToolbox/issues/41"),
        BACKWARD),
    classic_entry(
        "last-dout-skipped", "The last output gradient never scattered",
        "last-window-skipped", f.last_output_skipped, f.last_output_skipped_fixed,
        Case(x=[1], w=[1], dout=[1]),
        "range(len(dout) - 1) stops one short, so the last window's inputs and taps get "
        "nothing from the last output gradient. With one output nothing is scattered at "
        "all: x = [1], w = [1], dout = [1] gives dx = [0] and dw = [0] instead of [1] and "
        "[1].",
        # No backward-pass report found: both show the same loop bound one short in a
        # forward loop over windows.
        ("rasbt/python-machine-learning-book-3rd-edition#123: "
         + GH + "rasbt/python-machine-learning-book-3rd-edition/issues/123",
         "seninp/saxpy#6: " + GH + "seninp/saxpy/pull/6"),
        BACKWARD),
    classic_entry(
        "dx-zeros-like-buffer", "dx buffer np.zeros_like(x) on an integer input",
        "dtype-truncation", f.dx_buffer_like_x, f.dx_buffer_like_x_fixed,
        Case(x=[1], w=[1], dout=[0.5]),
        "np.zeros_like copies x's dtype, so for an integer x every dx cell is stored as an "
        "integer, rounded toward zero, although dout and the products are floats (a slice "
        "+= would raise; cell by cell it truncates silently). Float inputs hide it, and dw "
        "has its own float buffer. x = [1] (int), w = [1], dout = [0.5] gives dx = [0] "
        "instead of [0.5].",
        # numpy-ml's naive Conv2D backward allocates dX = np.zeros_like(X_pad) (float there);
        # numpy#16578: zeros_like keeps the integer dtype.
        ("ddbourgin/numpy-ml#27: " + GH + "ddbourgin/numpy-ml/issues/27",
         "numpy/numpy#16578: " + GH + "numpy/numpy/issues/16578"),
        BACKWARD),
    classic_entry(
        "gradients-swapped", "Returns (dw, dx) instead of (dx, dw)", "results-swapped",
        f.gradients_swapped, f.gradients_swapped_fixed,
        Case(x=[1], w=[10], dout=[1]),
        "The exercise returns (dx, dw), in the order of the arguments x, w; (dw, dx) hands "
        "each gradient to the other variable, and when x and w have the same length even "
        "the shapes match. x = [1], w = [10], dout = [1] gives ([1], [10]) instead of "
        "([10], [1]).",
        ("tensorflow/swift-apis#332: " + GH + "tensorflow/swift-apis/issues/332",),
        BACKWARD),
)

TRANSPOSED_ENTRIES = (
    classic_entry(
        "output-padding-ignored", "output_padding never added", "output-padding-ignored",
        f.output_padding_ignored, f.output_padding_ignored_fixed,
        Case(x=[1], w=[1], stride=2, output_padding=1),
        "At stride > 1 several input lengths give conv1d the same output length; "
        "output_padding picks a longer one by adding cells at the right end of the "
        "transposed output. Sizing the result (L - 1)*stride + K without it leaves the "
        "output output_padding cells short; output_padding 0 hides it. x = [1], w = [1], "
        "stride 2, output_padding 1 gives [1] instead of [1, 0].",
        ("pytorch/pytorch#98129: " + GH + "pytorch/pytorch/issues/98129",
         "NVIDIA-AI-IOT/torch2trt#734: " + GH + "NVIDIA-AI-IOT/torch2trt/issues/734"),
        TRANSPOSED),
    classic_entry(
        "stride-zeros-inserted", "stride zeros inserted between samples, not stride - 1",
        "stride-spread", f.stride_zeros_inserted, f.stride_zeros_inserted_fixed,
        Case(x=[1, 2], w=[1]),
        "Zero insertion spreads the samples stride apart, which takes stride - 1 zeros "
        "between neighbours; stride zeros put them stride + 1 apart, so the output is too "
        "long and every later sample lands too far right. Even stride 1 inserts a zero "
        "where none belongs: x = [1, 2], w = [1] gives [1, 0, 2] instead of [1, 2].",
        # The notes say "insert stride lines" next to the formula (n - 1)s + k - 2p, which
        # needs s - 1; the book issue spells the rule out as s - 1 blank points.
        ("Transposed convolution notes ('Insert stride lines between rows/cols'): "
         "https://weili-git.github.io/2022/04/transposed-convolution",
         "dragen1860/Deep-Learning-with-TensorFlow-book#120: "
         + GH + "dragen1860/Deep-Learning-with-TensorFlow-book/issues/120"),
        TRANSPOSED),
    classic_entry(
        "transposed-unflipped-kernel", "Zero insertion, then w correlated unflipped",
        "kernel-flipped", f.zero_insertion_unflipped, f.zero_insertion_unflipped_fixed,
        Case(x=[1], w=[1, 10]),
        "Zero insertion and K - 1 zeros of padding turn the transposed convolution into an "
        "ordinary correlation, but with the kernel flipped: out[j] sums x[i] * "
        "w[j - i*stride], and a correlation reads its taps the other way round. With w "
        "itself every scattered kernel comes out reversed; symmetric kernels hide it. "
        "x = [1], w = [1, 10] gives [10, 1] instead of [1, 10].",
        ("Theano/Theano#5170: " + GH + "Theano/Theano/issues/5170",
         "PAICookers/PAIBox#85: " + GH + "PAICookers/PAIBox/pull/85"),
        TRANSPOSED),
    classic_entry(
        "length-input-times-stride", "Output length L * stride", "transposed-length",
        f.length_input_times_stride, f.length_input_times_stride_fixed,
        Case(x=[1], w=[1], stride=2),
        "A stride-s transposed convolution is expected to 'upsample by s', but the length "
        "is (L - 1)*stride - 2*padding + K + output_padding: the last sample's kernel ends "
        "K cells after it, not stride cells. With L * stride the output is cut short or "
        "has extra zeros at the end, depending on K. x = [1], w = [1], stride 2 gives "
        "[1, 0] instead of [1]; x = [1], w = [1, 10] gives [1] instead of [1, 10].",
        ("PaddlePaddle/Paddle#29827: " + GH + "PaddlePaddle/Paddle/issues/29827",
         "Lasagne/Lasagne#746: " + GH + "Lasagne/Lasagne/issues/746",
         "tensorflow/tensorflow#19863: " + GH + "tensorflow/tensorflow/issues/19863"),
        TRANSPOSED),
    classic_entry(
        "length-plus-one-dropped", "Output length without the formula's + 1",
        "transposed-length", f.length_plus_one_dropped, f.length_plus_one_dropped_fixed,
        Case(x=[1], w=[1]),
        "PyTorch documents the length as (L - 1)*stride - 2*padding + dilation*(K - 1) + "
        "output_padding + 1: the last kernel covers its K - 1 gaps plus one cell. Copied "
        "without the + 1, the output loses its last cell, which looks like an edge effect. "
        "x = [1], w = [1] gives [] instead of [1]; x = [1, 2], w = [1, 10] gives [1, 12] "
        "instead of [1, 12, 20].",
        # Both work with the documented formula term by term: the reader of #172560 drops
        # the kernel term by hand, and #14099 found the documented formula itself a term
        # short (dilation).
        ("pytorch/pytorch#172560: " + GH + "pytorch/pytorch/issues/172560",
         "pytorch/pytorch#14099: " + GH + "pytorch/pytorch/issues/14099"),
        TRANSPOSED),
    classic_entry(
        "transposed-padding-added", "padding added to the output instead of cropped",
        "padding-not-cropped", f.padding_added, f.padding_added_fixed,
        Case(x=[1], w=[1, 10, 100], padding=1),
        "In conv1d, padding adds zeros to the input; the transposed convolution undoes "
        "that, so the same padding crops cells off each end of its output (they are the "
        "gradients of conv1d's padding zeros). Padding the result instead makes it "
        "4 * padding cells too long. x = [1], w = [1, 10, 100], padding 1 gives "
        "[0, 1, 10, 100, 0] instead of [10].",
        ("Samsung/TICO#420: " + GH + "Samsung/TICO/issues/420",
         "BVLC/caffe#1615 ('padding is removed from the output rather than added to the "
         "input'): " + GH + "BVLC/caffe/pull/1615",
         "vlfeat/matconvnet#543: " + GH + "vlfeat/matconvnet/issues/543"),
        TRANSPOSED),
    classic_entry(
        "transposed-crop-from-left", "Both ends' padding cropped off the left",
        "padding-side", f.crop_both_from_the_left, f.crop_both_from_the_left_fixed,
        Case(x=[1], w=[1, 10, 100], padding=1),
        "full[2 * padding:] has the right length but takes both ends' padding off the left, "
        "so the output is shifted padding cells from where it belongs. padding 0 is right. "
        "x = [1], w = [1, 10, 100], padding 1 gives [100] instead of [10].",
        # Both crop a transposed convolution's output on the wrong sides: symmetrically
        # where output_padding makes it asymmetric, and begin/end swapped.
        ("llvm/torch-mlir#4650: " + GH + "llvm/torch-mlir/pull/4650",
         "robertknight/rten#1399: " + GH + "robertknight/rten/pull/1399"),
        TRANSPOSED),
    classic_entry(
        "overlap-overwritten", "Overlapping kernels overwrite: = where += belongs",
        "gradient-overwritten", f.overlap_overwritten, f.overlap_overwritten_fixed,
        Case(x=[1, 2], w=[1, 10]),
        "When K > stride the scattered kernels overlap, and an overlapped cell is the sum "
        "of them; full[...] = x[i] * w keeps only the later input's part. K <= stride (no "
        "overlap) hides it. x = [1, 2], w = [1, 10] gives [1, 2, 20] instead of "
        "[1, 12, 20]: the 10 from x[0] is lost.",
        ("oreilly-japan/deep-learning-from-scratch#27: "
         + GH + "oreilly-japan/deep-learning-from-scratch/issues/27",
         "hguomin/deep-learning-from-scratch#2: "
         + GH + "hguomin/deep-learning-from-scratch/issues/2"),
        TRANSPOSED),
    classic_entry(
        "transposed-stride-ignored", "Input i scattered at i, not i * stride",
        "stride-ignored", f.scatter_stride_ignored, f.scatter_stride_ignored_fixed,
        Case(x=[1, 2], w=[1], stride=2),
        "The stride spreads the scattered kernels stride cells apart; scattering input i "
        "at i ignores it, so the kernels pile up at the start of the right-length buffer "
        "and its end stays zero. Stride 1 is right. x = [1, 2], w = [1], stride 2 gives "
        "[1, 2, 0] instead of [1, 0, 2].",
        # DeConvNet handled stride 1 only; the OpenVX reference bounded the deconvolution by
        # the input size without the (upscale - 1) * (L - 1) the stride adds.
        ("ChienliMa/DeConvNet#1: " + GH + "ChienliMa/DeConvNet/issues/1",
         "KhronosGroup/OpenVX-cts#9: " + GH + "KhronosGroup/OpenVX-cts/issues/9",
         "pytorch/pytorch#150775: " + GH + "pytorch/pytorch/issues/150775"),
        TRANSPOSED),
    classic_entry(
        "last-input-skipped", "The last input sample never scattered",
        "last-window-skipped", f.last_input_skipped, f.last_input_skipped_fixed,
        Case(x=[1], w=[1]),
        "range(len(x) - 1) stops one short, so the end of the output lacks the last "
        "sample's kernel. With one input nothing is scattered at all: x = [1], w = [1] "
        "gives [0] instead of [1].",
        # No transposed-convolution report found: both show a loop one short that skips
        # the last row / window.
        ("arcaneframework/arcanefem#335: " + GH + "arcaneframework/arcanefem/pull/335",
         "seninp/saxpy#6: " + GH + "seninp/saxpy/pull/6"),
        TRANSPOSED),
)

ENTRIES = (*BACKWARD_ENTRIES, *TRANSPOSED_ENTRIES)
