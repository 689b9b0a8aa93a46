"""What the Activations and Neuron views show, computed with neuronkit.

Plain functions from a validated request (:mod:`.protocol`) to a JSON-ready dict:
:func:`catalogue` (every activation with its parameters, properties and formulas, sent
once when a page connects), :func:`curves` (f and f' sampled on a grid) and
:func:`neuron` (a two-input neuron's output on a grid, its decision line, the truth
table of a logic gate, and whether that gate is linearly separable at all).

Examples
--------
>>> from neuronkit.explorer.protocol import parse_message
>>> req = parse_message({"type": "curves", "activations": ["relu"], "points": 3})
>>> out = curves(req)
>>> out["x"], out["curves"][0]["y"], out["curves"][0]["dy"]
([-5.0, 0.0, 5.0], [0.0, 0.0, 5.0], [0.0, 0.0, 1.0])
"""

from __future__ import annotations

import functools
import math
from typing import Any

import numpy as np

from .._mathml import formula_mathml
from ..activations import ALIASES, REGISTRY, Activation, Properties, activation_names
from ..datasets import logic_gate
from ..neurons import MPNeuron, Neuron, linear_separability
from .protocol import CurvesRequest, NeuronRequest

__all__ = ["catalogue", "curves", "neuron", "gate_info", "properties_json", "finite_list",
]

def _num(v: float) -> float | str:
    """A float for JSON: ``inf``/``-inf``/``nan`` become strings."""
    v = float(v)
    if math.isfinite(v):
        return v
    return "nan" if math.isnan(v) else ("inf" if v > 0 else "-inf")


def finite_list(a: np.ndarray, digits: int = 7) -> list[float | None]:
    """Values rounded to *digits* significant digits; non-finite values become None.

    >>> finite_list(np.array([1/3, np.inf, -2.0]), 3)
    [0.333, None, -2.0]
    """
    a = np.asarray(a, dtype=np.float64).ravel()
    return [float(f"{v:.{digits}g}") if math.isfinite(v) else None for v in a.tolist()]


def properties_json(p: Properties) -> dict[str, Any]:
    """The declared properties as JSON (infinite ends of the range as ``"inf"``)."""
    return {
        "range": [_num(p.range[0]), _num(p.range[1])],
        "range_closed": list(p.range_closed),
        "range_text": p.range_text(),
        "zero_centered": p.zero_centered,
        "monotonic": p.monotonic,
        "saturation": p.saturation,
        "smoothness": p.smoothness,
        "derivative_at_zero": _num(p.derivative_at_zero),
        "kinks": [_num(k) for k in p.kinks],
        "learnable": list(p.learnable),
    }


def _param_json(param) -> dict[str, Any]:
    """A parameter's control, from its declaration: a choice of strings or a slider."""
    out: dict[str, Any] = {"name": param.name, "default": param.default, "doc": param.doc,
                           "learnable": param.learnable}
    if param.choices:
        out.update(kind="choice", choices=list(param.choices))
    else:
        lo, hi, step = param.slider if param.slider is not None else (-3.0, 3.0, 0.05)
        out.update(kind="number", min=lo, max=hi, step=step)
    return out


def catalogue() -> list[dict[str, Any]]:
    """Every activation of the catalogue, with what the page needs to show it.

    >>> entries = catalogue()
    >>> [e["name"] for e in entries] == activation_names()
    True
    >>> [p["name"] for p in entries[[e["name"] for e in entries].index("elu")]["params"]]
    ['alpha']
    """
    out = []
    for name in activation_names():
        spec = REGISTRY[name]
        defaults = {p.name: p.default for p in spec.params}
        formulas = spec.formulas(defaults)
        out.append({
            "name": name,
            "aliases": sorted(a for a, (c, _) in ALIASES.items() if c == name),
            "summary": spec.summary,
            "summary_zh": spec.summary_zh,
            **formulas, **formula_mathml(formulas),
            "color": spec.color,
            # (a parameter whose default is None, softplus's PyTorch switch, has no control)
            "params": [_param_json(p) for p in spec.params if p.default is not None],
            "properties": properties_json(spec.declared(defaults)),
        })
    return out


def curves(req: CurvesRequest) -> dict[str, Any]:
    """f and f' of each requested activation on ``req.points`` points of [x_min, x_max]."""
    x = np.linspace(req.x_min, req.x_max, req.points)
    items = []
    for choice in req.activations:
        act: Activation = choice.build()
        with np.errstate(all="ignore"):
            y, dy = act.value_and_derivative(x)
        formulas = act.spec.formulas(act.params)
        items.append({
            "name": act.name,
            "params": act.params,
            "label": repr(act),
            "y": finite_list(y),
            "dy": finite_list(dy),
            "properties": properties_json(act.properties),
            **formulas, **formula_mathml(formulas),
            "color": act.spec.color,
        })
    return {"type": "curves", "id": req.id, "x": finite_list(x, 10), "curves": items}


