"""Vector activations (softmax, log_softmax, sparsemax, the GLU family): values against
mpmath and PyTorch, jvp and vjp against finite differences and against each other, the
special values, empty arrays and 0-size axes, and their use in Dense layers."""

from __future__ import annotations

import mpmath as mp
import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import neuronkit as nk
from neuronkit.errors import ParameterError, ShapeError

from accuracy import ulp_error

VECTOR = nk.vector_activation_names()
GATED = ["glu", "geglu", "swiglu", "reglu"]
BOUND = {np.float32: 1.0, np.float64: 4.0}


def _rows(seed=0):
    """Rows of several lengths, spreads and offsets (at +-1000 exp(x) overflows)."""
    rng = np.random.default_rng(seed)
    rows = [np.array([1000.0, -1000.0]), np.array([0.0, -740.0, -30.0]),
            np.array([5.0]), np.array([1e-300, -1e-300, 0.0]), np.array([3.0, 3.0, 3.0])]
    for n in (2, 3, 7, 64):
        for scale in (1.0, 30.0, 1000.0):
            for offset in (0.0, 1000.0, -1000.0):
                rows.append(offset + scale * rng.standard_normal(n))
    return rows


def _mp_softmax(row):
    x = [mp.mpf(float(v)) for v in row]
    m = max(x)
    k = x.index(m)
    rest = mp.fsum(mp.exp(v - m) for i, v in enumerate(x) if i != k)
    return ([mp.exp(v - m) / (1 + rest) for v in x], [(v - m) - mp.log1p(rest) for v in x])


@pytest.mark.parametrize("dtype", [np.float32, np.float64], ids=["float32", "float64"])
def test_softmax_and_log_softmax_against_mpmath(dtype):
    sm, lsm = nk.activation("softmax"), nk.activation("log_softmax")
    worst = {"softmax": 0.0, "log_softmax": 0.0}
    for row in _rows():
        x = row.astype(dtype)
        with np.errstate(all="raise"):
            got = {"softmax": sm(x), "log_softmax": lsm(x)}
        ref = dict(zip(("softmax", "log_softmax"), _mp_softmax(x), strict=True))
        for name in worst:
            assert got[name].dtype == dtype
            for c, e in zip(got[name], ref[name], strict=True):
                err = ulp_error(float(c), e, dtype)
                worst[name] = max(worst[name], err)
                assert err <= BOUND[dtype], (name, x, c, e, err)


def test_softmax_tails_are_kept():
    assert nk.activation("softmax")([0.0, -740.0])[1] > 0  # subnormal, not flushed
    np.testing.assert_array_equal(nk.activation("log_softmax")([1000.0, -1000.0]),
                                  [0.0, -2000.0])


def _mp_glu(name, a, b):
    a, b = mp.mpf(float(a)), mp.mpf(float(b))
    gate = {"glu": lambda t: 1 / (1 + mp.exp(-t)), "geglu": lambda t: t * mp.ncdf(t),
            "swiglu": lambda t: t / (1 + mp.exp(-t)), "reglu": lambda t: max(t, 0)}[name]
    return a * gate(b)


@pytest.mark.parametrize("dtype", [np.float32, np.float64], ids=["float32", "float64"])
@pytest.mark.parametrize("name", GATED)
def test_gated_units_against_mpmath(name, dtype):
    rng = np.random.default_rng(1)
    x = np.concatenate([rng.standard_normal((40, 6)) * 4, rng.uniform(-30, 30, (10, 6))])
    x = x.astype(dtype)
    y = nk.activation(name)(x)
    assert y.shape == (50, 3) and y.dtype == dtype
    for row, out in zip(x, y, strict=True):
        for a, b, c in zip(row[:3], row[3:], out, strict=True):
            # a product of the gate (<= the gate's own bound) and a: 1/2 ULP more
            err = ulp_error(float(c), _mp_glu(name, a, b), dtype)
            assert err <= BOUND[dtype] + 0.5, (name, a, b, err)


@pytest.mark.parametrize("name", GATED)
def test_gated_units_match_pytorch(name):
    torch = pytest.importorskip("torch")
    fn = torch.nn.functional
    x = np.random.default_rng(2).standard_normal((5, 8))
    t = torch.tensor(x)
    a, b = t.chunk(2, dim=-1)
    expected = {"glu": fn.glu(t, dim=-1), "geglu": a * fn.gelu(b), "swiglu": a * fn.silu(b),
                "reglu": a * fn.relu(b)}[name].numpy()
    np.testing.assert_allclose(nk.activation(name)(x), expected, rtol=1e-14, atol=1e-15)


def _fd_jvp(f, x, v, h=1e-6):
    return (f(x + h * v) - f(x - h * v)) / (2 * h)


