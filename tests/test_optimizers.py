"""Optimizers: update rules against hand-written references, convergence, bad parameters."""

from __future__ import annotations

import math

import numpy as np
import pytest

from neuronkit import optimizers
from neuronkit.errors import ParameterError, UnknownNameError


def _grads(seed=0, steps=6, shape=(3, 2)):
    rng = np.random.default_rng(seed)
    return [rng.normal(size=shape) for _ in range(steps)]


def test_sgd_rule():
    w = np.array([1.0, 2.0])
    opt = optimizers.SGD(0.1)
    opt.step([w], [np.array([10.0, -10.0])])
    np.testing.assert_allclose(w, [0.0, 3.0], atol=1e-15)


@pytest.mark.parametrize("nesterov", [False, True])
def test_momentum_rule(nesterov):
    lr, mu = 0.05, 0.8
    w = np.zeros((3, 2))
    ref = np.zeros((3, 2))
    v = np.zeros((3, 2))
    opt = optimizers.Momentum(lr, momentum=mu, nesterov=nesterov)
    for g in _grads():
        opt.step([w], [g])
        v = mu * v + g
        ref = ref - lr * ((g + mu * v) if nesterov else v)
    np.testing.assert_allclose(w, ref, rtol=1e-13, atol=1e-15)


def test_adam_rule_matches_the_paper():
    lr, b1, b2, eps = 0.01, 0.9, 0.999, 1e-8
    w = np.ones((3, 2))
    ref = np.ones((3, 2))
    m = np.zeros((3, 2))
    v = np.zeros((3, 2))
    opt = optimizers.Adam(lr, beta1=b1, beta2=b2, eps=eps)
    for t, g in enumerate(_grads(seed=1, steps=10), start=1):
        opt.step([w], [g])
        m = b1 * m + (1 - b1) * g
        v = b2 * v + (1 - b2) * g * g
        m_hat = m / (1 - b1**t)
        v_hat = v / (1 - b2**t)
        ref = ref - lr * m_hat / (np.sqrt(v_hat) + eps)
    np.testing.assert_allclose(w, ref, rtol=1e-12)
    assert opt.t == 10
    opt.reset()
    assert opt.t == 0


@pytest.mark.parametrize("name,lr,steps", [("sgd", 0.1, 300), ("momentum", 0.02, 300),
                                           ("adam", 0.05, 600)])
def test_each_optimizer_minimizes_a_quadratic(name, lr, steps):
    rng = np.random.default_rng(3)
    A = rng.normal(size=(6, 3))
    b = rng.normal(size=6)
    w_star = np.linalg.lstsq(A, b, rcond=None)[0]
    w = np.zeros(3)
    opt = optimizers.optimizer(name, learning_rate=lr)
    for _ in range(steps):
        opt.step([w], [A.T @ (A @ w - b) / 6 * 2])
    np.testing.assert_allclose(w, w_star, atol=1e-3)


def test_state_is_per_array():
    a, b = np.zeros(2), np.zeros(3)
    opt = optimizers.Adam(0.1)
    opt.step([a, b], [np.ones(2), -np.ones(3)])
    np.testing.assert_allclose(a, -0.1)
    np.testing.assert_allclose(b, 0.1)


@pytest.mark.parametrize("bad", [0, 0.0, -0.1, math.nan, math.inf, "0.1", True, None])
def test_bad_learning_rate(bad):
    with pytest.raises(ParameterError, match="learning_rate"):
        optimizers.SGD(bad)


def test_bad_hyperparameters():
    with pytest.raises(ParameterError, match="momentum"):
        optimizers.Momentum(0.1, momentum=1.0)
    with pytest.raises(ParameterError, match="beta2"):
        optimizers.Adam(0.1, beta2=1.0)
    with pytest.raises(ParameterError, match="eps"):
        optimizers.Adam(0.1, eps=0)
    with pytest.raises(ParameterError):
        optimizers.optimizer("adam", betta1=0.5)


def test_registry_and_objects():
    assert optimizers.optimizer_names() == ["adam", "momentum", "sgd"]
    assert isinstance(optimizers.optimizer("momentum"), optimizers.Momentum)
    assert optimizers.optimizer("adam").learning_rate == 0.001
    opt = optimizers.Adam(0.01)
    assert optimizers.optimizer(opt) is opt
    assert optimizers.optimizer(opt, 0.01) is opt
    with pytest.raises(ParameterError, match="differs"):
        optimizers.optimizer(opt, 0.1)
    with pytest.raises(UnknownNameError, match="choose one of: adam, momentum, sgd"):
        optimizers.optimizer("rmsprop")
    assert repr(optimizers.SGD(0.5)) == "SGD(learning_rate=0.5)"


@pytest.mark.parametrize("name", ["sgd", "momentum", "adam"])
def test_state_and_updates_stay_in_the_parameters_dtype(name):
    opt = optimizers.optimizer(name, 0.1)
    w = np.array([1.0, -2.0, 3.0], dtype=np.float32)
    for _ in range(3):
        opt.step([w], [np.array([0.5, -0.25, 1.0], dtype=np.float32)])
    assert w.dtype == np.float32
    assert all(s.dtype == np.float32 for s in opt.state())
    w64 = np.array([1.0, -2.0, 3.0])
    ref = optimizers.optimizer(name, 0.1)
    for _ in range(3):
        ref.step([w64], [np.array([0.5, -0.25, 1.0])])
    np.testing.assert_allclose(w, w64, rtol=1e-6)


def test_state_that_no_longer_fits_starts_afresh():
    opt = optimizers.Adam(0.1)
    opt.step([np.zeros(3)], [np.ones(3)])
    w = np.zeros(3, dtype=np.float32)
    opt.step([w], [np.ones(3, dtype=np.float32)])  # another dtype: fresh state, t = 1
    assert opt.t == 1 and all(s.dtype == np.float32 for s in opt.state())
    np.testing.assert_allclose(w, -0.1, rtol=1e-6)
    opt.step([np.zeros(4, np.float32)], [np.ones(4, np.float32)])  # another shape
    assert opt.t == 1 and opt.state()[0].shape == (4,)
    mom = optimizers.Momentum(0.1)
    mom.step([np.zeros(2)], [np.ones(2)])
    mom.step([np.zeros(5, np.float32)], [np.ones(5, np.float32)])
    assert mom.state()[0].shape == (5,) and mom.state()[0].dtype == np.float32
