"""PyTorch interop: neuronkit's activations inside PyTorch's autograd.

``import neuronkit.torch as nkt`` (PyTorch must be installed; ``import neuronkit``
alone never imports it) gives every activation of the catalogue

* as a function of a tensor, ``nkt.gelu(x)``, ``nkt.leaky_relu(x, negative_slope=0.1)``
  (any catalogue name or alias, with its parameters as keywords), and
  ``nkt.apply(x, "gelu")``;
* as a module, ``nkt.Module("gelu", approximate="tanh")``, a drop-in for
  ``torch.nn.GELU(approximate="tanh")`` in a model.

Both run :class:`Function`, a :class:`torch.autograd.Function` whose forward pass
makes one fused call of :meth:`neuronkit.Activation.value_and_derivative` (neuronkit's
value and its exact derivative, within 1 ULP in float32 and 4 in float64 over the
whole float range) and keeps f'(x) for the backward pass, which returns
``grad * f'(x)``: a training run gets neuronkit's tails, where PyTorch's float32
sigmoid is off by up to 2 ULP and its GELU returns -0 below x = -6.

What is supported
-----------------
* Tensors of float16, float32 or float64 (kept: the result has the input's dtype,
  shape and device), of any shape and strides.  A CPU tensor is read in place through
  ``Tensor.numpy()`` and the results are wrapped with :func:`torch.from_numpy`, so no
  array is copied.  A tensor on another device (CUDA) is computed there, by the NumPy
  kernels run on PyTorch's functions in float64 (:mod:`neuronkit._xp`; it needs
  ``array-api-compat``); a device without float64 (MPS) is refused.  Integer and bool
  tensors give float64, as neuronkit's NumPy calls do.  Other dtypes (bfloat16,
  complex) raise an :class:`~neuronkit.errors.InputTypeError` that names them.
* First derivatives only: the backward pass is not itself differentiable
  (``torch.autograd.grad(..., create_graph=True)`` followed by a second backward
  raises PyTorch's error for once-differentiable functions).
* Parameters are fixed numbers, not learnable tensors: ``Module("prelu")`` has no
  ``nn.Parameter`` (its ``negative_slope`` is a constant; use ``torch.nn.PReLU`` for
  a learned slope), and gradients flow to the input only.
* ``Module("rrelu")`` in training mode (``model.train()``) draws each element's slope
  for x <= 0 from U(lower, upper) with PyTorch's generator, as ``torch.nn.RReLU``
  does, and its backward pass uses the slopes drawn; in eval mode, and as a function
  (``nkt.rrelu``), the fixed mean slope (lower + upper) / 2.

Examples
--------
>>> import torch
>>> import neuronkit.torch as nkt
>>> x = torch.tensor([-2.0, 0.0, 3.0], dtype=torch.float64, requires_grad=True)
>>> y = nkt.logistic(x)
>>> y.sum().backward()
>>> x.grad
tensor([0.1050, 0.2500, 0.0452], dtype=torch.float64)
>>> nkt.Module("leaky_relu", negative_slope=0.1)
Module(leaky_relu, negative_slope=0.1)
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import torch
from torch.autograd.function import once_differentiable

from . import _xp
from .activations import Activation, activation, activation_names
from .errors import InputTypeError, ParameterError

__all__ = ["Function", "Module", "apply", "value_and_derivative"]

_DTYPES = (torch.float16, torch.float32, torch.float64)


def _checked(x: torch.Tensor, what: str = "x") -> torch.Tensor:
    """*x* detached, or an error naming what is wrong with it."""
    if not isinstance(x, torch.Tensor):
        raise InputTypeError(f"{what} must be a torch.Tensor, got {type(x).__name__}")
    if x.is_floating_point() and x.dtype not in _DTYPES or x.is_complex():
        raise InputTypeError(
            f"{what} has dtype {x.dtype}, which neuronkit does not compute in; "
            "use float16, float32 or float64")
    return x.detach()


def _on_cpu(x: torch.Tensor) -> bool:
    return x.device.type == "cpu"


def value_and_derivative(act: Activation, x: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    """``(f(x), f'(x))`` of a tensor in one pass, as tensors of its dtype, shape and
    device (no autograd: the two are plain tensors).  A CPU tensor is read in place by
    the compiled kernels; one on another device (CUDA) is computed there, by the NumPy
    kernels run on PyTorch's functions (needs ``array-api-compat``).

    Examples
    --------
    >>> import torch, neuronkit as nk
    >>> value_and_derivative(nk.activation("relu"), torch.tensor([-1.0, 2.0]))
    (tensor([0., 2.]), tensor([0., 1.]))
    """
    x = _checked(x)
    if not _on_cpu(x):
        return act.value_and_derivative(x)
    value, slope = act.value_and_derivative(x.numpy())
    return torch.from_numpy(np.asarray(value)), torch.from_numpy(np.asarray(slope))


class Function(torch.autograd.Function):
    """``Function.apply(x, activation)``: f(x), with f'(x) kept for the backward pass.

    *activation* is a :class:`neuronkit.Activation` (``nk.activation(name, **params)``).
    The forward pass computes value and derivative in one call; the backward pass
    returns ``grad_output * f'(x)`` (once differentiable; see the module notes).

    Examples
    --------
    >>> import torch, neuronkit as nk
    >>> x = torch.tensor([-1.0, 1.0], requires_grad=True)
    >>> Function.apply(x, nk.activation("tanh"))
    tensor([-0.7616,  0.7616], grad_fn=<FunctionBackward>)
    """

    @staticmethod
    def forward(ctx, x: torch.Tensor, act: Activation) -> torch.Tensor:
        value, slope = value_and_derivative(act, x)
        ctx.save_for_backward(slope)
        return value

    @staticmethod
    @once_differentiable
    def backward(ctx, grad_output: torch.Tensor):
        (slope,) = ctx.saved_tensors
        return grad_output * slope, None


class _TorchUniform:
    """The ``uniform(low, high, size)`` of a NumPy generator, drawn by PyTorch's own
    generator on *device* (so that ``torch.manual_seed`` makes a training run
    repeatable); off the CPU the draws stay there, as the device path's arrays."""

    def __init__(self, device: torch.device):
        self.device = device

    def uniform(self, low: float, high: float, size: tuple[int, ...]):
        draws = torch.empty(size, dtype=torch.float64, device=self.device).uniform_(low, high)
        if _on_cpu(draws):
            return draws.numpy()
        return _xp.Wrapped(draws, _xp.namespace(draws))


class _Sampled(Function):
    """A random activation's training form (rrelu: each element's slope for x <= 0
    drawn from U(lower, upper), as ``torch.nn.RReLU`` in training mode), from its
    declaration's ``training`` function; the backward pass (:class:`Function`'s)
    multiplies by the slopes drawn."""

    @staticmethod
    def forward(ctx, x: torch.Tensor, act: Activation) -> torch.Tensor:
        x = _checked(x)
        rng = _TorchUniform(x.device)
        if _on_cpu(x):
            v = x.numpy()
            dtype = np.result_type(v.dtype, np.float16)  # integers give float64
            f, d = act.spec.training(v, rng, *act.params.values())
            f, d = (torch.from_numpy(np.asarray(a, dtype=dtype)) for a in (f, d))
        else:
            f, d = _xp.evaluate(act.spec.training, (rng, *act.params.values()), x,
                                _xp.namespace(x), 2)
        ctx.save_for_backward(d)
        return f


def apply(x: torch.Tensor, name: str | Activation, **params: Any) -> torch.Tensor:
    """The activation *name* (with *params*) of the tensor *x*, differentiable.

    Examples
    --------
    >>> import torch
    >>> apply(torch.tensor([-1.0, 1.0]), "elu", alpha=0.5)
    tensor([-0.3161,  1.0000])
    """
    return Function.apply(x, _elementwise(name, params))


def _elementwise(name: str | Activation, params: dict[str, Any]) -> Activation:
    """The elementwise activation *name*, or an error naming what this module takes:
    a vector activation (softmax, the GLU family) has no elementwise derivative to
    multiply the gradient by.

    >>> _elementwise("softmax", {})  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    neuronkit.errors.ParameterError: neuronkit.torch takes elementwise activations; ...
    """
    f = activation(name, **params) if isinstance(name, str) else name
    if not isinstance(f, Activation):
        raise ParameterError(
            f"neuronkit.torch takes elementwise activations; {f.name!r} is a vector "
            "activation (compute it with torch, or with its vjp on NumPy arrays)")
    return f


class Module(torch.nn.Module):
    """A neuronkit activation as a :class:`torch.nn.Module` (no learnable parameters).

    Parameters
    ----------
    name : str or neuronkit.Activation
        A catalogue name or alias, or an activation with its parameters bound.
    **params
        The activation's parameters (fixed numbers, see the module notes).

    Shape: any; the output has the input's shape, dtype and device.

    Examples
    --------
    >>> import torch
    >>> model = torch.nn.Sequential(torch.nn.Linear(2, 3), Module("gelu"))
    >>> model(torch.zeros(4, 2)).shape
    torch.Size([4, 3])
    """

    def __init__(self, name: str | Activation, **params: Any):
        super().__init__()
        self.activation = _elementwise(name, params)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        if self.training and self.activation.spec.training is not None:
            return _Sampled.apply(x, self.activation)
        return Function.apply(x, self.activation)

    def extra_repr(self) -> str:
        return ", ".join([self.activation.name,
                          *(f"{k}={v!r}" for k, v in self.activation.param_items)])


def _function(name: str) -> Callable[..., torch.Tensor]:
    def function(x: torch.Tensor, **params: Any) -> torch.Tensor:
        return Function.apply(x, _elementwise(name, params))

    function.__name__ = function.__qualname__ = name
    function.__doc__ = (f"neuronkit's {name} of a tensor, differentiable "
                        f"(see :mod:`neuronkit.torch`); parameters as keywords.")
    return function


def __getattr__(name: str) -> Callable[..., torch.Tensor]:
    # nkt.gelu, nkt.silu, ...: every catalogue name and alias is a function here
    if name in activation_names(aliases=True):
        return _function(name)
    raise AttributeError(f"module 'neuronkit.torch' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted([*globals(), *activation_names(aliases=True)])
