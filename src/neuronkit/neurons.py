r"""Single neurons: the McCulloch-Pitts neuron and the general neuron :math:`a = f(w^\top x + b)`.

The McCulloch-Pitts (MP) neuron fires when its weighted input exceeds its threshold:

.. math:: y = \begin{cases} 1 & w^\top x + b > 0 \\ 0 & \text{otherwise} \end{cases}

With the right weights it computes AND, OR, NOT, NAND and NOR (:meth:`MPNeuron.gate`).
It cannot compute XOR or XNOR: their truth tables are not linearly separable, which
:func:`linear_separability` proves by linear programming, while the two-layer MP
networks of :func:`xor_network` and :func:`xnor_network` compute them.  The general :class:`Neuron` replaces the
step by any activation :math:`f` of the catalogue.

Examples
--------
>>> import neuronkit as nk
>>> nk.MPNeuron.gate("and")([[0, 0], [0, 1], [1, 0], [1, 1]]).tolist()
[0, 0, 0, 1]
>>> nk.linear_separability(*nk.datasets.logic_gate("xor")).separable
False
>>> nk.xor_network()([[0, 0], [0, 1], [1, 0], [1, 1]]).tolist()
[0, 1, 1, 0]
"""  # noqa: E501

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from ._engine import as_float_array
from .activations import Activation, activation
from .errors import DataError, ParameterError, ShapeError, unknown_name

__all__ = ["GATES", "TWO_LAYER_GATES", "MPNeuron", "MPNetwork", "Neuron", "Separability",
           "gate_inputs", "linear_separability", "truth_table", "truth_table_inputs",
           "xnor_network", "xor_network"]

# each gate as a function of a tuple of 0/1 inputs
GATES = {
    "and": lambda bits: int(all(bits)),
    "or": lambda bits: int(any(bits)),
    "nand": lambda bits: int(not all(bits)),
    "nor": lambda bits: int(not any(bits)),
    "xor": lambda bits: int(sum(bits) % 2 == 1),
    "xnor": lambda bits: int(sum(bits) % 2 == 0),
    "not": lambda bits: int(not bits[0]),
}
#: the gates that no single MP neuron computes (not linearly separable): each has a
#: two-layer MP network, :func:`xor_network` and :func:`xnor_network`
TWO_LAYER_GATES = ("xor", "xnor")


def gate_inputs(name: str, n_inputs: int | None = None) -> int:
    """The number of inputs of the gate *name* ("and", "not", ...): *n_inputs*, checked
    (at least 2; "not" takes exactly one), or by default 2 (1 for "not").

    >>> gate_inputs("and"), gate_inputs("or", 3), gate_inputs("not")
    (2, 3, 1)
    >>> gate_inputs("not", 2)
    Traceback (most recent call last):
    ...
    neuronkit.errors.ParameterError: the not gate takes one input, got n_inputs=2
    """
    if name == "not":
        if n_inputs is not None and n_inputs != 1:
            raise ParameterError(f"the not gate takes one input, got n_inputs={n_inputs!r}")
        return 1
    if n_inputs is None:
        return 2
    if not isinstance(n_inputs, (int, np.integer)) or isinstance(n_inputs, bool) \
            or n_inputs < 2:
        raise ParameterError(f"the {name.upper()} gate needs at least 2 inputs, got "
                             f"n_inputs={n_inputs!r}")
    return int(n_inputs)


def truth_table_inputs(n_inputs: int) -> np.ndarray:
    """All ``2**n_inputs`` 0/1 input rows, in binary counting order.

    >>> truth_table_inputs(2).astype(int).tolist()
    [[0, 0], [0, 1], [1, 0], [1, 1]]
    """
    if not isinstance(n_inputs, (int, np.integer)) or isinstance(n_inputs, bool) \
            or not 1 <= n_inputs <= 24:
        raise ParameterError(f"n_inputs must be an integer in 1..24, got {n_inputs!r}")
    n = int(n_inputs)
    # bit n-1-j of each row number: binary counting order, without a Python tuple per row
    return ((np.arange(1 << n)[:, None] >> np.arange(n - 1, -1, -1)) & 1).astype(np.float64)


