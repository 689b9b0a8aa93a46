r"""Self-gated activations :math:`x \cdot g(x)`: swish (SiLU), GELU and mish.

Each is the input times a smooth gate that goes from 0 to 1.  Their tails are
where libraries lose accuracy, and neuronkit does not:

* for very negative :math:`x` the result :math:`x\,g(x)` is tiny but representable
  (down to subnormal numbers); computing the gate first and then multiplying
  rounds twice in the subnormal range, so there the exponential is evaluated
  lifted by :math:`e^{64}` and scaled back in the last multiplication;
* GELU's :math:`\Phi(x)` for :math:`x < 0` is computed as
  :math:`\tfrac12\operatorname{erfcx}(|x|/\sqrt2)\,e^{-x^2/2}` with :math:`x^2` split
  exactly, not as :math:`\tfrac12\operatorname{erfc}(-x/\sqrt2)`, whose argument's
  rounding the tail multiplies by :math:`x^2`;
* the tanh approximation of GELU is evaluated as :math:`x\,\sigma(2y)` (no
  :math:`1 + \tanh` cancellation) with :math:`y` carried in double-double precision;
* swish's :math:`\beta x` rounding error is computed exactly and corrected for.

The derivatives of all three have an interior root, at their minimum (swish' at
:math:`\beta x \approx -1.2785`, GELU' at :math:`x \approx -0.7518`, mish' at
:math:`x \approx -1.1924`), where the derivative is the difference of two nearly equal
terms; within 0.6 of that root the derivative is accurate to 2 machine epsilons
in absolute terms (measured: at most about 1.5), and to 4 ULP elsewhere.
"""

from __future__ import annotations

import math

import numpy as np

from .. import _compiled, _erf
from .._fpmath import (
    LIFT_BELOW,
    UNLIFT,
    inverse_cube,
    lifted_exp,
    product_params,
    scaled_product,
    sigma_derivative,
    sigma_parts,
    two_prod,
    two_square,
)
from ..checks import check_positive
from ._core import declare
from ._params import Param
from ._properties import Properties

__all__ = [
    "swish", "swish_derivative", "silu", "gelu", "gelu_derivative", "mish", "mish_derivative",
    "SWISH_MIN", "GELU_MIN", "GELU_TANH_MIN", "MISH_MIN",
]

INF = math.inf
_SQRT1_2 = math.sqrt(0.5)
_INV_SQRT_2PI = 1.0 / math.sqrt(2.0 * math.pi)
_SQRT_PI_2 = math.sqrt(math.pi / 2.0)

# Minima over the real line (x * g(x) at the root of its derivative), to 20 digits.
SWISH_MIN = float("-0.27846454276107379511")  # at x = -1.2784645427610737951 (beta = 1)
GELU_MIN = float("-0.16997120747990366169")   # at x = -0.75179152469356445746
GELU_TANH_MIN = float("-0.17004075057125405064")  # at x = -0.75246142207101625849
MISH_MIN = float("-0.30884341301725040663")   # at x = -1.1924312145154952121


def _unlift(value, lifted):
    if lifted.any():
        value = np.where(lifted, value * UNLIFT, value)
    return value


# -- swish -------------------------------------------------------------------------

def _swish2(v, beta):
    p, e, big = scaled_product(v, beta)
    vc = np.clip(v, -big, big)
    # with e = exp(-|p|), d = 1 + e:  s = sigma(p), t = 1 - s, and
    # swish'/1 = s (1 + p t) = e ((1 + p) + e) / d^2   for p < 0 (the root side:
    #   1 + p is exact near the root, so only e's rounding enters the cancellation)
    #                        = (d + p e) / d^2         for p >= 0 (no cancellation)
    e_, d, s, t = sigma_parts(p)
    pos = p >= 0
    value = vc * s
    der = np.where(pos, d + p * e_, e_ * ((1.0 + p) + e_)) / (d * d)
    if e is not None:
        ds = s * t  # sigma'(p)
        value = value * (1.0 + e * t)
        der = der + e * ds * (2.0 + p * (t - s))
    tail = p < LIFT_BELOW
    if tail.any():
        m, lifted = lifted_exp(p)
        corr = 1.0 if e is None else 1.0 + e
        value = np.where(tail, vc * m * corr, value)
        der = np.where(tail, m * (1.0 + p) * corr, der)
        value, der = _unlift(value, tail), _unlift(der, tail)
    value = np.where(v > big, v, value)
    der = np.where(v > big, 1.0, der)
    return value, der


