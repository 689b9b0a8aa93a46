"""``Activation.derivative_from_output``: f'(x) from y = f(x), against mpmath.

The reference is the declared rule evaluated (mpmath at 160 bits, mpref) at the given
``y``: y(1 - y) for the logistic, 1 - y^2 for tanh, 1 - e^y for log-sigmoid, the cases of
ReLU, ReLU6 and the ELUs.  That the rule is f' is checked separately, against
:meth:`derivative` where the rule is well conditioned.  Both paths (compiled and NumPy)
are held to 1 ULP in float32 and 2 ULP in float64 (``accuracy.py``'s metric).
"""

from __future__ import annotations

import dataclasses
import math
import warnings

import mpmath as mp
import numpy as np
import pytest

import neuronkit as nk
from neuronkit import _compiled
from neuronkit.activations import REGISTRY

from accuracy import float32_run, ulp_error
from mpref import SELU_ALPHA, SELU_SCALE

# SELU's published constants as doubles, as the activation holds them: lambda, its
# derivative for x > 0, and lambda alpha (the product rounded once), the end of its range
SELU_L = mp.mpf(float(SELU_SCALE))
SELU_LA = float(SELU_SCALE * SELU_ALPHA)
SLACK = 1 + 2.0**-24  # the ELUs take y down to their end rounded to float32: f' = 0


def _elu_rule(c, scale=1):
    """The ELUs' rule: *scale* for y > 0, y + c (at least 0) for y <= 0."""
    c = mp.mpf(c)
    return lambda y: mp.mpf(scale) if y > 0 else max(y + c, mp.mpf(0))


def _celu_rule(alpha):
    a = mp.mpf(alpha)
    return lambda y: mp.mpf(1) if y > 0 else max((y + a) / a, mp.mpf(0))


# (case id, name, params, the exact rule g(y) in mpmath, the outputs it takes as
# (low, high): NaN elsewhere)
CASES = [
    ("logistic", "logistic", {}, lambda y: y * (1 - y), (0.0, 1.0)),
    ("tanh", "tanh", {}, lambda y: 1 - y * y, (-1.0, 1.0)),
    ("log_sigmoid", "log_sigmoid", {}, lambda y: -mp.expm1(y), (-np.inf, 0.0)),
    ("relu", "relu", {}, lambda y: mp.mpf(1 if y > 0 else 0), (0.0, np.inf)),
    ("relu6", "relu6", {}, lambda y: mp.mpf(1 if 0 < y < 6 else 0), (0.0, 6.0)),
    ("elu", "elu", {}, _elu_rule(1), (-SLACK, np.inf)),
    ("elu-0.7", "elu", {"alpha": 0.7}, _elu_rule(0.7), (-0.7 * SLACK, np.inf)),
    ("elu-0.1", "elu", {"alpha": 0.1}, _elu_rule(0.1), (-0.1 * SLACK, np.inf)),
    ("elu-0", "elu", {"alpha": 0.0}, _elu_rule(0), (0.0, np.inf)),
    ("selu", "selu", {}, _elu_rule(SELU_LA, SELU_L), (-SELU_LA * SLACK, np.inf)),
    ("celu", "celu", {}, _celu_rule(1), (-SLACK, np.inf)),
    ("celu-1.7", "celu", {"alpha": 1.7}, _celu_rule(1.7), (-1.7 * SLACK, np.inf)),
    ("celu-0.1", "celu", {"alpha": 0.1}, _celu_rule(0.1), (-0.1 * SLACK, np.inf)),
]
IDS = [c[0] for c in CASES]
BOUND = {np.float32: 1.0, np.float64: 2.0}
DTYPES = (np.float32, np.float64)


def _paths():
    return [True, False] if _compiled.available() else [False]


def _evaluate(f, y, compiled):
    old = _compiled.set_enabled(compiled)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            with np.errstate(all="raise"):
                return f.derivative_from_output(y)
    finally:
        _compiled.set_enabled(old)