def _weights(weights) -> np.ndarray:
    w = as_float_array(weights, "weights").astype(np.float64, copy=True)
    if w.ndim != 1 or w.size == 0:
        raise ShapeError(f"weights must be a non-empty vector of shape (d,); got shape {w.shape}")
    if not np.all(np.isfinite(w)):
        raise ParameterError(f"weights must be finite, got {w.tolist()}")
    w.setflags(write=False)
    return w


def _bias(bias) -> float:
    ok = not isinstance(bias, bool) and isinstance(bias, (int, float, np.integer, np.floating))
    if not ok or not math.isfinite(float(bias)):
        raise ParameterError(f"bias must be a finite real number, got {bias!r}")
    return float(bias)


def _net_input(w: np.ndarray, b: float, x) -> np.ndarray:
    x = as_float_array(x, "x")
    if x.ndim not in (1, 2) or x.shape[-1] != w.shape[0]:
        raise ShapeError(
            f"x has shape {x.shape} but the weights have shape {w.shape}: x must have shape "
            f"({w.shape[0]},) for one input or (n, {w.shape[0]}) for a batch"
        )
    return x.astype(np.float64, copy=False) @ w + b


class MPNeuron:
    r"""The McCulloch-Pitts neuron: output 1 if :math:`w^\top x + b > 0`, else 0.

    Parameters
    ----------
    weights : array_like, shape (d,)
    bias : float
        :math:`b = -\theta` for a threshold :math:`\theta`.

    Examples
    --------
    >>> n = MPNeuron(weights=[1, 1], bias=-1.5)
    >>> n([1, 1]), n([[0, 0], [0, 1], [1, 0], [1, 1]]).tolist()
    (1, [0, 0, 0, 1])
    """

    def __init__(self, weights, bias: float = 0.0):
        self.weights = _weights(weights)
        self.bias = _bias(bias)

    @property
    def n_inputs(self) -> int:
        """Number of inputs."""
        return self.weights.shape[0]

    def net_input(self, x) -> np.ndarray:
        r""":math:`w^\top x + b` for one input ``(d,)`` or a batch ``(n, d)``."""
        return _net_input(self.weights, self.bias, x)

    def __call__(self, x):
        """0/1 output: an int for one input, an int64 array for a batch."""
        fired = (self.net_input(x) > 0).astype(np.int64)
        return int(fired) if fired.ndim == 0 else fired

    @classmethod
    def gate(cls, name: str, n_inputs: int | None = None) -> MPNeuron:
        """The MP neuron of a logic gate: "and", "or", "nand" or "nor" (of *n_inputs*
        inputs, default 2) or "not" (one input).

        Unit weights (negative for the negated gates) and a threshold half-way between
        the last input count that must not fire and the first that must.  "xor" and
        "xnor" raise an error: no single MP neuron computes them (see
        :func:`xor_network` and :func:`xnor_network`).

        >>> MPNeuron.gate("nor")
        MPNeuron(weights=[-1.0, -1.0], bias=0.5)
        >>> MPNeuron.gate("and", n_inputs=3)([1, 1, 1])
        1
        """
        key = name.strip().lower() if isinstance(name, str) else name
        if key in TWO_LAYER_GATES:
            raise ParameterError(
                f"no single MP neuron computes {key}: its truth table is not linearly "
                f"separable (see linear_separability); use {key}_network() for a two-layer "
                "one")
        if key not in GATES:
            raise unknown_name("gate", name, [g for g in GATES if g not in TWO_LAYER_GATES])
        n_inputs = gate_inputs(key, n_inputs)
        if key == "not":
            return cls([-1.0], 0.5)
        ones = np.ones(n_inputs)
        table = {"and": (ones, 0.5 - n_inputs), "or": (ones, -0.5),
                 "nand": (-ones, n_inputs - 0.5), "nor": (-ones, 0.5)}
        w, b = table[key]
        return cls(w, b)

    @classmethod
    def from_truth_table(cls, X, y) -> MPNeuron:
        """An MP neuron that reproduces the labels *y* on the inputs *X*, if one exists.

        Raises
        ------
        DataError
            If no single MP neuron can (the classes are not linearly separable).

        >>> import neuronkit as nk
        >>> n = MPNeuron.from_truth_table(*nk.datasets.logic_gate("or"))
        >>> n([[0, 0], [0, 1], [1, 0], [1, 1]]).tolist()
        [0, 1, 1, 1]
        """
        result = linear_separability(X, y)
        if not result.separable:
            raise DataError(f"no single MP neuron computes this truth table: {result.reason}")
        return cls(result.weights, result.bias)

    def truth_table(self):
        """``(X, y)`` over all 0/1 inputs.

        >>> MPNeuron.gate("or").truth_table()[1].tolist()
        [0, 1, 1, 1]
        """
        return truth_table(self, self.n_inputs)

    def __repr__(self) -> str:
        return f"MPNeuron(weights={self.weights.tolist()}, bias={self.bias!r})"


