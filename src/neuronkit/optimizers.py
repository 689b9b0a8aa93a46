r"""Optimizers: plain SGD, SGD with momentum, and Adam.

An optimizer updates a list of parameter arrays **in place** from the list of their
gradients: ``opt.step(params, grads)``.  It keeps its state (velocities, moment
estimates) per position in the list; :meth:`reset` forgets it.  :data:`OPTIMIZERS`
maps names to the classes and :func:`optimizer` builds one by name.

.. math::

    \text{SGD: } & \theta \leftarrow \theta - \eta g \\
    \text{momentum: } & v \leftarrow \mu v + g, \quad \theta \leftarrow \theta - \eta v
        \quad (\text{Nesterov: } \theta \leftarrow \theta - \eta (g + \mu v)) \\
    \text{Adam: } & m \leftarrow \beta_1 m + (1-\beta_1) g, \quad
        v \leftarrow \beta_2 v + (1-\beta_2) g^2, \quad
        \theta \leftarrow \theta
        - \eta\,\frac{m / (1-\beta_1^t)}{\sqrt{v / (1-\beta_2^t)} + \epsilon}

The momentum and Adam formulas are PyTorch's, so the same hyperparameters mean the
same thing.

The state is kept in the parameters' dtype (float32 state for a float32 network), and
the updates compute in it: the hyperparameters are Python floats, which NumPy applies
to a float32 array in float32.  State that no longer fits the parameters (other
shapes or another dtype: the optimizer was given to another network) is started
afresh.

Examples
--------
>>> import numpy as np
>>> w = np.array([1.0, -2.0])
>>> opt = optimizer("sgd", learning_rate=0.5)
>>> opt.step([w], [np.array([1.0, 1.0])])
>>> w
array([ 0.5, -2.5])
"""

from __future__ import annotations

import math

import numpy as np

from .errors import ParameterError, unknown_name

__all__ = ["OPTIMIZERS", "SGD", "Momentum", "Adam", "optimizer", "optimizer_names",
           "check_learning_rate"]


def check_learning_rate(value) -> float:
    """Return *value* as a finite float > 0, or raise :class:`ParameterError`.

    >>> check_learning_rate(0)
    Traceback (most recent call last):
    ...
    neuronkit.errors.ParameterError: learning_rate must be a finite number > 0, got 0
    """
    ok = not isinstance(value, bool) and isinstance(value, (int, float, np.integer, np.floating))
    if not ok or not math.isfinite(float(value)) or float(value) <= 0:
        raise ParameterError(f"learning_rate must be a finite number > 0, got {value!r}")
    return float(value)


def _fits(state: list, params: list, index: int = 0) -> bool:
    """Whether the state arrays (``state[i][index]``, or ``state[i]`` when *index* is
    None) match *params* in number, shape and dtype."""
    if len(state) != len(params):
        return False
    return all((s if index is None else s[index]).shape == p.shape and
               (s if index is None else s[index]).dtype == p.dtype
               for s, p in zip(state, params, strict=True))


def _check_unit(name: str, value, *, closed: bool = True) -> float:
    ok = not isinstance(value, bool) and isinstance(value, (int, float, np.integer, np.floating))
    if ok:
        value = float(value)
        ok = 0.0 <= value < 1.0 if closed else 0.0 < value < 1.0
    if not ok:
        interval = "[0, 1)" if closed else "(0, 1)"
        raise ParameterError(f"{name} must be a number in {interval}, got {value!r}")
    return value