def _swish(v, beta):
    return _swish2(v, beta)[0]


def _swish_d(v, beta):
    return _swish2(v, beta)[1]


# -- GELU --------------------------------------------------------------------------

def _gelu_exact2(v):
    xc = np.clip(v, -50.0, 50.0)
    neg = v < 0
    sq, sq_e = two_square(xc)
    t = -0.5 * sq
    lifted = (t < LIFT_BELOW) & neg
    m = np.exp(np.where(lifted, t + 64.0, t)) if lifted.any() else np.exp(t)
    big_e = m * (1.0 - 0.5 * sq_e)  # exp(-x^2/2), possibly lifted by e^64
    cx = _erf.erfcx(np.abs(xc) * _SQRT1_2)
    h = 0.5 * cx * big_e  # Phi(-|x|)
    phi = _INV_SQRT_2PI * big_e
    value = np.where(neg, xc * h, v * (1.0 - h))
    der = np.where(neg, phi * (xc + _SQRT_PI_2 * cx), (1.0 - h) + xc * phi)
    return _unlift(value, lifted), _unlift(der, lifted)


# y = k (x + c x^3), k = sqrt(2/pi), c = 0.044715; the gate is sigma(2y) = sigma(z),
# z = x (A + B x^2) with A = 2k and B = 2kc as double-double constants.
_TANH_CONSTS = None


def _dd_consts():
    global _TANH_CONSTS
    if _TANH_CONSTS is None:
        from fractions import Fraction

        # 2*sqrt(2/pi) to 40 digits; B = 0.044715 * that (exact decimal product)
        a = Fraction("1.595769121605730711759784239737574376143")
        b = a * Fraction("0.044715")
        a_hi = float(a)
        b_hi = float(b)
        _TANH_CONSTS = (a_hi, float(a - Fraction(a_hi)), b_hi, float(b - Fraction(b_hi)))
    return _TANH_CONSTS


def _gelu_tanh_z(xc):
    """``(z, z_lo)``: z = 2 sqrt(2/pi) (x + 0.044715 x^3) in double-double."""
    a_hi, a_lo, b_hi, b_lo = _dd_consts()
    sq, sq_e = two_square(xc)
    # q = A + B * x^2, double-double
    bq, bq_e = two_prod(sq, b_hi)
    bq_e = bq_e + b_hi * sq_e + b_lo * sq
    q = a_hi + bq  # two-sum: B x^2 may exceed A, so no fast-two-sum
    bb = q - a_hi
    q_e = ((a_hi - (q - bb)) + (bq - bb)) + (bq_e + a_lo)
    # z = x * q, double-double
    z, z_e = two_prod(xc, q)
    return z, z_e + xc * q_e


def _gelu_tanh2(v):
    xc = np.clip(v, -1e5, 1e5)
    z, z_e = _gelu_tanh_z(xc)
    e_, d, s, t = sigma_parts(z)
    ds = s * t
    s_c = s * (1.0 + z_e * t)
    ds_c = ds * (1.0 + z_e * (t - s))
    a_hi, _, b_hi, _ = _dd_consts()
    # x z'(x) = A x + 3 B x^3 = 3 z - 2 A x: from the double-double z this has one
    # rounding where 3 B x^3 dominates (|x| > 6); below, the direct form is better
    xdz = np.where(np.abs(xc) > 6.0, 3.0 * z + (3.0 * z_e - 2.0 * a_hi * xc),
                   xc * a_hi + (3.0 * b_hi) * (xc * (xc * xc)))
    value = np.where(v > 1e5, v, xc * s_c)
    # der = s + x s' z' = (s / (1 + e)) ((1 + e) + x z' (1 - s)) ... for z < 0 this is
    # e ((1 + e) + x z') / (1 + e)^2: one cancelling sum (root at x = -0.75)
    corr = 1.0 + z_e * (t - s)  # d/dz log(e / (1 + e)^2) = t - s
    der_neg = e_ * (d + xdz) / (d * d) * corr
    der = np.where(z < 0, der_neg, s_c + xdz * ds_c)
    tail = z < LIFT_BELOW
    if tail.any():
        m, _ = lifted_exp(z)
        m = m * (1.0 + z_e)
        value = _unlift(np.where(tail, xc * m, value), tail)
        der = _unlift(np.where(tail, m * (1.0 + xdz), der), tail)
    return value, der


