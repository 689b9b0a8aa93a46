"""Second derivatives f'' of every elementwise activation, against mpmath.

Bound: 1 ULP in float32, 4 ULP in float64 (``accuracy.py``'s metric) over the whole
float range; within 0.6 of an interior root of f'' (swish'' at beta x = +-2.3994, the
GELUs'' at +-sqrt 2 and +-1.4, mish'' at -2.2 and 1.3), where f'' is a difference of
nearly equal terms, an absolute error of 2 machine epsilons is accepted instead
(measured: well inside it).  The mpmath closed forms are checked against mpmath's own
numerical differentiation of the first derivatives.
"""

from __future__ import annotations

import dataclasses

import mpmath as mp
import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import neuronkit as nk
from neuronkit.activations import REGISTRY

from accuracy import CASE_IDS, CASES, DTYPES, errors, grid2
from mpref import REFERENCES, SECOND_DERIVATIVES, mp_params

GRIDS = {dt: grid2(dt) for dt in DTYPES}
BOUND2 = {np.float32: 1.0, np.float64: 4.0}
SMOOTH_POINTS = np.array([-7.3, -3.1, -1.7, -0.9, -0.33, 0.21, 0.77, 1.45, 2.6, 4.9])


@pytest.mark.parametrize("name", nk.activation_names())
def test_every_activation_declares_a_second_derivative(name):
    assert REGISTRY[name].second_derivative is not None, (
        f"{name} has no second_derivative= in its declaration")
    assert name in SECOND_DERIVATIVES, f"tests/mpref.py has no f'' reference for {name}"


def test_missing_second_derivative_is_a_clear_error():
    spec = dataclasses.replace(REGISTRY["tanh"], second_derivative=None)
    f = nk.Activation(spec)
    with pytest.raises(NotImplementedError, match="tanh declares no second derivative"):
        f.second_derivative([1.0])


@pytest.mark.parametrize("dtype", DTYPES, ids=["float32", "float64"])
@pytest.mark.parametrize("case", CASES, ids=CASE_IDS)
def test_grid_accuracy(case, dtype):
    _, name, params = case
    x = GRIDS[dtype]
    err = errors(name, params, 2, dtype, x)
    i = int(np.argmax(err))
    assert err[i] <= BOUND2[dtype], f"worst {err[i]:.3g} ULP at x = {x[i]!r}"


@pytest.mark.parametrize("dtype", DTYPES, ids=["float32", "float64"])
@pytest.mark.parametrize("case", CASES, ids=CASE_IDS)
def test_random_accuracy(case, dtype):
    _, name, params = case
    width = 32 if dtype == np.float32 else 64

    @settings(max_examples=40, deadline=None, derandomize=True,
              suppress_health_check=[HealthCheck.too_slow])
    @given(st.one_of(st.floats(width=width, allow_nan=False, allow_infinity=False),
                     st.floats(min_value=-50, max_value=50, width=width)))
    def check(v):
        err = errors(name, params, 2, dtype, np.array([v], dtype=dtype))
        assert err[0] <= BOUND2[dtype], (v, err[0])

    check()


RANDOM = np.concatenate([
    np.random.default_rng(99).uniform(-40, 40, 1000),
    np.sign(np.random.default_rng(98).standard_normal(300))
    * 10 ** np.random.default_rng(97).uniform(-300, 300, 300),
    np.random.default_rng(96).uniform(-750, 750, 200)])


@pytest.mark.parametrize("case", CASES, ids=CASE_IDS)
def test_many_random_points_float64(case):
    """1500 random points (the roundings of the closed forms add up: the worst measured
    on them is 3.9 ULP, swish with beta = 1.7)."""
    _, name, params = case
    err = errors(name, params, 2, np.float64, RANDOM)
    i = int(np.argmax(err))
    assert err[i] <= 4.0, f"worst {err[i]:.3g} ULP at x = {RANDOM[i]!r}"


