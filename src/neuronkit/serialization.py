"""Save and load networks: one file with the architecture (JSON) and the weights (npz).

The file is a zip archive as written by :func:`numpy.savez`: an entry
``__neuronkit__`` holds the architecture as UTF-8 JSON bytes (format name, format
version, layers, loss, dtype), and one array per parameter in the network's dtype
(float64, or float32 for a network of ``dtype="float32"``), named as
:meth:`Network.parameters <neuronkit.Network.parameters>` names them.  A file without
a dtype (written before neuronkit had float32 networks) is float64.  Its entries are
stored, not compressed.  A saved network loads to one that predicts bit-identically.

Loading a file from someone else is safe: it never executes code from the file (no
pickles; layers are built only from the names of the catalogue), and it allocates
nothing beyond the file's own size before the file has been checked.  In order: the
archive's directory (at most :data:`MAX_ENTRIES` entries, each stored uncompressed,
no name twice, the declared sizes within the file); the architecture entry (at most
:data:`MAX_JSON_BYTES` of JSON nested at most :data:`MAX_JSON_DEPTH` deep; format and
version; at most :data:`MAX_LAYERS` layers, widths up to :data:`MAX_WIDTH`, maxout
pieces up to :data:`MAX_PIECES`, at most :data:`MAX_PARAMETERS` parameters, and no more
than the file can hold at 8 or 4 bytes each); then every entry's npy header (name,
dtype, shape and size against the architecture), and only then the arrays, each checked to be
finite.  Any problem is a :class:`~neuronkit.errors.ModelFileError` that says what is
wrong.  The limits are module attributes, read at each load: for a larger network from
a source you trust, raise them (``neuronkit.serialization.MAX_LAYERS = 5000``).

:func:`save` to a file name is atomic (a temporary file in the same folder, renamed
over the target); an existing file keeps its permission bits (a read-only one is not
replaced), a new one gets those that :func:`open` would give it (``0o666`` less the
umask), and a symbolic link is written through: the link stays, its target gets the
new contents.

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
>>> buf = io.BytesIO(); _ = save(net.astype("float32"), buf); _ = buf.seek(0)
>>> load(buf).dtype
dtype('float32')
"""

from __future__ import annotations

import contextlib
import errno
import io
import json
import math
import os
import re
import secrets
import stat
import struct
import zipfile
import zlib
from fractions import Fraction
from pathlib import Path
from typing import Any

import numpy as np

from . import hooks
from .activations import EXACT_DIGITS, activation
from .errors import ModelFileError, NeuronkitError
from .layers import DTYPES, Dense, Maxout
from .losses import LOSSES
from .network import Network

__all__ = ["FORMAT", "FORMAT_VERSION", "MAX_ENTRIES", "MAX_JSON_BYTES", "MAX_JSON_DEPTH",
           "MAX_LAYERS", "MAX_WIDTH", "MAX_PIECES", "MAX_PARAMETERS", "save", "load"]

FORMAT = "neuronkit.network"
FORMAT_VERSION = 1
_META = "__neuronkit__"

MAX_ENTRIES = 4_096
"""Most entries a model file's archive may hold (one per parameter array, at most 3 per
layer, and one more)."""
MAX_JSON_BYTES = 1 << 18
"""Most bytes of architecture JSON (a layer takes at most about 200)."""
MAX_JSON_DEPTH = 8
"""Deepest nesting of the architecture JSON (it needs 4)."""
MAX_LAYERS = 1_000
"""Most layers a model file may declare."""
MAX_WIDTH = 1 << 20
"""Largest ``in_features`` or ``out_features`` of a layer in a model file."""
MAX_PIECES = 1 << 10
"""Most pieces of a maxout layer in a model file."""
MAX_PARAMETERS = 1 << 31
"""Most parameters a model file may declare (16 GiB of float64); it must also hold them."""
_MAX_NPY_HEADER = 4096  # numpy writes 64..128 bytes for these arrays

# what the zip and npy readers raise for broken input; all become a ModelFileError
_READ_ERRORS = (OSError, ValueError, EOFError, zipfile.BadZipFile, KeyError, TypeError,
                RuntimeError, zlib.error, struct.error, OverflowError, NotImplementedError,
                UnicodeDecodeError, IndexError)


