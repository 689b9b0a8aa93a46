r"""The sigmoid family: logistic, tanh, softplus, log-sigmoid, softsign and squareplus.

Stable forms are used throughout (DESIGN.md section 3):

* :math:`\sigma(x)` as :math:`1/(1+e)` or :math:`e/(1+e)` with :math:`e = e^{-|x|}`,
  which never overflows and keeps subnormal results;
* :math:`\sigma'(x) = e/(1+e)^2` rather than :math:`\sigma(1-\sigma)`, which cancels
  to 0 for :math:`x \gtrsim 17` in float32 and :math:`x \gtrsim 37` in float64;
* :math:`\tanh'(x) = 4e/(1+e)^2` with :math:`e = e^{-2|x|}` rather than
  :math:`1 - \tanh^2 x`;
* :math:`\operatorname{softplus}(x) = \max(x, 0) + \log(1 + e^{-|x|})`; for
  ``beta != 1`` the rounding error of :math:`\beta x`, which the exponential
  would multiply by :math:`|\beta x|`, is computed exactly and corrected for.

Every function takes ``x`` (array_like) and an optional ``out`` array, and
returns an array of the input's shape and float dtype.
"""

from __future__ import annotations

import math

import numpy as np

from .._fpmath import (
    UNLIFT,
    inverse_square,
    lifted_exp,
    product_params,
    scaled_product,
    sigma,
    sigma_derivative,
    sigma_parts,
    sigma_second_derivative,
    two_square,
)
from ..checks import check_positive, check_real
from ._core import FromOutput, declare, only_values
from ._params import Param
from ._properties import Properties

__all__ = [
    "logistic", "logistic_derivative", "tanh", "tanh_derivative",
    "softplus", "softplus_derivative", "log_sigmoid", "log_sigmoid_derivative",
    "softsign", "softsign_derivative", "squareplus", "squareplus_derivative",
]

INF = math.inf


# -- kernels ---------------------------------------------------------------------

def _logistic2(v):
    e, d, s, _ = sigma_parts(v)
    return s, e / (d * d)


def _tanh_d(v):
    e = np.exp(-2.0 * np.abs(v))
    d = 1.0 + e
    return 4.0 * e / (d * d)


def _tanh(v):
    return np.tanh(v)


def _tanh2(v):
    return np.tanh(v), _tanh_d(v)


def _log1p_exp_neg_abs(p):
    """log(1 + exp(-|p|)); np.logaddexp would raise 'invalid' for NaN."""
    return np.log1p(np.exp(-np.abs(p)))


def _softplus(v, beta, threshold):
    p, e, big = scaled_product(v, beta)
    s = np.maximum(p, 0.0) + _log1p_exp_neg_abs(p)
    if e is not None:
        s = s + e * sigma(p)
    if beta != 1.0:
        s = s / beta
    s = np.where(v > big, v, np.where(v < -big, 0.0, s))
    if threshold is not None:  # PyTorch's switch: x where beta x (rounded) > threshold
        s = np.where(_torch_product(v, beta) > threshold, v, s)
    return s


def _softplus_d(v, beta, threshold):
    p, e, big = scaled_product(v, beta)
    if e is None:
        d = sigma(p)
    else:
        _, _, s, t = sigma_parts(p)
        d = s * (1.0 + e * t)
    if threshold is not None:
        d = np.where(_torch_product(v, beta) > threshold, 1.0, d)
    return d


def _torch_product(v, beta):
    """beta x rounded, as PyTorch compares it with the threshold (beyond 1e300 / beta:
    that bound, which is above every finite threshold)."""
    big = 1e300 / max(beta, 1.0)
    return np.clip(v, -big, big) * beta


def _check_threshold(name, value):
    return None if value is None else check_real(name, value)


def _log_sigmoid(v):
    return np.minimum(v, 0.0) - _log1p_exp_neg_abs(v)


def _log_sigmoid_d(v):
    return sigma(-v)


def _logistic_from_output(y):
    return only_values(y, y * (1.0 - y), 0.0, 1.0)


def _tanh_from_output(y):
    return only_values(y, (1.0 - y) * (1.0 + y), -1.0, 1.0)


def _log_sigmoid_from_output(y):
    return only_values(y, -np.expm1(np.minimum(y, 0.0)), -INF, 0.0)


def _softsign(v):
    c = np.clip(v, -1e300, 1e300)
    return c / (1.0 + np.abs(c))


def _softsign_d(v):
    r = 1.0 / (1.0 + np.abs(v))
    return r * r


# -- second derivatives (closed forms; see DESIGN.md section 3) -------------------

