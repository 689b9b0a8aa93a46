"""Arrays of other libraries in, the same kind out (neuronkit._arrays, design notes
section 6): Dask (lazy), xarray and pandas (metadata kept), and array-API arrays
(PyTorch, array_api_strict; dtype and device kept, CPU data read without a copy).

The reference values are neuronkit's NumPy results on the same data, which the accuracy
tests check against mpmath; here the point is that nothing is lost on the way.
"""

from __future__ import annotations

import numpy as np
import pytest

import neuronkit as nk
from neuronkit import _arrays, _engine
from neuronkit.errors import InputTypeError

LIGHT = "{} is in the test extra ('pip install -e .[test]')"
NAMES = ["tanh", "gelu", "relu", "softplus"]


def _data(shape=(6, 5), dtype=np.float64, seed=0):
    return (np.random.default_rng(seed).standard_normal(shape) * 4).astype(dtype)


# -- Dask -------------------------------------------------------------------------------

def _counting_dask(data, chunks, calls):
    """A Dask array whose blocks count how often they are made (a graph not computed
    leaves the count at 0)."""
    da = pytest.importorskip("dask.array", reason=LIGHT.format("dask"))
    source = da.from_array(data, chunks=chunks)

    def make(block):
        calls.append(block.shape)
        return block

    return source.map_blocks(make, dtype=data.dtype, meta=np.empty((0,) * data.ndim,
                                                                     data.dtype))


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_dask_in_lazy_dask_out(name, dtype):
    da = pytest.importorskip("dask.array", reason=LIGHT.format("dask"))
    data = _data((40, 30), dtype)
    calls = []
    x = _counting_dask(data, (16, 16), calls)
    f = nk.activation(name)
    y, dy, (v, d) = f(x), f.derivative(x), f.value_and_derivative(x)
    assert calls == []  # nothing computed by the calls
    for r in (y, dy, v, d):
        assert isinstance(r, da.Array) and r.dtype == dtype and r.chunks == x.chunks
    np.testing.assert_array_equal(y.compute(), f(data))
    np.testing.assert_array_equal(dy.compute(), f.derivative(data))
    np.testing.assert_array_equal(v.compute(), f(data))
    np.testing.assert_array_equal(d.compute(), f.derivative(data))


def test_dask_value_and_derivative_share_one_pass_per_block(monkeypatch):
    dask = pytest.importorskip("dask", reason=LIGHT.format("dask"))
    pytest.importorskip("dask.array", reason=LIGHT.format("dask"))
    passes = []
    block = _arrays._block

    def counted(compute, a):
        passes.append(a.shape)
        return block(compute, a)

    monkeypatch.setattr(_arrays, "_block", counted)
    calls = []
    data = _data((40, 30))
    x = _counting_dask(data, (20, 30), calls)
    v, d = nk.activation("gelu").value_and_derivative(x)
    assert passes == [] and calls == []
    v_, d_ = dask.compute(v, d, scheduler="threads")
    assert len(passes) == 2 and len(calls) == 2  # two blocks, each made and evaluated once
    np.testing.assert_array_equal(d_, nk.activation("gelu").derivative(data))


def test_dask_integers_give_float64_and_complex_is_refused_at_the_call():
    da = pytest.importorskip("dask.array", reason=LIGHT.format("dask"))
    y = nk.activation("relu")(da.arange(-3, 3, chunks=2))
    assert y.dtype == np.float64 and list(y.compute()) == [0, 0, 0, 0, 1, 2]
    with pytest.raises(InputTypeError, match="complex128"):
        nk.activation("relu")(da.ones(3, dtype=complex, chunks=2))


def test_dask_zero_d_and_the_public_functions():
    da = pytest.importorskip("dask.array", reason=LIGHT.format("dask"))
    z = nk.activations.logistic(da.zeros((), dtype=np.float32))
    assert isinstance(z, da.Array) and z.shape == () and z.compute() == np.float32(0.5)
    y = nk.activations.leaky_relu_derivative(da.from_array(np.array([-1.0, 1.0])), 0.2)
    np.testing.assert_array_equal(y.compute(), [0.2, 1.0])


