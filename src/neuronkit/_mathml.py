r"""The catalogue's LaTeX formulas as MathML, for the report and the explorer's page.

Browsers render MathML themselves (MathML Core), so a page shows real
mathematics with nothing fetched and no script: the MathML is made here, on the
server, by the `latex2mathml <https://pypi.org/project/latex2mathml/>`_ package,
imported only when a formula is first converted (``import neuronkit`` stays
light).

Examples
--------
>>> m = to_mathml(r"\max(0, x)")
>>> m.startswith('<math xmlns="http://www.w3.org/1998/Math/MathML"'), "<mo>max</mo>" in m
(True, True)
>>> "<mfrac>" in to_mathml(r"\tfrac{x}{2}", prefix="f(x) = ")
True
"""

from __future__ import annotations

import functools

__all__ = ["to_mathml", "formula_mathml"]


@functools.lru_cache(maxsize=512)
def to_mathml(latex: str, prefix: str = "", display: str = "inline") -> str:
    """*latex* (after the LaTeX *prefix*, e.g. ``"f(x) = "``) as one ``<math>`` element.

    Parameters
    ----------
    latex : str
        A formula in the LaTeX subset the catalogue uses (``\\tfrac``, ``\\bigl``,
        ``\\operatorname``, ``cases``, ``\\mathbb{1}`` ...).
    prefix : str
        LaTeX put in front of it.
    display : {"inline", "block"}

    Returns
    -------
    str
        MathML, well-formed XML in the MathML namespace.
    """
    from latex2mathml.converter import convert

    return convert(prefix + latex, display=display)


_NAMESPACE = ' xmlns="http://www.w3.org/1998/Math/MathML"'


def formula_mathml(formulas: dict[str, str], *, html: bool = False) -> dict[str, str]:
    """``mathml`` and ``derivative_mathml`` of an activation's formulas (the dict of
    :meth:`neuronkit.activations.Spec.formulas`): the right-hand sides of
    :math:`f(x) = \\dots` and :math:`f'(x) = \\dots`.  With *html*, for a ``<math>``
    element inside an HTML page: without the namespace attribute, which the HTML
    parser implies (so the page names no URL at all).

    >>> import neuronkit as nk
    >>> f = nk.activation("relu")
    >>> sorted(formula_mathml(f.spec.formulas(f.params)))
    ['derivative_mathml', 'mathml']
    >>> formula_mathml(f.spec.formulas(f.params), html=True)["mathml"][:22]
    '<math display="inline"'
    """
    out = {"mathml": to_mathml(formulas["formula"]),
           "derivative_mathml": to_mathml(formulas["derivative_formula"])}
    if html:
        out = {k: v.replace(_NAMESPACE, "", 1) for k, v in out.items()}
    return out
