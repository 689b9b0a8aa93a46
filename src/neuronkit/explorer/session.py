"""The playground of one browser tab: its data, network, optimizer state and epoch.

A :class:`Playground` is built from a validated
:class:`~neuronkit.explorer.protocol.PlaygroundConfig` and trained a few epochs at a
time with neuronkit itself (:meth:`neuronkit.Network.fit` with one optimizer object
that keeps its state between calls).  Epoch *k* always shuffles with a seed derived
from ``(config.seed, k)``, so a run is the same however its epochs are grouped into
frames: the same configuration gives the same weights at the same epoch.

:meth:`Playground.frame` describes the current state for the page: losses, the
decision heat map, a thumbnail of every neuron's output, the weights, and which
units are dead (no gradient on any training point: the dying ReLU) or saturated
(almost no gradient on most points: the saturated sigmoid).

Examples
--------
>>> from neuronkit.explorer.protocol import parse_config
>>> pg = Playground(parse_config({"dataset": "xor", "size": 40, "seed": 1}))
>>> pg.train(5)
5
>>> pg.epoch, pg.diverged is None
(5, True)
>>> frame = pg.frame()
>>> frame["epoch"], frame["heatmap"]["size"], [len(layer) for layer in frame["units"]]
(5, 50, [4, 2, 1])
"""

from __future__ import annotations

import base64
import math
import time
from collections.abc import Callable
from typing import Any

import numpy as np

from .. import datasets
from ..i18n import Text
from ..layers import Dense
from ..network import Network
from ..optimizers import optimizer as make_optimizer
from .protocol import REGRESSION, PlaygroundConfig
from .views import finite_list

__all__ = ["Playground", "make_data", "HEATMAP_SIZE", "THUMB_SIZE", "DEAD", "SATURATED",
           "MAX_HISTORY"]

HEATMAP_SIZE = 50
THUMB_SIZE = 20
#: A unit is saturated when its |f'(z)| is below SATURATED["threshold"] times the
#: activation's peak |f'| on at least SATURATED["fraction"] of the training points.
SATURATED = {"threshold": 0.05, "fraction": 0.9}
#: A unit is dead when f'(z) == 0 on every training point: no gradient reaches its weights.
DEAD = {"fraction": 1.0}
#: What the page says when the loss becomes NaN or infinite.
DIVERGED = Text(
    "Training stopped at epoch {next}: the loss became NaN or infinite (learning rate {lr} "
    "is too large for this network). The weights of epoch {epoch} are kept; lower the "
    "learning rate and press reset.",
    "训练在第 {next} 轮停止：损失变成了 NaN 或无穷大（学习率 {lr} 对这个网络太大）。"
    "已保留第 {epoch} 轮的权重；请降低学习率并按“重置”。")
#: Loss points kept per run; beyond, the older half is thinned to every other point.
MAX_HISTORY = 4000


#: Each input feature of the first layer, from the points' two coordinates.
FEATURE_FUNCTIONS: dict[str, Callable[[np.ndarray, np.ndarray], np.ndarray]] = {
    "x1": lambda a, b: a, "x2": lambda a, b: b,
    "x1_sq": lambda a, b: a * a, "x2_sq": lambda a, b: b * b, "x1x2": lambda a, b: a * b,
    "sin_x1": lambda a, b: np.sin(a), "sin_x2": lambda a, b: np.sin(b),
    "cos_x1": lambda a, b: np.cos(a), "cos_x2": lambda a, b: np.cos(b),
    "abs_x1": lambda a, b: np.abs(a), "abs_x2": lambda a, b: np.abs(b),
}


def input_features(X: np.ndarray, names: tuple[str, ...]) -> np.ndarray:
    """The columns *names* of :data:`FEATURE_FUNCTIONS` for the points *X* (n x 2).

    >>> input_features(np.array([[2.0, 3.0]]), ("x1x2", "x2_sq", "x1"))
    array([[6., 9., 2.]])
    """
    a, b = X[:, 0], X[:, 1]
    return np.column_stack([FEATURE_FUNCTIONS[n](a, b) for n in names])


