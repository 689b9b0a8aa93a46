"""The engine with ndarray subclasses: masked arrays keep their mask, other subclasses
their class (through ``__array_wrap__``), and a subclass with an ``__array_ufunc__`` of
its own is refused (see the module notes of ``neuronkit._engine``, "Arrays of other
kinds").  Masked arrays once lost their mask silently (``np.tanh`` keeps it)."""

from __future__ import annotations

import contextlib

import numpy as np
import pytest

import neuronkit as nk
from neuronkit import _compiled, _settings
from neuronkit.errors import InputTypeError

DTYPES = [np.float16, np.float32, np.float64]


@contextlib.contextmanager
def _path(path):
    """The compiled kernels, NumPy in one call, or NumPy in blocks over two threads."""
    old = _compiled.set_enabled(path == "compiled")
    try:
        if path == "blocked":
            with _settings.engine_options(blocked_above=-1, threads=2, block=97):
                yield
        else:
            yield
    finally:
        _compiled.set_enabled(old)


def _same_bits(a, b):
    a, b = np.asarray(a), np.asarray(b)
    assert type(a) is np.ndarray and type(b) is np.ndarray
    assert a.dtype == b.dtype and a.shape == b.shape
    np.testing.assert_array_equal(a.view(np.uint8), b.view(np.uint8))


def _masked(dtype, shape=(40, 25), seed=0):
    rng = np.random.default_rng(seed)
    data = (rng.standard_normal(shape) * 4).astype(dtype)
    mask = rng.random(shape) < 0.3
    data[mask] = np.array(np.inf, dtype)  # whatever lies under the mask is computed quietly
    return np.ma.masked_array(data, mask=mask, fill_value=-7)


def _check_masked_result(r, m, want_data):
    assert isinstance(r, np.ma.MaskedArray)
    np.testing.assert_array_equal(np.ma.getmaskarray(r), np.ma.getmaskarray(m))
    assert not np.shares_memory(np.ma.getmaskarray(r), np.ma.getmaskarray(m))
    assert r.fill_value == m.fill_value
    _same_bits(r.data, want_data)


@pytest.mark.parametrize("path", ["compiled", "numpy", "blocked"])
@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("name", ["tanh", "gelu", "relu"])
def test_masked_arrays_keep_their_mask(path, dtype, name):
    f = nk.activation(name)
    m = _masked(dtype)
    with _path(path), np.errstate(all="raise"):
        want_f, want_d = f(m.data), f.derivative(m.data)
        _check_masked_result(f(m), m, want_f)
        _check_masked_result(f.derivative(m), m, want_d)
        v, d = f.value_and_derivative(m)
        _check_masked_result(v, m, want_f)
        _check_masked_result(d, m, want_d)
        assert not np.shares_memory(v.mask, d.mask)
        # the public functions go through the same engine
        _check_masked_result(getattr(nk.activations, name)(m), m, want_f)
    r = f(m)
    r[0, 0] = np.ma.masked
    r.mask[:] = False  # the result's mask is its own: m's is unchanged
    np.testing.assert_array_equal(m.mask, _masked(dtype).mask)
    _same_bits(m.data, _masked(dtype).data)


def test_masked_like_numpy():
    m = np.ma.masked_array([-2.0, -1.0, 0.0, 1.0, 2.0], mask=[0, 1, 0, 0, 1])
    got, want = nk.activation("tanh")(m), np.tanh(m)
    np.testing.assert_array_equal(got.mask, want.mask)
    np.testing.assert_allclose(got.compressed(), want.compressed(), rtol=1e-15)


def test_masked_without_a_mask_and_of_integers():
    f = nk.activation("logistic")
    m = np.ma.masked_array([1.0, 2.0])  # nomask
    r = f(m)
    assert isinstance(r, np.ma.MaskedArray) and not np.ma.getmaskarray(r).any()
    _same_bits(r.data, f(m.data))
    mi = np.ma.masked_array([1, 2, 3], mask=[0, 1, 0])
    r = f(mi)
    assert isinstance(r, np.ma.MaskedArray) and r.dtype == np.float64
    np.testing.assert_array_equal(r.mask, mi.mask)
    _same_bits(r.data, f(np.array([1.0, 2.0, 3.0])))
    assert isinstance(r.filled(), np.ndarray)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_masked_zero_d(dtype):
    f = nk.activation("gelu")
    assert f(np.ma.masked_array(np.array(1.5, dtype), mask=True)) is np.ma.masked
    got = f(np.ma.masked_array(np.array(1.5, dtype), mask=False))
    assert not isinstance(got, np.ndarray) and got.dtype == dtype
    assert got == f(np.array(1.5, dtype))
    v, d = f.value_and_derivative(np.ma.masked_array(np.array(1.5, dtype), mask=True))
    assert v is np.ma.masked and d is np.ma.masked


