r"""The tour: the source text in its order, measured, as a self-contained HTML report.

:func:`tour` walks through the source: the McCulloch-Pitts neuron and its logic
gates, the general neuron, the activation functions with their declared and
measured properties, and every experiment of :mod:`neuronkit.experiments` with
its verdict.  It writes ``report.html`` (one file: CSS inline, figures embedded
as base64 PNG, no scripts, nothing fetched) and the figures as PNG and SVG files
under ``figures/``.  Summary lines go to an ``echo`` callback as each step
finishes, so a caller (the ``neuronkit tour`` command) can print them as
progress; the library itself prints nothing.
"""

from __future__ import annotations

import dataclasses
import html
import math
import platform
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from . import experiments as _experiments
from .activations import activation, activation_names
from .analysis import Analysis, analyze
from .errors import ParameterError

__all__ = ["Tour", "tour", "render_html", "properties_rows", "GATE_NAMES"]

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
        The general neuron's ``activation``, ``z`` and ``a`` on one input.
    analyses : dict of str to Analysis
    mismatches : dict of str to tuple of str
        Declared properties that the measurement contradicts (empty when all agree).
    results : dict of str to experiment result
    figures : dict of str to Path
        PNG file of each figure (an SVG beside it when written).
    html_path : Path
    seconds : float
        Wall time of the whole tour.
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
        rows.append({"activation": act, "z": float(u.net_input(x)), "a": float(u(x))})
    return rows


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
            "monotonic": p.monotonic,
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


def tour(out_dir: str | Path = "neuronkit-report", *, seed: int = 0,
         echo: Callable[[str], None] | None = None, svg: bool = True) -> Tour:
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

    Returns
    -------
    Tour

    Examples
    --------
    >>> import tempfile
    >>> t = tour(tempfile.mkdtemp(), svg=False)  # doctest: +SKIP
    >>> t.passed, t.html_path.name                # doctest: +SKIP
    (True, 'report.html')
    """
    t_start = time.perf_counter()
    out = _report_folder(out_dir)
    figdir = out / "figures"
    figdir.mkdir(parents=True, exist_ok=True)
    run = _TourRun(figdir, svg, echo or (lambda line: None))
    gates, xor = _tour_gates(run)
    neuron = _tour_neuron(run)
    analyses, mismatches = _tour_activations(run)
    results = _tour_experiments(run, seed)
    html_path = out / "report.html"
    result = Tour(seed, gates, xor, neuron, analyses, mismatches, results, run.figures,
                  html_path, 0.0, run.timings)
    run.step("html", lambda: html_path.write_text(render_html(result), encoding="utf-8"))
    seconds = time.perf_counter() - t_start
    result = dataclasses.replace(result, seconds=seconds)
    held = sum(r.passed for r in results.values())
    run.say(f"Done in {seconds:.1f} s: {held} of {len(results)} claims hold; report "
            f"{html_path} with {len(run.figures)} figures in {figdir}")
    return result


def _report_folder(out_dir: str | Path) -> Path:
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


def _tour_gates(run: _TourRun) -> tuple[list[dict], dict]:
    """Section 1: the MP neuron's logic gates and XOR, echoed and drawn."""
    from . import plotting

    say = run.say
    say("1. The McCulloch-Pitts neuron: y = 1 if w.x + b > 0 else 0")
    gates, xor = run.step("gates", _gates)
    for g in gates:
        say(f"   {g['name'].upper():5s} w = {g['weights']}, b = {g['bias']:g}: outputs "
            f"{g['outputs']} {'ok' if g['correct'] else 'WRONG'}")
    say(f"   XOR   no single neuron: {xor['reason']}")
    say(f"         two-layer MP network AND(OR, NAND): outputs {xor['outputs']} "
        f"{'ok' if xor['correct'] else 'WRONG'}")
    run.step("gates figure", lambda: run.save("gates", plotting.plot_gates()))
    return gates, xor


def _tour_neuron(run: _TourRun) -> list[dict]:
    """Section 2: the general neuron on one input with several activations, echoed."""
    run.say("2. The general neuron: a = f(w.x + b)")
    neuron = run.step("neuron", _neuron)
    w, b, x = NEURON_DEMO["weights"], NEURON_DEMO["bias"], NEURON_DEMO["x"]
    run.say(f"   w = {list(w)}, b = {b}, x = {list(x)}: z = {neuron[0]['z']:.4g}; "
            + ", ".join(f"{r['activation']} {r['a']:.4g}" for r in neuron))
    return neuron


