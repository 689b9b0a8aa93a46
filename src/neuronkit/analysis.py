r"""Measure the properties of any elementwise function, numerically.

:func:`analyze` takes a callable ``f`` (a catalogue :class:`~neuronkit.Activation`
or the user's own ``numpy`` function, array in, array out) and measures what the
catalogue declares about its activations: the range and whether its ends are
attained, zero-centring, monotonicity, saturation and its rate, continuity,
differentiability and the location of kinks, the derivative at 0, the largest
derivative and the Lipschitz constant, sparsity and cost.  The test suite checks
that every built-in's declared :class:`~neuronkit.Properties` equal these
measurements, so a declared property is never just prose.

How each property is measured
-----------------------------
* **derivative** -- ``f.derivative`` when the object has one, else the central
  difference :math:`(f(x+h) - f(x-h))/2h` with :math:`h = 10^{-6}\max(1, |x|)`.
* **grid** -- ``f`` and ``f'`` on a uniform grid of ``points`` values over
  :math:`[-\text{span}, \text{span}]`; tails at :math:`\pm 10^2 \ldots \pm 10^{100}`.
* **kinks** -- a jump of ``f`` (a discontinuity) or of ``f'`` (a kink) between
  two grid points that is larger than :math:`10^{-3}` of the scale and ten times
  the variation three steps away, located by bisection to :math:`10^{-9}`.
  Jumps smaller than :math:`10^{-3}` relative, and kinks outside the span, are
  not seen.  A jump of ``f''`` (found the same way on differences of ``f'``)
  makes the function :math:`C^1`; "smooth" means no jump of ``f``, ``f'``, ``f''``
  was found (C2 and C-infinity cannot be told apart numerically).
* **range** -- the limits at :math:`\pm\infty` from the tail values (a limit is
  infinite when ``f`` still moves between :math:`10^{50}` and :math:`10^{100}`),
  and the interior extremes of the grid refined with a bounded scalar
  minimisation.  An end that is a limit counts as attained when some
  :math:`|x| \le \max(12, 1.25 \max|\text{kink}|)` gives exactly that value
  in floating point.
* **zero-centred** -- :math:`f(0) = 0` (to :math:`10^{-12}`) and
  :math:`|\mathbb E f(Z)| \le 10^{-6}` for :math:`Z \sim \mathcal N(0, 1)`, the
  expectation computed by composite 20-point Gauss--Legendre quadrature over
  :math:`[-40, 40]`, split at 0 and at every kink (accurate to about
  :math:`10^{-14}` for piecewise-smooth ``f``).
* **monotonic** -- no decrease (or no increase) between neighbouring grid and
  tail points beyond 4 ulp.
* **saturation** -- side :math:`\pm` saturates when :math:`|f'(\pm x)|` does not
  grow over :math:`x = 10^2 \ldots 10^6` and :math:`|f'(\pm 10^6)| \le 10^{-6}`
  times the largest derivative.  Its rate is "exact" (``f'`` is exactly 0 in the
  tail), "exponential" (:math:`f'(\pm 10^4)/f'(\pm 10^3) < 10^{-30}`) or
  "polynomial x^-p" with :math:`p` measured between :math:`10^4` and :math:`10^5`.
* **derivative at 0** -- ``f.derivative(0)`` when available (the catalogue's
  convention at a kink); otherwise the mean of the one-sided second-order
  differences :math:`(\pm 3f(0) \mp 4f(\mp h) \pm f(\mp 2h))/2h`, which is what
  a central difference gives; both one-sided values are kept in
  ``derivative_at_zero_sides``.
* **curvature** -- :math:`\max |f''|` over the grid and where it is reached, from
  ``f.second_derivative`` when the object has one (the catalogue's closed forms),
  else from central differences of ``f'`` with :math:`h = 10^{-4}\max(1, |x|)`;
  points within four grid steps of a kink are left out (there :math:`f''` is a
  Dirac mass, not a number).  0 for a piecewise-linear function.
* **sparsity** -- the fraction of exact zeros of ``f`` over 100 000
  standard-normal samples (seed 0).
* **cost** -- the time per element of ``f`` relative to ReLU on the same
  :math:`2^{17}` samples, best of five (``None`` with ``measure_cost=False``).

Examples
--------
>>> import numpy as np, neuronkit as nk
>>> a = nk.analyze(nk.activation("tanh"), measure_cost=False)
>>> a.range, a.zero_centered, a.saturation, a.derivative_at_zero
((-1.0, 1.0), True, 'both', 1.0)
>>> b = nk.analyze(lambda x: np.maximum(x, 0.0), measure_cost=False)
>>> b.kinks, b.derivative_at_zero_sides, round(b.sparsity, 2)
((0.0,), (0.0, 1.0), 0.5)
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from .errors import ParameterError

__all__ = ["Analysis", "analyze", "compare", "max_curvature"]

_INF = math.inf
_TAIL = np.array([1e2, 1e3, 1e4, 1e5, 1e6, 1e12, 1e24, 1e50, 1e100])
_SAT = np.array([1e2, 1e3, 1e4, 1e5, 1e6])


@dataclass(frozen=True)
class Analysis:
    """Measured properties of an elementwise function (see :func:`analyze`).

    Attributes
    ----------
    name : str
        The activation's name, or the callable's ``__name__``.
    range : (float, float)
        Measured infimum and supremum (±inf allowed).
    range_closed : (bool, bool)
        Whether each end is attained at a finite x.
    f_at_zero, mean_normal : float
        :math:`f(0)` and :math:`\\mathbb E f(Z)`, :math:`Z \\sim \\mathcal N(0, 1)`.
    zero_centered, monotonic, nondecreasing : bool
        Zero-centred; monotonic in either direction; non-decreasing.
    saturation : str
        "none", "left", "right" or "both": where :math:`f'(x) \\to 0`.
    saturation_rate : (str, str)
        Rate on the left and right: "exact", "exponential", "polynomial x^-p", or
        "" where the side does not saturate.
    tail_derivative : (float, float)
        :math:`f'(-20)` and :math:`f'(20)`.
    continuous, differentiable : bool
        No jump of ``f``; no jump of ``f`` or ``f'`` (within the span).
    smoothness : str
        "discontinuous", "C0", "C1" or "smooth".
    kinks : tuple of float
        Where ``f`` or ``f'`` jumps, located to 1e-9.
    derivative_at_zero : float
        ``f.derivative(0)`` if defined, else the mean of the one-sided derivatives.
    derivative_at_zero_sides : (float, float)
        One-sided derivatives at 0 (left, right), measured by differences.
    max_derivative, lipschitz : float
        :math:`\\max f'` and :math:`\\sup |f'|` (inf when discontinuous or
        growing without bound).
    sparsity : float
        Fraction of exact zeros of ``f`` over standard-normal samples.
    cost : float or None
        Time per element relative to ReLU.
    curvature, curvature_at : float
        :math:`\\max |f''|` on the grid away from kinks, and the x where it is reached
        (the one nearest 0 among equal values).
    """

    name: str
    range: tuple[float, float]
    range_closed: tuple[bool, bool]
    f_at_zero: float
    mean_normal: float
    zero_centered: bool
    monotonic: bool
    nondecreasing: bool
    saturation: str
    saturation_rate: tuple[str, str]
    tail_derivative: tuple[float, float]
    continuous: bool
    differentiable: bool
    smoothness: str
    kinks: tuple[float, ...]
    derivative_at_zero: float
    derivative_at_zero_sides: tuple[float, float]
    max_derivative: float
    lipschitz: float
    sparsity: float
    cost: float | None
    curvature: float = math.nan
    curvature_at: float = math.nan

    def range_text(self) -> str:
        """The measured range in interval notation, e.g. ``[0, inf)``.

        >>> import neuronkit as nk
        >>> nk.analyze(nk.activation("relu"), measure_cost=False).range_text()
        '[0, inf)'
        """
        def num(v: float) -> str:
            return ("-inf" if v < 0 else "inf") if math.isinf(v) else f"{v:.6g}"

        left = "[" if self.range_closed[0] else "("
        right = "]" if self.range_closed[1] else ")"
        return f"{left}{num(self.range[0])}, {num(self.range[1])}{right}"

    def mismatches(self, declared: Any, *, tol: float = 1e-9) -> tuple[str, ...]:
        """Where *declared* properties disagree with this measurement.

        Parameters
        ----------
        declared : Properties
            Declared properties, e.g. ``f.properties``.
        tol : float
            Absolute and relative tolerance for the range ends and ``f'(0)``;
            kinks are compared to 1e-6.

        Returns
        -------
        tuple of str
            One line per disagreement; empty when everything agrees.

        Examples
        --------
        >>> import neuronkit as nk
        >>> f = nk.activation("elu", alpha=2.0)
        >>> nk.analyze(f, measure_cost=False).mismatches(f.properties)
        ()
        """
        out = []
        for i, end in enumerate(("lower", "upper")):
            d, m = float(declared.range[i]), self.range[i]
            if not _close(d, m, tol):
                out.append(f"range {end} end: declared {d!r}, measured {m!r}")
            if declared.range_closed[i] != self.range_closed[i]:
                out.append(f"range {end} end attained: declared {declared.range_closed[i]}, "
                           f"measured {self.range_closed[i]}")
        for attr in ("zero_centered", "monotonic", "saturation", "smoothness"):
            d, m = getattr(declared, attr), getattr(self, attr)
            if d != m:
                out.append(f"{attr}: declared {d!r}, measured {m!r}")
        if not _close(float(declared.derivative_at_zero), self.derivative_at_zero, tol):
            out.append(f"derivative_at_zero: declared {declared.derivative_at_zero!r}, "
                       f"measured {self.derivative_at_zero!r}")
        dk = tuple(sorted(float(k) for k in declared.kinks))
        if len(dk) != len(self.kinks) or any(
                abs(a - b) > 1e-6 for a, b in zip(dk, self.kinks, strict=True)):
            out.append(f"kinks: declared {dk}, measured {self.kinks}")
        return tuple(out)


def _close(a: float, b: float, tol: float) -> bool:
    if math.isinf(a) or math.isinf(b):
        return a == b
    return abs(a - b) <= tol * max(1.0, abs(a), abs(b))


def _name_of(f: Any) -> str:
    name = getattr(f, "name", None)
    if isinstance(name, str):
        return name
    return getattr(f, "__name__", type(f).__name__)


def _evaluator(f: Callable) -> Callable[[np.ndarray], np.ndarray]:
    def ev(x):
        x = np.asarray(x, dtype=np.float64)
        y = np.asarray(f(x), dtype=np.float64)
        if y.shape != x.shape:
            raise ParameterError(
                f"analyze needs an elementwise function (shape in == shape out); "
                f"got shape {y.shape} for input of shape {x.shape}"
            )
        return y
    return ev


def _derivative(f: Callable, ev: Callable) -> tuple[Callable, bool]:
    d = getattr(f, "derivative", None)
    if callable(d):
        return (lambda x: np.asarray(d(np.asarray(x, dtype=np.float64)), dtype=np.float64)), True

    def fd(x):
        x = np.asarray(x, dtype=np.float64)
        h = 1e-6 * np.maximum(1.0, np.abs(x))
        return (ev(x + h) - ev(x - h)) / (2.0 * h)
    return fd, False


def _jumps(v: np.ndarray, scale: float) -> list[int]:
    """Indices i where v[i+1] - v[i] is a jump (an isolated spike of the differences)."""
    dv = np.abs(np.diff(v))
    dv = np.where(np.isfinite(dv), dv, np.inf)
    far = np.zeros_like(dv)
    far[3:] = dv[:-3]
    far[:-3] = np.maximum(far[:-3], dv[3:])
    hits = np.flatnonzero((dv > 1e-3 * scale) & (dv > 10.0 * far))
    groups: list[int] = []
    for i in hits:  # merge neighbours (a jump split over two intervals)
        if not groups or i - groups[-1] > 3:
            groups.append(int(i))
    return groups


def _bisect(g: Callable, a: float, b: float) -> float:
    """Locate the jump of *g* in [a, b]: the point where g switches from g(a) to g(b)."""
    ga, gb = float(g(np.array(a))), float(g(np.array(b)))
    for _ in range(200):
        m = 0.5 * (a + b)
        if not a < m < b:
            break
        gm = float(g(np.array(m)))
        if abs(gm - ga) <= abs(gm - gb):
            a = m
        else:
            b = m
        if b - a <= 1e-13 * max(1.0, abs(a)):
            break
    return 0.5 * (a + b)


def _limit(values: np.ndarray) -> float:
    """Limit of f along the tail values (1e2 ... 1e100); NaN when there is none."""
    v50, v100 = values[-2], values[-1]
    if not np.isfinite(v100):
        return float(v100) if np.isinf(v100) else math.nan
    if abs(v100 - v50) <= 1e-6 * (1.0 + abs(v50)):
        return float(v100)
    steps = np.diff(values[-5:])  # 1e6, 1e12, 1e24, 1e50, 1e100: a steady climb is a limit
    if np.all(steps > 0):
        return _INF
    if np.all(steps < 0):
        return -_INF
    return math.nan  # oscillates: no limit


def _normal_mean(ev: Callable, breaks: tuple[float, ...]) -> float:
    pts = sorted({-40.0, 40.0, 0.0, *(k for k in breaks if -40 < k < 40)})
    nodes, weights = np.polynomial.legendre.leggauss(20)
    xs, ws = [], []
    for lo, hi in zip(pts[:-1], pts[1:], strict=True):
        n = max(1, math.ceil((hi - lo) / 0.5))
        edges = np.linspace(lo, hi, n + 1)
        half = 0.5 * np.diff(edges)[:, None]
        mid = 0.5 * (edges[:-1] + edges[1:])[:, None]
        xs.append((mid + half * nodes).ravel())
        ws.append((half * weights).ravel())
    x, w = np.concatenate(xs), np.concatenate(ws)
    pdf = np.exp(-0.5 * x * x) / math.sqrt(2.0 * math.pi)
    return float(np.sum(w * pdf * ev(x)))


def _saturation(dfun: Callable, side: float, scale: float, grid_x, grid_d,
                kinks: tuple[float, ...]) -> tuple[bool, str]:
    d = np.abs(dfun(side * _SAT))
    if not np.all(np.isfinite(d)):
        return False, ""
    growing = np.any(d[1:] > d[:-1] * (1 + 1e-9) + 1e-300)
    if growing or d[-1] > 1e-6 * scale:
        return False, ""
    if d[0] == 0.0 and float(np.abs(dfun(np.array(side * 20.0)))) == 0.0:
        sel = np.flatnonzero((grid_x * side > 0) & (grid_d != 0))
        last = None if not sel.size else sel[0] if side < 0 else sel[-1]
        if last is None or abs(grid_d[last]) >= 1e-8 * scale:  # drops to 0 abruptly
            edge = float(grid_x[last]) if last is not None else 0.0
            step = grid_x[1] - grid_x[0]
            edge = next((k for k in kinks if abs(k - edge) <= 2 * step), edge)
            return True, f"exact (f' = 0 beyond x = {edge + 0.0:.6g})"
        return True, "exponential"  # decays to 0, then rounds to 0
    if d[1] == 0.0 or d[2] < 1e-30 * d[1]:
        return True, "exponential"
    p = -math.log10(d[3] / d[2]) if d[3] > 0 else math.inf
    return True, f"polynomial x^-{p:.3g}"


def _cost(ev: Callable) -> float:
    from .activations import activation

    relu = activation("relu")
    x = np.random.default_rng(0).standard_normal(1 << 17)

    def best(g):
        times = []
        for _ in range(5):
            t0 = time.perf_counter()
            g(x)
            times.append(time.perf_counter() - t0)
        return min(times)

    return best(ev) / max(best(relu), 1e-9)


def analyze(f: Callable, *, span: float = 20.0, points: int = 200_001,
            measure_cost: bool = True) -> Analysis:
    r"""Measure the properties of the elementwise function *f*.

    Parameters
    ----------
    f : callable
        ``f(x)`` for a float64 array ``x``, returning an array of the same shape
        (a catalogue :class:`~neuronkit.Activation` or any NumPy function).  If
        ``f`` has a ``derivative`` method it is used; otherwise derivatives are
        central differences.
    span : float
        Half-width of the grid on which kinks and interior extremes are sought.
    points : int
        Number of grid points (odd, so that 0 is one of them).
    measure_cost : bool
        Time ``f`` against ReLU (a few milliseconds); ``cost`` is ``None`` if false.

    Returns
    -------
    Analysis
        The measurements; see the module docstring for how each is made.

    Examples
    --------
    >>> import numpy as np, neuronkit as nk
    >>> a = nk.analyze(nk.activation("logistic"), measure_cost=False)
    >>> a.range, a.range_closed, a.saturation_rate, a.derivative_at_zero
    ((0.0, 1.0), (False, False), ('exponential', 'exponential'), 0.25)
    >>> s = nk.analyze(lambda x: x / (1 + np.abs(x)), measure_cost=False)
    >>> s.smoothness, s.saturation, s.saturation_rate[1], s.zero_centered
    ('C1', 'both', 'polynomial x^-2', True)
    """
    if not callable(f):
        raise ParameterError(f"analyze needs a callable, got {type(f).__name__}")
    if getattr(f, "kind", None) == "vector":
        raise ParameterError(f"analyze measures elementwise functions; {f.name} is a "
                             "vector activation")
    if not (math.isfinite(span) and span > 0):
        raise ParameterError(f"span must be a positive number, got {span!r}")
    if points < 101:
        raise ParameterError(f"points must be at least 101, got {points!r}")
    points += 1 - points % 2
    ev = _evaluator(f)
    dfun, exact = _derivative(f, ev)
    with np.errstate(all="ignore"):
        return _analyze(f, ev, dfun, exact, float(span), int(points), measure_cost)


def _analyze(f, ev, dfun, exact, span, points, measure_cost) -> Analysis:
    """Every measurement of :func:`analyze`, one step after another (arguments checked)."""
    grid = _sample(ev, dfun, span, points)
    jump_pts = _discontinuities(grid, ev)
    kink_pts = _kinks(grid, dfun, jump_pts)
    kinks = tuple(sorted({round(float(p), 9) + 0.0 for p in jump_pts + kink_pts}))
    continuous = not jump_pts
    differentiable = continuous and not kink_pts
    smoothness = _smoothness(grid, jump_pts, kink_pts)
    tails = (ev(-_TAIL), ev(_TAIL))
    (low, high), (low_closed, high_closed) = _range_ends(ev, grid, kinks, tails)
    f0 = float(ev(np.array(0.0)))
    mean = _normal_mean(ev, kinks)
    zero_centered = abs(f0) <= 1e-12 and abs(mean) <= 1e-6
    nondecreasing, nonincreasing = _monotonicity(grid.y, tails)
    saturation, rates = _saturation_sides(dfun, grid, kinks)
    sides = _derivative_at_zero_sides(ev, f0, jump_pts, grid.yscale)
    d0 = float(dfun(np.array(0.0))) if exact else 0.5 * (sides[0] + sides[1])
    max_d, lip = _derivative_bounds(grid, dfun, jump_pts, continuous)
    td = dfun(np.array([-20.0, 20.0]))
    z = np.random.default_rng(0).standard_normal(100_000)
    sparsity = float(np.mean(ev(z) == 0.0))
    cost = _cost(ev) if measure_cost else None
    curvature, curvature_at = _curvature(f, dfun, grid.x, kinks)
    return Analysis(
        name=_name_of(f), range=(low, high), range_closed=(low_closed, high_closed),
        f_at_zero=f0, mean_normal=mean, zero_centered=zero_centered,
        monotonic=nondecreasing or nonincreasing, nondecreasing=nondecreasing,
        saturation=saturation, saturation_rate=rates,
        tail_derivative=(float(td[0]), float(td[1])), continuous=continuous,
        differentiable=differentiable, smoothness=smoothness, kinks=kinks,
        derivative_at_zero=d0, derivative_at_zero_sides=sides, max_derivative=max_d,
        lipschitz=lip, sparsity=sparsity, cost=cost, curvature=curvature,
        curvature_at=curvature_at,
    )


@dataclass(frozen=True, eq=False)
class _Grid:
    """f and f' sampled on a uniform grid over [-span, span], with their scales."""

    x: np.ndarray
    y: np.ndarray
    d: np.ndarray
    h: float  # the grid step
    yscale: float  # max(1, largest finite |f|)
    dscale: float  # max(1, largest finite |f'|)