# -- xarray -----------------------------------------------------------------------------

def _data_array(data=None):
    xr = pytest.importorskip("xarray", reason=LIGHT.format("xarray"))
    data = _data() if data is None else data
    return xr.DataArray(data, dims=("time", "unit"), name="drive",
                        coords={"time": np.arange(6) * 0.5, "unit": list("abcde"),
                                "site": ("unit", [1, 2, 3, 4, 5])},
                        attrs={"units": "mV", "note": "test"})


def _same_metadata(a, b):
    assert a.dims == b.dims and a.name == b.name and a.attrs == b.attrs
    assert set(a.coords) == set(b.coords)
    for k in a.coords:
        assert a.coords[k].equals(b.coords[k])


def test_xarray_data_array_keeps_dims_coords_name_and_attrs():
    x = _data_array()
    f = nk.activation("mish")
    for r, ref in ((f(x), f(x.values)), (f.derivative(x), f.derivative(x.values)),
                   *zip(f.value_and_derivative(x), f.value_and_derivative(x.values),
                        strict=True)):
        assert type(r) is type(x)
        _same_metadata(r, x)
        np.testing.assert_array_equal(r.values, ref)
    assert x.attrs == {"units": "mV", "note": "test"}  # the input is left as it was


def test_xarray_over_dask_stays_lazy():
    pytest.importorskip("dask.array", reason=LIGHT.format("dask"))
    data = _data()
    x = _data_array(data).chunk({"time": 3})
    calls = []
    x = x.copy(data=_counting_dask(data, (3, 5), calls))
    y = nk.activation("tanh")(x)
    assert calls == [] and y.chunks == x.chunks
    _same_metadata(y, x)
    np.testing.assert_array_equal(y.values, nk.activation("tanh")(data))


def test_xarray_dataset_each_variable():
    xr = pytest.importorskip("xarray", reason=LIGHT.format("xarray"))
    a, b = _data((4,), np.float32), _data((4,), np.float64, seed=1)
    ds = xr.Dataset({"a": ("t", a), "b": ("t", b)}, coords={"t": [1, 2, 3, 4]},
                    attrs={"source": "x"})
    v, d = nk.activation("elu").value_and_derivative(ds)
    for r, ref in ((v, nk.activation("elu")), (d, nk.activation("elu").derivative)):
        assert isinstance(r, xr.Dataset) and r.attrs == ds.attrs and r.t.equals(ds.t)
        assert r.a.dtype == np.float32 and r.b.dtype == np.float64
        np.testing.assert_array_equal(r.a.values, ref(a))
        np.testing.assert_array_equal(r.b.values, ref(b))


# -- pandas -----------------------------------------------------------------------------

def test_pandas_series_keeps_index_name_and_attrs():
    pd = pytest.importorskip("pandas", reason=LIGHT.format("pandas"))
    s = pd.Series(np.float32([-2, 0, 3]), index=pd.Index(["x", "y", "z"], name="k"),
                  name="drive")
    s.attrs["units"] = "mV"
    f = nk.activation("softsign")
    for r, ref in ((f(s), f(s.to_numpy())), (f.derivative(s), f.derivative(s.to_numpy())),
                   *zip(f.value_and_derivative(s), f.value_and_derivative(s.to_numpy()),
                        strict=True)):
        assert isinstance(r, pd.Series) and r.name == "drive" and r.index.equals(s.index)
        assert r.index.name == "k" and r.attrs == {"units": "mV"} and r.dtype == np.float32
        np.testing.assert_array_equal(r.to_numpy(), ref)


