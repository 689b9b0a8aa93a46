r"""Datasets: logic-gate truth tables, XOR, two moons (``moons``), circles, spirals, blobs, digits.

Every generator returns ``(X, y)``: ``X`` a float64 array of shape ``(n, d)`` and ``y``
an int64 array of labels of shape ``(n,)``.  Random ones take ``seed=`` (or an
``rng``) and the same seed gives the same data; their samples come shuffled.
:func:`load_digits` reads scikit-learn's bundled copy of the UCI handwritten digits
(no network access), an optional extra: ``pip install 'neuronkit[digits]'``.

Examples
--------
>>> from neuronkit import datasets
>>> X, y = datasets.logic_gate("xor")
>>> X.tolist(), y.tolist()
([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]], [0, 1, 1, 0])
"""

from __future__ import annotations

import math
import operator

import numpy as np

from .errors import DataError, ParameterError, ShapeError, unknown_name
from .neurons import GATES, gate_inputs, truth_table_inputs

__all__ = [
    "GATES", "logic_gate", "truth_table_inputs", "xor", "two_moons", "moons", "circles",
    "spirals", "blobs", "load_digits", "train_test_split",
]

def _size(name: str, value, minimum: int = 1) -> int:
    try:
        value = operator.index(value)
    except TypeError:
        raise ParameterError(f"{name} must be an integer >= {minimum}, got {value!r}") from None
    if value < minimum:
        raise ParameterError(f"{name} must be an integer >= {minimum}, got {value!r}")
    return value


def _noise(value) -> float:
    ok = not isinstance(value, bool) and isinstance(value, (int, float, np.integer, np.floating))
    if not ok or not math.isfinite(float(value)) or float(value) < 0:
        raise ParameterError(f"noise must be a finite number >= 0, got {value!r}")
    return float(value)


def _rng(seed, rng) -> np.random.Generator:
    if rng is not None:
        if seed is not None:
            raise ParameterError("give either seed or rng, not both")
        return rng
    return np.random.default_rng(seed)


def _shuffled(X, y, rng):
    perm = rng.permutation(len(y))
    return X[perm], y[perm]


def logic_gate(name: str, n_inputs: int | None = None):
    """The truth table of a logic gate: and, or, nand, nor, xor, xnor (any number of
    inputs >= 2, default 2) or not (one input).

    >>> X, y = logic_gate("nand")
    >>> y.tolist()
    [1, 1, 1, 0]
    >>> logic_gate("not")[1].tolist()
    [1, 0]
    """
    key = name.strip().lower() if isinstance(name, str) else name
    if key not in GATES:
        raise unknown_name("logic gate", name, GATES)
    X = truth_table_inputs(gate_inputs(key, n_inputs))
    y = np.array([GATES[key](tuple(int(v) for v in row)) for row in X], dtype=np.int64)
    return X, y


def xor(n_samples: int | None = None, noise: float = 0.0, *, seed=None, rng=None):
    """XOR: the 4-row truth table, or *n_samples* points around the four corners.

    With *n_samples*, each point is a corner of the unit square chosen at random plus
    Gaussian noise of standard deviation *noise*; its label is the XOR of the corner.

    >>> X, y = xor(8, noise=0.1, seed=0)
    >>> X.shape, sorted(set(y.tolist()))
    ((8, 2), [0, 1])
    """
    if n_samples is None:
        return logic_gate("xor")
    n = _size("n_samples", n_samples)
    g = _rng(seed, rng)
    corners = g.integers(0, 2, size=(n, 2))
    X = corners + _noise(noise) * g.standard_normal((n, 2))
    return X.astype(np.float64), (corners[:, 0] ^ corners[:, 1]).astype(np.int64)


