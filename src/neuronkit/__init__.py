"""neuronkit: artificial neurons and activation functions, exact and measured.

>>> import neuronkit as nk
>>> f = nk.activation("logistic")
>>> f([0.0])
array([0.5])

Importing the package imports every room of the house (design notes, section 1)
except ``cli`` and ``explorer``; the upper rooms (``plotting``, ``training``,
``serialization``) register the hooks the lower ones use (:mod:`neuronkit.hooks`).
None of them imports matplotlib or a web framework at module level.
"""

from __future__ import annotations

from . import (
    activations,
    datasets,
    errors,
    experiments,
    initializers,
    losses,
    optimizers,
    plotting,  # provides the Jupyter reprs and the experiments' figures (hooks)
    serialization,  # provides Network.save and Network.load (hooks)
    training,  # provides Network.fit (hooks)
)
from ._settings import get_buffer_cache, get_num_threads, set_buffer_cache, set_num_threads
from ._version import __version__
from .activations import (
    ALIASES,
    REGISTRY,
    Activation,
    Properties,
    VectorActivation,
    activation,
    activation_names,
    vector_activation_names,
)
from .analysis import Analysis, analyze
from .audits import Audit, audit
from .config import show_config
from .layers import Dense, Maxout
from .network import Network
from .neurons import (
    MPNetwork,
    MPNeuron,
    Neuron,
    linear_separability,
    truth_table,
    xnor_network,
    xor_network,
)
from .serialization import load, save
from .training import History, gradcheck

__all__ = [
    "__version__",
    "ALIASES",
    "REGISTRY",
    "Activation",
    "Analysis",
    "Audit",
    "Properties",
    "VectorActivation",
    "activation",
    "activation_names",
    "vector_activation_names",
    "activations",
    "analyze",
    "audit",
    "errors",
    "experiments",
    "get_buffer_cache",
    "get_num_threads",
    "set_buffer_cache",
    "set_num_threads",
    "show_config",
    # neurons, networks and training
    "Dense",
    "History",
    "MPNetwork",
    "MPNeuron",
    "Maxout",
    "Network",
    "Neuron",
    "datasets",
    "gradcheck",
    "initializers",
    "linear_separability",
    "load",
    "losses",
    "optimizers",
    "plotting",
    "save",
    "serialization",
    "training",
    "truth_table",
    "xnor_network",
    "xor_network",
]
