"""The compiled kernels against the NumPy kernels (both are checked against mpmath in
test_accuracy.py); and the switch between them."""

from __future__ import annotations

import math
import os
import subprocess
import sys

import numpy as np
import pytest

import neuronkit as nk
from concurrency import run_in_threads
from neuronkit import _compiled

from accuracy import CASE_IDS, CASES, bound, errors, float32_run

pytestmark = pytest.mark.skipif(not _compiled.available(),
                                reason="the compiled kernels are not built")


def _both(f, x):
    old = _compiled.set_enabled(True)
    try:
        fast = (f(x), f.derivative(x), *f.value_and_derivative(x))
        _compiled.set_enabled(False)
        slow = (f(x), f.derivative(x), *f.value_and_derivative(x))
    finally:
        _compiled.set_enabled(old)
    return fast, slow


def _assert_within_two_bounds(a, b, x, name, derivative):
    """*a* and *b*, two evaluations over *x*, agree on NaN and infinities and are within
    two accuracy bounds of each other (each is within one of the exact value); near the
    interior root of a gated function's derivative, within 2 x 2 machine epsilons."""
    dtype = a.dtype
    np.testing.assert_array_equal(np.isfinite(a), np.isfinite(b))
    np.testing.assert_array_equal(a[~np.isfinite(a)], b[~np.isfinite(b)])
    ok = np.isfinite(a)
    spacing = np.spacing(np.maximum(np.abs(a[ok]), np.finfo(dtype).tiny))
    tol = (2 if dtype == np.float32 else 8) * spacing.astype(np.float64)
    if name in ("swish", "gelu", "mish") and derivative:
        tol = np.maximum(tol, 4 * float(np.finfo(dtype).eps))
    diff = np.abs(a[ok].astype(np.float64) - b[ok])
    assert np.all(diff <= tol), (name, derivative, x[ok][np.argmax(diff - tol)])


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("case", CASES, ids=CASE_IDS)
def test_compiled_agrees_with_numpy(case, dtype):
    _, name, params = case
    f = nk.activation(name, **params)
    rng = np.random.default_rng(7)
    x = np.concatenate([rng.normal(0, 3, 20000), rng.uniform(-800, 800, 5000),
                        [0.0, -0.0, np.inf, -np.inf, np.nan, 5e-324, -5e-324, 1e308, -1e308]])
    with np.errstate(over="ignore"):
        x = x.astype(dtype)
    with np.errstate(all="raise"):
        fast, slow = _both(f, x)
    for i, (a, b) in enumerate(zip(fast, slow, strict=True)):
        assert a.dtype == dtype
        _assert_within_two_bounds(a, b, x, name, derivative=i in (1, 3))


def test_float32_is_float64_rounded_once():
    """Compiled float32 = the float64 value rounded once, up to the last bit.

    The float32 loops in double use shorter exp/expm1 (relative error < 2**-42), so a
    float64 value within 2**-42 of a float32 rounding boundary may round the other way:
    at most 1 ULP apart, and rarely.  The kernels in float32 arithmetic (_float32.h:
    pairs of floats to about 2**-26 before the last rounding) are within 1 ULP too and
    round the other way in under 2 % of the points (measured: up to 1.1 %, tanh' and
    logistic').
    (test_accuracy.py holds both to their bounds against mpmath.)
    """
    from neuronkit import _ckernels
    native = set(_ckernels.float32_native())
    x = np.concatenate([np.linspace(-30, 30, 10001),
                        np.random.default_rng(3).normal(0, 5, 20000)]).astype(np.float32)
    eps = float(np.finfo(np.float32).eps)
    for name in nk.activation_names():
        f = nk.activation(name)
        for which, fn in enumerate((f, f.derivative)):
            got = fn(x)
            want = fn(x.astype(np.float64)).astype(np.float32)
            ulps = np.abs(got.view(np.int32).astype(np.int64) - want.view(np.int32))
            if name in ("swish", "gelu", "mish") and which == 1:
                # near the interior root of f' the bound is absolute (tests/accuracy.py)
                near_root = np.abs(got.astype(np.float64) - want) <= 2 * eps
                ulps[near_root] = np.minimum(ulps[near_root], 1)
            assert ulps.max() <= 1, name
            kernel = f.plan.compiled[1] if f.plan.compiled else None
            names = _ckernels.names()
            in_float32 = kernel is not None and names[kernel] in native
            assert np.mean(ulps != 0) < (0.02 if in_float32 else 1e-3), name


@pytest.mark.parametrize("isa", ["portable", "avx2"])
def test_other_instruction_sets(isa, tmp_path):
    """The tables for lesser CPUs (picked with NEURONKIT_ISA) agree with the one in use
    to within the accuracy bounds (each is within its bound of the exact value)."""
    from neuronkit import _ckernels
    if isa == "avx2" and _ckernels.isa() != "avx512":
        pytest.skip("the AVX2 table is the one in use, or this CPU lacks AVX2")
    x = np.concatenate([np.linspace(-40, 40, 4001), [0.0, -0.0, np.inf, -np.inf, np.nan]])
    script = (
        "import sys, numpy as np, neuronkit as nk\n"
        "from neuronkit import _ckernels\n"
        "x = np.load(sys.argv[1])\n"
        "out = {}\n"
        "for n in nk.activation_names():\n"
        "    f = nk.activation(n)\n"
        "    for dt in ('float32', 'float64'):\n"
        "        v = x.astype(dt)\n"
        "        out[f'{n} {dt} f'], out[f'{n} {dt} d'] = f.value_and_derivative(v)\n"
        "kid = _ckernels.test_names().index('vm_erfcx')\n"
        "a = np.abs(x)\n"
        "out['erfcx'] = np.empty_like(a)\n"
        "_ckernels.test_run(kid, a, out['erfcx'], None, 0.0, 0.0, 0.0, 0.0)\n"
        "np.savez(sys.argv[2], isa=_ckernels.isa(), native=_ckernels.float32_native(), **out)\n"
    )
    np.save(tmp_path / "x.npy", x)
    env = {**os.environ, "NEURONKIT_ISA": isa}
    subprocess.run([sys.executable, "-c", script, str(tmp_path / "x.npy"),
                    str(tmp_path / "out.npz")], check=True, env=env)
    other = np.load(tmp_path / "out.npz")
    assert str(other["isa"]) == isa
    for name in nk.activation_names():
        f = nk.activation(name)
        for dt in (np.float32, np.float64):
            v = x.astype(dt)
            for which, mine in zip("fd", f.value_and_derivative(v), strict=True):
                theirs = other[f"{name} {np.dtype(dt).name} {which}"]
                _assert_within_two_bounds(mine, theirs, v, name, derivative=which == "d")
    # float64 GELU's erfcx (erfcx_block: permutes and vcompresspd with AVX-512, gathers
    # or scalar loads otherwise) performs the same operations everywhere, over a grid
    # that mixes the table and the tail in every block: equal bits where both tables
    # have FMA, within 2 x 1.5 ULP of each other otherwise (test_vmath.py: 1.5 each)
    from neuronkit import _ckernels
    mine = np.empty_like(x)
    _ckernels.test_run(_ckernels.test_names().index("vm_erfcx"), np.abs(x), mine, None,
                       0, 0, 0, 0)
    if isa == "portable":
        ok = np.isfinite(mine)
        np.testing.assert_array_equal(ok, np.isfinite(other["erfcx"]))
        assert np.all(np.abs(mine[ok] - other["erfcx"][ok]) <= 3 * np.spacing(mine[ok]))
    else:
        np.testing.assert_array_equal(mine, other["erfcx"])
    if isa == "avx2":  # both with FMA: all of float64 GELU is the same
        for which, mine in zip("fd", nk.activation("gelu").value_and_derivative(x), strict=True):
            np.testing.assert_array_equal(mine, other[f"gelu float64 {which}"])
        # and the float32-arithmetic kernels of both: the same operations, explicitly
        # fused (tanhshrink's loops of their own on both, on tables looked up by
        # permutes or transposed in registers), but for those with a loop of their own
        # with AVX-512 only (logistic's, swish's and tanh's take exp or pieces from tables
        # there: test_float32_sigma_from_a_table) and GELU (in double with AVX2, from a
        # rational erfcx: test_float32_gelu_is_its_scalar_formula)
        native = set(_ckernels.float32_native()) & set(other["native"])
        for name in nk.activation_names():
            f = nk.activation(name)
            kernel = _ckernels.names()[f.plan.compiled[1]]
            if kernel not in native or kernel in ("logistic", "swish", "tanh", "gelu"):
                continue
            for which, mine in zip("fd", f.value_and_derivative(x.astype(np.float32)),
                                   strict=True):
                np.testing.assert_array_equal(mine, other[f"{name} float32 {which}"])


