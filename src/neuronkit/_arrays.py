"""Arrays of other libraries in, the same kind of array out (design notes, section 6).

The engine (:func:`neuronkit._engine.run`) computes on NumPy arrays.  When it is
given an array of another library it asks :func:`handler` for the adapter of that
library, which turns the input into NumPy arrays for the engine and the results back
into the caller's kind of array:

==============================  =========================================================
input                           result
==============================  =========================================================
Dask array                      a lazy Dask array: ``map_blocks`` of the compiled
                                kernels, nothing computed until asked;
                                ``value_and_derivative`` gives two lazy arrays computed
                                in one pass per block
xarray DataArray (Dataset)      a DataArray (Dataset) with the same dims, coords, name
                                and attrs (lazy if its data is a Dask array)
pandas Series (DataFrame)       a Series (DataFrame) with the same index (and columns),
                                name and attrs
array-API arrays on the CPU     the same library's array, dtype and device: PyTorch
(PyTorch, JAX,                  tensors, JAX arrays, ``array_api_strict`` arrays; read
``array_api_strict``, ...)      through DLPack without a copy, and the result handed
                                back the same way
array-API arrays elsewhere      the same library's array, dtype and device, computed on
(a GPU: PyTorch CUDA, CuPy,     that device by the NumPy kernels (:mod:`neuronkit._xp`);
JAX)                            no copy to the host
==============================  =========================================================

An adapter is told nothing about activations: it gets ``compute(a)``, the engine's
evaluation of one function on a NumPy array (f, f', or the pair for ``BOTH``).
The array-API adapter uses ``array-api-compat`` (``pip install array-api-compat``) to
find the namespace and device of an array; without it, arrays that carry
``__array_namespace__`` (JAX, ``array_api_strict``, CuPy) still work, PyTorch tensors
do not.  Arrays that NumPy cannot read (on a GPU: CuPy, PyTorch CUDA, JAX GPU) are
computed where they are, by the same NumPy kernels run on the array's own namespace
(:mod:`neuronkit._xp`), in float64 and rounded once to the input's dtype.  A PyTorch
tensor that requires a gradient is refused; :mod:`neuronkit.torch` gives the
activations with PyTorch's autograd.

The lookup goes by the name of the module that defines the input's type, so that no
optional library is imported to check an input, and a NumPy array or a list costs one
dictionary lookup.
"""

from __future__ import annotations

import copy
import functools
import operator
import sys
from collections.abc import Callable
from typing import Any

import numpy as np

from . import _xp
from ._compiled import BOTH, Which
from .errors import InputTypeError

__all__ = ["handler", "result_dtype", "Adapter"]

Adapter = Callable[[Callable[[Any], Any], Which, Any, str, Callable[[Any, Any], Any]], Any]
"""``adapter(compute, which, x, label, formula) -> result``: ``compute(a)`` evaluates on
a NumPy array, ``formula(a, xp)`` on an array of the namespace ``xp`` where it is
(:func:`neuronkit._xp.evaluate`); ``label`` names the function (Dask's task names)."""

_FLOATS = (np.dtype(np.float16), np.dtype(np.float32), np.dtype(np.float64))
_DLPACK_CPU = 1  # kDLCPU in DLPack's device enumeration


def result_dtype(dtype: Any, library: str) -> np.dtype:
    """The dtype of the result for an input of *dtype*: float16/32/64 kept, bools and
    integers give float64, anything else is refused (naming *library*).

    >>> result_dtype(np.dtype("int32"), "dask")
    dtype('float64')
    """
    if not isinstance(dtype, np.dtype):
        raise InputTypeError(
            f"x is a {library} array of dtype {dtype}, which neuronkit does not compute in; "
            "convert it to float64 (missing values as NaN) first")
    if dtype in _FLOATS:
        return dtype
    if dtype.kind in "biu":
        return np.dtype(np.float64)
    raise InputTypeError(f"x must hold real numbers, got a {library} array of dtype {dtype}")


def _scalar_to_array(result: Any) -> Any:
    """The engine gives NumPy scalars for 0-d input; the adapters want 0-d arrays."""
    if isinstance(result, tuple):
        return tuple(np.asarray(r) for r in result)
    return np.asarray(result)


# -- Dask ---------------------------------------------------------------------------

def _block(compute: Callable, block: np.ndarray):
    """One Dask block through the engine (module level, so that it pickles by name)."""
    return _scalar_to_array(compute(block))


def _dask(compute: Callable, which: Which, x: Any, label: str, formula=None):
    da = sys.modules["dask.array"]
    if not isinstance(x, da.Array):
        return compute(np.asarray(x))  # another Dask collection: as before, computed
    dtype = result_dtype(x.dtype, "Dask")
    meta = np.empty((0,) * x.ndim, dtype)
    work = functools.partial(_block, compute)
    if which == BOTH:  # one task per block makes both; each result takes its half
        pairs = x.map_blocks(work, dtype=dtype, meta=meta, token=f"neuronkit-{label}-pair")
        return tuple(pairs.map_blocks(operator.getitem, i, dtype=dtype, meta=meta,
                                      token=f"neuronkit-{label}-{part}")
                     for i, part in enumerate(("value", "derivative")))
    return x.map_blocks(work, dtype=dtype, meta=meta, token=f"neuronkit-{label}")


# -- xarray and pandas ----------------------------------------------------------------

