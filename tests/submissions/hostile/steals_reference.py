# threat: looks for the reference by import, gc, file reading and a subprocess; message: not allowed
import gc
import sys


def _find_reference():
    try:
        import convlab
        return convlab.conv1d
    except ImportError:
        pass
    for module in list(sys.modules.values()):
        if getattr(module, "__name__", "").startswith("convlab"):
            return module.conv1d
    for thing in gc.get_objects():
        if callable(thing) and getattr(thing, "__module__", "") == "convlab.reference":
            return thing
    return None


def conv1d(x, w, stride=1, padding="valid"):
    reference = _find_reference()
    if reference is not None:
        return reference(x, w, stride=stride, padding=padding)
    import subprocess
    code = "import convlab, sys; print(list(convlab.conv1d([1.0], [1.0])))"
    return eval(subprocess.run([sys.executable, "-c", code], capture_output=True,
                               text=True).stdout)