@pytest.mark.parametrize("case", CASES, ids=CASE_IDS)
def test_float64_blocks_of_ordinary_inputs(case):
    """The float64 loops of the exp-based kernels run a block of 512 ordinary inputs
    without the steps that only extreme ones need (the two-factor scaling of subnormal
    exponentials, lifting).  Every element of such a block gets the same bits as when
    an extreme element in the block sends it down the full path (after a first pass
    that assumed otherwise), and as in place.  The ranges reach up to each kernel's
    limit for the short path (19.5 for tanh-GELU ... 708)."""
    _, name, params = case
    f = nk.activation(name, **params)
    rng = np.random.default_rng(11)
    for m in (5.0, 19.4, 33.9, 353.9, 599.0, 707.5):
        x = np.concatenate([rng.normal(0, 3, 3000), rng.uniform(-m, m, 3000), [m, -m]])
        mixed = x.copy()
        mixed[::256] = -1000.0  # in every block, wherever the blocks start
        keep = mixed != -1000.0
        with np.errstate(all="raise"):
            for ordinary, full in zip(f.value_and_derivative(x), f.value_and_derivative(mixed),
                                      strict=True):
                np.testing.assert_array_equal(ordinary[keep], full[keep], err_msg=f"{name} {m}")
            # in place (the output is the input: no computing ahead of the check)
            for call in (f, f.derivative):
                for data in (x, mixed):
                    buf = data.copy()
                    call(buf, out=buf)
                    np.testing.assert_array_equal(buf, call(data), err_msg=f"{name} {m}")


@pytest.mark.parametrize("case", CASES, ids=CASE_IDS)
def test_float32_blocks_of_ordinary_inputs(case):
    """The float32 loops in float32 arithmetic (_float32.h) run a block of 512 ordinary
    inputs vectorized and, in a block with an extreme one (|x| > 80, inf, NaN), take
    each element on its own, the extreme ones in double: every element gets the same
    bits either way, and in place.  (For the other kernels this holds trivially.)"""
    _, name, params = case
    f = nk.activation(name, **params)
    rng = np.random.default_rng(13)
    x = np.concatenate([rng.normal(0, 3, 3000), rng.uniform(-80, 80, 3000),
                        [80.0, -80.0, 79.99, -79.99]]).astype(np.float32)
    for extreme in (-1000.0, 81.0, np.inf, np.nan):
        mixed = x.copy()
        mixed[::256] = extreme  # in every block, wherever the blocks start
        keep = np.arange(x.size) % 256 != 0
        with np.errstate(all="raise"):
            for ordinary, full in zip(f.value_and_derivative(x), f.value_and_derivative(mixed),
                                      strict=True):
                np.testing.assert_array_equal(ordinary[keep], full[keep], err_msg=name)
            for call in (f, f.derivative):
                buf = mixed.copy()
                call(buf, out=buf)
                np.testing.assert_array_equal(buf, call(mixed), err_msg=name)
        for call, which in ((f, 0), (f.derivative, 1)):  # one by one: the same bits
            alone = np.concatenate([call(mixed[i:i + 1]) for i in range(0, mixed.size, 97)])
            np.testing.assert_array_equal(alone, f.value_and_derivative(mixed)[which][::97])


def _float32_neighbours(centres, steps):
    """The float32 values ``steps`` apart (in units in the last place) around each centre."""
    bits = np.asarray(centres, dtype=np.float32).view(np.int32).astype(np.int64)
    return np.unique((bits[:, None] + np.asarray(steps)[None, :]).astype(np.int32)
                     .view(np.float32).ravel())


def test_float32_gelu_at_the_edges_of_its_pieces():
    """Float32 GELU (_gelu32.h) against mpmath where the pieces of either of its kernels
    meet.  With AVX-512, in float32 arithmetic: the edges of the 24 intervals of R
    (a = |x| = (2i + 1)/4), the ends of its range (x = -11.5, below which the float64
    formula takes over, and 6, above which f = x), |x| = 2**-60 (the tiny inputs it
    leaves to the float64 formula), the steps of the exponential's reduction
    (a^2/2 = k ln2/32 + ln2/64) and the window around the root of f' (x0 -+ 1/8), where
    f' is one more polynomial.  With AVX2, in double: the steps of its exponential's
    reduction (a^2/2 = k ln2 + ln2/2), the root (where f' = exp(-a^2/2) (a - a0) M/D),
    the clip a = 11.5 and subnormal x (which that kernel computes itself).  Value and
    derivative within 0.6 ULP (on every float32 in [-11.5, 12], measured at most 0.578
    and 0.589 ULP in float32 arithmetic, 0.5016 and 0.5024 in double), and the same bits
    in blocks of every kind, alone or fused."""
    edges = [(2 * i + 1) / 4 for i in range(24)] + [11.5, 6.0, 2.0 ** -60]
    edges += [float(np.sqrt((2 * k + 1) * np.log(2) / 32)) for k in range(0, 3000, 71)]
    edges += [float(np.sqrt((2 * k + 1) * np.log(2))) for k in range(96)]
    edges += [2.0 ** -146, 2.0 ** -126, 2.0 ** -100]
    root = 0.7517915246935645
    x = _float32_neighbours(edges + [-e for e in edges]
                            + [-root - 0.125, -root, -root + 0.125],
                            [-3, -2, -1, 0, 1, 2, 3])
    for which in (0, 1):
        err = errors("gelu", {}, which, np.float32, x)
        assert err.max() <= 0.6, (which, x[np.argmax(err)], err.max())
    f = nk.activation("gelu")
    mixed = np.concatenate([x, [np.nan, -20.0, 1e-30, -root]]).astype(np.float32)
    fused = f.value_and_derivative(mixed)
    np.testing.assert_array_equal(fused[0], f(mixed))
    np.testing.assert_array_equal(fused[1], f.derivative(mixed))
    for got, want in zip(fused, f.value_and_derivative(x), strict=True):
        np.testing.assert_array_equal(got[:x.size], want)


