"""The `convlab` command line (also `python -m convlab`).

Each subcommand lives in a module of this package named `cmd_<name>.py` that defines
`register(subparsers)`; this module only collects them, so `convlab --help` stays fast.
"""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import sys

from convlab import __version__
from convlab.errors import ConvlabError

__all__ = ["main"]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="convlab", description="Learn 1-D convolution by debugging it.")
    parser.add_argument("--version", action="version", version=f"convlab {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        if module.name.startswith("cmd_"):
            importlib.import_module(f"{__name__}.{module.name}").register(subparsers)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "run", None):
        parser.print_help()
        return 0
    try:
        return int(args.run(args) or 0)
    except ConvlabError as error:
        print(f"convlab {args.command}: error: {error}", file=sys.stderr)
        return 2
    except OSError as error:
        # a file the command was asked to read or write: missing, a folder, not allowed
        where = f": {error.filename}" if error.filename else ""
        print(f"convlab {args.command}: error: {error.strerror or error}{where}",
              file=sys.stderr)
        return 2
