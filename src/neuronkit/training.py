r"""Training: the mini-batch loop (:func:`fit`), its :class:`History`, and :func:`gradcheck`.

:func:`fit` minimizes the mean loss over the training set plus an optional weight
penalty,

.. math:: J(\theta) = \frac{1}{n}\sum_{i=1}^n \ell\bigl(f_\theta(x_i), y_i\bigr)
          + \lambda_1 \lVert W \rVert_1 + \tfrac{\lambda_2}{2} \lVert W \rVert_2^2,

by mini-batch gradient steps with the gradients of backpropagation.
:func:`gradcheck` compares those gradients with central finite differences.

Both use only the public step API of :class:`~neuronkit.Network`
(:meth:`~neuronkit.Network.backprop`, :meth:`~neuronkit.Network.step`,
:meth:`~neuronkit.Network.batch_loss`, :meth:`~neuronkit.Network.labels_from`,
:meth:`~neuronkit.Network.get_flat` and :meth:`~neuronkit.Network.set_flat`).
:meth:`Network.fit <neuronkit.Network.fit>` calls :func:`fit` through the ``fit``
hook this module provides (:mod:`neuronkit.hooks`), so the network never imports it.
"""

from __future__ import annotations

import math
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from . import hooks
from .checks import check_positive_int
from .errors import ParameterError, ShapeError, TrainingDivergedError
from .losses import Loss
from .network import Network, accuracy
from .optimizers import optimizer as make_optimizer

__all__ = ["History", "fit", "gradcheck", "numerical_gradient"]


@dataclass
class History:
    """What :func:`fit` measured, one entry per epoch.

    Attributes
    ----------
    loss : list of float
        Training loss (with the weight penalty): the mean of the mini-batch losses of
        the epoch, weighted by batch size (the weights change during the epoch).
    accuracy : list of float
        Training accuracy over the epoch's mini-batches (classification losses only).
    val_loss, val_accuracy : list of float
        Loss and accuracy on the validation data at the end of each epoch (if given).
    epoch_time : list of float
        Seconds spent on each epoch's training steps (without validation).
    loss_name, optimizer : str
        What was trained with.

    Examples
    --------
    >>> h = History(loss=[0.7, 0.5])
    >>> h.epochs, h["loss"]
    (2, [0.7, 0.5])
    """

    loss: list[float] = field(default_factory=list)
    accuracy: list[float] = field(default_factory=list)
    val_loss: list[float] = field(default_factory=list)
    val_accuracy: list[float] = field(default_factory=list)
    epoch_time: list[float] = field(default_factory=list)
    loss_name: str = ""
    optimizer: str = ""

    @property
    def epochs(self) -> int:
        """Number of completed epochs."""
        return len(self.loss)

    @property
    def metrics(self) -> dict[str, list[float]]:
        """The non-empty per-epoch series by name."""
        names = ("loss", "accuracy", "val_loss", "val_accuracy", "epoch_time")
        return {k: getattr(self, k) for k in names if getattr(self, k)}

    def __getitem__(self, key: str) -> list[float]:
        return self.metrics[key]


def _penalty(name: str, value) -> float:
    ok = not isinstance(value, bool) and isinstance(value, (int, float, np.integer, np.floating))
    if not ok or not math.isfinite(float(value)) or float(value) < 0:
        raise ParameterError(f"{name} must be a finite number >= 0, got {value!r}")
    return float(value)


def _data(net: Network, X, y, lo, names=("X", "y")):
    Xa = net.check_input(X, names[0])
    y_arr = np.asarray(y)
    if y_arr.ndim == 0 or y_arr.shape[0] != Xa.shape[0]:
        raise ShapeError(f"{names[0]} and {names[1]} must have the same number of samples; "
                         f"got {names[0]} of shape {Xa.shape} and {names[1]} of shape "
                         f"{y_arr.shape}")
    return Xa, net.check_target(y_arr, lo)


