"""The engine's settings: thread count, block size, and the output-buffer cache.

Threads
-------
Large inputs are split over threads: the compiled kernels use the extension's own
worker threads (``_parallel.c``), the NumPy blocks a Python thread pool.  The thread
count is, in order of precedence, the value given to :func:`set_num_threads`, the
environment variable ``NEURONKIT_NUM_THREADS`` (read at import), or the number of
CPUs this process may run on, capped at :data:`MAX_DEFAULT_THREADS`.  No count may
exceed :func:`max_threads` (4 threads per CPU, at most 64): more only slows the work
down.  :func:`set_num_threads` refuses a larger count with a ``ParameterError``; an
invalid ``NEURONKIT_NUM_THREADS`` (not an integer, below 1 or above the bound) does not
stop the import: it is ignored with a ``RuntimeWarning`` that says why.

Output buffers
--------------
A new multi-megabyte array costs more than its name suggests: the operating system
hands out fresh pages and zeroes each one when it is first written, which for an
activation running at memory speed is a third or more of the call (10^7 float32
elements here: ``np.add(x, 1)`` takes about 7 ms, of which 3-4 ms are page
faults).  With the compiled extension, results of 4 MiB or more are therefore
allocated through a small cache: when such a result is freed its buffer is kept,
up to a limit in bytes (:data:`DEFAULT_BUFFER_CACHE`, or the environment variable
``NEURONKIT_BUFFER_CACHE_MB`` read at import, or :func:`set_buffer_cache`), and the
next result of the same size takes it with its pages already mapped.  A training
loop or any repeated call over same-sized data allocates this way.  The arrays are
ordinary NumPy arrays that own their data; the cache only holds freed memory, and
``set_buffer_cache(0)`` returns it to the system.  PyTorch's caching allocators and
jemalloc keep freed memory the same way.

The trade-off is memory: up to the limit stays mapped while no array uses it (256 MiB
by default).  What :func:`get_buffer_cache` reports as ``held`` is all the cache keeps:
its buffers are mapped and unmapped directly (not taken from ``malloc``), so a buffer
it evicts or frees is returned to the system at once, and the process's resident
memory grows by at most ``held`` (less where a buffer's pages were never written).
Memory that the C library keeps after NumPy frees its own arrays (glibc keeps freed
blocks of up to 32 MiB in its heap once it has seen such sizes come and go; it does
so without neuronkit too) is not the cache's: ``set_buffer_cache(0)`` does not return
it, and the glibc tunable ``GLIBC_TUNABLES=glibc.malloc.mmap_threshold=131072``
(set before Python starts) makes glibc return every large block when it is freed.
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
import warnings
from collections.abc import Iterator

import numpy as np

from . import _compiled
from .errors import ParameterError

__all__ = [
    "set_num_threads", "get_num_threads", "set_buffer_cache", "get_buffer_cache", "BufferCache",
    "engine_options", "settings", "Settings", "env_int", "default_threads",
    "default_buffer_cache", "max_threads", "BLOCK", "BLOCKED_ABOVE", "THREADS_FROM",
    "MAX_DEFAULT_THREADS", "THREADS_PER_CPU", "THREADS_LIMIT",
    "DEFAULT_BUFFER_CACHE",
]

BLOCK = 1 << 15
"""Elements per block (256 KiB of float64 per temporary: a kernel's working set stays in L2)."""
BLOCKED_ABOVE = 1 << 16
"""Inputs with more elements than this are evaluated blockwise."""
MAX_DEFAULT_THREADS = 8
"""The default thread count never exceeds this (more rarely helps memory-bound work)."""
THREADS_PER_CPU = 4
"""No thread count may exceed this many threads per CPU (see :func:`max_threads`)."""
THREADS_LIMIT = 64
"""Nor this many: the compiled kernels' worker pool has at most 64 threads."""
THREADS_FROM = 1 << 17
"""NumPy blocks: inputs with fewer elements are not worth a second thread."""
DEFAULT_BUFFER_CACHE = 256 << 20
"""Bytes of freed output buffers kept for reuse, unless set otherwise (see the module notes)."""


def env_int(name: str, least: int) -> int | None:
    """The integer in environment variable *name* if it is one and at least *least*
    (else ``None``: unset, empty or invalid values fall back to the default)."""
    try:
        value = int(os.environ.get(name, "").strip())
    except ValueError:
        return None
    return value if value >= least else None


def max_threads() -> int:
    """The largest thread count :func:`set_num_threads` takes: 4 per CPU of this machine
    (``os.cpu_count()``), at most 64.

    >>> 4 <= max_threads() <= 64
    True
    """
    return max(1, min(THREADS_PER_CPU * (os.cpu_count() or 1), THREADS_LIMIT))


def _env_threads() -> int | None:
    """``NEURONKIT_NUM_THREADS`` if set to a valid count; a ``RuntimeWarning`` (not an
    error: an environment variable must not break ``import neuronkit``) if set otherwise."""
    text = os.environ.get("NEURONKIT_NUM_THREADS", "").strip()
    if not text:
        return None
    try:
        n = int(text)
    except ValueError:
        n = None
    bound = max_threads()
    if n is not None and 1 <= n <= bound:
        return n
    warnings.warn(f"NEURONKIT_NUM_THREADS={text!r} is ignored: it must be an integer in "
                  f"1..{bound} (4 per CPU, at most {THREADS_LIMIT}); using the default",
                  RuntimeWarning, stacklevel=2)
    return None


def default_threads() -> int:
    """The default thread count: ``NEURONKIT_NUM_THREADS``, else the usable CPUs (at most
    :data:`MAX_DEFAULT_THREADS`)."""
    n = _env_threads()
    if n is not None:
        return n
    try:
        cpus = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):  # not on Linux
        cpus = os.cpu_count() or 1
    return max(1, min(cpus, MAX_DEFAULT_THREADS))


