"""Datasets: truth tables, generated 2-D problems (geometry, seeds, sizes), digits, splits."""

from __future__ import annotations

import sys

import numpy as np
import pytest

from neuronkit import datasets
from neuronkit.errors import ParameterError, ShapeError, UnknownNameError

GENERATORS = [
    lambda n, s: datasets.xor(n, noise=0.1, seed=s),
    lambda n, s: datasets.two_moons(n, noise=0.2, seed=s),
    lambda n, s: datasets.circles(n, noise=0.05, seed=s),
    lambda n, s: datasets.spirals(n, arms=3, seed=s),
    lambda n, s: datasets.blobs(n, centers=4, seed=s),
]


@pytest.mark.parametrize("gen", GENERATORS)
def test_shapes_dtypes_and_seeds(gen):
    X, y = gen(60, 0)
    assert X.shape == (60, 2) and X.dtype == np.float64
    assert y.shape == (60,) and y.dtype == np.int64
    X2, y2 = gen(60, 0)
    np.testing.assert_array_equal(X, X2)
    np.testing.assert_array_equal(y, y2)
    X3, _ = gen(60, 1)
    assert not np.array_equal(X, X3)
    assert np.isfinite(X).all()


@pytest.mark.parametrize("name,table", [
    ("and", [0, 0, 0, 1]), ("or", [0, 1, 1, 1]), ("nand", [1, 1, 1, 0]),
    ("nor", [1, 0, 0, 0]), ("xor", [0, 1, 1, 0]), ("xnor", [1, 0, 0, 1]),
])
def test_logic_gates(name, table):
    X, y = datasets.logic_gate(name)
    assert X.tolist() == [[0, 0], [0, 1], [1, 0], [1, 1]]
    assert y.tolist() == table


def test_logic_gates_more_inputs_and_errors():
    X, y = datasets.logic_gate("xor", n_inputs=3)
    assert X.shape == (8, 3) and y.tolist() == (X.sum(1) % 2).astype(int).tolist()
    assert datasets.logic_gate("not")[0].shape == (2, 1)
    with pytest.raises(UnknownNameError, match="did you mean 'xor'"):
        datasets.logic_gate("xorr")
    with pytest.raises(ParameterError):
        datasets.logic_gate("and", n_inputs=1)
    X, y = datasets.xor()
    assert y.tolist() == [0, 1, 1, 0]


def test_noiseless_geometry():
    X, y = datasets.two_moons(50, noise=0.0, seed=0)
    upper = X[y == 0]
    np.testing.assert_allclose(np.hypot(upper[:, 0], upper[:, 1]), 1.0, rtol=1e-14)
    lower = X[y == 1]
    np.testing.assert_allclose(np.hypot(lower[:, 0] - 1, lower[:, 1] - 0.5), 1.0, rtol=1e-14)
    X, y = datasets.circles(40, noise=0.0, factor=0.3, seed=0)
    r = np.hypot(X[:, 0], X[:, 1])
    np.testing.assert_allclose(r[y == 0], 1.0, rtol=1e-14)
    np.testing.assert_allclose(r[y == 1], 0.3, rtol=1e-14)
    X, y = datasets.spirals(60, arms=3, noise=0.0, turns=1.0, seed=0)
    r = np.hypot(X[:, 0], X[:, 1])
    phi = np.arctan2(X[:, 1], X[:, 0])
    expected = 2 * np.pi * (r + y / 3)
    np.testing.assert_allclose(np.angle(np.exp(1j * (phi - expected))), 0.0, atol=1e-12)
    X, y = datasets.xor(20, noise=0.0, seed=0)
    assert set(map(tuple, X.tolist())) <= {(0, 0), (0, 1), (1, 0), (1, 1)}
    assert (y == (X[:, 0] != X[:, 1])).all()


def test_noise_scales_the_spread():
    X, y = datasets.blobs(4000, centers=[[0.0, 0.0], [10.0, 10.0]], cluster_std=0.5, seed=0)
    assert X[y == 0].std(axis=0) == pytest.approx([0.5, 0.5], rel=0.05)
    assert X[y == 1].mean(axis=0) == pytest.approx([10, 10], abs=0.05)
    X, y = datasets.blobs(300, centers=3, n_features=5, seed=0)
    assert X.shape == (300, 5) and np.bincount(y).tolist() == [100, 100, 100]


def test_class_balance_and_arms():
    assert np.bincount(datasets.two_moons(101, seed=0)[1]).tolist() == [50, 51]
    assert np.bincount(datasets.spirals(100, arms=4, seed=0)[1]).tolist() == [25] * 4
    assert np.bincount(datasets.spirals(10, arms=3, seed=0)[1]).tolist() == [4, 3, 3]


@pytest.mark.parametrize("call", [
    lambda: datasets.two_moons(0),
    lambda: datasets.two_moons(10, noise=-1.0),
    lambda: datasets.circles(10, factor=1.5),
    lambda: datasets.spirals(10, arms=1),
    lambda: datasets.spirals(10, turns=0),
    lambda: datasets.blobs(10, centers=0),
    lambda: datasets.xor(10, noise=float("nan")),
    lambda: datasets.two_moons(10, seed=1, rng=np.random.default_rng(1)),
])
def test_bad_parameters(call):
    with pytest.raises(ParameterError):
        call()


def test_rng_argument():
    a = datasets.two_moons(30, rng=np.random.default_rng(5))
    b = datasets.two_moons(30, seed=5)
    np.testing.assert_array_equal(a[0], b[0])


def test_train_test_split():
    X, y = datasets.blobs(103, centers=3, seed=0)
    Xtr, Xte, ytr, yte = datasets.train_test_split(X, y, test_size=0.2, seed=0, stratify=True)
    assert len(Xtr) + len(Xte) == 103
    rows = {tuple(r) for r in Xtr} | {tuple(r) for r in Xte}
    assert len(rows) == 103
    assert abs(np.bincount(yte) - 0.2 * np.bincount(y)).max() <= 0.5
    Xtr2, *_ = datasets.train_test_split(X, y, test_size=0.2, seed=0, stratify=True)
    np.testing.assert_array_equal(Xtr, Xtr2)
    _, Xte3, _, _ = datasets.train_test_split(X, y, test_size=0.3, seed=1)
    assert len(Xte3) == 31
    with pytest.raises(ShapeError):
        datasets.train_test_split(X, y[:-1])
    with pytest.raises(ParameterError):
        datasets.train_test_split(X, y, test_size=1.0)


def test_load_digits():
    pytest.importorskip("sklearn", reason="load_digits needs the neuronkit[digits] extra")
    X, y = datasets.load_digits()
    assert X.shape == (1797, 64) and y.shape == (1797,)
    assert X.min() == 0.0 and X.max() == 1.0
    assert sorted(set(y.tolist())) == list(range(10))
    raw, _ = datasets.load_digits(scale=False)
    assert raw.max() == 16.0


def test_load_digits_without_scikit_learn_names_the_extra(monkeypatch):
    monkeypatch.setitem(sys.modules, "sklearn.datasets", None)
    with pytest.raises(ImportError, match=r"neuronkit\[digits\]"):
        datasets.load_digits()
