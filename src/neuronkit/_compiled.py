"""The compiled one-pass kernels (``_kernels.h``), found by name.

An activation's declaration names its compiled kernel and packs its parameters
into the four doubles every compiled kernel takes; :func:`twin` turns the name and
the packed parameters into what the engine calls.  Which output a call computes is
a :class:`Which`: the value, the derivative or both, in one pass.

The compiled extension is optional: if it was not built, or ``NEURONKIT_PURE=1``
is set in the environment, or :func:`set_enabled(False) <set_enabled>` was called,
every kernel runs as NumPy code.  Both paths are tested against mpmath and against
each other.
"""

from __future__ import annotations

import enum
import os
from collections.abc import Callable

import numpy as np

__all__ = ["Which", "VALUE", "DERIVATIVE", "BOTH", "twin", "kernel_names", "available",
           "set_enabled", "set_erfcx_tables", "instruction_set", "empty", "buffer_cache",
           "MissingKernelError"]


class Which(enum.IntEnum):
    """What one call computes: f, f' or both (the compiled kernels' numbering)."""

    VALUE = 0
    DERIVATIVE = 1
    BOTH = 2


VALUE, DERIVATIVE, BOTH = Which.VALUE, Which.DERIVATIVE, Which.BOTH

try:  # pragma: no branch
    from . import _ckernels
except ImportError:  # not built (no compiler at install time)
    _ckernels = None

_IDS: dict[str, int] = (
    {name: i for i, name in enumerate(_ckernels.names())} if _ckernels is not None else {}
)
_enabled = _ckernels is not None and os.environ.get("NEURONKIT_PURE", "") not in ("1", "true")


class MissingKernelError(RuntimeError):
    """A declaration names a compiled kernel that the built extension does not have."""


def kernel_names() -> tuple[str, ...]:
    """The names of the compiled kernels (empty when the extension was not built).

    >>> "relu" in kernel_names() or not kernel_names()
    True
    """
    return tuple(_IDS)


def twin(name: str, cparams: tuple = ()) -> tuple | None:
    """``(extension, kernel_id, cparams)`` of the compiled kernel *name*, with the
    packed parameters padded to the four doubles it takes; ``None`` when the extension
    was not built.

    Raises
    ------
    MissingKernelError
        When the extension was built but has no kernel of that name (a declaration
        and ``_kernels.h`` disagree, or the extension is stale: rebuild it).
    """
    if _ckernels is None:
        return None
    if name not in _IDS:
        raise MissingKernelError(
            f"the compiled extension has no kernel {name!r} (rebuild it with "
            f"'pip install -e .'); it has: {', '.join(_IDS)}")
    padded = tuple(float(c) for c in cparams) + (0.0,) * (4 - len(cparams))
    return _ckernels, _IDS[name], padded


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
    return old
