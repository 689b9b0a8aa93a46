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

from .._fpmath import UNLIFT, is_power_of_two, lifted_exp, two_prod
from ..checks import check_nonnegative, check_positive
from ._core import FromOutput, declare, only_values
from ._params import Param
from ._properties import Properties

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


# The ELUs' lower end -c is a double, which a float32 output holds rounded, perhaps below
# it: a y within that rounding below -c is taken as -c (f' = 0 there).
_END_SLACK = 1.0 + 2.0**-24


def _from_output_negative(y, c, scale, v):
    """f' from y for the ELUs: *scale* for y > 0, ``max(v, 0)`` down to -c, NaN below."""
    return only_values(y, np.where(y > 0.0, scale, np.maximum(v, 0.0)), -c * _END_SLACK)


def _elu_from_output(y, alpha):
    return _from_output_negative(y, alpha, 1.0, y + alpha)


def _selu_from_output(y):
    return _from_output_negative(y, _SELU_SCALE_ALPHA, SELU_SCALE, y + _SELU_SCALE_ALPHA)


def _celu_from_output(y, alpha):
    return _from_output_negative(y, alpha, 1.0, (y + alpha) / alpha)


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


# -- second derivatives: 0 for x > 0, c e^(x/alpha) for x <= 0 (the left side at 0) ----

def _scaled_exp(v, c):
    """c e^x for x <= 0, 0 for x > 0; lifted (see lifted_exp) so that a subnormal
    result is rounded once."""
    m, lifted = lifted_exp(np.minimum(v, 0.0))
    g = np.where(lifted, (c * m) * UNLIFT, c * m)
    return np.where(v > 0, 0.0, g)


def _elu_d2(v, alpha):
    return _scaled_exp(v, alpha)


def _selu_d2(v):
    return _scaled_exp(v, _SELU_SCALE_ALPHA)


def _celu_d2(v, alpha):
    # e^(x/alpha) / alpha, with the rounding of u = fl(x/alpha) corrected as in celu'
    neg = np.maximum(np.minimum(v, 0.0), -min(800.0 * alpha, 1e300))
    u = neg / alpha
    m, lifted = lifted_exp(u)
    if _division_inexact(alpha):
        p, e = two_prod(u, alpha)
        m = m * (1.0 + ((neg - p) - e) / alpha)
    g = np.where(lifted, (m / alpha) * UNLIFT, m / alpha)
    return np.where(v > 0, 0.0, np.where(np.isnan(v), np.nan, g))


# -- the compiled kernels' parameters (see _kernels.h) ----------------------------

def _c_alpha(alpha):
    return (alpha, 0.0, 0.0, 0.0)


def _c_selu():
    return (SELU_SCALE, _SELU_SCALE_ALPHA, 0.0, 0.0)


def _c_celu(alpha):
    # mode 0: alpha a power of two (multiply by 1/alpha), 2: Dekker-corrected division,
    # 1: plain division (alpha >= 2**500, see _division_inexact)
    mode = 0.0 if is_power_of_two(alpha) else (2.0 if _division_inexact(alpha) else 1.0)
    return (alpha, mode, -min(800.0 * alpha, 1e300), 1.0 / alpha)


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


# -- declarations ----------------------------------------------------------------

ELU = declare(
    name="elu",
    summary="exponential linear unit",
    summary_zh="指数线性单元",
    formula=r"\begin{cases}x & x>0\\\alpha(e^{x}-1) & x\le 0\end{cases}",
    derivative_formula=r"\begin{cases}1 & x>0\\\alpha e^{x} & x\le 0\end{cases}",
    text="x if x > 0, α·(eˣ − 1) if x ≤ 0",
    derivative_text="1 if x > 0, α·eˣ if x ≤ 0",
    value=_elu, derivative=_elu_d,
    second_derivative=_elu_d2,
    c_kernel="elu", c_params=_c_alpha,
    from_output=FromOutput(kernel=_elu_from_output, c_kernel="elu_from_output",
                           formula=r"\begin{cases}1 & y>0\\y+\alpha & y\le 0\end{cases}",
                           text="1 if y > 0, y + α if y ≤ 0"),
    params=(Param(name="alpha", default=1.0, check=check_nonnegative,
                  doc="negative saturation value", slider=(0.0, 3.0, 0.05)),),
    properties=_props_elu,
    init="he", color="#9467bd",
    doc=r"""Exponential linear unit.

    .. math:: \operatorname{elu}(x) = \begin{cases} x & x > 0 \\
              \alpha\,(e^{x} - 1) & x \le 0 \end{cases}

    Derivative 1 for :math:`x > 0` and :math:`\alpha e^{x}` for :math:`x \le 0`
    (so :math:`\alpha` at 0; smooth at 0 only for :math:`\alpha = 1`).  Range
    :math:`(-\alpha, \infty)`; saturates on the left.

    Examples
    --------
    >>> elu([-1.0, 0.0, 2.0])
    array([-0.63212056,  0.        ,  2.        ])
    """,
    derivative_doc=r"""Derivative of :func:`elu`: 1 for x > 0, :math:`\alpha e^x` for x <= 0.

    Examples
    --------
    >>> elu_derivative([-1.0, 0.0, 2.0])
    array([0.36787944, 1.        , 1.        ])
    """,
)
elu, elu_derivative = ELU.functions

