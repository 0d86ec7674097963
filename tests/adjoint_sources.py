"""Submission sources of the backward-pass and transposed-convolution exercises, written
to files by the grading tests."""

BACKWARD_SOURCE = '''
import numpy as np

def conv1d_backward(dout, x, w, stride=1, padding="valid"):
    x, w, dout = (np.asarray(a, dtype=float) for a in (x, w, dout))
    if padding == "valid":
        left = right = 0
    elif padding == "same":
        total = max((-(-len(x) // stride) - 1) * stride + len(w) - len(x), 0)
        left, right = total // 2, total - total // 2
    else:
        left = right = padding
    xp = np.pad(x, (left, right))
    dxp, dw = np.zeros(len(xp)), np.zeros(len(w))
    for t in range(len(dout)):
        for k in range(len(w)):
            dxp[t * stride + k] += dout[t] * w[k]
            dw[k] += dout[t] * xp[t * stride + k]
    return dxp[left:left + len(x)], dw
'''

TRANSPOSED_SOURCE = '''
import numpy as np

def conv_transpose1d(x, w, stride=1, padding=0, output_padding=0):
    full = np.zeros((len(x) - 1) * stride + len(w) + output_padding)
    for i in range(len(x)):
        full[i * stride:i * stride + len(w)] += x[i] * np.asarray(w, dtype=float)
    return full[padding:len(full) - padding]
'''
