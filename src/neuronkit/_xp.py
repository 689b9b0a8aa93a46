"""The NumPy kernels, run on another library's arrays where they are (a GPU, say).

The catalogue's NumPy kernels are chains of NumPy ufuncs and a few array functions
(``np.where``, ``np.clip``).  NumPy lets another type take over those calls (NEP 13,
``__array_ufunc__``; NEP 18, ``__array_function__``): :class:`Wrapped` holds an array of
an array-API library and answers each call with the library's own function, so the
*same* kernel code, unchanged, runs on a PyTorch CUDA tensor, a CuPy or JAX GPU array or
any other array-API array, on its device, without a copy to the host.  This is how
:mod:`neuronkit._arrays` evaluates an activation on an array that the compiled kernels
cannot read (one not in CPU memory).

As on the NumPy path, the work is done in float64 and the result rounded once to the
input's float dtype (bools and integers give float64); a device without float64 (Apple
MPS, for one) is refused with an error that says so.  The results then carry the
stable forms of the NumPy kernels, evaluated with the library's own ``exp``, ``log1p``,
``tanh`` and ``sqrt``: within the accuracy of those (measured in the tests on
``array_api_strict``, where the results are the NumPy kernels' bits, and on PyTorch
tensors).  GELU's ``erfcx`` is the one function the array API lacks; :mod:`neuronkit._erf`
gives a rational approximation written in ufuncs for it (see ``erfcx``).

>>> import array_api_strict as xp
>>> x = xp.asarray([-1.0, 0.0, 2.0])
>>> kernel = lambda v: np.where(v > 0, v, 0.0) + np.exp(-np.abs(v))
>>> evaluate(kernel, (), x, xp, 1)
Array([0.36787944, 1.        , 2.13533528], dtype=array_api_strict.float64)
"""

from __future__ import annotations

import numbers
from collections.abc import Callable
from typing import Any

import numpy as np

from .errors import InputTypeError

__all__ = ["Wrapped", "evaluate", "namespace", "device"]


def namespace(a: Any, library: str = "") -> Any:
    """The array-API namespace of *a* (``array_api_compat.array_namespace``; without
    that package, ``a.__array_namespace__()``, which PyTorch tensors lack).

    >>> import array_api_strict as xp
    >>> namespace(xp.asarray([1.0])).__name__
    'array_api_strict'
    """
    try:
        import array_api_compat
    except ImportError:
        if hasattr(a, "__array_namespace__"):
            return a.__array_namespace__()
        raise InputTypeError(
            f"x is a {library or type(a).__module__} array: neuronkit needs the package "
            "array-api-compat to return one (pip install array-api-compat), or pass a "
            "NumPy array") from None
    return array_api_compat.array_namespace(a)


def device(a: Any) -> Any:
    """The device of the array-API array *a*."""
    try:
        import array_api_compat
    except ImportError:
        return a.device
    return array_api_compat.device(a)


def _heaviside(xp, x, h):
    return xp.where(x < 0, 0.0, xp.where(x > 0, 1.0, xp.where(x == 0, h, x)))


# NumPy ufunc name -> the array API's function (by name in the namespace), or a
# function (xp, *args) for those the standard names differently or lacks
_UFUNCS: dict[str, str | Callable] = {
    "add": "add", "subtract": "subtract", "multiply": "multiply", "divide": "divide",
    "true_divide": "divide", "negative": "negative", "positive": "positive",
    "absolute": "abs", "fabs": "abs", "square": "square", "sqrt": "sqrt", "power": "pow",
    "exp": "exp", "expm1": "expm1", "log": "log", "log1p": "log1p", "tanh": "tanh",
    "maximum": "maximum", "minimum": "minimum", "copysign": "copysign", "sign": "sign",
    "floor": "floor", "trunc": "trunc",
    "greater": "greater", "greater_equal": "greater_equal", "less": "less",
    "less_equal": "less_equal", "equal": "equal", "not_equal": "not_equal",
    "isnan": "isnan", "isfinite": "isfinite", "isinf": "isinf", "signbit": "signbit",
    "logical_and": "logical_and", "logical_or": "logical_or", "logical_not": "logical_not",
    # ``&``, ``|`` and ``~`` of the kernels' masks (booleans only)
    "bitwise_and": "logical_and", "bitwise_or": "logical_or", "invert": "logical_not",
    "heaviside": _heaviside,
}


