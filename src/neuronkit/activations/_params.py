"""The declaration of an activation's parameter (:class:`Param`)."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np

from ..checks import check_choice, check_real
from ..errors import ParameterError

__all__ = ["Param"]


@dataclass(frozen=True, kw_only=True)
class Param:
    """One parameter of an activation, declared once.

    Attributes
    ----------
    name : str
        The keyword (PyTorch's name where PyTorch has the parameter).
    default : object
        The default value.
    check : callable
        ``check(name, value) -> value``: validates and normalizes a value.
    doc : str
        One line: what the parameter does.
    choices : tuple of str
        For a parameter that takes one of a few strings: those strings (then ``check``
        defaults to :func:`check_choice` of them).
    slider : (float, float, float) or None
        The explorer's slider for a numeric parameter: ``(min, max, step)``.
    learnable : bool
        Whether a layer can train the parameter with the weights (one scalar per layer).
    gradient : callable or None
        For a learnable parameter, ``gradient(z, value)``: the NumPy kernel of
        :math:`\\partial f(z) / \\partial p` that the layer's backward pass uses.
    bounds : (float, float)
        A learned value is clipped into these bounds after each optimizer step.
    exact : bool
        Whether a value given as a :class:`fractions.Fraction` is kept as it is (the
        kernels use it exactly where the formula allows), rather than rounded to a
        float; ``check`` validates its rounded value.
    """

    name: str
    default: Any
    check: Callable[[str, Any], Any] | None = None
    doc: str = ""
    choices: tuple[str, ...] = ()
    slider: tuple[float, float, float] | None = None
    learnable: bool = False
    gradient: Callable[..., np.ndarray] | None = None
    bounds: tuple[float, float] = (-math.inf, math.inf)
    exact: bool = False

    def __post_init__(self):
        if self.check is None:
            object.__setattr__(
                self, "check", check_choice(self.choices) if self.choices else check_real)
        if self.exact:
            object.__setattr__(self, "check", _keeping_fractions(self.check))
        if self.learnable and self.gradient is None:
            raise ValueError(f"learnable parameter {self.name!r} needs its gradient kernel")

    def type_text(self) -> str:
        """The parameter's type as the Parameters section of a docstring writes it.

        >>> Param(name="beta", default=1.0).type_text()
        'float, default 1.0'
        >>> Param(name="approximate", default="none", choices=("none", "tanh")).type_text()
        "{'none', 'tanh'}, default 'none'"
        """
        if self.choices:
            return "{" + ", ".join(repr(c) for c in self.choices) + f"}}, default {self.default!r}"
        kind = "float or Fraction" if self.exact else "float"
        if self.default is None:
            kind += " or None"
        return f"{kind}, default {self.default!r}"


EXACT_DIGITS = 40
"""The most digits of an exact Fraction parameter's numerator and denominator (a model
file writes it as "p/q" and reads back at most this many)."""


def _keeping_fractions(check: Callable[[str, Any], Any]) -> Callable[[str, Any], Any]:
    """*check* for an ``exact`` parameter: a Fraction is validated as its nearest float
    and kept (one equal to a float becomes that float)."""
    def exact_check(name: str, value: Any) -> Any:
        checked = check(name, value)
        if isinstance(value, Fraction) and Fraction(checked) != value:
            digits = max(len(str(abs(value.numerator))), len(str(value.denominator)))
            if digits > EXACT_DIGITS:  # what a model file keeps (serialization)
                raise ParameterError(
                    f"{name} = {value}: an exact Fraction may have at most {EXACT_DIGITS} "
                    f"digits in its numerator and denominator (this one has {digits}); "
                    f"pass float({name}) to use the nearest float")
            return value
        return checked

    return exact_check
