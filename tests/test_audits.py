"""nk.audit: ULP error of foreign implementations against neuronkit's exact ones."""

from __future__ import annotations

import math

import numpy as np
import pytest

import neuronkit as nk
from neuronkit.audits import audit_points, naive_formula
from neuronkit.cli import main
from neuronkit.errors import ParameterError


def _naive_sigma_derivative(x):
    s = 1 / (1 + np.exp(-x))
    return s * (1 - s)


def test_naive_sigma_derivative_is_flushed_past_17_in_float32():
    a = nk.audit(_naive_sigma_derivative, "logistic", derivative=True, dtype=np.float32)
    assert a.name == "logistic'" and a.dtype == "float32"
    # sigma(x) rounds to 1 in float32 for x > 16.64 (1 + e^-x == 1), so s(1 - s) = 0,
    # while the exact value e^-x stays representable until it underflows near 103.97
    lo, hi = a.flushed_runs[-1]
    assert 16.5 < lo < 16.7 and 103 < hi < 104
    assert a.max_ulp > 1e6 and 16.6 < a.worst_x < 104
    # e^-x overflows for x < -88.7: 1/(1 + inf) = 0 is a warning and a flush
    assert "floating-point overflow" in a.warnings
    assert a.share_beyond > 0.1 and not a.nan_at and not a.limits


def test_an_exact_implementation_passes():
    f = nk.activation("logistic")
    a = nk.audit(lambda x: f.derivative(x), "logistic", derivative=True, dtype=np.float32)
    # neuronkit's float32 kernels are within 1 ULP (not correctly rounded)
    assert a.max_ulp <= 1.0 and a.share_beyond == 0.0 and not a.wrong_runs
    assert not a.warnings and not a.limits
    assert a.verdict.startswith("within 1 ULP everywhere")


def test_limits_nan_and_warnings_are_reported():
    def bad(x):
        with np.errstate(invalid="ignore"):
            y = np.tanh(x)
        y[np.isinf(x)] = np.nan
        y[x == 1.0] = np.nan
        return y

    a = nk.audit(bad, "tanh", dtype=np.float64)
    assert a.nan_at == (1.0,)
    assert a.limits == ("f(-inf) = nan, should be -1", "f(+inf) = nan, should be 1")
    assert math.isinf(a.max_ulp) and a.worst_x == 1.0

    def noisy(x):
        return np.log(np.exp(x))  # overflows: a warning, and inf where x is large

    b = nk.audit(noisy, "identity", dtype=np.float32)
    assert "floating-point overflow" in b.warnings
    assert b.wrong_runs[-1][1] == float(np.finfo(np.float32).max)


def test_rows_plot_and_frozen(tmp_path):
    a = nk.audit(np.tanh, "tanh", dtype=np.float32)
    labels = [k for k, _ in a.rows()]
    assert labels == ["points", "max error", "beyond 1 ULP", "wrong on", "flushed to 0 on",
                      "NaN at finite x", "limits", "warnings"]
    assert str(a).startswith("tanh in float32: ")
    fig = a.plot(tmp_path / "a.png")
    assert (tmp_path / "a.png").stat().st_size > 1000
    assert fig.axes[0].get_ylabel() == "error (ULP of float32)"
    with pytest.raises(AttributeError):
        a.max_ulp = 0.0


def test_points_cover_every_binade():
    x = audit_points(np.float32)
    pos = x[x > 0]
    assert pos.min() == np.finfo(np.float32).smallest_subnormal
    assert pos.max() == np.finfo(np.float32).max
    assert np.all(np.diff(np.log2(pos)) <= 1.0)  # no binade skipped


def test_bad_arguments():
    with pytest.raises(ParameterError, match="callable"):
        nk.audit(3, "tanh")
    with pytest.raises(ParameterError, match="dtype"):
        nk.audit(np.tanh, "tanh", dtype=np.int32)
    with pytest.raises(ParameterError, match="elementwise"):
        nk.audit(lambda x: x[:1], "tanh")
    with pytest.raises(ParameterError, match="no numpy formula for relu6"):
        naive_formula("numpy", "relu6")
    with pytest.raises(ParameterError, match="unknown library 'jax'"):
        naive_formula("jax", "tanh")


def test_torch_formulas():
    pytest.importorskip("torch")
    a = nk.audit(naive_formula("torch", "logistic", derivative=True), "logistic",
                 derivative=True, dtype=np.float32)
    assert a.flushed_runs and a.max_ulp > 1e6  # autograd's sigma (1 - sigma) as well
    b = nk.audit(naive_formula("torch", "relu"), "relu", dtype=np.float64)
    assert b.max_ulp == 0.0


def test_cli_audit(capsys, tmp_path):
    assert main(["audit", "logistic", "--derivative", "--plot", str(tmp_path / "a.png")]) == 0
    out = capsys.readouterr().out
    assert "the numpy formula of logistic's f' against neuronkit's exact f':" in out
    assert "flushed to 0 on  [-103.344, -89.3118], [16.636, 103.344]" in out
    assert (tmp_path / "a.png").exists()


def test_readme_shows_the_audit_as_it_prints(capsys):
    from pathlib import Path

    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    block = readme.split("$ neuronkit audit logistic --derivative", 1)[1].split("```", 1)[0]
    assert main(["audit", "logistic", "--derivative"]) == 0
    assert block.split("\n", 1)[1] == capsys.readouterr().out


def test_exact_values_beyond_the_dtype_raise_no_warning():
    # selu(3.4e38) = 3.57e38 is beyond float32: the exact result rounds to inf
    a = nk.audit(lambda x: np.where(x > 0, 1.0507 * x, 0.0), "selu", dtype=np.float32)
    assert a.limits[0].startswith("f(-inf) = 0, should be -1.75")
