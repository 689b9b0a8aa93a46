"""Evaluation engine under the activation catalogue.

The engine knows nothing about activation names or properties.  It turns any
array-like into a floating-point working array, runs an elementwise *kernel*
on it and hands the result back in the caller's dtype and shape:

* float64 input is computed in float64;
* float32 and float16 input are computed in float64 and rounded once at the end,
  which keeps results within 1 ULP of the exact value in the narrow type;
* bools, integers, Python scalars and lists become float64;
* complex, object, text and other dtypes raise :class:`~neuronkit.errors.InputTypeError`.

Kernels are plain functions ``kernel(x, *args) -> ndarray`` over a float64 array
that never write into ``x``.  Underflow to a subnormal number or to zero is the
correctly rounded answer of many activations in their tails, and so is overflow
to infinity where the exact result exceeds the largest float (``selu(1.7e308)``,
or a float64 result rounded to float32), so the engine lets both happen
silently.  No kernel may divide by zero or perform an invalid operation (such
as ``inf - inf`` or an ordered comparison with NaN inside ``np.logaddexp``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from .errors import InputTypeError, ShapeError

__all__ = ["as_float_array", "apply", "apply2"]

_SUPPORTED = (np.dtype(np.float16), np.dtype(np.float32), np.dtype(np.float64))


def as_float_array(x: Any, name: str = "x") -> np.ndarray:
    """Return *x* as a float16/32/64 array (ints, bools and scalars become float64).

    Examples
    --------
    >>> as_float_array([1, 2]).dtype
    dtype('float64')
    >>> as_float_array(np.float32(1.5)).dtype
    dtype('float32')
    >>> as_float_array(1 + 2j)
    Traceback (most recent call last):
    ...
    neuronkit.errors.InputTypeError: x must hold real numbers, got dtype complex128
    """
    try:
        arr = np.asarray(x)
    except (ValueError, TypeError) as exc:  # ragged lists and the like
        raise InputTypeError(f"{name} cannot be turned into a numeric array: {exc}") from None
    dt = arr.dtype
    if dt in _SUPPORTED:
        return arr
    if dt.kind in "biu":
        return arr.astype(np.float64)
    if dt.kind == "f":
        raise InputTypeError(
            f"{name} has dtype {dt}, which neuronkit does not compute in; "
            "convert it to float64 first"
        )
    raise InputTypeError(f"{name} must hold real numbers, got dtype {dt}")


_QUIET = {"under": "ignore", "over": "ignore"}


def _finish(result: np.ndarray, dtype: np.dtype, shape: tuple, out: np.ndarray | None):
    if out is None:
        if result.dtype != dtype:
            with np.errstate(**_QUIET):
                result = result.astype(dtype)
        return result[()] if result.ndim == 0 else result
    if not isinstance(out, np.ndarray):
        raise InputTypeError(f"out must be a numpy array, got {type(out).__name__}")
    if out.shape != shape:
        raise ShapeError(f"out has shape {out.shape}, but the result has shape {shape}")
    if out.dtype != dtype:
        raise InputTypeError(f"out has dtype {out.dtype}, but the result has dtype {dtype}")
    with np.errstate(**_QUIET):
        np.copyto(out, result, casting="same_kind")
    return out


def _work(x: Any) -> tuple[np.ndarray, np.ndarray]:
    arr = as_float_array(x)
    work = arr if arr.dtype == np.float64 else arr.astype(np.float64)
    return arr, work


def apply(kernel: Callable[..., np.ndarray], x: Any, args: tuple = (), out=None):
    """Evaluate ``kernel(x, *args)`` elementwise with the dtype rules of the module.

    Examples
    --------
    >>> apply(np.negative, np.array([1.0, 2.0], dtype=np.float32))
    array([-1., -2.], dtype=float32)
    """
    arr, work = _work(x)
    with np.errstate(**_QUIET):
        result = np.asarray(kernel(work, *args), dtype=np.float64)
    return _finish(result, arr.dtype, arr.shape, out)


def apply2(kernel: Callable[..., tuple[np.ndarray, np.ndarray]], x: Any, args: tuple = ()):
    """Evaluate a kernel that returns two arrays (value and derivative) at once.

    Examples
    --------
    >>> apply2(lambda x: (x * x, 2 * x), [3])
    (array([9.]), array([6.]))
    """
    arr, work = _work(x)
    with np.errstate(**_QUIET):
        a, b = kernel(work, *args)
    a = np.asarray(a, dtype=np.float64)
    b = np.asarray(b, dtype=np.float64)
    return _finish(a, arr.dtype, arr.shape, None), _finish(b, arr.dtype, arr.shape, None)
