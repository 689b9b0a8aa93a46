r"""Vector activations: functions of a whole axis, not of each element alone.

``softmax``, ``log_softmax`` and ``sparsemax`` map a vector to a vector of the same
length; the gated linear units ``glu``, ``geglu``, ``swiglu`` and ``reglu`` split the
axis into halves :math:`a` (first) and :math:`b` (second) and return
:math:`a \otimes g(b)` (PyTorch's and JAX's ``glu`` convention: the *second* half is
gated), half as long.  A vector activation has no elementwise derivative; its
derivative is a Jacobian, used through products with it:

* ``jvp(x, v)`` = :math:`J(x)\,v` (forward mode: a tangent of the input's shape);
* ``vjp(x, g)`` = :math:`J(x)^\top g` (reverse mode, what backpropagation needs: a
  cotangent of the output's shape).

Elementwise activations have both too (:meth:`Activation.jvp
<neuronkit.Activation.jvp>`: :math:`v \odot f'(x)`).

Why a registry of their own
---------------------------
They live in :data:`VECTOR_REGISTRY`, not in the elementwise ``REGISTRY``, and
:func:`~neuronkit.activation_names` does not list them (:func:`vector_activation_names`
does): everything parametrized over the elementwise registry (the ULP tests of
``f'``, declared properties checked by ``analyze``, the compiled twins, the plots,
the explorer) assumes a function of one number.  :func:`neuronkit.activation` returns
either kind by name.

Accuracy
--------
Computed in float64 (float32 and float16 rounded once at the end).  Softmax is
:math:`e^{d_i} / (1 + t)` and log-softmax :math:`d_i - \operatorname{log1p}(t)`, with
:math:`d_i = x_i - \max x` carried with its rounding error, and :math:`t` the sum of
the other terms (the largest is exactly 1) in double-double (a pairwise TwoSum tree):
within 1 ULP in float32 and 4 ULP in float64 of the exact value, with no overflow for
any finite input (``softmax([1000, -1000])`` is ``[1, 0]``, and
``log_softmax([1000, -1000])`` is ``[0, -2000]``).  Sparsemax is exact up to the
rounding of the threshold :math:`\tau`, so near the edge of its support it is
accurate in absolute terms (a few ULP of the largest output).

Special values (a row is the slice along ``axis``): ``-inf`` entries get 0 (and
``-inf`` from log-softmax); a row with ``+inf`` entries is the limit in which they
grow together: they share the mass equally, the others get 0; a row with a NaN, or
with every entry ``-inf`` (no limit), is NaN.  An axis of length 0 gives an empty
result (``softmax(np.zeros((3, 0)))`` has shape ``(3, 0)``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from .. import _arrays
from .._engine import as_float_array
from ..errors import InputTypeError, ParameterError, ShapeError
from ._core import REGISTRY, Activation

__all__ = ["VECTOR_REGISTRY", "VectorSpec", "VectorActivation", "vector_activation",
           "vector_activation_names", "softmax", "log_softmax", "sparsemax", "glu", "geglu",
           "swiglu", "reglu"]

_QUIET = {"under": "ignore", "over": "ignore"}


# -- double-double sums along an axis ----------------------------------------------------

def _two_sum(a, b):
    s = a + b
    bb = s - a
    return s, (a - (s - bb)) + (b - bb)


def dd_sum(a: np.ndarray, axis: int) -> tuple[np.ndarray, np.ndarray]:
    """``(hi, lo)``: the sum of *a* along *axis* (kept, length 1) as an unevaluated
    pair, from a pairwise tree of TwoSums (about 2**-100 relative for positive terms).

    >>> hi, lo = dd_sum(np.array([1.0, 1e-20, 1e-20]), 0)
    >>> float(hi[0]), float(lo[0])
    (1.0, 2e-20)
    """
    x = np.moveaxis(a, axis, -1)
    lo = np.zeros(x.shape[:-1])
    if x.shape[-1] == 0:
        x = np.zeros((*x.shape[:-1], 1))
    while x.shape[-1] > 1:
        if x.shape[-1] % 2:
            x = np.concatenate([x, np.zeros((*x.shape[:-1], 1))], axis=-1)
        x, err = _two_sum(x[..., 0::2], x[..., 1::2])
        lo = lo + err.sum(axis=-1)
        x = np.ascontiguousarray(x)
    hi, lo = _two_sum(x[..., 0], lo)
    return np.expand_dims(hi, axis), np.expand_dims(lo, axis)


# -- rows: special values ------------------------------------------------------------------

def _rows(x: np.ndarray, axis: int):
    """``(d, derr, first, inf_rows, bad_rows)``: ``d + derr = x - max x`` exactly on the
    rows with a finite maximum (other rows 0), the first position of the maximum, rows
    with ``+inf``, and rows that are NaN.  A ``-inf`` entry, and one whose difference
    from the maximum overflows (below ``-max_float``), gets ``d = -inf`` and
    ``derr = 0``: no mass, whatever the size of the maximum."""
    m = np.max(x, axis=axis, keepdims=True)
    finite = np.isfinite(m)
    inf_rows = m == np.inf
    bad_rows = ~finite & ~inf_rows  # NaN, or every entry -inf
    mm = np.where(finite, m, 0.0)
    xc = np.where(finite, x, 0.0)
    with np.errstate(over="ignore", invalid="ignore"):  # -inf - m, and overflow to -inf
        d = xc - mm
        derr = _diff_error(xc, mm, d)
    derr = np.where(np.isfinite(d), derr, 0.0)
    idx = np.expand_dims(np.argmax(xc, axis=axis), axis)
    pos = np.arange(x.shape[axis]).reshape([-1 if i == axis % x.ndim else 1
                                            for i in range(x.ndim)])
    return d, derr, pos == idx, inf_rows, bad_rows


def _diff_error(a, b, d):
    """The rounding error of ``d = fl(a - b)`` (TwoSum of a and -b)."""
    bb = d - a
    return (a - (d - bb)) + (-b - bb)


def _special(y, x, axis, inf_rows, bad_rows, inf_value, other_value):
    """Put the limits into the rows with +inf and NaN into the bad rows."""
    if inf_rows.any():
        is_inf = x == np.inf
        k = np.maximum(np.sum(is_inf, axis=axis, keepdims=True), 1)
        lim = np.where(is_inf, inf_value(k), other_value)
        y = np.where(inf_rows, lim, y)
    if bad_rows.any():
        y = np.where(bad_rows, np.nan, y)
    return y


# -- softmax, log-softmax, sparsemax ---------------------------------------------------------

def _softmax(x, axis):
    d, derr, first, inf_rows, bad_rows = _rows(x, axis)
    e = np.exp(d)
    t_hi, t_lo = dd_sum(np.where(first, 0.0, e * (1.0 + derr)), axis)
    s, s_lo = _two_sum(1.0, t_hi)
    s_lo = s_lo + t_lo
    y = (e / s) * ((1.0 + derr) - s_lo / s)
    return _special(y, x, axis, inf_rows, bad_rows, lambda k: 1.0 / k, 0.0)


def _log_softmax(x, axis):
    d, derr, first, inf_rows, bad_rows = _rows(x, axis)
    e = np.exp(d)
    t_hi, t_lo = dd_sum(np.where(first, 0.0, e * (1.0 + derr)), axis)
    big = np.log1p(t_hi) + t_lo / (1.0 + t_hi)  # log(1 + t), t = t_hi + t_lo
    y = (d - big) + derr
    y = np.where(x == -np.inf, -np.inf, y)
    return _special(y, x, axis, inf_rows, bad_rows, lambda k: -np.log(k), -np.inf)


def _sparsemax(x, axis):
    d, _, _, inf_rows, bad_rows = _rows(x, axis)  # shift-invariant: d = x - max x <= 0
    n = x.shape[axis]
    zs = -np.sort(-d, axis=axis)
    cs = np.cumsum(zs, axis=axis)
    k = np.arange(1, n + 1).reshape([-1 if i == axis % x.ndim else 1 for i in range(x.ndim)])
    support = np.sum(1.0 + k * zs > cs, axis=axis, keepdims=True)  # >= 1: zs[0] = 0
    ksup = np.maximum(support, 1)
    tau = (np.take_along_axis(cs, ksup - 1, axis=axis) - 1.0) / ksup
    y = np.maximum(d - tau, 0.0)
    return _special(y, x, axis, inf_rows, bad_rows, lambda k: 1.0 / k, 0.0)


def _softmax_jvp(x, v, y, axis):
    return y * (v - np.sum(y * v, axis=axis, keepdims=True))


def _log_softmax_jvp(x, v, y, axis):
    p = np.exp(y)
    return v - np.sum(p * v, axis=axis, keepdims=True)


def _log_softmax_vjp(x, g, y, axis):
    return g - np.exp(y) * np.sum(g, axis=axis, keepdims=True)


def _sparsemax_jvp(x, v, y, axis):
    s = y > 0
    size = np.maximum(np.sum(s, axis=axis, keepdims=True), 1)
    return np.where(s, v - np.sum(np.where(s, v, 0.0), axis=axis, keepdims=True) / size, 0.0)


# -- the gated linear units -----------------------------------------------------------------

def _halves(x, axis):
    n = x.shape[axis]
    if n % 2:
        raise ShapeError(f"a gated linear unit splits its axis in two halves; axis {axis} "
                         f"has odd length {n}")
    return np.split(x, 2, axis=axis)


def _gated(gate: str, **params: Any):
    """value, jvp and vjp of ``a * g(b)`` for the elementwise gate *gate* (GEGLU's is the
    exact GELU, ``approximate="none"``)."""
    bound = Activation(REGISTRY[gate], tuple(REGISTRY[gate].bind(params).items()))

    def g(b):
        return bound.value_and_derivative(b)

    def value(x, axis):
        a, b = _halves(x, axis)
        gb, _ = g(b)
        with np.errstate(invalid="ignore"):  # inf * 0 is NaN: no limit there
            return a * gb

    def jvp(x, v, y, axis):
        a, b = _halves(x, axis)
        va, vb = _halves(v, axis)
        gb, db = g(b)
        with np.errstate(invalid="ignore"):
            return va * gb + a * (db * vb)

    def vjp(x, w, y, axis):
        a, b = _halves(x, axis)
        gb, db = g(b)
        with np.errstate(invalid="ignore"):
            return np.concatenate([w * gb, w * a * db], axis=axis)

    return value, jvp, vjp


# -- declarations -----------------------------------------------------------------------------

@dataclass(frozen=True, kw_only=True, eq=False)
class VectorSpec:
    """The declaration of a vector activation.

    Attributes
    ----------
    name, summary, text : str
        Canonical name, one-line summary, plain-text formula.
    value : callable
        ``value(x, axis)`` over a float64 array.
    jvp, vjp : callable
        ``jvp(x, v, y, axis)`` and ``vjp(x, g, y, axis)`` with ``y = value(x, axis)``.
    gated : bool
        Whether the output's axis is half the input's (the GLU family).
    """

    name: str
    summary: str
    text: str
    value: Callable[..., np.ndarray]
    jvp: Callable[..., np.ndarray]
    vjp: Callable[..., np.ndarray]
    gated: bool = False


VECTOR_REGISTRY: dict[str, VectorSpec] = {}
"""Canonical name -> declaration of each vector activation."""


def _declare(**fields: Any) -> VectorSpec:
    spec = VectorSpec(**fields)
    if spec.name in VECTOR_REGISTRY or spec.name in REGISTRY:
        raise ValueError(f"activation name {spec.name!r} is declared twice")
    VECTOR_REGISTRY[spec.name] = spec
    return spec


_declare(name="softmax", summary="normalized exponential",
         text="eˣⁱ / Σⱼ eˣʲ", value=_softmax, jvp=_softmax_jvp, vjp=_softmax_jvp)
_declare(name="log_softmax", summary="log of the normalized exponential",
         text="xᵢ − log Σⱼ eˣʲ", value=_log_softmax, jvp=_log_softmax_jvp,
         vjp=_log_softmax_vjp)
_declare(name="sparsemax", summary="Euclidean projection onto the simplex (sparse softmax)",
         text="max(xᵢ − τ(x), 0), Σᵢ = 1", value=_sparsemax, jvp=_sparsemax_jvp,
         vjp=_sparsemax_jvp)
for _name, _gate, _params, _text in (
        ("glu", "logistic", {}, "a ⊗ σ(b)"),
        ("geglu", "gelu", {}, "a ⊗ GELU(b)"),
        ("swiglu", "swish", {"beta": 1.0}, "a ⊗ SiLU(b)"),
        ("reglu", "relu", {}, "a ⊗ max(b, 0)")):
    _v, _j, _t = _gated(_gate, **_params)
    _declare(name=_name, summary=f"gated linear unit, {_gate} gate ({_text})",
             text=f"{_text}, (a, b) = the halves of x along axis", value=_v, jvp=_j,
             vjp=_t, gated=True)


def vector_activation_names() -> list[str]:
    """The vector activations' names, sorted.

    >>> vector_activation_names()
    ['geglu', 'glu', 'log_softmax', 'reglu', 'softmax', 'sparsemax', 'swiglu']
    """
    return sorted(VECTOR_REGISTRY)


# -- bound vector activations ---------------------------------------------------------------

def _check_axis(axis: Any) -> int:
    if isinstance(axis, bool) or not isinstance(axis, (int, np.integer)):
        raise ParameterError(f"axis must be an integer, got {axis!r}")
    return int(axis)


@dataclass(frozen=True, repr=False)
class VectorActivation:
    """A vector activation along ``axis`` (see the module notes).

    Examples
    --------
    >>> import numpy as np, neuronkit as nk
    >>> f = nk.activation("softmax")
    >>> f
    VectorActivation('softmax', axis=-1)
    >>> f([[1000.0, -1000.0], [0.0, np.log(3.0)]])
    array([[1.  , 0.  ],
           [0.25, 0.75]])
    >>> nk.activation("glu")([1.0, 2.0, 0.0, 0.0])  # a = [1, 2] times sigma([0, 0])
    array([0.5, 1. ])
    """

    spec: VectorSpec
    axis: int = -1

    kind = "vector"

    @property
    def name(self) -> str:
        """Canonical name."""
        return self.spec.name

    @property
    def params(self) -> dict[str, Any]:
        """``{"axis": axis}`` (a fresh dict)."""
        return {"axis": self.axis}

    @property
    def text(self) -> str:
        """The formula in plain text."""
        return self.spec.text

    def _input(self, x: Any) -> tuple[np.ndarray, np.dtype, int]:
        if type(x) is not np.ndarray and _arrays.handler(x) is not None:
            # the elementwise activations return such arrays as they came; these would
            # come back as NumPy arrays, without their index, device or laziness
            raise InputTypeError(
                f"{self.name} takes NumPy arrays (or what numpy.asarray accepts), not "
                f"{type(x).__module__.partition('.')[0]}'s {type(x).__name__}: pass "
                "numpy.asarray(x), or use an elementwise activation on it")
        arr = as_float_array(x)
        if arr.ndim == 0:
            raise ShapeError(f"{self.name} acts along an axis; got a 0-d input")
        if not -arr.ndim <= self.axis < arr.ndim:
            raise ShapeError(f"axis {self.axis} is out of bounds for an input of "
                             f"{arr.ndim} dimension(s)")
        return arr.astype(np.float64, copy=False), arr.dtype, self.axis % arr.ndim

    def _out_shape(self, shape: tuple, axis: int) -> tuple:
        if self.spec.gated and shape[axis] % 2:
            _halves(np.empty(shape), axis)  # the error
        if not self.spec.gated:
            return shape
        return shape[:axis] + (shape[axis] // 2,) + shape[axis + 1:]

    def _other(self, w: Any, shape: tuple, what: str) -> np.ndarray:
        arr = as_float_array(w, what)
        if arr.shape != shape:
            raise ShapeError(f"{what} must have shape {shape}, got {arr.shape}")
        return arr.astype(np.float64, copy=False)

    def __call__(self, x: Any) -> np.ndarray:
        """The activation of *x* along ``axis`` (float dtype kept; others float64)."""
        v, dtype, axis = self._input(x)
        if v.size == 0:  # nothing to compute (JAX's empty softmax): the empty result
            return np.empty(self._out_shape(v.shape, axis), dtype)
        with np.errstate(**_QUIET):
            return self.spec.value(v, axis).astype(dtype)

    def jvp(self, x: Any, v: Any) -> np.ndarray:
        """The Jacobian-vector product :math:`J(x)\\,v`, *v* of the input's shape."""
        xv, dtype, axis = self._input(x)
        vv = self._other(v, xv.shape, "v")
        if xv.size == 0:
            return np.empty(self._out_shape(xv.shape, axis), dtype)
        with np.errstate(**_QUIET):
            y = self.spec.value(xv, axis)
            return self.spec.jvp(xv, vv, y, axis).astype(dtype)

    def vjp(self, x: Any, g: Any, *, value: np.ndarray | None = None) -> np.ndarray:
        """The vector-Jacobian product :math:`J(x)^\\top g`, *g* of the output's shape
        (what backpropagation needs); *value* is ``self(x)`` if already known."""
        xv, dtype, axis = self._input(x)
        gv = self._other(g, self._out_shape(xv.shape, axis), "g")
        if xv.size == 0:
            return np.empty(xv.shape, dtype)
        with np.errstate(**_QUIET):
            y = (self.spec.value(xv, axis) if value is None else
                 self._other(value, self._out_shape(xv.shape, axis), "value"))
            return self.spec.vjp(xv, gv, y, axis).astype(dtype)

    def derivative(self, x: Any, *args: Any, **kwargs: Any):
        """A vector activation has a Jacobian, not an elementwise derivative: a clear
        error pointing to :meth:`jvp` and :meth:`vjp`."""
        raise TypeError(f"{self.name} is a vector activation: it has no elementwise "
                        "derivative; use jvp(x, v) (J v) or vjp(x, g) (J^T g)")

    def __repr__(self) -> str:
        return f"VectorActivation({self.name!r}, axis={self.axis})"


def vector_activation(name: str, **params: Any) -> VectorActivation:
    """The :class:`VectorActivation` *name* along ``axis`` (its one parameter, -1 by
    default).

    >>> vector_activation("log_softmax", axis=0)
    VectorActivation('log_softmax', axis=0)
    """
    axis = params.pop("axis", -1)
    if params:
        raise ParameterError(f"{name} has no parameter {next(iter(params))!r}; its "
                             "parameters are: axis")
    return VectorActivation(VECTOR_REGISTRY[name], _check_axis(axis))


def _function(name: str) -> Callable:
    def function(x, axis=-1):
        return vector_activation(name, axis=axis)(x)

    function.__name__ = function.__qualname__ = name
    function.__doc__ = (f"{VECTOR_REGISTRY[name].summary.capitalize()}: "
                        f"{VECTOR_REGISTRY[name].text}, along *axis* (see "
                        ":mod:`neuronkit.activations.vector`).")
    return function


softmax, log_softmax, sparsemax = (_function(n) for n in ("softmax", "log_softmax", "sparsemax"))
glu, geglu, swiglu, reglu = (_function(n) for n in ("glu", "geglu", "swiglu", "reglu"))