def _tour_activations(run: _TourRun) -> tuple[dict[str, Analysis], dict[str, tuple[str, ...]]]:
    """Section 3: every activation analysed and checked against its declaration, drawn."""
    from . import plotting

    say = run.say
    names = activation_names()
    say(f"3. Activation functions: {len(names)} in the catalogue, properties measured")
    analyses = run.step("analysis", lambda: {n: analyze(activation(n)) for n in names})
    mismatches = {n: a.mismatches(activation(n).properties) for n, a in analyses.items()}
    bad = {n: m for n, m in mismatches.items() if m}
    say(f"   declared properties confirmed by measurement: {len(names) - len(bad)} of "
        f"{len(names)}" + (f"; disagreements: {', '.join(bad)}" if bad else ""))
    for n in ("logistic", "tanh", "relu"):
        a = analyses[n]
        say(f"   {n:9s} range {a.range_text()}, zero-centred {'yes' if a.zero_centered else 'no'}"
            f", saturation {a.saturation}, f'(0) = {a.derivative_at_zero:g}, "
            f"sparsity {a.sparsity:.2f}, cost {a.cost:.1f}x ReLU")
    run.step("activations figure", lambda: run.save("activations", plotting.plot_activations()))
    run.step("comparison figure", lambda: run.save("comparison", plotting.plot_comparison(
        ["logistic", "tanh", "relu", "leaky_relu", "elu", "gelu"], derivative=False,
        x_range=(-4, 4))))
    return analyses, mismatches


def _tour_experiments(run: _TourRun, seed: int) -> dict[str, Any]:
    """Section 4: every experiment run with *seed*, its verdict echoed, its figure saved."""
    run.say("4. The claims, measured")
    results = {}
    for i, name in enumerate(_experiments.experiment_names(), start=1):
        r = run.step(name, lambda name=name: _experiments.run(name, seed=seed))
        results[name] = r
        run.step(f"{name} figure", lambda r=r, name=name: run.save(name, r.plot()))
        mark = "holds" if r.passed else "NOT CONFIRMED"
        seconds = run.timings[name] + run.timings[name + " figure"]
        run.say(f"   [{i}/{len(_experiments.EXPERIMENTS)}] {name}: {mark} ({seconds:.1f} s)")
        run.say(f"         {r.verdict}")
    return results


# -- HTML ---------------------------------------------------------------------------

_CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif;
 margin:0;color:#222;background:#fafafa;line-height:1.45}
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
.claim{font-style:italic;color:#444}.small{font-size:.85em;color:#666}
code{background:#f2f2f2;padding:0 3px;border-radius:3px}
td.math{font-size:1.15em;white-space:nowrap;padding:5px 10px}
td.math math{math-style:normal}
nav a{margin-right:1em}
"""


def _e(text: Any) -> str:
    return html.escape(str(text))


def _img(fig_path: Path | None, alt: str) -> str:
    import base64

    if fig_path is None or not Path(fig_path).exists():
        return ""
    data = base64.b64encode(Path(fig_path).read_bytes()).decode("ascii")
    return f'<img src="data:image/png;base64,{data}" alt="{_e(alt)}">'


def _truth(inputs: list, outputs: list) -> str:
    return ", ".join(f"{''.join(map(str, i))} → {o}" for i, o in zip(inputs, outputs, strict=True))


def _yes(flag: bool) -> str:
    return "yes" if flag else "no"


def render_html(t: Tour) -> str:
    """The report of a :class:`Tour` as one self-contained HTML document."""
    parts = [f"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
             f"<meta name='viewport' content='width=device-width, initial-scale=1'>"
             f"<title>neuronkit tour</title><style>{_CSS}</style></head><body><main>",
             _html_intro(t), *_html_gates(t), _html_neuron(t), _html_activations(t),
             *_html_experiments(t), _html_footer(t), "</main></body></html>"]
    return "\n".join(parts)


def _html_intro(t: Tour) -> str:
    """The title, the summary of what held, and the table of contents."""
    held = sum(r.passed for r in t.results.values())
    return (
        "<h1>neuronkit tour: every claim of the source, measured</h1>"
        f"<p>From the McCulloch&ndash;Pitts neuron to the modern activation functions: each "
        f"gate is checked, each declared property of each activation is measured, and each "
        f"claim about them is run as an experiment with a number and a figure. "
        f"<b>{held} of {len(t.results)} claims hold</b>; "
        f"{sum(not m for m in t.mismatches.values())} of {len(t.mismatches)} activations have "
        f"every declared property confirmed.</p>"
        "<nav><a href='#mp'>1. MP neuron</a><a href='#neuron'>2. General neuron</a>"
        "<a href='#activations'>3. Activations</a><a href='#experiments'>4. Claims</a></nav>")


def _html_gates(t: Tour) -> list[str]:
    """Section 1: the MP neuron, the table of its logic gates, XOR, and their figure."""
    rows = "".join(
        f"<tr><td>{g['name'].upper()}</td><td>{_e(g['weights'])}</td>"
        f"<td class='num'>{g['bias']:g}</td>"
        f"<td>{_e(_truth(g['inputs'], g['outputs']))}</td>"
        f"<td class='{'ok' if g['correct'] else 'bad'}'>{'correct' if g['correct'] else 'wrong'}"
        f"</td></tr>" for g in t.gates)
    x = t.xor
    return [
        "<h2 id='mp'>1. The McCulloch&ndash;Pitts neuron and logic gates</h2>"
        "<p>The MP neuron fires when its weighted input exceeds its threshold: "
        "<code>y = 1 if w&middot;x + b &gt; 0 else 0</code>. With unit weights and "
        "the right threshold it computes AND, OR, NOT, NAND and NOR.</p>",
        "<table><tr><th>gate</th><th>weights w</th><th>bias b</th>"
        f"<th>truth table (input &rarr; output)</th><th>check</th></tr>{rows}</table>",
        f"<p><b>XOR</b> cannot be computed by one MP neuron: {_e(x['reason'])} "
        f"(linear programming). The two-layer MP network AND(OR(x), NAND(x)) outputs "
        f"{_e(x['outputs'])}: <span class='{'ok' if x['correct'] else 'bad'}'>"
        f"{'correct' if x['correct'] else 'wrong'}</span>.</p>",
        _img(t.figures.get("gates"), "logic gates of the MP neuron"),
    ]


def _html_neuron(t: Tour) -> str:
    """Section 2: the general neuron's output on the demo input, per activation."""
    w, b, xv = NEURON_DEMO["weights"], NEURON_DEMO["bias"], NEURON_DEMO["x"]
    z = t.neuron[0]["z"] if t.neuron else float("nan")
    rows = "".join(f"<tr><td>{_e(r['activation'])}</td><td class='num'>{r['a']:.6g}</td></tr>"
                   for r in t.neuron)
    return ("<h2 id='neuron'>2. The general neuron</h2>"
            "<p>The general neuron replaces the step by any activation <i>f</i>: "
            "<code>a = f(w&middot;x + b)</code>. With "
            f"<code>w = {_e(list(w))}</code>, <code>b = {b}</code> and input "
            f"<code>x = {_e(list(xv))}</code> the net input is <code>z = {z:.6g}</code>, "
            "and the output depends on <i>f</i>:</p>"
            f"<table><tr><th>activation f</th><th>a = f(z)</th></tr>{rows}</table>")


def _html_activations(t: Tour) -> str:
    """Section 3: the activations' figures and the table of declared = measured properties."""
    fig = t.figures.get
    return ("<h2 id='activations'>3. Activation functions</h2>"
            "<p>Every activation with its derivative (f solid, f&prime; dashed; one colour "
            "per activation throughout the report):</p>"
            + _img(fig("activations"), "activation functions and derivatives")
            + "<p>Their formulas, as declared in the catalogue:</p>"
            + _html_formulas_table(list(t.analyses))
            + "<p>The declared properties of each activation, each one measured "
            "numerically by <code>nk.analyze</code> (range and attained ends, "
            "E&nbsp;f(Z) for Z&nbsp;~&nbsp;N(0,1), monotonicity on a fine grid, f&prime; "
            "at &plusmn;10<sup>2</sup>..10<sup>6</sup>, kinks located by bisection, "
            "sparsity = fraction of exact zeros on standard-normal input, cost = time "
            "per element relative to ReLU on this machine):</p>"
            + _html_properties_table(properties_rows(t.analyses))
            + _img(fig("comparison"), "comparison of common activations"))


def _html_formulas_table(names: list[str]) -> str:
    """f(x) and f'(x) of each activation (default parameters) as MathML, which the
    browser typesets: no script, nothing fetched."""
    from ._mathml import formula_mathml

    head = "<tr><th>name</th><th>f(x) and f&prime;(x)</th></tr>"
    rows = []
    for name in names:
        f = activation(name)
        m = formula_mathml(f.spec.formulas(f.params), html=True)
        rows.append(f"<tr><td><b>{_e(name)}</b></td><td class='math'>"
                    f"<div><i>f</i>(<i>x</i>) = {m['mathml']}</div>"
                    f"<div><i>f</i>&prime;(<i>x</i>) = {m['derivative_mathml']}</div></td></tr>")
    return f"<table class='formulas'>{head}{''.join(rows)}</table>"


def _html_properties_table(prow: list[dict[str, Any]]) -> str:
    """The table of :func:`properties_rows`, a disagreement spelled out in its last cell."""
    head = ("<tr><th>name</th><th>range</th><th>zero-centred</th><th>monotonic</th>"
            "<th>saturation (rate)</th><th>smoothness</th><th>kinks</th><th>f'(0)</th>"
            "<th>max f'</th><th>Lipschitz</th><th>sparsity</th><th>cost &times;ReLU</th>"
            "<th>declared = measured</th></tr>")
    body = "".join(
        f"<tr><td title='{_e(r['summary'])}'><b>{_e(r['name'])}</b></td><td>{_e(r['range'])}</td>"
        f"<td>{_yes(r['zero_centered'])}</td><td>{_yes(r['monotonic'])}</td>"
        f"<td>{_e(r['saturation'])}</td><td>{_e(r['smoothness'])}</td><td>{_e(r['kinks'])}</td>"
        f"<td class='num'>{r['derivative_at_zero']}</td><td class='num'>{r['max_derivative']}"
        f"</td><td class='num'>{r['lipschitz']}</td><td class='num'>{r['sparsity']}</td>"
        f"<td class='num'>{r['cost']}</td>"
        + ("<td class='ok'>yes</td>" if r["agrees"] else
           f"<td class='bad'>no: {_e('; '.join(r['mismatches']))}</td>")
        + "</tr>" for r in prow)
    return f"<table>{head}{body}</table>"


def _html_experiments(t: Tour) -> list[str]:
    """Section 4: how to rerun the experiments, then one block per experiment."""
    intro = ("<h2 id='experiments'>4. The claims, measured</h2>"
             f"<p class='small'>Every experiment is deterministic from its seed "
             f"(seed {t.seed}; only the timings of hard-vs-smooth depend on the "
             f"machine). Rerun one with <code>neuronkit experiment NAME --seed "
             f"{t.seed}</code>.</p>")
    return [intro, *(_html_experiment(i, name, r, t.figures.get(name))
                     for i, (name, r) in enumerate(t.results.items(), start=1))]


def _html_experiment(i: int, name: str, r: Any, fig_path: Path | None) -> str:
    """One experiment: its claim, its verdict, its measurements and its figure."""
    ok = r.passed
    rows = "".join(f"<tr><td>{_e(k)}</td><td class='num'>{_e(v)}</td></tr>"
                   for k, v in r.rows())
    return (f"<h3 id='{_e(name)}'>4.{i} {_e(name)}</h3>"
            f"<p class='claim'>{_e(_experiments.CLAIMS[name])}</p>"
            f"<div class='verdict{'' if ok else ' fail'}'><span class='"
            f"{'ok' if ok else 'bad'}'>{'Claim holds' if ok else 'Claim not confirmed'}"
            f"</span>: {_e(r.verdict)}</div>"
            f"<table><tr><th>measurement</th><th>value</th></tr>{rows}</table>"
            + _img(fig_path, f"figure of {name}"))


def _html_footer(t: Tour) -> str:
    """The seed, the versions and the machine, and the timings of the steps."""
    times = ", ".join(f"{k} {v:.1f} s" for k, v in t.timings.items())
    return (f"<hr><p class='small'>neuronkit tour, seed {t.seed}; Python "
            f"{_e(platform.python_version())}, NumPy {_e(np.__version__)} on "
            f"{_e(platform.machine())}. Timings: {_e(times)}.</p>")