def _gelu2(v, approximate):
    return _gelu_tanh2(v) if approximate == "tanh" else _gelu_exact2(v)


def _gelu(v, approximate):
    return _gelu2(v, approximate)[0]


def _gelu_d(v, approximate):
    return _gelu2(v, approximate)[1]


# -- mish --------------------------------------------------------------------------

def _mish2(v):
    # t = tanh(softplus(x)) without cancellation, with e = exp(-|x|):
    #   x <= 0: n = e (e + 2), t = n / (n + 2)
    #   x > 0 : t = (1 + 2e) / (1 + 2e + 2e^2)
    e = np.exp(-np.abs(v))
    pos = v > 0
    n = e * (e + 2.0)
    t = np.where(pos, (1.0 + 2.0 * e) / (1.0 + 2.0 * e + 2.0 * e * e), n / (n + 2.0))
    vc = np.clip(v, -1e300, 1e300)  # inf * 0 would be NaN
    value = np.where(v > 1e300, v, vc * t)
    # mish' = t + x sigma (1 - t^2) over one denominator, with c = 1 + x, b = 1.5 + x:
    #   x > 0 : 1 - t = 2e^2 / A, 1 + t = 2 (1 + e)^2 / A, sigma = 1 / (1 + e),
    #           A = 1 + 2e + 2e^2;   mish' = N / D  with
    #           N = 1/4 + e (1 + e (b + e c)),   D = A^2 / 4 = 1/4 + e (1 + e (2 + e (2 + e)))
    #   x <= 0: 1 - t = 2 / A, 1 + t = 2 (1 + e)^2 / A, sigma = e / (1 + e),
    #           A = n + 2;   mish' = N / D  with
    #           N = e (c + e (b + e (1 + e/4))),   D = A^2 / 4 = 1 + e (2 + e (2 + e (1 + e/4)))
    # Every term is positive but c e^k (x <= 0); c is exact near the root of mish'
    # (x = -1.19) and for x <= -2, and dominates N in the left tail.  (The compiled
    # kernel evaluates the same forms with fused multiply-adds.)
    c, b = 1.0 + vc, 1.5 + vc
    num = np.where(pos, 0.25 + e * (1.0 + e * (b + e * c)),
                   e * (c + e * (b + e * (1.0 + 0.25 * e))))
    den = np.where(pos, 0.25 + e * (1.0 + e * (2.0 + e * (2.0 + e))),
                   1.0 + e * (2.0 + e * (2.0 + e * (1.0 + 0.25 * e))))
    der = num / den
    tail = v < LIFT_BELOW
    if tail.any():
        # there t = e^x and sigma = e^x to double precision
        m, _ = lifted_exp(vc)
        value = _unlift(np.where(tail, vc * m, value), tail)
        der = _unlift(np.where(tail, m * (1.0 + vc), der), tail)
    return value, der


def _mish(v):
    return _mish2(v)[0]


def _mish_d(v):
    return _mish2(v)[1]


# -- second derivatives -------------------------------------------------------------
# Each has interior roots (where f' has its extremes): swish'' at beta x = +-2.3994,
# GELU'' at x = +-sqrt(2) (computed exactly there: 2 - x^2 from the exact square),
# GELU-tanh'' at x = +-1.4 and mish'' at x = -2.2 and 1.3; near them the closed form is
# a difference of nearly equal terms (see the module notes on f').

