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
from ..i18n import Text
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
    "EXPERIMENTS", "CLAIMS", "CLAIM_TEXTS", "experiment_names", "run", "run_all", "ResultMixin",
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

#: experiment name -> the claim of the source text it measures, in English and Chinese
CLAIM_TEXTS: dict[str, Text] = {
    "linear-collapse": Text(
        "Without a nonlinearity, a deep network collapses to one linear map and cannot fit XOR.",
        "如果没有非线性的激活函数，多层网络就退化为一个线性映射，无法拟合异或。"),
    "vanishing-gradients": Text(
        "Saturating activations make gradients vanish: the logistic derivative is at most 1/4, "
        "so gradients shrink layer by layer.",
        "饱和的激活函数会导致梯度消失：Logistic 函数的导数最大只有 1/4，梯度逐层变小。"),
    "bias-shift": Text(
        "Outputs that are not zero-centred (logistic) shift the next layer's input and slow "
        "down gradient descent; tanh does not.",
        "非零中心化的输出（Logistic 函数）会使后一层神经元的输入发生偏置偏移，"
        "并进一步使梯度下降的收敛速度变慢；Tanh 函数则不会。"),
    "sparsity": Text(
        "ReLU gives sparse activations: about half the units output exactly 0, while logistic "
        "units are always active.",
        "ReLU 具有很好的稀疏性：大约一半的神经元输出恰为 0，而 Logistic 神经元总是处于激活状态。"),
    "dying-relu": Text(
        "ReLU units can die (output 0 for every input, so no gradient); Leaky ReLU and ELU keep "
        "a gradient and recover.",
        "ReLU 神经元可能死亡（对所有输入都输出 0，因而没有梯度），即死亡ReLU问题；"
        "带泄露的 ReLU 和 ELU 保留了梯度，能够恢复。"),
    "hard-vs-smooth": Text(
        "Hard-logistic and hard-tanh approximate logistic and tanh and are cheaper to compute.",
        "Hard-Logistic 和 Hard-Tanh 近似 Logistic 和 Tanh 函数，并且计算开销更小。"),
    "symmetry": Text(
        "Zero initialisation makes all hidden units identical forever; random initialisation "
        "breaks the symmetry.",
        "全零初始化使所有隐藏神经元永远相同；随机初始化打破这种对称性。"),
}

#: experiment name -> the claim of the source text it measures (in English)
CLAIMS: dict[str, str] = {name: text.en for name, text in CLAIM_TEXTS.items()}


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