def test_pandas_data_frame_keeps_index_columns_and_each_dtype():
    pd = pytest.importorskip("pandas", reason=LIGHT.format("pandas"))
    df = pd.DataFrame({"a": np.float32([-1, 2]), "b": [3.0, -4.0], "c": [1, -2]},
                      index=[10, 20])
    f = nk.activation("relu")
    v, d = f.value_and_derivative(df)
    for r, ref in ((f(df), f), (v, f), (d, f.derivative)):
        assert list(r.columns) == ["a", "b", "c"] and list(r.index) == [10, 20]
        assert list(r.dtypes) == [np.float32, np.float64, np.float64]
        for c in "abc":
            np.testing.assert_array_equal(r[c].to_numpy(), ref(df[c].to_numpy()))
    one = pd.DataFrame(np.ones((2, 2)), columns=pd.MultiIndex.from_tuples([(1, "a"),
                                                                          (1, "b")]))
    assert f(one).columns.equals(one.columns)


def test_pandas_extension_dtypes_are_named():
    pd = pytest.importorskip("pandas", reason=LIGHT.format("pandas"))
    with pytest.raises(InputTypeError, match="Float64.*missing values as NaN"):
        nk.activation("relu")(pd.Series([1.0, None], dtype="Float64"))
    assert isinstance(nk.activation("relu")(pd.Index([1.0, -1.0])), np.ndarray)


# -- the array API --------------------------------------------------------------------

@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_array_api_strict_keeps_library_dtype_and_device(dtype):
    xp = pytest.importorskip("array_api_strict", reason=LIGHT.format("array-api-strict"))
    pytest.importorskip("array_api_compat", reason=LIGHT.format("array-api-compat"))
    data = _data((3, 4), dtype)
    f = nk.activation("gelu")
    for device in (xp.Device("CPU_DEVICE"), xp.Device("device1")):
        x = xp.asarray(data, device=device)
        for r, ref in ((f(x), f(data)), (f.derivative(x), f.derivative(data)),
                       *zip(f.value_and_derivative(x), f.value_and_derivative(data),
                            strict=True)):
            assert type(r) is type(x) and r.dtype == x.dtype and r.device == device
            assert r.shape == x.shape
            np.testing.assert_array_equal(np.from_dlpack(r.to_device(xp.Device(
                "CPU_DEVICE"))), ref)
    z = f(xp.asarray(1.0))
    assert type(z) is type(x) and z.shape == ()


@pytest.mark.parametrize("dtype", ["float16", "float32", "float64"])
def test_torch_tensor_in_tensor_out_without_copies(monkeypatch, dtype):
    torch = pytest.importorskip("torch", reason="PyTorch is not installed (not in the test "
                                "extra: PyPI's Linux wheel pulls the CUDA libraries)")
    pytest.importorskip("array_api_compat", reason=LIGHT.format("array-api-compat"))
    seen = []
    run = _engine.run

    def spy(plan, which, a, out=None):
        result = run(plan, which, a, out)
        seen.append((a.ctypes.data, result.ctypes.data))
        return result

    monkeypatch.setattr(_engine, "run", spy)  # the engine's call on the tensor's data
    data = _data((4, 8), np.dtype(dtype))
    x = torch.from_numpy(data)[:, ::2]  # strided
    y = nk.activation("swish")(x)
    assert type(y) is torch.Tensor and y.dtype == x.dtype and y.device == x.device
    assert y.shape == x.shape
    np.testing.assert_array_equal(y.numpy(), nk.activation("swish")(data[:, ::2]))
    assert seen == [(x.data_ptr(), y.data_ptr())]  # read and returned in place


def test_torch_errors_say_what_to_do():
    torch = pytest.importorskip("torch", reason="PyTorch is not installed")
    pytest.importorskip("array_api_compat", reason=LIGHT.format("array-api-compat"))
    f = nk.activation("relu")
    with pytest.raises(InputTypeError, match="requires a gradient: use neuronkit.torch"):
        f(torch.ones(2, requires_grad=True))
    with pytest.raises(InputTypeError, match="PyTorch array on device meta, which holds no"):
        f(torch.empty(2, device="meta"))
    with pytest.raises(InputTypeError, match="bfloat16"):
        f(torch.ones(2, dtype=torch.bfloat16))
    with pytest.raises(InputTypeError, match="out= is for NumPy arrays"):
        f(torch.ones(2), out=np.empty(2))


