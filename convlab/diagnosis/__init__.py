"""Diagnosis: name the mistake in a learner's Conv1D from how it behaves.

The way a good TA works: feed the function inputs whose outputs can be read (the probe
battery), compare each answer with the reference, then ask which known mistake — or pair of
mistakes — explains every difference seen. Each mistake is a model (convlab.diagnosis.models)
that predicts what a function with that mistake returns; a model's gain is the number of
differences it predicts minus the number of right answers it wrongly predicts to differ.
Nothing here reads the learner's source to classify it: only behaviour counts, so it works
on code written any way at all. The learner's source is used only to point at a line.

The rooms: `mistakes` (the catalogue of modelled mistakes), `models` (what a function with
them outputs), `engine` (probing and ranking), `explanation` (the Diagnosis record and its
words, as text and HTML) and `locating` (the learner's line to look at).
"""

from convlab.diagnosis.engine import diagnose, has_probes
from convlab.diagnosis.explanation import Diagnosis, Finding

__all__ = ["Diagnosis", "Finding", "diagnose", "has_probes"]
