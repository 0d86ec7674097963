"""The public names: __all__ is complete and every name in it exists."""

import convlab


def test_all_names_exist():
    """Every name listed in convlab.__all__ is an attribute of the package."""
    for name in convlab.__all__:
        assert hasattr(convlab, name), name


def test_all_lists_every_public_name():
    """Every public non-module attribute of the package is listed in __all__."""
    public = {name for name in vars(convlab) if not name.startswith("_")}
    modules = {name for name in public if type(getattr(convlab, name)).__name__ == "module"}
    assert public - modules - set(convlab.__all__) == set()


def test_lazy_names_resolve():
    """Names imported on first use are the real objects and come back the same every time."""
    import importlib

    assert convlab._LAZY
    for name, module_name in convlab._LAZY.items():
        module = importlib.import_module(module_name)
        real = module if module_name.endswith(f".{name}") else getattr(module, name)
        assert getattr(convlab, name) is real, name
        assert getattr(convlab, name) is getattr(convlab, name)
    assert "exercises" in dir(convlab)


def test_core_imports_with_numpy_alone():
    """`import convlab` loads neither matplotlib nor ipywidgets."""
    import subprocess
    import sys

    code = ("import sys, convlab; convlab.conv1d([1, 2], [1]); "
            "print(sorted(m for m in ('matplotlib', 'ipywidgets', 'torch', 'rich') "
            "if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout
    assert out.strip() == "[]"
