r"""Audit any implementation of an activation against neuronkit's exact one.

:func:`audit` evaluates a function (a NumPy formula, or a wrapper around a PyTorch or
JAX call: array in, array out) on points over the whole float range of a dtype and
measures it against neuronkit's :math:`f` (or :math:`f'`):

* the error in ULP of the dtype at every point, ``|got - exact| / ulp(exact)``
  (``ulp`` floored at the smallest subnormal; a correctly rounded result has error
  <= 0.5), its maximum and where;
* the share of points beyond 1 ULP, and the longest runs of consecutive points beyond
  1 ULP (``sigma * (1 - sigma)`` in float32: every point from x = 16.6 to 104, where
  the exact value underflows);
* wrong limits at :math:`\pm\infty` and NaN in not giving NaN out;
* NaN at finite x where the exact value is a number, and every floating-point or
  Python warning the function raised.

The reference is neuronkit's float64 result, exact to about 2**-50 relative for a
float32 or float16 audit (a sharp measurement).  For a float64 audit it is neuronkit's
float64 result itself, within 4 ULP of the exact value (DESIGN.md section 3): errors
of a few ULP are then not resolved, and gross ones (cancellation, overflow, flushing)
are.

The points: ``2 ** linspace(log2(smallest subnormal), log2(largest), ...)`` on both
sides (every binade), a dense uniform grid over ``[-40, 40]``, and 0.

Examples
--------
>>> import numpy as np, neuronkit as nk
>>> def naive(x):
...     s = 1 / (1 + np.exp(-x))
...     return s * (1 - s)
>>> a = nk.audit(naive, "logistic", derivative=True, dtype=np.float32)
>>> a.max_ulp > 1e6, [round(v) for v in a.flushed_runs[-1]]
(True, [17, 103])
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from . import hooks
from .activations import activation
from .errors import ParameterError

__all__ = ["Audit", "audit", "audit_points", "naive_formula", "FORMULA_LIBRARIES"]

FORMULA_LIBRARIES = ("numpy", "torch")
"""The libraries :func:`naive_formula` knows formulas of."""


@dataclass(frozen=True, eq=False)
class Audit:
    """The result of :func:`audit` (a frozen record; ``x`` and ``ulp`` are arrays).

    Attributes
    ----------
    name : str
        What was audited, e.g. ``"logistic'"`` (``'`` for a derivative).
    dtype : str
        The dtype the function was given.
    x, ulp : ndarray
        The finite points and the error at each (inf where NaN, or infinite, was wrong).
    max_ulp, worst_x : float
        The largest error and the x where it occurs.
    share_beyond : float
        The fraction of the points with an error over 1 ULP.
    wrong_runs : tuple of (float, float)
        The three longest runs of consecutive points beyond 1 ULP, as (first x, last x)
        in increasing x.
    flushed_runs : tuple of (float, float)
        The same for the points where the function gave 0 and the exact value, rounded
        to the dtype, is not 0 (a result flushed to zero: 100 % wrong).
    nan_at : tuple of float
        Finite x (the first ten) where the function gave NaN and the exact value is a
        number.
    limits : tuple of str
        What is wrong at -inf, +inf and NaN (empty when nothing).
    warnings : tuple of str
        The distinct warnings the function raised.
    """

    name: str
    dtype: str
    x: np.ndarray
    ulp: np.ndarray
    max_ulp: float
    worst_x: float
    share_beyond: float
    wrong_runs: tuple[tuple[float, float], ...]
    flushed_runs: tuple[tuple[float, float], ...]
    nan_at: tuple[float, ...]
    limits: tuple[str, ...]
    warnings: tuple[str, ...]

    @property
    def verdict(self) -> str:
        """One line: within 1 ULP everywhere, or what is wrong."""
        if self.max_ulp <= 1.0 and not (self.nan_at or self.limits or self.warnings):
            return f"within 1 ULP everywhere ({self.max_ulp:.3g} ULP at most)"
        return (f"{self.share_beyond:.2%} of the points beyond 1 ULP; worst "
                f"{_num(self.max_ulp)} ULP at x = {self.worst_x:.9g}")

    def rows(self) -> list[tuple[str, str]]:
        """``(label, value)`` pairs: the table of this audit.

        >>> import numpy as np, neuronkit as nk
        >>> nk.audit(np.tanh, "tanh", dtype=np.float32).rows()[0]
        ('points', '68991')
        """
        return [
            ("points", f"{self.x.size}"),
            ("max error", f"{_num(self.max_ulp)} ULP at x = {self.worst_x:.9g}"),
            ("beyond 1 ULP", f"{self.share_beyond:.2%} of the points"),
            ("wrong on", ", ".join(f"[{a:.6g}, {b:.6g}]" for a, b in self.wrong_runs)
             or "nowhere"),
            ("flushed to 0 on", ", ".join(f"[{a:.6g}, {b:.6g}]" for a, b in self.flushed_runs)
             or "nowhere"),
            ("NaN at finite x", ", ".join(f"{v:.6g}" for v in self.nan_at) or "none"),
            ("limits", "; ".join(self.limits) or "right"),
            ("warnings", "; ".join(self.warnings) or "none"),
        ]

    def plot(self, path: Any = None, *, ax: Any = None) -> Any:
        """The error in ULP against x (symlog axes), drawn by the ``plot_audit`` hook
        of :mod:`neuronkit.plotting`; saved to *path* if given.  Returns the figure."""
        return hooks.get("plot_audit")(self, path=path, ax=ax)

    def __str__(self) -> str:
        width = max(len(k) for k, _ in self.rows())
        lines = [f"{self.name} in {self.dtype}: {self.verdict}"]
        return "\n".join(lines + [f"  {k.ljust(width)}  {v}" for k, v in self.rows()])


def _num(v: float) -> str:
    return "inf" if math.isinf(v) else f"{v:.3g}"


def audit_points(dtype: Any = np.float64) -> np.ndarray:
    """The finite points of an audit in *dtype*, sorted, without repeats.

    >>> audit_points(np.float32).size
    68991
    """
    dt = np.dtype(dtype)
    fi = np.finfo(dt)
    lo, hi = math.log2(float(fi.smallest_subnormal)), math.log2(float(fi.max))
    lin = np.linspace(-40.0, 40.0, 20_001)
    with np.errstate(over="ignore"):
        mag = 2.0 ** np.linspace(lo, hi, 25_000 if dt.itemsize <= 4 else 60_000)
        x = np.concatenate([-mag, mag, [-float(fi.max), float(fi.max)], lin, [0.0]]).astype(dt)
    return np.unique(x[np.isfinite(x)])


def _call(fn: Callable, x: np.ndarray) -> tuple[np.ndarray, list[str]]:
    """``fn(x)`` as float64 and the warnings it raised (floating-point ones included)."""
    caught: list[str] = []

    def on_fp(kind: str, flag: int) -> None:
        caught.append(f"floating-point {kind}")

    with warnings.catch_warnings(record=True) as records:
        warnings.simplefilter("always")
        with np.errstate(all="call", call=on_fp):
            y = fn(x.copy())
    caught += [f"{r.category.__name__}: {r.message}" for r in records]
    try:
        y = np.asarray(y, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise ParameterError(f"the audited function must return an array of numbers: "
                             f"{exc}") from None
    if y.shape != x.shape:
        raise ParameterError(f"the audited function must be elementwise: shape {x.shape} "
                             f"in, {y.shape} out")
    return y, caught


def _ulp_errors(got: np.ndarray, exact: np.ndarray, dtype: np.dtype) -> np.ndarray:
    """|got - exact| / ulp(exact) in *dtype* (inf where NaN or infinity is wrong)."""
    fi = np.finfo(dtype)
    p = fi.nmant + 1
    with np.errstate(all="ignore"):
        _, e = np.frexp(exact)
        e = np.where(exact == 0, fi.minexp + 1, e)  # frexp(0) gives 0: the ulp of 0 is the
        ulp = np.ldexp(1.0, np.maximum(e - 1, fi.minexp) - p + 1)  # smallest subnormal
        err = np.abs(got - exact) / ulp
        over = np.abs(exact) > float(fi.max) * (1 + 2.0 ** -p)  # the rounded result is inf
        inf_ok = np.isinf(got) & (np.sign(got) == np.sign(exact))
        err = np.where(over, np.where(inf_ok, 0.0, np.inf), err)
        err = np.where(np.isinf(exact) & (got == exact), 0.0, err)
    return np.where(np.isnan(err), np.inf, err)


def _wrong_runs(x: np.ndarray, err: np.ndarray, keep: int = 3) -> tuple:
    """The *keep* longest runs of consecutive points beyond 1 ULP, as ``(first x, last
    x)`` pairs in increasing x (the points are sorted)."""
    bad = np.concatenate([[False], err > 1.0, [False]])
    edges = np.flatnonzero(np.diff(bad.astype(np.int8)))
    starts, ends = edges[0::2], edges[1::2] - 1
    longest = np.argsort(starts - ends, kind="stable")[:keep]
    return tuple((float(x[starts[k]]), float(x[ends[k]])) for k in sorted(longest))


def _limits(fn: Callable, ref: Callable, dtype: np.dtype) -> tuple[list[str], list[str]]:
    x = np.array([-np.inf, np.inf, np.nan], dtype=dtype)
    got, caught = _call(fn, x)
    exact = np.asarray(ref(x.astype(np.float64)), dtype=np.float64)
    wrong = []
    for label, g, e in zip(("f(-inf)", "f(+inf)", "f(nan)"), got, exact, strict=True):
        if not (g == e or (np.isnan(g) and np.isnan(e))):
            wrong.append(f"{label} = {g:g}, should be {e:g}")
    return wrong, caught


def audit(fn: Callable, name: str, *, derivative: bool = False, dtype: Any = np.float32,
          **params: Any) -> Audit:
    """Measure *fn*, an implementation of the activation *name* (or of its derivative),
    against neuronkit's exact one over the whole float range of *dtype*.

    Parameters
    ----------
    fn : callable
        ``fn(x)`` for an array ``x`` of *dtype*, returning an array of the same shape
        (NumPy, or a wrapper converting to and from PyTorch or JAX).
    name : str
        The activation it implements (a catalogue name or alias).
    derivative : bool
        Whether *fn* is the derivative :math:`f'`.
    dtype : float16, float32 or float64
        The dtype of the points *fn* is given (default float32).
    **params
        The activation's parameters (as for :func:`neuronkit.activation`).

    Returns
    -------
    Audit
        ``max_ulp``, ``worst_x``, ``share_beyond``, ``beyond``, ``nan_at``,
        ``limits``, ``warnings``, a table (``rows()``) and a plot (``plot()``).
    """
    if not callable(fn):
        raise ParameterError(f"audit needs a callable, got {type(fn).__name__}")
    dt = np.dtype(dtype)
    if dt.kind != "f" or dt.itemsize not in (2, 4, 8):
        raise ParameterError(f"dtype must be float16, float32 or float64, got {dtype!r}")
    f = activation(name, **params)
    if getattr(f, "kind", None) == "vector":
        raise ParameterError(f"audit measures elementwise activations; {f.name} is a vector "
                             "activation")
    ref = f.derivative if derivative else f
    x = audit_points(dt)
    got, caught = _call(fn, x)
    exact = np.asarray(ref(x.astype(np.float64)), dtype=np.float64)
    err = _ulp_errors(got, exact, dt)
    limits, caught_lim = _limits(fn, ref, dt)
    i = int(np.argmax(err))
    nan_at = x[np.isnan(got) & ~np.isnan(exact)]
    with np.errstate(over="ignore"):  # an exact value beyond the dtype's range rounds to inf
        flushed = (got == 0) & (exact.astype(dt) != 0)
    return Audit(
        name=f.name + ("'" if derivative else ""), dtype=dt.name, x=x, ulp=err,
        max_ulp=float(err[i]), worst_x=float(x[i]),
        share_beyond=float(np.mean(err > 1.0)), wrong_runs=_wrong_runs(x, err),
        flushed_runs=_wrong_runs(x, np.where(flushed, 2.0, 0.0)),
        nan_at=tuple(float(v) for v in nan_at[:10]), limits=tuple(limits),
        warnings=tuple(dict.fromkeys(caught + caught_lim)),
    )


# -- the naive formulas of other libraries, for the command line -------------------------

def _numpy_formulas() -> dict[str, tuple[Callable, Callable]]:
    from scipy.special import erf

    def sig(x):
        return 1 / (1 + np.exp(-x))

    def phi_cdf(x):
        return 0.5 * (1 + erf(x / np.sqrt(2)))

    def sp(x):
        return np.log(1 + np.exp(x))

    return {
        "logistic": (sig, lambda x: sig(x) * (1 - sig(x))),
        "tanh": (np.tanh, lambda x: 1 - np.tanh(x) ** 2),
        "softplus": (sp, sig),
        "log_sigmoid": (lambda x: -np.log(1 + np.exp(-x)), lambda x: 1 - sig(x)),
        "swish": (lambda x: x * sig(x), lambda x: sig(x) + x * sig(x) * (1 - sig(x))),
        "gelu": (lambda x: x * phi_cdf(x),
                 lambda x: phi_cdf(x) + x * np.exp(-x * x / 2) / np.sqrt(2 * np.pi)),
        "elu": (lambda x: np.where(x > 0, x, np.exp(x) - 1),
                lambda x: np.where(x > 0, 1.0, np.exp(x))),
        "mish": (lambda x: x * np.tanh(sp(x)),
                 lambda x: np.tanh(sp(x)) + x * sig(x) * (1 - np.tanh(sp(x)) ** 2)),
        "softsign": (lambda x: x / (1 + np.abs(x)), lambda x: 1 / (1 + np.abs(x)) ** 2),
    }


_TORCH = {  # name -> (torch.nn.functional function, the parameters it takes)
    "logistic": ("sigmoid", ()), "tanh": ("tanh", ()), "softplus": ("softplus", ("beta",)),
    "log_sigmoid": ("logsigmoid", ()), "swish": ("silu", ()), "mish": ("mish", ()),
    "gelu": ("gelu", ("approximate",)), "elu": ("elu", ("alpha",)), "selu": ("selu", ()),
    "celu": ("celu", ("alpha",)), "softsign": ("softsign", ()), "relu": ("relu", ()),
    "relu6": ("relu6", ()), "leaky_relu": ("leaky_relu", ("negative_slope",)),
    "hard_tanh": ("hardtanh", ("min_val", "max_val")), "hard_swish": ("hardswish", ()),
}


def _torch_formula(name: str, derivative: bool, params: dict) -> Callable:
    import torch

    fname, keys = _TORCH[name]
    fn = getattr(torch.nn.functional, fname)
    kwargs = {k: params[k] for k in keys if k in params}

    def value(x):
        return fn(torch.from_numpy(x), **kwargs).numpy()

    def grad(x):
        t = torch.from_numpy(x).requires_grad_(True)
        fn(t, **kwargs).sum().backward()
        return t.grad.numpy()

    return grad if derivative else value


def naive_formula(library: str, name: str, *, derivative: bool = False,
                  **params: Any) -> Callable:
    """The formula of *name* (or its derivative, by autograd for torch) as *library*
    computes it: ``"numpy"`` (the textbook formula, default parameters only) or
    ``"torch"`` (``torch.nn.functional``, imported here).

    >>> f = naive_formula("numpy", "logistic", derivative=True)
    >>> float(f(np.float32(20.0)))
    0.0
    """
    if library not in FORMULA_LIBRARIES:
        raise ParameterError(f"unknown library {library!r}; choose one of: "
                             f"{', '.join(FORMULA_LIBRARIES)}")
    canonical = activation(name).name
    if library == "numpy":
        table = _numpy_formulas()
        if params:
            raise ParameterError("the numpy formulas are for the default parameters only")
    else:
        table = _TORCH
    if canonical not in table:
        raise ParameterError(f"no {library} formula for {canonical}; there are: "
                             f"{', '.join(sorted(table))}")
    if library == "numpy":
        return table[canonical][1 if derivative else 0]
    return _torch_formula(canonical, derivative, params)
