r"""Layers of a network: :class:`Dense` (with any catalogue activation or softmax) and :class:`Maxout`.

A layer maps a batch ``x`` of shape ``(n, in_features)`` to ``(n, out_features)``.
During training :meth:`forward` keeps what the backward pass needs (the input and
the activation's derivative :math:`f'(z)`, computed together with :math:`f(z)`),
and :meth:`backward` turns :math:`\partial L/\partial a` into the gradients of the
layer's parameters and :math:`\partial L/\partial x`:

.. math::

    z = x W + b, \quad a = f(z), \qquad
    \delta = \frac{\partial L}{\partial a} \odot f'(z), \quad
    \frac{\partial L}{\partial W} = x^\top \delta, \quad
    \frac{\partial L}{\partial b} = \textstyle\sum_\text{rows} \delta, \quad
    \frac{\partial L}{\partial x} = \delta W^\top.

Every derivative is the activation catalogue's analytical one (no autodiff).  A layer
owns its parameter arrays until it is put into a :class:`~neuronkit.Network`, which
moves all parameters of all layers into one contiguous vector (so that an optimizer
step is a handful of vectorized operations) and hands each layer views into it.

A layer computes in one float dtype, ``float64`` (the default) or ``float32``
(``dtype=``): its parameters, gradients, activations and the buffers of its passes.
In training (``forward(..., reuse=True)``, as :meth:`Network.backprop
<neuronkit.Network.backprop>` calls it) the pre-activation, the activation's value
and derivative (one fused call, ``value_and_derivative(z, out=(a, d))``), the
backward delta and the input gradient are written into buffers kept per batch size,
so that an epoch allocates them once, not once per batch.
"""  # noqa: E501

from __future__ import annotations

import numpy as np

from .activations import (
    INIT_FAMILIES,
    REGISTRY,
    VECTOR_REGISTRY,
    Activation,
    VectorActivation,
    activation,
    resolve_name,
)
from .checks import check_positive_int
from .errors import ParameterError, ShapeError
from .initializers import initializer

__all__ = ["Dense", "Maxout", "LAYERS", "DTYPES", "check_dtype", "default_init"]

DTYPES = ("float32", "float64")
"""The float dtypes layers and networks compute in."""

_BUFFER_SIZES = 4  # batch sizes whose buffers a layer keeps (an epoch needs 1 or 2)


def check_dtype(dtype) -> np.dtype:
    """*dtype* (``"float32"``, ``"float64"``, ``numpy.float32``, ...) as a NumPy dtype,
    or a :class:`ParameterError` saying which are possible.

    >>> check_dtype("float32"), check_dtype(np.float64)
    (dtype('float32'), dtype('float64'))
    >>> check_dtype("float16")
    Traceback (most recent call last):
    ...
    neuronkit.errors.ParameterError: dtype must be 'float32' or 'float64', got 'float16'
    """
    try:
        dt = np.dtype(dtype) if dtype is not None else None
    except (TypeError, ValueError):
        dt = None
    if dt is None or dt.name not in DTYPES:
        raise ParameterError(f"dtype must be 'float32' or 'float64', got {dtype!r}")
    return dt



def default_init(activation_name: str) -> str:
    """The default weight initializer for an activation, from its declared family: He
    for ReLU-like units, LeCun normal for SELU, Xavier/Glorot uniform otherwise (and
    for softmax).

    >>> default_init("relu"), default_init("tanh"), default_init("selu")
    ('he_uniform', 'xavier_uniform', 'lecun_normal')
    """
    spec = REGISTRY.get(activation_name)
    return INIT_FAMILIES[spec.init if spec is not None else "xavier"]


def _make_rng(seed, rng) -> np.random.Generator:
    if rng is not None:
        if seed is not None:
            raise ParameterError("give either seed or rng, not both")
        if not isinstance(rng, np.random.Generator):
            raise ParameterError(f"rng must be a numpy.random.Generator, got {type(rng).__name__}")
        return rng
    return np.random.default_rng(seed)


def _init_name(init) -> str | None:
    return init if isinstance(init, str) else getattr(init, "__name__", None)


