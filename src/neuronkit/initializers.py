r"""Weight initializers: Xavier/Glorot, He/Kaiming, LeCun, zeros and constant.

An initializer is a plain function ``init(shape, fan_in, fan_out, rng) -> ndarray``
that returns a float64 array of *shape*.  :data:`INITIALIZERS` maps names (and the
usual aliases) to these functions, and :func:`initializer` looks one up.

The variance-preserving rules differ only in the variance :math:`\operatorname{Var}(w)`
they aim for:

.. math::

    \text{Xavier/Glorot: } \frac{2}{n_\text{in} + n_\text{out}}, \qquad
    \text{He/Kaiming: } \frac{2}{n_\text{in}}, \qquad
    \text{LeCun: } \frac{1}{n_\text{in}}.

A "normal" variant draws :math:`w \sim \mathcal N(0, \operatorname{Var})`; a "uniform"
variant draws :math:`w \sim \mathcal U(-l, l)` with :math:`l = \sqrt{3 \operatorname{Var}}`,
which has the same variance.  ``zeros`` and ``constant`` give every weight the same
value: every hidden unit then computes the same function and receives the same
gradient, so gradient descent can never tell them apart (the symmetry problem).

Examples
--------
>>> import numpy as np
>>> from neuronkit import initializers
>>> w = initializers.initializer("he_normal")((2000, 50), 2000, 50, np.random.default_rng(0))
>>> bool(abs(w.var() - 2 / 2000) < 1e-4)
True
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np

from .errors import ParameterError, unknown_name

__all__ = [
    "INITIALIZERS",
    "Initializer",
    "initializer",
    "initializer_names",
    "xavier_uniform",
    "xavier_normal",
    "he_uniform",
    "he_normal",
    "lecun_uniform",
    "lecun_normal",
    "zeros",
    "ones",
    "constant",
]

Initializer = Callable[[tuple, int, int, np.random.Generator], np.ndarray]


def _uniform(shape, var, rng):
    limit = math.sqrt(3.0 * var)
    return rng.uniform(-limit, limit, size=shape)


def _normal(shape, var, rng):
    return rng.normal(0.0, math.sqrt(var), size=shape)


def xavier_uniform(shape, fan_in, fan_out, rng):
    r"""Xavier/Glorot uniform: :math:`\mathcal U(-l, l)`, :math:`l = \sqrt{6/(n_\text{in}+n_\text{out})}`.

    Suited to tanh and logistic units (Glorot & Bengio, 2010).

    Examples
    --------
    >>> w = xavier_uniform((3, 2), 3, 2, np.random.default_rng(0))
    >>> bool(np.all(np.abs(w) <= np.sqrt(6 / 5)))
    True
    """  # noqa: E501
    return _uniform(shape, 2.0 / (fan_in + fan_out), rng)


def xavier_normal(shape, fan_in, fan_out, rng):
    r"""Xavier/Glorot normal: :math:`\mathcal N(0, 2/(n_\text{in}+n_\text{out}))`.

    Examples
    --------
    >>> xavier_normal((4, 3), 4, 3, np.random.default_rng(0)).shape
    (4, 3)
    """
    return _normal(shape, 2.0 / (fan_in + fan_out), rng)


def he_uniform(shape, fan_in, fan_out, rng):
    r"""He/Kaiming uniform: :math:`\mathcal U(-l, l)`, :math:`l = \sqrt{6/n_\text{in}}`.

    Suited to ReLU-like units (He et al., 2015).

    Examples
    --------
    >>> w = he_uniform((3, 2), 3, 2, np.random.default_rng(0))
    >>> bool(np.all(np.abs(w) <= np.sqrt(2.0)))
    True
    """
    return _uniform(shape, 2.0 / fan_in, rng)


def he_normal(shape, fan_in, fan_out, rng):
    r"""He/Kaiming normal: :math:`\mathcal N(0, 2/n_\text{in})`.

    Examples
    --------
    >>> he_normal((2, 2), 2, 2, np.random.default_rng(0)).dtype
    dtype('float64')
    """
    return _normal(shape, 2.0 / fan_in, rng)


def lecun_uniform(shape, fan_in, fan_out, rng):
    r"""LeCun uniform: :math:`\mathcal U(-l, l)`, :math:`l = \sqrt{3/n_\text{in}}`.

    Examples
    --------
    >>> w = lecun_uniform((3, 2), 3, 2, np.random.default_rng(0))
    >>> bool(np.all(np.abs(w) <= 1.0))
    True
    """
    return _uniform(shape, 1.0 / fan_in, rng)


def lecun_normal(shape, fan_in, fan_out, rng):
    r"""LeCun normal: :math:`\mathcal N(0, 1/n_\text{in})` (the SELU initializer).

    Examples
    --------
    >>> lecun_normal((2, 3), 2, 3, np.random.default_rng(0)).shape
    (2, 3)
    """
    return _normal(shape, 1.0 / fan_in, rng)


def zeros(shape, fan_in, fan_out, rng):
    """All zeros (the default for biases; for weights it shows the symmetry problem).

    Examples
    --------
    >>> zeros((2, 2), 2, 2, None)
    array([[0., 0.],
           [0., 0.]])
    """
    return np.zeros(shape)


def ones(shape, fan_in, fan_out, rng):
    """All ones.

    Examples
    --------
    >>> ones((2,), 2, 1, None)
    array([1., 1.])
    """
    return np.ones(shape)


def constant(value: float) -> Initializer:
    """Return an initializer that fills every entry with *value*.

    Examples
    --------
    >>> constant(0.5)((2,), 1, 2, None)
    array([0.5, 0.5])
    """
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
        raise ParameterError(f"constant initializer value must be a real number, got {value!r}")
    value = float(value)
    if not math.isfinite(value):
        raise ParameterError(f"constant initializer value must be finite, got {value!r}")

    def init(shape, fan_in, fan_out, rng):
        return np.full(shape, value)

    init.__name__ = f"constant({value!r})"
    return init


INITIALIZERS: dict[str, Initializer] = {
    "xavier_uniform": xavier_uniform,
    "glorot_uniform": xavier_uniform,
    "xavier_normal": xavier_normal,
    "glorot_normal": xavier_normal,
    "he_uniform": he_uniform,
    "kaiming_uniform": he_uniform,
    "he_normal": he_normal,
    "kaiming_normal": he_normal,
    "lecun_uniform": lecun_uniform,
    "lecun_normal": lecun_normal,
    "zeros": zeros,
    "ones": ones,
}


def initializer_names() -> list[str]:
    """Names accepted by :func:`initializer`, sorted (``"constant"`` is :func:`constant`).

    >>> initializer_names()[:3]
    ['glorot_normal', 'glorot_uniform', 'he_normal']
    """
    return sorted(INITIALIZERS)


def initializer(name: str | Callable) -> Initializer:
    """Return the initializer called *name* (a callable is returned unchanged).

    Raises
    ------
    UnknownNameError
        For an unknown name, listing the valid ones.

    Examples
    --------
    >>> initializer("glorot_uniform") is xavier_uniform
    True
    >>> initializer("xavier")
    Traceback (most recent call last):
    ...
    neuronkit.errors.UnknownNameError: unknown initializer 'xavier'; did you mean \
'xavier_normal'? choose one of: glorot_normal, glorot_uniform, he_normal, he_uniform, \
kaiming_normal, kaiming_uniform, lecun_normal, lecun_uniform, ones, xavier_normal, \
xavier_uniform, zeros
    """
    if callable(name):
        return name
    if isinstance(name, str):
        key = name.strip().lower().replace("-", "_")
        if key in INITIALIZERS:
            return INITIALIZERS[key]
    raise unknown_name("initializer", name, INITIALIZERS)
