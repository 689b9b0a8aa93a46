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
from .i18n import Text

__all__ = ["DRAWERS", "LAYOUT", "LABELS"]

#: every label of the experiments' figures, in English and Chinese
LABELS: dict[str, Text] = {
    "epoch": Text("epoch", "训练轮数"),
    "lc_linear": Text("linear hidden layers (outputs 0.5 ± {off:.0e})",
                      "线性隐藏层（输出 0.5 ± {off:.0e}）"),
    "lc_tanh": Text("tanh hidden layers ({acc:.0%})", "Tanh 隐藏层（{acc:.0%}）"),
    "lc_log2": Text("log 2 (guessing 1/2)", "log 2（猜 1/2）"),
    "lc_loss": Text("training loss (binary cross-entropy)", "训练损失（二元交叉熵）"),
    "lc_title": Text("XOR: training loss", "异或：训练损失"),
    "lc_region_linear": Text("linear hidden layers: P(class 1) = 0.5 ± {off:.0e}",
                             "线性隐藏层：P(类别 1) = 0.5 ± {off:.0e}"),
    "lc_region_tanh": Text("tanh hidden layers: {acc:.0%} right", "Tanh 隐藏层：{acc:.0%} 正确"),
    "vg_line": Text("{a}: x{f:.2f} per layer", "{a}：每层 x{f:.2f}"),
    "vg_bound": Text("bound: x{b} per layer", "上界：每层 x{b}"),
    "vg_layer": Text("layer (1 = next to the input)", "层（1 = 紧挨输入层）"),
    "vg_norm": Text("gradient norm |dL/dW|", "梯度范数 |dL/dW|"),
    "vg_title": Text("{depth}-layer network at initialisation", "初始化时的 {depth} 层网络"),
    "bs_line": Text("{a} (mean next-layer input {m})", "{a}（后一层输入均值 {m}）"),
    "bs_threshold": Text("threshold {t}", "阈值 {t}"),
    "bs_epoch": Text("epoch (plain SGD)", "训练轮数（普通 SGD）"),
    "bs_loss": Text("training loss", "训练损失"),
    "bs_title": Text("same task, same initialisation", "同一任务，同一初始化"),
    "bs_mean": Text("mean next-layer input", "后一层输入均值"),
    "bs_sign": Text("weight gradients of one sign", "权重梯度同号"),
    "bs_hidden": Text("hidden activation", "隐藏层激活函数"),
    "bs_fraction": Text("mean / fraction of samples", "均值 / 样本比例"),
    "at_init": Text("at initialisation", "初始化时"),
    "sp_layer": Text("per layer", "各层"),
    "sp_activation": Text("activation (customary initialisation)", "激活函数（常用的初始化）"),
    "sp_fraction": Text("fraction of active units", "激活神经元的比例"),
    "sp_title": Text("units with output != 0 at initialisation", "初始化时输出不为 0 的神经元"),
    "sp_unit_x": Text("fraction of inputs on which a unit is active",
                      "神经元处于激活状态的输入所占比例"),
    "sp_units": Text("units", "神经元数"),
    "sp_unit_title": Text("per unit", "逐个神经元"),
    "dr_dead_before": Text("dead before training", "训练前死亡"),
    "dr_dead_after": Text("dead after training", "训练后死亡"),
    "dr_inactive_before": Text("z <= 0 on every input, before", "对所有输入 z <= 0，训练前"),
    "dr_inactive_after": Text("z <= 0 on every input, after", "对所有输入 z <= 0，训练后"),
    "dr_fraction": Text("fraction of hidden units", "隐藏神经元的比例"),
    "dr_title": Text("hidden biases shifted by {shift:g}", "隐藏层偏置平移 {shift:g}"),
    "dr_both": Text("dead before and after", "训练前后都死亡"),
    "dr_died": Text("died during training", "训练中死亡"),
    "dr_layer": Text("hidden layer {i}", "第 {i} 隐藏层"),
    "dr_units": Text("dead ReLU units (of {n})", "死亡的 ReLU 神经元（共 {n} 个）"),
    "dr_layers_title": Text("ReLU units per hidden layer", "各隐藏层的 ReLU 神经元"),
    "hs_gap": Text("max gap {d:.3f}\nat x = ±{w:g}", "最大差 {d:.3f}\n在 x = ±{w:g} 处"),
    "hs_title": Text("{hard} vs {smooth} ({s:.1f}x as fast)",
                     "{hard} 对比 {smooth}（快 {s:.1f} 倍）"),
    "sy_unit": Text("unit {j}", "神经元 {j}"),
    "sy_weight": Text("weight from input 1", "来自输入 1 的权重"),
    "sy_zero": Text("zero initialisation: XOR {acc:.0%}", "全零初始化：异或 {acc:.0%}"),
    "sy_random": Text("random initialisation: XOR {acc:.0%}", "随机初始化：异或 {acc:.0%}"),
    "sy_line": Text("all {n} units on one line", "{n} 个神经元重合为一条线"),
    "gate_output": Text("output {c}", "输出 {c}"),
    "gate_xor": Text("XOR: 2-layer MP network", "异或：两层MP网络"),
    "gate_xor_note": Text("\n(no single line separates it)", "\n（没有一条直线能把它分开）"),
}


