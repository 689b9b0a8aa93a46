"""Sphinx configuration of neuronkit's documentation (NumPy's and SciPy's toolchain:
numpydoc, autosummary, pydata-sphinx-theme; the example notebooks run by myst-nb).

Build:  .venv/bin/sphinx-build -W -b html docs docs/_build/html
"""

from __future__ import annotations

import sys
from pathlib import Path

DOCS = Path(__file__).resolve().parent
ROOT = DOCS.parent
sys.path.insert(0, str(DOCS))  # _ext (the generated glossary page)

import neuronkit  # noqa: E402

project = "neuronkit"
author = "the neuronkit authors"
copyright = "the neuronkit authors"  # noqa: A001
version = release = neuronkit.__version__

extensions = [
    "sphinx.ext.autodoc",
    "sphinx.ext.autosummary",
    "numpydoc",
    "myst_nb",
    "sphinx_design",
    "_ext.glossary_page",
    "_ext.mathml",  # math as MathML at build time: no MathJax, no CDN
]

# -- sources -------------------------------------------------------------------------
root_doc = "index"
exclude_patterns = ["_build", "_generated", "jupyter_execute", "**.ipynb_checkpoints"]
templates_path = ["_templates"]
myst_enable_extensions = ["dollarmath", "colon_fence"]
myst_heading_anchors = 3

# -- API reference ---------------------------------------------------------------------
autosummary_generate = True
autodoc_default_options = {"members": True, "member-order": "bysource"}
autodoc_typehints = "none"  # numpydoc's Parameters sections say the types
numpydoc_show_class_members = False  # autodoc documents every member below the class
numpydoc_class_members_toctree = False
numpydoc_xref_param_type = False

# -- example notebooks (examples/, stored without outputs) ----------------------------
nb_execution_mode = "force"  # run every notebook at every build: the examples can't rot
nb_execution_raise_on_error = True  # an error in a notebook fails the build
nb_execution_show_tb = True  # ... and prints its traceback
nb_execution_timeout = 120
nb_merge_streams = True
nb_render_markdown_format = "myst"  # Markdown outputs with tables (the catalogue)

# -- HTML ------------------------------------------------------------------------------
html_theme = "pydata_sphinx_theme"
html_title = f"neuronkit {release}"
html_static_path = ["_static"]
html_css_files = ["mathml.css"]
html_theme_options = {
    "navigation_with_keys": False,
    "header_links_before_dropdown": 4,
    "show_toc_level": 2,
}
html_show_sourcelink = False
html_math_renderer = "mathml"


# -- generated pages -------------------------------------------------------------------
def _accuracy_table(app) -> None:
    """Run benchmarks/accuracy.py (deterministic, about 20 s) and write its table for
    measured.md, so the accuracy the pages show is the one the code has now."""
    import subprocess

    out = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "accuracy.py")],
                         capture_output=True, text=True, check=True, cwd=ROOT).stdout
    head, _, table = out.partition("\n\n")
    text = "Measured at this build: " + "; ".join(head.splitlines()) + ".\n\n" + table
    target = DOCS / "_generated" / "accuracy.md"
    target.parent.mkdir(exist_ok=True)
    if not target.exists() or target.read_text(encoding="utf-8") != text:
        target.write_text(text, encoding="utf-8")


def setup(app):
    app.connect("builder-inited", _accuracy_table)
