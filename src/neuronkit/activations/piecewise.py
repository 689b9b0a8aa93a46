r"""Piecewise-linear activations: step, identity, the ReLU family and the hard functions.

All of them are exact: each value is one IEEE operation (or a clip) of the
input, so results are correctly rounded.  At a corner the derivative takes the
value of the *flat* (saturated) side, as PyTorch's backward does:
``relu'(0) = 0``, ``hard_tanh'(±1) = 0``, ``relu6'(0) = relu6'(6) = 0``,
``hard_swish'(-3) = 0`` and ``hard_swish'(3) = 1``.

Every function takes ``x`` (array_like) and an optional ``out`` array of the
input's shape and float dtype, and returns an array of the input's shape and
float dtype (ints, bools and scalars become float64).
"""

from __future__ import annotations

import functools
import math
from fractions import Fraction

import numpy as np

from .._fpmath import is_power_of_two, two_prod
from ..checks import check_positive, check_real
from ..errors import ParameterError
from ._core import FromOutput, declare, only_values
from ._params import Param
from ._properties import Properties

__all__ = [
    "step", "step_derivative", "identity", "identity_derivative",
    "relu", "relu_derivative", "leaky_relu", "leaky_relu_derivative",
    "prelu", "prelu_derivative", "relu6", "relu6_derivative",
    "hard_logistic", "hard_logistic_derivative", "hard_tanh", "hard_tanh_derivative",
    "hard_swish", "hard_swish_derivative", "rrelu", "rrelu_derivative",
]

INF = math.inf


def _step(v):
    return np.heaviside(v, 0.0)


def _zero_d(v):
    return nan_where(v, np.zeros_like(v))


def _identity(v):
    return np.copy(v)


def _one_d(v):
    return nan_where(v, np.ones_like(v))


def _relu(v):
    return np.maximum(v, 0.0)


def _relu_from_output(y):
    return only_values(y, np.where(y > 0.0, 1.0, 0.0), 0.0)


def _relu6_from_output(y):
    return only_values(y, np.where((y > 0.0) & (y < 6.0), 1.0, 0.0), 0.0, 6.0)


def _relu6(v):
    return np.clip(v, 0.0, 6.0)


def _relu6_d(v):
    return inside(v, 0.0, 6.0, 1.0)


def _hard_tanh(v, lo, hi):
    return np.clip(v, lo, hi)


def _hard_tanh_d(v, lo, hi):
    return inside(v, lo, hi, 1.0)


def nan_where(x: np.ndarray, d) -> np.ndarray:
    """``d`` with NaN wherever ``x`` is NaN (NaN in, NaN out for derivatives); shared
    with the other piecewise families (shrinkage, sparse)."""
    return np.where(np.isnan(x), np.nan, d)


def inside(x: np.ndarray, lo: float, hi: float, value: float) -> np.ndarray:
    """``value`` strictly inside (lo, hi), 0 outside, NaN for NaN."""
    return nan_where(x, np.where((x > lo) & (x < hi), value, 0.0))


# -- step ------------------------------------------------------------------------


# -- identity --------------------------------------------------------------------


# -- relu ------------------------------------------------------------------------


# -- leaky relu / prelu ----------------------------------------------------------

def _leaky(v, s):
    return np.where(v > 0, v, s * v)


def _leaky_d(v, s):
    return nan_where(v, np.where(v > 0, 1.0, s))


# -- relu6 -----------------------------------------------------------------------


# -- rrelu (the inference form) ----------------------------------------------------

def _rrelu_slope(lower, upper):
    return 0.5 * (lower + upper)


def _rrelu(v, lower, upper):
    return _leaky(v, _rrelu_slope(lower, upper))


def _rrelu_d(v, lower, upper):
    return _leaky_d(v, _rrelu_slope(lower, upper))


