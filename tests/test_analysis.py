"""analyze() measures what the catalogue declares; every built-in must agree."""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np
import pytest

import neuronkit as nk
from neuronkit.analysis import Analysis, analyze, compare, max_curvature
from neuronkit.errors import ParameterError

EXTRA = [
    ("elu", {"alpha": 2.0}),
    ("elu", {"alpha": 0.5}),
    ("elu", {"alpha": 0.0}),
    ("celu", {"alpha": 2.0}),
    ("leaky_relu", {"negative_slope": 0.2}),
    ("leaky_relu", {"negative_slope": -0.5}),
    ("leaky_relu", {"negative_slope": 0.0}),
    ("prelu", {"negative_slope": 0.1}),
    ("hard_logistic", {"slope": 1 / 6}),
    ("hard_logistic", {"slope": 0.2, "offset": 0.0}),
    ("hard_tanh", {"min_val": -2.0, "max_val": 2.0}),
    ("hard_tanh", {"min_val": -2.0, "max_val": 1.0}),
    ("softplus", {"beta": 2.0}),
    ("swish", {"beta": 2.0}),
    ("swish", {"beta": 0.5}),
    ("gelu", {"approximate": "tanh"}),
]

EXTRA += [("leaky_relu", {"negative_slope": 1.0}), ("prelu", {"negative_slope": 1.0}),
          ("leaky_relu", {"negative_slope": 2.0}), ("hard_logistic", {"slope": 0.5, "offset": 1.5}),
          ("hard_tanh", {"min_val": 0.0, "max_val": 1.0}), ("swish", {"beta": 10.0})]

EXTRA += [("hard_logistic", {"slope": Fraction(1, 6), "offset": Fraction(1, 2)}),
          ("softshrink", {"lambd": 0.3}),
          ("hardshrink", {"lambd": 1.0}), ("threshold", {"threshold": 0.5, "value": -2.0}),
          ("threshold", {"threshold": -1.0, "value": -1.0}),
          ("threshold", {"threshold": 0.0, "value": -0.5}),
          ("rrelu", {"lower": 0.1, "upper": 0.7}), ("softplus", {"threshold": 2.0})]


def _cases():
    for name, params in [(n, {}) for n in nk.activation_names()] + EXTRA:
        label = name + "".join(f"-{k}={v:.4g}" if isinstance(v, float) else f"-{k}={v}"
                               for k, v in params.items())
        yield pytest.param(name, params, id=label)


@pytest.mark.parametrize("name, params", list(_cases()))
def test_declared_properties_equal_measured(name, params):
    f = nk.activation(name, **params)
    a = analyze(f, measure_cost=False)
    assert a.mismatches(f.properties) == ()


def test_every_registry_name_is_covered():
    covered = {c.values[0] for c in _cases()}
    assert covered == set(nk.activation_names())


def test_result_types_for_outside_reviewers():
    a = nk.analyze(nk.activation("relu"))
    assert isinstance(a, Analysis)
    lo, hi = a.range
    assert isinstance(lo, float) and isinstance(hi, float)
    assert (lo, hi) == (0.0, math.inf)
    assert a.zero_centered is False and a.monotonic is True
    assert a.saturation in ("none", "left", "right", "both") and a.saturation == "left"
    assert isinstance(a.sparsity, float) and isinstance(a.derivative_at_zero, float)
    assert a.derivative_at_zero == 0.0
    assert a.cost is not None and a.cost > 0
    with pytest.raises(AttributeError):
        a.sparsity = 0.0  # frozen


@pytest.mark.parametrize("name, lo, hi", [("relu", 0.45, 0.55), ("relu6", 0.45, 0.55),
                                          ("step", 0.45, 0.55), ("tanh", 0.0, 0.0),
                                          ("logistic", 0.0, 0.0), ("elu", 0.0, 0.0),
                                          ("hard_logistic", 0.01, 0.04)])
def test_sparsity(name, lo, hi):
    a = analyze(nk.activation(name), measure_cost=False)
    assert lo <= a.sparsity <= hi


def test_zero_centred_uses_the_normal_mean():
    selu = analyze(nk.activation("selu"), measure_cost=False)
    assert abs(selu.mean_normal) < 1e-9 and selu.zero_centered  # by construction of SELU
    for name in ("relu", "elu", "softplus"):
        a = analyze(nk.activation(name), measure_cost=False)
        assert a.f_at_zero >= 0 and a.mean_normal > 0.1 and not a.zero_centered
    relu = analyze(nk.activation("relu"), measure_cost=False)
    assert relu.mean_normal == pytest.approx(1 / math.sqrt(2 * math.pi), abs=1e-12)


def test_saturation_rates():
    assert analyze(nk.activation("logistic"), measure_cost=False).saturation_rate == (
        "exponential", "exponential")
    soft = analyze(nk.activation("softsign"), measure_cost=False)
    assert soft.saturation_rate == ("polynomial x^-2", "polynomial x^-2")
    hard = analyze(nk.activation("hard_tanh"), measure_cost=False)
    assert hard.saturation_rate[0].startswith("exact") and "-1" in hard.saturation_rate[0]
    assert analyze(nk.activation("identity"), measure_cost=False).saturation_rate == ("", "")
    assert analyze(nk.activation("logistic"), measure_cost=False).tail_derivative[1] < 1e-8


