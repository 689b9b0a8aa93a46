"""The :class:`Activation` type, its declared :class:`Properties`, and parameter checks.

A catalogue entry is a :class:`Spec`: the plain forward and derivative
functions of one activation, its parameters with their defaults and checks, its
formulas, and a function of the parameters that returns its declared
properties.  :class:`Activation` binds a spec to concrete parameter values.
"""

from __future__ import annotations

import math
import operator
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from .._engine import apply, apply2, out_pair, short_call
from ..errors import ParameterError

__all__ = [
    "Activation",
    "Param",
    "Properties",
    "Spec",
    "check_real",
    "check_positive",
    "check_nonnegative",
    "check_positive_int",
    "pair_kernel",
    "SATURATION",
    "SMOOTHNESS",
]

SATURATION = ("none", "left", "right", "both")
SMOOTHNESS = ("discontinuous", "C0", "C1", "smooth")


# -- parameter checks -------------------------------------------------------------

def check_real(name: str, value: Any) -> float:
    """Return *value* as a finite float, or raise :class:`ParameterError`.

    >>> check_real("negative_slope", 0.1)
    0.1
    >>> check_real("negative_slope", "a")
    Traceback (most recent call last):
    ...
    neuronkit.errors.ParameterError: negative_slope must be a real number, got 'a'
    """
    if type(value) is float and math.isfinite(value):  # the common case, fast
        return value
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
        raise ParameterError(f"{name} must be a real number, got {value!r}")
    value = float(value)
    if not math.isfinite(value):
        raise ParameterError(f"{name} must be finite, got {value!r}")
    return value


def check_positive(name: str, value: Any) -> float:
    """Return *value* as a finite float > 0, or raise :class:`ParameterError`.

    >>> check_positive("beta", -1.0)
    Traceback (most recent call last):
    ...
    neuronkit.errors.ParameterError: beta must be > 0, got -1.0
    """
    value = check_real(name, value)
    if value <= 0:
        raise ParameterError(f"{name} must be > 0, got {value!r}")
    return value


def check_nonnegative(name: str, value: Any) -> float:
    """Return *value* as a finite float >= 0, or raise :class:`ParameterError`.

    >>> check_nonnegative("alpha", 0)
    0.0
    """
    value = check_real(name, value)
    if value < 0:
        raise ParameterError(f"{name} must be >= 0, got {value!r}")
    return value


def check_positive_int(name: str, value: Any) -> int:
    """Return *value* as an int >= 1 (any integer type), or raise :class:`ParameterError`.

    >>> check_positive_int("epochs", 3)
    3
    >>> check_positive_int("epochs", 2.5)
    Traceback (most recent call last):
    ...
    neuronkit.errors.ParameterError: epochs must be an integer >= 1, got 2.5
    """
    try:
        value = operator.index(value)
    except TypeError:
        raise ParameterError(f"{name} must be an integer >= 1, got {value!r}") from None
    if value < 1:
        raise ParameterError(f"{name} must be an integer >= 1, got {value!r}")
    return value


@dataclass(frozen=True)
class Param:
    """One parameter of an activation: its name, default, check and meaning."""

    name: str
    default: Any
    check: Callable[[str, Any], Any]
    doc: str = ""
    learnable: bool = False


def pair_kernel(f: Callable, d: Callable) -> Callable:
    """A fused ``(value, derivative)`` kernel made of two NumPy kernels.

    >>> both = pair_kernel(np.square, lambda v: 2 * v)
    >>> both(np.array([3.0]))
    (array([9.]), array([6.]))
    """
    def both(v, *args):
        return f(v, *args), d(v, *args)

    both.__name__ = f"{getattr(f, '__name__', 'kernel').lstrip('_')}_and_derivative"
    return both


# -- declared properties ----------------------------------------------------------

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


# -- catalogue entry and bound activation ------------------------------------------

@dataclass(frozen=True)
class Spec:
    """A catalogue entry: everything neuronkit knows about one activation."""

    name: str
    function: Callable[..., Any]
    derivative: Callable[..., Any]
    params: tuple[Param, ...]
    properties: Callable[..., Properties]
    formula: str
    derivative_formula: str
    summary: str
    kernel2: Callable[..., tuple[np.ndarray, np.ndarray]] | None = None
    aliases: tuple[str, ...] = ()
    constraint: Callable[..., Any] | None = None
    kernels: tuple[Callable, Callable] | None = None
    """The engine kernels of ``function`` and ``derivative`` (each called with the
    parameter values in order, as ``kernel2``): an :class:`Activation` calls them
    directly, skipping the public function's parameter checks (its parameters were
    checked once, when it was built)."""

    def bind(self, given: Mapping[str, Any]) -> dict[str, Any]:
        """Check *given* parameter values and fill in the defaults."""
        known = {p.name: p for p in self.params}
        for key in given:
            if key not in known:
                choices = ", ".join(known) if known else "none"
                raise ParameterError(
                    f"{self.name} has no parameter {key!r}; its parameters are: {choices}"
                )
        values = {p.name: p.check(p.name, given.get(p.name, p.default)) for p in self.params}
        if self.constraint is not None:
            self.constraint(**values)
        return values


