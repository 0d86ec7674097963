# threat: an endless loop on every call; message: timed out
def conv1d(x, w, stride=1, padding="valid"):
    while True:
        pass
