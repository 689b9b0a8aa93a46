"""Losses: values against independent references, gradients against finite differences,
stability from logits, the registry and target checks."""

from __future__ import annotations

import mpmath as mp
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from neuronkit import losses
from neuronkit.errors import DataError, ShapeError, UnknownNameError

# the references run at 50 digits inside their own functions: setting mpmath's global
# precision here, at import, once changed it for every test module collected with this one
REFERENCE_DIGITS = 50


def _fd(f, x, h=1e-6):
    """Central finite differences of the scalar f at every entry of x."""
    g = np.zeros_like(x)
    for i in np.ndindex(x.shape):
        xp, xm = x.copy(), x.copy()
        xp[i] += h
        xm[i] -= h
        g[i] = (f(xp) - f(xm)) / (2 * h)
    return g


@mp.workdps(REFERENCE_DIGITS)
def _bce_ref(z, y):
    # -log sigma(z) = log(1 + e^-z) for y = 1, -log(1 - sigma(z)) = log(1 + e^z) for y = 0
    z = mp.mpf(float(z))
    return float(mp.log1p(mp.exp(-z)) if y == 1 else mp.log1p(mp.exp(z)))


@mp.workdps(REFERENCE_DIGITS)
def _ce_ref(row, k):
    row = [mp.mpf(float(v)) for v in row]
    return float(mp.log(mp.fsum(mp.exp(v) for v in row)) - row[k])


def test_mse_value_and_gradient():
    out = np.array([[1.0, 2.0], [3.0, -1.0]])
    y = np.array([[0.0, 2.0], [1.0, 1.0]])
    value, grad = losses.mean_squared_error(out, y)
    assert value == pytest.approx((1 + 0 + 4 + 4) / 4)
    np.testing.assert_allclose(grad, _fd(lambda o: losses.mean_squared_error(o, y)[0], out),
                               rtol=1e-8)


@pytest.mark.parametrize("z", [-800.0, -40.0, -3.0, -1e-8, 0.0, 2.5, 37.0, 800.0])
@pytest.mark.parametrize("y", [0.0, 1.0])
def test_bce_from_logits_matches_high_precision_everywhere(z, y):
    with np.errstate(all="raise"):
        value, grad = losses.binary_cross_entropy_with_logits(np.array([[z]]), np.array([[y]]))
    assert value == pytest.approx(_bce_ref(z, y), rel=1e-14, abs=1e-300)
    with mp.workdps(REFERENCE_DIGITS):
        dz = float(1 / (1 + mp.exp(-mp.mpf(z))) - y)
    assert grad[0, 0] == pytest.approx(dz, rel=1e-14, abs=1e-300)


def test_bce_gradient_matches_finite_differences():
    rng = np.random.default_rng(0)
    z = rng.normal(size=(5, 2)) * 3
    y = rng.integers(0, 2, size=(5, 2)).astype(float)
    _, grad = losses.binary_cross_entropy_with_logits(z, y)
    fd = _fd(lambda t: losses.binary_cross_entropy_with_logits(t, y)[0], z)
    np.testing.assert_allclose(grad, fd, rtol=1e-7, atol=1e-10)


def test_bce_from_probabilities():
    p = np.array([[0.2], [0.9]])
    y = np.array([[0.0], [1.0]])
    value, grad = losses.binary_cross_entropy(p, y)
    assert value == pytest.approx(-(np.log(0.8) + np.log(0.9)) / 2)
    fd = _fd(lambda t: losses.binary_cross_entropy(t, y)[0], p)
    np.testing.assert_allclose(grad, fd, rtol=1e-6)
    with np.errstate(all="raise"):  # saturated probabilities are clipped, not log(0)
        value, _ = losses.binary_cross_entropy(np.array([[0.0], [1.0]]), np.array([[1.0], [0.0]]))
    assert np.isfinite(value)


@pytest.mark.parametrize("scale", [1.0, 30.0, 1e4, 1e150])
def test_softmax_cross_entropy_is_stable_and_exact(scale):
    rng = np.random.default_rng(1)
    z = rng.normal(size=(4, 3)) * scale
    labels = np.array([0, 2, 1, 2])
    onehot = np.eye(3)[labels]
    with np.errstate(all="raise"):
        value, grad = losses.softmax_cross_entropy(z, onehot)
    ref = np.mean([_ce_ref(z[i], labels[i]) for i in range(4)])
    assert value == pytest.approx(ref, rel=1e-13)
    np.testing.assert_allclose(grad.sum(axis=1), 0.0, atol=1e-16)
    assert np.all(np.abs(grad) <= 1.0 / 4 + 1e-16)


