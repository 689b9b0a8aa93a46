"""The compiled kernels against the NumPy kernels (both are checked against mpmath in
test_accuracy.py); and the switch between them."""

from __future__ import annotations

import numpy as np
import pytest

import neuronkit as nk
from neuronkit import _compiled

from accuracy import CASE_IDS, CASES

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
    eps = float(np.finfo(dtype).eps)
    for i, (a, b) in enumerate(zip(fast, slow, strict=True)):
        assert a.dtype == dtype
        np.testing.assert_array_equal(np.isnan(a), np.isnan(b))
        both = np.isfinite(a) & np.isfinite(b)
        np.testing.assert_array_equal(a[~both & ~np.isnan(a)], b[~both & ~np.isnan(b)])
        # each path is within the bound of the exact value, so within 2 bounds of each
        # other; near the interior root of a gated function's derivative, within 2 x 2 eps
        diff = np.abs(a[both].astype(np.float64) - b[both])
        spacing = np.spacing(np.maximum(np.abs(a[both]), np.finfo(dtype).tiny).astype(dtype))
        tol = (2 if dtype == np.float32 else 8) * spacing.astype(np.float64)
        if name in ("swish", "gelu", "mish") and i in (1, 3):
            tol = np.maximum(tol, 4 * eps)
        assert np.all(diff <= tol), (name, i, x[both][np.argmax(diff - tol)])


def test_float32_is_rounded_once_from_float64():
    """Compiled float32 = float64 evaluation rounded once (as the NumPy path does)."""
    x = np.linspace(-30, 30, 10001).astype(np.float32)
    for name in nk.activation_names():
        f = nk.activation(name)
        np.testing.assert_array_equal(f(x), f(x.astype(np.float64)).astype(np.float32))


def test_switch():
    old = _compiled.set_enabled(False)
    try:
        assert not _compiled.available()
    finally:
        _compiled.set_enabled(old)
    assert _compiled.available() == old
