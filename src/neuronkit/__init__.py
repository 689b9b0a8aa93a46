"""neuronkit: artificial neurons and activation functions, exact and measured.

>>> import neuronkit as nk
>>> f = nk.activation("logistic")
>>> f([0.0])
array([0.5])
"""

from __future__ import annotations

from . import activations, errors
from .activations import ALIASES, REGISTRY, Activation, Properties, activation, activation_names

__version__ = "0.1.0"

__all__ = [
    "ALIASES",
    "REGISTRY",
    "Activation",
    "Properties",
    "activation",
    "activation_names",
    "activations",
    "errors",
]
