"""The vectorizable exp, expm1 and log1p of ``_vmath.h`` against mpmath.

Every compiled transcendental activation is built on these three, so each is checked
on its own, over its whole domain, to within 1 ULP (they are designed for about
0.5-0.75); the activations themselves are checked in test_accuracy.py.  The C module
exposes them as test kernels (``_ckernels.test_names()``, run by ``_ckernels.test_run``,
kept out of the activations' table): ``vm_exp`` (value exp(x), "derivative" expm1(x)
for x <= 0) and ``vm_log1p`` (log1p(x) for 0 <= x <= 1; its "derivative" is the
float32 loops' version), and the float32 loops' exp and expm1 as ``vm_exp_lo``.
"""

from __future__ import annotations

import math

import mpmath as mp
import numpy as np
import pytest

from neuronkit import _compiled

from accuracy import ulp_error

pytestmark = pytest.mark.skipif(not _compiled.available(),
                                reason="the compiled kernels are not built")

BOUND = 1.0


def _run(name, x):
    from neuronkit import _ckernels
    kid = _ckernels.test_names().index(name)
    x = np.ascontiguousarray(x, dtype=np.float64)
    f, d = np.empty_like(x), np.empty_like(x)
    _ckernels.test_run(kid, x, f, d, 0.0, 0.0, 0.0, 0.0)
    return f, d


def test_test_kernels_are_apart_from_the_activation_kernels():
    from neuronkit import _ckernels
    assert set(_ckernels.test_names()) == {"vm_exp", "vm_log1p", "vm_erfcx", "vm_exp_lo",
                                           "vm_exp32", "vm_expm1_32", "vm_gelu32",
                                           "vm_logistic32", "vm_swish32", "vm_tanh32",
                                           "vm_tanhshrink32"}
    assert not set(_ckernels.test_names()) & set(_ckernels.names())
    with pytest.raises(ValueError, match="unknown kernel id"):
        _ckernels.test_run(len(_ckernels.test_names()), np.zeros(1), None, None, 0, 0, 0, 0)


def _worst(xs, got, fn):
    errs = [ulp_error(float(g), fn(mp.mpf(float(x))), np.float64)
            for x, g in zip(xs, got, strict=True)]
    i = int(np.argmax(errs))
    return errs[i], xs[i]


def _near(centres, rng, width, count):
    return np.concatenate([c + rng.uniform(-width, width, count) for c in centres])


def test_exp_whole_range():
    rng = np.random.default_rng(0)
    ln2 = math.log(2)
    x = np.concatenate([
        rng.uniform(-745.2, 709.79, 3000),
        rng.uniform(-1, 1, 1000),
        10.0 ** rng.uniform(-300, 0, 300) * rng.choice([-1, 1], 300),
        _near([k * ln2 for k in range(-60, 61, 7)], rng, 1e-9, 20),  # r near 0
        _near([(k + 0.5) * ln2 for k in range(-60, 61, 7)], rng, 1e-9, 20),  # k rounding
        rng.uniform(-745.2, -708.3, 500),  # subnormal results
        rng.uniform(700, 709.78, 200),
        [0.0, -0.0, 1e-320, 709.782712893384, -745.1332191019411, -708.3964185322641],
    ])
    f, _ = _run("vm_exp", x)
    err, at = _worst(x, f, mp.exp)
    assert err <= BOUND, (err, at)


def test_exp_limits_and_nan():
    x = np.array([710.0, 709.7827128933841, 1e308, np.inf, -745.2, -1e308, -np.inf, np.nan])
    f, d = _run("vm_exp", x)
    np.testing.assert_array_equal(f[:4], np.inf)
    np.testing.assert_array_equal(f[4:7], 0.0)
    assert math.isnan(f[7]) and math.isnan(d[7])
    np.testing.assert_array_equal(d[4:7], -1.0)


def test_expm1_nonpositive():
    rng = np.random.default_rng(1)
    x = -np.concatenate([
        rng.uniform(0, 60, 2000),
        rng.uniform(0, 1, 1000),
        10.0 ** rng.uniform(-320, 0, 500),
        rng.uniform(36, 38.5, 500),  # where 2^k - 1 stops being exact
        [0.0, 5e-324, 1e-17, 0.34657359027997264, 0.3465735902799727, 745.0, 1e308],
    ])
    _, d = _run("vm_exp", x)
    err, at = _worst(x, d, mp.expm1)
    assert err <= BOUND, (err, at)


def test_log1p_unit_interval():
    rng = np.random.default_rng(2)
    x = np.concatenate([
        rng.uniform(0, 1, 3000),
        10.0 ** rng.uniform(-323, 0, 1000),
        _near([math.sqrt(2) - 1], rng, 1e-6, 200),  # where the reduction switches
        [0.0, 5e-324, 1e-17, 2.0**-53, 2.0**-52, 0.5, 1.0],
    ])
    f, _ = _run("vm_log1p", x)
    err, at = _worst(x, f, mp.log1p)
    assert err <= BOUND, (err, at)
    assert math.isnan(_run("vm_log1p", [np.nan])[0][0])


