"""The catalogue's API, dtype and shape rules, limits, errors and declared constants."""

from __future__ import annotations

import math
import pickle

import mpmath as mp
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import neuronkit as nk
from neuronkit.activations import gated
from neuronkit.errors import InputTypeError, ParameterError, ShapeError, UnknownNameError

from accuracy import CASE_IDS, CASES
from mpref import REFERENCES, SELU_ALPHA, SELU_SCALE

NAMES = nk.activation_names()
# the design notes' first twenty (../shared/DESIGN.md section 2): all of them are here
DESIGN_NAMES = [
    "step", "identity", "logistic", "tanh", "hard_logistic", "hard_tanh", "relu", "leaky_relu",
    "prelu", "elu", "selu", "celu", "softplus", "log_sigmoid", "swish", "gelu", "mish",
    "softsign", "relu6", "hard_swish",
]
SPECIAL = np.array([0.0, -0.0, 5e-324, -5e-324, 2.2250738585072014e-308, 1.0, -1.0,
                    1.7976931348623157e308, -1.7976931348623157e308, np.inf, -np.inf, np.nan])


def test_catalogue_has_the_design_names_and_a_reference_for_each():
    assert set(DESIGN_NAMES) <= set(NAMES)
    assert NAMES == sorted(REFERENCES)  # every activation has its mpmath reference (mpref.py)


@pytest.mark.parametrize("alias,canonical", [
    ("heaviside", "step"), ("linear", "identity"), ("sigmoid", "logistic"),
    ("hard_sigmoid", "hard_logistic"), ("log_logistic", "log_sigmoid"), ("silu", "swish"),
    ("hard_silu", "hard_swish"), ("Leaky-ReLU", "leaky_relu"),
])
def test_aliases(alias, canonical):
    assert nk.activation(alias).name == canonical


def test_silu_fixes_beta():
    assert nk.activation("silu").params == {"beta": 1.0}
    with pytest.raises(ParameterError, match="fixes beta"):
        nk.activation("silu", beta=2.0)


def test_unknown_name_suggests_and_lists():
    with pytest.raises(UnknownNameError) as info:
        nk.activation("sigmod")
    msg = str(info.value)
    assert "did you mean 'sigmoid'" in msg
    assert all(n in msg for n in NAMES)
    assert isinstance(info.value, ValueError)


@pytest.mark.parametrize("name,params,match", [
    ("leaky_relu", {"slope": 0.1}, "no parameter 'slope'.*negative_slope"),
    ("softplus", {"beta": -1.0}, "beta must be > 0"),
    ("swish", {"beta": 0}, "beta must be > 0"),
    ("hard_tanh", {"min_val": 2.0, "max_val": 1.0}, "min_val < max_val"),
    ("gelu", {"approximate": "erf"}, "'none' or 'tanh'"),
    ("elu", {"alpha": float("nan")}, "finite"),
    ("celu", {"alpha": "big"}, "real number"),
    ("relu", {"alpha": 1.0}, "no parameter 'alpha'; it takes no parameters"),
])
def test_invalid_parameters(name, params, match):
    with pytest.raises(ParameterError, match=match):
        nk.activation(name, **params)


def test_repr_name_params():
    g = nk.activation("leaky_relu", negative_slope=0.1)
    assert repr(g) == "Activation('leaky_relu', negative_slope=0.1)"
    assert g.name == "leaky_relu" and g.params == {"negative_slope": 0.1}
    assert nk.activation("logistic").params == {}
    assert repr(nk.activation("logistic")) == "Activation('logistic')"
    g.params["negative_slope"] = 5  # a copy: the activation is immutable
    assert g.params == {"negative_slope": 0.1}
    assert g == nk.activation("leaky_relu", negative_slope=0.1)
    assert hash(g) == hash(nk.activation("leaky_relu", negative_slope=0.1))
    assert pickle.loads(pickle.dumps(g)) == g


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("dtype", [np.float16, np.float32, np.float64])
def test_dtype_and_shape_preserved(name, dtype):
    f = nk.activation(name)
    x = np.linspace(-3, 3, 24, dtype=dtype).reshape(2, 3, 4)
    for y in (f(x), f.derivative(x), *f.value_and_derivative(x)):
        assert y.dtype == dtype and y.shape == x.shape