# -- saving -------------------------------------------------------------------------------

_FRACTION = re.compile(rf"-?[0-9]{{1,{EXACT_DIGITS}}}/[0-9]{{1,{EXACT_DIGITS}}}")


def _fraction_text(value: Any) -> str:
    """An exact parameter (a :class:`~fractions.Fraction`) in the file: ``"1/6"``."""
    if isinstance(value, Fraction):
        return f"{value.numerator}/{value.denominator}"
    raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")


def _fraction_value(value: Any) -> Any:
    """A parameter read from a file: ``"1/6"`` as ``Fraction(1, 6)``, the rest as is."""
    if isinstance(value, str) and _FRACTION.fullmatch(value):
        return Fraction(value)
    return value


def save(net: Network, path) -> Any:
    """Write *net* to *path* (a file name or a writable binary file object); return *path*.

    A file name is written exactly as given (no suffix is added), atomically: a
    temporary file in the same folder is renamed over it, so a reader sees the old file
    or the new one, never a part.  The conventional suffix is ``.nk``.  An existing file
    keeps its permission bits (not its owner: it is a new file), and one that is not
    writable is not replaced (:class:`PermissionError`, as :func:`open` raises); a new
    file gets ``0o666`` less the umask, as :func:`open` gives.  A symbolic link is
    written through: it stays a link and its target (created if missing) gets the new
    contents.  A file with other hard links becomes a separate file (the other names
    keep the old contents).
    """
    if not isinstance(net, Network):
        raise TypeError(f"save expects a Network, got {type(net).__name__}")
    meta = {"format": FORMAT, "version": FORMAT_VERSION, "neuronkit": _package_version(),
            **net.config()}
    text = json.dumps(meta, default=_fraction_text)
    arrays = {_META: np.frombuffer(text.encode("utf-8"), dtype=np.uint8)}
    arrays.update({k: np.ascontiguousarray(v) for k, v in net.parameters().items()})
    if hasattr(path, "write"):
        np.savez(path, **arrays)
        return path
    path = Path(path)
    _write_atomically(path, lambda f: np.savez(f, **arrays))
    return path


def _write_atomically(path: Path, write) -> None:
    """Call ``write(f)`` on a new file in *path*'s folder, then rename it over *path*."""
    target = Path(os.path.realpath(path))  # through symbolic links, as open() goes
    try:
        mode: int | None = stat.S_IMODE(os.stat(target).st_mode) & 0o777  # not setuid
    except FileNotFoundError:
        mode = None
    if mode is not None and not os.access(target, os.W_OK):
        raise PermissionError(errno.EACCES, "not writable: save does not replace a read-only "
                              "file (open() would refuse it too)", str(path))
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    while True:
        tmp = target.with_name(f".{target.name[:200]}.{secrets.token_hex(4)}.tmp")
        try:
            # the umask applies, so the new file is never more open than the old one
            fd = os.open(tmp, flags, 0o666 if mode is None else mode)
            break
        except FileExistsError:  # pragma: no cover - a name taken by chance
            continue
    try:
        with os.fdopen(fd, "wb") as f:
            write(f)
            f.flush()
            os.fsync(f.fileno())
        if mode is not None:
            os.chmod(tmp, mode)  # exactly the old bits, whatever the umask
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def _package_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("neuronkit")
    except PackageNotFoundError:  # pragma: no cover - running from a source tree
        return "unknown"


# -- loading ------------------------------------------------------------------------------

def _fail(where: str, what: str) -> ModelFileError:
    return ModelFileError(f"{where}: {what}")


def load(path) -> Network:
    """Read a network written by :func:`save` from a file name or a binary file object.

    Every size the file declares is checked against the file's size and the limits of
    this module (:data:`MAX_LAYERS`, ...) before anything of that size is read, so a
    crafted file is refused at once, whatever it declares.

    Raises
    ------
    ModelFileError
        If the file is missing, truncated, corrupted, of another format or version, or
        its contents do not match its architecture, or exceed the limits.
    """
    where = repr(str(path)) if not hasattr(path, "read") else "model file"
    with _opened(path, where) as f:
        try:
            return _load(f, where)
        except ModelFileError:
            raise
        except _READ_ERRORS as exc:
            raise _fail(where, "not a readable neuronkit model file (truncated or "
                        f"corrupted?): {type(exc).__name__}: {exc}") from None


