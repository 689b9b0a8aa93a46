"""What every experiment result shares, and small helpers of the experiments."""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from typing import Any

import numpy as np

from .. import hooks
from ..errors import ParameterError

__all__ = ["ResultMixin", "check_seed", "standardize", "best_time", "fmt", "signed"]


class ResultMixin:
    """Methods shared by the experiment results (frozen dataclasses).

    Each result has the fields ``name`` (the experiment's name), ``seed``,
    ``verdict`` (one line) and ``passed`` (whether the source's claim held), its
    numbers as further fields, and a method ``rows()`` giving ``(label, value)``
    pairs for tables.
    """

    name: str
    verdict: str
    passed: bool

    def plot(self, path: Any = None, *, ax: Any = None, lang: str = "en") -> Any:
        """Draw this experiment's figure (see :func:`neuronkit.plotting.plot_experiment`).

        With *ax*, draw the main panel into that matplotlib axes; with *path*, save
        the figure there (PNG or SVG by the suffix).  Returns the figure.  The
        drawing is the ``plot_experiment`` hook that :mod:`neuronkit.plotting`
        provides (see :mod:`neuronkit.hooks`).
        """
        return hooks.get("plot_experiment")(self, path=path, ax=ax, lang=lang)

    def rows(self, lang: str = "en") -> list[tuple[str, str]]:  # pragma: no cover
        """``(label, value)`` pairs for a table, the labels in *lang*; every result overrides."""
        raise NotImplementedError

    def verdict_in(self, lang: str) -> str:
        """The verdict in *lang*: ``"en"`` (the ``verdict`` field) or ``"zh"``."""
        if lang == "zh":
            return getattr(self, "verdict_zh", "") or self.verdict
        return self.verdict

    def __str__(self) -> str:
        width = max((len(k) for k, _ in self.rows()), default=0)
        lines = [f"{self.name}: {self.verdict}"]
        lines += [f"  {k.ljust(width)}  {v}" for k, v in self.rows()]
        return "\n".join(lines)


def check_seed(seed: Any) -> int:
    """*seed* as an int >= 0, or :class:`~neuronkit.errors.ParameterError`.

    >>> check_seed(3)
    3
    """
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0:
        raise ParameterError(f"seed must be an integer >= 0, got {seed!r}")
    return int(seed)


def standardize(X: np.ndarray) -> np.ndarray:
    """Columns shifted to mean 0 and scaled to standard deviation 1.

    >>> standardize(np.array([[0.0], [2.0]])).ravel().tolist()
    [-1.0, 1.0]
    """
    return (X - X.mean(axis=0)) / X.std(axis=0)


def best_time(fn: Callable[[], Any], repeat: int = 7) -> float:
    """Best wall time of *repeat* calls of *fn*, in seconds.

    >>> best_time(lambda: None) >= 0
    True
    """
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def fmt(value: Any, digits: int = 3) -> str:
    """A number for a table: ``None`` as "not reached", floats to *digits* significant.

    >>> fmt(0.123456), fmt(None), fmt(3), fmt(1e-13)
    ('0.123', 'not reached', '3', '1e-13')
    """
    if value is None:
        return "not reached"
    if isinstance(value, (bool, np.bool_)):
        return "yes" if value else "no"
    if isinstance(value, (int, np.integer)):
        return str(int(value))
    v = float(value)
    if math.isinf(v) or math.isnan(v):
        return str(v)
    return f"{v:.{digits}g}"


def signed(value: float) -> str:
    """A signed number to 2 decimals, ``0.00`` rather than ``-0.00``.

    >>> signed(0.5), signed(-0.0008), signed(-0.12)
    ('+0.50', '0.00', '-0.12')
    """
    text = f"{value:+.2f}"
    return "0.00" if text in ("+0.00", "-0.00") else text