def _tanh_d2(v):
    # tanh'' = -2 tanh sech^2 = 8 sigma''(2x): -sign(x) 8e(1 - e)/(1 + e)^3, e = exp(-2|x|);
    # where e is subnormal (|x| > 300), 8 e^(-2|x|) lifted and rounded once
    g = 8.0 * sigma_second_derivative(2.0 * v)
    t = -2.0 * np.abs(v)
    m, lifted = lifted_exp(t)
    if lifted.any():
        g = np.where(lifted, np.where(v > 0, -8.0, 8.0) * m * UNLIFT, g)
    return g


def _sigma_d_precise(p):
    """sigma'(p) = e / (1 + e)^2 with the square's roundings carried (about 1.7 ULP where
    sigma_derivative, which the first derivatives share with the compiled kernels, is
    about 2.6)."""
    e = np.exp(-np.abs(p))
    return e * inverse_square(1.0, e)


def _softplus_d2(v, beta, threshold=None):
    # beta sigma'(p), p + e = beta x exactly: sigma'(p + e) = sigma'(p)(1 + e(t - s));
    # 0 beyond PyTorch's threshold, where the function is x
    p, e, _ = scaled_product(v, beta)
    ds = _sigma_d_precise(p)
    if e is not None:
        _, _, s, t = sigma_parts(p)
        ds = ds * (1.0 + e * (t - s))
    ds = ds if beta == 1.0 else beta * ds
    if threshold is not None:
        ds = np.where(_torch_product(v, beta) > threshold, 0.0, ds)
    return ds


def _log_sigmoid_d2(v):
    return -_sigma_d_precise(v)


_SOFTSIGN_FAR = 1e100  # |x| beyond this: (1 + |x|)^3 could overflow; 1/|x| is exact enough


def _softsign_d2(v):
    # -2 sign(x) / (1 + |x|)^3 (0 at x = 0, where the one-sided values are -2 and 2); the
    # rounding r of d = 1 + |x| is corrected for: 1/(d + r)^3 = d^-3 (1 - 3r/d)
    a = np.abs(v)
    ac = np.minimum(a, _SOFTSIGN_FAR)
    d = 1.0 + ac
    bb = d - 1.0
    r = (1.0 - (d - bb)) + (ac - bb)  # two-sum: d + r = 1 + |x|
    near = (2.0 / (d * d * d)) * (1.0 - 3.0 * r / d)
    q = 1.0 / np.maximum(a, _SOFTSIGN_FAR)
    far = ((2.0 * q) * q) * q  # rounded once where it is subnormal
    g = np.where(a > _SOFTSIGN_FAR, far, near)
    return np.where(v > 0, -g, np.where(v < 0, g, np.where(np.isnan(v), v, 0.0)))


def _squareplus_d2(v, b):
    # b / (2 s^3), s^2 = x^2 + b = q + r exactly (two_square, two-sum): s^3 = q sqrt(q)
    # (1 + 3r/(2q)); far out (|x| > 1e100) b / (2|x|^3), b below the rounding of x^2
    a = np.abs(v)
    ac = np.minimum(a, _SOFTSIGN_FAR)
    sq, sq_e = two_square(ac)
    q = sq + b
    bb = q - sq
    r = ((sq - (q - bb)) + (b - bb)) + sq_e
    near = ((0.5 * b) / (q * np.sqrt(q))) * (1.0 - 1.5 * r / q)
    w = 1.0 / np.maximum(a, _SOFTSIGN_FAR)
    far = (((0.5 * b) * w) * w) * w
    return np.where(a > _SOFTSIGN_FAR, far, near)



# -- squareplus --------------------------------------------------------------------

_SQUAREPLUS_BIG = 1e150  # |x| beyond this: x^2 + b would overflow, and b is below its rounding
_SQUAREPLUS_TINY = 1e300  # -x beyond this: s - x would overflow; f = b / (4|x|) there


def _squareplus_parts(v, b):
    """``(a, big, vc, sc, s)``: a = |x|, big = a > _SQUAREPLUS_BIG, x clipped there, s of
    the clipped x, and s = sqrt(x^2 + b) (= |x| to the last bit where x is clipped)."""
    a = np.abs(v)
    big = a > _SQUAREPLUS_BIG
    vc = np.clip(v, -_SQUAREPLUS_BIG, _SQUAREPLUS_BIG)
    sc = np.sqrt(vc * vc + b)
    return a, big, vc, sc, np.where(big, a, sc)