def test_float32_swish_derivative_near_its_root():
    """Float32 swish' in float32 arithmetic is sigma + x sigma' from one exp(-x), whose
    errors largely cancel, but not where f' vanishes (x0 = -1.2785): within 1/32 of x0
    it is (x - x0) P(x - x0h), one more polynomial (SWISH32_ROOT_P).  Against mpmath:
    the floats nearest the root, the edges of that window and the stretch around it
    where the sum alone would be worst, within 0.75 ULP (measured on every float32 in
    [-80, 80]); the same bits alone, fused and in place."""
    root = 1.2784645427610738
    rng = np.random.default_rng(17)
    x = np.concatenate([
        _float32_neighbours([-root, -root - 1 / 32, -root + 1 / 32], range(-40, 41)),
        rng.uniform(-1.32, -1.24, 3000), rng.uniform(-1.6, -0.9, 2000),
    ]).astype(np.float32)
    err = errors("swish", {}, 1, np.float32, x)
    assert err.max() <= 0.75, (x[np.argmax(err)], err.max())
    f = nk.activation("swish")
    value, slope = f.value_and_derivative(x)
    np.testing.assert_array_equal(slope, f.derivative(x))
    np.testing.assert_array_equal(value, f(x))
    buf = x.copy()
    f.derivative(buf, out=buf)
    np.testing.assert_array_equal(buf, slope)


def _test_kernel32(kernel, x):
    """f and f' of the float32 array x by the test kernel ``kernel``, as float32."""
    from neuronkit import _ckernels
    kid = _ckernels.test_names().index(kernel)
    out = np.empty(x.size), np.empty(x.size)
    _ckernels.test_run(kid, np.asarray(x, np.float64), *out, 0.0, 0.0, 0.0, 0.0)
    return tuple(o.astype(np.float32) for o in out)


@pytest.mark.parametrize("name", ["logistic", "swish", "tanh", "tanhshrink"])
def test_float32_sigma_from_a_table(name):
    """With AVX-512 the float32 loops of logistic and swish take exp(-x) from a table of
    2^(j/32) looked up by an in-register permute (nk32_exp_neg_table16, _float32x16.h);
    tanh's value and derivative are polynomials on 30 and 32 pieces looked up the same
    way (TANH32_T, TANH32_D; tanh' above 7.875 from exp(-2|x|), by that table), and so
    is logistic's derivative below 15.75 (tanh'(x/2)/4, LOGISTIC32_D).  Their scalar
    formulas (k32t_logistic, k32t_swish, k32t_tanh: the test kernels vm_logistic32,
    vm_swish32 and vm_tanh32, compiled for every instruction set) against mpmath where
    the pieces meet: the steps of the reduction (-x = (k + 1/2) ln2/32, where k and the
    table's entry change), the ends of the range (|x| = 80; tanh: 40), 0, for logistic
    the ends of its f''s pieces ((2j + 1)/4 up to 15.75), for swish the edges of the
    window around the root of f' and the smallest |x| it takes (2**-100), for tanh the
    ends of its pieces (1/16 and each quarter of an octave up to 8; f': (2j + 1)/8 up to
    7.875), 9.5, where |x| is clipped, and tiny and subnormal |x| (which its loop takes
    too): value and derivative within 0.6 ULP there (on every float32 in [-80, 80],
    benchmarks/exhaustive32.py: logistic at most 0.5382 and 0.6105 ULP, swish 0.5391 and
    0.6356, the last at x = -1.2460, just beyond that window; tanh 0.5752 and 0.6105 on
    [-40, 40]).  Tanhshrink (AVX-512 and AVX2) is |x|^3 G(|x|) with G = (x - tanh x)/x^3 on
    tanh's pieces (TANHSHRINK32_G) and f' = tanh^2 from TANH32_T as a pair, for every
    input but NaN and 0 < |x| < 2**-34: the same piece ends, 9.5, 2**-34 and large |x|
    up to the largest float.
    The loop gives their bits for every ordinary input, alone, fused and beside inputs it
    leaves to the float64 formula (tanhshrink's value with AVX2 too, its tables transposed
    in registers; its derivative is computed in double there); elsewhere the loops keep
    the short exp (nk32_exp_neg_short; tanh: expm1) and agree with it within the two
    bounds."""
    from neuronkit import _ckernels
    kernel = f"vm_{name}32"
    root = 1.2784645427610738
    steps = list((np.arange(-3700, 3700, 53) + 0.5) * np.log(2) / 32)
    edges = steps + [80.0, -80.0, 0.0, 2.0 ** -100, -(2.0 ** -100), -root - 1 / 32,
                     -root + 1 / 32, -root, 1.0, -1.0]
    top = 80.0
    if name == "logistic":
        edges += [(2 * j + 1) / 4 for j in range(32)] + [-(2 * j + 1) / 4 for j in range(32)]
    if name == "tanh":
        steps = list((np.arange(-1850, 1850, 29) + 0.5) * np.log(2) / 64)
        pieces = [2.0 ** e * (4 + j) / 4 for e in range(-4, 3) for j in range(4)]
        pieces += [(2 * j + 1) / 8 for j in range(32)]
        edges = steps + pieces + [-v for v in pieces] + [
            40.0, -40.0, 9.5, -9.5, 0.0, 2.0 ** -60, -(2.0 ** -60), 2.0 ** -130, 1.0]
        top = 40.0
    span = top
    if name == "tanhshrink":
        pieces = [2.0 ** e * (4 + j) / 4 for e in range(-4, 3) for j in range(4)]
        big = [9.5, 10.0, 40.0, 1e3, 2.0 ** 24, 3e38]
        edges = pieces + big + [-v for v in pieces + big] + [0.0, 2.0 ** -34, -(2.0 ** -34),
                                                            1e-5, 1.0]
        top, span = 3.4e38, 40.0
    x = _float32_neighbours(edges, [-2, -1, 0, 1, 2])
    tiny = {"tanh": 2.0 ** -150, "tanhshrink": 2.0 ** -34}.get(name, 2.0 ** -60)
    x = x[(np.abs(x) <= top) & ((np.abs(x) >= tiny) | (x == 0))]
    for which in (0, 1):
        err = errors(name, {}, which, np.float32, x,
                     evaluate=lambda fn, a, w=which: _test_kernel32(kernel, a)[w])
        assert err.max() <= 0.6, (which, x[np.argmax(err)], err.max())
    rng = np.random.default_rng(20)
    y = np.concatenate([x, rng.normal(0, 3, 20000), rng.uniform(-span, span, 20000)])
    y = y.astype(np.float32)
    f = nk.activation(name)
    got = f.value_and_derivative(y)
    want = _test_kernel32(kernel, y)
    table_loop = _ckernels.isa() == "avx512" or (_ckernels.isa() == "avx2"
                                                  and name == "tanhshrink")
    if name not in _ckernels.float32_native() or not table_loop:
        for which in (0, 1):
            _assert_within_two_bounds(got[which], want[which], y, name, derivative=which == 1)
        return
    # with AVX2 tanhshrink' is computed in double (test_float32_tanh_slopes_in_double):
    # there the loop gives the table formula's bits for the value alone
    tabled = (0, 1) if _ckernels.isa() == "avx512" else (0,)
    if tabled == (0,):
        _assert_within_two_bounds(got[1], want[1], y, name, derivative=True)
    for which in tabled:
        np.testing.assert_array_equal(got[which], want[which])
        np.testing.assert_array_equal((f, f.derivative)[which](y), want[which])
    mixed = y.copy()
    mixed[::300] = np.array([np.inf, -np.inf, 100.0, -1e-30, np.nan], np.float32)[
        np.arange(mixed[::300].size) % 5]
    keep = np.arange(y.size) % 300 != 0
    got_mixed = f.value_and_derivative(mixed)
    for which in tabled:
        np.testing.assert_array_equal(got_mixed[which][keep], want[which][keep])
    with np.errstate(all="ignore"):
        alone = f.value_and_derivative(mixed[::300].astype(np.float64))
    for got_mixed, other in zip(f.value_and_derivative(mixed), alone, strict=True):
        np.testing.assert_array_equal(got_mixed[::300], other.astype(np.float32))


