"""Accuracy and robustness of ``neuronkit._erf`` against mpmath at 120 bits.

The error metric is ``|computed - exact| / ulp(exact)`` with
``ulp(exact) = 2**(floor(log2|exact|) - 52)``, floored at the smallest subnormal
``2**-1074``.  Bounds: 1.5 ULP for normal results, 1 (subnormal) ULP for subnormal
results.

Run ``python tests/test_erf.py`` to print the worst error on every interval.
"""

from __future__ import annotations

import functools
import math
import sys

import mpmath as mp
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from neuronkit import _erf
from neuronkit._erf import erfc, erfcx

PREC = 120
ULP_BOUND = 1.5  # normal results
SUBNORMAL_BOUND = 1.0  # subnormal results, in units of 2**-1074
MIN_NORMAL = 2.0**-1022
DBL_MAX = sys.float_info.max
TINY_STEP = 2.0**-1074


# ------------------------------------------------------------------ references
@functools.cache
def ref_erfc(x: float):
    with mp.workprec(PREC):
        return mp.erfc(mp.mpf(x))


@functools.cache
def ref_erfcx(x: float):
    with mp.workprec(PREC):
        v = mp.mpf(x)
        if v > 1e4:
            # asymptotic series; the first omitted term is < 2e-52 relative
            t = 1 / (2 * v * v)
            s = 1 - t + 3 * t**2 - 15 * t**3 + 105 * t**4 - 945 * t**5 + 10395 * t**6
            return s / (v * mp.sqrt(mp.pi))
        return mp.exp(v * v) * mp.erfc(v)


def ulp_error(got: float, exact) -> float:
    """Error of ``got`` in units of ulp(exact); ``inf`` on a wrong overflow."""
    with mp.workprec(PREC):
        exact = mp.mpf(exact)
        if abs(exact) >= mp.mpf(DBL_MAX) + mp.ldexp(1, 970):  # rounds to +-inf
            return 0.0 if got == (math.inf if exact > 0 else -math.inf) else math.inf
        if not math.isfinite(got):
            return math.inf
        if exact == 0:
            ulp = mp.ldexp(1, -1074)
        else:
            _, e = mp.frexp(exact)  # |exact| = m 2**e, 1/2 <= m < 1
            ulp = mp.ldexp(1, max(int(e) - 53, -1074))
        return float(abs(mp.mpf(got) - exact) / ulp)


def worst_error(fn, ref, xs):
    """(worst error, x at which it occurs, whether all bounds hold) over ``xs``."""
    xs = np.asarray(xs, dtype=np.float64)
    with np.errstate(all="raise", under="ignore"):
        ys = fn(xs)
    worst, at, ok = 0.0, None, True
    for x, y in zip(xs.tolist(), ys.tolist(), strict=True):
        exact = ref(x)
        err = ulp_error(y, exact)
        bound = SUBNORMAL_BOUND if abs(exact) < MIN_NORMAL else ULP_BOUND
        ok = ok and err <= bound
        if err > worst or at is None:
            worst, at = err, x
    return worst, at, ok


def around(points, steps=(1, 2, 3, 1e3, 1e9)):
    """``points`` and neighbours a few ULP (and relative 2**-52 * steps) away."""
    out = []
    for b in points:
        out.append(b)
        for k in steps:
            d = abs(b) * 2.0**-52 * k if b else TINY_STEP * k
            out += [b - d, b + d]
    return np.array(out)


def _grid(lo, hi, n, log=False):
    if log:  # np.geomspace overflows internally right below DBL_MAX
        return np.append(np.geomspace(lo, min(hi, DBL_MAX / 4), n - 1), hi)
    return np.linspace(lo, hi, n)


# ------------------------------------------------------------------- intervals
# The polynomial intervals [c - 1/8, c + 1/8), c = j/4, their edges, and the pieces
# of the tail.  (name, lo, hi, points, log-spaced)
_EDGES = [(2 * j + 1) / 8 for j in range(_erf._NTAB)]  # 1/8, 3/8, ..., 3.875

