"""The tour's report as one self-contained HTML page, in English or Chinese.

The page follows the source chapter section by section: the McCulloch-Pitts
neuron, the general neuron and networks of neurons, the sigmoid-type functions
(logistic, tanh and their hard versions), ReLU, the modern family, and the
glossary.  Each claim of the source is quoted (in our words, in the chosen
language) next to the experiment that measures it.  Every text a reader sees is
a :class:`~neuronkit.i18n.Text` with both languages, in the tables below.
"""

from __future__ import annotations

import base64
import functools
import html
import math
import platform
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from .activations import activation
from .analysis import Analysis
from .experiments import CLAIM_TEXTS
from .glossary import GLOSSARY
from .i18n import Text

__all__ = ["render_html", "properties_rows", "value_text", "SECTIONS"]

#: the report's sections after the gates and the neuron: (key, experiments quoted there)
SECTIONS: dict[str, tuple[str, ...]] = {
    "network": ("linear-collapse", "symmetry"),
    "sigmoid": ("vanishing-gradients", "bias-shift", "hard-vs-smooth"),
    "relu": ("sparsity", "dying-relu"),
}

_T: dict[str, Text] = {
    "title": Text("neuronkit tour: the source chapter, measured",
                  "neuronkit 导览：逐节验证原文"),
    "intro": Text(
        "From the McCulloch&ndash;Pitts neuron to the modern activation functions, section by "
        "section as the source chapter goes: each gate is checked, each declared property of "
        "each activation is measured, and each claim of the source is quoted next to the "
        "experiment that measures it, with its numbers and its figure. <b>{held} of {n} claims "
        "hold</b>; {agree} of {total} activations have every declared property confirmed.",
        "从 McCulloch&ndash;Pitts 神经元到现代的激活函数，按原文的章节顺序逐一验证：检查每个逻辑门"
        "，"
        "测量每个激活函数声明的每条性质，并把原文的每个论断与测量它的实验并列给出，附上数值和图。"
        "<b>{n} 个论断中有 {held} 个成立</b>；{total} 个激活函数中有 {agree} 个的全部声明性质得到"
        "测量证实。"),
    "nav_mp": Text("1. MP neuron", "1. MP神经元"),
    "nav_neuron": Text("2. Neuron and network", "2. 神经元与网络"),
    "nav_sigmoid": Text("3. Sigmoid-type", "3. Sigmoid型函数"),
    "nav_relu": Text("4. ReLU", "4. ReLU函数"),
    "nav_family": Text("5. The whole family", "5. 全部激活函数"),
    "nav_glossary": Text("Glossary", "术语表"),
    # section 1
    "h_mp": Text("1. The McCulloch&ndash;Pitts neuron and logic gates",
                 "1. MP神经元与逻辑门"),
    "p_mp": Text(
        "The MP neuron takes binary inputs, weighs each as excitatory (positive weight) or "
        "inhibitory (negative weight), adds a bias and fires when the weighted sum exceeds the "
        "threshold: <code>y = 1 if w&middot;x + b &gt; 0 else 0</code>. With the right weights "
        "and bias it computes AND, OR, NOT, NAND and NOR:",
        "MP神经元接收二值输入，每个输入的权重或为兴奋性（正权重）或为抑制性（负权重），"
        "加上偏置后，当加权和超过阈值时输出 1：<code>y = 1 if w&middot;x + b &gt; 0 else 0</code>。"
        "选取合适的权重和偏置，它可以实现与、或、非、与非、或非："),
    "th_gates": Text("<th>gate</th><th>weights w</th><th>bias b</th>"
                     "<th>truth table (input &rarr; output)</th><th>check</th>",
                     "<th>逻辑门</th><th>权重 w</th><th>偏置 b</th>"
                     "<th>真值表（输入 &rarr; 输出）</th><th>检查</th>"),
    "correct": Text("correct", "正确"),
    "wrong": Text("wrong", "错误"),
    "xor": Text(
        "<b>XOR</b> cannot be computed by one MP neuron: {reason} (linear programming). The "
        "two-layer MP network AND(OR(x), NAND(x)) outputs {outputs}: {mark}.",
        "单个MP神经元无法实现<b>异或</b>：{reason}（线性规划）。两层MP网络 AND(OR(x), NAND(x)) "
        "的输出为 {outputs}：{mark}。"),
    "not_separable": Text("the four points are not linearly separable",
                          "这四个点不是线性可分的"),
    # section 2
    "h_neuron": Text("2. The general neuron and networks of neurons", "2. 一般的神经元与神经网络"),
    "p_neuron": Text(
        "The general neuron replaces the step by any activation function <i>f</i>: the net "
        "input is <code>z = w&middot;x + b</code> and the activity <code>a = f(z)</code>. With "
        "<code>w = {w}</code>, <code>b = {b}</code> and input <code>x = {x}</code> the net input "
        "is <code>z = {z}</code>, and the output depends on <i>f</i>:",
        "一般的神经元把阶跃函数换成任意的激活函数 <i>f</i>：净输入 <code>z = w&middot;x + b</code>"
        "，"
        "活性值 <code>a = f(z)</code>。取 <code>w = {w}</code>、<code>b = {b}</code>、输入 "
        "<code>x = {x}</code>，净输入为 <code>z = {z}</code>，输出随 <i>f</i> 而不同："),
    "th_neuron": Text("<th>activation f</th><th>a = f(z)</th>",
                      "<th>激活函数 f</th><th>a = f(z)</th>"),
    "p_network": Text(
        "Neurons in layers, each feeding the next, make a network; training adjusts every "
        "weight and bias so that the network approximates a target. Two claims of the source "
        "are about networks:",
        "神经元分层连接、逐层向前传递就构成了神经网络；训练就是调整每一个权重和偏置，"
        "使网络逼近目标函数。原文关于网络的两个论断："),
    # section 3
    "h_sigmoid": Text("3. Sigmoid-type functions: logistic, tanh and their hard versions",
                      "3. Sigmoid型函数：Logistic、Tanh 及其 Hard 版本"),
    "p_sigmoid": Text(
        "The logistic function &sigma;(x) = 1/(1 + e<sup>&minus;x</sup>) squashes the real line "
        "onto (0, 1); tanh squashes it onto (&minus;1, 1) and is a rescaled logistic: "
        "tanh(x) = 2&sigma;(2x) &minus; 1. Measured over [&minus;20, 20] in float64: "
        "max |tanh(x) &minus; (2&sigma;(2x) &minus; 1)| = {tanh_identity}. Both saturate on "
        "both sides; tanh is zero-centred and &sigma; is not.",
        "Logistic函数 &sigma;(x) = 1/(1 + e<sup>&minus;x</sup>) 把实数轴挤压到 (0, 1)；Tanh函数"
        "把它挤压到 (&minus;1, 1)，并且是放缩平移后的 Logistic 函数：tanh(x) = 2&sigma;(2x) "
        "&minus; 1。"
        "在 [&minus;20, 20] 上以 float64 测得 max |tanh(x) &minus; (2&sigma;(2x) &minus; 1)| = "
        "{tanh_identity}。两者都是两端饱和的；Tanh 是零中心化的，而 &sigma; 不是。"),
    "p_hard": Text(
        "The hard versions replace each function by its first-order Taylor expansion at 0, "
        "clipped to the function's range. Measured: &sigma;(0) = {s0}, &sigma;&prime;(0) = {s1}, "
        "so hard-logistic(x) = clip({s1}x + {s0}, 0, 1); tanh(0) = {t0}, tanh&prime;(0) = {t1}, "
        "so hard-tanh(x) = clip(x, &minus;1, 1). <b>The source prints hard-tanh as "
        "clip(x, 0, 1), a typo</b>: that function is 0 for every negative x, so it is neither "
        "zero-centred nor close to tanh (max |clip(x, 0, 1) &minus; tanh x| = {typo_error} "
        "against {hard_error} for clip(x, &minus;1, 1)); neuronkit implements clip(x, &minus;1, "
        "1).",
        "Hard 版本把函数在 0 点的一阶泰勒展开截断到函数的值域之内。测得 &sigma;(0) = {s0}、"
        "&sigma;&prime;(0) = {s1}，所以 hard-logistic(x) = clip({s1}x + {s0}, 0, 1)；tanh(0) = "
        "{t0}、"
        "tanh&prime;(0) = {t1}，所以 hard-tanh(x) = clip(x, &minus;1, 1)。<b>原文把 Hard-Tanh 印成"
        "了 "
        "clip(x, 0, 1)，这是笔误</b>：该函数对所有负数 x 都为 0，既不是零中心化的，也不接近 tanh"
        "（max |clip(x, 0, 1) &minus; tanh x| = {typo_error}，而 clip(x, &minus;1, 1) 为 "
        "{hard_error}）；neuronkit 实现的是 clip(x, &minus;1, 1)。"),
    "p_sigmoid_claims": Text("The source's claims about them, each measured:",
                             "原文关于它们的论断，逐一测量："),
    # section 4
    "h_relu": Text("4. ReLU", "4. ReLU函数"),
    "p_relu": Text(
        "The rectified linear unit ReLU(x) = max(0, x) is cheap, its derivative is 1 for "
        "x &gt; 0, and it saturates on the left only. Measured: saturation {relu_sat}, "
        "f&prime;(0) = {relu_d0}, a fraction {relu_sparsity} of exact zeros on standard normal "
        "input; per element, logistic costs {logistic_cost}&times; as much time as ReLU.",
        "修正线性单元 ReLU(x) = max(0, x) 计算简单，x &gt; 0 时导数为 1，只在左侧饱和（左饱和）。"
        "测得：{relu_sat}饱和，f&prime;(0) = {relu_d0}，标准正态输入中恰为 0 的比例为 "
        "{relu_sparsity}；每个元素的计算耗时 Logistic 是 ReLU 的 {logistic_cost}&times;。"),
    # section 5
    "h_family": Text("5. The whole family of activation functions", "5. 全部激活函数"),
    "p_family": Text(
        "Every activation with its derivative (f solid, f&prime; dashed; one colour per "
        "activation throughout the report):",
        "每个激活函数及其导数（实线为 f，虚线为 f&prime;；同一激活函数在整份报告中颜色相同）："),
    "p_formulas": Text("Their formulas, as declared in the catalogue:",
                       "它们的公式（取自激活函数目录中的声明）："),
    "th_formulas": Text("<th>name</th><th>f(x) and f&prime;(x)</th>",
                        "<th>名称</th><th>f(x) 与 f&prime;(x)</th>"),
    "p_properties": Text(
        "The declared properties of each activation, each one measured numerically by "
        "<code>nk.analyze</code> (range and attained ends, E&nbsp;f(Z) for Z&nbsp;~&nbsp;N(0,1), "
        "monotonicity on a fine grid, f&prime; at &plusmn;10<sup>2</sup>..10<sup>6</sup>, kinks "
        "located by bisection, sparsity = fraction of exact zeros on standard-normal input, "
        "cost = time per element relative to ReLU on this machine):",
        "每个激活函数声明的性质，均由 <code>nk.analyze</code> 数值测量（值域及其端点是否取到、"
        "Z&nbsp;~&nbsp;N(0,1) 时的 E&nbsp;f(Z)、细网格上的单调性、&plusmn;10<sup>2</sup>..10<sup>6"
        "</sup> "
        "处的 f&prime;、用二分法定位的拐点、稀疏性 = 标准正态输入中恰为 0 的比例、"
        "代价 = 本机上每个元素相对 ReLU 的耗时）："),
    "th_properties": Text(
        "<th>name</th><th>range</th><th>zero-centred</th><th>monotonic</th>"
        "<th>saturation (rate)</th><th>smoothness</th><th>kinks</th><th>f&prime;(0)</th>"
        "<th>max f&prime;</th><th>Lipschitz</th><th>sparsity</th><th>cost &times;ReLU</th>"
        "<th>declared = measured</th>",
        "<th>名称</th><th>值域</th><th>零中心化</th><th>单调</th><th>饱和（速率）</th>"
        "<th>光滑性</th><th>拐点</th><th>f&prime;(0)</th><th>最大 f&prime;</th><th>Lipschitz 常数"
        "</th>"
        "<th>稀疏性</th><th>代价 &times;ReLU</th><th>声明 = 测量</th>"),
    "yes": Text("yes", "是"),
    "no": Text("no", "否"),
    "disagrees": Text("no: {what}", "否：{what}"),
    # claims
    "claim": Text("Claim {i}", "论断 {i}"),
    "colon": Text(": ", "："),
    "source_says": Text("The source", "原文"),
    "holds": Text("Claim holds", "论断成立"),
    "not_confirmed": Text("Claim not confirmed", "论断未得到证实"),
    "th_measure": Text("<th>measurement</th><th>value</th>", "<th>测量项</th><th>数值</th>"),
    "rerun": Text(
        "Every experiment is deterministic from its seed (seed {seed}; only the timings of "
        "hard-vs-smooth depend on the machine). Rerun one with <code>neuronkit experiment NAME "
        "--seed {seed}</code>.",
        "每个实验都由随机种子完全确定（种子 {seed}；只有 hard-vs-smooth 的计时取决于机器）。"
        "用 <code>neuronkit experiment 名称 --seed {seed}</code> 可重新运行其中一个。"),
    # glossary and footer
    "h_glossary": Text("Glossary", "术语表"),
    "p_glossary": Text("The source chapter's terms in Chinese and English.",
                       "原文术语的中英文对照。"),
    "th_glossary": Text("<th>English</th><th>Chinese</th><th>meaning</th>",
                        "<th>中文</th><th>English</th><th>含义</th>"),
    "footer": Text("neuronkit tour, seed {seed}; Python {py}, NumPy {np} on {machine}. "
                   "Timings: {times}.",
                   "neuronkit 导览，随机种子 {seed}；Python {py}，NumPy {np}，{machine}。"
                   "各步耗时：{times}。"),
    "alt_gates": Text("logic gates of the MP neuron", "MP神经元的逻辑门"),
    "alt_activations": Text("activation functions and derivatives", "激活函数及其导数"),
    "alt_comparison": Text("comparison of common activations", "常用激活函数的比较"),
    "alt_experiment": Text("figure of {name}", "{name} 的图"),
}

