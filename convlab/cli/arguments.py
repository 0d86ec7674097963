"""Argument types shared by the command line's subcommands."""

from __future__ import annotations

import argparse

__all__ = ["positive"]


def positive(kind: type, what: str):
    """An argparse type: a number of `kind` greater than 0 (and finite), else a message
    saying `what` was expected."""
    def parse(text: str):
        try:
            value = kind(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not {what}") from None
        if not 0 < value < float("inf"):
            raise argparse.ArgumentTypeError(f"must be {what} greater than 0 (got {text})")
        return value

    return parse
