"""Figures: consistent colours and styles, labelled axes, files of the expected size."""

from __future__ import annotations

import subprocess
import sys

import matplotlib.colors as mcolors
import numpy as np
import pytest

import neuronkit as nk
from neuronkit import experiments as E
from neuronkit import plotting as P
from neuronkit.errors import ParameterError
from tourcache import grid_size, png_size


def test_import_neuronkit_does_not_import_matplotlib():
    code = ("import sys, neuronkit, neuronkit.experiments, neuronkit.analysis; "
            "print('matplotlib' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == "False"


def _lines(ax):
    return [ln for ln in ax.get_lines() if not ln.get_label().startswith("_")]


def test_activation_function_solid_derivative_dashed_same_colour():
    fig = P.plot_activation(nk.activation("tanh"))
    ax = fig.axes[0]
    f, d = _lines(ax)
    assert f.get_linestyle() == "-" and d.get_linestyle() == "--"
    assert mcolors.to_hex(f.get_color()) == mcolors.to_hex(d.get_color()) == P.COLORS["tanh"]
    assert ax.get_xlabel() == "x" and ax.get_ylabel() and ax.get_title() == "tanh"
    assert ax.get_legend() is not None


def test_colours_are_consistent_across_figures():
    cmp = P.plot_comparison(["logistic", "relu", "tanh"])
    by_label = {ln.get_label(): mcolors.to_hex(ln.get_color()) for ln in _lines(cmp.axes[0])}
    assert by_label == {"logistic(x)": P.COLORS["logistic"], "relu(x)": P.COLORS["relu"],
                        "tanh(x)": P.COLORS["tanh"]}
    vg = P.plot_experiment(E.vanishing_gradients(seed=0, samples=64))
    got = {ln.get_label().split(":")[0]: mcolors.to_hex(ln.get_color())
           for ln in _lines(vg.axes[0]) if not ln.get_label().startswith("bound")}
    assert got == {a: P.COLORS[a] for a in ("logistic", "tanh", "relu")}
    assert len(set(P.COLORS.values())) == len(P.COLORS)  # one colour per activation
    assert set(nk.activation_names()) <= set(P.COLORS)
    assert P.color("sigmoid") == P.COLORS["logistic"]


def test_grid_of_all_activations(tmp_path):
    path = tmp_path / "grid.png"
    fig = P.plot_activations(path=path)
    titles = [ax.get_title() for ax in fig.axes if ax.get_visible()]
    assert titles == nk.activation_names()  # defaults are not repeated in titles
    assert png_size(path) == grid_size(len(nk.activation_names()))
    assert all(ax.get_xlabel() == "x" for ax in fig.axes if ax.get_visible())


def test_non_default_parameters_in_title():
    fig = P.plot_activation(nk.activation("leaky_relu", negative_slope=0.2))
    assert fig.axes[0].get_title() == "leaky_relu (negative_slope=0.2)"


def test_plain_callable_and_derivative_by_differences():
    fig = P.plot_activation(np.tanh)
    f, d = _lines(fig.axes[0])
    x = f.get_xdata()
    assert np.allclose(d.get_ydata(), 1 - np.tanh(x) ** 2, atol=1e-8)


@pytest.mark.parametrize("suffix", [".png", ".svg"])
def test_save_png_and_svg(tmp_path, suffix):
    path = tmp_path / f"relu{suffix}"
    P.plot_activation("relu", path=path)
    data = path.read_bytes()
    assert len(data) > 2000
    if suffix == ".png":
        assert png_size(path) == (1280, 800)  # 6.4 x 4 inches at 200 dpi
    else:
        assert b"<svg" in data[:2000] and b"</svg>" in data[-100:]


def test_save_errors(tmp_path):
    fig = P.plot_activation("relu")
    with pytest.raises(ParameterError, match=r"\.png or \.svg"):
        P.save_figure(fig, tmp_path / "x.jpg")
    with pytest.raises(ParameterError, match="does not exist"):
        P.save_figure(fig, tmp_path / "missing" / "x.png")
    with pytest.raises(ParameterError, match="at least one"):
        P.plot_activations([])
    with pytest.raises(ParameterError):
        P.plot_activation(42)


def test_decision_boundary_binary_and_multiclass(tmp_path):
    X, y = nk.datasets.xor()
    net = nk.Network([nk.Dense(2, 4, activation="tanh"),
                      nk.Dense(4, 1, activation="logistic")], seed=0)
    net.fit(X, y, epochs=300, learning_rate=0.05, batch_size=4, seed=0, progress=False)
    fig = P.plot_decision_boundary(net, X, y, path=tmp_path / "b.png")
    ax = fig.axes[0]
    assert (ax.get_xlabel(), ax.get_ylabel()) == ("x1", "x2")
    assert png_size(tmp_path / "b.png") == (1280, 920)
    Xs, ys = nk.datasets.spirals(90, seed=0)
    net3 = nk.Network([nk.Dense(2, 8, activation="relu"),
                       nk.Dense(8, 3, activation="softmax")], seed=0)
    net3.fit(Xs, ys, epochs=5, progress=False, seed=0)
    fig3 = P.plot_decision_boundary(net3, Xs, ys)
    assert len(fig3.axes[0].collections) >= 4  # regions + 3 classes of points
    with pytest.raises(ParameterError, match="2-D"):
        P.plot_decision_boundary(net3, np.zeros((3, 3)), [0, 1, 2])


def test_history_and_training_summary(tmp_path):
    from neuronkit.training import History

    fig = P.plot_history(History(loss=[0.7, 0.3, 0.1], val_loss=[0.8, 0.4, 0.2]))
    ax = fig.axes[0]
    assert ax.get_xlabel() == "epoch" and ax.get_yscale() == "log"
    assert [ln.get_linestyle() for ln in _lines(ax)] == ["-", "--"]
    with pytest.raises(ParameterError, match="empty"):
        P.plot_history(History())
    X, y = nk.datasets.two_moons(60, seed=0)
    net = nk.Network([nk.Dense(2, 4, activation="tanh"),
                      nk.Dense(4, 1, activation="logistic")], seed=0)
    h = net.fit(X, y, epochs=5, progress=False, seed=0)
    P.plot_training(net, X, y, h, tmp_path / "t.png")
    assert png_size(tmp_path / "t.png") == (2200, 880)


QUICK = {
    "linear-collapse": dict(epochs=60), "vanishing-gradients": dict(samples=64),
    "bias-shift": dict(epochs=5), "sparsity": dict(samples=100), "dying-relu": dict(epochs=5),
    "hard-vs-smooth": dict(points=2001), "symmetry": dict(epochs=100),
}


@pytest.mark.parametrize("name", E.experiment_names())
def test_every_experiment_figure(name, tmp_path):
    from neuronkit import _figures

    r = E.run(name, seed=0, **QUICK[name])
    path = tmp_path / f"{name}.png"
    fig = r.plot(path=path)
    n, (w, h) = _figures.LAYOUT[name]
    assert png_size(path) == (round(w * 200), round(h * 200))
    main = fig.axes[0]
    assert main.get_xlabel() and main.get_ylabel() and main.get_title()
    assert fig.get_suptitle().startswith(name)
    # into an existing axes: only the main panel
    from matplotlib.figure import Figure

    ax = Figure().subplots()
    assert r.plot(ax=ax) is ax.figure and ax.has_data()


def test_plot_experiment_rejects_other_objects():
    with pytest.raises(ParameterError, match="experiment result"):
        P.plot_experiment(object())


def test_gates_figure(tmp_path):
    fig = P.plot_gates(tmp_path / "g.png")
    assert [a.get_title().split(":")[0] for a in fig.axes] == ["AND", "OR", "NAND", "NOR", "XOR"]
    assert png_size(tmp_path / "g.png") == (3200, 760)


def test_jupyter_helpers():
    f = nk.activation("elu", alpha=0.5)
    svg = P.activation_svg(f)
    assert svg.lstrip().startswith("<?xml") and "</svg>" in svg
    html = P.activation_html(f)
    assert "<svg" in html and "Activation(&#x27;elu&#x27;, alpha=0.5)" in html
    assert "zero-centred" in html and "<script" not in html
    assert html.count("<math") == 2 and "\\alpha" not in html  # MathML, not TeX
    assert P.activation_latex(nk.activation("relu")) == r"$\mathrm{relu}(x) = \max(0, x)$"
    assert P.png_data_uri(P.plot_activation("relu")).startswith("data:image/png;base64,")


# -- slide quality: resolution, SVG beside the PNG, legends off the data, x-ranges --------

def _figures_to_check():
    """Every kind of figure neuronkit draws, with the legend(s) it has."""
    X, y = nk.datasets.two_moons(60, seed=0)
    net = nk.Network([nk.Dense(2, 4, activation="tanh"),
                      nk.Dense(4, 1, activation="logistic")], seed=0)
    h = net.fit(X, y, epochs=5, progress=False, seed=0)
    figs = {"activation": P.plot_activation("tanh"),
            "comparison": P.plot_comparison(["logistic", "tanh", "relu", "leaky_relu", "elu",
                                             "gelu"], derivative=True),
            "boundary": P.plot_decision_boundary(net, X, y),
            "training": P.plot_training(net, X, y, h), "gates": P.plot_gates()}
    for name in E.experiment_names():
        figs[name] = E.run(name, seed=0, **QUICK[name]).plot()
    return figs


def test_every_figure_is_slide_quality_with_legends_off_the_data(tmp_path):
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    assert P.DPI >= 200
    for key, fig in _figures_to_check().items():
        png, svg = P.save_figures(fig, tmp_path / f"{key}.png")
        width, _ = png_size(png)
        assert width >= 1200, f"{key}: {width} px wide"
        assert svg.suffix == ".svg" and b"</svg>" in svg.read_bytes()[-100:]
        canvas = FigureCanvasAgg(fig)
        canvas.draw()
        renderer = canvas.get_renderer()
        legends = [ax.get_legend() for ax in fig.axes if ax.get_legend() is not None]
        assert legends, f"{key}: no legend"
        for legend in legends:
            box = legend.get_window_extent(renderer)
            for ax in fig.axes:  # neither its own axes nor another panel or colour bar
                assert not box.overlaps(ax.get_window_extent(renderer)), \
                    f"{key}: the legend covers the axes {ax.get_title() or ax.get_label()!r}"


def test_comparison_keeps_every_curve_visible():
    # relu, leaky_relu, elu and gelu coincide for large x: each earlier curve is wider
    # and below the next, so it shows as a band around the ones drawn over it
    names = ["logistic", "tanh", "relu", "leaky_relu", "elu", "gelu"]
    lines = _lines(P.plot_comparison(names).axes[0])
    widths = [ln.get_linewidth() for ln in lines]
    orders = [ln.get_zorder() for ln in lines]
    assert [ln.get_label() for ln in lines] == [f"{n}(x)" for n in names]
    assert all(a > b + 0.5 for a, b in zip(widths, widths[1:], strict=False))
    assert all(a < b for a, b in zip(orders, orders[1:], strict=False))


def test_default_x_range_shows_each_activations_features():
    ax = P.plot_activation("relu6").axes[0]
    lo, hi = ax.get_xlim()
    assert lo < 0 and hi > 6  # the cap at 6 in view
    f = _lines(ax)[0]
    assert np.max(f.get_ydata()) == 6.0 and np.sum(f.get_ydata() == 6.0) > 50
    assert P.plot_activation("tanh").axes[0].get_xlim() == (-5.0, 5.0)
    assert P.plot_comparison(["relu6", "tanh"]).axes[0].get_xlim() == (-5.0, 8.0)
    grid = P.plot_activations(["relu6", "tanh"])
    assert [a.get_xlim() for a in grid.axes] == [(-2.0, 8.0), (-5.0, 5.0)]
    ax = P.plot_activation("relu", x_range=(-1, 2), y_range=(-0.5, 3)).axes[0]
    assert ax.get_xlim() == (-1, 2) and ax.get_ylim() == (-0.5, 3)


def test_one_colour_scheme_for_classes():
    from neuronkit._drawing import CLASS_COLORS, class_color

    X, y = nk.datasets.xor()
    net = nk.Network([nk.Dense(2, 4, activation="tanh"),
                      nk.Dense(4, 1, activation="logistic")], seed=0)
    ax = P.plot_decision_boundary(net, X, y).axes[0]
    points = {c.get_label(): mcolors.to_hex(c.get_facecolor()[0])
              for c in ax.collections if c.get_label().startswith("class")}
    assert points == {"class 0": class_color(0).lower(), "class 1": class_color(1).lower()}
    cmap = P.class_colormap()
    assert mcolors.to_hex(cmap(0.0)) == CLASS_COLORS[0].lower()
    assert mcolors.to_hex(cmap(1.0)) == CLASS_COLORS[1].lower()
    gates = P.plot_gates().axes[0]
    dots = {c.get_label(): mcolors.to_hex(c.get_facecolor()[0]) for c in gates.collections
            if c.get_label().startswith("output")}
    assert dots == {"output 0": class_color(0).lower(), "output 1": class_color(1).lower()}
