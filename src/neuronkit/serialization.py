"""Save and load networks: one file with the architecture (JSON) and the weights (npz).

The file is a zip archive as written by :func:`numpy.savez`: an entry
``__neuronkit__`` holds the architecture as UTF-8 JSON bytes (format name, format
version, layers, loss), and one float64 array per parameter, named as
:meth:`Network.parameters <neuronkit.Network.parameters>` names them.  Loading uses
``allow_pickle=False`` and builds layers only from the names of the catalogue, so it
never executes code from the file; everything is checked (format and version, every
key, every shape and dtype, activation names and parameters), and any problem is a
:class:`~neuronkit.errors.ModelFileError` that says what is wrong.  A saved network
loads to one that predicts bit-identically.

Only the public API of :class:`~neuronkit.Network` and its layers is used.
:meth:`Network.save <neuronkit.Network.save>` and :meth:`Network.load
<neuronkit.Network.load>` call :func:`save` and :func:`load` through the ``save`` and
``load`` hooks this module provides (:mod:`neuronkit.hooks`), so the network never
imports it.

Examples
--------
>>> import io, neuronkit as nk
>>> net = nk.Network([nk.Dense(2, 3, activation="tanh"), nk.Dense(3, 1)], seed=0)
>>> buf = io.BytesIO(); _ = save(net, buf); _ = buf.seek(0)
>>> net2 = load(buf)
>>> bool((net2.forward([[0.5, -1.0]]) == net.forward([[0.5, -1.0]])).all())
True
"""

from __future__ import annotations

import json
import os
import tempfile
import zipfile
import zlib
from pathlib import Path
from typing import Any

import numpy as np

from . import hooks
from .activations import activation
from .errors import ModelFileError, NeuronkitError
from .layers import PARAM_BOUNDS, Dense, Maxout
from .losses import LOSSES
from .network import Network

__all__ = ["FORMAT", "FORMAT_VERSION", "save", "load"]

FORMAT = "neuronkit.network"
FORMAT_VERSION = 1
_META = "__neuronkit__"


