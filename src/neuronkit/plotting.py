r"""Figures: activations and derivatives, comparisons, decision boundaries, training curves.

matplotlib is imported inside the functions only, so ``import neuronkit`` stays
light.  Figures are built as :class:`matplotlib.figure.Figure` objects without
``pyplot`` (no global state, no GUI backend); saving renders with Agg for PNG
and with the SVG backend for SVG, chosen by the file suffix.

Conventions shared by every figure: one colour per activation everywhere
(:func:`color`), :math:`f` drawn solid and :math:`f'` dashed in the same colour,
labelled axes, a title and a legend outside the data area (never over a curve),
one colour per class (:data:`CLASS_COLORS`, colour-blind safe, the explorer's too).
Every function accepts ``path`` (save the figure there, PNG or SVG by the suffix;
PNG at :data:`DPI` dots per inch, every figure at least 6.4 inches, so at least
1280 pixels, wide: sharp on a slide) and the single-panel ones accept ``ax`` (draw
into an existing matplotlib axes); each returns the figure.  :func:`save_figures`
writes a figure as PNG and SVG at once.

This module is the top of the drawing rooms: it draws with :mod:`neuronkit._drawing`
(colours, an activation's curves) and :mod:`neuronkit._figures` (the experiments'
panels), and provides the pictures the lower rooms show through
:mod:`neuronkit.hooks`: an :class:`~neuronkit.Activation`'s Jupyter reprs
(:func:`activation_svg`, :func:`activation_html`, :func:`activation_latex`), an
experiment result's ``plot`` (:func:`plot_experiment`) and the decision regions in
the experiment figures (:func:`plot_decision_boundary`).  ``import neuronkit``
imports this module, so they work in a notebook that never imports it.

Examples
--------
>>> import neuronkit as nk
>>> from neuronkit import plotting
>>> fig = plotting.plot_activation(nk.activation("tanh"))
>>> [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
['tanh(x)', "tanh'(x)"]
"""

from __future__ import annotations

import base64
import functools
import io
import math
from collections.abc import Callable, Iterable, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import numpy as np

from . import _figures, hooks
from ._drawing import (
    CLASS_COLORS,
    COLORS,
    class_color,
    color,
    default_x_range,
    draw_activation,
    function_name,
    legend_outside,
)
from .activations import Activation, activation, activation_names
from .errors import ParameterError
from .i18n import Text

__all__ = [
    "COLORS", "CLASS_COLORS", "DPI", "color", "class_color", "class_colormap",
    "plot_activations", "plot_activation", "plot_comparison",
    "plot_decision_boundary", "plot_history", "plot_training", "plot_experiment", "plot_gates",
    "save_figure", "save_figures",
    "figure_png", "figure_svg", "png_data_uri", "activation_svg", "activation_html",
    "activation_latex",
]

_STYLE = {
    "font.size": 10, "axes.titlesize": 11, "axes.labelsize": 10, "legend.fontsize": 9,
    "xtick.labelsize": 9, "ytick.labelsize": 9, "axes.grid": True, "grid.alpha": 0.3,
    "axes.spines.top": False, "axes.spines.right": False, "savefig.dpi": 200,
    "figure.dpi": 100, "svg.fonttype": "path", "figure.facecolor": "white",
    "axes.facecolor": "white", "savefig.facecolor": "white", "lines.linewidth": 1.8,
}
DPI = 200
"""Resolution of the PNG files (dots per inch): a 6.4-inch figure is 1280 pixels wide."""
SUFFIXES = (".png", ".svg")


#: the labels of the figures drawn here, in English and Chinese (the experiments' own are
#: in :data:`neuronkit._figures.LABELS`)
_LABELS: dict[str, Text] = {
    "grid": Text("activation functions: f solid, f' dashed", "激活函数：实线为 f，虚线为 f'"),
    "comparison": Text("comparison: {names}", "比较：{names}"),
    "p1": Text("P(class 1)", "P(类别 1)"),
    "output": Text("output", "输出"),
    "class": Text("class {cls}", "类别 {cls}"),
    "holds": Text("{name}: claim holds", "{name}：论断成立"),
    "not_confirmed": Text("{name}: claim NOT confirmed", "{name}：论断未得到证实"),
    "gates": Text("the McCulloch-Pitts neuron: y = 1 if w.x + b > 0 else 0",
                  "MP神经元：y = 1 if w.x + b > 0 else 0"),
}