def two_moons(n_samples: int = 200, noise: float = 0.1, *, seed=None, rng=None):
    r"""Two interleaving half circles (scikit-learn's ``make_moons`` shape).

    Class 0: :math:`(\cos t, \sin t)`; class 1: :math:`(1 - \cos t, \tfrac12 - \sin t)`,
    :math:`t \in [0, \pi]`, plus Gaussian noise of standard deviation *noise*.

    >>> X, y = two_moons(100, noise=0.2, seed=0)
    >>> X.shape, int(y.sum())
    ((100, 2), 50)
    """
    n = _size("n_samples", n_samples, 2)
    g = _rng(seed, rng)
    n0 = n // 2
    n1 = n - n0
    t0 = np.linspace(0.0, math.pi, n0)
    t1 = np.linspace(0.0, math.pi, n1)
    X = np.concatenate([np.column_stack([np.cos(t0), np.sin(t0)]),
                        np.column_stack([1.0 - np.cos(t1), 0.5 - np.sin(t1)])])
    y = np.repeat(np.array([0, 1], dtype=np.int64), [n0, n1])
    X = X + _noise(noise) * g.standard_normal(X.shape)
    return _shuffled(X, y, g)


moons = two_moons
"""Another name of :func:`two_moons` (the name ``neuronkit train --data`` and the
explorer use)."""


def circles(n_samples: int = 200, noise: float = 0.05, factor: float = 0.5, *, seed=None,
            rng=None):
    """Two concentric circles: class 0 of radius 1, class 1 of radius *factor* (< 1).

    >>> X, y = circles(10, noise=0.0, factor=0.5, seed=0)
    >>> np.round(np.hypot(X[:, 0], X[:, 1]), 6)[y == 1].tolist()
    [0.5, 0.5, 0.5, 0.5, 0.5]
    """
    n = _size("n_samples", n_samples, 2)
    if not isinstance(factor, (int, float)) or not 0.0 < factor < 1.0:
        raise ParameterError(f"factor must be in (0, 1), got {factor!r}")
    g = _rng(seed, rng)
    n0 = n // 2
    n1 = n - n0
    t0 = np.linspace(0.0, 2 * math.pi, n0, endpoint=False)
    t1 = np.linspace(0.0, 2 * math.pi, n1, endpoint=False)
    X = np.concatenate([np.column_stack([np.cos(t0), np.sin(t0)]),
                        factor * np.column_stack([np.cos(t1), np.sin(t1)])])
    y = np.repeat(np.array([0, 1], dtype=np.int64), [n0, n1])
    X = X + _noise(noise) * g.standard_normal(X.shape)
    return _shuffled(X, y, g)


