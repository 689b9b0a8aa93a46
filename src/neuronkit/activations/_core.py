"""The catalogue's one declaration per activation (:class:`Spec`), the registry, and
:class:`Activation`, a declaration bound to parameter values.

Everything neuronkit knows about an activation is declared once, in its family
module, as ``declare(name=..., ...)``: its parameters, its NumPy kernels and the
name of its compiled kernel, its formulas (LaTeX and plain text), its declared
properties, its initializer family, its colour and its documentation.  From that
declaration come the public functions (``relu`` and ``relu_derivative``, with the
Parameters section of their docstrings), the tables of the README and the command
line, the explorer's controls, the plots' colours and the layers' defaults.

Every evaluation goes through one engine function, :func:`neuronkit._engine.run`,
with the :class:`~neuronkit._engine.Plan` that the activation made once when its
parameters were bound.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from .._compiled import BOTH, DERIVATIVE, VALUE, Which, twin
from .._engine import Plan, run
from ..errors import ParameterError, ShapeError
from ._params import Param
from ._properties import Properties

__all__ = ["Activation", "Spec", "FromOutput", "declare", "pair_kernel", "only_values",
           "REGISTRY", "ALIASES", "INIT_FAMILIES"]

INIT_FAMILIES = {"he": "he_uniform", "lecun": "lecun_normal", "xavier": "xavier_uniform"}
"""Initializer family of a declaration -> the layers' default initializer for it."""

REGISTRY: dict[str, Spec] = {}
"""Canonical name -> declaration, filled by :func:`declare`."""

ALIASES: dict[str, tuple[str, dict[str, Any]]] = {}
"""Alias -> (canonical name, the parameters the alias fixes), filled by :func:`declare`."""

_CACHED_BINDINGS = 64  # bound activations kept per declaration for the public functions


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


def only_values(y: np.ndarray, d: np.ndarray, low: float, high: float = np.inf) -> np.ndarray:
    """*d* where ``low <= y <= high`` (the outputs the activation has), NaN elsewhere:
    for a :class:`FromOutput` kernel, whose formula means nothing outside that range.

    >>> only_values(np.array([-0.5, 0.5, 1.5]), np.array([1.0, 2.0, 3.0]), 0.0, 1.0)
    array([nan,  2., nan])
    """
    return np.where((y >= low) & (y <= high), d, np.nan)


@dataclass(frozen=True, kw_only=True, eq=False)
class FromOutput:
    r"""The derivative written through the output: :math:`f'(x) = g(y)` with
    :math:`y = f(x)`, for the activations whose derivative is a function of their
    value (:meth:`Activation.derivative_from_output`).

    It is what backpropagation computes when it keeps the forward pass's output rather
    than its input (the textbook :math:`\sigma' = \sigma(1 - \sigma)`, and PyTorch's
    backward of ``sigmoid`` and ``tanh``).  ``g`` is evaluated exactly up to its last
    rounding, but ``y`` itself was rounded: where ``g`` cancels (``1 - y`` for
    :math:`\sigma` near 1), the result is accurate for the given ``y``, not for ``x``.

    Attributes
    ----------
    kernel : callable
        The NumPy kernel ``kernel(y, *args)`` over a float64 array of outputs, with the
        activation's parameter values: :math:`g(y)`, NaN for a ``y`` outside the
        activation's range (``only_values``) and for NaN.
    c_kernel : str
        Its compiled kernel's name in ``_kernels.h``; the activation's ``c_params``
        pack its parameters.
    formula : str
        LaTeX of :math:`g(y)`.
    text : str
        The same in plain Unicode text.
    """

    kernel: Callable[..., np.ndarray]
    c_kernel: str
    formula: str
    text: str