def _labels(lang: str) -> Any:
    """``L(key, **fields)``: the label *key* of :data:`LABELS` in *lang*."""
    return lambda key, **fields: LABELS[key](lang, **fields)


def _linear_collapse(r: Any, axes: list, lang: str = "en") -> None:
    L = _labels(lang)
    ax = axes[0]
    ep = np.arange(1, len(r.linear_loss) + 1)
    ax.plot(ep, r.linear_loss, color=color("identity"), label=L("lc_linear", off=r.linear_offset))
    ax.plot(ep, r.nonlinear_loss, color=color("tanh"),
            label=L("lc_tanh", acc=r.nonlinear_accuracy))
    ax.axhline(np.log(2), color="#999999", linestyle=":", linewidth=1, label=L("lc_log2"))
    ax.set_yscale("log")
    ax.set_xlabel(L("epoch"))
    ax.set_ylabel(L("lc_loss"))
    ax.set_title(L("lc_title"))
    legend_outside(ax)
    if len(axes) > 1 and r.networks:
        X, y = r.data
        plot_decision_boundary = hooks.get("decision_boundary")
        titles = (L("lc_region_linear", off=r.linear_offset),
                  L("lc_region_tanh", acc=r.nonlinear_accuracy))
        for a, net, title in zip(axes[1:], r.networks, titles, strict=False):
            plot_decision_boundary(net, X, y, ax=a, resolution=120, title=title, lang=lang)


def _vanishing_gradients(r: Any, axes: list, lang: str = "en") -> None:
    L = _labels(lang)
    ax = axes[0]
    layers = np.arange(1, r.depth + 1)
    for a in r.activations:
        ax.semilogy(layers, r.norms[a], marker="o", markersize=4, color=color(a),
                    label=L("vg_line", a=a, f=r.factor[a]))
    if "logistic" in r.norms:
        last = r.norms["logistic"][-1]
        bound = last * r.bound ** (r.depth - layers)
        ax.semilogy(layers, bound, color=color("logistic"), linestyle=":", linewidth=1.2,
                    label=L("vg_bound", b=r.bound))
    ax.set_xlabel(L("vg_layer"))
    ax.set_ylabel(L("vg_norm"))
    ax.set_title(L("vg_title", depth=r.depth))
    ax.set_xticks(layers)
    legend_outside(ax)