class _Base:
    """What :class:`Dense` and :class:`Maxout` share: parameter storage and binding."""

    in_features: int
    out_features: int
    _names: tuple[str, ...]

    def named_parameters(self) -> list[tuple[str, np.ndarray]]:
        """``[(name, array), ...]`` of the layer's parameters (the arrays themselves)."""
        return [(n, self._params[n]) for n in self._names]

    def named_gradients(self) -> list[tuple[str, np.ndarray]]:
        """``[(name, array), ...]`` of the gradients from the last backward pass."""
        return [(n, self._grads[n]) for n in self._names]

    @property
    def weight(self) -> np.ndarray:
        """Weight matrix, shape ``(in_features, columns)``."""
        return self._params["weight"]

    @property
    def bias(self) -> np.ndarray:
        """Bias vector."""
        return self._params["bias"]

    owner: object | None = None
    """The :class:`~neuronkit.Network` this layer belongs to (None before it joins one)."""

    dtype_given: bool = False
    """Whether ``dtype`` was given to the constructor (a :class:`~neuronkit.Network`
    without a ``dtype`` of its own takes its layers' given one)."""

    @property
    def dtype(self) -> np.dtype:
        """The float dtype of the parameters, gradients and passes."""
        return self._dtype

    def _setup(self, shapes: dict[str, tuple], dtype) -> None:
        """Parameter and gradient arrays of *shapes* in *dtype* (float64 when None)."""
        self.dtype_given = dtype is not None
        self._dtype = check_dtype("float64" if dtype is None else dtype)
        self._params = {n: np.zeros(s, self._dtype) for n, s in shapes.items()}
        self._grads = {n: np.zeros(s, self._dtype) for n, s in shapes.items()}
        self._cache: tuple = ()
        self._reuse = False
        self._buffers: dict[int, dict[str, np.ndarray]] = {}

    def bind(self, params: dict[str, np.ndarray], grads: dict[str, np.ndarray]) -> None:
        """Keep the parameters and gradients in the given arrays (views into a network's
        flat vectors), copying the current values into them; the layer takes their
        dtype."""
        for n in self._names:
            params[n][...] = self._params[n]
        self._params, self._grads = params, grads
        self._dtype = params[self._names[0]].dtype
        self._buffers = {}
        self._cache = ()

    def _buffer(self, name: str, shape: tuple) -> np.ndarray:
        """The buffer *name* of *shape* (rows first) in the layer's dtype, kept for the
        next batch of the same size."""
        bufs = self._buffers.get(shape[0])
        if bufs is None:
            if len(self._buffers) >= _BUFFER_SIZES:
                self._buffers.clear()
            bufs = self._buffers[shape[0]] = {}
        arr = bufs.get(name)
        if arr is None or arr.shape != shape:
            arr = bufs[name] = np.empty(shape, self._dtype)
        return arr

    def _affine(self, x: np.ndarray, cols: int, reuse: bool) -> np.ndarray:
        """:math:`xW + b` (into a kept buffer with *reuse*)."""
        w = self._params["weight"]
        z = np.matmul(x, w, out=self._buffer("z", (x.shape[0], cols))) if reuse else x @ w
        z += self._params["bias"]
        return z

    def _input_grad(self, delta: np.ndarray) -> np.ndarray:
        r""":math:`\delta W^\top` (into a kept buffer after a forward pass with *reuse*)."""
        wt = self._params["weight"].T
        if self._reuse:
            return np.matmul(delta, wt, out=self._buffer("gx", (delta.shape[0],
                                                                 self.in_features)))
        return delta @ wt

    def _check_input(self, x: np.ndarray) -> np.ndarray:
        """*x* in the layer's dtype (converted if it is in another)."""
        if type(x) is not np.ndarray:
            x = np.asarray(x)
        if x.ndim != 2 or x.shape[1] != self.in_features:
            raise ShapeError(
                f"{type(self).__name__} expects input of shape (n, {self.in_features}); "
                f"got shape {x.shape}"
            )
        return x if x.dtype == self._dtype else x.astype(self._dtype)

    def _copy_from(self, other: _Base) -> None:
        """Take *other*'s parameter values (rounded to this layer's dtype) and initializer
        names (for :meth:`copy`)."""
        for n in self._names:
            self._params[n][...] = other._params[n]
        self.init_name, self._init = other.init_name, other._init
        self.bias_init_name, self._bias_init = other.bias_init_name, other._bias_init

    def _init_weights(self, rng, shape, fan_out):
        w = np.asarray(self._init(shape, self.in_features, fan_out, rng), dtype=np.float64)
        b = np.asarray(self._bias_init(shape[1:], self.in_features, fan_out, rng),
                       dtype=np.float64)
        if w.shape != shape or b.shape != shape[1:]:
            raise ParameterError(f"initializer returned shapes {w.shape}, {b.shape}; "
                                 f"expected {shape}, {shape[1:]}")
        self._params["weight"][...] = w
        self._params["bias"][...] = b


