# threat: kills its own process; message: exited with code 3
import os


def conv1d(x, w, stride=1, padding="valid"):
    os._exit(3)