def test_float32_tanh_slopes_in_double():
    """With AVX2 (no AVX-512) float32 tanh, tanh' and tanhshrink' are computed in double
    from e = exp(-2|x|) and t = expm1(-2|x|) (slope32d_stage1, _float32x8.h) and rounded
    once: within 0.53 ULP of mpmath (on every float32, benchmarks/exhaustive32.py: tanh
    at most 0.5088, tanh' 0.5032 and tanhshrink' 0.5241; the float32 pairs' formulas
    0.5557, 0.6196 and 0.6183) near 0 (tiny and subnormal x, where tanhshrink' = tanh^2 is
    near x^2 and underflows, and 2^-12, below which tanh x is x), across the reduction's
    steps (-2|x| = (k + 1/2) ln2), where tanh' turns subnormal (|x| near 44.4) and zero
    (52.7), at the cap (54) and beyond; the same bits alone, fused, in place (f' over x, f
    over x, and either over x beside the other), at an odd offset and with one or two
    threads; NaN gives itself (quieted) and infinities the limits.  Elsewhere the same
    points within 1 ULP."""
    import mpmath as mp

    from neuronkit import _ckernels

    from accuracy import ulp_error
    tight = _ckernels.isa() == "avx2" and "tanh" in _ckernels.float32_native()
    steps = list((np.arange(0, 80) + 0.5) * np.log(2) / 2)
    edges = steps + [0.0, 2.0 ** -149, 2.0 ** -126, 2.0 ** -75, 2.0 ** -60, 2.0 ** -34,
                     2.0 ** -12, 1e-5, 0.5, 1.0, 9.5, 40.0, 44.4, 44.6, 52.7, 54.0, 60.0, 1e3,
                     3e38]
    x = _float32_neighbours(edges + [-v for v in edges], [-2, -1, 0, 1, 2])
    x = x[np.isfinite(x)]
    refs = {("tanh", 1): lambda v: 1 / mp.cosh(v) ** 2, ("tanh", 0): mp.tanh,
            ("tanhshrink", 1): lambda v: mp.tanh(v) ** 2}
    for (name, which), ref in refs.items():
        f = nk.activation(name)
        got = (f, f.derivative)[which](x)
        with mp.workdps(60):
            worst = max(ulp_error(float(g), ref(mp.mpf(float(v))), np.float32)
                        for v, g in zip(x, got, strict=True))
        assert worst <= (0.53 if tight else 1.0), (name, which, worst)
    for name in ("tanh", "tanhshrink"):
        f = nk.activation(name)
        y = np.concatenate([x, np.random.default_rng(21).normal(0, 3, 30001)]).astype(np.float32)
        one = f.derivative(y)
        np.testing.assert_array_equal(f.value_and_derivative(y)[1], one)
        np.testing.assert_array_equal(f.value_and_derivative(y)[0], f(y))
        buf = np.empty(y.size + 1, np.float32)
        np.testing.assert_array_equal(f.derivative(y, out=buf[1:]), one)
        same = y.copy()
        f.derivative(same, out=same)
        np.testing.assert_array_equal(same, one)
        same = y.copy()
        f(same, out=same)
        np.testing.assert_array_equal(same, f(y))
        value = y.copy()
        slope = np.empty_like(y)
        f.value_and_derivative(value, out=(value, slope))
        np.testing.assert_array_equal(slope, one)
        np.testing.assert_array_equal(value, f(y))
        slope = y.copy()
        f.value_and_derivative(slope, out=(value, slope))
        np.testing.assert_array_equal(slope, one)
        np.testing.assert_array_equal(value, f(y))
        alone = f(y)
        old = nk.set_num_threads(2)
        try:
            np.testing.assert_array_equal(f.derivative(y), one)
            np.testing.assert_array_equal(f(y), alone)
        finally:
            nk.set_num_threads(old)
        special = np.array([np.inf, -np.inf, np.nan, -np.nan, 0.0, -0.0], np.float32)
        want = {"tanh": [0.0, 0.0, np.nan, np.nan, 1.0, 1.0],
                "tanhshrink": [1.0, 1.0, np.nan, np.nan, 0.0, 0.0]}[name]
        np.testing.assert_array_equal(f.derivative(special), np.array(want, np.float32))
        np.testing.assert_array_equal(np.signbit(f.derivative(special)[2:4]), [False, True])
        if name == "tanh":
            got = f(special)
            np.testing.assert_array_equal(got, np.array([1, -1, np.nan, np.nan, 0, 0], np.float32))
            np.testing.assert_array_equal(np.signbit(got), [False, True, False, True, False, True])


def test_float32_swish_derivative_near_its_root_in_every_call():
    """Within 1/32 of the root of swish' (x0 = -1.2785) f' is (x - x0) times a polynomial
    (SWISH32_ROOT_P), where sigma + x sigma' cancels.  Without AVX-512 the vectorized loop
    leaves that polynomial out and sets those elements after each block (swish32_root_fix,
    from a copy of the block's inputs where an output overlaps them), so every call gives
    them: allocating, fused, in place (f' over x, and f over x beside f'), at an odd
    offset and in a block with inputs left to the double formula; the same bits in each,
    within 0.6 ULP of mpmath, relative (the sum alone is many ULP off at the floats
    nearest x0)."""
    from accuracy import ulp_error
    from mpref import reference
    f = nk.activation("swish")
    root = -1.2784645427610738
    near = np.concatenate([
        _float32_neighbours([root], range(-30, 31)),
        np.linspace(root - 0.031, root + 0.031, 300),
        _float32_neighbours([root - 1 / 32, root + 1 / 32], [-2, -1, 0, 1, 2])]).astype(np.float32)
    rng = np.random.default_rng(21)
    x = rng.normal(0, 3, 6000).astype(np.float32)
    x[2000:2003] = [np.nan, 1e30, -np.inf]  # left to the double formula
    free = np.setdiff1d(np.arange(1, x.size - 1), [2000, 2001, 2002])
    at = rng.choice(free, near.size, replace=False)
    x[at] = near
    calls = []
    calls.append(f.derivative(x))
    calls.append(f.value_and_derivative(x)[1])
    g = x.copy()
    f.derivative(g, out=g)
    calls.append(g)
    v, g = x.copy(), np.empty_like(x)
    f.value_and_derivative(v, out=(v, g))
    calls.append(g)
    buf = np.empty(x.size + 3, np.float32)
    calls.append(f.derivative(x, out=buf[3:]).copy())
    for got in calls[1:]:
        np.testing.assert_array_equal(got[at].view(np.uint32), calls[0][at].view(np.uint32))
    worst = max(ulp_error(float(d), reference("swish", 1, float(xi), {"beta": 1.0}), np.float32)
                for xi, d in zip(x[at], calls[0][at], strict=True))
    assert worst <= 0.6, worst


