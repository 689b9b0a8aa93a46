"""The documentation builds with warnings as errors, and runs its examples.

One Sphinx build (``sphinx-build -W``, the command the README gives) into a temporary
folder: it generates the API reference from the docstrings, the glossary from
``neuronkit.glossary``, the accuracy table from ``benchmarks/accuracy.py``, and executes
every notebook of ``examples/`` and every code cell of the user guide (myst-nb), so an
example that raises fails this test.  The notebooks are executed once, here.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

from needs import need

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = sorted((ROOT / "examples").glob("*.ipynb"))

need("sphinx", "numpydoc", "pydata_sphinx_theme", "myst_nb", "sphinx_design", "latex2mathml",
     "ipykernel")


_SKIP = ("script", "style", "annotation", "code", "pre")


class _Text(HTMLParser):
    """The prose a reader sees: no scripts, styles, MathML annotations or code."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        self._skip += tag in _SKIP

    def handle_endtag(self, tag):
        self._skip -= tag in _SKIP

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def visible_text(path: Path) -> str:
    p = _Text()
    p.feed(path.read_text(encoding="utf-8"))
    return " ".join(p.parts).replace("\u2019", "'")  # Sphinx's smart quotes


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("docs") / "html"
    proc = subprocess.run(
        [sys.executable, "-m", "sphinx", "-W", "--keep-going", "-q", "-b", "html",
         "-d", str(out.parent / "doctrees"), str(ROOT / "docs"), str(out)],
        capture_output=True, text=True, cwd=ROOT, timeout=900)
    assert proc.returncode == 0, f"sphinx-build -W failed:\n{proc.stderr[-6000:]}"
    return out


def test_the_notebooks_are_stored_without_outputs():
    assert len(EXAMPLES) >= 3
    for path in EXAMPLES:
        nb = json.loads(path.read_text(encoding="utf-8"))
        for cell in nb["cells"]:
            if cell["cell_type"] == "code":
                assert cell["outputs"] == [] and cell["execution_count"] is None, (
                    f"{path.name} is stored with outputs; clear them "
                    "(jupyter nbconvert --clear-output --inplace)")


def test_every_notebook_ran_and_drew_its_figures(site):
    for path in EXAMPLES:
        page = site / "examples" / (path.stem + ".html")
        html = page.read_text(encoding="utf-8")
        assert "cell_output" in html, f"{page.name} has no outputs"
        assert "Traceback" not in visible_text(page)
        n_plots = sum(src.count("plotting.plot_") + src.count(".plot()") for src in (
            "".join(c["source"]) for c in json.loads(path.read_text("utf-8"))["cells"]))
        assert html.count('<img alt="_images/') + html.count('<img alt="../_images/') >= n_plots


def test_the_api_reference_has_every_public_name(site):
    import neuronkit as nk

    html = (site / "api" / "index.html").read_text(encoding="utf-8")
    for name in nk.__all__:
        assert f'pre">{name}</span>' in html or f'pre">nk.{name}</span>' in html, name
    acts = visible_text(site / "api" / "generated" / "neuronkit.activations.html")
    for name in nk.activation_names():
        assert f"neuronkit.activations.{name}(" in acts.replace(" ", ""), name


def test_the_glossary_page_is_generated_from_the_glossary(site):
    from neuronkit.glossary import GLOSSARY

    text = visible_text(site / "glossary.html")
    for term in GLOSSARY.values():
        for s in (term.en, term.zh, term.definition.en, term.definition.zh):
            assert s in text, s


def test_the_accuracy_table_is_the_benchmarks(site):
    text = visible_text(site / "measured.html")
    assert "bound 1 ULP (float32), 4 ULP (float64)" in text
    rows = re.findall(r"\b(logistic|tanh|relu|gelu)\b", text)
    assert {"logistic", "tanh", "relu", "gelu"} <= set(rows)
    assert "FAIL" not in text


def test_no_page_shows_raw_latex(site):
    pages = [p for p in site.rglob("*.html") if "_static" not in p.parts]
    assert len(pages) > 20
    latex = re.compile(r"\\(frac|tfrac|sigma|mathbf|operatorname|sqrt|left|right|begin|top)\b"
                       r"|\$[^$\s][^$]*\$|\\\(|\\\[")
    for page in pages:
        found = latex.search(visible_text(page))
        assert found is None, f"{page.relative_to(site)} shows raw LaTeX: {found.group(0)!r}"


def test_the_user_guide_shows_the_catalogue_table(site):
    import neuronkit as nk

    html = (site / "user_guide" / "activations.html").read_text(encoding="utf-8")
    table = html[html.index("<table"):html.index("</table>")]
    for name in nk.activation_names():
        assert f'pre">{name}</span>' in table, name