def _sample(ev: Callable, dfun: Callable, span: float, points: int) -> _Grid:
    """f and f' on *points* values over [-span, span], the middle one exactly 0."""
    x = np.linspace(-span, span, points)
    x[points // 2] = 0.0
    y, d = ev(x), dfun(x)
    yscale = max(1.0, float(np.max(np.abs(y[np.isfinite(y)]), initial=0.0)))
    dscale = max(1.0, float(np.max(np.abs(d[np.isfinite(d)]), initial=0.0)))
    return _Grid(x, y, d, x[1] - x[0], yscale, dscale)


# -- discontinuities, kinks, jumps of f'' ------------------------------------------------

def _discontinuities(grid: _Grid, ev: Callable) -> list[float]:
    """Where f jumps: jumps of f much larger than its slope beside them, bisected."""
    x, y, d, h = grid.x, grid.y, grid.d, grid.h
    last = len(x) - 1

    def steep(i: int) -> float:  # slope beside a candidate jump, away from it
        return max(abs(d[max(i - 1, 0)]), abs(d[min(i + 3, last)]))

    fj = [i for i in _jumps(y, grid.yscale)
          if abs(y[min(i + 2, last)] - y[i]) > 100 * h * steep(i)]
    return [_bisect(ev, x[i], x[min(i + 2, last)]) for i in fj]


def _kinks(grid: _Grid, dfun: Callable, jump_pts: list[float]) -> list[float]:
    """Where f' jumps away from the jumps of f, bisected."""
    x, h, last = grid.x, grid.h, len(grid.x) - 1
    dj = [i for i in _jumps(grid.d, grid.dscale)
          if all(abs(x[i] - p) > 4 * h for p in jump_pts)]
    return [_bisect(dfun, x[i], x[min(i + 2, last)]) for i in dj]


def _has_second_derivative_jump(grid: _Grid) -> bool:
    """Whether f'' (differences of f' on the half-grid) jumps anywhere on the grid."""
    dd = np.diff(grid.d) / grid.h
    ddscale = max(1.0, float(np.max(np.abs(dd[np.isfinite(dd)]), initial=0.0)))
    return bool(_jumps(dd, ddscale))


def _smoothness(grid: _Grid, jump_pts: list[float], kink_pts: list[float]) -> str:
    """The smoothness class from the jumps of f, f' and f'': "discontinuous", "C0", "C1", "smooth".

    f'' is only looked at when f and f' have no jump, so no jump of f'' needs excluding.
    """
    if jump_pts:
        return "discontinuous"
    if kink_pts:
        return "C0"
    return "C1" if _has_second_derivative_jump(grid) else "smooth"


# -- tails, limits and range -------------------------------------------------------------

def _range_ends(ev: Callable, grid: _Grid, kinks: tuple[float, ...],
                tails: tuple[np.ndarray, np.ndarray]) -> tuple[tuple[float, float],
                                                               tuple[bool, bool]]:
    """The infimum and supremum of f, and whether each is attained at a finite x."""
    limits = (_limit(tails[0]), _limit(tails[1]))
    reach = max(12.0, 1.25 * max((abs(k) for k in kinks), default=0.0))
    near_y = ev(grid.x[np.abs(grid.x) <= reach])
    low, low_closed = _range_end(1.0, ev, grid, tails, limits, near_y)
    high, high_closed = _range_end(-1.0, ev, grid, tails, limits, near_y)
    return (low, high), (low_closed, high_closed)


def _range_end(sign: float, ev: Callable, grid: _Grid, tails: tuple[np.ndarray, np.ndarray],
               limits: tuple[float, float], near_y: np.ndarray) -> tuple[float, bool]:
    """The infimum (sign +1) or supremum (sign -1, as the infimum of -f) and if attained."""
    g = sign * grid.y
    i = int(np.nanargmin(g))
    interior = float(g[i])
    lim = min([sign * v for v in limits if not math.isnan(v)], default=_INF)
    for v, t in zip(limits, tails, strict=True):
        if math.isnan(v):  # no limit: the tail values themselves count, attained
            tmin = float(np.nanmin(sign * t))
            if tmin < min(interior, lim):
                return sign * tmin, True
    below = interior < lim - 1e-12 * max(1.0, abs(lim)) if math.isfinite(lim) else (
        interior < lim)
    if below:
        return sign * _refined_minimum(sign, ev, grid, i, interior), True
    attained = bool(np.any(sign * near_y == lim)) and math.isfinite(lim)
    return sign * lim, attained


def _refined_minimum(sign: float, ev: Callable, grid: _Grid, i: int, interior: float) -> float:
    """The grid minimum *interior* of sign * f at index *i*, refined between its neighbours."""
    from scipy.optimize import minimize_scalar

    lo_x, hi_x = grid.x[max(i - 1, 0)], grid.x[min(i + 1, len(grid.x) - 1)]
    res = minimize_scalar(lambda t: sign * float(ev(np.array(t))),
                          bounds=(lo_x, hi_x), method="bounded",
                          options={"xatol": 1e-12})
    return min(interior, float(res.fun))


# -- monotonicity, saturation ------------------------------------------------------------

def _monotonicity(y: np.ndarray, tails: tuple[np.ndarray, np.ndarray]) -> tuple[bool, bool]:
    """(non-decreasing, non-increasing) along the left tail, the grid and the right tail."""
    seq = np.concatenate([tails[0][::-1], y, tails[1]])
    diffs = np.diff(seq)
    slack = 4 * np.finfo(float).eps * np.maximum(np.abs(seq[:-1]), np.abs(seq[1:]))
    return bool(np.all(diffs >= -slack)), bool(np.all(diffs <= slack))


def _saturation_sides(dfun: Callable, grid: _Grid,
                      kinks: tuple[float, ...]) -> tuple[str, tuple[str, str]]:
    """Which sides saturate ("none", "left", "right", "both") and the rate on each."""
    sat_l, rate_l = _saturation(dfun, -1.0, grid.dscale, grid.x, grid.d, kinks)
    sat_r, rate_r = _saturation(dfun, 1.0, grid.dscale, grid.x, grid.d, kinks)
    saturation = {(False, False): "none", (True, False): "left",
                  (False, True): "right", (True, True): "both"}[(sat_l, sat_r)]
    return saturation, (rate_l, rate_r)


# -- derivatives -------------------------------------------------------------------------

def _derivative_at_zero_sides(ev: Callable, f0: float, jump_pts: list[float],
                              yscale: float) -> tuple[float, float]:
    """One-sided second-order differences at 0 (left, right); ±inf across a jump at 0."""
    hz = 1e-5
    fm1, fm2 = float(ev(np.array(-hz))), float(ev(np.array(-2 * hz)))
    fp1, fp2 = float(ev(np.array(hz))), float(ev(np.array(2 * hz)))
    left0 = (3 * f0 - 4 * fm1 + fm2) / (2 * hz)
    right0 = (-3 * f0 + 4 * fp1 - fp2) / (2 * hz)
    if any(abs(p) < 1e-9 for p in jump_pts):  # 0 is a discontinuity
        left0 = _INF if f0 - fm1 > 1e-3 * yscale else -_INF if fm1 - f0 > 1e-3 * yscale else left0
        right0 = _INF if fp1 - f0 > 1e-3 * yscale else -_INF if f0 - fp1 > 1e-3 * yscale \
            else right0
    return _snap(left0), _snap(right0)


def _derivative_bounds(grid: _Grid, dfun: Callable, jump_pts: list[float],
                       continuous: bool) -> tuple[float, float]:
    """max f' and sup |f'| (inf when f jumps or f' grows in the far tails)."""
    x, d, h = grid.x, grid.d, grid.h
    tail_d = np.abs(dfun(np.array([-1e6, 1e6])))
    keep = np.isfinite(d)
    for p in jump_pts:  # differences straddling a jump are not derivatives
        keep &= np.abs(x - p) > 4 * h
    finite_d = d[keep]
    max_d = float(np.max(finite_d, initial=-_INF))
    secant = np.abs(np.diff(grid.y)) / h
    lip = max(float(np.max(np.abs(finite_d), initial=0.0)),
              float(np.max(secant[np.isfinite(secant)], initial=0.0)))
    if not continuous or np.any(tail_d > 1.01 * lip):
        lip = _INF
    return max_d, lip


def max_curvature(f: Callable, *, span: float = 20.0, points: int = 200_001,
                  kinks: tuple[float, ...] | None = None) -> tuple[float, float]:
    """``(max |f''|, x)`` over a uniform grid on ``[-span, span]`` away from *kinks*
    (by default the declared ones of an activation), as :func:`analyze` measures it.

    >>> import neuronkit as nk
    >>> max_curvature(nk.activation("tanh"))
    (0.76980036, -0.6584)
    >>> max_curvature(nk.activation("relu"))
    (0.0, nan)
    """
    x = np.linspace(-span, span, points + 1 - points % 2)
    x[x.size // 2] = 0.0
    if kinks is None:
        props = getattr(f, "properties", None)
        kinks = tuple(getattr(props, "kinks", ()))
    ev = _evaluator(f)
    dfun, _ = _derivative(f, ev)
    with np.errstate(all="ignore"):
        return _curvature(f, dfun, x, kinks)


def _curvature(f: Callable, dfun: Callable, x: np.ndarray,
               kinks: tuple[float, ...]) -> tuple[float, float]:
    """max |f''| on the grid *x* away from kinks, and where (see the module notes)."""
    d2 = getattr(f, "second_derivative", None)
    try:
        c = np.asarray(d2(x), dtype=np.float64) if callable(d2) else None
    except NotImplementedError:
        c = None
    if c is None:
        h = 1e-4 * np.maximum(1.0, np.abs(x))
        c = (dfun(x + h) - dfun(x - h)) / (2.0 * h)
    keep = np.isfinite(c)
    step = x[1] - x[0]
    for k in kinks:
        keep &= np.abs(x - k) > 4 * step
    a = np.where(keep, np.abs(c), -1.0)
    top = float(a.max(initial=-1.0))
    if top <= 0.0:
        return 0.0 if top == 0.0 else math.nan, math.nan  # no place to name
    at = x[a == top]
    return _snap(top), round(float(at[np.argmin(np.abs(at))]), 6) + 0.0


def _snap(v: float) -> float:
    """Round a finite-difference value to 8 decimals (its error is about 1e-10)."""
    if not math.isfinite(v):
        return v
    return round(v, 8) + 0.0


def compare(f: Any, **kwargs: Any) -> tuple[str, ...]:
    """Measure *f* and list where its declared ``f.properties`` disagree.

    Parameters
    ----------
    f : Activation
        An activation with declared properties.
    **kwargs
        Passed on to :func:`analyze`.

    Returns
    -------
    tuple of str
        The disagreements (empty when all declared properties are confirmed).

    Examples
    --------
    >>> import neuronkit as nk
    >>> compare(nk.activation("relu"), measure_cost=False)
    ()
    """
    kwargs.setdefault("measure_cost", False)
    return analyze(f, **kwargs).mismatches(f.properties)
