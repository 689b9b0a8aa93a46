r"""Loss functions: mean squared error, binary and softmax cross-entropy, weight penalties.

Each loss is a function ``loss(output, target) -> (value, gradient)`` that returns the
mean loss over the batch and its gradient with respect to *output*.  The two
cross-entropies are computed **from logits** (the pre-activation :math:`z` of the
output layer), which keeps them exact when the probabilities saturate:

.. math::

    \text{BCE}(z, y) = \max(z, 0) - z y + \log\bigl(1 + e^{-|z|}\bigr),
    \qquad \frac{\partial\,\text{BCE}}{\partial z} = \sigma(z) - y,

    \text{CE}(z, k) = \log \sum_j e^{z_j - m} - (z_k - m),\; m = \max_j z_j,
    \qquad \frac{\partial\,\text{CE}}{\partial z} = \operatorname{softmax}(z) - e_k.

A :class:`Loss` bundles the functions of one loss with its task, the output
function ("link") it is fused with, and the checks of its targets; :data:`LOSSES` maps
names to them and :func:`loss` looks one up.

Every loss computes in the dtype of its input (float32 or float64): the gradient it
returns has the output's dtype.  The value, one number per batch, is summed in float64
(``np.sum(..., dtype=float64)``) whatever the dtype, so that a float32 network
reports its loss without the rounding of a float32 sum over the batch.

Examples
--------
>>> import numpy as np
>>> value, grad = binary_cross_entropy_with_logits(np.array([[800.0]]), np.array([[0.0]]))
>>> float(value), float(grad[0, 0])       # exact for a saturated logit: no inf, no nan
(800.0, 1.0)
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from ._engine import as_float_array
from ._fpmath import sigma, sigma_parts
from .errors import DataError, ShapeError, unknown_name

__all__ = [
    "LOSSES",
    "Loss",
    "loss",
    "loss_names",
    "mean_squared_error",
    "binary_cross_entropy",
    "binary_cross_entropy_with_logits",
    "softmax_cross_entropy",
    "softmax",
    "log_softmax",
    "sigmoid",
    "weight_penalty",
]

_PROB_EPS = 1e-12


def sigmoid(z: np.ndarray) -> np.ndarray:
    r"""The logistic function :math:`\sigma(z) = 1/(1+e^{-z})`, without overflow.

    Examples
    --------
    >>> sigmoid(np.array([-1000.0, 0.0, 1000.0]))
    array([0. , 0.5, 1. ])
    """
    with np.errstate(under="ignore"):
        return sigma(z)


def log_softmax(z: np.ndarray) -> np.ndarray:
    r"""Row-wise :math:`\log \operatorname{softmax}(z)_j = z_j - m - \log\sum_i e^{z_i - m}`.

    Examples
    --------
    >>> np.round(np.exp(log_softmax(np.array([[1000.0, 1000.0]]))), 3)
    array([[0.5, 0.5]])
    """
    shifted = z - z.max(axis=-1, keepdims=True)
    with np.errstate(under="ignore"):
        return shifted - np.log(np.exp(shifted).sum(axis=-1, keepdims=True))


def softmax(z: np.ndarray) -> np.ndarray:
    r"""Row-wise softmax :math:`e^{z_j - m} / \sum_i e^{z_i - m}`, :math:`m = \max_i z_i`.

    Examples
    --------
    >>> np.round(softmax(np.array([[0.0, np.log(3.0)]])), 3)
    array([[0.25, 0.75]])
    """
    with np.errstate(under="ignore"):
        e = np.exp(z - z.max(axis=-1, keepdims=True))
        e /= e.sum(axis=-1, keepdims=True)
    return e


def mean_squared_error(output: np.ndarray, target: np.ndarray):
    r"""Mean squared error over all entries and its gradient.

    .. math:: L = \frac{1}{N}\sum_i (\hat y_i - y_i)^2, \qquad
              \frac{\partial L}{\partial \hat y_i} = \frac{2}{N}(\hat y_i - y_i)

    Examples
    --------
    >>> value, grad = mean_squared_error(np.array([[1.0], [3.0]]), np.array([[0.0], [1.0]]))
    >>> float(value), grad.ravel().tolist()
    (2.5, [1.0, 2.0])
    """
    diff = output - target
    n = diff.size
    return float(np.sum(np.square(diff), dtype=np.float64)) / n, diff * (2.0 / n)


def binary_cross_entropy_with_logits(logits: np.ndarray, target: np.ndarray):
    r"""Binary cross-entropy of :math:`\sigma(z)` against 0/1 targets, from the logits :math:`z`.

    .. math:: L = \frac{1}{N}\sum_i \max(z_i, 0) - z_i y_i + \log(1 + e^{-|z_i|}),
              \qquad \frac{\partial L}{\partial z_i} = \frac{\sigma(z_i) - y_i}{N}

    Finite and exact for every finite logit (no :math:`\log 0`).

    Examples
    --------
    >>> value, grad = binary_cross_entropy_with_logits(np.array([[0.0]]), np.array([[1.0]]))
    >>> round(value, 6), grad.tolist()
    (0.693147, [[-0.5]])
    """
    with np.errstate(under="ignore"):
        e, _, s, t = sigma_parts(logits)
        n = logits.size
        value = float(np.sum(np.maximum(logits, 0.0) - logits * target + np.log1p(e),
                             dtype=np.float64)) / n
        # sigma(z) - y = (1 - y) sigma(z) - y sigma(-z): exact also where sigma(z) rounds to 1
        grad = (1.0 - target) * s - target * t
    grad *= 1.0 / n
    return value, grad


def binary_cross_entropy(probs: np.ndarray, target: np.ndarray):
    r"""Binary cross-entropy from probabilities :math:`p` (clipped to :math:`[\epsilon, 1-\epsilon]`).

    .. math:: L = -\frac{1}{N}\sum_i y_i \log p_i + (1 - y_i)\log(1 - p_i), \qquad
              \frac{\partial L}{\partial p_i} = \frac{p_i - y_i}{N\,p_i(1 - p_i)}

    Used when the output layer's activation is not the logistic function but has its
    range in [0, 1] (e.g. ``hard_logistic``); prefer logits otherwise.
    :math:`\epsilon = 10^{-12}` in float64 and :math:`2^{-24}` in float32 (the
    smallest that keeps :math:`1 - \epsilon < 1` there).

    Examples
    --------
    >>> value, grad = binary_cross_entropy(np.array([[0.5]]), np.array([[1.0]]))
    >>> round(value, 6), grad.tolist()
    (0.693147, [[-2.0]])
    """  # noqa: E501
    probs = np.asarray(probs)
    dt = probs.dtype if probs.dtype.kind == "f" else np.dtype(np.float64)
    eps = max(_PROB_EPS, float(np.finfo(dt).epsneg))
    p = np.clip(probs, eps, 1.0 - eps)
    n = p.size
    value = -float(np.sum(target * np.log(p) + (1.0 - target) * np.log1p(-p),
                          dtype=np.float64)) / n
    return value, (p - target) / (p * (1.0 - p) * n)


def softmax_cross_entropy(logits: np.ndarray, target: np.ndarray):
    r"""Mean cross-entropy of :math:`\operatorname{softmax}(z)` against one-hot rows, from logits.

    .. math:: L = \frac{1}{n}\sum_i \Bigl(\log\sum_j e^{z_{ij} - m_i} - \sum_j y_{ij}(z_{ij} - m_i)\Bigr),
              \qquad \frac{\partial L}{\partial z_{ij}} = \frac{\operatorname{softmax}(z_i)_j - y_{ij}}{n}

    *target* is one-hot (or any rows of class probabilities), shape ``(n, k)``.

    Examples
    --------
    >>> value, grad = softmax_cross_entropy(np.array([[0.0, 0.0]]), np.array([[1.0, 0.0]]))
    >>> round(value, 6), grad.tolist()
    (0.693147, [[-0.5, 0.5]])
    """  # noqa: E501
    n = logits.shape[0]
    shifted = logits - logits.max(axis=1, keepdims=True)
    with np.errstate(under="ignore"):
        e = np.exp(shifted)
        s = e.sum(axis=1, keepdims=True)
        value = float(np.sum(np.log(s), dtype=np.float64)
                      - np.sum(target * shifted, dtype=np.float64)) / n
        e /= s
    e -= target
    e *= 1.0 / n
    return value, e


def weight_penalty(weights, l1: float = 0.0, l2: float = 0.0) -> float:
    r"""The penalty :math:`\lambda_1 \sum |w| + \tfrac{\lambda_2}{2} \sum w^2` over *weights*.

    Its gradient is :math:`\lambda_1 \operatorname{sign}(w) + \lambda_2 w` (biases and
    activation parameters are not penalized by the networks).

    Examples
    --------
    >>> weight_penalty([np.array([1.0, -2.0])], l1=0.1, l2=1.0)
    2.8
    """
    total = 0.0
    for w in weights:
        if l1:
            total += l1 * float(np.sum(np.abs(w), dtype=np.float64))
        if l2:
            total += 0.5 * l2 * float(np.sum(np.square(w), dtype=np.float64))
    return total


# -- targets ----------------------------------------------------------------------

def _finite_target(y: np.ndarray) -> np.ndarray:
    y = as_float_array(y, "y")
    if not np.all(np.isfinite(y)):
        bad = np.flatnonzero(~np.isfinite(y.reshape(len(y), -1)).all(axis=1))
        raise DataError(
            f"y holds NaN or inf in {bad.size} sample(s) (first at index {int(bad[0])}); "
            "remove or impute them"
        )
    return y.astype(np.float64, copy=False)


def _column_targets(y, n_outputs: int, name: str) -> np.ndarray:
    y = _finite_target(y)
    if y.ndim == 1 and n_outputs == 1:
        y = y.reshape(-1, 1)
    if y.ndim != 2 or y.shape[1] != n_outputs:
        raise ShapeError(
            f"{name} needs y of shape (n,) or (n, 1) for a network with 1 output, or "
            f"(n, {n_outputs}) for {n_outputs} outputs; got y of shape {y.shape}"
        )
    return y


def _targets_mse(y, n_outputs: int) -> np.ndarray:
    return _column_targets(y, n_outputs, "mse")


def _targets_bce(y, n_outputs: int) -> np.ndarray:
    y = _column_targets(y, n_outputs, "binary_cross_entropy")
    bad = (y != 0.0) & (y != 1.0)
    if bad.any():
        values = np.unique(y[bad])[:5].tolist()
        raise DataError(
            f"binary_cross_entropy needs labels 0 or 1; y holds {int(bad.sum())} other "
            f"value(s), e.g. {values}"
        )
    return y


def _targets_ce(y, n_outputs: int) -> np.ndarray:
    y = _finite_target(y)
    if y.ndim == 2 and y.shape[1] == 1:
        y = y[:, 0]
    if y.ndim != 1:
        raise ShapeError(
            f"cross_entropy needs integer class labels of shape (n,); got y of shape {y.shape}"
        )
    if n_outputs < 2:
        raise ShapeError(
            "cross_entropy needs a network with at least 2 outputs (one per class); for two "
            "classes and one output use binary_cross_entropy"
        )
    bad = (y != np.floor(y)) | (y < 0) | (y >= n_outputs)
    if bad.any():
        values = np.unique(y[bad])[:5].tolist()
        raise DataError(
            f"cross_entropy labels must be integers in 0..{n_outputs - 1} (the network has "
            f"{n_outputs} outputs); y holds {int(bad.sum())} other value(s), e.g. {values}"
        )
    onehot = np.zeros((y.shape[0], n_outputs))
    onehot[np.arange(y.shape[0]), y.astype(np.intp)] = 1.0
    return onehot


# -- registry -----------------------------------------------------------------------

@dataclass(frozen=True)
class Loss:
    """One loss: its functions, its task and the output function it is fused with.

    Attributes
    ----------
    name : str
        Canonical name ("mse", "binary_cross_entropy", "cross_entropy").
    task : str
        "regression", "binary" or "multiclass" (what :meth:`Network.predict` returns).
    link : str or None
        The output activation whose logits the loss is computed from ("logistic",
        "softmax"), or None.
    from_output : callable or None
        ``(output, target) -> (value, grad)`` on the network's outputs.
    from_logits : callable or None
        ``(logits, target) -> (value, grad)`` on the logits of ``link``.
    targets : callable
        ``(y, n_outputs) -> target`` checks *y* and returns the internal target array
        (one-hot rows for cross-entropy).

    Examples
    --------
    >>> loss("bce").link
    'logistic'
    """

    name: str
    task: str
    link: str | None
    from_output: Callable | None
    from_logits: Callable | None
    targets: Callable[[object, int], np.ndarray]

    def __repr__(self) -> str:
        return f"Loss({self.name!r})"


LOSSES: dict[str, Loss] = {
    "mse": Loss("mse", "regression", None, mean_squared_error, None, _targets_mse),
    "binary_cross_entropy": Loss(
        "binary_cross_entropy", "binary", "logistic", binary_cross_entropy,
        binary_cross_entropy_with_logits, _targets_bce,
    ),
    "cross_entropy": Loss(
        "cross_entropy", "multiclass", "softmax", None, softmax_cross_entropy, _targets_ce,
    ),
}

_ALIASES = {
    "mean_squared_error": "mse",
    "bce": "binary_cross_entropy",
    "log_loss": "binary_cross_entropy",
    "softmax_cross_entropy": "cross_entropy",
    "categorical_cross_entropy": "cross_entropy",
}


def loss_names(aliases: bool = False) -> list[str]:
    """Canonical loss names, sorted (with ``aliases=True``, aliases too).

    >>> loss_names()
    ['binary_cross_entropy', 'cross_entropy', 'mse']
    """
    return sorted([*LOSSES, *_ALIASES] if aliases else LOSSES)


def loss(name: str | Loss) -> Loss:
    """Return the :class:`Loss` called *name* (a :class:`Loss` is returned unchanged).

    Examples
    --------
    >>> loss("mean_squared_error")
    Loss('mse')
    >>> loss("cross_entropie")
    Traceback (most recent call last):
    ...
    neuronkit.errors.UnknownNameError: unknown loss 'cross_entropie'; did you mean \
'cross_entropy'? choose one of: bce, binary_cross_entropy, categorical_cross_entropy, \
cross_entropy, log_loss, mean_squared_error, mse, softmax_cross_entropy
    """
    if isinstance(name, Loss):
        return name
    if isinstance(name, str):
        key = name.strip().lower().replace("-", "_")
        key = _ALIASES.get(key, key)
        if key in LOSSES:
            return LOSSES[key]
    raise unknown_name("loss", name, loss_names(aliases=True))
