"""The bug catalog: classic Conv1D mistakes, each as a flawed function, its fix and a
counterexample.

Entries come from three places: the article on hand-written Conv1D flaws (`article`), the
blog post that spells Conv1D out with Keras (`blog`), and mistakes seen again and again in
public code (`classic`). An entry's `source` names only what that text itself wrote.
`BUGS` keeps them in a stable order; `get(bug_id)` finds one, by its id or by an id it had
before (`ALIASES`: old id -> current id), so names in old notebooks and scripts keep working.

>>> from convlab import catalog
>>> bug = catalog.get("article-np-convolve")
>>> bug.category
'kernel-flipped'
>>> bug.run_flawed(bug.counterexample), bug.run_reference(bug.counterexample)
(array([12.]), array([21.]))
"""

from __future__ import annotations

import difflib

from convlab.errors import ConvlabError

from . import adjoint, article, blog, classic
from .bug import SOURCES, Bug, Domain, first_difference

__all__ = ["ALIASES", "BUGS", "SOURCES", "Bug", "Domain", "UnknownBugError", "categories",
           "first_difference", "get"]

BUGS: tuple[Bug, ...] = (*article.ENTRIES, *blog.ENTRIES, *classic.ENTRIES, *adjoint.ENTRIES)

_BY_ID = {bug.id: bug for bug in BUGS}

# Entries renamed when their `source` was corrected: neither text wrote these functions.
ALIASES: dict[str, str] = {
    "article-zeros-like": "classic-zeros-like-buffer",
    "blog-kernel-reshaped": "classic-keras-kernel-reshaped",
}


class UnknownBugError(ConvlabError, LookupError):
    """No catalog entry has this id."""


def get(bug_id: str) -> Bug:
    """The entry called `bug_id`, or an UnknownBugError naming the closest id."""
    if not isinstance(bug_id, str):
        raise UnknownBugError(f"'bug_id' must be a catalog id such as "
                              f"'article-strided-range' (got {bug_id!r})", "bug_id")
    if bug_id in _BY_ID:
        return _BY_ID[bug_id]
    if bug_id in ALIASES:
        return _BY_ID[ALIASES[bug_id]]
    close = difflib.get_close_matches(str(bug_id), list(_BY_ID), n=1, cutoff=0.0)
    hint = f"; did you mean {close[0]!r}?" if close else ""
    raise UnknownBugError(f"no catalog entry {bug_id!r}{hint} (`convlab list` shows them all)",
                          "bug_id")


def categories() -> tuple[str, ...]:
    """The category ids the catalog covers, in the order they first appear in BUGS."""
    return tuple(dict.fromkeys(bug.category for bug in BUGS))