@dataclass(frozen=True, kw_only=True, eq=False)
class Spec:
    """The one declaration of an activation: everything neuronkit knows about it.

    Build one with :func:`declare` (keywords only).

    Attributes
    ----------
    name : str
        Canonical snake_case name.
    summary : str
        One line, lower case, no full stop (tables and menus).
    summary_zh : str
        The same line in Simplified Chinese, in the source chapter's terms
        (:data:`neuronkit.glossary.GLOSSARY`): the explorer's Chinese page shows it.
    formula, derivative_formula : str or callable
        LaTeX of :math:`f(x)` and :math:`f'(x)`, or a function of the parameter values
        returning it (where a parameter changes the formula, as GELU's ``approximate``).
    text, derivative_text : str or callable
        The same in plain Unicode text for the terminal (``x·σ(βx)``, ``√``, ``²``),
        never LaTeX.
    value, derivative : callable
        NumPy kernels ``kernel(v, *args)`` over a float64 array, with the parameter
        values in declaration order.
    both : callable, optional
        The fused kernel ``both(v, *args) -> (f, f')``; by default the pair of the two.
    second_derivative : callable, optional
        The NumPy kernel of :math:`f''` (same calling convention; no compiled twin:
        float32 is computed in float64 and rounded once).  0 where ``f`` is linear;
        at a kink the value of the side the derivative's convention takes.
    c_kernel : str or callable or None
        The compiled kernel's name in ``_kernels.h`` (or a function of the parameter
        values returning it); ``None`` only with ``numpy_only``.
    c_params : callable, optional
        The compiled kernel's parameter packer: the parameter values -> up to four
        floats (none by default).
    numpy_only : str
        Why this activation has no compiled kernel (empty when it has one).
    properties : Properties or callable
        The declared properties, or a function of the parameter values returning them.
    params : tuple of Param
        The parameters.
    aliases : tuple of str
        Other names; ``alias_params`` gives the parameters an alias fixes.
    constraint : callable, optional
        ``constraint(**values)`` checks the parameters together (raises
        :class:`~neuronkit.errors.ParameterError`).
    init : str
        Initializer family for layers: "he", "lecun" or "xavier".
    color : str
        The colour of its curves in every figure.
    x_range : (float, float)
        The default x-range of its plots: one that shows its features (kinks, caps,
        saturation), e.g. ReLU6's cap at 6.
    doc, derivative_doc : str
        The docstrings of the public functions, without their Parameters and Returns
        sections, which are made from ``params``.
    training : callable, optional
        The training form of a random activation (rrelu): ``training(v, rng, *args) ->
        (f, f')``, drawing from the generator ``rng``; a layer uses it in the training
        passes of ``fit``, with the fit's generator.  ``None``: the same as always.
    from_output : FromOutput, optional
        The derivative as a function of the output, where it is one (``None``: f is
        not one-to-one on the part where f' varies, as swish's dip).
    """

    name: str
    summary: str
    summary_zh: str
    formula: str | Callable[..., str]
    derivative_formula: str | Callable[..., str]
    text: str | Callable[..., str]
    derivative_text: str | Callable[..., str]
    value: Callable[..., np.ndarray]
    derivative: Callable[..., np.ndarray]
    both: Callable[..., tuple[np.ndarray, np.ndarray]] | None = None
    second_derivative: Callable[..., np.ndarray] | None = None
    c_kernel: str | Callable[..., str] | None
    c_params: Callable[..., tuple] | None = None
    numpy_only: str = ""
    properties: Properties | Callable[..., Properties]
    params: tuple[Param, ...] = ()
    aliases: tuple[str, ...] = ()
    alias_params: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    constraint: Callable[..., Any] | None = None
    init: str
    color: str
    x_range: tuple[float, float] = (-5.0, 5.0)
    doc: str
    derivative_doc: str
    training: Callable[..., tuple[np.ndarray, np.ndarray]] | None = None
    from_output: FromOutput | None = None

    def __post_init__(self):
        if (self.c_kernel is None) == (not self.numpy_only):
            raise ValueError(f"{self.name}: declare either c_kernel or numpy_only (a reason)")
        if self.init not in INIT_FAMILIES:
            raise ValueError(f"{self.name}: init must be one of {sorted(INIT_FAMILIES)}")
        if self.both is None:
            object.__setattr__(self, "both", pair_kernel(self.value, self.derivative))
        object.__setattr__(self, "kernels", (self.value, self.derivative, self.both))
        object.__setattr__(self, "_bindings", {})
        object.__setattr__(self, "functions", (_public_function(self, VALUE),
                                               _public_function(self, DERIVATIVE)))

    def bind(self, given: Mapping[str, Any]) -> dict[str, Any]:
        """Check *given* parameter values and fill in the defaults."""
        known = {p.name: p for p in self.params}
        for key in given:
            if key not in known:
                raise ParameterError(
                    f"{self.name} has no parameter {key!r}; "
                    + (f"its parameters are: {', '.join(known)}" if known
                       else "it takes no parameters"))
        values = {p.name: p.check(p.name, given.get(p.name, p.default)) for p in self.params}
        if self.constraint is not None:
            self.constraint(**values)
        return values

    def declared(self, values: Mapping[str, Any]) -> Properties:
        """The declared properties for these (checked) parameter values."""
        if isinstance(self.properties, Properties):
            return self.properties
        return self.properties(**values)

    def formulas(self, values: Mapping[str, Any]) -> dict[str, str]:
        """The four formulas for these (checked) parameter values: ``formula``,
        ``derivative_formula`` (LaTeX), ``text`` and ``derivative_text`` (Unicode)."""
        keys = ("formula", "derivative_formula", "text", "derivative_text")
        out = {}
        for key in keys:
            declared = getattr(self, key)
            out[key] = declared if isinstance(declared, str) else declared(**values)
        return out

    def default_formulas(self) -> dict[str, str]:
        """:meth:`formulas` for the default parameter values."""
        return self.formulas({p.name: p.default for p in self.params})

    def plan(self, values: Mapping[str, Any]) -> Plan:
        """The engine's plan for these (checked) parameter values: the NumPy kernels,
        their arguments and the compiled twin (``None`` without the extension)."""
        args = tuple(values.values())
        compiled = None
        if self.c_kernel is not None:
            name = self.c_kernel if isinstance(self.c_kernel, str) else self.c_kernel(*args)
            compiled = self._twin(name, args)
        return Plan(self.kernels, args, compiled)

    def _twin(self, name: str, args: tuple):
        """The compiled kernel *name* with the parameters packed by ``c_params``."""
        return twin(name, self.c_params(*args) if self.c_params is not None else ())

    def plan_from_output(self, values: Mapping[str, Any]) -> Plan:
        """The engine's plan of :attr:`from_output` for these (checked) parameter values
        (its kernel as the value; ``ValueError`` when the declaration has none)."""
        rule = self.from_output
        if rule is None:
            raise ValueError(f"{self.name} declares no derivative from its output")
        args = tuple(values.values())
        compiled = self._twin(rule.c_kernel, args) if self.c_kernel is not None else None
        return Plan((rule.kernel,) * 3, args, compiled)

    def activation(self, args: tuple = (), kwargs: Mapping[str, Any] | None = None):
        """The :class:`Activation` for a call ``f(x, *args, **kwargs)`` of a public
        function (bound activations are kept for the next call with the same values)."""
        # the types are part of the key: True == 1 == 1.0 as keys, but only 1 and 1.0 are
        # valid numbers
        if kwargs:
            key = (args, tuple(map(type, args)), tuple(kwargs.items()),
                   tuple(map(type, kwargs.values())))
        else:
            key = (args, tuple(map(type, args)))
        bindings = self._bindings
        try:
            return bindings[key]
        except KeyError:
            pass
        except TypeError:  # unhashable values: bind without keeping
            return self._bind_call(args, kwargs or {})
        act = self._bind_call(args, kwargs or {})
        if len(bindings) >= _CACHED_BINDINGS:
            bindings.clear()
        bindings[key] = act
        return act

    def _bind_call(self, args: tuple, kwargs: Mapping[str, Any]) -> Activation:
        names = [p.name for p in self.params]
        if len(args) > len(names):
            raise TypeError(f"{self.name}() takes {len(names) + 1} positional arguments "
                            f"(x{''.join(', ' + n for n in names)}) but {len(args) + 1} "
                            "were given")
        given = dict(zip(names, args, strict=False))
        for key, value in kwargs.items():
            if key in given:
                raise TypeError(f"{self.name}() got multiple values for argument {key!r}")
            given[key] = value
        return Activation(self, tuple(self.bind(given).items()))