def _bias_shift(r: Any, axes: list, lang: str = "en") -> None:
    L = _labels(lang)
    ax = axes[0]
    for a in r.activations:
        ep = np.arange(1, len(r.loss[a]) + 1)
        e = r.epochs_to_threshold[a]
        ax.plot(ep, r.loss[a], color=color(a),
                label=L("bs_line", a=a, m=signed(r.mean_output[a])))
        if e is not None:
            ax.plot([e], [r.loss[a][e - 1]], marker="o", color=color(a))
    ax.axhline(r.threshold, color="#999999", linestyle=":", linewidth=1,
               label=L("bs_threshold", t=r.threshold))
    ax.set_yscale("log")
    ax.set_xlabel(L("bs_epoch"))
    ax.set_ylabel(L("bs_loss"))
    ax.set_title(L("bs_title"))
    legend_outside(ax)
    if len(axes) > 1:
        ax2 = axes[1]
        x = np.arange(len(r.activations))
        means = [r.mean_output[a] for a in r.activations]
        signs = [r.same_sign[a] for a in r.activations]
        cols = [color(a) for a in r.activations]
        ax2.bar(x - 0.2, means, width=0.38, color=cols, label=L("bs_mean"))
        ax2.bar(x + 0.2, signs, width=0.38, color=cols, alpha=0.45, hatch="//",
                label=L("bs_sign"))
        for i in range(len(x)):
            ax2.text(x[i] - 0.2, max(means[i], 0.0) + 0.02, signed(means[i]),
                     ha="center")
            ax2.text(x[i] + 0.2, signs[i] + 0.02, f"{signs[i]:.0%}", ha="center")
        ax2.set_xticks(x, r.activations)
        ax2.set_xlabel(L("bs_hidden"))
        ax2.set_ylim(min(0.0, min(means)) - 0.05, 1.1)
        ax2.set_ylabel(L("bs_fraction"))
        ax2.set_title(L("at_init"))
        legend_outside(ax2)


def _sparsity(r: Any, axes: list, lang: str = "en") -> None:
    L = _labels(lang)
    ax = axes[0]
    x = np.arange(len(r.activations))
    ax.bar(x, [r.active_fraction[a] for a in r.activations],
           color=[color(a) for a in r.activations], width=0.6)
    for i, a in enumerate(r.activations):
        ax.plot([i] * len(r.per_layer[a]), r.per_layer[a], "o", color="#333333",
                markersize=3, label=L("sp_layer") if i == 0 else None)
        ax.text(i, r.active_fraction[a] + 0.03, f"{r.active_fraction[a]:.0%}", ha="center")
    ax.axhline(0.5, color="#999999", linestyle=":", linewidth=1)
    ax.set_xticks(x, r.activations)
    ax.set_xlabel(L("sp_activation"))
    ax.set_ylim(0, 1.15)
    ax.set_ylabel(L("sp_fraction"))
    ax.set_title(L("sp_title"))
    legend_outside(ax)
    if len(axes) > 1:
        ax2 = axes[1]
        bins = np.linspace(0, 1, 21)
        for a in r.activations:
            if a in ("relu", "logistic"):
                ax2.hist(r.unit_fractions[a], bins=bins, color=color(a), alpha=0.6, label=a)
        ax2.set_xlabel(L("sp_unit_x"))
        ax2.set_ylabel(L("sp_units"))
        ax2.set_title(L("sp_unit_title"))
        legend_outside(ax2)


def _dying_relu(r: Any, axes: list, lang: str = "en") -> None:
    L = _labels(lang)
    ax = axes[0]
    x = np.arange(len(r.activations))
    cols = [color(a) for a in r.activations]
    bars = ((L("dr_dead_before"), r.dead_before, 0.35, ""),
            (L("dr_dead_after"), r.dead_after, 1.0, ""),
            (L("dr_inactive_before"), r.inactive_before, 0.25, "//"),
            (L("dr_inactive_after"), r.inactive_after, 0.6, "//"))
    for k, (label, values, alpha, hatch) in enumerate(bars):
        at = x + (k - 1.5) * 0.21
        ax.bar(at, [values[a] for a in r.activations], width=0.2, color=cols, alpha=alpha,
               hatch=hatch)
        # the legend's swatch: the kind of bar in grey (each group has its activation's colour)
        ax.bar(at[:1], [0.0], width=0.2, color="#777777", alpha=alpha, hatch=hatch, label=label)
        if k == 1:
            for i, a in enumerate(r.activations):
                ax.text(at[i], values[a] + 0.02, f"{values[a]:.0%}", ha="center")
    ax.set_xticks(x, r.activations)
    ax.set_xlabel(L("bs_hidden"))
    ax.set_ylim(0, 1.0)
    ax.set_ylabel(L("dr_fraction"))
    ax.set_title(L("dr_title", shift=r.shift))
    legend_outside(ax)
    if len(axes) > 1 and "relu" in r.activations:
        _dying_relu_layers(r, axes[1], L)


