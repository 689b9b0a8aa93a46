r"""Shrinkage and thresholding: softshrink, hardshrink, tanhshrink and threshold.

PyTorch's functions of these names, with PyTorch's parameter names and semantics.
Softshrink, hardshrink and threshold are exact: each value is ``x``, a constant, or
one IEEE subtraction of the input.  Tanhshrink, :math:`x - \tanh x`, cancels near 0,
where it is :math:`\approx x^3/3`; there it is computed from Lambert's continued
fraction of tanh, whose terms are all positive:

.. math:: x - \tanh x = x\,\frac{x^2}{3 + x^2 + K},\qquad
          K = \cfrac{x^2}{5 + \cfrac{x^2}{7 + \cdots}}

and for :math:`|x| \ge 1` as :math:`(|x| - 1) + 2e/(1 + e)`, :math:`e = e^{-2|x|}`
(two non-negative terms), the sign restored.  Its derivative is :math:`\tanh^2 x`
(not :math:`1 - \operatorname{sech}^2 x`, which cancels near 0), from
:math:`\tanh|x| = -t/(t + 2)`, :math:`t = \operatorname{expm1}(-2|x|)`, carried in
twice the precision and squared with one rounding (the square of a rounded tanh
doubles its error).

Conventions at the corners (the flat side's value, as PyTorch's backward):
``softshrink'(±λ) = hardshrink'(±λ) = 0``, ``hardshrink(±λ) = 0`` and
``threshold'(threshold) = 0``, ``threshold(threshold) = value``.

Every function takes ``x`` (array_like) and an optional ``out`` array, and
returns an array of the input's shape and float dtype.
"""

from __future__ import annotations

import math

import numpy as np

from .._fpmath import two_prod, two_square
from ..checks import check_nonnegative
from ._core import declare
from ._params import Param
from ._properties import Properties
from .piecewise import nan_where, zero_second_derivative
from .sigmoid import TANH

__all__ = [
    "softshrink", "softshrink_derivative", "hardshrink", "hardshrink_derivative",
    "tanhshrink", "tanhshrink_derivative", "threshold", "threshold_derivative",
]

INF = math.inf

# depth of tanhshrink's continued fraction for |x| < 1: the terms 5, 7, ..., 25
# (its truncation error at |x| = 1 is below 1e-23 of the result)
_CF_TERMS = tuple(range(25, 4, -2))


def _tanhshrink_d2(v):
    # -tanh'' = 2 tanh sech^2, tanh's own stable second derivative negated (0 - y, not
    # -y: tanh''(0) = -0 would give -0 at x = +0, where the odd function is +0)
    return 0.0 - TANH.second_derivative(v)


# -- softshrink / hardshrink ----------------------------------------------------------

def _softshrink(v, lambd):
    inner = nan_where(v, 0.0)
    return np.where(v > lambd, v - lambd, np.where(v < -lambd, v + lambd, inner))


def _shrink_d(v, lambd):
    return nan_where(v, np.where(np.abs(v) > lambd, 1.0, 0.0))


def _hardshrink(v, lambd):
    return np.where(np.abs(v) > lambd, v, nan_where(v, 0.0))


# -- tanhshrink -------------------------------------------------------------------------

def _tanhshrink_near(a):
    """x - tanh x for 0 <= a <= 1 from the continued fraction (no cancellation)."""
    s = a * a
    k = np.zeros_like(s)
    for j in _CF_TERMS:
        k = s / (j + k)
    return a * (s / ((3.0 + s) + k))


def _tanhshrink(v):
    a = np.abs(v)
    e = np.exp(-2.0 * a)
    far = (a - 1.0) + 2.0 * e / (1.0 + e)
    near = _tanhshrink_near(np.minimum(a, 1.0))
    return np.copysign(np.where(a < 1.0, near, far), v)


def _tanhshrink_d(v):
    # tanh^2 x from tanh|x| = q + q_lo = -t / (t + 2), t = expm1(-2|x|), carried to twice
    # the precision (the division's residual and the rounding of t + 2), then squared
    # with one rounding: a plain tanh(x)**2 doubles tanh's error (5 ULP with glibc's)
    t = np.expm1(-2.0 * np.abs(v))
    d = t + 2.0
    d_err = (2.0 - d) + t
    q = -t / d
    p, p_err = two_prod(q, d)
    q_lo = ((((-t) - p) - p_err) - q * d_err) / d
    sq, sq_err = two_square(q)
    return sq + (sq_err + 2.0 * q * q_lo)


# -- threshold --------------------------------------------------------------------------

def _threshold(v, threshold, value):
    return np.where(v > threshold, v, nan_where(v, value))


def _threshold_d(v, threshold, value):
    return nan_where(v, np.where(v > threshold, 1.0, 0.0))


# -- the compiled kernels' parameters ---------------------------------------------------