@pytest.mark.parametrize("name", VECTOR)
def test_jvp_and_vjp_match_finite_differences_and_each_other(name):
    rng = np.random.default_rng(3)
    f = nk.activation(name)
    for axis in (-1, 0):
        f = nk.activation(name, axis=axis)
        x = rng.standard_normal((4, 6))
        v = rng.standard_normal(x.shape)
        g = rng.standard_normal(f(x).shape)
        jv = f.jvp(x, v)
        np.testing.assert_allclose(jv, _fd_jvp(f, x, v), rtol=1e-6, atol=1e-8)
        vj = f.vjp(x, g)
        assert vj.shape == x.shape
        assert np.vdot(vj, v) == pytest.approx(np.vdot(g, jv), rel=1e-12, abs=1e-12)
        np.testing.assert_allclose(f.vjp(x, g, value=f(x)), vj, rtol=0, atol=0)


def test_elementwise_activations_have_jvp_and_vjp():
    f = nk.activation("tanh")
    x, v = np.array([-1.0, 0.5, 3.0]), np.array([2.0, -1.0, 0.5])
    np.testing.assert_array_equal(f.jvp(x, v), v * f.derivative(x))
    np.testing.assert_array_equal(f.vjp(x, v), v * f.derivative(x))
    with pytest.raises(ShapeError, match="shape"):
        f.jvp(x, v[:2])


@pytest.mark.parametrize("name", VECTOR)
def test_empty_arrays_and_zero_size_axes(name):
    f = nk.activation(name)
    for shape in [(0,), (3, 0), (0, 4), (2, 0, 4)]:
        x = np.zeros(shape, np.float32)
        out = f(x)
        want = shape[:-1] + (shape[-1] // 2,) if name in GATED else shape
        assert out.shape == want and out.dtype == np.float32
        assert f.jvp(x, x).shape == want
        assert f.vjp(x, np.zeros(want)).shape == shape


def test_axis_and_bad_input():
    x = np.random.default_rng(4).standard_normal((4, 4))
    for name in VECTOR:
        np.testing.assert_array_equal(nk.activation(name, axis=0)(x),
                                      nk.activation(name)(x.T).T)
    with pytest.raises(ShapeError, match="odd length 3"):
        nk.activation("glu")(np.zeros((2, 3)))
    with pytest.raises(ShapeError, match="out of bounds"):
        nk.activation("softmax", axis=2)(x)
    with pytest.raises(ShapeError, match="0-d"):
        nk.activation("softmax")(1.0)
    with pytest.raises(ParameterError, match="axis must be an integer"):
        nk.activation("softmax", axis=1.5)
    with pytest.raises(ParameterError, match="no parameter 'beta'; its parameters are: axis"):
        nk.activation("swiglu", beta=2.0)
    with pytest.raises(ShapeError, match=r"g must have shape \(4, 2\)"):
        nk.activation("glu").vjp(x, x)
    with pytest.raises(nk.errors.UnknownNameError, match="did you mean 'softmax'"):
        nk.activation("softmx")


def test_special_values_without_warnings():
    rows = np.array([[np.inf, 1.0, np.inf], [np.nan, 1.0, 2.0],
                     [-np.inf, -np.inf, -np.inf], [-np.inf, 0.0, 0.0]])
    with np.errstate(all="raise"):
        sm = nk.activation("softmax")(rows)
        lsm = nk.activation("log_softmax")(rows)
        sp = nk.activation("sparsemax")(rows)
    np.testing.assert_array_equal(sm[[0, 3]], [[0.5, 0, 0.5], [0, 0.5, 0.5]])
    np.testing.assert_array_equal(sp[[0, 3]], [[0.5, 0, 0.5], [0, 0.5, 0.5]])
    np.testing.assert_allclose(lsm[[0, 3]], [[-np.log(2), -np.inf, -np.log(2)],
                                             [-np.inf, -np.log(2), -np.log(2)]])
    assert np.isnan(sm[1:3]).all() and np.isnan(lsm[1:3]).all() and np.isnan(sp[1:3]).all()


def test_sparsemax_values():
    # Martins and Astudillo (2016): the projection onto the simplex
    sp = nk.activation("sparsemax")
    np.testing.assert_allclose(sp([0.1, 1.1, 0.2]), [0.0, 0.95, 0.05], rtol=0, atol=4e-16)
    np.testing.assert_array_equal(sp([5.0, 0.0, -3.0]), [1.0, 0.0, 0.0])
    x = np.random.default_rng(5).standard_normal((100, 7)) * 3
    y = sp(x)
    np.testing.assert_allclose(y.sum(axis=1), 1.0, rtol=1e-14)
    assert (y >= 0).all()
    # the projection: y is at least as close to x as any other point of the simplex
    other = nk.activation("softmax")(x)
    assert (np.sum((y - x) ** 2, 1) <= np.sum((other - x) ** 2, 1) + 1e-12).all()


def test_vector_registry_is_separate():
    assert not set(VECTOR) & set(nk.activation_names(aliases=True))
    assert isinstance(nk.activation("Log-Softmax"), nk.VectorActivation)
    assert repr(nk.activation("glu", axis=1)) == "VectorActivation('glu', axis=1)"


@pytest.mark.parametrize("name", ["softmax", "log_softmax", "sparsemax", *GATED])
def test_dense_layers_backpropagate_through_vjp(name):
    X, y = nk.datasets.two_moons(16, seed=0)
    net = nk.Network([nk.Dense(2, 4, activation=name), nk.Dense(4, 2, activation="tanh")],
                     seed=0)
    assert net.layers[0].weight.shape == (2, 8 if name in GATED else 4)
    assert net.predict(X).shape == (16, 2) if hasattr(net, "predict") else True
    target = np.eye(2)[y.astype(int).ravel()]
    assert nk.gradcheck(net, X, target, "mse") < 1e-5


def test_softmax_output_layer_still_trains():
    X, y = nk.datasets.two_moons(40, seed=1)
    net = nk.Network([nk.Dense(2, 8, activation="tanh"), nk.Dense(8, 2, activation="softmax")],
                     seed=0)
    assert net.resolve_loss().name == "cross_entropy"
    hist = net.fit(X, y, epochs=30, seed=0)
    assert hist.loss[-1] < hist.loss[0]


def test_vector_layers_save_and_load(tmp_path):
    net = nk.Network([nk.Dense(2, 3, activation="swiglu"),
                      nk.Dense(3, 2, activation="log_softmax")], seed=0)
    nk.save(net, tmp_path / "m.nk")
    back = nk.load(tmp_path / "m.nk")
    X = np.random.default_rng(0).standard_normal((5, 2))
    np.testing.assert_array_equal(back.predict(X), net.predict(X))
    assert back.layers[0].weight.shape == (2, 6)
    assert repr(back.layers[1].copy()) == "Dense(3, 2, activation='log_softmax')"


def test_a_neuron_refuses_a_vector_activation():
    with pytest.raises(ParameterError, match="softmax is a vector activation"):
        nk.Neuron(weights=[1.0, 2.0], bias=0.0, activation="softmax")


def test_long_rows_stay_within_the_bound():
    """1000 terms: the double-double sum keeps softmax and log_softmax within 4 ULP
    (a plain sum's rounding would grow with the length)."""
    x = np.random.default_rng(7).standard_normal(1000) * 3
    sm, lsm = _mp_softmax(x)
    for got, ref in ((nk.activation("softmax")(x), sm), (nk.activation("log_softmax")(x), lsm)):
        worst = max(ulp_error(float(c), e, np.float64) for c, e in zip(got, ref, strict=True))
        assert worst <= 4.0


def test_elementwise_tools_refuse_vector_activations():
    f = nk.activation("softmax")
    with pytest.raises(TypeError, match="use jvp"):
        f.derivative([1.0, 2.0])
    with pytest.raises(ParameterError, match="softmax is a vector activation"):
        nk.analyze(f)
    with pytest.raises(ParameterError, match="glu is a vector activation"):
        nk.audit(np.tanh, "glu")


@settings(max_examples=60, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow])
@given(shape=st.lists(st.integers(0, 5), min_size=1, max_size=3), data=st.data(),
       name=st.sampled_from(VECTOR), dtype=st.sampled_from([np.float16, np.float32, np.float64]))