def test_float32_version_of_log1p():
    """The float32 loops' log1p (0 <= x <= 1, a polynomial without division): relative
    error below 2**-45, log1p(0) = 0, NaN in, NaN out."""
    rng = np.random.default_rng(5)
    x = np.concatenate([rng.uniform(0, 1, 3000), 10.0 ** rng.uniform(-300, 0, 1000),
                        [5e-324, 1e-17, 2.0**-53, 0.5, 1.0]])
    _, lo = _run("vm_log1p", x)
    rel = max(float(abs(mp.mpf(float(g)) / mp.log1p(mp.mpf(float(v))) - 1))
              for v, g in zip(x, lo, strict=True))
    assert rel < 2.0**-45, rel
    _, lo = _run("vm_log1p", [0.0, np.nan])
    assert lo[0] == 0.0 and math.isnan(lo[1])


def test_erfcx_both_versions():
    """GELU's erfcx: the float64 algorithm (that of neuronkit._erf, within 1 ULP here)
    and the float32 loops' short one (relative error below 1e-10 on [0, 11])."""
    import neuronkit  # noqa: F401  (hands the erfcx tables to the C module)
    rng = np.random.default_rng(3)
    x = np.concatenate([rng.uniform(0, 11, 2000), 10.0 ** rng.uniform(-20, 1, 300),
                        [0.0, 3.875, 3.8749999999999996, 11.0]])
    full, short = _run("vm_erfcx", x)
    exact = [mp.exp(mp.mpf(float(v)) ** 2) * mp.erfc(mp.mpf(float(v))) for v in x]
    worst = max(ulp_error(float(g), e, np.float64) for g, e in zip(full, exact, strict=True))
    assert worst <= 1.5, worst
    rel = max(float(abs(mp.mpf(float(g)) / e - 1)) for g, e in zip(short, exact, strict=True))
    assert rel < 1e-10, rel


def test_erfcx_of_an_element_does_not_depend_on_where_it_lies():
    """Float64 GELU's erfcx over a block (erfcx_block) runs whole registers and then
    the elements left over one at a time (with AVX2: four at a time with the rows of
    the table transposed in registers, the rest by the scalar formula; the tail's
    arguments noted as they are met): each element gets the same bits wherever it lies,
    the last three of a block, a register's lanes, beside tail arguments, NaN and inf."""
    import neuronkit  # noqa: F401  (hands the erfcx tables to the C module)
    rng = np.random.default_rng(8)
    x = np.concatenate([rng.uniform(0, 11, 500), 10.0 ** rng.uniform(-20, 2, 200),
                        [0.0, 3.875, 3.8749999999999996, 2.0**-60, 2.0**-61, 50.0, 1e300,
                         np.inf, np.nan]])
    rng.shuffle(x)
    ref, _ = _run("vm_erfcx", x)
    for start in range(1, 8):
        for length in (1, 2, 3, 5, 7, 515):
            part = x[start:start + length]
            got, _ = _run("vm_erfcx", part)
            np.testing.assert_array_equal(got, ref[start:start + len(part)])


def test_float32_versions_of_exp_and_expm1():
    """The float32 loops' exp and expm1 (x <= 0): relative error below 2**-42, and
    exp is 0 below -708 (where it is only ever a factor of a result far below the
    float32 range)."""
    rng = np.random.default_rng(4)
    x = -np.concatenate([rng.uniform(0, 708, 2000), rng.uniform(0, 1, 1000),
                         10.0 ** rng.uniform(-300, 0, 500), [0.0, 5e-324, 0.34657359027997264]])
    e, em1 = _run("vm_exp_lo", x)
    for got, fn in ((e, mp.exp), (em1, mp.expm1)):
        rel = max(float(abs(mp.mpf(float(g)) / fn(mp.mpf(float(v))) - 1)) if v != 0 else
                  float(g != 0 and fn is mp.expm1) for v, g in zip(x, got, strict=True))
        assert rel < 2.0**-42, rel
    e, em1 = _run("vm_exp_lo", [-708.5, -1e4, -np.inf, np.nan])
    np.testing.assert_array_equal(e[:3], 0.0)
    np.testing.assert_array_equal(em1[:3], -1.0)
    assert math.isnan(e[3]) and math.isnan(em1[3])


def test_float32_arithmetic_exp_and_expm1_pairs():
    """The exp and expm1 of the float32-arithmetic kernels (_float32.h) return a pair of
    floats whose sum is the function to a relative error below 2**-26 (exp) and 2**-27
    (expm1) on the kernels' ordinary range, |x| <= 80: the slack the kernels' final
    rounding needs to stay within 1 ULP.  Each float of a pair is a float32 value."""
    rng = np.random.default_rng(5)
    x = np.concatenate([rng.uniform(-80, 80, 3000), rng.uniform(-1, 1, 1000),
                        [0.0, 80.0, -80.0, 0.34657359, -0.34657359, 1e-30, -1e-30]])
    x = x.astype(np.float32).astype(np.float64)
    neg = np.concatenate([-np.abs(x), -(10.0 ** rng.uniform(-40, 0, 500))])
    neg = neg.astype(np.float32).astype(np.float64)
    for name, fn, points, bound in (("vm_exp32", mp.exp, x, 2.0**-26),
                                    ("vm_expm1_32", mp.expm1, neg, 2.0**-27)):
        hi, lo = _run(name, points)
        for part in (hi, lo):
            np.testing.assert_array_equal(part.astype(np.float32).astype(np.float64), part)
        rel = max(float(abs((mp.mpf(float(h)) + mp.mpf(float(low))) / fn(mp.mpf(float(v))) - 1))
                  for v, h, low in zip(points, hi, lo, strict=True) if v != 0)
        assert rel < bound, (name, rel)