TABLE_INTERVALS = [
    (f"table c={j / 4:g}", max(0.0, j / 4 - 1 / 8), j / 4 + 1 / 8, 240, False)
    for j in range(_erf._NTAB)
]

ERFC_INTERVALS = [
    *TABLE_INTERVALS,
    ("tail [3.875, 6]", 3.875, 6.0, 400, False),
    ("tail [6, 12]", 6.0, 12.0, 400, False),
    ("tail [12, 20]", 12.0, 20.0, 400, False),
    ("tail [20, 26.5433] (normal results)", 20.0, 26.5433, 400, False),
    ("tail [26.5433, 27.5] (subnormal results)", 26.5433, 27.5, 500, False),
    ("neg [-1, 0]", -1.0, 0.0, 400, False),
    ("neg [-3.875, -1]", -3.875, -1.0, 400, False),
    ("neg [-6.6, -3.875]", -6.6, -3.875, 400, False),
    ("neg [-30, -6.6]", -30.0, -6.6, 100, False),
    ("tiny [1e-320, 1e-2]", 1e-320, 1e-2, 300, True),
    ("tiny neg [-1e-2, -1e-320]", -1e-2, -1e-320, 300, False),
]

ERFCX_INTERVALS = [
    *TABLE_INTERVALS,
    ("tail [3.875, 10]", 3.875, 10.0, 400, False),
    ("tail [10, 1e5]", 10.0, 1e5, 400, True),
    ("tail [1e5, 1e10]", 1e5, 1e10, 300, True),
    ("tail [1e10, 1e300]", 1e10, 1e300, 300, True),
    ("tail [1e300, max] (subnormal > 2.5e307)", 1e300, DBL_MAX, 300, True),
    ("neg [-1, 0]", -1.0, 0.0, 400, False),
    ("neg [-5, -1]", -5.0, -1.0, 400, False),
    ("neg [-26.7, -5] (overflow < -26.6287)", -26.7, -5.0, 400, False),
    ("tiny [1e-320, 1e-2]", 1e-320, 1e-2, 300, True),
]


def _interval_grid(lo, hi, n, log):
    if log and lo < 0:
        return -_grid(-hi, -lo, n, log=True)
    return _grid(lo, hi, n, log)


@pytest.mark.parametrize(
    ("name", "lo", "hi", "n", "log"), ERFC_INTERVALS, ids=[i[0] for i in ERFC_INTERVALS]
)
def test_erfc_interval(name, lo, hi, n, log):
    worst, at, ok = worst_error(erfc, ref_erfc, _interval_grid(lo, hi, n, log))
    assert ok, f"erfc {name}: {worst:.3f} ULP at x={at!r}"


@pytest.mark.parametrize(
    ("name", "lo", "hi", "n", "log"), ERFCX_INTERVALS, ids=[i[0] for i in ERFCX_INTERVALS]
)
def test_erfcx_interval(name, lo, hi, n, log):
    worst, at, ok = worst_error(erfcx, ref_erfcx, _interval_grid(lo, hi, n, log))
    assert ok, f"erfcx {name}: {worst:.3f} ULP at x={at!r}"


# Every place where the algorithm switches: interval edges, the table/tail switch,
# the clamps, the overflow and underflow thresholds, the tiny and huge cut-offs.
ERFC_BOUNDARIES = around(
    [
        *_EDGES,
        *(-e for e in _EDGES),
        _erf._X_ERFC_TWO,
        -_erf._X_ERFC_TWO,
        -6.0,
        -5.8635847487551676,  # erfc rounds to 2 below
        26.54325845425098,  # erfc is subnormal above
        27.226017111108362,  # and rounds to 0 above
        _erf._X_ERFC_ZERO,
        _erf._TINY,
        -_erf._TINY,
        MIN_NORMAL,
    ]
)
ERFCX_BOUNDARIES = around(
    [
        *_EDGES,
        *(-e for e in _EDGES),
        -26.62873571375149,  # erfcx overflows below
        -_erf._X_ERFCX_INF,
        2.0**40,
        _erf._HUGE,
        2.0**512,
        2.535599352761576e307,  # erfcx is subnormal above
        DBL_MAX,
        _erf._TINY,
        MIN_NORMAL,
    ]
)