def make_data(cfg: PlaygroundConfig) -> tuple[np.ndarray, np.ndarray]:
    """The data set of *cfg*: ``(X, y)`` with 0/1 labels, from :mod:`neuronkit.datasets`.

    >>> from neuronkit.explorer.protocol import parse_config
    >>> X, y = make_data(parse_config({"dataset": "spirals", "size": 30}))
    >>> X.shape, sorted(set(y.tolist()))
    ((30, 2), [0, 1])
    """
    n, noise, seed = cfg.size, cfg.noise, cfg.data_seed
    if cfg.dataset == "xor":
        return datasets.xor(n, noise=noise, seed=seed)
    if cfg.dataset == "moons":
        return datasets.two_moons(n, noise=noise, seed=seed)
    if cfg.dataset == "circles":
        return datasets.circles(n, noise=noise, seed=seed)
    if cfg.dataset == "spirals":
        # 1.75 turns, as TensorFlow Playground's (one turn was too easy)
        return datasets.spirals(n, arms=2, noise=noise, turns=1.75, seed=seed)
    if cfg.dataset in REGRESSION:
        return _regression(cfg)
    # two Gaussian blobs; noise widens them from well apart (0) to overlapping (1)
    return datasets.blobs(n, centers=[[-1.0, -1.0], [1.0, 1.0]], cluster_std=0.25 + noise,
                          seed=seed)


def _regression(cfg: PlaygroundConfig) -> tuple[np.ndarray, np.ndarray]:
    """TensorFlow Playground's regression problems: points uniform in [-1, 1]², a target
    in [-1, 1] ("plane": (x₁ + x₂)/2; "gaussians": four bumps of either sign), plus
    Gaussian noise of standard deviation ``noise / 2``, clipped to [-1, 1].

    >>> from neuronkit.explorer.protocol import parse_config
    >>> X, y = make_data(parse_config({"dataset": "plane", "noise": 0.0, "size": 20}))
    >>> bool(np.allclose(y, X.sum(axis=1) / 2))
    True
    """
    rng = np.random.default_rng([cfg.data_seed, 11])
    X = rng.uniform(-1.0, 1.0, size=(cfg.size, 2))
    if cfg.dataset == "plane":
        y = X.sum(axis=1) / 2.0
    else:
        centers = np.array([[-0.5, -0.5], [0.5, 0.5], [-0.5, 0.5], [0.5, -0.5]])
        signs = np.array([1.0, 1.0, -1.0, -1.0])
        d2 = ((X[:, None, :] - centers[None]) ** 2).sum(axis=2)
        y = (signs * np.exp(-d2 / (2 * 0.2**2))).sum(axis=1)
    y = np.clip(y + rng.normal(0.0, cfg.noise / 2.0, size=y.shape), -1.0, 1.0)
    return X, y


def _b64(a: np.ndarray) -> str:
    return base64.b64encode(np.ascontiguousarray(a, dtype=np.uint8).tobytes()).decode("ascii")


def _to_bytes(v: np.ndarray, lo: float, hi: float) -> np.ndarray:
    """Map values in [lo, hi] to 0..255 (non-finite values to the middle)."""
    span = hi - lo if hi > lo else 1.0
    with np.errstate(all="ignore"):
        q = np.rint((np.clip(v, lo, hi) - lo) / span * 255.0)
    return np.where(np.isfinite(q), q, 127.0).astype(np.uint8)


def _epoch_seed(seed: int, epoch: int) -> int:
    return int(np.random.SeedSequence([seed, epoch]).generate_state(1)[0])


def _peak_derivative(act) -> float:
    with np.errstate(all="ignore"):
        d = np.abs(act.derivative(np.linspace(-8.0, 8.0, 1601)))
    d = d[np.isfinite(d)]
    return float(d.max()) if d.size else 0.0