def test_float32_softplus_and_log_sigmoid_slopes_are_the_logistic():
    """Float32 softplus' = sigma(x) and log-sigmoid' = sigma(-x) are computed by the
    float32 logistic's formula with AVX2 (nk32_sigma_short, _formulas.h; with AVX-512 the
    logistic takes its table instead), so every call gives its bits: f' alone, fused,
    in place, inside and beyond its range [-80, 80] (the float64 formula there).  A
    change to one of the three formulas that the others do not follow fails here.  The
    bits are also within 0.76 ULP of sigma in float64 (1 / (1 + exp(-x)), NumPy; at most
    0.7502 on every float in [-80, 80], benchmarks/exhaustive32.py)."""
    from neuronkit import _ckernels
    if _ckernels.isa() != "avx2":
        pytest.skip("the logistic's float32 loop is the short-exp formula with AVX2 only")
    rng = np.random.default_rng(21)
    x = np.concatenate([rng.normal(0, 3, 20000), rng.uniform(-90, 90, 20000),
                        [-80.0, 80.0, -0.0, 0.0, 1e-30, -1e-30, 100.0, -100.0]]).astype(np.float32)
    want = nk.activation("logistic")(x)
    sigma = 1.0 / (1.0 + np.exp(-x.astype(np.float64)))
    ulps = np.abs(want - sigma) / np.spacing(np.abs(sigma.astype(np.float32))).astype(np.float64)
    assert ulps.max() <= 0.76, ulps.max()
    want = want.view(np.uint32)
    for name, arg in (("softplus", x), ("log_sigmoid", -x)):
        f = nk.activation(name)
        buf = arg.copy()
        f.derivative(buf, out=buf)
        for got in (f.derivative(arg), f.value_and_derivative(arg)[1], buf):
            np.testing.assert_array_equal(got.view(np.uint32), want, err_msg=name)


@pytest.mark.parametrize("name", ["logistic", "tanh", "softplus", "log_sigmoid", "swish",
                                  "elu", "selu", "celu", "tanhshrink"])
def test_float32_nan_gives_itself_wherever_it_lies(name):
    """The float32-arithmetic loops send a NaN to the elements computed one by one, and
    return it (quieted) for f and f', its sign included, whichever output offset puts
    it in the compiler's vector body or scalar tail (the double formula's NaN had the
    sign of the default NaN in the one and of the input in the other)."""
    from neuronkit import _ckernels
    if name not in _ckernels.float32_native():
        pytest.skip(f"{name}: float32 in double on this instruction set")
    f = nk.activation(name)
    x = np.random.default_rng(18).normal(0, 3, 3000).astype(np.float32)
    nans = np.array([0x7FC00000, 0xFFC00000, 0x7FC12345, 0xFF800001], np.uint32)
    at = np.array([5, 700, 1500, 2999])
    x[at] = nans.view(np.float32)
    want = nans | np.uint32(0x00400000)  # quieted, sign and payload kept
    for offset in range(16):
        buf = np.empty((2, x.size + 16), np.float32)
        value, slope = buf[0, offset:offset + x.size], buf[1, offset:offset + x.size]
        f.value_and_derivative(x, out=(value, slope))
        for got in (value, slope, f(x), f.derivative(x)):
            assert (got[at].view(np.uint32) == want).all(), (name, offset, got[at].view(np.uint32))


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("name", nk.activation_names())
def test_nan_results_do_not_depend_on_where_they_lie(name, dtype):
    """A NaN input gives the same NaN (sign and payload) for f and f' whatever output
    offset puts it in a loop's vectorized body or its scalar head or tail: the NaN of a
    formula's invalid operation (the default NaN, sign set) and the input's own NaN
    differ in sign, and the vector and scalar code of one loop made different ones."""
    f = nk.activation(name)
    uint = np.uint32 if dtype == np.float32 else np.uint64
    x = np.random.default_rng(19).normal(0, 3, 3000).astype(dtype)
    at = np.array([0, 7, 1500, 2998, 2999])
    x[at] = np.array([np.nan, -np.nan, np.nan, -np.nan, np.nan], dtype)
    seen = set()
    for offset in range(16):
        buf = np.empty((2, x.size + 16), dtype)
        value, slope = buf[0, offset:offset + x.size], buf[1, offset:offset + x.size]
        f(x, out=value)
        f.derivative(x, out=slope)
        assert np.isnan(value[at]).all() and np.isnan(slope[at]).all()
        seen.add((value[at].view(uint).tobytes(), slope[at].view(uint).tobytes()))
    assert len(seen) == 1, (name, dtype)


def test_float32_gelu_is_its_scalar_formula():
    """The float32 GELU loop with AVX-512 (gelu32_both16, intrinsics, float32 arithmetic)
    or AVX2 (gelu32d_both4, four lanes of double) gives the bits of the scalar formula
    it mirrors (gelu32_both or gelu32d_both, exposed as the test kernel vm_gelu32 and
    compiled for every instruction set), value and derivative, for every ordinary input
    (the others take the float64 formula); without FMA the loop computes in double with
    erfcx_lo."""
    from neuronkit import _ckernels
    rng = np.random.default_rng(16)
    x = np.concatenate([rng.normal(0, 3, 20000), rng.uniform(-11.5, 40, 20000),
                        rng.uniform(-0.9, -0.6, 2000),
                        [0.0, -0.0, np.inf, 6.0, -11.5, 2**-60, 2**-149, -2**-140, 2**-126],
                        _float32_neighbours([(2 * i + 1) / 4 for i in range(24)], [-1, 0, 1])])
    x = x.astype(np.float32)
    kid = _ckernels.test_names().index("vm_gelu32")
    want = np.empty(x.size), np.empty(x.size)
    _ckernels.test_run(kid, x.astype(np.float64), *want, 0.0, 0.0, 0.0, 0.0)
    f = nk.activation("gelu")
    if "gelu" not in _ckernels.float32_native():
        assert _ckernels.isa() == "portable"
        got = f.value_and_derivative(x)  # in double: within the bounds of each other
        for which in (0, 1):
            _assert_within_two_bounds(got[which], want[which].astype(np.float32), x, "gelu",
                                      derivative=which == 1)
        return
    for got, scalar in zip(f.value_and_derivative(x), want, strict=True):
        np.testing.assert_array_equal(got, scalar.astype(np.float32))


@pytest.mark.parametrize("name", nk.activation_names())
def test_float32_fused_call_in_place(name):
    """The fused call with the input as one of its outputs (a loop that makes two passes,
    as float32 swish's once did, the value in float32 and the derivative in float64,
    must write the output that is the input last) gives the bits of the call into new
    arrays."""
    f = nk.activation(name)
    x = np.random.default_rng(15).normal(0, 3, 5000).astype(np.float32)
    want = f.value_and_derivative(x)
    for which in (0, 1):
        buf, other = x.copy(), np.empty_like(x)
        out = (buf, other) if which == 0 else (other, buf)
        f.value_and_derivative(buf, out=out)
        np.testing.assert_array_equal(out[0], want[0], err_msg=name)
        np.testing.assert_array_equal(out[1], want[1], err_msg=name)


@pytest.mark.parametrize("name", nk.activation_names())
def test_float32_in_place_with_inputs_left_to_the_double_formula(name):
    """In place, a block with an input that the float32 kernel does not take (NaN, an
    infinity, a large or a subnormal x) is copied and computed as when apart.  The kernels
    built on exp check the block in the first of their two passes over it (_loops.h),
    which must then write nothing: f over x, f' over x and the fused call with either
    output over x give the bits of the calls into new arrays."""
    f = nk.activation(name)
    x = np.random.default_rng(16).normal(0, 3, 5000).astype(np.float32)
    x[::700] = [np.nan, np.inf, -np.inf, 1e30, -1e30, 1e-40, -100.0, 90.0]
    want = f.value_and_derivative(x)
    calls = []
    for which, call in ((0, f), (1, f.derivative)):
        buf = x.copy()
        call(buf, out=buf)
        calls.append((which, buf))
    for which in (0, 1):
        buf, other = x.copy(), np.empty_like(x)
        f.value_and_derivative(buf, out=(buf, other) if which == 0 else (other, buf))
        calls.extend([(which, buf), (1 - which, other)])
    for which, got in calls:
        np.testing.assert_array_equal(got.view(np.uint32), want[which].view(np.uint32),
                                      err_msg=name)


