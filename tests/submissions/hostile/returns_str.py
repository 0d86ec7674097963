# threat: returns the right numbers as a string; message: returned a str, not an array
import numpy as np


def conv1d(x, w, stride=1, padding="valid"):
    return str(np.correlate(np.asarray(x, float), np.asarray(w, float)))