def test_erfc_boundaries():
    xs = ERFC_BOUNDARIES[np.isfinite(ERFC_BOUNDARIES)]
    worst, at, ok = worst_error(erfc, ref_erfc, xs)
    assert ok, f"erfc: {worst:.3f} ULP at x={at!r}"


def test_erfcx_boundaries():
    xs = ERFCX_BOUNDARIES[np.isfinite(ERFCX_BOUNDARIES)]
    worst, at, ok = worst_error(erfcx, ref_erfcx, xs)
    assert ok, f"erfcx: {worst:.3f} ULP at x={at!r}"


def test_erfcx_overflow_threshold():
    # the largest finite result and the first overflow sit inside this range
    xs = np.linspace(-26.62874, -26.62873, 41)
    with np.errstate(all="raise", under="ignore"):
        ys = erfcx(xs)
    assert np.isinf(ys).any() and np.isfinite(ys).any()
    for x, y in zip(xs.tolist(), ys.tolist(), strict=True):
        assert ulp_error(y, ref_erfcx(x)) <= ULP_BOUND, x


# ------------------------------------------------------------------ hypothesis
_ERFC_ZERO_FROM = 27.3  # erfc(x) < 2**-1076 beyond: the correct result is 0
_ERFC_TWO_BELOW = -6.0  # erfc(x) rounds to 2 below -5.8636


def _at(fn, x):
    """fn at the single float x (no floating-point warning but underflow allowed)."""
    with np.errstate(all="raise", under="ignore"):
        return float(fn(np.array([x]))[0])


def _assert_near(fn, x, exact):
    """fn(x) within ULP_BOUND of exact, SUBNORMAL_BOUND where exact is subnormal."""
    bound = SUBNORMAL_BOUND if exact < MIN_NORMAL else ULP_BOUND
    assert ulp_error(_at(fn, x), exact) <= bound


def _erfc_expected_or_ref(x):
    if x >= _ERFC_ZERO_FROM:
        return mp.mpf(0)
    if x <= _ERFC_TWO_BELOW:
        return None  # exactly 2.0 expected, checked directly
    return ref_erfc(x)


@settings(max_examples=300, deadline=None)
@given(st.floats(allow_nan=False, allow_infinity=False))
def test_erfc_hypothesis_any_float(x):
    y = _at(erfc, x)
    exact = _erfc_expected_or_ref(x)
    if exact is None:
        assert y == 2.0
    else:
        assert ulp_error(y, exact) <= ULP_BOUND


@settings(max_examples=300, deadline=None)
@given(st.floats(min_value=-7.0, max_value=28.0))
def test_erfc_hypothesis_core(x):
    _assert_near(erfc, x, ref_erfc(x))


@settings(max_examples=300, deadline=None)
@given(st.floats(min_value=0.0, allow_infinity=False))
def test_erfcx_hypothesis_nonnegative(x):
    _assert_near(erfcx, x, ref_erfcx(x))


@settings(max_examples=200, deadline=None)
@given(st.floats(min_value=-30.0, max_value=0.0))
def test_erfcx_hypothesis_negative(x):
    assert ulp_error(_at(erfcx, x), ref_erfcx(x)) <= ULP_BOUND


@settings(max_examples=100, deadline=None)
@given(st.floats(max_value=-30.0))
def test_erfcx_hypothesis_overflow(x):
    with np.errstate(all="raise", under="ignore"):
        assert erfcx(np.array([x]))[0] == np.inf


# -------------------------------------------------------------- special values
SPECIAL = np.array(
    [np.inf, -np.inf, np.nan, 0.0, -0.0, TINY_STEP, -TINY_STEP, MIN_NORMAL, -MIN_NORMAL,
     1e-300, -1e-300, 1e300, -1e300, DBL_MAX, -DBL_MAX]
)  # fmt: skip