def spirals(n_samples: int = 300, arms: int = 3, noise: float = 0.05, turns: float = 1.0, *,
            seed=None, rng=None):
    r"""*arms* interleaved spirals, one class per arm.

    Arm :math:`j` is :math:`r(\cos\phi, \sin\phi)` with :math:`r \in [0.1, 1]` evenly
    spaced and :math:`\phi = 2\pi(\text{turns}\cdot r + j/\text{arms})`, plus Gaussian
    noise of standard deviation *noise* in each coordinate.

    >>> X, y = spirals(90, arms=3, seed=0)
    >>> X.shape, np.bincount(y).tolist()
    ((90, 2), [30, 30, 30])
    """
    n = _size("n_samples", n_samples, 2)
    arms = _size("arms", arms, 2)
    if not isinstance(turns, (int, float)) or not 0 < turns < 100:
        raise ParameterError(f"turns must be a number in (0, 100), got {turns!r}")
    g = _rng(seed, rng)
    counts = [n // arms + (1 if j < n % arms else 0) for j in range(arms)]
    parts = []
    for j, m in enumerate(counts):
        r = np.linspace(0.1, 1.0, m)
        phi = 2 * math.pi * (turns * r + j / arms)
        parts.append(np.column_stack([r * np.cos(phi), r * np.sin(phi)]))
    X = np.concatenate(parts)
    y = np.repeat(np.arange(arms, dtype=np.int64), counts)
    X = X + _noise(noise) * g.standard_normal(X.shape)
    return _shuffled(X, y, g)


def blobs(n_samples: int = 300, centers=3, n_features: int = 2, cluster_std: float = 1.0,
          center_box: tuple[float, float] = (-10.0, 10.0), *, seed=None, rng=None):
    """Isotropic Gaussian blobs, one class per center.

    *centers* is a number of centers (drawn uniformly in *center_box*) or an array of
    shape ``(k, n_features)``.

    >>> X, y = blobs(60, centers=[[0, 0], [5, 5]], cluster_std=0.5, seed=0)
    >>> X.shape, np.bincount(y).tolist()
    ((60, 2), [30, 30])
    """
    n = _size("n_samples", n_samples)
    g = _rng(seed, rng)
    if isinstance(centers, (int, np.integer)):
        k = _size("centers", centers)
        d = _size("n_features", n_features)
        lo, hi = center_box
        C = g.uniform(lo, hi, size=(k, d))
    else:
        C = np.asarray(centers, dtype=np.float64)
        if C.ndim != 2 or C.shape[0] < 1:
            raise ShapeError(f"centers must be an int or an array (k, d); got shape {C.shape}")
        k = C.shape[0]
    counts = [n // k + (1 if j < n % k else 0) for j in range(k)]
    y = np.repeat(np.arange(k, dtype=np.int64), counts)
    X = C[y] + _noise(cluster_std) * g.standard_normal((n, C.shape[1]))
    return _shuffled(X, y, g)


def load_digits(scale: bool = True):
    """scikit-learn's bundled handwritten digits: 1797 images of 8x8 pixels, 10 classes.

    Read from the installed scikit-learn package (no download).  With *scale*, pixel
    values 0..16 become 0..1.  Needs the optional extra ``neuronkit[digits]``.

    >>> X, y = load_digits()
    >>> X.shape, y.shape
    ((1797, 64), (1797,))
    """
    try:
        from sklearn.datasets import load_digits as _sk_load_digits
    except ImportError:
        raise ImportError(
            "load_digits needs scikit-learn, which ships the digits data: install the "
            "optional extra with  pip install 'neuronkit[digits]'"
        ) from None
    bunch = _sk_load_digits()
    X = np.asarray(bunch.data, dtype=np.float64)
    if scale:
        X = X / 16.0
    return X, np.asarray(bunch.target, dtype=np.int64)


def train_test_split(X, y, test_size: float = 0.25, *, seed=None, stratify: bool = False):
    """Split (X, y) at random into ``X_train, X_test, y_train, y_test``.

    With *stratify*, each label keeps its share in both parts.

    >>> X, y = blobs(40, centers=2, seed=0)
    >>> Xtr, Xte, ytr, yte = train_test_split(X, y, test_size=0.25, seed=0, stratify=True)
    >>> len(Xtr), len(Xte), np.bincount(yte).tolist()
    (30, 10, [5, 5])
    """
    X = np.asarray(X)
    y = np.asarray(y)
    if len(X) != len(y):
        raise ShapeError(f"X and y must have the same number of samples; got X of shape "
                         f"{X.shape} and y of shape {y.shape}")
    n = len(X)
    if not 0.0 < test_size < 1.0:
        raise ParameterError(f"test_size must be in (0, 1), got {test_size!r}")
    g = np.random.default_rng(seed)
    if stratify:
        test_idx = []
        for label in np.unique(y):
            idx = g.permutation(np.flatnonzero(y == label))
            test_idx.append(idx[:int(round(test_size * len(idx)))])
        test = np.sort(np.concatenate(test_idx))
        mask = np.zeros(n, dtype=bool)
        mask[test] = True
        train = g.permutation(np.flatnonzero(~mask))
        test = g.permutation(test)
    else:
        perm = g.permutation(n)
        n_test = int(round(test_size * n))
        test, train = perm[:n_test], perm[n_test:]
    if len(test) == 0 or len(train) == 0:
        raise DataError(f"test_size={test_size} leaves an empty part out of {n} samples")
    return X[train], X[test], y[train], y[test]
