"""Hooks: what an upper room of the house provides to a lower one.

Imports flow downward only (design notes, section 1).  When a lower module offers a
convenience whose work is done higher up, the upper module registers the function
here when it is imported, and the lower module looks it up by name; neither names
the other.  The hooks of neuronkit:

=====================  =================================  ===========================
name                   used by                            provided by
=====================  =================================  ===========================
``activation_svg``     ``Activation._repr_svg_``          :mod:`neuronkit.plotting`
``activation_html``    ``Activation._repr_html_``         :mod:`neuronkit.plotting`
``activation_latex``   ``Activation._repr_latex_``        :mod:`neuronkit.plotting`
``plot_experiment``    an experiment result's ``plot``    :mod:`neuronkit.plotting`
``decision_boundary``  the experiment figures             :mod:`neuronkit.plotting`
``plot_audit``         ``Audit.plot``                     :mod:`neuronkit.plotting`
``fit``                :meth:`Network.fit`                :mod:`neuronkit.training`
``save``, ``load``     :meth:`Network.save`, ``load``     :mod:`neuronkit.serialization`
=====================  =================================  ===========================

``neuronkit/__init__`` imports every provider, and Python runs it before any
``neuronkit.x`` is imported, so the hooks are in place before user code runs.  No
provider imports matplotlib or a web framework at module level, so this keeps
``import neuronkit`` light.

Examples
--------
>>> import neuronkit as nk
>>> from neuronkit import hooks
>>> hooks.get("plot_experiment") is nk.plotting.plot_experiment
True
>>> hooks.lookup("no such hook") is None
True
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

__all__ = ["HookError", "get", "lookup", "provide"]

_PROVIDED: dict[str, Callable[..., Any]] = {}


class HookError(LookupError):
    """No module has provided the hook asked for (its provider was not imported)."""


def provide(name: str, function: Callable[..., Any]) -> Callable[..., Any]:
    """Register *function* as the hook *name* (the last registration wins); return it."""
    _PROVIDED[name] = function
    return function


def lookup(name: str) -> Callable[..., Any] | None:
    """The function provided as *name*, or ``None`` if none was."""
    return _PROVIDED.get(name)


def get(name: str) -> Callable[..., Any]:
    """The function provided as *name*; :class:`HookError` if none was."""
    function = _PROVIDED.get(name)
    if function is None:
        raise HookError(f"nothing provides the hook {name!r}: the module that provides it "
                        "(see neuronkit.hooks) was not imported; import neuronkit first")
    return function