@pytest.mark.parametrize("name", NAMES)
def test_float16_is_float32_computation_rounded(name):
    f = nk.activation(name)
    x = np.linspace(-6, 6, 101).astype(np.float16)
    expected = f(x.astype(np.float32)).astype(np.float16)
    np.testing.assert_array_equal(f(x), expected)


@pytest.mark.parametrize("name", NAMES)
def test_ints_bools_lists_scalars_become_float64(name):
    f = nk.activation(name)
    assert f(np.arange(-3, 4)).dtype == np.float64
    assert f(np.array([True, False])).dtype == np.float64
    assert f([1, 2, 3]).dtype == np.float64
    y = f(1.5)
    assert np.ndim(y) == 0 and np.asarray(y).dtype == np.float64
    y = f(np.float32(1.5))
    assert np.ndim(y) == 0 and np.asarray(y).dtype == np.float32
    assert f(np.empty((0, 3))).shape == (0, 3)


@pytest.mark.parametrize("bad,kind", [
    (np.array([1 + 2j]), "complex128"), (np.array(["a"]), "<U1"),
    (np.array([object()], dtype=object), "object"), ([1, "a"], "<U"),
])
def test_non_real_input_is_a_type_error(bad, kind):
    with pytest.raises(InputTypeError, match=kind) as info:
        nk.activation("relu")(bad)
    assert isinstance(info.value, TypeError)


def test_ragged_input_is_a_type_error():
    with pytest.raises(InputTypeError, match="numeric array"):
        nk.activation("relu")([[1, 2], [3]])


@pytest.mark.parametrize("name", NAMES)
def test_input_untouched_noncontiguous_readonly(name):
    f = nk.activation(name)
    base = np.linspace(-4, 4, 40)
    x = base[::3]
    x.flags.writeable = False
    before = x.copy()
    np.testing.assert_array_equal(f(x), f(np.ascontiguousarray(x)))
    np.testing.assert_array_equal(f.derivative(x), f.derivative(before))
    np.testing.assert_array_equal(x, before)
    assert f(base) is not base


@pytest.mark.parametrize("name", NAMES)
def test_out_argument(name):
    f = nk.activation(name)
    x = np.linspace(-4, 4, 9, dtype=np.float32)
    out = np.empty_like(x)
    assert f(x, out=out) is out
    np.testing.assert_array_equal(out, f(x))
    assert f.derivative(x, out=out) is out
    np.testing.assert_array_equal(out, f.derivative(x))
    with pytest.raises(ShapeError, match=r"shape \(3,\)"):
        f(x, out=np.empty(3, dtype=np.float32))
    with pytest.raises(InputTypeError, match="float64"):
        f(x, out=np.empty(9))


@pytest.mark.parametrize("name", NAMES)
def test_value_and_derivative_equal_separate_calls(name):
    f = nk.activation(name)
    x = np.concatenate([np.linspace(-50, 50, 1001), SPECIAL])
    with np.errstate(all="raise"):
        y, d = f.value_and_derivative(x)
    np.testing.assert_array_equal(y, f(x))
    np.testing.assert_array_equal(d, f.derivative(x))


@pytest.mark.parametrize("name", NAMES)
def test_value_and_derivative_out_pair(name):
    f = nk.activation(name)
    rng = np.random.default_rng(1)
    for x in (rng.normal(0, 5, 300_000), rng.normal(0, 5, (7, 9)).astype(np.float32)):
        want = f.value_and_derivative(x)
        a, b = np.empty_like(x), np.empty_like(x)
        got = f.value_and_derivative(x, out=(a, b))
        assert got[0] is a and got[1] is b
        np.testing.assert_array_equal(a, want[0])
        np.testing.assert_array_equal(b, want[1])
        strided = np.empty(x.shape[:-1] + (2 * x.shape[-1],), x.dtype)[..., ::2]
        v, d = f.value_and_derivative(x, out=[None, strided])
        assert d is strided and v is not strided
        np.testing.assert_array_equal(v, want[0])
        np.testing.assert_array_equal(strided, want[1])
    x = np.ones(4)
    for bad in (np.empty((2, 4)), (np.empty(4),), (np.empty(4),) * 3, "ab"):
        with pytest.raises(ShapeError, match="pair"):
            f.value_and_derivative(x, out=bad)
    with pytest.raises(InputTypeError, match="dtype"):
        f.value_and_derivative(x, out=(np.empty(4, np.float32), None))


