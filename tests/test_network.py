"""Layers and Network: forward pass, backprop against finite differences (every layer type,
every activation, every loss), learnable activation parameters, shapes and errors."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import neuronkit as nk
from neuronkit.errors import ParameterError, ShapeError

TOL = 1e-6  # the required worst relative error of gradcheck in float64


def safe_inputs(net, rng, n=6, margin=1e-3, scale=1.5):
    """Inputs whose pre-activations are all >= margin away from every kink (and, for
    Maxout, whose winning piece leads the runner-up by >= margin)."""
    rows: list[np.ndarray] = []
    while len(rows) < n:
        x = rng.uniform(-scale, scale, size=(64, net.in_features))
        h, ok = x, np.ones(64, dtype=bool)
        for layer in net.layers:
            z = h @ layer.weight + layer.bias
            if layer.activation_name == "maxout":
                zr = np.sort(z.reshape(len(z), layer.out_features, layer.pieces), axis=2)
                ok &= (zr[..., -1] - zr[..., -2] >= margin).all(axis=1)
            elif layer.activation is not None:
                for k in layer.current_activation().properties.kinks:
                    ok &= (np.abs(z - k) >= margin).all(axis=1)
            h = layer.forward(h, keep=False)
        rows.extend(x[ok])
    return np.array(rows[:n])


# -- gradcheck: every activation, every layer type, every loss -----------------------

@pytest.mark.parametrize("name", nk.activation_names())
def test_gradcheck_every_activation(name):
    rng = np.random.default_rng(1)
    net = nk.Network([nk.Dense(3, 4, activation=name), nk.Dense(4, 3, activation=name),
                      nk.Dense(3, 1)], seed=0)
    X = safe_inputs(net, rng)
    y = rng.normal(size=len(X))
    assert nk.gradcheck(net, X, y, "mse") < TOL
    if name == "step":
        # the step has derivative 0 wherever it is differentiable: nothing before a step
        # layer receives a gradient (backprop and finite differences agree on exactly 0)
        _, grads = net.loss_and_gradient(X, y, "mse")
        assert not grads["0.weight"].any() and not grads["1.weight"].any()
        assert grads["2.weight"].any()


@pytest.mark.parametrize("params", [{"name": "gelu", "approximate": "tanh"},
                                    {"name": "leaky_relu", "negative_slope": 0.2},
                                    {"name": "elu", "alpha": 0.5},
                                    {"name": "softplus", "beta": 3.0},
                                    {"name": "hard_logistic", "slope": 1 / 6}])
def test_gradcheck_activation_parameters(params):
    params = dict(params)
    act = nk.activation(params.pop("name"), **params)
    rng = np.random.default_rng(2)
    net = nk.Network([nk.Dense(3, 5, activation=act), nk.Dense(5, 1)], seed=1)
    X = safe_inputs(net, rng)
    assert nk.gradcheck(net, X, rng.normal(size=len(X)), "mse") < TOL


def test_gradcheck_maxout():
    rng = np.random.default_rng(3)
    net = nk.Network([nk.Maxout(3, 4, pieces=3), nk.Maxout(4, 2, pieces=2),
                      nk.Dense(2, 1)], seed=0)
    X = safe_inputs(net, rng)
    assert nk.gradcheck(net, X, rng.normal(size=len(X)), "mse") < TOL


@pytest.mark.parametrize("name", ["prelu", "swish"])
def test_gradcheck_learnable_activation_parameter(name):
    rng = np.random.default_rng(4)
    net = nk.Network([nk.Dense(3, 4, activation=name), nk.Dense(4, 2, activation="tanh"),
                      nk.Dense(2, 1)], seed=0)
    key = "0." + nk.Dense(1, 1, activation=name).learnable[0]
    net.parameters()[key][0] = 0.6  # away from the default, to test a general value
    X = safe_inputs(net, rng)
    y = rng.normal(size=len(X))
    assert nk.gradcheck(net, X, y, "mse") < TOL
    _, grads = net.loss_and_gradient(X, y, "mse")
    assert grads[key][0] != 0.0


@pytest.mark.parametrize("last,loss,k", [
    ("logistic", "binary_cross_entropy", 1),   # fused, from logits
    ("logistic", "binary_cross_entropy", 3),   # several independent binary outputs
    ("identity", "binary_cross_entropy", 1),   # outputs are logits
    ("hard_logistic", "binary_cross_entropy", 1),  # outputs are probabilities
    ("softmax", "cross_entropy", 4),           # fused, log-sum-exp
    ("identity", "cross_entropy", 4),          # outputs are logits
    ("softmax", "mse", 3),                     # softmax Jacobian-vector product
    ("tanh", "mse", 2),
    ("identity", "mse", 1),
])
def test_gradcheck_every_loss(last, loss, k):
    rng = np.random.default_rng(5)
    net = nk.Network([nk.Dense(3, 5, activation="tanh"), nk.Dense(5, k, activation=last)],
                     seed=0)
    X = safe_inputs(net, rng, n=8)
    if loss == "cross_entropy":
        y = rng.integers(0, k, size=8)
    elif loss == "binary_cross_entropy":
        y = rng.integers(0, 2, size=(8, k)) if k > 1 else rng.integers(0, 2, size=8)
    else:
        y = rng.normal(size=(8, k)) if k > 1 else rng.normal(size=8)
    assert nk.gradcheck(net, X, y, loss) < TOL


@pytest.mark.parametrize("l1,l2", [(0.01, 0.0), (0.0, 0.1), (0.02, 0.05)])
def test_gradcheck_weight_penalties(l1, l2):
    rng = np.random.default_rng(6)
    net = nk.Network([nk.Dense(3, 4, activation="tanh"), nk.Dense(4, 3, activation="softmax")],
                     seed=0)
    assert min(abs(w).min() for w in (net.layers[0].weight, net.layers[1].weight)) > 1e-3
    X = rng.normal(size=(8, 3))
    y = rng.integers(0, 3, size=8)
    assert nk.gradcheck(net, X, y, "cross_entropy", l1=l1, l2=l2) < TOL
    v0, _ = net.loss_and_gradient(X, y, "cross_entropy")
    v1, _ = net.loss_and_gradient(X, y, "cross_entropy", l1=l1, l2=l2)
    weights = [net.layers[0].weight, net.layers[1].weight]
    assert v1 - v0 == pytest.approx(nk.losses.weight_penalty(weights, l1, l2), rel=1e-12)


def test_gradcheck_detects_a_wrong_gradient(monkeypatch):
    net = nk.Network([nk.Dense(2, 3, activation="tanh"), nk.Dense(3, 1)], seed=0)
    X = np.random.default_rng(0).normal(size=(5, 2))
    y = np.zeros(5)
    assert nk.gradcheck(net, X, y, "mse") < TOL
    original = nk.Dense.backward

    def broken(self, grad, need_input_grad=True, grad_is_logits=False):
        out = original(self, grad, need_input_grad, grad_is_logits)
        self._grads["bias"] *= 1.01
        return out

    monkeypatch.setattr(nk.Dense, "backward", broken)
    assert nk.gradcheck(net, X, y, "mse") > 1e-3


# -- forward pass, fast paths, layers ------------------------------------------------

@pytest.mark.parametrize("name", nk.activation_names())
def test_layer_activation_equals_catalogue(name):
    layer = nk.Dense(2, 2, activation=name)
    z = np.random.default_rng(0).normal(size=(50, 7)) * 4
    z[0, :3] = [0.0, -0.0, 6.0]
    a, d = layer._evaluate(z)
    ref_a, ref_d = layer.activation.value_and_derivative(z)
    np.testing.assert_array_equal(a, ref_a)
    np.testing.assert_array_equal(np.ones_like(z) if d is None else d, ref_d)


def test_dense_forward_by_hand():
    layer = nk.Dense(2, 3, activation="tanh", seed=0)
    x = np.array([[0.5, -1.0], [2.0, 0.0]])
    np.testing.assert_allclose(layer.forward(x), np.tanh(x @ layer.weight + layer.bias),
                               rtol=4 * np.finfo(float).eps, atol=0)
    assert layer.weight.shape == (2, 3) and layer.bias.shape == (3,)
    assert repr(layer) == "Dense(2, 3, activation='tanh')"
    assert repr(nk.Dense(2, 1, activation="leaky_relu")) == \
        "Dense(2, 1, activation='leaky_relu', negative_slope=0.01)"


def test_softmax_layer_rows_sum_to_one():
    layer = nk.Dense(3, 4, activation="softmax", seed=0)
    p = layer.forward(np.random.default_rng(0).normal(size=(5, 3)) * 100)
    np.testing.assert_allclose(p.sum(axis=1), 1.0, rtol=1e-14)


def test_maxout_forward_by_hand():
    m = nk.Maxout(2, 2, pieces=3, seed=0)
    x = np.random.default_rng(1).normal(size=(4, 2))
    z = (x @ m.weight + m.bias).reshape(4, 2, 3)
    np.testing.assert_array_equal(m.forward(x), z.max(axis=2))
    with pytest.raises(ParameterError):
        nk.Maxout(2, 2, pieces=1)


def test_default_initializers_and_seeds():
    assert nk.Dense(3, 2, activation="relu").init_name == "he_uniform"
    assert nk.Dense(3, 2, activation="tanh").init_name == "xavier_uniform"
    a = nk.Dense(5, 4, seed=3)
    b = nk.Dense(5, 4, seed=3)
    np.testing.assert_array_equal(a.weight, b.weight)
    assert not np.array_equal(a.weight, nk.Dense(5, 4, seed=4).weight)
    c = nk.Dense(5, 4, rng=np.random.default_rng(3))
    np.testing.assert_array_equal(a.weight, c.weight)
    with pytest.raises(ParameterError):
        nk.Dense(5, 4, seed=1, rng=np.random.default_rng(1))
    assert not nk.Dense(4, 3, init="zeros").weight.any()
    c = nk.Dense(4, 3, init=nk.initializers.constant(0.25), bias_init="ones")
    assert (c.weight == 0.25).all() and (c.bias == 1.0).all()


@pytest.mark.parametrize("bad", [0, -1, 2.5, "3"])
def test_bad_layer_sizes(bad):
    with pytest.raises(ParameterError):
        nk.Dense(bad, 2)


def test_learnable_flags():
    assert nk.Dense(2, 2, activation="prelu").learnable == ("negative_slope",)
    assert nk.Dense(2, 2, activation="swish").learnable == ("beta",)
    assert nk.Dense(2, 2, activation="silu").learnable == ()  # the alias fixes beta = 1
    assert nk.Dense(2, 2, activation=nk.activation("swish", beta=2.0)).learnable == ("beta",)
    assert nk.Dense(2, 2, activation="prelu", learn_activation=False).learnable == ()
    assert nk.Dense(2, 2, activation="tanh").learnable == ()


def test_learnable_parameters_are_trained():
    X, y = nk.datasets.two_moons(200, noise=0.1, seed=0)
    net = nk.Network([nk.Dense(2, 8, activation="prelu"), nk.Dense(8, 8, activation="swish"),
                      nk.Dense(8, 1, activation="logistic")], seed=0)
    before = {k: float(v[0]) for k, v in net.parameters().items() if k[2:] in ("negative_slope",
                                                                                "beta")}
    net.fit(X, y, loss="binary_cross_entropy", learning_rate=0.05, epochs=20, batch_size=32,
            seed=0, progress=False)
    after = {k: float(net.parameters()[k][0]) for k in before}
    assert before == {"0.negative_slope": 0.25, "1.beta": 1.0}
    assert all(after[k] != before[k] for k in before)
    assert net.layers[1].current_activation().params["beta"] == after["1.beta"]


def test_swish_beta_stays_positive():
    layer_net = nk.Network([nk.Dense(1, 1, activation="swish")], seed=0)
    layer_net.parameters()["0.beta"][0] = -3.0
    layer_net.layers[0].project()
    assert layer_net.parameters()["0.beta"][0] == pytest.approx(1e-4)


# -- Network ---------------------------------------------------------------------------

def test_network_shape_mismatch_names_both_layers():
    with pytest.raises(ShapeError, match=r"layer 1 .*takes 5 inputs but layer 0 .*gives 4"):
        nk.Network([nk.Dense(2, 4), nk.Dense(5, 1)])
    with pytest.raises(ParameterError):
        nk.Network([])
    with pytest.raises(ParameterError):
        nk.Network([object()])


def test_layer_belongs_to_one_network():
    layer = nk.Dense(2, 2)
    nk.Network([layer])
    with pytest.raises(ParameterError, match="already belongs"):
        nk.Network([layer])


def test_parameters_are_views_and_flat_vector():
    net = nk.Network([nk.Dense(2, 3, activation="prelu"), nk.Maxout(3, 2, pieces=2)], seed=0)
    params = net.parameters()
    assert list(params) == ["0.weight", "0.bias", "0.negative_slope", "1.weight", "1.bias"]
    assert net.n_parameters == 6 + 3 + 1 + 12 + 4
    params["0.weight"][0, 0] = 42.0
    assert net.layers[0].weight[0, 0] == 42.0
    assert net.get_flat()[0] == 42.0
    flat = np.arange(net.n_parameters, dtype=float)
    net.set_flat(flat)
    assert net.layers[1].bias.tolist() == [22.0, 23.0, 24.0, 25.0]
    with pytest.raises(ShapeError):
        net.set_flat(np.zeros(3))
    assert list(net.gradients()) == list(params)


def test_network_seed_reinitializes_deterministically():
    def make(seed):
        return nk.Network([nk.Dense(3, 4, activation="relu"), nk.Dense(4, 2)], seed=seed)

    np.testing.assert_array_equal(make(7).get_flat(), make(7).get_flat())
    assert not np.array_equal(make(7).get_flat(), make(8).get_flat())


def test_zero_initialisation_never_breaks_symmetry():
    """With equal initial weights every hidden unit gets the same gradient and stays equal;
    a 2-4-1 network then behaves like a 2-1-1 network and cannot learn XOR."""
    X, y = nk.datasets.xor()
    for init in ("zeros", nk.initializers.constant(0.5)):
        net = nk.Network([nk.Dense(2, 4, activation="tanh", init=init),
                          nk.Dense(4, 1, activation="logistic", init=init)])
        net.fit(X, y, loss="binary_cross_entropy", learning_rate=0.05, epochs=300,
                batch_size=4, seed=0, progress=False)
        W1, W2 = net.layers[0].weight, net.layers[1].weight
        assert np.all(W1 == W1[:, :1]) and np.all(W2 == W2[0])
        assert np.mean(net.predict(X) == y) <= 0.75


def test_loss_modes_and_errors():
    def last(act, k=3):
        return nk.Network([nk.Dense(2, k, activation=act)])

    ce, bce = nk.losses.loss("cross_entropy"), nk.losses.loss("binary_cross_entropy")
    assert last("softmax").loss_mode(ce) == "fused"
    assert last("identity").loss_mode(ce) == "logits"
    assert last("logistic").loss_mode(bce) == "fused"
    assert last("hard_logistic").loss_mode(bce) == "output"
    with pytest.raises(ParameterError, match="'softmax' or 'identity'"):
        last("tanh").loss_mode(ce)
    with pytest.raises(ParameterError, match="outputs in \\[0, 1\\]"):
        last("tanh").loss_mode(bce)


def test_binary_cross_entropy_refusals_say_why():
    # a softmax last layer was refused with "'softmax' has range (0.0, 0.0)"; a Maxout
    # last layer raised AttributeError
    bce = nk.losses.loss("binary_cross_entropy")
    with pytest.raises(ParameterError) as info:
        nk.Network([nk.Dense(2, 3, activation="softmax")]).loss_mode(bce)
    text = str(info.value)
    assert "range" not in text and "distribution over the classes" in text
    assert "'cross_entropy'" in text
    with pytest.raises(ParameterError, match=r"'maxout' has range \(-inf, inf\)"):
        nk.Network([nk.Maxout(2, 1, pieces=2)]).loss_mode(bce)


def test_default_loss_follows_last_activation():
    assert nk.Network([nk.Dense(2, 3, activation="softmax")]).resolve_loss().name == \
        "cross_entropy"
    assert nk.Network([nk.Dense(2, 1, activation="logistic")]).resolve_loss().name == \
        "binary_cross_entropy"
    assert nk.Network([nk.Dense(2, 1, activation="tanh")]).resolve_loss().name == "mse"


def test_predict_shapes_and_proba():
    X = np.random.default_rng(0).normal(size=(5, 2))
    multi = nk.Network([nk.Dense(2, 3, activation="softmax")], seed=0)
    assert multi.predict(X).shape == (5,) and multi.predict(X).dtype.kind == "i"
    np.testing.assert_array_equal(multi.predict(X), multi.predict_proba(X).argmax(axis=1))
    binary = nk.Network([nk.Dense(2, 1, activation="logistic")], seed=0)
    p = binary.predict_proba(X)
    assert p.shape == (5,)
    np.testing.assert_array_equal(binary.predict(X), (p > 0.5).astype(int))
    logits = nk.Network([nk.Dense(2, 1)], seed=0, loss="binary_cross_entropy")
    np.testing.assert_allclose(logits.predict_proba(X),
                               1 / (1 + np.exp(-logits.forward(X)[:, 0])), rtol=1e-14)
    reg = nk.Network([nk.Dense(2, 2)], seed=0)
    assert reg.predict(X).shape == (5, 2)
    with pytest.raises(ParameterError, match="predict_proba"):
        reg.predict_proba(X)


def test_forward_input_checks():
    net = nk.Network([nk.Dense(3, 1)], seed=0)
    with pytest.raises(ShapeError, match=r"\(n_samples, 3\).*\(4, 2\)"):
        net.forward(np.zeros((4, 2)))
    with pytest.raises(nk.errors.DataError, match="NaN or inf"):
        net.predict([[0.0, np.nan, 1.0]])
    assert net.forward([1.0, 2.0, 3.0]).shape == (1, 1)


@settings(max_examples=25, deadline=None)
@given(n=st.integers(1, 9), seed=st.integers(0, 2**16))
def test_batch_forward_equals_row_by_row(n, seed):
    net = nk.Network([nk.Dense(3, 4, activation="gelu"), nk.Maxout(4, 3, pieces=2),
                      nk.Dense(3, 2, activation="softmax")], seed=seed)
    X = np.random.default_rng(seed).normal(size=(n, 3))
    batch = net.forward(X)
    rows = np.vstack([net.forward(X[i:i + 1]) for i in range(n)])
    np.testing.assert_allclose(batch, rows, rtol=1e-12, atol=1e-15)


# -- dtype: float32 networks end to end ------------------------------------------------

@pytest.mark.parametrize("bad", ["float16", "half", "int32", "complex64", np.int64, object,
                                 3, "float128", "nonsense"])
def test_bad_dtype_is_a_parameter_error(bad):
    for build in (lambda: nk.Dense(2, 1, dtype=bad), lambda: nk.Maxout(2, 1, dtype=bad),
                  lambda: nk.Network([nk.Dense(2, 1)], dtype=bad),
                  lambda: nk.Network([nk.Dense(2, 1)]).astype(bad)):
        with pytest.raises(ParameterError, match="dtype must be 'float32' or 'float64'"):
            build()


@pytest.mark.parametrize("spelling", ["float32", np.float32, np.dtype("float32"), "f4"])
def test_dtype_spellings(spelling):
    net = nk.Network([nk.Dense(2, 3, activation="tanh"), nk.Dense(3, 1)], dtype=spelling)
    assert net.dtype == np.float32 and net.config()["dtype"] == "float32"
    assert all(layer.dtype == np.float32 for layer in net.layers)
    assert all(v.dtype == np.float32 for v in net.parameters().values())


def test_network_dtype_follows_its_layers_or_rules_them():
    assert nk.Network([nk.Dense(2, 1)]).dtype == np.float64
    net = nk.Network([nk.Dense(2, 3, dtype="float32"), nk.Maxout(3, 1, dtype="float32")])
    assert net.dtype == np.float32 and net.get_flat().dtype == np.float32
    # a layer without a dtype of its own joins the given one
    assert nk.Network([nk.Dense(2, 3, dtype="float32"), nk.Dense(3, 1)]).dtype == np.float32
    with pytest.raises(ParameterError, match=r"different dtypes \(float32, float64\)"):
        nk.Network([nk.Dense(2, 3, dtype="float32"), nk.Dense(3, 1, dtype="float64")])
    net = nk.Network([nk.Dense(2, 3, dtype="float32"), nk.Dense(3, 1, dtype="float64")],
                     dtype="float64")
    assert all(layer.dtype == np.float64 for layer in net.layers)


def test_same_seed_same_weights_rounded_in_each_dtype():
    def build(dt):
        return nk.Network([nk.Dense(3, 5, activation="tanh"), nk.Maxout(5, 2, pieces=3),
                           nk.Dense(2, 1)], seed=7, dtype=dt)

    w64, w32 = build("float64").get_flat(), build("float32").get_flat()
    np.testing.assert_array_equal(w32, w64.astype(np.float32))
    np.testing.assert_array_equal(build("float32").get_flat(), w32)
    # a standalone float32 layer draws the same weights, rounded
    a, b = nk.Dense(4, 3, seed=1), nk.Dense(4, 3, seed=1, dtype="float32")
    np.testing.assert_array_equal(b.weight, a.weight.astype(np.float32))


def test_float32_outputs_and_input_conversion():
    net = nk.Network([nk.Dense(2, 4, activation="gelu"), nk.Dense(4, 3, activation="softmax")],
                     seed=0, dtype="float32")
    X = np.random.default_rng(0).normal(size=(5, 2))  # float64 in: converted once
    assert net.check_input(X).dtype == np.float32
    X32 = X.astype(np.float32)
    assert net.check_input(X32) is X32  # no copy of float32 input
    assert net.forward(X).dtype == np.float32 and net.predict_proba(X).dtype == np.float32
    assert net.forward([[1, 2]]).dtype == np.float32  # ints too
    np.testing.assert_allclose(net.forward(X), net.astype("float64").forward(X), rtol=1e-5,
                               atol=1e-6)
    assert net.check_data(X, [0, 1, 2, 0, 1])[2].dtype == np.float32
    with pytest.raises(nk.errors.DataError, match="too large for float32"):
        net.forward([[1e39, 0.0]])
    with pytest.raises(nk.errors.DataError, match="NaN or inf"):
        net.forward([[np.nan, 0.0]])


def test_astype_copies_everything_and_round_trips():
    net = nk.Network([nk.Dense(2, 3, activation="prelu"), nk.Maxout(3, 2, pieces=2),
                      nk.Dense(2, 1, activation="swish")], seed=0, loss="mse",
                     dtype="float32")
    wide = net.astype("float64")
    assert wide.dtype == np.float64 and wide.loss == "mse" and repr(wide) == repr(net)
    assert [layer.learnable for layer in wide.layers] == [layer.learnable for layer in net.layers]
    assert [layer.init_name for layer in wide.layers] == [layer.init_name for layer in net.layers]
    np.testing.assert_array_equal(wide.get_flat(), net.get_flat())
    back = wide.astype("float32")
    np.testing.assert_array_equal(back.get_flat(), net.get_flat())
    wide.set_flat(np.zeros(wide.n_parameters))  # copies: the original is untouched
    assert np.any(net.get_flat() != 0)


def test_gradcheck_of_a_float32_network_runs_in_float64():
    net = nk.Network([nk.Dense(2, 5, activation="tanh"), nk.Dense(5, 3, activation="softmax")],
                     seed=0, dtype="float32")
    before = net.get_flat()
    X = np.random.default_rng(0).normal(size=(8, 2)).astype(np.float32)
    y = np.arange(8) % 3
    analytic, numeric = nk.training.numerical_gradient(net, X, y)
    assert analytic.dtype == numeric.dtype == np.float64
    assert nk.gradcheck(net, X, y) < TOL  # float32 finite differences could not reach this
    np.testing.assert_array_equal(net.get_flat(), before)
    assert net.dtype == np.float32


def _assert_all_float32(arrays, where):
    for k, a in arrays:
        if isinstance(a, np.ndarray) and a.dtype.kind == "f":
            assert a.dtype == np.float32, f"{where}: {k} is {a.dtype}"


STEP_CASES = [  # (layers, loss, optimizer, l1, l2)
    (lambda: [nk.Dense(3, 6, activation="relu"), nk.Dense(6, 6, activation="gelu"),
              nk.Dense(6, 4, activation="softmax")], "cross_entropy", "adam", 0.0, 0.0),
    (lambda: [nk.Dense(3, 6, activation="prelu"), nk.Maxout(6, 5, pieces=3),
              nk.Dense(5, 1, activation="logistic")], "binary_cross_entropy", "momentum",
     1e-3, 1e-2),
    (lambda: [nk.Dense(3, 6, activation="swish"), nk.Dense(6, 6, activation="softmax"),
              nk.Dense(6, 2, activation="tanh")], "mse", "sgd", 0.0, 1e-3),
    (lambda: [nk.Dense(3, 6, activation="elu"), nk.Dense(6, 2, activation="hard_logistic")],
     "binary_cross_entropy", "adam", 0.0, 0.0),
    (lambda: [nk.Dense(3, 6, activation="softplus"), nk.Dense(6, 3)], "cross_entropy",
     "adam", 0.0, 0.0),
]


@pytest.mark.parametrize("case", range(len(STEP_CASES)))
def test_a_float32_training_step_touches_float32_only(case, monkeypatch):
    """Every array a step passes between layers, keeps, or updates is float32: the
    layers' inputs and incoming gradients (seen by wrapping forward and backward), their
    caches and buffers, the parameters, gradients, loss gradient, outputs and the
    optimizer's state."""
    layers, loss, opt_name, l1, l2 = STEP_CASES[case]
    net = nk.Network(layers(), seed=0, dtype="float32")
    seen = []
    for cls in (nk.Dense, nk.Maxout):
        fwd, bwd = cls.forward, cls.backward

        def forward(self, x, *args, _f=fwd, **kw):
            seen.append(("forward input", x))
            return _f(self, x, *args, **kw)

        def backward(self, grad, *args, _b=bwd, **kw):
            seen.append(("backward grad", grad))
            out = _b(self, grad, *args, **kw)
            seen.append(("backward output", out))
            return out

        monkeypatch.setattr(cls, "forward", forward)
        monkeypatch.setattr(cls, "backward", backward)
    rng = np.random.default_rng(0)
    X = rng.normal(size=(10, 3))
    y = rng.integers(0, net.out_features if loss == "cross_entropy" else 2,
                     size=(10,) if loss != "mse" and net.out_features == 1 or
                     loss == "cross_entropy" else (10, net.out_features))
    lo, Xc, T = net.check_data(X, y, loss)
    assert Xc.dtype == T.dtype == np.float32
    opt = nk.optimizers.optimizer(opt_name, 1e-3)
    for n in (4, 4, 3):  # two batch sizes, buffers reused
        value, out = net.backprop(Xc[:n], T[:n], lo, net.loss_mode(lo), l1=l1, l2=l2)
        net.step(opt)
        assert isinstance(value, float) and math.isfinite(value)
        _assert_all_float32([("out", out)], "backprop")
        _assert_all_float32(seen, "layers")
        for i, layer in enumerate(net.layers):
            _assert_all_float32(enumerate(layer._cache), f"layer {i} cache")
            for bufs in layer._buffers.values():
                _assert_all_float32(bufs.items(), f"layer {i} buffers")
        _assert_all_float32(net.parameters().items(), "parameters")
        _assert_all_float32(net.gradients().items(), "gradients")
        _assert_all_float32(enumerate(opt.state()), "optimizer state")
        assert len(opt.state()) == {"sgd": 0, "momentum": 1, "adam": 3}[opt_name]
        seen.clear()
    assert net.get_flat().dtype == net.get_flat_gradient().dtype == np.float32