def _rrelu_training(v, rng, lower, upper):
    """PyTorch's training form: each element's slope for x <= 0 drawn from U(lower, upper)."""
    a = rng.uniform(lower, upper, size=np.shape(v))
    neg = ~(v > 0)
    return np.where(neg, a * v, v), nan_where(v, np.where(neg, a, 1.0))


def _check_rrelu(lower, upper):
    if not lower <= upper:
        raise ParameterError(f"rrelu needs lower <= upper, got {lower!r} and {upper!r}")


# -- hard logistic ---------------------------------------------------------------

def _hard_logistic_bound(slope, offset):
    """|x| beyond which s x + c is outside [0, 1] with room to spare."""
    return (abs(offset) + 1.0) / slope + 1.0


def _hard_logistic_parts(v, slope, offset):
    """``(p, e, vc)`` with ``p + e = slope * vc`` exactly (``e`` None if ``p`` is exact).

    ``x`` is clipped first so that ``slope * x`` cannot overflow (the clip is
    outside the ramp, so it changes nothing).
    """
    bound = _hard_logistic_bound(slope, offset)
    vc = np.clip(v, -bound, bound)
    if is_power_of_two(slope):
        return slope * vc, None, vc
    p, e = two_prod(vc, slope)
    return p, e, vc


@functools.lru_cache(maxsize=64)
def _ratio_form(slope, offset):
    """``(q, k)`` with slope = 1/q and offset = k/q exactly, where q, k and k - q are
    floats, for a slope given as a Fraction (``Fraction(1, 6)``: q = 6; with offset
    1/2, k = 3); ``None`` otherwise (then the float values are used).

    >>> _ratio_form(Fraction(1, 6), 0.5), _ratio_form(1 / 6, 0.5)
    ((6.0, 3.0, 0.16666666666666666), None)
    """
    if not isinstance(slope, Fraction):
        return None
    q, k = 1 / slope, Fraction(offset) / slope
    try:
        floats = [float(r) for r in (q, k, k - q)]
    except OverflowError:
        return None
    if any(Fraction(f) != r for f, r in zip(floats, (q, k, k - q), strict=True)):
        return None
    return floats[0], floats[1], float(slope)


def _hard_logistic_ratio(v, q, k, s):
    """clip((x + k) / q, 0, 1) and its derivative: the corners -k and q - k are exact
    (x + k and x + k - q are 0 there, and their signs are exact elsewhere)."""
    bound = abs(k) + q + 1.0
    vc = np.clip(v, -bound, bound)
    lo, hi = vc + k, vc + (k - q)
    value = np.clip(lo / q, 0.0, 1.0)
    return value, nan_where(v, np.where((lo > 0.0) & (hi < 0.0), s, 0.0))


def _hard_logistic(v, slope, offset):
    ratio = _ratio_form(slope, offset)
    if ratio is not None:
        return _hard_logistic_ratio(v, *ratio)[0]
    slope, offset = float(slope), float(offset)
    # with an inexact product, its rounding error e is added after the offset, so
    # that near the corners, where s x + c cancels, the result is rounded once
    p, e, _ = _hard_logistic_parts(v, slope, offset)
    z = p + offset if e is None else (p + offset) + e
    return np.clip(z, 0.0, 1.0)


def _hard_logistic_d(v, slope, offset):
    ratio = _ratio_form(slope, offset)
    if ratio is not None:
        return _hard_logistic_ratio(v, *ratio)[1]
    slope, offset = float(slope), float(offset)
    # inside the ramp iff 0 < s x + c < 1, decided on the exact value of s x + c
    p, e, _ = _hard_logistic_parts(v, slope, offset)
    lo = p + offset
    hi = p + (offset - 1.0)
    if e is not None:
        lo, hi = lo + e, hi + e
    return nan_where(v, np.where((lo > 0.0) & (hi < 0.0), slope, 0.0))


# -- hard tanh -------------------------------------------------------------------

