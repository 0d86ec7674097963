"""The public names: __all__ is complete and every name in it exists."""

import convlab


def test_all_names_exist():
    for name in convlab.__all__:
        assert hasattr(convlab, name), name


def test_all_lists_every_public_name():
    public = {name for name in vars(convlab) if not name.startswith("_")}
    modules = {name for name in public if type(getattr(convlab, name)).__name__ == "module"}
    assert public - modules - set(convlab.__all__) == set()
