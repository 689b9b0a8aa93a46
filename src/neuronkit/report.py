r"""The tour: the source text in its order, measured, as a self-contained HTML report.

:func:`tour` walks through the source chapter section by section: the
McCulloch-Pitts neuron and its logic gates, the general neuron and networks, the
sigmoid-type functions (their identities measured), ReLU, and the whole family
with declared and measured properties; each experiment of
:mod:`neuronkit.experiments` runs in the section whose claim it measures.  The
report, the summary lines and the figures' labels are in English or Chinese.
It writes ``report.html`` (one file: CSS inline, figures embedded as base64 PNG,
no scripts, nothing fetched; rendered by :mod:`neuronkit._report_html`) and the
figures as PNG and SVG files under ``figures/``.  Summary lines go to an
``echo`` callback as each step finishes, so a caller (the ``neuronkit tour``
command) can print them as progress; the library itself prints nothing.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from . import experiments as _experiments
from ._report_html import SECTIONS, properties_rows, render_html, value_text
from .activations import activation, activation_names
from .analysis import Analysis, analyze
from .errors import ParameterError
from .i18n import Text, language

__all__ = ["Tour", "tour", "render_html", "properties_rows", "source_identities", "report_folder",
           "GATE_NAMES",
           "SECTIONS"]

GATE_NAMES = ("and", "or", "not", "nand", "nor")
NEURON_DEMO = {"weights": (0.5, -1.0), "bias": 0.1, "x": (1.0, 0.2)}
NEURON_ACTIVATIONS = ("step", "identity", "logistic", "tanh", "relu", "softplus", "gelu")


@dataclass(frozen=True)
class Tour:
    """What :func:`tour` measured and wrote.

    Attributes
    ----------
    seed : int
    gates : list of dict
        Per gate: ``name``, ``weights``, ``bias``, ``outputs`` and ``correct``.
    xor : dict
        ``separable`` and ``reason`` (linear programming), the two-layer MP network's
        ``outputs`` and ``correct``.
    neuron : list of dict
        The general neuron's ``activation``, ``z`` and ``a`` on one input (its
        ``weights``, ``bias`` and ``x``).
    analyses : dict of str to Analysis
    mismatches : dict of str to tuple of str
        Declared properties that the measurement contradicts (empty when all agree).
    results : dict of str to experiment result
    figures : dict of str to Path
        PNG file of each figure (an SVG beside it when written).
    html_path : Path
    seconds : float
        Wall time of the whole tour.
    timings : dict of str to float
        Wall time of each step.
    lang : str
        The language of the report and the figures, ``"en"`` or ``"zh"``.
    identities : dict
        The source's identities measured (see :func:`source_identities`).
    """

    seed: int
    gates: list[dict]
    xor: dict
    neuron: list[dict]
    analyses: dict[str, Analysis]
    mismatches: dict[str, tuple[str, ...]]
    results: dict[str, Any]
    figures: dict[str, Path]
    html_path: Path
    seconds: float = 0.0
    timings: dict[str, float] = field(default_factory=dict)
    lang: str = "en"
    identities: dict[str, float] = field(default_factory=dict)

    @property
    def passed(self) -> bool:
        """Every gate right, every declared property confirmed, every claim held."""
        return (all(g["correct"] for g in self.gates) and self.xor["correct"]
                and not any(self.mismatches.values())
                and all(r.passed for r in self.results.values()))


def _gates() -> tuple[list[dict], dict]:
    from .datasets import logic_gate
    from .neurons import MPNeuron, linear_separability, xor_network

    rows = []
    for name in GATE_NAMES:
        unit = MPNeuron.gate(name)
        X, y = logic_gate(name)
        out = np.asarray(unit(X))
        rows.append({"name": name, "weights": unit.weights.tolist(), "bias": unit.bias,
                     "inputs": X.astype(int).tolist(), "outputs": out.tolist(),
                     "correct": bool(np.array_equal(out, y))})
    X, y = logic_gate("xor")
    sep = linear_separability(X, y)
    out = np.asarray(xor_network()(X))
    xor = {"separable": bool(sep.separable), "reason": sep.reason, "outputs": out.tolist(),
           "correct": bool(np.array_equal(out, y) and not sep.separable)}
    return rows, xor


def _neuron() -> list[dict]:
    from .neurons import Neuron

    rows = []
    for act in NEURON_ACTIVATIONS:
        u = Neuron(NEURON_DEMO["weights"], NEURON_DEMO["bias"], act)
        x = np.array(NEURON_DEMO["x"])
        rows.append({"activation": act, "z": float(u.net_input(x)), "a": float(u(x)),
                     "weights": NEURON_DEMO["weights"], "bias": NEURON_DEMO["bias"],
                     "x": NEURON_DEMO["x"]})
    return rows


def tour(out_dir: str | Path = "neuronkit-report", *, seed: int = 0,
         echo: Callable[[str], None] | None = None, svg: bool = True,
         lang: str | None = None) -> Tour:
    """Run the whole tour; write ``out_dir/report.html`` and ``out_dir/figures/``.

    Parameters
    ----------
    out_dir : str or Path
        Folder for the report (created if missing; its parent must exist).
    seed : int
        Seed of every experiment.
    echo : callable, optional
        Called with each summary line as the tour proceeds (e.g. ``print``).
    svg : bool
        Also write every figure as SVG.
    lang : {"en", "zh"}, optional
        Language of the report, the summary lines and the figures' labels; by default
        the locale's (:func:`neuronkit.i18n.language`).

    Returns
    -------
    Tour

    Examples
    --------
    >>> import tempfile
    >>> t = tour(tempfile.mkdtemp(), svg=False, lang="en")  # doctest: +SKIP
    >>> t.passed, t.html_path.name                          # doctest: +SKIP
    (True, 'report.html')
    """
    t_start = time.perf_counter()
    lang = language(lang)
    out = report_folder(out_dir)
    figdir = out / "figures"
    figdir.mkdir(parents=True, exist_ok=True)
    run = _TourRun(figdir, svg, echo or (lambda line: None), lang, _figure_language(lang))
    if run.figure_lang != lang:
        run.say(_SAY["no_font"](lang))
    gates, xor = _tour_gates(run)
    neuron = _tour_neuron(run)
    results = _tour_claims(run, seed, "network")
    identities = _tour_sigmoid(run)
    results |= _tour_claims(run, seed, "sigmoid")
    run.say(_SAY["relu"](lang))
    results |= _tour_claims(run, seed, "relu")
    analyses, mismatches = _tour_activations(run)
    html_path = out / "report.html"
    result = Tour(seed, gates, xor, neuron, analyses, mismatches, results, run.figures,
                  html_path, 0.0, run.timings, lang, identities)
    run.step("html", lambda: html_path.write_text(render_html(result), encoding="utf-8"))
    seconds = time.perf_counter() - t_start
    result = dataclasses.replace(result, seconds=seconds)
    run.say(_SAY["done"](lang, seconds=seconds, held=sum(r.passed for r in results.values()),
                         n=len(results), html=html_path, figures=len(run.figures),
                         folder=figdir))
    return result


def _figure_language(lang: str) -> str:
    from . import plotting

    return plotting.figure_language(lang)


def source_identities(n: int = 200_001) -> dict[str, float]:
    r"""The source's identities between its functions, measured in float64.

    - ``tanh_identity``: :math:`\max |\tanh x - (2\sigma(2x) - 1)|` on :math:`[-20, 20]`;
    - ``s0``, ``s1``, ``t0``, ``t1``: :math:`\sigma(0)`, :math:`\sigma'(0)`,
      :math:`\tanh 0`, :math:`\tanh' 0`, the coefficients of the first-order Taylor
      expansions that the hard versions clip;
    - ``hard_error``, ``typo_error``: :math:`\max |c(x) - \tanh x|` on :math:`[-20, 20]`
      for :math:`c = \operatorname{clip}(x, -1, 1)` (hard-tanh) and for the source's
      misprint :math:`\operatorname{clip}(x, 0, 1)`.

    Examples
    --------
    >>> m = source_identities(2001)
    >>> m["s0"], m["s1"], m["t1"], m["tanh_identity"] < 1e-15
    (0.5, 0.25, 1.0, True)
    >>> round(m["typo_error"], 3), round(m["hard_error"], 3)
    (1.0, 0.238)
    """
    x = np.linspace(-20.0, 20.0, n)
    sig, tanh = activation("logistic"), activation("tanh")
    zero = np.zeros(1)
    hard = activation("hard_tanh")(x)
    return {
        "tanh_identity": float(np.max(np.abs(tanh(x) - (2 * sig(2 * x) - 1)))),
        "s0": float(sig(zero)[0]), "s1": float(sig.derivative(zero)[0]),
        "t0": float(tanh(zero)[0]), "t1": float(tanh.derivative(zero)[0]),
        "hard_error": float(np.max(np.abs(hard - tanh(x)))),
        "typo_error": float(np.max(np.abs(np.clip(x, 0.0, 1.0) - tanh(x)))),
    }


def report_folder(out_dir: str | Path) -> Path:
    """*out_dir* as a Path, or ParameterError when it is a file or its parent is missing."""
    out = Path(out_dir)
    if out.exists() and not out.is_dir():
        raise ParameterError(f"cannot write the report to {str(out)!r}: it is a file, not a "
                             "folder")
    if not out.parent.exists():
        raise ParameterError(f"cannot write the report to {str(out)!r}: folder "
                             f"{str(out.parent)!r} does not exist")
    return out


@dataclass(frozen=True)
class _TourRun:
    """What the steps of one tour share: the echo, where figures go, what was recorded."""

    figdir: Path
    svg: bool
    say: Callable[[str], None]
    lang: str = "en"
    figure_lang: str = "en"
    figures: dict[str, Path] = field(default_factory=dict)
    timings: dict[str, float] = field(default_factory=dict)

    def save(self, key: str, fig: Any) -> None:
        """Write *fig* as figures/KEY.png (and .svg) and record the PNG."""
        from . import plotting

        png = self.figdir / f"{key}.png"
        plotting.save_figure(fig, png)
        if self.svg:
            plotting.save_figure(fig, self.figdir / f"{key}.svg")
        self.figures[key] = png

    def step(self, key: str, fn: Callable[[], Any]) -> Any:
        """Call *fn*, record its wall time under *key*, return its value."""
        t0 = time.perf_counter()
        value = fn()
        self.timings[key] = time.perf_counter() - t0
        return value


#: the summary lines the tour echoes as it goes, in English and Chinese
_SAY: dict[str, Text] = {
    "mp": Text("1. The McCulloch-Pitts neuron: y = 1 if w.x + b > 0 else 0",
               "1. MP神经元：y = 1 if w.x + b > 0 else 0"),
    "gate": Text("   {gate:5s} w = {w}, b = {b:g}: outputs {out} {mark}",
                 "   {gate:5s} w = {w}，b = {b:g}：输出 {out} {mark}"),
    "xor": Text("   XOR   no single neuron: {reason}", "   XOR   单个神经元无法实现：{reason}"),
    "xor_net": Text("         two-layer MP network AND(OR, NAND): outputs {out} {mark}",
                    "         两层MP网络 AND(OR, NAND)：输出 {out} {mark}"),
    "no_font": Text("No Chinese font found: the figures keep English labels (install one, e.g. "
                    "apt-get install fonts-wqy-microhei)",
                    "未找到中文字体：图中标注保留英文（请安装中文字体，例如 "
                    "apt-get install fonts-wqy-microhei）"),
    "not_separable": Text("not linearly separable", "不是线性可分的"),
    "ok": Text("ok", "正确"),
    "wrong": Text("WRONG", "错误"),
    "neuron": Text("2. The general neuron a = f(w.x + b), and networks of neurons",
                   "2. 一般的神经元 a = f(w.x + b) 与神经网络"),
    "neuron_line": Text("   w = {w}, b = {b}, x = {x}: z = {z:.4g}; {outputs}",
                        "   w = {w}，b = {b}，x = {x}：z = {z:.4g}；{outputs}"),
    "sigmoid": Text("3. Sigmoid-type functions: logistic, tanh, hard-logistic, hard-tanh",
                    "3. Sigmoid型函数：Logistic、Tanh、Hard-Logistic、Hard-Tanh"),
    "identity": Text("   tanh(x) = 2σ(2x) - 1: max difference {d:.2g} on [-20, 20]",
                     "   tanh(x) = 2σ(2x) - 1：在 [-20, 20] 上最大差 {d:.2g}"),
    "taylor": Text("   σ(0) = {s0:g}, σ'(0) = {s1:g}: hard-logistic = clip({s1:g}x + {s0:g}, 0, "
                   "1); hard-tanh = clip(x, -1, 1) (the source misprints clip(x, 0, 1))",
                   "   σ(0) = {s0:g}，σ'(0) = {s1:g}：hard-logistic = clip({s1:g}x + {s0:g}, 0, "
                   "1)；hard-tanh = clip(x, -1, 1)（原文误印为 clip(x, 0, 1)）"),
    "relu": Text("4. ReLU", "4. ReLU函数"),
    "family": Text("5. The whole family: {n} activations, properties measured",
                   "5. 全部激活函数：共 {n} 个，测量其性质"),
    "confirmed": Text("   declared properties confirmed by measurement: {ok} of {n}{bad}",
                      "   声明的性质得到测量证实：{n} 个中的 {ok} 个{bad}"),
    "disagree": Text("; disagreements: {names}", "；不一致：{names}"),
    "properties": Text("   {name:9s} range {range}, zero-centred {zc}, saturation {sat}, "
                       "f'(0) = {d0:g}, sparsity {sp:.2f}, cost {cost:.1f}x ReLU",
                       "   {name:9s} 值域 {range}，零中心化 {zc}，饱和 {sat}，f'(0) = {d0:g}，"
                       "稀疏性 {sp:.2f}，代价 {cost:.1f}x ReLU"),
    "yes": Text("yes", "是"),
    "no": Text("no", "否"),
    "claim": Text("   [{i}/{n}] {name}: {mark} ({seconds:.1f} s)",
                  "   [{i}/{n}] {name}：{mark}（{seconds:.1f} 秒）"),
    "holds": Text("holds", "成立"),
    "not_confirmed": Text("NOT CONFIRMED", "未得到证实"),
    "done": Text("Done in {seconds:.1f} s: {held} of {n} claims hold; report {html} with "
                 "{figures} figures in {folder}",
                 "完成，用时 {seconds:.1f} 秒：{n} 个论断中有 {held} 个成立；报告 {html}，"
                 "{figures} 幅图在 {folder}"),
}


def _tour_gates(run: _TourRun) -> tuple[list[dict], dict]:
    """Section 1: the MP neuron's logic gates and XOR, echoed and drawn."""
    from . import plotting

    lang = run.lang
    run.say(_SAY["mp"](lang))
    gates, xor = run.step("gates", _gates)
    mark = {True: _SAY["ok"](lang), False: _SAY["wrong"](lang)}
    for g in gates:
        run.say(_SAY["gate"](lang, gate=g["name"].upper(), w=g["weights"], b=g["bias"],
                             out=g["outputs"], mark=mark[g["correct"]]))
    reason = xor["reason"] if lang == "en" or xor["separable"] else _SAY["not_separable"](lang)
    run.say(_SAY["xor"](lang, reason=reason))
    run.say(_SAY["xor_net"](lang, out=xor["outputs"], mark=mark[xor["correct"]]))
    run.step("gates figure", lambda: run.save("gates", plotting.plot_gates(
        lang=run.figure_lang)))
    return gates, xor