def _swish_d2(v, beta):
    # beta sigma'(p) (2 + p (1 - 2 sigma(p))), p = beta x, over one denominator with
    # e = exp(-|p|), m = 1 - e = -expm1(-|p|):  beta e (2 (1 + e) - |p| m) / (1 + e)^3.
    # The rounding r of p moves e to e (1 - sign(p) r) (first order), m by the opposite;
    # 1 + e and |p| m are carried with their rounding errors (the bracket cancels).
    p, r, big = scaled_product(v, beta)
    a = np.abs(p)
    e = np.exp(-a)
    # m = 1 - e: from e with its rounding (m_lo) where e < 1/2 (e's own error then
    # hardly enters m), from expm1 near 0
    far = a > 0.6931471805599453
    m = np.where(far, 1.0 - e, -np.expm1(-a))
    m_lo = np.where(far, (1.0 - m) - e, 0.0)
    sr = 0.0
    if r is not None:
        sr = np.sign(p) * r
        e, m = e - sr * e, m + sr * e
    d = 1.0 + e
    dr = (1.0 - d) + e  # d + dr = 1 + e exactly
    am, am_e = two_prod(a, m)
    bracket = (2.0 * d - am) + ((2.0 * dr - am_e) - (m * sr + a * m_lo))
    g = beta * ((e * bracket) * inverse_cube(1.0, e))
    tail = a > -LIFT_BELOW  # e subnormal: e^(-|p|) lifted, rounded once
    if tail.any():
        lm, _ = lifted_exp(-a)
        lm = lm * (1.0 - sr)
        g = np.where(tail, (beta * lm * (2.0 - a)) * UNLIFT, g)
    return np.where(np.abs(v) > big, 0.0, g)


def _gelu_exact_d2(v):
    # phi(x) (2 - x^2), x^2 = sq + sq_e exactly (2 - sq is exact near the roots +-sqrt 2)
    xc = np.clip(v, -50.0, 50.0)
    sq, sq_e = two_square(xc)
    t = -0.5 * sq
    lifted = t < LIFT_BELOW
    m = np.exp(np.where(lifted, t + 64.0, t))
    phi = _INV_SQRT_2PI * (m * (1.0 - 0.5 * sq_e))
    return _unlift(phi * ((2.0 - sq) - sq_e), lifted)


def _two_sum(a, b):
    s = a + b
    bb = s - a
    return s, (a - (s - bb)) + (b - bb)


def _gelu_tanh_bracket(xc):
    """``P = 2A + 12 B x^2 - |x| (A + 3 B x^2)^2`` (which cancels near x = +-2) in
    double-double arithmetic, rounded once, and ``|x| z'^2``."""
    a_hi, a_lo, b_hi, b_lo = _dd_consts()
    b3_hi, b3_lo = two_prod(b_hi, 3.0)  # 3B as a double-double
    b3_lo = b3_lo + 3.0 * b_lo
    sq, sq_e = two_square(xc)
    t, t_e = two_prod(sq, b3_hi)  # 3B x^2
    t_e = t_e + (b3_lo * sq + b3_hi * sq_e)
    dz, dz_e = _two_sum(a_hi, t)  # z' = A + 3B x^2
    dz_e = dz_e + (t_e + a_lo)
    zz, zz_e = two_square(dz)  # z'^2
    zz_e = zz_e + 2.0 * dz * dz_e
    ax = np.abs(xc)
    w, w_e = two_prod(ax, zz)  # |x| z'^2
    w_e = w_e + ax * zz_e
    c, c_e = _two_sum(2.0 * a_hi, 4.0 * t)  # 2A + 12 B x^2
    c_e = c_e + (2.0 * a_lo + 4.0 * t_e)
    p, p_e = _two_sum(c, -w)
    return p + (p_e + (c_e - w_e)), w


