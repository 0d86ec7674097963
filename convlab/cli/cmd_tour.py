"""`convlab tour`: a first walk through the bugs of the article and the blog, in the terminal.

For each entry: the flawed function's source, what it returns next to the reference on the
smallest input that shows the bug (or the article's own example), and what `diagnose`
names from the function's behaviour alone. It ends with where to go next.
"""

from __future__ import annotations

import argparse
import inspect
import sys

import numpy as np
from rich.console import Console
from rich.panel import Panel
from rich.syntax import Syntax

from convlab import Case, catalog, diagnose
from convlab.exercises import get_exercise
from convlab.formatting import outcome_text

# the article's own example: its printed numbers come back exactly
_ARTICLE_EXAMPLES = {"article-strided-range": dict(x=np.arange(1, 9), w=[0.5, -0.5], stride=2)}


def register(subparsers) -> None:
    tour = subparsers.add_parser(
        "tour", help="start here: the article's and the blog's Conv1D bugs, found and named",
        description="Walk through the catalog's article and blog entries: each flawed "
                    "function, its output next to the reference, and the diagnosis.")
    tour.add_argument("--all", action="store_true", help="every catalog entry, not only "
                                                          "the article's and the blog's")
    tour.set_defaults(run=_run_tour)


def _run_tour(args: argparse.Namespace) -> int:
    console = Console(width=None if sys.stdout.isatty() else 100, highlight=False)
    bugs = [bug for bug in catalog.BUGS if args.all or bug.source in ("article", "blog")]
    console.print(f"[bold]convlab tour[/bold]: {len(bugs)} Conv1D bugs, each run next to the "
                  f"reference conv1d and named by diagnose from its behaviour alone.\n")
    named = 0
    for number, bug in enumerate(bugs, 1):
        example = _ARTICLE_EXAMPLES.get(bug.id)
        case = Case(**example) if example else bug.counterexample
        flawed, fixed, reference = bug.outcomes(case)
        diagnosis = diagnose(bug.flawed, bug.exercise, locate=False)
        found = diagnosis.categories[:1] == (bug.category,)
        named += found
        source = Syntax(inspect.getsource(bug.flawed).rstrip(), "python", line_numbers=False,
                        theme="ansi_dark")
        console.print(Panel(source, title=f"{number}. {bug.title}", subtitle=f"{bug.id} "
                            f"({bug.source})", title_align="left"))
        console.print(f"  input:      {repr(case)[5:-1]}")
        console.print(f"  flawed:     [red]{_one_line(flawed)}[/red]")
        console.print(f"  reference:  [green]{_one_line(reference)}[/green]")
        mark = "[green]right[/green]" if found else f"[red]expected {bug.category}[/red]"
        console.print(f"  diagnose:   [bold]{', '.join(diagnosis.categories[:2])}[/bold] "
                      f"({mark}) — {get_exercise(bug.exercise).name} exercise")
        console.print(f"  why:        {bug.explanation}\n")
    console.print(f"[bold]{named} of {len(bugs)}[/bold] mistakes named correctly.\n")
    console.print("Next steps:\n"
                  "  convlab list                          the whole catalog\n"
                  "  convlab show article-strided-range    flawed and fixed side by side\n"
                  "  convlab trace article-strided-range   step through it next to the "
                  "reference\n"
                  "  jupyter lab nbs/                      the lessons, with the Debugger "
                  "widget")
    return 0 if named == len(bugs) else 1


def _one_line(outcome) -> str:
    """An outcome's text on one line, however many dimensions its array has."""
    return " ".join(outcome_text(outcome).split())