@pytest.mark.parametrize("path", ["compiled", "numpy", "blocked"])
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_masked_out(path, dtype):
    f = nk.activation("swish")
    m = _masked(dtype)
    with _path(path):
        want_f, want_d = f(m.data), f.derivative(m.data)
        # a masked out gets the data and the input's mask
        o = np.ma.masked_array(np.zeros(m.shape, dtype), mask=True)
        assert f(m, out=o) is o
        np.testing.assert_array_equal(np.ma.getmaskarray(o), m.mask)
        _same_bits(o.data, want_f)
        o1 = np.ma.masked_array(np.zeros(m.shape, dtype))
        o2 = np.ma.masked_array(np.zeros(m.shape, dtype)[:, ::-1])  # not contiguous
        got = f.value_and_derivative(m, out=(o1, o2))
        assert got[0] is o1 and got[1] is o2
        for o, w in ((o1, want_f), (o2, want_d)):
            np.testing.assert_array_equal(np.ma.getmaskarray(o), m.mask)
            _same_bits(np.ascontiguousarray(o.data), w)
        # and half a pair: the other half is a fresh masked array
        v, d = f.value_and_derivative(m, out=(None, o2))
        assert d is o2
        _check_masked_result(v, m, want_f)
        # a plain input: the masked out is unmasked
        o = np.ma.masked_array(np.zeros(m.shape, dtype), mask=True)
        assert f(m.data, out=o) is o and not np.ma.getmaskarray(o).any()
        _same_bits(o.data, want_f)
        # a plain out gets the data alone, as with np.tanh(m, out=plain)
        p = np.zeros(m.shape, dtype)
        assert f.derivative(m, out=p) is p
        _same_bits(p, want_d)
        # in place
        y = m.copy()
        assert f(y, out=y) is y
        np.testing.assert_array_equal(y.mask, m.mask)
        _same_bits(y.data, want_f)
        # a hard mask keeps its masked entries, as hard masks do
        h = np.ma.masked_array(np.zeros(m.shape, dtype), mask=False, hard_mask=True)
        h[0, :] = np.ma.masked
        f(m, out=h)
        np.testing.assert_array_equal(h.mask, m.mask | (np.arange(m.shape[0]) == 0)[:, None])


def test_masked_out_is_checked():
    f = nk.activation("relu")
    m = _masked(np.float64)
    with pytest.raises(InputTypeError, match="dtype"):
        f(m, out=np.ma.masked_array(np.zeros(m.shape, np.float32)))
    with pytest.raises(nk.errors.ShapeError):
        f(m, out=np.ma.masked_array(np.zeros(3)))


@pytest.mark.filterwarnings("ignore:the matrix subclass:PendingDeprecationWarning")
@pytest.mark.parametrize("path", ["compiled", "numpy"])
def test_matrix_and_memmap(path, tmp_path):
    f = nk.activation("tanh")
    x = np.matrix([[0.5, -1.0, 2.0]])
    with _path(path):
        r = f(x)
        assert type(r) is np.matrix
        _same_bits(r.view(np.ndarray), f(np.asarray(x)))
        v, d = f.value_and_derivative(x)
        assert type(v) is np.matrix and type(d) is np.matrix
        o = np.matrix(np.zeros((1, 3)))
        assert f.derivative(np.asarray(x), out=o) is o
        _same_bits(o.view(np.ndarray), f.derivative(np.asarray(x)))
        mm = np.memmap(tmp_path / "x.bin", dtype=np.float32, mode="w+", shape=(1000,))
        mm[:] = np.linspace(-3, 3, 1000)
        r = f(mm)
        assert type(r) is np.ndarray and not np.shares_memory(r, mm)
        _same_bits(r, f(np.array(mm)))
        assert f(np.array(mm), out=mm) is mm  # written through to the file's pages
        _same_bits(np.asarray(mm), r)


class _Units(np.ndarray):
    """A subclass that handles ufuncs itself (as astropy's Quantity does)."""

    def __array_ufunc__(self, ufunc, method, *inputs, **kwargs):
        raise TypeError("no")


def test_a_subclass_with_its_own_ufuncs_is_refused():
    f = nk.activation("relu")
    q = np.arange(4.0).view(_Units)
    for call in (f, f.derivative, f.value_and_derivative):
        with pytest.raises(InputTypeError, match=r"_Units, an ndarray subclass with its own "
                                                 r"__array_ufunc__.*np.asarray\(x\)"):
            call(q)
    out = np.zeros(4).view(_Units)
    with pytest.raises(InputTypeError, match=r"out is a _Units.*np.asarray\(out\)"):
        f(np.arange(4.0), out=out)
    assert (out.view(np.ndarray) == 0).all()


class _Plain(np.ndarray):
    """A subclass that leaves ufuncs to ndarray: its class is kept."""


def test_a_plain_subclass_keeps_its_class():
    f = nk.activation("elu")
    x = np.linspace(-2, 2, 7).view(_Plain)
    r = f(x)
    assert type(r) is _Plain
    _same_bits(r.view(np.ndarray), f(x.view(np.ndarray)))
    assert type(f(x[3:4].reshape(()))) is np.float64  # 0-d: a NumPy scalar, as for ndarray
