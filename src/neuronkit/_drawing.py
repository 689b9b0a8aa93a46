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

__all__ = ["COLORS", "CLASS_COLORS", "color", "class_color", "draw_activation", "function_name",
           "default_x_range", "legend_outside"]

#: one colour per activation, shared by every figure (from the declarations)
COLORS: dict[str, str] = {name: spec.color for name, spec in REGISTRY.items()}
_EXTRA = ("#1b9e77", "#d95f02", "#7570b3", "#e7298a", "#66a61e", "#e6ab02", "#a6761d")

#: the colour of each class (0, 1, 2, ...) in every figure, the report and the explorer:
#: Okabe and Ito's colour-blind-safe palette; class 0 orange, class 1 blue (the
#: explorer's decision regions shade from the one through white to the other)
CLASS_COLORS: tuple[str, ...] = ("#E69F00", "#0072B2", "#009E73", "#CC79A7", "#D55E00",
                                 "#56B4E9", "#F0E442", "#000000")


def class_color(index: int) -> str:
    """The colour of class *index* (0, 1, ...), the same everywhere.

    >>> class_color(0), class_color(1), class_color(len(CLASS_COLORS))
    ('#E69F00', '#0072B2', '#E69F00')
    """
    return CLASS_COLORS[int(index) % len(CLASS_COLORS)]


def default_x_range(fns: Any) -> tuple[float, float]:
    """The x-range that shows the features of every function in *fns* (the union of
    the declared ranges of the activations; (-5, 5) for other callables).

    >>> import neuronkit as nk
    >>> default_x_range([nk.activation("relu6")]), default_x_range([nk.activation("tanh"), abs])
    ((-2.0, 8.0), (-5.0, 5.0))
    >>> default_x_range([nk.activation("relu6"), nk.activation("tanh")])
    (-5.0, 8.0)
    """
    ranges = [getattr(getattr(f, "spec", None), "x_range", (-5.0, 5.0)) for f in fns]
    return (float(min(r[0] for r in ranges)), float(max(r[1] for r in ranges)))


def legend_outside(ax: Any, *, ncols: int = 1, **kwargs: Any) -> Any:
    """The legend of *ax* to the right of its data area, never over the curves.

    matplotlib's constrained layout makes room for it; returns the legend (``None``
    when nothing is labelled).
    """
    handles, labels = ax.get_legend_handles_labels()
    if not handles:
        return None
    return ax.legend(handles, labels, loc="upper left", bbox_to_anchor=(1.02, 1.0),
                     borderaxespad=0.0, frameon=False, ncols=ncols, **kwargs)


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


def draw_activation(ax: Any, f: Any, derivative: bool, x_range: tuple[float, float] | None,
                    title: bool = True, legend: bool = True, zero_lines: bool = True,
                    linewidth: float | None = None, zorder: float = 2.0) -> None:
    """Draw *f* (solid) and, with *derivative*, :math:`f'` (dashed) in *f*'s colour on *ax*.

    *f* is an :class:`~neuronkit.Activation` or any elementwise callable (its
    derivative then by central differences).  *x_range* ``None`` is the declared
    range of *f* (:func:`default_x_range`).  *title* names the function and the
    parameters that differ from the defaults; *zero_lines* draws the axes through 0;
    *legend* puts the legend outside the data (:func:`legend_outside`).
    """
    x_range = default_x_range([f]) if x_range is None else x_range
    x = np.linspace(x_range[0], x_range[1], 1601)
    name = function_name(f)
    c = color(name)
    width = {} if linewidth is None else {"linewidth": linewidth}
    extra = ", ".join(f"{k}={v:g}" if isinstance(v, float) else f"{k}={v}"
                      for k, v in _changed_params(f).items())
    # without a title, the legend names the parameters that differ from the defaults
    note = f" ({extra})" if extra and not title else ""
    with np.errstate(all="ignore"):
        y = np.asarray(f(x), dtype=float)
        ax.plot(x, y, color=c, linestyle="-", label=f"{name}(x){note}", zorder=zorder,
                **width)
        if derivative:
            d = np.asarray(_derivative_of(f)(x), dtype=float)
            ax.plot(x, d, color=c, linestyle="--", label=f"{name}'(x){note}", zorder=zorder,
                    **width)
    if zero_lines:
        ax.axhline(0.0, color="#999999", linewidth=0.6, zorder=0)
        ax.axvline(0.0, color="#999999", linewidth=0.6, zorder=0)
    ax.set_xlim(*x_range)
    ax.set_xlabel("x")
    ax.set_ylabel("f(x), f'(x)" if derivative else "f(x)")
    if title:
        ax.set_title(name + (f" ({extra})" if extra else ""))
    if legend:
        legend_outside(ax)