class Wrapped(np.lib.mixins.NDArrayOperatorsMixin):
    """An array-API array that NumPy's functions and operators act on in its own library.

    ``np.exp(w)``, ``w * 2.0``, ``np.where(w > 0, w, 0.0)`` and ``np.clip(w, -1, 1)``
    give ``Wrapped`` arrays computed by the array's namespace ``xp``, on its device.
    Python and NumPy scalars mix in as Python scalars (each operation has an array
    operand, whose dtype they take); a NumPy array cannot mix in (it would need a copy
    to the device), nor can a NumPy function that this class does not map: both raise
    ``TypeError`` naming the function, so a kernel that cannot run here says so.

    Parameters
    ----------
    a : array
        The array (any array-API library).
    xp : module
        Its namespace.

    Examples
    --------
    >>> import array_api_strict as xp
    >>> w = Wrapped(xp.asarray([1.0, -2.0]), xp)
    >>> np.maximum(w, 0.0) * 3.0
    Wrapped(Array([3., 0.], dtype=array_api_strict.float64))
    """

    __slots__ = ("a", "xp")

    def __init__(self, a: Any, xp: Any):
        self.a = a
        self.xp = xp

    def __repr__(self) -> str:
        return f"Wrapped({self.a!r})"

    def _new(self, a: Any) -> Wrapped:
        return Wrapped(a, self.xp)

    def _operands(self, values: tuple, func: str) -> list:
        """Arrays unwrapped, scalars as Python scalars; where no operand is an array,
        the first becomes a float64 array on this device (so that the result is not in
        the library's default float type)."""
        out = []
        for v in values:
            if isinstance(v, Wrapped):
                out.append(v.a)
            elif isinstance(v, (bool, np.bool_)):
                out.append(bool(v))
            elif isinstance(v, numbers.Real) or (isinstance(v, np.ndarray) and v.ndim == 0):
                out.append(float(v))
            else:
                raise TypeError(f"{func}: neuronkit's device path takes arrays of one "
                                f"library and scalars, not {type(v).__name__}")
        if out and not any(isinstance(v, Wrapped) for v in values):
            xp = self.xp
            out[0] = xp.asarray(out[0], dtype=xp.float64, device=device(self.a))
        return out

    # -- NEP 13: ufuncs and operators ---------------------------------------------

    def __array_ufunc__(self, ufunc, method, *inputs, out=None, **kwargs):
        name = ufunc.__name__
        target = _UFUNCS.get(name)
        if method != "__call__" or kwargs or target is None:
            raise TypeError(f"numpy.{name} ({method}{', ' if kwargs else ''}"
                            f"{', '.join(kwargs)}) has no counterpart in neuronkit's "
                            "device path")
        args = self._operands(inputs, name)
        fn = getattr(self.xp, target) if isinstance(target, str) else (
            lambda *a: target(self.xp, *a))
        result = fn(*args)
        if out is None:
            return self._new(result)
        (target_out,) = out  # ``w += 1``: the wrapper takes the new array
        if not isinstance(target_out, Wrapped):
            raise TypeError(f"numpy.{name}: out must be a device array here")
        target_out.a = result
        return target_out

    # -- NEP 18: array functions ----------------------------------------------------

    def __array_function__(self, func, types, args, kwargs):
        handler = _FUNCTIONS.get(func.__name__)
        if handler is None:
            raise TypeError(f"numpy.{func.__name__} has no counterpart in neuronkit's "
                            "device path")
        return handler(self, *args, **kwargs)

    # -- the few array methods the kernels use ------------------------------------

    @property
    def shape(self) -> tuple:
        return tuple(self.a.shape)

    @property
    def ndim(self) -> int:
        return len(self.a.shape)

    def any(self) -> Wrapped:
        return self._new(self.xp.any(self.a))

    def all(self) -> Wrapped:
        return self._new(self.xp.all(self.a))

    def copy(self) -> Wrapped:
        return self._new(self.xp.asarray(self.a, copy=True))

    def __bool__(self) -> bool:
        return bool(self.a)

    def __array__(self, *args, **kwargs):
        raise TypeError("neuronkit's device path does not copy arrays to NumPy; a "
                        "kernel called np.asarray (or the like) on one")


