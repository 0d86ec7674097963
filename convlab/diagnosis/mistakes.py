"""The catalogue of modelled mistakes: each row sets one knob of the simulation
(convlab.diagnosis.models) to a wrong setting, names the mistake category it belongs to and
says in the learner's terms what a function with that mistake does.

Diagnosis tries every row whose knob the exercise allows (`Exercise.mistakes`), in this order:
when two rows explain a learner's function equally well, the earlier one is named.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from convlab.diagnosis.models import Knobs
from convlab.exercises import SCATTER_LAYOUTS

__all__ = ["ADJOINT_DEVIATIONS", "DEVIATIONS", "Deviation", "deviations_for"]


@dataclass(frozen=True)
class Deviation:
    """One knob setting, the mistake category it belongs to, and what it means in words."""

    knob: str
    setting: object
    category: str
    does: str

    @property
    def knobs(self) -> Knobs:
        """The reference's knobs with this one mistake made."""
        return replace(Knobs(), **{self.knob: self.setting})


DEVIATIONS: tuple[Deviation, ...] = (
    # how much padding goes where
    Deviation("pads", "none", "missing-padding",
              "ignores the padding argument and returns the 'valid' result"),
    Deviation("pads", "none-same", "missing-padding", "does not pad at all for padding='same'"),
    Deviation("pads", "none-int", "missing-padding", "does not pad for an int padding"),
    Deviation("pads", "same-sym-floor", "same-even-kernel",
              "pads (K-1)//2 zeros on each side for 'same'"),
    Deviation("pads", "same-sym-ceil", "same-even-kernel",
              "pads K//2 zeros on each side for 'same'"),
    Deviation("pads", "same-sym-floor-unstrided", "same-even-kernel",
              "pads (K-1)//2 zeros on each side for 'same' at stride 1"),
    Deviation("pads", "same-sym-ceil-unstrided", "same-even-kernel",
              "pads K//2 zeros on each side for 'same' at stride 1"),
    Deviation("pads", "same-extra-left-unstrided", "padding-side",
              "puts the odd extra 'same' padding zero on the left at stride 1"),
    Deviation("pads", "same-extra-left", "padding-side",
              "puts the odd extra 'same' padding zero on the left instead of the right"),
    Deviation("pads", "same-all-left", "padding-side", "puts all the 'same' padding on the left"),
    Deviation("pads", "same-all-right", "padding-side", "puts all the 'same' padding on the right"),
    Deviation("pads", "same-stride-blind", "same-stride",
              "pads K-1 zeros in total for 'same' whatever the stride"),
    Deviation("pads", "same-sym-strided", "same-stride",
              "pads (K-1)//2 zeros on each side for 'same' at stride > 1"),
    Deviation("pads", "same-undilated", "dilation",
              "computes the 'same' padding from K instead of the dilated K_eff = d*(K-1) + 1"),
    Deviation("pads", "int-left-only", "padding-side", "adds an int padding on the left only"),
    Deviation("pads", "int-as-total", "missing-padding",
              "splits an int padding p between the two sides instead of adding p to each"),
    Deviation("pads", "int-right-only", "padding-side", "adds an int padding on the right only"),
    Deviation("pads", "causal-same", "causal-leak",
              "pads like 'same' (both sides), so outputs see later inputs"),
    Deviation("pads", "causal-right", "causal-leak",
              "pads on the right, so output t reads inputs t .. t + K - 1"),
    Deviation("pads", "causal-sym", "causal-leak", "pads (K-1)//2 zeros on each side"),
    Deviation("pads", "causal-undilated", "dilation",
              "pads K-1 zeros on the left instead of dilation*(K-1)"),
    # what fills the padding
    Deviation("fill", "wrap-left", "wrap-around",
              "reads x[-1], x[-2], ... (the end of x) where left padding zeros belong"),
    Deviation("fill", "wrap-left-error-right", "wrap-around",
              "reads the end of x through negative indices where left padding zeros belong, and "
              "fails past the right end"),
    Deviation("fill", "reflect-symmetric", "reflect-vs-symmetric",
              "pads 'reflect' by repeating the edge sample (numpy's 'symmetric')"),
    Deviation("fill", "edge", "padding-not-zero",
              "fills the padding with copies of the edge samples (np.pad mode='edge') instead "
              "of zeros"),
    Deviation("fill", "reflect", "padding-not-zero",
              "fills the padding with mirrored samples (np.pad mode='reflect') instead of zeros"),
    Deviation("fill", "symmetric", "padding-not-zero",
              "fills the padding with mirrored samples, edge repeated (np.pad "
              "mode='symmetric'), instead of zeros"),
    Deviation("fill", "circular", "padding-not-zero",
              "fills the padding with samples from the other end of x (np.pad mode='wrap') "
              "instead of zeros"),
    # which windows are taken
    Deviation("windows", "skip-last-exact", "last-window-skipped",
              "stops one window early whenever the last window ends exactly at the end of the "
              "(padded) input"),
    Deviation("windows", "skip-last-exact-zero", "last-window-skipped",
              "never computes the last window when it ends exactly at the end of the (padded) "
              "input, leaving that output 0"),
    Deviation("windows", "drop-last", "last-window-skipped", "always drops the last window"),
    Deviation("windows", "drop-last-zero", "last-window-skipped",
              "never computes the last window, leaving that output 0"),
    Deviation("windows", "extra-ceil", "extra-window",
              "rounds the number of windows up, adding a partial window past the end"),
    Deviation("windows", "extra-ceil-error", "extra-window",
              "rounds the number of windows up, then reads past the end of the input"),
    Deviation("windows", "extra-one", "extra-window",
              "computes one window more than fits, a partial window past the end"),
    Deviation("windows", "extra-one-error", "extra-window",
              "tries one window more than fits and reads past the end of the input"),
    Deviation("windows", "extra-range", "extra-window",
              "loops over window starts with range(0, L - K + 2, stride), one past the last, "
              "reading a partial window past the end when the stride lands there"),
    Deviation("windows", "extra-range-error", "extra-window",
              "loops over window starts with range(0, L - K + 2, stride), one past the last, "
              "and fails on the partial window past the end"),
    Deviation("windows", "stride-all", "stride-ignored",
              "ignores the stride and returns every stride-1 output"),
    Deviation("windows", "stride-first", "stride-ignored",
              "starts window t at t instead of t * stride"),
    Deviation("windows", "stride-sparse", "stride-ignored",
              "writes output t * stride into a buffer sized for stride 1"),
    Deviation("windows", "floor-length", "same-stride",
              "makes floor(L / stride) outputs for 'same' instead of ceil(L / stride)"),
    Deviation("windows", "subsample-input", "stride-subsampled",
              "keeps every stride-th sample of x (x[::stride]) and then slides the kernel one "
              "step at a time"),
    Deviation("windows", "subsample-padded", "stride-subsampled",
              "pads x, keeps every stride-th sample, then slides the kernel one step at a time"),
    Deviation("windows", "offset-late", "window-offset",
              "starts every window one sample late (x[start + 1 + k]: an index ported from a "
              "1-based language)"),
    Deviation("windows", "offset-early", "window-offset",
              "starts every window one sample early (x[start - 1 + k])"),
    Deviation("windows", "floor-length-and-pads", "same-stride",
              "counts floor(L / stride) outputs for 'same' (instead of ceil) and pads for that "
              "count"),
    # in which order the taps are read, and which taps
    Deviation("flip", True, "kernel-flipped",
              "reads the kernel backwards (true convolution, like np.convolve)"),
    Deviation("taps", "drop-last", "tap-skipped",
              "leaves out the last tap of every window (range(K - 1))"),
    Deviation("taps", "drop-first", "tap-skipped",
              "leaves out the first tap of every window (range(1, K))"),
    # how a window and the kernel are combined, and what happens to the sums
    Deviation("combine", "sums-multiplied", "sum-of-products",
              "multiplies the sum of the window by the sum of the kernel instead of summing "
              "the products"),
    Deviation("accumulate", "running", "accumulator-not-reset",
              "never resets the running sum between windows, so each output adds all the "
              "earlier ones"),
    Deviation("accumulate", "start-one", "accumulator-not-reset",
              "adds 1 to every output: a sum that starts at 1 (an output buffer made with "
              "np.ones) instead of 0"),
    Deviation("accumulate", "start-first-sample", "accumulator-not-reset",
              "starts each window's sum at the window's first sample instead of 0"),
    Deviation("order", "reversed", "outputs-reversed", "returns the outputs in reverse order"),
    Deviation("activation", "relu", "activation-applied",
              "applies a ReLU (max(0, .)) to the outputs"),
    Deviation("activation", "abs", "activation-applied", "returns the absolute values"),
    Deviation("activation", "sigmoid", "activation-applied", "applies a sigmoid to the outputs"),
    Deviation("activation", "tanh", "activation-applied", "applies tanh to the outputs"),
    # what happens to the values
    Deviation("values", "truncate", "dtype-truncation",
              "stores results in an integer buffer when x is an integer array, truncating them"),
    Deviation("values", "truncate-always", "dtype-truncation",
              "converts every result to an int, dropping the fraction"),
    Deviation("values", "round", "dtype-truncation", "rounds every result to a whole number"),
    Deviation("values", "wrap", "integer-overflow",
              "sums small integers in their own type, so large sums wrap around"),
    Deviation("values", "wrap-products", "integer-overflow",
              "multiplies small integers in their own type, so large products wrap around"),
    Deviation("values", "input-buffer", "dtype-truncation",
              "stores results in a buffer of x's dtype (np.zeros_like(x)): fractions are cut off "
              "and small integer types wrap around"),
    Deviation("values", "wrap-int8", "integer-overflow",
              "converts integer data to int8, so sums beyond 127 wrap around"),
    Deviation("values", "wrap-int16", "integer-overflow",
              "converts integer data to int16, so sums beyond 32767 wrap around"),
    Deviation("values", "x-uint8", "integer-overflow",
              "converts integer x to uint8 (bytes), so negative or large samples wrap around"),
    Deviation("values", "bytes", "strides-bytes",
              "is right for 8-byte dtypes only (byte strides hard-coded as 8)"),
    Deviation("values", "bytes-4", "strides-bytes",
              "is right for 4-byte dtypes only (byte strides hard-coded as 4)"),
    # a kernel longer than the padded input
    Deviation("too_long", "silent", "kernel-too-long-silent",
              "makes up a result instead of an error when the kernel does not fit the input"),
    Deviation("too_long", "empty", "kernel-too-long-silent",
              "returns an empty result instead of an error when the kernel does not fit the input"),
    # how the taps of a dilated kernel are spaced
    Deviation("dilation", "ignored", "dilation", "ignores the dilation (taps next to each other)"),
    Deviation("dilation", "ignored-taps", "dilation",
              "spaces the taps 1 apart while sizing the output for the dilated kernel"),
    Deviation("dilation", "keff-k-times-d", "dilation",
              "sizes the dilated kernel as K*d - 1 instead of d*(K-1) + 1"),
    Deviation("dilation", "on-stride", "dilation", "multiplies the stride by the dilation"),
    # how the axes of x, the kernel and the output are read
    Deviation("x_layout", "transposed", "layout-swapped",
              "reads x with its two axes swapped (channels-first vs channels-last)"),
    Deviation("x_layout", "reshaped", "layout-swapped",
              "reshapes x to the other layout instead of transposing it"),
    Deviation("w_layout", "transposed", "layout-swapped",
              "reads the kernel in the other layout ((K, C_in, C_out) vs (C_out, C_in, K))"),
    Deviation("w_layout", "reshaped", "layout-swapped",
              "reshapes the kernel to the other layout instead of transposing it"),
    Deviation("w_layout", "transpose-102", "layout-swapped",
              "reads the kernel as if its axes were stored in the order (1, 0, 2)"),
    Deviation("w_layout", "transpose-021", "layout-swapped",
              "reads the kernel as if its axes were stored in the order (0, 2, 1)"),
    Deviation("w_layout", "transpose-120", "layout-swapped",
              "reads the kernel as if its axes were stored in the order (1, 2, 0)"),
    Deviation("w_layout", "transpose-201", "layout-swapped",
              "reads the kernel as if its axes were stored in the order (2, 0, 1)"),
    Deviation("w_layout", "reshape-102", "layout-swapped",
              "reshapes the kernel as if its axes were stored in the order (1, 0, 2) (a reshape "
              "where a transpose was needed)"),
    Deviation("w_layout", "reshape-021", "layout-swapped",
              "reshapes the kernel as if its axes were stored in the order (0, 2, 1) (a reshape "
              "where a transpose was needed)"),
    Deviation("w_layout", "reshape-120", "layout-swapped",
              "reshapes the kernel as if its axes were stored in the order (1, 2, 0) (a reshape "
              "where a transpose was needed)"),
    Deviation("w_layout", "reshape-201", "layout-swapped",
              "reshapes the kernel as if its axes were stored in the order (2, 0, 1) (a reshape "
              "where a transpose was needed)"),
    Deviation("out_layout", "transposed", "layout-swapped",
              "returns the output with its axes in the other layout"),
    Deviation("out_layout", "reshaped", "layout-swapped",
              "builds the output as (L_out, C_out) and reshapes it (instead of transposing it) "
              "to the other layout"),
    # which input channels are summed
    Deviation("channels", "first-only", "channels-not-summed",
              "uses only the first input channel instead of summing over all of them"),
    Deviation("channels", "one-per-output", "channels-not-summed",
              "reads only input channel o % C_in for output channel o (as if each filter had "
              "one channel) instead of summing over all of them"),
    Deviation("channels", "last-only", "channels-not-summed",
              "keeps only the last input channel's sum (the accumulator is reset per channel)"),
    # where the bias is added
    Deviation("bias", "per-step", "bias-broadcast",
              "adds bias[t] to output t (along time) instead of bias[o] to channel o"),
    Deviation("bias", "broadcast-last", "bias-broadcast",
              "adds the bias along the last axis (time), which only fits when the lengths agree"),
    Deviation("bias", "per-tap", "bias-broadcast", "adds the bias once per kernel tap"),
    Deviation("bias", "per-input-channel", "bias-broadcast",
              "adds the bias once per input channel"),
    Deviation("bias", "per-product", "bias-broadcast", "adds the bias to every product"),
    Deviation("bias", "missing", "bias-broadcast", "never adds the bias"),
    # inputs refused with an error
    Deviation("refuses", "same", "missing-padding", "raises an error for padding='same'"),
    Deviation("refuses", "int", "missing-padding", "raises an error for an int padding"),
    Deviation("refuses", "padded", "missing-padding",
              "raises an error for every padding but 'valid'"),
    Deviation("refuses", "stride", "stride-ignored", "raises an error for any stride but 1"),
    # which channels a group uses
    Deviation("groups", "interleaved-in", "groups-interleaved",
              "takes every G-th input channel for a group instead of a contiguous block"),
    Deviation("groups", "interleaved-out", "groups-interleaved",
              "assigns output channel o to group o % G instead of o // (C_out / G)"),
    Deviation("groups", "interleaved-both", "groups-interleaved",
              "interleaves both the input and the output channels of the groups"),
)

