"""`python -m convlab` runs the command line."""

import sys

from convlab.cli import main

sys.exit(main())
