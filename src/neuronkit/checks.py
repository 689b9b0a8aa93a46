"""Checks of user-given values: each takes the value's name and the value, and
returns the value in the form the code uses, or raises
:class:`~neuronkit.errors.ParameterError` with a message that names the value and
says what was wrong.  Used by the activations' parameters, the layers and training.
"""

from __future__ import annotations

import math
import operator
from collections.abc import Callable
from fractions import Fraction
from typing import Any

import numpy as np

from .errors import ParameterError

__all__ = ["check_real", "check_positive", "check_nonnegative", "check_positive_int",
           "check_choice"]


def check_real(name: str, value: Any) -> float:
    """Return *value* as a finite float, or raise :class:`ParameterError`.

    A :class:`fractions.Fraction` is rounded to the nearest float (parameters declared
    ``exact`` keep it: see :class:`~neuronkit.activations.Param`).

    >>> check_real("negative_slope", 0.1)
    0.1
    >>> check_real("negative_slope", "a")
    Traceback (most recent call last):
    ...
    neuronkit.errors.ParameterError: negative_slope must be a real number, got 'a'
    """
    if type(value) is float and math.isfinite(value):  # the common case, fast
        return value
    if isinstance(value, bool) or not isinstance(
            value, (int, float, np.integer, np.floating, Fraction)):
        raise ParameterError(f"{name} must be a real number, got {value!r}")
    try:
        as_float = float(value)
    except OverflowError:  # a Fraction or an int beyond the float range
        raise ParameterError(f"{name} must be finite, got {value} (beyond the float "
                             "range)") from None
    if not math.isfinite(as_float):
        raise ParameterError(f"{name} must be finite, got {value!r}")
    if as_float == 0 and value != 0:  # a Fraction below the smallest float
        raise ParameterError(f"{name} = {value} is too small for a float: it rounds to 0")
    return as_float


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



def check_choice(choices: tuple[str, ...]) -> Callable[[str, Any], str]:
    """A check that accepts one of the strings *choices*.

    >>> check_choice(("none", "tanh"))("approximate", "erf")
    Traceback (most recent call last):
    ...
    neuronkit.errors.ParameterError: approximate must be 'none' or 'tanh', got 'erf'
    """
    text = " or ".join(repr(c) for c in choices)

    def check(name: str, value: Any) -> str:
        if not isinstance(value, str) or value not in choices:
            raise ParameterError(f"{name} must be {text}, got {value!r}")
        return value

    return check
