r"""The :class:`Network`: a stack of layers trained by backpropagation.

Forward, the network applies its layers in turn and each keeps what its backward pass
needs.  Backward, the gradient of the loss flows from the last layer to the first by
the chain rule, each layer using its activation's analytical derivative:

.. math::

    \delta^{(L)} = \frac{\partial \ell}{\partial z^{(L)}}, \qquad
    \delta^{(l)} = \bigl(\delta^{(l+1)} W^{(l+1)\top}\bigr) \odot f_l'(z^{(l)}), \qquad
    \frac{\partial \ell}{\partial W^{(l)}} = a^{(l-1)\top} \delta^{(l)}.

When the loss is computed from logits (a last layer with activation "logistic" and
"binary_cross_entropy", or "softmax" and "cross_entropy"), :math:`\delta^{(L)}` is
taken straight from the loss, :math:`\sigma(z) - y` or
:math:`\operatorname{softmax}(z) - e_y`, so saturated outputs stay exact.

All parameters live in one contiguous vector; :meth:`Network.parameters` and
:meth:`Network.gradients` return named views into it, :meth:`Network.get_flat` and
:meth:`Network.set_flat` copy it out and in.  Its dtype, float64 by default or
float32 (``dtype="float32"``), is the network's: the parameters, gradients, inputs
(converted once per call of :meth:`Network.fit`, :meth:`Network.predict`, ...),
activations, losses' gradients and the optimizer's state are all in it.

A training loop needs four more public methods, which :mod:`neuronkit.training` uses:
:meth:`Network.backprop` (forward and backward on a batch, filling the gradients),
:meth:`Network.step` (one optimizer step and the projection of learned activation
parameters into their bounds), :meth:`Network.batch_loss` (the loss without a
backward pass) and :meth:`Network.labels_from` (labels from a batch's outputs).
:meth:`Network.fit`, :meth:`Network.save` and :meth:`Network.load` are served by
:mod:`neuronkit.training` and :mod:`neuronkit.serialization` through hooks
(:mod:`neuronkit.hooks`): those modules import this one, never the reverse.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from . import hooks
from ._engine import as_float_array
from .errors import DataError, ParameterError, ShapeError
from .layers import Dense, Maxout, check_dtype
from .losses import Loss, sigmoid, softmax, weight_penalty
from .losses import loss as get_loss

__all__ = ["Network"]


class Network:
    r"""A feed-forward network of :class:`~neuronkit.Dense` and :class:`~neuronkit.Maxout` layers.

    Parameters
    ----------
    layers : sequence of layers
        Each layer's ``in_features`` must equal the previous layer's ``out_features``.
        A layer belongs to one network.
    seed : int, optional
        Re-initialize every layer, in order, from ``numpy.random.default_rng(seed)``;
        the same seed gives the same network bit for bit.  Without it the layers keep
        the weights they were built with.
    loss : str, optional
        The loss the network is meant for; :meth:`fit` sets it.  It decides what
        :meth:`predict` returns.  By default it follows from the last activation:
        "softmax" means "cross_entropy", "logistic" means "binary_cross_entropy",
        anything else "mse".
    dtype : {"float64", "float32"} or numpy dtype, optional
        What the network computes and trains in, end to end (see :attr:`dtype`).
        By default the dtype given to its layers (they must agree), else float64.
        Given, it converts the layers (their weights rounded to it).

    Examples
    --------
    >>> import numpy as np, neuronkit as nk
    >>> X, y = nk.datasets.xor()
    >>> net = nk.Network([nk.Dense(2, 4, activation="tanh"),
    ...                   nk.Dense(4, 1, activation="logistic")], seed=0)
    >>> hist = net.fit(X, y, loss="binary_cross_entropy", optimizer="adam",
    ...                learning_rate=0.05, epochs=500, batch_size=4, seed=0, progress=False)
    >>> net.predict(X).tolist()
    [0, 1, 1, 0]
    >>> nk.Network([nk.Dense(2, 1)], dtype="float32").predict([[1.0, 2.0]]).dtype
    dtype('float32')
    """  # noqa: E501

    def __init__(self, layers, *, seed: int | None = None, loss: str | None = None,
                 dtype=None):
        layers = tuple(layers)
        if not layers:
            raise ParameterError("a Network needs at least one layer")
        for i, layer in enumerate(layers):
            if not isinstance(layer, (Dense, Maxout)):
                raise ParameterError(f"layer {i} is a {type(layer).__name__}, not a "
                                     "Dense or Maxout layer")
            if layer.owner is not None:
                raise ParameterError(f"layer {i} ({layer!r}) already belongs to a network; "
                                     "build a new layer")
        for i in range(1, len(layers)):
            if layers[i].in_features != layers[i - 1].out_features:
                raise ShapeError(
                    f"layer {i} ({layers[i]!r}) takes {layers[i].in_features} inputs but "
                    f"layer {i - 1} ({layers[i - 1]!r}) gives {layers[i - 1].out_features}"
                )
        self.layers = layers
        self._dtype = _network_dtype(layers, dtype)
        if seed is not None:
            rng = np.random.default_rng(seed)
            for layer in layers:
                layer.initialize(rng)
        self.loss = None if loss is None else get_loss(loss).name
        self._flatten()
        for layer in layers:
            layer.owner = self

    # -- parameters -----------------------------------------------------------------

    def _flatten(self) -> None:
        entries = [(i, n, a) for i, layer in enumerate(self.layers)
                   for n, a in layer.named_parameters()]
        total = sum(a.size for _, _, a in entries)
        self._theta = np.zeros(total, self._dtype)
        self._grad = np.zeros(total, self._dtype)
        self._views: dict[str, np.ndarray] = {}
        self._gviews: dict[str, np.ndarray] = {}
        self._weights: list[tuple[np.ndarray, np.ndarray]] = []
        offset = 0
        per_layer: list[tuple[dict, dict]] = [({}, {}) for _ in self.layers]
        for i, n, a in entries:
            view = self._theta[offset:offset + a.size].reshape(a.shape)
            gview = self._grad[offset:offset + a.size].reshape(a.shape)
            offset += a.size
            per_layer[i][0][n] = view
            per_layer[i][1][n] = gview
            self._views[f"{i}.{n}"] = view
            self._gviews[f"{i}.{n}"] = gview
            if n == "weight":
                self._weights.append((view, gview))
        for layer, (params, grads) in zip(self.layers, per_layer, strict=True):
            layer.bind(params, grads)
        self._projected = [layer for layer in self.layers if layer.learnable]

    def parameters(self) -> dict[str, np.ndarray]:
        """Named parameter arrays (``"0.weight"``, ``"0.bias"``, ...): views, not copies.

        >>> import neuronkit as nk
        >>> net = nk.Network([nk.Dense(2, 3, activation="prelu"), nk.Dense(3, 1)], seed=0)
        >>> list(net.parameters())
        ['0.weight', '0.bias', '0.negative_slope', '1.weight', '1.bias']
        """
        return dict(self._views)

    def gradients(self) -> dict[str, np.ndarray]:
        """Gradients of the last backward pass, named as :meth:`parameters` (views)."""
        return dict(self._gviews)

    @property
    def dtype(self) -> np.dtype:
        """The float dtype the network computes in: its parameters and gradients, the
        inputs it converts data to, its outputs, and an optimizer's state.

        >>> import neuronkit as nk
        >>> nk.Network([nk.Dense(2, 1)]).dtype, nk.Network([nk.Dense(2, 1)], dtype="float32").dtype
        (dtype('float64'), dtype('float32'))
        """  # noqa: E501
        return self._dtype

    def astype(self, dtype) -> Network:
        """A copy of the network (new layers, the same loss) in *dtype*, its parameters
        converted (rounded to float32, or exactly widened to float64).

        >>> import neuronkit as nk
        >>> net = nk.Network([nk.Dense(2, 1)], seed=0, dtype="float32")
        >>> wide = net.astype("float64")
        >>> wide.dtype, bool((wide.get_flat() == net.get_flat()).all())
        (dtype('float64'), True)
        """
        dtype = check_dtype(dtype)
        return Network([layer.copy(dtype) for layer in self.layers], loss=self.loss,
                       dtype=dtype)

    def get_flat(self) -> np.ndarray:
        """A copy of all parameters as one vector."""
        return self._theta.copy()

    def get_flat_gradient(self) -> np.ndarray:
        """A copy of the gradients of the last backward pass as one vector (ordered as
        :meth:`get_flat`)."""
        return self._grad.copy()

    def set_flat(self, theta: np.ndarray) -> None:
        """Overwrite all parameters from one vector (as returned by :meth:`get_flat`),
        converted to the network's dtype."""
        theta = np.asarray(theta, dtype=self._dtype)
        if theta.shape != self._theta.shape:
            raise ShapeError(f"expected a parameter vector of shape {self._theta.shape}, "
                             f"got {theta.shape}")
        self._theta[...] = theta

    @property
    def n_parameters(self) -> int:
        """Number of scalar parameters."""
        return self._theta.size

    @property
    def in_features(self) -> int:
        """Width of the input."""
        return self.layers[0].in_features

    @property
    def out_features(self) -> int:
        """Width of the output."""
        return self.layers[-1].out_features

    # -- forward, loss, backward ----------------------------------------------------

    def check_input(self, X: Any, name: str = "X") -> np.ndarray:
        """*X* as a finite array of shape ``(n, in_features)`` in the network's dtype
        (converted once here, not per batch), or a clear error."""
        X = as_float_array(X, name)
        if X.ndim == 1 and self.in_features > 1 and X.shape[0] == self.in_features:
            X = X.reshape(1, -1)
        if X.ndim != 2 or X.shape[1] != self.in_features:
            raise ShapeError(
                f"{name} must have shape (n_samples, {self.in_features}) for this network; "
                f"got shape {X.shape}"
            )
        if X.shape[0] == 0:
            raise DataError(f"{name} is empty (0 samples)")
        given = X
        with np.errstate(over="ignore"):  # too large for float32: reported below
            X = X.astype(self._dtype, copy=False)
        finite = np.isfinite(X).all(axis=1)
        if not finite.all():
            bad = np.flatnonzero(~finite)
            what = "NaN or inf"
            if X is not given and np.isfinite(given[bad[0]]).all():
                what = f"values too large for {X.dtype} (|x| > {np.finfo(X.dtype).max:.4g})"
            raise DataError(f"{name} holds {what} in {bad.size} sample(s) (first at "
                            f"index {int(bad[0])}); remove or impute them")
        return X

    def check_target(self, y: Any, loss: Loss) -> np.ndarray:
        """The internal target array of *loss* for *y* (one-hot rows for
        "cross_entropy"), in the network's dtype, or a clear error."""
        return loss.targets(y, self.out_features).astype(self._dtype, copy=False)

    def forward(self, X: Any) -> np.ndarray:
        """The outputs of the last layer, shape ``(n, out_features)``.

        >>> import numpy as np, neuronkit as nk
        >>> net = nk.Network([nk.Dense(2, 1, init="ones")])
        >>> net.forward([[1.0, 2.0]])
        array([[3.]])
        """
        return self._forward(self.check_input(X), keep=False)

    def _forward(self, x: np.ndarray, keep: bool = True, logits: bool = False,
                 reuse: bool = False) -> np.ndarray:
        last = len(self.layers) - 1
        for i, layer in enumerate(self.layers):
            x = layer.forward(x, keep, logits and i == last, reuse)
        return x

    def _loss_on(self, x: np.ndarray, target: np.ndarray, loss: Loss, mode: str, keep: bool,
                 reuse: bool = False):
        """Forward pass and loss: ``(value, grad, out)``; *out* holds logits unless the
        mode is "output" (then the outputs)."""
        out = self._forward(x, keep, logits=mode == "fused", reuse=reuse)
        if mode == "output":
            value, grad = loss.from_output(out, target)
        else:
            value, grad = loss.from_logits(out, target)
        return value, grad, out

    def check_data(self, X: Any, y: Any, loss=None) -> tuple[Loss, np.ndarray, np.ndarray]:
        """``(loss, X, target)`` checked against this network and each other, or a clear error."""
        lo = self.resolve_loss(loss)
        X = self.check_input(X)
        target = self.check_target(y, lo)
        if target.shape[0] != X.shape[0]:
            raise ShapeError(f"X has {X.shape[0]} samples (shape {X.shape}) but y has "
                             f"{target.shape[0]}")
        return lo, X, target

    def resolve_loss(self, loss=None) -> Loss:
        """The :class:`~neuronkit.losses.Loss` for *loss*, the network's own, or the default."""
        if loss is not None:
            return get_loss(loss)
        if self.loss is not None:
            return get_loss(self.loss)
        last = self.layers[-1].activation_name
        if last == "softmax":
            return get_loss("cross_entropy")
        if last == "logistic":
            return get_loss("binary_cross_entropy")
        return get_loss("mse")

    def loss_mode(self, loss: Loss) -> str:
        """How *loss* meets the output layer: "fused" (from the last layer's logits),
        "logits" (the outputs are logits: identity activation) or "output".

        >>> import neuronkit as nk
        >>> net = nk.Network([nk.Dense(2, 3, activation="softmax")])
        >>> net.loss_mode(nk.losses.loss("cross_entropy")), net.loss_mode(nk.losses.loss("mse"))
        ('fused', 'output')
        """
        last = self.layers[-1]
        act = last.activation_name
        if loss.link is not None and act == loss.link:
            return "fused"
        if loss.link is not None and act == "identity":
            return "logits"
        if loss.from_output is None:
            raise ParameterError(
                f"{loss.name} is computed from logits: the last layer needs activation "
                f"'{loss.link}' or 'identity', not '{act}'"
            )
        if loss.name == "binary_cross_entropy":
            if act == "softmax":
                raise ParameterError(
                    "binary_cross_entropy needs one probability per output, but a softmax "
                    "layer's outputs are one distribution over the classes; use "
                    "'cross_entropy' with softmax, or a last layer of 'logistic' (exact, "
                    "from logits) or 'identity' (outputs are logits)"
                )
            fn = getattr(last, "activation", None)  # a Maxout layer has none: unbounded
            lo, hi = (-math.inf, math.inf) if fn is None else fn.properties.range
            if lo < 0.0 or hi > 1.0:
                raise ParameterError(
                    f"binary_cross_entropy needs outputs in [0, 1]: the last layer's activation "
                    f"'{act}' has range ({lo}, {hi}); use 'logistic' (exact, from logits) or "
                    "'identity' (outputs are logits)"
                )
        return "output"

    # -- one training step (what neuronkit.training uses) ------------------------------

    def batch_loss(self, x: np.ndarray, target: np.ndarray, loss: Loss, mode: str, *,
                   l1: float = 0.0, l2: float = 0.0) -> tuple[float, np.ndarray]:
        """The loss on one checked batch, with the weight penalty: ``(value, out)``.

        *x* and *target* are as :meth:`check_data` returns them, *mode* as
        :meth:`loss_mode` gives it for *loss*; *out* holds the last layer's logits
        unless *mode* is "output" (then its outputs), as :meth:`labels_from` takes
        them.  No backward pass, and the gradients are left as they are.

        >>> import neuronkit as nk
        >>> net = nk.Network([nk.Dense(1, 1, init="ones")])
        >>> lo, X, T = net.check_data([[2.0]], [1.0], "mse")
        >>> net.batch_loss(X, T, lo, net.loss_mode(lo))[0]   # (2 + 0 - 1)^2
        1.0
        """
        value, _, out = self._loss_on(x, target, loss, mode, keep=False)
        if l1 or l2:
            value += weight_penalty([w for w, _ in self._weights], l1, l2)
        return value, out

    def backprop(self, x: np.ndarray, target: np.ndarray, loss: Loss, mode: str, *,
                 l1: float = 0.0, l2: float = 0.0) -> tuple[float, np.ndarray]:
        """Forward and backward on one checked batch: fill the gradients (see
        :meth:`gradients`) and return ``(value, out)`` as :meth:`batch_loss` does.

        The passes write into buffers the layers keep for the next batch of the same
        size, so *out* is valid until the next :meth:`backprop` (copy it to keep it).
        *x* and *target* must be in the network's dtype (:meth:`check_data` gives them).

        >>> import neuronkit as nk
        >>> net = nk.Network([nk.Dense(1, 1, init="ones")])
        >>> lo, X, T = net.check_data([[2.0]], [1.0], "mse")
        >>> value, out = net.backprop(X, T, lo, net.loss_mode(lo))
        >>> value, net.get_flat_gradient().tolist()
        (1.0, [4.0, 2.0])
        """
        value, grad, out = self._loss_on(x, target, loss, mode, keep=True, reuse=True)
        fused = mode == "fused"
        n_layers = len(self.layers)
        for i in range(n_layers - 1, -1, -1):
            grad = self.layers[i].backward(grad, need_input_grad=i > 0,
                                           grad_is_logits=fused and i == n_layers - 1)
        if l1 or l2:
            for w, g in self._weights:
                if l2:
                    g += l2 * w
                if l1:
                    g += l1 * np.sign(w)
            value += weight_penalty([w for w, _ in self._weights], l1, l2)
        return value, out

    def step(self, optimizer: Any) -> None:
        """One step of *optimizer* (of :mod:`neuronkit.optimizers`) along the gradients of
        the last :meth:`backprop`; learned activation parameters are then clipped into
        their bounds.

        >>> import neuronkit as nk
        >>> net = nk.Network([nk.Dense(1, 1, init="ones")])
        >>> lo, X, T = net.check_data([[2.0]], [1.0], "mse")
        >>> _ = net.backprop(X, T, lo, net.loss_mode(lo))
        >>> net.step(nk.optimizers.optimizer("sgd", 0.1)); net.get_flat().tolist()
        [0.6, -0.2]
        """
        optimizer.step([self._theta], [self._grad])
        for layer in self._projected:
            layer.project()

    def loss_and_gradient(self, X, y, loss=None, *, l1: float = 0.0, l2: float = 0.0):
        """The loss on (X, y) (with the weight penalty) and its gradients, by backprop.

        Returns
        -------
        value : float
        gradients : dict of str to ndarray
            Copies, named as :meth:`parameters`.

        Examples
        --------
        >>> import numpy as np, neuronkit as nk
        >>> net = nk.Network([nk.Dense(1, 1, init="ones")])
        >>> value, grads = net.loss_and_gradient([[2.0]], [1.0], "mse")   # (2 + 0 - 1)^2
        >>> value, grads["0.weight"].tolist(), grads["0.bias"].tolist()
        (1.0, [[4.0]], [2.0])
        """
        lo, X, target = self.check_data(X, y, loss)
        value, _ = self.backprop(X, target, lo, self.loss_mode(lo), l1=float(l1), l2=float(l2))
        return value, {k: v.copy() for k, v in self._gviews.items()}

    # -- prediction -------------------------------------------------------------------

    def _proba(self, out: np.ndarray, loss: Loss) -> np.ndarray:
        mode = self.loss_mode(loss)
        if mode == "logits":
            return softmax(out) if loss.task == "multiclass" else sigmoid(out)
        return out

    def predict_proba(self, X) -> np.ndarray:
        """Class probabilities: shape ``(n, k)`` for "cross_entropy", and the probability
        of class 1 for "binary_cross_entropy" (shape ``(n,)`` for one output, else
        ``(n, k)``).

        >>> import numpy as np, neuronkit as nk
        >>> net = nk.Network([nk.Dense(2, 3, activation="softmax", init="zeros")])
        >>> net.predict_proba([[1.0, 2.0]]).round(4).tolist()
        [[0.3333, 0.3333, 0.3333]]
        """
        lo = self.resolve_loss()
        if lo.task == "regression":
            raise ParameterError("predict_proba needs a classification loss "
                                 "(binary_cross_entropy or cross_entropy); this network "
                                 "is for mse: use predict")
        p = self._proba(self.forward(X), lo)
        return p[:, 0] if p.shape[1] == 1 and lo.task == "binary" else p

    def predict(self, X) -> np.ndarray:
        """Class labels for classification losses (argmax, or probability > 0.5), values
        for "mse"; shape ``(n,)`` for one output (labels and values) or multi-class.

        >>> import neuronkit as nk
        >>> net = nk.Network([nk.Dense(2, 1, init="ones")])
        >>> net.predict([[1.0, 2.0], [0.5, 0.5]]).tolist()
        [3.0, 1.0]
        """
        lo = self.resolve_loss()
        return self.labels_from(self.forward(X), lo)

    def labels_from(self, out: np.ndarray, lo: Loss, mode: str = "output") -> np.ndarray:
        """Labels (or values) from a batch's outputs, or from its logits when *mode* is not
        "output" (*out* as :meth:`batch_loss` returns it), as :meth:`predict` gives them."""
        if lo.task == "multiclass":
            return out.argmax(axis=1)
        if lo.task == "binary":
            p = out if mode == "output" else sigmoid(out)
            labels = (p > 0.5).astype(np.int64)
            return labels[:, 0] if labels.shape[1] == 1 else labels
        return out[:, 0] if out.shape[1] == 1 else out

    def evaluate(self, X, y, loss=None) -> dict[str, float]:
        """Loss (without weight penalty) and, for classification, accuracy on (X, y).

        >>> import neuronkit as nk
        >>> net = nk.Network([nk.Dense(2, 1, init="zeros")])
        >>> net.evaluate([[1.0, 2.0]], [1.0])
        {'loss': 1.0}
        """
        lo, X, target = self.check_data(X, y, loss)
        mode = self.loss_mode(lo)
        value, _, out = self._loss_on(X, target, lo, mode, keep=True)
        result = {"loss": value}
        if lo.task != "regression":
            result["accuracy"] = accuracy(self.labels_from(out, lo, mode), target, lo)
        return result

    # -- training and files (neuronkit.training and neuronkit.serialization provide them)

    def fit(self, X, y, loss=None, optimizer="adam", learning_rate=None, epochs: int = 100,
            batch_size: int = 32, seed: int | None = None, validation=None,
            progress: bool = True, l1: float = 0.0, l2: float = 0.0, shuffle: bool = True):
        """Train the network; see :func:`neuronkit.training.fit` (returns a History)."""
        return hooks.get("fit")(
            self, X, y, loss=loss, optimizer=optimizer, learning_rate=learning_rate,
            epochs=epochs, batch_size=batch_size, seed=seed, validation=validation,
            progress=progress, l1=l1, l2=l2, shuffle=shuffle)

    def save(self, path) -> Any:
        """Write architecture and weights to *path*; see :func:`neuronkit.serialization.save`."""
        return hooks.get("save")(self, path)

    @classmethod
    def load(cls, path) -> Network:
        """Read a network written by :meth:`save`; see :func:`neuronkit.serialization.load`."""
        return hooks.get("load")(path)

    def config(self) -> dict:
        """The architecture as plain JSON data."""
        return {"layers": [layer.config() for layer in self.layers], "loss": self.loss,
                "dtype": self._dtype.name}

    def __repr__(self) -> str:
        inner = ", ".join(repr(layer) for layer in self.layers)
        return f"Network([{inner}])"


def _network_dtype(layers, dtype) -> np.dtype:
    """The dtype given, or the one given to the layers (they must agree), or float64."""
    if dtype is not None:
        return check_dtype(dtype)
    given = sorted({layer.dtype.name for layer in layers if layer.dtype_given})
    if len(given) > 1:
        raise ParameterError(f"the layers were given different dtypes ({', '.join(given)}); "
                             "give the network one: Network(layers, dtype=...)")
    return np.dtype(given[0] if given else "float64")


def accuracy(labels: np.ndarray, target: np.ndarray, lo: Loss) -> float:
    """Fraction of correct labels against internal targets (one-hot or 0/1 columns)."""
    if lo.task == "multiclass":
        return float(np.mean(labels == target.argmax(axis=1)))
    return float(np.mean(labels.reshape(target.shape) == target))
