"""Run ``neuronkit tour`` once per test session (through the CLI's main) and share it."""

from __future__ import annotations

import atexit
import contextlib
import functools
import io
import shutil
import tempfile
import time
from pathlib import Path


@functools.lru_cache(maxsize=2)
def cli_tour(lang: str = "en") -> tuple[int, str, Path, float]:
    """(exit status, printed text, report folder, wall seconds) of ``neuronkit tour -o DIR``.

    The language is given (``--lang``), so that the tests do not depend on the locale.
    """
    from neuronkit import cli

    base = Path(tempfile.mkdtemp(prefix="neuronkit-tour-"))
    atexit.register(shutil.rmtree, base, True)
    out = base / "report"
    buf = io.StringIO()
    t0 = time.perf_counter()
    with contextlib.redirect_stdout(buf):
        rc = cli.main(["tour", "-o", str(out), "--lang", lang])
    return rc, buf.getvalue(), out, time.perf_counter() - t0


def png_size(path: Path) -> tuple[int, int]:
    """(width, height) read from the PNG header."""
    head = Path(path).read_bytes()[:24]
    assert head[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG"
    return int.from_bytes(head[16:20], "big"), int.from_bytes(head[20:24], "big")


def grid_size(n: int, ncols: int = 4) -> tuple[int, int]:
    """(width, height) of the grid of n activation panels: 640 x 520 px each (3.2 x 2.6
    inches at 200 dpi), 4 a row."""
    return 640 * ncols, 520 * -(-n // ncols)
