"""The output-buffer cache of the compiled extension (``_buffers.c``).

Large results are allocated through a NumPy memory handler that keeps freed
buffers for reuse.  These tests check that a reused buffer gives the same results
as fresh memory, that the cache keeps to its limit, and that its arrays behave as
ordinary NumPy arrays (they own their data, resize, pickle, survive threads and
fork).
"""

from __future__ import annotations

import os
import pickle
import subprocess
import sys

import numpy as np
import pytest

import neuronkit as nk
from concurrency import check_in_forked_child, run_in_threads
from neuronkit import _compiled, _settings
from neuronkit.errors import ParameterError

pytestmark = pytest.mark.skipif(_compiled._ckernels is None,
                                reason="the compiled extension is not built")

MIB = 1 << 20
N = 1 << 20  # 8 MiB of float64: above the cache's 4 MiB threshold


def handler_name(a: np.ndarray) -> str:
    """The name of the NumPy memory handler that allocated *a*'s data."""
    import importlib

    for where in ("numpy.lib", "numpy._core.multiarray", "numpy.core.multiarray"):
        try:
            return importlib.import_module(where).get_handler_name(a)
        except (ImportError, AttributeError):
            continue
    raise RuntimeError("this NumPy has no get_handler_name")


@pytest.fixture
def cache():
    """An empty cache with the default limit, restored afterwards."""
    old = nk.set_buffer_cache(0)
    nk.set_buffer_cache(_settings.DEFAULT_BUFFER_CACHE)
    yield
    nk.set_buffer_cache(0)
    nk.set_buffer_cache(old)


def without_cache(fn, *args):
    old = nk.set_buffer_cache(0)
    try:
        return fn(*args)
    finally:
        nk.set_buffer_cache(old)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_freed_result_is_reused_and_fully_rewritten(cache, dtype):
    x = np.linspace(-30, 30, 2 * N).astype(dtype)
    relu, logistic = nk.activation("relu"), nk.activation("logistic")
    want_relu = without_cache(relu, x)
    want_logistic = without_cache(logistic.value_and_derivative, x)
    assert handler_name(want_relu) != "neuronkit_buffer_cache"

    r = relu(x)
    assert handler_name(r) == "neuronkit_buffer_cache"
    where = r.ctypes.data
    np.testing.assert_array_equal(r, want_relu)
    del r
    assert nk.get_buffer_cache().buffers == 1

    # the next result of the same size takes the freed buffer, which still holds
    # relu's values: every element must be overwritten
    v, d = logistic.value_and_derivative(x)
    assert where in (v.ctypes.data, d.ctypes.data)
    np.testing.assert_array_equal(v, want_logistic[0])
    np.testing.assert_array_equal(d, want_logistic[1])
    assert nk.get_buffer_cache().buffers == 0


def test_small_results_do_not_use_the_cache(cache):
    r = nk.activation("relu")(np.ones(1000))
    assert handler_name(r) != "neuronkit_buffer_cache"
    del r
    assert nk.get_buffer_cache().held == 0


def test_cache_keeps_to_its_limit(cache):
    sizes = [4 * MIB, 6 * MIB, 8 * MIB, 10 * MIB, 12 * MIB]
    limit = 20 * MIB
    nk.set_buffer_cache(limit)
    arrays = [_compiled.empty((s,), np.uint8) for s in sizes]
    assert all(handler_name(a) == "neuronkit_buffer_cache" for a in arrays)
    while arrays:  # free them oldest first
        arrays.pop(0)
    info = nk.get_buffer_cache()
    assert 0 < info.held <= limit
    # the newest buffers are kept: 12 MiB (rounded up to 2 MiB pages, plus a header)
    assert info.buffers == 1 and info.held == 14 * MIB

    # a buffer larger than the limit is freed at once
    big = _compiled.empty((limit + 1,), np.uint8)
    del big
    assert nk.get_buffer_cache().held == 14 * MIB

    # at most 8 buffers, however small
    nk.set_buffer_cache(1 << 30)
    arrays = [_compiled.empty((4 * MIB + i,), np.uint8) for i in range(12)]
    del arrays
    assert nk.get_buffer_cache().buffers == 8

    # lowering the limit frees what no longer fits; 0 frees everything
    nk.set_buffer_cache(20 * MIB)
    assert nk.get_buffer_cache().held <= 20 * MIB
    assert nk.set_buffer_cache(0) == 20 * MIB
    assert nk.get_buffer_cache() == nk.get_buffer_cache().__class__(0, 0, 0)
    a = _compiled.empty((N,), np.float64)
    assert handler_name(a) != "neuronkit_buffer_cache"  # off: NumPy's allocator


def test_cached_arrays_are_ordinary_arrays(cache):
    a = _compiled.empty((N,), np.float64)
    assert a.flags.owndata and a.base is None and a.flags.writeable
    assert a.ctypes.data % 64 == 0
    a[:] = np.arange(N)
    b = pickle.loads(pickle.dumps(a))
    np.testing.assert_array_equal(a, b)
    a.resize(3 * N, refcheck=False)  # realloc: grows, keeps the contents
    np.testing.assert_array_equal(a[:N], np.arange(N))
    a[N:] = -1.0
    a.resize(10, refcheck=False)  # and shrinks
    np.testing.assert_array_equal(a, np.arange(10.0))
    z = _compiled.empty((2, 0, 3), np.float32)
    assert z.shape == (2, 0, 3) and z.dtype == np.float32