def _outputs(f, dtype):
    """The outputs the rule is tested at: f over a grid of inputs (tails, subnormal
    results, kinks), the ends of the range, and values spread over the range itself."""
    rng = np.random.default_rng(11)
    x = np.concatenate([np.linspace(-20, 20, 801), rng.normal(0, 4, 400),
                        [0.0, -0.0, 1e-30, -1e-30, 1e-300, -1e-300, -40.0, 40.0, -90.0,
                         90.0, -750.0, 750.0, np.inf, -np.inf]])
    with np.errstate(over="ignore", under="ignore"):
        y = f(x.astype(dtype))
    extra = [f(np.array([-np.inf, np.inf], dtype)), rng.uniform(-1, 1, 200).astype(dtype),
             np.array([np.finfo(dtype).smallest_subnormal, np.finfo(dtype).tiny, 0.5,
                       np.nextafter(dtype(1), dtype(0))], dtype)]
    y = np.concatenate([y, *extra])
    return np.unique(y[~np.isnan(y)])


@pytest.mark.parametrize("compiled", _paths(), ids=lambda c: "compiled" if c else "numpy")
@pytest.mark.parametrize("dtype", DTYPES, ids=["float32", "float64"])
@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_rule_against_mpmath(case, dtype, compiled):
    _, name, params, rule, (low, high) = case
    f = nk.activation(name, **params)
    y = _outputs(f, dtype)
    got = _evaluate(f, y, compiled)
    assert got.dtype == dtype
    inside = (y >= low) & (y <= high)
    assert np.all(np.isnan(got[~inside])), "outside the range: NaN"
    assert inside.sum() > 300
    worst, at = 0.0, None
    for yi, gi in zip(y[inside], got[inside], strict=True):
        err = ulp_error(float(gi), rule(mp.mpf(float(yi))), dtype)
        if err > worst:
            worst, at = err, yi
    assert worst <= BOUND[dtype], f"{worst:.3g} ULP at y = {at!r}"


@pytest.mark.parametrize("dtype", DTYPES, ids=["float32", "float64"])
@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_rule_is_the_derivative(case, dtype):
    """Where the rule does not cancel (|x| <= 2), f'(x) from f(x) agrees with
    f'(x) from x within the output's rounding magnified by the rule."""
    _, name, params, _, _ = case
    f = nk.activation(name, **params)
    x = np.linspace(-2, 2, 4001).astype(dtype)
    x = x[x != 0]  # ReLU's and ELU's kink: y = 0 is x = 0 (the flat side's slope)
    want = f.derivative(x).astype(np.float64)
    got = f.derivative_from_output(f(x)).astype(np.float64)
    eps = float(np.finfo(dtype).eps)
    np.testing.assert_allclose(got, want, rtol=16 * eps, atol=4 * eps)


@pytest.mark.skipif(not _compiled.available(), reason="the compiled kernels are not built")
def test_float32_log_sigmoid_rule_across_its_reduction():
    """1 - e^y in float32 is 1 - 2^k e^r with y = k ln2 + r: within 0.7 ULP on runs of
    consecutive floats where k changes (|r| = ln2/2), where k = -25 makes 1 - 2^k
    inexact (y near -17), near 0 and the clip (-87), and on random y down to -90.  The
    reference is NumPy's float64 expm1, far finer than a float32 ULP."""
    rng = np.random.default_rng(5)
    runs = [float32_run(-(j + 0.5) * math.log(2), 4000) for j in range(30)]
    y = np.concatenate([*runs, float32_run(-17.0, 200000), float32_run(-87.0, 2000),
                        -np.geomspace(1e-30, 90, 200000).astype(np.float32),
                        -rng.uniform(0, 20, 200000).astype(np.float32)])
    y = y[y <= 0]
    got = nk.activation("log_sigmoid").derivative_from_output(y).astype(np.float64)
    want = -np.expm1(y.astype(np.float64))
    ulp = np.ldexp(1.0, np.frexp(want)[1] - 24)  # ulp(want) in float32 (all normal here)
    err = np.abs(got - want) / ulp
    assert err.max() <= 0.7, f"{err.max():.4f} ULP at y = {y[np.argmax(err)]!r}"