def _where(w: Wrapped, condition, x, y):
    cond, a, b = w._operands((condition, x, y), "where")
    if isinstance(a, float) and isinstance(b, float):  # the standard takes one scalar
        a = w.xp.asarray(a, dtype=w.xp.float64, device=device(cond))
    return w._new(w.xp.where(cond, a, b))


def _clip(w: Wrapped, a, a_min, a_max):
    a_, lo, hi = w._operands((a, a_min, a_max), "clip")
    return w._new(w.xp.clip(a_, lo, hi))


def _like(fill: float) -> Callable:
    def like(w: Wrapped, a, dtype=None):
        if dtype is not None:
            raise TypeError("a dtype for *_like has no counterpart in the device path")
        return w._new(w.xp.full_like(a.a, fill))
    return like


def _copy(w: Wrapped, a):
    return a.copy()


def _reduce(name: str) -> Callable:
    def reduce(w: Wrapped, a, axis=None):
        return w._new(getattr(w.xp, name)(a.a, axis=axis))
    return reduce


def _shape(w: Wrapped, a):
    return a.shape


_FUNCTIONS: dict[str, Callable] = {
    "where": _where, "clip": _clip, "copy": _copy, "shape": _shape,
    "zeros_like": _like(0.0), "ones_like": _like(1.0),
    "any": _reduce("any"), "all": _reduce("all"),
}


def _no_float64(x: Any, xp: Any) -> str:
    """Why *x*'s device has no float64 ("" where it has, or cannot tell), from the
    standard's inspection API (JAX without x64 would warn, then give float32)."""
    try:
        have = xp.__array_namespace_info__().dtypes(device=device(x), kind="real floating")
    except (AttributeError, TypeError, ValueError, NotImplementedError):
        return ""
    return "" if "float64" in have else f"its real dtypes are {', '.join(have)}"


def evaluate(kernel: Callable, args: tuple, x: Any, xp: Any, nout: int):
    """Run a NumPy *kernel* (``kernel(v, *args)``, ``nout`` results) on the array-API
    array *x* in its namespace *xp*: in float64, rounded once to *x*'s float dtype.

    Parameters
    ----------
    kernel : callable
        One of an activation's NumPy kernels.
    args : tuple
        Its parameter values.
    x : array
        The input, any array-API array.
    xp : module
        Its namespace (from ``array_api_compat.array_namespace``).
    nout : int
        1, or 2 for a fused kernel returning ``(f, f')``.

    Returns
    -------
    array, or a tuple of two
        Arrays of *xp*, on *x*'s device, of its shape and float dtype (float64 for
        bools and integers).

    Raises
    ------
    InputTypeError
        For a dtype that is not real, or a device without float64.
    """
    dtype = x.dtype
    floats = [getattr(xp, n) for n in ("float16", "float32", "float64") if hasattr(xp, n)]
    if dtype in floats:
        result_dtype = dtype
    elif xp.isdtype(dtype, ("bool", "integral")):
        result_dtype = xp.float64
    else:
        raise InputTypeError(f"x must hold real numbers, got an array of dtype {dtype}")
    problem = _no_float64(x, xp)
    if not problem:
        try:
            work = xp.astype(x, xp.float64)
            problem = "" if work.dtype == xp.float64 else f"it gave {work.dtype}"
        except (TypeError, ValueError, RuntimeError) as exc:
            problem = str(exc)
    if problem:  # Apple's MPS; JAX without jax_enable_x64
        raise InputTypeError(
            f"x is on device {device(x)}, where float64 is not available ({problem}): "
            "neuronkit's formulas compute in float64 and round once; move x to the CPU, "
            "or enable float64 (JAX: jax.config.update('jax_enable_x64', True))")
    final = []
    with np.errstate(under="ignore", over="ignore"):  # NumPy-backed namespaces
        result = kernel(Wrapped(work, xp), *args)
        for r in result if nout == 2 else (result,):
            a = r.a if isinstance(r, Wrapped) else xp.asarray(
                float(r), dtype=xp.float64, device=device(x))
            if tuple(a.shape) != tuple(x.shape):
                a = xp.broadcast_to(a, tuple(x.shape))
            final.append(xp.astype(a, result_dtype))
    return tuple(final) if nout == 2 else final[0]