def fit(net: Network, X, y, *, loss=None, optimizer="adam", learning_rate=None,
        epochs: int = 100, batch_size: int = 32, seed: int | None = None, validation=None,
        progress: bool = True, l1: float = 0.0, l2: float = 0.0,
        shuffle: bool = True) -> History:
    r"""Train *net* on (X, y) by mini-batch gradient descent; return a :class:`History`.

    Parameters
    ----------
    net : Network
    X : array_like, shape (n, in_features)
    y : array_like
        0/1 labels of shape (n,) or (n, k) for "binary_cross_entropy"; integer labels
        0..k-1 of shape (n,) for "cross_entropy"; targets of shape (n,) or (n, k) for "mse".
    loss : str, optional
        "mse", "binary_cross_entropy" or "cross_entropy" (default: the network's).
    optimizer : str or optimizer object
        "sgd", "momentum", "adam" (default) or an object of :mod:`neuronkit.optimizers`.
    learning_rate : float, optional
        Step size > 0 (default: the optimizer's).
    epochs, batch_size : int
        Passes over the data and samples per step (the last batch may be smaller).
    seed : int, optional
        Seed of the shuffling, of the validation split and of a random activation's
        training form (rrelu's slopes, drawn per element in each training pass).  The
        same seed on the same network gives bit-identical weights.  ``None`` draws
        fresh entropy.
    validation : (X_val, y_val) or float, optional
        Data evaluated after each epoch, or the fraction of (X, y) to hold out for it.
    progress : bool
        Show a tqdm progress bar on stderr (default True); ``False`` is silent.
    l1, l2 : float
        Weight penalties :math:`\lambda_1 \sum|w| + \frac{\lambda_2}{2}\sum w^2`
        (weights only, not biases).
    shuffle : bool
        Reshuffle the samples before each epoch (default True).

    Raises
    ------
    ShapeError, DataError, ParameterError
        Mismatched lengths, a wrong feature count, NaN/inf, labels outside the classes,
        an empty dataset, a non-positive learning rate, ...
    TrainingDivergedError
        When the loss becomes NaN or inf; the weights of the last finite epoch are
        restored and the error names the epoch.

    Examples
    --------
    >>> import neuronkit as nk
    >>> X, y = nk.datasets.logic_gate("and")
    >>> net = nk.Network([nk.Dense(2, 1, activation="logistic")], seed=0)
    >>> h = nk.training.fit(net, X, y, loss="binary_cross_entropy", learning_rate=0.1,
    ...                     epochs=300, batch_size=4, seed=0, progress=False)
    >>> net.predict(X).tolist(), h.loss[-1] < h.loss[0]
    ([0, 0, 0, 1], True)
    """
    plan = _plan(net, loss, optimizer, learning_rate, epochs, batch_size, l1, l2)
    X, T = _data(net, X, y, plan.loss)
    # (spawn(3)'s first two children are spawn(2)'s: the same splits and orders as before)
    split_seq, shuffle_seq, noise_seq = np.random.SeedSequence(seed).spawn(3)
    X, T, val = _hold_out(net, X, T, plan.loss, validation, split_seq)
    net.loss = plan.loss.name
    rng = np.random.default_rng(shuffle_seq)
    labels = T.argmax(axis=1) if plan.loss.task == "multiclass" else T[:, 0]
    history = History(loss_name=plan.loss.name,
                      optimizer=type(plan.optimizer).__name__.lower())
    last_good = net.get_flat()
    # overflow on the way to a non-finite loss is reported as TrainingDivergedError
    with _progress_bar(plan.epochs, progress) as bar, _training_noise(net, noise_seq), \
            np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        for epoch in range(1, plan.epochs + 1):
            t0 = time.perf_counter()
            order = rng.permutation(X.shape[0]) if shuffle else None
            total, correct = _epoch(net, plan, (X, T, labels), order, last_good, history,
                                    epoch)
            _record(history, plan, time.perf_counter() - t0, total, correct, X.shape[0])
            if val is not None:
                _validate(net, plan, val, history)
            last_good = net.get_flat()
            if bar is not None:
                bar.update(1)
                bar.set_postfix(loss=f"{history.loss[-1]:.4g}", refresh=False)
    return history


@contextmanager
def _training_noise(net: Network, seq: np.random.SeedSequence):
    """Give the layers with a random activation (rrelu) a generator from the fit's seed
    for its training passes, and take it back afterwards (inference form again)."""
    layers = [layer for layer in net.layers if hasattr(layer, "noise_rng")
              and layer.activation is not None and layer.activation.spec.training]
    rng = np.random.default_rng(seq)
    for layer in layers:
        layer.noise_rng = rng
    try:
        yield
    finally:
        for layer in layers:
            layer.noise_rng = None


@dataclass(frozen=True)
class _Plan:
    """The checked settings of one :func:`fit`."""

    loss: Loss
    mode: str  # how the loss meets the last layer (Network.loss_mode)
    optimizer: Any
    epochs: int
    batch_size: int
    l1: float
    l2: float


