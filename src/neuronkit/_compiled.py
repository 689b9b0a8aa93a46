"""Dispatch from NumPy kernels to their compiled one-pass versions (``_kernels.h``).

A family module registers each NumPy kernel that has a compiled twin:
``register(kernel, "logistic", DERIVATIVE, params)``, where ``params`` turns the
kernel's extra arguments into the four doubles the C kernel takes (or returns
``None`` when the compiled twin does not cover those arguments).  The engine asks
:func:`lookup` before running a NumPy kernel.

The compiled extension is optional: if it was not built, or ``NEURONKIT_PURE=1``
is set in the environment, or :func:`set_enabled(False) <set_enabled>` was called,
every kernel runs as NumPy code.  Both paths are tested against mpmath and against
each other.
"""

from __future__ import annotations

import os
from collections.abc import Callable

import numpy as np

__all__ = ["VALUE", "DERIVATIVE", "BOTH", "register", "register_twins", "lookup", "available",
           "set_enabled", "set_erfcx_tables", "instruction_set", "empty", "buffer_cache"]

VALUE, DERIVATIVE, BOTH = 0, 1, 2

try:  # pragma: no branch
    from . import _ckernels
except ImportError:  # not built (no compiler at install time)
    _ckernels = None

_IDS: dict[str, int] = (
    {name: i for i, name in enumerate(_ckernels.names())} if _ckernels is not None else {}
)
_REGISTRY: dict[Callable, tuple[int, int, Callable[..., tuple | None]]] = {}
_enabled = _ckernels is not None and os.environ.get("NEURONKIT_PURE", "") not in ("1", "true")
CACHE: dict[tuple, tuple | None] = {}
"""``(kernel, args)`` -> what :func:`lookup` returns, filled while enabled only."""
_CACHE_SIZE = 4096


def _no_params(*args) -> tuple:
    return (0.0, 0.0, 0.0, 0.0)


def register(kernel: Callable, name: str | None, which: int,
             params: Callable[..., tuple | None] = _no_params) -> None:
    """Declare that the NumPy *kernel* has a compiled twin (computing *which*).

    With a *name*, ``params(*args)`` returns the four doubles (or ``None``: no
    compiled twin for these arguments).  With ``name=None`` it returns
    ``(name, doubles)`` or ``None``, for a kernel whose twin depends on its arguments.
    """
    if _ckernels is None or (name is not None and name not in _IDS):
        return
    _REGISTRY[kernel] = (name, which, params)


def register_twins(name: str | None, value: Callable, derivative: Callable, both: Callable,
                   params: Callable[..., tuple | None] = _no_params) -> None:
    """:func:`register` an activation's value, derivative and fused kernels, all three
    twins of the compiled kernel *name* with the same *params*."""
    for kernel, which in ((value, VALUE), (derivative, DERIVATIVE), (both, BOTH)):
        register(kernel, name, which, params)


empty: Callable[..., np.ndarray] = _ckernels.empty if _ckernels is not None else np.empty
"""``empty(shape, dtype)``: a new array; large ones come from the buffer cache."""


def buffer_cache(limit: int = -1) -> tuple[int, int, int]:
    """``(limit, bytes held, buffers held)`` of the extension's output-buffer cache
    before the call, then set its limit in bytes unless *limit* is -1 (0 empties and
    turns off the cache).  Without the extension there is no cache: ``(0, 0, 0)``."""
    if _ckernels is None:
        return (0, 0, 0)
    return _ckernels.buffer_cache(limit)


def set_erfcx_tables(tables: tuple) -> None:
    """Hand the compiled GELU the tables of :func:`neuronkit._erf.erfcx`."""
    if _ckernels is not None:
        _ckernels.set_erfcx_tables(*tables)


def lookup(kernel: Callable, args: tuple):
    """``(module, kernel_id, which, cparams)`` for a compiled twin, or ``None``.

    ``module`` is the extension (its ``run`` fills given outputs, its ``call`` returns
    fresh ones); results are cached per ``(kernel, args)``.
    """
    if not _enabled:
        return None
    try:
        return CACHE[kernel, args]
    except KeyError:
        pass
    except TypeError:  # unhashable arguments: not cached
        return _lookup(kernel, args)
    if len(CACHE) >= _CACHE_SIZE:
        CACHE.clear()
    found = CACHE[kernel, args] = _lookup(kernel, args)
    return found


def _lookup(kernel: Callable, args: tuple):
    entry = _REGISTRY.get(kernel)
    if entry is None:
        return None
    name, which, params = entry
    cparams = params(*args)
    if cparams is None:
        return None
    if name is None:
        name, cparams = cparams
    return _ckernels, _IDS[name], which, tuple(float(c) for c in cparams)


def available() -> bool:
    """Whether the compiled kernels were built and are in use.

    >>> isinstance(available(), bool)
    True
    """
    return _enabled


def instruction_set() -> str | None:
    """The instruction set of the compiled loops in use ("avx512", "avx2" or
    "portable"; ``NEURONKIT_ISA=portable`` or ``=avx2`` picks a lesser one), or ``None``
    when they are not in use.

    >>> instruction_set() in (None, "avx512", "avx2", "portable")
    True
    """
    return _ckernels.isa() if _enabled else None


def set_enabled(flag: bool) -> bool:
    """Use (``True``) or bypass (``False``) the compiled kernels; return the old setting.

    Enabling has no effect when the extension was not built.

    >>> old = set_enabled(False); available()
    False
    >>> _ = set_enabled(old)
    """
    global _enabled
    old = _enabled
    _enabled = bool(flag) and _ckernels is not None
    CACHE.clear()
    return old
