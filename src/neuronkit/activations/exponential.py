r"""Exponential linear units: ELU, SELU and CELU.

For :math:`x \le 0` these use :math:`\operatorname{expm1}(x) = e^x - 1`, which keeps
full relative precision near 0 where :math:`e^x - 1` would cancel.  CELU's
derivative :math:`e^{x/\alpha}` corrects for the rounding of :math:`x/\alpha`,
which the exponential would otherwise multiply by :math:`|x/\alpha|`.

Every function takes ``x`` (array_like) and an optional ``out`` array, and
returns an array of the input's shape and float dtype.  At :math:`x = 0` the
derivative is the left-hand one (the :math:`x \le 0` branch).
"""

from __future__ import annotations

import math

import numpy as np

from .. import _compiled as C
from .._engine import apply
from .._fpmath import is_power_of_two, two_prod
from ._core import Param, Properties, Spec, check_nonnegative, check_positive, pair_kernel

__all__ = [
    "elu", "elu_derivative", "selu", "selu_derivative", "celu", "celu_derivative",
    "SELU_ALPHA", "SELU_SCALE",
]

INF = math.inf

# Klambauer et al. (2017), "Self-Normalizing Neural Networks", eq. (14), to 32 digits.
SELU_ALPHA = float("1.6732632423543772848170429916717")
SELU_SCALE = float("1.0507009873554804934193349852946")
_SELU_SCALE_ALPHA = float("1.7580993408473768599402175208123")  # their product, rounded once


def _elu(v, alpha):
    neg = np.minimum(v, 0.0)
    return np.where(v > 0, v, alpha * np.expm1(neg))


def _elu_d(v, alpha):
    neg = np.minimum(v, 0.0)
    return np.where(v > 0, 1.0, alpha * np.exp(neg))


def _selu(v):
    neg = np.minimum(v, 0.0)
    return np.where(v > 0, SELU_SCALE * v, _SELU_SCALE_ALPHA * np.expm1(neg))


def _selu_d(v):
    neg = np.minimum(v, 0.0)
    return np.where(v > 0, SELU_SCALE, _SELU_SCALE_ALPHA * np.exp(neg))


def _celu(v, alpha):
    neg = np.minimum(v, 0.0)
    return np.where(v > 0, v, alpha * np.expm1(neg / alpha))


def _division_inexact(alpha):
    """Whether v / alpha rounds (and the split of the quotient can correct it)."""
    return not is_power_of_two(alpha) and alpha < 2.0**500


def _celu_d(v, alpha):
    # exp(v / alpha) with the rounding error r of u = fl(v / alpha) corrected:
    # v / alpha = u + r exactly, exp(u + r) = exp(u) * (1 + r) to first order.
    neg = np.maximum(np.minimum(v, 0.0), -min(800.0 * alpha, 1e300))
    u = neg / alpha
    g = np.exp(u)
    if _division_inexact(alpha):
        p, e = two_prod(u, alpha)
        g = g * (1.0 + ((neg - p) - e) / alpha)
    return np.where(v > 0, 1.0, np.where(np.isnan(v), np.nan, g))


def elu(x, alpha=1.0, *, out=None):
    r"""Exponential linear unit.

    .. math:: \operatorname{elu}(x) = \begin{cases} x & x > 0 \\
              \alpha\,(e^{x} - 1) & x \le 0 \end{cases}

    Derivative 1 for :math:`x > 0` and :math:`\alpha e^{x}` for :math:`x \le 0`
    (so :math:`\alpha` at 0; smooth at 0 only for :math:`\alpha = 1`).  Range
    :math:`(-\alpha, \infty)`; saturates on the left.

    Examples
    --------
    >>> elu([-1.0, 0.0, 2.0])
    array([-0.63212056,  0.        ,  2.        ])
    """
    return apply(_elu, x, (check_nonnegative("alpha", alpha),), out)


def elu_derivative(x, alpha=1.0, *, out=None):
    r"""Derivative of :func:`elu`: 1 for x > 0, :math:`\alpha e^x` for x <= 0.

    Examples
    --------
    >>> elu_derivative([-1.0, 0.0, 2.0])
    array([0.36787944, 1.        , 1.        ])
    """
    return apply(_elu_d, x, (check_nonnegative("alpha", alpha),), out)


def selu(x, *, out=None):
    r"""Scaled exponential linear unit (Klambauer et al., 2017).

    .. math:: \operatorname{selu}(x) = \lambda \begin{cases} x & x > 0 \\
              \alpha\,(e^{x} - 1) & x \le 0 \end{cases}

    with the published constants :math:`\alpha \approx 1.6732632423543772848`,
    :math:`\lambda \approx 1.0507009873554804934` (32 digits in the source).
    Derivative :math:`\lambda` for :math:`x > 0`, :math:`\lambda\alpha e^{x}` for
    :math:`x \le 0`.  Range :math:`(-\lambda\alpha, \infty)`.  Zero-centred in the
    sense that matters for it: for standard-normal input the output has mean 0
    (and variance 1), the fixed point the constants were chosen for.

    Examples
    --------
    >>> selu([-1.0, 0.0, 1.0])
    array([-1.11133074,  0.        ,  1.05070099])
    """
    return apply(_selu, x, (), out)


