"""The playground's session: input features, and training that keeps to its time."""

from __future__ import annotations

import numpy as np
import pytest

from neuronkit.explorer.protocol import FEATURES, ProtocolError, parse_config
from neuronkit.explorer.session import Playground, input_features


def test_training_stops_on_time_when_an_epoch_is_one_batch():
    """Play trains "as many epochs as fit in 30 ms": with one mini-batch per epoch it
    never stopped (the clock was read only between mini-batches of one epoch)."""
    pg = Playground(parse_config({"size": 10, "batch_size": 10, "hidden": []}))
    done = pg.train(10**9, seconds=0.05)
    assert 0 < done < 10**9 and pg.epoch == done
    stop = iter([False, False, True])
    assert pg.train(10**9, should_stop=lambda: next(stop)) <= 3


def test_input_features_are_what_they_say():
    X = np.array([[0.5, -2.0], [3.0, 1.5]])
    F = input_features(X, FEATURES)
    a, b = X[:, 0], X[:, 1]
    expected = [a, b, a**2, b**2, a * b, np.sin(a), np.sin(b), np.cos(a), np.cos(b),
                np.abs(a), np.abs(b)]
    np.testing.assert_allclose(F, np.column_stack(expected), rtol=0, atol=0)


def test_the_first_layer_takes_the_chosen_features():
    cfg = parse_config({"dataset": "circles", "features": ["x1_sq", "x2_sq"],
                        "hidden": [], "size": 200, "noise": 0.0, "learning_rate": 0.3})
    pg = Playground(cfg)
    assert pg.net.layers[0].in_features == 2
    pg.train(200)
    # circles are separable in (x1², x2²) with no hidden layer at all
    assert pg.losses()["test_accuracy"] > 0.95
    pg = Playground(parse_config({"features": ["x1", "x2", "x1x2"], "hidden": [
        {"units": 3, "activation": "tanh"}]}))
    assert pg.net.layers[0].weight.shape == (3, 3)
    assert set(pg.data()["features"]) == set(FEATURES)


@pytest.mark.parametrize("bad", [[], ["x3"], "x1", [1]])
def test_bad_features_are_refused_in_words(bad):
    with pytest.raises(ProtocolError) as info:
        parse_config({"features": bad})
    assert "feature" in info.value.say("en").lower()


@pytest.mark.parametrize(("dataset", "hidden", "epochs", "below"),
                         [("plane", [], 60, 0.01),
                          ("gaussians", [{"units": 8, "activation": "tanh"},
                                         {"units": 4, "activation": "tanh"}], 300, 0.02)])
def test_a_regression_run_learns_its_target(dataset, hidden, epochs, below):
    """A real target in [-1, 1], a linear output unit and the squared error: the test
    loss falls far below that of predicting the mean (the target's variance)."""
    cfg = parse_config({"dataset": dataset, "hidden": hidden, "noise": 0.0, "size": 300,
                        "learning_rate": 0.03, "loss": "binary_cross_entropy"})
    assert cfg.loss == "mse"
    pg = Playground(cfg)
    assert pg.net.layers[-1].activation.name == "identity"
    variance = float(np.var(pg.y_test))
    pg.train(epochs)
    loss = pg.losses()["test_loss"]
    assert loss < below < variance / 2, (loss, variance)
    frame = pg.frame()
    assert frame["regression"] and frame["heatmap"]["lo"] == -1.0 and frame["accuracy"] is None
