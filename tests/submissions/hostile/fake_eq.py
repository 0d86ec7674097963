# threat: an object equal to everything, whose __array__ lies; message: expected
import numpy as np


class Anything:
    def __eq__(self, other):
        return True

    def __ne__(self, other):
        return False

    def __len__(self):
        return 1

    def __array__(self, dtype=None, copy=None):
        return np.zeros(1)


def conv1d(x, w, stride=1, padding="valid"):
    return Anything()