@pytest.mark.parametrize("case", CASES, ids=CASE_IDS)
def test_float32_tiny_inputs_and_signed_zeros(case):
    """Subnormal and tiny float32 inputs, and zeros of both signs, in blocks of ordinary
    ones: within 0.85 ULP of the float64 result (the ordinary ones carry the
    float32-arithmetic kernels' own error, up to 0.62 ULP, 0.81 for swish's value;
    products with a subnormal result are where their residuals would stop being exact,
    which the kernels keep out of their range), with the same sign of zero."""
    _, name, params = case
    f = nk.activation(name, **params)
    rng = np.random.default_rng(14)
    tiny = np.concatenate([rng.standard_normal(3000) * 1e-40, rng.standard_normal(3000) * 1e-37,
                           rng.standard_normal(3000) * 1e-31, [1e-45, -1e-45, 0.0, -0.0]])
    x = np.concatenate([rng.normal(0, 3, 3000), tiny]).astype(np.float32)
    for got, want in zip(f.value_and_derivative(x), f.value_and_derivative(x.astype(np.float64)),
                         strict=True):
        w32 = want.astype(np.float32)
        ulps = np.abs(got.astype(np.float64) - want) / np.spacing(np.abs(w32)).astype(np.float64)
        assert ulps.max() <= 0.85, (name, x[np.argmax(ulps)])
        np.testing.assert_array_equal(np.signbit(got), np.signbit(w32), err_msg=name)


@pytest.mark.parametrize("name", nk.activation_names())
def test_float32_large_inputs_take_the_direct_loop(name):
    """Float32 inputs that fit in the L2 cache run over blocks widened to double, larger
    ones straight (faster from memory): the same arithmetic, so the same bits."""
    f = nk.activation(name)
    x = (np.random.default_rng(12).normal(0, 3, 70001)).astype(np.float32)
    x[::1000] = [np.nan, np.inf, -np.inf, 0.0, -30.0, 30.0, 1e30, -1e30, 1e-40, -1e-40,
                 *np.linspace(-20, 20, 61)]
    large = f.value_and_derivative(x)
    pieces = [f.value_and_derivative(x[i:i + 4096]) for i in range(0, x.size, 4096)]
    for which, got in enumerate(large):
        np.testing.assert_array_equal(got, np.concatenate([p[which] for p in pieces]))


#: the piecewise activations whose double formula rounds (a difference, a product or a
#: square), with parameters that are floats and that are not
ROUNDING_PIECEWISE = [
    ("softshrink", {}), ("softshrink", {"lambd": 0.3}), ("softshrink", {"lambd": 1e300}),
    ("hardshrink", {"lambd": 0.3}), ("hardshrink", {"lambd": 1e-39}),
    ("threshold", {"threshold": 0.1, "value": -2.7}),
    ("threshold", {"threshold": -1e-40, "value": 1e-300}),
    ("sparse_plus", {}), ("sparse_sigmoid", {}),
]


def _hard_float32_grid():
    """Tails, subnormals, signed zeros, infinities, a quiet NaN, the neighbours of the
    kinks, and random bit patterns (but signaling NaNs, whose quieting is the
    compiler's choice in either loop)."""
    rng = np.random.default_rng(16)
    kinks = np.array([0.0, 0.1, 0.3, 0.5, 1.0, 2.7, 3.0, 1e-39, 1e-40], np.float32)
    near = [np.nextafter(k, np.float32(d)) for k in np.concatenate([kinks, -kinks])
            for d in (np.inf, -np.inf)]
    bits = rng.integers(0, 2**32, 50000, dtype=np.uint64).astype(np.uint32).view(np.float32)
    quiet = ~np.isnan(bits) | ((bits.view(np.uint32) & 0x400000) != 0)
    special = [0.0, -0.0, np.inf, -np.inf, np.nan, 1e-45, -1e-45, 3.4e38, -3.4e38]
    return np.concatenate([kinks, -kinks, np.array(near + special, np.float32), bits[quiet],
                           (rng.standard_normal(20000) * 3).astype(np.float32),
                           (rng.standard_normal(5000) * 1e-38).astype(np.float32)])


@pytest.mark.parametrize("name, params", ROUNDING_PIECEWISE)
def test_float32_piecewise_is_the_double_formula_rounded_once(name, params):
    """The float32 loops of the piecewise kernels (in float, with the arithmetic that
    rounds in double) give the bits of the double formula rounded once, the float32
    loops' results before they had float kernels: value, derivative, fused and in
    place, NaN bits included."""
    f = nk.activation(name, **params)
    x = _hard_float32_grid()
    wide = x.astype(np.float64)
    with np.errstate(all="raise"):
        want = [f(wide), f.derivative(wide)]
    with np.errstate(under="ignore", over="ignore"):  # the rounding to float32
        want = [w.astype(np.float32) for w in want]
    with np.errstate(all="raise"):
        buf = x.copy()
        f(buf, out=buf)
        got = [f(x), f.derivative(x), *f.value_and_derivative(x), buf]
    for g, w in zip(got, [*want, *want, want[0]], strict=True):
        np.testing.assert_array_equal(g.view(np.uint32), w.view(np.uint32), err_msg=name)


def test_float32_hard_swish_is_correctly_rounded():
    """hard_swish's float32 kernel rounds x (x + 3) / 6 and (2x + 3) / 6 once from exact
    pairs: it gives the double formula's bits except where the exact value is a tie
    between two floats (0.5 ULP either way; the double formula rounds to even, the
    float kernel by the sign of its 2^-46 residual) and, for f, where the result is
    subnormal (the fused multiply-add's residual is inexact there: within 1 ULP).
    Checked against exact rationals where the two differ."""
    from fractions import Fraction

    from neuronkit import _ckernels
    if "hard_swish" not in _ckernels.float32_native():
        pytest.skip("no float32 kernel on this CPU (the double formula runs)")
    f = nk.activation("hard_swish")
    x = _hard_float32_grid()
    wide = x.astype(np.float64)
    with np.errstate(under="ignore", over="ignore"):
        want = [f(wide).astype(np.float32), f.derivative(wide).astype(np.float32)]
    with np.errstate(all="raise"):
        buf = x.copy()
        f(buf, out=buf)
        got = [f(x), f.derivative(x), *f.value_and_derivative(x), buf]
    np.testing.assert_array_equal(got[2].view(np.uint32), got[0].view(np.uint32))
    np.testing.assert_array_equal(got[3].view(np.uint32), got[1].view(np.uint32))
    np.testing.assert_array_equal(got[4].view(np.uint32), got[0].view(np.uint32))
    tiny = np.finfo(np.float32).tiny
    for g, w, exact in ((got[0], want[0], lambda v: v * (v + 3) / 6),
                        (got[1], want[1], lambda v: (2 * v + 3) / 6)):
        differ = np.flatnonzero(g.view(np.uint32) != w.view(np.uint32))
        assert differ.size < 0.02 * x.size
        for i in differ:
            v = Fraction(float(x[i]))
            assert -3 < v < 3, x[i]  # outside, the kernel selects x, 0 or 1 exactly
            e = exact(v)
            ulp = Fraction(float(np.spacing(np.abs(w[i]))))
            err_got, err_want = abs(Fraction(float(g[i])) - e), abs(Fraction(float(w[i])) - e)
            if abs(w[i]) >= tiny:
                assert err_got == err_want == ulp / 2, (x[i], g[i], w[i])  # a tie
            else:
                assert err_got <= ulp, (x[i], g[i], w[i])