@pytest.mark.parametrize("case", CASES, ids=CASE_IDS)
def test_activation_equals_its_public_functions(case):
    """The public functions made from a declaration (``nk.activations.elu(x, alpha)``
    and ``elu_derivative``) give an Activation's results bit for bit, on every path,
    with the parameters given by keyword or by position."""
    _, name, params = case
    f = nk.activation(name, **params)
    value, derivative = getattr(nk.activations, name), getattr(nk.activations, name + "_derivative")
    x = np.concatenate([np.linspace(-50, 50, 2001), SPECIAL])
    big = np.random.default_rng(0).normal(0, 10, 300_000)
    with np.errstate(over="ignore"):
        x32 = x.astype(np.float32)
    for v in (x, x32, x[::3], big, big.astype(np.float32), x.tolist(), 1.5):
        np.testing.assert_array_equal(f(v), value(v, **params))
        np.testing.assert_array_equal(f.derivative(v), derivative(v, **params))
    np.testing.assert_array_equal(f(x), value(x, *f.params.values()))
    out = np.empty_like(x)
    assert value(x, out=out, **params) is out
    np.testing.assert_array_equal(out, f(x))


def test_public_functions_have_their_declared_signature_and_docs():
    """Each public function's signature and the Parameters section of its docstring come
    from the declaration: every parameter with its default, then ``out`` and ``where``."""
    import inspect

    for name in NAMES:
        spec = nk.REGISTRY[name]
        for fn in (getattr(nk.activations, name), getattr(nk.activations, name + "_derivative")):
            sig = inspect.signature(fn)
            assert list(sig.parameters) == ["x", *(p.name for p in spec.params), "out", "where"]
            assert "where : " in fn.__doc__
            for p in spec.params:
                assert sig.parameters[p.name].default == p.default
                assert f"{p.name} : " in fn.__doc__
            assert "Parameters\n----------" in fn.__doc__
            assert ".. math::" in fn.__doc__ and "\n>>> " in fn.__doc__  # the math, an example


def test_public_functions_check_their_arguments():
    with pytest.raises(ParameterError, match="alpha must be > 0"):
        nk.activations.celu([1.0], -1.0)
    with pytest.raises(ParameterError, match="no parameter 'beta'"):
        nk.activations.elu([1.0], beta=2.0)
    with pytest.raises(TypeError, match="positional"):
        nk.activations.elu([1.0], 1.0, 2.0)
    with pytest.raises(TypeError, match="multiple values"):
        nk.activations.elu([1.0], 1.0, alpha=2.0)
    with pytest.raises(ParameterError, match="must be a real number"):
        nk.activations.leaky_relu([1.0], True)  # not the cached 1 (True == 1 in a dict)
    nk.activations.leaky_relu([1.0], 1)


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_no_floating_point_warnings_for_any_input(name, dtype):
    f = nk.activation(name)
    with np.errstate(over="ignore"):
        x = SPECIAL.astype(dtype)
    with np.errstate(all="raise"):
        f(x), f.derivative(x), f.value_and_derivative(x)


@settings(max_examples=60, deadline=None, derandomize=True)
@given(hnp.arrays(np.float64, hnp.array_shapes(max_dims=3, max_side=5),
                  elements=st.floats(allow_nan=True, allow_infinity=True)),
       st.sampled_from(NAMES))
