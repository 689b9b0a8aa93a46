"""Independent high-precision references for every activation, in mpmath.

These are the textbook definitions evaluated at ``PREC`` bits, written without
looking at neuronkit's kernels.  Where a textbook form would cancel even at high
precision (``1 + tanh`` far left, ``e^x - 1`` near 0), a mathematically identical
form that does not cancel is used (``2 / (1 + e^{-2y})``, ``expm1``).  Constants
are exact decimals (SELU from Klambauer et al. 2017, the GELU tanh constants) or
exact binary values of the float parameters.
"""

from __future__ import annotations

from fractions import Fraction

import mpmath as mp

PREC = 160
mp.mp.prec = PREC

SELU_ALPHA = mp.mpf("1.6732632423543772848170429916717")
SELU_SCALE = mp.mpf("1.0507009873554804934193349852946")


def _sig(z):
    return 1 / (1 + mp.exp(-z))


def _sig_d(z):
    e = mp.exp(-abs(z))
    return e / (1 + e) ** 2


def _clip(v, lo, hi):
    return min(max(v, lo), hi)


def _heaviside(x):
    return mp.mpf(1) if x > 0 else mp.mpf(0)


def _gelu_tanh_z(x):
    k = mp.sqrt(2 / mp.pi)
    return 2 * k * (x + mp.mpf("0.044715") * x**3)


def _gelu_tanh_dz(x):
    k = mp.sqrt(2 / mp.pi)
    return 2 * k * (1 + 3 * mp.mpf("0.044715") * x**2)


def _ncdf(x):
    # mpmath's erfc overflows for |x| > ~1e17; there Mills' ratio is exact far below
    # the smallest float (Phi(x) ~ phi(x)/|x| underflows everything representable)
    if x < -1e6:
        return mp.npdf(x) / abs(x)
    if x > 1e6:
        return 1 - mp.npdf(x) / x
    return mp.ncdf(x)


def _squareplus(x, b):
    # (x + sqrt(x^2 + b)) / 2, for x < 0 as b / (2 (sqrt(x^2 + b) - x)): the textbook
    # form cancels for large -x even at 160 bits
    s = mp.sqrt(x * x + b)
    return b / (2 * (s - x)) if x < 0 else (x + s) / 2


def _squareplus_d(x, b):
    s = mp.sqrt(x * x + b)
    return b / (2 * s * (s - x)) if x < 0 else (1 + x / s) / 2


def _softplus(x):
    return mp.log1p(mp.exp(x))


def _mpq(r):
    """A Fraction (or mpf) parameter as an mpf (at PREC bits)."""
    return mp.mpf(r.numerator) / r.denominator if isinstance(r, Fraction) else mp.mpf(r)


def _frac(r):
    """A parameter as a Fraction (an mpf parameter is a float's exact value)."""
    return r if isinstance(r, Fraction) else Fraction(float(r))


def _affine(x, slope, offset):
    """slope * x + offset, exactly (as a Fraction, then rounded at PREC bits) where x is a
    float and a parameter is a Fraction, so that a corner stays exactly 0 or 1."""
    if isinstance(slope, Fraction) or isinstance(offset, Fraction):
        xf = float(x)
        if mp.mpf(xf) == x and mp.isfinite(x):
            exact = _frac(slope) * Fraction(xf) + _frac(offset)
            return _mpq(exact)
    return _mpq(slope) * x + _mpq(offset)


def _torch_softplus(x, beta, threshold):
    # PyTorch's switch: x where the float64 product beta * x exceeds the threshold
    if threshold is not None and mp.isfinite(x) and float(beta) * float(x) > threshold:
        return x, mp.mpf(1)
    return _softplus(beta * x) / beta, _sig(beta * x)


def _tanhshrink(x):
    # x - tanh x cancels near 0 even at PREC bits: the series there (|x| < 2^-20: three
    # terms are exact far beyond PREC), the difference at higher precision elsewhere
    if abs(x) < mp.mpf(2) ** -20:
        return x**3 / 3 - 2 * x**5 / 15 + 17 * x**7 / 315
    with mp.workprec(mp.mp.prec + 80):
        return +(x - mp.tanh(x))


