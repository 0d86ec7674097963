# threat: exits while being imported; message: called sys.exit(0) while being loaded
import sys

sys.exit(0)