class Dense(_Base):
    r"""Fully connected layer :math:`a = f(xW + b)`.

    Parameters
    ----------
    in_features, out_features : int
        Input and output widths.  ``weight`` has shape ``(in_features, out_features)``.
    activation : str or Activation or VectorActivation
        Any name of the catalogue (:func:`neuronkit.activation_names`), an
        :class:`~neuronkit.Activation` with parameters bound, or a vector activation
        (:func:`neuronkit.vector_activation_names`), row-wise: ``"softmax"`` (for a
        multi-class output layer), ``"log_softmax"``, ``"sparsemax"``, or a gated linear
        unit ``"glu"``, ``"geglu"``, ``"swiglu"``, ``"reglu"``, for which ``weight`` has
        ``2 * out_features`` columns: :math:`z = xW + b` is split into halves
        :math:`(z_a, z_b)` and the output is :math:`z_a \otimes g(z_b)`.  The backward
        pass of a vector activation is its ``vjp``.  Default ``"identity"``.
    init : str or callable, optional
        Weight initializer (:mod:`neuronkit.initializers`); default :func:`default_init`
        of the activation.
    bias_init : str or callable
        Bias initializer (default ``"zeros"``).
    seed : int, optional
        Seed of the initialization; or pass ``rng``, a ``numpy.random.Generator``.
        :class:`~neuronkit.Network` re-initializes its layers when given a ``seed``.
    learn_activation : bool or tuple of str
        Train the activation's learnable parameters (``properties.learnable``: PReLU's
        ``negative_slope``, Swish's ``beta``; not for the alias "silu", which fixes
        :math:`\beta = 1`) with the weights (default True), or only those named in a
        tuple.  Each is **one scalar per layer**, shared by its units; swish's ``beta`` is kept
        :math:`\ge 10^{-4}` after each step.  Their derivatives are
        :math:`\partial\,\mathrm{prelu}/\partial a = \min(0, z)` and
        :math:`\partial\,\mathrm{swish}/\partial\beta = z^2\sigma(\beta z)(1-\sigma(\beta z))`.
    dtype : {"float64", "float32"} or numpy dtype, optional
        What the layer computes in: parameters, gradients, activations and buffers
        (default float64; input in another float dtype is converted).  The weights are
        drawn in float64 and rounded, so the same seed gives the same weights, rounded,
        in both dtypes.  In a :class:`~neuronkit.Network` the network's dtype rules.

    Examples
    --------
    >>> import numpy as np, neuronkit as nk
    >>> layer = nk.Dense(3, 2, activation="tanh", seed=0)
    >>> layer.forward(np.ones((4, 3))).shape
    (4, 2)
    >>> nk.Dense(2, 2, activation="prelu").learnable
    ('negative_slope',)
    >>> nk.Dense(3, 2, dtype="float32", seed=0).forward(np.ones((4, 3))).dtype
    dtype('float32')
    """

    kind = "dense"

    def __init__(self, in_features: int, out_features: int, activation: str | Activation =
                 "identity", *, init=None, bias_init="zeros", seed=None, rng=None,
                 learn_activation: bool | tuple[str, ...] = True, dtype=None):
        self.in_features = check_positive_int("in_features", in_features)
        self.out_features = check_positive_int("out_features", out_features)
        self.vector = _vector_activation(activation)
        self._width = self.out_features
        if self.vector is not None:  # softmax, log_softmax, sparsemax, the GLU family
            self.activation: Activation | None = None
            self.activation_name = self.vector.name
            self._fixed: dict = {}
            self.learnable: tuple[str, ...] = ()
            self._learned: dict = {}
            if self.vector.spec.gated:  # a GLU layer: z = xW + b has both halves
                self._width = 2 * self.out_features
        else:
            act = _activation(activation)
            self.activation = act
            self.activation_name = act.name
            self._fixed = act.params
            # an alias that fixes a parameter ("silu": swish with beta = 1) does not learn it
            fixed = resolve_name(activation)[1] if isinstance(activation, str) else {}
            possible = tuple(p for p in act.properties.learnable if p not in fixed)
            if isinstance(learn_activation, bool):
                self.learnable = possible if learn_activation else ()
            else:
                self.learnable = tuple(learn_activation)
                wrong = [p for p in self.learnable if p not in possible]
                if wrong:
                    raise ParameterError(f"{act.name} cannot learn {wrong}; it can learn: "
                                         f"{', '.join(possible) or 'nothing'}")
            declared = {p.name: p for p in act.spec.params}
            self._learned = {p: declared[p] for p in self.learnable}
        self.init_name = _init_name(init) if init is not None else default_init(
            self.activation_name)
        self._init = initializer(init if init is not None else self.init_name)
        self.bias_init_name = _init_name(bias_init)
        self._bias_init = initializer(bias_init)
        self._names = ("weight", "bias", *self.learnable)
        shapes = {"weight": (self.in_features, self._width), "bias": (self._width,)}
        shapes.update({p: (1,) for p in self.learnable})
        self._setup(shapes, dtype)
        self.initialize(_make_rng(seed, rng))
        # the generator of a random activation's training form (rrelu), set by fit for
        # its training passes; None: the inference form
        self.noise_rng: np.random.Generator | None = None

    def initialize(self, rng: np.random.Generator) -> None:
        """Draw new weights and biases from *rng*; reset learned activation parameters."""
        self._init_weights(rng, (self.in_features, self._width), self._width)
        for p in self.learnable:
            self._params[p][0] = self._fixed[p]

    def current_activation(self) -> Activation | None:
        """The activation with the current (learned) parameter values (None for softmax).

        >>> import neuronkit as nk
        >>> nk.Dense(2, 2, activation="swish").current_activation()
        Activation('swish', beta=1.0)
        """
        if self.activation is None or not self.learnable:
            return self.activation
        params = dict(self._fixed)
        params.update({p: float(self._params[p][0]) for p in self.learnable})
        return activation(self.activation_name, **params)

    def _evaluate(self, z: np.ndarray, out: tuple | None = None):
        """``(f(z), f'(z))`` with the current (learned) parameters, in one fused call
        (into the arrays of *out*, if given); in a training pass of ``fit``
        (:attr:`noise_rng` set), a random activation's training form (rrelu's slopes)."""
        act = self.current_activation()
        training = act.spec.training
        if training is None or self.noise_rng is None or not self._reuse:
            return act.value_and_derivative(z, out=out)
        f, d = training(z, self.noise_rng, *act.params.values())
        if out is None:
            return f.astype(z.dtype, copy=False), d.astype(z.dtype, copy=False)
        np.copyto(out[0], f, casting="same_kind")
        np.copyto(out[1], d, casting="same_kind")
        return out

    def forward(self, x: np.ndarray, keep: bool = True, logits: bool = False,
                reuse: bool = False) -> np.ndarray:
        """Return :math:`f(xW + b)`; with *keep*, remember what :meth:`backward` needs.

        With *logits*, return :math:`z = xW + b` and skip the activation (for a loss
        fused with it, whose backward pass starts from :math:`\\partial L/\\partial z`).
        With *reuse* (training), the results and those of the next :meth:`backward`
        are written into buffers the layer keeps for the next batch of the same size:
        they are valid until then.
        """
        x = self._check_input(x)
        z = self._affine(x, self._width, reuse)
        self._reuse = reuse
        if logits:
            if keep:
                self._cache = (x, z, None, None)
            return z
        if self.vector is not None:
            a, d = self.vector(z), None
        else:
            shape = z.shape
            out = (self._buffer("a", shape), self._buffer("d", shape)) if reuse else None
            a, d = self._evaluate(z, out)
        if keep:
            self._cache = (x, z, a, d)
        return a

    @property
    def logits(self) -> np.ndarray:
        """The pre-activation :math:`z` of the last kept forward pass."""
        return self._cache[1]

    def backward(self, grad: np.ndarray, need_input_grad: bool = True,
                 grad_is_logits: bool = False) -> np.ndarray | None:
        r"""Fill the parameter gradients from :math:`\partial L/\partial a` (or, with
        *grad_is_logits*, from :math:`\partial L/\partial z`); return :math:`\partial L/\partial x`.
        """  # noqa: E501
        x, z, a, d = self._cache
        g = self._grads
        if grad_is_logits:
            delta = grad
        else:
            for p in self.learnable:
                dfdp = self._learned[p].gradient(z, self._params[p][0])
                g[p][0] = np.vdot(grad, dfdp)
            if self.vector is not None:  # a vector activation: J(z)^T grad
                delta = self.vector.vjp(z, grad, value=a)
            elif self._reuse:
                delta = np.multiply(grad, d, out=self._buffer("delta", d.shape))
            else:
                delta = grad * d
        np.matmul(x.T, delta, out=g["weight"])
        np.add.reduce(delta, axis=0, out=g["bias"])
        if need_input_grad:
            return self._input_grad(delta)
        return None

    def learned_bounds(self, name: str) -> tuple[float, float]:
        """The bounds a learned activation parameter is kept in (its declaration's)."""
        return self._learned[name].bounds

    def project(self) -> None:
        """Clip learned activation parameters into their valid range (after a step)."""
        for p in self.learnable:
            lo, hi = self.learned_bounds(p)
            np.clip(self._params[p], lo, hi, out=self._params[p])

    def config(self) -> dict:
        """The architecture of this layer as plain JSON data."""
        return {"type": "dense", "in_features": self.in_features,
                "out_features": self.out_features, "activation": self.activation_name,
                "activation_params": self._fixed, "learn_activation": list(self.learnable)}

    def copy(self, dtype=None) -> Dense:
        """A new layer like this one, with a copy of its parameters, in *dtype* (default:
        this layer's); it belongs to no network."""
        act = self.activation if self.activation is not None else self.activation_name
        new = Dense(self.in_features, self.out_features, act, init="zeros",
                    learn_activation=self.learnable,
                    dtype=self._dtype if dtype is None else dtype)
        new._copy_from(self)
        return new

    def __repr__(self) -> str:
        act = self.activation_name
        extra = "".join(f", {k}={v!r}" for k, v in self._fixed.items())
        return f"Dense({self.in_features}, {self.out_features}, activation={act!r}{extra})"