def _xarray(compute: Callable, which: Which, x: Any, label: str, formula=None):
    xr = sys.modules["xarray"]
    if isinstance(x, xr.Dataset):
        results = {name: compute(v.data) for name, v in x.data_vars.items()}
        if which == BOTH:
            return tuple(x.copy(deep=False, data={k: r[i] for k, r in results.items()})
                         for i in (0, 1))
        return x.copy(deep=False, data=results)
    if not isinstance(x, xr.DataArray):
        return compute(np.asarray(x))
    result = compute(x.data)  # a Dask array inside stays lazy
    if which == BOTH:
        return x.copy(deep=False, data=result[0]), x.copy(deep=False, data=result[1])
    return x.copy(deep=False, data=result)


def _pandas(compute: Callable, which: Which, x: Any, label: str, formula=None):
    pd = sys.modules["pandas"]
    if isinstance(x, pd.DataFrame):
        return _data_frame(compute, which, x)
    if not isinstance(x, pd.Series):  # an Index, a Categorical, ...: a NumPy result
        return compute(np.asarray(x))
    result_dtype(x.dtype, "pandas")
    result = compute(x.to_numpy(copy=False))

    def series(values):
        out = pd.Series(values, index=x.index, name=x.name, copy=False)
        out.attrs = copy.deepcopy(x.attrs)
        return out

    return (series(result[0]), series(result[1])) if which == BOTH else series(result)


def _data_frame(compute: Callable, which: Which, x: Any):
    pd = sys.modules["pandas"]
    for dt in x.dtypes:
        result_dtype(dt, "pandas")
    whole = x.shape[1] > 0 and len(set(x.dtypes)) == 1  # one block of one dtype
    if whole:
        parts = [compute(x.to_numpy(copy=False))]
    else:  # a column at a time, each keeping its dtype
        parts = [compute(x.iloc[:, i].to_numpy(copy=False)) for i in range(x.shape[1])]

    def frame(values: list):
        out = pd.DataFrame(values[0] if whole else dict(enumerate(values)), index=x.index,
                           copy=False)
        out.columns = x.columns
        out.attrs = copy.deepcopy(x.attrs)
        return out

    if which == BOTH:
        return frame([p[0] for p in parts]), frame([p[1] for p in parts])
    return frame(parts)


# -- the array API: PyTorch, JAX, CuPy, array_api_strict, ... ---------------------------

def _in_host_memory(x: Any) -> bool:
    """Whether NumPy can read *x*'s buffer (DLPack's CPU device)."""
    try:
        return x.__dlpack_device__()[0] == _DLPACK_CPU
    except (AttributeError, ValueError, TypeError, RuntimeError):  # e.g. torch's "meta"
        return False


def _array_api(compute: Callable, which: Which, x: Any, label: str, formula: Callable):
    library = type(x).__module__.partition(".")[0]
    library = _LIBRARY_NAMES.get(library, library)
    if getattr(x, "requires_grad", False):
        raise InputTypeError(
            "x is a PyTorch tensor that requires a gradient: use neuronkit.torch "
            "(nkt.apply(x, name), nkt.Module(name)) for activations inside autograd, or "
            "x.detach()")
    jax = sys.modules.get("jax")
    if library == "JAX" and jax is not None and isinstance(x, jax.core.Tracer):
        raise InputTypeError(
            "x is a traced JAX value (inside jax.jit, grad or vmap): neuronkit's kernels "
            "compute on concrete CPU arrays; call the activation outside the traced "
            "function, or wrap it in jax.pure_callback")
    xp, device = _xp.namespace(x, library), _xp.device(x)
    if getattr(device, "type", None) == "meta":
        raise InputTypeError(f"x is a {library} array on device meta, which holds no "
                             "values to compute on; materialize it first")
    if not _in_host_memory(x):  # a GPU, say: the NumPy kernels run there, on its arrays
        return formula(x, xp)
    try:
        data = np.from_dlpack(x)  # no copy
    except (BufferError, TypeError, RuntimeError) as exc:  # e.g. bfloat16
        raise InputTypeError(f"x is a {library} array of dtype {x.dtype}, which neuronkit "
                             f"does not compute in ({exc}); use float16, float32 or "
                             "float64") from None
    result = _scalar_to_array(compute(data))

    def back(values: np.ndarray):
        out = xp.from_dlpack(values)  # no copy where the library allows
        if _xp.device(out) != device:
            out = _to_device(out, device)
        return out

    return (back(result[0]), back(result[1])) if which == BOTH else back(result)


def _to_device(a: Any, device: Any) -> Any:
    try:
        import array_api_compat
    except ImportError:
        return a.to_device(device)
    return array_api_compat.to_device(a, device)


_BY_LIBRARY: dict[str, Adapter] = {
    "dask": _dask, "xarray": _xarray, "pandas": _pandas,
    "torch": _array_api, "jax": _array_api, "jaxlib": _array_api, "cupy": _array_api,
    "array_api_strict": _array_api,
}
_LIBRARY_NAMES = {"torch": "PyTorch", "jax": "JAX", "jaxlib": "JAX", "cupy": "CuPy"}
_NOT_FOREIGN = frozenset({"builtins", "numpy"})


def handler(x: Any) -> Adapter | None:
    """The adapter for *x*'s library, or ``None`` for what NumPy takes as it is (NumPy
    arrays and scalars, lists, Python numbers, and types that no adapter knows).

    >>> handler([1.0]) is None, handler(np.float32(1)) is None
    (True, True)
    """
    library = type(x).__module__.partition(".")[0]
    found = _BY_LIBRARY.get(library)
    if found is None and library not in _NOT_FOREIGN and hasattr(x, "__array_namespace__"):
        return _array_api
    return found
