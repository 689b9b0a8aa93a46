"""The figure of each experiment (used by :func:`neuronkit.plotting.plot_experiment`).

Each drawer takes a result and a list of matplotlib axes: the full layout
(:data:`LAYOUT`) or, when the caller passes one axes, just the main panel.
matplotlib itself is only touched through those axes.  This module lies below
:mod:`neuronkit.plotting`: it draws with :mod:`neuronkit._drawing`, and the decision
regions of a network with the ``decision_boundary`` hook that plotting provides
(see :mod:`neuronkit.hooks`).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from . import hooks
from ._drawing import class_color, color, draw_activation, legend_outside
from .activations import activation
from .experiments._base import signed

__all__ = ["DRAWERS", "LAYOUT"]


def _linear_collapse(r: Any, axes: list) -> None:
    ax = axes[0]
    ep = np.arange(1, len(r.linear_loss) + 1)
    ax.plot(ep, r.linear_loss, color=color("identity"),
            label=f"linear hidden layers (outputs 0.5 ± {r.linear_offset:.0e})")
    ax.plot(ep, r.nonlinear_loss, color=color("tanh"),
            label=f"tanh hidden layers ({r.nonlinear_accuracy:.0%})")
    ax.axhline(np.log(2), color="#999999", linestyle=":", linewidth=1,
               label="log 2 (guessing 1/2)")
    ax.set_yscale("log")
    ax.set_xlabel("epoch")
    ax.set_ylabel("training loss (binary cross-entropy)")
    ax.set_title("XOR: training loss")
    legend_outside(ax)
    if len(axes) > 1 and r.networks:
        X, y = r.data
        plot_decision_boundary = hooks.get("decision_boundary")
        titles = (f"linear hidden layers: P(class 1) = 0.5 ± {r.linear_offset:.0e}",
                  f"tanh hidden layers: {r.nonlinear_accuracy:.0%} right")
        for a, net, title in zip(axes[1:], r.networks, titles, strict=False):
            plot_decision_boundary(net, X, y, ax=a, resolution=120, title=title)


def _vanishing_gradients(r: Any, axes: list) -> None:
    ax = axes[0]
    layers = np.arange(1, r.depth + 1)
    for a in r.activations:
        ax.semilogy(layers, r.norms[a], marker="o", markersize=4, color=color(a),
                    label=f"{a}: x{r.factor[a]:.2f} per layer")
    if "logistic" in r.norms:
        last = r.norms["logistic"][-1]
        bound = last * r.bound ** (r.depth - layers)
        ax.semilogy(layers, bound, color=color("logistic"), linestyle=":", linewidth=1.2,
                    label=f"bound: x{r.bound} per layer")
    ax.set_xlabel("layer (1 = next to the input)")
    ax.set_ylabel("gradient norm |dL/dW|")
    ax.set_title(f"{r.depth}-layer network at initialisation")
    ax.set_xticks(layers)
    legend_outside(ax)


def _bias_shift(r: Any, axes: list) -> None:
    ax = axes[0]
    for a in r.activations:
        ep = np.arange(1, len(r.loss[a]) + 1)
        e = r.epochs_to_threshold[a]
        ax.plot(ep, r.loss[a], color=color(a),
                label=f"{a} (mean next-layer input {signed(r.mean_output[a])})")
        if e is not None:
            ax.plot([e], [r.loss[a][e - 1]], marker="o", color=color(a))
    ax.axhline(r.threshold, color="#999999", linestyle=":", linewidth=1,
               label=f"threshold {r.threshold}")
    ax.set_yscale("log")
    ax.set_xlabel("epoch (plain SGD)")
    ax.set_ylabel("training loss")
    ax.set_title("same task, same initialisation")
    legend_outside(ax)
    if len(axes) > 1:
        ax2 = axes[1]
        x = np.arange(len(r.activations))
        means = [r.mean_output[a] for a in r.activations]
        signs = [r.same_sign[a] for a in r.activations]
        cols = [color(a) for a in r.activations]
        ax2.bar(x - 0.2, means, width=0.38, color=cols, label="mean next-layer input")
        ax2.bar(x + 0.2, signs, width=0.38, color=cols, alpha=0.45, hatch="//",
                label="weight gradients of one sign")
        for i in range(len(x)):
            ax2.text(x[i] - 0.2, max(means[i], 0.0) + 0.02, signed(means[i]),
                     ha="center")
            ax2.text(x[i] + 0.2, signs[i] + 0.02, f"{signs[i]:.0%}", ha="center")
        ax2.set_xticks(x, r.activations)
        ax2.set_xlabel("hidden activation")
        ax2.set_ylim(min(0.0, min(means)) - 0.05, 1.1)
        ax2.set_ylabel("mean / fraction of samples")
        ax2.set_title("at initialisation")
        legend_outside(ax2)


def _sparsity(r: Any, axes: list) -> None:
    ax = axes[0]
    x = np.arange(len(r.activations))
    ax.bar(x, [r.active_fraction[a] for a in r.activations],
           color=[color(a) for a in r.activations], width=0.6)
    for i, a in enumerate(r.activations):
        ax.plot([i] * len(r.per_layer[a]), r.per_layer[a], "o", color="#333333",
                markersize=3, label="per layer" if i == 0 else None)
        ax.text(i, r.active_fraction[a] + 0.03, f"{r.active_fraction[a]:.0%}", ha="center")
    ax.axhline(0.5, color="#999999", linestyle=":", linewidth=1)
    ax.set_xticks(x, r.activations)
    ax.set_xlabel("activation (customary initialisation)")
    ax.set_ylim(0, 1.15)
    ax.set_ylabel("fraction of active units")
    ax.set_title("units with output != 0 at initialisation")
    legend_outside(ax)
    if len(axes) > 1:
        ax2 = axes[1]
        bins = np.linspace(0, 1, 21)
        for a in r.activations:
            if a in ("relu", "logistic"):
                ax2.hist(r.unit_fractions[a], bins=bins, color=color(a), alpha=0.6, label=a)
        ax2.set_xlabel("fraction of inputs on which a unit is active")
        ax2.set_ylabel("units")
        ax2.set_title("per unit")
        legend_outside(ax2)


def _dying_relu(r: Any, axes: list) -> None:
    ax = axes[0]
    x = np.arange(len(r.activations))
    cols = [color(a) for a in r.activations]
    bars = (("dead before training", r.dead_before, 0.35, ""),
            ("dead after training", r.dead_after, 1.0, ""),
            ("z <= 0 on every input, before", r.inactive_before, 0.25, "//"),
            ("z <= 0 on every input, after", r.inactive_after, 0.6, "//"))
    for k, (label, values, alpha, hatch) in enumerate(bars):
        at = x + (k - 1.5) * 0.21
        ax.bar(at, [values[a] for a in r.activations], width=0.2, color=cols, alpha=alpha,
               hatch=hatch, label=label)
        if k == 1:
            for i, a in enumerate(r.activations):
                ax.text(at[i], values[a] + 0.02, f"{values[a]:.0%}", ha="center")
    ax.set_xticks(x, r.activations)
    ax.set_xlabel("hidden activation")
    ax.set_ylim(0, 1.0)
    ax.set_ylabel("fraction of hidden units")
    ax.set_title(f"hidden biases shifted by {r.shift:g}")
    legend_outside(ax)
    if len(axes) > 1 and "relu" in r.activations:
        _dying_relu_layers(r, axes[1])


def _dying_relu_layers(r: Any, ax: Any) -> None:
    """The dead ReLU units of each hidden layer: which stayed dead, came back, died."""
    before, after, stayed = (r.dead_units_before["relu"], r.dead_units_after["relu"],
                             r.stayed_dead["relu"])
    x = np.arange(len(before))
    c = color("relu")
    ax.bar(x - 0.2, before, width=0.38, color=c, alpha=0.35, label="dead before training")
    ax.bar(x + 0.2, stayed, width=0.38, color=c, label="dead before and after")
    ax.bar(x + 0.2, [a - s for a, s in zip(after, stayed, strict=True)], width=0.38,
           bottom=stayed, color="#555555", hatch="//", label="died during training")
    for i in range(len(x)):
        ax.text(x[i] - 0.2, before[i] + 0.4, str(before[i]), ha="center")
        ax.text(x[i] + 0.2, after[i] + 0.4, str(after[i]), ha="center")
    ax.set_xticks(x, [f"hidden layer {i + 1}" for i in range(len(x))])
    ax.set_ylim(0, r.hidden * 1.08)
    ax.set_ylabel(f"dead ReLU units (of {r.hidden})")
    ax.set_title("ReLU units per hidden layer")
    legend_outside(ax)


def _hard_vs_smooth(r: Any, axes: list) -> None:
    for ax, (smooth, hard) in zip(axes, r.pairs, strict=False):
        draw_activation(ax, activation(smooth), False, (-5, 5), title=False, legend=False)
        draw_activation(ax, activation(hard), False, (-5, 5), title=False, legend=False,
                         zero_lines=False)
        w = r.where[hard]
        s, h = float(activation(smooth)(w)), float(activation(hard)(w))
        ax.annotate("", xy=(w, h), xytext=(w, s),
                    arrowprops={"arrowstyle": "<->", "color": "#b00020"})
        ax.text(w + 0.25, s - 0.04 * (h - float(activation(hard)(-w))),
                f"max gap {r.max_deviation[hard]:.3f}\nat x = ±{w:g}", color="#b00020",
                va="top")
        ax.set_title(f"{hard} vs {smooth} ({r.speedup[hard]:.1f}x as fast)")
        legend_outside(ax)


def _symmetry(r: Any, axes: list) -> None:
    panels = (("zero", r.zero_trajectory, r.zero_accuracy),
              ("random", r.random_trajectory, r.random_accuracy))
    for ax, (label, traj, acc) in zip(axes, panels, strict=False):
        t = np.array(traj)
        for j in range(t.shape[1]):
            ax.plot(r.epochs, t[:, j], marker="o" if label == "zero" else None,
                    markersize=5 - j, linestyle="-", label=f"unit {j + 1}")
        ax.set_xlabel("epoch")
        ax.set_ylabel("weight from input 1")
        ax.set_title(f"{label} initialisation: XOR {acc:.0%}")
        if label == "zero":
            ax.text(0.5, 0.5, f"all {t.shape[1]} units on one line", transform=ax.transAxes,
                    ha="center", color="#444444")
        legend_outside(ax)


def draw_gates(axes: list) -> None:
    """AND, OR, NAND, NOR as MP neurons (their line w.x + b = 0) and XOR's two-layer network."""
    from .neurons import MPNeuron, linear_separability, truth_table, xor_network

    t = np.linspace(-0.25, 1.25, 181)
    gx, gy = np.meshgrid(t, t)
    grid = np.column_stack([gx.ravel(), gy.ravel()])
    names = ("and", "or", "nand", "nor", "xor")
    for ax, name in zip(axes, names, strict=False):
        unit = xor_network() if name == "xor" else MPNeuron.gate(name)
        X, y = truth_table(unit, 2)
        fired = np.asarray(unit(grid)).reshape(gx.shape)
        ax.contourf(gx, gy, fired, levels=[-0.5, 0.5, 1.5], colors=[class_color(0), class_color(1)],
                    alpha=0.18)
        for cls, c in ((0, class_color(0)), (1, class_color(1))):
            sel = y == cls
            ax.scatter(X[sel, 0], X[sel, 1], s=70, color=c, edgecolors="white", zorder=3,
                       label=f"output {cls}")
        if name == "xor":
            sep = linear_separability(X, y)
            ax.set_title("XOR: 2-layer MP network" + ("" if sep.separable else
                                                      "\n(no single line separates it)"))
        else:
            w, b = unit.weights, unit.bias
            ax.plot(t, -(w[0] * t + b) / w[1], color="#333333", linewidth=1.2)
            ax.set_title(f"{name.upper()}: w = {w.tolist()}, b = {b:g}")
        ax.set_xlim(-0.25, 1.25)
        ax.set_ylim(-0.25, 1.25)
        ax.set_xlabel("x1")
        ax.set_ylabel("x2")
        ax.set_aspect("equal")
    legend_outside(axes[-1])


DRAWERS = {
    "linear-collapse": _linear_collapse,
    "vanishing-gradients": _vanishing_gradients,
    "bias-shift": _bias_shift,
    "sparsity": _sparsity,
    "dying-relu": _dying_relu,
    "hard-vs-smooth": _hard_vs_smooth,
    "symmetry": _symmetry,
}

#: panels and figure size (inches) of each experiment's full figure
LAYOUT = {
    "linear-collapse": (3, (15.0, 4.4)),
    "vanishing-gradients": (1, (7.0, 4.4)),
    "bias-shift": (2, (12.0, 4.4)),
    "sparsity": (2, (11.0, 4.4)),
    "dying-relu": (2, (13.0, 4.6)),
    "hard-vs-smooth": (2, (12.0, 4.4)),
    "symmetry": (2, (12.0, 4.4)),
}