class MPNetwork:
    """Layers of MP neurons; each layer's outputs are the next layer's inputs.

    Parameters
    ----------
    layers : sequence of sequences of MPNeuron
        The neurons of a layer must all take as many inputs as the previous layer has
        neurons.

    Examples
    --------
    >>> net = MPNetwork([[MPNeuron.gate("or"), MPNeuron.gate("nand")], [MPNeuron.gate("and")]])
    >>> net([1, 0])
    1
    """

    def __init__(self, layers: Sequence[Sequence[MPNeuron]]):
        self.layers = tuple(tuple(layer) for layer in layers)
        if not self.layers or any(not layer for layer in self.layers):
            raise ParameterError("an MPNetwork needs at least one non-empty layer")
        width = self.layers[0][0].n_inputs
        for i, layer in enumerate(self.layers):
            for neuron in layer:
                if not isinstance(neuron, MPNeuron):
                    raise ParameterError(f"layer {i} holds a {type(neuron).__name__}, "
                                         "not an MPNeuron")
                if neuron.n_inputs != width:
                    raise ShapeError(f"a neuron of layer {i} takes {neuron.n_inputs} inputs "
                                     f"but the layer receives {width}")
            width = len(layer)

    @property
    def n_inputs(self) -> int:
        """Number of inputs."""
        return self.layers[0][0].n_inputs

    def __call__(self, x):
        """0/1 outputs (one output: an int per input; several: one per neuron)."""
        h = as_float_array(x, "x")
        single = h.ndim == 1
        h = np.atleast_2d(h)
        for layer in self.layers:
            h = np.column_stack([neuron(h) for neuron in layer])
        out = h[:, 0] if h.shape[1] == 1 else h
        return (int(out[0]) if out.ndim == 1 else out[0]) if single else out

    def __repr__(self) -> str:
        inner = ", ".join("[" + ", ".join(repr(n) for n in layer) + "]" for layer in self.layers)
        return f"MPNetwork([{inner}])"


def xor_network() -> MPNetwork:
    r"""The two-layer MP network for XOR: :math:`\mathrm{AND}(\mathrm{OR}(x), \mathrm{NAND}(x))`.

    >>> xor_network().layers[0]
    (MPNeuron(weights=[1.0, 1.0], bias=-0.5), MPNeuron(weights=[-1.0, -1.0], bias=1.5))
    """
    return MPNetwork([[MPNeuron.gate("or"), MPNeuron.gate("nand")], [MPNeuron.gate("and")]])