def test_gpu_arrays_are_computed_on_their_device():
    torch = pytest.importorskip("torch", reason="PyTorch is not installed")
    pytest.importorskip("array_api_compat", reason=LIGHT.format("array-api-compat"))
    if not torch.cuda.is_available():
        pytest.skip("no CUDA device here: the GPU case runs where one exists")
    data = _data((3, 4), np.float32)
    f = nk.activation("gelu")
    y, d = f.value_and_derivative(torch.from_numpy(data).to("cuda"))
    for r, ref in ((y, f(data)), (d, f.derivative(data))):
        assert r.device.type == "cuda" and r.dtype == torch.float32 and r.shape == (3, 4)
        np.testing.assert_allclose(r.cpu().numpy(), ref, rtol=3e-7, atol=0)


def test_numpy_input_and_lists_are_not_foreign():
    for x in ([1.0], 1.0, np.float64(1), np.ones(2), np.ma.masked_array([1.0])):
        assert _arrays.handler(x) is None


@pytest.fixture
def engine_calls(monkeypatch):
    """``(input address, result address)`` of each engine call on an adapter's NumPy data."""
    seen = []
    run = _engine.run

    def spy(plan, which, a, out=None):
        result = run(plan, which, a, out)
        seen.append((a.ctypes.data, np.asarray(result).ctypes.data))
        return result

    monkeypatch.setattr(_engine, "run", spy)
    return seen


def _address(a) -> int:
    return np.asarray(a).ctypes.data


def test_pandas_and_xarray_data_are_read_and_wrapped_in_place(engine_calls):
    pd = pytest.importorskip("pandas", reason=LIGHT.format("pandas"))
    s = pd.Series(_data((7,)))
    r = nk.activation("tanh")(s)
    df = pd.DataFrame(_data((5, 3)))
    q = nk.activation("tanh")(df)
    x = _data_array()
    y = nk.activation("tanh")(x)
    assert engine_calls == [(_address(s.to_numpy()), _address(r.to_numpy())),
                            (_address(df.to_numpy()), _address(q.to_numpy())),
                            (_address(x.values), _address(y.values))]


def test_array_api_strict_is_read_and_wrapped_in_place(engine_calls):
    xp = pytest.importorskip("array_api_strict", reason=LIGHT.format("array-api-strict"))
    pytest.importorskip("array_api_compat", reason=LIGHT.format("array-api-compat"))
    x = xp.asarray(_data((3, 4)))
    y = nk.activation("tanh")(x)
    assert engine_calls == [(_address(np.from_dlpack(x)), _address(np.from_dlpack(y)))]


def _jax():
    jax = pytest.importorskip("jax", reason="JAX is not installed (not in the test extra: "
                              "jaxlib is 350 MB; pip install 'jax[cpu]' to run these tests)")
    pytest.importorskip("array_api_compat", reason=LIGHT.format("array-api-compat"))
    return jax


@pytest.mark.parametrize("dtype", ["float16", "float32"])
def test_jax_array_in_jax_array_out(engine_calls, dtype):
    jax = _jax()
    data = _data((5, 6), np.dtype(dtype))
    x = jax.numpy.asarray(data)
    f = nk.activation("gelu")
    y = f(x)
    v, d = f.value_and_derivative(x)
    for r, ref in ((y, f(data)), (v, f(data)), (d, f.derivative(data))):
        assert isinstance(r, jax.Array) and r.dtype == x.dtype and r.shape == x.shape
        assert r.devices() == x.devices()
        np.testing.assert_array_equal(np.asarray(r), ref)
    # read in place; jnp.from_dlpack copies NumPy's result (JAX keeps its own buffers)
    assert engine_calls[0][0] == x.unsafe_buffer_pointer()


def test_traced_jax_values_are_named():
    jax = _jax()
    with pytest.raises(InputTypeError, match="traced JAX value"):
        jax.jit(nk.activation("relu"))(jax.numpy.ones(3))
