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

Blockwise evaluation
--------------------
A kernel is a chain of NumPy ufuncs, each of which makes one pass over memory.
For a large input every pass streams a full-size float64 temporary through main
memory, so the engine evaluates inputs of more than ``BLOCKED_ABOVE``
elements over contiguous blocks of :data:`BLOCK` elements instead: each block's
temporaries stay in the CPU cache, and each block's result is written straight
into the output array of the final dtype (a float32 input never allocates a
full-size float64 array; the extra memory is a few blocks per thread).  Because
kernels are elementwise, the result is bit-for-bit the one of a single call.

Blocks are shared out over threads (NumPy releases the GIL inside its loops).
The compiled kernels split large inputs over the extension's own worker threads
instead (``_parallel.c``: they never take the GIL, so a call costs microseconds,
not the 0.1 ms of a Python thread pool).  The thread count is, in order of
precedence, the value given to :func:`set_num_threads`, the environment variable
``NEURONKIT_NUM_THREADS`` (read at import), or the number of CPUs this process may
run on, capped at :data:`MAX_DEFAULT_THREADS`.  Both pools start on first use, and a
forked child starts its own.

Arrays of other kinds
---------------------
* Unaligned arrays (``np.zeros(801, np.uint8)[1:].view(np.float64)``), as input or
  ``out``: the compiled loops read and write whole aligned floats, so such an array
  takes the general path, which stages it in aligned memory (the input like a strided
  one, in the first output; an ``out`` gets its result copied from an aligned array).
  The results are bit-identical to those of an aligned copy.
* Masked arrays (:class:`numpy.ma.MaskedArray`) keep their mask, as ``np.tanh`` does:
  ``f(m)``, ``f.derivative(m)`` and each half of ``f.value_and_derivative(m)`` are
  masked arrays with a copy of ``m``'s mask (and its fill value).  Under the mask the
  data are f (or f') of the data there, computed like any other element (no warning
  whatever they hold); ``np.ma.tanh`` would keep the input's data there instead.  A
  0-d masked input gives a NumPy scalar, or ``np.ma.masked`` where it is masked.
  A masked ``out`` is written and gets the input's mask (no mask for a plain input;
  a hard-masked ``out`` keeps its masked entries, as hard masks do); a plain ``out``
  gets the data alone, as with NumPy's ufuncs.
* Other ndarray subclasses that leave ufuncs to :class:`numpy.ndarray` (``np.matrix``,
  ``np.memmap``, most user subclasses) are computed on their data and the result is
  wrapped by the input's ``__array_wrap__``, as a ufunc's would be: ``f(matrix)`` is a
  ``matrix``; ``f(memmap)`` an ordinary array.  An ``out`` of such a class is written
  through its data and returned as given.
* Arrays of other libraries (Dask, xarray, pandas, PyTorch, JAX and other array-API
  arrays) give the same kind of array back: a plain NumPy array never reaches that check
  (the compiled call takes it first, or one type test sends it on), anything else is
  looked up by its type's module in :mod:`neuronkit._arrays`, whose adapters hand the
  engine NumPy data (views where the library allows) and wrap what it returns.  An
  array that NumPy cannot read (on a GPU) is given to the plan's NumPy kernel instead,
  run on the array's own namespace where it is (:mod:`neuronkit._xp`).
* A subclass with an ``__array_ufunc__`` of its own (``astropy`` quantities, for
  example) is refused with an :class:`~neuronkit.errors.InputTypeError`: what an
  activation's result means for it (its units, say) is not the engine's to guess;
  ``np.asarray(x)`` passes its data.
