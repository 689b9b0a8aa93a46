"""The catalogue's formulas as MathML (report, explorer) and as plain text (terminal)."""

from __future__ import annotations

import itertools
import xml.etree.ElementTree as ET

import pytest

import neuronkit as nk
from neuronkit._mathml import formula_mathml, to_mathml
from neuronkit.activations import REGISTRY
from neuronkit.cli import main

M = "{http://www.w3.org/1998/Math/MathML}"


def _every_mode():
    """(name, parameters) for every activation and every value of a choice parameter."""
    for name in nk.activation_names():
        choices = [[(p.name, c) for c in p.choices] for p in REGISTRY[name].params if p.choices]
        for combo in itertools.product(*choices):
            yield name, dict(combo)


MODES = list(_every_mode())


def test_modes_include_gelus_tanh_form():
    assert ("gelu", {"approximate": "tanh"}) in MODES and ("gelu", {"approximate": "none"}) in MODES


@pytest.mark.parametrize("name, params", MODES, ids=[f"{n}-{p}" for n, p in MODES])
def test_show_prints_no_latex(name, params, capsys):
    argv = ["show", name, *itertools.chain(*(["-p", f"{k}={v}"] for k, v in params.items()))]
    assert main(argv) == 0
    out = capsys.readouterr().out
    assert "\\" not in out and "{" not in out, out
    f = nk.activation(name, **params)
    assert f"  f(x)  = {f.text}\n" in out and f"  f'(x) = {f.derivative_text}\n" in out


def test_formulas_follow_the_parameters(capsys):
    exact, approx = nk.activation("gelu"), nk.activation("gelu", approximate="tanh")
    assert "erf" in exact.text and "erf" in exact.formula
    assert "erf" not in approx.text + approx.formula + approx.derivative_text
    assert "tanh" in approx.text and "0.044715" in approx.text and "0.044715" in approx.formula
    assert main(["show", "gelu", "-p", "approximate=tanh"]) == 0
    assert "f(x)  = ½·x·(1 + tanh(u)), u = √(2/π)·(x + 0.044715·x³)" in capsys.readouterr().out
    t = nk.activation("hard_tanh", min_val=-2.0, max_val=0.5)
    assert t.text == "clip(x, −2, 0.5)" and t.formula == r"\operatorname{clip}(x, -2, 0.5)"


def test_plain_text_is_unicode_mathematics():
    assert nk.activation("gelu").text.startswith("x·Φ(x) = ½·x·(1 + erf(x/√2))")
    assert nk.activation("logistic").text == "σ(x) = 1/(1 + e⁻ˣ)"
    assert nk.activation("softsign").derivative_text == "1/(1 + |x|)²"
    for name, params in MODES:
        f = nk.activation(name, **params)
        for text in (f.text, f.derivative_text):
            assert "\\" not in text and "sqrt" not in text and "**" not in text, text
            assert "^2" not in text and "<=" not in text and " - " not in text, text


def _tree(mathml: str) -> ET.Element:
    root = ET.fromstring(mathml)  # well-formed XML
    assert root.tag == M + "math"
    return root


@pytest.mark.parametrize("name, params", MODES, ids=[f"{n}-{p}" for n, p in MODES])
def test_every_formula_converts_to_mathml(name, params):
    f = nk.activation(name, **params)
    m = formula_mathml(f.spec.formulas(f.params))
    for key in ("mathml", "derivative_mathml"):
        root = _tree(m[key])
        text = "".join(root.itertext())
        # every LaTeX command was understood: none is left as text, no error element
        assert text and "\\" not in text, (name, key, text)
        assert not list(root.iter(M + "merror"))
        # no operator left empty (latex2mathml's \operatorname{relu6} splits the name)
        assert all((mo.text or "").strip() for mo in root.iter(M + "mo")), m[key]


@pytest.mark.parametrize("name", [n for n in nk.activation_names()
                                  if REGISTRY[n].from_output is not None])
def test_every_derivative_from_output_converts_to_mathml(name):
    f = nk.activation(name)
    root = _tree(to_mathml(f.derivative_from_output_formula))
    text = "".join(root.itertext())
    assert text and "\\" not in text and "y" in text, (name, text)
    assert not list(root.iter(M + "merror"))
    text = f.derivative_from_output_text
    assert "\\" not in text and "{" not in text and ("y" in text or "ʸ" in text), text


@pytest.mark.parametrize("latex, element, text", [
    (r"\tfrac{x}{2}", "mfrac", "x2"),
    (r"\bigl(1+x\bigr)", "mo", "(1+x)"),
    (r"\operatorname{erf}(x/\sqrt2)", "msqrt", "erf(x/2)"),
    (r"\begin{cases}x & x>0\\0 & x\le 0\end{cases}", "mtable", "{xx>00x≤0"),
    (r"\mathbb{1}[0<x<6]", "mn", "1[0<x<6]"),
    (r"\tanh^{2}(u)", "msup", "tanh2(u)"),
])
def test_the_latex_the_catalogue_uses(latex, element, text):
    root = _tree(to_mathml(latex))
    assert list(root.iter(M + element)), f"no <{element}> in {to_mathml(latex)}"
    assert "".join(root.itertext()) == text


def test_cases_have_one_row_per_case():
    root = _tree(to_mathml(REGISTRY["hard_swish"].derivative_formula))
    assert len(list(root.iter(M + "mtr"))) == 3