def _c_lambd(lambd):
    return (lambd,)


def _c_threshold(threshold, value):
    return (threshold, value)


# -- declared properties ----------------------------------------------------------------

def _props_softshrink(lambd):
    kinks = (-lambd, lambd) if lambd > 0 else ()
    smooth = "C0" if lambd > 0 else "smooth"
    # (derivative 0 at 0 even for lambd = 0: |x| > lambd is false there, as PyTorch's)
    return Properties((-INF, INF), (False, False), True, True, "none", smooth, 0.0,
                      kinks=kinks)


def _props_hardshrink(lambd):
    if lambd == 0:
        return _props_softshrink(lambd)
    return Properties((-INF, INF), (False, False), True, True, "none", "discontinuous", 0.0,
                      kinks=(-lambd, lambd))


def _props_tanhshrink():
    return Properties((-INF, INF), (False, False), True, True, "none", "smooth", 0.0)


def _props_threshold(threshold, value):
    lo, closed = (value, True) if value <= threshold else (threshold, False)
    smooth = "C0" if value == threshold else "discontinuous"
    return Properties((lo, INF), (closed, False), False, value <= threshold, "left", smooth,
                      1.0 if threshold < 0 else 0.0, kinks=(threshold,))


def _num(value) -> str:
    return f"{float(value):g}".replace("-", "\N{MINUS SIGN}")


# -- declarations -----------------------------------------------------------------------

_LAMBD = Param(name="lambd", default=0.5, check=check_nonnegative,
               doc="half-width of the dead zone [-lambd, lambd] (PyTorch's name)",
               slider=(0.0, 2.0, 0.05))

SOFTSHRINK = declare(
    name="softshrink",
    summary="soft thresholding: shrinks towards 0 by lambd",
    summary_zh="软阈值：向 0 收缩 lambd",
    formula=r"\begin{cases}x-\lambda & x>\lambda\\x+\lambda & x<-\lambda\\0 & |x|\le\lambda"
            r"\end{cases}",
    derivative_formula=r"\mathbb{1}[|x|>\lambda]",
    text="x − λ if x > λ, x + λ if x < −λ, else 0",
    derivative_text="1 if |x| > λ, else 0",
    value=_softshrink, derivative=_shrink_d,
    second_derivative=zero_second_derivative,
    c_kernel="softshrink", c_params=_c_lambd,
    params=(_LAMBD,),
    properties=_props_softshrink,
    init="xavier", color="#a6761d",
    doc=r"""Soft shrinkage (soft thresholding), PyTorch's ``softshrink``.

    .. math:: f(x) = \begin{cases} x - \lambda & x > \lambda \\ x + \lambda & x < -\lambda
              \\ 0 & |x| \le \lambda \end{cases}

    with :math:`\lambda` = ``lambd`` (default 0.5, PyTorch's).  Exact: one rounding.
    Derivative 1 for :math:`|x| > \lambda`, 0 on :math:`[-\lambda, \lambda]`, so 0 at
    the corners :math:`\pm\lambda`, as PyTorch's backward (JAX has no softshrink;
    Keras's ``soft_shrink`` differentiated by autodiff gives the same).  Range
    :math:`\mathbb{R}`.

    Examples
    --------
    >>> softshrink([-2.0, -0.5, 0.3, 1.5])
    array([-1.5,  0. ,  0. ,  1. ])
    """,
    derivative_doc=r"""Derivative of :func:`softshrink`: 1 for :math:`|x| > \lambda`, else 0.

    Examples
    --------
    >>> softshrink_derivative([-2.0, -0.5, 0.3, 1.5])
    array([1., 0., 0., 1.])
    """,
)
softshrink, softshrink_derivative = SOFTSHRINK.functions

HARDSHRINK = declare(
    name="hardshrink",
    summary="hard thresholding: zero on [-lambd, lambd]",
    summary_zh="硬阈值：在 [-lambd, lambd] 上为 0",
    formula=r"\begin{cases}x & |x|>\lambda\\0 & |x|\le\lambda\end{cases}",
    derivative_formula=r"\mathbb{1}[|x|>\lambda]",
    text="x if |x| > λ, else 0",
    derivative_text="1 if |x| > λ, else 0",
    value=_hardshrink, derivative=_shrink_d,
    second_derivative=zero_second_derivative,
    c_kernel="hardshrink", c_params=_c_lambd,
    params=(_LAMBD,),
    properties=_props_hardshrink,
    init="xavier", color="#e6ab02",
    doc=r"""Hard shrinkage (hard thresholding), PyTorch's ``hardshrink``.

    .. math:: f(x) = \begin{cases} x & |x| > \lambda \\ 0 & |x| \le \lambda \end{cases}

    Exact.  At :math:`x = \pm\lambda` the value is 0 and the derivative 0, as
    PyTorch's (``|x| <= lambd`` gives 0 in its forward and backward); 1 outside.  Jumps
    at :math:`\pm\lambda` (for :math:`\lambda > 0`).  Range :math:`\mathbb{R}`.

    Examples
    --------
    >>> hardshrink([-2.0, -0.5, 0.3, 1.5])
    array([-2. ,  0. ,  0. ,  1.5])
    """,
    derivative_doc=r"""Derivative of :func:`hardshrink`: 1 for :math:`|x| > \lambda`, else 0.

    Examples
    --------
    >>> hardshrink_derivative([-2.0, -0.5, 0.3, 1.5])
    array([1., 0., 0., 1.])
    """,
)
hardshrink, hardshrink_derivative = HARDSHRINK.functions