def xnor_network() -> MPNetwork:
    r"""The two-layer MP network for XNOR: :math:`\mathrm{OR}(\mathrm{AND}(x), \mathrm{NOR}(x))`.

    XNOR (1 when both inputs are equal) is XOR negated and, like XOR, not linearly
    separable: both inputs on, or both off.

    >>> xnor_network()([[0, 0], [0, 1], [1, 0], [1, 1]]).tolist()
    [1, 0, 0, 1]
    >>> xnor_network().layers[0]
    (MPNeuron(weights=[1.0, 1.0], bias=-1.5), MPNeuron(weights=[-1.0, -1.0], bias=0.5))
    """  # noqa: E501
    return MPNetwork([[MPNeuron.gate("and"), MPNeuron.gate("nor")], [MPNeuron.gate("or")]])


def truth_table(fn: Callable, n_inputs: int | None = None):
    """``(X, y)``: the outputs of *fn* (an MP neuron, an MP network or a function of one
    0/1 input row) on every 0/1 input of length *n_inputs*.

    >>> truth_table(lambda row: int(row[0] != row[1]), 2)[1].tolist()
    [0, 1, 1, 0]
    """
    if n_inputs is None:
        n_inputs = getattr(fn, "n_inputs", None)
        if n_inputs is None:
            raise ParameterError("n_inputs is needed for a plain function")
    X = truth_table_inputs(n_inputs)
    y = np.array([int(fn(row)) for row in X], dtype=np.int64)
    return X, y


@dataclass(frozen=True)
class Separability:
    """The answer of :func:`linear_separability`.

    Attributes
    ----------
    separable : bool
        Whether some hyperplane :math:`w^\\top x + b = 0` has every label-1 point
        strictly on its positive side and every label-0 point strictly on the other.
    weights, bias : ndarray and float, or None
        Such a hyperplane (scaled so that :math:`|w_j| \\le 1`), when one exists.
    margin : float
        The largest :math:`t` with :math:`s_i(w^\\top x_i + b) \\ge t` for all points
        (:math:`s_i = \\pm 1`) under :math:`|w_j| \\le 1`; positive iff separable.
    reason : str
        One sentence saying why.
    """

    separable: bool
    weights: np.ndarray | None
    bias: float | None
    margin: float
    reason: str

    def __bool__(self) -> bool:
        return self.separable


def linear_separability(X, y, tol: float = 1e-9) -> Separability:
    r"""Decide whether the 0/1 labels *y* of the points *X* are linearly separable.

    Solves the linear program

    .. math:: \max_{w, b, t}\; t \quad\text{s.t.}\quad
              s_i (w^\top x_i + b) \ge t,\; |w_j| \le 1,\; t \le 1,
              \qquad s_i = 2 y_i - 1,

    with SciPy's HiGHS solver.  The labels are separable (a single MP neuron computes
    them) exactly when the optimal margin :math:`t^*` is positive.

    Examples
    --------
    >>> import neuronkit as nk
    >>> r = linear_separability(*nk.datasets.logic_gate("and"))
    >>> r.separable, round(r.margin, 3)
    (True, 0.5)
    >>> print(linear_separability(*nk.datasets.logic_gate("xor")).reason[:42])
    not linearly separable: the best margin is
    """
    X, y = _labelled_points(X, y)
    if np.all(y == y[0]):  # one class: a constant neuron does it
        w = np.zeros(X.shape[1])
        return Separability(True, w, 1.0 if y[0] == 1 else -1.0, 1.0,
                            "one class only: a constant output")
    w, b, t = _max_margin(X, y)
    if t > tol:
        return Separability(True, w, b, t, f"separable with margin {t:.6g}")
    return Separability(
        False, None, None, 0.0,
        "not linearly separable: the best margin is 0, so no w, b puts every 1 strictly "
        "above and every 0 strictly below a hyperplane",
    )


