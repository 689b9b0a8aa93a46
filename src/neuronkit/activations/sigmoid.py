r"""The sigmoid family: logistic, tanh, softplus, log-sigmoid and softsign.

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

from .. import _compiled as C
from .._engine import apply
from .._fpmath import product_params, scaled_product
from ._core import Param, Properties, Spec, check_positive, pair_kernel

__all__ = [
    "logistic", "logistic_derivative", "tanh", "tanh_derivative",
    "softplus", "softplus_derivative", "log_sigmoid", "log_sigmoid_derivative",
    "softsign", "softsign_derivative",
]

INF = math.inf


# -- kernels ---------------------------------------------------------------------

def logistic_kernel(v):
    """sigma(v) for a float64 array (stable, keeps subnormal results)."""
    e = np.exp(-np.abs(v))
    r = 1.0 / (1.0 + e)
    return np.where(v >= 0, r, e * r)


def _logistic_d(v):
    e = np.exp(-np.abs(v))
    d = 1.0 + e
    return e / (d * d)


def _logistic2(v):
    e = np.exp(-np.abs(v))
    d = 1.0 + e
    r = 1.0 / d
    return np.where(v >= 0, r, e * r), e / (d * d)


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


def _softplus(v, beta):
    p, e, big = scaled_product(v, beta)
    s = np.maximum(p, 0.0) + _log1p_exp_neg_abs(p)
    if e is not None:
        s = s + e * logistic_kernel(p)
    if beta != 1.0:
        s = s / beta
    return np.where(v > big, v, np.where(v < -big, 0.0, s))


def _softplus_d(v, beta):
    p, e, big = scaled_product(v, beta)
    s = logistic_kernel(p)
    if e is not None:
        s = s * (1.0 + e * logistic_kernel(-p))
    return s


def _log_sigmoid(v):
    return np.minimum(v, 0.0) - _log1p_exp_neg_abs(v)


def _log_sigmoid_d(v):
    return logistic_kernel(-v)


def _softsign(v):
    c = np.clip(v, -1e300, 1e300)
    return c / (1.0 + np.abs(c))


def _softsign_d(v):
    r = 1.0 / (1.0 + np.abs(v))
    return r * r


# -- public functions ------------------------------------------------------------

def logistic(x, *, out=None):
    r"""Logistic sigmoid.

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
    """
    return apply(logistic_kernel, x, (), out)


def logistic_derivative(x, *, out=None):
    r"""Derivative of :func:`logistic`, :math:`\sigma(x)(1-\sigma(x)) = e/(1+e)^2`.

    Examples
    --------
    >>> logistic_derivative([0.0, 20.0])
    array([2.50000000e-01, 2.06115361e-09])
    >>> float(logistic_derivative(np.float32(17.0)))  # float32 sigma*(1-sigma) gives 0
    4.139938e-08
    """
    return apply(_logistic_d, x, (), out)


def tanh(x, *, out=None):
    r"""Hyperbolic tangent.

    .. math:: \tanh(x) = \frac{e^{x} - e^{-x}}{e^{x} + e^{-x}} = 2\sigma(2x) - 1

    Derivative :math:`1 - \tanh^2(x)`, computed as :math:`4e/(1+e)^2` with
    :math:`e = e^{-2|x|}`.  Range :math:`(-1, 1)`, zero-centred, saturates on both
    sides; :math:`\tanh'(0) = 1`.

    Examples
    --------
    >>> tanh([-1.0, 0.0, 1.0])
    array([-0.76159416,  0.        ,  0.76159416])
    """
    return apply(_tanh, x, (), out)


def tanh_derivative(x, *, out=None):
    r"""Derivative of :func:`tanh`, :math:`1 - \tanh^2 x = 4e/(1+e)^2`, :math:`e = e^{-2|x|}`.

    Examples
    --------
    >>> tanh_derivative([0.0, 10.0])
    array([1.00000000e+00, 8.24461446e-09])
    """
    return apply(_tanh_d, x, (), out)


def softplus(x, beta=1.0, *, out=None):
    r"""Softplus, a smooth ReLU.

    .. math:: \operatorname{softplus}(x) = \frac{1}{\beta}\log\left(1 + e^{\beta x}\right)

    Derivative :math:`\sigma(\beta x)`.  Range :math:`(0, \infty)`, saturates on the
    left; derivative 1/2 at 0.  Unlike PyTorch there is no ``threshold``: the
    stable form is exact for every input.

    Examples
    --------
    >>> softplus([-40.0, 0.0, 40.0])
    array([4.24835426e-18, 6.93147181e-01, 4.00000000e+01])
    >>> softplus([0.0], beta=2.0)
    array([0.34657359])
    """
    return apply(_softplus, x, (check_positive("beta", beta),), out)


def softplus_derivative(x, beta=1.0, *, out=None):
    r"""Derivative of :func:`softplus`, :math:`\sigma(\beta x)`.

    Examples
    --------
    >>> softplus_derivative([0.0, 40.0])
    array([0.5, 1. ])
    """
    return apply(_softplus_d, x, (check_positive("beta", beta),), out)


def log_sigmoid(x, *, out=None):
    r"""Logarithm of the logistic function.

    .. math:: \log\sigma(x) = -\operatorname{softplus}(-x) = \min(x, 0) - \log(1 + e^{-|x|})

    Derivative :math:`\sigma(-x) = 1 - \sigma(x)`.  Range :math:`(-\infty, 0)`,
    saturates on the right; derivative 1/2 at 0.

    Examples
    --------
    >>> log_sigmoid([-50.0, 0.0, 50.0])
    array([-5.00000000e+01, -6.93147181e-01, -1.92874985e-22])
    """
    return apply(_log_sigmoid, x, (), out)


def log_sigmoid_derivative(x, *, out=None):
    r"""Derivative of :func:`log_sigmoid`, :math:`\sigma(-x)`.

    Examples
    --------
    >>> log_sigmoid_derivative([0.0, 50.0])
    array([5.00000000e-01, 1.92874985e-22])
    """
    return apply(_log_sigmoid_d, x, (), out)


def softsign(x, *, out=None):
    r"""Softsign.

    .. math:: \operatorname{softsign}(x) = \frac{x}{1 + |x|}

    Derivative :math:`1/(1 + |x|)^2`.  Range :math:`(-1, 1)`, zero-centred,
    saturates on both sides (polynomially, not exponentially).

    Examples
    --------
    >>> softsign([-1.0, 0.0, 3.0, np.inf])
    array([-0.5 ,  0.  ,  0.75,  1.  ])
    """
    return apply(_softsign, x, (), out)


def softsign_derivative(x, *, out=None):
    r"""Derivative of :func:`softsign`, :math:`1/(1+|x|)^2`.

    Examples
    --------
    >>> softsign_derivative([-1.0, 0.0, 3.0])
    array([0.25  , 1.    , 0.0625])
    """
    return apply(_softsign_d, x, (), out)


# -- compiled twins (see _kernels.h) ------------------------------------------------

_softplus2 = pair_kernel(_softplus, _softplus_d)
_log_sigmoid2 = pair_kernel(_log_sigmoid, _log_sigmoid_d)
_softsign2 = pair_kernel(_softsign, _softsign_d)

C.register_twins("logistic", logistic_kernel, _logistic_d, _logistic2)
C.register_twins("tanh", _tanh, _tanh_d, _tanh2)
C.register_twins("softplus", _softplus, _softplus_d, _softplus2, product_params)
C.register_twins("log_sigmoid", _log_sigmoid, _log_sigmoid_d, _log_sigmoid2)
C.register_twins("softsign", _softsign, _softsign_d, _softsign2)


# -- catalogue entries -----------------------------------------------------------

def _props_logistic():
    return Properties((0.0, 1.0), (False, False), False, True, "both", "smooth", 0.25)


def _props_tanh():
    return Properties((-1.0, 1.0), (False, False), True, True, "both", "smooth", 1.0)


def _props_softplus(beta):
    return Properties((0.0, INF), (False, False), False, True, "left", "smooth", 0.5)


def _props_log_sigmoid():
    return Properties((-INF, 0.0), (False, False), False, True, "right", "smooth", 0.5)


def _props_softsign():
    return Properties((-1.0, 1.0), (False, False), True, True, "both", "C1", 1.0)


SPECS = (
    Spec("logistic", logistic, logistic_derivative, (), _props_logistic,
         r"\frac{1}{1+e^{-x}}", r"\sigma(x)\,(1-\sigma(x))", "logistic sigmoid",
         kernels=(logistic_kernel, _logistic_d), kernel2=_logistic2, aliases=("sigmoid",)),
    Spec("tanh", tanh, tanh_derivative, (), _props_tanh,
         r"\frac{e^{x}-e^{-x}}{e^{x}+e^{-x}} = 2\sigma(2x)-1", r"1-\tanh^2 x",
         "hyperbolic tangent", kernels=(_tanh, _tanh_d), kernel2=_tanh2),
    Spec("softplus", softplus, softplus_derivative,
         (Param("beta", 1.0, check_positive, "sharpness"),), _props_softplus,
         r"\tfrac{1}{\beta}\log(1+e^{\beta x})", r"\sigma(\beta x)", "smooth ReLU",
         kernels=(_softplus, _softplus_d), kernel2=_softplus2),
    Spec("log_sigmoid", log_sigmoid, log_sigmoid_derivative, (), _props_log_sigmoid,
         r"\log\sigma(x) = -\log(1+e^{-x})", r"\sigma(-x)", "log of the logistic",
         aliases=("log_logistic",), kernels=(_log_sigmoid, _log_sigmoid_d), kernel2=_log_sigmoid2),
    Spec("softsign", softsign, softsign_derivative, (), _props_softsign,
         r"\frac{x}{1+|x|}", r"\frac{1}{(1+|x|)^2}", "polynomially saturating tanh",
         kernels=(_softsign, _softsign_d), kernel2=_softsign2),
)