def _num(value) -> str:
    """A parameter value in a plain-text formula: ``-1.5`` as ``−1.5`` (a real minus).

    >>> _num(-1.0), _num(0.25)
    ('−1', '0.25')
    """
    return f"{float(value):g}".replace("-", "\N{MINUS SIGN}")


def _check_bounds(min_val, max_val):
    lo, hi = check_real("min_val", min_val), check_real("max_val", max_val)
    if not lo < hi:
        raise ParameterError(f"hard_tanh needs min_val < max_val, got {lo!r} and {hi!r}")
    return lo, hi


# -- hard swish ------------------------------------------------------------------

def _hard_swish(v):
    c = np.clip(v, -3.0, 3.0)
    return np.where(v >= 3.0, v, c * (c + 3.0) / 6.0)


def _hard_swish_d(v):
    mid = (2.0 * v + 3.0) / 6.0
    d = np.where(v >= 3.0, 1.0, np.where(v > -3.0, mid, 0.0))
    return nan_where(v, d)


def zero_second_derivative(v, *params):
    """f'' of a piecewise-linear function: 0 (NaN for NaN)."""
    return _zero_d(v)


def _hard_swish_d2(v):
    # 1/3 strictly inside (-3, 3), 0 outside and at the corners
    return inside(v, -3.0, 3.0, 1.0 / 3.0)


# -- compiled twins (see _kernels.h) ------------------------------------------------

def _c_slope(s):
    return (s, 0.0, 0.0, 0.0)


def _c_bounds(lo, hi):
    return (lo, hi, 0.0, 0.0)


def _c_hard_logistic_kernel(slope, offset):
    return "hard_logistic" if _ratio_form(slope, offset) is None else "hard_logistic_ratio"


def _c_hard_logistic(slope, offset):
    ratio = _ratio_form(slope, offset)
    if ratio is not None:  # q, k, the clip bound, the slope (the derivative)
        q, k, s = ratio
        return (q, k, abs(k) + q + 1.0, s)
    # mode 0: slope * x is exact (a power of two); 2: its rounding error is recovered
    slope, offset = float(slope), float(offset)
    bound = _hard_logistic_bound(slope, offset)
    return (slope, 0.0 if is_power_of_two(slope) else 2.0, bound, offset)


# -- declared properties -----------------------------------------------------------

def _props_step():
    return Properties((0.0, 1.0), (True, True), False, True, "both", "discontinuous", 0.0,
                      kinks=(0.0,))


def _props_identity():
    return Properties((-INF, INF), (False, False), True, True, "none", "smooth", 1.0)


def _props_relu():
    return Properties((0.0, INF), (True, False), False, True, "left", "C0", 0.0, kinks=(0.0,))


def _props_leaky(negative_slope, learnable=()):
    a = negative_slope
    if a > 0:
        rng, closed, sat = (-INF, INF), (False, False), "none"
    elif a == 0:
        rng, closed, sat = (0.0, INF), (True, False), "left"
    else:
        rng, closed, sat = (0.0, INF), (True, False), "none"
    kinks = (0.0,) if a != 1 else ()
    smooth = "C0" if a != 1 else "smooth"
    # with a = 1 the function is the identity: zero-centred (f(0) = 0, E f(Z) = 0)
    return Properties(rng, closed, a == 1, a >= 0, sat, smooth, a, kinks=kinks,
                      learnable=learnable)


def _props_rrelu(lower, upper):
    return _props_leaky(_rrelu_slope(lower, upper))


def _c_rrelu(lower, upper):
    return (_rrelu_slope(lower, upper), 0.0, 0.0, 0.0)


def _props_prelu(negative_slope):
    return _props_leaky(negative_slope, learnable=("negative_slope",))


def _props_relu6():
    return Properties((0.0, 6.0), (True, True), False, True, "both", "C0", 0.0,
                      kinks=(0.0, 6.0))


def _props_hard_logistic(slope, offset):
    lo, hi = float(-offset / slope), float((1 - offset) / slope)
    d0 = float(slope) if lo < 0 < hi else 0.0
    return Properties((0.0, 1.0), (True, True), False, True, "both", "C0", d0, kinks=(lo, hi))