def _squareplus(v, b):
    # x >= 0: (x + s) / 2 (= x where s = x); x < 0: b / (2 (s - x)), which does not cancel
    a, big, vc, sc, s = _squareplus_parts(v, b)
    far = (0.25 * b) / np.maximum(a, _SQUAREPLUS_TINY)
    neg = np.where(a > _SQUAREPLUS_TINY, far, (0.5 * b) / (s + a))
    pos = np.where(big, v, 0.5 * (np.maximum(vc, 0.0) + sc))
    return np.where(v < 0, neg, pos)


def _squareplus_d(v, b):
    # (1 + x / s) / 2; for x < 0 it is b / (2 s (s - x)), as two divisions (no overflow)
    a, _, vc, sc, s = _squareplus_parts(v, b)
    return np.where(v < 0, ((0.5 * b) / s) / (s + a), 0.5 + 0.5 * (vc / sc))


def _c_squareplus(b):
    return (b, 0.5 * b, 0.25 * b)


# -- declared properties -----------------------------------------------------------

def _props_logistic():
    return Properties((0.0, 1.0), (False, False), False, True, "both", "smooth", 0.25)


def _props_tanh():
    return Properties((-1.0, 1.0), (False, False), True, True, "both", "smooth", 1.0)


def _props_softplus(beta, threshold):
    if threshold is None:
        return Properties((0.0, INF), (False, False), False, True, "left", "smooth", 0.5)
    # at x = threshold / beta, softplus(x) > x drops to x: a small jump down
    d0 = 1.0 if threshold < 0 else 0.5
    return Properties((0.0, INF), (False, False), False, False, "left", "discontinuous", d0,
                      kinks=(threshold / beta,))


def _c_softplus(beta, threshold):
    # (beta, mode, big) of the product and the threshold (inf: none)
    return (*product_params(beta)[:3], math.inf if threshold is None else threshold)


def _props_log_sigmoid():
    return Properties((-INF, 0.0), (False, False), False, True, "right", "smooth", 0.5)


def _props_softsign():
    return Properties((-1.0, 1.0), (False, False), True, True, "both", "C1", 1.0)


def _props_squareplus(b):
    return Properties((0.0, INF), (False, False), False, True, "left", "smooth", 0.5)


# -- declarations ----------------------------------------------------------------

LOGISTIC = declare(
    name="logistic",
    summary="logistic sigmoid",
    summary_zh="Logistic函数",
    formula=r"\frac{1}{1+e^{-x}}",
    derivative_formula=r"\sigma(x)\,(1-\sigma(x))",
    text="σ(x) = 1/(1 + e⁻ˣ)",
    derivative_text="σ(x)·(1 − σ(x))",
    value=sigma, derivative=sigma_derivative, both=_logistic2,
    second_derivative=sigma_second_derivative,
    c_kernel="logistic",
    from_output=FromOutput(kernel=_logistic_from_output, c_kernel="logistic_from_output",
                           formula=r"y\,(1-y)", text="y·(1 − y)"),
    properties=_props_logistic,
    aliases=("sigmoid",),
    init="xavier", color="#1f77b4",
    doc=r"""Logistic sigmoid.

    .. math:: \sigma(x) = \frac{1}{1 + e^{-x}}

    Derivative :math:`\sigma'(x) = \sigma(x)\,(1 - \sigma(x))`, computed as
    :math:`e/(1+e)^2` with :math:`e = e^{-|x|}`.  Range :math:`(0, 1)`, not
    zero-centred, saturates on both sides; :math:`\sigma'(0) = 1/4`.

    Examples
    --------
    >>> logistic([-800.0, 0.0, 2.0])
    array([0.       , 0.5      , 0.8807971])
    >>> float(logistic(-740.0))  # subnormal, not flushed
    4.2e-322
    """,
    derivative_doc=r"""Derivative of :func:`logistic`, :math:`\sigma(x)(1-\sigma(x)) = e/(1+e)^2`.

    Examples
    --------
    >>> logistic_derivative([0.0, 20.0])
    array([2.50000000e-01, 2.06115361e-09])
    >>> float(logistic_derivative(np.float32(17.0)))  # float32 sigma*(1-sigma) gives 0
    4.139938e-08
    """,
)
logistic, logistic_derivative = LOGISTIC.functions