@contextlib.contextmanager
def _opened(path, where: str):
    if hasattr(path, "read"):
        yield path
        return
    try:
        f = open(path, "rb")  # noqa: SIM115 - closed below
    except FileNotFoundError:
        raise _fail(where, "no such file") from None
    except OSError as exc:
        raise _fail(where, f"cannot be read: {exc}") from None
    with f:
        yield f


def _load(f, where: str) -> Network:
    start = f.tell()
    size = f.seek(0, io.SEEK_END) - start
    f.seek(start)
    _check_directory(where, f, start, size)
    f.seek(start)
    zf = zipfile.ZipFile(f)
    with zf:
        entries = _entries(where, zf, size)
        meta = _read_meta(where, zf, entries)
        _check_format(where, meta)
        _check_dtype(where, meta)
        _check_architecture(where, meta, size)
        net = _build(where, meta)
        _fill(where, net, zf, entries)
    _check_learned(where, net)
    return net


def _check_directory(where: str, f, start: int, size: int) -> None:
    """The archive's end record, found as :mod:`zipfile` finds it: the number of entries
    and the size of the directory it declares, checked before the directory is read."""
    tail_len = min(size, 22 + (1 << 16))
    f.seek(start + size - tail_len)
    tail = f.read(tail_len)
    at = len(tail) - 22 if tail[-22:-18] == b"PK\x05\x06" and tail[-2:] == b"\0\0" \
        else tail.rfind(b"PK\x05\x06")
    if at < 0 or len(tail) - at < 22:
        raise _fail(where, "not a neuronkit model file (not a zip archive)")
    count, cd_size = struct.unpack("<10xHL", tail[at:at + 16])
    end_record = size - tail_len + at
    if end_record >= 76:  # a zip64 end record and its locator, just before, replace it
        f.seek(start + end_record - 76)
        zip64 = f.read(76)
        if zip64[56:60] == b"PK\x06\x07" and zip64[:4] == b"PK\x06\x06":
            count, cd_size = struct.unpack("<32xQQ", zip64[:48])
    if count > MAX_ENTRIES:
        raise _fail(where, f"the archive has {count} entries; a model file has one per "
                    f"parameter array and one more (at most {MAX_ENTRIES})")
    if cd_size > 128 * max(count, 1):
        raise _fail(where, f"the archive's directory of {count} entries has {cd_size} "
                    "bytes; a model file needs at most 128 per entry")


def _entries(where: str, zf: zipfile.ZipFile, size: int) -> dict[str, zipfile.ZipInfo]:
    """The archive's entries by name, their declared sizes checked against the file's."""
    infos = zf.infolist()
    if len(infos) > MAX_ENTRIES:
        raise _fail(where, f"the archive has {len(infos)} entries; a model file has one per "
                    f"parameter array and one more (at most {MAX_ENTRIES})")
    entries: dict[str, zipfile.ZipInfo] = {}
    total = 0
    for info in infos:
        name = info.filename
        if name in entries:
            raise _fail(where, f"the entry {name!r} appears twice in the archive")
        if info.compress_type != zipfile.ZIP_STORED:
            raise _fail(where, f"the entry {name!r} is compressed (method "
                        f"{info.compress_type}); model files store their arrays "
                        "uncompressed, as numpy.savez writes them, so that no entry can "
                        "expand beyond the file's size")
        if info.flag_bits & 0x1:
            raise _fail(where, f"the entry {name!r} is encrypted")
        if info.file_size != info.compress_size or \
                info.header_offset + info.compress_size > size:
            raise _fail(where, f"the entry {name!r} declares {info.file_size} bytes, more "
                        f"than the file of {size} bytes holds (truncated or corrupted?)")
        total += info.file_size
        entries[name] = info
    if total > size:
        raise _fail(where, f"the entries declare {total} bytes in all, more than the file's "
                    f"{size} bytes (overlapping entries?)")
    if _META + ".npy" not in entries:
        names = ", ".join(n.removesuffix(".npy") for n in list(entries)[:8])
        raise _fail(where, f"not a neuronkit model file (no architecture entry {_META!r}; "
                    f"entries: {names or 'none'})")
    return entries