def _props_hard_tanh(min_val, max_val):
    d0 = 1.0 if min_val < 0 < max_val else 0.0
    centred = min_val == -max_val
    return Properties((min_val, max_val), (True, True), centred, True, "both", "C0", d0,
                      kinks=(min_val, max_val))


def _props_hard_swish():
    return Properties((-0.375, INF), (True, False), False, False, "left", "C0", 0.5,
                      kinks=(-3.0, 3.0))


def _dprelu_dslope(z, slope):
    """d prelu(z) / d slope = min(z, 0)."""
    return np.minimum(z, 0.0)


# -- declarations ----------------------------------------------------------------

STEP = declare(
    name="step",
    summary="Heaviside step: the McCulloch-Pitts neuron's activation",
    summary_zh="阶跃函数：MP神经元的激活函数",
    formula=r"\begin{cases}1 & x>0\\0 & x\le 0\end{cases}",
    derivative_formula=r"0",
    text="1 if x > 0, 0 if x ≤ 0", derivative_text="0",
    value=_step, derivative=_zero_d,
    second_derivative=zero_second_derivative,
    c_kernel="step",
    properties=_props_step,
    aliases=("heaviside",),
    init="xavier", color="#222222",
    doc=r"""Heaviside step, the activation of the McCulloch-Pitts neuron.

    .. math:: \operatorname{step}(x) = \begin{cases} 1 & x > 0 \\ 0 & x \le 0 \end{cases}

    Derivative 0 everywhere (the jump at 0 has no derivative; 0 is returned).
    Range :math:`\{0, 1\}`.

    Examples
    --------
    >>> step([-1.0, 0.0, 2.0])
    array([0., 0., 1.])
    """,
    derivative_doc=r"""Derivative of :func:`step`: 0 everywhere (NaN for NaN).

    Examples
    --------
    >>> step_derivative([-1.0, 0.0, 2.0])
    array([0., 0., 0.])
    """,
)
step, step_derivative = STEP.functions

IDENTITY = declare(
    name="identity",
    summary="identity: no nonlinearity",
    summary_zh="恒等函数：没有非线性",
    formula=r"x",
    derivative_formula=r"1",
    text="x", derivative_text="1",
    value=_identity, derivative=_one_d,
    second_derivative=zero_second_derivative,
    c_kernel="identity",
    properties=_props_identity,
    aliases=("linear",),
    init="xavier", color="#7f7f7f",
    doc=r"""Identity (linear) activation, :math:`f(x) = x`; derivative 1; range :math:`\mathbb{R}`.

    Examples
    --------
    >>> identity([-1.5, 2.0])
    array([-1.5,  2. ])
    """,
    derivative_doc=r"""Derivative of :func:`identity`: 1 everywhere (NaN for NaN).

    Examples
    --------
    >>> identity_derivative([-1.5, 2.0])
    array([1., 1.])
    """,
)
identity, identity_derivative = IDENTITY.functions

RELU = declare(
    name="relu",
    summary="rectified linear unit",
    summary_zh="修正线性单元",
    formula=r"\max(0, x)",
    derivative_formula=r"\begin{cases}1 & x>0\\0 & x\le 0\end{cases}",
    text="max(0, x)", derivative_text="1 if x > 0, 0 if x ≤ 0",
    value=_relu, derivative=_step,
    second_derivative=zero_second_derivative,
    c_kernel="relu",
    from_output=FromOutput(kernel=_relu_from_output, c_kernel="relu_from_output",
                           formula=r"\begin{cases}1 & y>0\\0 & y=0\end{cases}",
                           text="1 if y > 0, 0 if y = 0"),
    properties=_props_relu,
    init="he", color="#2ca02c",
    doc=r"""Rectified linear unit.

    .. math:: \operatorname{relu}(x) = \max(0, x)

    Derivative 1 for :math:`x > 0`, 0 for :math:`x \le 0` (so ``relu'(0) = 0``).
    Range :math:`[0, \infty)`.  Saturates on the left only.

    Examples
    --------
    >>> relu([-2.0, 0.0, 3.0])
    array([0., 0., 3.])
    """,
    derivative_doc=r"""Derivative of :func:`relu`: 1 for x > 0, else 0.

    Examples
    --------
    >>> relu_derivative([-2.0, 0.0, 3.0])
    array([0., 0., 1.])
    """,
)
relu, relu_derivative = RELU.functions