def test_softmax_cross_entropy_gradient_and_shift_invariance():
    rng = np.random.default_rng(2)
    z = rng.normal(size=(3, 4))
    onehot = np.eye(4)[[3, 0, 1]]
    value, grad = losses.softmax_cross_entropy(z, onehot)
    fd = _fd(lambda t: losses.softmax_cross_entropy(t, onehot)[0], z)
    np.testing.assert_allclose(grad, fd, rtol=1e-7, atol=1e-10)
    shifted, _ = losses.softmax_cross_entropy(z + 1000.0, onehot)
    assert shifted == pytest.approx(value, rel=1e-12)


@settings(max_examples=60, deadline=None)
@given(arrays(np.float64, (3, 4), elements=st.floats(-700, 700)))
def test_softmax_rows_are_distributions(z):
    with np.errstate(all="raise"):
        p = losses.softmax(z)
        logp = losses.log_softmax(z)
    np.testing.assert_allclose(p.sum(axis=1), 1.0, rtol=1e-14)
    assert np.all(p >= 0) and np.all(np.isfinite(logp)) and np.all(logp <= 0)


def test_sigmoid_no_overflow():
    with np.errstate(all="raise"):
        s = losses.sigmoid(np.array([-1e308, -745.0, 0.0, 745.0, 1e308]))
    assert s[0] == 0.0 and s[2] == 0.5 and s[-1] == 1.0


def test_weight_penalty():
    w = [np.array([[1.0, -2.0]]), np.array([3.0])]
    assert losses.weight_penalty(w, l1=0.5) == pytest.approx(3.0)
    assert losses.weight_penalty(w, l2=2.0) == pytest.approx(14.0)
    assert losses.weight_penalty(w) == 0.0


def test_registry_names_and_aliases():
    assert losses.loss_names() == ["binary_cross_entropy", "cross_entropy", "mse"]
    assert losses.loss("BCE") is losses.LOSSES["binary_cross_entropy"]
    assert losses.loss("softmax_cross_entropy").name == "cross_entropy"
    assert losses.loss(losses.LOSSES["mse"]).name == "mse"
    with pytest.raises(UnknownNameError, match="did you mean 'mse'"):
        losses.loss("msee")
    with pytest.raises(UnknownNameError):
        losses.loss(3)


def test_targets_checks():
    ce = losses.loss("cross_entropy")
    np.testing.assert_array_equal(ce.targets([2, 0], 3), [[0, 0, 1], [1, 0, 0]])
    with pytest.raises(DataError, match="0..2"):
        ce.targets([0, 3], 3)
    with pytest.raises(DataError):
        ce.targets([0, 1.5], 3)
    with pytest.raises(DataError):
        ce.targets([-1, 0], 3)
    with pytest.raises(ShapeError):
        ce.targets([[0, 1], [1, 0]], 3)
    with pytest.raises(ShapeError, match="at least 2 outputs"):
        ce.targets([0, 1], 1)
    bce = losses.loss("binary_cross_entropy")
    assert bce.targets([0, 1], 1).shape == (2, 1)
    with pytest.raises(DataError, match="0 or 1"):
        bce.targets([0, 2], 1)
    with pytest.raises(DataError, match="NaN or inf"):
        bce.targets([0, np.nan], 1)
    mse = losses.loss("mse")
    with pytest.raises(ShapeError, match=r"\(n, 2\)"):
        mse.targets([1.0, 2.0], 2)
    with pytest.raises(DataError, match="index 1"):
        mse.targets([1.0, np.inf], 1)


# -- dtype ------------------------------------------------------------------------------

@pytest.mark.parametrize("fn", [losses.mean_squared_error, losses.binary_cross_entropy,
                                losses.binary_cross_entropy_with_logits,
                                losses.softmax_cross_entropy])
def test_losses_keep_float32_and_sum_the_value_in_float64(fn):
    rng = np.random.default_rng(0)
    out = rng.uniform(0.01, 0.99, size=(300, 3))
    target = np.zeros((300, 3))
    target[np.arange(300), rng.integers(0, 3, 300)] = 1.0
    v32, g32 = fn(out.astype(np.float32), target.astype(np.float32))
    v64, g64 = fn(out.astype(np.float32).astype(np.float64), target)
    assert g32.dtype == np.float32 and g64.dtype == np.float64
    assert isinstance(v32, float)
    assert v32 == pytest.approx(v64, rel=1e-6)  # a float32 sum would be off by ~1e-5
    np.testing.assert_allclose(g32, g64, rtol=1e-5, atol=1e-9)


def test_binary_cross_entropy_of_float32_probabilities_of_one_is_finite():
    p = np.array([[1.0, 0.0]], dtype=np.float32)
    value, grad = losses.binary_cross_entropy(p, np.array([[0.0, 1.0]], dtype=np.float32))
    assert np.isfinite(value) and np.isfinite(grad).all() and grad.dtype == np.float32
    assert value == pytest.approx(-np.log(2.0**-24), rel=1e-6)  # clipped at 2^-24
