"""`convlab list` and `convlab show BUG`: browse the bug catalog in the terminal."""

from __future__ import annotations

import argparse
import difflib
import inspect
import shutil
import sys
import textwrap

from rich.console import Console
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from convlab import catalog
from convlab.catalog import first_difference
from convlab.catalog.bug import SOURCES
from convlab.errors import ParameterError
from convlab.exercises import get_exercise
from convlab.formatting import outcome_text
from convlab.judging import judge


def register(subparsers) -> None:
    listing = subparsers.add_parser(
        "list", help="the bug catalog: id, category, source and title of every entry",
        description="List the catalog's entries, optionally only one category, source or "
                    "exercise.")
    listing.add_argument("--category", "-c", help="only entries of this category id")
    listing.add_argument("--source", "-s", choices=SOURCES, help="only entries from here")
    listing.add_argument("--exercise", "-e", choices=sorted({bug.exercise for bug in
                                                             catalog.BUGS}),
                         help="only entries of this exercise (e.g. conv1d-backward)")
    listing.set_defaults(run=_run_list)

    show = subparsers.add_parser(
        "show", help="one entry: flawed and fixed code side by side, and where they differ",
        description="Show a catalog entry: flawed and fixed source side by side with the "
                    "differing lines marked, the explanation, where it was seen, and the "
                    "counterexample with the flawed, fixed and reference outputs.")
    show.add_argument("bug", help="the entry's id, e.g. article-strided-range")
    show.set_defaults(run=_run_show)


def _console():
    # pipes and captured output get a width that fits two columns of code
    return Console(width=None if sys.stdout.isatty() else 200, highlight=False)


def _run_list(args: argparse.Namespace) -> int:
    known = catalog.categories()
    if args.category is not None and args.category not in known:
        containing = [category for category in known if args.category in category]
        close = containing or difflib.get_close_matches(args.category, known, n=1, cutoff=0.0)
        hint = f"; did you mean {close[0]!r}?" if close else ""
        raise ParameterError(f"no entries of category {args.category!r}{hint}", "category")
    bugs = [bug for bug in catalog.BUGS
            if args.category in (None, bug.category) and args.source in (None, bug.source)
            and getattr(args, "exercise", None) in (None, bug.exercise)]
    console = _list_console()
    console.print(f"[bold]convlab bug catalog: {len(bugs)} entries[/bold]")
    if console.width >= WIDE:
        table = Table()
        table.add_column("id", no_wrap=True, style="bold")
        table.add_column("category", no_wrap=True)
        table.add_column("source")
        table.add_column("title")
        for bug in bugs:
            table.add_row(bug.id, bug.category, bug.source, bug.title)
        console.print(table)
        return 0
    # a narrow terminal: the id and its category on one line, the title wrapped below it
    for bug in bugs:
        console.print(Text.assemble((bug.id, "bold"), "  ", (f"{bug.category} · {bug.source}",
                                                             "dim")))
        for line in textwrap.wrap(bug.title, max(console.width - 4, 20)):
            console.print(Text(f"    {line}"))
    return 0


WIDE = 120
"""The terminal width from which `convlab list` draws a table (below it, two lines an entry)."""


def _list_console() -> Console:
    """A console as wide as the terminal (COLUMNS, or 80 when output is piped)."""
    return Console(width=None if sys.stdout.isatty() else shutil.get_terminal_size().columns,
                   highlight=False)


def side_by_side(flawed_source: str, fixed_source: str):
    """A two-column table of the sources, lines aligned, the lines that differ marked.

    A flawed-only line is marked '-' in red, a fixed-only line '+' in green.
    """

    old, new = flawed_source.splitlines(), fixed_source.splitlines()
    table = Table(show_lines=False, expand=True, pad_edge=False)
    table.add_column("flawed", ratio=1, overflow="fold")
    table.add_column("fixed", ratio=1, overflow="fold")
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    for tag, old_start, old_end, new_start, new_end in matcher.get_opcodes():
        left, right = old[old_start:old_end], new[new_start:new_end]
        for row in range(max(len(left), len(right))):
            cells = []
            for lines, mark, style in ((left, "-", "red"), (right, "+", "green")):
                if row >= len(lines):
                    cells.append(Text(""))
                elif tag == "equal":
                    cells.append(Text(f"  {lines[row]}"))
                else:
                    cells.append(Text(f"{mark} {lines[row]}", style=f"bold {style}"))
            table.add_row(*cells)
    return table


def _run_show(args: argparse.Namespace) -> int:
    bug = catalog.get(args.bug)
    console = _console()
    console.print(Panel(f"[bold]{bug.title}[/bold]\ncategory {bug.category} · source "
                        f"{bug.source} · exercise {bug.exercise}", title=bug.id))
    console.print(side_by_side(inspect.getsource(bug.flawed), inspect.getsource(bug.fixed)))
    console.print(Panel(bug.explanation, title="what goes wrong"))
    console.print("[bold]Seen in[/bold]")
    for reference in bug.seen_in:
        console.print(f"  • {reference}", soft_wrap=True)

    case = bug.counterexample
    flawed, fixed, reference = bug.outcomes(case)
    console.print(f"[bold]Counterexample[/bold] {case!r}", soft_wrap=True)
    outputs = Table()
    outputs.add_column("run")
    outputs.add_column("outcome", overflow="fold")
    outputs.add_row("flawed", outcome_text(flawed), style="red")
    outputs.add_row("fixed", outcome_text(fixed), style="green")
    outputs.add_row("reference", outcome_text(reference))
    console.print(outputs)
    index = first_difference(reference, flawed, case)
    if reference.parts and flawed.parts and index is not None:
        verdict = judge(get_exercise(bug.exercise), case, flawed, reference)
        console.print(f"What differs: {verdict.message}", soft_wrap=True)
    elif index is not None:
        console.print(f"First differing index: {index}")
    elif reference.error and not flawed.error:
        console.print("The reference refuses this input; the flawed version returns a result "
                      "instead of raising.")
    else:
        console.print("The flawed version raises where the reference returns a result.")
    return 0