@pytest.mark.parametrize("dt", ["float32", "float64"])
def test_buffers_are_reused_across_batches_of_one_size(dt):
    net = nk.Network([nk.Dense(3, 8, activation="relu"), nk.Maxout(8, 4),
                      nk.Dense(4, 2, activation="softmax")], seed=0, dtype=dt)
    lo, X, T = net.check_data(np.random.default_rng(0).normal(size=(20, 3)),
                              np.arange(20) % 2)
    mode = net.loss_mode(lo)

    def arrays():  # the Dense layers' z, a, d (a Maxout's maxima and winners are fresh)
        return [id(a) for layer in net.layers if isinstance(layer, nk.Dense)
                for a in layer._cache[1:] if a is not None]

    net.backprop(X[:8], T[:8], lo, mode)
    first = arrays()
    hidden = net.layers[0]
    a0, d0 = hidden._cache[2], hidden._cache[3]
    net.backprop(X[8:16], T[8:16], lo, mode)
    assert hidden._cache[2] is a0 and hidden._cache[3] is d0
    assert arrays() == first
    net.backprop(X[16:], T[16:], lo, mode)  # the short last batch: its own buffers
    assert hidden._cache[2] is not a0 and hidden._cache[2].shape == (4, 8)
    net.backprop(X[:8], T[:8], lo, mode)
    assert hidden._cache[2] is a0
    # and the results are those of fresh arrays
    fresh = net.astype(dt)
    v1, _ = net.loss_and_gradient(X[:8], np.arange(8) % 2)
    v2, g2 = fresh.loss_and_gradient(X[:8], np.arange(8) % 2)
    assert v1 == v2
    for k, g in net.gradients().items():
        np.testing.assert_array_equal(g, g2[k])