def _npy_header(where: str, stream, info: zipfile.ZipInfo, what: str):
    """Read an npy header from *stream*: ``(dtype, shape, fortran_order, header_bytes)``,
    its declared size checked against the entry's."""
    prefix = stream.read(8)
    if len(prefix) < 8 or prefix[:6] != b"\x93NUMPY" or prefix[6] not in (1, 2):
        raise _fail(where, f"{what} is not an npy array (version 1 or 2)")
    length = stream.read(2 if prefix[6] == 1 else 4)
    n = int.from_bytes(length, "little")
    if n > _MAX_NPY_HEADER:
        raise _fail(where, f"{what} has an npy header of {n} bytes (at most "
                    f"{_MAX_NPY_HEADER})")
    buf = io.BytesIO(prefix + length + stream.read(n))
    try:
        np.lib.format.read_magic(buf)
        read = np.lib.format.read_array_header_1_0 if prefix[6] == 1 else \
            np.lib.format.read_array_header_2_0
        shape, fortran, dtype = read(buf, max_header_size=_MAX_NPY_HEADER)
    except (ValueError, SyntaxError, RecursionError, TypeError) as exc:
        raise _fail(where, f"{what} has an unreadable npy header: {exc}") from None
    if dtype.hasobject:
        raise _fail(where, f"{what} has dtype object (pickled Python objects, which "
                    "neuronkit never loads)")
    if any(not isinstance(d, int) or d < 0 for d in shape):
        raise _fail(where, f"{what} declares an invalid shape {shape}")
    nbytes = math.prod(shape) * dtype.itemsize
    held = info.file_size - buf.tell()
    if held != nbytes:
        more = f"{held - nbytes} bytes more" if held > nbytes else f"{nbytes - held} bytes less"
        raise _fail(where, f"{what} declares shape {shape} of {dtype} ({nbytes} bytes) but "
                    f"holds {more}")
    return dtype, shape, fortran, buf.tell()


def _npy_data(stream, dtype: np.dtype, shape: tuple, fortran: bool) -> np.ndarray:
    """The array after an npy header (its size already checked against the entry's)."""
    nbytes = math.prod(shape) * dtype.itemsize
    data = stream.read(nbytes)  # the entry's CRC is checked on reaching its end
    if len(data) != nbytes:
        raise EOFError(f"{nbytes - len(data)} bytes missing")
    return np.frombuffer(data, dtype=dtype).reshape(shape, order="F" if fortran else "C")


def _read_meta(where: str, zf: zipfile.ZipFile, entries) -> dict:
    info = entries[_META + ".npy"]
    what = "the architecture entry"
    if info.file_size > MAX_JSON_BYTES + _MAX_NPY_HEADER:
        raise _fail(where, f"{what} has {info.file_size} bytes; at most {MAX_JSON_BYTES} "
                    "bytes of JSON are allowed")
    with zf.open(info) as stream:
        dtype, shape, fortran, _ = _npy_header(where, stream, info, what)
        if dtype != np.uint8 or len(shape) != 1:
            raise _fail(where, f"{what} is not JSON bytes (dtype {dtype}, shape {shape})")
        raw = _npy_data(stream, dtype, shape, fortran).tobytes()
    depth = _json_depth(raw)
    if depth > MAX_JSON_DEPTH:
        raise _fail(where, f"{what} is nested {depth} levels deep (at most {MAX_JSON_DEPTH})")
    try:
        meta = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise _fail(where, f"{what} is not valid JSON: {exc}") from None
    if not isinstance(meta, dict):
        raise _fail(where, f"{what} is not a JSON object")
    return meta


