"""The Jupyter Debugger: `Debugger` (convlab.widget.debugger) over its ipywidgets controls
(convlab.widget.controls). Only this package imports ipywidgets."""

from convlab.widget.debugger import MODES, Debugger

__all__ = ["MODES", "Debugger"]