#: fonts with the Chinese characters of the figures' labels, in order of preference (Debian's
#: small ``fonts-wqy-microhei`` first; the others are what Linux, macOS and Windows ship)
CJK_FONTS = ("WenQuanYi Micro Hei", "Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC",
             "Microsoft YaHei", "PingFang SC", "Hiragino Sans GB", "SimHei", "Heiti SC")


@functools.cache
def cjk_font() -> str | None:
    """The first of :data:`CJK_FONTS` that matplotlib finds on this machine, or None.

    Figures with Chinese labels need one (``apt-get install fonts-wqy-microhei`` on
    Debian and Ubuntu); the text falls back to it glyph by glyph, so English labels keep
    matplotlib's default font.

    >>> cjk_font() is None or cjk_font() in CJK_FONTS
    True
    """
    from matplotlib import font_manager

    found = {f.name for f in font_manager.fontManager.ttflist}
    return next((name for name in CJK_FONTS if name in found), None)


def figure_language(lang: str) -> str:
    """The language the figures can be labelled in: *lang*, or English without a CJK font.

    >>> figure_language("en")
    'en'
    """
    return "en" if lang == "zh" and cjk_font() is None else lang


@contextmanager
def _style():
    import matplotlib

    style = dict(_STYLE)
    if cjk_font() is not None:
        style["font.family"] = ["DejaVu Sans", cjk_font()]
    with matplotlib.rc_context(style):
        yield


def _figure(nrows: int = 1, ncols: int = 1, size: tuple[float, float] = (6.4, 4.0)):
    from matplotlib.figure import Figure

    fig = Figure(figsize=size, dpi=DPI, layout="constrained")
    axes = fig.subplots(nrows, ncols, squeeze=False)
    return fig, axes


def _target(ax: Any, size: tuple[float, float] = (6.4, 4.0)):
    """(figure, axes): a new single-axes figure, or the figure of *ax*."""
    if ax is not None:
        return ax.figure, ax
    fig, axes = _figure(1, 1, size)
    return fig, axes[0, 0]