ADJOINT_DEVIATIONS: tuple[Deviation, ...] = (
    # the kernel's orientation
    Deviation("flip", True, "kernel-flipped",
              "adds the kernel the wrong way round (w[K-1-k] where w[k] belongs): the "
              "gradient of a cross-correlation is a full convolution, with the kernel "
              "flipped once, no more"),
    Deviation("flip", "stride-one", "kernel-flipped",
              "adds the kernel the wrong way round at stride 1 only (a stride-1 shortcut "
              "such as np.convolve flips it once more)"),
    Deviation("flip", "true-convolution", "kernel-flipped",
              "treats the forward pass as a true convolution: the kernel reversed in dx and "
              "dw returned reversed"),
    # how far apart the scattered samples land
    Deviation("spread", "ignored", "stride-ignored",
              "scatters sample t at position t instead of t * stride"),
    Deviation("spread", "ignored-dx", "stride-ignored",
              "scatters dout[t] into dx at t instead of t * stride (dw is right)"),
    Deviation("spread", "ignored-dw", "stride-ignored",
              "reads x at t + k instead of t * stride + k for dw (dx is right)"),
    Deviation("spread", "ignored-length", "stride-ignored",
              "computes the output as if the stride were 1 (no zeros between the samples)"),
    Deviation("spread", "s-zeros", "stride-spread",
              "puts stride zeros between the samples instead of stride - 1 (positions "
              "t * (stride + 1))"),
    Deviation("spread", "s-zeros-dx", "stride-spread",
              "puts stride zeros between the samples of dout instead of stride - 1"),
    Deviation("spread", "s-zeros-dw", "stride-spread",
              "reads x at t * (stride + 1) + k for dw instead of t * stride + k"),
    Deviation("spread", "s-zeros-out", "stride-spread",
              "places sample i at i * (stride + 1) instead of i * stride (the length right)"),
    # where the padding is cropped
    Deviation("crop", "none", "padding-not-cropped",
              "never crops the padding off (returns the result for the padded input)"),
    Deviation("crop", "added", "padding-not-cropped",
              "adds padding zeros around the output instead of cropping them off"),
    Deviation("crop", "left-all", "padding-side", "crops all the padding from the left"),
    Deviation("crop", "right-all", "padding-side", "crops all the padding from the right"),
    Deviation("crop", "left-2p", "padding-side", "crops 2 * padding from the left only"),
    Deviation("crop", "right-2p", "padding-side", "crops 2 * padding from the right only"),
    Deviation("crop", "swapped", "padding-side",
              "crops the left padding from the right and the right padding from the left "
              "(the odd 'same' zero is on the right)"),
    Deviation("crop", "left-only", "padding-side",
              "crops the padding off the left end only"),
    Deviation("crop", "right-only", "padding-side",
              "crops the padding off the right end only"),
    Deviation("crop", "ignored", "missing-padding",
              "ignores the padding: indexes x and dx as if padding were 'valid'"),
    Deviation("crop", "ignored-clipped", "missing-padding",
              "ignores the padding and skips what falls outside x"),
    Deviation("crop", "dw-unpadded", "missing-padding",
              "reads x without its padding for dw (x[t * stride + k] where the padded "
              "xp[t * stride + k] belongs)"),
    Deviation("crop", "same-swapped", "padding-side",
              "puts the odd extra 'same' zero on the left (in the padding and in the crop)"),
    # = where += belongs
    Deviation("overwrite", "dx-last-t", "gradient-overwritten",
              "assigns dx[...] = instead of adding (+=): each cell keeps the last "
              "contribution"),
    Deviation("overwrite", "dx-last-k", "gradient-overwritten",
              "assigns dx[...] = instead of adding, looping over the taps outside"),
    Deviation("overwrite", "dw", "gradient-overwritten",
              "assigns dw[k] = instead of adding (+=): dw keeps the last output's term"),
    Deviation("overwrite", "both", "gradient-overwritten",
              "assigns = instead of adding (+=) into both dx and dw"),
    Deviation("overwrite", "out-last-i", "gradient-overwritten",
              "assigns out[...] = instead of adding where kernels overlap"),
    Deviation("overwrite", "out-last-k", "gradient-overwritten",
              "assigns out[...] = instead of adding, looping over the taps outside"),
    # indices one off
    Deviation("shift", "dw+1", "index-shifted", "reads x one position late for dw"),
    Deviation("shift", "dw-1", "index-shifted", "reads x one position early for dw"),
    Deviation("shift", "dx+1", "index-shifted", "writes dx one position late"),
    Deviation("shift", "dx-1", "index-shifted", "writes dx one position early"),
    Deviation("shift", "out+1", "index-shifted", "writes the output one position late"),
    Deviation("shift", "out-1", "index-shifted", "writes the output one position early"),
    # what comes back
    Deviation("reverse", "dw", "dw-reversed",
              "returns dw reversed (the two arrays of the correlation swapped)"),
    Deviation("results", "swapped", "results-swapped", "returns (dw, dx) instead of (dx, dw)"),
    Deviation("out_pad", "ignored", "output-padding-ignored",
              "leaves output_padding out of the output length"),
    Deviation("out_pad", "clipped", "output-padding-ignored",
              "never adds the output_padding cells to the buffer, so the output stops short "
              "where they belong"),
    Deviation("length", "L*s", "transposed-length", "makes the output L * stride long"),
    Deviation("length", "keras", "transposed-length",
              "uses Keras's length L * stride + max(K - stride, 0) (minus the padding)"),
    Deviation("length", "conv-formula+op", "transposed-length",
              "uses conv1d's output-length formula (L + 2p - K) // stride + 1, plus "
              "output_padding"),
    Deviation("length", "L*s-2p", "transposed-length",
              "makes the output L * stride - 2 * padding long"),
    Deviation("length", "L*s+K-2p-1", "transposed-length",
              "makes the output L * stride + K - 2 * padding - 1 long"),
    Deviation("length", "off-by-minus-one", "transposed-length",
              "makes the output one shorter than (L-1) * stride - 2 * padding + K + "
              "output_padding"),
    Deviation("length", "off-by-plus-one", "transposed-length",
              "makes the output one longer than (L-1) * stride - 2 * padding + K + "
              "output_padding"),
    Deviation("length", "conv-formula", "transposed-length",
              "uses conv1d's output-length formula (L + 2p - K) // stride + 1"),
    Deviation("length", "minus-op", "transposed-length",
              "subtracts output_padding from the output length instead of adding it"),
    Deviation("length", "L*s+op-2p", "transposed-length",
              "makes the output L * stride + output_padding - 2 * padding long"),
    Deviation("length", "L*s+K-1+op-2p", "transposed-length",
              "makes the output L * stride + K - 1 + output_padding - 2 * padding long (a "
              "zero after every sample, the last one too)"),
    Deviation("length", "buffer-L*s", "transposed-length",
              "scatters into a buffer of L * stride + output_padding cells (too short when "
              "K > stride) and crops it"),
    # which source samples are scattered
    Deviation("windows", "skip-last", "last-window-skipped",
              "never scatters the last sample (its loop stops one short)"),
    Deviation("windows", "skip-last-exact", "last-window-skipped",
              "never scatters the last sample when it reaches the end of the buffer exactly "
              "(a loop bound with < where <= belongs)"),
    Deviation("windows", "skip-last-dx", "last-window-skipped",
              "never scatters the last output gradient into dx"),
    Deviation("windows", "skip-last-dw", "last-window-skipped",
              "leaves the last output gradient out of dw"),
    # integer buffers
    Deviation("values", "dx-int", "dtype-truncation",
              "accumulates dx in an integer array like x (np.zeros_like(x)), so the "
              "fractions are cut off"),
    Deviation("values", "dx-int-final", "dtype-truncation",
              "copies the right dx into an integer array like x (np.zeros_like(x)), which "
              "cuts the fractions off"),
    Deviation("values", "out-int-final", "dtype-truncation",
              "copies the right output into an integer array like x, which cuts the "
              "fractions off"),
    Deviation("values", "dw-int", "dtype-truncation",
              "returns dw in an integer array like w, so the fractions are cut off"),
    Deviation("values", "dw-int-each", "dtype-truncation",
              "accumulates dw in an integer array like w (np.zeros_like(w)), so each sum's "
              "fraction is cut off"),
    Deviation("values", "out-int-w", "dtype-truncation",
              "accumulates the output in an integer array like w (np.zeros_like(w)), so the "
              "fractions are cut off"),
    Deviation("values", "out-int", "dtype-truncation",
              "accumulates the output in an integer array like x, so the fractions are cut "
              "off"),
)


def deviations_for(layout: str) -> tuple[Deviation, ...]:
    """The modelled mistakes for an exercise laid out as `layout`: the backward pass and
    the transposed convolution have their own (convlab.diagnosis.adjoint)."""
    return ADJOINT_DEVIATIONS if layout in SCATTER_LAYOUTS else DEVIATIONS