@functools.lru_cache(maxsize=16)
def gate_info(gate: str) -> dict[str, Any]:
    """A gate's truth table, whether it is linearly separable, and an MP neuron for it.

    The separability is :func:`neuronkit.linear_separability` (a linear program);
    the weights are :meth:`neuronkit.MPNeuron.gate`'s, None where no neuron exists.

    >>> gate_info("and")["preset"], gate_info("xor")["separable"]
    ([1.0, 1.0, -1.5], False)
    """
    X, y = logic_gate(gate)
    sep = linear_separability(X, y)
    preset = None
    if sep.separable:
        n = MPNeuron.gate(gate)
        preset = [*n.weights.tolist(), float(n.bias)]
    return {"inputs": X.astype(int).tolist(), "targets": y.tolist(),
            "separable": bool(sep.separable), "reason": sep.reason, "preset": preset}


def _conditions(w: tuple[float, float], b: float, info: dict) -> list[dict[str, Any]]:
    """The condition each row puts on a threshold unit, and whether w, b meet it."""
    rows = []
    for (x1, x2), t in zip(info["inputs"], info["targets"], strict=True):
        z = w[0] * x1 + w[1] * x2 + b
        terms = [name for name, on in (("w1", x1), ("w2", x2)) if on] + ["b"]
        rows.append({"inputs": [x1, x2], "condition": " + ".join(terms)
                     + (" > 0" if t else " <= 0"), "holds": bool((z > 0) == bool(t))})
    return rows


# the two-layer MP network of each gate that no single neuron computes
_TWO_LAYERS = {"xor": "nk.xor_network() is OR and NAND feeding AND",
               "xnor": "nk.xnor_network() is AND and NOR feeding OR"}


def neuron(req: NeuronRequest) -> dict[str, Any]:
    """A two-input neuron on the unit square: outputs on a grid and the gate's truth table.

    The MP neuron is :class:`neuronkit.MPNeuron` (1 if z > 0 else 0); the general one is
    :class:`neuronkit.Neuron` with :math:`a = f(z)`, :math:`z = w_1 x_1 + w_2 x_2 + b`.
    Its class is 1 where z > 0, so the decision line is :math:`w_1 x_1 + w_2 x_2 + b = 0`.

    >>> from neuronkit.explorer.protocol import parse_message
    >>> out = neuron(parse_message({"type": "neuron", "weights": [1, 1], "bias": -1.5,
    ...                             "gate": "and"}))
    >>> [row["output"] for row in out["truth_table"]], out["solves_gate"]
    ([0.0, 0.0, 0.0, 1.0], True)
    """
    act = req.activation.build()
    if req.mode == "mp":
        unit: Any = MPNeuron(weights=list(req.weights), bias=req.bias)
    else:
        unit = Neuron(weights=list(req.weights), bias=req.bias, activation=act)
    lo, hi = -0.5, 1.5
    g = np.linspace(lo, hi, req.grid)
    xx, yy = np.meshgrid(g, g)  # rows: x2 from lo to hi; columns: x1
    grid = np.column_stack([xx.ravel(), yy.ravel()])
    info = gate_info(req.gate)
    X = np.asarray(info["inputs"], dtype=np.float64)
    with np.errstate(all="ignore"):
        a = np.asarray(unit(grid), dtype=np.float64)
        zt = unit.net_input(X)
        at = np.asarray(unit(X), dtype=np.float64)
    table = []
    for x, zi, ai, t in zip(info["inputs"], zt.tolist(), at.tolist(), info["targets"],
                            strict=True):
        cls = int(zi > 0)
        table.append({"inputs": x, "z": _num(zi), "output": _num(ai),
                      "class": cls, "target": t, "correct": cls == t})
    finite = a[np.isfinite(a)]
    out: dict[str, Any] = {
        "type": "neuron", "id": req.id, "mode": req.mode, "activation": act.name,
        "label": repr(unit),
        "weights": list(req.weights), "bias": req.bias, "gate": req.gate,
        "extent": [lo, hi], "grid": req.grid, "values": finite_list(a, 5),
        "value_range": [float(finite.min()), float(finite.max())] if finite.size else [0, 1],
        "truth_table": table, "solves_gate": all(row["correct"] for row in table),
        "separable": info["separable"], "reason": info["reason"],
        "conditions": _conditions(req.weights, req.bias, info),
    }
    if not info["separable"]:
        out["why"] = (
            f"No line separates the 1s of {req.gate.upper()} from its 0s ("
            f"{info['reason']}). Adding the two conditions with '> 0' gives w1 + w2 + 2b > 0; "
            "adding the two with '<= 0' gives w1 + w2 + 2b <= 0: a contradiction, whatever "
            f"the weights. Two layers do it: {_TWO_LAYERS[req.gate]}; "
            "the Playground trains one on the xor dataset."
        )
    return out
