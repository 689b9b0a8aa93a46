"""Shared machinery of the accuracy tests and of ``benchmarks/accuracy.py``.

ULP error is measured with the usual fractional metric
``|computed - exact| / ulp(exact)``, where ``exact`` is the mpmath value and
``ulp(exact) = 2**(floor(log2|exact|) - p + 1)`` (``p`` = 24 or 53), floored at
the smallest subnormal.  A correctly rounded result has error <= 0.5.
"""

from __future__ import annotations

import functools
import math
from fractions import Fraction

import mpmath as mp
import numpy as np

import neuronkit as nk

from mpref import DERIVATIVE_ROOTS, SECOND_DERIVATIVE_ROOTS, reference

# (case id, canonical name, non-default params); every canonical name appears.
CASES = [(name, name, {}) for name in nk.activation_names()] + [
    ("leaky_relu-0.2", "leaky_relu", {"negative_slope": 0.2}),
    ("hard_logistic-torch", "hard_logistic", {"slope": 1 / 6, "offset": 0.5}),
    ("hard_tanh-(-2,3)", "hard_tanh", {"min_val": -2.0, "max_val": 3.0}),
    ("elu-0.7", "elu", {"alpha": 0.7}),
    ("celu-1.7", "celu", {"alpha": 1.7}),
    ("softplus-2.5", "softplus", {"beta": 2.5}),
    ("softplus-0.3", "softplus", {"beta": 0.3}),
    ("swish-1.7", "swish", {"beta": 1.7}),
    ("gelu-tanh", "gelu", {"approximate": "tanh"}),
    ("hard_logistic-exact", "hard_logistic", {"slope": Fraction(1, 6), "offset": Fraction(1, 2)}),
    ("hard_logistic-exact-(1/3,1/4)", "hard_logistic", {"slope": Fraction(1, 3),
                                                         "offset": Fraction(1, 4)}),
    ("softplus-torch", "softplus", {"threshold": 20.0}),
    ("softplus-torch-2.5", "softplus", {"beta": 2.5, "threshold": 20.0}),
    ("softshrink-0.3", "softshrink", {"lambd": 0.3}),
    ("hardshrink-1.7", "hardshrink", {"lambd": 1.7}),
    ("threshold-(0.1,20)", "threshold", {"threshold": 0.1, "value": 20.0}),
    ("rrelu-(0.1,0.7)", "rrelu", {"lower": 0.1, "upper": 0.7}),
]
CASE_IDS = [c[0] for c in CASES]
DTYPES = (np.float32, np.float64)
BOUND = {np.float32: 1.0, np.float64: 4.0}
# Documented exceptions (case id, 0 forward / 1 derivative, dtype) -> bound in ULP.
# The tanh-approximate GELU's derivative far left is a product of five rounded
# factors; its measured worst case on the grid is 4.2 ULP.
EXCEPTIONS = {("gelu-tanh", 1, np.float64): 4.5}


def bound(case_id, which, dtype):
    return EXCEPTIONS.get((case_id, which, dtype), BOUND[dtype])
ROOT_WINDOW = 0.6  # |x - root| below this: absolute error bound instead
ROOT_ABS = 2.0  # ... of ROOT_ABS machine epsilons


def full_params(name, params):
    return nk.activation(name, **params).params


def ulp(exact: mp.mpf, dtype) -> float:
    fi = np.finfo(dtype)
    p = fi.nmant + 1
    if exact == 0:
        return float(fi.smallest_subnormal)
    e = int(mp.floor(mp.log(abs(exact), 2)))
    e = max(e, fi.minexp)
    return math.ldexp(1.0, e - p + 1)


def ulp_error(computed: float, exact: mp.mpf, dtype) -> float:
    fi = np.finfo(dtype)
    if math.isnan(computed):
        return math.inf
    if abs(exact) > mp.mpf(float(fi.max)) * (1 + mp.mpf(2) ** -(fi.nmant + 1)):
        # the exact value overflows the type: inf of the right sign is the rounded result
        return 0.0 if math.isinf(computed) and (computed > 0) == (exact > 0) else math.inf
    if math.isinf(computed):
        return math.inf
    return float(abs(mp.mpf(computed) - exact) / ulp(exact, dtype))


def float32_run(centre: float, count: int) -> np.ndarray:
    """*count* consecutive float32 values on each side of *centre*."""
    c = np.array([centre], np.float32).view(np.int32)[0]
    return np.arange(c - count, c + count, dtype=np.int32).view(np.float32)


