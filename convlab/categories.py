"""The stable category ids of Conv1D mistakes, each with a title, why it happens and the fix.

Shared by the catalog (every entry has one), diagnosis (which names them) and the grader
(which reports them). Ids are stable: add new ones, never rename.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from convlab.errors import ParameterError, describe

__all__ = ["CATEGORIES", "LOOK_AT", "Category", "get_category"]

# where in a learner's code each kind of mistake lives: what diagnosis points at
LOOK_AT = {
    "padding": "the line that builds the padded input",
    "windows": "the loop over windows",
    "taps": "the loop over the kernel's taps (the innermost loop)",
    "subsample": "the line that keeps every stride-th sample (x[::stride])",
    "accumulator": "the line that starts the running sum, when it runs once, outside the loop",
    "return": "the line that applies a function to the result (a ReLU, abs, a sigmoid)",
    "output": "the line that wrote the first wrong output",
    "state": "nowhere: state kept between calls shows in no single line of one call",
    "scatter": "the line that adds into the result (dx[...] +=, dw[...] +=, out[...] +=)",
    "crop": "the line that crops the padding off the result",
    "result": "the return statement",
}


@dataclass(frozen=True)
class Category:
    """A kind of Conv1D mistake: `why` says what goes wrong, `fix` how to put it right,
    `look_at` where it lives in a learner's code (a key of LOOK_AT). `scatter_why` and
    `scatter_fix`, when set, say the same for the backward pass and the transposed
    convolution, where the mistake shows in a scatter rather than in windows."""

    id: str
    title: str
    why: str
    fix: str
    look_at: str
    scatter_why: str = ""
    scatter_fix: str = ""

    def words(self, scatter: bool = False) -> tuple[str, str]:
        """(why, fix), for a scatter (backward or transposed) when `scatter`."""
        if scatter and self.scatter_why:
            return self.scatter_why, self.scatter_fix
        return self.why, self.fix


_ALL = [
    Category("last-window-skipped", "the last window is never computed",
             "the window loop stops one start too early, e.g. range(0, L - K, stride) "
             "excludes the last valid start L - K; it only shows when the last window ends "
             "exactly at the end of the (padded) input",
             "loop over window starts with range(0, L - K + 1, stride), or over output indices "
             "t in range((L - K) // stride + 1) with start t * stride",
             look_at="windows"),
    Category("extra-window", "one window too many at the end",
             "the output length is rounded up (ceil) or the loop runs one step further, so "
             "the last output reads past the input (a partial window or an index error)",
             "the number of outputs is floor((L + pads - K_eff) / stride) + 1: use integer "
             "division, not ceil",
             look_at="windows"),
    Category("stride-ignored", "the stride is not applied to the window start",
             "windows start at i instead of i * stride (or the loop steps by 1), so stride 1 "
             "is right and every larger stride gives the stride-1 outputs",
             "start window t at t * stride, or loop with range(0, L - K + 1, stride)",
             look_at="windows"),
    Category("kernel-flipped", "the kernel is flipped (true convolution)",
             "np.convolve, or a loop reading w[K - 1 - k], computes mathematical convolution; "
             "deep-learning layers compute cross-correlation and never flip the kernel (a "
             "learner checking scipy.signal.convolve2d by hand found it 'outputs wrong "
             "values', Stack Overflow question 40247760: it flips the kernel)",
             "read w[k] with x[start + k] (np.correlate, not np.convolve), or flip w first",
             look_at="output"),
    Category("missing-padding", "padding is not applied",
             "the padding argument is ignored (or only some kinds are handled), so padded "
             "calls return the 'valid' result, shorter than expected",
             "pad the input before sliding: p zeros each side for an int p, and the Keras "
             "rule for 'same'",
             look_at="padding"),
    Category("same-even-kernel", "'same' padding is wrong for even kernels",
             "(K-1)//2 or K//2 zeros on both sides is right only for odd K: an even kernel "
             "needs K-1 zeros in all, an odd number, so one side gets one more",
             "pad total = K - 1 (at stride 1), left = total // 2, right = total - left",
             look_at="padding"),
    Category("padding-side", "the extra padding zero is on the wrong side",
             "with an odd total of padding the frameworks put the extra zero on the RIGHT; "
             "np.correlate(..., 'same') and some hand-written code put it on the left, "
             "shifting every output by one",
             "left = total // 2, right = total - left",
             look_at="padding"),
    Category("same-stride", "'same' padding is wrong at stride > 1",
             "Keras/TF 'same' gives ceil(L / stride) outputs and pads "
             "max((ceil(L/s) - 1)*s + K - L, 0) in total; symmetric (K-1)//2 padding or a "
             "floor(L / stride) length only agree at stride 1",
             "total = max((ceil(L/s) - 1)*s + K_eff - L, 0); left = total // 2; right = total "
             "- left",
             look_at="padding"),
    Category("causal-leak", "a causal convolution sees the future",
             "causal output t may only use inputs up to t: padding on both sides ('same') or "
             "on the right lets it read later inputs",
             "pad dilation*(K-1) zeros on the LEFT only",
             look_at="padding"),
    Category("dilation", "dilation handled wrongly",
             "dilated taps are d apart, so one window spans K_eff = d*(K-1) + 1 inputs; "
             "using K*d - 1, padding K-1 instead of d*(K-1), or spacing the taps wrongly "
             "shifts or shortens the output",
             "read x[start + k * dilation] and use K_eff = dilation*(K-1) + 1 everywhere a "
             "length or a padding is computed",
             look_at="output"),
    Category("dtype-truncation", "results truncated to integers",
             "an output buffer made like the input (np.zeros_like(x) on an int array) stores "
             "every float result rounded toward zero, silently",
             "keep results as floats: create the output with np.zeros(n, dtype=float) "
             "(np.zeros_like(x) copies x's integer dtype) and never wrap a result in int()",
             look_at="output"),
    Category("integer-overflow", "integer overflow in the sum",
             "multiplying and summing small integer types (uint8, int16) wraps around "
             "modulo 2**bits: 200 + 200 becomes 144 in uint8",
             "convert to float (or int64) before multiplying: x.astype(float)",
             look_at="output"),
    Category("layout-swapped", "axes swapped (layout)",
             "channels-first and channels-last, or the kernel layouts (C_out, C_in, K) and "
             "(K, C_in, C_out), were mixed up, or reshape was used where a transpose was "
             "needed; it is silent when the axes happen to have equal sizes",
             "transpose (never reshape) between layouts: x.transpose(0, 2, 1), "
             "w.transpose(2, 1, 0)",
             look_at="output"),
    Category("bias-broadcast", "bias added along the wrong axis",
             "the bias belongs to output channels: it is added once per output value, "
             "bias[o] to every t of channel o; adding it per time step, per tap or per input "
             "channel gives wrong values",
             "add bias[o] once, after the sum: out + bias[:, None]",
             look_at="output"),
    Category("groups-interleaved", "groups wired to the wrong channels",
             "group g uses the contiguous block of channels g*C/G .. (g+1)*C/G - 1 (of the "
             "input and of the output); taking every G-th channel interleaves them",
             "slice x[g*C_in//G:(g+1)*C_in//G] for group g and write output channels "
             "g*C_out//G:(g+1)*C_out//G",
             look_at="output"),
    Category("wrap-around", "negative indices wrap around",
             "x[t - p] with t < p is a negative index, which Python reads from the END of "
             "x instead of a padding zero",
             "check 0 <= index < L before reading, or pad the input explicitly",
             look_at="padding"),
    Category("kernel-too-long-silent", "no error when the kernel does not fit",
             "when the kernel is longer than the padded input no window fits; returning an "
             "empty or made-up result hides the mistake (np.correlate even swaps its "
             "arguments silently)",
             "raise an error when K_eff > L + pads, naming both lengths",
             look_at="output"),
    Category("strides-bytes", "byte strides hard-coded",
             "np.lib.stride_tricks.as_strided takes strides in BYTES; hard-coding 8 is right "
             "only for float64/int64 input and reads garbage for other dtypes",
             "use x.strides[0], or sliding_window_view which needs no strides",
             look_at="output"),
    Category("reflect-vs-symmetric", "'reflect' padding implemented as 'symmetric'",
             "PyTorch's reflect padding mirrors around the edge sample without repeating it "
             "([3, 2 | 1, 2, 3]); numpy's 'symmetric' repeats it ([2, 1 | 1, 2, 3])",
             "np.pad(x, p, mode='reflect') matches PyTorch's 'reflect'",
             look_at="padding"),
    Category("invalid-output", "raises or returns something that is not the output",
             "the function fails (an exception) or returns no array of numbers (None, a "
             "string, a ragged list) on inputs the reference handles, and no classic "
             "mistake explains it",
             "run it on the smallest failing input and read the error; return a 1-D array "
             "(or list) of numbers",
             look_at="output"),
    Category("wrong-values", "wrong values, no classic mistake explains them",
             "the outputs have the expected shape but other values, and none of the known "
             "mistakes (padding, windows, stride, flipped kernel, dtypes, layouts) predicts "
             "them",
             "trace the smallest failing input step by step next to the reference "
             "(convlab.Debugger or `convlab trace`) and compare one window's products",
             look_at="output"),
    Category("channels-not-summed", "input channels not summed",
             "each output channel sums over every input channel (and every tap); using "
             "one channel, or summing taps but not channels, gives wrong values whenever "
             "C_in > 1",
             "accumulate w[o, c, k] * x[c, start + k] over both c and k",
             look_at="output"),
    Category("accumulator-not-reset", "the running sum is not reset between windows",
             "the sum for output t must start from zero: a total kept outside the window loop "
             "(or an output buffer made with np.ones) carries the earlier windows into every "
             "later output",
             "set acc = 0 inside the loop over outputs, just before the loop over taps; "
             "create the output with np.zeros",
             look_at="accumulator"),
    Category("tap-skipped", "a kernel tap is left out",
             "the loop over taps must run over all K of them: range(K - 1) forgets the last "
             "one, range(1, K) the first, so every output misses one product",
             "loop over taps with range(K) (or range(len(w)))",
             look_at="taps"),
    Category("stride-subsampled", "the input is subsampled instead of the windows",
             "stride moves the window by s samples; taking every s-th sample of x first "
             "(x[::s]) and then sliding the kernel builds windows of samples s apart, which "
             "are not the input's windows",
             "keep x whole and start window t at t * stride",
             look_at="subsample"),
    Category("window-offset", "every window starts one sample off",
             "window t starts at t * stride; an index ported from a 1-based language "
             "(MATLAB, Julia, R) or a stray + 1 / - 1 reads each window one sample late or "
             "early",
             "read x[t * stride + k] for k in range(K), with t and k counted from 0",
             look_at="windows"),
    Category("padding-not-zero", "the padding holds samples instead of zeros",
             "'same', 'full' and int padding add zeros; np.pad with mode='edge', 'reflect' "
             "or 'symmetric' (or a copy of x's ends) fills them with samples, which changes "
             "the outputs near both edges",
             "np.pad(x, (left, right)) (its default mode is 'constant', zeros)",
             look_at="padding"),
    Category("outputs-reversed", "the outputs come out in reverse order",
             "output t belongs to the window that starts at t * stride: inserting each new "
             "result at the front, or filling the buffer from the back, reverses them",
             "append each result (or write out[t]) in the order of the windows",
             look_at="output"),
    Category("activation-applied", "an activation is applied to the output",
             "a convolution layer's conv1d is the sums alone; a ReLU, abs, sigmoid or tanh "
             "belongs to the next layer and changes every negative (or every) output",
             "return the sums themselves; apply the activation outside conv1d",
             look_at="return"),
    Category("sum-of-products", "the window's sum times the kernel's sum",
             "each output is the dot product sum(x[start + k] * w[k]); multiplying "
             "sum(window) by sum(w) gives the same only when the kernel is one tap long",
             "sum the products: np.dot(window, w) or (window * w).sum()",
             look_at="output"),
    Category("stateful", "the result depends on earlier calls",
             "a conv1d must give the same output for the same input every time; a mutable "
             "default argument (results=[]: Python evaluates defaults once, when the def "
             "runs, so the same list grows across calls, as Python Discord's "
             "mutable-default-args note shows), a cache keyed on the shapes only, or weights "
             "kept in a global from the first call make later calls answer for earlier inputs",
             "keep no state between calls: build every list inside the function and never "
             "use a list or dict as a default argument (use None and create it inside)",
             look_at="state"),
    Category("modifies-input", "the function modifies its input",
             "writing into x or w (padding in place, x[i] *= ..., x += ...) changes the "
             "caller's arrays: the next call, or the rest of the caller's program, then "
             "works on different data, even when this output is right",
             "work on a copy (x = np.array(x, dtype=float)) or build new arrays "
             "(np.pad returns a new one); never assign into x[...] or w[...]",
             look_at="output"),
]

_SCATTER = [
    Category("stride-spread", "the stride is spread with the wrong number of zeros",
             "a stride s puts s - 1 zeros between the samples that are scattered (sample t "
             "lands at t * s); inserting s zeros puts them (s + 1) apart, so every output "
             "after the first lands too far right",
             "insert stride - 1 zeros (np.zeros((n - 1) * stride + 1) filled at [::stride]), "
             "or scatter sample t at t * stride",
             look_at="scatter"),
    Category("padding-not-cropped", "the padding is not cropped off",
             "the forward pass padded x, so the scatter fills a buffer as long as the padded "
             "input (or the uncropped transposed output); the padding's cells must be cut "
             "off again, and adding padding instead makes it longer still",
             "return buffer[left:left + L] for dx; for the transposed convolution crop "
             "`padding` cells from each end of the full result",
             look_at="crop"),
    Category("gradient-overwritten", "= where += belongs: contributions overwritten",
             "several output positions (or kernel taps) add into the same cell of dx, dw or "
             "the transposed output; assigning with = keeps only the last contribution, "
             "which is right only where a single one lands (stride >= K, or one output)",
             "accumulate with += into a buffer of zeros",
             look_at="scatter"),
    Category("index-shifted", "an index is one position off",
             "dw[k] pairs dout[t] with xp[t * stride + k] and dx receives dout[t] * w[k] at "
             "t * stride + k; a stray + 1 / - 1 (or a 1-based habit) pairs each value with "
             "its neighbour",
             "write the index from the forward pass: output t read xp[t * stride + k] "
             "through tap k",
             look_at="scatter"),
    Category("dw-reversed", "dw comes out reversed",
             "dw[k] = sum_t dout[t] * xp[t * stride + k] is a correlation of the padded "
             "input with dout; swapping its two arguments (np.correlate(dout, xp)) or "
             "convolving instead returns the taps in reverse order",
             "correlate the padded x with dout: np.correlate(xp, dout, 'valid') at stride 1",
             look_at="result"),
    Category("results-swapped", "the two results are returned in the wrong order",
             "the function returns (dw, dx) where (dx, dw) is asked for",
             "return dx, dw",
             look_at="result"),
    Category("output-padding-ignored", "the output length ignores output_padding",
             "output_padding adds that many cells at the end of the transposed output (it "
             "picks one of the input lengths a strided conv1d maps to the same length); "
             "leaving it out makes the output that much too short",
             "make the output (L - 1) * stride - 2 * padding + K + output_padding long, the "
             "extra cells zero where no sample reaches",
             look_at="crop"),
    Category("transposed-length", "the transposed output length is wrong",
             "the transposed convolution's output is (L - 1) * stride - 2 * padding + K + "
             "output_padding long; other formulas (L * stride, conv1d's own formula, an "
             "off-by-one) cut off or add cells at the end",
             "compute the length with (L - 1) * stride - 2 * padding + K + output_padding",
             look_at="crop"),
]

_SCATTER_WORDS = {
    "kernel-flipped": (
        "the backward pass of a cross-correlation scatters dout[t] * w[k] to position "
        "t * stride + k, which as a dense operation is a full convolution with the kernel "
        "flipped once; correlating with w unflipped (or flipping twice, or not flipping "
        "after inserting zeros) applies the kernel the wrong way round",
        "scatter dout[t] * w[k] to t * stride + k, or correlate the zero-inserted, padded "
        "dout with w[::-1]"),
    "stride-ignored": (
        "at stride s, output t read the window starting at t * s, so its gradient goes "
        "back to t * s + k; scattering at t (or reading x at t + k for dw, or skipping the "
        "zero insertion) is right only at stride 1",
        "scatter sample t at t * stride + k, and read xp[t * stride + k] for dw"),
    "padding-side": (
        "the forward pass padded `left` zeros before x and `right` after (for Keras "
        "'same' the odd extra zero goes right); cropping them from the wrong end shifts "
        "every gradient",
        "crop exactly `left` cells from the start and `right` from the end "
        "(buffer[left:left + L])"),
    "missing-padding": (
        "the forward pass read the padded input, so the gradient positions are in padded "
        "coordinates; indexing x and dx as if there were no padding misplaces or drops "
        "them",
        "pad x the way the forward pass did, scatter into a buffer of the padded length, "
        "then crop"),
    "last-window-skipped": (
        "every source sample contributes: each dout[t] to dx and dw, each x[i] to the "
        "transposed output; a loop that stops one short leaves the last one out",
        "loop over all of them: range(len(dout)), range(len(x))"),
    "dtype-truncation": (
        "a buffer made with np.zeros_like(x) (or w) has x's integer dtype, so every "
        "fraction added into it is cut off",
        "make the buffers floats: np.zeros(n, dtype=float)"),
}
_ALL = [
    *(replace(c, scatter_why=_SCATTER_WORDS[c.id][0], scatter_fix=_SCATTER_WORDS[c.id][1])
      if c.id in _SCATTER_WORDS else c for c in _ALL),
    *_SCATTER,
]

CATEGORIES: dict[str, Category] = {category.id: category for category in _ALL}


def get_category(category_id: str) -> Category:
    """The Category with this id, or an error listing the ids."""
    if category_id not in CATEGORIES:
        raise ParameterError(f"unknown category {describe(category_id)}; known ids: "
                             f"{', '.join(CATEGORIES)}", "category")
    return CATEGORIES[category_id]
