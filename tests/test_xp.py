"""The device path (neuronkit._xp): the NumPy kernels run on another library's arrays
where they are, for arrays NumPy cannot read (a GPU).

No GPU is needed to test it: the path is taken for every array-API array here by
making :func:`neuronkit._arrays._in_host_memory` answer False.  On ``array_api_strict``
(NumPy underneath, and strict about the standard: no NumPy function, no mixed devices,
no silent promotion) the results must be the NumPy kernels' bits, except GELU's in
float64, whose ``erfcx`` is a different formula there; on PyTorch tensors (other
``exp``, ``log1p`` and ``tanh``) every activation must keep the accuracy contract
against mpmath.  Where a CUDA device exists, the same grid runs on it.
"""

from __future__ import annotations

import mpmath as mp
import numpy as np
import pytest

import neuronkit as nk
from needs import need
from neuronkit import _arrays, _compiled, _erf, _xp
from neuronkit.errors import InputTypeError

from accuracy import CASE_IDS, CASES, bound, errors, grid

need("array_api_strict", "array_api_compat")
import array_api_strict as xps  # noqa: E402

DEVICE = xps.Device("device1")
TORCH = "PyTorch is not installed (not in the test extra: the Linux wheel pulls CUDA)"


@pytest.fixture
def device_path(monkeypatch):
    """Every array-API array takes the device path, as one on a GPU would."""
    monkeypatch.setattr(_arrays, "_in_host_memory", lambda x: False)


@pytest.fixture
def numpy_kernels():
    """The reference: the NumPy kernels (not the compiled ones) on NumPy arrays."""
    old = _compiled.set_enabled(False)
    yield
    _compiled.set_enabled(old)


def _inputs(dtype) -> np.ndarray:
    rng = np.random.default_rng(7)
    fi = np.finfo(dtype)
    special = [0.0, -0.0, np.inf, -np.inf, np.nan, fi.smallest_subnormal, -fi.tiny, fi.max,
               -fi.max, 1e-30, -1e-30]
    return np.concatenate([rng.normal(0, 3, 600), rng.uniform(-800, 800, 200),
                           special]).astype(dtype)


def _host(a) -> np.ndarray:
    return np.from_dlpack(a.to_device(xps.Device("CPU_DEVICE")))


def _same_bits(got: np.ndarray, ref: np.ndarray) -> np.ndarray:
    kind = {4: np.uint32, 8: np.uint64}[got.dtype.itemsize]
    return (got.view(kind) == ref.view(kind)) | (np.isnan(got) & np.isnan(ref))


@pytest.mark.parametrize("dtype", [np.float32, np.float64], ids=["float32", "float64"])
@pytest.mark.parametrize("case", CASES, ids=CASE_IDS)
def test_array_api_strict_gives_the_numpy_kernels_bits(case, dtype, device_path,
                                                       numpy_kernels):
    _, name, params = case
    f = nk.activation(name, **params)
    data = _inputs(dtype)
    x = xps.asarray(data, device=DEVICE)
    with np.errstate(all="raise"):  # no warning either, as on the NumPy path
        got = [f(x), f.derivative(x), *f.value_and_derivative(x), f.second_derivative(x)]
    ref = [f(data), f.derivative(data), f(data), f.derivative(data),
           f.second_derivative(data)]
    for i, (g, r) in enumerate(zip(got, ref, strict=True)):
        assert type(g) is type(x) and g.device == DEVICE and g.dtype == x.dtype
        assert g.shape == x.shape
        if name == "gelu" and dtype == np.float64 and params.get("approximate") != "tanh":
            continue  # erfcx_rational: checked against mpmath below
        same = _same_bits(_host(g), np.asarray(r))
        assert same.all(), (i, data[~same][:5])


def _torch():
    torch = pytest.importorskip("torch", reason=TORCH)
    pytest.importorskip("array_api_compat")
    return torch