class SGD:
    r"""Stochastic gradient descent, :math:`\theta \leftarrow \theta - \eta\, g`.

    Parameters
    ----------
    learning_rate : float
        Step size :math:`\eta > 0` (default 0.01).

    Examples
    --------
    >>> SGD(0.1)
    SGD(learning_rate=0.1)
    """

    name = "sgd"

    def __init__(self, learning_rate: float = 0.01):
        self.learning_rate = check_learning_rate(learning_rate)

    def reset(self) -> None:
        """Forget all state (SGD has none)."""

    def state(self) -> list[np.ndarray]:
        """The arrays of the optimizer's state (none for SGD)."""
        return []

    def step(self, params: list[np.ndarray], grads: list[np.ndarray]) -> None:
        """Update each array of *params* in place from its gradient."""
        lr = self.learning_rate
        for p, g in zip(params, grads, strict=True):
            p -= lr * g

    def config(self) -> dict:
        """Hyperparameters, as keyword arguments of the constructor."""
        return {"learning_rate": self.learning_rate}

    def __repr__(self) -> str:
        args = ", ".join(f"{k}={v!r}" for k, v in self.config().items())
        return f"{type(self).__name__}({args})"


class Momentum(SGD):
    r"""SGD with (heavy-ball or Nesterov) momentum, PyTorch's formulation.

    .. math:: v \leftarrow \mu v + g, \qquad \theta \leftarrow \theta - \eta v

    Parameters
    ----------
    learning_rate : float
        Step size :math:`\eta > 0` (default 0.01).
    momentum : float
        :math:`\mu \in [0, 1)` (default 0.9).
    nesterov : bool
        Use :math:`\theta \leftarrow \theta - \eta (g + \mu v)` (default False).

    Examples
    --------
    >>> w = np.array([0.0]); opt = Momentum(1.0, momentum=0.5)
    >>> for _ in range(2):
    ...     opt.step([w], [np.array([1.0])])
    >>> w            # steps of 1 then 1.5
    array([-2.5])
    """

    name = "momentum"

    def __init__(self, learning_rate: float = 0.01, momentum: float = 0.9,
                 nesterov: bool = False):
        super().__init__(learning_rate)
        self.momentum = _check_unit("momentum", momentum)
        self.nesterov = bool(nesterov)
        self._velocity: list[np.ndarray] = []

    def reset(self) -> None:
        """Forget the velocities."""
        self._velocity = []

    def state(self) -> list[np.ndarray]:
        """The velocities, one per parameter array (empty before the first step)."""
        return list(self._velocity)

    def step(self, params, grads) -> None:
        """Update each array of *params* in place from its gradient."""
        if not _fits(self._velocity, params, None):
            self._velocity = [np.zeros_like(p) for p in params]
        lr, mu = self.learning_rate, self.momentum
        for p, g, v in zip(params, grads, self._velocity, strict=True):
            v *= mu
            v += g
            if self.nesterov:
                p -= lr * (g + mu * v)
            else:
                p -= lr * v

    def config(self) -> dict:
        """Hyperparameters, as keyword arguments of the constructor."""
        return {"learning_rate": self.learning_rate, "momentum": self.momentum,
                "nesterov": self.nesterov}