@pytest.mark.skipif(not _compiled.available(), reason="the compiled kernels are not built")
def test_float64_log_sigmoid_rule_across_its_reduction():
    """1 - e^y in float64 as (1 - 2^k) - 2^k (r + t): within 1 ULP of mpmath where k
    changes (|r| = ln2/2), near the clip (-40, below which 1 - e^y rounds to 1), where
    1 - 2^k is inexact (k <= -54, y near -37.4) and near 0."""
    rng = np.random.default_rng(6)
    edges = [-(j + 0.5) * math.log(2) for j in range(60)]
    y = np.concatenate([np.array(edges)[:, None] * (1 + rng.uniform(-1e-6, 1e-6, (60, 40))),
                        -rng.uniform(36, 41, (1, 300)), -np.geomspace(1e-300, 1, 200)[None, :]],
                       axis=None)
    got = nk.activation("log_sigmoid").derivative_from_output(y)
    worst = max(ulp_error(float(g), -mp.expm1(mp.mpf(float(v))), np.float64)
                for v, g in zip(y, got, strict=True))
    assert worst <= 1.0, worst


@pytest.mark.parametrize("compiled", _paths(), ids=lambda c: "compiled" if c else "numpy")
@pytest.mark.parametrize("dtype", DTYPES, ids=["float32", "float64"])
def test_outside_the_range_nan_and_limits(dtype, compiled):
    cases = {
        "logistic": ([-0.5, 1.5, np.inf, -np.inf, np.nan, 0.0, 1.0], [0, 0, 0, 0, 0, 1, 1]),
        "tanh": ([-1.5, 2.0, np.inf, np.nan, -1.0, 1.0, -0.0], [0, 0, 0, 0, 1, 1, 1]),
        "log_sigmoid": ([0.5, np.inf, np.nan, -np.inf, -0.0, -1e4], [0, 0, 0, 1, 1, 1]),
        "relu": ([-1.0, -np.inf, np.nan, -0.0, 0.0, np.inf], [0, 0, 0, 1, 1, 1]),
        "elu": ([-1.5, -np.inf, np.nan, -1.0, 0.0, np.inf], [0, 0, 0, 1, 1, 1]),
        "relu6": ([-1.0, 6.5, np.nan, 0.0, 6.0, 3.0], [0, 0, 0, 1, 1, 1]),
        "celu": ([-1.5, -np.inf, np.nan, -1.0, 0.0, np.inf], [0, 0, 0, 1, 1, 1]),
    }
    expect = {"logistic": [0.0, 0.0], "tanh": [0.0, 0.0, 1.0], "log_sigmoid": [1.0, 0.0, 1.0],
              "relu": [0.0, 0.0, 1.0], "elu": [0.0, 1.0, 1.0], "relu6": [0.0, 0.0, 1.0],
              "celu": [0.0, 1.0, 1.0]}
    for name, (values, ok) in cases.items():
        y = np.array(values, dtype)
        got = _evaluate(nk.activation(name), y, compiled)
        ok = np.array(ok, bool)
        assert np.all(np.isnan(got[~ok])), (name, got)
        np.testing.assert_array_equal(got[ok], np.array(expect[name], dtype), err_msg=name)