TANHSHRINK = declare(
    name="tanhshrink",
    summary="x minus tanh x",
    summary_zh="x 减去 tanh x",
    formula=r"x-\tanh x",
    derivative_formula=r"\tanh^2 x",
    text="x − tanh(x)",
    derivative_text="tanh²(x)",
    value=_tanhshrink, derivative=_tanhshrink_d,
    second_derivative=_tanhshrink_d2,
    c_kernel="tanhshrink",
    properties=_props_tanhshrink,
    init="xavier", color="#1b9e77",
    doc=r"""Tanhshrink, PyTorch's ``tanhshrink``: :math:`f(x) = x - \tanh x`.

    Near 0, where :math:`x - \tanh x \approx x^3/3` and the subtraction would cancel, it
    is computed from Lambert's continued fraction of tanh (all terms positive); for
    :math:`|x| \ge 1` as :math:`(|x| - 1) + 2e/(1+e)`, :math:`e = e^{-2|x|}`.
    Derivative :math:`\tanh^2 x` (0 at 0, the only point where it vanishes).  Range
    :math:`\mathbb{R}`, odd, :math:`f(x) \sim x \mp 1` in the tails.

    Examples
    --------
    >>> tanhshrink([-1e-6, 0.5, 3.0])
    array([-3.33333333e-19,  3.78828427e-02,  2.00494525e+00])
    """,
    derivative_doc=r"""Derivative of :func:`tanhshrink`, :math:`\tanh^2 x`.

    Examples
    --------
    >>> tanhshrink_derivative([0.0, 1.0])
    array([0.        , 0.58002566])
    """,
)
tanhshrink, tanhshrink_derivative = TANHSHRINK.functions

THRESHOLD = declare(
    name="threshold",
    summary="x above a threshold, a constant at or below it",
    summary_zh="大于阈值时为 x，不大于阈值时为常数",
    formula=lambda threshold, value: (rf"\begin{{cases}}x & x>{float(threshold):g}\\"
                                      rf"{float(value):g} & x\le {float(threshold):g}"
                                      r"\end{cases}"),
    derivative_formula=lambda threshold, value: rf"\mathbb{{1}}[x>{float(threshold):g}]",
    text=lambda threshold, value: (f"x if x > {_num(threshold)}, "
                                   f"{_num(value)} if x ≤ {_num(threshold)}"),
    derivative_text=lambda threshold, value: f"1 if x > {_num(threshold)}, else 0",
    value=_threshold, derivative=_threshold_d,
    second_derivative=zero_second_derivative,
    c_kernel="threshold", c_params=_c_threshold,
    params=(Param(name="threshold", default=1.0, doc="the input above which x passes",
                  slider=(-3.0, 3.0, 0.05)),
            Param(name="value", default=0.0, doc="the output at or below the threshold",
                  slider=(-3.0, 3.0, 0.05))),
    properties=_props_threshold,
    init="he", color="#66a61e",
    doc=r"""Threshold, PyTorch's ``threshold``: :math:`x` above the threshold, ``value`` at
    or below it.

    .. math:: f(x) = \begin{cases} x & x > t \\ v & x \le t \end{cases}

    with :math:`t` = ``threshold`` and :math:`v` = ``value`` (PyTorch has no defaults;
    neuronkit's are 1 and 0, whose jump shows in a plot; ``threshold=0, value=0`` is
    ReLU).  Exact.  Derivative 1 for :math:`x > t`, 0 at and below it (0 at
    :math:`t`, as PyTorch's backward).  NaN gives NaN (as PyTorch).

    Examples
    --------
    >>> threshold([-1.0, 1.0, 2.5], threshold=1.0, value=-3.0)
    array([-3. , -3. ,  2.5])
    """,
    derivative_doc=r"""Derivative of :func:`threshold`: 1 above the threshold, else 0.

    Examples
    --------
    >>> threshold_derivative([-1.0, 1.0, 2.5])
    array([0., 0., 1.])
    """,
)
threshold, threshold_derivative = THRESHOLD.functions