TANH = declare(
    name="tanh",
    summary="hyperbolic tangent",
    summary_zh="Tanh函数（双曲正切）",
    formula=r"\frac{e^{x}-e^{-x}}{e^{x}+e^{-x}} = 2\sigma(2x)-1",
    derivative_formula=r"1-\tanh^2 x",
    text="(eˣ − e⁻ˣ)/(eˣ + e⁻ˣ) = 2σ(2x) − 1, σ = logistic",
    derivative_text="1 − tanh²(x)",
    value=_tanh, derivative=_tanh_d, both=_tanh2,
    second_derivative=_tanh_d2,
    c_kernel="tanh",
    from_output=FromOutput(kernel=_tanh_from_output, c_kernel="tanh_from_output",
                           formula=r"1-y^2", text="1 − y²"),
    properties=_props_tanh,
    init="xavier", color="#ff7f0e",
    doc=r"""Hyperbolic tangent.

    .. math:: \tanh(x) = \frac{e^{x} - e^{-x}}{e^{x} + e^{-x}} = 2\sigma(2x) - 1

    Derivative :math:`1 - \tanh^2(x)`, computed as :math:`4e/(1+e)^2` with
    :math:`e = e^{-2|x|}`.  Range :math:`(-1, 1)`, zero-centred, saturates on both
    sides; :math:`\tanh'(0) = 1`.

    Examples
    --------
    >>> tanh([-1.0, 0.0, 1.0])
    array([-0.76159416,  0.        ,  0.76159416])
    """,
    derivative_doc=r"""Derivative of :func:`tanh`, :math:`1 - \tanh^2 x = 4e/(1+e)^2`,
    :math:`e = e^{-2|x|}`.

    Examples
    --------
    >>> tanh_derivative([0.0, 10.0])
    array([1.00000000e+00, 8.24461446e-09])
    """,
)
tanh, tanh_derivative = TANH.functions

SOFTPLUS = declare(
    name="softplus",
    summary="smooth ReLU",
    summary_zh="平滑的 ReLU",
    formula=r"\frac{1}{\beta}\log(1+e^{\beta x})",
    derivative_formula=r"\sigma(\beta x)",
    text="(1/β)·log(1 + e^(βx))",
    derivative_text="σ(βx), σ = logistic",
    value=_softplus, derivative=_softplus_d,
    second_derivative=_softplus_d2,
    c_kernel="softplus", c_params=_c_softplus,
    params=(Param(name="beta", default=1.0, check=check_positive, doc="sharpness",
                  slider=(0.1, 10.0, 0.1)),
            Param(name="threshold", default=None, check=_check_threshold,
                  doc="None (exact, the default), or PyTorch's switch to x where "
                      "beta x > threshold (PyTorch's default 20)")),
    properties=_props_softplus,
    init="he", color="#8c564b",
    doc=r"""Softplus, a smooth ReLU.

    .. math:: \operatorname{softplus}(x) = \frac{1}{\beta}\log\left(1 + e^{\beta x}\right)

    Derivative :math:`\sigma(\beta x)`.  Range :math:`(0, \infty)`, saturates on the
    left; derivative 1/2 at 0.  The stable form is exact for every input, so the
    default ``threshold=None`` needs no switch.  ``threshold=20`` reproduces
    PyTorch's ``softplus(x, beta, threshold=20)``: :math:`x` (and derivative 1) where
    the rounded :math:`\beta x` exceeds the threshold, which makes the function jump
    down by :math:`\log(1 + e^{-20})/\beta \approx 2\cdot10^{-9}/\beta` there
    (float32 inputs: neuronkit rounds :math:`\beta x` in float64, PyTorch in
    float32; they differ only for :math:`\beta \ne 1` within an ULP of the switch).

    Examples
    --------
    >>> softplus([-40.0, 0.0, 40.0])
    array([4.24835426e-18, 6.93147181e-01, 4.00000000e+01])
    >>> softplus([0.0], beta=2.0)
    array([0.34657359])
    >>> softplus([20.5], threshold=20) - 20.5  # PyTorch's switch; exact: 1.25e-09
    array([0.])
    """,
    derivative_doc=r"""Derivative of :func:`softplus`, :math:`\sigma(\beta x)`.

    Examples
    --------
    >>> softplus_derivative([0.0, 40.0])
    array([0.5, 1. ])
    """,
)
softplus, softplus_derivative = SOFTPLUS.functions