def _plan(net: Network, loss, optimizer, learning_rate, epochs, batch_size, l1, l2) -> _Plan:
    lo = net.resolve_loss(loss)
    return _Plan(lo, net.loss_mode(lo), make_optimizer(optimizer, learning_rate),
                 check_positive_int("epochs", epochs),
                 check_positive_int("batch_size", batch_size),
                 _penalty("l1", l1), _penalty("l2", l2))


def _hold_out(net: Network, X, T, lo: Loss, validation, split_seq):
    """``(X, T, (X_val, T_val) or None)``: the training data and the validation data."""
    if validation is None:
        return X, T, None
    if isinstance(validation, float):
        if not 0.0 < validation < 1.0:
            raise ParameterError(f"validation as a fraction must be in (0, 1), got {validation}")
        n_val = int(round(validation * X.shape[0]))
        if not 1 <= n_val < X.shape[0]:
            raise ParameterError(f"validation={validation} leaves no sample for training or "
                                 f"validation out of {X.shape[0]}")
        perm = np.random.default_rng(split_seq).permutation(X.shape[0])
        held, kept = perm[:n_val], perm[n_val:]
        return X[kept], T[kept], (X[held], T[held])
    if isinstance(validation, tuple) and len(validation) == 2:
        return X, T, _data(net, validation[0], validation[1], lo, ("X_val", "y_val"))
    raise ParameterError("validation must be None, a fraction in (0, 1) or a tuple "
                         f"(X_val, y_val); got {type(validation).__name__}")


@contextmanager
def _progress_bar(epochs: int, progress: bool) -> Iterator[Any]:
    """A tqdm bar over the epochs on stderr, or None; closed however the loop ends."""
    if not progress:
        yield None
        return
    from tqdm.auto import tqdm

    bar = tqdm(total=epochs, desc="fit", unit="epoch", leave=False)
    try:
        yield bar
    finally:
        bar.close()


def _epoch(net: Network, plan: _Plan, data, order, last_good, history: History, epoch: int):
    """One pass over *data* (inputs, targets, labels) in mini-batches, in the sample
    *order* (None: as they are): ``(sum of batch losses times batch sizes, correct
    predictions)``.  Each batch is gathered on its own (a batch in the cache, not a
    shuffled copy of the whole data per epoch)."""
    X, T, labels = data
    total = correct = 0.0
    for batch, start in enumerate(range(0, X.shape[0], plan.batch_size), start=1):
        rows = slice(start, start + plan.batch_size) if order is None else \
            order[start:start + plan.batch_size]
        xb, tb = X[rows], T[rows]
        value, out = net.backprop(xb, tb, plan.loss, plan.mode, l1=plan.l1, l2=plan.l2)
        if not math.isfinite(value):
            _diverged(net, last_good, history, epoch, batch, value, plan.optimizer)
        net.step(plan.optimizer)
        total += value * xb.shape[0]
        correct += _correct(net, plan, out, tb, labels[rows])
    if not np.isfinite(net.get_flat()).all():
        _diverged(net, last_good, history, epoch, batch, math.nan, plan.optimizer)
    return total, correct


def _correct(net: Network, plan: _Plan, out, tb, lb) -> float:
    """Correct predictions in a batch (a fraction per sample for several 0/1 columns)."""
    lo = plan.loss
    if lo.task == "multiclass":
        return np.count_nonzero(out.argmax(axis=1) == lb)
    if lo.task == "regression":
        return 0
    hit = net.labels_from(out, lo, plan.mode).reshape(tb.shape) == tb
    return np.count_nonzero(hit) / tb.shape[1]


def _record(history: History, plan: _Plan, seconds: float, total: float, correct: float,
            n: int) -> None:
    history.epoch_time.append(seconds)
    history.loss.append(total / n)
    if plan.loss.task != "regression":
        history.accuracy.append(correct / n)


def _validate(net: Network, plan: _Plan, val, history: History) -> None:
    Xv, Tv = val
    lo = plan.loss
    vloss, out = net.batch_loss(Xv, Tv, lo, plan.mode)
    history.val_loss.append(vloss)
    if lo.task != "regression":
        history.val_accuracy.append(accuracy(net.labels_from(out, lo, plan.mode), Tv, lo))