def default_buffer_cache() -> int:
    """The default buffer-cache limit in bytes: ``NEURONKIT_BUFFER_CACHE_MB``, else
    :data:`DEFAULT_BUFFER_CACHE`."""
    mib = env_int("NEURONKIT_BUFFER_CACHE_MB", 0)
    return DEFAULT_BUFFER_CACHE if mib is None else mib << 20


class Settings:
    """The engine's settings (one instance, :data:`settings`)."""

    threads: int = default_threads()
    block: int = BLOCK
    blocked_above: int = BLOCKED_ABOVE


settings = Settings()


def set_num_threads(n: int | None) -> int:
    """Set how many threads evaluate large inputs; return the previous count.

    Parameters
    ----------
    n : int or None
        A thread count from 1 to :func:`max_threads` (4 per CPU, at most 64; more
        threads than that only slow the work down), or ``None`` for the default (the
        environment variable ``NEURONKIT_NUM_THREADS`` if set and valid, else the
        number of usable CPUs, at most :data:`MAX_DEFAULT_THREADS`).

    Returns
    -------
    int
        The thread count before the call.

    Raises
    ------
    ParameterError
        If *n* is not an integer from 1 to :func:`max_threads`.

    Examples
    --------
    >>> import neuronkit as nk
    >>> old = nk.set_num_threads(1)
    >>> nk.get_num_threads()
    1
    >>> _ = nk.set_num_threads(old)
    """
    if n is None:
        n = default_threads()
    elif isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < 1:
        raise ParameterError(f"the thread count must be a positive integer, got {n!r}")
    elif n > max_threads():
        raise ParameterError(
            f"the thread count must be at most {max_threads()} (4 per CPU, at most "
            f"{THREADS_LIMIT}; more threads only slow the work down), got {n!r}")
    old = settings.threads
    settings.threads = int(n)
    return old


def get_num_threads() -> int:
    """The number of threads that evaluate large inputs (see :func:`set_num_threads`).

    Examples
    --------
    >>> import neuronkit as nk
    >>> nk.get_num_threads() >= 1
    True
    """
    return settings.threads


@dataclasses.dataclass(frozen=True)
class BufferCache:
    """The state of the output-buffer cache (see :func:`set_buffer_cache`)."""

    limit: int
    """The most bytes of freed buffers it keeps (0: off)."""
    held: int
    """The bytes of freed buffers it keeps now."""
    buffers: int
    """How many freed buffers it keeps now."""


def set_buffer_cache(limit: int | None) -> int:
    """Set how many bytes of freed large results are kept for reuse; return the old limit.

    Results of 4 MiB or more are allocated through a cache of freed buffers, so that
    repeated calls over same-sized data do not pay the operating system's page faults
    again (see the module notes).  Lowering the limit frees what no longer fits;
    ``0`` frees everything and turns the cache off.  Without the compiled extension
    there is no cache and the limit stays 0.

    Parameters
    ----------
    limit : int or None
        A byte count ``>= 0``, or ``None`` for the default (the environment variable
        ``NEURONKIT_BUFFER_CACHE_MB`` if set, else :data:`DEFAULT_BUFFER_CACHE`).

    Returns
    -------
    int
        The limit before the call.

    Examples
    --------
    >>> import neuronkit as nk
    >>> old = nk.set_buffer_cache(0)
    >>> nk.get_buffer_cache()
    BufferCache(limit=0, held=0, buffers=0)
    >>> _ = nk.set_buffer_cache(old)
    """
    if limit is None:
        limit = default_buffer_cache()
    elif isinstance(limit, bool) or not isinstance(limit, (int, np.integer)) or limit < 0:
        raise ParameterError(
            f"the buffer cache limit must be a byte count >= 0, got {limit!r}")
    return _compiled.buffer_cache(int(limit))[0]


def get_buffer_cache() -> BufferCache:
    """The cache's limit and the freed buffers it holds (see :func:`set_buffer_cache`).

    Examples
    --------
    >>> import neuronkit as nk
    >>> info = nk.get_buffer_cache()
    >>> info.held <= info.limit
    True
    """
    return BufferCache(*_compiled.buffer_cache(-1))


_compiled.buffer_cache(default_buffer_cache())


@contextlib.contextmanager
def engine_options(*, threads: int | None = None, block: int | None = None,
                   blocked_above: int | None = None) -> Iterator[None]:
    """Temporarily change the thread count, the block size or the blocking threshold.

    ``blocked_above=-1`` forces blockwise evaluation of every non-empty input and a
    huge value turns it off (the benchmarks and tests use both).  Not thread-safe:
    meant for tests and benchmarks.

    Examples
    --------
    >>> with engine_options(threads=1, block=4, blocked_above=-1):
    ...     settings.threads, settings.block
    (1, 4)
    """
    saved = (settings.threads, settings.block, settings.blocked_above)
    try:
        if threads is not None:
            set_num_threads(threads)
        if block is not None:
            if block < 1:
                raise ParameterError(f"block must be a positive integer, got {block!r}")
            settings.block = int(block)
        if blocked_above is not None:
            settings.blocked_above = int(blocked_above)
        yield
    finally:
        settings.threads, settings.block, settings.blocked_above = saved