def _check_grid(case, dtype, evaluate):
    case_id, name, params = case
    x = grid(dtype)
    for which in (0, 1):
        err = errors(name, params, which, dtype, x, evaluate=evaluate)
        i = int(np.argmax(err))
        assert err[i] <= bound(case_id, which, dtype), (case_id, which, x[i], err[i])


GELU_CASES = [c for c in CASES if c[1] == "gelu"]


@pytest.mark.parametrize("dtype", [np.float32, np.float64], ids=["float32", "float64"])
@pytest.mark.parametrize("case", GELU_CASES, ids=[c[0] for c in GELU_CASES])
def test_gelu_on_array_api_strict_keeps_the_accuracy_contract(case, dtype, device_path):
    """The one kernel whose device-path bits are not the NumPy path's (erfcx)."""
    _check_grid(case, dtype, lambda fn, a: _host(fn(xps.asarray(a, device=DEVICE))))


def _have_torch() -> bool:
    try:
        import torch  # noqa: F401
    except ImportError:
        return False
    return True


# without PyTorch, one skip (not one per case)
TORCH_CASES = CASES if _have_torch() else [pytest.param(None, marks=pytest.mark.skip(TORCH))]


@pytest.mark.parametrize("case", TORCH_CASES,
                         ids=CASE_IDS if TORCH_CASES is CASES else ["no-torch"])
def test_torch_tensors_down_the_device_path_keep_the_accuracy_contract(case, device_path):
    torch = _torch()
    for dtype in (np.float32, np.float64):
        _check_grid(case, dtype, lambda fn, a: fn(torch.from_numpy(a)).numpy())


def test_cuda_tensors_keep_the_accuracy_contract():
    torch = _torch()
    if not torch.cuda.is_available():
        pytest.skip("no CUDA device here: this test runs where one exists")
    for case in CASES:
        for dtype in (np.float32, np.float64):
            _check_grid(case, dtype, lambda fn, a: fn(torch.from_numpy(a).to("cuda")).cpu()
                        .numpy())


def _exact_erfcx(v: float) -> mp.mpf:
    with mp.workprec(200):
        v = mp.mpf(v)
        return mp.exp(v * v) * mp.erfc(v)


@pytest.mark.parametrize("span, most", [((0.0, 0.46875), 2.5), ((0.46875, 4.0), 1),
                                        ((4.0, 40.0), 2), ((40.0, 1e9), 2),
                                        ((-0.46875, 0.0), 5), ((-4.0, -0.46875), 5),
                                        ((-26.5, -4.0), 5)])
def test_erfcx_rational_against_mpmath(span, most):
    x = np.random.default_rng(3).uniform(*span, 400)
    got = _erf.erfcx_rational(x)
    exact = [_exact_erfcx(v) for v in x]
    err = np.array([float(abs(mp.mpf(g) - e) / mp.mpf(np.spacing(float(e))))
                    for g, e in zip(got, exact, strict=True)])
    assert err.max() <= most, x[np.argmax(err)]


def test_erfcx_rational_at_the_ends_without_invalid_operations():
    x = np.array([np.nan, -np.inf, np.inf, 0.0, -0.0, 5e-324, 1e-300, 1e308, -26.0, -27.0])
    with np.errstate(invalid="raise", divide="raise", over="ignore", under="ignore"):
        got = _erf.erfcx_rational(x)
    np.testing.assert_array_equal(got[[1, 2, 3, 4, 5, 6, 9]], [np.inf, 0, 1, 1, 1, 1, np.inf])
    assert np.isnan(got[0])
    assert got[7] == pytest.approx(1 / (1e308 * np.sqrt(np.pi)), rel=1e-12)
    assert float(got[8]) == pytest.approx(float(_exact_erfcx(-26.0)), rel=1e-14)