LOG_SIGMOID = declare(
    name="log_sigmoid",
    summary="log of the logistic",
    summary_zh="Logistic函数的对数",
    formula=r"\log\sigma(x) = -\log(1+e^{-x})",
    derivative_formula=r"\sigma(-x)",
    text="log σ(x) = −log(1 + e⁻ˣ), σ = logistic",
    derivative_text="σ(−x) = 1 − σ(x)",
    value=_log_sigmoid, derivative=_log_sigmoid_d,
    second_derivative=_log_sigmoid_d2,
    c_kernel="log_sigmoid",
    from_output=FromOutput(kernel=_log_sigmoid_from_output,
                           c_kernel="log_sigmoid_from_output",
                           formula=r"1-e^{y}", text="1 − eʸ"),
    properties=_props_log_sigmoid,
    aliases=("log_logistic",),
    init="xavier", color="#b5846f",
    doc=r"""Logarithm of the logistic function.

    .. math:: \log\sigma(x) = -\operatorname{softplus}(-x) = \min(x, 0) - \log(1 + e^{-|x|})

    Derivative :math:`\sigma(-x) = 1 - \sigma(x)`.  Range :math:`(-\infty, 0)`,
    saturates on the right; derivative 1/2 at 0.

    Examples
    --------
    >>> log_sigmoid([-50.0, 0.0, 50.0])
    array([-5.00000000e+01, -6.93147181e-01, -1.92874985e-22])
    """,
    derivative_doc=r"""Derivative of :func:`log_sigmoid`, :math:`\sigma(-x)`.

    Examples
    --------
    >>> log_sigmoid_derivative([0.0, 50.0])
    array([5.00000000e-01, 1.92874985e-22])
    """,
)
log_sigmoid, log_sigmoid_derivative = LOG_SIGMOID.functions

SOFTSIGN = declare(
    name="softsign",
    summary="polynomially saturating tanh",
    summary_zh="按多项式速度饱和的 tanh",
    formula=r"\frac{x}{1+|x|}",
    derivative_formula=r"\frac{1}{(1+|x|)^2}",
    text="x/(1 + |x|)",
    derivative_text="1/(1 + |x|)²",
    value=_softsign, derivative=_softsign_d,
    second_derivative=_softsign_d2,
    c_kernel="softsign",
    properties=_props_softsign,
    init="xavier", color="#393b79",
    doc=r"""Softsign.

    .. math:: \operatorname{softsign}(x) = \frac{x}{1 + |x|}

    Derivative :math:`1/(1 + |x|)^2`.  Range :math:`(-1, 1)`, zero-centred,
    saturates on both sides (polynomially, not exponentially).

    Examples
    --------
    >>> softsign([-1.0, 0.0, 3.0, np.inf])
    array([-0.5 ,  0.  ,  0.75,  1.  ])
    """,
    derivative_doc=r"""Derivative of :func:`softsign`, :math:`1/(1+|x|)^2`.

    Examples
    --------
    >>> softsign_derivative([-1.0, 0.0, 3.0])
    array([0.25  , 1.    , 0.0625])
    """,
)
softsign, softsign_derivative = SOFTSIGN.functions

SQUAREPLUS = declare(
    name="squareplus",
    summary="algebraic smooth ReLU (Barron, 2021)",
    summary_zh="代数形式的平滑 ReLU（Barron，2021）",
    formula=r"\frac{1}{2}\left(x + \sqrt{x^2 + b}\right)",
    derivative_formula=r"\frac{1}{2}\left(1 + \frac{x}{\sqrt{x^2 + b}}\right)",
    text="½·(x + √(x² + b))",
    derivative_text="½·(1 + x/√(x² + b))",
    value=_squareplus, derivative=_squareplus_d,
    second_derivative=_squareplus_d2,
    c_kernel="squareplus", c_params=_c_squareplus,
    params=(Param(name="b", default=4.0, check=check_positive,
                  doc="curvature at 0 (JAX's default 4)", slider=(0.05, 10.0, 0.05)),),
    properties=_props_squareplus,
    init="he", color="#8c6d31",
    doc=r"""Squareplus (Barron, 2021), a smooth ReLU made of a square root.

    .. math:: \operatorname{squareplus}(x) = \frac{x + \sqrt{x^2 + b}}{2}

    For :math:`x < 0` it is computed as :math:`b / (2(\sqrt{x^2+b} - x))`, which does
    not cancel.  Derivative :math:`\tfrac12(1 + x/\sqrt{x^2+b})`.  Range
    :math:`(0, \infty)`, saturates on the left (as :math:`b/(4|x|)`, polynomially);
    value :math:`\sqrt{b}/2` and derivative 1/2 at 0.  ``b`` is JAX's parameter.

    Examples
    --------
    >>> squareplus([-3.0, 0.0, 3.0])
    array([0.30277564, 1.        , 3.30277564])
    """,
    derivative_doc=r"""Derivative of :func:`squareplus`, :math:`\tfrac12(1 + x/\sqrt{x^2 + b})`.

    Examples
    --------
    >>> squareplus_derivative([0.0, 3.0])
    array([0.5      , 0.9160251])
    """,
)
squareplus, squareplus_derivative = SQUAREPLUS.functions
