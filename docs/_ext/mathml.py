"""Math as MathML, converted when the pages are built (``latex2mathml``).

Browsers render MathML themselves, so the pages need no JavaScript and no CDN (Sphinx's
default, MathJax, is fetched from one): they work offline.  A formula that
``latex2mathml`` cannot convert is a build warning naming it (an error with ``-W``).
"""

from __future__ import annotations

import re

from docutils import nodes
from latex2mathml.converter import convert
from sphinx.util import logging

logger = logging.getLogger(__name__)


_BOLD = re.compile(r'<mi mathvariant="bold">([A-Za-z])</mi>')


def _bold(m: re.Match) -> str:
    """A bold letter as the Unicode mathematical bold letter: browsers ignore
    ``mathvariant="bold"`` (MathML Core keeps only "normal")."""
    c = m.group(1)
    base = 0x1D400 if c.isupper() else 0x1D41A
    return f"<mi>{chr(base + ord(c.upper()) - ord('A'))}</mi>"


def _mathml(self, node: nodes.Element, latex: str, display: str) -> str:
    try:
        return _BOLD.sub(_bold, convert(latex, display=display))
    except Exception as exc:  # noqa: BLE001 - any failure of the converter is a warning
        logger.warning("cannot convert the formula %r to MathML: %s", latex, exc,
                       location=node)
        return self.encode(latex)


def visit_math(self, node: nodes.Element) -> None:
    self.body.append(f'<span class="math notranslate">'
                     f'{_mathml(self, node, node.astext(), "inline")}</span>')
    raise nodes.SkipNode


def visit_displaymath(self, node: nodes.Element) -> None:
    parts = [p for p in node.astext().split("\n\n") if p.strip()]
    body = "".join(_mathml(self, node, p, "block") for p in parts)
    self.body.append(f'<div class="math notranslate">{body}</div>\n')
    raise nodes.SkipNode


def setup(app):
    app.add_html_math_renderer("mathml", (visit_math, None), (visit_displaymath, None))
    return {"parallel_read_safe": True, "parallel_write_safe": True}