LEAKY_RELU = declare(
    name="leaky_relu",
    summary="ReLU with a small slope for x <= 0",
    summary_zh="带泄露的ReLU：x ≤ 0 时斜率很小",
    formula=r"\begin{cases}x & x>0\\a x & x\le 0\end{cases}",
    derivative_formula=r"\begin{cases}1 & x>0\\a & x\le 0\end{cases}",
    text="x if x > 0, a·x if x ≤ 0 (a = negative_slope)",
    derivative_text="1 if x > 0, a if x ≤ 0",
    value=_leaky, derivative=_leaky_d,
    second_derivative=zero_second_derivative,
    c_kernel="leaky", c_params=_c_slope,
    params=(Param(name="negative_slope", default=0.01, doc="slope for x <= 0",
                  slider=(-1.0, 1.0, 0.01)),),
    properties=_props_leaky,
    init="he", color="#d62728",
    doc=r"""Leaky ReLU.

    .. math:: f(x) = \begin{cases} x & x > 0 \\ a x & x \le 0 \end{cases}

    with :math:`a` = ``negative_slope`` (default 0.01, PyTorch's).  Derivative 1 for
    :math:`x > 0` and :math:`a` for :math:`x \le 0`.  Range :math:`\mathbb{R}` for
    :math:`a > 0`.

    Examples
    --------
    >>> leaky_relu([-2.0, 3.0], negative_slope=0.1)
    array([-0.2,  3. ])
    """,
    derivative_doc=r"""Derivative of :func:`leaky_relu`: 1 for x > 0, ``negative_slope`` for x <= 0.

    Examples
    --------
    >>> leaky_relu_derivative([-2.0, 3.0], negative_slope=0.1)
    array([0.1, 1. ])
    """,
)
leaky_relu, leaky_relu_derivative = LEAKY_RELU.functions

PRELU = declare(
    name="prelu",
    summary="parametric ReLU: the slope is learned",
    summary_zh="带参数的ReLU：斜率由学习得到",
    formula=r"\max(0,x) + a\min(0,x)",
    derivative_formula=r"\begin{cases}1 & x>0\\a & x\le 0\end{cases}",
    text="max(0, x) + a·min(0, x) (a = negative_slope)",
    derivative_text="1 if x > 0, a if x ≤ 0",
    value=_leaky, derivative=_leaky_d,
    second_derivative=zero_second_derivative,
    c_kernel="leaky", c_params=_c_slope,
    params=(Param(name="negative_slope", default=0.25, doc="slope for x <= 0",
                  slider=(-1.0, 1.0, 0.01), learnable=True, gradient=_dprelu_dslope),),
    properties=_props_prelu,
    init="he", color="#f07470",
    doc=r"""Parametric ReLU: :func:`leaky_relu` whose slope a layer learns (default 0.25).

    .. math:: f(x) = \max(0, x) + a \min(0, x)

    Examples
    --------
    >>> prelu([-2.0, 3.0])
    array([-0.5,  3. ])
    """,
    derivative_doc=r"""Derivative of :func:`prelu` with respect to x.

    Examples
    --------
    >>> prelu_derivative([-2.0, 3.0])
    array([0.25, 1.  ])
    """,
)
prelu, prelu_derivative = PRELU.functions

