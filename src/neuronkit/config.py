"""What this installation of neuronkit runs on: :func:`show_config`.

The compiled kernels, the instruction set their loops use, the thread count, the
output-buffer cache, the versions of Python, NumPy and SciPy, and which optional
array libraries (PyTorch, JAX, CuPy, Dask, xarray, pandas, the array-API helpers) can
be imported.  The optional libraries are looked up without being imported, so the
call is quick and ``import neuronkit`` stays light.

:func:`show_config` is a display function, like :func:`numpy.show_config`: it writes
the text to the stream it is given (standard output by default, nothing with
``file=None``) and returns the same facts as a dict, which bug reports and the
command ``neuronkit config --json`` use.
"""

from __future__ import annotations

import importlib.metadata
import importlib.util
import platform
import sys
from typing import Any, TextIO

import numpy as np

from . import _compiled
from ._settings import get_buffer_cache, get_num_threads
from ._version import __version__

__all__ = ["show_config", "config_info", "format_config", "ARRAY_LIBRARIES"]

ARRAY_LIBRARIES = {
    "torch": "torch", "jax": "jax", "cupy": "cupy", "dask": "dask",
    "distributed": "distributed", "xarray": "xarray", "pandas": "pandas",
    "array_api_compat": "array-api-compat", "array_api_strict": "array-api-strict",
}
"""The optional array libraries neuronkit works with: import name -> distribution name."""

_DEFAULT = object()


def _version_of(module: str, distribution: str) -> str | None:
    """The installed version of *distribution*, or ``None`` if *module* cannot be found."""
    try:
        if importlib.util.find_spec(module) is None:
            return None
    except (ImportError, ValueError):  # a broken package, or one half-imported
        return None
    try:
        return importlib.metadata.version(distribution)
    except importlib.metadata.PackageNotFoundError:  # e.g. cupy-cuda12x
        return "version unknown"


def config_info() -> dict[str, Any]:
    """The facts :func:`show_config` shows, as a dict (see there)."""
    try:
        import scipy

        scipy_version = scipy.__version__
    except ImportError:  # pragma: no cover - scipy is a dependency
        scipy_version = None
    cache = get_buffer_cache()
    return {
        "neuronkit": __version__,
        "compiled": bool(_compiled.kernel_names()),
        "compiled_in_use": _compiled.available(),
        "instruction_set": _compiled.instruction_set(),
        "threads": get_num_threads(),
        "buffer_cache": {"limit": cache.limit, "held": cache.held, "buffers": cache.buffers},
        "python": platform.python_version(),
        "platform": f"{platform.system()} {platform.machine()}",
        "numpy": np.__version__,
        "scipy": scipy_version,
        "array_libraries": {name: _version_of(name, dist)
                            for name, dist in ARRAY_LIBRARIES.items()},
    }


def _mib(n: int) -> str:
    return f"{n / 2**20:g} MiB"


def format_config(info: dict[str, Any]) -> str:
    """The text :func:`show_config` writes for *info* (a dict from :func:`config_info`)."""
    if info["compiled_in_use"]:
        kernels = f"compiled, {info['instruction_set']} loops"
    elif info["compiled"]:
        kernels = "compiled but switched off (NEURONKIT_PURE=1 or set_enabled(False)): NumPy"
    else:
        kernels = "NumPy (the compiled extension was not built)"
    cache = info["buffer_cache"]
    found = [f"{k} {v}" for k, v in info["array_libraries"].items() if v is not None]
    missing = [k for k, v in info["array_libraries"].items() if v is None]
    lines = [
        f"neuronkit {info['neuronkit']}",
        f"  kernels:        {kernels}",
        f"  threads:        {info['threads']}",
        f"  buffer cache:   limit {_mib(cache['limit'])}, holding {_mib(cache['held'])} "
        f"in {cache['buffers']} buffers",
        f"  python:         {info['python']} on {info['platform']}",
        f"  numpy, scipy:   {info['numpy']}, {info['scipy']}",
        f"  array libraries found: {', '.join(found) or 'none'}",
        f"  not found:      {', '.join(missing) or 'none'}",
    ]
    return "\n".join(lines) + "\n"


def show_config(file: TextIO | None = _DEFAULT) -> dict[str, Any]:  # type: ignore[assignment]
    """Show what this installation runs on, and return it as a dict.

    Parameters
    ----------
    file : text stream or None, optional
        Where to write the text (default: standard output); ``None`` writes nothing.

    Returns
    -------
    dict
        ``neuronkit`` (version), ``compiled`` (whether the extension was built),
        ``compiled_in_use``, ``instruction_set`` ("avx512", "avx2", "portable", or
        ``None`` without the compiled kernels), ``threads``, ``buffer_cache`` (``limit``,
        ``held`` in bytes and ``buffers``), ``python``, ``platform``, ``numpy``,
        ``scipy``, and ``array_libraries``: each optional array library's version, or
        ``None`` where it cannot be imported.

    Examples
    --------
    >>> import io
    >>> import neuronkit as nk
    >>> info = nk.show_config(file=None)
    >>> info["neuronkit"] == nk.__version__, isinstance(info["compiled"], bool)
    (True, True)
    >>> sorted(info["array_libraries"])[:3]
    ['array_api_compat', 'array_api_strict', 'cupy']
    >>> text = io.StringIO(); _ = nk.show_config(file=text)
    >>> text.getvalue().splitlines()[0] == f"neuronkit {nk.__version__}"
    True
    """
    info = config_info()
    if file is _DEFAULT:
        file = sys.stdout
    if file is not None:
        file.write(format_config(info))
    return info