def _dying_relu_layers(r: Any, ax: Any, L: Any) -> None:
    """The dead ReLU units of each hidden layer: which stayed dead, came back, died."""
    before, after, stayed = (r.dead_units_before["relu"], r.dead_units_after["relu"],
                             r.stayed_dead["relu"])
    x = np.arange(len(before))
    c = color("relu")
    ax.bar(x - 0.2, before, width=0.38, color=c, alpha=0.35, label=L("dr_dead_before"))
    ax.bar(x + 0.2, stayed, width=0.38, color=c, label=L("dr_both"))
    ax.bar(x + 0.2, [a - s for a, s in zip(after, stayed, strict=True)], width=0.38,
           bottom=stayed, color="#555555", hatch="//", label=L("dr_died"))
    for i in range(len(x)):
        ax.text(x[i] - 0.2, before[i] + 0.4, str(before[i]), ha="center")
        ax.text(x[i] + 0.2, after[i] + 0.4, str(after[i]), ha="center")
    ax.set_xticks(x, [L("dr_layer", i=i + 1) for i in range(len(x))])
    ax.set_ylim(0, r.hidden * 1.08)
    ax.set_ylabel(L("dr_units", n=r.hidden))
    ax.set_title(L("dr_layers_title"))
    legend_outside(ax)


def _hard_vs_smooth(r: Any, axes: list, lang: str = "en") -> None:
    L = _labels(lang)
    for ax, (smooth, hard) in zip(axes, r.pairs, strict=False):
        draw_activation(ax, activation(smooth), False, (-5, 5), title=False, legend=False)
        draw_activation(ax, activation(hard), False, (-5, 5), title=False, legend=False,
                         zero_lines=False)
        w = r.where[hard]
        s, h = float(activation(smooth)(w)), float(activation(hard)(w))
        ax.annotate("", xy=(w, h), xytext=(w, s),
                    arrowprops={"arrowstyle": "<->", "color": "#b00020"})
        ax.text(w + 0.25, s - 0.04 * (h - float(activation(hard)(-w))),
                L("hs_gap", d=r.max_deviation[hard], w=w), color="#b00020", va="top")
        ax.set_title(L("hs_title", hard=hard, smooth=smooth, s=r.speedup[hard]))
        legend_outside(ax)


def _symmetry(r: Any, axes: list, lang: str = "en") -> None:
    L = _labels(lang)
    panels = (("zero", r.zero_trajectory, r.zero_accuracy),
              ("random", r.random_trajectory, r.random_accuracy))
    for ax, (label, traj, acc) in zip(axes, panels, strict=False):
        t = np.array(traj)
        for j in range(t.shape[1]):
            ax.plot(r.epochs, t[:, j], marker="o" if label == "zero" else None,
                    markersize=5 - j, linestyle="-", label=L("sy_unit", j=j + 1))
        ax.set_xlabel(L("epoch"))
        ax.set_ylabel(L("sy_weight"))
        ax.set_title(L("sy_" + label, acc=acc))
        if label == "zero":
            ax.text(0.5, 0.5, L("sy_line", n=t.shape[1]), transform=ax.transAxes,
                    ha="center", color="#444444")
        legend_outside(ax)


def draw_gates(axes: list, lang: str = "en") -> None:
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
                       label=_labels(lang)("gate_output", c=cls))
        if name == "xor":
            sep = linear_separability(X, y)
            ax.set_title(_labels(lang)("gate_xor")
                         + ("" if sep.separable else _labels(lang)("gate_xor_note")))
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