def _json_depth(raw: bytes) -> int:
    """The deepest nesting of brackets in JSON text *raw*, outside strings, counted
    without recursion (exact for valid JSON, and for the valid part of invalid JSON,
    which is all that a parser reads before it fails)."""
    text = raw.replace(b"\\\\", b"").replace(b'\\"', b"")  # escapes: strings end at '"'
    text = re.sub(rb'"[^"]*"', b"", text)  # linear: no nested repetition
    brackets = np.frombuffer(text.translate(_BRACKETS, _NOT_BRACKETS), dtype=np.uint8)
    if brackets.size == 0:
        return 0
    steps = np.where(brackets == ord("["), np.int32(1), np.int32(-1))
    return int(np.cumsum(steps, dtype=np.int32).max())


_BRACKETS = bytes.maketrans(b"{}", b"[]")
_NOT_BRACKETS = bytes(c for c in range(256) if c not in b"[]{}")


def _field(where: str, d: dict, key: str, kind: type, what: str):
    if key not in d:
        raise _fail(where, f"{what} lacks the key {key!r}")
    value = d[key]
    if kind is int and (isinstance(value, bool) or not isinstance(value, int) or value < 1):
        raise _fail(where, f"{what}: {key} must be an integer >= 1, got {value!r}")
    if kind is not int and not isinstance(value, kind):
        raise _fail(where, f"{what}: {key} must be a {kind.__name__}, got {value!r}")
    return value


def _layer_size(where: str, i: int, cfg) -> int:
    """The number of parameters layer *i* declares, its fields checked against the caps."""
    what = f"layer {i}"
    if not isinstance(cfg, dict):
        raise _fail(where, f"{what} is not a JSON object")
    kind = cfg.get("type")
    if kind not in ("dense", "maxout"):
        raise _fail(where, f"{what} has unknown type {kind!r}; known: dense, maxout")
    n_in = _field(where, cfg, "in_features", int, what)
    n_out = _field(where, cfg, "out_features", int, what)
    for key, value, cap in (("in_features", n_in, MAX_WIDTH), ("out_features", n_out,
                                                                MAX_WIDTH)):
        if value > cap:
            raise _fail(where, f"{what}: {key} is {value}; at most {cap} is allowed")
    if kind == "maxout":
        pieces = _field(where, cfg, "pieces", int, what)
        if pieces > MAX_PIECES:
            raise _fail(where, f"{what}: pieces is {pieces}; at most {MAX_PIECES} is allowed")
        return (n_in + 1) * n_out * pieces
    learn = _field(where, cfg, "learn_activation", list, what)
    if not all(isinstance(p, str) for p in learn) or len(set(learn)) != len(learn):
        raise _fail(where, f"{what}: learn_activation must list distinct parameter names")
    params = _field(where, cfg, "activation_params", dict, what)
    if not all(isinstance(v, (str, int, float, bool)) or v is None for v in params.values()):
        raise _fail(where, f"{what}: activation_params must map names to numbers or strings")
    return (n_in + 1) * n_out + len(learn)


def _check_architecture(where: str, meta: dict, size: int) -> None:
    """The layers' fields, their sizes and how they connect, before anything is built."""
    layers_cfg = meta.get("layers")
    if not isinstance(layers_cfg, list) or not layers_cfg:
        raise _fail(where, "the architecture has no list of layers")
    if len(layers_cfg) > MAX_LAYERS:
        raise _fail(where, f"the architecture has {len(layers_cfg)} layers; at most "
                    f"{MAX_LAYERS} are allowed")
    sizes = [_layer_size(where, i, cfg) for i, cfg in enumerate(layers_cfg)]
    for i in range(1, len(layers_cfg)):
        n_in, n_prev = layers_cfg[i]["in_features"], layers_cfg[i - 1]["out_features"]
        if n_in != n_prev:
            raise _fail(where, f"inconsistent architecture: layer {i} takes {n_in} inputs "
                        f"but layer {i - 1} gives {n_prev}")
    total = sum(sizes)
    itemsize = np.dtype(meta.get("dtype", "float64")).itemsize
    big = max(range(len(sizes)), key=sizes.__getitem__)
    cfg = layers_cfg[big]
    largest = (f"the largest, layer {big}, is {cfg['type']} {cfg['in_features']} -> "
               f"{cfg['out_features']} with {sizes[big]}")
    if total > MAX_PARAMETERS:
        raise _fail(where, f"the architecture declares {total} parameters, more than the "
                    f"{MAX_PARAMETERS} allowed ({largest})")
    if itemsize * total > size:
        raise _fail(where, f"the architecture declares {total} parameters ({itemsize * total} "
                    f"bytes of {meta.get('dtype', 'float64')}) but the file has only {size} "
                    f"bytes ({largest})")


