# threat: allocates without bound; message: out of memory
def conv1d(x, w, stride=1, padding="valid"):
    hoard = []
    while True:
        hoard.append(bytearray(50_000_000))
