"""MP neurons, logic gates, linear separability, the XOR network and the general neuron."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

import neuronkit as nk
from neuronkit.errors import DataError, ParameterError, ShapeError, UnknownNameError

INPUTS2 = np.array([[0, 0], [0, 1], [1, 0], [1, 1]])
# hand-written truth tables (rows in the order of INPUTS2)
TABLES = {
    "and": [0, 0, 0, 1],
    "or": [0, 1, 1, 1],
    "nand": [1, 1, 1, 0],
    "nor": [1, 0, 0, 0],
}


def test_design_example():
    n = nk.MPNeuron(weights=[1, 1], bias=-1.5)
    assert n([1, 1]) == 1
    assert isinstance(n([1, 1]), int)
    out = n(np.array([[0, 0], [0, 1], [1, 0], [1, 1]]))
    assert out.tolist() == [0, 0, 0, 1]
    assert out.dtype == np.int64


def test_threshold_is_strict():
    # exactly at the threshold the MP neuron does not fire: 1 only if w.x + b > 0
    n = nk.MPNeuron([1.0, 1.0], -2.0)
    assert n([1, 1]) == 0
    assert n([1, 1.0000001]) == 1


@pytest.mark.parametrize("name", sorted(TABLES))
def test_two_input_gates_match_hand_tables(name):
    assert nk.MPNeuron.gate(name)(INPUTS2).tolist() == TABLES[name]


def test_not_gate():
    g = nk.MPNeuron.gate("not")
    assert g([0]) == 1 and g([1]) == 0
    assert g.truth_table()[1].tolist() == [1, 0]


@pytest.mark.parametrize("name", ["and", "or", "nand", "nor"])
@pytest.mark.parametrize("n_inputs", [3, 4, 5])
def test_many_input_gates(name, n_inputs):
    X = np.array(list(itertools.product([0, 1], repeat=n_inputs)))
    expected = {"and": X.all(1), "or": X.any(1), "nand": ~X.all(1), "nor": ~X.any(1)}[name]
    assert nk.MPNeuron.gate(name, n_inputs=n_inputs)(X).tolist() == expected.astype(int).tolist()


def test_gate_errors():
    with pytest.raises(ParameterError, match="not linearly separable"):
        nk.MPNeuron.gate("xor")
    with pytest.raises(UnknownNameError, match="did you mean 'and'"):
        nk.MPNeuron.gate("andd")
    with pytest.raises(ParameterError):
        nk.MPNeuron.gate("and", n_inputs=1)


def _exhaustively_separable(X, y) -> bool:
    """Brute force over small integer weights and half-integer biases (enough for <= 3
    binary inputs, where every threshold function has such a realisation)."""
    d = X.shape[1]
    for w in itertools.product(range(-3, 4), repeat=d):
        z = X @ np.array(w, dtype=float)
        for b in np.arange(-6.5, 7.0, 0.5):
            if np.array_equal((z + b > 0).astype(int), y):
                return True
    return False


def test_separability_of_all_two_input_functions_agrees_with_exhaustive_search():
    non_separable = []
    for outputs in itertools.product([0, 1], repeat=4):
        y = np.array(outputs)
        lp = nk.linear_separability(INPUTS2, y)
        assert lp.separable == _exhaustively_separable(INPUTS2, y), outputs
        if lp.separable:
            # the LP's hyperplane is itself a working MP neuron
            assert nk.MPNeuron(lp.weights, lp.bias)(INPUTS2).tolist() == list(outputs)
        else:
            non_separable.append(outputs)
    assert non_separable == [(0, 1, 1, 0), (1, 0, 0, 1)]  # XOR and XNOR only


def test_separable_three_input_functions_count_is_104():
    # the number of threshold (linearly separable) Boolean functions of 3 variables is 104
    # (OEIS A000609: 2, 4, 14, 104, 1882, ...)
    X = np.array(list(itertools.product([0, 1], repeat=3)))
    count = sum(nk.linear_separability(X, np.array(o)).separable
                for o in itertools.product([0, 1], repeat=8))
    assert count == 104


def test_xor_is_not_separable_and_the_answer_is_clear():
    X, y = nk.datasets.logic_gate("xor")
    r = nk.linear_separability(X, y)
    assert not r.separable and not bool(r)
    assert r.margin == 0.0 and r.weights is None
    assert "not linearly separable" in r.reason
    with pytest.raises(DataError, match="no single MP neuron"):
        nk.MPNeuron.from_truth_table(X, y)


def test_from_truth_table_and_single_class():
    X, y = nk.datasets.logic_gate("nor")
    assert nk.MPNeuron.from_truth_table(X, y)(X).tolist() == y.tolist()
    assert nk.linear_separability(X, np.ones(4, dtype=int)).separable


def test_separability_bad_input():
    with pytest.raises(DataError):
        nk.linear_separability(INPUTS2, [0, 1, 2, 0])
    with pytest.raises(ShapeError):
        nk.linear_separability(INPUTS2, [0, 1])


def test_xor_network():
    net = nk.xor_network()
    assert net(INPUTS2).tolist() == [0, 1, 1, 0]
    assert net([1, 1]) == 0 and net([0, 1]) == 1
    X, y = nk.truth_table(net)
    assert y.tolist() == [0, 1, 1, 0]
    assert "MPNetwork" in repr(net)


def test_mp_network_checks_widths():
    with pytest.raises(ShapeError):
        nk.MPNetwork([[nk.MPNeuron.gate("or")], [nk.MPNeuron.gate("and")]])
    with pytest.raises(ParameterError):
        nk.MPNetwork([])


def test_truth_table_helper():
    X, y = nk.truth_table(lambda row: int(row.sum() >= 2), 3)
    assert X.shape == (8, 3)
    assert y.tolist() == [0, 0, 0, 1, 0, 1, 1, 1]
    with pytest.raises(ParameterError):
        nk.truth_table(lambda row: 0)


def test_mp_neuron_shape_and_value_errors():
    n = nk.MPNeuron([1.0, 2.0], 0.0)
    with pytest.raises(ValueError, match=r"\(3,\).*\(2,\)"):
        n([1.0, 2.0, 3.0])
    with pytest.raises(ShapeError):
        nk.MPNeuron([[1.0]], 0.0)
    with pytest.raises(ParameterError):
        nk.MPNeuron([1.0, np.nan], 0.0)
    with pytest.raises(ParameterError):
        nk.MPNeuron([1.0], float("inf"))
    assert repr(n) == "MPNeuron(weights=[1.0, 2.0], bias=0.0)"


# -- the general neuron -------------------------------------------------------------

def test_neuron_design_example():
    u = nk.Neuron(weights=[0.5, -1.0], bias=0.1, activation="tanh")
    x = np.array([1.0, 0.2])
    assert u.net_input(x) == pytest.approx(0.5 - 0.2 + 0.1, abs=1e-15)
    assert u(x) == pytest.approx(np.tanh(0.4), abs=1e-15)
    X = np.array([[1.0, 0.2], [0.0, 0.0], [-2.0, 1.0]])
    np.testing.assert_allclose(u.net_input(X), X @ [0.5, -1.0] + 0.1, rtol=0, atol=1e-15)
    np.testing.assert_allclose(u(X), np.tanh(X @ [0.5, -1.0] + 0.1), rtol=1e-15)
    assert u.derivative(X).shape == (3,)


def test_neuron_shape_mismatch_names_both_shapes():
    u = nk.Neuron([1.0, 2.0, 3.0], 0.0, "relu")
    with pytest.raises(ValueError) as info:
        u(np.zeros((4, 2)))
    assert "(4, 2)" in str(info.value) and "(3,)" in str(info.value)
    with pytest.raises(ValueError, match=r"\(2,\).*\(3,\)"):
        u.net_input([1.0, 2.0])


def test_neuron_accepts_activation_objects_and_rejects_unknown_names():
    g = nk.activation("leaky_relu", negative_slope=0.2)
    u = nk.Neuron([1.0], 0.0, g)
    assert u([-1.0]) == pytest.approx(-0.2)
    assert "leaky_relu" in repr(u)
    with pytest.raises(UnknownNameError):
        nk.Neuron([1.0], 0.0, "sigmod")


@settings(max_examples=50, deadline=None)
@given(w=arrays(np.float64, 3, elements=st.floats(-10, 10)),
       b=st.floats(-10, 10),
       X=arrays(np.float64, (5, 3), elements=st.floats(-10, 10)))
def test_neuron_batch_equals_rows_and_mp_is_step_neuron(w, b, X):
    u = nk.Neuron(w, b, "logistic")
    batch = u(X)
    rows = np.array([u(X[i]) for i in range(len(X))])
    np.testing.assert_allclose(batch, rows, rtol=1e-12, atol=1e-300)
    # the MP neuron is the general neuron with the step activation
    step = nk.Neuron(w, b, "step")
    assert nk.MPNeuron(w, b)(X).tolist() == step(X).astype(int).tolist()


@pytest.mark.parametrize("n", [1, 2, 3, 5, 8, 11])
def test_truth_table_inputs_count_in_binary(n):
    import itertools

    want = np.array(list(itertools.product((0.0, 1.0), repeat=n)))
    got = nk.neurons.truth_table_inputs(n)
    assert got.dtype == np.float64
    np.testing.assert_array_equal(got, want)