#: measured property values as the report writes them in Chinese (English: as measured)
_VALUES_ZH: dict[str, str] = {
    "both": "两端", "left": "左侧", "right": "右侧", "none": "无", "smooth": "光滑",
    "discontinuous": "不连续", "C0": "C0（连续）", "C1": "C1（一阶导连续）",
    "exponential": "指数", "inf": "无穷",
}

_CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,Helvetica,Arial,"PingFang SC",
 "Microsoft YaHei","WenQuanYi Micro Hei","Noto Sans CJK SC",sans-serif;
 margin:0;color:#222;background:#fafafa;line-height:1.5}
main{max-width:1180px;margin:0 auto;padding:24px 28px 60px;background:#fff}
h1{font-size:1.8em;margin:.2em 0}h2{border-bottom:2px solid #e3e3e3;padding-bottom:4px;
 margin-top:2em}h3{margin:1.4em 0 .3em}
table{border-collapse:collapse;margin:.6em 0;font-size:.92em;display:block;max-width:100%;
 overflow-x:auto}
th,td{border:1px solid #ddd;padding:3px 8px;text-align:left;vertical-align:top}
th{background:#f2f4f7}td.num{text-align:right;font-variant-numeric:tabular-nums}
img{max-width:100%;height:auto;border:1px solid #eee;margin:.4em 0}
.ok{color:#1a7f37;font-weight:600}.bad{color:#b00020;font-weight:600}
.verdict{padding:8px 12px;border-left:4px solid #1a7f37;background:#f3faf5;margin:.5em 0}
.verdict.fail{border-left-color:#b00020;background:#fdf2f3}
blockquote.claim{margin:.5em 0;padding:4px 12px;border-left:4px solid #c8ccd2;color:#333}
.small{font-size:.85em;color:#666}
code{background:#f2f2f2;padding:0 3px;border-radius:3px}
td.math{font-size:1.15em;white-space:nowrap;padding:5px 10px}
td.math math{math-style:normal}
nav a{margin-right:1em}
html[lang|=zh] th{white-space:nowrap}
"""


class _Texts:
    """``T["key"](**fields)``: the report's text *key* in one language."""

    def __init__(self, lang: str) -> None:
        self.lang = lang

    def __getitem__(self, key: str) -> Callable[..., str]:
        return functools.partial(_T[key], self.lang)


def _e(text: Any) -> str:
    return html.escape(str(text))


def _img(fig_path: Path | None, alt: str) -> str:
    if fig_path is None or not Path(fig_path).exists():
        return ""
    data = base64.b64encode(Path(fig_path).read_bytes()).decode("ascii")
    return f'<img src="data:image/png;base64,{data}" alt="{_e(alt)}">'


def value_text(text: str, lang: str) -> str:
    """A measured property value (a word or a number, the saturation's rates in
    brackets) in *lang*."""
    if lang != "zh":
        return text
    head, _, rest = text.partition(" (")
    word = _VALUES_ZH.get(head, head)
    rates = "，".join(_rate_zh(r) for r in rest.rstrip(")").split(", ")) if rest else ""
    return word + (f"（{rates}）" if rates else "")


def _rate_zh(rate: str) -> str:
    """A saturation rate in Chinese: exact, exponential, polynomial x^-p."""
    if rate.startswith("polynomial"):
        return "多项式" + rate[len("polynomial"):]
    return {"exact": "恰为 0", "exponential": "指数"}.get(rate, rate)


def properties_rows(analyses: dict[str, Analysis]) -> list[dict[str, Any]]:
    """One row per activation: declared properties, what was measured, and agreement.

    >>> import neuronkit as nk
    >>> a = {"relu": nk.analyze(nk.activation("relu"), measure_cost=False)}
    >>> row = properties_rows(a)[0]
    >>> row["range"], row["sparsity"], row["agrees"]
    ('[0, inf)', '0.50', True)
    """
    rows = []
    for name, a in analyses.items():
        p = activation(name).properties
        mism = a.mismatches(p)
        rate = [r.split(" (")[0] for r in a.saturation_rate if r]
        rows.append({
            "name": name, "summary": activation(name).spec.summary,
            "range": p.range_text(), "zero_centered": p.zero_centered,
            "monotonic": p.monotonic, "saturation_side": p.saturation,
            "saturation": p.saturation + (f" ({', '.join(sorted(set(rate)))})" if rate else ""),
            "smoothness": p.smoothness,
            "kinks": ", ".join(f"{k:g}" for k in p.kinks) or "-",
            "derivative_at_zero": f"{p.derivative_at_zero:.4g}",
            "max_derivative": f"{a.max_derivative:.4g}",
            "lipschitz": "inf" if math.isinf(a.lipschitz) else f"{a.lipschitz:.4g}",
            "sparsity": f"{a.sparsity:.2f}",
            "cost": "-" if a.cost is None else f"{a.cost:.1f}",
            "agrees": not mism, "mismatches": mism,
        })
    return rows


def render_html(t: Any, lang: str | None = None) -> str:
    """The report of a :class:`~neuronkit.report.Tour` as one self-contained HTML page.

    *lang* (``"en"`` or ``"zh"``) defaults to the tour's own language.
    """
    lang = lang or getattr(t, "lang", "en")
    T = _Texts(lang)
    numbering = _claim_numbers(t)
    parts = [f"<!DOCTYPE html><html lang='{'zh-CN' if lang == 'zh' else 'en'}'><head>"
             "<meta charset='utf-8'><meta name='viewport' content='width=device-width, "
             f"initial-scale=1'><title>{T['title']()}</title><style>{_CSS}</style></head>"
             "<body><main>", _html_intro(t, T), *_html_gates(t, T), _html_neuron(t, T),
             _html_claims(t, T, lang, "network", numbering), _html_sigmoid(t, T),
             _html_claims(t, T, lang, "sigmoid", numbering), _html_relu(t, T, lang),
             _html_claims(t, T, lang, "relu", numbering), _html_family(t, T, lang),
             _html_glossary(T, lang), _html_footer(t, T), "</main></body></html>"]
    return "\n".join(p for p in parts if p)


def _claim_numbers(t: Any) -> dict[str, int]:
    """Each experiment of the tour numbered in the order the report quotes it."""
    order = [n for names in SECTIONS.values() for n in names if n in t.results]
    order += [n for n in t.results if n not in order]
    return {n: i for i, n in enumerate(order, start=1)}


def _html_intro(t: Any, T: _Texts) -> str:
    """The title, the summary of what held, and the table of contents."""
    held = sum(r.passed for r in t.results.values())
    agree = sum(not m for m in t.mismatches.values())
    nav = "".join(f"<a href='#{k}'>{T['nav_' + k]()}</a>"
                  for k in ("mp", "neuron", "sigmoid", "relu", "family", "glossary"))
    return (f"<h1>{T['title']()}</h1><p>"
            + T["intro"](held=held, n=len(t.results), agree=agree, total=len(t.mismatches))
            + f"</p><nav>{nav}</nav>")


def _truth(inputs: list, outputs: list) -> str:
    return ", ".join(f"{''.join(map(str, i))} → {o}" for i, o in zip(inputs, outputs, strict=True))


def _mark(ok: bool, T: _Texts) -> str:
    return f"<span class='{'ok' if ok else 'bad'}'>{T['correct' if ok else 'wrong']()}</span>"


def _html_gates(t: Any, T: _Texts) -> list[str]:
    """Section 1: the MP neuron, the table of its logic gates, XOR, and their figure."""
    rows = "".join(
        f"<tr><td>{g['name'].upper()}</td><td>{_e(g['weights'])}</td>"
        f"<td class='num'>{g['bias']:g}</td><td>{_e(_truth(g['inputs'], g['outputs']))}</td>"
        f"<td>{_mark(g['correct'], T)}</td></tr>" for g in t.gates)
    x = t.xor
    reason = T["not_separable"]() if not x["separable"] else _e(x["reason"])
    return [
        f"<h2 id='mp'>{T['h_mp']()}</h2><p>{T['p_mp']()}</p>",
        f"<table><tr>{T['th_gates']()}</tr>{rows}</table>",
        "<p>" + T["xor"](reason=reason, outputs=_e(x["outputs"]),
                         mark=_mark(x["correct"], T)) + "</p>",
        _img(t.figures.get("gates"), T["alt_gates"]()),
    ]


def _html_neuron(t: Any, T: _Texts) -> str:
    """Section 2: the general neuron's output on the demo input, per activation."""
    first = t.neuron[0] if t.neuron else {}
    w, b, xv = first.get("weights", ()), first.get("bias", ""), first.get("x", ())
    z = first.get("z", float("nan"))
    rows = "".join(f"<tr><td>{_e(r['activation'])}</td><td class='num'>{r['a']:.6g}</td></tr>"
                   for r in t.neuron)
    return (f"<h2 id='neuron'>{T['h_neuron']()}</h2><p>"
            + T["p_neuron"](w=_e(list(w)), b=b, x=_e(list(xv)), z=f"{z:.6g}")
            + f"</p><table><tr>{T['th_neuron']()}</tr>{rows}</table>"
            f"<p>{T['p_network']()}</p>")


def _html_sigmoid(t: Any, T: _Texts) -> str:
    """Section 3: logistic and tanh, the identity between them, the hard versions."""
    m = getattr(t, "identities", {}) or {}
    g = {k: (f"{v:.3g}" if isinstance(v, float) else v) for k, v in m.items()}
    body = f"<h2 id='sigmoid'>{T['h_sigmoid']()}</h2>"
    if m:
        body += f"<p>{T['p_sigmoid'](**g)}</p><p>{T['p_hard'](**g)}</p>"
    return body + f"<p>{T['p_sigmoid_claims']()}</p>"


def _html_relu(t: Any, T: _Texts, lang: str) -> str:
    """Section 4: ReLU's measured properties."""
    body = f"<h2 id='relu'>{T['h_relu']()}</h2>"
    a, lo = t.analyses.get("relu"), t.analyses.get("logistic")
    if a is None or lo is None:
        return body
    def cost(c: float | None) -> str:
        return "-" if c is None else f"{c:.1f}"
    return body + "<p>" + T["p_relu"](
        relu_sat=value_text(a.saturation, lang), relu_d0=f"{a.derivative_at_zero:g}",
        relu_sparsity=f"{a.sparsity:.2f}", logistic_cost=cost(lo.cost)) + "</p>"


def _html_family(t: Any, T: _Texts, lang: str) -> str:
    """Section 5: the activations' figures and the table of declared = measured properties."""
    fig = t.figures.get
    return (f"<h2 id='family'>{T['h_family']()}</h2><p>{T['p_family']()}</p>"
            + _img(fig("activations"), T["alt_activations"]())
            + f"<p>{T['p_formulas']()}</p>" + _html_formulas_table(list(t.analyses), T)
            + f"<p>{T['p_properties']()}</p>"
            + _html_properties_table(properties_rows(t.analyses), T, lang)
            + _img(fig("comparison"), T["alt_comparison"]()))


def _html_formulas_table(names: list[str], T: _Texts) -> str:
    """f(x) and f'(x) of each activation (default parameters) as MathML, which the
    browser typesets: no script, nothing fetched."""
    from ._mathml import formula_mathml

    rows = []
    for name in names:
        f = activation(name)
        m = formula_mathml(f.spec.formulas(f.params), html=True)
        rows.append(f"<tr><td><b>{_e(name)}</b></td><td class='math'>"
                    f"<div><i>f</i>(<i>x</i>) = {m['mathml']}</div>"
                    f"<div><i>f</i>&prime;(<i>x</i>) = {m['derivative_mathml']}</div></td></tr>")
    return (f"<table class='formulas'><tr>{T['th_formulas']()}</tr>{''.join(rows)}"
            "</table>")


def _html_properties_table(prow: list[dict[str, Any]], T: _Texts,
                           lang: str) -> str:
    """The table of :func:`properties_rows`, a disagreement spelled out in its last cell."""
    def yes(flag: bool) -> str:
        return T["yes" if flag else "no"]()
    body = "".join(
        f"<tr><td><b>{_e(r['name'])}</b></td><td>{_e(r['range'])}</td>"
        f"<td>{yes(r['zero_centered'])}</td><td>{yes(r['monotonic'])}</td>"
        f"<td>{_e(value_text(r['saturation'], lang))}</td>"
        f"<td>{_e(value_text(r['smoothness'], lang))}</td><td>{_e(r['kinks'])}</td>"
        f"<td class='num'>{r['derivative_at_zero']}</td><td class='num'>{r['max_derivative']}"
        f"</td><td class='num'>{value_text(r['lipschitz'], lang)}</td>"
        f"<td class='num'>{r['sparsity']}</td><td class='num'>{r['cost']}</td>"
        + (f"<td class='ok'>{T['yes']()}</td>" if r["agrees"] else
           f"<td class='bad'>{T['disagrees'](what=_e('; '.join(r['mismatches'])))}</td>")
        + "</tr>" for r in prow)
    return f"<table><tr>{T['th_properties']()}</tr>{body}</table>"


def _html_claims(t: Any, T: _Texts, lang: str, section: str,
                 numbering: dict[str, int]) -> str:
    """The experiments quoted in *section*: each claim, its verdict, numbers and figure."""
    names = [n for n in SECTIONS[section] if n in t.results]
    if section == "relu":  # experiments not placed in a section go last
        placed = {n for ns in SECTIONS.values() for n in ns}
        names += [n for n in t.results if n not in placed]
    blocks = [_html_experiment(numbering[n], n, t.results[n], t.figures.get(n), T, lang)
              for n in names]
    if section == "network" and blocks:
        blocks.insert(0, f"<p class='small'>{T['rerun'](seed=t.seed)}</p>")
    return "\n".join(blocks)


def _html_experiment(i: int, name: str, r: Any, fig_path: Path | None,
                     T: _Texts, lang: str) -> str:
    """One experiment: the claim it measures, its verdict, its measurements, its figure."""
    ok = r.passed
    rows = r.rows(lang)
    verdict_of = getattr(r, "verdict_in", None)
    verdict = verdict_of(lang) if verdict_of else r.verdict
    table = "".join(f"<tr><td>{_e(k)}</td><td class='num'>{_e(v)}</td></tr>" for k, v in rows)
    claim = CLAIM_TEXTS[name](lang) if name in CLAIM_TEXTS else ""
    return (f"<h3 id='{_e(name)}'>{T['claim'](i=i)}{T['colon']()}{_e(name)}</h3>"
            f"<blockquote class='claim'><b>{T['source_says']()}{T['colon']()}</b>{_e(claim)}"
            f"</blockquote><div class='verdict{'' if ok else ' fail'}'><span class='"
            f"{'ok' if ok else 'bad'}'>{T['holds' if ok else 'not_confirmed']()}</span>"
            f"{T['colon']()}"
            f"{_e(verdict)}</div><table><tr>{T['th_measure']()}</tr>{table}</table>"
            + _img(fig_path, T["alt_experiment"](name=name)))


def _html_glossary(T: _Texts, lang: str) -> str:
    """The glossary of the source's terms, Chinese first in the Chinese report."""
    def row(term: Any) -> str:
        first, second = (term.zh, term.en) if lang == "zh" else (term.en, term.zh)
        return (f"<tr><td>{_e(first)}</td><td>{_e(second)}</td>"
                f"<td>{_e(term.definition(lang))}</td></tr>")
    rows = "".join(row(term) for term in GLOSSARY.values())
    return (f"<h2 id='glossary'>{T['h_glossary']()}</h2><p>{T['p_glossary']()}</p>"
            f"<table><tr>{T['th_glossary']()}</tr>{rows}</table>")


def _html_footer(t: Any, T: _Texts) -> str:
    """The seed, the versions and the machine, and the timings of the steps."""
    times = ", ".join(f"{k} {v:.1f} s" for k, v in t.timings.items())
    return "<hr><p class='small'>" + T["footer"](
        seed=t.seed, py=_e(platform.python_version()), np=_e(np.__version__),
        machine=_e(platform.machine()), times=_e(times)) + "</p>"
