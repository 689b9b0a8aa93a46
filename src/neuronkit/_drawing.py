"""Drawing on a matplotlib axes: the colour of each activation and an activation's curves.

The pieces that :mod:`neuronkit.plotting` and the experiment figures
(:mod:`neuronkit._figures`) share.  Nothing here imports matplotlib: it draws only
through the axes it is given.

Examples
--------
>>> color("sigmoid") == color("logistic") == COLORS["logistic"]
True
>>> import neuronkit as nk
>>> function_name(nk.activation("tanh")), function_name(abs)
('tanh', 'abs')
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from .activations import REGISTRY, resolve_name

__all__ = ["COLORS", "color", "draw_activation", "function_name"]

#: one colour per activation, shared by every figure (from the declarations)
COLORS: dict[str, str] = {name: spec.color for name, spec in REGISTRY.items()}
_EXTRA = ("#1b9e77", "#d95f02", "#7570b3", "#e7298a", "#66a61e", "#e6ab02", "#a6761d")


def color(name: str) -> str:
    """The colour of activation *name* (aliases resolved), the same in every figure.

    >>> color("sigmoid") == color("logistic") == COLORS["logistic"]
    True
    >>> color("my_function").startswith("#")
    True
    """
    try:
        key = resolve_name(name)[0]
    except (ValueError, TypeError):
        key = str(name)
    if key in COLORS:
        return COLORS[key]
    return _EXTRA[sum(map(ord, key)) % len(_EXTRA)]


def function_name(f: Any) -> str:
    """The name a figure shows for *f*: an activation's name, a function's ``__name__``."""
    name = getattr(f, "name", None)
    return name if isinstance(name, str) else getattr(f, "__name__", "f")


def _derivative_of(f: Any) -> Callable[[np.ndarray], np.ndarray]:
    d = getattr(f, "derivative", None)
    if callable(d):
        return d

    def fd(x):
        h = 1e-6 * np.maximum(1.0, np.abs(x))
        return (np.asarray(f(x + h)) - np.asarray(f(x - h))) / (2 * h)
    return fd


def _changed_params(f: Any) -> dict[str, Any]:
    """The parameters of *f* that differ from the catalogue's defaults."""
    spec = getattr(f, "spec", None)
    params = getattr(f, "params", None) or {}
    if spec is None:
        return dict(params)
    defaults = {p.name: p.default for p in spec.params}
    return {k: v for k, v in params.items() if defaults.get(k) != v}


def draw_activation(ax: Any, f: Any, derivative: bool, x_range: tuple[float, float],
                    title: bool = True, legend: bool = True, zero_lines: bool = True) -> None:
    """Draw *f* (solid) and, with *derivative*, :math:`f'` (dashed) in *f*'s colour on *ax*.

    *f* is an :class:`~neuronkit.Activation` or any elementwise callable (its
    derivative then by central differences).  *title* names the function and the
    parameters that differ from the defaults; *zero_lines* draws the axes through 0.
    """
    x = np.linspace(x_range[0], x_range[1], 801)
    name = function_name(f)
    c = color(name)
    with np.errstate(all="ignore"):
        y = np.asarray(f(x), dtype=float)
        ax.plot(x, y, color=c, linestyle="-", label=f"{name}(x)")
        if derivative:
            d = np.asarray(_derivative_of(f)(x), dtype=float)
            ax.plot(x, d, color=c, linestyle="--", label=f"{name}'(x)")
    if zero_lines:
        ax.axhline(0.0, color="#999999", linewidth=0.6, zorder=0)
        ax.axvline(0.0, color="#999999", linewidth=0.6, zorder=0)
    ax.set_xlim(*x_range)
    ax.set_xlabel("x")
    ax.set_ylabel("f(x), f'(x)" if derivative else "f(x)")
    if title:
        extra = ", ".join(f"{k}={v:g}" if isinstance(v, float) else f"{k}={v}"
                          for k, v in _changed_params(f).items())
        ax.set_title(name + (f" ({extra})" if extra else ""))
    if legend:
        ax.legend(loc="best", frameon=False)