def _layer(where: str, i: int, cfg: dict) -> Dense | Maxout:
    what = f"layer {i}"
    n_in, n_out = cfg["in_features"], cfg["out_features"]
    if cfg["type"] == "dense":
        name = _field(where, cfg, "activation", str, what)
    try:
        if cfg["type"] == "maxout":
            return Maxout(n_in, n_out, cfg["pieces"], init="zeros")
        act = name if name == "softmax" else activation(
            name, **{k: _fraction_value(v) for k, v in cfg["activation_params"].items()})
        return Dense(n_in, n_out, act, init="zeros",
                     learn_activation=tuple(cfg["learn_activation"]))
    except (NeuronkitError, TypeError, ValueError, ArithmeticError) as exc:
        raise _fail(where, f"{what}: {exc}") from None


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


def _check_dtype(where: str, meta: dict) -> None:
    """The architecture's dtype: "float64" (also when absent) or "float32"."""
    dtype = meta.get("dtype", "float64")
    if dtype not in DTYPES:
        raise _fail(where, f"dtype is {dtype!r}; a model file is 'float32' or 'float64'")


def _build(where: str, meta: dict) -> Network:
    """The network the architecture describes (already checked), its weights all zero."""
    loss = meta.get("loss")
    if loss is not None and (not isinstance(loss, str) or loss not in LOSSES):
        raise _fail(where, f"unknown loss {loss!r}; known: {', '.join(sorted(LOSSES))}")
    layers = [_layer(where, i, cfg) for i, cfg in enumerate(meta["layers"])]
    try:
        return Network(layers, loss=loss, dtype=meta.get("dtype", "float64"))
    except NeuronkitError as exc:
        raise _fail(where, f"inconsistent architecture: {exc}") from None


def _fill(where: str, net: Network, zf: zipfile.ZipFile, entries) -> None:
    """Copy the weights into *net*: first every entry's name and header checked against
    the architecture, then the arrays read, each checked to be finite."""
    expected = net.parameters()
    missing = [k for k in expected if k + ".npy" not in entries]
    # named as numpy.load names them: without ".npy" (and as they are where it is missing)
    extra = [n.removesuffix(".npy") for n in entries
             if n != _META + ".npy" and (not n.endswith(".npy") or n[:-4] not in expected)]
    if missing or extra:
        raise _fail(where, "the weights do not match the architecture: "
                    f"missing {missing or 'none'}, unexpected {extra[:20] or 'none'}")
    headers = {}
    for key, view in expected.items():
        info = entries[key + ".npy"]
        with zf.open(info) as stream:
            headers[key] = _npy_header(where, stream, info, f"parameter {key!r}")
        dtype, shape = headers[key][:2]
        if dtype.kind != "f" or dtype.itemsize != view.dtype.itemsize or shape != view.shape:
            raise _fail(where, f"parameter {key!r} has dtype {dtype} and shape {shape}; "
                        f"the architecture needs {view.dtype} of shape {view.shape}")
    for key, view in expected.items():
        dtype, shape, fortran, header_bytes = headers[key]
        with zf.open(entries[key + ".npy"]) as stream:
            stream.read(header_bytes)
            arr = _npy_data(stream, dtype, shape, fortran)
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
            lo, hi = layer.learned_bounds(p)
            try:
                if not lo <= value <= hi:
                    raise ValueError(f"must be in [{lo}, {hi}]")
                activation(layer.activation_name, **{**fixed, p: value})
            except (NeuronkitError, ValueError) as exc:
                raise _fail(where, f"layer {i}: learned {p}={value!r} is invalid: {exc}") \
                    from None


hooks.provide("save", save)  # Network.save and Network.load (see neuronkit.hooks)
hooks.provide("load", load)