"""

from __future__ import annotations

import dataclasses
import functools
import itertools
import os
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import numpy as np

from . import _arrays, _compiled, _xp
from ._compiled import BOTH, DERIVATIVE, VALUE, Which
from ._settings import THREADS_FROM, settings
from .errors import InputTypeError, ParameterError, ShapeError

__all__ = [
    "Plan", "run", "Which", "VALUE", "DERIVATIVE", "BOTH", "as_float_array", "apply", "apply2",
    "out_pair", "check_disjoint",
]

_F64 = np.dtype(np.float64)
_F32 = np.dtype(np.float32)
_F16 = np.dtype(np.float16)
_SUPPORTED = (np.dtype(np.float16), np.dtype(np.float32), _F64)

_TooHardError = getattr(np, "exceptions", np).TooHardError  # NumPy < 1.25: np.TooHardError
_pool: ThreadPoolExecutor | None = None
_pool_workers = 0
_pool_lock = threading.Lock()


def _forget_pool() -> None:
    """In a forked child: the parent's worker threads do not exist there, so the next
    parallel call must start a pool of its own (it would wait forever on the old one)."""
    global _pool, _pool_workers, _pool_lock
    _pool, _pool_workers, _pool_lock = None, 0, threading.Lock()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_forget_pool)


def _executor(workers: int) -> ThreadPoolExecutor:
    global _pool, _pool_workers
    with _pool_lock:
        if _pool is None or _pool_workers < workers:
            old = _pool
            _pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="neuronkit")
            _pool_workers = workers
            if old is not None:
                old.shutdown(wait=False)
        return _pool


def _in_parallel(tasks: list[Callable[[], None]]) -> None:
    """Run the first task on this thread and the others on the pool; wait for all of
    them (also when one fails), then raise the first error."""
    pool = _executor(len(tasks) - 1)
    futures = [pool.submit(task) for task in tasks[1:]]
    try:
        tasks[0]()
    finally:
        errors = [f.exception() for f in futures]  # waits for every worker
    for err in errors:
        if err is not None:
            raise err


# -- input and output checks --------------------------------------------------------

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
    if type(x) is np.ndarray and x.dtype in _SUPPORTED:  # the common case, fast
        return x
    try:
        arr = np.asarray(x)
    except (ValueError, TypeError) as exc:  # ragged lists and the like
        raise InputTypeError(f"{name} cannot be turned into a numeric array: {exc}") from None
    dt = arr.dtype
    if dt in _SUPPORTED:
        return arr
    if dt.kind in "biu":
        return arr.astype(np.float64)
    if dt.kind == "f" and dt.newbyteorder("=") in _SUPPORTED:  # non-native byte order
        return arr.astype(dt.newbyteorder("="))
    if dt.kind == "f":
        raise InputTypeError(
            f"{name} has dtype {dt} (longdouble), which neuronkit does not compute in: its "
            "kernels' stable forms (exact products, constants, tables) are made for "
            "float64's 53-bit precision, so a longdouble result would carry float64's "
            "accuracy only; convert it with .astype(numpy.float64) (results within 4 ULP "
            "of float64)"
        )
    raise InputTypeError(f"{name} must hold real numbers, got dtype {dt}")


_QUIET = {"under": "ignore", "over": "ignore"}


def _check_out(out: Any, dtype: np.dtype, shape: tuple) -> None:
    if not isinstance(out, np.ndarray):
        raise InputTypeError(f"out must be a numpy array, got {type(out).__name__}")
    if out.shape != shape:
        raise ShapeError(f"out has shape {out.shape}, but the result has shape {shape}")
    if out.dtype != dtype:
        raise InputTypeError(f"out has dtype {out.dtype}, but the result has dtype {dtype}")
    if not out.flags.writeable:
        raise InputTypeError("out is read-only")


def _finish(result: Any, dtype: np.dtype, out: np.ndarray | None):
    """Cast a kernel result to *dtype* (under the caller's quiet errstate), or fill *out*."""
    if out is None:
        if type(result) is not np.ndarray or result.dtype != dtype:
            result = np.asarray(result).astype(dtype)
        return result[()] if result.ndim == 0 else result
    np.copyto(out, result, casting="same_kind")
    return out


# -- single-call and blockwise evaluation ---------------------------------------------

def _evaluate(plan: Plan, which: Which, arr: np.ndarray, outs: tuple):
    """The general path of :func:`run`: check the outputs, then one compiled pass (a
    staged run for inputs the short path does not take), NumPy blocks, or one NumPy
    call."""
    dtype = arr.dtype
    nout = 2 if which == BOTH else 1
    if nout == 2:
        check_disjoint(outs)
    for o in outs[:nout]:
        if o is not None:
            _check_out(o, dtype, arr.shape)
    if plan.compiled is not None and _compiled.available() and dtype != _F16:
        return _run_compiled(plan.compiled, which, arr, outs)
    kernel = plan.kernels[which]
    if arr.size > settings.blocked_above:
        return _blocked(kernel, arr, plan.args, outs, nout)
    work = arr if dtype is _F64 or dtype == _F64 else arr.astype(_F64)
    with np.errstate(**_QUIET):
        result = kernel(work, *plan.args)
        if nout == 1:
            return _finish(result, dtype, outs[0])
        return tuple(_finish(r, dtype, o) for r, o in zip(result, outs, strict=True))


def _outputs(outs: tuple, shape: tuple, dtype: np.dtype) -> tuple[list, list]:
    """The arrays the caller gets (its ``out`` where C-contiguous and aligned, else new
    ones, copied into ``out`` by :func:`_deliver`) and their flat views, which the blocks
    or the compiled loop write into."""
    results = [o if o is not None and o.flags.c_contiguous and o.flags.aligned
               else _compiled.empty(shape, dtype) for o in outs]
    return results, [r.reshape(-1) for r in results]


def _deliver(outs: tuple, results: list, nout: int):
    """Copy results into non-contiguous ``out`` arrays; unwrap 0-d results as scalars."""
    final = []
    for o, res in zip(outs, results, strict=True):
        if o is not None and res is not o:
            np.copyto(o, res)
            res = o
        final.append(res[()] if res.ndim == 0 and o is None else res)
    return final[0] if nout == 1 else tuple(final)


def _run_compiled(compiled: tuple, which: Which, arr: np.ndarray, outs: tuple):
    """One pass of a compiled kernel over a converted input (a list, an integer,
    strided or unaligned array, an ``out`` the extension cannot write into directly),
    over the extension's worker threads for large inputs (without the GIL: see
    ``_parallel.c``).  The loops read and write whole aligned floats: an unaligned
    input is staged like a strided one, and an unaligned ``out`` gets its result from
    an aligned array (the bits are those of an aligned copy)."""
    ext, kid, cparams = compiled
    # the extension takes the converted input whole when it can (see run)
    result = ext.call(kid, which, arr, settings.threads, *cparams, *outs)
    if result is not None:
        return result
    nout = 2 if which == BOTH else 1
    outs = outs[:nout]
    results, flats = _outputs(outs, arr.shape, arr.dtype)
    if arr.flags.c_contiguous and arr.flags.aligned:
        src = arr.reshape(-1)
        if any(o is not None and o is not arr and np.may_share_memory(o, arr)
               and o.ctypes.data != arr.ctypes.data for o in outs):
            src = src.copy()  # an ``out`` that overlaps the input shifted: read a copy
    else:
        # strided or unaligned input: stage it in the first output (no full-size
        # temporary); the kernels may write over the element they read
        np.copyto(results[0], arr)
        src = flats[0]
    if which == BOTH:
        targets = flats
    elif which == VALUE:
        targets = [flats[0], None]
    else:
        targets = [None, flats[0]]
    ext.run(kid, src, targets[0], targets[1], *cparams, settings.threads)
    return _deliver(outs, results, nout)


def _blocked(kernel, arr: np.ndarray, args: tuple, outs: tuple, nout: int):
    shape, dtype, n = arr.shape, arr.dtype, arr.size
    results, flats = _outputs(outs, shape, dtype)
    if arr.flags.c_contiguous and all(
        f.ctypes.data == arr.ctypes.data or not np.may_share_memory(f, arr) for f in flats
    ):
        # a block is read whole (into the kernel's first temporary) before its result
        # is written, so an ``out`` that *is* the input is fine; a shifted overlap is not
        src = arr.reshape(-1)
    else:
        # strided or overlapping input: stage it in the first output (no extra memory);
        # each block is read before the same block is overwritten
        np.copyto(results[0], arr)
        src = flats[0]

    block = settings.block
    nblocks = -(-n // block)
    to_f64 = dtype != _F64

    def run(i: int) -> None:
        lo = i * block
        hi = min(lo + block, n)
        v = src[lo:hi]
        if to_f64:
            v = v.astype(_F64)
        r = kernel(v, *args)
        if nout == 1:
            flats[0][lo:hi] = r
        else:
            for f, ri in zip(flats, r, strict=True):
                f[lo:hi] = ri

    threads = min(settings.threads, nblocks) if n >= THREADS_FROM else 1
    state = {**np.geterr(), **_QUIET}  # worker threads do not inherit the errstate
    if threads <= 1:
        with np.errstate(**state):
            for i in range(nblocks):
                run(i)
    else:
        counter = itertools.count()  # next() on it is atomic under the GIL

        def work() -> None:
            with np.errstate(**state):
                for i in counter:
                    if i >= nblocks:
                        return
                    run(i)

        _in_parallel([work] * threads)

    return _deliver(outs, results, nout)


@dataclasses.dataclass(frozen=True)
class Plan:
    """How to evaluate one function with fixed arguments, decided once.

    Attributes
    ----------
    kernels : tuple of three callables
        The NumPy kernels, indexed by :class:`Which`: ``kernels[VALUE](v, *args)``,
        ``kernels[DERIVATIVE](v, *args)`` and ``kernels[BOTH](v, *args) -> (f, f')``,
        each over a float64 array.
    args : tuple
        Their extra arguments.
    compiled : tuple or None
        ``(extension, kernel_id, cparams)`` of the compiled twin
        (:func:`neuronkit._compiled.twin`), or ``None`` for NumPy only.
    """

    kernels: tuple[Callable, Callable, Callable]
    args: tuple = ()
    compiled: tuple | None = None


def _run_where(plan: Plan, which: Which, x: Any, out: Any, where: Any):
    """:func:`run` with a NumPy-style ``where`` mask: every element is computed (the
    kernels raise no warnings for any input), and written into ``out`` where the mask,
    broadcast to the input's shape, is True; elsewhere ``out`` keeps its values."""
    nout = 2 if which == BOTH else 1
    outs = out_pair(out)[:nout] if which == BOTH else (out,)
    if any(o is None for o in outs):
        what = "both arrays of out" if nout == 2 else "out"
        raise ParameterError(
            f"where= needs {what}: the entries where it is False keep out's values "
            "(NumPy's ufuncs would leave them uninitialized)")
    mask = np.asarray(where)
    if mask.dtype != np.bool_:
        raise InputTypeError(f"where must be a boolean array, got dtype {mask.dtype}")
    result = run(plan, which, x)
    results = result if nout == 2 else (result,)
    shape = np.shape(results[0])
    if nout == 2:
        check_disjoint(outs)
    try:
        mask = np.broadcast_to(mask, shape)
    except ValueError:
        raise ShapeError(f"where has shape {mask.shape}, which does not broadcast to the "
                         f"input's shape {shape}") from None
    for o, r in zip(outs, results, strict=True):
        _check_out(o, np.asarray(r).dtype, shape)
        np.copyto(o, r, where=mask)
    return outs[0] if nout == 1 else tuple(outs)


def run(plan: Plan, which: Which, x: Any, out: Any = None, where: Any = True):
    """Evaluate *plan*'s *which* (f, f' or both) elementwise at *x*: the one dispatch.

    A plain C-contiguous float32/float64 array goes to the compiled twin whole (it
    allocates fresh results, large ones from the buffer cache, or writes into a plain
    ``out``); anything else takes the general path, which converts and checks the
    input and ``out``, then runs the compiled twin over it, or the NumPy kernel in
    blocks or in one call.  Without a compiled twin (or with the compiled kernels
    disabled) only the NumPy paths run.

    Parameters
    ----------
    plan : Plan
        The kernels and their arguments.
    which : Which
        ``VALUE``, ``DERIVATIVE`` or ``BOTH``.
    x : array_like
        The input.
    out : ndarray, or for ``BOTH`` a pair of ndarrays (either may be None), optional
        Where to write the result.
    where : bool or array_like of bool, optional
        As NumPy's ufuncs: write the result only where this mask (broadcast to the
        input's shape) is True, leaving ``out`` as it is elsewhere; needs ``out``.

    Returns
    -------
    ndarray or scalar, or a pair of them for ``BOTH``
        In the input's float dtype (``out`` if given; NumPy scalars for 0-d input).

    Examples
    --------
    >>> square = Plan((np.square, lambda v: 2 * v, lambda v: (v * v, 2 * v)))
    >>> run(square, BOTH, [3])
    (array([9.]), array([6.]))
    """
    if where is not True and not (type(where) is np.bool_ and where):
        return _run_where(plan, which, x, out, where)
    outs = out_pair(out) if which == BOTH else (out, None)
    given = None if out is None else outs
    compiled = plan.compiled
    if compiled is not None and _compiled.available():
        result = compiled[0].call(compiled[1], which, x, settings.threads, *compiled[2],
                                  *(() if given is None else given))
        if result is not None:
            return result
    if (type(x) is not np.ndarray and isinstance(x, np.ndarray)) or (
            given is not None and any(_is_subclass(o) for o in outs)):
        return _run_subclass(plan, which, x, outs)
    if type(x) is not np.ndarray and (adapter := _arrays.handler(x)) is not None:
        return _foreign(adapter, plan, which, x, given)
    return _evaluate(plan, which, as_float_array(x), outs)


def _foreign(adapter: _arrays.Adapter, plan: Plan, which: Which, x: Any, given):
    """:func:`run` for an array of another library (see :mod:`neuronkit._arrays`)."""
    if given is not None:
        raise InputTypeError(f"out= is for NumPy arrays; x is a {type(x).__module__}."
                             f"{type(x).__name__}, whose result is a new array of its kind")
    label = getattr(plan.kernels[0], "__name__", "kernel").strip("_")
    nout = 2 if which == BOTH else 1

    def formula(a: Any, xp: Any):  # for arrays off the host (a GPU)
        return _xp.evaluate(plan.kernels[which], plan.args, a, xp, nout)

    return adapter(functools.partial(run, plan, which), which, x, label, formula)


def _is_subclass(a: Any) -> bool:
    return type(a) is not np.ndarray and isinstance(a, np.ndarray)


def _run_subclass(plan: Plan, which: Which, x: Any, outs: tuple):
    """:func:`run` for an ndarray subclass as input or ``out`` (see the module notes,
    "Arrays of other kinds"): the plain path over their data, then the input's mask
    or class put back."""
    for name, a in (("x", x), ("out", outs[0]), ("out", outs[1])):
        if (_is_subclass(a) and not isinstance(a, np.ma.MaskedArray)
                and type(a).__array_ufunc__ is not np.ndarray.__array_ufunc__):
            raise InputTypeError(
                f"{name} is a {type(a).__name__}, an ndarray subclass with its own "
                "__array_ufunc__: neuronkit cannot tell what an activation's result "
                f"means for it; pass np.asarray({name}) to compute on its data")
    data = x.view(np.ndarray) if _is_subclass(x) else x
    views = tuple(o.view(np.ndarray) if _is_subclass(o) else o for o in outs)
    result = _evaluate(plan, which, as_float_array(data), views)
    mask = np.ma.getmask(x)  # nomask unless x is a masked array
    final = []
    for r, o in zip(result if which == BOTH else (result,), outs, strict=False):
        if o is not None:
            if isinstance(o, np.ma.MaskedArray):
                o.mask = False if mask is np.ma.nomask else mask  # copies the mask
            final.append(o)
        elif _is_subclass(x):
            w = x.__array_wrap__(np.asarray(r), None)
            if isinstance(w, np.ma.MaskedArray) and mask is not np.ma.nomask:
                w.mask = mask  # copies it: the result's mask is its own
            final.append(w[()] if w.ndim == 0 else w)
        else:
            final.append(r)
    return tuple(final) if which == BOTH else final[0]


def apply(kernel: Callable[..., np.ndarray], x: Any, args: tuple = (), out=None):
    """Evaluate a NumPy ``kernel(x, *args)`` elementwise with the dtype rules of the
    module (blockwise and over threads for large inputs).

    Parameters
    ----------
    kernel : callable
        ``kernel(v, *args)`` for a 1-d or n-d float64 array ``v``; elementwise.
    x : array_like
        The input.
    args : tuple
        Extra arguments of the kernel.
    out : ndarray, optional
        An array of the input's shape and float dtype to write the result into.

    Returns
    -------
    ndarray or scalar
        The result in the input's float dtype (``out`` if given; a NumPy scalar
        for 0-d input).

    Examples
    --------
    >>> apply(np.negative, np.array([1.0, 2.0], dtype=np.float32))
    array([-1., -2.], dtype=float32)
    """
    return run(Plan((kernel, kernel, kernel), args), VALUE, x, out)


def apply2(kernel: Callable[..., tuple[np.ndarray, np.ndarray]], x: Any, args: tuple = (),
           out: tuple | None = None):
    """Evaluate a NumPy kernel that returns two arrays (value and derivative) at once.

    Parameters
    ----------
    kernel : callable
        ``kernel(v, *args) -> (value, derivative)``, elementwise.
    x : array_like
        The input.
    args : tuple
        Extra arguments of the kernel.
    out : tuple of two ndarrays (or None), optional
        Arrays to write the value and the derivative into.

    Examples
    --------
    >>> apply2(lambda x: (x * x, 2 * x), [3])
    (array([9.]), array([6.]))
    """
    return run(Plan((kernel, kernel, kernel), args), BOTH, x, out)


def out_pair(out: Any) -> tuple:
    """The ``out`` of a two-output call as a pair (``(None, None)`` for ``None``).

    The checks of the arrays themselves come later, in :func:`run`: the extension's
    short path takes only a pair that does not overlap, and the general path checks the
    pair with :func:`check_disjoint`, then each array's shape, dtype and writability.

    >>> out_pair(None)
    (None, None)
    >>> out_pair(np.empty(2))
    Traceback (most recent call last):
    ...
    neuronkit.errors.ShapeError: out must be a pair of arrays (value, derivative), got ndarray
    """
    if out is None:
        return (None, None)
    if not isinstance(out, (tuple, list)):
        raise ShapeError(
            f"out must be a pair of arrays (value, derivative), got {type(out).__name__}")
    if len(out) != 2:
        raise ShapeError(f"out must be a pair of arrays (or None), got {len(out)} items")
    return tuple(out)


def check_disjoint(outs: tuple) -> None:
    """Raise :class:`ParameterError` if the value and derivative outputs share memory:
    each would overwrite the other's result (``out=(a, a)`` once left ``a`` holding only
    f').  Either may be the input itself, as for a one-output call.

    >>> a = np.empty(2)
    >>> check_disjoint((a, np.empty(2)))
    >>> check_disjoint((a, a))  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    neuronkit.errors.ParameterError: out must be two different arrays ... got the same array twice
    """
    a, b = outs
    if a is b and a is not None:
        raise ParameterError(_OVERLAP + "got the same array twice")
    # the bounds first (cheap), then exactly; non-arrays are refused later, in run
    if (isinstance(a, np.ndarray) and isinstance(b, np.ndarray)
            and np.may_share_memory(a, b) and _share_elements(a, b)):
        raise ParameterError(_OVERLAP + "got arrays that share memory")


_OVERLAP = ("out must be two different arrays that do not overlap (the value and the "
            "derivative would overwrite each other), ")


def _share_elements(a: np.ndarray, b: np.ndarray) -> bool:
    """Whether two arrays whose bounds overlap share an element: interleaved views
    (``a[::2]``, ``a[1::2]``) do not; where NumPy cannot decide within a small budget,
    yes."""
    try:
        return bool(np.shares_memory(a, b, max_work=1 << 12))
    except _TooHardError:
        return True