def _labelled_points(X, y) -> tuple[np.ndarray, np.ndarray]:
    """*X* as a finite float64 (n, d) array with n >= 1, and *y* as n 0/1 labels."""
    X = as_float_array(X, "X").astype(np.float64)
    y = np.asarray(y)
    if X.ndim != 2 or y.shape != (X.shape[0],) or X.shape[0] == 0:
        raise ShapeError(f"X must have shape (n, d) and y shape (n,), n >= 1; got {X.shape} "
                         f"and {y.shape}")
    if not np.all((y == 0) | (y == 1)):
        raise DataError("y must hold 0/1 labels")
    if not np.all(np.isfinite(X)):
        raise DataError("X holds NaN or inf")
    return X, y


def _max_margin(X: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, float, float]:
    """The optimal (w, b, t) of the linear program of :func:`linear_separability`."""
    from scipy.optimize import linprog

    n, d = X.shape
    s = 2.0 * y.astype(np.float64) - 1.0
    # variables (w_1..w_d, b, t); minimize -t subject to -s_i (w.x_i + b) + t <= 0
    a_ub = np.column_stack([-s[:, None] * X, -s, np.ones(n)])
    big = 1.0 + d * float(np.max(np.abs(X))) * 2.0 + 1.0
    bounds = [(-1.0, 1.0)] * d + [(-big, big), (None, 1.0)]
    c = np.zeros(d + 2)
    c[-1] = -1.0
    res = linprog(c, A_ub=a_ub, b_ub=np.zeros(n), bounds=bounds, method="highs")
    if res.status != 0:  # pragma: no cover - the LP is always feasible and bounded
        raise RuntimeError(f"linear program failed: {res.message}")
    return res.x[:d], float(res.x[d]), float(res.x[d + 1])


class Neuron:
    r"""The general neuron :math:`a = f(w^\top x + b)`.

    Parameters
    ----------
    weights : array_like, shape (d,)
    bias : float
    activation : str or Activation
        A catalogue name (default ``"identity"``) or an :class:`~neuronkit.Activation`.

    Examples
    --------
    >>> import numpy as np
    >>> u = Neuron(weights=[0.5, -1.0], bias=0.1, activation="tanh")
    >>> round(float(u.net_input([1.0, 0.2])), 6), round(float(u([1.0, 0.2])), 6)
    (0.4, 0.379949)
    >>> u(np.zeros((3, 2))).shape
    (3,)
    """

    def __init__(self, weights, bias: float = 0.0, activation: str | Activation = "identity"):
        self.weights = _weights(weights)
        self.bias = _bias(bias)
        self.activation = _as_activation(activation)

    @property
    def n_inputs(self) -> int:
        """Number of inputs."""
        return self.weights.shape[0]

    def net_input(self, x) -> np.ndarray:
        r""":math:`z = w^\top x + b`: a scalar for ``x`` of shape ``(d,)``, ``(n,)`` for ``(n, d)``.

        Raises
        ------
        ShapeError (a ValueError)
            Naming both shapes when the last axis of *x* is not ``d``.
        """  # noqa: E501
        return _net_input(self.weights, self.bias, x)

    def __call__(self, x) -> np.ndarray:
        """:math:`a = f(z)`."""
        return self.activation(self.net_input(x))

    def derivative(self, x) -> np.ndarray:
        r""":math:`f'(z)`, the local gradient :math:`\partial a / \partial z`."""
        return self.activation.derivative(self.net_input(x))

    def __repr__(self) -> str:
        return (f"Neuron(weights={self.weights.tolist()}, bias={self.bias!r}, "
                f"activation={self.activation!r})")


def _as_activation(act) -> Activation:
    act = act if isinstance(act, Activation) else activation(act)
    if not isinstance(act, Activation):  # softmax, the GLU family: functions of a vector
        raise ParameterError(f"a neuron's activation acts on its one net input; {act.name} "
                             "is a vector activation (use it in a Dense layer)")
    return act
