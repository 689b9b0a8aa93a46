"""The source text's claims about activation functions, each as a reproducible measurement.

One function per claim; :data:`EXPERIMENTS` maps each experiment's name to it and
:func:`run` runs one by name.  Every result is a frozen dataclass with the
measured numbers, a one-line ``verdict``, ``passed`` (whether the claim held),
``rows()`` for a table and ``plot(path=None, ax=None)`` for its figure.  Results
are deterministic from the seed (the timings of ``hard-vs-smooth`` aside).

=====================  ==============================================================
name                   claim
=====================  ==============================================================
linear-collapse        without nonlinearity a deep network is one affine map (no XOR)
vanishing-gradients    logistic gradients shrink by about 1/4 per layer
bias-shift             non-zero-centred outputs shift the next layer and slow training
sparsity               about half of the ReLU units are exactly 0 at initialisation
dying-relu             ReLU units pushed negative die; Leaky ReLU / ELU recover
hard-vs-smooth         hard-logistic / hard-tanh: how far from the smooth ones, how fast
symmetry               zero initialisation keeps hidden units identical
=====================  ==============================================================

Examples
--------
>>> import neuronkit as nk
>>> r = nk.experiments.run("sparsity", seed=0)
>>> r.passed, round(r.active_fraction["relu"], 1)
(True, 0.5)
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..errors import unknown_name
from ._base import ResultMixin
from .gradients import (
    BiasShift,
    DyingRelu,
    VanishingGradients,
    bias_shift,
    dying_relu,
    vanishing_gradients,
)
from .representation import (
    HardVsSmooth,
    LinearCollapse,
    Sparsity,
    Symmetry,
    hard_vs_smooth,
    linear_collapse,
    sparsity,
    symmetry,
)

__all__ = [
    "EXPERIMENTS", "CLAIMS", "experiment_names", "run", "run_all", "ResultMixin",
    "linear_collapse", "vanishing_gradients", "bias_shift", "sparsity", "dying_relu",
    "hard_vs_smooth", "symmetry",
    "LinearCollapse", "VanishingGradients", "BiasShift", "Sparsity", "DyingRelu",
    "HardVsSmooth", "Symmetry",
]

#: experiment name -> function, in the order of the source text
EXPERIMENTS: dict[str, Callable[..., Any]] = {
    "linear-collapse": linear_collapse,
    "vanishing-gradients": vanishing_gradients,
    "bias-shift": bias_shift,
    "sparsity": sparsity,
    "dying-relu": dying_relu,
    "hard-vs-smooth": hard_vs_smooth,
    "symmetry": symmetry,
}

#: experiment name -> the claim of the source text it measures
CLAIMS: dict[str, str] = {
    "linear-collapse": "Without a nonlinearity, a deep network collapses to one linear map "
                       "and cannot fit XOR.",
    "vanishing-gradients": "Saturating activations make gradients vanish: the logistic "
                           "derivative is at most 1/4, so gradients shrink layer by layer.",
    "bias-shift": "Outputs that are not zero-centred (logistic) shift the next layer's "
                  "input and slow down gradient descent; tanh does not.",
    "sparsity": "ReLU gives sparse activations: about half the units output exactly 0, "
                "while logistic units are always active.",
    "dying-relu": "ReLU units can die (output 0 for every input, so no gradient); Leaky "
                  "ReLU and ELU keep a gradient and recover.",
    "hard-vs-smooth": "Hard-logistic and hard-tanh approximate logistic and tanh and are "
                      "cheaper to compute.",
    "symmetry": "Zero initialisation makes all hidden units identical forever; random "
                "initialisation breaks the symmetry.",
}


def experiment_names() -> list[str]:
    """Experiment names, in the order of the source text.

    >>> experiment_names()[:3]
    ['linear-collapse', 'vanishing-gradients', 'bias-shift']
    """
    return list(EXPERIMENTS)


def run(name: str, seed: int = 0, **kwargs: Any) -> Any:
    """Run the experiment called *name* (``-`` or ``_`` alike) with *seed*.

    Parameters
    ----------
    name : str
        One of :func:`experiment_names`.
    seed : int
        Seed of everything random in the experiment.
    **kwargs
        Passed on to the experiment's function (sizes, epochs, ...).

    Returns
    -------
    result
        The experiment's frozen result (``verdict``, ``passed``, numbers, ``plot``).

    Raises
    ------
    UnknownNameError
        For an unknown name, with the closest one suggested.

    Examples
    --------
    >>> r = run("hard_vs_smooth")
    >>> r.name, round(r.max_deviation["hard_tanh"], 4)
    ('hard-vs-smooth', 0.2384)
    >>> run("sparsty")
    Traceback (most recent call last):
    ...
    neuronkit.errors.UnknownNameError: unknown experiment 'sparsty'; did you mean 'sparsity'? \
choose one of: bias-shift, dying-relu, hard-vs-smooth, linear-collapse, sparsity, symmetry, \
vanishing-gradients
    """
    key = name.strip().lower().replace("_", "-") if isinstance(name, str) else name
    if key not in EXPERIMENTS:
        raise unknown_name("experiment", name, EXPERIMENTS)
    return EXPERIMENTS[key](seed=seed, **kwargs)


def run_all(seed: int = 0) -> dict[str, Any]:
    """Run every experiment with *seed*; return ``{name: result}`` in source order.

    >>> results = run_all(seed=0)  # doctest: +SKIP
    """
    return {name: fn(seed=seed) for name, fn in EXPERIMENTS.items()}