def _leaky_grid():
    """_hard_float32_grid with the largest finite floats and tiny negative ones (down to
    -2^-123 and N(0, 2^-100)), where the slope's low part times x is subnormal."""
    rng = np.random.default_rng(17)
    big = np.float32(np.finfo(np.float32).max)
    return np.concatenate([
        _hard_float32_grid(), [-big, big, np.nextafter(-big, np.float32(0))],
        -rng.integers(1, 2**26, 4000).astype(np.uint32).view(np.float32),
        (rng.standard_normal(4000) * 2.0**-100).astype(np.float32)])


def _assert_leaky_exact(x, y, slope):
    """y = slope x for x <= 0 against exact rationals: within 0.5 ULP and a hair where x
    times the slope's low part is a normal float (|x| >= 2^-90 here), within 1 ULP
    below; zeros and infinities with the exact product's sign; y = x for x > 0."""
    from fractions import Fraction
    a = Fraction(slope)
    worst = {True: Fraction(0), False: Fraction(0)}
    for xi, yi in zip(x.tolist(), y.tolist(), strict=True):
        if math.isnan(xi):
            assert math.isnan(yi)
        elif xi > 0:
            assert yi == xi
        elif xi == 0 or math.isinf(xi):
            want = slope * xi  # in double: exact for a zero or an infinity (0 inf: NaN)
            assert (math.isnan(yi) and math.isnan(want)) or (
                yi == want and math.copysign(1, yi) == math.copysign(1, want)), (xi, yi)
        else:
            exact = a * Fraction(xi)
            if math.isinf(yi):  # overflow: beyond the largest float and half its ULP
                assert abs(exact) >= 2**128 - 2**103 and (yi < 0) == (exact < 0), xi
                continue
            ulp = Fraction(2) ** max(math.frexp(abs(float(exact)))[1] - 24, -149)
            normal = abs(xi) >= 2.0**-90
            worst[normal] = max(worst[normal], abs(Fraction(yi) - exact) / ulp)
    assert worst[True] <= Fraction(1, 2) + Fraction(1, 2**20), float(worst[True])
    assert worst[False] <= 1, float(worst[False])


@pytest.mark.parametrize("slope", [0.01, -0.01, 5e-5, 0.2, 0.25, -0.3, 0.0, 1.7])
def test_float32_leaky_relu_against_exact_products(slope):
    """leaky_relu's float32 kernel, a x rounded once from the slope split into two
    floats, on both of its paths (the low part with the slope's sign: 0.01, -0.01,
    5e-5; else, and for exact slopes, a select for zeros and infinities): value, fused
    and in place against exact rationals, signed zeros and infinities included."""
    from neuronkit import _ckernels
    if "leaky" not in _ckernels.float32_native():
        pytest.skip("no float32 kernel on this CPU (the double formula runs)")
    f = nk.activation("leaky_relu", negative_slope=slope)
    x = _leaky_grid()  # its signed zeros and infinities included
    with np.errstate(all="raise"):
        buf = x.copy()
        f(buf, out=buf)
        got = [f(x), f.value_and_derivative(x)[0], buf]
    for g in got[1:]:
        np.testing.assert_array_equal(g.view(np.uint32), got[0].view(np.uint32))
    _assert_leaky_exact(x, got[0], slope)


def test_float32_hard_swish_far_out_and_near_its_corners():
    """hard_swish's float32 value is min(v, max(-0, x)) of v = x (x + 3) / 6 from a
    pair: x from 3 and -0 from -3 down, up to the largest floats (where v must not be
    -inf: with x + 3's leading sixth rounded to nearest, x times its low part was -inf
    for some |x| above 2^77), within 0.5 ULP and a hair of exact rationals on (-3, 3),
    NaN for NaN; value, fused and in place the same bits."""
    from fractions import Fraction

    from neuronkit import _ckernels
    if "hard_swish" not in _ckernels.float32_native():
        pytest.skip("no float32 kernel on this CPU (the double formula runs)")
    rng = np.random.default_rng(21)
    far = np.concatenate([np.geomspace(3, 3.4e38, 20000),
                          rng.integers(0x62000000, 0x7F800000, 20000).astype(np.uint32)
                          .view(np.float32)]).astype(np.float32)
    corners = np.concatenate([float32_run(3.0, 2000), float32_run(1.0, 2000)])
    inner = np.concatenate([rng.uniform(-3, 3, 4000), [0.5, 2.0**-100, 2.0**-126]])
    inner = inner.astype(np.float32)
    x = np.concatenate([far, -far, corners, -corners, inner, -inner,
                        [np.inf, -np.inf, 0.0, -0.0, np.nan]]).astype(np.float32)
    f = nk.activation("hard_swish")
    buf = x.copy()
    f(buf, out=buf)
    got = [f(x), f.value_and_derivative(x)[0], buf]
    for g in got[1:]:
        np.testing.assert_array_equal(g.view(np.uint32), got[0].view(np.uint32))
    y = got[0]
    assert np.isnan(y[np.isnan(x)]).all()
    up, down = x >= 3, x <= -3
    np.testing.assert_array_equal(y[up], x[up])
    assert (y[down] == 0).all() and np.signbit(y[down]).all()
    mid = ~(up | down | np.isnan(x))
    worst = Fraction(0)
    for xi, yi in zip(x[mid].tolist(), y[mid].tolist(), strict=True):
        exact = Fraction(xi) * (Fraction(xi) + 3) / 6
        if exact == 0:
            assert yi == 0 and math.copysign(1, yi) == math.copysign(1, xi)
            continue
        ulp = Fraction(2) ** max(math.frexp(abs(float(exact)))[1] - 24, -149)
        worst = max(worst, abs(Fraction(yi) - exact) / ulp)
    assert worst <= Fraction(1, 2) + Fraction(1, 2**20), float(worst)


@pytest.mark.parametrize("lower, upper", [(0.125, 1 / 3), (0.1, 0.3), (0.3, 0.31)])
def test_float32_rrelu_is_leaky_relu_with_the_mean_slope(lower, upper):
    """rrelu's float32 kernel is leaky ReLU's (a x rounded once from the slope split
    into two floats): the bits of leaky_relu with the slope (lower + upper) / 2, value,
    derivative, fused and in place, and within its bounds of the exact products."""
    from neuronkit import _ckernels
    if "rrelu" not in _ckernels.float32_native():
        pytest.skip("no float32 kernel on this CPU (the double formula runs)")
    x = _leaky_grid()
    f = nk.activation("rrelu", lower=lower, upper=upper)
    g = nk.activation("leaky_relu", negative_slope=0.5 * (lower + upper))
    with np.errstate(all="raise"):
        buf = x.copy()
        f(buf, out=buf)
        got = [f(x), f.derivative(x), *f.value_and_derivative(x), buf]
        want = [g(x), g.derivative(x), *g.value_and_derivative(x), g(x)]
    for a, b in zip(got, want, strict=True):
        np.testing.assert_array_equal(a.view(np.uint32), b.view(np.uint32))
    _assert_leaky_exact(x, got[0], 0.5 * (lower + upper))


def test_only_loops_at_memory_speed_are_cheap():
    """A kernel marked cheap wakes the worker threads only for larger inputs
    (_parallel.c): the piecewise loops whose float32 or float64 versions divide, take a
    square root or multiply in double (several times the time of a copy) are not."""
    from neuronkit import _ckernels
    cheap = set(_ckernels.memory_speed())
    assert cheap <= set(_ckernels.names())
    assert {"relu", "hard_tanh", "softshrink", "hardshrink", "threshold"} <= cheap
    slow = {"softsign", "squareplus", "hard_logistic_ratio", "hard_swish", "sparse_plus",
            "tanh", "tanhshrink", "logistic", "gelu"}
    assert not cheap & slow, cheap & slow