def save_figure(fig: Any, path: str | Path) -> Path:
    """Save *fig* to *path*: PNG (at :data:`DPI`) or SVG by the suffix; return the path.

    Raises
    ------
    ParameterError
        For another suffix.

    >>> import tempfile, os
    >>> fig = plot_activation(activation("relu"))
    >>> p = save_figure(fig, os.path.join(tempfile.mkdtemp(), "relu.png"))
    >>> p.stat().st_size > 1000
    True
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise ParameterError(f"cannot write a figure to {str(path)!r}: the file name must end "
                             f"in {' or '.join(SUFFIXES)}")
    if path.parent and not path.parent.exists():
        raise ParameterError(f"cannot write {str(path)!r}: folder {str(path.parent)!r} "
                             "does not exist")
    with _style():
        fig.savefig(path, format=suffix[1:], dpi=DPI)
    return path


def save_figures(fig: Any, path: str | Path) -> list[Path]:
    """Save *fig* as PNG and SVG: *path* and the same name with the other suffix.

    Returns the paths written, *path* first.

    >>> import tempfile, os
    >>> paths = save_figures(plot_activation("relu"), os.path.join(tempfile.mkdtemp(), "r.png"))
    >>> [p.name for p in paths]
    ['r.png', 'r.svg']
    """
    first = save_figure(fig, path)
    other = first.with_suffix(".svg" if first.suffix.lower() == ".png" else ".png")
    return [first, save_figure(fig, other)]


def class_colormap() -> Any:
    """The colour map of P(class 1): class 0's colour, through white, to class 1's."""
    from matplotlib.colors import LinearSegmentedColormap

    return LinearSegmentedColormap.from_list("neuronkit_classes",
                                             [class_color(0), "#ffffff", class_color(1)])


def figure_png(fig: Any) -> bytes:
    """The figure as PNG bytes.

    >>> figure_png(plot_activation(activation("relu")))[:4]
    b'\\x89PNG'
    """
    buf = io.BytesIO()
    with _style():
        fig.savefig(buf, format="png", dpi=DPI)
    return buf.getvalue()


def figure_svg(fig: Any) -> str:
    """The figure as an SVG document (text, fonts drawn as paths: self-contained).

    >>> figure_svg(plot_activation(activation("relu"))).lstrip().startswith("<?xml")
    True
    """
    buf = io.StringIO()
    with _style():
        fig.savefig(buf, format="svg", dpi=DPI)
    return buf.getvalue()


def _finish(fig: Any, path: str | Path | None) -> Any:
    if path is not None:
        save_figure(fig, path)
    return fig


def _as_activation(f: Any) -> Activation | Callable:
    if isinstance(f, str):
        f = activation(f)
        if not isinstance(f, Activation):  # softmax, the GLU family: not x -> f(x)
            raise ParameterError(f"{f.name} is a vector activation (it acts along an "
                                 "axis): the plots draw elementwise activations")
        return f
    if not callable(f):
        raise ParameterError(f"expected an activation name or a callable, got {type(f).__name__}")
    return f


def plot_activations(names: Iterable[str] | None = None, derivative: bool = True,
                     path: str | Path | None = None, *,
                     x_range: tuple[float, float] | None = None, ncols: int = 4,
                     lang: str = "en") -> Any:
    r"""The familiar course figure: each activation with its derivative, in a grid.

    Parameters
    ----------
    names : iterable of str, optional
        Activation names (default: every canonical name).
    derivative : bool
        Also draw :math:`f'` (dashed).
    path : str or Path, optional
        Save the figure there (``.png`` or ``.svg``).
    x_range : (float, float), optional
        The x-range of every panel (default: each activation's own, one that shows
        its features, e.g. ReLU6's cap at 6).
    ncols : int
        Panels per row; each panel is 3.2 x 2.6 inches.
    lang : {"en", "zh"}
        Language of the title (see :mod:`neuronkit.i18n`).

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> fig = plot_activations(["relu", "tanh", "logistic"], ncols=3)
    >>> len(fig.axes), [a.get_title() for a in fig.axes]
    (3, ['relu', 'tanh', 'logistic'])
    """
    fns = [_as_activation(n) for n in (activation_names() if names is None else names)]
    if not fns:
        raise ParameterError("plot_activations needs at least one activation name")
    ncols = max(1, min(int(ncols), len(fns)))
    nrows = math.ceil(len(fns) / ncols)
    with _style():
        fig, axes = _figure(nrows, ncols, (3.2 * ncols, 2.6 * nrows))
        for i, ax in enumerate(axes.flat):
            if i < len(fns):
                draw_activation(ax, fns[i], derivative, x_range, legend=False)
                if i % ncols:
                    ax.set_ylabel("")
            else:
                ax.set_visible(False)
        if derivative:
            fig.suptitle(_LABELS["grid"](lang))
    return _finish(fig, path)


def plot_activation(f: Any, derivative: bool = True, path: str | Path | None = None, *,
                    ax: Any = None, x_range: tuple[float, float] | None = None,
                    y_range: tuple[float, float] | None = None) -> Any:
    """One activation (a name, an :class:`~neuronkit.Activation` or a callable) and its derivative.

    *x_range* defaults to the activation's declared one (its features in view);
    *y_range* to what the curves need.

    Examples
    --------
    >>> fig = plot_activation("relu", derivative=False)
    >>> fig.axes[0].get_xlabel(), fig.axes[0].get_ylabel()
    ('x', 'f(x)')
    """  # noqa: E501
    f = _as_activation(f)
    with _style():
        fig, ax = _target(ax)
        draw_activation(ax, f, derivative, x_range)
        if y_range is not None:
            ax.set_ylim(*y_range)
    return _finish(fig, path)


def plot_comparison(names: Sequence[Any], derivative: bool = False,
                    path: str | Path | None = None, *, ax: Any = None,
                    x_range: tuple[float, float] | None = None,
                    y_range: tuple[float, float] | None = None, lang: str = "en") -> Any:
    """Several activations overlaid on one axes (and their derivatives, dashed).

    Where curves coincide (ReLU, Leaky ReLU, ELU and GELU for large x) each stays
    visible: the first is drawn widest and lowest, each next one narrower and on
    top, so a curve under another shows as a band around it.  *x_range* defaults to
    the union of the activations' declared ranges.

    Examples
    --------
    >>> fig = plot_comparison(["logistic", "hard_logistic"], derivative=True)
    >>> len(fig.axes[0].get_lines())  # 2 functions, 2 derivatives, 2 zero lines
    6
    """
    fns = [_as_activation(n) for n in names]
    if not fns:
        raise ParameterError("plot_comparison needs at least one activation")
    with _style():
        fig, ax = _target(ax)
        x_range = default_x_range(fns) if x_range is None else x_range
        for i, f in enumerate(fns):
            draw_activation(ax, f, derivative, x_range, title=False, legend=False,
                            zero_lines=i == 0, linewidth=1.5 + 0.9 * (len(fns) - 1 - i),
                            zorder=2.0 + i)
        if y_range is not None:
            ax.set_ylim(*y_range)
        ax.set_title(_LABELS["comparison"](lang, names=", ".join(function_name(f) for f in fns)))
        legend_outside(ax)
    return _finish(fig, path)


def plot_decision_boundary(net: Any, X: Any, y: Any, path: str | Path | None = None, *,
                           ax: Any = None, resolution: int = 200, title: str | None = None,
                           lang: str = "en") -> Any:
    """Decision regions of a trained network on 2-D inputs, with the data points.

    Binary networks show the probability of class 1 shaded, with the 0.5 contour;
    multi-class networks show the predicted class; regression networks the output.

    Examples
    --------
    >>> import neuronkit as nk
    >>> X, y = nk.datasets.xor()
    >>> net = nk.Network([nk.Dense(2, 4, activation="tanh"),
    ...                   nk.Dense(4, 1, activation="logistic")], seed=0)
    >>> _ = net.fit(X, y, epochs=300, learning_rate=0.05, batch_size=4, seed=0, progress=False)
    >>> plot_decision_boundary(net, X, y).axes[0].get_xlabel()
    'x1'
    """
    X = np.asarray(X, dtype=float)
    y = np.asarray(y)
    if X.ndim != 2 or X.shape[1] != 2:
        raise ParameterError(f"plot_decision_boundary needs 2-D inputs (n, 2); got shape {X.shape}")
    gx, gy = _padded_mesh(X, resolution)
    task = net.resolve_loss().task
    with _style():
        fig, ax = _target(ax, (6.4, 4.6))
        _draw_regions(fig, ax, net, task, gx, gy, lang)
        _scatter_classes(ax, X, y, lang)
        ax.set_xlabel("x1")
        ax.set_ylabel("x2")
        ax.set_title(title or "decision boundary")
        legend_outside(ax)
    return _finish(fig, path)


def _padded_mesh(X: np.ndarray, resolution: int) -> tuple[np.ndarray, np.ndarray]:
    """A resolution x resolution mesh over the points' box, widened by 15 % on each side."""
    lo, hi = X.min(axis=0), X.max(axis=0)
    pad = 0.15 * np.maximum(hi - lo, 1e-9)
    return np.meshgrid(np.linspace(lo[0] - pad[0], hi[0] + pad[0], resolution),
                       np.linspace(lo[1] - pad[1], hi[1] + pad[1], resolution))


def _draw_regions(fig: Any, ax: Any, net: Any, task: str, gx: np.ndarray,
                  gy: np.ndarray, lang: str = "en") -> None:
    """Shade *net*'s output over the mesh by *task*: P(class 1), the class, or the output."""
    grid = np.column_stack([gx.ravel(), gy.ravel()])
    if task == "binary":
        p = np.asarray(net.predict_proba(grid)).reshape(gx.shape)
        cs = ax.contourf(gx, gy, p, levels=np.linspace(0, 1, 11), cmap=class_colormap(), alpha=0.45)
        ax.contour(gx, gy, p, levels=[0.5], colors="k", linewidths=1.2)
        fig.colorbar(cs, ax=ax, label=_LABELS["p1"](lang), location="left")
    elif task == "multiclass":
        from matplotlib.colors import ListedColormap

        k = int(net.out_features)
        cmap = ListedColormap([class_color(i) for i in range(k)])
        pred = np.asarray(net.predict(grid)).reshape(gx.shape)
        ax.contourf(gx, gy, pred, levels=np.arange(k + 1) - 0.5, cmap=cmap, alpha=0.35)
    else:
        out = np.asarray(net.predict(grid), dtype=float).reshape(gx.shape)
        cs = ax.contourf(gx, gy, out, levels=12, cmap="viridis", alpha=0.6)
        fig.colorbar(cs, ax=ax, label=_LABELS["output"](lang), location="left")


def _scatter_classes(ax: Any, X: np.ndarray, y: np.ndarray, lang: str = "en") -> None:
    """The points, one colour per class (the first column of a 2-D *y*)."""
    labels = y.reshape(len(X), -1)[:, 0] if y.ndim > 1 else y
    for i, cls in enumerate(np.unique(labels)):
        sel = labels == cls
        ax.scatter(X[sel, 0], X[sel, 1], s=60 if len(X) < 50 else 12,
                   color=class_color(i), edgecolors="white",
                   linewidths=0.5, label=_LABELS["class"](lang, cls=cls), zorder=3)


def plot_history(history: Any, path: str | Path | None = None, *, ax: Any = None,
                 label: str | None = None, log: bool = True) -> Any:
    """Training curves of a :class:`~neuronkit.History` (loss, and validation loss).

    Examples
    --------
    >>> from neuronkit.training import History
    >>> fig = plot_history(History(loss=[0.7, 0.4, 0.2], val_loss=[0.8, 0.5, 0.3]))
    >>> [l.get_label() for l in fig.axes[0].get_lines()]
    ['training loss', 'validation loss']
    """
    loss = list(getattr(history, "loss", history))
    if not loss:
        raise ParameterError("the history is empty: nothing to plot")
    epochs = np.arange(1, len(loss) + 1)
    with _style():
        fig, ax = _target(ax)
        prefix = f"{label}: " if label else ""
        ax.plot(epochs, loss, label=f"{prefix}training loss")
        val = list(getattr(history, "val_loss", []) or [])
        if val:
            ax.plot(epochs[:len(val)], val, linestyle="--", label=f"{prefix}validation loss")
        if log and min(loss + val) > 0:
            ax.set_yscale("log")
        ax.set_xlabel("epoch")
        ax.set_ylabel(f"loss ({getattr(history, 'loss_name', '') or 'training'})")
        ax.set_title("training curves")
        legend_outside(ax)
    return _finish(fig, path)


def plot_training(net: Any, X: Any, y: Any, history: Any, path: str | Path | None = None,
                  *, title: str | None = None) -> Any:
    """A trained network at a glance: decision regions (2-D inputs only) and training curves.

    Examples
    --------
    >>> import neuronkit as nk
    >>> X, y = nk.datasets.xor()
    >>> net = nk.Network([nk.Dense(2, 4, activation="tanh"),
    ...                   nk.Dense(4, 1, activation="logistic")], seed=0)
    >>> h = net.fit(X, y, epochs=50, learning_rate=0.05, batch_size=4, seed=0, progress=False)
    >>> len(plot_training(net, X, y, h).axes)  # boundary, its colour bar, curves
    3
    """
    two_d = np.ndim(X) == 2 and np.shape(X)[1] == 2
    with _style():
        fig, axes = _figure(1, 2 if two_d else 1, (11.0, 4.4) if two_d else (6.4, 4.0))
        if two_d:
            plot_decision_boundary(net, X, y, ax=axes[0, 0], resolution=150)
        plot_history(history, ax=axes[0, -1])
        if title:
            fig.suptitle(title)
    return _finish(fig, path)


def plot_experiment(result: Any, path: str | Path | None = None, *, ax: Any = None,
                    lang: str = "en") -> Any:
    """The figure of an experiment result (see :mod:`neuronkit.experiments`).

    With *ax*, only the experiment's main panel is drawn into it; *lang* (``"en"`` or
    ``"zh"``) is the language of its labels.

    Examples
    --------
    >>> import neuronkit as nk
    >>> fig = plot_experiment(nk.experiments.run("sparsity", seed=0))
    >>> fig.axes[0].get_ylabel()
    'fraction of active units'
    """
    draw = _figures.DRAWERS.get(getattr(result, "name", None))
    if draw is None:
        raise ParameterError(f"no figure for {type(result).__name__}; expected an experiment "
                             "result of neuronkit.experiments")
    with _style():
        if ax is not None:
            fig = ax.figure
            draw(result, [ax], lang)
        else:
            n, size = _figures.LAYOUT[result.name]
            fig, axes = _figure(1, n, size)
            draw(result, list(axes.flat), lang)
            fig.suptitle(_LABELS["holds" if result.passed else "not_confirmed"](
                lang, name=result.name), color="#222222" if result.passed else "#b00020")
    return _finish(fig, path)


def plot_gates(path: str | Path | None = None, *, lang: str = "en") -> Any:
    """The MP neuron's logic gates in the unit square.

    AND, OR, NAND and NOR each with the line :math:`w^\\top x + b = 0` of its MP
    neuron (:meth:`~neuronkit.MPNeuron.gate`), and XOR, which no line separates,
    with the regions of the two-layer MP network (:func:`~neuronkit.xor_network`).

    Examples
    --------
    >>> [a.get_title().split(":")[0] for a in plot_gates().axes]
    ['AND', 'OR', 'NAND', 'NOR', 'XOR']
    """
    with _style():
        fig, axes = _figure(1, 5, (16.0, 3.8))
        _figures.draw_gates(list(axes.flat), lang)
        fig.suptitle(_LABELS["gates"](lang))
    return _finish(fig, path)


# -- Jupyter ---------------------------------------------------------------------

def activation_svg(f: Any) -> str:
    """A small SVG of *f* and its derivative (for ``Activation._repr_svg_``).

    >>> s = activation_svg(activation("tanh"))
    >>> s.lstrip().startswith("<?xml") and "</svg>" in s
    True
    """
    with _style():
        fig, ax = _target(None, (4.2, 2.8))
        draw_activation(ax, _as_activation(f), True, (-5, 5))
    return figure_svg(fig)


def activation_latex(f: Any) -> str:
    r"""The formula of *f* as LaTeX for ``_repr_latex_``: ``$f(x) = ..., f'(x) = ...$``.

    >>> print(activation_latex(activation("relu")))
    $\mathrm{relu}(x) = \max(0, x)$
    """
    f = _as_activation(f)
    name = function_name(f).replace("_", r"\_")
    text = f"$\\mathrm{{{name}}}(x) = {getattr(f, 'formula', '?')}$"
    return text


def activation_html(f: Any) -> str:
    """An HTML block for Jupyter: name, formula, derivative, properties and the SVG plot.

    The formulas are MathML, which the browser typesets (no MathJax needed); the
    plot is inline SVG, so the block is self-contained.

    >>> h = activation_html(activation("elu", alpha=0.5))
    >>> "<svg" in h and "elu" in h and "zero-centred" in h
    True
    """
    import html

    f = _as_activation(f)
    name = html.escape(repr(f) if isinstance(f, Activation) else function_name(f))
    rows = []
    if isinstance(f, Activation):
        from ._mathml import formula_mathml

        m = formula_mathml(f.spec.formulas(f.params), html=True)
        rows.append(("f(x)", m["mathml"]))
        rows.append(("f'(x)", m["derivative_mathml"]))
    props = getattr(f, "properties", None)
    if props is not None:
        yes = {True: "yes", False: "no"}
        rows += [("range", props.range_text()), ("zero-centred", yes[props.zero_centered]),
                 ("monotonic", yes[props.monotonic]), ("saturation", props.saturation),
                 ("smoothness", props.smoothness),
                 ("f'(0)", f"{props.derivative_at_zero:g}")]
    table = "".join(f"<tr><th style='text-align:left;padding-right:1em'>{html.escape(k)}</th>"
                    f"<td>{v}</td></tr>" for k, v in rows)
    svg = activation_svg(f)
    svg = svg[svg.find("<svg"):]
    return (f"<div class='neuronkit-activation' style='display:flex;gap:1.5em;"
            f"align-items:flex-start'><div><b>{name}</b><table>{table}</table></div>"
            f"<div style='max-width:420px'>{svg}</div></div>")


def png_data_uri(fig: Any) -> str:
    """The figure as a ``data:image/png;base64,...`` URI (for self-contained HTML).

    >>> png_data_uri(plot_activation("relu")).startswith("data:image/png;base64,")
    True
    """
    return "data:image/png;base64," + base64.b64encode(figure_png(fig)).decode("ascii")


def plot_audit(result: Any, path: str | Path | None = None, *, ax: Any = None) -> Any:
    """The error of an audited implementation (:func:`neuronkit.audit`) against x.

    Both axes are symmetric-logarithmic (linear within 1 of 0): every binade of x, and
    errors from a fraction of an ULP to millions; the points beyond 1 ULP are drawn in
    the warning colour, infinite errors (a wrong NaN or infinity) on the top edge.

    >>> import numpy as np, neuronkit as nk
    >>> fig = plot_audit(nk.audit(np.tanh, "tanh"))
    >>> fig.axes[0].get_ylabel()
    'error (ULP of float32)'
    """
    fig, ax = _target(ax, (6.4, 4.0))
    x, err = np.asarray(result.x, dtype=np.float64), np.asarray(result.ulp)
    finite = np.isfinite(err)
    top = max(1.0, float(err[finite].max(initial=1.0))) * 4
    y = np.where(finite, err, top)
    bad = y > 1.0
    with _style():
        ax.scatter(x[~bad], y[~bad], s=2, color="#0072b2", label="within 1 ULP",
                   rasterized=True)
        ax.scatter(x[bad], y[bad], s=2, color="#d55e00", label="beyond 1 ULP",
                   rasterized=True)
        ax.axhline(1.0, color="#444444", lw=0.8, ls="--")
        ax.set_xscale("symlog", linthresh=1.0)
        ax.set_yscale("symlog", linthresh=1.0)
        ax.set_ylim(0.0, top * 2)
        # x: where the errors are (beyond half an ULP), with room; the tails are flat
        seen = np.abs(x[y > 0.5])
        reach = 10.0 ** math.ceil(math.log10(max(10.0, 2 * float(seen.max(initial=0.0)))))
        ax.set_xlim(-reach, reach)
        ax.set_xlabel("x (symmetric log scale)")
        ax.set_ylabel(f"error (ULP of {result.dtype})")
        ax.set_title(f"{result.name} in {result.dtype}\n{result.verdict}", fontsize=9)
        ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), markerscale=4)
    return _finish(fig, path)


# the pictures the lower rooms show (see neuronkit.hooks)
hooks.provide("activation_svg", activation_svg)
hooks.provide("activation_html", activation_html)
hooks.provide("activation_latex", activation_latex)
hooks.provide("plot_experiment", plot_experiment)
hooks.provide("decision_boundary", plot_decision_boundary)
hooks.provide("plot_audit", plot_audit)
