"""Initializers: variances of the published rules, bounds of the uniform ones, registry."""

from __future__ import annotations

import math

import numpy as np
import pytest

from neuronkit import initializers as init
from neuronkit.errors import ParameterError, UnknownNameError

FAN_IN, FAN_OUT = 300, 200
RULES = {
    "xavier_uniform": 2 / (FAN_IN + FAN_OUT), "xavier_normal": 2 / (FAN_IN + FAN_OUT),
    "glorot_uniform": 2 / (FAN_IN + FAN_OUT), "glorot_normal": 2 / (FAN_IN + FAN_OUT),
    "he_uniform": 2 / FAN_IN, "he_normal": 2 / FAN_IN,
    "kaiming_uniform": 2 / FAN_IN, "kaiming_normal": 2 / FAN_IN,
    "lecun_uniform": 1 / FAN_IN, "lecun_normal": 1 / FAN_IN,
}


@pytest.mark.parametrize("name,var", sorted(RULES.items()))
def test_variance_and_bounds(name, var):
    w = init.initializer(name)((FAN_IN, FAN_OUT), FAN_IN, FAN_OUT, np.random.default_rng(0))
    assert w.shape == (FAN_IN, FAN_OUT) and w.dtype == np.float64
    assert w.var() == pytest.approx(var, rel=0.02)
    assert abs(w.mean()) < 0.01 * math.sqrt(var) * 10
    if name.endswith("uniform"):
        assert np.abs(w).max() <= math.sqrt(3 * var)


def test_constant_zeros_ones():
    assert not init.zeros((3, 2), 3, 2, None).any()
    assert (init.ones((2,), 1, 2, None) == 1).all()
    assert (init.constant(-0.5)((2, 2), 2, 2, None) == -0.5).all()
    with pytest.raises(ParameterError):
        init.constant(float("nan"))
    with pytest.raises(ParameterError):
        init.constant("1")


def test_registry():
    assert "he_normal" in init.initializer_names()
    assert init.initializer("Kaiming-Normal") is init.he_normal
    f = init.constant(1.0)
    assert init.initializer(f) is f
    with pytest.raises(UnknownNameError, match="did you mean 'he_normal'"):
        init.initializer("he_normall")
