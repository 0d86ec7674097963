"""Test collection settings shared by tests/ and the package's doctests."""

collect_ignore = ["convlab/__main__.py"]