def _tour_neuron(run: _TourRun) -> list[dict]:
    """Section 2: the general neuron on one input with several activations, echoed."""
    run.say(_SAY["neuron"](run.lang))
    neuron = run.step("neuron", _neuron)
    w, b, x = NEURON_DEMO["weights"], NEURON_DEMO["bias"], NEURON_DEMO["x"]
    outputs = ", ".join(f"{r['activation']} {r['a']:.4g}" for r in neuron)
    run.say(_SAY["neuron_line"](run.lang, w=list(w), b=b, x=list(x), z=neuron[0]["z"],
                                outputs=outputs))
    return neuron


def _tour_sigmoid(run: _TourRun) -> dict[str, float]:
    """Section 3's identities: tanh from σ, the hard versions as clipped Taylor expansions."""
    run.say(_SAY["sigmoid"](run.lang))
    m = run.step("identities", source_identities)
    run.say(_SAY["identity"](run.lang, d=m["tanh_identity"]))
    run.say(_SAY["taylor"](run.lang, s0=m["s0"], s1=m["s1"]))
    return m


def _tour_activations(run: _TourRun) -> tuple[dict[str, Analysis], dict[str, tuple[str, ...]]]:
    """Section 5: every activation analysed and checked against its declaration, drawn."""
    from . import plotting

    lang, names = run.lang, activation_names()
    run.say(_SAY["family"](lang, n=len(names)))
    analyses = run.step("analysis", lambda: {n: analyze(activation(n)) for n in names})
    mismatches = {n: a.mismatches(activation(n).properties) for n, a in analyses.items()}
    bad = [n for n, m in mismatches.items() if m]
    run.say(_SAY["confirmed"](lang, ok=len(names) - len(bad), n=len(names),
                              bad=_SAY["disagree"](lang, names=", ".join(bad)) if bad else ""))
    for n in ("logistic", "tanh", "relu"):
        a = analyses[n]
        run.say(_SAY["properties"](lang, name=n, range=a.range_text(),
                                   zc=_SAY["yes" if a.zero_centered else "no"](lang),
                                   sat=value_text(a.saturation, lang), d0=a.derivative_at_zero,
                                   sp=a.sparsity, cost=a.cost))
    run.step("activations figure", lambda: run.save("activations", plotting.plot_activations(
        lang=run.figure_lang)))
    run.step("comparison figure", lambda: run.save("comparison", plotting.plot_comparison(
        ["logistic", "tanh", "relu", "leaky_relu", "elu", "gelu"], derivative=False,
        x_range=(-4, 4), lang=run.figure_lang)))
    return analyses, mismatches


def _tour_claims(run: _TourRun, seed: int, section: str) -> dict[str, Any]:
    """The experiments of *section* run with *seed*, each verdict echoed, each figure saved."""
    results = {}
    order = [n for names in SECTIONS.values() for n in names]
    for name in SECTIONS[section]:
        r = run.step(name, lambda name=name: _experiments.run(name, seed=seed))
        results[name] = r
        run.step(f"{name} figure", lambda r=r, name=name: run.save(name, r.plot(
            lang=run.figure_lang)))
        mark = _SAY["holds" if r.passed else "not_confirmed"](run.lang)
        seconds = run.timings[name] + run.timings[name + " figure"]
        run.say(_SAY["claim"](run.lang, i=order.index(name) + 1, n=len(order), name=name,
                              mark=mark, seconds=seconds))
        verdict_of = getattr(r, "verdict_in", None)
        run.say(f"         {verdict_of(run.lang) if verdict_of else r.verdict}")
    return results