RELU6 = declare(
    name="relu6",
    summary="ReLU capped at 6",
    summary_zh="上限为 6 的 ReLU",
    formula=r"\min(\max(0,x),6)",
    derivative_formula=r"\mathbb{1}[0<x<6]",
    text="min(max(0, x), 6)", derivative_text="1 if 0 < x < 6, else 0",
    x_range=(-2.0, 8.0),
    value=_relu6, derivative=_relu6_d,
    second_derivative=zero_second_derivative,
    c_kernel="relu6",
    from_output=FromOutput(kernel=_relu6_from_output, c_kernel="relu6_from_output",
                           formula=r"\mathbb{1}[0<y<6]", text="1 if 0 < y < 6, else 0"),
    properties=_props_relu6,
    init="he", color="#7fbf5f",
    doc=r"""ReLU capped at 6.

    .. math:: f(x) = \min(\max(0, x), 6)

    Derivative 1 on :math:`(0, 6)`, 0 elsewhere (0 at both corners).  Range [0, 6].

    Examples
    --------
    >>> relu6([-1.0, 3.0, 9.0])
    array([0., 3., 6.])
    """,
    derivative_doc=r"""Derivative of :func:`relu6`: 1 on (0, 6), else 0.

    Examples
    --------
    >>> relu6_derivative([-1.0, 3.0, 9.0])
    array([0., 1., 0.])
    """,
)
relu6, relu6_derivative = RELU6.functions

HARD_LOGISTIC = declare(
    name="hard_logistic",
    summary="piecewise-linear logistic (first-order Taylor at 0, clipped)",
    summary_zh="分段线性的Logistic函数（0 处的一阶泰勒展开，再截断）",
    formula=r"\operatorname{clip}(s x + c, 0, 1)",
    derivative_formula=r"s\,\mathbb{1}[0 < s x + c < 1]",
    text="clip(s·x + c, 0, 1) (s = slope, c = offset)",
    derivative_text="s if 0 < s·x + c < 1, else 0",
    value=_hard_logistic, derivative=_hard_logistic_d,
    second_derivative=zero_second_derivative,
    c_kernel=_c_hard_logistic_kernel, c_params=_c_hard_logistic,
    params=(Param(name="slope", default=0.25, check=check_positive, exact=True,
                  doc="ramp slope (PyTorch 1/6, Keras 0.2)", slider=(0.05, 1.0, 0.01)),
            Param(name="offset", default=0.5, doc="value at 0", slider=(-1.0, 2.0, 0.05),
                  exact=True)),
    properties=_props_hard_logistic,
    aliases=("hard_sigmoid",),
    init="xavier", color="#74add1",
    doc=r"""Hard logistic (hard sigmoid), the source text's piecewise-linear logistic.

    .. math:: f(x) = \operatorname{clip}(s x + c,\, 0,\, 1)

    With the defaults :math:`s = 1/4`, :math:`c = 1/2` this is the first-order
    Taylor expansion of the logistic function at 0, clipped to [0, 1], as the
    source text defines it.  Old Keras used ``slope=0.2``.  PyTorch's, JAX's and
    Keras 3's ``hardsigmoid`` is ``relu6(x + 3) / 6``, whose corners are exactly at
    :math:`\pm 3`: that is ``slope=Fraction(1, 6)``.  A slope given as a
    :class:`~fractions.Fraction` :math:`1/q` (with the offset :math:`k/q`, :math:`q`,
    :math:`k` and :math:`k - q` floats) is used exactly, as
    :math:`\operatorname{clip}((x + k)/q, 0, 1)`; the float ``1/6`` is a slightly
    different slope, whose ramp reaches 0 at :math:`x = -3 + 1.7\cdot10^{-16}`
    (so ``f(-3) = 2.8e-17``, correct for that slope).  Other fractions are rounded
    to floats.

    Derivative :math:`s` where :math:`0 < s x + c < 1`, 0 elsewhere: 0 at the
    corners, as PyTorch's ``hardsigmoid`` backward (``-3 < x < 3``) and JAX's
    ``hard_sigmoid`` (through ``relu6``, whose derivative is 0 at 0 and 6).
    Range [0, 1].

    Examples
    --------
    >>> hard_logistic([-4.0, 0.0, 1.0, 4.0])
    array([0.  , 0.5 , 0.75, 1.  ])
    >>> from fractions import Fraction
    >>> hard_logistic([-3.0, 0.0, 3.0], slope=Fraction(1, 6))
    array([0. , 0.5, 1. ])
    >>> float(hard_logistic(-3.0, slope=1/6))  # the float slope: a different function
    2.7755575615628914e-17
    """,
    derivative_doc=r"""Derivative of :func:`hard_logistic`: ``slope`` inside the ramp, else 0.

    Examples
    --------
    >>> hard_logistic_derivative([-4.0, 0.0, 2.0, 4.0])
    array([0.  , 0.25, 0.  , 0.  ])
    """,
)
hard_logistic, hard_logistic_derivative = HARD_LOGISTIC.functions

