"""The activation-function catalogue.

Each activation is declared once, in its family module (``piecewise``, ``sigmoid``,
``exponential``, ``gated``, ``shrinkage``, ``sparse``), with
:func:`~neuronkit.activations._core.declare`.
``REGISTRY`` maps each canonical name to its :class:`Spec`; ``ALIASES`` maps each
alias to its canonical name and the parameters the alias fixes.  Use
:func:`activation` to get an :class:`Activation` by name.

Examples
--------
>>> from neuronkit.activations import activation
>>> activation("sigmoid")
Activation('logistic')
>>> activation("silu")
Activation('swish', beta=1.0)
"""

from __future__ import annotations

from typing import Any

import numpy as np  # noqa: F401  (the examples of the public functions use np)

from ..errors import ParameterError, unknown_name
from . import exponential, gated, piecewise, shrinkage, sigmoid, sparse
from ._core import ALIASES, INIT_FAMILIES, REGISTRY, Activation, Spec
from ._params import EXACT_DIGITS, Param
from ._properties import SATURATION, SMOOTHNESS, Properties
from .exponential import *  # noqa: F403
from .gated import *  # noqa: F403
from .piecewise import *  # noqa: F403
from .shrinkage import *  # noqa: F403
from .sigmoid import *  # noqa: F403
from .sparse import *  # noqa: F403
from .vector import VECTOR_REGISTRY, VectorActivation, vector_activation, vector_activation_names

__all__ = [
    "REGISTRY", "ALIASES", "INIT_FAMILIES", "EXACT_DIGITS", "Activation", "Param", "Properties",
    "Spec",
    "SATURATION", "SMOOTHNESS", "activation", "activation_names", "resolve_name",
    *piecewise.__all__, *sigmoid.__all__, *exponential.__all__, *gated.__all__,
    *shrinkage.__all__, *sparse.__all__,
    "VECTOR_REGISTRY", "VectorActivation", "vector_activation", "vector_activation_names",
]

# the examples in the docstrings of the public functions made from the declarations
__test__ = {f.__name__: f.__doc__ for spec in REGISTRY.values() for f in spec.functions}


def activation_names(aliases: bool = False) -> list[str]:
    """Canonical activation names, sorted (with ``aliases=True``, aliases too).

    >>> activation_names()[:4]
    ['celu', 'elu', 'gelu', 'hard_logistic']
    """
    names = list(REGISTRY)
    if aliases:
        names += list(ALIASES)
    return sorted(names)


def resolve_name(name: str) -> tuple[str, dict[str, Any]]:
    """Return ``(canonical_name, fixed_params)`` for a name or alias.

    >>> resolve_name("Sigmoid")
    ('logistic', {})
    """
    if not isinstance(name, str):
        raise TypeError(f"activation name must be a string, got {type(name).__name__}")
    key = name.strip().lower().replace("-", "_")
    if key in REGISTRY:
        return key, {}
    if key in ALIASES:
        canonical, fixed = ALIASES[key]
        return canonical, dict(fixed)
    if key in VECTOR_REGISTRY:
        raise ParameterError(
            f"{name!r} is a vector activation (it acts along an axis: nk.activation({key!r}, "
            f"axis=-1)); this needs an elementwise one: {', '.join(activation_names())}")
    raise unknown_name("activation", name,
                       activation_names(aliases=True) + vector_activation_names())


def _key(name: str) -> str:
    return name.strip().lower().replace("-", "_")


def activation(name: str | Activation, **params: Any) -> Activation | VectorActivation:
    """Return the :class:`Activation` called *name*, with *params* bound.

    For a vector activation (:func:`vector_activation_names`: ``softmax``,
    ``log_softmax``, ``sparsemax``, the GLU family) a :class:`VectorActivation`;
    its only parameter is ``axis`` (default -1).

    Parameters
    ----------
    name : str or Activation
        A canonical name or alias (case-insensitive, ``-`` and ``_`` alike); an
        :class:`Activation` is returned unchanged (then *params* must be empty).
    **params
        Parameter values; missing ones take their defaults.

    Raises
    ------
    UnknownNameError
        For an unknown name; the message suggests the closest name.
    ParameterError
        For an unknown parameter or an invalid value.

    Examples
    --------
    >>> activation("leaky_relu", negative_slope=0.1)
    Activation('leaky_relu', negative_slope=0.1)
    >>> activation("sigmod")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    neuronkit.errors.UnknownNameError: unknown activation 'sigmod'; did you mean 'sigmoid'? \
choose one of: celu, elu, geglu, ...
    """
    if isinstance(name, (Activation, VectorActivation)):
        if params:
            raise ParameterError("parameters cannot be given together with an Activation")
        return name
    if isinstance(name, str) and _key(name) in VECTOR_REGISTRY:
        return vector_activation(_key(name), **params)
    canonical, fixed = resolve_name(name)
    for key, value in fixed.items():
        if key in params and params[key] != value:
            raise ParameterError(
                f"{name!r} fixes {key}={value!r}; use {canonical!r} to choose {key}"
            )
    spec = REGISTRY[canonical]
    bound = spec.bind({**params, **fixed})
    return Activation(spec, tuple(bound.items()))