def test_derivative_and_lipschitz():
    a = analyze(nk.activation("logistic"), measure_cost=False)
    assert a.max_derivative == pytest.approx(0.25) and a.lipschitz == pytest.approx(0.25)
    s = analyze(nk.activation("selu"), measure_cost=False)
    assert s.lipschitz == pytest.approx(1.0507009873554805 * 1.6732632423543772, rel=1e-6)
    step = analyze(nk.activation("step"), measure_cost=False)
    assert step.lipschitz == math.inf and not step.continuous and step.kinks == (0.0,)


# -- plain callables, no .derivative ---------------------------------------------

def test_plain_relu_one_sided_derivatives():
    a = analyze(lambda x: np.maximum(x, 0.0), measure_cost=False)
    assert a.kinks == (0.0,) and a.smoothness == "C0" and a.continuous
    assert not a.differentiable
    assert a.derivative_at_zero_sides == (0.0, 1.0)
    assert a.derivative_at_zero == 0.5  # documented: mean of the one-sided derivatives
    assert a.range == (0.0, math.inf) and a.range_closed == (True, False)


def test_plain_softsign_is_c1_and_polynomially_saturating():
    a = analyze(lambda x: x / (1 + np.abs(x)), measure_cost=False)
    assert a.smoothness == "C1" and a.kinks == () and a.zero_centered
    assert a.saturation == "both" and a.saturation_rate[1] == "polynomial x^-2"
    assert a.range == (-1.0, 1.0) and a.range_closed == (False, False)


def test_plain_functions_misc():
    t = analyze(np.tanh, measure_cost=False)
    assert t.saturation_rate == ("exponential", "exponential") and t.smoothness == "smooth"
    assert t.name == "tanh"
    s = analyze(np.sin, measure_cost=False)
    assert s.range == pytest.approx((-1.0, 1.0)) and s.range_closed == (True, True)
    assert not s.monotonic and s.saturation == "none"
    neg = analyze(lambda x: -x, measure_cost=False)
    assert neg.monotonic and not neg.nondecreasing
    sq = analyze(lambda x: x * x, measure_cost=False)
    assert sq.lipschitz == math.inf and sq.range == (0.0, math.inf) and not sq.monotonic
    kinky = analyze(lambda x: np.clip(x, -0.5, 3.0), measure_cost=False)
    assert kinky.kinks == (-0.5, 3.0) and kinky.range == (-0.5, 3.0)


def test_plain_step_is_discontinuous():
    a = analyze(lambda x: (x > 0).astype(float), measure_cost=False)
    assert a.smoothness == "discontinuous" and a.kinks == (0.0,)
    assert a.derivative_at_zero_sides == (0.0, math.inf)
    assert a.max_derivative == 0.0 and a.lipschitz == math.inf


def test_compare_helper_and_mismatch_message():
    assert compare(nk.activation("tanh")) == ()
    fake = nk.Properties((0.0, 1.0), (False, False), True, True, "both", "smooth", 1.0)
    msgs = analyze(nk.activation("logistic"), measure_cost=False).mismatches(fake)
    assert any("zero_centered" in m for m in msgs)
    assert any("derivative_at_zero" in m for m in msgs)


def test_bad_input():
    with pytest.raises(ParameterError, match="callable"):
        analyze(3.0)
    with pytest.raises(ParameterError, match="elementwise"):
        analyze(lambda x: np.sum(x))
    with pytest.raises(ParameterError, match="span"):
        analyze(np.tanh, span=-1.0)


def test_curvature_of_closed_forms():
    # max |tanh''| = 4 / (3 sqrt 3) at atanh(1/sqrt 3); max |sigma''| = sqrt(3) / 18 at
    # log(2 + sqrt 3) (the roots of the third derivatives)
    a = analyze(nk.activation("tanh"), measure_cost=False)
    assert a.curvature == pytest.approx(4 / (3 * math.sqrt(3)), abs=1e-7)
    assert abs(a.curvature_at) == pytest.approx(math.atanh(1 / math.sqrt(3)), abs=2e-4)
    b = analyze(nk.activation("logistic"), measure_cost=False)
    assert b.curvature == pytest.approx(math.sqrt(3) / 18, abs=1e-7)
    assert abs(b.curvature_at) == pytest.approx(math.log(2 + math.sqrt(3)), abs=2e-4)


def test_curvature_without_a_second_derivative_uses_differences():
    a = analyze(np.tanh, measure_cost=False, points=20001)
    assert a.curvature == pytest.approx(4 / (3 * math.sqrt(3)), abs=1e-6)


def test_curvature_of_piecewise_linear_is_zero_away_from_kinks():
    a = analyze(nk.activation("relu"), measure_cost=False)
    assert a.curvature == 0.0 and math.isnan(a.curvature_at)
    # a kink's Dirac mass is not counted, nor are the grid points beside it:
    # ELU(alpha=2)'' is 2 e^x on the left, 0 on the right
    top, at = max_curvature(nk.activation("elu", alpha=2.0), points=20001)
    assert top == pytest.approx(2 * math.exp(at)) and -0.01 < at < 0