def test_dtypes_shapes_and_devices_kept(device_path):
    f = nk.activation("softplus")
    for dt, result in ((xps.float32, xps.float32), (xps.float64, xps.float64),
                       (xps.int32, xps.float64), (xps.bool, xps.float64)):
        x = xps.asarray([[1, 0], [0, 1]], dtype=dt, device=DEVICE)
        y, d = f.value_and_derivative(x)
        assert y.dtype == result and d.dtype == result and y.device == DEVICE
        assert y.shape == (2, 2)
    zero_d = f(xps.asarray(-1.5, device=DEVICE))
    assert zero_d.shape == () and float(zero_d) == pytest.approx(np.log1p(np.exp(-1.5)))
    assert f(xps.zeros((0, 3), device=DEVICE)).shape == (0, 3)
    with pytest.raises(InputTypeError, match="real numbers"):
        f(xps.asarray([1j], device=DEVICE))


def test_a_device_without_float64_is_named(device_path):
    x = xps.asarray([1.0], dtype=xps.float32, device=xps.Device("no_float64"))
    with pytest.raises(InputTypeError, match="no_float64.*float64 is not available"):
        nk.activation("tanh")(x)


def test_numpy_functions_without_a_counterpart_are_named():
    w = _xp.Wrapped(xps.asarray([2.0, 1.0]), xps)
    with pytest.raises(TypeError, match="numpy.sort has no counterpart"):
        np.sort(w)
    with pytest.raises(TypeError, match="numpy.arctan2"):
        np.arctan2(w, w)
    with pytest.raises(TypeError, match="does not copy arrays to NumPy"):
        np.asarray(w)
    with pytest.raises(TypeError, match="not ndarray"):
        w + np.ones(2)  # a host array would need a copy to the device
    assert np.all(_xp.Wrapped(xps.asarray([1.0]), xps) == 1.0)  # the result is usable


def test_in_place_operators_rebind_the_wrapper():
    w = _xp.Wrapped(xps.asarray([1.0, -2.0]), xps)
    alias = w
    w -= 1.0
    assert alias is w and _host(w.a).tolist() == [0.0, -3.0]


@pytest.fixture
def jax_x64():
    jax = pytest.importorskip("jax", reason="JAX is not installed (not in the test extra)")
    old = jax.config.jax_enable_x64
    jax.config.update("jax_enable_x64", True)
    yield jax
    jax.config.update("jax_enable_x64", old)


def test_jax_arrays_down_the_device_path(jax_x64, device_path):
    """XLA flushes subnormal numbers to zero, so normal inputs only; there the results
    are within the accuracy contract of the NumPy kernels' (no subnormal intermediates:
    |x| < 20)."""
    data = np.random.default_rng(9).uniform(-20, 20, 400)
    for name in ("gelu", "mish", "swish", "tanh", "elu", "softplus", "relu"):
        f = nk.activation(name)
        for dtype, rtol in ((np.float64, 6e-16 * 4), (np.float32, 1.2e-7)):
            x = jax_x64.numpy.asarray(data.astype(dtype))
            v, d = f.value_and_derivative(x)
            assert isinstance(v, jax_x64.Array) and v.dtype == dtype and v.shape == x.shape
            tiny = np.finfo(dtype).tiny  # XLA flushes subnormal results too
            for got, ref in ((v, f(data.astype(dtype))),
                             (d, f.derivative(data.astype(dtype)))):
                # normal results, away from the roots of f' (where relative error grows)
                ok = (np.abs(ref) >= tiny) & (np.abs(data) > 0.1)
                np.testing.assert_allclose(np.asarray(got)[ok], ref[ok], rtol=rtol, atol=0)


def test_jax_without_x64_is_told_to_enable_it(device_path):
    jax = pytest.importorskip("jax", reason="JAX is not installed (not in the test extra)")
    if jax.config.jax_enable_x64:
        pytest.skip("float64 is on in this process")
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no JAX warning before the error
        with pytest.raises(InputTypeError, match="jax_enable_x64"):
            nk.activation("tanh")(jax.numpy.asarray([1.0]))
