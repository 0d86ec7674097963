"""Test collection settings shared by tests/ and the package's doctests."""

collect_ignore = ["convlab/__main__.py"]
# learners' submissions are data for the grader, never imported by pytest itself
collect_ignore_glob = ["tests/submissions/*", "lessons/*", "nbs/*"]