# name -> (forward(x, **params), derivative(x, **params)); params are mpf/str values
REFERENCES = {
    "step": (lambda x: _heaviside(x), lambda x: mp.mpf(0)),
    "identity": (lambda x: x, lambda x: mp.mpf(1)),
    "logistic": (lambda x: _sig(x), lambda x: _sig_d(x)),
    "tanh": (lambda x: mp.tanh(x), lambda x: 1 / mp.cosh(x) ** 2),
    "hard_logistic": (
        lambda x, slope, offset: _clip(_affine(x, slope, offset), 0, 1),
        lambda x, slope, offset: _mpq(slope) if 0 < _affine(x, slope, offset) < 1 else mp.mpf(0),
    ),
    "hard_tanh": (
        lambda x, min_val, max_val: _clip(x, min_val, max_val),
        lambda x, min_val, max_val: mp.mpf(1) if min_val < x < max_val else mp.mpf(0),
    ),
    "relu": (lambda x: max(x, 0), lambda x: _heaviside(x)),
    "leaky_relu": (
        lambda x, negative_slope: x if x > 0 else negative_slope * x,
        lambda x, negative_slope: mp.mpf(1) if x > 0 else negative_slope,
    ),
    "prelu": (
        lambda x, negative_slope: x if x > 0 else negative_slope * x,
        lambda x, negative_slope: mp.mpf(1) if x > 0 else negative_slope,
    ),
    "relu6": (lambda x: _clip(x, 0, 6), lambda x: mp.mpf(1) if 0 < x < 6 else mp.mpf(0)),
    "elu": (
        lambda x, alpha: x if x > 0 else alpha * mp.expm1(x),
        lambda x, alpha: mp.mpf(1) if x > 0 else alpha * mp.exp(x),
    ),
    "selu": (
        lambda x: SELU_SCALE * (x if x > 0 else SELU_ALPHA * mp.expm1(x)),
        lambda x: SELU_SCALE * (1 if x > 0 else SELU_ALPHA * mp.exp(x)),
    ),
    "celu": (
        lambda x, alpha: x if x > 0 else alpha * mp.expm1(x / alpha),
        lambda x, alpha: mp.mpf(1) if x > 0 else mp.exp(x / alpha),
    ),
    "softplus": (
        lambda x, beta, threshold: _torch_softplus(x, beta, threshold)[0],
        lambda x, beta, threshold: _torch_softplus(x, beta, threshold)[1],
    ),
    "log_sigmoid": (lambda x: -_softplus(-x), lambda x: _sig(-x)),
    "swish": (
        lambda x, beta: x * _sig(beta * x),
        lambda x, beta: _sig(beta * x) + beta * x * _sig_d(beta * x),
    ),
    "gelu": (
        lambda x, approximate: (
            x * _ncdf(x) if approximate == "none" else x * _sig(_gelu_tanh_z(x))
        ),
        lambda x, approximate: (
            _ncdf(x) + x * mp.npdf(x)
            if approximate == "none"
            else _sig(_gelu_tanh_z(x)) + x * _sig_d(_gelu_tanh_z(x)) * _gelu_tanh_dz(x)
        ),
    ),
    "mish": (
        lambda x: x * mp.tanh(_softplus(x)),
        lambda x: mp.tanh(_softplus(x)) + x * _sig(x) / mp.cosh(_softplus(x)) ** 2,
    ),
    "softsign": (lambda x: x / (1 + abs(x)), lambda x: 1 / (1 + abs(x)) ** 2),
    "squareplus": (
        lambda x, b: _squareplus(x, b),
        lambda x, b: _squareplus_d(x, b),
    ),
    "hard_swish": (
        lambda x: x * _clip(x + 3, 0, 6) / 6,
        lambda x: mp.mpf(0) if x <= -3 else (mp.mpf(1) if x >= 3 else (2 * x + 3) / 6),
    ),
    "softshrink": (
        lambda x, lambd: x - lambd if x > lambd else (x + lambd if x < -lambd else mp.mpf(0)),
        lambda x, lambd: mp.mpf(1) if abs(x) > lambd else mp.mpf(0),
    ),
    "hardshrink": (
        lambda x, lambd: x if abs(x) > lambd else mp.mpf(0),
        lambda x, lambd: mp.mpf(1) if abs(x) > lambd else mp.mpf(0),
    ),
    "tanhshrink": (lambda x: _tanhshrink(x), lambda x: mp.tanh(x) ** 2),
    "threshold": (
        lambda x, threshold, value: x if x > threshold else value,
        lambda x, threshold, value: mp.mpf(1) if x > threshold else mp.mpf(0),
    ),
    "sparse_plus": (
        lambda x: mp.mpf(0) if x <= -1 else ((x + 1) ** 2 / 4 if x < 1 else x),
        lambda x: mp.mpf(0) if x <= -1 else ((x + 1) / 2 if x < 1 else mp.mpf(1)),
    ),
    "sparse_sigmoid": (
        lambda x: _clip((x + 1) / 2, 0, 1),
        lambda x: mp.mpf(1) / 2 if -1 < x < 1 else mp.mpf(0),
    ),
    "rrelu": (
        lambda x, lower, upper: x if x > 0 else (lower + upper) / 2 * x,
        lambda x, lower, upper: mp.mpf(1) if x > 0 else (lower + upper) / 2,
    ),
}

