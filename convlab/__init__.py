"""convlab: learn 1-D convolution by debugging it.

The core (conv1d, ConvSpec, Case, errors) imports with numpy alone; everything else is
imported the first time it is used, so `import convlab` stays fast and the widget's
ipywidgets or the renderer's matplotlib are only loaded when asked for.
"""

from importlib import import_module as _import_module

from convlab.case import Case
from convlab.errors import ConvlabError, ParameterError, ParameterTypeError, ShapeError
from convlab.reference import conv1d
from convlab.shapes import ShapeReport, explain_shapes
from convlab.spec import ConvSpec

# public name -> module that defines it, imported on first use
_LAZY = {
    "exercises": "convlab.exercises",
    "catalog": "convlab.catalog",
    "trace": "convlab.tracing",
    "Trace": "convlab.tracing",
    "Step": "convlab.tracing",
    "compare": "convlab.comparing",
    "Comparison": "convlab.comparing",
    "provenance": "convlab.probing",
    "Provenance": "convlab.probing",
    "learn": "convlab.learn",
    "diagnose": "convlab.diagnosis",
    "Diagnosis": "convlab.diagnosis",
    "Finding": "convlab.diagnosis",
    "check": "convlab.feedback",
    "assert_conv1d": "convlab.feedback",
    "check_hunt": "convlab.feedback",
    "Debugger": "convlab.widget",
    "animate": "convlab.animation",
    "conv_transpose1d": "convlab.transposed",
}

__all__ = [
    "Case",
    "ConvSpec",
    "ConvlabError",
    "ParameterError",
    "ParameterTypeError",
    "ShapeError",
    "ShapeReport",
    "conv1d",
    "explain_shapes",
    *_LAZY,
]
__version__ = "0.1.0"


def __getattr__(name: str):
    if name not in _LAZY:
        raise AttributeError(f"module 'convlab' has no attribute {name!r}")
    module = _import_module(_LAZY[name])
    value = module if module.__name__.endswith(f".{name}") else getattr(module, name)
    globals()[name] = value
    return value


def __dir__():
    return sorted(set(globals()) | set(_LAZY))
