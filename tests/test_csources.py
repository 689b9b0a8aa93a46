"""The C sources of the compiled kernels compile without a single warning.

Every ``.c`` file under ``src/neuronkit`` (and so every header they include, for each
instruction set) is compiled to an object file with ``gcc -Wall -Wextra -Werror`` and
setup.py's optimization flags.  At ``-O3``, not with ``-fsyntax-only``: some warnings
(``-Wmaybe-uninitialized``) come only from the optimizer, after inlining.  The files
are compiled side by side, so the test takes about as long as the largest file.
"""

from __future__ import annotations

import shutil
import subprocess
import sysconfig
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parents[1]
SOURCES = sorted((ROOT / "src" / "neuronkit").glob("*.c"))
# setup.py's extra_compile_args (test_setup_uses_these_flags keeps the two in step)
BUILD_FLAGS = ["-O3", "-fno-math-errno", "-fno-trapping-math", "-ffp-contract=off"]
WARNING_FLAGS = ["-Wall", "-Wextra", "-Werror"]
GCC = shutil.which("gcc")
PYTHON_INCLUDE = sysconfig.get_paths()["include"]

pytestmark = [
    pytest.mark.skipif(GCC is None, reason="gcc is not installed: the C sources are not checked"),
    pytest.mark.skipif(not (Path(PYTHON_INCLUDE) / "Python.h").exists(),
                       reason="Python's C headers are not installed (Python.h)"),
]


def test_setup_uses_these_flags():
    text = (ROOT / "setup.py").read_text()
    for flag in BUILD_FLAGS:
        assert f'"{flag}"' in text, f"setup.py no longer builds with {flag}"


def _compile(source: Path, out_dir: Path) -> subprocess.CompletedProcess:
    cmd = [GCC, *WARNING_FLAGS, *BUILD_FLAGS, "-fPIC", "-I", PYTHON_INCLUDE,
           "-I", np.get_include(), "-c", str(source), "-o", str(out_dir / f"{source.stem}.o")]
    return subprocess.run(cmd, capture_output=True, text=True, check=False)


def test_c_sources_compile_without_warnings(tmp_path):
    assert SOURCES, "no C sources found"
    with ThreadPoolExecutor(max_workers=len(SOURCES)) as pool:
        results = list(pool.map(lambda source: _compile(source, tmp_path), SOURCES))
    problems = {source.name: result.stderr.strip() or f"exit status {result.returncode}"
                for source, result in zip(SOURCES, results, strict=True)
                if result.returncode != 0 or result.stderr.strip()}
    assert not problems, "\n\n".join(f"{name}:\n{text}" for name, text in problems.items())