class Adam(SGD):
    r"""Adam (Kingma & Ba, 2015) with bias correction.

    .. math::

        m \leftarrow \beta_1 m + (1-\beta_1) g, \quad
        v \leftarrow \beta_2 v + (1-\beta_2) g^2, \quad
        \theta \leftarrow \theta - \frac{\eta}{1-\beta_1^t}\,
            \frac{m}{\sqrt{v}/\sqrt{1-\beta_2^t} + \epsilon}

    Parameters
    ----------
    learning_rate : float
        Step size :math:`\eta > 0` (default 0.001).
    beta1, beta2 : float
        Decay rates of the moment estimates, in (0, 1) (defaults 0.9, 0.999).
    eps : float
        :math:`\epsilon > 0` (default 1e-8).

    Examples
    --------
    >>> w = np.array([1.0, 1.0]); opt = Adam(0.1)
    >>> opt.step([w], [np.array([3.0, -0.01])])
    >>> np.round(w, 6)     # the first Adam step has length ~lr whatever the gradient's size
    array([0.9, 1.1])
    """

    name = "adam"

    def __init__(self, learning_rate: float = 0.001, beta1: float = 0.9,
                 beta2: float = 0.999, eps: float = 1e-8):
        super().__init__(learning_rate)
        self.beta1 = _check_unit("beta1", beta1, closed=False)
        self.beta2 = _check_unit("beta2", beta2, closed=False)
        ok = not isinstance(eps, bool) and isinstance(eps, (int, float, np.integer, np.floating))
        if not ok or not (0 < float(eps) < math.inf):
            raise ParameterError(f"eps must be a finite number > 0, got {eps!r}")
        self.eps = float(eps)
        self.reset()

    def reset(self) -> None:
        """Forget the moment estimates and the step count."""
        self.t = 0
        self._state: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []

    def state(self) -> list[np.ndarray]:
        """The first and second moment estimates (and the work array of the update),
        three per parameter array (empty before the first step)."""
        return [a for triple in self._state for a in triple]

    def step(self, params, grads) -> None:
        """Update each array of *params* in place from its gradient."""
        if not _fits(self._state, params):
            self.t = 0
            self._state = [(np.zeros_like(p), np.zeros_like(p), np.empty_like(p))
                           for p in params]
        self.t += 1
        b1, b2 = self.beta1, self.beta2
        # m / (sqrt(v)/c + eps) = c m / (sqrt(v) + c eps), c = sqrt(1 - beta2^t)
        c = math.sqrt(1.0 - b2**self.t)
        step = self.learning_rate * c / (1.0 - b1**self.t)
        eps = self.eps * c
        for p, g, (m, v, tmp) in zip(params, grads, self._state, strict=True):
            m *= b1
            np.multiply(g, 1.0 - b1, out=tmp)
            m += tmp
            v *= b2
            np.multiply(g, g, out=tmp)
            tmp *= 1.0 - b2
            v += tmp
            np.sqrt(v, out=tmp)
            tmp += eps
            np.divide(m, tmp, out=tmp)
            tmp *= step
            p -= tmp

    def config(self) -> dict:
        """Hyperparameters, as keyword arguments of the constructor."""
        return {"learning_rate": self.learning_rate, "beta1": self.beta1,
                "beta2": self.beta2, "eps": self.eps}


OPTIMIZERS: dict[str, type[SGD]] = {"sgd": SGD, "momentum": Momentum, "adam": Adam}


def optimizer_names() -> list[str]:
    """Optimizer names, sorted.

    >>> optimizer_names()
    ['adam', 'momentum', 'sgd']
    """
    return sorted(OPTIMIZERS)


def optimizer(name, learning_rate: float | None = None, **kwargs) -> SGD:
    """Build the optimizer called *name* (an optimizer object is returned unchanged).

    Parameters
    ----------
    name : str or optimizer
        "sgd", "momentum" or "adam", or an optimizer object.
    learning_rate : float, optional
        Step size; the class default when omitted.  With an object it must be omitted
        or equal the object's own.
    **kwargs
        Other hyperparameters of the class (``momentum``, ``beta1``, ...).

    Examples
    --------
    >>> optimizer("adam", learning_rate=0.05)
    Adam(learning_rate=0.05, beta1=0.9, beta2=0.999, eps=1e-08)
    >>> optimizer("adamw")
    Traceback (most recent call last):
    ...
    neuronkit.errors.UnknownNameError: unknown optimizer 'adamw'; did you mean 'adam'? \
choose one of: adam, momentum, sgd
    """
    if isinstance(name, SGD):
        if kwargs:
            raise ParameterError("hyperparameters cannot be given together with an optimizer "
                                 "object; set them on the object")
        if learning_rate is not None and check_learning_rate(learning_rate) != name.learning_rate:
            raise ParameterError(
                f"learning_rate={learning_rate!r} differs from the optimizer object's "
                f"learning_rate={name.learning_rate!r}; give it in one place"
            )
        return name
    if isinstance(name, str):
        key = name.strip().lower()
        if key in OPTIMIZERS:
            if learning_rate is not None:
                kwargs["learning_rate"] = learning_rate
            try:
                return OPTIMIZERS[key](**kwargs)
            except TypeError as exc:
                raise ParameterError(f"bad hyperparameter for {key}: {exc}") from None
    raise unknown_name("optimizer", name, OPTIMIZERS)