def test_erfc_special_values():
    with np.errstate(all="raise", under="ignore"):
        y = erfc(SPECIAL)
    expected = [0.0, 2.0, np.nan, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 0.0, 2.0, 0.0, 2.0]
    np.testing.assert_array_equal(y, expected)
    assert np.signbit(y[[0, -1]]).tolist() == [False, False]  # +0.0, not -0.0


def test_erfcx_special_values():
    with np.errstate(all="raise", under="ignore"):
        y = erfcx(SPECIAL)
    assert y[0] == 0.0 and not np.signbit(y[0])
    assert y[1] == np.inf
    assert np.isnan(y[2])
    np.testing.assert_array_equal(y[3:11], 1.0)
    for x, v in zip(SPECIAL[11:].tolist(), y[11:].tolist(), strict=True):
        exact = ref_erfcx(x)
        bound = SUBNORMAL_BOUND if abs(exact) < MIN_NORMAL else ULP_BOUND
        assert ulp_error(v, exact) <= bound, x


def test_subnormal_results_are_produced():
    # erfc reaches down to the smallest subnormals instead of flushing to zero
    xs = np.linspace(26.544, 27.226, 200)
    with np.errstate(under="ignore"):
        y = erfc(xs)
    assert (y > 0).all() and (y < MIN_NORMAL).all()
    assert erfc(np.array([27.23]))[0] == 0.0


# ------------------------------------------------------------------ warnings
def _nasty_inputs():
    rng = np.random.default_rng(1)
    return np.concatenate(
        [
            SPECIAL,
            ERFC_BOUNDARIES,
            ERFCX_BOUNDARIES,
            rng.normal(size=2000) * 10,
            _grid(TINY_STEP, DBL_MAX, 2000, log=True),
            -_grid(TINY_STEP, DBL_MAX, 2000, log=True),
        ]
    )


@pytest.mark.parametrize("fn", [erfc, erfcx])
def test_no_floating_point_warnings(fn):
    x = _nasty_inputs()
    with np.errstate(all="raise", under="ignore"):
        fn(x)


def test_no_underflow_where_results_are_normal():
    # subnormal and tiny inputs, and every input whose result is a normal number,
    # signal nothing at all (not even underflow)
    rng = np.random.default_rng(2)
    core = np.concatenate(
        [rng.uniform(-30, 26.5, 5000), np.geomspace(TINY_STEP, 26.5, 500), [0.0, -0.0]]
    )
    far_left = -_grid(TINY_STEP, DBL_MAX, 500, log=True)
    right = np.concatenate([core, _grid(TINY_STEP, 2.5e307, 500, log=True)])
    with np.errstate(all="raise"):
        erfc(core)
        erfc(far_left)
        erfcx(right)


# --------------------------------------------------------- dtype, shape, input
@pytest.mark.parametrize("fn", [erfc, erfcx])
def test_shapes_and_dtype(fn):
    rng = np.random.default_rng(3)
    base = rng.uniform(-8, 30, 60)
    flat = fn(base)
    assert flat.dtype == np.float64 and flat.shape == base.shape

    x2 = base.reshape(6, 10)
    np.testing.assert_array_equal(fn(x2), flat.reshape(6, 10))
    np.testing.assert_array_equal(fn(x2.T), flat.reshape(6, 10).T)  # Fortran order
    np.testing.assert_array_equal(fn(base[::3]), flat[::3])  # strided view
    x3 = base.reshape(3, 4, 5)[:, ::2, 1:]
    np.testing.assert_array_equal(fn(x3), flat.reshape(3, 4, 5)[:, ::2, 1:])

    zero_d = fn(np.array(0.5))
    assert isinstance(zero_d, np.ndarray) and zero_d.shape == () and zero_d.dtype == np.float64
    assert zero_d == fn(np.array([0.5]))[0]

    for shape in [(0,), (3, 0), (0, 4, 2)]:
        e = fn(np.empty(shape))
        assert e.shape == shape and e.dtype == np.float64