def declare(**fields: Any) -> Spec:
    """Declare an activation (the keywords of :class:`Spec`), enter it in
    :data:`REGISTRY` and its aliases in :data:`ALIASES`, and return it."""
    spec = Spec(**fields)
    for name in (spec.name, *spec.aliases):
        if name in REGISTRY or name in ALIASES:
            raise ValueError(f"activation name {name!r} is declared twice")
    REGISTRY[spec.name] = spec
    for alias in spec.aliases:
        ALIASES[alias] = (spec.name, dict(spec.alias_params.get(alias, {})))
    return spec


# -- the public functions, made from a declaration -----------------------------------

def _signature(spec: Spec) -> inspect.Signature:
    kind = inspect.Parameter.POSITIONAL_OR_KEYWORD
    return inspect.Signature([
        inspect.Parameter("x", kind),
        *(inspect.Parameter(p.name, kind, default=p.default) for p in spec.params),
        inspect.Parameter("out", inspect.Parameter.KEYWORD_ONLY, default=None),
        inspect.Parameter("where", inspect.Parameter.KEYWORD_ONLY, default=True),
    ])


def _docstring(spec: Spec, which: Which) -> str:
    """The declaration's docstring with the declared formula (unless it shows one) and
    the Parameters and Returns sections inserted before its Examples."""
    body = inspect.cleandoc(spec.doc if which == VALUE else spec.derivative_doc)
    what = "f(x)" if which == VALUE else "f'(x)"
    if ".. math::" not in body:  # the declared formula, under the summary line
        formulas = spec.default_formulas()
        formula = formulas["formula" if which == VALUE else "derivative_formula"]
        summary, _, rest = body.partition("\n\n")
        body = f"{summary}\n\n.. math:: {what} = {formula}\n\n{rest}"
    lines = ["Parameters", "----------", "x : array_like",
             "    The input, any shape (ints, bools and scalars become float64)."]
    for p in spec.params:
        lines += [f"{p.name} : {p.type_text()}", f"    {p.doc[:1].upper()}{p.doc[1:]}."]
    lines += ["out : ndarray, optional",
              "    An array of the input's shape and float dtype to write the result into.",
              "where : array_like of bool, optional",
              "    As NumPy's ufuncs: write the result into ``out`` (needed) only where this",
              "    is True; elsewhere ``out`` keeps its values.",
              "", "Returns", "-------", "ndarray or scalar",
              f"    {what} elementwise, in the input's shape and float dtype (``out`` if",
              "    given; a NumPy scalar for 0-d input)."]
    sections = "\n".join(lines)
    marker = "Examples\n--------"
    if marker in body:
        head, tail = body.split(marker, 1)
        return f"{head.rstrip()}\n\n{sections}\n\n{marker}{tail}"
    return f"{body}\n\n{sections}"


