r"""JAX's sparse activations: sparse_plus and sparse_sigmoid.

Piecewise-polynomial stand-ins for softplus and the logistic that are exactly 0 for
:math:`x \le -1` (hence "sparse"): ``sparse_plus`` is 0, :math:`(x+1)^2/4`, then
:math:`x`, continuously differentiable; ``sparse_sigmoid`` is its derivative, 0,
:math:`(x+1)/2`, then 1.  Both are JAX's definitions (``jax.nn.sparse_plus`` and
``jax.nn.sparse_sigmoid``, also in Keras 3).

Values are exact to about one rounding: :math:`(x+1)/2` is one rounding of
:math:`x + 1` (the halving is exact), and :math:`(x+1)^2/4` is the square of it
(two roundings, so within about 1.5 ULP).

Every function takes ``x`` (array_like) and an optional ``out`` array, and
returns an array of the input's shape and float dtype.
"""

from __future__ import annotations

import math

import numpy as np

from ._core import declare
from ._properties import Properties
from .piecewise import inside, zero_second_derivative

__all__ = ["sparse_plus", "sparse_plus_derivative", "sparse_sigmoid",
           "sparse_sigmoid_derivative"]

INF = math.inf


def _half_shifted(v):
    """(x + 1) / 2 for x in [-1, 1] (x clipped there: no overflow, NaN passes)."""
    return 0.5 * (np.clip(v, -1.0, 1.0) + 1.0)


def _sparse_plus(v):
    h = _half_shifted(v)
    return np.where(v >= 1.0, v, h * h)


def _sparse_sigmoid(v):
    return _half_shifted(v)


def _sparse_sigmoid_d(v):
    return inside(v, -1.0, 1.0, 0.5)


def _sparse_plus_d2(v):
    # 1/2 strictly inside (-1, 1); 0 outside and at the corners, the sides f' takes there
    return _sparse_sigmoid_d(v)


def _props_sparse_plus():
    return Properties((0.0, INF), (True, False), False, True, "left", "C1", 0.5)


def _props_sparse_sigmoid():
    return Properties((0.0, 1.0), (True, True), False, True, "both", "C0", 0.5,
                      kinks=(-1.0, 1.0))


SPARSE_PLUS = declare(
    name="sparse_plus",
    summary="piecewise-quadratic softplus, exactly 0 for x <= -1 (JAX)",
    summary_zh="分段二次的 softplus，x ≤ −1 时恰为 0（JAX）",
    formula=r"\begin{cases}0 & x\le -1\\\frac{1}{4}(x+1)^2 & -1<x<1\\x & x\ge 1\end{cases}",
    derivative_formula=r"\begin{cases}0 & x\le -1\\\frac{1}{2}(x+1) & -1<x<1\\1 & x\ge 1"
                       r"\end{cases}",
    text="0 if x ≤ −1, (x + 1)²/4 if −1 < x < 1, x if x ≥ 1",
    derivative_text="0 if x ≤ −1, (x + 1)/2 if −1 < x < 1, 1 if x ≥ 1",
    value=_sparse_plus, derivative=_sparse_sigmoid,
    second_derivative=_sparse_plus_d2,
    c_kernel="sparse_plus",
    properties=_props_sparse_plus,
    init="he", color="#7570b3",
    x_range=(-3.0, 3.0),
    doc=r"""Sparse plus, JAX's ``sparse_plus``: a piecewise-quadratic softplus.

    .. math:: f(x) = \begin{cases} 0 & x \le -1 \\ \tfrac14 (x + 1)^2 & -1 < x < 1 \\
              x & x \ge 1 \end{cases}

    Continuously differentiable; derivative :func:`sparse_sigmoid`, so 0 at -1 and 1
    at 1 (both sides agree there; JAX's ``jnp.where`` form gives the same).  Range
    :math:`[0, \infty)`.

    Examples
    --------
    >>> sparse_plus([-2.0, 0.0, 0.5, 3.0])
    array([0.    , 0.25  , 0.5625, 3.    ])
    """,
    derivative_doc=r"""Derivative of :func:`sparse_plus`: :func:`sparse_sigmoid`.

    Examples
    --------
    >>> sparse_plus_derivative([-2.0, 0.0, 0.5, 3.0])
    array([0.  , 0.5 , 0.75, 1.  ])
    """,
)
sparse_plus, sparse_plus_derivative = SPARSE_PLUS.functions

SPARSE_SIGMOID = declare(
    name="sparse_sigmoid",
    summary="piecewise-linear logistic, exactly 0 for x <= -1 (JAX)",
    summary_zh="分段线性的Logistic函数，x ≤ −1 时恰为 0（JAX）",
    formula=r"\begin{cases}0 & x\le -1\\\frac{1}{2}(x+1) & -1<x<1\\1 & x\ge 1\end{cases}",
    derivative_formula=r"\tfrac{1}{2}\,\mathbb{1}[-1<x<1]",
    text="0 if x ≤ −1, (x + 1)/2 if −1 < x < 1, 1 if x ≥ 1",
    derivative_text="1/2 if −1 < x < 1, else 0",
    value=_sparse_sigmoid, derivative=_sparse_sigmoid_d,
    second_derivative=zero_second_derivative,
    c_kernel="sparse_sigmoid",
    properties=_props_sparse_sigmoid,
    init="xavier", color="#e7298a",
    x_range=(-3.0, 3.0),
    doc=r"""Sparse sigmoid, JAX's ``sparse_sigmoid``: the derivative of :func:`sparse_plus`.

    .. math:: f(x) = \operatorname{clip}\bigl(\tfrac12 (x + 1),\, 0,\, 1\bigr)

    The same function as ``hard_logistic(slope=0.5, offset=0.5)``.  Derivative 1/2 on
    :math:`(-1, 1)`, 0 outside and at the corners :math:`\pm 1` (the flat side's value,
    as for every hard function here; JAX differentiates its ``0.5 * jnp.clip(x + 1, 0,
    2)``, whose max/min split a tie evenly, which gives 1/4 at the corners).
    Range [0, 1].

    Examples
    --------
    >>> sparse_sigmoid([-2.0, 0.0, 0.5, 3.0])
    array([0.  , 0.5 , 0.75, 1.  ])
    """,
    derivative_doc=r"""Derivative of :func:`sparse_sigmoid`: 1/2 on (-1, 1), else 0.

    Examples
    --------
    >>> sparse_sigmoid_derivative([-2.0, -1.0, 0.5, 1.0])
    array([0. , 0. , 0.5, 0. ])
    """,
)
sparse_sigmoid, sparse_sigmoid_derivative = SPARSE_SIGMOID.functions