@dataclass(frozen=True, repr=False)
class Activation:
    """An activation function with bound parameters.

    Build one with :func:`neuronkit.activation`; call it on an array for
    ``f(x)``, use :meth:`derivative` for ``f'(x)`` and
    :meth:`value_and_derivative` for both at once.

    Examples
    --------
    >>> import neuronkit as nk
    >>> g = nk.activation("leaky_relu", negative_slope=0.1)
    >>> g
    Activation('leaky_relu', negative_slope=0.1)
    >>> g([-1.0, 2.0])
    array([-0.1,  2. ])
    >>> g.derivative([-1.0, 2.0])
    array([0.1, 1. ])
    """

    spec: Spec
    param_items: tuple[tuple[str, Any], ...] = field(default=())

    def __post_init__(self):
        # the kernels' arguments, computed once (a call on a small array is mostly
        # overhead, so the calls below go straight to the engine)
        args = tuple(value for _, value in self.param_items)
        object.__setattr__(self, "_args", args)
        # and the engine's short-path keys of f, f' and the fused call (see short_call)
        keys = None
        if self.spec.kernels is not None and self.spec.kernel2 is not None:
            keys = tuple((kernel, args) for kernel in (*self.spec.kernels, self.spec.kernel2))
            try:
                hash(keys)
            except TypeError:  # unhashable parameter values: no short path
                keys = None
        object.__setattr__(self, "_keys", keys)

    @property
    def name(self) -> str:
        """Canonical name."""
        return self.spec.name

    @property
    def params(self) -> dict[str, Any]:
        """Parameter values, defaults filled in (a fresh dict)."""
        return dict(self.param_items)

    @property
    def properties(self) -> Properties:
        """Declared properties for these parameter values."""
        return self.spec.properties(**self.params)

    @property
    def formula(self) -> str:
        """LaTeX of f(x)."""
        return self.spec.formula

    @property
    def derivative_formula(self) -> str:
        """LaTeX of f'(x)."""
        return self.spec.derivative_formula

    def __call__(self, x: Any, *, out: np.ndarray | None = None):
        """Return f(x) elementwise (same shape; float dtype kept, others become float64)."""
        if self._keys is not None:
            result = short_call(self._keys[0], None, x, None if out is None else (out, None))
            if result is not None:
                return result
        if self.spec.kernels is not None:
            return apply(self.spec.kernels[0], x, self._args, out)
        return self.spec.function(x, **self.params, out=out)

    def derivative(self, x: Any, *, out: np.ndarray | None = None):
        """Return f'(x) elementwise, with the documented convention at kinks."""
        if self._keys is not None:
            result = short_call(self._keys[1], None, x, None if out is None else (out, None))
            if result is not None:
                return result
        if self.spec.kernels is not None:
            return apply(self.spec.kernels[1], x, self._args, out)
        return self.spec.derivative(x, **self.params, out=out)

    def value_and_derivative(self, x: Any, *, out: tuple | None = None):
        """Return ``(f(x), f'(x))`` computed together (what backpropagation uses).

        ``out`` is an optional pair of arrays for the value and the derivative
        (either may be ``None``); a training loop can reuse its buffers this way.
        """
        if self._keys is not None:
            result = short_call(self._keys[2], 2, x, None if out is None else out_pair(out))
            if result is not None:
                return result
        if self.spec.kernel2 is None:
            value_out, derivative_out = out_pair(out)
            return self(x, out=value_out), self.derivative(x, out=derivative_out)
        return apply2(self.spec.kernel2, x, self._args, out)

    def __reduce__(self):
        # pickle by name and parameters, not by the functions of the catalogue entry
        return (_rebuild, (self.name, self.param_items))

    # Jupyter shows an activation as its plot (f solid, f' dashed) and its formula,
    # drawn by the hooks neuronkit.plotting provides (see neuronkit.hooks); matplotlib
    # is imported only when a notebook asks for these.  Without a hook: None, which
    # Jupyter takes as "no such representation".
    def _repr_svg_(self) -> str | None:
        from ..hooks import lookup

        show = lookup("activation_svg")
        return None if show is None else show(self)

    def _repr_html_(self) -> str | None:
        from ..hooks import lookup

        show = lookup("activation_html")
        return None if show is None else show(self)

    def _repr_latex_(self) -> str | None:
        from ..hooks import lookup

        show = lookup("activation_latex")
        return None if show is None else show(self)

    def __repr__(self) -> str:
        args = "".join(f", {k}={v!r}" for k, v in self.param_items)
        return f"Activation({self.name!r}{args})"


def _rebuild(name: str, param_items: tuple) -> Activation:
    from . import REGISTRY

    spec = REGISTRY[name]
    return Activation(spec, tuple(spec.bind(dict(param_items)).items()))
