# threat: raises SystemExit inside the call; message: called sys.exit
import sys


def conv1d(x, w, stride=1, padding="valid"):
    sys.exit("done here")
