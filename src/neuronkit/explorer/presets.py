"""The source chapter's claims as one-click playground set-ups.

Each preset is a playground configuration that shows one claim of the chapter, and its
twin that differs in one setting (logistic vs tanh, ReLU vs leaky ReLU, linear vs
tanh): loading one, then the other, shows the difference on the same data and seed.
Their titles and what to look at are texts of :mod:`.strings` (``preset.<id>.title``,
``preset.<id>.claim``), in both languages.

>>> [p["id"] for p in PRESETS][:2]
['bias_shift_logistic', 'bias_shift_tanh']
>>> from neuronkit.explorer.protocol import parse_config
>>> all(parse_config(p["config"]) for p in PRESETS)
True
"""

from __future__ import annotations

from typing import Any

__all__ = ["PRESETS"]


def _cfg(dataset: str, layers: str, **extra: Any) -> dict[str, Any]:
    hidden = []
    for part in filter(None, layers.split(",")):
        units, name = part.split(":")
        hidden.append({"units": int(units), "activation": {"name": name, "params": {}}})
    return {"dataset": dataset, "hidden": hidden, "noise": 0.1, "size": 200,
            "test_fraction": 0.5, "data_seed": 0, "seed": 1, "batch_size": 10,
            "loss": "binary_cross_entropy", "regularization": "none",
            "regularization_rate": 0.0, "features": ["x1", "x2"], **extra}


PRESETS: list[dict[str, Any]] = [
    {"id": "bias_shift_logistic",
     "config": _cfg("circles", "6:logistic,6:logistic,6:logistic", optimizer="sgd",
                    learning_rate=0.3)},
    {"id": "bias_shift_tanh",
     "config": _cfg("circles", "6:tanh,6:tanh,6:tanh", optimizer="sgd", learning_rate=0.3)},
    {"id": "dying_relu",
     "config": _cfg("circles", "8:relu,8:relu,8:relu", optimizer="sgd", learning_rate=3)},
    {"id": "dying_leaky",
     "config": _cfg("circles", "8:leaky_relu,8:leaky_relu,8:leaky_relu", optimizer="sgd",
                    learning_rate=3)},
    {"id": "linear_collapse",
     "config": _cfg("xor", "8:identity,8:identity", optimizer="adam", learning_rate=0.03)},
    {"id": "nonlinear_xor",
     "config": _cfg("xor", "8:tanh,8:tanh", optimizer="adam", learning_rate=0.03)},
    {"id": "vanishing",
     "config": _cfg("moons", "6:logistic,6:logistic,6:logistic,6:logistic,6:logistic,"
                    "6:logistic", optimizer="sgd", learning_rate=0.1)},
    {"id": "features_circle",
     "config": _cfg("circles", "", features=["x1_sq", "x2_sq"], optimizer="adam",
                    learning_rate=0.1)},
]
"""Every preset: ``{"id": ..., "config": {...}}`` (a full playground configuration)."""