@pytest.mark.skipif(not _compiled.available(), reason="the compiled kernels are not built")
@pytest.mark.parametrize("dtype", DTYPES, ids=["float32", "float64"])
@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_out_where_and_threads(case, dtype):
    """``out=`` (at an odd offset, or the input itself), ``where=`` and 1 or 2 threads
    give the bits of the allocating call."""
    _, name, params, _, _ = case
    f = nk.activation(name, **params)
    y = f(np.random.default_rng(5).normal(0, 3, 300_001).astype(dtype))
    old = nk.set_num_threads(1)
    try:
        one = f.derivative_from_output(y)
        nk.set_num_threads(2)
        two = f.derivative_from_output(y)
    finally:
        nk.set_num_threads(old)
    np.testing.assert_array_equal(one, two)
    buf = np.full(y.size + 1, 7.0, dtype)
    out = buf[1:]
    assert f.derivative_from_output(y, out=out) is out
    np.testing.assert_array_equal(out, one)
    same = y.copy()
    assert f.derivative_from_output(same, out=same) is same
    np.testing.assert_array_equal(same, one)
    mask = np.arange(y.size) % 3 == 0
    kept = np.full_like(y, -5.0)
    f.derivative_from_output(y, out=kept, where=mask)
    np.testing.assert_array_equal(kept[mask], one[mask])
    assert np.all(kept[~mask] == -5.0)


def test_without_a_rule_the_error_lists_those_with_one():
    have = sorted(n for n, s in REGISTRY.items() if s.from_output is not None)
    assert have == ["celu", "elu", "log_sigmoid", "logistic", "relu", "relu6", "selu", "tanh"]
    with pytest.raises(NotImplementedError, match="swish's derivative is not a function "
                       "of its output.*celu, elu, log_sigmoid, logistic, relu, relu6, selu, "
                       "tanh"):
        nk.activation("swish").derivative_from_output([0.5])
    spec = dataclasses.replace(REGISTRY["tanh"], from_output=None)
    with pytest.raises(ValueError, match="tanh declares no derivative from its output"):
        spec.plan_from_output({})


@pytest.mark.parametrize("compiled", _paths(), ids=lambda c: "compiled" if c else "numpy")
@pytest.mark.parametrize("name, params, c", [("elu", {"alpha": 0.1}, 0.1),
                                             ("elu", {"alpha": 0.7}, 0.7),
                                             ("selu", {}, SELU_LA),
                                             ("celu", {"alpha": 0.1}, 0.1)])
def test_the_elus_saturated_float32_output_is_in_range(name, params, c, compiled):
    """A float32 output holds the end of the range -c rounded, perhaps below -c (ELU with
    alpha = 0.1 gives -0.10000000149): it is taken as the end, f' = 0, not as outside;
    rounded above -c it gives the rule there, y + c, at most 2^-24 c."""
    f = nk.activation(name, **params)
    y = f(np.array([-np.inf, -200.0, -0.5], np.float32))
    assert y[0] == y[1] == np.float32(-c)
    got = _evaluate(f, y, compiled)
    assert 0 <= got[0] == got[1] <= c * 2.0**-24
    assert got[2] > 0
    below = np.float32(y[0]) * np.float32(1 + 2.0**-22)
    assert np.isnan(_evaluate(f, np.array([below]), compiled))[0]


def test_every_rule_names_a_compiled_kernel():
    if not _compiled.available():
        pytest.skip("the compiled kernels are not built")
    for name, spec in REGISTRY.items():
        if spec.from_output is not None:
            assert spec.from_output.c_kernel in _compiled.kernel_names(), name


def test_shapes_dtypes_and_other_inputs():
    f = nk.activation("logistic")
    y = np.full((2, 3), 0.25, np.float32)
    got = f.derivative_from_output(y)
    assert got.shape == (2, 3) and got.dtype == np.float32
    assert np.all(got == np.float32(0.1875))
    assert f.derivative_from_output(0.5) == 0.25
    assert f.derivative_from_output([0.5, 0.25]).dtype == np.float64
    assert f.derivative_from_output(np.float16([0.5])).dtype == np.float16
    with pytest.raises(nk.errors.InputTypeError):
        f.derivative_from_output(np.array(["a"]))
