"""The tour's HTML report: self-contained, every section, every figure, every verdict."""

from __future__ import annotations

import base64
import html
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

import neuronkit as nk
from neuronkit import report
from neuronkit.errors import ParameterError
from neuronkit.glossary import GLOSSARY
from tourcache import cli_tour, grid_size, png_size

FIGURES = ["gates", "activations", "comparison", *nk.experiments.experiment_names()]


@pytest.fixture(scope="module")
def html_text():
    rc, _, out, _ = cli_tour()
    assert rc == 0
    return (out / "report.html").read_text(encoding="utf-8")


class _Collect(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags, self.srcs, self.hrefs = [], [], []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        a = dict(attrs)
        if "src" in a:
            self.srcs.append(a["src"])
        if "href" in a:
            self.hrefs.append(a["href"])


def test_report_is_self_contained(html_text):
    p = _Collect()
    p.feed(html_text)
    assert "script" not in p.tags and "link" not in p.tags
    assert all(s.startswith("data:image/png;base64,") for s in p.srcs)
    assert all(h.startswith("#") for h in p.hrefs)
    assert not re.search(r"https?://", html_text)
    assert len(p.srcs) == len(FIGURES)
    for src in p.srcs:  # every embedded image decodes to a non-trivial PNG
        data = base64.b64decode(src.split(",", 1)[1])
        assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 10_000


def test_report_sections_follow_the_source_chapter(html_text):
    ids = ["mp", "neuron", "sigmoid", "relu", "family", "glossary"]
    pos = [html_text.index(f"<h2 id='{i}'>") for i in ids]
    assert pos == sorted(pos)
    heads = ["1. The McCulloch", "2. The general neuron", "3. Sigmoid-type functions",
             "4. ReLU", "5. The whole family", "Glossary"]
    for i, head in zip(ids, heads, strict=True):
        assert f"<h2 id='{i}'>{head}" in html_text
    # every experiment once, in the section whose claim it measures, numbered in order
    placed = [n for names in report.SECTIONS.values() for n in names]
    assert sorted(placed) == sorted(nk.experiments.experiment_names())
    for section, names in report.SECTIONS.items():
        start = html_text.index(f"<h2 id='{section if section != 'network' else 'neuron'}'>")
        end = html_text.index("<h2", start + 1)
        for name in names:
            assert start < html_text.index(f"<h3 id='{name}'>") < end, (section, name)
    pos = [html_text.index(f"Claim {i}: {n}</h3>") for i, n in enumerate(placed, start=1)]
    assert pos == sorted(pos)


def test_report_content(html_text):
    # hard-vs-smooth also judges measured speed, which a busy machine may upset: the six
    # deterministic claims must hold, the seventh is reported either way
    held = int(re.search(r"<b>(\d) of 7 claims hold</b>", html_text).group(1))
    assert held >= 6 and html_text.count("Claim holds") == held
    for name in nk.experiments.experiment_names():
        section = html_text.split(f"<h3 id='{name}'>", 1)[1].split("<h3", 1)[0]
        # the claim quoted beside its verdict
        assert html.escape(nk.experiments.CLAIMS[name]) in section
        if name != "hard-vs-smooth":
            assert "Claim holds</span>" in section, name
    assert html_text.count("Claim not confirmed") == 7 - held
    if held == 6:
        assert "Claim not confirmed</span>: hard_logistic is at most" in html_text
    for name in nk.activation_names():  # the properties table has every activation
        assert f"<b>{name}</b>" in html_text
    n = len(nk.activation_names())
    assert f"{n} of {n} activations have every declared property confirmed" in html_text
    for gate in ("AND", "OR", "NOT", "NAND", "NOR"):
        assert f"<td>{gate}</td>" in html_text
    assert "not linearly separable" in html_text
    assert "max |deep linear net - one affine map|" in html_text


def test_report_measures_the_source_identities_and_notes_its_typo(html_text):
    sigmoid = html_text.split("<h2 id='sigmoid'>", 1)[1].split("<h3", 1)[0]
    # tanh(x) = 2σ(2x) − 1 to rounding, σ(0) and σ'(0) as the Taylor coefficients
    d = float(re.search(r"2&sigma;\(2x\) &minus; 1\)\| = (\S+)\. ", sigmoid).group(1))
    assert 0 <= d < 1e-15
    assert "hard-logistic(x) = clip(0.25x + 0.5, 0, 1)" in sigmoid
    assert "The source prints hard-tanh as clip(x, 0, 1), a typo" in sigmoid


def test_source_identities_against_mpmath():
    mpmath = pytest.importorskip("mpmath")
    m = report.source_identities(4001)
    x = [mpmath.mpf(v) for v in ("-20", "-0.5", "0.3", "19")]
    with mpmath.workdps(50):
        worst = max(abs(mpmath.tanh(v) - (2 / (1 + mpmath.exp(-2 * v)) - 1)) for v in x)
    assert worst < 1e-30 and m["tanh_identity"] < 4 * 2.0**-52
    assert (m["s0"], m["s1"], m["t0"], m["t1"]) == (0.5, 0.25, 0.0, 1.0)
    # the misprint clip(x, 0, 1) is 1 away from tanh at -inf; clip(x, -1, 1) at most
    # 1 - tanh(1) = 0.2384 (at x = ±1)
    assert m["typo_error"] == pytest.approx(1.0, abs=1e-15)
    assert m["hard_error"] == pytest.approx(float(1 - mpmath.tanh(1)), rel=1e-6)


@pytest.fixture(scope="module")
def zh_tour():
    rc, out, folder, _ = cli_tour("zh")
    assert rc == 0
    return out, folder, (folder / "report.html").read_text(encoding="utf-8")


def _chinese(text: str) -> int:
    return len(re.findall(r"[\u4e00-\u9fff]", text))


def test_chinese_report(zh_tour):
    out, _, text = zh_tour
    assert "<html lang='zh-CN'>" in text
    body = re.sub(r"<[^>]+>|data:image/png;base64,[A-Za-z0-9+/=]+", "", text)
    assert _chinese(body) >= 1500, _chinese(body)
    for term in GLOSSARY.values():  # the glossary, in the source's own terms
        assert f"<td>{term.zh}</td><td>{term.en}</td>" in text
    for name, claim in nk.experiments.CLAIM_TEXTS.items():
        section = text.split(f"<h3 id='{name}'>", 1)[1].split("<h3", 1)[0]
        assert claim.zh in section and claim.en not in section
    assert "原文把 Hard-Tanh 印成了 clip(x, 0, 1)，这是笔误" in text
    # no English words left in the measurement tables' labels and the properties table
    # (a dying-relu row once read "training accuracy, relu"; rates "（exponential）")
    allowed = set(nk.activation_names()) | {"grad", "NAND", "Lipschitz", "Tanh", "Logistic",
                                            "ReLU"}  # as the source writes them
    before_glossary = text.split("<h2 id='glossary'>", 1)[0]
    for cell in re.findall(r"<td[^>]*>([^<]*)</td>", before_glossary):
        # identifiers (xavier_uniform, leaky_relu) are names, not words
        english = {w for w in re.findall(r"[A-Za-z_]{4,}", cell) if "_" not in w} - allowed
        assert not english, (cell, english)
    assert text.count("论断成立") >= 6 and "Claim holds" not in text
    # the summary lines in Chinese too, in the same order of sections
    heads = [ln[:2] for ln in out.splitlines() if ln[:2] in ("1.", "2.", "3.", "4.", "5.")]
    assert heads == ["1.", "2.", "3.", "4.", "5."] and "MP神经元" in out and "完成" in out


def test_language_of_the_tour_from_the_locale(tmp_path, monkeypatch):
    from neuronkit import cli

    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    for var in ("LANGUAGE", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(var, raising=False)
    seen = []
    monkeypatch.setattr(report, "tour", lambda out, **kw: seen.append(kw["lang"]))
    assert cli.main(["tour", "-o", str(tmp_path / "r")]) == 0
    assert cli.main(["tour", "-o", str(tmp_path / "r"), "--lang", "en"]) == 0
    assert seen == ["zh", "en"]
    with pytest.raises(SystemExit):
        cli.main(["tour", "--lang", "fr"])


def test_formulas_are_typeset_mathml_not_latex(html_text):
    import xml.etree.ElementTree as ET

    maths = re.findall(r"<math\b.*?</math>", html_text, flags=re.S)
    assert len(maths) == 2 * len(nk.activation_names())  # f and f' of each activation
    for m in maths:  # MathML in HTML needs no namespace; as XML it is MathML all the same
        root = ET.fromstring(m.replace("<math", '<math xmlns="http://www.w3.org/1998/Math/'
                                       'MathML"', 1))
        assert root.tag.endswith("}math") and "\\" not in "".join(root.itertext())
    text = re.sub(r"<[^>]+>", " ", html_text)
    for latex in ("\\frac", "\\operatorname", "\\begin{cases}", "\\sigma", "\\sqrt"):
        assert latex not in text, f"raw LaTeX {latex} in the report"
    logistic = html_text.split("<b>logistic</b>", 1)[1].split("</tr>", 1)[0]
    assert "<mfrac>" in logistic and "<math" in logistic


def test_figure_files(html_text):
    _, _, out, _ = cli_tour()
    sizes = {"gates": (3200, 760), "activations": grid_size(len(nk.activation_names())),
             "comparison": (1280, 800)}
    for key in FIGURES:
        png, svg = out / "figures" / f"{key}.png", out / "figures" / f"{key}.svg"
        assert png.stat().st_size > 10_000 and svg.stat().st_size > 10_000
        w, h = png_size(png)
        assert (w, h) == sizes.get(key, (w, h)) and w >= 1200 and h >= 700
        assert "</svg>" in svg.read_text(encoding="utf-8")[-200:]


def test_properties_rows_flag_disagreement():
    bad = nk.analyze(nk.activation("leaky_relu", negative_slope=1.0), measure_cost=False)
    rows = report.properties_rows({"leaky_relu": bad})
    assert rows[0]["agrees"] is False and "zero_centered" in rows[0]["mismatches"][0]


def test_tour_bad_folder(tmp_path):
    f = tmp_path / "file"
    f.write_text("x")
    with pytest.raises(ParameterError, match="not a folder"):
        report.tour(f)
    with pytest.raises(ParameterError, match="does not exist"):
        report.tour(tmp_path / "a" / "b")


def test_render_html_of_a_small_tour(tmp_path):
    r = nk.experiments.run("sparsity", seed=0, samples=50)
    png = tmp_path / "s.png"
    r.plot(path=png)
    t = report.Tour(0, [], {"separable": False, "reason": "r", "outputs": [0, 1, 1, 0],
                            "correct": True}, [], {}, {}, {"sparsity": r},
                    {"sparsity": Path(png)}, tmp_path / "report.html")
    text = report.render_html(t)
    assert text.startswith("<!DOCTYPE html>") and text.rstrip().endswith("</html>")
    assert "1 of 1 claims hold" in text and text.count("<img") == 1
    assert t.passed