HARD_TANH = declare(
    name="hard_tanh",
    summary="piecewise-linear tanh",
    summary_zh="分段线性的Tanh函数",
    formula=lambda min_val, max_val: (rf"\operatorname{{clip}}(x, {float(min_val):g}, "
                                      rf"{float(max_val):g})"),
    derivative_formula=lambda min_val, max_val: (rf"\mathbb{{1}}[{float(min_val):g} < x "
                                                 rf"< {float(max_val):g}]"),
    text=lambda min_val, max_val: f"clip(x, {_num(min_val)}, {_num(max_val)})",
    derivative_text=lambda min_val, max_val: (f"1 if {_num(min_val)} < x < {_num(max_val)}, "
                                              "else 0"),
    value=_hard_tanh, derivative=_hard_tanh_d,
    second_derivative=zero_second_derivative,
    c_kernel="hard_tanh", c_params=_c_bounds,
    params=(Param(name="min_val", default=-1.0, doc="lower corner", slider=(-3.0, 0.0, 0.05)),
            Param(name="max_val", default=1.0, doc="upper corner", slider=(0.0, 3.0, 0.05))),
    properties=_props_hard_tanh,
    constraint=_check_bounds,
    init="xavier", color="#b8860b",
    doc=r"""Hard tanh.

    .. math:: f(x) = \operatorname{clip}(x, -1, 1) = \max(\min(x, 1), -1)

    The source text prints this function as :math:`\max(\min(x, 1), 0)`, which is
    a typo (that would be a clipped ReLU, not a hard tanh, and not zero-centred);
    neuronkit implements the correct :math:`\operatorname{clip}(x, -1, 1)`.
    ``min_val`` and ``max_val`` (PyTorch's names) move the corners.  Derivative 1
    strictly between them, 0 outside and at the corners.  Range [min_val, max_val].

    Examples
    --------
    >>> hard_tanh([-3.0, 0.5, 3.0])
    array([-1. ,  0.5,  1. ])
    """,
    derivative_doc=r"""Derivative of :func:`hard_tanh`: 1 strictly between the corners, else 0.

    Examples
    --------
    >>> hard_tanh_derivative([-3.0, 0.5, 1.0])
    array([0., 1., 0.])
    """,
)
hard_tanh, hard_tanh_derivative = HARD_TANH.functions

