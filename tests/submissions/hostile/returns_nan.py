# threat: returns NaN of the right length; message: is nan
import numpy as np


def conv1d(x, w, stride=1, padding="valid"):
    return np.full(max(len(x) - len(w) + 1, 1), np.nan)