@pytest.mark.parametrize("case", CASES, ids=CASE_IDS)
def test_reference_is_the_derivative_of_the_derivative(case):
    """The mpmath f'' closed forms agree with mpmath's differentiation of f'."""
    _, name, params = case
    f = nk.activation(name, **params)
    der = REFERENCES[name][1]
    mparams = mp_params(f.params)
    for x in SMOOTH_POINTS:
        if any(abs(x - k) < 1e-3 for k in (*f.properties.kinks, -3.0, 3.0, 0.0, 6.0)):
            continue
        with mp.workdps(50):
            fd = mp.diff(lambda t: der(t, **mparams), mp.mpf(x))
            got = SECOND_DERIVATIVES[name](mp.mpf(x), **mparams)
            assert abs(fd - got) < mp.mpf(10) ** -30, (name, x, fd, got)


@pytest.mark.parametrize("case", CASES, ids=CASE_IDS)
def test_matches_finite_difference_of_the_derivative(case):
    """neuronkit's f'' vs a central difference of neuronkit's own f' (float64)."""
    _, name, params = case
    f = nk.activation(name, **params)
    corners = (*f.properties.kinks, -3.0, 3.0, 6.0)
    x = SMOOTH_POINTS[[all(abs(p - k) > 1e-3 for k in corners) for p in SMOOTH_POINTS]]
    h = 1e-5 * np.maximum(1.0, np.abs(x))
    fd = (f.derivative(x + h) - f.derivative(x - h)) / (2 * h)
    np.testing.assert_allclose(f.second_derivative(x), fd, rtol=1e-6, atol=1e-9)


SPECIAL = np.array([-np.inf, np.inf, np.nan, -0.0, 0.0, 5e-324, -5e-324, 1e308, -1e308])


@pytest.mark.parametrize("dtype", [np.float16, np.float32, np.float64])
@pytest.mark.parametrize("case", CASES, ids=CASE_IDS)
def test_limits_nan_and_no_warnings(case, dtype):
    """f''(+-inf) = 0 for every activation, NaN only for NaN, no FP warning, dtype and
    shape kept."""
    _, name, params = case
    f = nk.activation(name, **params)
    fi = np.finfo(dtype)
    x = np.clip(SPECIAL, -float(fi.max), float(fi.max)).astype(dtype)
    x[:2] = [-np.inf, np.inf]
    with np.errstate(all="raise"):
        got = f.second_derivative(x.reshape(3, 3))
    assert got.dtype == dtype and got.shape == (3, 3)
    flat = got.ravel()
    assert flat[0] == 0 and flat[1] == 0, flat[:2]
    assert np.isnan(flat[2])
    assert not np.isnan(np.delete(flat, 2)).any(), flat


def test_values_kinks_and_subnormals():
    tanh = nk.activation("tanh")
    assert tanh.second_derivative(0.0) == 0.0 and np.ndim(tanh.second_derivative(0.0)) == 0
    # subnormal results are kept, not flushed: sigma''(-740) = e^-740
    assert nk.activation("logistic").second_derivative(-740.0) > 0
    assert nk.activation("swish").second_derivative(-740.0) < 0
    # conventions at kinks: the side the derivative takes (elu: left, x <= 0)
    assert nk.activation("elu", alpha=0.5).second_derivative(0.0) == 0.5
    assert nk.activation("softsign").second_derivative(0.0) == 0.0
    # tanhshrink'' = 2 tanh sech^2 is odd: +0 at x = +0 (`neuronkit show` printed -0)
    assert not np.signbit(nk.activation("tanhshrink").second_derivative(0.0))
    hs = nk.activation("hard_swish").second_derivative([-3.0, 0.0, 3.0])
    np.testing.assert_array_equal(hs, [0.0, 1 / 3, 0.0])
    for name in ("relu", "leaky_relu", "hard_tanh", "relu6", "step", "identity"):
        assert not nk.activation(name).second_derivative(np.linspace(-9, 9, 37)).any()


def test_out_argument():
    f = nk.activation("gelu")
    out = np.empty(3, dtype=np.float32)
    res = f.second_derivative(np.array([-1.0, 0.0, 1.0], dtype=np.float32), out=out)
    assert res is out
    np.testing.assert_allclose(out, [0.24197072, 0.79788456, 0.24197072], rtol=1e-6)