@pytest.mark.parametrize("fn", [erfc, erfcx])
def test_input_untouched_and_output_new(fn):
    x = _nasty_inputs()
    keep = x.copy()
    with np.errstate(under="ignore"):
        y = fn(x)
    np.testing.assert_array_equal(x, keep)  # nan == nan here
    assert not np.shares_memory(x, y)
    x0 = np.array(1.25)
    assert not np.shares_memory(fn(x0), x0)


@pytest.mark.parametrize("fn", [erfc, erfcx])
def test_blocks_agree_with_single_elements(fn):
    # more than a few blocks, mixed signs, specials and branches in each block
    rng = np.random.default_rng(4)
    n = 3 * _erf._CHUNK + 17
    x = rng.uniform(-30, 30, n)
    x[rng.integers(0, n, 50)] = np.nan
    x[rng.integers(0, n, 50)] = np.inf
    x[rng.integers(0, n, 50)] = -np.inf
    x[rng.integers(0, n, 50)] *= 1e300
    with np.errstate(under="ignore"):
        y = fn(x)
        picks = rng.integers(0, n, 300)
        single = np.array([fn(x[i : i + 1])[0] for i in picks])
    np.testing.assert_array_equal(y[picks], single)


# ---------------------------------------------------------------- the tables
def test_tables_are_reproducible():
    """``_fit_tables`` regenerates the embedded polynomials (as functions)."""
    rows, tail = _erf._fit_tables()
    with mp.workprec(PREC):
        for j, (new, old) in enumerate(zip(rows, _erf._TABLE_ROWS, strict=True)):
            for h in np.linspace(0.0 if j == 0 else -0.125, 0.125, 9).tolist():
                pn = sum(mp.mpf(a) * mp.mpf(h) ** k for k, a in enumerate([0.0, *new[2:]]))
                po = sum(mp.mpf(a) * mp.mpf(h) ** k for k, a in enumerate([0.0, *old[2:]]))
                vn = mp.mpf(new[0]) + new[1] + pn
                vo = mp.mpf(old[0]) + old[1] + po
                assert abs(vn / vo - 1) < mp.ldexp(1, -58), (j, h)
        tmax = 1 / _erf._X_TAB**2
        for t in np.linspace(0.0, tmax, 9).tolist():
            rn = sum(mp.mpf(a) * mp.mpf(t) ** k for k, a in enumerate(reversed(tail)))
            ro = sum(mp.mpf(a) * mp.mpf(t) ** k for k, a in enumerate(reversed(_erf._TAIL)))
            assert abs(rn - ro) * t**2 < mp.ldexp(1, -60), t


# ------------------------------------------------------------------- report
def _report():  # pragma: no cover - run as a script
    print(f"worst error in ULP (mpmath at {PREC} bits; bound {ULP_BOUND})")
    for label, fn, ref, intervals, boundaries in [
        ("erfc", erfc, ref_erfc, ERFC_INTERVALS, ERFC_BOUNDARIES),
        ("erfcx", erfcx, ref_erfcx, ERFCX_INTERVALS, ERFCX_BOUNDARIES),
    ]:
        rng = np.random.default_rng(0)
        for name, lo, hi, n, log in intervals:
            xs = _interval_grid(lo, hi, 4 * n, log)
            if not log:
                xs = np.concatenate([xs, rng.uniform(lo, hi, 4 * n)])
            worst, at, ok = worst_error(fn, ref, xs)
            print(f"{label:5s} {name:42s} {worst:6.3f} at {at!r}{'' if ok else '  FAIL'}")
        xs = boundaries[np.isfinite(boundaries)]
        worst, at, ok = worst_error(fn, ref, xs)
        print(f"{label:5s} {'boundaries':42s} {worst:6.3f} at {at!r}{'' if ok else '  FAIL'}")


if __name__ == "__main__":  # pragma: no cover
    _report()