def test_switch():
    old = _compiled.set_enabled(False)
    try:
        assert not _compiled.available()
    finally:
        _compiled.set_enabled(old)
    assert _compiled.available() == old


def test_gelu_blocks_without_the_erfcx_tail():
    """Float64 GELU skips erfcx's asymptotic tail in blocks where every |x| < 5.48:
    such blocks meet the same bounds against mpmath (the accuracy grid mixes in larger
    values, so its blocks take the full path)."""
    x = np.linspace(-5.47, 5.47, 1201)  # three blocks, none needing the tail
    for which in (0, 1):
        assert errors("gelu", {}, which, np.float64, x).max() <= bound("gelu", which, np.float64)


@pytest.mark.parametrize("name", ["gelu", "logistic", "elu"])
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_worker_threads_give_the_single_thread_bits(dtype, name):
    """The extension's pool (``_parallel.c``) splits a loop into parts of whole cache
    lines; any thread count, length and alignment gives the one-thread result (also
    for the float32-arithmetic kernels, whose blocks of ordinary inputs start wherever
    a thread's part does)."""
    f = nk.activation(name)
    ext, kid, cparams = f.plan.compiled
    rng = np.random.default_rng(3)
    base = (rng.standard_normal(200_003) * 4).astype(dtype)
    for n, offset, threads in ((200_000, 0, 2), (199_999, 1, 3), (1000, 3, 8), (129, 1, 2),
                               (5, 0, 4), (0, 0, 2), (200_000, 2, 64), (150_001, 0, 100)):
        x = base[offset:offset + n]
        want_f, want_d = np.empty_like(x), np.empty_like(x)
        ext.run(kid, x, want_f, want_d, *cparams, 1)
        got_f, got_d = np.empty_like(x), np.empty_like(x)
        ext.run(kid, x, got_f, got_d, *cparams, threads)
        np.testing.assert_array_equal(got_f, want_f)
        np.testing.assert_array_equal(got_d, want_d)
        only_d = np.full_like(x, np.nan)
        ext.run(kid, x, None, only_d, *cparams, threads)
        np.testing.assert_array_equal(only_d, want_d)


def test_late_workers_never_touch_a_later_call():
    """Workers claim parts of a call as they go and may wake after it is over
    (``_parallel.c``): calls of every size around the thresholds, back to back or
    after pauses long enough for the workers to fall asleep, each give the one-thread
    bits, and a late worker never writes into the next call's arrays."""
    import time

    rng = np.random.default_rng(6)
    kernels = [(nk.activation(name), name) for name in ("relu", "logistic", "gelu")]
    lookups = [f.plan.compiled for f, _ in kernels]
    sizes = [1 << 13, (1 << 13) + 1, 1 << 15, (1 << 15) + 1, 70_001, (1 << 17) - 3, 300_000,
             (1 << 19) + 7]
    for step in range(240):
        ext, kid, cparams = lookups[step % 3]
        n = sizes[rng.integers(len(sizes))]
        dtype = np.float32 if step % 2 else np.float64
        x = (rng.standard_normal(n) * 4).astype(dtype)
        want_f, want_d = np.empty_like(x), np.empty_like(x)
        ext.run(kid, x, want_f, want_d, *cparams, 1)
        pause = rng.choice([0.0, 2e-5, 2e-4, 1e-3])
        if pause:
            time.sleep(pause)
        got_f, got_d = np.full_like(x, np.nan), np.full_like(x, np.nan)
        ext.run(kid, x, got_f, got_d, *cparams, int(rng.choice([2, 3])))
        np.testing.assert_array_equal(got_f, want_f, err_msg=f"{kernels[step % 3][1]} {n}")
        np.testing.assert_array_equal(got_d, want_d, err_msg=f"{kernels[step % 3][1]} {n}")


def test_calls_from_several_threads_share_the_pool():
    """While one call owns the worker pool, calls from other threads run on their own
    thread; every result is right."""
    f = nk.activation("tanh")
    rng = np.random.default_rng(4)
    xs = [rng.normal(0, 3, 300_000 + 17 * k) for k in range(6)]
    old = nk.set_num_threads(2)
    try:
        want = [f(x) for x in xs]
        errors = []

        def work(k: int) -> None:
            for _ in range(20):
                if not np.array_equal(f(xs[k]), want[k]):
                    errors.append(k)

        run_in_threads(work, 6)
    finally:
        nk.set_num_threads(old)
    assert errors == []


@pytest.mark.parametrize("strided", [False, True])
def test_no_full_size_temporary(strided):
    """Peak traced allocation of a large call, beyond its outputs, stays under 1 MiB;
    a strided input is staged in the output, not copied (NumPy's data buffers are
    visible to tracemalloc)."""
    import tracemalloc

    x = np.random.default_rng(5).normal(0, 3, 2_000_000)
    if strided:
        x = x[::2]
    f = nk.activation("swish")
    want = [f(x.copy()), *f.value_and_derivative(x.copy())]
    for call in (f, f.derivative, f.value_and_derivative):
        tracemalloc.start()
        try:
            base = tracemalloc.get_traced_memory()[0]
            result = call(x)
            peak = tracemalloc.get_traced_memory()[1] - base
        finally:
            tracemalloc.stop()
        outs = result if isinstance(result, tuple) else (result,)
        assert peak - sum(o.nbytes for o in outs) < (1 << 20), call
    np.testing.assert_array_equal(f(x), want[0])
    np.testing.assert_array_equal(f.value_and_derivative(x)[1], want[2])


def test_every_declaration_has_its_compiled_kernel():
    """Every activation names a kernel the extension has (or declares itself NumPy-only,
    with the reason), for every choice of a parameter that picks the kernel."""
    for spec in nk.REGISTRY.values():
        if spec.numpy_only:
            assert spec.c_kernel is None and len(spec.numpy_only) > 20, spec.name
            continue
        choices = [p for p in spec.params if p.choices]
        for value in (choices[0].choices if choices else [None]):
            params = {} if value is None else {choices[0].name: value}
            compiled = nk.activation(spec.name, **params).plan.compiled
            assert compiled is not None, (spec.name, params)
            assert _compiled.kernel_names()[compiled[1]] in _compiled.kernel_names()


def test_a_missing_compiled_kernel_is_an_error_not_a_silent_fallback():
    import dataclasses

    spec = dataclasses.replace(nk.REGISTRY["relu"], c_kernel="no_such_kernel")
    with pytest.raises(_compiled.MissingKernelError, match="no_such_kernel"):
        nk.Activation(spec)


def test_the_loops_never_see_an_unaligned_array():
    """``call`` declines an unaligned input (None: the engine stages it in aligned
    memory) and ``run`` refuses one, saying why; the loops read whole aligned floats."""
    ext, kid, cparams = nk.activation("relu").plan.compiled
    for dtype in (np.float32, np.float64):
        u = np.zeros(8 * np.dtype(dtype).itemsize + 1, np.uint8)[1:].view(dtype)
        assert not u.flags.aligned
        assert ext.call(kid, 0, u, 1, 0.0, 0.0, 0.0, 0.0) is None
        assert ext.call(kid, 0, u.copy(), 1, 0.0, 0.0, 0.0, 0.0, u, None) is None
        with pytest.raises(TypeError, match="aligned"):
            ext.run(kid, u, np.empty_like(u), None, 0.0, 0.0, 0.0, 0.0)
        with pytest.raises(TypeError, match="aligned"):
            ext.run(kid, u.copy(), u, None, 0.0, 0.0, 0.0, 0.0)