def grid(dtype) -> np.ndarray:
    """Points over the whole float range: dense near 0, the tails, subnormal results."""
    rng = np.random.default_rng(12345)
    fi = np.finfo(dtype)
    pts = [np.linspace(-8, 8, 641)]
    small = 10.0 ** np.arange(fi.minexp * 0.30103, 0.0, 7.0 if dtype == np.float64 else 2.0)
    pts += [small, -small, [fi.smallest_subnormal, -fi.smallest_subnormal, fi.tiny, -fi.tiny]]
    for c in (20, 40, 90, 710, 1e4):
        pts.append(c * (1 + rng.uniform(-0.05, 0.05, 24)))
        pts.append(-c * (1 + rng.uniform(-0.05, 0.05, 24)))
    # where exp and the gated functions reach subnormal results
    if dtype == np.float64:
        spans = [(700, 746), (-746, -700), (-39, -36), (-30, -24), (34, 39), (-1080, -1000)]
    else:
        spans = [(85, 105), (-105, -85), (-15, -12), (-12, -9), (12, 15), (-130, -115)]
    for lo, hi in spans:
        pts.append(rng.uniform(lo, hi, 40))
    # around kinks and corners, and the roots of derivatives
    for k in (-6, -3, -2, -1.5, -1, -0.5, 0, 0.5, 1, 3, 6, 20):
        pts.append(k + np.array([-1e-7, -1e-12, 0, 1e-12, 1e-7]))
    for r in (-1.2784645427610738, -0.7517915246935645, -0.7524614220710163,
              -1.1924312145154952, -1.2784645427610738 / 1.7):
        pts.append(r + rng.uniform(-0.06, 0.06, 12))
    big = [1e30, 1e100, 1e300, float(fi.max)] if dtype == np.float64 else [1e10, 1e30, 3e38]
    pts += [big, [-b for b in big]]
    with np.errstate(over="ignore"):
        x = np.concatenate([np.asarray(p, dtype=np.float64).ravel() for p in pts]).astype(dtype)
    x = x[np.isfinite(x)]
    return np.unique(x)


@functools.cache
def _roots(name, params_items):
    params = dict(params_items)
    if name not in DERIVATIVE_ROOTS:
        return ()
    if name == "swish":
        return (DERIVATIVE_ROOTS["swish"](params["beta"]),)
    if name == "gelu":
        return (DERIVATIVE_ROOTS["gelu"](params["approximate"]),)
    return (DERIVATIVE_ROOTS[name](),)


@functools.cache
def _second_roots(name, params_items):
    return SECOND_DERIVATIVE_ROOTS(name, dict(params_items))


def grid2(dtype) -> np.ndarray:
    """:func:`grid` and points around the interior roots of the second derivatives
    (swish'' at beta x = +-2.3994, GELU'' at +-sqrt 2 and +-1.4, mish'' at -2.2 and 1.3)."""
    rng = np.random.default_rng(54321)
    pts = [grid(dtype)]
    for r in (2.3993572805154676, 2.3993572805154676 / 1.7, 2 ** 0.5, 1.4, 2.2, 1.3):
        for c in (r, -r):
            pts.append(c + rng.uniform(-0.1, 0.1, 16))
            pts.append(c + np.array([-1e-7, -1e-12, 0, 1e-12, 1e-7]))
    x = np.concatenate([np.asarray(p, dtype=np.float64) for p in pts]).astype(dtype)
    return np.unique(x)


def errors(name, params, which, dtype, x, evaluate=None):
    """Per-point error in ULP (or, near a root of f' or f'', in units of the bound).

    ``evaluate(fn, a)`` computes ``fn`` (the activation, its derivative or its second
    derivative) at the NumPy array ``a`` and gives a NumPy array: by default ``fn(a)``;
    the device-path tests pass it through another library's arrays."""
    f = nk.activation(name, **params)
    fn = (f, f.derivative, f.second_derivative)[which]
    with np.errstate(all="raise"):
        a = np.asarray(x, dtype=dtype)
        got = np.asarray(fn(a) if evaluate is None else evaluate(fn, a), dtype=np.float64)
    full = f.params
    key = tuple(sorted(full.items()))
    roots = {0: (), 1: _roots(name, key) if which == 1 else (), 2: ()}[which]
    if which == 2:
        roots = _second_roots(name, key)
    eps = float(np.finfo(dtype).eps)
    out = np.empty(len(x))
    for i, (xi, ci) in enumerate(zip(np.asarray(x, dtype=np.float64), got, strict=False)):
        exact = reference(name, which, float(xi), full)
        if any(abs(xi - r) < ROOT_WINDOW for r in roots):
            out[i] = min(ulp_error(ci, exact, dtype),
                         BOUND[dtype] * float(abs(mp.mpf(ci) - exact)) / (ROOT_ABS * eps))
        else:
            out[i] = ulp_error(ci, exact, dtype)
    return out