def test_shapes_dtypes_and_adjointness(shape, data, name, dtype):
    shape = [2 * (n // 2) if name in GATED else n for n in shape]
    axis = data.draw(st.integers(-len(shape), len(shape) - 1))
    if name in GATED and shape[axis] % 2:
        return
    f = nk.activation(name, axis=axis)
    x = np.asarray(data.draw(st.lists(st.floats(-50, 50), min_size=int(np.prod(shape)),
                                      max_size=int(np.prod(shape)))), dtype=dtype).reshape(shape)
    with np.errstate(all="raise"):
        y = f(x)
        assert y.dtype == dtype
        out = list(shape)
        if name in GATED:
            out[axis] //= 2
        assert list(y.shape) == out
        if name in ("softmax", "sparsemax") and y.size:
            np.testing.assert_allclose(y.astype(float).sum(axis=axis), 1.0,
                                       rtol=1e-2 if dtype == np.float16 else 1e-6)
        x64 = x.astype(np.float64)
        v = np.cos(np.arange(x.size)).reshape(shape)
        g = np.sin(np.arange(y.size) + 1.0).reshape(y.shape)
        lhs = np.vdot(f.vjp(x64, g), v)
        rhs = np.vdot(g, f.jvp(x64, v))
        assert lhs == pytest.approx(rhs, rel=1e-9, abs=1e-9)