def _public_function(spec: Spec, which: Which) -> Callable:
    """``spec.name`` (which VALUE) or ``spec.name + "_derivative"`` as a plain function
    ``f(x, *params, out=None)``, with its signature and docstring."""
    if spec.params:
        def function(x, *args, out=None, where=True, **kwargs):
            return run(spec.activation(args, kwargs).plan, which, x, out, where)
    else:
        def function(x, *, out=None, where=True):
            return run(spec.activation().plan, which, x, out, where)

    name = spec.name if which == VALUE else f"{spec.name}_derivative"
    function.__name__ = function.__qualname__ = name
    function.__module__ = "neuronkit.activations"
    function.__doc__ = _docstring(spec, which)
    function.__signature__ = _signature(spec)
    return function


# -- bound activations ---------------------------------------------------------------

@dataclass(frozen=True, repr=False)
class Activation:
    """An activation function with bound parameters.

    Build one with :func:`neuronkit.activation`; call it on an array for
    ``f(x)``, use :meth:`derivative` for ``f'(x)`` and
    :meth:`value_and_derivative` for both at once.  A Dask, xarray, pandas or array-API
    (PyTorch, JAX, ...) input gives the same kind of array back (lazy for Dask; see
    :mod:`neuronkit._arrays`).

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
        # how to evaluate it, decided once: a call on a small array is mostly overhead
        object.__setattr__(self, "plan", self.spec.plan(dict(self.param_items)))

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
        return self.spec.declared(self.params)

    @property
    def formula(self) -> str:
        """LaTeX of f(x) (for these parameter values)."""
        return self.spec.formulas(self.params)["formula"]

    @property
    def derivative_formula(self) -> str:
        """LaTeX of f'(x) (for these parameter values)."""
        return self.spec.formulas(self.params)["derivative_formula"]

    @property
    def text(self) -> str:
        """f(x) in plain Unicode text (for these parameter values).

        >>> import neuronkit as nk
        >>> nk.activation("logistic").text
        'σ(x) = 1/(1 + e⁻ˣ)'
        """
        return self.spec.formulas(self.params)["text"]

    @property
    def derivative_text(self) -> str:
        """f'(x) in plain Unicode text (for these parameter values)."""
        return self.spec.formulas(self.params)["derivative_text"]

    @property
    def derivative_from_output_formula(self) -> str | None:
        """LaTeX of f' as a function of the output y (:meth:`derivative_from_output`),
        or ``None`` where f' is not one."""
        rule = self.spec.from_output
        return None if rule is None else rule.formula

    @property
    def derivative_from_output_text(self) -> str | None:
        """The same in plain Unicode text.

        >>> import neuronkit as nk
        >>> nk.activation("logistic").derivative_from_output_text
        'y·(1 − y)'
        """
        rule = self.spec.from_output
        return None if rule is None else rule.text

    def __call__(self, x: Any, *, out: np.ndarray | None = None, where: Any = True):
        """Return f(x) elementwise (same shape; float dtype kept, others become float64);
        with ``where`` (a boolean mask, NumPy's ufunc argument) written into ``out`` only
        where it is True."""
        return run(self.plan, VALUE, x, out, where)

    def derivative(self, x: Any, *, out: np.ndarray | None = None, where: Any = True):
        """Return f'(x) elementwise, with the documented convention at kinks (``out`` and
        ``where`` as for a call)."""
        return run(self.plan, DERIVATIVE, x, out, where)

    def value_and_derivative(self, x: Any, *, out: tuple | None = None, where: Any = True):
        """Return ``(f(x), f'(x))`` computed together (what backpropagation uses).

        ``out`` is an optional pair of arrays for the value and the derivative
        (either may be ``None``; two different arrays that do not overlap, either of
        which may be ``x`` itself); a training loop can reuse its buffers this way.
        ``where`` (a boolean mask) writes both only where it is True (both arrays of
        ``out`` needed).
        """
        return run(self.plan, BOTH, x, out, where)

    def derivative_from_output(self, y: Any, *, out: np.ndarray | None = None,
                               where: Any = True):
        r"""Return f'(x) from the output ``y = f(x)`` alone, elementwise: the rule a
        backward pass uses when it keeps the forward pass's output.

        Declared for the activations whose derivative is a function of their value
        (:attr:`derivative_from_output_text` gives the rule, ``None`` for the others):
        the logistic's :math:`y(1 - y)`, tanh's :math:`1 - y^2` (as
        :math:`(1 - y)(1 + y)`), log-sigmoid's :math:`1 - e^{y}` (as ``-expm1(y)``), and
        the cases of ReLU, ReLU6, ELU, SELU and CELU.  The ELUs' range ends at a double
        :math:`-c`, which a float32 output holds rounded: a ``y`` within that rounding
        below it counts as :math:`-c` (f' = 0).

        Each is computed exactly up to its last rounding or two: within 1 ULP of the
        rule at the given ``y`` in float32 and 2 ULP in float64 (measured: 0.543 on
        every float32, 1.37 in float64).  But ``y`` was rounded when it was computed,
        and where the rule cancels, that rounding is magnified: for :math:`\sigma(20)`
        in float32, ``y`` rounds to 1 and :math:`y(1 - y) = 0`, while
        :math:`\sigma'(20) = 2.1 \cdot 10^{-9}`.  :meth:`derivative` computes from
        ``x`` to the last bit; this method is for when only ``y`` is kept.  But for
        log-sigmoid (whose rule needs an exponential, as f' from x does) it runs at
        memory speed: a multiply or a select instead of an exponential.

        A ``y`` that no ``x`` gives (outside the range of f: :math:`y > 1` for the
        logistic, :math:`y < -\alpha` for ELU) gives NaN, as does a NaN; no warning.
        ``out`` and ``where`` are as for a call.

        Raises
        ------
        NotImplementedError
            For an activation whose derivative is not a function of its value (swish,
            for instance, takes each value in its dip at two inputs with different
            slopes); the message lists those that have one.

        Examples
        --------
        >>> import neuronkit as nk
        >>> f = nk.activation("logistic")
        >>> f.derivative_from_output(f([0.0, 2.0]))
        array([0.25      , 0.10499359])
        >>> f.derivative([0.0, 2.0])
        array([0.25      , 0.10499359])
        >>> nk.activation("tanh").derivative_from_output([0.5, 1.5])
        array([0.75,  nan])
        >>> [n for n in nk.activation_names()
        ...  if nk.activation(n).derivative_from_output_text is not None]
        ['celu', 'elu', 'log_sigmoid', 'logistic', 'relu', 'relu6', 'selu', 'tanh']
        """
        return run(self._from_output_plan, VALUE, y, out, where)

    @functools.cached_property
    def _from_output_plan(self) -> Plan:
        if self.spec.from_output is None:
            have = sorted(n for n, s in REGISTRY.items() if s.from_output is not None)
            raise NotImplementedError(
                f"{self.name}'s derivative is not a function of its output; the "
                f"activations with derivative_from_output are: {', '.join(have)}")
        return self.spec.plan_from_output(dict(self.param_items))

    def jvp(self, x: Any, v: Any):
        """The Jacobian-vector product :math:`v \\odot f'(x)` (the Jacobian of an
        elementwise function is diagonal); the same interface as a vector activation's.

        >>> import neuronkit as nk
        >>> nk.activation("relu").jvp([-1.0, 2.0], [5.0, 5.0])
        array([0., 5.])
        """
        d = np.asarray(self.derivative(x))
        return _check_same_shape(v, d.shape, "v") * d

    def vjp(self, x: Any, g: Any, *, value: Any = None):
        """The vector-Jacobian product :math:`g \\odot f'(x)` (*value* is accepted and
        not needed, as for a vector activation)."""
        d = np.asarray(self.derivative(x))
        return _check_same_shape(g, d.shape, "g") * d

    def second_derivative(self, x: Any, *, out: np.ndarray | None = None):
        """Return f''(x) elementwise, in closed form (no differencing).

        0 where ``f`` is linear; at a kink or a corner the value of the side that
        :meth:`derivative`'s convention takes (elu''(0) = alpha, the left side).
        Computed by the declaration's NumPy kernel: float32 and float16 in float64,
        rounded once.

        >>> import neuronkit as nk
        >>> nk.activation("tanh").second_derivative([-1.0, 0.0, 1.0])
        array([ 0.63970001,  0.        , -0.63970001])
        """
        kernel = self.spec.second_derivative
        if kernel is None:
            raise NotImplementedError(
                f"{self.name} declares no second derivative (add second_derivative= "
                "to its declaration)")
        return run(Plan((kernel, kernel, kernel), self.plan.args), VALUE, x, out)

    def __reduce__(self):
        # pickle by name and parameters, not by the functions of the declaration
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


def _check_same_shape(w: Any, shape: tuple, what: str) -> np.ndarray:
    arr = np.asarray(w)
    if arr.shape != shape:
        raise ShapeError(f"{what} must have the input's shape {shape}, got {arr.shape}")
    return arr


def _rebuild(name: str, param_items: tuple) -> Activation:
    spec = REGISTRY[name]
    return Activation(spec, tuple(spec.bind(dict(param_items)).items()))
