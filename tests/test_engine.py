"""Tests of the evaluation engine: blockwise and threaded evaluation is bit-identical.

Kernels are elementwise, so evaluating them over blocks, in any number of
threads, must give exactly the single-call result, for every activation, dtype
and call (forward, derivative, fused), and for every kind of input array.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys

import numpy as np
import pytest

import neuronkit as nk
from concurrency import check_in_forked_child
from neuronkit import _compiled, _engine, _settings
from neuronkit.errors import InputTypeError, ParameterError, ShapeError

NAMES = nk.activation_names()
DTYPES = [np.float16, np.float32, np.float64]
SPECIAL = np.array([0.0, -0.0, 1e-310, -1e-310, 1e-30, -1e-30, 0.5, -0.5, 3.0, -3.0, 6.0,
                    -20.0, 40.0, -700.0, -745.0, 800.0, -1e5, 1e300, -1e300,
                    np.inf, -np.inf, np.nan])


def _data(dtype, n=5000, seed=0):
    rng = np.random.default_rng(seed)
    with np.errstate(over="ignore"):
        x = np.concatenate([rng.standard_normal(n) * 10, SPECIAL]).astype(dtype)
    return x


def _single(fn):
    with _settings.engine_options(blocked_above=1 << 62):
        return fn()


def _blocked(fn, threads=1, block=97):
    with _settings.engine_options(blocked_above=-1, threads=threads, block=block):
        return fn()


def _same(a, b):
    a, b = np.asarray(a), np.asarray(b)
    assert a.dtype == b.dtype and a.shape == b.shape
    a, b = (np.ascontiguousarray(v).reshape(-1) for v in (a, b))
    nan = np.isnan(a)
    np.testing.assert_array_equal(nan, np.isnan(b))
    # bit-identical elsewhere (signed zeros included); a NaN's sign bit is not
    # specified (float16 casts of NaN differ between SIMD and scalar loops)
    np.testing.assert_array_equal(a[~nan].view(np.uint8), b[~nan].view(np.uint8))


def _calls(f, x):
    return {"f": lambda: f(x), "d": lambda: f.derivative(x),
            "fd": lambda: f.value_and_derivative(x)}


def _check_all(f, x, **blocked_kw):
    for call in _calls(f, x).values():
        want, got = _single(call), _blocked(call, **blocked_kw)
        if isinstance(want, tuple):
            for w, g in zip(want, got, strict=True):
                _same(w, g)
        else:
            _same(want, got)


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_blocked_equals_single_call(name, dtype):
    f = nk.activation(name)
    x = _data(dtype)
    with np.errstate(all="raise"):
        _check_all(f, x)
        _check_all(f, x, threads=2, block=256)


@pytest.mark.parametrize("name", ["logistic", "gelu", "swish", "relu", "hard_logistic"])
@pytest.mark.parametrize("dtype", DTYPES)
def test_blocked_inputs_of_every_kind(name, dtype):
    f = nk.activation(name)
    base = _data(dtype, n=2994).reshape(-1, 8)  # 3016 = 377 * 8
    ro = base.copy()
    ro.flags.writeable = False
    kinds = {
        "2-d": base, "3-d": base.reshape(29, 13, 8), "fortran": np.asfortranarray(base),
        "transposed": base.T, "strided": base[::3, ::2], "reversed": base[::-1],
        "read-only": ro, "0-d": base[0, 0].reshape(()), "empty": base[:0],
        "one": base[:1, :1],
    }
    for x in kinds.values():
        _check_all(f, x, threads=2, block=61)
        y = _blocked(lambda x=x: f(x))
        assert y.shape == x.shape and y.dtype == x.dtype
    assert np.ndim(_blocked(lambda: f(kinds["0-d"]))) == 0


@pytest.mark.parametrize("name", ["logistic", "mish", "leaky_relu"])
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_blocked_out_argument(name, dtype):
    f = nk.activation(name)
    x = _data(dtype, n=2978).reshape(50, -1)  # 3000 elements
    want = _single(lambda: f(x))
    want_d = _single(lambda: f.derivative(x))
    for out in (np.empty_like(x), np.empty_like(x, order="F"), np.empty((50, 120), dtype)[:, ::2]):
        assert _blocked(lambda out=out: f(x, out=out), threads=2) is out
        _same(out, want)
        assert _blocked(lambda out=out: f.derivative(x, out=out)) is out
        _same(out, want_d)
    # out is the input itself, and out overlapping the input shifted by one element
    y = x.copy()
    assert _blocked(lambda: f(y, out=y), threads=2) is y
    _same(y, want)
    buf = np.concatenate([x.ravel(), x.ravel()[:1]])
    src, dst = buf[:-1], buf[1:]
    want_shift = _single(lambda: f(src.copy()))
    _blocked(lambda: f(src, out=dst))
    _same(dst, want_shift)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("n", [0, 1, 1000, 300_001])
def test_out_on_the_short_path(dtype, n):
    """A plain C-contiguous ``out`` is written by the extension directly (the short
    path, no Python-side checks), with the bits of the allocating call, and returned;
    so is the input itself (in place), either half of a fused pair and a 0-d array.
    Outputs it declines (one overlapping the input shifted) take the general path and
    still get the right values; a pair that overlaps itself is refused (see below)."""
    f = nk.activation("gelu")
    x = _data(dtype, n=n)[:n] if n else np.empty(0, dtype)
    want_f, want_d = f(x), f.derivative(x)
    o1, o2 = np.full_like(x, np.nan), np.full_like(x, np.nan)
    assert f(x, out=o1) is o1
    _same(o1, want_f)
    assert f.derivative(x, out=o2) is o2
    _same(o2, want_d)
    for pair in ((np.full_like(x, np.nan), np.full_like(x, np.nan)),
                 (np.full_like(x, np.nan), None), (None, np.full_like(x, np.nan))):
        got = f.value_and_derivative(x, out=pair)
        for g, o, w in zip(got, pair, (want_f, want_d), strict=True):
            assert o is None or g is o
            _same(g, w)
    y = x.copy()
    assert f(y, out=y) is y
    _same(y, want_f)
    if n > 1:
        buf = np.concatenate([x, x[:1]])
        f(buf[:-1], out=buf[1:])  # shifted overlap: read from a copy
        _same(buf[1:], want_f)
    x0 = np.array(0.5, dtype)
    o0 = np.empty((), dtype)
    assert f(x0, out=o0) is o0
    _same(o0, f(x0))


def test_fused_out_pair():
    f = nk.activation("swish")
    x = _data(np.float32, n=4000)
    o1, o2 = np.empty_like(x), np.empty_like(x)
    got = _blocked(lambda: _engine.run(f.plan, _engine.BOTH, x, out=(o1, o2)), threads=2)
    assert got[0] is o1 and got[1] is o2
    _same(o1, f(x))
    _same(o2, f.derivative(x))
    numpy_only = _engine.Plan(f.plan.kernels, f.plan.args)
    got = _blocked(lambda: _engine.apply2(f.spec.both, x, (1.0,), out=(o1, o2)), threads=2)
    assert got[0] is o1 and got[1] is o2
    _same(o1, _engine.run(numpy_only, _engine.VALUE, x))
    _same(o2, _engine.run(numpy_only, _engine.DERIVATIVE, x))
    with pytest.raises(ShapeError):
        _engine.run(f.plan, _engine.BOTH, x, out=(o1,))


def _fused_paths(f):
    """value_and_derivative through each path: the compiled short path, the compiled
    general path (for a strided input: see _copy), NumPy in one call and NumPy in blocks
    over threads."""
    numpy_only = _engine.Plan(f.plan.kernels, f.plan.args)
    return {
        "short": lambda x, out: f.value_and_derivative(x, out=out),
        "general": lambda x, out: f.value_and_derivative(x, out=out),
        "numpy": lambda x, out: _single(lambda: _engine.run(numpy_only, _engine.BOTH, x, out)),
        "blocked": lambda x, out: _blocked(
            lambda: _engine.run(numpy_only, _engine.BOTH, x, out), threads=2, block=64),
    }


def _copy(x, path):
    """A copy of *x*, strided for the general path (the short path takes only plain
    C-contiguous input)."""
    if path != "general":
        return x.copy()
    wide = np.empty(2 * x.size, x.dtype)
    wide[::2] = x
    return wide[::2]


@pytest.mark.parametrize("path", ["short", "general", "numpy", "blocked"])
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_fused_out_pair_must_not_overlap(path, dtype):
    # out=(a, a) and out=(x, x) were accepted, and a ended up holding only f'
    f = nk.activation("tanh")
    run = _fused_paths(f)[path]
    x = _data(dtype, n=1000)
    a = np.full_like(x, 7.0)
    buf = np.full(x.size + 1, 7.0, dtype)
    y = _copy(x, path)
    for pair in [(a, a), (y, y), (a, a.reshape(a.shape)), (a, a[::-1]),
                 (buf[:-1], buf[1:])]:
        with pytest.raises(ParameterError, match="two different arrays that do not overlap"):
            run(y, pair)
        assert (a == 7.0).all() and (buf == 7.0).all()  # nothing was written
        _same(y, x)


@pytest.mark.parametrize("path", ["short", "general", "numpy", "blocked"])
def test_fused_out_pair_of_interleaved_views_and_the_input(path):
    # interleaved views share their bounds but no element: both are written; and as in
    # a one-output call, either output may be the input itself
    f = nk.activation("tanh")
    run = _fused_paths(f)[path]
    x = _data(np.float64, n=1000)
    want = run(_copy(x, path), (np.empty_like(x), np.empty_like(x)))  # this path's bits
    buf = np.empty(2 * x.size)
    v, d = run(_copy(x, path), (buf[::2], buf[1::2]))
    _same(v, want[0])
    _same(d, want[1])
    for first in (True, False):
        y, other = _copy(x, path), np.empty_like(x)
        got = run(y, (y, other) if first else (other, y))
        _same(got[0], want[0])
        _same(got[1], want[1])


def test_large_input_default_settings_matches_single_call():
    f = nk.activation("logistic")
    x = _data(np.float32, n=_settings.BLOCKED_ABOVE * 3 + 5)
    _same(f(x), _single(lambda: f(x)))
    y, d = f.value_and_derivative(x)
    _same(d, _single(lambda: f.derivative(x)))


def test_out_checks_in_both_paths():
    f = nk.activation("relu")
    x = np.zeros(10, dtype=np.float32)
    for run in (_single, _blocked):
        with pytest.raises(ShapeError):
            run(lambda: f(x, out=np.empty(9, np.float32)))
        with pytest.raises(InputTypeError):
            run(lambda: f(x, out=np.empty(10)))
        with pytest.raises(InputTypeError):
            run(lambda: f(x, out=[0.0] * 10))
        ro = np.empty(10, np.float32)
        ro.flags.writeable = False
        with pytest.raises(InputTypeError, match="read-only"):
            run(lambda ro=ro: f(x, out=ro))


def test_errstate_reaches_worker_threads():
    def bad(v):
        return np.log(v - v - 1.0)  # invalid: log of -1

    x = np.ones(1000)
    with np.errstate(all="raise"), pytest.raises(FloatingPointError):
        _blocked(lambda: _engine.apply(bad, x), threads=2, block=10)
    with np.errstate(invalid="ignore"):
        assert np.isnan(_blocked(lambda: _engine.apply(bad, x), threads=2, block=10)).all()


def test_kernel_error_propagates_from_threads():
    def boom(v):
        raise RuntimeError("kernel failed")

    with pytest.raises(RuntimeError, match="kernel failed"):
        _blocked(lambda: _engine.apply(boom, np.ones(1000)), threads=2, block=10)


def test_set_num_threads():
    old = nk.set_num_threads(3)
    try:
        assert nk.get_num_threads() == 3
        for bad in (0, -1, 1.5, True, "2"):
            with pytest.raises(ParameterError):
                nk.set_num_threads(bad)
        nk.set_num_threads(None)
        assert nk.get_num_threads() >= 1
    finally:
        nk.set_num_threads(old)


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs os.fork")
def test_forked_child_evaluates_in_parallel():
    # the parent's pool threads do not exist in a forked child: a parallel call there
    # once waited forever on them
    check_in_forked_child(
        "nk.set_num_threads(2)\n"
        "x = np.linspace(-5, 5, 1 << 20)\n"
        'want = nk.activation("tanh")(x)  # starts the worker pool',
        'np.array_equal(nk.activation("tanh")(x), want)')


def test_thread_count_from_environment(monkeypatch):
    monkeypatch.setenv("NEURONKIT_NUM_THREADS", "3")
    assert _settings.default_threads() == 3
    monkeypatch.setenv("NEURONKIT_NUM_THREADS", "nonsense")
    with pytest.warns(RuntimeWarning, match="NEURONKIT_NUM_THREADS='nonsense' is ignored"):
        assert 1 <= _settings.default_threads() <= _settings.MAX_DEFAULT_THREADS


@pytest.mark.parametrize("value", ["0", "-3", "2.5", str(2**31), str(2**63), "10000"])
def test_thread_count_from_environment_out_of_bounds_warns(value, monkeypatch):
    # an environment variable must not break the import: it is ignored, with a warning
    # that says why (2**31 once silently meant one thread, 10000 started 64 threads)
    monkeypatch.setenv("NEURONKIT_NUM_THREADS", value)
    with pytest.warns(RuntimeWarning, match=f"1..{_settings.max_threads()}"):
        n = _settings.default_threads()
    assert 1 <= n <= _settings.MAX_DEFAULT_THREADS


def test_import_with_a_bad_thread_variable_warns_and_works():
    env = {**os.environ, "NEURONKIT_NUM_THREADS": str(2**63)}
    proc = subprocess.run(
        [sys.executable, "-c", "import numpy as np, neuronkit as nk; "
         "print(nk.get_num_threads(), float(nk.activation('tanh')(np.float32(1))))"],
        env=env, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert "RuntimeWarning" in proc.stderr and "is ignored" in proc.stderr
    n, value = proc.stdout.split()
    assert 1 <= int(n) <= _settings.MAX_DEFAULT_THREADS and value.startswith("0.76159")


@pytest.mark.parametrize("n", [2**63, 2**31, 10_000, 4 * (os.cpu_count() or 1) + 1, 65])
def test_set_num_threads_bound(n):
    # 2**63 was accepted and then every call raised OverflowError; 2**31 silently meant
    # one thread; 10000 started 64 threads and made gelu 2.3x slower
    bound = _settings.max_threads()
    assert bound == min(4 * (os.cpu_count() or 1), 64)
    old = nk.get_num_threads()
    with pytest.raises(ParameterError, match=f"at most {bound} "):
        nk.set_num_threads(n)
    assert nk.get_num_threads() == old
    assert nk.set_num_threads(bound) == old  # the bound itself is taken
    try:
        x = np.linspace(-3, 3, 1 << 18)
        nk.activation("gelu")(x)
    finally:
        nk.set_num_threads(old)


# -- unaligned arrays ------------------------------------------------------------------

def _unaligned(x):
    """A copy of *x* at an odd byte offset: NumPy marks it unaligned."""
    u = np.zeros(x.nbytes + 1, np.uint8)[1:].view(x.dtype).reshape(x.shape)
    u[...] = x
    assert not u.flags.aligned and u.flags.c_contiguous
    return u


def _unaligned_like(x):
    return _unaligned(np.full_like(x, np.nan))


@contextlib.contextmanager
def _path(path):
    """The compiled kernels (short or general path as the arrays decide), NumPy in one
    call, or NumPy in blocks over two threads."""
    old = _compiled.set_enabled(path == "compiled")
    try:
        if path == "blocked":
            with _settings.engine_options(blocked_above=-1, threads=2, block=4096):
                yield
        else:
            yield
    finally:
        _compiled.set_enabled(old)


@pytest.mark.parametrize("path", ["compiled", "numpy", "blocked"])
@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("shape", [(), (1,), (1000,), (300_001,), (40, 25)])
def test_unaligned_arrays_in_and_out(path, dtype, shape):
    # np.zeros(801, np.uint8)[1:].view(np.float64): the compiled path refused it as out
    # ("TypeError: f_out must hold float32 or float64"); every path now takes it, in and
    # out, with the bits of an aligned copy
    f = nk.activation("gelu")
    n = int(np.prod(shape))
    x = _data(dtype, n=n)[:n].reshape(shape)
    ux = _unaligned(x)
    with _path(path):
        want = {"f": f(x), "d": f.derivative(x), "fd": f.value_and_derivative(x)}
        for arg in (x, ux):
            for which, call in (("f", f), ("d", f.derivative)):
                if arg is ux:
                    _same(call(ux), want[which])
                out = _unaligned_like(x)
                assert call(arg, out=out) is out
                _same(out, want[which])
            for pair in ((_unaligned_like(x), _unaligned_like(x)),
                         (_unaligned_like(x), np.empty_like(x)), (None, _unaligned_like(x))):
                got = f.value_and_derivative(arg, out=pair)
                for g, o, w in zip(got, pair, want["fd"], strict=True):
                    assert o is None or g is o
                    _same(g, w)
        _same(f.value_and_derivative(ux)[1], want["fd"][1])
        y = _unaligned(x)  # in place, unaligned
        assert f(y, out=y) is y
        _same(y, want["f"])
    _same(ux, x)  # the input was not written


# -- where= (NumPy's ufunc argument) and longdouble -----------------------------------

@pytest.mark.parametrize("compiled", [True, False], ids=["compiled", "numpy"])
@pytest.mark.parametrize("name", ["tanh", "relu", "gelu", "tanhshrink"])
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_where_writes_only_where_the_mask_is_true(name, dtype, compiled):
    old = _compiled.set_enabled(compiled)
    try:
        _check_where(nk.activation(name), name, dtype)
    finally:
        _compiled.set_enabled(old)


def _check_where(f, name, dtype):
    x = np.linspace(-4, 4, 2 * 3 * 7, dtype=dtype).reshape(6, 7)
    mask = np.arange(7) % 3 == 0  # broadcast over the rows, as a ufunc's where
    out = np.full_like(x, -7.0)
    got = f(x, out=out, where=mask)
    assert got is out
    want = np.where(mask, np.asarray(f(x)), -7.0).astype(dtype)
    np.testing.assert_array_equal(out, want)
    ufunc = np.tanh(x, out=np.full_like(x, -7.0), where=mask)  # the same entries kept
    assert np.array_equal(ufunc == -7.0, out == -7.0) or name != "tanh"
    d_out, v_out = np.zeros_like(x), np.zeros_like(x)
    f.derivative(x, out=d_out, where=mask)
    np.testing.assert_array_equal(d_out, np.where(mask, f.derivative(x), 0.0).astype(dtype))
    f.value_and_derivative(x, out=(v_out, d_out), where=~mask)
    np.testing.assert_array_equal(v_out[:, ~mask], np.asarray(f(x))[:, ~mask])
    np.testing.assert_array_equal(v_out[:, mask], 0.0)


def test_where_errors():
    f = nk.activation("relu")
    x = np.ones(4)
    with pytest.raises(ParameterError, match="where= needs out"):
        f(x, where=x > 0)
    with pytest.raises(ParameterError, match="needs both arrays of out"):
        f.value_and_derivative(x, out=(np.zeros(4), None), where=x > 0)
    with pytest.raises(InputTypeError, match="boolean"):
        f(x, out=np.zeros(4), where=x)
    with pytest.raises(ShapeError, match="broadcast"):
        f(x, out=np.zeros(4), where=np.ones(3, bool))
    with pytest.raises(InputTypeError, match="dtype"):
        f(x, out=np.zeros(4, np.float32), where=x > 0)
    from neuronkit.activations import relu
    assert relu(x, out=np.zeros(4), where=np.array([True, False, True, False])).tolist() == \
        [1.0, 0.0, 1.0, 0.0]
    assert f(x, where=np.True_).tolist() == [1.0] * 4  # a true scalar: the plain call


@pytest.mark.skipif(np.dtype(np.longdouble) == np.dtype(np.float64),
                    reason="longdouble is float64 on this platform")
def test_longdouble_is_refused_saying_why():
    f = nk.activation("logistic")
    x = np.array([0.5, 1.0], dtype=np.longdouble)
    with pytest.raises(TypeError, match="53-bit precision.*astype\\(numpy.float64\\)"):
        f(x)
    with pytest.raises(TypeError, match="longdouble"):
        f.derivative(x)
    np.testing.assert_array_equal(f(x.astype(np.float64)), f(np.array([0.5, 1.0])))