HARD_SWISH = declare(
    name="hard_swish",
    summary="piecewise-quadratic swish (MobileNetV3)",
    summary_zh="分段二次的 swish（MobileNetV3）",
    formula=r"x\,\mathrm{relu6}(x+3)/6",
    derivative_formula=r"\begin{cases}0 & x\le -3\\(2x+3)/6 & -3<x<3\\1 & x\ge 3\end{cases}",
    text="x·relu6(x + 3)/6",
    derivative_text="0 if x ≤ −3, (2x + 3)/6 if −3 < x < 3, 1 if x ≥ 3",
    value=_hard_swish, derivative=_hard_swish_d,
    second_derivative=_hard_swish_d2,
    c_kernel="hard_swish",
    properties=_props_hard_swish,
    aliases=("hard_silu",),
    init="he", color="#c2449c",
    doc=r"""Hard swish (MobileNetV3), a piecewise-quadratic stand-in for swish.

    .. math:: f(x) = x \, \frac{\operatorname{relu6}(x + 3)}{6}

    Derivative 0 for :math:`x \le -3`, :math:`(2x + 3)/6` on :math:`(-3, 3)`, 1 for
    :math:`x \ge 3` (so 0 at -3 and 1 at 3).  Range :math:`[-3/8, \infty)`, the
    minimum at :math:`x = -3/2`.

    Examples
    --------
    >>> hard_swish([-4.0, -1.5, 0.0, 3.0, 5.0])
    array([-0.   , -0.375,  0.   ,  3.   ,  5.   ])
    """,
    derivative_doc=r"""Derivative of :func:`hard_swish`.

    Examples
    --------
    >>> hard_swish_derivative([-4.0, -1.5, 0.0, 5.0])
    array([0. , 0. , 0.5, 1. ])
    """,
)
hard_swish, hard_swish_derivative = HARD_SWISH.functions

RRELU = declare(
    name="rrelu",
    summary="randomized leaky ReLU: mean slope here, random slopes in training",
    summary_zh="随机的带泄露的ReLU：此处取平均斜率，训练时斜率随机",
    formula=r"\begin{cases}x & x>0\\\frac{l+u}{2}\,x & x\le 0\end{cases}",
    derivative_formula=r"\begin{cases}1 & x>0\\\frac{l+u}{2} & x\le 0\end{cases}",
    text="x if x > 0, (l + u)/2·x if x ≤ 0 (l = lower, u = upper)",
    derivative_text="1 if x > 0, (l + u)/2 if x ≤ 0",
    value=_rrelu, derivative=_rrelu_d,
    second_derivative=zero_second_derivative,
    c_kernel="rrelu", c_params=_c_rrelu,
    params=(Param(name="lower", default=0.125, doc="least slope for x <= 0",
                  slider=(0.0, 1.0, 0.01)),
            Param(name="upper", default=1.0 / 3.0, doc="greatest slope for x <= 0",
                  slider=(0.0, 1.0, 0.01))),
    properties=_props_rrelu,
    constraint=_check_rrelu, training=_rrelu_training,
    init="he", color="#ad494a",
    doc=r"""Randomized leaky ReLU (Xu et al., 2015), PyTorch's ``rrelu``.

    .. math:: f(x) = \begin{cases} x & x > 0 \\ a x & x \le 0 \end{cases},
              \qquad a = \frac{l + u}{2}

    As a function this is the inference form (PyTorch's ``rrelu`` with
    ``training=False``): the slope is the mean :math:`(l + u)/2` of ``lower`` (default
    1/8) and ``upper`` (default 1/3).  In a :class:`~neuronkit.Dense` layer trained by
    ``fit``, each element's slope is drawn from :math:`U(l, u)` at every forward pass
    of training, from the fit's seed, as PyTorch does in training mode.  Derivative 1
    for :math:`x > 0` and :math:`a` for :math:`x \le 0` (:math:`a` at 0, as
    :func:`leaky_relu`).

    Examples
    --------
    >>> rrelu([-2.0, 3.0], lower=0.1, upper=0.3)
    array([-0.4,  3. ])
    """,
    derivative_doc=r"""Derivative of :func:`rrelu` (the inference form): 1 for x > 0, else
    :math:`(l + u)/2`.

    Examples
    --------
    >>> rrelu_derivative([-2.0, 3.0], lower=0.1, upper=0.3)
    array([0.2, 1. ])
    """,
)
rrelu, rrelu_derivative = RRELU.functions
