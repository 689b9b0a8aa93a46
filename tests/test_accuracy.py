"""Accuracy of every activation and derivative against mpmath, float32 and float64.

Bound: 1 ULP in float32, 4 ULP in float64 (see ``accuracy.py`` for the metric);
within 0.6 of an interior root of a derivative (swish', GELU', mish'), where
the derivative is a difference of two nearly equal terms, an absolute error of 2
machine epsilons is accepted instead (measured: at most about 1.5).
"""

from __future__ import annotations

import mpmath as mp
import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import neuronkit as nk
from neuronkit import _compiled

from accuracy import CASE_IDS, CASES, DTYPES, bound, errors, grid
from mpref import REFERENCES

GRIDS = {dt: grid(dt) for dt in DTYPES}


def _report(err, x):
    i = int(np.argmax(err))
    return f"worst {err[i]:.3g} ULP at x = {x[i]!r}"


@pytest.fixture(params=["compiled", "numpy"])
def path(request):
    """Run a test on the compiled kernels and on the NumPy kernels."""
    if request.param == "compiled" and not _compiled.available():
        pytest.skip("the compiled kernels are not built (or NEURONKIT_PURE is set)")
    old = _compiled.set_enabled(request.param == "compiled")
    yield request.param
    _compiled.set_enabled(old)


@pytest.mark.parametrize("dtype", DTYPES, ids=["float32", "float64"])
@pytest.mark.parametrize("which", [0, 1], ids=["forward", "derivative"])
@pytest.mark.parametrize("case", CASES, ids=CASE_IDS)
def test_grid_accuracy(case, which, dtype, path):
    case_id, name, params = case
    x = GRIDS[dtype]
    err = errors(name, params, which, dtype, x)
    assert err.max() <= bound(case_id, which, dtype), _report(err, x)


@pytest.mark.parametrize("dtype", DTYPES, ids=["float32", "float64"])
@pytest.mark.parametrize("case", CASES, ids=CASE_IDS)
def test_random_accuracy(case, dtype, path):
    """hypothesis-drawn floats over the whole range, forward and derivative together."""
    case_id, name, params = case
    width = 32 if dtype == np.float32 else 64

    @settings(max_examples=40, deadline=None, derandomize=True,
              suppress_health_check=[HealthCheck.too_slow])
    @given(st.one_of(
        st.floats(width=width, allow_nan=False, allow_infinity=False),
        st.floats(min_value=-50, max_value=50, width=width),
    ))
    def check(v):
        x = np.array([v], dtype=dtype)
        for which in (0, 1):
            err = errors(name, params, which, dtype, x)
            assert err[0] <= bound(case_id, which, dtype), (which, v, err[0])

    check()


SMOOTH_POINTS = np.array([-7.3, -3.1, -1.7, -0.9, -0.33, 0.21, 0.77, 1.45, 2.6, 4.9])


@pytest.mark.parametrize("case", CASES, ids=CASE_IDS)
def test_reference_derivative_is_the_derivative(case):
    """The mpmath derivative formulas agree with mpmath's numerical differentiation."""
    _, name, params = case
    f = nk.activation(name, **params)
    kinks = f.properties.kinks
    fwd, der = REFERENCES[name]
    mparams = {k: (mp.mpf(v) if isinstance(v, float) else v) for k, v in f.params.items()}
    for x in SMOOTH_POINTS:
        if any(abs(x - k) < 1e-3 for k in kinks):
            continue
        with mp.workdps(50):
            fd = mp.diff(lambda t: fwd(t, **mparams), mp.mpf(x))
            assert abs(fd - der(mp.mpf(x), **mparams)) < mp.mpf(10) ** -30, (name, x)


@pytest.mark.parametrize("case", CASES, ids=CASE_IDS)
def test_derivative_matches_finite_difference_of_forward(case):
    """neuronkit's derivative vs a central difference of neuronkit's own forward (float64)."""
    _, name, params = case
    f = nk.activation(name, **params)
    x = SMOOTH_POINTS[[all(abs(p - k) > 1e-3 for k in f.properties.kinks) for p in SMOOTH_POINTS]]
    h = 1e-6 * np.maximum(1.0, np.abs(x))
    fd = (f(x + h) - f(x - h)) / (2 * h)
    np.testing.assert_allclose(f.derivative(x), fd, rtol=1e-6, atol=1e-9)
