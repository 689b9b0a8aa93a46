"""English and Chinese: every text declared in both, with the same fields; the language
from the locale; Chinese figures drawn with a CJK font (or English labels without one)."""

from __future__ import annotations

import re
import string

import pytest

from neuronkit import _figures, _report_html, plotting, report
from neuronkit.experiments import CLAIM_TEXTS, gradients, representation
from neuronkit.glossary import GLOSSARY
from neuronkit.i18n import LANGUAGES, Text, check_language, language

CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")

TABLES = {
    "report._SAY": report._SAY,
    "_report_html._T": _report_html._T,
    "_figures.LABELS": _figures.LABELS,
    "plotting._LABELS": plotting._LABELS,
    "gradients.VERDICTS": gradients.VERDICTS,
    "representation.VERDICTS": representation.VERDICTS,
    "CLAIM_TEXTS": CLAIM_TEXTS,
    "GLOSSARY": {k: t.definition for k, t in GLOSSARY.items()},
}


def _fields(text: str) -> list[str]:
    return sorted(f"{name}:{spec}" for _, name, spec, _ in string.Formatter().parse(text)
                  if name is not None)


@pytest.mark.parametrize("table", TABLES)
def test_every_text_in_both_languages_with_the_same_fields(table):
    for key, t in TABLES[table].items():
        assert isinstance(t, Text), (table, key)
        assert _fields(t.en) == _fields(t.zh), (table, key, t)
        assert not CJK.search(t.en), f"{table}[{key!r}]: Chinese in the English text"
        words = re.sub(r"\{[^}]*\}|<[^>]+>|&\w+;", "", t.en)
        if re.search(r"[a-z]{3,}", words) and key not in ("ok", "correct"):
            assert CJK.search(t.zh) or t.zh == t.en, f"{table}[{key!r}]: not translated"


def test_glossary_terms():
    for en, term in GLOSSARY.items():
        assert term.en == en and CJK.search(term.zh) and not CJK.search(term.en)
    for zh in ("神经元", "激活函数", "净输入", "饱和", "稀疏性", "死亡ReLU问题", "偏置偏移"):
        assert zh in {t.zh for t in GLOSSARY.values()}, zh


def test_every_activation_has_a_chinese_summary_in_the_chapters_terms():
    from neuronkit.activations._core import REGISTRY

    for name, spec in REGISTRY.items():
        assert re.search(r"[\u4e00-\u9fff]", spec.summary_zh), name
        # the glossary's words where the English line names a glossary term
        for term, text in GLOSSARY.items():
            if re.search(rf"\b{re.escape(term)}\b", spec.summary, re.IGNORECASE):
                assert text.zh in spec.summary_zh, (name, term)


def test_language_from_an_explicit_choice_or_the_locale():
    assert LANGUAGES == ("en", "zh")
    assert language("zh", {"LANG": "en_US.UTF-8"}) == "zh"
    assert language(None, {"LANG": "zh_CN.UTF-8"}) == "zh"
    assert language(None, {"LANG": "zh_TW.UTF-8"}) == "zh"
    assert language(None, {"LANGUAGE": "zh_CN:en", "LANG": "en_US.UTF-8"}) == "zh"
    assert language(None, {"LC_ALL": "C", "LANG": "zh_CN.UTF-8"}) == "en"  # LC_ALL first
    assert language(None, {"LANG": "fr_FR.UTF-8"}) == "en" and language(None, {}) == "en"
    with pytest.raises(ValueError, match="unknown language 'cn'.*choose one of: en, zh"):
        check_language("cn")


def test_text_format_and_join():
    t = Text("{n} of {m} hold", "{m} 个中有 {n} 个成立").format(n=2, m=Text("three", "三"))
    assert (t.en, t.zh) == ("2 of three hold", "三 个中有 2 个成立")
    assert Text.join([t, t]).zh == f"{t.zh}；{t.zh}"
    assert Text("{x:.2f}", "{x:.2f}")("zh", x=1) == "1.00"


def _figure_texts(fig) -> str:
    parts = [fig._suptitle.get_text() if fig._suptitle else ""]
    for ax in fig.axes:
        parts += [ax.get_title(), ax.get_xlabel(), ax.get_ylabel()]
        legend = ax.get_legend()
        parts += [x.get_text() for x in legend.get_texts()] if legend else []
        parts += [x.get_text() for x in ax.get_xticklabels()]
    return " ".join(parts)


@pytest.mark.skipif(plotting.cjk_font() is None,
                    reason="no CJK font (apt-get install fonts-wqy-microhei)")
def test_chinese_figures_render_every_glyph(tmp_path):
    import neuronkit as nk

    r = nk.experiments.run("sparsity", seed=0, samples=50)
    en, zh = r.plot(lang="en"), r.plot(lang="zh")
    assert "fraction of active units" in _figure_texts(en)
    assert "激活神经元的比例" in _figure_texts(zh) and "fraction" not in _figure_texts(zh)
    # a glyph missing from every font would warn, and warnings are errors here
    plotting.save_figure(zh, tmp_path / "zh.png")
    plotting.save_figure(plotting.plot_gates(lang="zh"), tmp_path / "gates.svg")
    assert "两层MP网络" in _figure_texts(plotting.plot_gates(lang="zh"))


def test_without_a_cjk_font_the_figures_keep_english_labels(tmp_path, monkeypatch):
    monkeypatch.setattr(plotting, "cjk_font", lambda: None)
    assert plotting.figure_language("zh") == "en" and plotting.figure_language("en") == "en"
    monkeypatch.setattr(report, "SECTIONS", {"network": (), "sigmoid": (), "relu": ()})
    lines = []
    t = report.tour(tmp_path / "r", lang="zh", echo=lines.append, svg=False)
    assert lines[0] == report._SAY["no_font"]("zh") and "fonts-wqy-microhei" in lines[0]
    assert t.lang == "zh" and "MP神经元" in lines[1]
    assert "<html lang='zh-CN'>" in t.html_path.read_text(encoding="utf-8")