def _gelu_tanh_d2(v):
    # z = x (A + B x^2), z' = A + 3 B x^2, z'' = 6 B x:
    # f'' = sigma'(z) (2 z' + x z'' + x z'^2 (1 - 2 sigma(z)))
    #     = sigma'(z) (2A + 12 B x^2 - |x| z'^2 tanh(|z|/2)),  tanh(|z|/2) = 1 - 2e/(1 + e)
    #     = sigma'(z) (P + 2 |x| z'^2 e / (1 + e)),  P in double-double (it cancels)
    xc = np.clip(v, -1e5, 1e5)
    z, z_e = _gelu_tanh_z(xc)
    az = np.abs(z)
    e = np.exp(-az)
    d = 1.0 + e
    dr = (1.0 - d) + e
    p, w = _gelu_tanh_bracket(xc)
    bracket = p + 2.0 * w * (e / d)
    # sigma'(z + z_e) = sigma'(z) (1 + z_e (t - s)),  t - s = -sign(z) (1 - e)/(1 + e)
    corr = (1.0 - 2.0 * dr / d) - np.sign(z) * z_e * (-np.expm1(-az) / d)
    g = (e * bracket) / (d * d) * corr
    tail = az > -LIFT_BELOW
    if tail.any():
        lm, _ = lifted_exp(-az)
        lm = lm * (1.0 - np.sign(z) * z_e)
        g = np.where(tail, (lm * p) * UNLIFT, g)
    return np.where(np.abs(v) > 1e5, 0.0, g)


def _gelu_d2(v, approximate):
    return _gelu_tanh_d2(v) if approximate == "tanh" else _gelu_exact_d2(v)


def _mish_d2(v):
    # with u = e^x, D = u^2 + 2u + 2:  mish'' = 4u N / D^3,
    #   N = 2u^3 + 6u^2 + 8u + 4 + x (2 + 2u - 3u^2 - 2u^3);
    # x <= 0, e = u:    4e ((4 + 2x) + e((8 + 2x) + e((6 - 3x) + e(2 - 2x)))) / D^3
    # x > 0,  e = 1/u:  4e^2 ((2 - 2x) + e((6 - 3x) + e((8 + 2x) + e(4 + 2x))))
    #                    / (1 + 2e + 2e^2)^3,   e^2 = exp(-2x) (one rounding)
    vc = np.clip(v, -1e300, 1e300)
    a = np.abs(vc)
    e = np.exp(-a)
    pos = vc > 0
    x2, x3 = 2.0 * vc, 3.0 * vc
    num_neg = (4.0 + x2) + e * ((8.0 + x2) + e * ((6.0 - x3) + e * (2.0 - x2)))
    num_pos = (2.0 - x2) + e * ((6.0 - x3) + e * ((8.0 + x2) + e * (4.0 + x2)))
    g = np.where(pos, (4.0 * np.exp(-2.0 * a)) * num_pos * inverse_cube(1.0, e * (2.0 + 2.0 * e)),
                 (4.0 * e) * num_neg * inverse_cube(2.0, e * (2.0 + e)))
    # tails: x < -600: e^x (2 + x); x > 300: 4 e^(-2x) (2 - 2x), lifted, rounded once
    t = np.where(pos, -2.0 * a, vc)
    tail = t < LIFT_BELOW
    if tail.any():
        lm, _ = lifted_exp(t)
        far = np.where(pos, (4.0 * lm) * (2.0 - x2), lm * (2.0 + vc))
        g = np.where(tail, far * UNLIFT, g)
    return g


# -- the compiled kernels' parameters, the beta gradient (see _kernels.h, layers) ---

def _c_gelu_kernel(approximate):
    return "gelu_tanh" if approximate == "tanh" else "gelu"


def _c_gelu(approximate):
    if approximate == "tanh":
        return _dd_consts()
    return (_SQRT1_2, _INV_SQRT_2PI, _SQRT_PI_2)


def _dswish_dbeta(z, beta):
    """d swish(z) / d beta = z^2 sigma'(beta z) (0 where z^2 overflows)."""
    with np.errstate(over="ignore", under="ignore", invalid="ignore"):
        out = z * z * sigma_derivative(beta * z)
    return np.where(np.isfinite(out), out, 0.0)


_compiled.set_erfcx_tables(_erf.erfcx_tables())