# Interior roots of derivatives, where only an absolute error bound makes sense:
# name -> function(params) -> root location
DERIVATIVE_ROOTS = {
    "swish": lambda beta: float(
        mp.findroot(lambda x: REFERENCES["swish"][1](x, mp.mpf(beta)), -2.4 / beta)
    ),
    "gelu": lambda approximate: float(
        mp.findroot(lambda x: REFERENCES["gelu"][1](x, approximate), -0.75)
    ),
    "mish": lambda: float(mp.findroot(REFERENCES["mish"][1], -1.19)),
}


def mp_params(params: dict) -> dict:
    """Float parameters as exact mpf values (strings, None and Fractions stay as they
    are: the references that take a Fraction use it exactly)."""
    return {k: (mp.mpf(v) if isinstance(v, float) else v) for k, v in params.items()}


def reference(name: str, which: int, x: float, params: dict):
    """f(x) (which=0), f'(x) (which=1) or f''(x) (which=2) at the float x, as an mpf."""
    ref = SECOND_DERIVATIVES[name] if which == 2 else REFERENCES[name][which]
    return ref(mp.mpf(x), **mp_params(params))


# -- second derivatives: textbook closed forms (checked against mp.diff of the first
# derivatives in test_second_derivative.py); 1 - 2 sigma(z) is written -tanh(z/2),
# which does not cancel at 160 bits for tiny z
def _sig_d2(z):
    return -_sig_d(z) * mp.tanh(z / 2)


def _zero(x, **params):
    return mp.mpf(0)


def _gelu_tanh_d2(x):
    z, dz = _gelu_tanh_z(x), _gelu_tanh_dz(x)
    d2z = 2 * mp.sqrt(2 / mp.pi) * 6 * mp.mpf("0.044715") * x
    return _sig_d(z) * (2 * dz + x * d2z - x * dz**2 * mp.tanh(z / 2))


def _mish_d2(x):
    sp = _softplus(x)
    sech2 = 1 / mp.cosh(sp) ** 2
    s = _sig(x)
    return sech2 * (2 * s - 2 * x * mp.tanh(sp) * s**2 + x * _sig_d(x))


def _sign(x):
    return mp.mpf(1) if x > 0 else (mp.mpf(-1) if x < 0 else mp.mpf(0))


SECOND_DERIVATIVES = {
    "step": _zero, "identity": _zero, "relu": _zero, "leaky_relu": _zero, "prelu": _zero,
    "relu6": _zero, "hard_logistic": _zero, "hard_tanh": _zero,
    "hard_swish": lambda x: mp.mpf(1) / 3 if -3 < x < 3 else mp.mpf(0),
    "logistic": _sig_d2,
    "tanh": lambda x: -2 * mp.tanh(x) / mp.cosh(x) ** 2,
    "softplus": lambda x, beta, threshold: (
        mp.mpf(0) if _torch_softplus(x, beta, threshold)[0] is x else beta * _sig_d(beta * x)
    ),
    "log_sigmoid": lambda x: -_sig_d(x),
    "softsign": lambda x: -2 * _sign(x) / (1 + abs(x)) ** 3,
    "squareplus": lambda x, b: b / (2 * (x * x + b) ** mp.mpf(1.5)),
    "elu": lambda x, alpha: mp.mpf(0) if x > 0 else alpha * mp.exp(x),
    "selu": lambda x: mp.mpf(0) if x > 0 else SELU_SCALE * SELU_ALPHA * mp.exp(x),
    "celu": lambda x, alpha: mp.mpf(0) if x > 0 else mp.exp(x / alpha) / alpha,
    "swish": lambda x, beta: beta * (2 * _sig_d(beta * x) + beta * x * _sig_d2(beta * x)),
    "gelu": lambda x, approximate: (
        mp.npdf(x) * (2 - x * x) if approximate == "none" else _gelu_tanh_d2(x)
    ),
    "mish": lambda x: _mish_d2(x),
    "softshrink": _zero, "hardshrink": _zero, "threshold": _zero, "rrelu": _zero,
    "sparse_sigmoid": _zero,
    "sparse_plus": lambda x: mp.mpf(1) / 2 if -1 < x < 1 else mp.mpf(0),
    "tanhshrink": lambda x: 2 * mp.tanh(x) / mp.cosh(x) ** 2,
}


def _second_roots(name, params):
    """Interior roots of f'' (where f' has an extreme)."""
    d2 = SECOND_DERIVATIVES[name]
    mparams = mp_params(params)
    starts = {"swish": (-2.4 / params.get("beta", 1.0), 2.4 / params.get("beta", 1.0)),
              "gelu": (-1.4, 1.4), "mish": (-2.2, 1.3)}.get(name, ())
    with mp.workprec(PREC):  # the same precision whatever other test modules set
        return tuple(float(mp.findroot(lambda t: d2(t, **mparams), s)) for s in starts)


SECOND_DERIVATIVE_ROOTS = _second_roots
