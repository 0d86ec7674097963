# threat: prints megabytes on every call; message: printed more than
def conv1d(x, w, stride=1, padding="valid"):
    for _ in range(100):
        print("spam " * 20_000)
    return [0.0]