def test_shapes_and_warnings_property(x, name):
    f = nk.activation(name)
    with np.errstate(all="raise"):
        y, d = f.value_and_derivative(x)
    assert y.shape == x.shape and d.shape == x.shape
    assert np.array_equal(np.isnan(y), np.isnan(x))  # NaN in, NaN out; no NaN otherwise
    assert np.array_equal(np.isnan(d), np.isnan(x))


def _limit(name, which, sign):
    """The limit of f or f' at sign*inf from mpmath at +-1e300 (unbounded -> inf; a tail
    that decays polynomially, like squareplus's b / (4|x|), is still 1e-300 there -> 0)."""
    f = nk.activation(name)
    params = {k: (mp.mpf(v) if isinstance(v, float) else v) for k, v in f.params.items()}
    val = REFERENCES[name][which](mp.mpf(sign * 1e300), **params)
    if abs(val) > 1e200:
        return math.copysign(math.inf, val)
    if abs(val) < 1e-200:
        return math.copysign(0.0, val)
    return float(val)


@pytest.mark.parametrize("name", NAMES)
def test_limits_at_infinity(name):
    f = nk.activation(name)
    for sign in (1, -1):
        x = np.array([sign * np.inf])
        assert f(x)[0] == _limit(name, 0, sign), (name, sign)
        assert f.derivative(x)[0] == _limit(name, 1, sign), (name, sign)


def test_tanh_is_two_sigma_two_x_minus_one():
    """tanh(x) = 2 sigma(2x) - 1: exactly in mpmath, and to rounding in neuronkit."""
    for v in np.linspace(-20, 20, 81):
        x = mp.mpf(v)
        assert abs(mp.tanh(x) - (2 / (1 + mp.exp(-2 * x)) - 1)) < mp.mpf(2) ** -150
    x = np.linspace(-20, 20, 4001)
    lhs = nk.activation("tanh")(x)
    rhs = 2 * nk.activation("logistic")(2 * x) - 1
    np.testing.assert_allclose(lhs, rhs, rtol=0, atol=4 * np.finfo(float).eps)


def test_hard_functions_follow_the_source():
    """Hard-logistic is the first-order Taylor expansion of sigma at 0, clipped;
    hard-tanh is clip(x, -1, 1) (the source's clip(x, 0, 1) is a typo)."""
    x = np.linspace(-6, 6, 241)
    sigma0 = float(mp.diff(lambda t: 1 / (1 + mp.exp(-t)), 0))
    np.testing.assert_array_equal(nk.activation("hard_logistic")(x),
                                  np.clip(0.5 + sigma0 * x, 0, 1))
    ht = nk.activation("hard_tanh")(x)
    np.testing.assert_array_equal(ht, np.clip(x, -1, 1))
    assert ht.min() == -1.0  # not clip(x, 0, 1)
    # PyTorch's slope is one argument away; the result is the exact value for the
    # float slope fl(1/6) (slightly below 1/6), correctly rounded
    from fractions import Fraction

    torch_like = nk.activation("hard_sigmoid", slope=1 / 6)
    xs = [-3.0, -1.0, 0.0, 2.9, 3.0]
    exact = [float(min(max(Fraction(1 / 6) * Fraction(v) + Fraction(1, 2), 0), 1)) for v in xs]
    np.testing.assert_array_equal(torch_like(xs), exact)


@pytest.mark.parametrize("name,x,expected", [
    ("relu", 0.0, 0.0), ("step", 0.0, 0.0), ("hard_tanh", 1.0, 0.0), ("hard_tanh", -1.0, 0.0),
    ("relu6", 0.0, 0.0), ("relu6", 6.0, 0.0), ("hard_logistic", 2.0, 0.0),
    ("hard_logistic", -2.0, 0.0), ("hard_swish", -3.0, 0.0), ("hard_swish", 3.0, 1.0),
    ("leaky_relu", 0.0, 0.01), ("elu", 0.0, 1.0), ("celu", 0.0, 1.0),
])
def test_conventions_at_kinks(name, x, expected):
    assert nk.activation(name).derivative(x) == expected


@pytest.mark.parametrize("name", NAMES)
def test_declared_derivative_at_zero(name):
    f = nk.activation(name)
    assert f.derivative(0.0) == pytest.approx(f.properties.derivative_at_zero, rel=1e-15)