def _diverged(net, last_good, history, epoch, batch, value, opt):
    net.set_flat(last_good)
    kept = f"the weights after epoch {epoch - 1}, the last with a finite loss, were" \
        if epoch > 1 else "the initial weights were"
    err = TrainingDivergedError(
        f"training diverged at epoch {epoch} (batch {batch}): the loss became {value}; "
        f"{kept} restored. Lower the learning rate (now {opt.learning_rate}) or scale the "
        "inputs"
    )
    err.epoch = epoch
    err.history = history
    raise err


# -- gradient checking ----------------------------------------------------------------

def numerical_gradient(net: Network, X, y, loss=None, *, l1: float = 0.0, l2: float = 0.0,
                       h: float = 1e-4) -> tuple[np.ndarray, np.ndarray]:
    r"""Backprop and finite-difference gradients of the loss, as two flat vectors.

    The numerical derivative is the fourth-order central difference

    .. math:: \frac{\partial J}{\partial \theta_i} \approx
              \frac{-J(\theta_i + 2h) + 8J(\theta_i + h) - 8J(\theta_i - h) + J(\theta_i - 2h)}{12h},

    whose truncation error is :math:`O(h^4)`, so a step of :math:`10^{-4}` keeps both the
    truncation and the rounding error near :math:`10^{-12}`.  The parameters are restored.

    Both gradients are computed in float64: a float32 network is checked through a
    float64 copy (:meth:`~neuronkit.Network.astype`) with its weights, so the check
    measures the backward pass, not float32 rounding; the network is left as it was.

    Examples
    --------
    >>> import numpy as np, neuronkit as nk
    >>> net = nk.Network([nk.Dense(2, 1, activation="tanh")], seed=0)
    >>> a, n = numerical_gradient(net, [[0.5, -1.0]], [0.3], "mse")
    >>> bool(np.allclose(a, n, rtol=1e-9, atol=1e-12))
    True
    """  # noqa: E501
    if net.dtype != np.float64:
        net = net.astype("float64")
    lo = net.resolve_loss(loss)
    mode = net.loss_mode(lo)
    X, T = _data(net, X, y, lo)
    l1, l2 = _penalty("l1", l1), _penalty("l2", l2)
    saved = net.get_flat()
    theta = saved.copy()
    try:
        net.backprop(X, T, lo, mode, l1=l1, l2=l2)
        analytic = net.get_flat_gradient()
        numeric = np.empty_like(theta)
        for i in range(theta.size):
            f = []
            for k in (2.0, 1.0, -1.0, -2.0):
                theta[i] = saved[i] + k * h
                net.set_flat(theta)
                f.append(net.batch_loss(X, T, lo, mode, l1=l1, l2=l2)[0])
            theta[i] = saved[i]
            numeric[i] = (-f[0] + 8.0 * f[1] - 8.0 * f[2] + f[3]) / (12.0 * h)
    finally:
        net.set_flat(saved)
    return analytic, numeric


def gradcheck(net: Network, X, y, loss=None, *, l1: float = 0.0, l2: float = 0.0,
              h: float = 1e-4) -> float:
    r"""Worst relative error between backprop's gradient and finite differences.

    .. math:: \max_i \frac{|a_i - n_i|}{\max\bigl(|a_i|, |n_i|, 10^{-3}\max_j |a_j|\bigr)}

    where :math:`a` is the backprop gradient and :math:`n` the numerical one
    (:func:`numerical_gradient`).  The floor :math:`10^{-3}\max_j|a_j|` keeps entries that
    are zero up to rounding (a dead ReLU, a saturated unit) from dividing rounding noise
    by itself.  Evaluate it away from the kinks of the activations.  It runs in float64
    whatever the network's dtype: a float32 network is checked through a float64 copy
    of itself (:meth:`~neuronkit.Network.astype`; the network is not changed), since
    float32 finite differences would measure rounding, not the gradient.

    Examples
    --------
    >>> import neuronkit as nk
    >>> X, y = nk.datasets.two_moons(20, seed=0)
    >>> net = nk.Network([nk.Dense(2, 3, activation="tanh"),
    ...                   nk.Dense(3, 1, activation="logistic")], seed=0)
    >>> gradcheck(net, X, y, "binary_cross_entropy") < 1e-6
    True
    """
    a, n = numerical_gradient(net, X, y, loss, l1=l1, l2=l2, h=h)
    scale = float(np.max(np.abs(a))) if a.size else 0.0
    denom = np.maximum(np.maximum(np.abs(a), np.abs(n)), max(1e-3 * scale, 1e-300))
    return float(np.max(np.abs(a - n) / denom))


hooks.provide("fit", fit)  # Network.fit (see neuronkit.hooks)