SELU = declare(
    name="selu",
    summary="self-normalizing ELU",
    summary_zh="自归一化的 ELU",
    formula=r"\lambda\begin{cases}x & x>0\\\alpha(e^{x}-1) & x\le 0\end{cases}",
    derivative_formula=r"\lambda\begin{cases}1 & x>0\\\alpha e^{x} & x\le 0\end{cases}",
    text="λ·(x if x > 0, α·(eˣ − 1) if x ≤ 0), λ ≈ 1.0507, α ≈ 1.6733",
    derivative_text="λ·(1 if x > 0, α·eˣ if x ≤ 0)",
    value=_selu, derivative=_selu_d,
    second_derivative=_selu_d2,
    c_kernel="selu", c_params=_c_selu,
    from_output=FromOutput(kernel=_selu_from_output, c_kernel="selu_from_output",
                           formula=r"\begin{cases}\lambda & y>0\\y+\lambda\alpha & y\le 0"
                                   r"\end{cases}",
                           text="λ if y > 0, y + λα if y ≤ 0"),
    properties=_props_selu,
    init="lecun", color="#b07cc6",
    doc=r"""Scaled exponential linear unit (Klambauer et al., 2017).

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
    """,
    derivative_doc=r"""Derivative of :func:`selu`: :math:`\lambda` for x > 0,
    :math:`\lambda\alpha e^x` else.

    Examples
    --------
    >>> selu_derivative([-1.0, 1.0])
    array([0.6467686 , 1.05070099])
    """,
)
selu, selu_derivative = SELU.functions

CELU = declare(
    name="celu",
    summary="continuously differentiable ELU",
    summary_zh="连续可微的 ELU",
    formula=r"\max(0,x)+\min(0,\alpha(e^{x/\alpha}-1))",
    derivative_formula=r"\begin{cases}1 & x>0\\e^{x/\alpha} & x\le 0\end{cases}",
    text="max(0, x) + min(0, α·(exp(x/α) − 1))",
    derivative_text="1 if x > 0, exp(x/α) if x ≤ 0",
    value=_celu, derivative=_celu_d,
    second_derivative=_celu_d2,
    c_kernel="celu", c_params=_c_celu,
    from_output=FromOutput(kernel=_celu_from_output, c_kernel="celu_from_output",
                           formula=r"\begin{cases}1 & y>0\\1+y/\alpha & y\le 0\end{cases}",
                           text="1 if y > 0, 1 + y/α if y ≤ 0"),
    params=(Param(name="alpha", default=1.0, check=check_positive,
                  doc="negative saturation value", slider=(0.05, 3.0, 0.05)),),
    properties=_props_celu,
    init="he", color="#6a3d9a",
    doc=r"""Continuously differentiable exponential linear unit (Barron, 2017).

    .. math:: \operatorname{celu}(x) = \max(0, x) + \min\bigl(0,\,
              \alpha\,(e^{x/\alpha} - 1)\bigr)

    Derivative 1 for :math:`x > 0`, :math:`e^{x/\alpha}` for :math:`x \le 0` (1 at 0,
    so CELU is :math:`C^1` for every :math:`\alpha > 0`).  Range :math:`(-\alpha, \infty)`.

    Examples
    --------
    >>> celu([-1.0, 0.0, 2.0], alpha=2.0)
    array([-0.78693868,  0.        ,  2.        ])
    """,
    derivative_doc=r"""Derivative of :func:`celu`: 1 for x > 0, :math:`e^{x/\alpha}` for x <= 0.

    Examples
    --------
    >>> celu_derivative([-1.0, 2.0], alpha=2.0)
    array([0.60653066, 1.        ])
    """,
)
celu, celu_derivative = CELU.functions