@pytest.mark.parametrize("name", NAMES)
def test_declared_range_contains_values(name):
    f = nk.activation(name)
    lo, hi = f.properties.range
    y = f(np.linspace(-60, 60, 24001))
    assert np.all(y >= lo) and np.all(y <= hi)


@pytest.mark.parametrize("const,name,params", [
    (gated.SWISH_MIN, "swish", {"beta": mp.mpf(1)}),
    (gated.GELU_MIN, "gelu", {"approximate": "none"}),
    (gated.GELU_TANH_MIN, "gelu", {"approximate": "tanh"}),
    (gated.MISH_MIN, "mish", {}),
])
def test_declared_minima_against_mpmath(const, name, params):
    fwd, der = REFERENCES[name]
    root = mp.findroot(lambda t: der(t, **params), -1.0)
    assert const == float(fwd(root, **params))


def test_selu_constants_and_its_zero_mean():
    from neuronkit.activations import exponential

    assert exponential.SELU_ALPHA == float(SELU_ALPHA)
    assert exponential.SELU_SCALE == float(SELU_SCALE)
    assert exponential._SELU_SCALE_ALPHA == float(SELU_ALPHA * SELU_SCALE)
    # the fixed point the constants were chosen for: mean 0, variance 1 for N(0, 1) input
    with mp.workdps(30):
        selu = REFERENCES["selu"][0]
        mean = mp.quad(lambda t: selu(t) * mp.npdf(t), [-mp.inf, 0, mp.inf])
        second = mp.quad(lambda t: selu(t) ** 2 * mp.npdf(t), [-mp.inf, 0, mp.inf])
    assert abs(mean) < 1e-9 and abs(second - 1) < 1e-9
    assert nk.activation("selu").properties.zero_centered


