# threat: reads address 0 through ctypes; message: segmentation fault
import ctypes


def conv1d(x, w, stride=1, padding="valid"):
    return [ctypes.c_int.from_address(8).value]
