"""Exception types of neuronkit.

Every error that neuronkit raises for bad input is a subclass of the built-in
``ValueError`` or ``TypeError``, so ``except ValueError`` keeps working, and its
message says what was wrong and what would be right.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable

__all__ = [
    "NeuronkitError",
    "UnknownNameError",
    "ParameterError",
    "InputTypeError",
    "ShapeError",
    "DataError",
    "ModelFileError",
    "TrainingDivergedError",
    "unknown_name",
]


class NeuronkitError(Exception):
    """Base class of every error neuronkit raises on purpose."""


class UnknownNameError(NeuronkitError, ValueError):
    """A name (activation, loss, optimizer, dataset, ...) that is not known."""


class ParameterError(NeuronkitError, ValueError):
    """A parameter that is unknown, of the wrong type, or out of its range."""


class InputTypeError(NeuronkitError, TypeError):
    """Input data of a type that cannot be computed with (complex, object, text)."""


class ShapeError(NeuronkitError, ValueError):
    """Arrays whose shapes do not fit together."""


class DataError(NeuronkitError, ValueError):
    """Data that has the right type and shape but unusable values (NaN, inf, labels)."""


class ModelFileError(NeuronkitError, ValueError):
    """A model file that is missing, truncated, corrupted or of an unknown version."""


class TrainingDivergedError(NeuronkitError, FloatingPointError):
    """Training produced a non-finite loss; the last finite weights were kept."""


def unknown_name(kind: str, name: object, choices: Iterable[str]) -> UnknownNameError:
    """Build the error for an unknown *name* of some *kind*, with suggestions.

    Examples
    --------
    >>> print(unknown_name("activation", "sigmod", ["sigmoid", "tanh"]))
    unknown activation 'sigmod'; did you mean 'sigmoid'? choose one of: sigmoid, tanh
    """
    choices = sorted(choices)
    hint = ""
    if isinstance(name, str):
        close = difflib.get_close_matches(name.lower(), choices, n=1, cutoff=0.6)
        if close:
            hint = f"; did you mean {close[0]!r}?"
    return UnknownNameError(
        f"unknown {kind} {name!r}{hint if hint else ';'} choose one of: {', '.join(choices)}"
    )