class Playground:
    """Data, network and training state of one playground (one browser tab).

    Parameters
    ----------
    config : PlaygroundConfig
        What to build.  The network is ``Dense`` hidden layers as configured, then
        ``Dense(..., 1, activation="logistic")``: the probability of class 1.  With
        "binary_cross_entropy" the loss is computed from its logit (exact); with "mse"
        it is the squared error of the probability.
    """

    def __init__(self, config: PlaygroundConfig):
        self.config = config
        self._build_data()
        self.reset()

    # -- building ---------------------------------------------------------------------

    def _build_data(self) -> None:
        cfg = self.config
        X, y = make_data(cfg)
        n_test = min(max(1, int(round(cfg.test_fraction * len(X)))), len(X) - 1)
        perm = np.random.default_rng([cfg.data_seed, 7]).permutation(len(X))
        test, train = perm[:n_test], perm[n_test:]
        self.X_train, self.y_train = X[train], y[train]
        self.X_test, self.y_test = X[test], y[test]
        lo, hi = X.min(axis=0), X.max(axis=0)
        center = (lo + hi) / 2.0
        half = max(float((hi - lo).max()) / 2.0 * 1.15, 0.5)
        self.extent = [float(center[0] - half), float(center[0] + half),
                       float(center[1] - half), float(center[1] + half)]
        self._grid = self._grid_points(HEATMAP_SIZE)
        self._thumb_grid = self._grid_points(THUMB_SIZE)

    def _grid_points(self, m: int) -> np.ndarray:
        """Points of an m x m grid over the extent: row 0 at the top (largest x2)."""
        x0, x1, y0, y1 = self.extent
        gx = np.linspace(x0, x1, m)
        gy = np.linspace(y1, y0, m)
        xx, yy = np.meshgrid(gx, gy)
        return np.column_stack([xx.ravel(), yy.ravel()])

    def reset(self) -> None:
        """New weights from ``config.seed`` (the same ones each time), epoch 0."""
        cfg = self.config
        layers, width = [], len(cfg.features)
        for layer in cfg.hidden:
            layers.append(Dense(width, layer.units, activation=layer.activation.build()))
            width = layer.units
        self.regression = cfg.dataset in REGRESSION
        layers.append(Dense(width, 1, activation="identity" if self.regression else "logistic"))
        self.net = Network(layers, seed=cfg.seed, loss=cfg.loss)
        self.optimizer = make_optimizer(cfg.optimizer, learning_rate=cfg.learning_rate)
        reg, rate = cfg.regularization, cfg.regularization_rate
        self._penalty = {"l1": rate if reg == "l1" else 0.0, "l2": rate if reg == "l2" else 0.0}
        self._loss, self._X, self._T = self.net.check_data(self._inputs(self.X_train),
                                                           self.y_train, cfg.loss)
        self._mode = self.net.loss_mode(self._loss)
        self.net.loss = self._loss.name
        self._order: np.ndarray | None = None  # this epoch's shuffle, while one is under way
        self._pos = 0
        self._last_good = self.net.get_flat()
        self.epoch = 0
        self.diverged: str | None = None
        if hasattr(self, "_diverged_at"):
            del self._diverged_at
        #: Seconds spent in :meth:`train` since the playground was built.
        self.train_seconds = getattr(self, "train_seconds", 0.0)
        self._peaks = [_peak_derivative(layer.activation) for layer in self.net.layers]
        self.history: list[tuple[int, float, float]] = []
        self._sent = 0
        self._resend = False
        self._record()

    def regenerate(self, data_seed: int) -> None:
        """Draw a new data set with *data_seed*; new weights, epoch 0."""
        from dataclasses import replace

        self.config = replace(self.config, data_seed=data_seed)
        self._build_data()
        self.reset()

    # -- training ---------------------------------------------------------------------

    def train(self, epochs: int, *, seconds: float | None = None,
              should_stop: Callable[[], bool] | None = None) -> int:
        """Train until *epochs* more epochs are complete; return how many were.

        Training goes one mini-batch at a time and can stop between any two: after
        *seconds* by the clock (measured from this call, whatever an epoch costs), or as
        soon as *should_stop* returns True.  An epoch cut short is resumed by the next
        call, which completes it first (and counts it), so the mini-batches, and the
        weights at the end of each epoch, are the same however the run is sliced.

        On a non-finite loss the weights of the last complete epoch are restored and
        :attr:`diverged` holds the message to show; training does not continue.
        """
        t0 = time.perf_counter()
        done = 0
        try:
            with np.errstate(all="ignore"):
                while done < epochs and self.diverged is None:
                    if self._epoch_end(self._batches(t0, seconds, should_stop)):
                        done += 1
                        if self._out_of_time(t0, seconds, should_stop):
                            break  # between epochs too: an epoch may be one mini-batch
                    elif self.diverged is None:
                        break  # out of time, or asked to stop
        finally:
            self.train_seconds += time.perf_counter() - t0
        return done

    def _batches(self, t0: float, seconds: float | None,
                 should_stop: Callable[[], bool] | None) -> bool:
        """Run mini-batches of the current epoch; True when its last one is done."""
        cfg = self.config
        if self._order is None:  # the same shuffle as Network.fit(epochs=1, seed=...)
            seed = _epoch_seed(cfg.seed, self.epoch + 1)
            rng = np.random.default_rng(np.random.SeedSequence(seed).spawn(2)[1])
            self._order = rng.permutation(self._X.shape[0])
            self._pos = 0
            self._last_good = self.net.get_flat()
        n, b = self._X.shape[0], cfg.batch_size
        while self._pos < n:
            idx = self._order[self._pos:self._pos + b]
            value, _ = self.net.backprop(self._X[idx], self._T[idx], self._loss, self._mode,
                                         **self._penalty)
            if not math.isfinite(value):
                self._diverge()
                return False
            self.net.step(self.optimizer)
            self._pos += b
            if self._pos < n and ((should_stop is not None and should_stop()) or (
                    seconds is not None and time.perf_counter() - t0 >= seconds)):
                return False
        return True

    @staticmethod
    def _out_of_time(t0: float, seconds: float | None,
                     should_stop: Callable[[], bool] | None) -> bool:
        return ((should_stop is not None and should_stop())
                or (seconds is not None and time.perf_counter() - t0 >= seconds))

    def _epoch_end(self, complete: bool) -> bool:
        """Close the epoch whose batches are done; False if it is not complete."""
        if not complete or self.diverged is not None:
            return False
        self._order = None
        if not np.isfinite(self.net.get_flat()).all():
            self._diverge()
            return False
        self.epoch += 1
        self._record()
        return True

    def _diverge(self) -> None:
        self.net.set_flat(self._last_good)
        self._order = None
        self._diverged_at = (self.epoch, f"{self.config.learning_rate:g}")
        self.diverged = self.diverged_message("en")

    def diverged_message(self, lang: str) -> str | None:
        """Why training stopped, in *lang* (None while it has not diverged)."""
        if not hasattr(self, "_diverged_at"):
            return None
        epoch, lr = self._diverged_at
        return DIVERGED(lang, next=epoch + 1, epoch=epoch, lr=lr)

    @property
    def batch(self) -> int:
        """Mini-batches done in the current (incomplete) epoch: 0 at an epoch's end."""
        b = self.config.batch_size
        return 0 if self._order is None else -(-self._pos // b)

    @property
    def batches(self) -> int:
        """Mini-batches in an epoch."""
        return -(-self._X.shape[0] // self.config.batch_size)

    def losses(self) -> dict[str, float]:
        """Loss (without the weight penalty) and accuracy on the training and test data."""
        out = {}
        for part, X, y in (("train", self.X_train, self.y_train),
                           ("test", self.X_test, self.y_test)):
            out[f"{part}_loss"] = self.net.evaluate(self._inputs(X), y)["loss"]
            out[f"{part}_accuracy"] = (float("nan") if self.regression else
                                       float(np.mean((self.probability(X) > 0.5) == y)))
        return out

    def probability(self, X: np.ndarray) -> np.ndarray:
        """P(class 1) for each row of *X*: the output of the logistic unit."""
        with np.errstate(all="ignore"):
            return self.net.forward(self._inputs(X))[:, 0]

    def _inputs(self, X: np.ndarray) -> np.ndarray:
        """What the first layer takes: the configured features of the points *X*."""
        return input_features(X, self.config.features)

    def _record(self) -> None:
        """Append this epoch's train and test loss to the history (thinned when long)."""
        if self.history and self.history[-1][0] == self.epoch:
            return
        m = self.losses()
        self.history.append((self.epoch, m["train_loss"], m["test_loss"], self.flow()))
        if len(self.history) > MAX_HISTORY:  # keep every other point of the older half
            half = MAX_HISTORY // 2
            self.history = self.history[:half:2] + self.history[half:]
            self._resend = True

    def preactivations(self, bins: int = 40, points: int = 81) -> list[dict[str, Any]]:
        """Per layer: where its units' net inputs z sit on the training points (a
        histogram of all its units together) and f, f' of its activation on that range.

        The range is symmetric, ``[-m, m]`` with m the largest |z| (at least 2, at most
        12); the counts are of the points inside it.
        """
        out = []
        for layer, (z, _) in zip(self.net.layers, self._layer_outputs(self.X_train),
                                 strict=True):
            finite = z[np.isfinite(z)]
            m = float(min(12.0, max(2.0, np.abs(finite).max() if finite.size else 2.0)))
            counts, _ = np.histogram(finite, bins=bins, range=(-m, m))
            x = np.linspace(-m, m, points)
            with np.errstate(all="ignore"):
                f, df = layer.current_activation().value_and_derivative(x)
            out.append({"range": [-m, m], "counts": counts.tolist(),
                        "f": finite_list(f, 4), "df": finite_list(df, 4)})
        return out

    def flow(self) -> tuple[list, list, list]:
        """How the gradient flows now, per layer: ``(grad, dead, saturated)``.

        *grad* is the norm of the loss's gradient with respect to each layer's weights on
        the whole training set (no penalty); *dead* and *saturated* are the shares of each
        layer's units that :meth:`units` marks so (the output layer last).
        """
        with np.errstate(all="ignore"):
            self.net.backprop(self._X, self._T, self._loss, self._mode)
            grads = self.net.gradients()
            norm = [_rnd(np.linalg.norm(grads[f"{i}.weight"]))
                    for i in range(len(self.net.layers))]
            dead, sat = [], []
            for li, (layer, (z, _)) in enumerate(zip(self.net.layers,
                                                     self._layer_outputs(self.X_train),
                                                     strict=True)):
                act = layer.current_activation()
                d = np.abs(act.derivative(z))
                zero = np.mean(d == 0.0, axis=0) >= DEAD["fraction"]
                peak = self._peaks[li]
                small = (np.mean(d < SATURATED["threshold"] * peak, axis=0)
                         >= SATURATED["fraction"]) if peak > 0 else np.ones(d.shape[1], bool)
                if act.properties.saturation == "none":
                    small[:] = False
                dead.append(round(float(np.mean(zero)), 4))
                sat.append(round(float(np.mean(small & ~zero)), 4))
        return norm, dead, sat

    def set_weight(self, layer: int, source: int, target: int, value: float) -> None:
        """Set one weight by hand (the page's click on a link); training goes on from it.

        Raises ``IndexError`` for a link the network does not have.
        """
        if not (0 <= layer < len(self.net.layers)):
            raise IndexError(f"the network has {len(self.net.layers)} layers of weights")
        W = self.net.layers[layer].weight
        if not (0 <= source < W.shape[0] and 0 <= target < W.shape[1]):
            raise IndexError(f"layer {layer} has {W.shape[0]} x {W.shape[1]} weights")
        W[source, target] = value
        self._last_good = self.net.get_flat()

    # -- what the page shows ----------------------------------------------------------

    def data(self) -> dict[str, Any]:
        """The data points, their labels and the extent of the plots (sent once)."""
        return {
            "type": "data",
            "config": self.config.to_json(),
            "extent": self.extent,
            "train": {"x": finite_list(self.X_train, 5), "y": self.y_train.tolist()},
            "test": {"x": finite_list(self.X_test, 5), "y": self.y_test.tolist()},
            "features": self.feature_thumbs(),
        }

    def feature_thumbs(self) -> dict[str, dict[str, Any]]:
        """Every input feature over the plot, as a thumbnail (symmetric colour scale)."""
        out = {}
        for name in FEATURE_FUNCTIONS:
            v = input_features(self._thumb_grid, (name,))[:, 0]
            m = float(np.abs(v).max()) or 1.0
            lo = 0.0 if v.min() >= 0 else -m
            out[name] = {"thumb": _b64(_to_bytes(v, lo, m)), "lo": lo, "hi": m}
        return out

    def _layer_outputs(self, x: np.ndarray) -> list[tuple[np.ndarray, np.ndarray]]:
        """``(z, a)`` of every layer for inputs *x* (pre-activation and activation)."""
        out = []
        x = self._inputs(x)
        for layer in self.net.layers:
            z = x @ layer.weight + layer.bias
            with np.errstate(all="ignore"):
                a = layer.current_activation()(z)
            out.append((z, a))
            x = a
        return out

    def units(self) -> list[list[dict[str, Any]]]:
        """Per layer, per unit: thumbnail of its output and its dead/saturated flags."""
        thumbs = self._layer_outputs(self._thumb_grid)
        train = self._layer_outputs(self.X_train)
        layers = []
        for li, (layer, (_, a), (z_tr, _)) in enumerate(zip(self.net.layers, thumbs, train,
                                                          strict=True)):
            act = layer.current_activation()
            props = act.properties
            with np.errstate(all="ignore"):
                d = np.abs(act.derivative(z_tr))
            peak = self._peaks[li]
            units = []
            for j in range(layer.out_features):
                v = a[:, j]
                lo, hi = props.range
                if not (math.isfinite(lo) and math.isfinite(hi)):
                    finite = v[np.isfinite(v)]
                    m = float(np.abs(finite).max()) if finite.size else 1.0
                    lo, hi = (-m, m) if m > 0 else (-1.0, 1.0)
                dj = d[:, j]
                zero = float(np.mean(dj == 0.0))
                small = float(np.mean(dj < SATURATED["threshold"] * peak)) if peak > 0 else 1.0
                dead = zero >= DEAD["fraction"]
                saturated = (not dead and props.saturation != "none"
                             and small >= SATURATED["fraction"])
                units.append({
                    "thumb": _b64(_to_bytes(v, lo, hi)), "lo": lo, "hi": hi,
                    "dead": bool(dead), "saturated": bool(saturated),
                    "zero_gradient_fraction": round(zero, 4),
                    "small_gradient_fraction": round(small, 4),
                })
            layers.append(units)
        return layers

    def frame(self, full: bool = False) -> dict[str, Any]:
        """The state for the page; history since the last frame unless *full*.

        ``heatmap`` is P(class 1) on a 50 x 50 grid over ``extent``, row 0 at the top,
        as base64 of bytes 0..255; each unit's ``thumb`` is its output on a 20 x 20 grid,
        mapped from [lo, hi] to 0..255 the same way.
        """
        p = self.probability(self._grid)
        lo, hi = (-1.0, 1.0) if self.regression else (0.0, 1.0)
        m = self.losses()
        full = full or self._resend  # the history was thinned: send it whole
        self._resend = False
        start = 0 if full else self._sent
        history = [[e, _rnd(a), _rnd(b)] for e, a, b, _ in self.history[start:]]
        flow = [[e, *f] for e, _, _, f in self.history[start:]]
        self._sent = len(self.history)
        return {
            "type": "frame",
            "epoch": self.epoch,
            **{k: _rnd(v) for k, v in m.items()},
            "accuracy": _rnd(m["test_accuracy"]),
            "history": history,
            "flow": flow,
            "full_history": bool(full),
            "heatmap": {"size": HEATMAP_SIZE, "data": _b64(_to_bytes(p, lo, hi)),
                        "lo": lo, "hi": hi},
            "regression": self.regression,
            "thumb_size": THUMB_SIZE,
            "units": self.units(),
            "weights": [finite_list(layer.weight, 4) for layer in self.net.layers],
            "shapes": [[layer.in_features, layer.out_features] for layer in self.net.layers],
            "biases": [finite_list(layer.bias, 4) for layer in self.net.layers],
            # each layer's activation with its current (learned) parameter values
            "activations": [_activation_json(layer.current_activation())
                            for layer in self.net.layers],
            "preact": self.preactivations(),
            "batch": self.batch,
            "batches": self.batches,
            "diverged": self.diverged,
        }


def _activation_json(act) -> dict[str, Any]:
    return {"name": act.name, "params": {k: _rnd(v) if isinstance(v, float) else v
                                         for k, v in act.param_items}}


def _rnd(v: float) -> float | None:
    v = float(v)
    return float(f"{v:.6g}") if math.isfinite(v) else None
