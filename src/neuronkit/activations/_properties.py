"""Declared properties of an activation (:class:`Properties`), checked against
measurements by the test suite (``neuronkit.analysis``)."""

from __future__ import annotations

import math
from dataclasses import dataclass

__all__ = ["Properties", "SATURATION", "SMOOTHNESS"]

SATURATION = ("none", "left", "right", "both")
SMOOTHNESS = ("discontinuous", "C0", "C1", "smooth")


@dataclass(frozen=True)
class Properties:
    """Declared properties of an activation (checked against measurements).

    Attributes
    ----------
    range : (float, float)
        Infimum and supremum of the function over the real line (±inf allowed).
    range_closed : (bool, bool)
        Whether the infimum / supremum is attained.
    zero_centered : bool
        ``f(0) == 0`` and the mean of ``f(Z)`` for ``Z ~ N(0, 1)`` is 0.
    monotonic : bool
        Non-decreasing over the real line.
    saturation : str
        Where ``f'(x) -> 0``: "none", "left" (x -> -inf), "right" or "both".
    smoothness : str
        "discontinuous", "C0" (continuous, kinks), "C1" or "smooth" (C-infinity).
    derivative_at_zero : float
        The value of the library's derivative at 0 (its convention at a kink).
    kinks : tuple of float
        Points where the derivative (or, for a discontinuous function, the
        function itself) jumps.
    learnable : tuple of str
        Parameters that layers train together with the weights.
    """

    range: tuple[float, float]
    range_closed: tuple[bool, bool]
    zero_centered: bool
    monotonic: bool
    saturation: str
    smoothness: str
    derivative_at_zero: float
    kinks: tuple[float, ...] = ()
    learnable: tuple[str, ...] = ()

    def __post_init__(self):
        if self.saturation not in SATURATION:
            raise ValueError(f"saturation must be one of {SATURATION}")
        if self.smoothness not in SMOOTHNESS:
            raise ValueError(f"smoothness must be one of {SMOOTHNESS}")

    def range_text(self) -> str:
        """The range in interval notation, e.g. ``(0, 1)`` or ``[0, inf)``.

        >>> Properties((0.0, math.inf), (True, False), False, True, "left", "C0", 0.0).range_text()
        '[0, inf)'
        """
        lo, hi = self.range

        def num(v: float) -> str:
            if math.isinf(v):
                return "-inf" if v < 0 else "inf"
            return f"{v:.6g}"

        left = "[" if self.range_closed[0] else "("
        right = "]" if self.range_closed[1] else ")"
        return f"{left}{num(lo)}, {num(hi)}{right}"