def _props_swish(beta):
    return Properties((SWISH_MIN / beta, INF), (True, False), False, False, "left", "smooth",
                      0.5, learnable=("beta",))


def _props_gelu(approximate):
    low = GELU_MIN if approximate == "none" else GELU_TANH_MIN
    return Properties((low, INF), (True, False), False, False, "left", "smooth", 0.5)


def _props_mish():
    return Properties((MISH_MIN, INF), (True, False), False, False, "left", "smooth", 0.6)


# -- declarations ----------------------------------------------------------------

SWISH = declare(
    name="swish",
    summary="self-gated: x times a logistic gate",
    summary_zh="自门控：x 乘以 Logistic 门",
    formula=r"\frac{x}{1+e^{-\beta x}}",
    derivative_formula=r"\sigma(\beta x)\,(1+\beta x\,(1-\sigma(\beta x)))",
    text="x·σ(βx) = x/(1 + e^(−βx)), σ = logistic",
    derivative_text="σ(βx)·(1 + βx·(1 − σ(βx)))",
    value=_swish, derivative=_swish_d, both=_swish2,
    second_derivative=_swish_d2,
    c_kernel="swish", c_params=product_params,
    params=(Param(name="beta", default=1.0, check=check_positive, doc="gate sharpness",
                  slider=(0.1, 10.0, 0.1), learnable=True, gradient=_dswish_dbeta,
                  bounds=(1e-4, INF)),),
    properties=_props_swish,
    aliases=("silu",), alias_params={"silu": {"beta": 1.0}},
    init="he", color="#e377c2",
    doc=r"""Swish, :math:`x\,\sigma(\beta x)`; with :math:`\beta = 1` it is SiLU.

    .. math:: \operatorname{swish}(x) = \frac{x}{1 + e^{-\beta x}}

    Derivative :math:`\sigma(\beta x)\,\bigl(1 + \beta x\,(1 - \sigma(\beta x))\bigr)`.
    Range :math:`[m/\beta, \infty)` with :math:`m \approx -0.2784645` (:data:`SWISH_MIN`);
    not monotonic; saturates on the left; derivative 1/2 at 0.

    Examples
    --------
    >>> swish([-1.0, 0.0, 2.0])
    array([-0.26894142,  0.        ,  1.76159416])
    >>> float(swish(-700.0)) != 0.0  # representable, so not flushed to zero
    True
    """,
    derivative_doc=r"""Derivative of :func:`swish`,
    :math:`\sigma(\beta x)(1 + \beta x(1 - \sigma(\beta x)))`.

    Examples
    --------
    >>> swish_derivative([0.0, 2.0])
    array([0.5       , 1.09078425])
    """,
)
swish, swish_derivative = SWISH.functions

_GELU_FORMULAS = {  # approximate -> LaTeX of f, f'; text of f, f'
    "none": (r"x\,\Phi(x) = \frac{x}{2}\left(1+\operatorname{erf}(x/\sqrt2)\right)",
             r"\Phi(x) + x\,\varphi(x)",
             "x·Φ(x) = ½·x·(1 + erf(x/√2)), Φ = normal CDF",
             "Φ(x) + x·φ(x), φ = normal density"),
    "tanh": (r"\frac{x}{2}(1+\tanh(u)),\ u = \sqrt{2/\pi}\,(x+0.044715\,x^{3})",
             r"\frac{1}{2}(1+\tanh(u)) + \frac{x}{2}\,(1-\tanh^{2}(u))\,\sqrt{2/\pi}\,"
             r"(1+0.134145\,x^{2})",
             "½·x·(1 + tanh(u)), u = √(2/π)·(x + 0.044715·x³)",
             "½·(1 + tanh(u)) + ½·x·(1 − tanh²(u))·√(2/π)·(1 + 0.134145·x²)"),
}