def test_import_is_light():
    import subprocess
    import sys

    code = ("import sys, neuronkit; bad = [m for m in ('matplotlib', 'starlette', 'uvicorn', "
            "'sklearn', 'torch', 'tqdm', 'mpmath') if m in sys.modules]; print(bad)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_jupyter_reprs():
    f = nk.activation("leaky_relu", negative_slope=0.1)
    assert "<svg" in f._repr_svg_()
    html = f._repr_html_()
    assert "leaky_relu" in html and "<svg" in html
    latex = f._repr_latex_()
    assert latex.startswith("$") and latex.endswith("$")


# -- exact parameters, PyTorch's switches and the conventions at kinks -------------------

def test_hard_logistic_with_fraction_slope_has_exact_corners():
    from fractions import Fraction

    f = nk.activation("hard_logistic", slope=Fraction(1, 6), offset=Fraction(1, 2))
    assert repr(f) == "Activation('hard_logistic', slope=Fraction(1, 6), offset=0.5)"
    for dtype in (np.float32, np.float64):
        x = np.array([-3.0, 3.0, 0.0, -4.0, 4.0], dtype=dtype)
        assert f(x).tolist() == [0.0, 1.0, 0.5, 0.0, 1.0]
        assert f.derivative(x).tolist() == [0.0, 0.0, np.float32(1 / 6) if dtype == np.float32
                                            else 1 / 6, 0.0, 0.0]
        inside = np.nextafter(dtype(-3.0), dtype(0.0)), np.nextafter(dtype(3.0), dtype(0.0))
        assert np.all(f.derivative(np.array(inside)) > 0)
    assert f.properties.kinks == (-3.0, 3.0)
    # the float 1/6 is another slope: its ramp starts 1.7e-16 left of -3
    assert float(nk.activation("hard_logistic", slope=1 / 6)(-3.0)) == 2.7755575615628914e-17


def test_fraction_parameters_elsewhere_are_rounded_and_checked():
    from fractions import Fraction

    g = nk.activation("leaky_relu", negative_slope=Fraction(1, 3))
    assert g.params == {"negative_slope": 1 / 3} and type(g.params["negative_slope"]) is float
    with pytest.raises(ParameterError, match="slope must be > 0"):
        nk.activation("hard_logistic", slope=Fraction(-1, 6))
    # a fraction that is a float is kept as the float
    assert type(nk.activation("hard_logistic", slope=Fraction(1, 4)).params["slope"]) is float


def test_tanhshrink_does_not_cancel_near_zero():
    x = np.array([1e-8, 1e-3, 0.1, 0.9, 1.0, 1.1, -0.5])
    got = nk.activation("tanhshrink")(x)
    naive = x - np.tanh(x)
    for xi, gi, ni in zip(x, got, naive, strict=True):
        exact = mp.mpf(float(xi)) - mp.tanh(mp.mpf(float(xi)))
        assert abs(gi - exact) <= 2 * abs(exact) * 2.0**-53, xi
        if abs(xi) < 1e-3:
            assert abs(ni - exact) > 1e-3 * abs(exact)  # the textbook form is far off


def test_softplus_threshold_reproduces_pytorch():
    f = nk.activation("softplus", threshold=20)
    x = np.array([19.5, 20.0, 20.0000001, 25.0, -30.0])
    exact = nk.activation("softplus")(x)
    np.testing.assert_array_equal(f(x), np.where(x > 20, x, exact))  # torch: x * beta > threshold
    np.testing.assert_allclose(f.derivative(x), np.where(x > 20, 1.0, 1 / (1 + np.exp(-x))),
                               rtol=1e-15)
    assert f.derivative(x)[2:4].tolist() == [1.0, 1.0]
    g = nk.activation("softplus", beta=2.0, threshold=20)
    np.testing.assert_array_equal(g([10.5, 9.5]), [10.5, nk.activation("softplus", beta=2.0)(9.5)])
    assert nk.activation("softplus").params == {"beta": 1.0, "threshold": None}
    for bad in (math.inf, math.nan, "20"):
        with pytest.raises(ParameterError, match="threshold"):
            nk.activation("softplus", threshold=bad)


def test_threshold_and_rrelu_check_their_parameters():
    for bad in ({"threshold": math.inf}, {"value": math.nan}, {"value": "0"}):
        with pytest.raises(ParameterError):
            nk.activation("threshold", **bad)
    with pytest.raises(ParameterError, match="lower <= upper"):
        nk.activation("rrelu", lower=0.5, upper=0.2)
    assert nk.activation("rrelu").derivative(-1.0) == (0.125 + 1 / 3) / 2


# (name, params, x, f(x), f'(x)): the documented value at each corner; PyTorch's and JAX's
# (where they have the function) agree, see the docstrings
KINKS = [
    ("relu", {}, 0.0, 0.0, 0.0),
    ("hard_logistic", {"slope": __import__("fractions").Fraction(1, 6)}, -3.0, 0.0, 0.0),
    ("hard_logistic", {"slope": __import__("fractions").Fraction(1, 6)}, 3.0, 1.0, 0.0),
    ("softshrink", {}, 0.5, 0.0, 0.0),
    ("softshrink", {}, -0.5, 0.0, 0.0),
    ("hardshrink", {}, 0.5, 0.0, 0.0),
    ("hardshrink", {}, -0.5, 0.0, 0.0),
    ("threshold", {"threshold": 1.0, "value": -2.0}, 1.0, -2.0, 0.0),
    ("sparse_plus", {}, -1.0, 0.0, 0.0),
    ("sparse_plus", {}, 1.0, 1.0, 1.0),
    ("sparse_sigmoid", {}, -1.0, 0.0, 0.0),
    ("sparse_sigmoid", {}, 1.0, 1.0, 0.0),
    ("rrelu", {"lower": 0.1, "upper": 0.3}, 0.0, 0.0, 0.2),
]


@pytest.mark.parametrize("name, params, x, fx, dx", KINKS)
def test_values_and_derivatives_at_corners(name, params, x, fx, dx):
    f = nk.activation(name, **params)
    for dtype in (np.float32, np.float64):
        assert f(np.array([x], dtype))[0] == dtype(fx)
        assert f.derivative(np.array([x], dtype))[0] == dtype(dx)