@pytest.mark.parametrize("shift", [0, 1, 2, 6, 8, 255, 256, 511])
def test_cached_results_sit_half_a_page_from_their_input(cache, shift):
    """A cached result's data start half a 4 KiB page (to 16 bytes) from its input's,
    wherever the input lies, and hold its values: an output 48 bytes past its input in
    the low 12 address bits (where the data once started for NumPy's arrays) holds
    loads back behind stores (4K aliasing), 15-20 % of a ReLU at 10^6."""
    big = np.linspace(-3, 3, N + 1024)
    x = big[shift:shift + N]
    relu, f = nk.activation("relu"), nk.activation("logistic")
    got = [relu(x), *f.value_and_derivative(x)]
    want = [np.maximum(x, 0), *without_cache(f.value_and_derivative, x)]
    for g, w in zip(got, want, strict=True):
        assert handler_name(g) == "neuronkit_buffer_cache"
        assert 2048 - 16 < (g.ctypes.data - x.ctypes.data) % 4096 <= 2048
        assert g.ctypes.data % 16 == 0
        np.testing.assert_array_equal(g, w)


def test_empty_rejects_bad_shapes():
    with pytest.raises(ValueError, match="negative"):
        _compiled.empty((-1,), np.float64)
    with pytest.raises(ValueError, match="too big"):
        _compiled.empty((1 << 40, 1 << 40), np.float64)
    with pytest.raises((ValueError, MemoryError)):
        _compiled.empty((1 << 60,), np.float64)


def test_threads_never_share_a_live_buffer(cache):
    errors = []

    def work(k: int) -> None:
        try:
            for i in range(30):
                a = _compiled.empty((N,), np.float64)
                a.fill(k * 1000 + i)
                b = _compiled.empty((N,), np.float64)
                b.fill(-k)
                if not (np.all(a == k * 1000 + i) and np.all(b == -k)):
                    errors.append(k)
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)

    run_in_threads(work, 4)
    assert errors == []
    assert nk.get_buffer_cache().buffers <= 8


def test_forked_child_allocates():
    check_in_forked_child(
        'f = nk.activation("logistic")\n'
        "x = np.linspace(-5, 5, 1 << 20)\n"
        "want = f(x).copy()\n"
        "del_me = f(x); del del_me  # a buffer in the cache",
        "np.array_equal(f(x), want) and nk.get_buffer_cache().buffers <= 1")


def test_set_buffer_cache_checks_its_argument(cache):
    for bad in (-1, 1.5, True, "8"):
        with pytest.raises(ParameterError, match="byte count"):
            nk.set_buffer_cache(bad)
    nk.set_buffer_cache(None)
    assert nk.get_buffer_cache().limit == _settings.default_buffer_cache()


def test_buffer_cache_limit_from_environment(monkeypatch):
    monkeypatch.setenv("NEURONKIT_BUFFER_CACHE_MB", "64")
    assert _settings.default_buffer_cache() == 64 * MIB
    monkeypatch.setenv("NEURONKIT_BUFFER_CACHE_MB", "0")
    assert _settings.default_buffer_cache() == 0
    monkeypatch.setenv("NEURONKIT_BUFFER_CACHE_MB", "lots")
    assert _settings.default_buffer_cache() == _settings.DEFAULT_BUFFER_CACHE


_RSS_SCRIPT = """
import gc, numpy as np, neuronkit as nk
MIB = 1 << 20
def rss():
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) << 10
limit = 128 * MIB
nk.set_buffer_cache(limit)
x64 = np.full(8 * MIB, 0.5)  # 64 MiB, the largest array; the inputs are views of these
x32 = x64.astype(np.float32)
fs = [nk.activation("relu"), nk.activation("logistic")]
gc.collect()
base = rss()
rng = np.random.default_rng(1)
live = []
for i in range(60):  # results of 4-32 MiB, freed in a random order
    x = (x32, x64)[i % 2][: int(rng.integers(1 * MIB, 4 * MIB))]
    f = fs[i % 2]
    live += [f(x), *f.value_and_derivative(x)]
    while len(live) > int(rng.integers(0, 6)):
        live.pop(int(rng.integers(len(live))))
live.clear()
gc.collect()
held = nk.get_buffer_cache().held
retained = rss() - base
nk.set_buffer_cache(0)
print(held, retained, rss() - base)
"""


@pytest.mark.skipif(not os.path.exists("/proc/self/status"), reason="reads VmRSS (Linux)")
def test_memory_retained_is_what_the_cache_holds():
    """After a sequence of large calls, the process keeps what the cache says it holds
    and no more (from malloc, freed blocks made glibc keep about twice that: 198 MiB
    retained with 104 MiB held), and ``set_buffer_cache(0)`` returns it all.  In a
    fresh interpreter: the state of the C library's allocator depends on the tests
    run before."""
    done = subprocess.run([sys.executable, "-c", _RSS_SCRIPT], capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    held, retained, after_off = (int(v) for v in done.stdout.split())
    assert 0 < held <= 128 * MIB
    assert retained <= held + 16 * MIB, (held / MIB, retained / MIB)
    assert after_off <= 16 * MIB, after_off / MIB