GELU = declare(
    name="gelu",
    summary="x times the normal CDF",
    summary_zh="x 乘以标准正态分布函数",
    formula=lambda approximate: _GELU_FORMULAS[approximate][0],
    derivative_formula=lambda approximate: _GELU_FORMULAS[approximate][1],
    text=lambda approximate: _GELU_FORMULAS[approximate][2],
    derivative_text=lambda approximate: _GELU_FORMULAS[approximate][3],
    value=_gelu, derivative=_gelu_d, both=_gelu2,
    second_derivative=_gelu_d2,
    c_kernel=_c_gelu_kernel, c_params=_c_gelu,
    params=(Param(name="approximate", default="none", choices=("none", "tanh"),
                  doc='"none" (the exact erf form) or "tanh" (PyTorch\'s approximation)'),),
    properties=_props_gelu,
    init="he", color="#17becf",
    doc=r"""Gaussian error linear unit (Hendrycks and Gimpel, 2016).

    .. math:: \operatorname{gelu}(x) = x\,\Phi(x)
              = \frac{x}{2}\left(1 + \operatorname{erf}\frac{x}{\sqrt 2}\right)

    Derivative :math:`\Phi(x) + x\,\varphi(x)`.  With ``approximate="tanh"``:
    :math:`\tfrac{x}{2}\bigl(1 + \tanh(\sqrt{2/\pi}\,(x + 0.044715\,x^3))\bigr)`, computed
    exactly as that formula (PyTorch's ``approximate="tanh"``).  Range
    :math:`[m, \infty)` with :math:`m \approx -0.1699712` (:data:`GELU_MIN`;
    -0.1700408 for the tanh form, :data:`GELU_TANH_MIN`); not
    monotonic; saturates on the left; derivative 1/2 at 0.

    Examples
    --------
    >>> gelu([-1.0, 0.0, 1.0])
    array([-0.15865525,  0.        ,  0.84134475])
    >>> gelu([1.0], approximate="tanh")
    array([0.84119199])
    >>> float(gelu(np.float32(-6.0))) != 0.0  # torch's float32 GELU gives 0 here
    True
    """,
    derivative_doc=r"""Derivative of :func:`gelu`, :math:`\Phi(x) + x\varphi(x)` (or of its tanh
    form).

    Examples
    --------
    >>> gelu_derivative([0.0, 1.0])
    array([0.5       , 1.08331547])
    """,
)
gelu, gelu_derivative = GELU.functions

MISH = declare(
    name="mish",
    summary="self-gated: x times tanh of softplus",
    summary_zh="自门控：x 乘以 softplus 的 tanh",
    formula=r"x\tanh(\operatorname{softplus}(x))",
    derivative_formula=(r"\tanh(\operatorname{sp}x)"
                        r" + x\,\operatorname{sech}^2(\operatorname{sp}x)\,\sigma(x)"),
    text="x·tanh(softplus(x))",
    derivative_text="tanh(sp(x)) + x·sech²(sp(x))·σ(x), sp = softplus, σ = logistic",
    value=_mish, derivative=_mish_d, both=_mish2,
    second_derivative=_mish_d2,
    c_kernel="mish",
    properties=_props_mish,
    init="he", color="#bcbd22",
    doc=r"""Mish (Misra, 2019).

    .. math:: \operatorname{mish}(x) = x \tanh(\operatorname{softplus}(x))

    Derivative :math:`\tanh(\operatorname{sp}(x)) + x\,(1 - \tanh^2(\operatorname{sp}(x)))
    \,\sigma(x)`.  Range :math:`[m, \infty)` with :math:`m \approx -0.3088434`
    (:data:`MISH_MIN`); not monotonic; saturates on the left; derivative 0.6 at 0.

    Examples
    --------
    >>> mish([-1.0, 0.0, 1.0])
    array([-0.30340146,  0.        ,  0.86509839])
    """,
    derivative_doc=r"""Derivative of :func:`mish`.

    Examples
    --------
    >>> mish_derivative([0.0])
    array([0.6])
    """,
)
mish, mish_derivative = MISH.functions


def silu(x, *, out=None):
    r"""SiLU, :math:`x\,\sigma(x)`: :func:`swish` with :math:`\beta = 1`.

    Examples
    --------
    >>> silu([1.0])
    array([0.73105858])
    """
    return swish(x, 1.0, out=out)
