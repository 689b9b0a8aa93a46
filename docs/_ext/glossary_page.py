"""The ``neuronkit-glossary`` directive: the glossary page made from
:data:`neuronkit.glossary.GLOSSARY` at build time, so the docs, the tour, the report
and the explorer share one list.

Each term becomes an entry of a Sphinx ``glossary`` under its English and its
Chinese name (so ``{term}`净输入``` and ``{term}`net input``` both link to it),
with its definition in both languages.
"""

from __future__ import annotations

from docutils import nodes
from docutils.statemachine import StringList
from sphinx.util.docutils import SphinxDirective


def glossary_rst() -> list[str]:
    """The reST of a ``glossary`` directive with every term of the source chapter."""
    from neuronkit.glossary import GLOSSARY

    lines = [".. glossary::", ""]
    for term in GLOSSARY.values():
        lines += [f"   {term.en}", f"   {term.zh}",
                  f"      {term.definition.en}", "",
                  f"      {term.definition.zh}", ""]
    return lines


class GlossaryDirective(SphinxDirective):
    """Insert the generated glossary."""

    has_content = False

    def run(self) -> list[nodes.Node]:
        container = nodes.container()
        self.state.nested_parse(StringList(glossary_rst(), source="neuronkit.glossary"),
                                self.content_offset, container)
        return container.children


def setup(app):
    app.add_directive("neuronkit-glossary", GlossaryDirective)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