def selu_derivative(x, *, out=None):
    r"""Derivative of :func:`selu`: :math:`\lambda` for x > 0, :math:`\lambda\alpha e^x` else.

    Examples
    --------
    >>> selu_derivative([-1.0, 1.0])
    array([0.6467686 , 1.05070099])
    """
    return apply(_selu_d, x, (), out)


def celu(x, alpha=1.0, *, out=None):
    r"""Continuously differentiable exponential linear unit (Barron, 2017).

    .. math:: \operatorname{celu}(x) = \max(0, x) + \min\bigl(0,\,
              \alpha\,(e^{x/\alpha} - 1)\bigr)

    Derivative 1 for :math:`x > 0`, :math:`e^{x/\alpha}` for :math:`x \le 0` (1 at 0,
    so CELU is :math:`C^1` for every :math:`\alpha > 0`).  Range :math:`(-\alpha, \infty)`.

    Examples
    --------
    >>> celu([-1.0, 0.0, 2.0], alpha=2.0)
    array([-0.78693868,  0.        ,  2.        ])
    """
    return apply(_celu, x, (check_positive("alpha", alpha),), out)


def celu_derivative(x, alpha=1.0, *, out=None):
    r"""Derivative of :func:`celu`: 1 for x > 0, :math:`e^{x/\alpha}` for x <= 0.

    Examples
    --------
    >>> celu_derivative([-1.0, 2.0], alpha=2.0)
    array([0.60653066, 1.        ])
    """
    return apply(_celu_d, x, (check_positive("alpha", alpha),), out)


# -- compiled twins (see _kernels.h) ------------------------------------------------

def _c_alpha(alpha):
    return (alpha, 0.0, 0.0, 0.0)


def _c_selu():
    return (SELU_SCALE, _SELU_SCALE_ALPHA, 0.0, 0.0)


def _c_celu(alpha):
    # mode 0: alpha a power of two (multiply by 1/alpha), 2: Dekker-corrected division,
    # 1: plain division (alpha >= 2**500, see _division_inexact)
    mode = 0.0 if is_power_of_two(alpha) else (2.0 if _division_inexact(alpha) else 1.0)
    return (alpha, mode, -min(800.0 * alpha, 1e300), 1.0 / alpha)


_elu2 = pair_kernel(_elu, _elu_d)
_selu2 = pair_kernel(_selu, _selu_d)
_celu2 = pair_kernel(_celu, _celu_d)

C.register_twins("elu", _elu, _elu_d, _elu2, _c_alpha)
C.register_twins("selu", _selu, _selu_d, _selu2, _c_selu)
C.register_twins("celu", _celu, _celu_d, _celu2, _c_celu)


def _props_elu(alpha):
    smooth = "C1" if alpha == 1.0 else "C0"
    kinks = () if alpha == 1.0 else (0.0,)
    low = (-alpha, False) if alpha > 0 else (0.0, True)
    return Properties((low[0], INF), (low[1], False), False, True, "left", smooth, alpha,
                      kinks=kinks)


def _props_selu():
    return Properties((-_SELU_SCALE_ALPHA, INF), (False, False), True, True, "left", "C0",
                      _SELU_SCALE_ALPHA, kinks=(0.0,))


def _props_celu(alpha):
    return Properties((-alpha, INF), (False, False), False, True, "left", "C1", 1.0)


SPECS = (
    Spec("elu", elu, elu_derivative,
         (Param("alpha", 1.0, check_nonnegative, "negative saturation value"),), _props_elu,
         r"\begin{cases}x & x>0\\\alpha(e^{x}-1) & x\le 0\end{cases}",
         r"\begin{cases}1 & x>0\\\alpha e^{x} & x\le 0\end{cases}",
         "exponential linear unit", kernels=(_elu, _elu_d), kernel2=_elu2),
    Spec("selu", selu, selu_derivative, (), _props_selu,
         r"\lambda\begin{cases}x & x>0\\\alpha(e^{x}-1) & x\le 0\end{cases}",
         r"\lambda\begin{cases}1 & x>0\\\alpha e^{x} & x\le 0\end{cases}",
         "self-normalizing ELU", kernels=(_selu, _selu_d), kernel2=_selu2),
    Spec("celu", celu, celu_derivative,
         (Param("alpha", 1.0, check_positive, "negative saturation value"),), _props_celu,
         r"\max(0,x)+\min(0,\alpha(e^{x/\alpha}-1))",
         r"\begin{cases}1 & x>0\\e^{x/\alpha} & x\le 0\end{cases}",
         "continuously differentiable ELU", kernels=(_celu, _celu_d), kernel2=_celu2),
)