def _vector_activation(act) -> VectorActivation | None:
    """The vector activation *act* names (row-wise: along the last axis), or None."""
    if isinstance(act, str) and act.strip().lower().replace("-", "_") in VECTOR_REGISTRY:
        act = activation(act)
    if not isinstance(act, VectorActivation):
        return None
    if act.axis not in (-1, 1):
        raise ParameterError(f"a Dense layer applies {act.name} along its rows (axis -1); "
                             f"got axis={act.axis}")
    return act


def _activation(act) -> Activation:
    if isinstance(act, Activation):
        return act
    return activation(act)


class Maxout(_Base):
    r"""Maxout layer: each output is the largest of *pieces* affine functions.

    .. math:: a_j = \max_{k = 1..K} \bigl(x W_{:, jK + k} + b_{jK + k}\bigr)

    ``weight`` has shape ``(in_features, out_features * pieces)``; the pieces of output
    *j* are the columns ``j*pieces ... j*pieces + pieces - 1``.  The gradient flows to
    the winning piece only (at a tie, to the first).

    Parameters
    ----------
    in_features, out_features : int
        Input and output widths.
    pieces : int
        Number of affine pieces per output, at least 2 (default 2).
    init, bias_init, seed, rng
        As for :class:`Dense` (default init ``"xavier_uniform"`` with fan-out
        ``out_features``).
    dtype : {"float64", "float32"} or numpy dtype, optional
        As for :class:`Dense` (default float64).

    Examples
    --------
    >>> import numpy as np, neuronkit as nk
    >>> m = nk.Maxout(2, 1, pieces=2, init="zeros")
    >>> m.weight[:] = [[1.0, -1.0], [0.0, 0.0]]   # max(x0, -x0) = |x0|
    >>> m.forward(np.array([[-3.0, 5.0], [2.0, 0.0]])).ravel()
    array([3., 2.])
    """

    kind = "maxout"
    activation_name = "maxout"
    learnable = ()

    def __init__(self, in_features: int, out_features: int, pieces: int = 2, *,
                 init="xavier_uniform", bias_init="zeros", seed=None, rng=None, dtype=None):
        self.in_features = check_positive_int("in_features", in_features)
        self.out_features = check_positive_int("out_features", out_features)
        self.pieces = check_positive_int("pieces", pieces)
        if self.pieces < 2:
            raise ParameterError(f"pieces must be >= 2, got {pieces!r}")
        self.init_name = _init_name(init)
        self._init = initializer(init)
        self.bias_init_name = _init_name(bias_init)
        self._bias_init = initializer(bias_init)
        self._names = ("weight", "bias")
        cols = self.out_features * self.pieces
        self._setup({"weight": (self.in_features, cols), "bias": (cols,)}, dtype)
        self.initialize(_make_rng(seed, rng))

    def initialize(self, rng: np.random.Generator) -> None:
        """Draw new weights and biases from *rng*."""
        self._init_weights(rng, (self.in_features, self.out_features * self.pieces),
                           self.out_features)

    def forward(self, x: np.ndarray, keep: bool = True, logits: bool = False,
                reuse: bool = False) -> np.ndarray:
        """Return the maxima of the pieces; with *keep*, remember the winners (*reuse*:
        as for :meth:`Dense.forward`)."""
        x = self._check_input(x)
        z = self._affine(x, self.out_features * self.pieces, reuse)
        self._reuse = reuse
        zr = z.reshape(z.shape[0], self.out_features, self.pieces)
        idx = zr.argmax(axis=2)[..., None]
        a = np.take_along_axis(zr, idx, axis=2)[..., 0]
        if keep:
            self._cache = (x, idx)
        return a

    def backward(self, grad: np.ndarray, need_input_grad: bool = True,
                 grad_is_logits: bool = False) -> np.ndarray | None:
        r"""Fill the parameter gradients from :math:`\partial L/\partial a`; return
        :math:`\partial L/\partial x`."""
        if grad_is_logits:
            raise ParameterError("a Maxout layer has no logits to fuse a loss with")
        x, idx = self._cache
        n = x.shape[0]
        shape = (n, self.out_features, self.pieces)
        if self._reuse:
            dz = self._buffer("delta", shape)
            dz.fill(0.0)
        else:
            dz = np.zeros(shape, self._dtype)
        np.put_along_axis(dz, idx, grad[..., None], axis=2)
        delta = dz.reshape(n, self.out_features * self.pieces)
        np.matmul(x.T, delta, out=self._grads["weight"])
        np.add.reduce(delta, axis=0, out=self._grads["bias"])
        if need_input_grad:
            return self._input_grad(delta)
        return None

    def project(self) -> None:
        """Nothing to constrain."""

    def config(self) -> dict:
        """The architecture of this layer as plain JSON data."""
        return {"type": "maxout", "in_features": self.in_features,
                "out_features": self.out_features, "pieces": self.pieces}

    def copy(self, dtype=None) -> Maxout:
        """A new layer like this one, with a copy of its parameters, in *dtype* (default:
        this layer's); it belongs to no network."""
        new = Maxout(self.in_features, self.out_features, self.pieces, init="zeros",
                     dtype=self._dtype if dtype is None else dtype)
        new._copy_from(self)
        return new

    def __repr__(self) -> str:
        return f"Maxout({self.in_features}, {self.out_features}, pieces={self.pieces})"


LAYERS = {"dense": Dense, "maxout": Maxout}