def save(net: Network, path) -> Any:
    """Write *net* to *path* (a file name or a writable binary file object); return *path*.

    A file name is written exactly as given (no suffix is added), atomically: a
    temporary file in the same folder is renamed over it.  The conventional suffix is
    ``.nk``.
    """
    if not isinstance(net, Network):
        raise TypeError(f"save expects a Network, got {type(net).__name__}")
    meta = {"format": FORMAT, "version": FORMAT_VERSION, "neuronkit": _package_version(),
            **net.config()}
    arrays = {_META: np.frombuffer(json.dumps(meta).encode("utf-8"), dtype=np.uint8)}
    arrays.update({k: np.ascontiguousarray(v) for k, v in net.parameters().items()})
    if hasattr(path, "write"):
        np.savez(path, **arrays)
        return path
    path = Path(path)
    fd, tmp = tempfile.mkstemp(dir=path.parent or ".", prefix=path.name, suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            np.savez(f, **arrays)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
    return path


def _package_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("neuronkit")
    except PackageNotFoundError:  # pragma: no cover - running from a source tree
        return "unknown"


def _fail(where: str, what: str) -> ModelFileError:
    return ModelFileError(f"{where}: {what}")


def _read(path, where: str) -> tuple[dict, dict[str, np.ndarray]]:
    if hasattr(path, "read"):
        f, owned = path, False
    else:
        try:
            f, owned = open(path, "rb"), True  # noqa: SIM115 - closed below
        except FileNotFoundError:
            raise _fail(where, "no such file") from None
        except OSError as exc:
            raise _fail(where, f"cannot be read: {exc}") from None
    try:
        try:
            data = np.load(f, allow_pickle=False)
        except (OSError, ValueError, EOFError, zipfile.BadZipFile, KeyError, TypeError,
                RuntimeError, zlib.error) as exc:
            raise _fail(where, "not a readable neuronkit model file (truncated or corrupted?): "
                        f"{type(exc).__name__}: {exc}") from None
        if not isinstance(data, np.lib.npyio.NpzFile):
            raise _fail(where, "not a neuronkit model file (it holds a bare array, not an "
                        "archive)")
        with data:
            names = list(data.files)
            if _META not in names:
                raise _fail(where, "not a neuronkit model file (no architecture entry "
                            f"{_META!r}; entries: {', '.join(names[:8]) or 'none'})")
            try:
                arrays = {k: data[k] for k in names}
            except (OSError, ValueError, EOFError, zipfile.BadZipFile, KeyError, TypeError,
                    RuntimeError, zlib.error) as exc:
                raise _fail(where, "not a readable neuronkit model file (truncated or "
                            f"corrupted?): {type(exc).__name__}: {exc}") from None
    finally:
        if owned:
            f.close()
    raw = arrays.pop(_META)
    if raw.dtype != np.uint8 or raw.ndim != 1:
        raise _fail(where, "the architecture entry is not JSON bytes")
    try:
        meta = json.loads(raw.tobytes().decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise _fail(where, f"the architecture entry is not valid JSON: {exc}") from None
    if not isinstance(meta, dict):
        raise _fail(where, "the architecture entry is not a JSON object")
    return meta, arrays


def _field(where: str, d: dict, key: str, kind: type, what: str):
    if key not in d:
        raise _fail(where, f"{what} lacks the key {key!r}")
    value = d[key]
    if kind is int and (isinstance(value, bool) or not isinstance(value, int) or value < 1):
        raise _fail(where, f"{what}: {key} must be an integer >= 1, got {value!r}")
    if kind is not int and not isinstance(value, kind):
        raise _fail(where, f"{what}: {key} must be a {kind.__name__}, got {value!r}")
    return value


def _layer(where: str, i: int, cfg) -> Dense | Maxout:
    what = f"layer {i}"
    if not isinstance(cfg, dict):
        raise _fail(where, f"{what} is not a JSON object")
    kind = cfg.get("type")
    n_in = _field(where, cfg, "in_features", int, what)
    n_out = _field(where, cfg, "out_features", int, what)
    try:
        if kind == "maxout":
            return Maxout(n_in, n_out, _field(where, cfg, "pieces", int, what), init="zeros")
        if kind == "dense":
            name = _field(where, cfg, "activation", str, what)
            params = _field(where, cfg, "activation_params", dict, what)
            learn = _field(where, cfg, "learn_activation", list, what)
            if not all(isinstance(p, str) for p in learn):
                raise _fail(where, f"{what}: learn_activation must list parameter names")
            act = name if name == "softmax" else activation(name, **params)
            return Dense(n_in, n_out, act, init="zeros", learn_activation=tuple(learn))
    except NeuronkitError as exc:
        raise _fail(where, f"{what}: {exc}") from None
    raise _fail(where, f"{what} has unknown type {kind!r}; known: dense, maxout")


def load(path) -> Network:
    """Read a network written by :func:`save` from a file name or a binary file object.

    Raises
    ------
    ModelFileError
        If the file is missing, truncated, corrupted, of another format or version, or
        its contents do not match its architecture.
    """
    where = repr(str(path)) if not hasattr(path, "read") else "model file"
    meta, arrays = _read(path, where)
    _check_format(where, meta)
    net = _build(where, meta)
    _fill(where, net, arrays)
    _check_learned(where, net)
    return net


def _check_format(where: str, meta: dict) -> None:
    if meta.get("format") != FORMAT:
        raise _fail(where, f"format is {meta.get('format')!r}, expected {FORMAT!r}")
    version = meta.get("version")
    if not isinstance(version, int) or isinstance(version, bool):
        raise _fail(where, f"format version {version!r} is not an integer")
    if version != FORMAT_VERSION:
        newer = " (written by a newer neuronkit; upgrade it)" if version > FORMAT_VERSION \
            else ""
        raise _fail(where, f"format version {version} is not supported; this neuronkit "
                    f"reads version {FORMAT_VERSION}{newer}")


def _build(where: str, meta: dict) -> Network:
    """The network the architecture describes, its weights all zero."""
    layers_cfg = meta.get("layers")
    if not isinstance(layers_cfg, list) or not layers_cfg:
        raise _fail(where, "the architecture has no list of layers")
    loss = meta.get("loss")
    if loss is not None and loss not in LOSSES:
        raise _fail(where, f"unknown loss {loss!r}; known: {', '.join(sorted(LOSSES))}")
    layers = [_layer(where, i, cfg) for i, cfg in enumerate(layers_cfg)]
    try:
        return Network(layers, loss=loss)
    except NeuronkitError as exc:
        raise _fail(where, f"inconsistent architecture: {exc}") from None


def _fill(where: str, net: Network, arrays: dict[str, np.ndarray]) -> None:
    """Copy the weights into *net*, each checked against the architecture."""
    expected = net.parameters()
    missing = [k for k in expected if k not in arrays]
    extra = [k for k in arrays if k not in expected]
    if missing or extra:
        raise _fail(where, "the weights do not match the architecture: "
                    f"missing {missing or 'none'}, unexpected {extra or 'none'}")
    for key, view in expected.items():
        arr = arrays[key]
        if arr.dtype != np.float64 or arr.shape != view.shape:
            raise _fail(where, f"parameter {key!r} has dtype {arr.dtype} and shape {arr.shape}; "
                        f"the architecture needs float64 of shape {view.shape}")
        if not np.all(np.isfinite(arr)):
            raise _fail(where, f"parameter {key!r} holds NaN or inf")
        view[...] = arr


def _check_learned(where: str, net: Network) -> None:
    """Learned activation parameters (PReLU's slope, swish's beta) must be valid ones."""
    params = net.parameters()
    for i, layer in enumerate(net.layers):
        fixed = layer.config().get("activation_params", {})
        for p in layer.learnable:
            value = float(params[f"{i}.{p}"][0])
            lo, hi = PARAM_BOUNDS.get((layer.activation_name, p), (-np.inf, np.inf))
            try:
                if not lo <= value <= hi:
                    raise ValueError(f"must be in [{lo}, {hi}]")
                activation(layer.activation_name, **{**fixed, p: value})
            except (NeuronkitError, ValueError) as exc:
                raise _fail(where, f"layer {i}: learned {p}={value!r} is invalid: {exc}") \
                    from None


hooks.provide("save", save)  # Network.save and Network.load (see neuronkit.hooks)
hooks.provide("load", load)
